"""A Team Space's guests as the server's own roles, so the server, and not only Flatspace,
keeps a guest to its grant whatever a guest's desktop sends.

Each guest link is a login role (fsg_<space>_<guest id>, its password the SHA-256 of the link's
secret, as the Space stores it) in the Space's group role (fsg_<space>). The group may only
read, and only through row-level security: the Space's settings and documents, the workbooks,
sheets, fields, views and records its grant reaches, the files it may see and their contents.
It reads nothing of the bookkeeping (guests, the access log, activity, history, undo steps,
snapshots, mappings, jobs) and writes nothing at all: what it needs of those (opening the link,
the link's state, a workbook's blueprint cut to the grant) are functions that run as the Space's
owner and check the guest themselves.

A connection of a guest's role reads nothing until `guest_begin()` has counted a use of the
link (and refused it, logged, when the link is revoked, expired, used up or of a kind the Space
no longer allows); every row read checks again that the link is as it was when the connection
began, so revoking, re-issuing or removing it, or its expiry, ends even an open connection."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re

import peewee

from ..domain.errors import DatabaseError
from .db import sqlstate, translate_errors

PREFIX = "fsg_"
_HEX = re.compile(r"^[0-9a-f]{64}$")
_NOW = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"  # as domain.clock writes


# What a guest's role may call (guest_secure stays everyone's: it only ever closes tables to guests).
GUEST_FUNCTIONS = ("guest_id()", "guest_state()", "guest_live()", "guest_reaches(bigint)", "guest_sheet(bigint)",
                   "guest_workbook(bigint)", "guest_file(bigint)", "guest_blob(text)", "guest_blueprint(bigint)",
                   "guest_name(text)", "guest_last_activity()", "guest_activity_after(bigint)",
                   "guest_recipe(bigint)", "guest_begin()")


def group_name(schema: str) -> str:
    return f"{PREFIX}{schema.removeprefix('fs_')}"


def role_name(schema: str, guest_id: int) -> str:
    return f"{group_name(schema)}_{int(guest_id)}"


def is_guest_role(role: str | None) -> bool:
    return bool(role) and role.startswith(PREFIX)


def setup(schema: str) -> list[str]:
    """The Space's part of it (storage.server's second step): the table of begun connections and
    the functions. Nothing is secured until the Space has a guest (secure(), via sync)."""
    group, q = group_name(schema), f'"{schema}"'
    head = f"SECURITY DEFINER SET search_path = {q}, pg_temp"
    fns = [
        # The guest a connection's login stands for (session_user: no SET ROLE changes it).
        f"""CREATE FUNCTION guest_id() RETURNS integer LANGUAGE sql STABLE {head} AS $$
          SELECT CASE WHEN substr(session_user, 1, {len(group) + 1}) = '{group}_'
                       AND substr(session_user, {len(group) + 2}) ~ '^[0-9]{{1,9}}$'
                      THEN substr(session_user, {len(group) + 2})::integer END $$""",
        # What a guest's row says now, for this connection.
        f"""CREATE FUNCTION guest_state() RETURNS text LANGUAGE plpgsql STABLE {head} AS $$
          DECLARE g guest%ROWTYPE; s guest_session%ROWTYPE; gid integer := guest_id();
          BEGIN
            IF gid IS NULL THEN RETURN 'not a guest'; END IF;
            SELECT * INTO g FROM guest WHERE id = gid;
            IF NOT FOUND THEN RETURN 'removed'; END IF;
            IF g.revoked_at IS NOT NULL THEN RETURN 'revoked'; END IF;
            SELECT * INTO s FROM guest_session WHERE pid = pg_backend_pid() AND guest_id = gid
              AND started = (SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid());
            IF NOT FOUND THEN RETURN 'not begun'; END IF;
            IF s.token_hash <> g.token_hash THEN RETURN 're-issued'; END IF;
            IF g.expires_at IS NOT NULL AND g.expires_at <= {_NOW} THEN RETURN 'expired'; END IF;
            IF NOT (SELECT guest_authentication::jsonb @> to_jsonb(g.kind) FROM space LIMIT 1) THEN RETURN 'not allowed'; END IF;
            RETURN 'active';
          END $$""",
        f"""CREATE FUNCTION guest_live() RETURNS boolean LANGUAGE sql STABLE {head} AS $$
          SELECT guest_state() = 'active' $$""",
        # Whether the guest's grant reaches a sheet (its workbook's grant, its own, or the whole Space).
        f"""CREATE FUNCTION guest_reaches(sid bigint) RETURNS boolean LANGUAGE sql STABLE {head} AS $$
          SELECT EXISTS (SELECT 1 FROM guest g JOIN sheet s ON s.id = sid WHERE g.id = guest_id() AND (
            (g.workbooks IS NULL AND g.sheets IS NULL)
            OR (g.workbooks IS NOT NULL AND g.workbooks::jsonb @> to_jsonb(s.workbook_id))
            OR (g.sheets IS NOT NULL AND g.sheets::jsonb @> to_jsonb(s.id)))) $$""",
        f"""CREATE FUNCTION guest_sheet(sid bigint) RETURNS boolean LANGUAGE sql STABLE {head} AS $$
          SELECT guest_live() AND guest_reaches(sid) $$""",
        f"""CREATE FUNCTION guest_workbook(wid bigint) RETURNS boolean LANGUAGE sql STABLE {head} AS $$
          SELECT EXISTS (SELECT 1 FROM sheet s WHERE s.workbook_id = wid AND guest_reaches(s.id)) $$""",
        # Files: a guest of the whole Space sees every one; another, its own and those imported into its sheets.
        f"""CREATE FUNCTION guest_file(fid bigint) RETURNS boolean LANGUAGE sql STABLE {head} AS $$
          SELECT EXISTS (SELECT 1 FROM guest g, file f WHERE g.id = guest_id() AND f.id = fid AND (
            (g.workbooks IS NULL AND g.sheets IS NULL) OR f.created_by = 'guest:' || g.id
            OR EXISTS (SELECT 1 FROM file_import i WHERE i.file_id = fid AND guest_reaches(i.sheet_id)))) $$""",
        f"""CREATE FUNCTION guest_blob(sha text) RETURNS boolean LANGUAGE sql STABLE {head} AS $$
          SELECT EXISTS (SELECT 1 FROM file f WHERE f.sha256 = sha AND guest_file(f.id)) $$""",
        # A workbook's blueprint as the guest may see it: whole, or its granted sheets only.
        f"""CREATE FUNCTION guest_blueprint(wid bigint) RETURNS text LANGUAGE sql STABLE {head} AS $$
          SELECT CASE WHEN NOT (guest_live() AND guest_workbook(wid)) THEN NULL
            WHEN NOT EXISTS (SELECT 1 FROM sheet s WHERE s.workbook_id = wid AND NOT guest_reaches(s.id))
              THEN w.blueprint
            ELSE jsonb_set(w.blueprint::jsonb, '{{sheets}}', COALESCE((
              SELECT jsonb_agg(e ORDER BY n) FROM jsonb_array_elements(w.blueprint::jsonb -> 'sheets')
                WITH ORDINALITY AS x(e, n)
              WHERE EXISTS (SELECT 1 FROM sheet s WHERE s.workbook_id = wid AND guest_reaches(s.id)
                            AND s.position = n - 1)), '[]'::jsonb))::text END
          FROM workbook w WHERE w.id = wid $$""",
        # The name shown for a change's author: an admin's, the guest's own; other guests unnamed.
        f"""CREATE FUNCTION guest_name(actor text) RETURNS text LANGUAGE sql STABLE {head} AS $$
          SELECT CASE WHEN NOT guest_live() THEN NULL
            WHEN actor = 'guest:' || guest_id() THEN (SELECT COALESCE(NULLIF(name, ''), 'a shared link') || ' (guest)'
                                                      FROM guest WHERE id = guest_id())
            WHEN actor LIKE 'guest:%' THEN 'another guest'
            ELSE substr(actor, strpos(actor, ':') + 1) END $$""",
        # How far the Space's activity has gone (its rows are not the guest's to read).
        f"""CREATE FUNCTION guest_last_activity() RETURNS bigint LANGUAGE sql STABLE {head} AS $$
          SELECT CASE WHEN guest_live() THEN (SELECT COALESCE(MAX(id), 0) FROM activity) END $$""",
        # The activity after a row, as much of it as tells a guest's window what to read again:
        # the action, and for the sheets its grant reaches, which sheet and how.
        f"""CREATE FUNCTION guest_activity_after(after bigint) RETURNS TABLE (id bigint, action text, detail text)
          LANGUAGE sql STABLE {head} AS $$
          SELECT a.id, CASE WHEN mine THEN a.action
            WHEN split_part(a.action, '.', 1) IN ('workbook', 'file', 'document', 'space') OR a.action = 'snapshot.restore'
              THEN split_part(a.action, '.', 1) || '.changed'
            ELSE 'views.other' END,  -- a no-op: an id and nothing else of another sheet's, or the guests'
            CASE WHEN mine THEN jsonb_strip_nulls(jsonb_build_object('sheetId', d -> 'sheetId', 'rows', d -> 'rows',
                   'fieldsAdded', d -> 'fieldsAdded', 'count', d -> 'count'))::text ELSE '{{}}' END
          FROM activity a, LATERAL (SELECT CASE WHEN a.detail ~ '^\\s*[{{]' THEN a.detail::jsonb
                                                ELSE '{{}}'::jsonb END AS d) x,
            LATERAL (SELECT split_part(a.action, '.', 1) = 'records' AND jsonb_typeof(d -> 'sheetId') = 'number'
                            AND guest_reaches((d ->> 'sheetId')::bigint) AS mine) y
          WHERE (SELECT guest_live()) AND a.id > after ORDER BY a.id $$""",
        # A granted sheet's recipe: its steps not undone (the undo steps are not the guest's to read).
        f"""CREATE FUNCTION guest_recipe(sid bigint) RETURNS TABLE (step text, actor text, at text)
          LANGUAGE sql STABLE {head} AS $$
          SELECT r.step, r.actor, r.at FROM recipe_step r LEFT JOIN undo_step u ON u.id = r.undo_id
          WHERE guest_sheet(sid) AND r.sheet_id = sid AND (u.undone IS NULL OR NOT u.undone::text IN ('1', 'true'))
          ORDER BY r.id $$""",
        # Opening a link: checked and counted as services.guests does for a Space of this computer.
        f"""CREATE FUNCTION guest_begin() RETURNS text LANGUAGE plpgsql VOLATILE {head} AS $$
          DECLARE g guest%ROWTYPE; gid integer := guest_id(); why text;
          BEGIN
            IF gid IS NULL THEN RETURN json_build_object('refused', 'not a guest')::text; END IF;
            SELECT * INTO g FROM guest WHERE id = gid FOR UPDATE;
            IF NOT FOUND THEN why := 'removed';
            ELSIF g.revoked_at IS NOT NULL THEN why := 'revoked';
            ELSIF g.expires_at IS NOT NULL AND g.expires_at <= {_NOW} THEN why := 'expired';
            ELSIF NOT (SELECT guest_authentication::jsonb @> to_jsonb(g.kind) FROM space LIMIT 1) THEN why := 'not allowed';
            ELSIF g.max_uses IS NOT NULL AND g.uses >= g.max_uses THEN why := 'used up';
            END IF;
            IF why IS NOT NULL THEN
              INSERT INTO access_log (at, guest_id, outcome, reason)
                VALUES ({_NOW}, CASE WHEN why = 'removed' THEN NULL ELSE gid END, 'refused', why);
              RETURN json_build_object('refused', why, 'kind', g.kind)::text;
            END IF;
            UPDATE guest SET uses = uses + 1, last_access_at = {_NOW} WHERE id = gid;
            INSERT INTO guest_session (pid, started, guest_id, token_hash)
              SELECT pg_backend_pid(), backend_start, gid, g.token_hash FROM pg_stat_activity WHERE pid = pg_backend_pid()
              ON CONFLICT (pid) DO UPDATE SET started = EXCLUDED.started, guest_id = EXCLUDED.guest_id,
                                             token_hash = EXCLUDED.token_hash;
            PERFORM guest_secure();
            RETURN json_build_object('id', gid, 'kind', g.kind, 'name', g.name, 'workbooks', g.workbooks,
                                     'sheets', g.sheets)::text;
          END $$""",
        # Row-level security and the group's grants on every table it may read, made again
        # whenever sheets come or go (a table made without them is closed to guests: no grant).
        f"""CREATE FUNCTION guest_secure() RETURNS void LANGUAGE plpgsql VOLATILE {head} AS $$
          DECLARE t record; rule text;
          BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN RETURN; END IF;
            FOR t IN SELECT c.relname, c.relrowsecurity FROM pg_class c
                     WHERE c.relnamespace = '{q}'::regnamespace AND c.relkind = 'r' LOOP
              rule := CASE
                WHEN t.relname = 'flatspace_schema' THEN 'true'
                WHEN t.relname IN ('space', 'document') THEN '(SELECT guest_live())'
                -- the link checked once a statement (an InitPlan), the grant row by row
                WHEN t.relname = 'workbook' THEN '(SELECT guest_live()) AND guest_workbook(id)'
                WHEN t.relname = 'sheet' THEN '(SELECT guest_live()) AND guest_reaches(id)'
                WHEN t.relname IN ('field', 'sheet_table', 'saved_view', 'file_import')
                  THEN '(SELECT guest_live()) AND guest_reaches(sheet_id)'
                WHEN t.relname = 'file' THEN '(SELECT guest_live()) AND guest_file(id)'
                WHEN t.relname = 'file_actions' THEN '(SELECT guest_live()) AND guest_file(file_id)'
                WHEN t.relname = 'blob_part' THEN '(SELECT guest_live()) AND guest_blob(sha256)'
                WHEN t.relname ~ '^(rec|msg)_[0-9]{{1,18}}$'
                  THEN format('(SELECT guest_sheet(%s))', substr(t.relname, 5)) END;
              IF rule IS NULL THEN CONTINUE; END IF;
              IF NOT t.relrowsecurity THEN
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
              END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = format('%I', t.relname)::regclass
                             AND p.polname = 'guests') THEN
                EXECUTE format('CREATE POLICY guests ON %I FOR SELECT USING (%s)', t.relname, rule);
                -- everyone else who may use the table reads and writes it as before
                EXECUTE format('CREATE POLICY members ON %I USING ((SELECT session_user NOT LIKE %L)) '
                               'WITH CHECK ((SELECT session_user NOT LIKE %L))', t.relname, 'fsg\\_%', 'fsg\\_%');
              END IF;
              IF has_table_privilege('{group}', t.relname, 'SELECT') THEN CONTINUE; END IF;
              IF t.relname = 'workbook' THEN  -- not its blueprint: guest_blueprint cuts it to the grant
                EXECUTE 'GRANT SELECT (id, name, labels, position, created_at, updated_at, created_by, deleted_at) '
                        'ON workbook TO "{group}"';
              ELSE
                EXECUTE format('GRANT SELECT ON %I TO "{group}"', t.relname);
              END IF;
            END LOOP;
          END $$""",
    ]
    return [
        "CREATE TABLE guest_session (pid INTEGER PRIMARY KEY, started TIMESTAMPTZ NOT NULL, "
        "guest_id INTEGER NOT NULL, token_hash TEXT NOT NULL)",
        *fns,
        # Functions are everyone's by default: these, the guests' alone. guest_secure stays
        # everyone's, so whoever makes a sheet secures it (it only ever closes tables to guests).
        *(f"REVOKE ALL ON FUNCTION {n} FROM PUBLIC" for n in GUEST_FUNCTIONS),
    ]


def scram_verifier(password: str, salt: bytes | None = None, rounds: int = 4096) -> str:
    """The form PostgreSQL stores a SCRAM-SHA-256 password in (RFC 5802, 7677), made here so the
    password itself is never sent, nor written to a server's log of statements."""
    salt = salt or os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    client = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${rounds}:{b64(salt)}${b64(hashlib.sha256(client).digest())}:{b64(server_key)}"


