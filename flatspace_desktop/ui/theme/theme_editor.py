"""The theme editor panel: every key of Flatfile's metadata.theme the window draws, each colour
with a picker and its CSS text (any CSS colour), lengths, fonts, a logo, presets, contrast
warnings, and Apply / Revert / Reset / Import / Export. Every change previews live in the
window; Apply saves it to the Space. Keys it does not offer are kept as they came."""

from __future__ import annotations

import copy
import html
import json

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QColorDialog, QComboBox, QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QScrollArea, QSizePolicy, QToolButton,
                               QVBoxLayout, QWidget)

from ...domain import csscolour as C
from ...domain import theme as T
from ...domain.errors import FlatspaceError
from ...domain.jsonfile import read_json
from ..style import is_dark
from .theming import qcolor

SYSTEM_FONT = "(system font)"
SECTIONS = (("Root", "root."), ("Sidebar", "sidebar."), ("Document", "document."), ("Table", "table."))
CSS_HINT = "Any CSS colour: a name (rebeccapurple), #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl() or hsla()"


class ColourField(QWidget):
    """A swatch that opens a colour picker, and the colour as CSS text: whatever CSS colour is
    typed ("rebeccapurple", "rgb(79 70 229 / 80%)", "hsl(243 75% 59%)", "#4f46e580") is kept
    exactly as typed; text that is no colour is marked and changes nothing."""
    changed = Signal(str, str)  # key, the CSS text or ""
    refused = Signal(str, str)  # key, the one-line reason

    def __init__(self, key: str, parent=None):
        super().__init__(parent)
        self.key = key
        self.swatch = QToolButton(objectName=f"swatch-{key}")
        self.swatch.setToolTip("Choose a colour")
        self.swatch.clicked.connect(self._pick)
        self.hex = QLineEdit(objectName=f"hex-{key}", placeholderText="default")
        self.hex.setFixedWidth(160)
        self.hex.setToolTip(CSS_HINT)
        self.hex.editingFinished.connect(self._typed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.swatch)
        row.addWidget(self.hex)
        row.addStretch(1)

    def show_value(self, own: str | None, effective: str | None) -> None:
        self.hex.setText(own or "")
        self.hex.setCursorPosition(0)  # a long rgb() or hsl() shows from its start
        self.hex.setPlaceholderText(effective or "default")
        self.hex.setStyleSheet("")
        self.hex.setToolTip(CSS_HINT)
        pm = QPixmap(18, 18)
        pm.fill(Qt.white)
        shown = own or effective
        if shown and C.is_colour(shown):
            painter = QPainter(pm)
            painter.fillRect(pm.rect(), qcolor(shown))  # a translucent colour as it shows on white
            painter.end()
        self.swatch.setIcon(QIcon(pm))

    def _pick(self) -> None:
        current = self.hex.text().strip() or self.hex.placeholderText()
        start = qcolor(current) if C.is_colour(current) else QColor(Qt.white)
        colour = QColorDialog.getColor(start, self, "Choose a colour", QColorDialog.ShowAlphaChannel)
        if colour.isValid():
            self.changed.emit(self.key, C.to_hex((colour.red(), colour.green(), colour.blue(), colour.alphaF())))

    def _typed(self) -> None:
        text = self.hex.text().strip()
        if text and not C.is_colour(text) and C.is_colour("#" + text):
            text = "#" + text  # hex digits typed without their "#"
        if text and not C.is_colour(text):
            try:
                T.check(T.put({}, self.key, text))
                reason = CSS_HINT
            except FlatspaceError as exc:
                reason = str(exc)  # one line, naming the key
            self.hex.setStyleSheet("color: #dc2626")
            self.hex.setToolTip(reason)
            self.refused.emit(self.key, reason)
            return
        self.hex.setStyleSheet("")
        self.changed.emit(self.key, text)


