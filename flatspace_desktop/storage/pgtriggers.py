"""The history triggers of a Team Space, in PL/pgSQL: what storage.history makes in SQLite's
trigger language, the same rows in the same tables.

A row's values go into history the first time it is updated or deleted in an epoch (ON
CONFLICT DO NOTHING on (epoch, row)); a row of the Space's own tables created in an epoch is
noted as not having existed. Each record table's trigger function names its own columns,
since its history table mirrors them.
"""

from __future__ import annotations

from .rules import q

META_FUNCTION = """
CREATE OR REPLACE FUNCTION fs_meta_hist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE e bigint;
BEGIN
  SELECT epoch INTO e FROM history_state;
  IF e > 0 THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO meta_hist VALUES (e, TG_TABLE_NAME, (to_jsonb(NEW) ->> TG_ARGV[0])::bigint, 0, NULL)
        ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO meta_hist VALUES (e, TG_TABLE_NAME, (to_jsonb(OLD) ->> TG_ARGV[0])::bigint, 1,
                                    (to_jsonb(OLD) - 'rowid')::text)
        ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$
"""


def install_meta(db, table: str, versioned: list[str], row_id: str) -> None:
    """The triggers of one of the Space's own tables (META_FUNCTION made once before)."""
    for name in ("i", "u", "d"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {table}_hist_{name} ON {table}")
    call = f"FOR EACH ROW EXECUTE FUNCTION fs_meta_hist('{row_id}')"
    db.execute_sql(f"CREATE TRIGGER {table}_hist_i AFTER INSERT ON {table} {call}")
    db.execute_sql(f"CREATE TRIGGER {table}_hist_u BEFORE UPDATE OF {', '.join(q(c) for c in versioned)} "
                   f"ON {table} {call}")
    db.execute_sql(f"CREATE TRIGGER {table}_hist_d BEFORE DELETE ON {table} {call}")


def install_records(store, hist: str, cols: list[str]) -> None:
    db, rec = store.db, store.rec
    names = ", ".join(q(c) for c in cols)
    old = ", ".join(f"OLD.{q(c)}" for c in cols)
    # The row's cell messages go along, in the order they were written (see storage.history)
    msgs = (f"(SELECT json_agg(json_build_array(key, type, source, message) ORDER BY rowid)::text "
            f"FROM {store.msg} WHERE rid = OLD.rid AND rule = 'cell')")
    db.execute_sql(f"""
CREATE OR REPLACE FUNCTION {rec}_hist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE e bigint;
BEGIN
  SELECT epoch INTO e FROM history_state;
  IF e > 0 THEN
    INSERT INTO {hist} (rid, epoch, existed, msgs{', ' + names if names else ''})
      VALUES (OLD.rid, e, 1, {msgs}{', ' + old if old else ''}) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$""")
    for name in ("u", "d"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {rec}_hist_{name} ON {rec}")
    call = f"FOR EACH ROW EXECUTE FUNCTION {rec}_hist()"
    if cols:
        db.execute_sql(f"CREATE TRIGGER {rec}_hist_u BEFORE UPDATE OF {names} ON {rec} {call}")
    db.execute_sql(f"CREATE TRIGGER {rec}_hist_d BEFORE DELETE ON {rec} {call}")
