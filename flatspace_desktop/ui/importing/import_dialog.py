"""Importing a file: how to read it (with a live preview), where each column goes (suggested,
with a confidence), enum values included, then how each column's values are read and what
becomes of the records already there, with a review of the whole file (review_page). The
import itself runs afterwards in the background; this dialog only decides."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QSpinBox, QStackedWidget, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.blueprint import ENUM_TYPES
from ...domain.errors import FlatspaceError
from ...domain.mapping import Mapping, suggest, suggest_values
from ...readers import Option, reader_for
from .review_page import ReviewPage
from .widgets import esc as _esc
from .widgets import item as _item

PREVIEW_ROWS = 30
OTHER = "other"  # a choice's "Other…" entry: the value is typed in its box
IGNORE, ADD_NEW = "", "+new"
MAKE_EMPTY = "\x00empty"  # an enum value's "make empty" (a Mapping maps it to None)
READ, MAP, REVIEW = range(3)


class ImportDialog(QDialog):
    def __init__(self, fs, actor, space_id: str, file_id: int, info: dict, sheet_ref: str | None = None, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id, self.file_id = fs, actor, space_id, file_id
        self.file = fs.open(actor, space_id).files.info(file_id)
        self.sheets = [(f"{wb['name']} / {s['name']}", f"{wb['id']}/{s['slug']}") for wb in info["workbooks"]
                       for s in wb["sheets"]]
        self.setWindowTitle(f"Import {self.file['name']}")
        self.headers: list[str] = []
        self.preview_rows: list[list] = []
        self.readable = False
        # What a column's values leave open (07/01/1967, 1,234) is read as this computer writes it
        self.locale = QLocale.system().name()
        self.pages = QStackedWidget()
        self.pages.addWidget(self._read_page())
        self.pages.addWidget(self._map_page())
        self.review = ReviewPage(self)
        self.review.changed.connect(lambda: self._enable())
        self.pages.addWidget(self.review)
        self.back = QPushButton("Back", clicked=lambda: self._go(self.pages.currentIndex() - 1))
        self.next = QPushButton("Next", clicked=lambda: self._go(self.pages.currentIndex() + 1), default=True)
        self.go = QPushButton("Import all", clicked=lambda: self._accept(False), objectName="import-go")
        self.go_valid = QPushButton("Import only valid", clicked=lambda: self._accept(True), objectName="import-valid")
        cancel = QPushButton("Cancel", clicked=self.reject)
        for b in (self.go, self.go_valid):  # a default button's frame must not clip its text ("mport al")
            b.setMinimumWidth(b.fontMetrics().horizontalAdvance(b.text()) + 36)
        # Tab leaves a table for the next control (inside one, the arrow keys move): a table must
        # not keep the keyboard from the fields and buttons below it
        for table in (self.preview, self.mapping_table, self.values_table, self.review.table):
            table.setTabKeyNavigation(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back, self.next, self.go, self.go_valid, cancel):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.resize(900, 600)
        if sheet_ref:
            self.target.setCurrentIndex(max(0, self.target.findData(sheet_ref)))
        self._timer = QTimer(self, singleShot=True, interval=150, timeout=self.refresh_preview)
        self.refresh_preview()
        if not sheet_ref and self.readable:
            self._pick_target()
        self._go(0)

    def _pick_target(self) -> None:
        """No sheet named: the one whose fields the file's columns match best (the first on a tie)."""
        best, most = 0, -1
        for i in range(self.target.count()):
            sheet = self.fs.open(self.actor, self.space_id).records.sheet_def(self.target.itemData(i))
            n = sum(1 for s in suggest(self.headers, sheet).values() if s.key)
            if n > most:
                best, most = i, n
        self.target.setCurrentIndex(best)

    # ---- page 1: reading
    def _read_page(self) -> QWidget:
        """One input per option of the file's reader (readers: its options schema), each found
        in self.inputs by its widget name (and as the dialog's attribute: self.delimiter)."""
        page = QWidget()
        try:
            self.read_options: tuple[Option, ...] = reader_for(self.file["kind"]).options
        except FlatspaceError:  # a kind no reader reads any more: the preview says why
            self.read_options = ()
        self.inputs: dict[str, QWidget] = {}
        self.others: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldsStayAtSizeHint)
        for option in self.read_options:
            form.addRow(f"{option.label}:", self._input(option))
        self.read_status = QLabel(objectName="read-status", wordWrap=True)
        self.preview = QTableWidget(objectName="preview")
        self.preview.setEditTriggers(QTableWidget.NoEditTriggers)
        self.preview.setWordWrap(False)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(f"<b>{_esc(self.file['name'])}</b>: how should it be read? "
                                f"The preview shows the first rows as they will be imported."))
        layout.addLayout(form)
        layout.addWidget(self.read_status)
        if not self.sheets:  # found by a new user's trial: Next stayed off with nothing said
            layout.addWidget(QLabel("<span style='color:#b45309'><b>This Space has no sheet to import into.</b> "
                                    "The file is kept in the Space's Files: add a workbook first (Space ▸ Add "
                                    "workbook from blueprint…), then import it from Files.</span>",
                                    objectName="no-sheets", wordWrap=True, textFormat=Qt.RichText))
        layout.addWidget(self.preview, 1)
        return page

    def _input(self, option: Option):
        """The widget (or row of widgets) for one option, connected to the preview."""
        name = option.widget or option.key.replace("_", "-")
        row = None
        if option.kind == "choice":
            w = QComboBox(objectName=name)
            for text, value in option.choices:
                w.addItem(text, value)
            if option.other:
                w.addItem("Other…", OTHER)
                other = QLineEdit(maxLength=option.other,
                                  placeholderText="character" if option.other == 1 else "text")
                other.setFixedWidth(90)
                other.setVisible(False)
                other.textChanged.connect(self._changed)
                self.others[option.key] = other
                row = QHBoxLayout()
                row.addWidget(w)
                row.addWidget(other)
                row.addStretch(1)
            w.currentIndexChanged.connect(self._changed)
        elif option.kind == "int":
            w = QSpinBox(objectName=name, minimum=option.minimum if option.minimum is not None else -1_000_000,
                         maximum=option.maximum if option.maximum is not None else 1000)
            w.setValue(option.default or 0)
            w.setSuffix(option.suffix)
            w.setMinimumWidth(260 if option.suffix else 90)
            w.valueChanged.connect(self._changed)
        elif option.kind == "bool":
            w = QCheckBox(objectName=name, checked=bool(option.default))
            w.toggled.connect(self._changed)
        else:
            w = QLineEdit(objectName=name, text=option.default or "")
            w.textChanged.connect(self._changed)
        w.setToolTip(option.help)
        self.inputs[name.replace("-", "_")] = w
        return w if row is None else row

    def __getattr__(self, name: str):
        inputs = self.__dict__.get("inputs") or {}
        if name in inputs:
            return inputs[name]
        raise AttributeError(name)

    def _widget(self, option: Option):
        return self.inputs[(option.widget or option.key).replace("-", "_")]

    def _changed(self, *_args) -> None:
        for key, other in self.others.items():
            other.setVisible(self._widget(self._option(key)).currentData() == OTHER)
        self._timer.start()

    def _option(self, key: str) -> Option:
        return next(o for o in self.read_options if o.key == key)

    def options(self) -> dict:
        """The read options chosen, those left at their default (detected) not given."""
        opts: dict = {}
        for option in self.read_options:
            w = self._widget(option)
            if option.kind == "choice":
                value = w.currentData() if w.currentIndex() >= 0 else None
                if value == OTHER:
                    value = self.others[option.key].text() or None
            elif option.kind == "int":
                value = w.value()
            elif option.kind == "bool":
                value = w.isChecked()
            else:
                value = w.text() or None
            if value is not None and value != option.default:
                opts[option.key] = value
        return opts

    def refresh_preview(self) -> None:
        self._timer.stop()
        try:
            src, rows = self.fs.open(self.actor, self.space_id).files.preview(self.file_id, PREVIEW_ROWS, **self.options())
        except FlatspaceError as exc:
            self.readable = False
            self.read_status.setText(f"<span style='color:#dc2626'>{_esc(str(exc))}</span>")
            self.preview.clear()
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self._enable()
            return
        self.readable = True
        self.headers, self.preview_rows = src.headers, rows
        for option in self.read_options:  # the file's own choices (a workbook's sheets), once it is read
            w = self._widget(option)
            if option.offered and getattr(src, option.offered, None) and w.count() == 0:
                w.blockSignals(True)
                for value in getattr(src, option.offered):
                    w.addItem(str(value), value)
                if option.read_as:
                    w.setCurrentIndex(max(0, w.findData(getattr(src, option.read_as, None))))
                w.blockSignals(False)
        facts = [src.kind.upper()]
        if src.encoding:
            facts.append(f"encoding {src.encoding}")
        if src.delimiter:
            facts.append("delimiter " + {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
                src.delimiter, repr(src.delimiter)))
        if src.sheet:
            facts.append(f"worksheet {src.sheet}")
        notes = "; ".join(f"{k}: {v}" for k, v in src.notes.items())
        self.read_status.setText(f"Read as {', '.join(facts)}; {len(src.headers)} columns."
                                 + (f" In these rows: {_esc(notes)}." if notes else ""))
        self.preview.clear()
        self.preview.setColumnCount(len(src.headers))
        self.preview.setHorizontalHeaderLabels(src.headers)
        self.preview.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                self.preview.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        self.preview.horizontalHeader().setDefaultSectionSize(140)
        self._enable()

    # ---- page 2: mapping
    def _map_page(self) -> QWidget:
        page = QWidget()
        self.target = QComboBox(objectName="target-sheet")
        for label, ref in self.sheets:
            self.target.addItem(label, ref)
        self.target.currentIndexChanged.connect(lambda _i: self._fill_mapping())
        self.map_note = QLabel(objectName="map-note", wordWrap=True)
        self.mapping_table = QTableWidget(0, 4, objectName="mapping-table")
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "Examples", "Field", "Match"])
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.mapping_table.verticalHeader().hide()
        self.missing = QLabel(objectName="missing-required", wordWrap=True)
        self.values_table = QTableWidget(0, 4, objectName="values-table")
        self.values_table.setHorizontalHeaderLabels(["Field", "Value in the file", "Becomes", "Match"])
        self.values_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.values_table.verticalHeader().hide()
        self.remember = QCheckBox("Remember this mapping for files with the same columns", checked=True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Import into:"))
        top.addWidget(self.target, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.map_note)
        layout.addWidget(self.mapping_table, 3)
        layout.addWidget(self.missing)
        layout.addWidget(QLabel("Option values (for fields with a fixed list):"))
        layout.addWidget(self.values_table, 2)
        layout.addWidget(self.remember)
        return page

    def sheet_def(self):
        return self.fs.open(self.actor, self.space_id).records.sheet_def(self.target.currentData())

    def use_recipe_mapping(self, recipe) -> None:
        """A recipe picked on the last page maps the file when it fits its columns (found by a
        new user's trial: the dialog's own guesses left most columns out)."""
        mapping = recipe.mapping_for(self.headers)
        if mapping is not None:
            self._fill_mapping(mapping)
            self.review.show_file()

    def _fill_mapping(self, given: Mapping | None = None) -> None:
        if not self.readable or self.target.currentData() is None:
            return
        sheet = self.sheet_def()
        saved = given or self.fs.open(self.actor, self.space_id).records.saved_mapping(self.target.currentData(),
                                                                                     self.headers)
        hints = suggest(self.headers, sheet)
        self.map_note.setText("Using the recipe's mapping (Then prepare with)." if given else
                              "Using the mapping remembered for files with these columns." if saved else
                              "Suggested from field names: check each column, then Import.")
        self._saved_values = saved.values if saved else {}
        self.mapping_table.setRowCount(len(self.headers))
        for r, h in enumerate(self.headers):
            seen = dict.fromkeys(str(row[r]) for row in self.preview_rows if r < len(row) and row[r] not in (None, ""))
            examples = ", ".join(list(seen)[:4])  # distinct values: four of one say little
            self.mapping_table.setItem(r, 0, _item(h))
            self.mapping_table.setItem(r, 1, _item(examples))
            combo = QComboBox()
            combo.addItem("— not imported —", IGNORE)
            for f in sheet.fields:
                if not f.computed:
                    combo.addItem(f"{f.label}{' *' if f.required else ''}  ({f.type})", f.key)
            if sheet.allow_additional_fields:
                combo.addItem("+ Add as a new field", ADD_NEW)
            if saved:
                key = ADD_NEW if h in saved.add_fields else saved.columns.get(h) or IGNORE
                match = ("remembered", 1.0) if key else ("", 0.0)
            else:
                key = hints[h].key or IGNORE
                match = (hints[h].reason, hints[h].confidence)
            combo.setCurrentIndex(max(0, combo.findData(key)))
            combo.currentIndexChanged.connect(lambda _i, row=r: self._column_changed(row))
            self.mapping_table.setCellWidget(r, 2, combo)
            self.mapping_table.setItem(r, 3, _match_item(*match))
        self.mapping_table.resizeColumnToContents(0)
        self.mapping_table.setColumnWidth(2, 260)
        self.mapping_table.resizeColumnToContents(3)
        self._update_checks()

    def _column_changed(self, row: int) -> None:
        self.mapping_table.setItem(row, 3, _match_item("chosen", 1.0) if self._combo(row).currentData() else _item(""))
        self._update_checks()

    def _combo(self, row: int) -> QComboBox:
        return self.mapping_table.cellWidget(row, 2)

    def mapping(self) -> Mapping:
        columns, add = {}, []
        for r, h in enumerate(self.headers):
            key = self._combo(r).currentData()
            if key == ADD_NEW:
                add.append(h)
            else:
                columns[h] = key or None
        values: dict[str, dict] = {}
        for r in range(self.values_table.rowCount()):
            key = self.values_table.item(r, 0).data(Qt.UserRole)
            combo = self.values_table.cellWidget(r, 2)
            if combo.currentData() is not None:
                value = None if combo.currentData() == MAKE_EMPTY else combo.currentData()
                values.setdefault(key, {})[self.values_table.item(r, 1).text()] = value
        return Mapping(columns, values, add)

    def _update_checks(self) -> None:
        sheet = self.sheet_def()
        chosen = [self._combo(r).currentData() for r in range(len(self.headers))]
        dupes = sorted({k for k in chosen if k and k != ADD_NEW and chosen.count(k) > 1})
        missing = [f.label for f in sheet.fields if f.required and f.key not in chosen]
        parts = []
        if dupes:
            parts.append(f"<span style='color:#dc2626'>Two columns go to the same field: {_esc(', '.join(dupes))}.</span>")
        if missing:
            parts.append(f"<span style='color:#d97706'>Required fields with no column (their cells will be "
                         f"flagged): {_esc(', '.join(missing))}.</span>")
        if not any(k for k in chosen):
            parts.append("<span style='color:#dc2626'>Choose a field for at least one column.</span>")
        self.missing.setText(" ".join(parts))
        self._fill_values(sheet, chosen)
        self._enable()

    def _fill_values(self, sheet, chosen: list) -> None:
        self.values_table.setRowCount(0)
        for col, key in enumerate(chosen):
            if not key or key == ADD_NEW:
                continue
            f = sheet.field(key)
            if f.type not in ENUM_TYPES:
                continue
            found = self.fs.open(self.actor, self.space_id).files.column_values(self.file_id, col, **self.options())
            hints = suggest_values(f, found)
            saved = getattr(self, "_saved_values", {}).get(key, {})
            for v in found:
                r = self.values_table.rowCount()
                self.values_table.insertRow(r)
                field_item = _item(f.label)
                field_item.setData(Qt.UserRole, key)
                self.values_table.setItem(r, 0, field_item)
                self.values_table.setItem(r, 1, _item(v))
                combo = QComboBox()
                combo.addItem("keep as it is", None)
                combo.addItem("make empty", MAKE_EMPTY)
                for o in f.options:
                    combo.addItem(o.label if o.label == str(o.value) else f"{o.label} ({o.value})", o.value)
                option, conf = (saved[v], 1.0) if v in saved else hints[v]
                if v in saved and saved[v] is None:
                    option = MAKE_EMPTY
                if option is not None:
                    combo.setCurrentIndex(max(0, combo.findData(option)))
                self.values_table.setCellWidget(r, 2, combo)
                self.values_table.setItem(r, 3, _match_item("remembered" if v in saved else
                                                            ("same option" if conf == 1.0 else "similar"), conf)
                                          if option is not None else _item("no option"))

    # ---- flow
    def _go(self, page: int) -> None:
        if page == MAP or (page == REVIEW and self.mapping_table.rowCount() == 0):
            self._fill_mapping()
        if page == REVIEW:
            self.review.show_file()
        else:
            self.review.stop()
        self.pages.setCurrentIndex(page)
        self._enable()
        # Enter goes on (Next, then Import); the hidden button must not leave focus on Cancel.
        self.next.setDefault(page != REVIEW)
        self._default_import()
        focus = {MAP: self.mapping_table, REVIEW: self.review.table}.get(page, self.pages.currentWidget())
        focus.setFocus()

    def _default_import(self) -> None:
        """Enter imports, unless the same file was imported into the sheet before and its records
        would be added again: then only a click (or the button's own key) does."""
        self.go.setDefault(self.pages.currentIndex() == REVIEW and not self._adds_again())

    def _adds_again(self) -> bool:
        """The same file was imported into the sheet before, and its records would be added again."""
        return bool(self.review.before.text()) and self.review.strategy()["existing"] == "add"

    def _mapping_ok(self) -> bool:
        chosen = [self._combo(r).currentData() for r in range(self.mapping_table.rowCount())]
        fields = [k for k in chosen if k and k != ADD_NEW]
        return any(chosen) and len(fields) == len(set(fields))

    def _enable(self) -> None:
        page = self.pages.currentIndex()
        self.back.setVisible(page != READ)
        self.next.setVisible(page != REVIEW)
        self.next.setEnabled(self.readable and bool(self.sheets) and (page == READ or self._mapping_ok()))
        ready = page == REVIEW and self._mapping_ok() and self.review.settled
        for b in (self.go, self.go_valid):
            b.setVisible(page == REVIEW)
            b.setEnabled(bool(ready))
        self._default_import()

    def _accept(self, only_valid: bool) -> None:
        if self._adds_again() and QMessageBox.question(
                self, "Import again", "This file was imported into this sheet before. Add its records again, "
                "next to the ones already there?", QMessageBox.Yes | QMessageBox.Cancel,
                QMessageBox.Cancel) != QMessageBox.Yes:
            return  # the person may choose to update by key or replace instead
        self.review.stop()
        self.result_sheet = self.target.currentData()
        self.result_mapping = self.mapping()
        self.result_options = {**self.options(), **self.review.import_options(), "locale": self.locale,
                               "only_valid": only_valid}
        self.result_remember = self.remember.isChecked()
        self.accept()

    def done(self, result: int) -> None:
        self.review.stop()  # its dry run must not outlive the dialog
        super().done(result)


def _match_item(reason: str, confidence: float) -> QTableWidgetItem:
    if not confidence:
        return _item(reason)  # nothing suggested: nothing to check
    item = _item(f"{round(confidence * 100)}% · {reason}" if reason else "")
    if reason and confidence < 1.0:  # a guess: worth a look before importing
        item.setForeground(QColor("#d97706"))
        item.setToolTip("Suggested by similarity of names: check it")
    return item
