"""Cross-record validation rules, computed set-wise in SQL: unique, composite unique, reference.

Cell-local rules (types, required, enum, size) run in Python as values are cast
(domain.cells). These rules depend on other records, so each can recompute its messages for
the whole sheet (after an import) or for a scope of records (after an edit). Every record
whose messages change is noted in the sheet's temp table of affected rows so its error count can be refreshed.
"""

from __future__ import annotations

import zlib
from typing import Iterable

from ..domain.blueprint import FieldDef

_BIG = 20_000  # beyond this many touched values a full recompute is cheaper than a scoped one


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _chunks(items: list, n: int = 900):
    for i in range(0, len(items), n):
        yield items[i:i + n]


class Rule:
    """Base: messages tagged with `rule_id` in the sheet's msg table."""

    rule_id: str
    fields: tuple[str, ...]
    level = "error"  # the message type: a unique constraint's config.level may lower it

    def __init__(self, store):
        self.store = store

    @property
    def db(self):
        return self.store.db

    def _note_current(self, where: str = "", params: Iterable = ()) -> None:
        self.db.execute_sql(
            f"INSERT OR IGNORE INTO {self.store.aff}(rid) SELECT rid FROM {self.store.msg} WHERE rule = ?{where}",
            (self.rule_id, *params),
        )

    def _clear(self, rid_sql: str | None = None, params: Iterable = ()) -> None:
        if rid_sql is None:
            self._note_current()
            self.db.execute_sql(f"DELETE FROM {self.store.msg} WHERE rule = ?", (self.rule_id,))
        else:
            self._note_current(f" AND rid IN ({rid_sql})", params)
            self.db.execute_sql(
                f"DELETE FROM {self.store.msg} WHERE rule = ? AND rid IN ({rid_sql})", (self.rule_id, *params)
            )

    def _insert(self, select_sql: str, params: Iterable = ()) -> None:
        """select_sql yields (rid, key, message) rows for new messages."""
        self.db.execute_sql(
            f"INSERT INTO {self.store.msg}(rid, key, type, source, message, rule) "
            f"SELECT rid, key, ?, ?, message, ? FROM ({select_sql}) found",
            (self.level, self.source, self.rule_id, *params),
        )
        self.db.execute_sql(
            f"INSERT OR IGNORE INTO {self.store.aff}(rid) SELECT rid FROM {self.store.msg} WHERE rule = ?",
            (self.rule_id,),
        )


class GroupRule(Rule):
    """Records whose grouping expression occurs more than once are duplicates."""

    source = "unique-constraint"
    expr: str
    applies: str  # SQL condition for records the rule covers
    message: str
    keys: tuple[str, ...]  # fields that carry the message

    def index_sql(self) -> str:
        # Named for its expression too: an index made for an earlier form of the rule (before
        # a blueprint changed case sensitivity or strategy) would not serve this one.
        name = f"{self.store.rec}_{self.rule_id.replace(':', '_')}_{zlib.crc32(self.expr.encode()):08x}"
        return f"CREATE INDEX IF NOT EXISTS {q(name)} ON {self.store.rec}({self.expr})"

    def values_of(self, rid_sql: str, params: Iterable = ()) -> set:
        cur = self.db.execute_sql(
            f"SELECT DISTINCT {self.store.d.group_key(self.expr)} FROM {self.store.rec} WHERE ({self.applies}) "
            f"AND rid IN ({rid_sql})",
            tuple(params),
        )
        return {row[0] for row in cur}

    def _duplicates(self, extra: str = "", params: tuple = ()) -> None:
        """Into temp.rule_dups, once: the records whose value occurs more than once. `extra`
        narrows both the records and the search (to the values in scope). The values are
        gathered by one scan into a table of their own and grouped there: reading them in the
        order of the sheet's expression index costs a table look-up per row, in random order
        (0.66 s against 0.27 s at 300,000 rows)."""
        ex, rec = self.db.execute_sql, self.store.rec
        ex(f"CREATE TEMP TABLE IF NOT EXISTS rule_values (v{self.store.d.group_value_type}, rid INTEGER)")
        ex("CREATE TEMP TABLE IF NOT EXISTS rule_dups (rid INTEGER PRIMARY KEY)")
        ex("DELETE FROM temp.rule_values")
        ex("DELETE FROM temp.rule_dups")
        ex(f"INSERT INTO temp.rule_values SELECT {self.expr}, rid FROM {rec} WHERE ({self.applies}){extra}",
           tuple(params))
        ex("INSERT INTO temp.rule_dups SELECT rid FROM temp.rule_values WHERE v IN "
           "(SELECT v FROM temp.rule_values GROUP BY v HAVING COUNT(*) > 1)")

    def _flag_duplicates(self) -> None:
        """A message on each key field of every record in temp.rule_dups."""
        for k in self.keys:
            self.db.execute_sql(
                f"INSERT INTO {self.store.msg}(rid, key, type, source, message, rule) "
                "SELECT rid, ?, ?, ?, ?, ? FROM temp.rule_dups", (k, self.level, self.source, self.message,
                                                                  self.rule_id))
        self.db.execute_sql(f"INSERT OR IGNORE INTO {self.store.aff}(rid) SELECT rid FROM temp.rule_dups")

    def recompute(self) -> None:
        self._clear()
        self._duplicates()
        self._flag_duplicates()

    def recompute_values(self, values: set) -> None:
        vals = [v for v in values if v is not None]
        if len(vals) > _BIG:
            return self.recompute()
        rec = self.store.rec
        for chunk in _chunks(vals):
            marks = ",".join([self.store.d.group_param] * len(chunk))
            scope = f"SELECT rid FROM {rec} WHERE {self.expr} IN ({marks})"
            self._clear(scope, chunk)
            self._duplicates(f" AND {self.expr} IN ({marks})", tuple(chunk))
            self._flag_duplicates()


