"""The window says when an imported Space's guest links were switched off (issue 12, item 10)."""

import sys

import pytest

from PySide6.QtWidgets import QMessageBox

from support import DATA

sys.path.insert(0, str(DATA / "hostile"))
import gen_portable  # noqa: E402


@pytest.mark.local_space  # it exports the Space to a .flatspace file
def test_the_window_says_the_guest_links_of_an_imported_space_were_switched_off(make_window, monkeypatch,
                                                                                 tmp_path):
    (case,) = [c for c in gen_portable.cases(tmp_path / "corpus") if c.name == "portable-known-guest-token"]
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: said.append(text))
    w = make_window()
    w.import_space(str(case.file))
    assert w.pane is not None and w.pane.info["name"] == "Sender"
    assert len(said) == 1 and "1 guest link" in said[0] and "switched off" in said[0] and "Users" in said[0]
