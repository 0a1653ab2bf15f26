"""What every reader shares: the Source it hands back, the declaration the registry holds (a
Reader and the Options the import dialog and the command line offer for it), and headers made
unique and non-empty."""

from __future__ import annotations

import keyword
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..domain.errors import ExtractError

KINDS = ("choice", "text", "int", "bool")


@dataclass
class Source:
    """A file open for reading: its headers, then its rows as a stream (close() stops it)."""
    path: Path
    kind: str  # the reader's name: csv | xlsx | json | any registered reader
    headers: list[str]
    rows: Iterator[list[Any]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)

    def note(self, what: str, n: int = 1) -> None:
        self.notes[what] = self.notes.get(what, 0) + n

    def close(self) -> None:
        """Stop reading (a file handle closed, a reading process ended) when rows are left unread."""
        self.rows.close()


@dataclass(frozen=True)
class Option:
    """One way a reader can be told how to read a file. The import dialog shows it under
    `label` ("choice": a list, "text": a box, "int": a number, "bool": a tick box); the command
    line takes it as --key-with-dashes, explained by `help`. None (or nothing given) means
    `default`, for a choice usually "detected"."""
    key: str  # the keyword the reader's open() takes
    label: str
    kind: str  # choice | text | int | bool
    choices: tuple[tuple[str, Any], ...] = ()  # choice: (label, value) offered; the reader judges others
    default: Any = None
    help: str = ""
    other: int = 0  # choice: an "Other…" entry taking up to this many typed characters (0: none)
    minimum: int | None = None  # int: checked before the reader is asked
    maximum: int | None = None
    suffix: str = ""  # int: the dialog's words after the number
    offered: str = ""  # choice: the Source attribute listing the file's own choices (a workbook's sheets)
    read_as: str = ""  # the Source attribute holding what the file was read with (detected or given)
    widget: str = ""  # the dialog's name for its input (objectName); default the key with dashes
    metavar: str = ""  # the command line's placeholder for the value

    @property
    def noun(self) -> str:
        return self.key.replace("_", " ")

    def problems(self) -> list[str]:
        out = []
        if not self.key.isidentifier() or keyword.iskeyword(self.key) or self.key in ("path", "name"):
            out.append(f"option {self.key!r}: the key must be a Python keyword argument other than path and name")
        if not self.label.strip():
            out.append(f"option {self.key}: no label")
        if self.kind not in KINDS:
            out.append(f"option {self.key}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.choices and self.kind != "choice":
            out.append(f"option {self.key}: only a choice has choices")
        if (self.other or self.offered) and self.kind != "choice":
            out.append(f"option {self.key}: only a choice takes other values or offers the file's own")
        if any(not (isinstance(c, tuple) and len(c) == 2 and isinstance(c[0], str)) for c in self.choices):
            out.append(f"option {self.key}: each choice is a (label, value) pair")
        elif len({v for _, v in self.choices}) != len(self.choices):
            out.append(f"option {self.key}: two choices have the same value")
        if self.kind == "choice" and not (self.choices or self.offered or self.other):
            out.append(f"option {self.key}: a choice with nothing to choose from")
        if (self.minimum is not None or self.maximum is not None or self.suffix) and self.kind != "int":
            out.append(f"option {self.key}: only a number has a minimum, maximum or suffix")
        if self.default is not None:
            try:
                self.check(self.default)
            except (ExtractError, TypeError) as exc:
                out.append(f"option {self.key}: the default does not fit ({exc})")
        if self.kind == "choice" and self.choices and self.default not in [v for _, v in self.choices]:
            out.append(f"option {self.key}: the default is none of the choices")
        return out

    def check(self, value: Any) -> Any:
        """The value as the reader gets it, or ExtractError saying why not (None: not checked)."""
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ExtractError(f"the {self.noun} must be a whole number")
            if self.minimum is not None and value < self.minimum:
                raise ExtractError(f"the {self.noun} must be {self.minimum} or more")
            if self.maximum is not None and value > self.maximum:
                raise ExtractError(f"the {self.noun} must be {self.maximum} or less")
        elif self.kind == "bool":
            if not isinstance(value, bool):
                raise ExtractError(f"the {self.noun} must be true or false")
        elif not isinstance(value, str):
            raise ExtractError(f"the {self.noun} must be text")
        return value


@dataclass(frozen=True)
class Reader:
    """A file format: which names it reads, how it may be told to read them, and the function
    that opens one. open(path, name=..., **options) -> Source: path is the file (perhaps a
    stored copy without its extension), name the file's own name, and each of `options` comes
    with a value or its default; it reads the header at once (a file it cannot read is refused
    then, with an ExtractError saying why) and streams the rows."""
    name: str  # the file's kind, as stored with it and shown ("csv", "xlsx", "json")
    label: str  # what such files are called ("Delimited text")
    extensions: tuple[str, ...]  # lower case, with the dot
    open: Callable[..., Source]
    options: tuple[Option, ...] = ()
    own_process: bool = False  # it reads in a process of its own: the import need not start another

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    def problems(self) -> list[str]:
        out = []
        if not self.name.isidentifier() or self.name != self.name.lower():
            out.append(f"reader {self.name!r}: the name must be a lower-case word")
        if not self.label.strip():
            out.append(f"reader {self.name}: no label")
        if not self.extensions:
            out.append(f"reader {self.name}: no extensions")
        for ext in self.extensions:
            if not (ext.startswith(".") and len(ext) > 1 and ext == ext.lower() and "." not in ext[1:]
                    and ext.isprintable() and " " not in ext):
                out.append(f"reader {self.name}: extension {ext!r} is not like .csv")
        if not callable(self.open):
            out.append(f"reader {self.name}: open is not a function")
        keys = [o.key for o in self.options]
        if len(set(keys)) != len(keys):
            out.append(f"reader {self.name}: two options have the same key")
        for o in self.options:
            out += [f"reader {self.name}, {p}" for p in o.problems()]
        return out


# Taken by more than one reader: one flag on the command line, one meaning.
HEADER_ROW = Option("header_row", "Header", "int", default=0, minimum=0, suffix=" rows skipped before the header",
                    help="rows to skip before the header", metavar="N")


NO_HEADER = Option("no_header", "No header row", "bool", default=False,
                   help="the first row is data: the columns are named Column 1, Column 2, ...")
SKIP_END = Option("skip_end", "Skip at end", "int", default=0, minimum=0, suffix=" rows left out at the end",
                  help="rows to leave out at the end (totals, notes)", metavar="N")
TRIM = Option("trim", "Trim spaces", "bool", default=False, help="remove the spaces around each cell's text")
SHAPE = (HEADER_ROW, NO_HEADER, SKIP_END, TRIM)  # what every row-based reader takes


def numbered(width: int) -> list[str]:
    """The headers of a file without a header row."""
    return [f"Column {i + 1}" for i in range(width)]


def shaped(rows, skip_end: int = 0, trim: bool = False) -> Iterator[list[Any]]:
    """The rows without the last `skip_end`, text cells trimmed when asked; closes `rows`."""
    source = rows
    try:
        if trim:
            rows = ([c.strip() if isinstance(c, str) else c for c in row] for row in rows)
        if skip_end:
            held: deque = deque()
            for row in rows:
                held.append(row)
                if len(held) > skip_end:
                    yield held.popleft()
        else:
            yield from rows
    finally:
        close = getattr(source, "close", None)
        if close:
            close()


def shown_name(path: Path, name: str | Path | None) -> Path:
    """The name a file is known by: its own when `path` is a stored copy."""
    return Path(name) if name else path


def clean_headers(raw: list[Any], src: Source | None = None) -> list[str]:
    """Headers as unique, non-empty text: empty ones become 'Column N', repeats get ' (2)'."""
    out, seen, suffix = [], set(), {}
    for i, h in enumerate(raw):
        name = ("" if h is None else str(h)).strip()
        if not name:
            name = f"Column {i + 1}"
            if src:
                src.note("empty headers named")
        base = name
        if name.lower() in seen:
            # Each name's next free number is kept: 50,000 repeats of one name cost 50,000
            # steps, not the 1.25 billion of trying " (2)", " (3)"... again for each.
            key = base.lower()
            n = suffix.get(key, 2)
            while f"{key} ({n})" in seen:
                n += 1
            suffix[key] = n + 1
            name = f"{base} ({n})"
            if src:
                src.note("duplicate headers renamed")
        seen.add(name.lower())
        out.append(name)
    return out
