"""Missing-value tokens: the cell texts an import turns into empty cells (R's and pandas' NA,
spreadsheets' #N/A, databases' NULL).

Matching is exact and case-sensitive after trimming whitespace: "NA" is missing, "na" and
"Na" (sodium) are not. An empty or all-blank cell is always missing, whatever the list says:
there is nothing else it could become.

The list the user edits is one line of comma-separated tokens, spaces around each trimmed.
A token holding a comma or a double quote, and the empty token, are written in double quotes,
with a quote inside doubled (as in CSV); spaces inside a token are kept, quoted or not, and
spaces at its ends are not (cells are compared trimmed):
    "", NA, N/A, n. a., "none, really", "the ""null"" value"
"""

from __future__ import annotations

from typing import Callable, Iterable

DEFAULT_MISSING: tuple[str, ...] = ("", "NA", "N/A", "n/a", "null", "NULL", "None", "-", "#N/A")


class TokenListError(ValueError):
    """A token list the user typed that cannot be read; the message says where."""


def parse_missing(text: str) -> tuple[str, ...]:
    """The tokens of a user-edited list, in order, without repeats. Raises TokenListError on an
    unclosed quote or text after a closing quote."""
    tokens: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            i += 1
            chars: list[str] = []
            while True:
                if i >= n:
                    raise TokenListError(f"a quote opened at character {text.rfind(chr(34), 0, i) + 1} "
                                         "is not closed")
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        chars.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                chars.append(text[i])
                i += 1
            token = "".join(chars)
            while i < n and text[i].isspace():
                i += 1
            if i < n and text[i] != ",":
                raise TokenListError(f"expected a comma after the quoted token at character {i + 1}")
        else:
            end = text.find(",", i)
            end = n if end < 0 else end
            token = text[i:end].strip()
            if '"' in token:
                raise TokenListError(f'a token with a quote in it must be quoted as a whole: {token}')
            i = end
            if not token:  # blank between commas (or a trailing comma): nothing typed
                token = None
        if token is not None:
            token = token.strip()  # cells are matched trimmed, so a token is too
            if token not in tokens:
                tokens.append(token)
        if i >= n:
            return tuple(tokens)
        i += 1  # the comma


def format_missing(tokens: Iterable[str]) -> str:
    """The editable line for a token list; parse_missing reads it back to the same tokens."""
    parts = []
    for t in tokens:
        if t == "" or "," in t or '"' in t:
            parts.append('"' + t.replace('"', '""') + '"')
        else:
            parts.append(t)
    return ", ".join(parts)


def missing_test(tokens: Iterable[str] = DEFAULT_MISSING) -> Callable[[str | None], bool]:
    """A fast test: is this cell text missing? None and blank texts always are."""
    found = frozenset(t.strip() for t in tokens) | {""}

    def is_missing(text: str | None) -> bool:
        return text is None or text in found or text.strip() in found
    return is_missing
