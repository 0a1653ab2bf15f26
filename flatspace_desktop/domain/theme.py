"""A Space's theme as typed values in Flatfile's metadata.theme shape: root, sidebar, document and
table sections with nested keys (table.column.header.backgroundColor, ...). Colours are any CSS
colour (csscolour.py) and are kept exactly as given; so is every key this window does not draw
(Flatfile's email.*, table.buttons.*, radii of badges and modals, ...), and any unknown key.

The effective theme is the defaults of the light or dark scheme overlaid with the Space's values;
keys Flatfile derives from others when unset (the action colour from the primary one, the
checkboxes and the active filter from the action colour, ...) are derived the same way here.
Each text/background pair is checked for WCAG AA contrast."""

from __future__ import annotations

import copy
import math
import re
from typing import Any

from . import csscolour as C
from .errors import InvalidInput
from .names import check_logo

# Every key the window draws, in the order the theme editor shows them (grouped by section).
COLOUR_KEYS = (
    "root.primaryColor", "root.actionColor", "root.dangerColor", "root.warningColor", "root.successColor",
    "root.borderColor", "root.checkboxBorderColor", "root.interactiveBorderColor", "root.tooltipBackgroundColor",
    "sidebar.backgroundColor", "sidebar.textColor", "sidebar.titleColor", "sidebar.focusBgColor",
    "sidebar.focusTextColor", "sidebar.footerTextColor", "sidebar.borderColor",
    "document.borderColor",
    "table.column.header.backgroundColor", "table.column.header.color", "table.indexColumn.backgroundColor",
    "table.indexColumn.color", "table.indexColumn.selected.backgroundColor", "table.indexColumn.selected.color",
    "table.cell.selected.backgroundColor", "table.cell.active.borderColor",
    "table.inputs.checkbox.color", "table.inputs.checkbox.borderColor",
    "table.filters.color", "table.filters.active.backgroundColor", "table.filters.error.activeBackgroundColor",
    "table.loading.color",
)
LENGTH_KEYS = ("root.checkboxBorderRadius", "table.column.header.fontSize", "table.cell.active.borderWidth",
               "table.filters.innerBorderRadius")
