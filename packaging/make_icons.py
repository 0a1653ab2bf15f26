"""Renders resources/icons/flatspace.svg to the icon files each system wants:
PNGs in the hicolor sizes (Linux), an .ico (Windows) and an .icns (macOS).
Run: python packaging/make_icons.py  (the results are kept in resources/icons/app/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(QByteArray((ROOT / "resources/icons/flatspace.svg").read_bytes()))
    out = ROOT / "resources/icons/app"
    out.mkdir(parents=True, exist_ok=True)
    images = {}
    for size in SIZES:
        img = QImage(size, size, QImage.Format_ARGB32)
        img.fill(Qt.transparent)
        painter = QPainter(img)
        renderer.render(painter)
        painter.end()
        img.save(str(out / f"flatspace-{size}.png"))
        images[size] = img
    images[256].save(str(out / "flatspace.ico"))
    images[512].save(str(out / "flatspace.icns"))
    print(f"icons written to {out}")


if __name__ == "__main__":
    main()
