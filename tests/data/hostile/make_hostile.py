"""Writes the hostile-input corpus into a folder (nothing large is committed):
    python tests/data/hostile/make_hostile.py DEST

Each gen_*.py module beside this one gives cases through `cases(dest) -> list[Case]`: a file
(or none) and the `flatspace` command that must meet it with one line and the README's exit
code, within the time and memory bounds of tests/cli/test_hostile_corpus.py. In the command,
{space} is a Space with a workbook of people (sheet "people"), {file} the case's file and
{dest} the corpus folder.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Case:
    name: str  # unique, e.g. "xlsx-max-dimension"
    command: list[str]  # flatspace arguments, placeholders allowed
    exit: int  # the README's exit code for this refusal (0 when the input is read fine)
    says: str = ""  # a fragment the one line of output must hold
    file: Path | None = None
    notes: dict = field(default_factory=dict)


def cases(dest: Path) -> list[Case]:
    dest.mkdir(parents=True, exist_ok=True)
    out: list[Case] = []
    for path in sorted(HERE.glob("gen_*.py")):
        spec = importlib.util.spec_from_file_location(f"hostile_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out += module.cases(dest)
    names = [c.name for c in out]
    assert len(names) == len(set(names)), "case names repeat"
    return out


if __name__ == "__main__":
    made = cases(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "_out")
    for c in made:
        print(f"{c.name:40} exit {c.exit}  {' '.join(c.command)}")
