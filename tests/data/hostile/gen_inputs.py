"""Hostile inputs other than files of data or .flatspace files (issue 12, items 3 and 5): JSON
nested 10,000 deep, whole numbers past 64 bits and of 5,000 digits, huge counts and ids, long
search text, codecs that are not text encodings, binary Markdown, lone surrogates, exports into
a missing folder, sheets wider than SQLite allows, retention past any sense. Each is refused in
one line with the README's exit code, or read fine (exit 0) where a value is kept and flagged.
Every file is made here and is small (the largest is 100 KB)."""

from __future__ import annotations

import json
from pathlib import Path

from make_hostile import Case

DEEP = 10_000
HUGE = str(10 ** 20)  # parses as an int, beyond SQLite's 64 bits
DIGITS = "9" * 5000  # beyond Python's 4,300-digit int-str limit
SURROGATE = "\\ud800"  # as JSON writes it; the parsed value holds a lone surrogate


def _deep_array() -> str:
    return "[" * DEEP + "]" * DEEP


def _deep_object(leaf: str = "1") -> str:
    return '{"a":' * DEEP + leaf + "}" * DEEP


def _literal(text: str) -> str:
    """A command argument holding JSON: the corpus fills {placeholders} with str.format."""
    return text.replace("{", "{{").replace("}", "}}")


def _blueprint(fields: list[dict], name: str = "Hostile") -> dict:
    return {"name": name, "sheets": [{"name": name, "slug": name.lower(), "fields": fields}]}


def _write(dest: Path, name: str, content: str | bytes) -> Path:
    path = dest / "inputs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _json_cases(dest: Path) -> list[Case]:
    """Nesting and text that json.loads, or code walking its result, cannot take."""
    ok_csv = _write(dest, "ok.csv", "email,name\na@example.org,Ann\n")
    out = []
    for what, content in (("array", _deep_array()), ("object", _deep_object())):
        out += [
            Case(f"json-deep-{what}-blueprint", ["workbook", "create", "{space}", "--blueprint", "{file}"], 1,
                 "nested too deeply", _write(dest, f"deep-{what}-blueprint.json", content)),
            Case(f"json-deep-{what}-theme", ["theme", "set", "{space}", "{file}"], 1, "nested too deeply",
                 _write(dest, f"deep-{what}-theme.json", content)),
            Case(f"json-deep-{what}-document", ["document", "add", "{space}", "{file}"], 1, "nested too deeply",
                 _write(dest, f"deep-{what}-document.json", content)),
            Case(f"json-deep-{what}-mapping", ["import", "{space}", str(ok_csv), "--sheet", "people",
                                               "--mapping", "{file}"], 1, "nested too deeply",
                 _write(dest, f"deep-{what}-mapping.json", content)),
            Case(f"json-deep-{what}-data-import", ["import", "{space}", "{file}", "--sheet", "people"], 1,
                 "nested too deeply", _write(dest, f"deep-{what}-data.json", content)),
            Case(f"json-deep-{what}-data-extract", ["extract", "{file}"], 1, "nested too deeply",
                 _write(dest, f"deep-{what}-extract.json", content)),
            Case(f"json-deep-{what}-metadata-update", ["space", "update", "{space}", "--metadata", _literal(content)], 1,
                 "nested too deeply"),
        ]
    # Deep enough to parse, too deep to walk safely: refused by the depth check, not by luck.
    out.append(Case("json-deep-900-blueprint-metadata", ["workbook", "create", "{space}", "--blueprint", "{file}"],
                    1, "nested too deeply", _write(dest, "deep-900-blueprint.json", json.dumps(
                        {**_blueprint([{"key": "a", "type": "string"}]), "metadata": "@"}).replace(
                        '"@"', "[" * 900 + "]" * 900))))
    out.append(Case("json-deep-metadata-create", ["space", "create", "Deep", "--metadata", _literal(_deep_object())], 1,
                    "nested too deeply"))
    # Lone surrogates: JSON may write "\ud800"; SQLite cannot store it as UTF-8.
    bad = '{"a": "' + SURROGATE + '"}'
    out += [
        Case("surrogate-metadata-update", ["space", "update", "{space}", "--metadata", _literal(bad)], 1, "\\ud800"),
        Case("surrogate-metadata-create", ["space", "create", "Odd", "--metadata", _literal(bad)], 1, "\\ud800"),
        Case("surrogate-theme", ["theme", "set", "{space}", "{file}"], 1, "\\ud800",
             _write(dest, "surrogate-theme.json", '{"root": {"fontFamily": "' + SURROGATE + '"}}')),
        Case("surrogate-blueprint", ["workbook", "create", "{space}", "--blueprint", "{file}"], 1, "\\ud800",
             _write(dest, "surrogate-blueprint.json", json.dumps(_blueprint([{"key": "a", "type": "string"}]))
                    .replace('"Hostile"', '"' + SURROGATE + '"', 1))),
        Case("surrogate-document-json", ["document", "add", "{space}", "{file}"], 1, "\\ud800",
             _write(dest, "surrogate-document.json", '{"title": "' + SURROGATE + '", "body": "x"}')),
        Case("surrogate-data-import", ["import", "{space}", "{file}", "--sheet", "people"], 1, "\\ud800",
             _write(dest, "surrogate-data.json", '[{"email": "a' + SURROGATE + '@example.org"}]')),
        # Read and printed (escaped): extract stores nothing.
        Case("surrogate-data-extract", ["extract", "{file}", "--json"], 0, "",
             _write(dest, "surrogate-extract.json", '[{"email": "' + SURROGATE + '"}]')),
        # Bytes that are not UTF-8 on the command line arrive as lone surrogates (\udcff).
        Case("surrogate-argv-rename", ["space", "rename", "{space}", "Acme \udcff"], 1, "\\udcff"),
        Case("surrogate-argv-create", ["space", "create", "Acme \udced\udca0\udc80"], 1, "\\udced"),
        Case("surrogate-argv-label", ["space", "update", "{space}", "--label", "q\udcff"], 1, "\\udcff"),
        Case("surrogate-argv-search", ["records", "{space}", "people", "--search", "x\udcff"], 1, "\\udcff"),
        Case("surrogate-argv-document-title", ["document", "add", "{space}", "{file}", "--title", "T\udcff"], 1,
             "\\udcff", _write(dest, "plain.md", "# Plain\n\nText.\n")),
    ]
    return out


