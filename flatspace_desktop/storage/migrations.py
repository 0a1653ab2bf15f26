"""The Space database schema, as ordered migrations. Never edit a released step: add one.

Record tables (rec_<sheet id>) and their message tables (msg_<sheet id>) are created per
sheet by storage.recordstore, because their columns follow the blueprint; their own versions
are kept in sheet_table and upgraded by storage.sheettables.
"""

from __future__ import annotations

V1 = """
CREATE TABLE space (
    name TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{}',
    theme TEXT NOT NULL DEFAULT '{}',
    guest_authentication TEXT NOT NULL DEFAULT '["magic_link"]',
    display_order INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    archived_at TEXT,
    created_by TEXT NOT NULL
);
CREATE TABLE workbook (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    labels TEXT NOT NULL DEFAULT '[]',
    blueprint TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE sheet (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workbook_id INTEGER NOT NULL REFERENCES workbook(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    position INTEGER NOT NULL,
    config TEXT NOT NULL,
    UNIQUE (workbook_id, slug)
);
CREATE TABLE field (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    col TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (sheet_id, key),
    UNIQUE (sheet_id, col)
);
CREATE TABLE activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
"""

V2 = """
CREATE TABLE file (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'uploaded',
    error TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX file_sha256 ON file(sha256);
CREATE TABLE saved_mapping (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sheet_id INTEGER NOT NULL REFERENCES sheet(id) ON DELETE CASCADE,
    headers_key TEXT NOT NULL,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (sheet_id, headers_key)
);
"""

V3 = """
CREATE TABLE snapshot (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    epoch INTEGER NOT NULL UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    bases TEXT NOT NULL
);
CREATE TABLE history_state (epoch INTEGER NOT NULL, retention TEXT NOT NULL DEFAULT '{}');
INSERT INTO history_state (epoch) VALUES (0);
CREATE TABLE meta_hist (
    epoch INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    existed INTEGER NOT NULL,
    data TEXT,
    PRIMARY KEY (epoch, tbl, row_id)
);
CREATE INDEX meta_hist_row ON meta_hist(tbl, row_id, epoch);
ALTER TABLE workbook ADD COLUMN deleted_at TEXT
"""

V4 = """
CREATE TABLE document (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    treatments TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""

V5 = """
CREATE TABLE guest (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    workbooks TEXT,
    sheets TEXT,
    read_only INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at TEXT,
    max_uses INTEGER,
    uses INTEGER NOT NULL DEFAULT 0,
    revoked_at TEXT,
    last_access_at TEXT
);
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    guest_id INTEGER,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL
)
"""

# Which sheets each file was imported into: a guest sees the files imported into the sheets they
# were granted. No foreign key: file ids are never reused, and a file deleted and then brought
# back by a restore keeps where it went. Spaces from before this step learn it from their
# activity log, where an import of a stored file is "records.import" directly followed by
# "file.extracted" (a slug that names several sheets is left out: a guest must never gain a file).
V6 = """
CREATE TABLE file_import (
    file_id INTEGER NOT NULL,
    sheet_id INTEGER NOT NULL,
    PRIMARY KEY (file_id, sheet_id)
) WITHOUT ROWID;
CREATE INDEX file_import_sheet ON file_import(sheet_id);
"""
V6_BACKFILL = """
INSERT OR IGNORE INTO file_import (file_id, sheet_id)
SELECT json_extract(done.detail, '$.id'), s.id
FROM activity done
JOIN activity imp ON imp.id = (SELECT MAX(a.id) FROM activity a WHERE a.id < done.id)
JOIN sheet s ON s.slug = json_extract(imp.detail, '$.sheet')
WHERE done.action = 'file.extracted' AND imp.action = 'records.import'
  AND json_extract(done.detail, '$.id') IN (SELECT id FROM file)
  AND (SELECT COUNT(*) FROM sheet t WHERE t.slug = s.slug) = 1
"""

# Undo and redo steps, kept with the Space so they outlive the window: per person and sheet,
# each with the writes that make it (forward) and take it back (backward), as JSON.
V7 = """
CREATE TABLE undo_step (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    actor TEXT NOT NULL,
    sheet_id INTEGER NOT NULL,
    label TEXT NOT NULL,
    forward TEXT NOT NULL,
    backward TEXT NOT NULL,
    cells INTEGER NOT NULL DEFAULT 0,
    undone INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL
);
CREATE INDEX undo_step_stack ON undo_step(actor, sheet_id, id);
"""

# Each sheet's own tables carry a version (storage.sheettables upgrades them on open). Sheets
# from before this step are at 1, the version of whatever their tables hold.
V8 = """
CREATE TABLE sheet_table (
    sheet_id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO sheet_table (sheet_id, version) SELECT id, 1 FROM sheet
"""

# Named views of each sheet (Flatfile's Views: filter, filterField, searchValue, sortField,
# sortDirection, and the facets picked), and the preparation steps made on each sheet (a transform, a merge of clusters, a dedupe, a find
# and replace, a bulk set), each with the undo step it was made with: a step undone is not
# part of the sheet's recipe. `step` is the recipe step's JSON (domain.prep.recipes.Step).
V9 = """
CREATE TABLE recipe_step (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sheet_id INTEGER NOT NULL,
    actor TEXT NOT NULL,
    step TEXT NOT NULL,
    undo_id INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX recipe_step_sheet ON recipe_step(sheet_id, id);
CREATE TABLE saved_view (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sheet_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (sheet_id, name)
);
"""

# Jobs: what an action started (Flatfile's Job: type, operation, status, progress, info, input,
# subject, outcome), kept as the Space's log of them; and the actions a listener put on a file
# (Flatfile mounts file actions on the file, not in a blueprint).
V10 = """
CREATE TABLE job (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    operation TEXT NOT NULL,
    status TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    info TEXT,
    input TEXT NOT NULL DEFAULT '{}',
    subject TEXT NOT NULL DEFAULT '{}',
    outcome TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE TABLE file_actions (
    file_id INTEGER PRIMARY KEY,
    actions TEXT NOT NULL
);
"""

# (version, SQL script). The version after applying a step is its number.
MIGRATIONS: list[tuple[int, str]] = [
    (1, V1),
    (2, V2),  # files uploaded to the Space; mappings remembered per sheet and header set
    (3, V3),  # snapshots and the history that makes them restorable; workbooks deleted softly
    (4, V4),  # documents mounted on the Space
    (5, V5),  # guests, their links (as hashes only) and a log of refused links
    (6, V6),  # the sheets each file was imported into, so files follow a guest's grants
    (7, V7),  # undo and redo steps, per person and sheet
    (8, V8),  # a schema version per sheet's own tables
    (9, V9),  # the preparation steps of each sheet (its recipe), and its named views
    (10, V10),  # jobs started by actions, and the actions on files
]

CURRENT_VERSION = MIGRATIONS[-1][0]

# What a step learns from a Space made before it: only SQLite Spaces are that old (a Team Space
# starts at the version its server schema was made with).
BACKFILLS: dict[int, str] = {6: V6_BACKFILL}
