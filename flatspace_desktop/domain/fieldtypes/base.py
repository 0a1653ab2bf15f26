"""What a field type declares: how its config is read, how a cell is cast, stored, shown,
edited and exported. The defaults suit a type whose stored value is its text."""

from __future__ import annotations

from typing import Any, Callable

Sink = list  # of (key, level, source, message)
Caster = Callable[[Any], Any]
EDITORS = ("text", "number", "date", "choice", "check", "reference")


class FieldType:
    """One kind of field. `f` is the field's definition (domain.blueprint.FieldDef); `stored` is
    a value as a cell holds it, never None (the callers answer for empty cells).

    Config readers (`c` in parse_config) read a JSON object naming the path of any fault:
    c.get(key, kind, default, required) with kind "str", "bool", "int", "list", "dict" or
    "any"; c.strings(key); c.at(key), the path of a key; c.child(obj, path), a reader of a
    nested object; c.error(key, problem), the error to raise; c.type_name(value).
    """

    names: tuple[str, ...] = ()  # the blueprint's "type" values this handles
    is_list: bool = False  # stored as a JSON array of strings
    numeric: bool = False  # right-aligned in the grid
    # The widget the window edits a cell with: "text" (a line), "number" and "date" (a line
    # that marks what reads() refuses; a date's has a calendar), "choice" (a list of choices()),
    # "check" (a check box, with a choice of true and false on F2; stored 1 or 0), "reference"
    # (the keys of the referenced sheet).
    editor: str = "text"

    def parse_config(self, f, c) -> None:
        """Read the field's `config` object into attributes of f (f.settings for a type's own)."""

    def caster(self, f, sink: Sink, empty: Callable[[], Any]) -> Caster:
        """A function from raw input (text, a number, a date, None) to the stored value. It is
        called per cell, so it should allocate nothing for a clean one. An empty cell returns
        empty() (which reports a required field); what cannot be cast is kept as its text and
        flagged by appending (f.key, "error", "type", message) to sink."""
        raise NotImplementedError

    def fast_cell(self, i: int, f, env: dict) -> list[str] | None:
        """Lines of an import's compiled row caster (domain.rowcast) that replace x{i}, the raw
        cell, with its stored value for the common clean input, calling c{i}(x{i}), the full
        caster, for anything else. Names they use go in env. The result must equal the full
        caster's exactly (tests/core/test_rowcast.py). None: every cell calls the caster."""
        return None

    def public(self, f, stored: Any) -> Any:
        """The value as Flatfile's record JSON holds it."""
        return stored

    def display(self, f, stored: Any) -> str:
        """The value as text a person copies, exports or edits; the caster reads it back."""
        if isinstance(stored, float) and stored.is_integer():
            return str(int(stored))
        return str(stored)

    def shower(self, f) -> Callable[[Any], str]:
        """How the window shows a stored value (an option's label, decimal places): for the eye only."""
        display = self.display
        return lambda v: display(f, v) if v is not None else ""

    def export_value(self, f, stored: Any) -> Any:
        """The value for a spreadsheet cell: a date, a bool, an int or float, or text."""
        if isinstance(stored, (int, float)) and not isinstance(stored, bool):
            return stored
        return self.display(f, stored)

    def validator_inputs(self, f, stored: Any) -> tuple:
        """(value, text) pairs that external validators check for a stored value."""
        return ((stored, self.display(f, stored)),)

    def describe(self, f) -> list[str]:
        """Rules of the type, shown in the column header's tooltip ("one of: …")."""
        return []

    # ---- the window's editor
    def reads(self, f, text: str) -> bool:
        """Whether typed text is a value of this type (a "number" or "date" editor marks other text)."""
        return True

    def expected(self, f) -> str:
        """What a value is, for the editor's mark: "a number"."""
        return "a value"

    def choices(self, f) -> list[tuple[str, Any]]:
        """A "choice" or "check" editor's items, (label, value written), after the empty one."""
        return []

    def choice_of(self, f, stored: Any) -> Any:
        """The item of choices() a stored value is."""
        return stored

    def custom_choice(self, f) -> bool:
        """Whether a "choice" editor also takes typed text."""
        return False

    def __repr__(self) -> str:
        return f"<field type {', '.join(self.names)}>"
