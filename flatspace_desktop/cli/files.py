"""`flatspace file ...`: a Space's Files, as the window's Files view has them (upload, list,
show, preview, import into a sheet, rename, save a copy, delete)."""

from __future__ import annotations

import argparse

from ..domain.cells import text_of
from .common import read_options, run_as
from . import reading
from .output import emit_json, say, table
from .records import run_import

_COLUMNS = ("id", "name", "kind", "size", "status", "createdAt")


def _show(args, info: dict) -> None:
    if args.json:
        return emit_json(info)
    say(f"file {info['id']}: {info['name']}")
    say(f"  {info['kind']}, {info['size']:,} bytes, {info['status']}"
        + (f": {info['error']}" if info.get("error") else ""))
    say(f"  added {info['createdAt'][:19]} by {info['createdBy']}; sha256 {info['sha256']}")


def upload(args):
    info = run_as(args, lambda fs, a: fs.open(a, args.space).files.upload(args.file, name=args.name))
    _show(args, info)


def listing(args):
    files = run_as(args, lambda fs, a: fs.open(a, args.space).files.list())
    if args.json:
        return emit_json(files)
    if not files:
        return say("no files in this Space yet" if getattr(args, "link", None) is None else "no files shared with you")
    say(table(_COLUMNS, [[f["id"], f["name"], f["kind"], f"{f['size']:,}", f["status"], f["createdAt"][:19]]
                         for f in files]))


def show(args):
    def run(fs, a):
        info = fs.open(a, args.space).files.info(args.id)
        if args.rows:
            src, rows = fs.open(a, args.space).files.preview(args.id, limit=args.rows, **read_options(args))
            info = {**info, "headers": src.headers, "rows": [[text_of(v) for v in r] for r in rows]}
        return info
    info = run_as(args, run)
    _show(args, info)
    if not args.json and "rows" in info:
        say()
        say(table(info["headers"], info["rows"]))


def import_(args):
    run_import(args, lambda fs, a, mapping, progress, options: fs.open(a, args.space).files.import_file(
        args.id, args.sheet, mapping=mapping, progress=progress, **options), f" from file {args.id}")


def rename(args):
    _show(args, run_as(args, lambda fs, a: fs.open(a, args.space).files.rename(args.id, args.name)))


def save(args):
    dest = run_as(args, lambda fs, a: fs.open(a, args.space).files.save_as(args.id, args.dest))
    if args.json:
        return emit_json({"id": args.id, "path": str(dest)})
    say(f"saved file {args.id} to {dest}")


def delete(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).files.delete(args.id))
    if args.json:
        return emit_json({"id": args.id, "deleted": True})
    say(f"deleted file {args.id}")


def add_parsers(sub, cmd, read_options) -> None:
    """The `file` noun: `cmd(parent, name, func, help)` and `read_options(p, sheet_flag)` are
    the main parser's helpers."""
    fp = sub.add_parser("file", help="a Space's files: upload, list, show, import, rename, save, delete")
    fsub = fp.add_subparsers(dest="file_command", metavar="ACTION", required=True)

    def space_and_id(p: argparse.ArgumentParser) -> None:
        p.add_argument("space")
        p.add_argument("id", type=int, help="the file's id (see `flatspace file list`)")

    p = cmd(fsub, "upload", upload, "add a file to the Space's Files (refused, and not stored, if it cannot be read)")
    p.add_argument("space")
    p.add_argument("file")
    p.add_argument("--name", help="the name to list it under (default: the file's own)")
    p = cmd(fsub, "list", listing, "list the Space's files")
    p.add_argument("space")
    p = cmd(fsub, "show", show, "show a file's details, and with --rows its first rows as they will be read")
    space_and_id(p)
    p.add_argument("--rows", type=int, default=0, metavar="N", help="also print the first N rows")
    read_options(p, sheet_flag="--sheet-name")
    p = cmd(fsub, "import", import_, "import a stored file into a sheet (all or nothing)")
    space_and_id(p)
    p.add_argument("--sheet", required=True, help="target sheet: slug, or WORKBOOK/slug")
    p.add_argument("--mapping", metavar="FILE", help="a saved mapping (see README); default: automatic")
    p.add_argument("--recipe", metavar="FILE", help="a saved recipe (recipe save): its mapping for a file with its columns, then its steps on the records imported")
    read_options(p, sheet_flag="--sheet-name")
    reading.add_arguments(p)
    p.add_argument("--progress", action="store_true", help="print progress lines on stderr")
    p = cmd(fsub, "rename", rename, "rename a file (give the new name with the same extension, e.g. march.csv)")
    space_and_id(p)
    p.add_argument("name")
    p = cmd(fsub, "save", save, "save a copy of a stored file")
    space_and_id(p)
    p.add_argument("dest", help="where to write the copy")
    p = cmd(fsub, "delete", delete, "delete a file from the Space")
    space_and_id(p)