FONT_KEYS = ("root.fontFamily", "table.fontFamily")
LOGO_KEY = "sidebar.logo"
KEYS = COLOUR_KEYS + LENGTH_KEYS + FONT_KEYS + (LOGO_KEY,)
LABELS = {
    "root.primaryColor": "Primary", "root.actionColor": "Action buttons", "root.dangerColor": "Errors",
    "root.warningColor": "Warnings", "root.successColor": "Success", "root.borderColor": "Borders",
    "root.checkboxBorderColor": "Checkbox borders", "root.checkboxBorderRadius": "Checkbox corners",
    "root.interactiveBorderColor": "Input and menu borders", "root.tooltipBackgroundColor": "Tooltips",
    "root.fontFamily": "Font",
    "sidebar.backgroundColor": "Background", "sidebar.textColor": "Text", "sidebar.titleColor": "Workbook titles",
    "sidebar.focusBgColor": "Selected background", "sidebar.focusTextColor": "Selected text",
    "sidebar.footerTextColor": "Footer text", "sidebar.borderColor": "Border", "sidebar.logo": "Logo",
    "document.borderColor": "Borders",
    "table.fontFamily": "Font", "table.column.header.backgroundColor": "Header background",
    "table.column.header.color": "Header text", "table.column.header.fontSize": "Header text size",
    "table.indexColumn.backgroundColor": "Row numbers background", "table.indexColumn.color": "Row numbers text",
    "table.indexColumn.selected.backgroundColor": "Selected row numbers background",
    "table.indexColumn.selected.color": "Selected row numbers text",
    "table.cell.selected.backgroundColor": "Selected cells", "table.cell.active.borderColor": "Current cell border",
    "table.cell.active.borderWidth": "Current cell border width",
    "table.inputs.checkbox.color": "Checkboxes", "table.inputs.checkbox.borderColor": "Checkbox borders",
    "table.filters.color": "Filters text", "table.filters.active.backgroundColor": "Active filter",
    "table.filters.error.activeBackgroundColor": "Active errors filter",
    "table.filters.innerBorderRadius": "Filter corners", "table.loading.color": "Progress",
}
# Keys of Flatfile's theme reference with nothing to draw in this window: kept, and written back
# as they came (a Space exported to Flatfile keeps its look there).
KEPT_KEYS = (
    "root.buttonBorderRadius", "root.badgeBorderColor", "root.badgeBorderRadius", "root.interactiveBorderRadius",
    "root.tabstripActiveColor", "root.tabstripInactiveColor", "root.tabstripHoverTextColor",
    "root.tabstripHoverBorderColor", "root.modalBorderRadius", "root.pillBorderRadius",
    "root.popoverBackgroundColor", "root.popoverBorderRadius", "sidebar.textUltralightColor",
    "table.inputs.radio.color", "table.filters.outerBorderRadius", "table.filters.outerBorder",
    "table.buttons.iconColor", "table.buttons.pill.color", "table.buttons.pill.backgroundColor",
    "table.column.header.dragHandle.idle", "table.column.header.dragHandle.dragging",
    "table.cell.active.spinnerColor", "table.cell.active.borderShadow", "table.cell.number.fontFamily",
    "table.boolean.toggleChecked", "email.logo", "email.textColor", "email.titleColor", "email.buttonBgColor",
    "email.buttonTextColor", "email.footerTextColor", "email.backgroundColor", "email.dark",
)
# The window's own surfaces follow the desktop's scheme, not the theme (see ui/style.palette).
WINDOW = {False: "#f5f6f8", True: "#26272d"}
BASE = {False: "#ffffff", True: "#1e1f24"}
# (text, background) pairs a person has to read; "#..." is a fixed colour, "@window" the window.
CONTRAST_PAIRS = (
    ("sidebar.textColor", "sidebar.backgroundColor"), ("sidebar.titleColor", "sidebar.backgroundColor"),
    ("sidebar.focusTextColor", "sidebar.focusBgColor"), ("sidebar.footerTextColor", "sidebar.backgroundColor"),
    ("table.column.header.color", "table.column.header.backgroundColor"),
    ("table.indexColumn.color", "table.indexColumn.backgroundColor"),
    ("table.indexColumn.selected.color", "table.indexColumn.selected.backgroundColor"),
    ("table.filters.color", "@window"),
    ("#ffffff", "root.primaryColor"),
)
AA = 4.5

LIGHT = {
    "root": {"primaryColor": "#4f46e5", "dangerColor": "#dc2626", "warningColor": "#b45309",
             "successColor": "#15803d", "borderColor": "#e5e7eb", "fontFamily": ""},
    "sidebar": {"backgroundColor": "#f8fafc", "textColor": "#1f2937", "titleColor": "#111827",
                "focusBgColor": "#4f46e5", "focusTextColor": "#ffffff", "logo": ""},
    "table": {"fontFamily": "", "column": {"header": {"backgroundColor": "#f3f4f6", "color": "#111827"}},
              "indexColumn": {"backgroundColor": "#f9fafb", "color": "#4b5563"},
              "cell": {"selected": {"backgroundColor": "#e0e7ff"}, "active": {"borderColor": "#4f46e5"}}},
}
DARK = {
    "root": {"primaryColor": "#4f46e5", "dangerColor": "#f87171", "warningColor": "#fbbf24",
             "successColor": "#4ade80", "borderColor": "#374151", "fontFamily": ""},
    "sidebar": {"backgroundColor": "#1b1c21", "textColor": "#e5e7eb", "titleColor": "#f9fafb",
                "focusBgColor": "#4f46e5", "focusTextColor": "#ffffff", "logo": ""},
    "table": {"fontFamily": "", "column": {"header": {"backgroundColor": "#2a2b31", "color": "#f3f4f6"}},
              "indexColumn": {"backgroundColor": "#24252b", "color": "#9ca3af"},
              "cell": {"selected": {"backgroundColor": "#312e81"}, "active": {"borderColor": "#818cf8"}}},
}
PRESETS = {
    "Flatspace light": LIGHT,
    "Flatspace dark": DARK,
    "Ocean": {"root": {"primaryColor": "#0e7490", "borderColor": "#cbd5e1"},
              "sidebar": {"backgroundColor": "#ecfeff", "textColor": "#164e63", "titleColor": "#083344",
                          "focusBgColor": "#0e7490", "focusTextColor": "#ffffff"},
              "table": {"column": {"header": {"backgroundColor": "#cffafe", "color": "#083344"}},
                        "cell": {"selected": {"backgroundColor": "#a5f3fc"}, "active": {"borderColor": "#0e7490"}}}},
    "Midnight": {**copy.deepcopy(DARK), "sidebar": {**DARK["sidebar"], "backgroundColor": "#0f172a",
                                                    "focusBgColor": "#0ea5e9", "focusTextColor": "#0f172a"}},
}


