"""The desktop integration files are valid, and the spec and installer name what the app needs."""

import shutil
import subprocess

import pytest

from support import ROOT

LINUX = ROOT / "packaging" / "linux"


def test_desktop_file_passes_desktop_file_validate():
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (CI installs desktop-file-utils)")
    result = subprocess.run([tool, str(LINUX / "io.flatspace.Flatspace.desktop")], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_desktop_file_handles_links_and_data_files():
    text = (LINUX / "io.flatspace.Flatspace.desktop").read_text()
    assert "Exec=flatspace %U" in text
    for mime in ("x-scheme-handler/flatspace", "text/csv", "text/tab-separated-values", "application/json",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-flatspace"):
        assert mime in text


def test_metainfo_validates():
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (CI installs appstream)")
    result = subprocess.run([tool, "validate", "--no-net", str(LINUX / "io.flatspace.Flatspace.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_exist_in_the_standard_sizes():
    app = ROOT / "resources" / "icons" / "app"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (app / f"flatspace-{size}.png").stat().st_size > 0
    assert (app / "flatspace.ico").exists() and (app / "flatspace.icns").exists()


def test_spec_and_installer_register_the_scheme_and_file_types():
    spec = (ROOT / "packaging" / "flatspace.spec").read_text()
    assert "CFBundleURLSchemes" in spec and '"flatspace"' in spec and "CFBundleDocumentTypes" in spec
    iss = (ROOT / "packaging" / "windows" / "flatspace.iss").read_text()
    assert "URL Protocol" in iss and all(ext in iss for ext in (".csv", ".tsv", ".xlsx", ".json", ".flatspace"))


def test_every_package_of_the_source_is_one_an_installation_gets():
    """pyproject lists its packages: one left out installs without it, and the window then fails
    to open where the tests (run from the source) passed (found by the CI's ui-smoke)."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    source = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "flatspace_desktop").rglob("__init__.py")
              if "__pycache__" not in p.parts}
    assert source - listed == set()
