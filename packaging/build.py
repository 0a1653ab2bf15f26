"""Builds the bundle for this system with PyInstaller (python packaging/build.py [--smoke]).

Linux: dist/flatspace/ holds the program, and share/ the .desktop file, AppStream metainfo, MIME
type and icons, laid out for /usr or ~/.local (install.sh copies them there).
--smoke runs the frozen program: --version, then opens and closes its window offscreen on a
fresh data root. Set FLATSPACE_SKIP_BUNDLE=1 to skip all of this (for quick local CI runs)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "flatspace"


def build() -> None:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "packaging" / "flatspace.spec")], cwd=ROOT, check=True)
    if sys.platform.startswith("linux"):
        share = DIST / "share"
        linux = ROOT / "packaging" / "linux"
        (share / "applications").mkdir(parents=True, exist_ok=True)
        (share / "metainfo").mkdir(parents=True, exist_ok=True)
        (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
        shutil.copy(linux / "io.flatspace.Flatspace.desktop", share / "applications")
        shutil.copy(linux / "io.flatspace.Flatspace.metainfo.xml", share / "metainfo")
        shutil.copy(linux / "io.flatspace.Flatspace.xml", share / "mime" / "packages")
        for png in (ROOT / "resources" / "icons" / "app").glob("flatspace-*.png"):
            size = png.stem.split("-")[1]
            target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(png, target / "io.flatspace.Flatspace.png")
        shutil.copy(linux / "install.sh", DIST / "install.sh")


def smoke() -> None:
    exe = DIST / ("flatspace.exe" if sys.platform == "win32" else "flatspace")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip().startswith("flatspace "), out.stdout
    home = tempfile.mkdtemp(prefix="flatspace-smoke-")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FLATSPACE_QUIT_AFTER_MS": "1500"}
    run = subprocess.run([str(exe), "--data-dir", home], env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    made = subprocess.run([str(exe), "--data-dir", home, "--json", "space", "create", "Smoke"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0 and '"Smoke"' in made.stdout, made.stderr[-2000:]
    shutil.rmtree(home, ignore_errors=True)
    print(f"smoke test passed: {out.stdout.strip()}; window opened and closed; a Space was created")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="run the frozen program after building")
    args = parser.parse_args()
    if os.environ.get("FLATSPACE_SKIP_BUNDLE") == "1":
        print("FLATSPACE_SKIP_BUNDLE=1: bundle not built")
        return
    build()
    print(f"bundle: {DIST}")
    if args.smoke:
        smoke()


if __name__ == "__main__":
    main()
