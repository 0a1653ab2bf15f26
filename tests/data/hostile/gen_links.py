"""Hostile links and references (issue 12, items 13 and 15): `--link` values that are empty,
blank, cut short, of another scheme, for a Space path, huge, or holding bytes no link has, which
must be refused (exit 5) and never run as the owner; and theme files whose logo reaches outside
the filestore, refused (exit 1), beside a Flatfile theme whose logo is a web address, read fine.

Upload names are not here: no command uploads a file under a name of its own (`import` reads the
file in place); they are tested against the service in tests/core/test_guest_security.py."""

from __future__ import annotations

import json
from pathlib import Path

from make_hostile import Case

NOT_A_LINK = "not a Flatspace link"
TOKEN = "A" * 32  # shaped like a real secret, matching none


def _theme(dest: Path, name: str, logo: str) -> Path:
    path = dest / "links" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"sidebar": {"logo": logo, "backgroundColor": "#ffffff"}}), encoding="utf-8")
    return path


def cases(dest: Path) -> list[Case]:
    out = []
    for name, link, says in (
            ("link-empty", "", NOT_A_LINK),
            ("link-blank", "   ", NOT_A_LINK),
            ("link-no-token", "flatspace://open?space={space}&token=", NOT_A_LINK),
            ("link-other-scheme", f"https://open?space={{space}}&token={TOKEN}", NOT_A_LINK),
            ("link-space-path", f"flatspace://open?space=../../etc&token={TOKEN}", "not on this computer"),
            ("link-unknown-token", f"flatspace://open?space={{space}}&token={TOKEN}", "not valid"),
            # Bytes that are not UTF-8 arrive as lone surrogates, which no hash can encode
            ("link-token-bytes", "flatspace://open?space={space}&token=" + "\udcff" * 32, "not valid"),
            ("link-huge", "flatspace://open?space={space}&token=" + "A" * 100_000, "not valid")):
        out.append(Case(name, ["--link", link, "records", "{space}", "people"], 5, says))
    # After the command, as a script might put it: the same refusal
    out.append(Case("link-empty-after-command", ["counts", "{space}", "people", "--link", ""], 5, NOT_A_LINK))
    for name, logo in (("theme-logo-traversal", "blob:../../../../etc/passwd"),
                       ("theme-logo-absolute", "blob:/etc/passwd"),
                       ("theme-logo-not-a-hash", "blob:" + "g" * 64),
                       ("theme-logo-nul", "blob:" + "0" * 64 + "\0")):
        out.append(Case(name, ["theme", "set", "{space}", "{file}"], 1, "sidebar.logo",
                        _theme(dest, f"{name}.json", logo)))
    out.append(Case("theme-logo-web-address", ["theme", "set", "{space}", "{file}"], 0, "",
                    _theme(dest, "theme-logo-web-address.json", "https://example.com/logo.png")))
    return out