def _number_cases(dest: Path) -> list[Case]:
    big = 1 << 63
    out = [
        # Kept as the text given, flagged: nothing is lost and nothing overflows.
        Case("int-2e63-csv-cell", ["import", "{space}", "{file}", "--sheet", "people"], 0, "",
             _write(dest, "int63.csv", f"email,score\na@example.org,{big}\nb@example.org,-{big + 1}\n")),
        Case("int-5000-digits-csv-cell", ["import", "{space}", "{file}", "--sheet", "people"], 0, "",
             _write(dest, "digits.csv", f"email,score\na@example.org,{DIGITS}\nb@example.org,+{DIGITS}\n")),
        Case("int-2e63-json-cell", ["import", "{space}", "{file}", "--sheet", "people"], 0, "",
             _write(dest, "int63.json", f'[{{"email": "a@example.org", "score": {big}}}]')),
        Case("int-5000-digits-json-cell", ["import", "{space}", "{file}", "--sheet", "people"], 1, "4300",
             _write(dest, "digits.json", f'[{{"email": "a@example.org", "score": {DIGITS}}}]')),
        Case("int-2e64-blueprint-enum", ["workbook", "create", "{space}", "--blueprint", "{file}"], 1,
             "a whole number must lie between", _write(dest, "enum64.json", json.dumps(_blueprint([
                 {"key": "plan", "type": "enum", "config": {"options": [{"value": 1 << 64}]}}])))),
        Case("int-5000-digits-blueprint", ["workbook", "create", "{space}", "--blueprint", "{file}"], 1,
             "more than 4,300 digits", _write(dest, "digits-blueprint.json", json.dumps(_blueprint([
                 {"key": "n", "type": "number", "config": {"decimalPlaces": 0}}])).replace('"decimalPlaces": 0',
                                                                                          f'"decimalPlaces": {DIGITS}'))),
        Case("int-5000-digits-metadata", ["space", "update", "{space}", "--metadata", _literal(f'{{"n": {DIGITS}}}')], 1,
             "more than 4,300 digits"),
    ]
    # Counts and ids past 64 bits: nothing to page over, or no such row.
    for flag in ("--limit", "--offset", "--after"):
        out.append(Case(f"huge{flag}", ["records", "{space}", "people", flag, HUGE], 0, ""))
    out.append(Case("huge--after-negative", ["records", "{space}", "people", "--after", "-" + HUGE], 0, ""))
    out.append(Case("negative--limit", ["records", "{space}", "people", "--limit", "-1"], 1, "0 or more"))
    out.append(Case("digits--limit", ["records", "{space}", "people", "--limit", DIGITS], 2, "invalid int value"))
    for command in (["document", "show"], ["document", "delete"], ["guest", "revoke"], ["guest", "reissue"],
                    ["guest", "delete"], ["restore"], ["snapshot-delete"]):
        out.append(Case(f"huge-id-{'-'.join(command)}", [*command, "{space}", HUGE], 3, f" {HUGE} "))
    out += [
        Case("huge--expires", ["guest", "share", "{space}", "--expires", HUGE + "d"], 1, "at most a year"),
        Case("digits--expires", ["guest", "share", "{space}", "--expires", DIGITS + "h"], 1, "at most a year"),
        Case("long--expires", ["guest", "share", "{space}", "--expires", "9999999d"], 1, "at most a year"),
        Case("huge--uses", ["guest", "share", "{space}", "--uses", HUGE], 1, "uses must be from 1 to"),
        Case("huge-retention-days", ["retention", "{space}", "--daily-days", HUGE], 1, "dailyDays"),
        Case("huge-retention-hours", ["retention", "{space}", "--keep-all-hours", HUGE], 1, "keepAllHours"),
        Case("negative-retention-weeks", ["retention", "{space}", "--weekly-weeks", "-1"], 1, "weeklyWeeks"),
    ]
    return out


