"""The Space's theme applied to the window: typed values rendered through one stylesheet
template (sidebar, toolbar accents, grid headers and row numbers, selection, current cell),
and the grid's message colours derived from the theme's danger and warning colours."""

from __future__ import annotations

from string import Template

from PySide6.QtGui import QColor

from ..core import theme as T
from .style import CellColours, is_dark

TEMPLATE = Template("""
QMainWindow, QDialog { $root_font }
QTreeView#sidebar { background: $sb_bg; color: $sb_text; border: none; $root_font }
QTreeView#sidebar::item:selected { background: $sb_focus_bg; color: $sb_focus_text; }
QToolBar#main-toolbar { border-bottom: 2px solid $primary; }
QTableView#grid { selection-background-color: $selected; selection-color: $selected_text;
                  gridline-color: $border; $table_font }
QTableView#grid QHeaderView::section:horizontal { background: $head_bg; color: $head_text;
                  border: none; border-right: 1px solid $border; border-bottom: 1px solid $border; padding: 3px 6px; }
QTableView#grid QHeaderView::section:vertical { background: $index_bg; color: $index_text; border: none;
                  border-bottom: 1px solid $border; padding: 0 4px; }
QTableView#grid::item:focus { border: 2px solid $active; }
QToolButton:checked { border: 1px solid $primary; }
QPushButton:default { border: 1px solid $primary; }
""")


def _font(family: str) -> str:
    return f'font-family: "{family}";' if family else ""


def stylesheet(theme: dict, dark: bool) -> str:
    e = T.effective(theme, dark)
    g = lambda key: T.get(e, key)  # noqa: E731
    selected = g("table.cell.selected.backgroundColor")
    return TEMPLATE.substitute(
        root_font=_font(g("root.fontFamily")), table_font=_font(g("table.fontFamily")),
        sb_bg=g("sidebar.backgroundColor"), sb_text=g("sidebar.textColor"),
        sb_focus_bg=g("sidebar.focusBgColor"), sb_focus_text=g("sidebar.focusTextColor"),
        primary=g("root.primaryColor"), border=g("root.borderColor"), selected=selected,
        selected_text="#ffffff" if T.luminance(selected) < 0.25 else "#111827",
        head_bg=g("table.column.header.backgroundColor"), head_text=g("table.column.header.color"),
        index_bg=g("table.indexColumn.backgroundColor"), index_text=g("table.indexColumn.color"),
        active=g("table.cell.active.borderColor"))


def sidebar_tints(theme: dict, dark: bool) -> tuple[str, str, str]:
    """(icons, icons of the selected row, counts) for the sidebar: its own text colours, so they
    read on the theme's background whatever the desktop's scheme."""
    e = T.effective(theme or {}, dark)
    text, bg = T.get(e, "sidebar.textColor"), T.get(e, "sidebar.backgroundColor")
    return text, T.get(e, "sidebar.focusTextColor"), T.mix(text, bg, 0.35)


def cell_colours(theme: dict | None = None, dark: bool | None = None) -> CellColours:
    dark = is_dark() if dark is None else dark
    e = T.effective(theme or {}, dark)
    base = "#1e1f24" if dark else "#ffffff"
    danger, warning, primary = T.get(e, "root.dangerColor"), T.get(e, "root.warningColor"), T.get(e, "root.primaryColor")
    error_bg = T.mix(danger, base, 0.72 if dark else 0.88)
    error_fg = T.mix(danger, "#ffffff", 0.45) if dark else T.mix(danger, "#000000", 0.25)
    # A theme's danger colour may be made for the other scheme (a pale red of a dark preset on
    # a light grid): deepen the text until it reads on its cell (WCAG AA, 4.5:1).
    towards, step = ("#ffffff", 0.15) if dark else ("#000000", 0.15)
    while T.contrast(error_fg, error_bg) < 4.5 and step <= 1:
        error_fg, step = T.mix(error_fg, towards, step), step + 0.15
    return CellColours(
        error_bg=QColor(error_bg),
        warn_bg=QColor(T.mix(warning, base, 0.72 if dark else 0.85)),
        info_bg=QColor(T.mix(primary, base, 0.75 if dark else 0.9)),
        error_fg=QColor(error_fg))
