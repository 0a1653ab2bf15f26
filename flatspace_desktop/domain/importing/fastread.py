"""An import's column readings compiled into one function per file, for speed.

Reading every cell through its column's caster (a call and a tuple per cell) cost more than
the rest of the import together (1.9 s of 2.4 s for 300,000 rows of ten columns). Most cells
are plain: text that is no missing token, a date already in the column's order, a whole
number. The compiled row reader handles those inline and hands every other cell to its
column's caster, so what a cell becomes is the caster's decision in every case; the inline
paths only take cells whose outcome they share with it (tests/domain/test_fastread.py holds
both to the same results).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from ..values import INT_DIGITS, SPACES
from .dates import fast_reader
from .guess import DATE_KINDS, NUMBER_KINDS

ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII).fullmatch  # a day <= 28 of any month is a date


def compile_reader(casters: Sequence[Callable], kinds: Sequence[str], orders: Sequence[str | None],
                   missing: Sequence[frozenset], words: Sequence[dict]) -> Callable[[Sequence[Any]], tuple[list, list]]:
    """row -> (row as read, [(index, problem), ...]) for columns read as `kinds`, where column j's
    cells are cast by casters[j], its date order is orders[j], its missing tokens missing[j] and,
    read as yes/no, its words words[j] (lower case -> True or False)."""
    env: dict[str, Any] = {"WS": SPACES, "INTD": INT_DIGITS, "str": str, "int": int}
    lines = ["def read(raw):", "    row = list(raw)", "    refused = []"]
    for j, (kind, order) in enumerate(zip(kinds, orders)):
        env[f"c{j}"], env[f"F{j}"] = casters[j], missing[j]
        slow = [f"v, p = c{j}(x)", "if p is None:", f"    row[{j}] = v", "else:", f"    refused.append(({j}, p))"]
        lines += [f"    x = row[{j}]",
                  f"    if x.__class__ is str and x not in F{j} and x[0] not in WS and x[-1] not in WS:"]
        if kind in DATE_KINDS and order is not None:
            env[f"D{j}"] = fast_reader(order)
            read = [f"v = D{j}(x)", "if v is not None:", f"    row[{j}] = v", "else:"] + ["    " + s for s in slow]
            if order == "YMD":  # "2024-02-28" is already what the reading gives: keep it, unparsed
                env["ISO"] = ISO
                lines += ['        if len(x) == 10 and "01" <= x[8:] <= "28" and "01" <= x[5:7] <= "12" '
                          'and ISO(x) is not None:', "            pass", "        else:"]
                lines += ["            " + s for s in read]
            else:
                lines += ["        " + s for s in read]
        elif kind in NUMBER_KINDS:
            lines += ["        if x.isdigit() and x.isascii() and len(x) < INTD:", f"            row[{j}] = int(x)",
                      "        else:"] + ["            " + s for s in slow]
        elif kind == "boolean" and words[j]:
            env[f"B{j}"] = words[j]
            lines += [f"        v = B{j}.get(x.lower())", "        if v is not None:", f"            row[{j}] = v",
                      "        else:"] + ["            " + s for s in slow]
        elif kind == "text":
            lines += ["        pass"]  # a plain text is itself
        else:
            lines += ["        " + s for s in slow]
        lines += ["    else:"] + ["        " + s for s in slow]
    lines += ["    return row, refused"]
    exec(compile("\n".join(lines), "<import row reader>", "exec"), env)  # noqa: S102 (our own code, no input)
    return env["read"]
