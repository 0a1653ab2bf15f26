"""A Team Space's guests as the server's own roles, so the server, and not only Flatspace,
keeps a guest to its grant: a guest's desktop connects with the guest's role, and whatever
it sends, it reads only what the grant names.

Each guest link is a role (fsg_<space>_<guest id>) that logs in with the link's secret (its
SHA-256, as the Space stores it) until the link expires (VALID UNTIL), and not at all once it is
revoked. It may read the Space's settings and its granted sheets' records (row-level security
keeps other workbooks, sheets and fields, and the other guests' rows, from it), and write
those records unless the link is read-only. Roles are the server's, not a schema's: they are
dropped with the guest, and with the Space."""

from __future__ import annotations

import re

PREFIX = "fsg_"
_HEX = re.compile(r"^[0-9a-f]{64}$")
_WHEN = re.compile(r"^[0-9T:.+-]+Z?$")
ROW_SECURED = ("guest", "workbook", "sheet", "field")
# What a guest's session reads to open the Space, find its sheets, and follow its changes.
READABLE = ("flatspace_schema", "space", "history_state", "sheet_table", "document", "activity", "undo_step",
            "saved_view", "saved_mapping", "recipe_step", "job", "file", "file_import", "file_actions",
            "workbook", "sheet", "field", "guest", "snapshot", "blob_part", "meta_hist")
# Written by every edit a guest may make (its activity row, its undo step, the Space's clock).
WRITTEN = ("activity", "undo_step", "meta_hist", "access_log", "snapshot", "history_state", "file", "file_import",
           "blob_part", "job", "file_actions", "recipe_step", "saved_mapping", "saved_view")

# Once per Team Space (storage.server's second step): everyone but a guest reads every row.
SCHEMA_SETUP = [stmt for t in ROW_SECURED for stmt in (
    f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
    f"CREATE POLICY members ON {t} USING (current_user NOT LIKE 'fsg\\_%')",
)]


def role_name(schema: str, guest_id: int) -> str:
    return f"{PREFIX}{schema.removeprefix('fs_')}_{int(guest_id)}"[:63]


def _role_exists(db, role: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone() is not None


def sync(db, schema: str, guest, sheets: list[tuple[int, int]]) -> None:
    """Make the guest's role say what its row says: `sheets` are the (workbook id, sheet id)
    its grant reaches now (the sheets of its workbooks, or its sheets, or every one)."""
    role = role_name(schema, guest.id)
    secret = guest.token_hash if _HEX.match(guest.token_hash or "") else None
    live = secret is not None and not guest.revoked_at
    until = guest.expires_at if guest.expires_at and _WHEN.match(guest.expires_at) else "infinity"
    login = f"LOGIN PASSWORD '{secret}' VALID UNTIL '{until}'" if live else "NOLOGIN PASSWORD NULL"
    verb = "ALTER" if _role_exists(db, role) else "CREATE"
    db.execute_sql(f'{verb} ROLE "{role}" {login}' + (" NOINHERIT" if verb == "CREATE" else ""))
    _forget(db, schema, role)
    grant = [f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"',
             f"GRANT SELECT ON {', '.join(READABLE)} TO \"{role}\"",
             f'GRANT UPDATE (uses, last_access_at) ON guest TO "{role}"',
             f'GRANT INSERT ON access_log TO "{role}"',
             f'CREATE POLICY "{role}" ON guest TO "{role}" USING (id = {int(guest.id)})']
    wbs = sorted({w for w, _s in sheets}) or [0]
    sids = sorted({s for _w, s in sheets}) or [0]
    grant += [f'CREATE POLICY "{role}" ON workbook TO "{role}" USING (id IN ({", ".join(map(str, wbs))}))',
              f'CREATE POLICY "{role}" ON sheet TO "{role}" USING (id IN ({", ".join(map(str, sids))}))',
              f'CREATE POLICY "{role}" ON field TO "{role}" USING (sheet_id IN ({", ".join(map(str, sids))}))']
    tables = [f"{kind}_{sid}" for _w, sid in sheets for kind in ("rec", "msg", "hist")
              if _table_exists(db, f"{kind}_{sid}")]
    if tables:
        grant.append(f"GRANT SELECT ON {', '.join(tables)} TO \"{role}\"")
        issued = [f"{t}_issued" for t in tables if t.startswith("rec_")]
        grant.append(f"GRANT SELECT ON SEQUENCE {', '.join(issued)} TO \"{role}\"")
    if not guest.read_only:
        grant.append(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(tables + list(WRITTEN))} TO \"{role}\"")
        grant.append(f'GRANT UPDATE (last_activity_at, updated_at) ON space TO "{role}"')
        grant.append(f'GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{role}"')
    else:
        grant.append(f'GRANT USAGE ON SEQUENCE {_sequence(db, "access_log")} TO "{role}"')
    for stmt in grant:
        db.execute_sql(stmt)


def _table_exists(db, table: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE n.nspname = current_schema() AND c.relname = ? AND c.relkind = 'r'",
                          (table,)).fetchone() is not None


def _sequence(db, table: str) -> str:
    return db.execute_sql("SELECT pg_get_serial_sequence(?, 'id')", (table,)).fetchone()[0]


def _forget(db, schema: str, role: str) -> None:
    """Everything the role was granted in this Space, gone (before granting what it has now)."""
    db.execute_sql(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{role}"')
    db.execute_sql(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM "{role}"')
    for t in ROW_SECURED:
        db.execute_sql(f'DROP POLICY IF EXISTS "{role}" ON {t}')


def drop(db, schema: str, guest_id: int) -> None:
    role = role_name(schema, guest_id)
    if _role_exists(db, role):
        _forget(db, schema, role)
        db.execute_sql(f'REVOKE ALL ON SCHEMA "{schema}" FROM "{role}"')
        db.execute_sql(f'DROP ROLE "{role}"')


def drop_all(db, schema: str) -> None:
    """Every guest role of the Space (it leaves the server)."""
    prefix = role_name(schema, 0)[:-1]
    for (role,) in db.execute_sql("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)", (prefix,)).fetchall():
        if role[len(prefix):].isdigit():
            db.execute_sql(f'DROP OWNED BY "{role}"')
            db.execute_sql(f'DROP ROLE "{role}"')
