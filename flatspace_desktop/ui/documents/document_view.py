"""A document: its Markdown beside a live preview. HTML in the body is shown as text, never
run; links open in the system browser; images named after the Space's files are shown from
its filestore. Edits are saved as you type (after a pause) and undo with Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QImage, QTextDocument
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from ...domain.documents import export_config, read_markdown
from ...domain.errors import EditConflict, FlatspaceError
from ..actions.action_bar import ActionBar, action_runner
from ..sheet.conflicts import mine_or_theirs
from ...domain.jsonfile import read_json

MARKDOWN = QTextDocument.MarkdownFeature(QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
                                         | QTextDocument.MarkdownFeature.MarkdownNoHTML.value)
SAVE_AFTER_MS = 700


def render(document: QTextDocument, body: str) -> None:
    document.setMarkdown(body, MARKDOWN)


class Preview(QTextBrowser):
    """Images come from the Space's files (by file name); nothing is fetched from the network."""

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._open)

    def _open(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def loadResource(self, kind: int, url: QUrl):
        if kind == QTextDocument.ImageResource:
            name = Path(url.path() or url.toString()).name
            for f in self.fs.open(self.actor, self.space_id).files.list():
                if f["name"] == name:
                    image = QImage(str(self.fs.open(self.actor, self.space_id).files.path(f["id"])))
                    if not image.isNull():
                        return image
            return QImage()
        return None


class DocumentView(QWidget):
    changed = Signal()  # title or existence changed: the sidebar follows
    saved = Signal()

    def __init__(self, fs, actor, space_id: str, doc_id: int, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id, self.doc_id = fs, actor, space_id, doc_id
        doc = fs.open(actor, space_id).documents.get(doc_id)
        self.title = QLineEdit(doc["title"], objectName="doc-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.title.editingFinished.connect(self._save_title)
        self.editor = QPlainTextEdit(objectName="doc-editor")
        self.editor.setFont(QFont("monospace"))
        self.editor.setPlainText(doc["body"])
        self.editor.document().setModified(False)
        self._read = doc["body"]  # the body as last read or saved: another's change since is caught
        self.preview = Preview(fs, actor, space_id)
        self.preview.setObjectName("doc-preview")
        self.state = QLabel("Saved", objectName="doc-state")
        export = QPushButton("Export…", clicked=self._export, objectName="doc-export")
        session = lambda: fs.open(actor, space_id)  # noqa: E731
        self.doc_actions = ActionBar(lambda: lambda: session().jobs.actions(document=doc_id),
                                 action_runner(self.window, session), menu_text=None)  # its actions, as buttons
        self.doc_actions.refresh()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.state)
        top.addWidget(self.doc_actions)
        top.addWidget(export)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        split.setSizes([500, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS, timeout=self.save)
        self.editor.textChanged.connect(self._typed)
        render(self.preview.document(), doc["body"])

    def _typed(self) -> None:
        render(self.preview.document(), self.editor.toPlainText())
        self.state.setText("Editing…")
        self._timer.start()

    def save(self) -> None:
        self._timer.stop()
        body = self.editor.toPlainText()
        if body == self._read:
            self.state.setText("Saved")
            return
        try:
            self.fs.open(self.actor, self.space_id).documents.update(self.doc_id, body=body, expect_body=self._read)
        except EditConflict as exc:
            self.state.setText("Not saved: changed by someone else")
            said = str(exc)
            QTimer.singleShot(0, self, lambda: self._settle(said))
            return
        except FlatspaceError as exc:
            self.state.setText(f"Not saved: {exc}")
            return
        self._read = body
        self.state.setText("Saved")
        self.saved.emit()

    def _settle(self, text: str) -> None:
        """Someone else saved this document since it was read: theirs, or mine over it."""
        theirs = self.fs.open(self.actor, self.space_id).documents.get(self.doc_id)["body"]
        mine = mine_or_theirs(self.window(), text, "Keep theirs: the document shows their text (yours is put on "
                              "the clipboard). Use mine: your text replaces theirs.", "document-conflict")
        self._read = theirs
        if mine:
            self.save()  # over what is there now, and only that: a third change is caught again
            return
        QApplication.clipboard().setText(self.editor.toPlainText())
        self.editor.setPlainText(theirs)  # the timer's save then finds nothing to write
        self._timer.stop()
        self.state.setText("Theirs kept (yours is on the clipboard)")

    def _save_title(self) -> None:
        try:
            self.fs.open(self.actor, self.space_id).documents.update(self.doc_id, title=self.title.text())
        except FlatspaceError as exc:
            QMessageBox.warning(self, "Title", str(exc))
            self.title.setText(self.fs.open(self.actor, self.space_id).documents.get(self.doc_id)["title"])
            return
        self.changed.emit()

    def _export(self) -> None:
        self.save()
        doc = self.fs.open(self.actor, self.space_id).documents.get(self.doc_id)
        path, _ = QFileDialog.getSaveFileName(self, "Export document", f"{doc['title']}.json",
                                              "Flatfile document JSON (*.json);;Markdown (*.md)")
        if not path:
            return
        import json

        try:
            if path.lower().endswith(".md"):
                Path(path).write_text(doc["body"], encoding="utf-8")
            else:
                Path(path).write_text(json.dumps(export_config(doc), indent=2, ensure_ascii=False),
                                      encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Not exported", f"Cannot write {path}: {exc.strerror}")

    def hideEvent(self, event) -> None:
        if self._timer.isActive():
            self.save()  # leaving the page: nothing typed is lost
        super().hideEvent(event)


class DocumentsView(QWidget):
    """The Documents section: what they are, and adding one (new, or imported)."""

    created = Signal(int)

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        from ..space.section_views import EmptyState

        new = QPushButton("New document", objectName="doc-new", clicked=self.new)
        imp = QPushButton("Import…", objectName="doc-import", clicked=self.import_file)
        row = QWidget()
        rl = QHBoxLayout(row)
        rl.addStretch(1)
        rl.addWidget(new)
        rl.addWidget(imp)
        rl.addStretch(1)
        count = len(fs.open(actor, space_id).documents.list())
        hint = ("Markdown pages mounted on this Space: notes for the people who prepare its data. They are "
                "listed in the sidebar in the order they were added." +
                (f" This Space has {count}." if count else ""))
        layout = QVBoxLayout(self)
        layout.addWidget(EmptyState("documents", "Documents", hint, None))
        layout.addWidget(row)
        layout.addStretch(1)

    def new(self) -> None:
        self.created.emit(new_document(self.fs, self.actor, self.space_id))

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a document", "",
                                              "Documents (*.md *.markdown *.json);;All files (*)")
        if not path:
            return
        try:
            if path.lower().endswith(".json"):
                doc = self.fs.open(self.actor, self.space_id).documents.add_config(read_json(path, "document"))
            else:
                title, body = read_markdown(path)
                doc = self.fs.open(self.actor, self.space_id).documents.add(title, body)
        except (FlatspaceError, OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(self, "Not imported", str(exc))
            return
        self.created.emit(doc["id"])


def new_document(fs, actor, space_id: str) -> int:
    return fs.open(actor, space_id).documents.add("Untitled document", "# Untitled document\n\n")["id"]
