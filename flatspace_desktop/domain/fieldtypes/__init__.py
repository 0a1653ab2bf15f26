"""Field types, one module per type, each a FieldType (base.py) that reads its blueprint config,
casts cells (with an optional inlined fast path for imports), and says how its values are
shown, exported, described and edited.

A new type is one module plus one register() line below (or a register() call at run time,
as tests/rating_type.py is registered by tests/core/test_fieldtype_registry.py). Blueprints
then accept it, imports and edits cast with it, exports and the grid show it, and the window
edits it with the widget its `editor` names.
"""

from __future__ import annotations

from . import boolean, date, enums, number, references, string, string_list
from .base import EDITORS, Caster, FieldType, Sink

__all__ = ["EDITORS", "REGISTRY", "Caster", "FieldType", "Sink", "field_type", "register", "type_names",
           "unregister"]

REGISTRY: dict[str, FieldType] = {}  # by name, in the order registered (the order errors list them in)


def register(ft: FieldType) -> FieldType:
    """Add a type under each of its names. Refused (ValueError) if it names none, a name is
    taken, or its editor is not one the window has."""
    problems = [] if ft.names else ["a field type needs at least one name"]
    problems += [f'a field type named "{n}" is registered already' for n in ft.names if n in REGISTRY]
    if ft.editor not in EDITORS:
        problems.append(f'editor "{ft.editor}" is not one of {", ".join(EDITORS)}')
    if problems:
        raise ValueError("; ".join(problems))
    REGISTRY.update(dict.fromkeys(ft.names, ft))
    return ft


def unregister(name: str) -> None:
    """Remove a type, under all of its names."""
    for n in REGISTRY.pop(name).names:
        REGISTRY.pop(n, None)


def field_type(name: str) -> FieldType:
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f'no field type "{name}" is registered') from None


def type_names() -> tuple[str, ...]:
    return tuple(REGISTRY)


register(string.STRING)
register(number.NUMBER)
register(boolean.BOOLEAN)
register(date.DATE)
register(enums.ENUM)
register(references.REFERENCE)
register(string_list.STRING_LIST)
register(enums.ENUM_LIST)
register(references.REFERENCE_LIST)