class LengthField(QLineEdit):
    """A CSS length ("4px", "0.25rem"), kept as typed."""
    changed = Signal(str, str)
    refused = Signal(str, str)

    def __init__(self, key: str, parent=None):
        super().__init__(parent, objectName=f"length-{key}", placeholderText="default")
        self.key = key
        self.setFixedWidth(90)
        self.editingFinished.connect(self._typed)

    def show_value(self, own, effective) -> None:
        self.setText("" if own is None else str(own))
        self.setPlaceholderText(str(effective) if effective is not None else "default")
        self.setStyleSheet("")

    def _typed(self) -> None:
        text = self.text().strip()
        try:
            T.check(T.put({}, self.key, text))
        except FlatspaceError as exc:
            self.setStyleSheet("color: #dc2626")
            self.refused.emit(self.key, str(exc))
            return
        self.setStyleSheet("")
        self.changed.emit(self.key, text)


class ThemeEditor(QWidget):
    previewed = Signal(dict)  # the working theme: the window shows it at once
    saved = Signal(dict)

    def __init__(self, fs, actor, space_id: str, parent=None):
        super().__init__(parent)
        self.fs, self.actor, self.space_id = fs, actor, space_id
        self.stored = fs.open(actor, space_id).theme.get()
        self.working = copy.deepcopy(self.stored)
        self.fields: dict[str, QWidget] = {}
        self.preset = QComboBox(objectName="preset")
        self.preset.addItem("Apply a preset…", None)
        for name in T.PRESETS:
            self.preset.addItem(name, name)
        self.preset.setToolTip("Start from a ready-made look; then adjust any colour below")
        self.preset.activated.connect(self._preset)
        # Above the scrolled form: a warning must be seen whatever part of the form is in view.
        self.warnings = QLabel(objectName="contrast-warnings", wordWrap=True)
        self.warnings.setTextFormat(Qt.RichText)
        self.warnings.hide()
        self.refusal = QLabel(objectName="theme-refused", wordWrap=True)  # a value typed that is no colour
        self.refusal.setStyleSheet("QLabel#theme-refused { color: #dc2626; }")
        self.refusal.hide()
        body = QWidget(objectName="theme-form")
        form_box = QVBoxLayout(body)
        form_box.setContentsMargins(0, 0, 0, 0)
        families = [SYSTEM_FONT] + sorted(QFontDatabase.families())
        for title, prefix in SECTIONS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setRowWrapPolicy(QFormLayout.WrapAllRows)  # fields under their labels: CSS text fits a narrow dock
            form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
            form.setContentsMargins(8, 8, 8, 8)
            for key in T.KEYS:
                if not key.startswith(prefix):
                    continue
                if key in T.COLOUR_KEYS or key in T.LENGTH_KEYS:
                    w = ColourField(key) if key in T.COLOUR_KEYS else LengthField(key)
                    w.changed.connect(self.set_value)
                    w.refused.connect(lambda _k, reason: self._show_refusal(reason))
                elif key in T.FONT_KEYS:
                    w = QComboBox(objectName=f"font-{key}")
                    w.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
                    w.setMinimumContentsLength(8)  # not as wide as the longest font name
                    w.addItems(families)
                    w.activated.connect(lambda _i, k=key, c=w: self.set_value(
                        k, "" if c.currentText() == SYSTEM_FONT else c.currentText()))
                else:
                    self.fields[key] = self._logo_row()
                    form.addRow(self.fields[key])  # the whole width: its two buttons fit a narrow dock
                    continue
                self.fields[key] = w
                form.addRow(T.LABELS[key] + ":", w)
            form_box.addWidget(group)
        form_box.addStretch(1)
        self.scroll = QScrollArea(widgetResizable=True, objectName="theme-scroll")
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidget(body)
        self.apply_button = QPushButton("Apply", clicked=self.apply, objectName="theme-apply")
        self.apply_button.setToolTip("Save this look to the Space")
        self.revert_button = QPushButton("Revert", clicked=self.revert, objectName="theme-revert")
        self.revert_button.setToolTip("Back to the look last saved")
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
        layout.setContentsMargins(4, 6, 4, 6)
        layout.addWidget(self.preset)
        layout.addWidget(self.warnings)
        layout.addWidget(self.refusal)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        layout.addLayout(buttons2)
        self._built = True
        self.refresh()

    def sizeHint(self) -> QSize:
        # Room for the form's widest row; the grid beside it keeps the rest of a 1280 px window.
        return QSize(max(320, self.scroll.widget().minimumSizeHint().width() + 24), 600)

    def _logo_row(self) -> QWidget:
        w = QWidget()
        row = QHBoxLayout(w)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(T.LABELS[T.LOGO_KEY] + ":"))
        self.logo_label = QLabel("none", objectName="logo-state")
        # A long URL is clipped (and in full in the tooltip) rather than widening the dock.
        self.logo_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        row.addWidget(self.logo_label, 1)
        row.addWidget(QPushButton("Choose…", clicked=self._choose_logo, objectName="logo-choose"))
        self.logo_remove = QPushButton("Remove", clicked=lambda: self.set_value(T.LOGO_KEY, ""),
                                       objectName="logo-remove")
        row.addWidget(self.logo_remove)
        return w

    # ---- state
    def refresh(self) -> None:
        self._show_state()
        self.previewed.emit(self.working)

    def _show_state(self) -> None:
        eff = T.effective(self.working, is_dark())
        self.refusal.hide()
        for key, w in self.fields.items():
            if isinstance(w, (ColourField, LengthField)):
                w.show_value(T.get(self.working, key), T.get(eff, key))
            elif isinstance(w, QComboBox):
                w.setCurrentText(T.get(self.working, key) or SYSTEM_FONT)
        logo = T.get(self.working, T.LOGO_KEY) or ""
        self.logo_label.setText("kept in this Space" if logo.startswith("blob:") else logo or "none")
        self.logo_label.setToolTip(self.logo_label.text())
        self.logo_remove.setEnabled(bool(logo))
        self._show_warnings(T.contrast_warnings(self.working, is_dark()))
        dirty = self.working != self.stored
        self.apply_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings.setVisible(bool(warnings))
        if not warnings:
            self.warnings.setText("")
            return
        # The editor is drawn in the desktop's colours (not the theme's): a note that reads on them.
        bg, border, fg = ("#422006", "#b45309", "#fde68a") if is_dark() else ("#fef3c7", "#f59e0b", "#78350f")
        self.warnings.setStyleSheet(f"QLabel#contrast-warnings {{ background: {bg}; color: {fg}; "
                                    f"border: 1px solid {border}; border-radius: 4px; padding: 6px; }}")
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        self.warnings.setText(f"<b>⚠ Hard to read</b><ul style='margin: 2px 0 0 -24px'>{items}</ul>")

    def _show_refusal(self, reason: str) -> None:
        """What was typed is no colour: said in one line; the theme keeps what it had."""
        self.refusal.setText(reason)
        self.refusal.show()

    def changeEvent(self, event) -> None:
        # The desktop's scheme changed: the defaults shown and the warnings are the other scheme's
        # now. (The window shows the theme again itself; emitting here would restyle in a loop.)
        if event.type() == QEvent.PaletteChange and getattr(self, "_built", False):
            self._show_state()
        super().changeEvent(event)

    def set_value(self, key: str, value: str) -> None:
        try:
            self.working = T.put(self.working, key, value)
        except FlatspaceError as exc:  # an imported theme holds text where this key's section would be
            self._show_refusal(str(exc))
            return
        self.refresh()

    def apply(self) -> None:
        try:
            self.fs.open(self.actor, self.space_id).theme.set(self.working)
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
                self.set_value(T.LOGO_KEY, self.fs.open(self.actor, self.space_id).theme.store_logo(path))
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