def _same(key):
    return lambda e, _dark: get(e, key)


def _readable(background: str, *texts: str):
    """Whichever of the `texts` keys reads best on `background` (all from the effective theme)."""
    return lambda e, _dark: max((get(e, k) for k in texts), key=lambda c: contrast(c, get(e, background)))


# Keys that follow others when a theme leaves them unset, in order (a later one may read an
# earlier one). Flatfile: "the action colour defaults to a slightly lighter shade of the primary
# colour"; checkboxes and the active filter take the action colour; the errors filter the
# danger colour; the sidebar inherits the root's borders.
DERIVED = (
    ("root.actionColor", lambda e, _d: mix(get(e, "root.primaryColor"), "#ffffff", 0.12)),
    ("root.checkboxBorderColor", lambda _e, dark: "#6b7280" if dark else "#9ca3af"),  # on the grid's own base
    ("root.checkboxBorderRadius", lambda _e, _d: "3px"),
    ("sidebar.footerTextColor", lambda e, _d: mix(get(e, "sidebar.textColor"), get(e, "sidebar.backgroundColor"), 0.2)),
    ("sidebar.borderColor", _same("root.borderColor")),
    ("table.indexColumn.selected.backgroundColor", _same("table.cell.selected.backgroundColor")),
    ("table.indexColumn.selected.color", _readable("table.indexColumn.selected.backgroundColor",
                                                   "table.indexColumn.color", "table.column.header.color")),
    ("table.cell.active.borderWidth", lambda _e, _d: "2px"),
    ("table.inputs.checkbox.color", _same("root.actionColor")),
    ("table.inputs.checkbox.borderColor", _same("root.checkboxBorderColor")),
    ("table.filters.active.backgroundColor", _same("root.actionColor")),
    ("table.filters.error.activeBackgroundColor", _same("root.dangerColor")),
    ("table.filters.innerBorderRadius", lambda _e, _d: "4px"),
)
# Not derived, drawn only when a theme sets them (the desktop's own look otherwise): inputs and
# menus (root.interactiveBorderColor), tooltips, the document's frame, the progress bar, the
# filters' text and the header's text size.


def get(theme: dict, path: str, default: Any = None) -> Any:
    node: Any = theme
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def put(theme: dict, path: str, value: Any) -> dict:
    """A copy of `theme` with `path` set (None or "" removes it); other keys, known or not, stay."""
    out = copy.deepcopy(theme)
    parts = path.split(".")
    node = out
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise InvalidInput(f"theme: {path} sits under a value that is not an object")
    if value in (None, ""):
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value
    return out


