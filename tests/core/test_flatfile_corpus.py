"""Real Flatfile configurations, from Flatfile's public example repositories: every workbook
blueprint loads and is exported again unchanged, takes a few sample rows made from its field
types; every theme is set and read back unchanged; every document comes back with what was given
and nothing added.

The configurations are fetched data, so they live in shared/flatfile beside the repository (as
CI lays it) or where FLATSPACE_FLATFILE_CORPUS points, not in the repository; where each one comes
from is in tests/data/flatfile/SOURCES.md, how they were read in extract_notes.md.

A case refused on purpose (ambiguous: a repeated slug or key) is listed with its exact error; a
case that fails today for any other reason would be marked xfail (strict) with its exact error.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from pathlib import Path

import pytest
from support import ROOT

from flatspace_desktop.domain.documents import export_config
from flatspace_desktop.domain.errors import BlueprintError, FlatspaceError, InvalidInput


def _corpus() -> Path | None:
    given = os.environ.get("FLATSPACE_FLATFILE_CORPUS")
    for place in ([Path(given)] if given else []) + [ROOT.parent / "shared" / "flatfile"]:
        if (place / "workbooks").is_dir():
            return place
    return None


CORPUS = _corpus()
if CORPUS is None:
    pytest.skip("no Flatfile corpus: it is read from shared/flatfile beside the repository "
                "or from $FLATSPACE_FLATFILE_CORPUS (see tests/data/flatfile/SOURCES.md)", allow_module_level=True)

# ---- refused as Flatfile's own types and rules say: file -> (exception, exact message)
# Flatfile's slugs are any string ("customers/Customers", "<<sheet>>"), references may name a
# sheet shipped separately or write its slug in another case: those load. What is ambiguous is
# refused with its path, as the issue asks; these real configs ship such mistakes anyway.
REFUSED: dict[str, tuple[type, str]] = {
    # Two sheets with one slug (the first a federate-plugin fixture made to be refused).
    "comfort-systems-shared__federated-workbook-3": (
        BlueprintError, 'sheets[1].slug: "duplicate-slug" is already used by sheets[0]'),
    "demo-agent__all-contacts-13": (BlueprintError, 'sheets[1].slug: "contacts" is already used by sheets[0]'),
    # One field key twice in a sheet (a copy-paste in the shipped healthcare demo).
    "demo-agent__healthcare-workbook": (
        BlueprintError, 'sheets[1].fields[8].key: "licenseNumber" is already used by fields[4]'),
    # An enum-list field with no config, which EnumListProperty requires (a plugin test fixture).
    "plugins__sheet1-7": (BlueprintError, "sheets[0].fields[0].config.options: is required"),
}
LOAD_XFAIL: dict[str, tuple[type, str]] = {
}
ROWS_XFAIL: dict[str, tuple[type, str]] = {
}
THEME_XFAIL: dict[str, tuple[type, str]] = {
}
DOCUMENT_XFAIL: dict[str, tuple[type, str]] = {
}


def _cases(folder: str, *tables: dict) -> list:
    out = []
    for path in sorted((CORPUS / folder).glob("*.json")):
        marks = []
        for table in tables:
            if path.stem in table:
                raises, reason = table[path.stem]
                marks = [pytest.mark.xfail(raises=raises, reason=reason, strict=True)]
                break
        out.append(pytest.param(path, id=path.stem, marks=marks))
    return out


@contextlib.contextmanager
def _as_listed(path, *tables):
    """A listed case must fail with its listed error, word for word; any other is a new failure."""
    try:
        yield
    except Exception as exc:
        for table in tables:
            if path.stem in table:
                raises, message = table[path.stem]
                if isinstance(exc, raises) and str(exc) != message:
                    raise AssertionError(f"{path.stem} now fails otherwise: {exc}") from exc
                break
        raise


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_corpus_is_there():
    counts = {kind: len(list((CORPUS / kind).glob("*.json"))) for kind in ("workbooks", "themes", "documents")}
    assert counts["workbooks"] >= 100 and counts["themes"] >= 20 and counts["documents"] >= 40, counts


def _loadable(folder: str, *tables: dict) -> list:
    return [p for p in _cases(folder, *tables) if p.values[0].stem not in REFUSED]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_ambiguous_real_blueprint_is_refused_with_its_path(fs, admin, name):
    raises, message = REFUSED[name]
    sid = fs.create_space(admin, "Corpus")["id"]
    with pytest.raises(raises) as refused:
        fs.open(admin, sid).workbooks.create(_load(CORPUS / "workbooks" / f"{name}.json"))
    assert str(refused.value) == message
    assert fs.open(admin, sid).info()["workbooks"] == []  # nothing half-made


@pytest.mark.parametrize("path", _loadable("workbooks", LOAD_XFAIL))
def test_a_real_blueprint_loads_and_comes_back_unchanged(fs, admin, path):
    blueprint = _load(path)
    sid = fs.create_space(admin, "Corpus")["id"]
    with _as_listed(path, LOAD_XFAIL):
        wb = fs.open(admin, sid).workbooks.create(json.loads(json.dumps(blueprint)))
    assert fs.open(admin, sid).workbooks.blueprint(wb["id"]) == blueprint
    assert len(wb["sheets"]) == len(blueprint["sheets"])


# ---- sample rows made from the field types
def _typed(f, n: int):
    """A value a person would give for field f: n = 0 typed, 1 as text, 2 nonsense."""
    options = [o.value for o in f.options]
    if n == 2:
        return "??? not a value ???"
    if f.type == "string":
        return "Sample text" if n == 0 else " text with spaces "
    if f.type == "number":
        return 42 if n == 0 else "3.5"
    if f.type == "boolean":
        return True if n == 0 else "no"
    if f.type == "date":
        return "2024-03-15" if n == 0 else "03/15/2024"
    if f.type == "enum":
        return options[0] if n == 0 else (f.options[-1].label or str(options[-1]))
    if f.type == "enum-list":
        return options[:2] if n == 0 else str(options[0])
    if f.type == "string-list":
        return ["one", "two"] if n == 0 else "one"
    if f.type == "reference":
        return "REF-1"
    if f.type == "reference-list":
        return ["REF-1", "REF-2"] if n == 0 else "REF-1"
    return "x"


def _as_text(value) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("path", _loadable("workbooks", LOAD_XFAIL, ROWS_XFAIL))
def test_a_real_blueprint_takes_sample_rows(fs, admin, path, tmp_path):
    blueprint = _load(path)
    sid = fs.create_space(admin, "Corpus")["id"]
    with _as_listed(path, LOAD_XFAIL, ROWS_XFAIL):
        wb = fs.open(admin, sid).workbooks.create(blueprint)
        _sample_rows(fs, admin, sid, wb, tmp_path)


def _sample_rows(fs, admin, sid, wb, tmp_path):
    for slug in wb["sheets"]:
        sheet = fs.open(admin, sid).records.sheet_def(slug)
        editable = [f for f in sheet.fields if f.editable]
        if sheet.readonly or not editable:
            with pytest.raises(InvalidInput) if sheet.readonly else contextlib.nullcontext():
                fs.open(admin, sid).records.add(slug, [{}])
            continue
        rows = [{f.key: _typed(f, n) for f in editable} for n in range(3)] + [{}]
        fs.open(admin, sid).records.add(slug, rows)
        fs.open(admin, sid).records.validate(slug)
        assert fs.open(admin, sid).records.counts(slug)["total"] == len(rows)
        # the same values as a CSV file, through the import path (by-name mapping)
        path_csv = tmp_path / f"{len(list(tmp_path.iterdir()))}.csv"
        with path_csv.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow([f.key for f in editable])
            for row in rows[:3]:
                writer.writerow([_as_text(row[f.key]) for f in editable])
        result = fs.open(admin, sid).records.import_file(slug, path_csv)
        assert result["imported"] == 3 and result["total"] == len(rows) + 3
        for record in fs.open(admin, sid).records.list(slug, limit=10):
            fs.open(admin, sid).records.json(slug, record)


@pytest.mark.parametrize("path", _cases("themes", THEME_XFAIL))
def test_a_real_theme_is_set_and_read_back_unchanged(fs, admin, path):
    theme = _load(path)
    sid = fs.create_space(admin, "Corpus")["id"]
    with _as_listed(path, THEME_XFAIL):
        fs.open(admin, sid).theme.set(json.loads(json.dumps(theme)))
    assert fs.open(admin, sid).theme.get() == theme
    # as Flatfile's spaces.update sends it: inside the space's metadata
    fs.open(admin, sid).theme.set({"metadata": {"theme": json.loads(json.dumps(theme))}})
    assert fs.open(admin, sid).theme.get() == theme


@pytest.mark.parametrize("path", _cases("documents", DOCUMENT_XFAIL))
def test_a_real_document_comes_back_as_given(fs, admin, path):
    config = _load(path)
    sid = fs.create_space(admin, "Corpus")["id"]
    with _as_listed(path, DOCUMENT_XFAIL):
        doc = fs.open(admin, sid).documents.add_config(json.loads(json.dumps(config)))
    stored = fs.open(admin, sid).documents.get(doc["id"])
    assert export_config(stored) == config
    assert set(stored) - set(config) <= {"id", "createdAt", "createdBy", "updatedAt"}


def test_the_listed_failures_are_real_cases_and_the_apps_own_errors():
    """Each listed case is a file of the corpus, and fails with a refusal the app words for a person."""
    for folder, tables in (("workbooks", (LOAD_XFAIL, ROWS_XFAIL)), ("themes", (THEME_XFAIL,)),
                           ("documents", (DOCUMENT_XFAIL,))):
        for table in tables + ((REFUSED,) if folder == "workbooks" else ()):
            for name, (raises, _) in table.items():
                assert (CORPUS / folder / f"{name}.json").is_file(), name
                assert issubclass(raises, FlatspaceError)
