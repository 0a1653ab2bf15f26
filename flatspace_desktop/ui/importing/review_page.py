"""The import dialog's last page: how each column will be read (overridable per column), the
missing-value tokens, what becomes of the records already in the sheet, and a review of the
whole file, computed in the background by a dry run, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHeaderView, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QTableWidget, QVBoxLayout, QWidget)

from ...domain.errors import FlatspaceError
from ...domain.importing.casting import Overrides
from ...domain.importing.dates import ORDER_WORDS, ORDERS
from ...domain.importing.guess import DATE_KINDS, NUMBER_KINDS
from ...domain.importing.tokens import DEFAULT_MISSING, TokenListError, format_missing, parse_missing
from ..tasks import Task
from .recipe_choice import RecipeChoice
from .widgets import esc as _esc
from .widgets import item as _item

DECIMAL_WORDS = {".": "decimal point (1,234.5)", ",": "decimal comma (1.234,5)"}
EXISTING = (("Add the file's records to them", "add"), ("Update those with the same key, add the others", "update"),
            ("Replace them with the file's records", "replace"))


READ_AS, SETTING, WHY = 2, 3, 4  # the table's columns of choices and of the guess


class ReviewPage(QWidget):
    """Filled by show(); `settled` says whether every column has a reading (Import waits for it)."""
    changed = Signal()

    def __init__(self, dialog):
        super().__init__()
        self.dialog = dialog
        self.columns: list[dict] = []
        self.task: Task | None = None
        self.last_review: dict | None = None
        self.missing_edit = QLineEdit(format_missing(DEFAULT_MISSING), objectName="missing-values")
        self.missing_edit.setToolTip('Cell texts that mean "no value", separated by commas; quote one that holds a '
                                     'comma. They become empty cells.')
        self.missing_edit.textChanged.connect(self._reread)
        self.missing_error = QLabel(objectName="missing-error")
        self.table = QTableWidget(0, 5, objectName="reading-table")
        self.table.setHorizontalHeaderLabels(["Column", "Field", "Read as", "Date order / decimal",
                                              "What its values are"])
        self.table.horizontalHeader().setSectionResizeMode(WHY, QHeaderView.Stretch)
        self.table.verticalHeader().hide()
        self.questions = QLabel(objectName="reading-questions", wordWrap=True)
        self.existing = QComboBox(objectName="existing")
        for text, value in EXISTING:
            self.existing.addItem(text, value)
        self.existing.currentIndexChanged.connect(self._existing_changed)
        self.keys = QListWidget(objectName="update-keys")
        self.keys.setMaximumHeight(90)
        self.keys.itemChanged.connect(lambda _i: self._schedule())
        self.before = QLabel(objectName="imported-before", wordWrap=True)
        self.review = QLabel(objectName="review", wordWrap=True, textFormat=Qt.RichText)
        self.review.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self._timer = QTimer(self, singleShot=True, interval=400, timeout=self._start_review)
        form = self.form = QFormLayout()
        form.addRow("Missing values:", self.missing_edit)
        form.addRow("", self.missing_error)
        form.addRow("Records already in the sheet:", self.existing)
        form.addRow("Key fields:", self.keys)
        self.recipe = RecipeChoice()
        self.recipe.chosen.connect(self.dialog.use_recipe_mapping)
        form.addRow("Then prepare with:", self.recipe)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>How each column will be read</b> (decided from all its values; change any):"))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.questions)
        layout.addLayout(form)
        layout.addWidget(self.before)
        layout.addWidget(self.review, 2)

    # ---- what the dialog asks for
    def missing(self) -> tuple[str, ...]:
        try:
            return parse_missing(self.missing_edit.text()) or ("",)
        except TokenListError:
            return DEFAULT_MISSING

    def _row(self, r: int) -> tuple[str, str | None]:
        """Row r's chosen reading and its date order or decimal separator (None: not chosen)."""
        setting = self.table.cellWidget(r, SETTING)
        return (self.table.cellWidget(r, READ_AS).currentData(),
                setting.currentData() if isinstance(setting, QComboBox) else None)

    def _open(self, r: int) -> bool:
        """Row r still needs its date order or decimal separator chosen."""
        reading, value = self._row(r)
        c = self.columns[r]
        if value is not None or not isinstance(self.table.cellWidget(r, SETTING), QComboBox):
            return False
        return not (reading == c["readsAs"] and c["settled"])

    def overrides(self) -> dict[str, Overrides]:
        out = {}
        for r, c in enumerate(self.columns):
            reading, value = self._row(r)
            ov = Overrides(kind=None if reading == c["readsAs"] else reading,
                           date_order=value if reading in DATE_KINDS else None,
                           decimal=value if reading in NUMBER_KINDS else None)
            if ov != Overrides():
                out[c["key"]] = ov
        return out

    def strategy(self) -> dict:
        existing = self.existing.currentData()
        keys = [self.keys.item(i).data(Qt.UserRole) for i in range(self.keys.count())
                if self.keys.item(i).checkState() == Qt.Checked]
        return {"existing": existing, "update_by": tuple(keys) if existing == "update" else ()}

    def import_options(self) -> dict:
        recipe = {"recipe": self.recipe.recipe()} if self.recipe.recipe() is not None else {}
        return {"missing": self.missing(), "columns": self.overrides(), **self.strategy(), **recipe}

    @property
    def settled(self) -> bool:
        """Every column has a reading and, to update by key, a key is chosen."""
        if self.missing_error.text():
            return False
        if any(self._open(r) for r in range(len(self.columns))):
            return False
        s = self.strategy()
        return s["existing"] != "update" or bool(s["update_by"])

    # ---- filling
    def show_file(self) -> None:
        """Read how the chosen mapping's columns will be read (a survey of the file)."""
        d = self.dialog
        try:
            found = d.fs.open(d.actor, d.space_id).files.reading(
                d.file_id, d.target.currentData(), d.mapping(), missing=self.missing(), locale=d.locale,
                **d.options())
        except FlatspaceError as exc:
            self.columns = []
            self.table.setRowCount(0)
            self.questions.setText(f"<span style='color:#dc2626'>{_esc(str(exc))}</span>")
            self.changed.emit()
            return
        self.columns = found["columns"]
        self._fill_table()
        self._fill_keys()
        when = found["importedBefore"]
        self.before.setText("" if not when else
                            f"<span style='color:#d97706'>This file (the same content) was imported into this sheet "
                            f"before, on {_esc(when[:16].replace('T', ' '))}. To avoid duplicates, update the records "
                            "with the same key or replace them.</span>")
        self._schedule()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.columns))
        for r, c in enumerate(self.columns):
            self.table.setItem(r, 0, _item(c["label"]))
            self.table.setItem(r, 1, _item(f"{c['key']} ({c['fieldType']})"))
            reading = QComboBox(toolTip="How the column's cells are read before the field takes them; "
                                "'as written' hands each cell to the field as the file writes it")
            for way in c["readings"]:
                reading.addItem(way["words"], way["kind"])
            reading.setCurrentIndex(max(0, reading.findData("text" if c["keepAsText"] else c["readsAs"])))
            reading.currentIndexChanged.connect(lambda _i, r=r: self._reading_changed(r))
            self.table.setCellWidget(r, READ_AS, reading)
            self.table.setCellWidget(r, SETTING, self._choice(c, reading.currentData()))
            why = _item(c["why"] or "no values")
            why.setToolTip(why.text())  # the whole line where the column cuts it
            self.table.setItem(r, WHY, why)
        self.table.resizeColumnsToContents()
        for col, widest in ((READ_AS, 250), (SETTING, 190)):  # the guess beside them gets the room
            self.table.setColumnWidth(col, min(widest, self.table.columnWidth(col)))
        self.table.horizontalHeader().setSectionResizeMode(WHY, QHeaderView.Stretch)
        self._show_questions()

    def _reading_changed(self, r: int) -> None:
        self.table.setCellWidget(r, SETTING, self._choice(self.columns[r], self._row(r)[0]))
        self._show_questions()
        self._schedule()

    def _choice(self, c: dict, reading: str) -> QWidget:
        """The date order or decimal separator of a column read as dates or numbers."""
        if reading in DATE_KINDS:
            same = c["kind"] in DATE_KINDS  # the values' own orders, else any
            words, allowed = ORDER_WORDS, (c["dateOrders"] if same else []) or list(ORDERS)
            current = c["dateOrder"] if same else None
        elif reading in NUMBER_KINDS:
            same = c["kind"] in NUMBER_KINDS
            words, allowed = DECIMAL_WORDS, (c["decimals"] if same else []) or list(DECIMAL_WORDS)
            current = c["decimal"] if same else "."
        else:
            return QLabel("")
        combo = QComboBox()
        if current is None:
            settled = reading == c["readsAs"] and c["settled"]  # e.g. month names: no order needed
            combo.addItem("as the values say" if settled else "Choose…", None)
        for value in allowed:
            combo.addItem(words[value], value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.currentIndexChanged.connect(lambda _i: self._show_questions())
        combo.currentIndexChanged.connect(lambda _i: self._schedule())
        return combo

    def _show_questions(self) -> None:
        open_ = []
        for r, c in enumerate(self.columns):
            unsettled = self._open(r)
            for col in (0, 1, WHY):
                item = self.table.item(r, col)
                if item:
                    item.setBackground(QColor("#fde68a") if unsettled else QColor(0, 0, 0, 0))
            if unsettled:
                what = "date order" if self._row(r)[0] in DATE_KINDS else "decimal separator"
                open_.append(f"the {what} of {_esc(c['label'])}")
        self.questions.setText("" if not open_ else
                               "<span style='color:#d97706'>Its values read either way: choose "
                               + "; ".join(open_) + ".</span>")
        self.changed.emit()

    def _fill_keys(self) -> None:
        chosen = set(self.strategy()["update_by"])
        self.keys.blockSignals(True)
        self.keys.clear()
        for c in self.columns:
            item = QListWidgetItem(f"{c['key']}  ({c['label']})")
            item.setData(Qt.UserRole, c["key"])
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if c["key"] in chosen else Qt.Unchecked)
            self.keys.addItem(item)
        self.keys.blockSignals(False)
        self._existing_changed()

    def _existing_changed(self, *_a) -> None:
        self.form.setRowVisible(self.keys, self.existing.currentData() == "update")  # only a key update takes keys
        self._schedule()

    def _reread(self, *_a) -> None:
        try:
            parse_missing(self.missing_edit.text())
            self.missing_error.setText("")
        except TokenListError as exc:
            self.missing_error.setText(f"<span style='color:#dc2626'>{_esc(str(exc))}</span>")
            self.changed.emit()
            return
        self.show_file()

    # ---- the review, by a dry run in the background
    def _schedule(self, *_a) -> None:
        self.changed.emit()
        self._timer.start()

    def _start_review(self) -> None:
        self.stop()
        if not self.dialog.isVisible() or self.dialog.pages.currentWidget() is not self:
            return  # the dialog was closed, or the person went back, while the timer ran
        if not self.settled:
            self.review.setText("The review of the whole file follows once every question above is answered.")
            return
        d, options = self.dialog, {**self.dialog.options(), **self.import_options(), "locale": self.dialog.locale}
        sheet, mapping = d.target.currentData(), d.mapping()

        def work(progress, cancelled):
            return d.fs.open(d.actor, d.space_id).files.import_file(
                d.file_id, sheet, mapping=mapping, remember=False, dry_run=True, cancelled=cancelled, **options)

        self.review.setText("Checking the whole file…")
        task = self.task = Task("Checking the file", work, self)
        # A review stopped for a newer one still reports (cancelled): only the current one is shown
        task.succeeded.connect(lambda result: task is self.task and self._reviewed(result))
        task.failed.connect(lambda text: task is self.task and self.review.setText(
            f"<span style='color:#dc2626'>{_esc(text)}</span>"))
        task.start()

    def _reviewed(self, result: dict) -> None:
        r = result["review"]
        lines = [f"<b>If imported: {r['valid']:,} valid and {r['invalid']:,} invalid records</b>"
                 + (f", {result['updated']:,} of them updating records already there" if result["updated"] else "")
                 + (f"; the sheet's {result['removed']:,} records replaced" if result["removed"] else "") + "."]
        if r["errorsByField"]:
            lines.append("Records with errors, by field: " + ", ".join(
                f"{_esc(k)} {n:,}" for k, n in r["errorsByField"].items()))
            lines += [f"&nbsp;&nbsp;{e['count']:,} × {_esc(e['field'])}: {_esc(e['message'])}" for e in r["topErrors"][:6]]
            lines.append("Import all keeps the invalid records, flagged, to fix in the sheet; Import only valid "
                         "leaves them out.")
        left = [h for h, key in self.dialog.mapping().columns.items() if not key]
        if left:  # found by a new user's trial: most of a file's columns could go unnoticed
            lines.insert(1, f"<span style='color:#b45309'><b>{len(left)} of {len(self.dialog.headers)} columns will "
                            f"not be imported:</b> {_esc(', '.join(left))} (Back to map them)</span>")
        self.review.setText("<br>".join(lines))
        self.last_review = result

    def stop(self) -> None:
        """Stop a review still running (its dry run holds the Space's write lock), or waiting to."""
        self._timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
            self.task = None

