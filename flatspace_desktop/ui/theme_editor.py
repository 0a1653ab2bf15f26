"""The theme editor panel: every key of Flatfile's metadata.theme with a colour picker and hex
entry, fonts, a logo, presets, contrast warnings, and Apply / Revert / Reset / Import / Export.
Every change previews live in the window; Apply saves it to the Space."""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import (QColorDialog, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget)

from ..core import theme as T
from ..core.errors import FlatspaceError
from ..core.jsonfile import read_json
from .style import is_dark

SYSTEM_FONT = "(system font)"
SECTIONS = (("Root", "root."), ("Sidebar", "sidebar."), ("Table", "table."))


class ColourField(QWidget):
    changed = Signal(str, str)  # key, "#rrggbb" or ""

    def __init__(self, key: str, parent=None):
        super().__init__(parent)
        self.key = key
        self.swatch = QToolButton(objectName=f"swatch-{key}")
        self.swatch.setToolTip("Choose a colour")
        self.swatch.clicked.connect(self._pick)
        self.hex = QLineEdit(objectName=f"hex-{key}", placeholderText="default")
        self.hex.setMaxLength(7)
        self.hex.setFixedWidth(90)
        self.hex.editingFinished.connect(self._typed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.swatch)
        row.addWidget(self.hex)
        row.addStretch(1)

    def show_value(self, own: str | None, effective: str) -> None:
        self.hex.setText(own or "")
        self.hex.setPlaceholderText(effective)
        pm = QPixmap(18, 18)
        pm.fill(QColor(own or effective))
        self.swatch.setIcon(QIcon(pm))

    def _pick(self) -> None:
        start = QColor(self.hex.text() or self.hex.placeholderText())
        colour = QColorDialog.getColor(start, self, "Choose a colour")
        if colour.isValid():
            self.changed.emit(self.key, colour.name())

    def _typed(self) -> None:
        text = self.hex.text().strip()
        if text and not text.startswith("#"):
            text = "#" + text
        if text and not T.HEX.match(text):
            self.hex.setStyleSheet("color: #dc2626")
            self.hex.setToolTip("A colour is # and 3 or 6 hexadecimal digits, like #4f46e5")
            return
        self.hex.setStyleSheet("")
        self.changed.emit(self.key, text.lower())


class ThemeEditor(QWidget):
    previewed = Signal(dict)  # the working theme: the window shows it at once
    saved = Signal(dict)

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.stored = fs.theme(actor, space_id)
        self.working = copy.deepcopy(self.stored)
        self.fields: dict[str, QWidget] = {}
        body = QWidget()
        form_box = QVBoxLayout(body)
        self.preset = QComboBox(objectName="preset")
        self.preset.addItem("Presets…", None)
        for name in T.PRESETS:
            self.preset.addItem(name, name)
        self.preset.activated.connect(self._preset)
        form_box.addWidget(self.preset)
        families = [SYSTEM_FONT] + sorted(QFontDatabase.families())
        for title, prefix in SECTIONS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            for key in T.KEYS:
                if not key.startswith(prefix):
                    continue
                if key in T.COLOUR_KEYS:
                    w = ColourField(key)
                    w.changed.connect(self.set_value)
                elif key in T.FONT_KEYS:
                    w = QComboBox(objectName=f"font-{key}")
                    w.addItems(families)
                    w.activated.connect(lambda _i, k=key, c=w: self.set_value(
                        k, "" if c.currentText() == SYSTEM_FONT else c.currentText()))
                else:
                    w = QWidget()
                    row = QHBoxLayout(w)
                    row.setContentsMargins(0, 0, 0, 0)
                    self.logo_label = QLabel("none", objectName="logo-state")
                    row.addWidget(self.logo_label, 1)
                    row.addWidget(QPushButton("Choose…", clicked=self._choose_logo, objectName="logo-choose"))
                    row.addWidget(QPushButton("Remove", clicked=lambda: self.set_value(T.LOGO_KEY, ""),
                                              objectName="logo-remove"))
                self.fields[key] = w
                form.addRow(T.LABELS[key] + ":", w)
            form_box.addWidget(group)
        self.warnings = QLabel(objectName="contrast-warnings", wordWrap=True)
        form_box.addWidget(self.warnings)
        form_box.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        self.apply_button = QPushButton("Apply", clicked=self.apply, objectName="theme-apply")
        self.revert_button = QPushButton("Revert", clicked=self.revert, objectName="theme-revert")
        reset = QPushButton("Reset", clicked=self.reset, objectName="theme-reset")
        reset.setToolTip("Back to Flatspace's default look (Apply to keep it)")
        imp = QPushButton("Import…", clicked=self._import, objectName="theme-import")
        exp = QPushButton("Export…", clicked=self._export, objectName="theme-export")
        buttons = QHBoxLayout()
        for b in (self.apply_button, self.revert_button, reset):
            buttons.addWidget(b)
        buttons2 = QHBoxLayout()
        buttons2.addWidget(imp)
        buttons2.addWidget(exp)
        buttons2.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addLayout(buttons2)
        self.refresh()

    # ---- state
    def refresh(self) -> None:
        eff = T.effective(self.working, is_dark())
        for key, w in self.fields.items():
            if isinstance(w, ColourField):
                w.show_value(T.get(self.working, key), T.get(eff, key))
            elif isinstance(w, QComboBox):
                w.setCurrentText(T.get(self.working, key) or SYSTEM_FONT)
        logo = T.get(self.working, T.LOGO_KEY) or ""
        self.logo_label.setText("kept in this Space" if logo.startswith("blob:") else logo or "none")
        warnings = T.contrast_warnings(self.working, is_dark())
        self.warnings.setText("".join(f"<p style='color:#b45309'>⚠ {w}</p>" for w in warnings))
        dirty = self.working != self.stored
        self.apply_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.previewed.emit(self.working)

    def set_value(self, key: str, value: str) -> None:
        self.working = T.put(self.working, key, value)
        self.refresh()

    def apply(self) -> None:
        try:
            self.fs.set_theme(self.actor, self.space_id, self.working)
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Theme not saved", str(exc))
            return
        self.stored = copy.deepcopy(self.working)
        self.refresh()
        self.saved.emit(self.stored)

    def revert(self) -> None:
        self.working = copy.deepcopy(self.stored)
        self.refresh()

    def reset(self) -> None:
        self.working = {}
        self.refresh()

    def _preset(self, index: int) -> None:
        name = self.preset.itemData(index)
        if name:
            logo = T.get(self.working, T.LOGO_KEY)
            self.working = T.put(T.merged(self.working, T.PRESETS[name]), T.LOGO_KEY, logo)
            self.refresh()
        self.preset.setCurrentIndex(0)

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a logo", "", "Images (*.png *.jpg *.jpeg *.svg *.gif *.webp)")
        if path:
            try:
                self.set_value(T.LOGO_KEY, self.fs.store_logo(self.actor, self.space_id, path))
            except FlatspaceError as exc:
                QMessageBox.warning(self, "Logo", str(exc))

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a theme", "", "Theme JSON (*.json);;All files (*)")
        if not path:
            return
        try:
            self.working = T.check(read_json(path, "theme"))
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Theme not imported", str(exc))
            return
        self.refresh()

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the theme", "theme.json", "Theme JSON (*.json)")
        if path:
            try:
                with open(path, "w", encoding="utf-8") as fh:
                    json.dump(self.working, fh, indent=2, ensure_ascii=False)
            except OSError as exc:
                QMessageBox.warning(self, "Theme not exported", f"Cannot write {path}: {exc.strerror}")


