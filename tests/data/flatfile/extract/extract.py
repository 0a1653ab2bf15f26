"""Find Flatfile workbook blueprints, space themes and documents in git snapshots, statically.

    python extract.py OUT_DIR [--sdk=GITDIR] GITDIR=owner/name ...            (each snapshot's HEAD)
    python extract.py --history OUT_DIR --sdk=GITDIR GITDIR=owner/name ...   (every commit)

Reads git objects only; runs nothing of theirs. --sdk names @flatfile/api's source (flatfile-node),
for its constants. Writes OUT_DIR/found.json ([{kind, value, repo, path, commit, line, imports,
dropped}]) and, at HEAD, OUT_DIR/skipped.json (what could not be read, and why). See
../extract_notes.md.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

from jslit import UNDEFINED, Hole, Parser, Ref, Spread, Unresolved, first_hole, js_str, tokenize

SRC_EXT = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")
SKIP_DIRS = ("node_modules/", "/dist/", "dist/", "/build/", "build/", ".next/", "/lib/cjs", "coverage/", "vendor/")
MAX = 400_000


def git(gitdir, *args, input=None):
    return subprocess.run(["git", f"--git-dir={gitdir}", *args], input=input, capture_output=True, check=True).stdout


BLOB_CACHE: dict = {}


def repo_files(gitdir: str, rev: str = "HEAD"):
    listing = git(gitdir, "ls-tree", "-r", "-l", rev).decode()
    wanted = []
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        mode, typ, sha, size = meta.split()
        if typ != "blob" or not size.isdigit() or int(size) > MAX:
            continue
        low = path.lower()
        if any(("/" + low).find("/" + d.strip("/") + "/") >= 0 for d in SKIP_DIRS):
            continue
        if low.endswith(".min.js") or low.endswith(".d.ts") or re.search(r"(^|/)(package(-lock)?|tsconfig[^/]*|\.eslintrc[^/]*|vercel|turbo|lerna|renovate)\.json$", low):
            continue
        if low.endswith(SRC_EXT) or low.endswith(".json"):
            wanted.append((path, sha))
    out = {}
    for path, sha in wanted:
        if (path, sha) in BLOB_CACHE:
            out[path] = BLOB_CACHE[(path, sha)]
    wanted = [(p, sha) for p, sha in wanted if (p, sha) not in BLOB_CACHE]
    if not wanted:
        return out
    data = git(gitdir, "cat-file", "--batch", input="".join(f"{sha}\n" for _, sha in wanted).encode())
    pos = 0
    for path, sha in wanted:
        nl = data.index(b"\n", pos)
        header = data[pos:nl].split()
        if len(header) < 3 or header[1] == b"missing":
            pos = nl + 1
            continue
        size = int(header[2])
        blob = data[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
        try:
            out[path] = blob.decode("utf-8")
        except UnicodeDecodeError:
            continue
        BLOB_CACHE[(path, sha)] = out[path]
    return out


class Module:
    def __init__(self, repo: "Repo", path: str, text: str):
        self.repo, self.path, self.text = repo, path, text
        self.defs: dict[str, list[tuple[int, object]]] = {}  # name -> [(token index, raw value or Unresolved)]
        self.imports: dict[str, tuple[str, str]] = {}  # local name -> (module spec, imported name | "default" | "*")
        self.reexports: list[str] = []  # export * from
        self.default = None
        self.json = None
        self.toks: list = []
        self.error = None
        if path.endswith(".json"):
            try:
                self.json = json.loads(text)
            except ValueError as exc:
                self.error = f"JSON: {exc}"
            return
        try:
            self.toks = tokenize(text, lenient=path.endswith(("x", ".js")))
        except Exception as exc:  # noqa: BLE001 - a file we cannot read is reported, not fatal
            self.error = f"tokenize: {exc}"
            return
        self.parser = Parser(self.toks)
        self._scan()

    def line(self, tok_index: int) -> int:
        if self.json is not None or not self.toks:
            return 1
        return self.text.count("\n", 0, self.toks[tok_index].pos) + 1

    def _read(self, i):
        try:
            v, _ = self.parser.value(i)
            return v
        except Unresolved as exc:
            return exc
        except (IndexError, ValueError, RecursionError) as exc:
            return Unresolved(f"parse: {exc}")

    def _scan(self):
        t, p = self.toks, self.parser
        n = len(t)
        for i, tok in enumerate(t):
            if tok.kind != "id":
                continue
            v = tok.val
            if v in ("const", "let", "var") and i + 1 < n and t[i + 1].kind == "id":
                j = i + 2
                if p.at(j, ":"):
                    j = p.skip_type(j + 1)
                if p.at(j, "="):
                    name = t[i + 1].val
                    if p.at(j + 1, "require") and p.at(j + 2, "(") and p.at(j + 3, kind="str"):
                        self.imports[name] = (t[j + 3].val, "default")
                    else:
                        self.defs.setdefault(name, []).append((j + 1, self._read(j + 1)))
            elif v in ("const", "let", "var") and p.at(i + 1, "{"):
                # const { a, b: c } = require('x')
                end = p.skip_group(i + 1)
                if p.at(end, "=") and p.at(end + 1, "require") and p.at(end + 3, kind="str"):
                    self._named(i + 2, end - 1, t[end + 3].val, sep=":")
            elif v == "enum" and i + 2 < n and t[i + 1].kind == "id" and p.at(i + 2, "{"):
                self.defs.setdefault(t[i + 1].val, []).append((i + 2, self._enum(i + 2)))
            elif v == "import" and (i == 0 or not p.at(i - 1, ".")):
                self._import(i)
            elif v == "export" and p.at(i + 1, "default"):
                j = i + 2
                if p.at(j, "{") or p.at(j, "[") or p.at(j, kind="str"):
                    self.default = (j, self._read(j))
                elif p.at(j, kind="id") and t[j].val not in ("function", "class", "async"):
                    self.default = (j, self._read(j))
            elif v == "export" and p.at(i + 1, "*") and p.at(i + 2, "from") and p.at(i + 3, kind="str"):
                self.reexports.append(t[i + 3].val)
            elif v == "export" and p.at(i + 1, "{"):
                end = p.skip_group(i + 1)
                if p.at(end, "from") and p.at(end + 1, kind="str"):
                    self._named(i + 2, end - 1, t[end + 1].val, export=True)
            elif v == "module" and p.at(i + 1, ".") and p.at(i + 2, "exports") and p.at(i + 3, "="):
                self.default = (i + 4, self._read(i + 4))

    def _enum(self, i):
        """enum E { A = 'a', B = 2, C } as the object a TS compiler makes (names to values)."""
        t, p = self.toks, self.parser
        items, j, nxt = [], i + 1, 0
        try:
            while not p.at(j, "}"):
                name = t[j].val
                j += 1
                if p.at(j, "="):
                    val, j = p.value(j + 1)
                    if isinstance(val, (int, float)):
                        nxt = val + 1
                else:
                    val, nxt = nxt, nxt + 1
                items.append((name, val))
                if p.at(j, ","):
                    j += 1
        except Unresolved as exc:
            return exc
        return ("obj", items)

    def _named(self, a, b, spec, sep="as", export=False):
        t = self.toks
        k = a
        while k < b:
            if t[k].kind == "id" and t[k].val == "type":
                k += 1
                continue
            if t[k].kind in ("id", "str"):
                orig = t[k].val
                local = orig
                if k + 2 < b + 1 and t[k + 1].val == sep and t[k + 2].kind == "id":
                    local = t[k + 2].val
                    k += 2
                if export:
                    self.defs.setdefault(local, []).append((k, ("import", spec, orig)))
                else:
                    self.imports[local] = (spec, orig)
            k += 1

    def _import(self, i):
        t, p = self.toks, self.parser
        j = i + 1
        if p.at(j, "type"):
            return
        if p.at(j, kind="str"):
            return
        while j < len(t) and not (t[j].kind == "id" and t[j].val == "from"):
            if t[j].kind == "id" and p.at(j + 1, "from") or (t[j].kind == "id" and p.at(j + 1, ",") and j == i + 1):
                self.imports[t[j].val] = (None, "default")
                self._pending_default = t[j].val
            if t[j].val == "*" and p.at(j + 1, "as"):
                self.imports[t[j + 2].val] = (None, "*")
                j += 3
                continue
            if t[j].val == "{":
                end = p.skip_group(j)
                self._pending_named = (j + 1, end - 1)
                j = end
                continue
            if t[j].val == ";":
                return
            j += 1
        if j + 1 >= len(t) or t[j + 1].kind != "str":
            return
        spec = t[j + 1].val
        for name, (s, what) in list(self.imports.items()):
            if s is None:
                self.imports[name] = (spec, what)
        if getattr(self, "_pending_named", None):
            a, b = self._pending_named
            self._named(a, b, spec)
            self._pending_named = None


MODULE_CACHE: dict = {}


class Repo:
    def __init__(self, name: str, gitdir: str, rev="HEAD"):
        self.name, self.gitdir = name, gitdir
        self.commit = git(gitdir, "rev-parse", rev).decode().strip()
        self.modules = {}
        for p, text in repo_files(gitdir, rev).items():
            key = (p, hash(text))
            if key not in MODULE_CACHE:
                MODULE_CACHE[key] = Module(self, p, text)
            self.modules[p] = MODULE_CACHE[key]
        self.by_name: dict[str, list[tuple[Module, object]]] = {}
        for m in self.modules.values():
            for name, defs in m.defs.items():
                for _, raw in defs:
                    self.by_name.setdefault(name, []).append((m, raw))

    def module_for(self, frm: Module, spec: str):
        if spec is None:
            return None
        if not spec.startswith("."):
            # path aliases (@/x, ~/x, src/x): try suffix match
            cands = [spec.split("/", 1)[1] if spec.startswith(("@/", "~/")) else spec]
        else:
            cands = [posixpath.normpath(posixpath.join(posixpath.dirname(frm.path), spec))]
        for base in cands:
            for suffix in ("", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".json", "/index.ts", "/index.js", "/index.tsx"):
                path = base + suffix
                if path in self.modules:
                    return self.modules[path]
                if not spec.startswith("."):
                    hits = [m for p, m in self.modules.items() if p.endswith("/" + path)]
                    if len(hits) == 1:
                        return hits[0]
        return None


class NS:
    """A module namespace (import * as x) or a package namespace such as Flatfile from @flatfile/api."""

    def __init__(self, get, label):
        self.get, self.label = get, label


SDK = None  # Repo of @flatfile/api's source (flatfile-node), for its enum constants


def sdk_member(name):
    if SDK is None:
        return Hole(f"Flatfile.{name} (no SDK source)")
    hits = [(m, raw) for m, raw in SDK.by_name.get(name, []) if m.path.startswith("src/api/")]
    if len(hits) != 1:
        return Hole(f"Flatfile.{name} not a constant of @flatfile/api")
    return Resolver(SDK).raw(hits[0][0], hits[0][1])


class Resolver:
    def __init__(self, repo: Repo):
        self.repo = repo
        self.stack = []
        self.touched = set()

    def export_of(self, mod: Module, name: str, depth=0):
        if mod is None or depth > 8:
            return Hole("unknown module")
        if mod.json is not None:
            if name in ("default", "*"):
                return mod.json
            if isinstance(mod.json, dict) and name in mod.json:
                return mod.json[name]
            return Hole(f"{mod.path} has no {name}")
        if name == "default":
            if mod.default is None:
                return Hole(f"{mod.path} has no literal default export")
            return self.raw(mod, mod.default[1])
        if name == "*":
            return NS(lambda k, mod=mod: self.export_of(mod, k, depth + 1), mod.path)
        if name in mod.defs or name in mod.imports:
            return self.lookup(mod, name, None)
        for spec in mod.reexports:
            sub = self.repo.module_for(mod, spec)
            if sub is not None and (name in sub.defs or sub.json is not None):
                return self.export_of(sub, name, depth + 1)
        return Hole(f"{mod.path} has no {name}")

    def lookup(self, mod: Module, name: str, at: int | None):
        key = (mod.path, name)
        if key in self.stack:
            return Hole(f"cycle at {name}")
        self.stack.append(key)
        try:
            defs = mod.defs.get(name)
            if defs:
                chosen = defs[0]
                if len(defs) > 1 and at is not None:
                    before = [d for d in defs if d[0] < at]
                    chosen = before[-1] if before else defs[0]
                raw = chosen[1]
                if isinstance(raw, tuple) and raw and raw[0] == "import":
                    return self.export_of(self.repo.module_for(mod, raw[1]), raw[2])
                return self.raw(mod, raw)
            if name in mod.imports:
                spec, what = mod.imports[name]
                target = self.repo.module_for(mod, spec)
                if target is None and spec == "@flatfile/api" and what in ("Flatfile", "*"):
                    return NS(sdk_member, "@flatfile/api")
                if target is None:
                    return Hole(f"{name} comes from package {spec}")
                return self.export_of(target, what)
            everywhere = self.repo.by_name.get(name, [])
            if len(everywhere) == 1:
                m, raw = everywhere[0]
                return self.raw(m, raw)
            return Hole(f"runtime value {name}")
        finally:
            self.stack.pop()

    def raw(self, mod: Module, raw):
        self.touched.add(mod.path)
        if isinstance(raw, Unresolved):
            return Hole(raw.why)
        if isinstance(raw, tuple) and raw and raw[0] == "import":
            return self.export_of(self.repo.module_for(mod, raw[1]), raw[2])
        return self.resolve(mod, raw, None)

    def resolve(self, mod: Module, v, at):
        if isinstance(v, (str, int, float, bool)) or v is None or v is UNDEFINED:
            return v
        if isinstance(v, Ref):
            base = self.lookup(mod, v.name, at)
            for part in v.path:
                if isinstance(base, NS):
                    base = base.get(part)
                    continue
                if isinstance(base, Hole):
                    return Hole(f"{base.why} (.{part})")
                if isinstance(base, dict) and isinstance(part, str) and part in base:
                    base = base[part]
                elif isinstance(base, list) and isinstance(part, int) and part < len(base):
                    base = base[part]
                elif isinstance(base, list) and part == "length":
                    base = len(base)
                else:
                    return Hole(f"{v.name}.{'.'.join(map(str, v.path))}")
            if isinstance(base, NS):
                return Hole(f"namespace {base.label}")
            return base
        tag = v[0]
        if tag == "obj":
            out = {}
            for item in v[1]:
                if isinstance(item, Spread):
                    s = self.resolve(mod, item.value, at)
                    if isinstance(s, Hole):
                        return Hole(f"spread: {s.why}")
                    if isinstance(s, dict):
                        out.update(s)
                    elif s is None or s is UNDEFINED:
                        pass
                    else:
                        return Hole("spread of a non-object")
                else:
                    k, x = item
                    if isinstance(k, tuple):
                        k = self.resolve(mod, k[1], at)
                        if not isinstance(k, str):
                            return Hole("computed key")
                    out[k] = self.resolve(mod, x, at)
            return {k: x for k, x in out.items() if x is not UNDEFINED}
        if tag == "arr":
            out = []
            for item in v[1]:
                if isinstance(item, Spread):
                    s = self.resolve(mod, item.value, at)
                    if isinstance(s, Hole):
                        return Hole(f"spread: {s.why}")
                    if not isinstance(s, list):
                        return Hole("spread of a non-array")
                    out.extend(s)
                else:
                    out.append(self.resolve(mod, item, at))
            return [None if x is UNDEFINED else x for x in out]
        if tag == "tpl":
            parts = []
            for k, p in enumerate(v[1]):
                x = p if k % 2 == 0 else self.resolve(mod, p, at)
                if isinstance(x, Hole):
                    return Hole(f"template: {x.why}")
                if isinstance(x, (dict, list)):
                    return Hole("template of an object")
                parts.append(js_str(x))
            return "".join(parts)
        if tag == "+":
            a, b = self.resolve(mod, v[1], at), self.resolve(mod, v[2], at)
            for x in (a, b):
                if isinstance(x, Hole):
                    return Hole(f"+: {x.why}")
            if isinstance(a, str) or isinstance(b, str):
                return js_str(a) + js_str(b)
            if all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b)):
                return a + b
            return Hole("+ of non-strings")
        raise AssertionError(tag)


# ---------------------------------------------------------------- classifying
RUNTIME_KEYS = ("spaceId", "environmentId", "workbookId")
THEME_KEYS = {"root", "sidebar", "table", "document", "email"}
DOC_KEYS = {"title", "body", "treatments", "actions"}


def is_field(x):
    return isinstance(x, dict) and "key" in x and "type" in x


def is_sheet(x):
    return isinstance(x, dict) and isinstance(x.get("fields"), list) and x["fields"] and (
        "name" in x or "slug" in x) and all(is_field(f) or isinstance(f, Hole) for f in x["fields"])


def is_workbook(x):
    return isinstance(x, dict) and isinstance(x.get("sheets"), list) and x["sheets"] and (
        "name" in x) and all(is_sheet(s) or isinstance(s, Hole) for s in x["sheets"])


def strip_runtime(x: dict, keys=RUNTIME_KEYS):
    dropped = [k for k in keys if k in x]
    return {k: v for k, v in x.items() if k not in keys}, dropped


def walk(v, parent_key=None):
    yield v, parent_key
    if isinstance(v, dict):
        for k, x in v.items():
            yield from walk(x, k)
    elif isinstance(v, list):
        for x in v:
            yield from walk(x, parent_key)


def candidates(repo: Repo):
    """(module, line, resolved value) for every literal object in the repo's files."""
    for mod in repo.modules.values():
        if mod.json is not None:
            yield mod, 1, mod.json, []
            continue
        if not mod.toks:
            continue
        res = Resolver(repo)
        for i, tok in enumerate(mod.toks):
            if tok.kind == "punct" and tok.val == "{" and (i == 0 or mod.toks[i - 1].val in (
                    "(", ",", "=", ":", "[", "return", "?", "...", "||", "??", "&&", "=>")):
                try:
                    raw, _ = mod.parser.obj(i)
                except (Unresolved, IndexError, ValueError, RecursionError):
                    continue
                res.touched = set()
                try:
                    value = res.resolve(mod, raw, i)
                except RecursionError:
                    continue
                yield mod, mod.line(i), value, sorted(res.touched - {mod.path})


