"""Reading source files into headers and a stream of rows, one module per file format.

Each format declares a Reader (readers.base): its name (the file's kind), the extensions it
reads, the options the import dialog renders and the command line takes, and open(), which
returns a Source whose rows are streamed, never held, and stop with close(). As napari's
plugins declare their readers in a manifest, a new format is one module plus one line below;
the upload, the import (in the window, with a read page built from its options, and on the
command line) and the Files view then take its files. Whatever is odd about a file is counted
in the Source's notes, never fatal unless nothing sensible can be read.

Readers never import Qt, the window, the command line or storage (pyproject's contracts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.errors import ExtractError
from . import jsonfile, spreadsheet, text
from .base import Option, Reader, Source, clean_headers

__all__ = ["FALLBACK", "REGISTRY", "SUPPORTED", "Option", "Reader", "Source", "check_supported", "clean_headers",
           "kind_of", "open_source", "options", "reader_for", "reader_for_file", "register", "unregister"]

REGISTRY: dict[str, Reader] = {}  # by name, in the order registered
SUPPORTED: set[str] = set()  # every extension a reader takes (kept in place: imported names see new ones)
_BY_EXTENSION: dict[str, Reader] = {}
FALLBACK = "csv"  # a name no reader claims (notes.log, a copy without its extension) is read as text


def register(reader: Reader) -> Reader:
    """Add a format. Refused (ValueError) if its declaration is malformed, its name or an
    extension is taken, or it gives an option key another reader has a different kind for."""
    problems = reader.problems()
    if reader.name in REGISTRY:
        problems.append(f"a reader named {reader.name} is registered already")
    problems += [f"{ext} is read by {_BY_EXTENSION[ext].name} already" for ext in reader.extensions
                 if ext in _BY_EXTENSION]
    known = {o.key: o for o in options()}
    problems += [f"option {o.key} is of kind {known[o.key].kind} for another reader, not {o.kind}"
                 for o in reader.options if o.key in known and known[o.key].kind != o.kind]
    if problems:
        raise ValueError("; ".join(problems))
    REGISTRY[reader.name] = reader
    _BY_EXTENSION.update(dict.fromkeys(reader.extensions, reader))
    SUPPORTED.update(reader.extensions)
    return reader


def unregister(name: str) -> None:
    reader = REGISTRY.pop(name)
    for ext in reader.extensions:
        del _BY_EXTENSION[ext]
        SUPPORTED.discard(ext)


def reader_for(name: str) -> Reader:
    """The reader of a kind of file ("csv", "xlsx", "json": the name a file is stored with)."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ExtractError(f'Flatspace has no reader for files of kind "{name}" '
                           f'(it reads {", ".join(REGISTRY)})') from None


def reader_for_file(name: str | Path) -> Reader:
    """The reader of a file, by its name's extension (text when no reader claims it)."""
    return _BY_EXTENSION.get(Path(name).suffix.lower()) or REGISTRY[FALLBACK]


def kind_of(name: str | Path) -> str:
    return reader_for_file(name).name


def check_supported(name: str | Path) -> None:
    ext = Path(name).suffix.lower()
    if ext not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        raise ExtractError(f"{Path(name).name}: {ext or 'no extension'} is not a file type Flatspace reads "
                           f"(it reads {known})")


def options() -> list[Option]:
    """Every reader's options, each key once, in the order declared: the command line's flags."""
    found: dict[str, Option] = {}
    for reader in REGISTRY.values():
        for o in reader.options:
            found.setdefault(o.key, o)
    return list(found.values())


def open_source(path: str | Path, *, name: str | None = None, **given: Any) -> Source:
    """Open a file for reading, with the reader its name's extension calls for. name: the
    file's original name, when `path` is a stored copy without its extension. Each option is
    checked against its declaration; None means its default, and one the file's reader does
    not take is let by (the command line offers every reader's), but a key no reader declares
    is a TypeError. The rows always have close()."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"{path}: no such file")
    declared = {o.key: o for o in options()}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise TypeError(f"open_source() got an unexpected keyword argument '{unknown[0]}'")
    checked = {k: declared[k].check(v) for k, v in given.items() if v is not None}
    shown = Path(name) if name else path
    reader = reader_for_file(shown)
    src = reader.open(path, name=str(shown), **{o.key: checked.get(o.key, o.default) for o in reader.options})
    src.path = shown
    if not hasattr(src.rows, "close"):
        src.rows = _closable(src.rows)
    return src


def _closable(rows):
    yield from rows


# The formats Flatspace reads: one line each (and the module's import above).
register(text.READER)
register(spreadsheet.READER)
register(jsonfile.READER)
