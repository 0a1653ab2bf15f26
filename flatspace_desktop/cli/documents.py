"""Documents and the theme of a Space."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.documents import read_markdown
from ..domain.jsonfile import read_json
from .common import run_as
from .output import emit_json, say, table


def document_add(args):
    path = Path(args.file)
    if path.suffix.lower() == ".json":
        data = read_json(path, "document")
        if args.title:
            data = {**data, "title": args.title} if isinstance(data, dict) else data
        doc = run_as(args, lambda fs, a: fs.open(a, args.space).documents.add_config(data))
    else:
        title, body = read_markdown(path)
        title = args.title or title
        doc = run_as(args, lambda fs, a: fs.open(a, args.space).documents.add(title, body))
    emit_json(doc) if args.json else say(f"added document {doc['id']}: {doc['title']}")


def document_list(args):
    docs = run_as(args, lambda fs, a: fs.open(a, args.space).documents.list())
    if args.json:
        return emit_json(docs)
    if not docs:
        return say("no documents")
    say(table(["ID", "TITLE", "UPDATED"], [[d["id"], d["title"], d["updatedAt"][:19].replace("T", " ")] for d in docs]))


def document_show(args):
    doc = run_as(args, lambda fs, a: fs.open(a, args.space).documents.get(args.document))
    if args.json:
        from ..domain.documents import export_config

        return emit_json(export_config(doc))
    sys.stdout.write(doc["body"] + ("" if doc["body"].endswith("\n") else "\n"))


def document_delete(args):
    run_as(args, lambda fs, a: fs.open(a, args.space).documents.delete(args.document))
    emit_json({"deleted": args.document}) if args.json else say(f"deleted document {args.document}")


def theme_get(args):
    emit_json(run_as(args, lambda fs, a: fs.open(a, args.space).theme.get()))


def theme_set(args):
    from ..domain.theme import contrast_warnings

    theme = read_json(args.file, "theme")
    info = run_as(args, lambda fs, a: fs.open(a, args.space).theme.set(theme))
    if args.json:
        return emit_json(info["theme"])
    say(f"theme set for {info['name']}")
    for warning in contrast_warnings(info["theme"]):
        say(f"  warning: {warning}")
