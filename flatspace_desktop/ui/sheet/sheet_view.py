"""The sheet: a toolbar (counts as filters, errors per field, search, record actions), the
grid, and a panel with the messages of the current record. Every edit is undoable."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QButtonGroup, QComboBox, QHBoxLayout,
                               QHeaderView, QLineEdit, QMessageBox, QSplitter, QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from ...domain.errors import EditConflict, FlatspaceError
from ...domain.records import View
from .clipboard import from_tsv, to_tsv
from .delegates import CellDelegate
from .find_replace import FindReplaceDialog
from .grid import Grid
from .hooked_save import HookedSave
from ..icons import icon, themed
from .sheet_handle import SheetHandle
from .columns import ColumnMemory, grid_menu, header_menu
from .frozen import FrozenColumns
from .sheet_model import SORT_INLINE_MAX, SheetModel
from ..actions.sheet_actions import SheetActions
from ..prep.facet_chip import FacetChip
from ..tasks import LatestRead, Task
from . import conflicts, undo
from .undo import attempt

CONFIRM_DELETE_OVER = 50
BACKGROUND_MIN = SORT_INLINE_MAX  # records: below this, re-reading a sheet is too quick to notice


class SheetView(QWidget):
    message = Signal(str)  # a short status line for the window
    countsChanged = Signal(dict)
    wroteInBackground = Signal()  # the sort index was built: the window's own change, not an outside one
    undoChanged = Signal()  # a step was made, undone or redone: the Edit menu's texts follow

    def __init__(self, handle: SheetHandle, parent=None, settings=None):
        super().__init__(parent)
        self.handle = handle
        self.settings = settings  # the window's: where the columns' widths and order are kept
        self.model = SheetModel(handle, self)
        self.model.on_edit = self._edit_one
        self.model.countsChanged.connect(self._show_counts)
        self.model.sortNeedsIndex.connect(self._sort_in_background)
        self.model.failed.connect(self.message)
        self.sort_task = None
        self.saving = HookedSave(self)  # an edit of a sheet with record hooks, off the window's thread
        self.reader = LatestRead("Reading the sheet", self)
        self.reader.failed.connect(self.message)
        self._want_ids = False
        self._build()
        self.model.emit_counts()

    # ---- layout
    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        bar.setSpacing(6)
        self.filters = QButtonGroup(self)
        self.filter_buttons = {}
        for name, text in (("all", "All"), ("valid", "Valid"), ("error", "Errors")):
            b = QToolButton(checkable=True, text=text, autoRaise=False)
            b.setObjectName(f"filter-{name}")
            b.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
            if name != "all":
                themed(b, "valid" if name == "valid" else "error")
            self.filters.addButton(b)
            self.filter_buttons[name] = b
            bar.addWidget(b)
        self.filter_buttons["all"].setChecked(True)
        self.filters.buttonClicked.connect(lambda _b: self._apply_view())
        self.field_filter = QComboBox()
        self.field_filter.setObjectName("field-filter")
        self.field_filter.setMinimumContentsLength(18)
        self.field_filter.currentIndexChanged.connect(lambda _i: self._apply_view())
        bar.addWidget(self.field_filter)
        self.facet_chip = FacetChip()  # values picked in a column's profile
        self.facet_chip.changed.connect(self._apply_view)
        bar.addWidget(self.facet_chip)
        bar.addStretch(1)
        self.search = QLineEdit(placeholderText="Search all fields  (Ctrl+F)", clearButtonEnabled=True)
        self.search.setObjectName("search")
        themed(self.search.addAction(icon("search"), QLineEdit.LeadingPosition), "search")
        self.search.setMinimumWidth(220)
        self._search_timer = QTimer(self, singleShot=True, interval=250, timeout=self._apply_view)
        self.search.textChanged.connect(self._search_timer.start)
        bar.addWidget(self.search)
        # The sheet's and its workbook's actions: a row of their own, at the top right
        self.actions_row = QHBoxLayout()
        self.actions_row.setContentsMargins(8, 6, 8, 0)
        self.actions_row.addStretch(1)
        self.job_actions = SheetActions(self, self.actions_row)

        self.act_add = QAction("Add record", self, shortcut=QKeySequence("Ctrl+Shift+N"),
                               triggered=self.add_record)
        self.act_delete = QAction("Delete selected records", self,
                                  triggered=self.delete_selected_rows)
        self.act_replace = QAction("Find and replace…", self, shortcut=QKeySequence("Ctrl+H"),
                                   triggered=self.find_replace)
        self.act_copy = QAction("Copy", self, shortcut=QKeySequence.Copy, triggered=self.copy)
        self.act_paste = QAction("Paste", self, shortcut=QKeySequence.Paste, triggered=self.paste)
        self.act_clear = QAction("Delete", self, shortcut=QKeySequence.Delete, triggered=self.delete_key)
        self.act_search = QAction("Search", self, shortcut=QKeySequence.Find, triggered=self.focus_search)
        for act, name in ((self.act_add, "add-row"), (self.act_delete, "delete-row"), (self.act_replace, "replace")):
            themed(act, name)
        writable = not self.handle.sheet.readonly and not self.handle.actor.read_only
        for act in (self.act_add, self.act_delete, self.act_replace, self.act_paste, self.act_clear):
            act.setEnabled(writable)
        for act in (self.act_add, self.act_delete, self.act_replace):
            b = QToolButton(defaultAction=act, autoRaise=True)
            bar.addWidget(b)

        self.table = Grid()
        self.table.setObjectName("grid")
        self.table.empty_text = self._empty_text
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.Fixed)  # uniform rows: Qt never measures a million of them
        vh.setDefaultSectionSize(26)
        self._fit_row_numbers()
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._fit_row_numbers)
        hh = self.table.horizontalHeader()
        hh.setDefaultSectionSize(150)
        hh.setSectionsMovable(True)
        hh.setHighlightSections(False)
        hh.setSortIndicator(-1, Qt.AscendingOrder)
        self.table.setSortingEnabled(True)
        for act in (self.act_copy, self.act_paste, self.act_clear, self.act_add, self.act_replace, self.act_search):
            act.setShortcutContext(Qt.WidgetWithChildrenShortcut)
            self.addAction(act)
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: grid_menu(self, pos).exec(self.table.viewport().mapToGlobal(pos)))
        hh.setContextMenuPolicy(Qt.CustomContextMenu)
        hh.customContextMenuRequested.connect(
            lambda pos: hh.logicalIndexAt(pos) >= 0 and header_menu(self, hh.logicalIndexAt(pos)).exec(hh.mapToGlobal(pos)))
        self.columns = ColumnMemory(self.settings, f"columns/{self.handle.space_id}/{self.handle.sheet_id}", hh,
                                    self.model.keys, self) if self.settings else None
        if self.columns:
            self.columns.restore()
        self.table.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_messages(cur))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.job_actions.later())  # hasSelection
        self.table.frozen = self.frozen = FrozenColumns(self.table)  # none until the column menu freezes some
        if self.columns:
            self.columns.keep_frozen(self.frozen)

        self.messages = QTextBrowser()
        self.messages.setObjectName("messages")
        self.messages.setOpenLinks(False)
        self.messages.setPlaceholderText("Select a cell to see its record's messages.")
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.messages)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 110])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.actions_row)
        layout.addLayout(bar)
        layout.addWidget(split)
        self._fill_field_filter({})

    # ---- counts and filters
    def _show_counts(self, counts: dict) -> None:
        self.filter_buttons["all"].setText(f"All  {counts['total']:,}")
        self.filter_buttons["valid"].setText(f"Valid  {counts['valid']:,}")
        self.filter_buttons["error"].setText(f"Errors  {counts['error']:,}")
        self._fill_field_filter(counts.get("errorsByField", {}))
        self.countsChanged.emit(counts)

    def _fill_field_filter(self, by_field: dict) -> None:
        current = self.field_filter.currentData()
        self.field_filter.blockSignals(True)
        self.field_filter.clear()
        self.field_filter.addItem("Any field", None)
        for f in self.handle.fields:
            n = by_field.get(f.key, 0)
            self.field_filter.addItem(f"Errors in {f.label}" + (f"  ({n:,})" if n else ""), f.key)
        self.field_filter.setCurrentIndex(max(0, self.field_filter.findData(current)))
        self.field_filter.blockSignals(False)

    def _empty_text(self) -> str:
        v = self.model.view
        if v.filter != "all" or v.search or v.facets or v.field_errors:
            return "No record matches what is chosen above: clear the search, the facets or the filter to see them all."
        if self.handle.sheet.readonly or self.handle.actor.read_only:
            return "This sheet has no records yet."
        return ("No records yet. Import a file (File ▸ Add and import files…, Ctrl+O) or drop one on the window, "
                "or add a record (Ctrl+Shift+N).")

    def current_view(self) -> View:
        checked = next(k for k, b in self.filter_buttons.items() if b.isChecked())
        return replace(self.model.view, filter=checked, field_errors=self.field_filter.currentData(),
                       search=self.search.text().strip() or None, facets=self.facet_chip.facets)

    def _apply_view(self) -> None:
        self._search_timer.stop()
        view = self.current_view()
        if view != self.model.view:
            QApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                self.model.set_view(view)
            finally:
                QApplication.restoreOverrideCursor()
            self._show_messages(self.table.currentIndex())

    def _fit_row_numbers(self, *_a) -> None:
        """The row numbers' column as wide as the largest number: left to measure itself after a
        reset from deep in a big view, Qt asks for the header of every row (0.3 s for 20,000)."""
        vh = self.table.verticalHeader()
        digits = len(str(max(1, self.model.rowCount())))
        vh.setFixedWidth(vh.fontMetrics().horizontalAdvance("9" * digits) + 16)

    def _sort_in_background(self, view: View) -> None:
        """Index the field off the window's thread, then sort (the grid stays usable meanwhile)."""
        if self.sort_task is not None:
            return
        label = self.handle.sheet.field(view.sort).label
        handle = self.handle

        def work(_progress, _cancelled):
            if not handle.sort_ready(view.sort):
                self.message.emit(f"Preparing to sort by {label}…")
                handle.prepare_sort(view.sort)
            return handle.ids(view), handle.counts()  # both, so the window's thread counts nothing

        self.sort_task = Task(f"Sorting by {label}", work, self)
        self.sort_task.succeeded.connect(lambda read: self._sorted(view, *read))
        self.sort_task.failed.connect(self.message)
        self.sort_task.finished.connect(self._sort_done)
        self.sort_task.start()

    def _sorted(self, view: View, ids, counts: dict) -> None:
        now = replace(self.model.view, sort=view.sort, descending=view.descending)
        # A filter or search changed meanwhile: its ids are read again, in the order now indexed
        self.model.set_view(now, *((ids, counts) if now == view else (None, None)))

    def _sort_done(self) -> None:
        self.sort_task.deleteLater()
        self.sort_task = None
        self.wroteInBackground.emit()

    def set_filter(self, name: str) -> None:
        self.filter_buttons[name].setChecked(True)
        self._apply_view()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def is_editing(self) -> bool:
        return self.table.state() == QAbstractItemView.EditingState

    def refresh(self) -> None:
        """Read again, keeping the cell the person is on (by record, not by row number). A big
        sheet is read off the window's thread, its rows shown as they were meanwhile."""
        if self.model.rowCount() >= BACKGROUND_MIN:
            self._read_later(ids=True)
        else:
            self._reload()

    def refresh_cells(self) -> None:
        """Values or messages changed, not which records there are: re-read what is shown."""
        big = self.model.rowCount() >= BACKGROUND_MIN
        self.model.refresh_cells(counts=not big)
        if big:
            self._read_later(ids=False)
        self._show_messages(self.table.currentIndex())

    def stop(self) -> None:
        """The view is going: wait for what it reads in the background; keep its columns' layout."""
        self.reader.stop()
        self.saving.wait()
        self.job_actions.stop()
        if self.columns:
            self.columns.flush()

    def _read_later(self, ids: bool) -> None:
        self._want_ids = self._want_ids or ids  # a count-only read asked after an ids one reads both
        view, handle, want = self.model.view, self.handle, self._want_ids
        self.reader.read(lambda: (view, handle.ids(view) if want else None, handle.counts()), self._read)

    def _read(self, answer) -> None:
        view, ids, counts = answer
        if ids is None:
            self.model.emit_counts(counts)
            return
        self._want_ids = False
        if view == self.model.view:
            self._reload(ids, counts)
        else:  # a filter or sort was chosen meanwhile, and read its own ids then
            self.model.emit_counts(counts)

    def _reload(self, ids=None, counts: dict | None = None) -> None:
        current = self.table.currentIndex()
        rid = self.model.rid(current.row()) if current.isValid() else None
        top = self.table.verticalScrollBar().value()
        self.model.reload(ids, counts)
        row = self.model.row_of(rid) if rid is not None else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, current.column()))
        self.table.verticalScrollBar().setValue(top)  # the rows in view stay in view
        self._show_messages(self.table.currentIndex())

    # ---- messages of the current record
    def _show_messages(self, index) -> None:
        if not index.isValid():
            self.messages.clear()
            return
        row = self.model.record_row(index.row())
        labels = {f.key: f.label for f in self.handle.fields}
        who = f" <span style='color:gray'>— last changed by {_esc(self.handle.who(row.updated_by))}</span>"
        if not row.messages:
            self.messages.setHtml(f"<p><b>Record {row.rid}</b> is valid.{who}</p>")
            return
        items = []
        for key, msgs in row.messages.items():
            for m in msgs:
                colour = {"error": "#dc2626", "warn": "#d97706", "info": "#2563eb"}[m["type"]]
                items.append(f"<li><span style='color:{colour}'><b>{m['type']}</b></span> "
                             f"<b>{_esc(labels.get(key, key))}</b>: {_esc(m['message'])}</li>")
        state = f"{row.n_err} error{'s' if row.n_err != 1 else ''}" if row.n_err else "valid, with notes"
        self.messages.setHtml(f"<p><b>Record {row.rid}</b>: {state}{who}</p><ul>{''.join(items)}</ul>")

    # ---- edits
    def _write(self, write, refresh) -> bool:
        """One write through the service (which records its undo step). What it changed comes
        back as Changes (SpaceEvents), which re-read this view; after a refusal, `refresh`
        shows what is there now."""
        ok = attempt(write, self._refused, refresh)
        self.undoChanged.emit()
        return ok

    def _refused(self, text: str) -> None:
        self.message.emit(text)
        # After the edit that met the refusal has finished: a dialog's event loop inside an
        # editor's commit would let a refresh delete that editor under Qt's feet. The box
        # belongs to the window, not to this view: a revoked link closes the view meanwhile.
        window = self.window()
        QTimer.singleShot(0, window, lambda: QMessageBox.warning(window, "Not changed", text))

    def next_steps(self) -> tuple[dict | None, dict | None]:
        """What Undo and Redo would do here (None: nothing); a refused read counts as nothing."""
        try:
            return self.handle.next_steps()
        except FlatspaceError:
            return None, None

    def undo_step(self, redo: bool = False, then=None) -> bool:
        return undo.step(self, redo, then)

    def redo_step(self) -> bool:
        return self.undo_step(redo=True)

    def show_undo_history(self) -> None:
        undo.show_history(self)

    def _edit_one(self, rid: int, key: str, old, new) -> None:
        self.save_cells({rid: {key: new}}, expect={rid: {key: old}})
        self._show_messages(self.table.currentIndex())

    def save_cells(self, changes: dict, label: str | None = None, expect: dict | None = None) -> None:
        """Cells set; a record hook that failed on them is said (the edit itself stands).
        expect: the stored values the grid showed, so a change someone else made to one of
        those cells since is caught (conflicts.settle) rather than written over."""
        if self.saving.busy():
            self.model.refresh_cells()  # the cell shows what is stored
            self.message.emit("Not changed: the last change is still being saved (its record hooks are running)")
            return
        try:
            hooks = self.handle.record_hooks()
        except FlatspaceError:  # a guest's link ended: the write below meets the refusal and says it
            hooks = []
        if hooks:
            self.saving.start(changes, label, hooks, self._say_hook_problems, expect)
            return
        problems: list[str] = []
        conflict: list[EditConflict] = []

        def write() -> None:
            try:
                problems.extend(self.handle.update(changes, label=label, expect=expect))
            except EditConflict as exc:
                conflict.append(exc)
        self._write(write, self.model.refresh_cells)
        if conflict:
            self.model.refresh_cells()  # theirs, shown while the person decides
            conflicts.settle(self, conflict[0], changes, label, expect)
            return
        self._say_hook_problems(problems)

    def _say_hook_problems(self, problems: list[str]) -> None:
        if problems:
            more = f" (and {len(problems) - 1} more: the Listeners page)" if len(problems) > 1 else ""
            self.message.emit(f"Saved, but the {problems[0]}{more}")

    def add_record(self) -> None:
        if self._write(lambda: self.handle.add([{}]), self.model.reload):
            last = self.model.rowCount() - 1
            rid = max(self.model.ids) if len(self.model.ids) else None
            row = self.model.row_of(rid) if rid is not None else last
            self.table.setCurrentIndex(self.model.index(row if row is not None else last, 0))
            self.table.scrollTo(self.table.currentIndex())
            self.message.emit("Added a record")

    def selected_rids(self, current: bool = True) -> list[int]:
        """The records of the selected cells (current: or else the current cell's)."""
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        if not rows and current and self.table.currentIndex().isValid():
            rows = {self.table.currentIndex().row()}
        return [self.model.rid(r) for r in sorted(rows)]

    def delete_selected_rows(self) -> None:
        rids = self.selected_rids()
        if not rids:
            return
        if len(rids) > CONFIRM_DELETE_OVER and QMessageBox.question(
                self, "Delete records", f"Delete {len(rids):,} records? You can undo this.") != QMessageBox.Yes:
            return
        if self._write(lambda: self.handle.delete(rids), self.model.reload):
            self.message.emit(f"Deleted {len(rids):,} record{'s' if len(rids) != 1 else ''} (Ctrl+Z to undo)")

    def delete_key(self) -> None:
        """Delete: whole rows selected delete the records; otherwise the cells are cleared."""
        sm = self.table.selectionModel()
        if sm.selectedRows():
            return self.delete_selected_rows()
        self._set_cells({(i.row(), i.column()): "" for i in sm.selectedIndexes()}, "Clear cells")

    def _set_cells(self, cells: dict[tuple[int, int], str], text: str) -> int:
        changes = self._cell_changes(cells)
        n = sum(len(v) for v in changes.values())
        if changes:
            self.save_cells(changes, text, self._as_read(cells))
        return n

    def _as_read(self, cells) -> dict[int, dict]:
        """The stored values the grid holds for the cells about to change: those of rows it has
        read (a range beyond them is a bulk change, with its snapshot)."""
        seen: dict[int, dict] = {}
        for r, c in cells:
            row = self.model.cached_row(r)
            f = self.model.fields[c]
            if row is not None and row.values and f.editable:  # a row gone meanwhile has no values
                seen.setdefault(row.rid, {})[f.key] = row.values.get(f.key)
        return seen

    def _cell_changes(self, cells: dict[tuple[int, int], str]) -> dict[int, dict]:
        new: dict[int, dict] = {}
        skipped = 0
        for (r, c), value in cells.items():
            f = self.model.fields[c]
            if not f.editable:
                skipped += 1
                continue
            new.setdefault(self.model.rid(r), {})[f.key] = value
        if skipped:
            self.message.emit(f"{skipped} read-only cell{'s' if skipped != 1 else ''} left as they were")
        return new

    def copy(self) -> None:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        grid = [[self.model.data(self.model.index(r, c), 2) if (r, c) in chosen else "" for c in cols] for r in rows]
        QApplication.clipboard().setText(to_tsv(grid))
        self.message.emit(f"Copied {len(chosen)} cell{'s' if len(chosen) != 1 else ''}")

    def paste(self) -> None:
        grid = from_tsv(QApplication.clipboard().text())
        start = self.table.currentIndex()
        if not grid or not start.isValid() or self.handle.sheet.readonly:
            return
        r0, c0 = start.row(), start.column()
        ncols = self.model.columnCount()
        rows_here = max(0, min(len(grid), self.model.rowCount() - r0))
        cells = {(r0 + i, c0 + j): v for i, line in enumerate(grid[:rows_here])
                 for j, v in enumerate(line) if c0 + j < ncols}
        changes = self._cell_changes(cells) if cells else {}
        extra = grid[rows_here:]
        keys = [f.key for f in self.model.fields]
        new_rows = [{keys[c0 + j]: v for j, v in enumerate(line)
                     if c0 + j < ncols and self.model.fields[c0 + j].editable} for line in extra]
        if not changes and not new_rows:
            return

        def paste():  # one step, all or nothing: the cells and the records added below them
            with self.handle.group(f"Paste {len(grid)}×{max(len(r) for r in grid)} cells"):
                if changes:
                    self.handle.update(changes, expect=self._as_read(cells))
                if new_rows:
                    self.handle.add(new_rows)
        if not self._write(paste, self.model.reload if new_rows else self.model.refresh_cells):
            return
        n = sum(len(v) for v in changes.values())
        self.message.emit(f"Pasted {n} cells" + (f" and {len(extra)} new records" if extra else ""))

    def find_replace(self) -> None:
        current = self.table.currentIndex()
        field = self.model.keys[current.column()] if current.isValid() else None
        dialog = FindReplaceDialog(self.handle, self.model.view, field, self)
        if dialog.exec() != FindReplaceDialog.Accepted:
            return
        dialog.refresh_now()
        if not dialog.changes:
            return
        view = self.model.view if dialog.scope.currentData() == "view" else View()
        params = dict(find=dialog.find.text(), replace=dialog.replace.text(), field=dialog.field.currentData(),
                      match_case=dialog.match_case.isChecked(), whole_cell=dialog.whole.isChecked(), view=view)
        result = {}
        if self._write(lambda: result.update(self.handle.replace(**params)), self.model.refresh_cells):
            cells = result["cells"]
            self.message.emit(f"Replaced in {cells:,} cell{'s' if cells != 1 else ''} (a snapshot was taken first; "
                              "Ctrl+Z to undo)")


def _esc(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
