"""Records of one sheet: a table with one column per field, and a table of cell messages.

rec_<sheet>: rid (key order = insertion order), n_err (error cells, partial-indexed so the
error filter and counts are index look-ups), one untyped column per field.
msg_<sheet>: one row per message: rid, field key, type, source, text, and the rule that
produced it (cell-local rules are re-run when a cell is written; cross-record rules live
in storage.rules).

Writes here assume the caller holds a transaction (the service layer opens it).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from .batches import BATCH, make_batches
from ..domain.blueprint import REFERENCE_TYPES, FieldDef, SheetDef, composite_uniques
from ..domain.cells import make_caster
from . import serverguests, sheettables
from .dialect import of
from .rules import CompositeRule, ReferenceRule, UniqueRule, _chunks, q

Progress = Callable[[int], None]
BULK = 20_000  # beyond this many records, one pass over the sheet beats record-by-record work


class SheetStore:
    def __init__(self, db, sheet_id: int, sheet: SheetDef, cols: dict[str, str]):
        self.db = db
        self.d = of(db)  # SQLite's words, or a server's
        self.sid = sheet_id
        self.sheet = sheet
        self.cols = cols  # field key -> column name
        self.rec = f"rec_{sheet_id}"
        self.msg = f"msg_{sheet_id}"
        self.aff = f"temp.aff_{sheet_id}"  # rows whose messages changed in the current write
        self.group_rules: list = []
        self.ref_rules: list[ReferenceRule] = []
        self.dependents: list[ReferenceRule] = []  # rules in other sheets that point here
        self.keys_referenced: set[str] = set()

    # ---- wiring (done by the workbook once all its sheets exist)
    def wire(self, by_slug: dict[str, "SheetStore"]) -> None:
        self.group_rules = [UniqueRule(self, f) for f in self.sheet.fields if f.unique]
        self.group_rules += [CompositeRule(self, i, c) for i, c in enumerate(composite_uniques(self.sheet))]
        self.ref_rules = []
        for f in self.sheet.fields:
            if f.type in REFERENCE_TYPES and f.ref_sheet in by_slug:
                target = by_slug[f.ref_sheet]
                rule = ReferenceRule(self, f, target)
                self.ref_rules.append(rule)
                target.dependents.append(rule)
                target.keys_referenced.add(f.ref_key)

    # ---- schema
    def create_tables(self) -> None:
        cols = "".join(f", {q(c)}{self.d.cell_type}" for c in self.cols.values())
        ex = self.db.execute_sql
        ex(f"CREATE TABLE {self.rec} ({self.d.record_key()}, n_err INTEGER NOT NULL DEFAULT 0, "
           f"meta TEXT, updated_by TEXT{cols})")
        self.d.after_create_records(self.db, self.rec)
        ex(f"CREATE TABLE {self.msg} (rid INTEGER NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL, "
           f"source TEXT NOT NULL, message TEXT NOT NULL, rule TEXT NOT NULL{self.d.message_key()})")
        ex(f"CREATE INDEX {self.msg}_rid ON {self.msg}(rid)")
        ex(f"CREATE INDEX {self.msg}_err ON {self.msg}(key, rid) WHERE type = 'error'")
        ex(f"CREATE INDEX {self.rec}_err ON {self.rec}(rid) WHERE n_err > 0")
        sheettables.record(self.db, self.sid)

    def add_column(self, col: str) -> None:
        """A column for a field added to the sheet (an import's additional fields)."""
        self.db.execute_sql(f"ALTER TABLE {self.rec} ADD COLUMN {q(col)}{self.d.cell_type}")

    def create_indexes(self) -> None:
        for rule in self.group_rules + self.ref_rules:
            self.db.execute_sql(rule.index_sql())
        for key in self.keys_referenced:
            col = q(self.cols[key])
            self.db.execute_sql(f"CREATE INDEX IF NOT EXISTS {self.rec}_k_{self.cols[key]} ON {self.rec}"
                                f"(({self.d.text(col)}))")

    def has_sort_index(self, key: str, errors: bool = False) -> bool:
        """errors: the index of the error filter sorted by `key` (the invalid records alone)."""
        name = f"{self.rec}_{'e' if errors else 's'}_{self.cols[key]}"
        return self.d.has(self.db, name, "index")

    def ensure_sort_index(self, key: str) -> None:
        """Sorting 1M rows without an index takes seconds; with one, milliseconds. A second,
        partial index holds the invalid records alone, in the same order: the error filter
        sorted reads its few records in order (5 ms) instead of sorting them (70 ms at 1M)."""
        if serverguests.is_guest_role(getattr(self.db, "role", None)):
            return  # a guest's own role on a Team Space makes no index: the server sorts without one
        col = self.cols[key]
        # SQLite sorts an index's entries in memory up to the page cache's size (64 MB here),
        # then in temporary files: with 8 MB the build at 1M records is as fast (0.6 s against
        # 1.0) and the window's process does not grow by 70 MB
        size = self.d.cache_size(self.db, -8000)
        try:
            keys = ", ".join(self.d.sort_keys(q(col)))
            self.db.execute_sql(f"CREATE INDEX IF NOT EXISTS {self.rec}_s_{col} ON {self.rec}({keys}, rid)")
            self.db.execute_sql(f"CREATE INDEX IF NOT EXISTS {self.rec}_e_{col} ON {self.rec}({keys}, rid) "
                                "WHERE n_err > 0")
        finally:
            self.d.cache_size(self.db, size)

    def key_values_sql(self, key: str) -> str:
        col = q(self.cols[key])
        return f"SELECT {self.d.text(col)} FROM {self.rec} WHERE {col} IS NOT NULL"

    # ---- writes
    def _begin_scope(self) -> None:
        self.db.execute_sql(f"CREATE TEMP TABLE IF NOT EXISTS aff_{self.sid} (rid INTEGER PRIMARY KEY)")
        self.db.execute_sql(f"DELETE FROM {self.aff}")

    def is_empty(self) -> bool:
        return self.db.execute_sql(f"SELECT 1 FROM {self.rec} LIMIT 1").fetchone() is None

    def next_rid(self) -> int:
        top = self.db.execute_sql(f"SELECT max(rid) FROM {self.rec}").fetchone()[0]
        return max(self.d.issued(self.db, self.rec), top or 0) + 1

    def insert_rows(self, keys: Sequence[str], rows: Iterable[Sequence[Any]],
                    progress: Progress | None = None, scoped: bool = False,
                    rids: Sequence[int] | None = None, author: str | None = None) -> list[int] | int:
        """Insert rows of raw values aligned with `keys`. Returns the count (or rids if scoped).
        `author`: who the records say last changed them (the unit of work's actor)."""
        fields, missing = self.split_fields(keys)
        batches = make_batches(fields, missing, rows, self.next_rid(), rids=rids, author=author)
        if scoped and rids is not None and len(rids) > BULK:
            scoped = False  # putting back very many records: validate the sheet once instead
        result = self.insert_batches(keys, batches, progress=progress, scoped=scoped)
        if rids is not None and not scoped:
            result = list(rids)
        if rids is not None:
            from .history import log_reinserted

            log_reinserted(self, list(rids))
        return result

    def split_fields(self, keys: Sequence[str]) -> tuple[list[FieldDef], list[FieldDef]]:
        """The fields given by `keys`, and the rest (filled as empty)."""
        return [self.sheet.field(k) for k in keys], [f for f in self.sheet.fields if f.key not in keys]

    def insert_batches(self, keys: Sequence[str], batches: Iterable[tuple[list, list]],
                       progress: Progress | None = None, scoped: bool = False,
                       index_once: bool = False) -> list[int] | int:
        """Write batches from storage.batches (made here or in a reader process).

        Bulk path: executemany per batch; the cross-record rules then run once over the
        sheet. Scoped (a few rows added by hand): the rules run for those rows only.
        index_once: the sheet's own indexes are dropped for the writing and built once after
        it (for a big import: one sort per index instead of a B-tree insert per row and index;
        measured 2.7 s -> 0.6 s of writing for 300,000 rows under five indexes).
        """
        self._begin_scope()
        rebuilt = self._drop_indexes() if index_once and not scoped else []
        fields, missing = self.split_fields(keys)
        cols = [self.cols[f.key] for f in fields + missing]
        marks = ", ".join("?" * (len(cols) + 3))
        insert_rec = (f"INSERT INTO {self.rec} (rid, n_err, {', '.join(q(c) for c in cols)}, updated_by) "
                      f"VALUES ({marks})")
        insert_msg = f"INSERT INTO {self.msg} (rid, key, type, source, message, rule) VALUES (?, ?, ?, ?, ?, 'cell')"
        cursor = self.db.cursor()
        written: list[int] = []
        batches = self.d.bound_batches(batches)
        count, top = self._write_batches(cursor, batches, insert_rec, insert_msg, progress, scoped, written)
        if top and top >= self.next_rid() - 1:
            self.d.set_issued(self.db, self.rec, top)
        for sql in rebuilt:
            self.db.execute_sql(sql)
        if progress:
            progress(count)
        if scoped:
            self._after_change(written, self._snapshot_values([]), written_keys=set(self.cols))
            return written
        self.revalidate_all()
        return count

    def _drop_indexes(self) -> list[str]:
        """Drop the record table's indexes but the error one (which holds only invalid rows);
        returns the statements that make them again."""
        found = self.d.indexes(self.db, self.rec, but=f"{self.rec}_err")
        for name, _sql in found:
            self.db.execute_sql(f"DROP INDEX {q(name)}")
        return [sql for _name, sql in found]

    @staticmethod
    def _write_batches(cursor, batches, insert_rec, insert_msg, progress, scoped, written) -> tuple[int, int]:
        top = count = 0
        for batch, msgs in batches:
            if batch:
                cursor.executemany(insert_rec, batch)
                top = max(top, max(r[0] for r in batch) if scoped else batch[-1][0])
                if scoped:
                    written += [r[0] for r in batch]
                count += len(batch)
            if msgs:
                cursor.executemany(insert_msg, msgs)
            if progress:
                progress(count)
        return count, top

    def update_cells(self, changes: dict[int, dict[str, Any]], author: str | None = None) -> None:
        """Write raw values to cells (rid -> {key: raw}); re-validates everything affected."""
        self._begin_scope()
        rids = sorted(changes)
        keys = {k for cells in changes.values() for k in cells}
        before = self._snapshot_values(rids, keys)
        sink: list = []
        casters = {k: make_caster(self.sheet.field(k), sink) for k in keys}
        cell = self.d.cell
        groups: dict[tuple, list] = {}
        msgs = []
        for rid in rids:
            cells = changes[rid]
            ks = tuple(sorted(cells))
            values = []
            for k in ks:
                values.append(cell(casters[k](cells[k])))
                for key, kind, source, text in sink:
                    msgs.append((rid, key, kind, source, text))
                sink.clear()
            groups.setdefault(ks, []).append((*values, author, rid))
        cur = self.db.cursor()
        for ks, rows in groups.items():
            sets = ", ".join(f"{q(self.cols[k])} = ?" for k in ks)
            cur.executemany(f"UPDATE {self.rec} SET {sets}, updated_by = ? WHERE rid = ?", rows)
            kmarks = ",".join("?" * len(ks))
            cur.executemany(
                f"DELETE FROM {self.msg} WHERE rid = ? AND rule = 'cell' AND key IN ({kmarks})",
                [(row[-1], *ks) for row in rows],
            )
        cur.executemany(
            f"INSERT INTO {self.msg} (rid, key, type, source, message, rule) VALUES (?, ?, ?, ?, ?, 'cell')", msgs
        )
        self._note_rids(rids)
        self._after_change(rids, before, keys)

    def delete_rows(self, rids: Sequence[int], revalidate: bool = True) -> int:
        """revalidate=False: the caller re-validates the whole sheet itself afterwards."""
        self._begin_scope()
        rids = sorted(set(rids))
        if len(rids) > BULK or not revalidate:
            return self._delete_many(rids, revalidate)
        before = self._snapshot_values(rids)
        deleted = 0
        for chunk in _chunks(rids):
            marks = ",".join("?" * len(chunk))
            # records first: history keeps each row's messages, read as the row goes
            deleted += self.db.execute_sql(f"DELETE FROM {self.rec} WHERE rid IN ({marks})", chunk).rowcount
            self.db.execute_sql(f"DELETE FROM {self.msg} WHERE rid IN ({marks})", chunk)
        self._after_change([], before, set(self.cols))
        return deleted

    def _delete_many(self, rids: list[int], revalidate: bool = True) -> int:
        """Many records at once: one statement over a table of ids, then every rule once."""
        self.db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS doomed (rid INTEGER PRIMARY KEY)")
        self.db.execute_sql("DELETE FROM temp.doomed")
        self.db.cursor().executemany("INSERT INTO temp.doomed VALUES (?)", [(r,) for r in rids])
        n = self.db.execute_sql(f"DELETE FROM {self.rec} WHERE rid IN (SELECT rid FROM temp.doomed)").rowcount
        self.db.execute_sql(f"DELETE FROM {self.msg} WHERE rid IN (SELECT rid FROM temp.doomed)")
        self.db.execute_sql("DELETE FROM temp.doomed")
        if revalidate:
            self.revalidate_all()
        return n

    def delete_above(self, rid: int) -> int:
        """Every record with a higher id (those created after a snapshot): one statement each."""
        self._begin_scope()
        n = self.db.execute_sql(f"DELETE FROM {self.rec} WHERE rid > ?", (rid,)).rowcount
        self.db.execute_sql(f"DELETE FROM {self.msg} WHERE rid > ?", (rid,))
        return n

    def recheck_all(self, progress: Progress | None = None) -> None:
        """Re-cast every cell from what is stored and re-run every rule (after the rules changed)."""
        self._begin_scope()
        keys = list(self.cols)
        sink: list = []
        casters = [make_caster(self.sheet.field(k), sink) for k in keys]
        cols = ", ".join(q(self.cols[k]) for k in keys)
        sets = ", ".join(f"{q(self.cols[k])} = ?" for k in keys)
        self.db.execute_sql(f"DELETE FROM {self.msg} WHERE rule = 'cell'")
        cur = self.db.cursor()
        last, done = 0, 0
        while True:
            rows = self.db.execute_sql(
                f"SELECT rid, {cols} FROM {self.rec} WHERE rid > ? ORDER BY rid LIMIT ?", (last, BATCH)).fetchall()
            if not rows:
                break
            updates, counts, msgs = [], [], []
            for row in rows:
                values = [c(v) for c, v in zip(casters, row[1:])]
                n_err = 0
                for key, kind, source, text in sink:
                    msgs.append((row[0], key, kind, source, text))
                    n_err += kind == "error"
                sink.clear()
                if [(type(v), v) for v in values] != [(type(v), v) for v in row[1:]]:
                    # only what casting changed: history stays small
                    updates.append((*map(self.d.cell, values), row[0]))
                counts.append((n_err, row[0]))
            cur.executemany(f"UPDATE {self.rec} SET {sets} WHERE rid = ?", updates)
            cur.executemany(f"UPDATE {self.rec} SET n_err = ? WHERE rid = ?", counts)
            cur.executemany(f"INSERT INTO {self.msg} (rid, key, type, source, message, rule) "
                            "VALUES (?, ?, ?, ?, ?, 'cell')", msgs)
            last = rows[-1][0]
            done += len(rows)
            if progress:
                progress(done)
        self.revalidate_all()

    # ---- re-validation
    def _note_rids(self, rids: Sequence[int]) -> None:
        self.db.cursor().executemany(f"INSERT OR IGNORE INTO {self.aff}(rid) VALUES (?)", [(r,) for r in rids])

    def _snapshot_values(self, rids: Sequence[int], keys: set[str] | None = None) -> dict:
        """Values of the grouping/key expressions before a change, to scope re-checks after."""
        snap: dict = {"groups": {}, "keys": {}}
        if not rids:
            return snap
        self._note_rids(rids)
        scope = f"SELECT rid FROM {self.aff}"
        for rule in self.group_rules:
            if keys is None or set(rule.fields) & keys:
                snap["groups"][rule.rule_id] = rule.values_of(scope)
        for key in self.keys_referenced:
            if keys is None or key in keys:
                col = q(self.cols[key])
                cur = self.db.execute_sql(f"SELECT DISTINCT {self.d.text(col)} FROM {self.rec} WHERE rid IN ({scope})")
                snap["keys"][key] = {r[0] for r in cur}
        return snap

    def _after_change(self, rids: Sequence[int], before: dict, written_keys: set[str]) -> None:
        if rids:
            self._note_rids(rids)
        for rule in self.group_rules:
            if not set(rule.fields) & written_keys:
                continue
            values = set(before["groups"].get(rule.rule_id, set()))
            if rids:
                values |= rule.values_of(self.d.json_ints(), (_json_ints(rids),))
            rule.recompute_values(values)
        for rule in self.ref_rules:
            if rule.f.key in written_keys and rids:
                rule.recompute_rids(self.d.json_ints(), (_json_ints(rids),))
        for key in self.keys_referenced:
            if key not in written_keys:
                continue
            values = set(before["keys"].get(key, set()))
            if rids:
                col = q(self.cols[key])
                cur = self.db.execute_sql(
                    f"SELECT DISTINCT {self.d.text(col)} FROM {self.rec} WHERE rid IN ({self.d.json_ints()})",
                    (_json_ints(rids),))
                values |= {r[0] for r in cur}
            for rule in self.dependents:
                if rule.f.ref_key != key:
                    continue
                other = rule.store
                if other is not self:
                    other._begin_scope()
                rule.recompute_values(values)
                if other is not self:
                    other._refresh_counts()
        self._refresh_counts()

    def revalidate_all(self) -> None:
        """Recompute every cross-record rule of this sheet and of sheets that point at it."""
        for rule in self.group_rules + self.ref_rules:
            rule.recompute()
        self._refresh_counts()
        self._recheck_dependents()

    def _recheck_dependents(self) -> None:
        for rule in self.dependents:
            other = rule.store
            if other is not self:
                other._begin_scope()
            rule.recompute()
            other._refresh_counts()

    def _refresh_counts(self) -> None:
        self.db.execute_sql(
            f"UPDATE {self.rec} SET n_err = ({self.d.errors_of_record(self.msg, self.rec)}) "
            f"WHERE rid IN (SELECT rid FROM {self.aff})"
        )
        self.db.execute_sql(f"DELETE FROM {self.aff}")


def _json_ints(rids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(r)) for r in rids) + "]"
