"""The Space's theme applied to the window: typed values rendered through one stylesheet
template (sidebar with its footer, toolbar accents, action buttons, the filters above the grid,
grid headers and row numbers, selection, current cell, checkboxes), and the grid's message
colours derived from the theme's danger and warning colours.

A theme's colours are CSS text kept as given ("rebeccapurple", "hsl(210 50% 40%)", "#4f46e580");
they are converted here, when drawn, to what Qt reads: #rrggbb, or rgba() with an alpha of
0..255 (Qt's stylesheets know neither CSS's space syntax nor its alpha-last #rrggbbaa)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from string import Template

from PySide6.QtGui import QColor

from ...domain import csscolour as C
from ...domain import theme as T
from ..style import CellColours, is_dark

TEMPLATE = Template("""
QMainWindow, QDialog { $root_font }
QWidget#sidebar-pane { background: $sb_bg; }
QTreeView#sidebar { background: $sb_bg; color: $sb_text; border: none; border-right: 1px solid $sb_border; $root_font }
QTreeView#sidebar::item:hover { background: $sb_hover; }
QTreeView#sidebar::item:selected { background: $sb_focus_bg; color: $sb_focus_text; }
QLabel#sidebar-logo { background: $sb_bg; border-right: 1px solid $sb_border; }
QLabel#sidebar-footer { background: $sb_bg; color: $sb_footer; border: none; border-right: 1px solid $sb_border;
                        border-top: 1px solid $sb_border; padding: 6px 10px; }
QToolBar#main-toolbar { border-bottom: 2px solid $primary; }
QTableView#grid { selection-background-color: $selected; selection-color: $selected_text;
                  gridline-color: $border; $table_font }
QTableView#grid QHeaderView::section:horizontal { background: $head_bg; color: $head_text;
                  border: none; border-right: 1px solid $border; border-bottom: 1px solid $border; padding: 3px 6px;
                  $head_size }
QTableView#grid QHeaderView::section:vertical { background: $index_bg; color: $index_text; border: none;
                  border-bottom: 1px solid $border; padding: 0 4px; }
QTableView#grid QHeaderView::section:vertical:checked { background: $index_sel_bg; color: $index_sel_text; }
QTableView#grid::item:focus { border: ${active_width}px solid $active; }
QTableView#grid::indicator { width: 12px; height: 12px; border-radius: ${cb_radius}px; }
QTableView#grid::indicator:unchecked { background: palette(base); border: 1px solid $cb_border; }
QTableView#grid::indicator:checked { background: $cb_fill; border: 1px solid $cb_fill; image: url("$cb_tick"); }
QToolButton:checked { border: 1px solid $primary; }
QToolButton#filter-all, QToolButton#filter-valid, QToolButton#filter-error {
                  background: palette(button); border: 1px solid $ctrl_border; border-radius: ${filter_radius}px;
                  padding: 2px 8px; $filter_text }
QToolButton#filter-all:hover, QToolButton#filter-valid:hover, QToolButton#filter-error:hover {
                  background: $filter_hover; }
QToolButton#filter-all:checked, QToolButton#filter-valid:checked { background: $filter_on; color: $on_filter_on;
                  border-color: $filter_on; }
QToolButton#filter-error:checked { background: $filter_error; color: $on_filter_error; border-color: $filter_error; }
QPushButton:default { background: $action; color: $on_action; border: 1px solid $action_edge; border-radius: 4px;
                  padding: 3px 6px; }  /* no wider than the native button it replaces: its width is measured before it is the default */