def merged(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        out[k] = merged(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else copy.deepcopy(v)
    return out


def effective(theme: dict, dark: bool = False) -> dict:
    """The scheme's defaults, the Space's values over them, and the derived keys it leaves unset.
    A value that is not a colour where one is drawn (a theme stored before checks were this
    strict) falls back to the default, so drawing never fails."""
    theme = theme or {}
    eff = merged(DARK if dark else LIGHT, theme)
    for key in COLOUR_KEYS:
        if get(theme, key) is not None and not C.is_colour(get(theme, key)):
            eff = put(eff, key, get(DARK if dark else LIGHT, key))
    for key in LENGTH_KEYS:
        if get(theme, key) is not None and length_px(get(theme, key)) is None:
            eff = put(eff, key, None)
    for key, derive in DERIVED:
        if get(eff, key) is None:
            eff = put(eff, key, derive(eff, dark))
    return eff


def length_px(value) -> float | None:
    """A CSS length in pixels (px, pt, em and rem at 16 px, or a bare number), or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) and value >= 0 else None
    m = re.fullmatch(r"\s*([+]?(?:\d+\.?\d*|\.\d+))\s*(px|pt|r?em)?\s*", value) if isinstance(value, str) else None
    if not m:
        return None
    n, unit = float(m.group(1)), m.group(2)
    return n * 4 / 3 if unit == "pt" else n * 16 if unit in ("em", "rem") else n


def check(theme: Any) -> dict:
    """Refuse what is not a theme; a colour the window draws must be a CSS colour, a length one it
    measures a CSS length. Nothing is rewritten: unknown keys and the text of every value stay."""
    if not isinstance(theme, dict):
        raise InvalidInput("a theme is a JSON object with root, sidebar and table sections")
    if "metadata" in theme and isinstance(theme["metadata"], dict) and "theme" in theme["metadata"]:
        theme = theme["metadata"]["theme"]  # a whole Flatfile space config
    for key in COLOUR_KEYS:
        value = get(theme, key)
        if value is not None and not C.is_colour(value):
            raise InvalidInput(f"theme: {key} must be a CSS colour ({C.SYNTAXES}), not {_shown(value)}")
    for key in LENGTH_KEYS:
        value = get(theme, key)
        if value is not None and length_px(value) is None:
            raise InvalidInput(f'theme: {key} must be a length like "4px" or "0.25rem", not {_shown(value)}')
    for key in FONT_KEYS:
        value = get(theme, key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"theme: {key} must be text")
    if get(theme, LOGO_KEY) is not None:
        check_logo(get(theme, LOGO_KEY))  # a "blob:" logo is a path into the filestore: only a content hash
    return theme


def _shown(value) -> str:
    text = repr(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)  # one line, whatever was given
    return text if len(text) <= 60 else text[:57] + "..."


def rgba(colour: str, under: str | None = None) -> tuple:
    """(r, g, b, a) of CSS colour text; on `under` when given, as a person sees it there."""
    value = C.parse(colour)
    if value is None:
        raise ValueError(f"not a CSS colour: {colour!r}")
    return C.opaque(value, rgba(under)) if under else value


def luminance(colour: str) -> float:
    """WCAG relative luminance of a CSS colour (a translucent one as seen on white)."""
    return C.luminance(rgba(colour, "#ffffff"))


def contrast(a: str, b: str, under: str = "#ffffff") -> float:
    """WCAG contrast of text `a` on background `b`, both CSS colours; translucent ones as seen,
    `b` on `under` and `a` on that."""
    bg = rgba(b, under)
    fg = C.opaque(rgba(a), bg)
    la, lb = sorted((C.luminance(fg), C.luminance(bg)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_warnings(theme: dict, dark: bool = False) -> list[str]:
    """Pairs below WCAG AA (4.5:1), said in words a person can act on."""
    eff = effective(theme, dark)
    out = []
    for fg, bg in CONTRAST_PAIRS:
        fg_c = fg if fg.startswith("#") else get(eff, fg)
        bg_c = WINDOW[dark] if bg == "@window" else get(eff, bg)
        if not (C.is_colour(fg_c) and C.is_colour(bg_c)):
            continue  # unset (drawn in the desktop's colours) or not drawn at all
        ratio = contrast(fg_c, bg_c, WINDOW[dark])
        if ratio < AA:
            what = "white text" if fg.startswith("#") else LABELS[fg].lower()
            where = "The window (desktop)" if bg == "@window" else f"{LABELS[bg]} ({bg.split('.')[0]})"
            out.append(f"{where} and {what}: contrast {_ratio(ratio)}:1, below the 4.5:1 that WCAG AA asks for text")
    return out


def mix(a: str, b: str, t: float) -> str:
    """CSS colour a blended towards b by t (0..1), as #rrggbb (#rrggbbaa when translucent):
    message backgrounds and derived colours made from the theme's own."""
    return C.to_hex(C.mix(rgba(a), rgba(b), t))


def faded(colour: str, opacity: float) -> str:
    """The CSS colour with its alpha times `opacity` (Flatfile's hover: the focus colour at 30%)."""
    r, g, b, a = rgba(colour)
    return C.to_hex((r, g, b, a * opacity))


def _ratio(ratio: float) -> str:
    """A contrast ratio as a person reads it: never rounded up to the 4.5 it falls short of."""
    shown = f"{ratio:.1f}"
    return shown if float(shown) < 4.5 else f"{int(ratio * 100) / 100:.2f}"