def classify(repo: Repo):
    found, skipped = [], []
    for mod, line, value, touched in candidates(repo):
        for x, parent in walk(value):
            if not isinstance(x, dict):
                continue
            kind = None
            if is_workbook(x):
                kind = "workbook"
            elif is_sheet(x):
                kind = "sheet"
            elif parent == "theme" and THEME_KEYS & set(x):
                kind = "theme"
            elif isinstance(x.get("title"), (str, Hole)) and isinstance(x.get("body"), (str, Hole)) and \
                    set(x) - set(RUNTIME_KEYS) <= DOC_KEYS:
                kind = "document"
            if kind is None:
                continue
            clean, dropped = strip_runtime(x) if kind in ("workbook", "document") else (x, [])
            hole = first_hole(clean)
            rec = {"kind": kind, "repo": repo.name, "path": mod.path, "commit": repo.commit, "line": line,
                   "imports": touched}
            if hole:
                skipped.append({**rec, "where": hole[0], "why": hole[1],
                                "name": x.get("name") or x.get("title") if isinstance(x.get("name") or x.get("title"), str) else None})
                continue
            found.append({**rec, "value": clean, "dropped": dropped})
    return found, skipped


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    all_found, all_skipped = [], []
    global SDK
    args = sys.argv[2:]
    if args and args[0].startswith("--sdk="):
        SDK = Repo("sdk", args.pop(0).split("=", 1)[1])
    for arg in args:
        gitdir, _, name = arg.partition("=")
        rev = "HEAD"
        if "@" in name:
            name, rev = name.split("@", 1)
        repo = Repo(name or gitdir, gitdir, rev)
        f, s = classify(repo)
        errs = [m.path for m in repo.modules.values() if m.error]
        print(f"{repo.name}: {len(repo.modules)} files, {len(f)} found, {len(s)} skipped, {len(errs)} unreadable",
              file=sys.stderr)
        for e in errs:
            print(f"   unreadable {e}: {repo.modules[e].error}", file=sys.stderr)
        all_found += f
        all_skipped += s
    (out / "found.json").write_text(json.dumps(all_found, indent=1, ensure_ascii=False))
    (out / "skipped.json").write_text(json.dumps(all_skipped, indent=1, ensure_ascii=False))




def history(out_dir, sdk, specs):
    """Every commit of each repo: what HEAD does not already have."""
    global SDK
    SDK = Repo("sdk", sdk) if sdk else None
    found = []
    for arg in specs:
        gitdir, _, name = arg.partition("=")
        revs = git(gitdir, "rev-list", "--all", "--reverse").decode().split()
        for rev in revs:
            try:
                repo = Repo(name, gitdir, rev)
            except subprocess.CalledProcessError:
                continue
            f, _ = classify(repo)
            found += f
        print(f"{name}: {len(revs)} commits", file=sys.stderr)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "found.json").write_text(json.dumps(found, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    sys.setrecursionlimit(20000)
    if sys.argv[1] == "--history":
        history(sys.argv[2], sys.argv[3].split("=", 1)[1], sys.argv[4:])
    else:
        main()