QPushButton:default:hover { background: $action_hover; }
QPushButton:default:pressed { background: $action_edge; }
QPushButton:default:disabled { background: palette(button); color: palette(mid); border-color: $ctrl_border; }
""")
# Drawn only when the theme sets them (so are table.filters.color and table.column.header.fontSize):
# otherwise the desktop's own look stays.
WHEN_SET = {
    "root.interactiveBorderColor": "QLineEdit, QComboBox {{ border: 1px solid {c}; border-radius: 3px; "
                                   "padding: 2px 5px; background: palette(base); }}\n"
                                   "QMenu {{ border: 1px solid {c}; }}",
    "root.tooltipBackgroundColor": "QToolTip {{ background: {c}; color: {on}; border: 1px solid {edge}; "
                                   "padding: 3px; }}",
    "document.borderColor": "QPlainTextEdit#doc-editor, QTextBrowser#doc-preview {{ border: 1px solid {c}; }}",
    "table.loading.color": "QProgressBar#status-progress {{ border: 1px solid {edge}; border-radius: 3px; "
                           "background: palette(base); text-align: center; }}\n"
                           "QProgressBar#status-progress::chunk {{ background: {c}; }}",
}
TEXT = {False: "#1f2937", True: "#e5e7eb"}  # the palette's text (style.palette)


def rgba(colour: str, under: str | None = None) -> tuple[int, int, int, int]:
    """A CSS colour as Qt's 0..255 channels and alpha (on `under` when given: opaque)."""
    r, g, b, a = T.rgba(colour, under)
    return C.byte(r), C.byte(g), C.byte(b), C.byte(a * 255)


def qss(colour: str) -> str:
    """A CSS colour in a form Qt's stylesheet parser reads."""
    r, g, b, a = rgba(colour)
    return f"#{r:02x}{g:02x}{b:02x}" if a >= 255 else f"rgba({r}, {g}, {b}, {a})"


def qcolor(colour: str, under: str | None = None) -> QColor:
    """A CSS colour as a QColor (QColor itself reads neither rgb() nor #rrggbbaa as CSS does)."""
    return QColor(*rgba(colour, under))


def _over(colour: str, under: str) -> str:
    """#rrggbb of a colour as seen on `under` (icons and counts need one opaque colour)."""
    r, g, b, _a = rgba(colour, under)
    return f"#{r:02x}{g:02x}{b:02x}"


def on(colour: str, under: str = "#ffffff") -> str:
    """Text that reads on a filled `colour`: white or near black, whichever contrasts more."""
    return max(("#ffffff", "#111827"), key=lambda text: T.contrast(text, colour, under))


def _font(family: str) -> str:
    return f'font-family: "{family}";' if family else ""


def _px(value, low: float, high: float) -> int:
    return round(min(high, max(low, T.length_px(value) or 0)))


_ticks: dict[str, str] = {}
_tick_dir: Path | None = None


def _tick(colour: str) -> str:
    """The path of a check mark drawn in `colour`: Qt's stylesheets take an indicator's image
    only from a file. Written once per colour, in a folder of this process, removed at exit."""
    global _tick_dir
    if colour not in _ticks:
        if _tick_dir is None:
            _tick_dir = Path(tempfile.mkdtemp(prefix="flatspace-ticks-"))
            atexit.register(shutil.rmtree, _tick_dir, True)
        path = _tick_dir / f"tick-{colour.lstrip('#')}.svg"
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12">'
                        f'<path d="M2.5 6.2l2.3 2.3L9.6 3.6" fill="none" stroke="{colour}" stroke-width="1.8" '
                        'stroke-linecap="round" stroke-linejoin="round"/></svg>', encoding="utf-8")
        _ticks[colour] = path.as_posix()
    return _ticks[colour]


