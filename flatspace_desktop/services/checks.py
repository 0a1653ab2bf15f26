"""What callers give, checked once for the window and the command line alike: labels,
metadata, guest authentication kinds and blueprints."""

from __future__ import annotations

from typing import Any, Iterable

from ..domain.errors import InvalidInput
from ..domain.jsonfile import check_json, parse_json
from ..domain.limits import check_text

GUEST_KINDS = ("shared_link", "magic_link")


def labels(given: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for label in given or ():
        label = check_text(str(label).strip(), "a label")
        if label and label not in out:
            out.append(label)
    return out


def metadata(value: Any) -> dict:
    value = parse_json(value, "metadata") if isinstance(value, str) else check_json(value, "metadata")
    if not isinstance(value, dict):
        raise InvalidInput("metadata must be a JSON object, like {\"companyId\": \"acme\"}")
    return value


def blueprint_json(blueprint: Any) -> Any:
    if isinstance(blueprint, bytes):
        try:
            blueprint = blueprint.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("the blueprint is not UTF-8 text") from None
    if isinstance(blueprint, str):
        return parse_json(blueprint, "the blueprint")
    return check_json(blueprint, "the blueprint")


def guest_auth(kinds: Iterable[str] | None) -> list[str]:
    kinds = list(kinds) if kinds is not None else ["magic_link"]
    for k in kinds:
        if k not in GUEST_KINDS:
            raise InvalidInput(f'guest authentication must be shared_link or magic_link, not "{k}"')
    return kinds


def space_name(name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("a Space needs a name")
    return name


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n=f"{n:,}")