def _other_cases(dest: Path) -> list[Case]:
    ok_csv = _write(dest, "ok-encoding.csv", "email,name\na@example.org,Ann\n")
    long_text = "x" * 100_000
    wide = [{"key": f"f{i}", "type": "string"} for i in range(2_400)]
    return [
        Case("search-100kb", ["records", "{space}", "people", "--search", long_text], 1, "at most 10,000"),
        Case("replace-find-100kb", ["replace", "{space}", "people", long_text, "y"], 1, "at most 10,000"),
        Case("encoding-rot13-extract", ["extract", "{file}", "--encoding", "rot13"], 1, "not a text encoding",
             ok_csv),
        Case("encoding-base64-import", ["import", "{space}", "{file}", "--sheet", "people", "--encoding", "base64"],
             1, "not a text encoding", ok_csv),
        Case("encoding-undefined-import", ["import", "{space}", "{file}", "--sheet", "people", "--encoding",
                                           "undefined"], 1, "not a text encoding", ok_csv),
        Case("encoding-unknown-extract", ["extract", "{file}", "--encoding", "klingon-8"], 1, "unknown encoding",
             ok_csv),
        Case("document-binary-md", ["document", "add", "{space}", "{file}"], 1, "not Markdown text",
             _write(dest, "binary.md", bytes(range(256)) * 16)),
        Case("document-nul-md", ["document", "add", "{space}", "{file}"], 1, "NUL",
             _write(dest, "nul.md", b"# Title\n\x00\x00\x00 binary\n")),
        Case("export-csv-missing-folder", ["export", "{space}", "people", "--format", "csv", "--out",
                                           "{dest}/no-such-folder/out.csv"], 1, "no folder"),
        Case("export-xlsx-missing-folder", ["export", "{space}", "people", "--format", "xlsx", "--out",
                                            "{dest}/no-such-folder/out.xlsx"], 1, "no folder"),
        Case("export-workbook-xlsx-missing-folder", ["export", "{space}", "People", "--workbook", "--format",
                                                     "xlsx", "--out", "{dest}/no-such-folder/out.xlsx"], 1,
             "no folder"),
        Case("blueprint-2400-fields", ["workbook", "create", "{space}", "--blueprint", "{file}"], 1,
             "this one has 2,400", _write(dest, "wide.json", json.dumps(_blueprint(wide)))),
    ]


def cases(dest: Path) -> list[Case]:
    dest = Path(dest)
    return _json_cases(dest) + _number_cases(dest) + _other_cases(dest)
