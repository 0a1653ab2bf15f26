"""Peewee models of a Space's fixed tables (see migrations.py for the DDL they mirror).

Each open Space has its own database, so the models are defined per database: a background
import on one Space and the window reading another never share a binding.
"""

from __future__ import annotations

from types import SimpleNamespace

import peewee as pw


def get_or_refuse(model, row_id: int, what: str):
    """The row with this id, or NotFound naming what was asked for."""
    from ..domain.errors import NotFound
    from ..domain.limits import fits_int

    # An id past SQLite's 64-bit range names no row (binding it would raise OverflowError)
    in_range = not isinstance(row_id, int) or fits_int(row_id)
    row = model.get_or_none(model.id == row_id) if in_range else None
    if row is None:
        raise NotFound(f"no {what} {row_id} in this Space")
    return row


def define_models(db: pw.SqliteDatabase, guest: bool = False) -> SimpleNamespace:
    """guest: a Team Space opened with a guest's role, which may not read workbooks' blueprints
    (storage.serverguests: guest_blueprint gives the part its grant reaches)."""
    class Base(pw.Model):
        class Meta:
            database = db

    class SpaceRow(Base):
        name = pw.TextField()
        labels = pw.TextField(default="[]")
        metadata = pw.TextField(default="{}")
        theme = pw.TextField(default="{}")
        guest_authentication = pw.TextField(default='["magic_link"]')
        display_order = pw.IntegerField(null=True)
        created_at = pw.TextField()
        updated_at = pw.TextField()
        last_activity_at = pw.TextField()
        archived_at = pw.TextField(null=True)
        created_by = pw.TextField()

        class Meta:
            table_name = "space"
            primary_key = False  # a single row

    class Workbook(Base):
        id = pw.AutoField()
        name = pw.TextField()
        labels = pw.TextField(default="[]")
        if not guest:
            blueprint = pw.TextField()
        position = pw.IntegerField()
        created_at = pw.TextField()
        updated_at = pw.TextField()
        created_by = pw.TextField()
        deleted_at = pw.TextField(null=True)

        class Meta:
            table_name = "workbook"

    class Sheet(Base):
        id = pw.AutoField()
        workbook = pw.ForeignKeyField(Workbook, column_name="workbook_id", on_delete="CASCADE")
        name = pw.TextField()
        slug = pw.TextField()
        position = pw.IntegerField()
        config = pw.TextField()

        class Meta:
            table_name = "sheet"

    class Field(Base):
        id = pw.AutoField()
        sheet = pw.ForeignKeyField(Sheet, column_name="sheet_id", on_delete="CASCADE")
        key = pw.TextField()
        col = pw.TextField()
        position = pw.IntegerField()

        class Meta:
            table_name = "field"

    class Activity(Base):
        id = pw.AutoField()
        at = pw.TextField()
        actor = pw.TextField()
        action = pw.TextField()
        detail = pw.TextField(default="{}")

        class Meta:
            table_name = "activity"

    class File(Base):
        id = pw.AutoField()
        name = pw.TextField()
        sha256 = pw.TextField()
        size = pw.IntegerField()
        kind = pw.TextField()
        status = pw.TextField(default="uploaded")
        error = pw.TextField(null=True)
        created_at = pw.TextField()
        created_by = pw.TextField()
        updated_at = pw.TextField()

        class Meta:
            table_name = "file"

    class FileImport(Base):
        file = pw.IntegerField(column_name="file_id")
        sheet = pw.IntegerField(column_name="sheet_id")

        class Meta:
            table_name = "file_import"
            primary_key = pw.CompositeKey("file", "sheet")

    class SavedMapping(Base):
        id = pw.AutoField()
        sheet = pw.ForeignKeyField(Sheet, column_name="sheet_id", on_delete="CASCADE")
        headers_key = pw.TextField()
        mapping = pw.TextField()
        updated_at = pw.TextField()

        class Meta:
            table_name = "saved_mapping"

    class Snapshot(Base):
        id = pw.AutoField()
        epoch = pw.IntegerField()
        label = pw.TextField(default="")
        kind = pw.TextField()
        reason = pw.TextField(default="")
        created_at = pw.TextField()
        created_by = pw.TextField()
        bases = pw.TextField()

        class Meta:
            table_name = "snapshot"

    class Document(Base):
        id = pw.AutoField()
        title = pw.TextField()
        body = pw.TextField(default="")
        treatments = pw.TextField(default="[]")
        created_at = pw.TextField()
        created_by = pw.TextField()
        updated_at = pw.TextField()

        class Meta:
            table_name = "document"

    class Guest(Base):
        id = pw.AutoField()
        kind = pw.TextField()
        name = pw.TextField(default="")
        email = pw.TextField(default="")
        token_hash = pw.TextField()
        workbooks = pw.TextField(null=True)
        sheets = pw.TextField(null=True)
        read_only = pw.BooleanField(default=False)
        created_at = pw.TextField()
        created_by = pw.TextField()
        expires_at = pw.TextField(null=True)
        max_uses = pw.IntegerField(null=True)
        uses = pw.IntegerField(default=0)
        revoked_at = pw.TextField(null=True)
        last_access_at = pw.TextField(null=True)

        class Meta:
            table_name = "guest"

    class UndoStep(Base):
        id = pw.AutoField()
        actor = pw.TextField()
        sheet_id = pw.IntegerField()
        label = pw.TextField()
        forward = pw.TextField()
        backward = pw.TextField()
        cells = pw.IntegerField(default=0)
        undone = pw.BooleanField(default=False)
        at = pw.TextField()

        class Meta:
            table_name = "undo_step"

    class RecipeStep(Base):
        id = pw.AutoField()
        sheet_id = pw.IntegerField()
        actor = pw.TextField()
        step = pw.TextField()
        undo_id = pw.IntegerField(null=True)
        at = pw.TextField()

        class Meta:
            table_name = "recipe_step"

    class SavedView(Base):
        id = pw.AutoField()
        sheet_id = pw.IntegerField()
        name = pw.TextField()
        config = pw.TextField()
        created_by = pw.TextField()
        created_at = pw.TextField()

        class Meta:
            table_name = "saved_view"

    class Job(Base):
        id = pw.AutoField()
        type = pw.TextField()
        operation = pw.TextField()
        status = pw.TextField()
        progress = pw.IntegerField(default=0)
        info = pw.TextField(null=True)
        input = pw.TextField(default="{}")
        subject = pw.TextField(default="{}")
        outcome = pw.TextField(null=True)
        created_by = pw.TextField()
        created_at = pw.TextField()
        started_at = pw.TextField(null=True)
        finished_at = pw.TextField(null=True)

        class Meta:
            table_name = "job"

    class FileActions(Base):
        file_id = pw.IntegerField(primary_key=True)
        actions = pw.TextField()

        class Meta:
            table_name = "file_actions"

    return SimpleNamespace(
        Job=Job, FileActions=FileActions, SavedView=SavedView, RecipeStep=RecipeStep, UndoStep=UndoStep, Guest=Guest, Document=Document, SpaceRow=SpaceRow, Workbook=Workbook, Sheet=Sheet, Field=Field, Activity=Activity, File=File,
        FileImport=FileImport, SavedMapping=SavedMapping, Snapshot=Snapshot,
    )
