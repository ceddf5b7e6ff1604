"""Render the app icon's PNG sizes from ``resources/icons/clearterms.svg``.

Writes the freedesktop ``hicolor`` layout that the ``.desktop`` file, the bundle's
install script and the window all use::

    resources/icons/hicolor/<n>x<n>/apps/org.clearterms.ClearTerms.png
    resources/icons/hicolor/scalable/apps/org.clearterms.ClearTerms.svg

Run it again after editing the SVG and commit the result::

    .venv/bin/python packaging/make_icons.py

It renders with Qt's own SVG renderer on the offscreen platform, so it needs no
display and no extra tools.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script from anywhere: find desktop.appinfo

from desktop.appinfo import ICON_NAME  # noqa: E402

SOURCE = REPO / "resources" / "icons" / "clearterms.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render_icons(source: Path, hicolor: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Render ``source`` at every size into ``hicolor``; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {source} is not a valid SVG")
    written: list[Path] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"make_icons: could not write {target}")
        written.append(target)
    scalable = hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    written.append(scalable)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the SVG to render")
    parser.add_argument(
        "--out", type=Path, default=SOURCE.parent / "hicolor", help="the hicolor folder to write into"
    )
    args = parser.parse_args(argv)
    for path in render_icons(args.source, args.out):
        print(path.relative_to(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
