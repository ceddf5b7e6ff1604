"""Screenshots of every main view, for docs/screenshots/ (run under a real X server).

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m desktop.gui.screenshots docs/screenshots [--data ../shared/data]

Uses a throw-away settings file and consent database, so the first shot is a real first
run: the bundled sample, analysed, under the welcome banner. The re-review view opens the
sample's later version (``physician-community-terms-2026-09.md``, also bundled), as a user
would. The compare view shows two real versions from ``ota_versions`` when the shared data is
there, else the two versions of the sample.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from desktop.appinfo import FIRST_RUN_SAMPLE, LATER_SAMPLE
from desktop.gui.theme import apply_theme, every_severity_colour

# a version that changes clauses, flags and promises (the 30-day notice of changes dropped)
COMPARE_SERIES, COMPARE_NEWER = "instagram/terms-of-service", "2026-06-03T12-43-32Z"
MAX_BYTES = 300_000


def wait(app: QApplication, until: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()


def palette_of(image: QImage) -> list[int]:
    """256 colours for ``image``: first every severity colour of both palettes (a few hundred
    pixels of red text must not lose their hue to the nearest grey), then the most frequent
    colours, one per 4-bit-per-channel bucket so that anti-aliasing ramps do not crowd out
    the flat fills. Backgrounds, tints and text keep their exact colours."""
    reserved = [c.rgb() for c in every_severity_colour()]
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    counts = Counter(array("I", bytes(rgb.constBits())))
    buckets: dict[int, tuple[int, int]] = {}   # bucket -> (pixels in it, its most frequent colour)
    for colour, n in counts.most_common():
        key = colour & 0xF0F0F0
        total, best = buckets.get(key, (0, colour))
        buckets[key] = (total + n, best)
    frequent = [best for _, best in sorted(buckets.values(), reverse=True)]
    palette = list(dict.fromkeys(c | 0xFF000000 for c in reserved + frequent))
    return palette[:256]


def save(widget: QWidget, out: Path, name: str) -> None:
    """Save a PNG; above ``MAX_BYTES`` it is saved again with a 256-colour palette."""
    path = out / f"{name}.png"
    image = widget.grab().toImage()
    image.save(str(path))
    if path.stat().st_size > MAX_BYTES:
        indexed = image.convertToFormat(QImage.Format.Format_Indexed8, palette_of(image),
                                        Qt.ImageConversionFlag.AvoidDither)
        indexed.save(str(path))
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save screenshots of the main views.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "data")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from desktop.gui.app import create_application
    from desktop.gui.main_window import MainWindow
    from terms.resources import resource_path

    tmp = Path(tempfile.mkdtemp(prefix="clearterms-shots-"))
    app = create_application([])
    apply_theme(app, "light")
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, store_url=str(tmp / "consent.sqlite3"))
    window.resize(1400, 860)
    window.show()
    idle = lambda: not window.runner.busy and not window.consent_service.runner.busy  # noqa: E731

    sample = resource_path("samples", FIRST_RUN_SAMPLE)
    window.start([])  # first run: the sample, analysed, under the welcome banner
    wait(app, lambda: window.current is not None and idle()
         and window.document_view.flag_list.topLevelItemCount() > 0)
    concern = next(i for i, f in enumerate(window.document_view.visible_flags())
                   if f.category == "data.client-access")
    window.document_view.select_flag(concern)
    wait(app, idle)
    save(window, args.out, "first-run")
    window.banner.hide()

    window.tabs.setCurrentWidget(window.summary_view)
    wait(app, idle)
    save(window, args.out, "summary")

    window.tabs.setCurrentWidget(window.consent_view)
    wait(app, lambda: window.consent_view.picture is not None and idle())
    window.consent_view.add_member("Dr. A. Lee")
    wait(app, lambda: window.consent_view.picture.member == "Dr. A. Lee" and idle())
    cards = window.consent_view.cards
    for topic, status in (("client-access", "given"), ("content-use", "refused"), ("content-mining", "given"),
                          ("targeted-advertising", "refused")):
        cards[topic].stage(status)
    window.consent_view.record_staged()
    wait(app, lambda: not window.consent_view.has_unsaved() and idle())
    cards["tracking"].stage("refused")  # chosen, not recorded yet: shown in view
    window.consent_view.findChild(QScrollArea).ensureWidgetVisible(cards["tracking"])
    wait(app, idle)
    save(window, args.out, "consent")
    window.consent_view.discard_staged()

    v2 = resource_path("samples", LATER_SAMPLE)
    window.open_paths([v2])
    wait(app, lambda: window.current is not None and window.current.path == v2 and idle())
    window.tabs.setCurrentWidget(window.consent_view)
    wait(app, lambda: window.consent_view.picture is not None and idle())
    save(window, args.out, "consent-re-review")

    series = args.data / "ota_versions" / COMPARE_SERIES
    versions = sorted(series.glob("*.md")) if series.is_dir() else []
    newer = [i for i, path in enumerate(versions) if path.stem == COMPARE_NEWER]
    versions = versions[newer[0] - 1:newer[0] + 1] if newer and newer[0] > 0 else []
    if len(versions) == 2:
        window.open_paths(versions)
        wait(app, lambda: len(window.library) >= 4 and idle())
        window.compare_view.set_library(window.library, None)
        window.compare_view.choose(str(versions[0]), str(versions[1]))
    else:
        window.compare_view.set_library(window.library, window.current_entry())
        window.compare_view.choose(str(sample), str(v2))
    window.tabs.setCurrentWidget(window.compare_view)
    window.compare_view.run()
    wait(app, lambda: window.compare_view.result is not None and window.compare_view.complete and idle())
    save(window, args.out, "compare")

    export = window.show_export()
    wait(app, idle)
    save(export, args.out, "export-dialog")
    export.close()
    packs = window.show_rule_packs()
    wait(app, lambda: "Checking" not in packs.messages.toPlainText())
    save(packs, args.out, "rule-packs-dialog")
    packs.close()
    about = window.show_about()
    save(about, args.out, "about-dialog")
    about.close()

    window.show_analysed(window._cache[str(sample)])
    window.tabs.setCurrentWidget(window.document_view)
    window.apply_theme("dark")
    window.document_view.select_flag(concern)
    wait(app, idle)
    save(window, args.out, "document-dark")
    window.tabs.setCurrentWidget(window.summary_view)
    wait(app, idle)
    save(window, args.out, "summary-dark")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
