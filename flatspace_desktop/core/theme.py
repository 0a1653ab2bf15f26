"""A Space's theme as typed values in Flatfile's metadata.theme shape: root, sidebar and table
sections with nested keys (table.column.header.backgroundColor, ...). Unknown keys are kept.
The effective theme is the defaults of the light or dark scheme overlaid with the Space's
values; each text/background pair is checked for WCAG AA contrast."""

from __future__ import annotations

import copy
import re
from typing import Any

from .errors import InvalidInput
from .names import check_logo

COLOUR_KEYS = (
    "root.primaryColor", "root.dangerColor", "root.warningColor", "root.successColor", "root.borderColor",
    "sidebar.backgroundColor", "sidebar.textColor", "sidebar.titleColor", "sidebar.focusBgColor",
    "sidebar.focusTextColor",
    "table.column.header.backgroundColor", "table.column.header.color", "table.indexColumn.backgroundColor",
    "table.indexColumn.color", "table.cell.selected.backgroundColor", "table.cell.active.borderColor",
)
FONT_KEYS = ("root.fontFamily", "table.fontFamily")
LOGO_KEY = "sidebar.logo"
KEYS = COLOUR_KEYS + FONT_KEYS + (LOGO_KEY,)
LABELS = {
    "root.primaryColor": "Primary", "root.dangerColor": "Errors", "root.warningColor": "Warnings",
    "root.successColor": "Success", "root.borderColor": "Borders", "root.fontFamily": "Font",
    "sidebar.backgroundColor": "Background", "sidebar.textColor": "Text", "sidebar.titleColor": "Title",
    "sidebar.focusBgColor": "Selected background", "sidebar.focusTextColor": "Selected text", "sidebar.logo": "Logo",
    "table.fontFamily": "Font", "table.column.header.backgroundColor": "Header background",
    "table.column.header.color": "Header text", "table.indexColumn.backgroundColor": "Row numbers background",
    "table.indexColumn.color": "Row numbers text", "table.cell.selected.backgroundColor": "Selected cells",
    "table.cell.active.borderColor": "Current cell border",
}
# (text, background) pairs a person has to read
CONTRAST_PAIRS = (
    ("sidebar.textColor", "sidebar.backgroundColor"), ("sidebar.titleColor", "sidebar.backgroundColor"),
    ("sidebar.focusTextColor", "sidebar.focusBgColor"),
    ("table.column.header.color", "table.column.header.backgroundColor"),
    ("table.indexColumn.color", "table.indexColumn.backgroundColor"),
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
HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


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
    return merged(DARK if dark else LIGHT, theme or {})


def check(theme: Any) -> dict:
    """Refuse what is not a theme; colours must be #rgb or #rrggbb. Unknown keys are kept."""
    if not isinstance(theme, dict):
        raise InvalidInput("a theme is a JSON object with root, sidebar and table sections")
    if "metadata" in theme and isinstance(theme["metadata"], dict) and "theme" in theme["metadata"]:
        theme = theme["metadata"]["theme"]  # a whole Flatfile space config
    for key in COLOUR_KEYS:
        value = get(theme, key)
        if value is not None and (not isinstance(value, str) or not HEX.match(value)):
            raise InvalidInput(f'theme: {key} must be a colour like "#4f46e5", not {value!r}')
    for key in FONT_KEYS:
        value = get(theme, key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"theme: {key} must be text")
    if get(theme, LOGO_KEY) is not None:
        check_logo(get(theme, LOGO_KEY))  # a "blob:" logo is a path into the filestore: only a content hash
    return theme


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrast_warnings(theme: dict, dark: bool = False) -> list[str]:
    """Pairs below WCAG AA (4.5:1), said in words a person can act on."""
    eff = effective(theme, dark)
    out = []
    for fg, bg in CONTRAST_PAIRS:
        fg_c = fg if fg.startswith("#") else get(eff, fg)
        bg_c = get(eff, bg)
        if not (isinstance(fg_c, str) and HEX.match(fg_c) and isinstance(bg_c, str) and HEX.match(bg_c)):
            continue
        ratio = contrast(fg_c, bg_c)
        if ratio < AA:
            what = "white text" if fg.startswith("#") else LABELS[fg].lower()
            out.append(f"{LABELS[bg]} ({bg.split('.')[0]}) and {what}: contrast {ratio:.1f}:1, below the 4.5:1 "
                       "that WCAG AA asks for text")
    return out


def mix(a: str, b: str, t: float) -> str:
    """a blended towards b by t (0..1): message backgrounds derived from the theme's colours."""
    ha, hb = a.lstrip("#"), b.lstrip("#")
    ha = "".join(ch * 2 for ch in ha) if len(ha) == 3 else ha
    hb = "".join(ch * 2 for ch in hb) if len(hb) == 3 else hb
    ca = [int(ha[i:i + 2], 16) for i in (0, 2, 4)]
    cb = [int(hb[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))
