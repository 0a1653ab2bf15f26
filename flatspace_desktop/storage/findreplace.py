"""Find and replace over a sheet: SQL narrows to the records that contain the text, Python
does the replacement on the text a person sees, and the result is written back as raw input
(so it is cast and validated like any edit)."""

from __future__ import annotations

import re

from ..domain.cells import display_text
from ..domain.limits import check_search
from .recordquery import View, _escape_like, any_of, where_clause
from .rules import q


def plan_replacements(store, view: View, keys: list[str], find: str, replace: str,
                      match_case: bool, whole_cell: bool) -> dict[int, dict[str, str]]:
    check_search(find, "text to find")
    where, params = where_clause(store, view)
    cols = [q(store.cols[k]) for k in keys]
    d = store.d
    if match_case:
        hits = [f"{d.contains(c)} > 0" for c in cols]
        hit_params = [find] * len(cols)
    else:
        hits = [d.like(c) for c in cols]
        hit_params = [f"%{_escape_like(find)}%"] * len(cols)
    cond = any_of(hits)
    where = f"{where} AND {cond}" if where else f" WHERE {cond}"
    sql = f"SELECT rid, {', '.join(cols)} FROM {store.rec}{where} ORDER BY rid"
    pattern = re.compile(re.escape(find), 0 if match_case else re.IGNORECASE)
    fields = [store.sheet.field(k) for k in keys]
    changes: dict[int, dict[str, str]] = {}
    for row in store.db.execute_sql(sql, (*params, *hit_params)):
        for f, value in zip(fields, row[1:]):
            if value is None:
                continue
            text = display_text(f, value)
            if whole_cell:
                if not (text == find if match_case else text.lower() == find.lower()):
                    continue
                new = replace
            else:
                new = pattern.sub(lambda _m: replace, text)
            if new != text:
                changes.setdefault(row[0], {})[f.key] = new
    return changes