def begin(db) -> dict:
    """Open the link on this connection (guest_begin): the guest's row as the server gives it,
    or {"refused": why}. The caller holds the transaction (a refusal's log row commits)."""
    with translate_errors():
        return json.loads(db.execute_sql("SELECT guest_begin()").fetchone()[0])


def name(db, actor_id: str) -> str:
    """The name of a change's author, as the server shows it to this guest (guest_name)."""
    with translate_errors():
        return db.execute_sql("SELECT guest_name(?)", (actor_id,)).fetchone()[0] or "unknown"


def recipe(db, sheet_id: int) -> list[tuple[str, str, str]]:
    """(step JSON, actor, at) of a granted sheet's recipe, as the server gives it to the guest."""
    with translate_errors():
        return [tuple(r) for r in db.execute_sql("SELECT * FROM guest_recipe(?)", (sheet_id,))]


def state(db) -> str:
    """The state of the link this connection was opened with, as the server says it."""
    try:
        with translate_errors():
            return db.execute_sql("SELECT guest_state()").fetchone()[0]
    except peewee.ProgrammingError as exc:
        if sqlstate(exc) != "42883":  # its functions went with the Space's schema
            raise
        raise DatabaseError("This Team Space is no longer on its server (its owner moved it off the server, "
                            "or deleted it).") from None


