"""CSS colours as a Flatfile theme may give them, read in pure Python (the core draws nothing):
the 148 named colours of CSS Color 4 and transparent; #rgb, #rgba, #rrggbb, #rrggbbaa; rgb() and
rgba() with commas or spaces, numbers or percentages and an optional alpha (", a" or "/ a");
hsl() and hsla() with a hue in deg, grad, rad or turn. A colour reads as (r, g, b, a): channels
0..255 (floats, rounded only when written out) and alpha 0..1. The text itself is never
rewritten: a theme keeps what it was given, and is converted only for drawing and measuring."""

from __future__ import annotations

import math
import re

RGBA = tuple  # (r, g, b, a)

NAMED = {
    "aliceblue": 0xF0F8FF, "antiquewhite": 0xFAEBD7, "aqua": 0x00FFFF, "aquamarine": 0x7FFFD4,
    "azure": 0xF0FFFF, "beige": 0xF5F5DC, "bisque": 0xFFE4C4, "black": 0x000000, "blanchedalmond": 0xFFEBCD,
    "blue": 0x0000FF, "blueviolet": 0x8A2BE2, "brown": 0xA52A2A, "burlywood": 0xDEB887, "cadetblue": 0x5F9EA0,
    "chartreuse": 0x7FFF00, "chocolate": 0xD2691E, "coral": 0xFF7F50, "cornflowerblue": 0x6495ED,
    "cornsilk": 0xFFF8DC, "crimson": 0xDC143C, "cyan": 0x00FFFF, "darkblue": 0x00008B, "darkcyan": 0x008B8B,
    "darkgoldenrod": 0xB8860B, "darkgray": 0xA9A9A9, "darkgreen": 0x006400, "darkgrey": 0xA9A9A9,
    "darkkhaki": 0xBDB76B, "darkmagenta": 0x8B008B, "darkolivegreen": 0x556B2F, "darkorange": 0xFF8C00,
    "darkorchid": 0x9932CC, "darkred": 0x8B0000, "darksalmon": 0xE9967A, "darkseagreen": 0x8FBC8F,
    "darkslateblue": 0x483D8B, "darkslategray": 0x2F4F4F, "darkslategrey": 0x2F4F4F, "darkturquoise": 0x00CED1,
    "darkviolet": 0x9400D3, "deeppink": 0xFF1493, "deepskyblue": 0x00BFFF, "dimgray": 0x696969,
    "dimgrey": 0x696969, "dodgerblue": 0x1E90FF, "firebrick": 0xB22222, "floralwhite": 0xFFFAF0,
    "forestgreen": 0x228B22, "fuchsia": 0xFF00FF, "gainsboro": 0xDCDCDC, "ghostwhite": 0xF8F8FF,
    "gold": 0xFFD700, "goldenrod": 0xDAA520, "gray": 0x808080, "green": 0x008000, "greenyellow": 0xADFF2F,
    "grey": 0x808080, "honeydew": 0xF0FFF0, "hotpink": 0xFF69B4, "indianred": 0xCD5C5C, "indigo": 0x4B0082,
    "ivory": 0xFFFFF0, "khaki": 0xF0E68C, "lavender": 0xE6E6FA, "lavenderblush": 0xFFF0F5, "lawngreen": 0x7CFC00,
    "lemonchiffon": 0xFFFACD, "lightblue": 0xADD8E6, "lightcoral": 0xF08080, "lightcyan": 0xE0FFFF,
    "lightgoldenrodyellow": 0xFAFAD2, "lightgray": 0xD3D3D3, "lightgreen": 0x90EE90, "lightgrey": 0xD3D3D3,
    "lightpink": 0xFFB6C1, "lightsalmon": 0xFFA07A, "lightseagreen": 0x20B2AA, "lightskyblue": 0x87CEFA,
    "lightslategray": 0x778899, "lightslategrey": 0x778899, "lightsteelblue": 0xB0C4DE, "lightyellow": 0xFFFFE0,
    "lime": 0x00FF00, "limegreen": 0x32CD32, "linen": 0xFAF0E6, "magenta": 0xFF00FF, "maroon": 0x800000,
    "mediumaquamarine": 0x66CDAA, "mediumblue": 0x0000CD, "mediumorchid": 0xBA55D3, "mediumpurple": 0x9370DB,
    "mediumseagreen": 0x3CB371, "mediumslateblue": 0x7B68EE, "mediumspringgreen": 0x00FA9A,
    "mediumturquoise": 0x48D1CC, "mediumvioletred": 0xC71585, "midnightblue": 0x191970, "mintcream": 0xF5FFFA,
    "mistyrose": 0xFFE4E1, "moccasin": 0xFFE4B5, "navajowhite": 0xFFDEAD, "navy": 0x000080, "oldlace": 0xFDF5E6,
    "olive": 0x808000, "olivedrab": 0x6B8E23, "orange": 0xFFA500, "orangered": 0xFF4500, "orchid": 0xDA70D6,
    "palegoldenrod": 0xEEE8AA, "palegreen": 0x98FB98, "paleturquoise": 0xAFEEEE, "palevioletred": 0xDB7093,
    "papayawhip": 0xFFEFD5, "peachpuff": 0xFFDAB9, "peru": 0xCD853F, "pink": 0xFFC0CB, "plum": 0xDDA0DD,
    "powderblue": 0xB0E0E6, "purple": 0x800080, "rebeccapurple": 0x663399, "red": 0xFF0000,
    "rosybrown": 0xBC8F8F, "royalblue": 0x4169E1, "saddlebrown": 0x8B4513, "salmon": 0xFA8072,
    "sandybrown": 0xF4A460, "seagreen": 0x2E8B57, "seashell": 0xFFF5EE, "sienna": 0xA0522D, "silver": 0xC0C0C0,
    "skyblue": 0x87CEEB, "slateblue": 0x6A5ACD, "slategray": 0x708090, "slategrey": 0x708090, "snow": 0xFFFAFA,
    "springgreen": 0x00FF7F, "steelblue": 0x4682B4, "tan": 0xD2B48C, "teal": 0x008080, "thistle": 0xD8BFD8,
    "tomato": 0xFF6347, "turquoise": 0x40E0D0, "violet": 0xEE82EE, "wheat": 0xF5DEB3, "white": 0xFFFFFF,
    "whitesmoke": 0xF5F5F5, "yellow": 0xFFFF00, "yellowgreen": 0x9ACD32,
}

_HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})")
_FUNC = re.compile(r"(rgba?|hsla?)\((.*)\)")
_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?"
_TOKEN = re.compile(rf"({_NUM})(%|deg|grad|rad|turn)?|none")
_TURN = {None: 1.0, "deg": 1.0, "grad": 0.9, "rad": 180 / math.pi, "turn": 360.0}
SYNTAXES = 'a name like "rebeccapurple", #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl() or hsla()'


def parse(text) -> RGBA | None:
    """(r, g, b, a) for CSS colour text, or None when it is not one."""
    if not isinstance(text, str):
        return None
    s = text.strip().lower()
    if s in NAMED:
        v = NAMED[s]
        return float(v >> 16), float((v >> 8) & 0xFF), float(v & 0xFF), 1.0
    if s == "transparent":
        return 0.0, 0.0, 0.0, 0.0
    if _HEX.fullmatch(s):
        h = s[1:]
        if len(h) <= 4:
            h = "".join(ch * 2 for ch in h)
        r, g, b = (float(int(h[i:i + 2], 16)) for i in (0, 2, 4))
        return r, g, b, int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
    m = _FUNC.fullmatch(s)
    if not m:
        return None
    args = _arguments(m.group(2))
    if args is None:
        return None
    return _rgb(args) if m.group(1).startswith("rgb") else _hsl(args)


def is_colour(text) -> bool:
    return parse(text) is not None


