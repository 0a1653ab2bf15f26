"""Files added to the open Space are offered for import one after another: the import
dialog, the import in the background (through the window's task), then the summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from .. import flows
from .import_dialog import ImportDialog


class ImportFlow:
    def __init__(self, window):
        self.window = window
        self.pending: list[int] = []  # added together: offered for import one after another
        self.last_sheet_ref: str | None = None  # the next file is offered for the same sheet

    def add_files(self, paths: list[str] | None = None) -> None:
        """Ctrl+O, or files dropped: copy them into the Space, then offer each for import."""
        w = self.window
        if not w.pane or w.task:
            return
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(w, "Add files to the Space", "", flows.import_filter())
            if not paths:
                return
        w.settings.remember_files([str(p) for p in paths])
        shown = w.pane.current_sheet()
        if shown is not None:  # the files view is shown next; the import is offered for this sheet
            self.last_sheet_ref = shown.handle.sheet_ref
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            uploaded, refused = flows.upload(w, w.fs, w.actor, w.pane.space_id, paths)
        finally:
            QApplication.restoreOverrideCursor()
        w.pane.show_files(select=uploaded[0]["id"] if uploaded else None)
        if refused:
            QMessageBox.warning(w, "Not added", "These were not added; nothing else changed:\n\n"
                                + "\n".join(f"• {r}" for r in refused))
        if uploaded:
            w.status.showMessage(f"Added {len(uploaded)} file{'s' if len(uploaded) != 1 else ''} to the Space", 6000)
            self.offer([f["id"] for f in uploaded])

    def offer(self, file_ids: list[int]) -> None:
        self.pending = list(file_ids)
        self.next()

    def next(self) -> None:
        w = self.window
        if self.pending and w.task is None and w.pane:
            w.import_stored(self.pending.pop(0))

    def import_stored(self, file_id: int) -> None:
        w = self.window
        if not w.pane or w.task:
            return
        current = w.pane.current_sheet()
        dialog = ImportDialog(w.fs, w.actor, w.pane.space_id, file_id, w.pane.info,
                              current.handle.sheet_ref if current else self.last_sheet_ref, w)
        dialog.locale = w.settings.reading_locale() or dialog.locale  # the person's preference, else this computer's
        if w.settings.missing_tokens() is not None:  # read when the review page is shown
            dialog.review.missing_edit.blockSignals(True)
            dialog.review.missing_edit.setText(w.settings.missing_tokens())
            dialog.review.missing_edit.blockSignals(False)
        if dialog.exec() != QDialog.Accepted:
            if self.pending:
                self.next()
            elif self.last_sheet_ref:  # nothing imported after all: back to the sheet it started from
                w.pane.select_key(w.pane.sheet_key(self.last_sheet_ref))
            return
        self.last_sheet_ref = dialog.result_sheet
        task = flows.import_stored(w, w.fs, w.actor, w.pane.space_id, file_id, dialog)
        w.start_task(task, lambda result: self._imported(result, dialog.result_sheet))

    def _imported(self, result: dict, sheet_ref: str) -> None:
        w = self.window  # the import's Changes have re-read the sheet and the tree
        name = w.fs.open(w.actor, w.pane.space_id).records.sheet_def(sheet_ref).name
        show_errors = flows.import_summary_box(w, result, name)
        if w.pane and (show_errors or not self.pending):  # show the sheet the (last) file went into
            w.pane.select_key(w.pane.sheet_key(sheet_ref))
            view = w.pane.current_sheet()
            if view and show_errors:
                view.set_filter("error")
