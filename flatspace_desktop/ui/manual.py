"""The built-in manual (F1): the Markdown shipped in resources/manual.md, shown in the window."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from ..domain.resources import resource_path


class ManualDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Flatspace manual")
        self.text = QTextBrowser(objectName="manual", openExternalLinks=False)
        try:
            self.text.setMarkdown(resource_path("manual.md").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            self.text.setPlainText(f"The manual is missing from this installation ({exc}).")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 680)