class UniqueRule(GroupRule):
    def __init__(self, store, f: FieldDef):
        super().__init__(store)
        col = q(store.cols[f.key])
        self.rule_id = f"u:{f.key}"
        self.fields = self.keys = (f.key,)
        # Empty values are duplicates of each other unless ignoreEmpty
        self.expr = store.d.group_value(col, f.unique.case_sensitive, f.unique.ignore_empty)
        self.applies = "1 = 1" if not f.unique.ignore_empty else f"{col} IS NOT NULL"
        self.level = f.unique.level
        self.message = f.unique.message or (
            f"{f.label} must be unique" + ("" if f.unique.case_sensitive else " (ignoring case)"))


class CompositeRule(GroupRule):
    def __init__(self, store, index: int, c):
        super().__init__(store)
        cols = [q(store.cols[k]) for k in c.fields]
        self.rule_id = f"c:{index}"
        self.fields = self.keys = tuple(c.fields)
        # hash: Flatfile hashes each value on its own, so ("ab", "c") and ("a", "bc") differ;
        # concat, as Flatfile documents it: the values joined as text, so they are the same.
        self.expr = store.d.composite_value(cols, c.strategy == "hash")
        if c.required_fields:
            self.applies = " AND ".join(f"{q(store.cols[k])} IS NOT NULL" for k in c.required_fields)
        else:
            self.applies = "(" + " OR ".join(f"{col} IS NOT NULL" for col in cols) + ")"
        labels = ", ".join(store.sheet.field(k).label for k in c.fields)
        self.message = c.message or f"The combination of {labels} must be unique"
        self.level = c.level


class ReferenceRule(Rule):
    """A reference's text must equal the key of a record in the referenced sheet."""

    source = "unlinked"

    def __init__(self, store, f: FieldDef, target):
        super().__init__(store)
        self.f, self.target = f, target
        self.rule_id = f"r:{f.key}"
        self.fields = (f.key,)
        self.col = q(store.cols[f.key])

    def index_sql(self) -> str:
        name = f"{self.store.rec}_{self.rule_id.replace(':', '_')}"
        return f"CREATE INDEX IF NOT EXISTS {q(name)} ON {self.store.rec}({self.col})"

    def _keys_sql(self) -> str:
        return self.target.key_values_sql(self.f.ref_key)

    def _select(self, scope: str = "") -> str:
        rec, keys = self.store.rec, self._keys_sql()
        where = f" AND r.rid IN ({scope})" if scope else ""
        label = f"{self.target.sheet.slug}.{self.f.ref_key}"
        d = self.store.d
        if self.f.is_list:
            found = d.string_agg("j.value", "', '")
            return (
                f"SELECT r.rid AS rid, '{_lit(self.f.key)}' AS key, "
                f"'Not found in {_lit(label)}: ' || {found} AS message "
                f"FROM {rec} r, {d.json_elements('r.' + self.col)} WHERE j.value NOT IN ({keys}){where} GROUP BY r.rid"
            )
        value = d.comparable_text(f"r.{self.col}")
        message = d.format(f"'\"%s\" was not found in {_sql_text(label)}'", value)
        return (
            f"SELECT r.rid AS rid, '{_lit(self.f.key)}' AS key, {message} AS message "
            f"FROM {rec} r WHERE r.{self.col} IS NOT NULL AND {value} NOT IN ({keys}){where}"
        )

    def recompute(self) -> None:
        self._clear()
        self._insert(self._select())

    def recompute_rids(self, rid_sql: str, params: tuple = ()) -> None:
        self._clear(rid_sql, params)
        sel = self._select(rid_sql)
        self._insert(sel, params)

    def recompute_values(self, values: set) -> None:
        """The referenced keys `values` appeared or disappeared: re-check who points at them."""
        vals = [str(v) for v in values if v is not None]
        if self.f.is_list or len(vals) > _BIG:
            return self.recompute()
        for chunk in _chunks(vals):
            marks = ",".join("?" * len(chunk))
            self.recompute_rids(f"SELECT rid FROM {self.store.rec} WHERE {self.store.d.comparable_text(self.col)} "
                                f"IN ({marks})", tuple(chunk))


def _sql_text(s: str) -> str:
    return s.replace("'", "''").replace("%", "%%")


def _lit(s: str) -> str:
    return s.replace("'", "''")