def may_make_roles(db) -> bool:
    row = db.execute_sql("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user").fetchone()
    return bool(row and row[0])


def _role_exists(db, role: str) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone() is not None


def _ensure_group(db, schema: str) -> str:
    group = group_name(schema)
    if not _role_exists(db, group):
        db.execute_sql(f'CREATE ROLE "{group}" NOLOGIN')
    db.execute_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO "{group}"')
    for fn in GUEST_FUNCTIONS:
        db.execute_sql(f'GRANT EXECUTE ON FUNCTION "{schema}".{fn} TO "{group}"')
    return group


def sync(db, schema: str, guest) -> None:
    """Make the guest's role say what its row says (inside the write that changed the row)."""
    group = _ensure_group(db, schema)
    role = role_name(schema, guest.id)
    secret = guest.token_hash if _HEX.match(guest.token_hash or "") else None
    if secret is not None:
        # A revoked or expired link still signs in, to be refused and logged by guest_begin (as a
        # Space of this computer logs it); it reads nothing, every row checking the link first.
        # A secret re-issued is another password: the old one no longer signs in at all.
        login = f"LOGIN PASSWORD '{scram_verifier(secret)}' VALID UNTIL 'infinity'"
    else:
        login = "NOLOGIN PASSWORD NULL"
    if _role_exists(db, role):
        db.execute_sql(f'ALTER ROLE "{role}" {login}')
    else:
        db.execute_sql(f'CREATE ROLE "{role}" {login} INHERIT IN ROLE "{group}"')
    secure(db)


def secure(db) -> None:
    """Every table a guest may read, secured again (after sheets were made): no-op without guests."""
    db.execute_sql("SELECT guest_secure()")


def drop(db, schema: str, guest_id: int) -> None:
    role = role_name(schema, guest_id)
    if _role_exists(db, role):
        db.execute_sql(f'DROP ROLE "{role}"')


def drop_all(db, schema: str) -> None:
    """The Space's guests' roles and its group (the Space leaves the server)."""
    group = group_name(schema)
    for (role,) in db.execute_sql("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)",
                                  (group + "_",)).fetchall():
        if role[len(group) + 1:].isdigit():
            db.execute_sql(f'DROP ROLE "{role}"')
    if _role_exists(db, group):
        db.execute_sql(f'DROP OWNED BY "{group}"')
        db.execute_sql(f'DROP ROLE "{group}"')
