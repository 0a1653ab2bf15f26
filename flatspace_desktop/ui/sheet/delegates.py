"""Cell editors fit for each field type, by the editor its type names (domain.fieldtypes): text,
number, date (typed, or picked from a calendar), choice (an enum's options), check (a boolean,
edited as a choice of true and false) and reference lists.

The rule for every editor: opening and leaving it without typing changes nothing. Each
editor is filled with what is stored, shown as typed even when it is invalid, and remembers
that; leaving it writes only when its value differs. Any editor can clear a cell (empty
text, or the empty choice). What is typed is kept as typed: an invalid number or date is
written as given and flagged by validation, never altered or dropped by the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCalendarWidget, QComboBox, QCompleter, QLineEdit, QStyledItemDelegate

from ...domain.cells import parse_date
from ..icons import icon
from .sheet_model import STORED_ROLE

DATE_FORMAT = "yyyy-MM-dd"
CHOICES = ("choice", "check")  # editors that are a list of the type's choices
INVALID_COLOUR = "#dc2626"


class CheckedLineEdit(QLineEdit):
    """A line edit that keeps every keystroke and marks text its field cannot read."""

    def __init__(self, parent, readable, what: str):
        super().__init__(parent)
        self._readable, self._what = readable, what
        self.textChanged.connect(self._mark)

    def _mark(self, text: str) -> None:
        bad = bool(text.strip()) and not self._readable(text)
        # The palette, not a style sheet: a style sheet would redden the calendar popup too.
        palette = QPalette(self.parentWidget().palette() if self.parentWidget() else QApplication.palette())
        if bad:
            palette.setColor(QPalette.Text, QColor(INVALID_COLOUR))
        self.setPalette(palette)
        self.setToolTip(f"Not {self._what}: kept as typed and marked as an error" if bad else "")


class DateEditor(CheckedLineEdit):
    """A date as text (YYYY-MM-DD), with a calendar on the button, Alt+Down or F4."""

    def __init__(self, parent, readable=lambda t: parse_date(t)[0] is not None, what: str = "a date"):
        super().__init__(parent, readable, what)
        self.setPlaceholderText("YYYY-MM-DD")
        self.addAction(icon("calendar"), QLineEdit.TrailingPosition).triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_F4 or (event.key() == Qt.Key_Down and event.modifiers() & Qt.AltModifier):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> None:
        # A child popup: while it has focus the item view does not take the editor for left.
        self.calendar = cal = QCalendarWidget(self)
        cal.setWindowFlags(Qt.Popup)
        cal.setGridVisible(True)
        value, _note = parse_date(self.text()) if self.text().strip() else (None, None)
        if value:
            cal.setSelectedDate(QDate.fromString(value, DATE_FORMAT))
        cal.clicked.connect(self._picked)
        cal.activated.connect(self._picked)
        cal.adjustSize()
        below = self.mapToGlobal(self.rect().bottomLeft())
        screen = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        x = max(screen.left(), min(below.x(), screen.right() - cal.width()))  # whole on screen
        y = below.y() if below.y() + cal.height() <= screen.bottom() else self.mapToGlobal(self.rect().topLeft()).y() - cal.height()
        cal.move(x, max(screen.top(), y))
        cal.show()
        cal.setFocus()

    def _picked(self, day: QDate) -> None:
        self.setText(day.toString(DATE_FORMAT))
        self.calendar.close()
        self.setFocus()


def _no_popup_when_empty(combo: QComboBox, text: str) -> None:
    if not text:  # after the completer's own reaction to the same keystroke
        QTimer.singleShot(0, combo, lambda: _hide_completions(combo))


def _hide_completions(combo: QComboBox) -> None:
    if combo.completer() is not None:
        combo.completer().popup().hide()


class CellDelegate(QStyledItemDelegate):
    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.model = model
        self._initial: dict[int, object] = {}  # editor id -> its value when opened

    def _field(self, index):
        return self.model.fields[index.column()]

    def createEditor(self, parent, option, index):
        f = self._field(index)
        kind = f.kind
        if kind.editor == "number":
            return CheckedLineEdit(parent, lambda t: kind.reads(f, t), kind.expected(f))
        if kind.editor == "date":
            return DateEditor(parent, lambda t: kind.reads(f, t), kind.expected(f))
        if kind.editor in CHOICES:
            editor = QComboBox(parent)
            editor.setEditable(kind.custom_choice(f))
            editor.addItem("", None)  # clears the cell
            for label, value in kind.choices(f):
                editor.addItem(label, value)
            return editor
        if kind.editor == "reference":
            editor = QComboBox(parent)
            editor.setEditable(True)
            editor.addItems([""] + self.model.handle.reference_keys(f.key))
            editor.completer().setCompletionMode(QCompleter.PopupCompletion)
            editor.completer().setFilterMode(Qt.MatchContains)
            # Emptied text means "clear the cell": no list of every key for Enter to pick from.
            editor.lineEdit().textEdited.connect(lambda text, e=editor: _no_popup_when_empty(e, text))
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):
        f = self._field(index)
        stored = index.data(STORED_ROLE)
        if isinstance(editor, QComboBox) and f.kind.editor in CHOICES:
            wanted = f.kind.choice_of(f, stored)
            pos = editor.findData(wanted) if wanted is not None else 0
            if pos < 0 and editor.isEditable():
                editor.setEditText(str(stored))
            else:
                if pos < 0:  # a value that is not an option stays, shown for what it is
                    editor.insertItem(1, f"{stored}  (not an option)", stored)
                    pos = 1
                editor.setCurrentIndex(pos)
        elif isinstance(editor, QComboBox):
            editor.setEditText("" if stored is None else str(stored))
        elif isinstance(editor, DateEditor):
            editor.setText("" if stored is None else str(stored))
        else:
            super().setEditorData(editor, index)
        self._initial[id(editor)] = self._value(editor)
        editor.destroyed.connect(lambda *_a, key=id(editor): self._initial.pop(key, None))

    @staticmethod
    def _value(editor):
        if isinstance(editor, QComboBox):
            return editor.currentIndex(), editor.currentText()
        return editor.text() if isinstance(editor, QLineEdit) else None

    def setModelData(self, editor, model, index):
        if self._initial.get(id(editor), object()) == self._value(editor):
            return  # opened and left without a change: nothing is written
        f = self._field(index)
        if isinstance(editor, QComboBox) and f.kind.editor in CHOICES:
            value = editor.currentData()
            if editor.isEditable() and editor.currentText() != editor.itemText(editor.currentIndex()):
                value = editor.currentText()
            model.setData(index, "" if value is None else value)
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText().strip())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
        else:
            super().setModelData(editor, model, index)
