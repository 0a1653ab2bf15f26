"""Writes the awkward-file corpus the import tests read. Run it to regenerate the files:
    python tests/data/make_corpus.py
Each file holds the same five people (or says why it cannot), in a different disguise."""

from __future__ import annotations

import codecs
import json
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAD = ["Email", "Name", "City", "Born", "Score"]
ROWS = [
    ["ana@example.com", "Ana Müller", "Zürich", "1990-04-01", "12"],
    ["bo@example.com", "Bö Ærøskøbing", "Besançon", "1985-12-24", "7.5"],
    ["chloé@example.com", "Chloé \"CJ\" Dupont", "Paris, 11e", "2001-07-14", "-3"],
    ["dan@example.com", "Dan O'Neil", "Dublin", "1979-01-31", "100"],
    ["eve@example.com", "Ève €uro", "Lyon", "1999-09-09", "0"],
]


def delimited(rows, delimiter: str, newline: str = "\n") -> str:
    def cell(v: str) -> str:
        if any(ch in v for ch in (delimiter, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v
    return "".join(delimiter.join(cell(v) for v in r) + newline for r in [HEAD] + rows)


def main() -> None:
    (HERE / "utf8_bom_comma.csv").write_bytes(codecs.BOM_UTF8 + delimited(ROWS, ",").encode())
    (HERE / "utf16_tab.tsv").write_bytes(delimited(ROWS, "\t", "\r\n").encode("utf-16"))
    (HERE / "windows_cp1252_semicolon.csv").write_bytes(delimited(ROWS, ";", "\r\n").encode("cp1252"))
    (HERE / "latin1_pipe.txt").write_bytes(delimited([[v.replace("€", "E") for v in r] for r in ROWS], "|")
                                           .encode("latin-1"))
    quoted = [r[:] for r in ROWS]
    quoted[1][1] = "Bö\nÆrøskøbing"
    quoted[3][2] = "Dublin\r\nIreland"
    (HERE / "quoted_newlines.csv").write_bytes(delimited(quoted, ",").encode())
    ragged = "Email,Name,City,Born,Score\n" \
             "ana@example.com,Ana Müller,Zürich,1990-04-01,12\n" \
             "bo@example.com,Bö Ærøskøbing\n" \
             "\n" \
             "chloé@example.com,Chloé Dupont,Paris,2001-07-14,-3,EXTRA,MORE\n" \
             "dan@example.com,Dan O'Neil,Dublin,1979-01-31,100\n" \
             "eve@example.com,Ève,Lyon,1999-09-09,0,\n"
    (HERE / "ragged.csv").write_text(ragged, encoding="utf-8")
    (HERE / "duplicate_headers.csv").write_text("Email,Name,Name,,Score\nana@example.com,Ana,Müller,x,12\n",
                                                encoding="utf-8")
    (HERE / "report_with_preamble.csv").write_text("Export of 2024-05-01\nby the CRM\n" + delimited(ROWS, ","),
                                                   encoding="utf-8")
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "binary_renamed.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (HERE / "people.json").write_text(json.dumps([
        {"Email": r[0], "Name": r[1], "address": {"City": r[2]}, "Born": r[3], "Score": float(r[4])} for r in ROWS
    ], ensure_ascii=False, indent=1), encoding="utf-8")
    (HERE / "malformed.json").write_text('[{"Email": "ana@example.com", "Name": "Ana"}, {"Email": ', encoding="utf-8")
    (HERE / "not_an_array.json").write_text('{"Email": "ana@example.com"}', encoding="utf-8")
    make_xlsx(HERE / "multi_sheet.xlsx")
    data = (HERE / "multi_sheet.xlsx").read_bytes()
    (HERE / "malformed.xlsx").write_bytes(data[: len(data) // 3])
    (HERE / "text_renamed.xlsx").write_text("this is not a spreadsheet\n", encoding="utf-8")


def make_xlsx(path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    notes = wb.add_worksheet("Notes")
    notes.write_string(0, 0, "This workbook's people are on the next sheet.")
    people = wb.add_worksheet("People")
    people.write_row(0, 0, HEAD)
    for i, r in enumerate(ROWS, start=1):
        people.write_string(i, 0, r[0])
        people.write_string(i, 1, r[1])
        people.write_string(i, 2, r[2])
        people.write_datetime(i, 3, datetime.combine(date.fromisoformat(r[3]), datetime.min.time()), date_fmt)
        if i == 2:
            people.write_formula(i, 4, "=5+2.5", None, 7.5)  # a formula: its cached value is read
        else:
            people.write_number(i, 4, float(r[4]))
    wb.close()


if __name__ == "__main__":
    main()
