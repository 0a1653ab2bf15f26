"""Argument parsing and dispatch for `flatspace`. Exit codes: 0 done, 1 refused (bad input),
2 usage, 3 not found, 4 storage problem (locked, damaged, too new), 5 access denied,
130 cancelled."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..domain.errors import (
    AccessDenied,
    Ambiguous,
    Cancelled,
    DatabaseError,
    DatabaseTooNew,
    FlatspaceError,
    NotFound,
)
from .usage import UsageError
from . import actions, documents, edits, files, guests, history, prep, reading, records, spaces, undo, views

EXIT_CODES = ((UsageError, 2), (NotFound, 3), (Ambiguous, 3), (DatabaseTooNew, 4), (DatabaseError, 4),
              (AccessDenied, 5), (Cancelled, 130), (FlatspaceError, 1))


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line too (README: `flatspace: <reason>`), the value cut short: an
    argument can be a 5,000-digit number."""

    def error(self, message: str):
        if len(message) > 300:
            message = message[:300] + "…"
        self.exit(2, f"flatspace: {message} (see `{self.prog} --help`)\n")


def _common(p: argparse.ArgumentParser, top: bool = False) -> None:
    # Accepted before or after the subcommand; SUPPRESS keeps a later default from erasing
    # an earlier value.
    default = None if top else argparse.SUPPRESS
    p.add_argument("--data-dir", metavar="DIR", default=default,
                   help="data root (default: $FLATSPACE_HOME, else the user data folder)")
    p.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                   help="print JSON for programs instead of text for people")
    p.add_argument("--link", metavar="LINK", default=None if top else argparse.SUPPRESS,
                   help="act as the guest of this flatspace:// link instead of the owner")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="flatspace", description="Flatspace Desktop: prepare data in Spaces. "
        "With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"flatspace {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(parent, name, func, help_text):
        p = parent.add_parser(name, help=help_text, description=help_text)
        _common(p)
        p.set_defaults(func=func)
        return p

    space = sub.add_parser("space", help="create, list, show and change Spaces")
    ssub = space.add_subparsers(dest="space_command", metavar="ACTION", required=True)
    p = cmd(ssub, "create", spaces.space_create, "create a Space")
    p.add_argument("name")
    p.add_argument("--label", action="append", default=[], help="a label (repeatable)")
    p.add_argument("--metadata", help="a JSON object, e.g. '{\"companyId\": \"acme\"}'")
    p.add_argument("--guest-auth", action="append", choices=["shared_link", "magic_link"],
                   help="guest authentication allowed (repeatable; default magic_link)")
    p.add_argument("--server", metavar="URL",
                   help="keep it on a PostgreSQL server, a Team Space (postgresql://user:password@host/database; "
                        "default $FLATSPACE_SERVER, else this computer; local: this computer)")
    p = cmd(ssub, "join", spaces.space_join, "open a Team Space made on a server by another computer")
    p.add_argument("space", metavar="SPACE_ID", help="its id, as `flatspace space list` shows it there")
    p.add_argument("--server", metavar="URL", required=True, help="the PostgreSQL server that keeps it")
    p = cmd(ssub, "move", spaces.space_move, "move a Space, whole, to a PostgreSQL server or back to this computer")
    p.add_argument("space", metavar="SPACE", help="its id or name")
    p.add_argument("--to", required=True, metavar="URL|local",
                   help="a PostgreSQL server (postgresql://user:password@host/database), or local: this computer "
                        "(the server's copy is removed)")
    p = cmd(ssub, "leave", spaces.space_leave, "take a Team Space off this computer (it stays on its server)")
    p.add_argument("space", metavar="SPACE", help="its id or name")
    p = cmd(ssub, "list", spaces.space_list, "list Spaces")
    p.add_argument("--search", help="text to find in names, labels and metadata")
    p.add_argument("--sort", default="name", choices=["name", "createdAt", "lastActivityAt"])
    p.add_argument("--desc", action="store_true", help="sort descending")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--archived", action="store_const", dest="archived", const="only", help="only archived Spaces")
    g.add_argument("--all", action="store_const", dest="archived", const="include", help="archived ones too")
    p = cmd(ssub, "show", spaces.space_show, "show a Space with its workbooks, sheets and counts")
    p.add_argument("space")
    p = cmd(ssub, "rename", spaces.space_rename, "rename a Space")
    p.add_argument("space")
    p.add_argument("name")
    p = cmd(ssub, "update", spaces.space_update, "change a Space's labels, metadata or guest authentication")
    p.add_argument("space")
    p.add_argument("--label", action="append", help="replace the labels (repeatable)")
    p.add_argument("--metadata", help="replace the metadata with this JSON object")
    p.add_argument("--guest-auth", action="append", choices=["shared_link", "magic_link"])
    p = cmd(ssub, "export", spaces.space_export, "write a whole Space (history and files too) to one .flatspace file")
    p.add_argument("space")
    p.add_argument("--out", required=True, metavar="FILE")
    p = cmd(ssub, "import", spaces.space_import, "add the Space held in a .flatspace file")
    p.add_argument("file")
    for name, func, text in (("archive", spaces.space_archive, "archive a Space"),
                             ("unarchive", spaces.space_unarchive, "unarchive a Space"),
                             ("delete", spaces.space_delete, "delete a Space and all it holds")):
        cmd(ssub, name, func, text).add_argument("space")

    wb = sub.add_parser("workbook", help="add workbooks from blueprints")
    wsub = wb.add_subparsers(dest="workbook_command", metavar="ACTION", required=True)
    p = cmd(wsub, "create", spaces.workbook_create, "add a workbook from a Flatfile blueprint file")
    p.add_argument("space")
    p.add_argument("--blueprint", required=True, metavar="FILE")
    p = cmd(wsub, "blueprint", spaces.workbook_blueprint, "print a workbook's blueprint as stored")
    p.add_argument("space")
    p.add_argument("workbook", help="workbook id or name")

    p = cmd(sub, "extract", records.extract, "read a file and print its rows as they will be imported")
    p.add_argument("file")
    read_options(p, sheet_flag="--sheet")
    p.add_argument("--limit", type=int, help="at most N rows")

    p = cmd(sub, "import", records.import_file, "import a file into a sheet (all or nothing)")
    p.add_argument("space")
    p.add_argument("file")
    p.add_argument("--sheet", required=True, help="target sheet: slug, or WORKBOOK/slug")
    p.add_argument("--mapping", metavar="FILE", help="a saved mapping (see README); default: automatic")
    p.add_argument("--recipe", metavar="FILE", help="a saved recipe (recipe save): its mapping for a file with its columns, then its steps on the records imported")
    read_options(p, sheet_flag="--sheet-name")
    reading.add_arguments(p)
    p.add_argument("--progress", action="store_true", help="print progress lines on stderr")

    files.add_parsers(sub, cmd, read_options)
    undo.add_parsers(sub, cmd)

    p = cmd(sub, "records", records.records, "list a sheet's records")
    _sheet_args(p)
    _view_args(p)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--after", type=int, metavar="ID", help="page by key: records after this id")

    p = cmd(sub, "counts", records.counts, "count a sheet's records: total, valid, error, per field")
    _sheet_args(p)

    p = cmd(sub, "validate", records.validate, "re-check every record of a sheet and print the counts")
    _sheet_args(p)

    doc = sub.add_parser("document", help="Markdown documents mounted on a Space")
    dsub = doc.add_subparsers(dest="document_command", metavar="ACTION", required=True)
    p = cmd(dsub, "add", documents.document_add, "add a document from a Markdown file or Flatfile document JSON")
    p.add_argument("space")
    p.add_argument("file", help="a .md file (its first heading or name is the title) or a .json document")
    p.add_argument("--title", help="the title (default: the first heading, or the file name)")
    p = cmd(dsub, "list", documents.document_list, "list documents in the order they were added")
    p.add_argument("space")
    p = cmd(dsub, "show", documents.document_show, "print a document's Markdown (or its JSON with --json)")
    p.add_argument("space")
    p.add_argument("document", type=int)
    p = cmd(dsub, "delete", documents.document_delete, "delete a document")
    p.add_argument("space")
    p.add_argument("document", type=int)
    th = sub.add_parser("theme", help="a Space's theme (Flatfile metadata.theme JSON)")
    tsub = th.add_subparsers(dest="theme_command", metavar="ACTION", required=True)
    p = cmd(tsub, "get", documents.theme_get, "print the Space's theme as JSON")
    p.add_argument("space")
    p = cmd(tsub, "set", documents.theme_set, "set the Space's theme from a JSON file (Flatfile theme files load as they are)")
    p.add_argument("space")
    p.add_argument("file")

    gu = sub.add_parser("guest", help="guests and their links")
    gsub = gu.add_subparsers(dest="guest_command", metavar="ACTION", required=True)
    p = cmd(gsub, "invite", guests.guest_invite, "invite a named guest: prints their personal link once")
    p.add_argument("space")
    p.add_argument("--name", required=True)
    p.add_argument("--email", required=True)
    _grant_args(p)
    p = cmd(gsub, "share", guests.guest_share, "make an anonymous link that expires: prints it once")
    p.add_argument("space")
    p.add_argument("--expires", default="24h", help="e.g. 30m, 24h, 7d, 2w (default 24h)")
    p.add_argument("--uses", type=int, help="how many times it may be opened")
    _grant_args(p)
    p = cmd(gsub, "list", guests.guest_list, "list guests and links with their state")
    p.add_argument("space")
    for name, func, text in (("revoke", guests.guest_revoke, "revoke a guest's link at once"),
                             ("reissue", guests.guest_reissue, "give a guest a new link (the old one stops)"),
                             ("delete", guests.guest_delete, "remove a guest and their grants")):
        p = cmd(gsub, name, func, text)
        p.add_argument("space")
        p.add_argument("guest", type=int)
    p = cmd(sub, "open", guests.open_link, "open a flatspace:// link: the window, as that guest")
    p.add_argument("target", metavar="LINK")
    p.add_argument("--check", action="store_true", help="only check the link and say what it opens")

    p = cmd(sub, "snapshot", history.snapshot, "take a snapshot of a Space (cheap: nothing is copied)")
    p.add_argument("space")
    p.add_argument("--label", default="", help="what this point in time is")
    p = cmd(sub, "timeline", history.timeline, "list a Space's snapshots, newest first, with what changed since")
    p.add_argument("space")
    p = cmd(sub, "restore", history.restore, "restore a Space, a workbook or a sheet to a snapshot")
    p.add_argument("space")
    p.add_argument("snapshot", type=int, help="snapshot id (see timeline)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--workbook", metavar="W", help="only this workbook (id or name)")
    g.add_argument("--sheet", metavar="S", help="only this sheet (slug or WORKBOOK/slug)")
    p.add_argument("--no-created", action="store_true", help="keep records created since the snapshot")
    p.add_argument("--no-updated", action="store_true", help="keep changes made to records since")
    p.add_argument("--no-deleted", action="store_true", help="do not bring back records deleted since")
    p = cmd(sub, "retention", history.retention,
            "show or set how long automatic snapshots are kept (manual ones stay until deleted)")
    p.add_argument("space")
    p.add_argument("--keep-all-hours", type=int, metavar="N", help="keep every automatic snapshot this recent")
    p.add_argument("--daily-days", type=int, metavar="N", help="then one a day for this many days")
    p.add_argument("--weekly-weeks", type=int, metavar="N", help="then one a week for this many weeks")
    p = cmd(sub, "snapshot-delete", history.snapshot_delete, "delete a snapshot")
    p.add_argument("space")
    p.add_argument("snapshot", type=int)

    p = cmd(sub, "replace", records.replace,
            "find and replace text in a sheet's cells (a snapshot is taken first), as the window's Ctrl+H")
    _sheet_args(p)
    p.add_argument("find", help="the text to find")
    p.add_argument("replacement", metavar="replace", help="what to put in its place")
    p.add_argument("--field", metavar="KEY", help="only in this field (default: every editable field)")
    p.add_argument("--match-case", action="store_true", help="match upper and lower case exactly")
    p.add_argument("--whole-cell", action="store_true", help="only cells whose whole text is FIND")
    _view_args(p)

    p = cmd(sub, "export", records.export, "export a sheet (or with --workbook a whole workbook) to CSV, XLSX or JSON")
    p.add_argument("space")
    p.add_argument("sheet", metavar="SHEET", help="sheet slug or WORKBOOK/slug; with --workbook, a workbook id or name")
    p.add_argument("--workbook", action="store_true",
                   help="export every sheet of the workbook: XLSX worksheets, JSON by sheet, or a ZIP of CSVs")
    p.add_argument("--format", required=True, choices=["csv", "xlsx", "json"])
    p.add_argument("--out", required=True, metavar="FILE")
    _view_args(p)
    edits.add_parsers(sub, cmd, wsub, _view_args, dsub, gsub, ssub)
    prep.add_parsers(sub, cmd, _view_args)
    views.add_parsers(sub, cmd, _view_args)
    actions.add_parsers(sub, cmd, _view_args)
    return parser


def read_options(p, sheet_flag: str) -> None:
    """Every reader's options (readers.options()) as --key-with-dashes; a workbook's sheet as
    sheet_flag (--sheet where the command names no target sheet, else --sheet-name)."""
    from ..readers import options

    for o in options():
        flag = sheet_flag if o.key == "sheet_name" else "--" + o.key.replace("_", "-")
        kw = {"dest": o.key, "help": o.help or o.label}
        if o.kind == "bool":
            kw["action"] = "store_true"
        else:
            kw.update(default=o.default, type=int if o.kind == "int" else str)
            if o.metavar:
                kw["metavar"] = o.metavar
        p.add_argument(flag, **kw)


def _grant_args(p) -> None:
    p.add_argument("--workbook", action="append", default=[], metavar="W", help="grant only this workbook (repeatable)")
    p.add_argument("--sheet", action="append", default=[], metavar="S", help="grant only this sheet (repeatable)")
    p.add_argument("--read-only", action="store_true", help="the guest may look but not change")


def _sheet_args(p) -> None:
    p.add_argument("space")
    p.add_argument("sheet", help="sheet slug, or WORKBOOK/slug")


def _view_args(p) -> None:
    p.add_argument("--filter", default="all", choices=["all", "valid", "error"])
    p.add_argument("--field-errors", metavar="FIELD", help="only records with an error in this field")
    p.add_argument("--search", help="text to find in any field")
    p.add_argument("--sort", metavar="FIELD[:desc]")
    p.add_argument("--view", metavar="NAME", help="a named view of the sheet (flatspace view save); the other "
                   "flags given as well change it")
    p.add_argument("--facet", action="append", default=[], metavar="FIELD=VALUE",
                   help="only records whose FIELD holds VALUE (repeatable; one field's values: any of them)")
    p.add_argument("--range", action="append", default=[], metavar="FIELD=LOW..HIGH",
                   help="only records with LOW <= FIELD < HIGH (numbers or dates; either end may be left out)")


def main(argv: list[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        # Text read from a file can hold what no encoding can write (a lone "\ud800" in JSON):
        # printed escaped rather than ending the command half-way with a traceback.
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        print("flatspace: cancelled; nothing was changed", file=sys.stderr)
        return 130
    except FlatspaceError as exc:
        for kind, code in EXIT_CODES:
            if isinstance(exc, kind):
                print(f"flatspace: {exc}", file=sys.stderr)
                return code
        raise
    except BrokenPipeError:
        return 0