def stylesheet(theme: dict, dark: bool) -> str:
    e = T.effective(theme, dark)
    g = lambda key: T.get(e, key)  # noqa: E731
    c = lambda key: qss(g(key))  # noqa: E731
    window, base = T.WINDOW[dark], T.BASE[dark]
    selected, action = g("table.cell.selected.backgroundColor"), g("root.actionColor")
    ctrl_border = T.mix(g("root.borderColor"), TEXT[dark], 0.35)
    cb_fill = g("table.inputs.checkbox.color")
    filter_on, filter_error = g("table.filters.active.backgroundColor"), g("table.filters.error.activeBackgroundColor")
    head_size = T.get(theme or {}, "table.column.header.fontSize")
    # Surfaces are opaque: a translucent background is drawn as it shows on what lies under it
    # (the sidebar on the window, headers on the grid), never twice over its own layers.
    sb_bg = _over(g("sidebar.backgroundColor"), window)
    index_bg = _over(g("table.indexColumn.backgroundColor"), base)
    sheet = TEMPLATE.substitute(
        root_font=_font(g("root.fontFamily")), table_font=_font(g("table.fontFamily")),
        sb_bg=sb_bg, sb_text=c("sidebar.textColor"), sb_border=c("sidebar.borderColor"),
        sb_hover=qss(T.faded(g("sidebar.focusBgColor"), 0.3)),  # Flatfile: the focus colour at 30%
        sb_focus_bg=_over(g("sidebar.focusBgColor"), sb_bg), sb_focus_text=c("sidebar.focusTextColor"),
        sb_footer=c("sidebar.footerTextColor"),
        primary=c("root.primaryColor"), border=c("root.borderColor"), selected=qss(selected),
        selected_text=on(selected, base),
        head_bg=_over(g("table.column.header.backgroundColor"), base), head_text=c("table.column.header.color"),
        head_size=f"font-size: {_px(head_size, 6, 40)}px;" if T.length_px(head_size) else "",
        index_bg=index_bg, index_text=c("table.indexColumn.color"),
        index_sel_bg=_over(g("table.indexColumn.selected.backgroundColor"), index_bg),
        index_sel_text=c("table.indexColumn.selected.color"),
        active=c("table.cell.active.borderColor"), active_width=_px(g("table.cell.active.borderWidth"), 0, 6),
        cb_radius=_px(g("root.checkboxBorderRadius"), 0, 7), cb_border=c("table.inputs.checkbox.borderColor"),
        cb_fill=qss(cb_fill), cb_tick=_tick(on(cb_fill, base)),
        ctrl_border=qss(ctrl_border), filter_radius=_px(g("table.filters.innerBorderRadius"), 0, 14),
        filter_text=f"color: {c('table.filters.color')};" if g("table.filters.color") else "",
        filter_hover=qss(T.faded(filter_on, 0.15)),
        filter_on=qss(filter_on), on_filter_on=on(filter_on, window),
        filter_error=qss(filter_error), on_filter_error=on(filter_error, window),
        action=qss(action), on_action=on(action, window), action_edge=qss(T.mix(action, "#000000", 0.12)),
        action_hover=qss(T.mix(action, "#ffffff", 0.12)))
    extra = []
    for key, rule in WHEN_SET.items():
        value = g(key)
        if value:
            extra.append(rule.format(c=qss(value), on=on(value, window), edge=qss(T.mix(value, TEXT[dark], 0.3))))
    return sheet + "\n".join(extra)


def sidebar_tints(theme: dict, dark: bool) -> tuple[str, str, str, str]:
    """(icons, icons of the selected row, counts, workbook titles) for the sidebar: its own text
    colours, opaque, so they read on the theme's background whatever the desktop's scheme."""
    e = T.effective(theme or {}, dark)
    bg = _over(T.get(e, "sidebar.backgroundColor"), T.WINDOW[dark])
    text = _over(T.get(e, "sidebar.textColor"), bg)
    return (text, _over(T.get(e, "sidebar.focusTextColor"), _over(T.get(e, "sidebar.focusBgColor"), bg)),
            T.mix(text, bg, 0.35), _over(T.get(e, "sidebar.titleColor"), bg))


def cell_colours(theme: dict | None = None, dark: bool | None = None) -> CellColours:
    dark = is_dark() if dark is None else dark
    e = T.effective(theme or {}, dark)
    base = T.BASE[dark]
    danger, warning, primary = (_over(T.get(e, k), base) for k in ("root.dangerColor", "root.warningColor",
                                                                    "root.primaryColor"))
    error_bg = T.mix(danger, base, 0.72 if dark else 0.88)
    error_fg = T.mix(danger, "#ffffff", 0.45) if dark else T.mix(danger, "#000000", 0.25)
    # A theme's danger colour may be made for the other scheme (a pale red of a dark preset on
    # a light grid): deepen the text until it reads on its cell (WCAG AA, 4.5:1).
    towards, step = ("#ffffff", 0.15) if dark else ("#000000", 0.15)
    while T.contrast(error_fg, error_bg) < 4.5 and step <= 1:
        error_fg, step = T.mix(error_fg, towards, step), step + 0.15
    return CellColours(
        error_bg=qcolor(error_bg),
        warn_bg=qcolor(T.mix(warning, base, 0.72 if dark else 0.85)),
        info_bg=qcolor(T.mix(primary, base, 0.75 if dark else 0.9)),
        error_fg=qcolor(error_fg), match_bg=qcolor("#5a4f14" if dark else "#fff1a8"))
