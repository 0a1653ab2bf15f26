"""The grid's table model: holds the view's record ids and a small cache of pages.

Qt asks for cells many times per paint (about seven roles and a flags() per cell), so data()
answers from precomputed rows and returns early for roles it does not serve, comparing plain
ints, and flags() from a list. Rows are fetched 50 at a time by id (an index look-up at any
depth), never by OFFSET.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

from ...domain.cells import display_text, make_shower
from ...domain.errors import AccessDenied, FlatspaceError
from ...domain.records import View
from ...domain.validators import describe
from .sheet_handle import SheetHandle
from ..theme.theming import cell_colours

PAGE = 50  # a screenful or two: a random jump fetches one or two pages
MAX_PAGES = 160
DISPLAY, DECORATION, EDIT, TOOLTIP, ALIGN, BACKGROUND, FOREGROUND, CHECK = 0, 1, 2, 3, 7, 8, 9, 10
RECORD_ROLE = 256  # UserRole: the record id of a row
STORED_ROLE = 257  # the stored value of a cell
MESSAGES_ROLE = 258
SERVED = frozenset({DISPLAY, EDIT, TOOLTIP, ALIGN, BACKGROUND, FOREGROUND, CHECK, RECORD_ROLE, STORED_ROLE,
                    MESSAGES_ROLE})
RANK = {"error": 3, "warn": 2, "info": 1}
SORT_INLINE_MAX = 50_000  # below this, indexing a field and reading its order are too quick to notice


class _Row:
    __slots__ = ("rid", "texts", "values", "messages", "worst", "n_err", "updated_by", "shown", "hits")

    def __init__(self, rid, texts, values, messages, worst, n_err, updated_by=None, shown=None):
        self.rid, self.texts, self.values, self.messages, self.worst, self.n_err, self.updated_by = (
            rid, texts, values, messages, worst, n_err, updated_by)
        self.shown = texts if shown is None else shown  # labels, decimal places: for the eye only
        self.hits: frozenset = frozenset()  # the columns holding the text searched for


class SheetModel(QAbstractTableModel):
    countsChanged = Signal(dict)  # total/valid/error of the sheet and of the view
    sortNeedsIndex = Signal(object)  # a View whose sort field must be indexed first (slow at 1M)
    failed = Signal(str)  # a sort Qt asked for that could not be read: its one line, for the window

    def __init__(self, handle: SheetHandle, parent=None):
        super().__init__(parent)
        self.handle = handle
        self.fields = list(handle.fields)
        self.keys = [f.key for f in self.fields]
        # By type (domain.fieldtypes): check boxes (stored 1 or 0), and numbers aligned right.
        self.checks = [f.kind.editor == "check" for f in self.fields]
        self.numeric = [f.kind.numeric for f in self.fields]
        self.showers = [make_shower(f) for f in self.fields]
        right = int(Qt.AlignRight | Qt.AlignVCenter)
        self._align = [right if numeric else None for numeric in self.numeric]
        self._flags = [self._column_flags(f, check) for f, check in zip(self.fields, self.checks)]
        self.view = View()
        self.ids = handle.ids(self.view)
        self.counts: dict = {}  # as last read: the sheet's total/valid/error, and "shown"
        self._pages: OrderedDict[int, list[_Row]] = OrderedDict()
        self._last_r, self._last_row = -1, None
        self.theme: dict = {}  # the Space's theme: message colours follow it
        self._colours = cell_colours(self.theme)
        self.on_edit: Callable[[int, str, Any, Any], None] | None = None  # set by the sheet view

    # ---- shape
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        if orientation == Qt.Horizontal:
            if not 0 <= section < len(self.fields):
                return None
            f = self.fields[section]
            if role == DISPLAY:
                return f"{f.label}{' *' if f.required else ''}\n{f.type}"
            if role == TOOLTIP:
                return _field_tip(f)
            return None
        if role == DISPLAY:
            return str(section + 1)
        if role == TOOLTIP and 0 <= section < len(self.ids):
            row = self._row(section)
            return f"Record {row.rid}, last changed by {self.handle.who(row.updated_by)}"
        return None

    def flags(self, index: QModelIndex):
        # Asked once per painted cell: read from a list made once (combining Qt's flags in
        # Python costs more than the paint of the cell).
        return self._flags[index.column()] if index.isValid() else Qt.NoItemFlags

    def _column_flags(self, f, check: bool):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if f.editable and not self.handle.sheet.readonly and not self.handle.actor.read_only:
            # A boolean is a check box, and also edits as a choice (F2) so it can be cleared
            # or an invalid value replaced.
            base |= (Qt.ItemIsUserCheckable | Qt.ItemIsEditable) if check else Qt.ItemIsEditable
        return base

    # ---- cells
    def _row(self, r: int) -> _Row:
        if r == self._last_r:  # Qt asks ~7 roles x every column of a row in a row
            return self._last_row
        page = r // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = self._load(page)
        else:
            self._pages.move_to_end(page)
        self._last_r, self._last_row = r, rows[r - page * PAGE]
        return self._last_row

    def _load(self, page: int) -> list[_Row]:
        rids = list(self.ids[page * PAGE:(page + 1) * PAGE])
        try:
            recs = {r.rid: r for r in self.handle.records(rids)}
        except AccessDenied:  # a guest's link ended mid-paint: blank and not kept; the pane then closes
            return [_Row(rid, [""] * len(self.fields), {}, {}, {}, 0) for rid in rids]
        rows = []
        for rid in rids:
            rec = recs.get(rid)
            if rec is None:  # deleted elsewhere since the ids were read
                rows.append(_Row(rid, [""] * len(self.fields), {}, {}, {}, 0))
                continue
            texts = [display_text(f, rec.values.get(f.key)) for f in self.fields]
            worst = {k: max((RANK[m["type"]] for m in msgs), default=0) for k, msgs in rec.messages.items()}
            shown = [show(rec.values.get(k)) for show, k in zip(self.showers, self.keys)]
            rows.append(_Row(rid, texts, rec.values, rec.messages, worst, rec.n_err, rec.updated_by, shown))
            if self.view.search:  # marked once per page, not on each paint
                needle = self.view.search.casefold()
                rows[-1].hits = frozenset(c for c, t in enumerate(texts) if needle in t.casefold())
        self._pages[page] = rows
        if len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        # In the order Qt asks during a paint (font, alignment, foreground, check, decoration,
        # display, background): seven calls per cell, each kept to a few look-ups.
        if role not in SERVED:
            return None
        r = index.row()
        if r < 0:  # not a valid index
            return None
        row = self._last_row if r == self._last_r else self._row(r)
        c = index.column()
        if role == ALIGN:
            return self._align[c]
        if role == DISPLAY:
            return "" if self.checks[c] and row.values.get(self.keys[c]) in (0, 1) else row.shown[c]
        if role == EDIT:
            return row.texts[c]
        key = self.keys[c]
        if role == CHECK:
            if not self.checks[c]:
                return None
            value = row.values.get(key)
            return None if value not in (0, 1) else (Qt.Checked if value == 1 else Qt.Unchecked)
        if role == BACKGROUND:
            level = row.worst.get(key, 0)
            if level == 3:
                return self._colours.error_bg
            if level == 2:
                return self._colours.warn_bg
            if level == 1:
                return self._colours.info_bg
            return self._colours.match_bg if c in row.hits else None
        if role == TOOLTIP:
            msgs = row.messages.get(key)
            return "\n".join(f"{m['type'].capitalize()}: {m['message']}" for m in msgs) if msgs else None
        if role == RECORD_ROLE:
            return row.rid
        if role == STORED_ROLE:
            return row.values.get(key)
        if role == MESSAGES_ROLE:
            return row.messages.get(key, [])
        if role == FOREGROUND:
            return self._colours.error_fg if row.worst.get(key, 0) == 3 else None
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = EDIT) -> bool:
        if not index.isValid():
            return False
        flags = self.flags(index)
        if role == CHECK and flags & Qt.ItemIsUserCheckable:
            value = "true" if Qt.CheckState(value) == Qt.Checked else "false"
        elif role != EDIT or not flags & (Qt.ItemIsEditable | Qt.ItemIsUserCheckable):
            return False
        row = self._row(index.row())
        key = self.keys[index.column()]
        old = row.values.get(key)
        # What is stored, or shown ("Junior" for junior, "1.50" for 1.5), left as it was: no write.
        c = index.column()
        if value in (row.texts[c], row.shown[c], old) or (value in ("", None) and old is None):
            return False
        if self.on_edit is None:
            self.handle.update({row.rid: {key: value}})
            self.refresh_cells()
        else:
            self.on_edit(row.rid, key, old, value)
        return True

    # ---- record access for the view
    def rid(self, row: int) -> int:
        return self.ids[row]

    def record_row(self, row: int) -> _Row:
        return self._row(row)

    def cached_row(self, r: int) -> _Row | None:
        """Row r as last read, if its page is held (None: not read, or read too long ago)."""
        rows = self._pages.get(r // PAGE)
        return rows[r - (r // PAGE) * PAGE] if rows is not None and 0 <= r < len(self.ids) else None

    def row_of(self, rid: int) -> int | None:
        try:
            return self.ids.index(rid)
        except ValueError:
            return None

    # ---- changes
    def set_view(self, view: View, ids=None, counts: dict | None = None) -> None:
        """ids, counts: the view's when read already (off the window's thread, for a big sort)."""
        self.view = view
        self.reload(ids, counts)

    def reload(self, ids=None, counts: dict | None = None) -> None:
        """Read the view's ids again (after a filter, sort, add, delete or refresh). ids, counts:
        when read already (off the window's thread)."""
        self.beginResetModel()
        self.ids = self.handle.ids(self.view) if ids is None else ids
        self._forget()
        self._colours = cell_colours(self.theme)
        self.endResetModel()
        self.emit_counts(counts)

    def refresh_cells(self, counts: bool = True) -> None:
        """Values or messages changed (an edit can re-validate other rows): re-read what is shown
        (and the counts, unless they are being read elsewhere)."""
        self._forget()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.fields) - 1))
        if counts:
            self.emit_counts()

    def _forget(self) -> None:
        self._pages.clear()
        self._last_r, self._last_row = -1, None

    def restyle(self, theme: dict | None = None) -> None:
        """The scheme or the Space's theme changed: message colours follow."""
        if theme is not None:
            self.theme = theme
        self._colours = cell_colours(self.theme)
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(self.fields) - 1))

    def emit_counts(self, counts: dict | None = None) -> None:
        """The sheet's counts (read now unless given), and how many rows the view shows."""
        counts = dict(self.handle.counts() if counts is None else counts)
        counts["shown"] = len(self.ids)
        self.counts = counts
        self.countsChanged.emit(counts)

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.fields):
            return
        from dataclasses import replace

        view = replace(self.view, sort=self.keys[column], descending=order == Qt.DescendingOrder)
        if len(self.ids) < SORT_INLINE_MAX:
            try:
                self.set_view(view)
            except FlatspaceError as exc:  # Qt's header called this: nothing above it would say why
                self.failed.emit(str(exc))
        else:  # indexing the field, and reading a million ids in its order, are the worker's
            self.sortNeedsIndex.emit(view)


def _field_tip(f) -> str:
    parts = [f"<b>{f.label}</b> <i>({f.key}, {f.type})</i>"]
    if f.description:
        parts.append(f.description)
    rules = []
    if f.required:
        rules.append("required")
    if f.unique:
        rules.append("unique" + ("" if f.unique.case_sensitive else ", ignoring case"))
    if f.readonly:
        rules.append("read-only")
    if f.computed:
        rules.append("computed")
    rules += [html.escape(rule, quote=False) for rule in f.kind.describe(f)]  # its options, its sheet
    rules += [html.escape(describe(rule), quote=False) for rule in f.validators]
    kept = [kind for kind in f.unenforced if kind != "external"]  # unknown validators are named above
    if kept:
        rules.append(", ".join(kept) + " (not enforced offline)")
    if rules:
        parts.append("; ".join(rules))
    return "<br>".join(parts)
