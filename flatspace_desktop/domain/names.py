"""Names that end up as paths: the names of a Space's files and the filestore references a
theme's logo holds. Checked in the service layer, so that no name from a drop, another program,
a theme file or a Space made elsewhere can point outside the Space, break a one-line message,
or fail to be saved on another system (a Space moves between Linux, macOS and Windows)."""

from __future__ import annotations

import re

from .errors import InvalidInput

MAX_NAME_BYTES = 255  # one name on the common file systems (ext4, APFS, NTFS in UTF-16 allows about as much)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
LOGO_PREFIX = "blob:"  # a logo kept in the filestore: sidebar.logo = "blob:<sha256>"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SEPARATORS = re.compile(r"[\\/]")
# Device names Windows keeps whatever the extension ("con.csv" opens the console there)
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _shown(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


def base_name(name: str) -> str:
    """The last part of a name that came with a path, with either system's separators (on Linux
    a file may be called `..\\..\\evil.csv`)."""
    return SEPARATORS.split(name)[-1]


def file_name(name) -> str:
    """A Space file's name as kept (trimmed), or InvalidInput saying in one line why it cannot be."""
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise InvalidInput("a file name must not be empty")
    if CONTROL.search(name):
        raise InvalidInput("a file name must not hold control characters (NUL, tab, line breaks)")
    if SEPARATORS.search(name):
        raise InvalidInput(f'a file name must not hold / or \\ (it is a name, not a path): "{_shown(name)}"')
    if not name.strip("."):
        raise InvalidInput(f'"{_shown(name)}" is not a file name')
    if name.split(".")[0].rstrip().upper() in RESERVED:
        raise InvalidInput(f'"{_shown(name)}" is a device name on Windows and cannot name a file; rename it')
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise InvalidInput(f"a file name may be at most {MAX_NAME_BYTES} bytes long, not {size:,}: \"{_shown(name)}\"")
    return name


def is_sha256(text: str) -> bool:
    return isinstance(text, str) and bool(SHA256.match(text))


def logo_sha(value) -> str | None:
    """The stored image a logo value names ("blob:<sha256>"), or None when it names none: any
    other text (a web address in a Flatfile theme) is kept but never read or fetched."""
    if isinstance(value, str) and value.startswith(LOGO_PREFIX) and is_sha256(value[len(LOGO_PREFIX):]):
        return value[len(LOGO_PREFIX):]
    return None


def check_logo(value) -> None:
    """Refuse a logo value that could reach outside the filestore or break a line."""
    if not isinstance(value, str):
        raise InvalidInput("theme: sidebar.logo must be text")
    if CONTROL.search(value):
        raise InvalidInput("theme: sidebar.logo must not hold control characters")
    if value.startswith(LOGO_PREFIX) and logo_sha(value) is None:
        raise InvalidInput(f'theme: sidebar.logo "{_shown(value)}" names no stored image: a stored logo is '
                           f'"{LOGO_PREFIX}" and 64 hex digits (choose the image again in the theme editor)')
