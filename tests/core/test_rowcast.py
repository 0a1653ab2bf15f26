"""The compiled fast path of imports casts every value exactly as the field casters do."""

import itertools

from flatspace_desktop.domain.blueprint import parse_sheet
from flatspace_desktop.domain.cells import make_caster
from flatspace_desktop.domain.rowcast import compile_row_caster

SHEET = parse_sheet({"name": "All", "fields": [
    {"key": "s", "type": "string", "constraints": [{"type": "required"}]},
    {"key": "t", "type": "string", "config": {"size": 4}},
    {"key": "n", "type": "number"},
    {"key": "d2", "type": "number", "config": {"decimalPlaces": 2}},
    {"key": "d0", "type": "number", "config": {"decimalPlaces": 0}},
    {"key": "b", "type": "boolean"},
    {"key": "dt", "type": "date"},
    {"key": "e", "type": "enum", "config": {"options": [{"value": "a", "label": "Alpha"}, {"value": 2}]}},
    {"key": "l", "type": "string-list"},
    {"key": "r", "type": "reference", "config": {"ref": "other", "key": "id"}},
]})

SAMPLES = ["", " ", "  \t", "abc", "abcde", "12", "012", "-3", "+4", "12.5", "12.345", "12.0", "1e3", "1_000",
           "1,234.5", "-0.5", "12.", ".5", "12.5 ", " 7.25", "3.14159", "-12.34", "nan", "1.5e3", "inf", "-inf", "1e999", "²", "٣", "true", "FALSE", "Yes", "maybe", "2024-02-29",
           "2023-02-29", "2024-13-01", "20240101", "03/04/2024", "a", "Alpha", "ALPHA", "2", "x, y", None, 7, 2.5,
           True, False, 0, 1, -5, 3.0, -0.0, 1e300, float("nan"), float("inf"), 2 ** 63, -(2 ** 63), 2 ** 63 - 1,
           "\u00a0ref", "ref\u3000", "\u2028"]


def test_fast_path_matches_the_field_casters_cell_by_cell():
    fast_sink, slow_sink = [], []
    cast_row = compile_row_caster(SHEET.fields, fast_sink)
    slow = [make_caster(f, slow_sink) for f in SHEET.fields]
    width = len(SHEET.fields)
    for offset, sample in itertools.product(range(width), SAMPLES):
        row = [SAMPLES[(offset + j * 7) % len(SAMPLES)] for j in range(width)]
        row[offset] = sample
        got = cast_row(row, 9)[2:]
        want = tuple(c(v) for c, v in zip(slow, row))
        assert [(type(v), v) for v in got] == [(type(v), v) for v in want], row
        assert fast_sink == slow_sink, row
        fast_sink.clear()
        slow_sink.clear()
