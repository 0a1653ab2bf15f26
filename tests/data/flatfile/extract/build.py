"""Write OUT/{workbooks,themes,documents}/*.json and OUT/SOURCES.md from the extractor's results
in ./out-all (HEAD of every snapshot) and ./out-hist (every commit):

    python build.py OUT [FOLDER_OF_SNAPSHOTS]

OUT is what goes to shared/flatfile; SOURCES.md is also kept in tests/data/flatfile."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

DEST = Path(sys.argv[1])
HEAD = json.load(open("out-all/found.json"))  # extract.py OUT_DIR for every snapshot at HEAD
HIST = json.load(open("out-hist/found.json"))  # extract.py --history, for every commit
MIRROR = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/work/.mirror")  # where the snapshots are

# Workday's sheet lists (a JSON array handed to workbooks.create as `sheets`): the smaller files
# only; the rest are 0.2-2.4 MB each.
SHEET_LISTS = [
    ("FlatFilers/workday-shared", "dcdd_blueprints/inventory_blueprint.json"),
    ("FlatFilers/workday-shared", "dcdd_blueprints/learning_2_blueprint.json"),
    ("FlatFilers/workday-shared", "dcdd_blueprints/payroll_usa_2_blueprint.json"),
    ("FlatFilers/workday-shared", "dcdd_blueprints/time_tracking_blueprint.json"),
    ("FlatFilers/workday-shared", "depwb_blueprints/Canada Payroll 2 DEPWB.json"),
]


def canon(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def sig(kind, v):
    """What makes two versions of one config different enough to keep both (history only)."""
    if kind == "workbook":
        return (kind, v["name"], tuple((s.get("slug") or s.get("name"), tuple(sorted(
            (str(f.get("key")), str(f.get("type"))) for f in s["fields"]))) for s in v["sheets"]))
    if kind == "sheet":
        return (kind, v.get("slug") or v.get("name"), tuple(sorted((str(f.get("key")), str(f.get("type"))) for f in v["fields"])))
    if kind == "document":
        return (kind, v["title"])
    return (kind, canon(v))


def slug(text):
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:48].strip("-") or "x"


def theme_label(path):
    p = Path(path)
    stem = p.name.split(".")[0]
    return p.parent.name if stem in ("index", "src") and p.parent.name else stem


def short(repo):
    return repo.split("/", 1)[1].replace("flatfile-docs-kitchen-sink", "kitchen-sink").replace("flatfile-", "")


items = []  # (kind, value, record, note)
seen = {}
for r in HEAD:
    key = (r["kind"], canon(r["value"]))
    if key in seen:
        seen[key]["also"].append(f'{r["repo"]}:{r["path"]}')
        continue
    rec = {**r, "also": [], "history": False}
    seen[key] = rec
    items.append(rec)

# sheet lists: whole files, wrapped
wrapped_lists = []
for repo, path in SHEET_LISTS:
    gitdir = MIRROR / repo.replace("/", "+") / "repo"
    commit = subprocess.run(["git", f"--git-dir={gitdir}", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    sheets = json.loads(subprocess.run(["git", f"--git-dir={gitdir}", "show", f"HEAD:{path}"], capture_output=True).stdout)
    name = Path(path).stem
    wrapped_lists.append({"kind": "workbook", "value": {"name": name, "sheets": sheets}, "repo": repo, "path": path,
                          "commit": commit, "line": 1, "imports": [], "dropped": [], "also": [], "history": False,
                          "wrapped": "the file is a list of sheets; wrapped as {name: <file name>, sheets: <the file>}"})
list_paths = {(r, p) for r, p in SHEET_LISTS}

workbook_sheets = {canon(s) for r in items if r["kind"] == "workbook" for s in r["value"]["sheets"]}
standalone = [r for r in items if r["kind"] == "sheet" and canon(r["value"]) not in workbook_sheets]
kept = [r for r in items if r["kind"] != "sheet"]

# standalone sheets: one workbook each, with the sheets its references name (found anywhere in
# the same repo, standalone or inside a workbook, and theirs in turn)
by_slug = {}
for r in items:
    sheets = [r["value"]] if r["kind"] == "sheet" else r["value"]["sheets"] if r["kind"] == "workbook" else []
    for v in sheets:
        by_slug.setdefault((r["repo"], v.get("slug") or v.get("name")), v)


def refs_of(v):
    for f in v["fields"]:
        cfg = f.get("config")
        if isinstance(cfg, dict) and isinstance(cfg.get("ref"), str):
            yield cfg["ref"]


for r in standalone:
    if r["repo"] == "FlatFilers/workday-shared" and r["path"].endswith(".json"):
        continue  # the sheet-list files are taken whole above (the big ones are left out)
    v = r["value"]
    sheets, todo = [v], [v]
    while todo:
        for ref in refs_of(todo.pop()):
            other = by_slug.get((r["repo"], ref))
            if other is not None and all((s.get("slug") or s.get("name")) != ref for s in sheets):
                sheets.append(other)
                todo.append(other)
    name = v.get("name") or v.get("slug")
    kept.append({**r, "kind": "workbook", "value": {"name": name, "sheets": sheets},
                 "wrapped": "a sheet config on its own; wrapped as {name: <sheet name>, sheets: [<the sheet>"
                            + (", <the sheets it references, from the same repository>" if len(sheets) > 1 else "") + "]}"})
kept += wrapped_lists

# history: structurally new workbooks, new document titles, every new theme
sigs = {sig(r["kind"], r["value"]) for r in HEAD}
sigs |= {sig(r["kind"], r["value"]) for r in kept}
for r in HIST:
    if r["kind"] == "sheet":
        continue
    s = sig(r["kind"], r["value"])
    if s in sigs:
        continue
    sigs.add(s)
    kept.append({**r, "also": [], "history": True})

# names
names = {}
out = {"workbook": [], "theme": [], "document": []}
for r in kept:
    v = r["value"]
    label = v.get("name") if r["kind"] == "workbook" else v.get("title") if r["kind"] == "document" else theme_label(r["path"])
    base = f'{short(r["repo"])}__{slug(str(label))}'
    n, name = 1, base
    while (r["kind"], name) in names:
        n += 1
        name = f"{base}-{n}"
    names[(r["kind"], name)] = r
    r["file"] = name
    out[r["kind"]].append(r)

folder = {"workbook": "workbooks", "theme": "themes", "document": "documents"}
for kind, rs in out.items():
    d = DEST / folder[kind]
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob("*.json"):
        old.unlink()
    for r in rs:
        (d / f'{r["file"]}.json').write_text(json.dumps(r["value"], indent=2, ensure_ascii=False) + "\n")

# SOURCES.md
lines = ["# Where each configuration comes from", "",
         "Real Flatfile configurations from Flatfile's public repositories (github.com/FlatFilers/...),",
         "read from their TypeScript/JavaScript/JSON sources without running them (see extract_notes.md).",
         "The files themselves are fetched data: they live in shared/flatfile/{workbooks,themes,documents}",
         "beside the repository, not in it; tests/core/test_flatfile_corpus.py reads them from there.",
         "Each file holds the value exactly as the source builds it, except where the notes say.",
         "Paths are `path:line` at the commit given (the line where the object literal starts); `+ imports`",
         "lists the other files whose literals it pulls in.", ""]
for kind, rs in out.items():
    lines += [f"## {folder[kind]} ({len(rs)})", "", "| file | repository | path | commit | notes |", "| --- | --- | --- | --- | --- |"]
    for r in sorted(rs, key=lambda r: r["file"]):
        notes = []
        if r.get("wrapped"):
            notes.append(r["wrapped"])
        if r.get("dropped"):
            notes.append("runtime ids dropped: " + ", ".join(r["dropped"]))
        if r.get("imports"):
            notes.append("+ imports: " + ", ".join(r["imports"]))
        if r.get("history"):
            notes.append("an earlier version (not at HEAD)")
        if r.get("also"):
            also = sorted(set(r["also"]))
            notes.append(f"also in {len(also)} other place{'s' if len(also) > 1 else ''}: " + ", ".join(also[:4]) + (" ..." if len(also) > 4 else ""))
        cell = "; ".join(notes).replace("|", "\\|")
        lines.append(f'| {r["file"]}.json | {r["repo"]} | `{r["path"]}:{r["line"]}` | `{r["commit"]}` | {cell} |')
    lines.append("")
(DEST / "SOURCES.md").write_text("\n".join(lines))
print({k: len(v) for k, v in out.items()})
print("bytes:", sum(p.stat().st_size for p in DEST.rglob("*.json")))
