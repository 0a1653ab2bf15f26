"""The Data menu: the preparation tools on the sheet shown, each change run off the window's
thread as one undoable step (the window's task, with progress and cancel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ...domain.errors import FlatspaceError
from ..tasks import Task
from .recipe_file import listing, open_recipe


class PrepTools(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

        def act(text, slot, keys=None):
            a = QAction(text, window, triggered=lambda _=False: slot())
            if keys:
                a.setShortcut(QKeySequence(keys))
            return a

        self.act_profile = act("Profile column", self.profile, "Ctrl+Shift+P")
        self.act_transform = act("Transform cells…", self.transform, "Ctrl+Shift+X")
        self.act_clusters = act("Cluster and merge values…", self.clusters, "Ctrl+Shift+K")
        self.act_dedupe = act("Remove duplicate records…", self.dedupe)
        self.act_steps = act("Recipe steps…", self.steps)
        self.act_save = act("Save recipe…", self.save_recipe)
        self.act_apply = act("Apply recipe…", self.apply_recipe)
        self.changes = [self.act_transform, self.act_clusters, self.act_dedupe, self.act_apply]
        self.actions = [self.act_profile, *self.changes, self.act_steps, self.act_save]

    def fill(self, menu) -> None:
        for a in (self.act_profile, None, self.act_transform, self.act_clusters, self.act_dedupe, None,
                  self.act_steps, self.act_save, self.act_apply):
            menu.addSeparator() if a is None else menu.addAction(a)
        menu.aboutToShow.connect(self.follow)

    def follow(self) -> None:
        """On where a sheet is shown; the changes where it may be written."""
        view = self.sheet()
        for a in self.actions:
            a.setEnabled(view is not None)
        writable = view is not None and not view.handle.sheet.readonly and not view.handle.actor.read_only
        for a in self.changes:
            a.setEnabled(writable)

    def sheet(self):
        pane = self.window.pane
        return pane.current_sheet() if pane is not None else None

    def _column(self, view) -> str | None:
        index = view.table.currentIndex()
        col = index.column() if index.isValid() else (0 if view.model.fields else -1)
        return view.model.keys[col] if col >= 0 else None

    def _writable_sheet(self):
        """The sheet shown, if the person may change it (else None, and the status bar says why)."""
        view = self.sheet()
        if view is not None and (view.handle.sheet.readonly or view.handle.actor.read_only):
            self.window.status.showMessage(f"{view.handle.sheet.name} is read-only", 6000)
            return None
        return view

    def run(self, title: str, work, done) -> None:
        """`work(session, progress, cancelled)` as the window's task; `done(result)` says what it did."""
        view = self.sheet()
        handle = view.handle
        task = Task(title, lambda progress, cancelled: work(handle.session(), progress, cancelled), self.window)
        self.window.start_task(task, lambda result: self.window.status.showMessage(done(result), 10_000))

    # ---- the tools
    def profile(self) -> None:
        view = self.sheet()
        if view is not None:
            self.window.profile_dock.show_for(view, self._column(view))

    def transform(self, op: str = "trim") -> None:
        from .transform_dialog import TransformDialog

        view = self._writable_sheet()
        if view is None:
            return
        dialog = TransformDialog(view.handle, view.current_view(), view.selected_rids(), self._column(view), op,
                                 self.window)
        if dialog.exec() != QDialog.Accepted:
            return
        try:
            step = dialog.step()
        except FlatspaceError as exc:
            QMessageBox.warning(self.window, "Transform cells", str(exc))
            return
        sheet, where, rids = view.handle.sheet_ref, view.current_view(), dialog.rids()
        self.run(step.describe(), lambda s, p, c: s.prep.transform(sheet, step, where, rids=rids, progress=p,
                                                                    cancelled=c),
                 lambda r: f"{r['label']}: changed {r['cells']:,} cells in {r['records']:,} records")

    def clusters(self) -> None:
        from .cluster_dialog import ClusterDialog

        view = self._writable_sheet()
        if view is None:
            return
        dialog = ClusterDialog(view.handle, view.current_view(), self._column(view), self.window)
        if dialog.exec() != QDialog.Accepted or not dialog.merges():
            return
        sheet, where, field, merges = view.handle.sheet_ref, view.current_view(), dialog.field(), dialog.merges()
        self.run("Merging values", lambda s, p, c: s.prep.merge(sheet, field, merges, where, progress=p, cancelled=c),
                 lambda r: f"{r['label']}: changed {r['cells']:,} cells")

    def dedupe(self) -> None:
        from .dedupe_dialog import DedupeDialog

        view = self._writable_sheet()
        if view is None:
            return
        dialog = DedupeDialog(view.handle, view.current_view(), self._column(view), self.window)
        if dialog.exec() != QDialog.Accepted:
            return
        sheet, where, (keys, match, keep) = view.handle.sheet_ref, view.current_view(), dialog.choice()
        self.run("Removing duplicates", lambda s, p, c: s.prep.dedupe(sheet, keys, match, keep, where, progress=p,
                                                                      cancelled=c),
                 lambda r: f"Removed {r.get('removed', 0):,} duplicate records, filled {r.get('updated', 0):,}")

    def steps(self) -> None:
        from .recipe_dialog import RecipeDialog

        view = self.sheet()
        if view is not None:
            RecipeDialog(view.handle, self.window).exec()

    def save_recipe(self) -> None:
        view = self.sheet()
        if view is None:
            return
        recipe = view.handle.session().prep.recipe(view.handle.sheet_ref)
        if not recipe.steps:
            QMessageBox.information(self.window, "Save recipe", f"{view.handle.sheet.name} has no preparation steps "
                                    "yet: transform, merge or dedupe first, and each becomes a step.")
            return
        path, _ = QFileDialog.getSaveFileName(self.window, "Save recipe", f"{view.handle.sheet.slug}-recipe.json",
                                              "Recipes (*.json)")
        if path:
            try:
                Path(path).write_text(recipe.dumps() + "\n", encoding="utf-8")
            except OSError as exc:
                QMessageBox.warning(self.window, "Save recipe", f"Could not write {path}: {exc.strerror or exc}")
                return
            self.window.status.showMessage(f"Saved {len(recipe.steps)} steps to {path}", 8000)

    def apply_recipe(self, path: str | None = None) -> None:
        view = self._writable_sheet()
        if view is None:
            return
        chosen = open_recipe(self.window, "Apply recipe", path)
        if chosen is None:
            return
        path, recipe = chosen
        if not recipe.steps:
            QMessageBox.warning(self.window, "Apply recipe", f"{Path(path).name} has no steps to run")
            return
        steps = listing(recipe)
        ask = QMessageBox(QMessageBox.Question, "Apply recipe",
                          f"Run these {len(recipe.steps)} steps on {view.handle.sheet.name}? Each is one step "
                          f"you can undo, with a snapshot before it.\n\n{steps}",
                          QMessageBox.Ok | QMessageBox.Cancel, self.window)
        ask.setTextFormat(Qt.PlainText)
        if ask.exec() != QMessageBox.Ok:
            return
        sheet, where = view.handle.sheet_ref, view.current_view()
        self.run(f"Applying {Path(path).name}",
                 lambda s, p, c: s.prep.apply_recipe(sheet, recipe, where, progress=p, cancelled=c),
                 lambda r: f"Applied {len(r)} steps of {Path(path).name}")