def _arguments(body: str):
    """[(value, unit, legacy)] for three channels and an optional alpha, or None. Legacy
    syntax separates all four by commas; modern syntax by spaces with "/" before the alpha."""
    body = body.strip()
    if "," in body:
        parts, legacy = [p.strip() for p in body.split(",")], True
        if "/" in body or len(parts) not in (3, 4):
            return None
    else:
        legacy = False
        main, slash, alpha = body.partition("/")
        parts = main.split()
        if len(parts) != 3 or (slash and not alpha.strip()):
            return None
        if slash:
            parts.append(alpha.strip())
    out = []
    for p in parts:
        t = _TOKEN.fullmatch(p)
        if not t or (legacy and p == "none"):  # "none" is modern syntax only
            return None
        out.append((0.0, None) if p == "none" else (float(t.group(1)), t.group(2)))
    return out, legacy


def _alpha(args) -> float | None:
    if len(args) < 4:
        return 1.0
    value, unit = args[3]
    if unit not in (None, "%"):
        return None
    return min(1.0, max(0.0, value / 100 if unit == "%" else value))


def _rgb(parsed) -> RGBA | None:
    args, legacy = parsed
    units = [u for _v, u in args[:3]]
    if any(u not in (None, "%") for u in units):
        return None
    if legacy and len(set(units)) != 1:  # rgb(255, 50%, 0) mixes kinds: not CSS
        return None
    channels = [min(255.0, max(0.0, v * 255 / 100 if u == "%" else v)) for v, u in args[:3]]
    a = _alpha(args)
    return None if a is None else (*channels, a)


def _hsl(parsed) -> RGBA | None:
    args, legacy = parsed
    (h, hu), (s, su), (lum, lu) = args[:3]
    if hu == "%" or su not in (None, "%") or lu not in (None, "%"):
        return None
    if legacy and (su != "%" or lu != "%"):  # hsl(210, 50, 40): CSS asks percentages there
        return None
    a = _alpha(args)
    if a is None:
        return None
    r, g, b = hsl_to_rgb(h * _TURN[hu], min(100.0, max(0.0, s)) / 100, min(100.0, max(0.0, lum)) / 100)
    return r, g, b, a


def hsl_to_rgb(hue: float, s: float, lum: float) -> tuple[float, float, float]:
    """CSS Color 4's hsl-to-rgb: hue in degrees, saturation and lightness 0..1; channels 0..255."""
    hue %= 360

    def f(n):
        k = (n + hue / 30) % 12
        return lum - s * min(lum, 1 - lum) * max(-1.0, min(k - 3, 9 - k, 1.0))

    return f(0) * 255, f(8) * 255, f(4) * 255


def over(top: RGBA, under: RGBA) -> RGBA:
    """`top` drawn over `under` (source-over)."""
    a = top[3] + under[3] * (1 - top[3])
    if a == 0:
        return 0.0, 0.0, 0.0, 0.0
    return (*((t * top[3] + u * under[3] * (1 - top[3])) / a for t, u in zip(top[:3], under[:3])), a)


def opaque(colour: RGBA, under: RGBA = (255.0, 255.0, 255.0, 1.0)) -> RGBA:
    """The colour as seen on an opaque `under` (what a person reads)."""
    return colour if colour[3] >= 1 else over(colour, (*under[:3], 1.0))


def to_hex(colour: RGBA) -> str:
    """#rrggbb, or #rrggbbaa (CSS order: alpha last) when it is translucent."""
    r, g, b = (byte(c) for c in colour[:3])
    out = f"#{r:02x}{g:02x}{b:02x}"
    return out if colour[3] >= 1 else out + f"{byte(colour[3] * 255):02x}"


def byte(c: float) -> int:
    """A channel 0..255 rounded as browsers do (half up), not to even."""
    return min(255, max(0, int(c + 0.5)))


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: RGBA) -> float:
    """WCAG relative luminance of the colour's own channels (alpha aside)."""
    r, g, b = colour[:3]
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def mix(a: RGBA, b: RGBA, t: float) -> RGBA:
    """`a` blended towards `b` by t (0..1), alpha included."""
    return tuple(x + (y - x) * t for x, y in zip(a, b))
