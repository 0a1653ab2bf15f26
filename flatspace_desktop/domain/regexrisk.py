"""Whether a regular expression from a blueprint can take exponential time.

Python's re backtracks, and a blueprint may come from anyone (a received Space carries its
blueprint), so a pattern such as (a+)+$ could hold an import for hours on one near-miss cell.
This looks for the shape that does that: a group repeated without bound that holds something
else repeated without bound, where nothing marks where one turn ends and the next begins. It is
a heuristic (it misses overlapping alternatives such as (a|aa)+) that lets the common safe
forms through: ^[a-z]+(\\.[a-z]+)*$, ^(\\d{3}-)+$.
"""

from __future__ import annotations

import re

_SAMPLE = [chr(i) for i in (*range(0x250), 0x3A9, 0x3C9, 0x416, 0x436, 0x5D0, 0x627, 0x905, 0x2000, 0x200B,
                             0x2028, 0x3000, 0x4E2D, 0xFF10)]


def _one_char(op, av, sre):
    """A test for an element that matches exactly one character, or None for anything else."""
    c = sre
    if op == c.LITERAL:
        return lambda ch: ord(ch) == av
    if op == c.NOT_LITERAL:
        return lambda ch: ord(ch) != av
    if op == c.ANY:
        return lambda ch: ch != "\n"
    if op != c.IN:
        return None
    negate = bool(av) and av[0][0] == c.NEGATE
    parts = []
    for o, a in av[1 if negate else 0:]:
        if o == c.LITERAL:
            parts.append(lambda ch, a=a: ord(ch) == a)
        elif o == c.RANGE:
            parts.append(lambda ch, a=a: a[0] <= ord(ch) <= a[1])
        elif o == c.CATEGORY and str(a) in _CATEGORIES:
            rx = re.compile(_CATEGORIES[str(a)])
            parts.append(lambda ch, rx=rx: rx.match(ch) is not None)
        else:
            return None
    return lambda ch: any(p(ch) for p in parts) != negate


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_WORD": r"\w",
               "CATEGORY_NOT_WORD": r"\W", "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S"}


def backtracks(pattern: str, flags: int = 0) -> bool:
    """Whether a repeated group holds something that repeats unboundedly and can eat what
    separates the group's turns ((a+)+, (\\w+\\s?)*): the shape that backtracks for exponential
    time on a near-miss. (\\.[a-z]+)* is fine: a turn starts with a dot the inner part never eats."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as sre  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - other Pythons: no check
        return False
    possessive = getattr(c, "POSSESSIVE_REPEAT", None)
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT}
    fold = bool(flags & re.IGNORECASE)

    def unbounded(hi) -> bool:
        return hi == c.MAXREPEAT or hi > 64

    def body(items):
        items = list(items)
        while len(items) == 1 and items[0][0] == c.SUBPATTERN:
            items = list(items[0][1][-1])
        return items

    def children(op, av):
        if op in repeats or op == possessive:
            return [av[2]]
        if op == c.SUBPATTERN:
            return [av[-1]]
        if op == c.BRANCH:
            return list(av[1])
        if op in (c.ASSERT, c.ASSERT_NOT):
            return [av[1]]
        if op == getattr(c, "ATOMIC_GROUP", None):
            return [av]
        return []

    def inner_repeats(items) -> list:
        found = []
        for op, av in items:
            if op in repeats and unbounded(av[1]):
                found.append(av[2])
            for child in children(op, av):
                found += inner_repeats(child)
        return found

    def overlap(a, b) -> bool:
        return any(a(ch) and (b(ch) or (fold and b(ch.swapcase()))) for ch in _SAMPLE)

    def risky(items) -> bool:
        for op, av in items:
            if op in repeats and unbounded(av[1]):
                turn = body(av[2])
                inner = inner_repeats(turn)
                if inner:
                    seps = [t for t in (_one_char(o, a, c) for o, a in turn) if t is not None]
                    for sub in inner:
                        sub = body(sub)
                        eats = _one_char(*sub[0], c) if len(sub) == 1 else None
                        if eats is None or all(overlap(sep, eats) for sep in seps):
                            return True
            if any(risky(child) for child in children(op, av)):
                return True
        return False
    try:
        return risky(sre.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - compile() reports bad patterns
        return False
