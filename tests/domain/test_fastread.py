"""The compiled row reader of an import gives what every column's caster gives, cell for cell:
on the public files of tests/data/realworld and on cells written to take its shortcuts' edges."""

import csv
import random

import pytest

from flatspace_desktop.domain.blueprint import parse_blueprint
from flatspace_desktop.domain.importing.casting import Overrides
from flatspace_desktop.domain.importing.plan import make_plan, survey
from realworld_blueprints import AIR, ECONOMICS, WEATHER
from support import ROOT

REAL = ROOT / "tests" / "data" / "realworld"
EDGES = ["", " ", "NA", " NA", "NA ", "\u00a0x", "x\u2003", "2024-02-28", "2024-02-29", "2023-02-29", "2024-13-01",
         "2024-00-10", "2024-01-00", "2024-1-05", "31/12/2020", "12/31/2020", "01/02/2021", "0042", "42",
         "4" * 25, "-5", "1,234", "10,9", "1.234,5", "12.5%", "$5", "yes", "YES", "ja", "Nein", "true", "0", "1",
         "١٢٣", "２０２４-０１-０１", "Jan 5 2020", "2020-01-05 10:00", "x" * 100]


def _sheet(blueprint):
    return parse_blueprint(blueprint).sheets[0]


def _rows(path, delimiter=",", encoding="utf-8"):
    with open(path, newline="", encoding=encoding) as fh:
        return list(csv.reader(fh, delimiter=delimiter))


def _both(fields, labels, rows, **kw):
    plan = make_plan(survey(rows, len(fields)), fields, labels, **kw)
    fast, slow = plan.reader(), plan.slow_reader()
    return [fast(r) for r in rows], [slow(r) for r in rows]


@pytest.mark.parametrize("name, blueprint, delimiter, encoding, kw", [
    ("seattle_weather_eu.csv", WEATHER, ";", "cp1252", {}),
    ("economics_us.csv", ECONOMICS, ",", "utf-8", {"locale": "en_US"}),
])
def test_real_files_read_alike(name, blueprint, delimiter, encoding, kw):
    header, *rows = _rows(REAL / name, delimiter, encoding)
    fields = list(_sheet(blueprint).fields)[:len(header)]
    fast, slow = _both(fields, header, rows, **kw)
    assert fast == slow and len(fast) == 300


def test_an_r_export_reads_alike():
    header, *rows = _rows(REAL / "airquality_r.csv")
    sheet = _sheet(AIR)
    by_label = {f.label: f for f in sheet.fields}
    cols = [i for i, h in enumerate(header) if h in by_label]
    picked = [[r[i] for i in cols] for r in rows]
    fast, slow = _both([by_label[header[i]] for i in cols], [header[i] for i in cols], picked)
    assert fast == slow and any(row[0] is None for row, _ in fast)  # "NA" is missing either way


@pytest.mark.parametrize("order", ["YMD", "DMY", "MDY"])
def test_edge_cells_read_alike_in_every_kind(order):
    bp = {"name": "E", "sheets": [{"name": "E", "slug": "e", "fields": [
        {"key": "d", "type": "date"}, {"key": "n", "type": "number"}, {"key": "b", "type": "boolean"},
        {"key": "t", "type": "string"}, {"key": "s", "type": "string"}]}]}
    fields = list(_sheet(bp).fields)
    rnd = random.Random(order)
    base = [["2024-01-05", "7", "yes", "a", "2024-01-05"], ["2024-03-04", "8", "no", "b", "2024-03-04"]]
    rows = base * 5 + [[rnd.choice(EDGES) for _ in fields] for _ in range(2000)]
    overrides = {"d": Overrides(date_order=order), "n": Overrides(decimal=","), "s": Overrides(kind="date",
                                                                                            date_order=order)}
    plan = make_plan(survey(base * 5, len(fields)), fields, [f.key for f in fields], overrides=overrides)
    fast, slow = plan.reader(), plan.slow_reader()
    for row in rows:
        assert fast(row) == slow(row), row


def test_the_spaces_a_cell_is_stripped_of_are_all_listed():
    import sys

    from flatspace_desktop.domain.importing.fastread import SPACES

    assert SPACES == {chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()}
