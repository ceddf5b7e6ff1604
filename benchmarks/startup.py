"""Time from process start to the main window shown (target ≤ 1.5 s, DESIGN.md §8), and
to the first run's sample analysed with its flags listed (reported, no target).

Each run is a fresh ``python`` process that builds the application exactly as
``desktop.gui.app.run_app`` does, shows the main window and, on the first event-loop
pass after ``show()``, prints the wall-clock time and which heavy modules were loaded.
The parent measures from just before it starts the process, so interpreter start-up is
included. Runs use the offscreen platform by default (``--platform xcb`` under Xvfb
creates a real X window), a throw-away settings folder and consent database (nothing
of the real user's is touched). Baselines: a bare interpreter and a
bare ``import PySide6.QtWidgets``.

    .venv/bin/python -m benchmarks.startup [--runs 7]
    xvfb-run -a .venv/bin/python -m benchmarks.startup --platform xcb
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks._common import REPO, write_results

TARGET_S = 1.5

WINDOW = """
import json, sys, time
from PySide6.QtCore import QTimer
from desktop.gui.app import create_application
app = create_application([])
from desktop.gui.main_window import MainWindow
window = MainWindow()
window.show()
def shown():
    heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "alembic", "terms.parsing", "terms.flagging")
                   if m in sys.modules)
    print(json.dumps({"t": time.time(), "heavy": heavy}))
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

# A real first run: fresh settings, the bundled sample opened, parsed and flagged on a
# worker, and its flags listed; timed when the list is filled (informational, no target).
FIRST_RUN = """
import json, os, sys, tempfile, time
from PySide6.QtCore import QSettings, QTimer
from desktop.gui.app import create_application
app = create_application([])
from desktop.gui.main_window import MainWindow
settings = QSettings(os.path.join(tempfile.mkdtemp(), "settings.ini"), QSettings.Format.IniFormat)
window = MainWindow(settings)
window.show()
window.start([])
def poll():
    if window.current is not None and window.document_view.flag_list.topLevelItemCount():
        print(json.dumps({"t": time.time(), "heavy": []}))
        app.quit()
timer = QTimer(interval=5)
timer.timeout.connect(poll)
timer.start()
app.exec()
"""

BASELINES = {
    "python -c pass": "import json, time; print(json.dumps({'t': time.time(), 'heavy': []}))",
    "import PySide6.QtWidgets": "import json, time, PySide6.QtWidgets; print(json.dumps({'t': time.time(), "
                                "'heavy': []}))",
}


def _run(code: str, env: dict[str, str]) -> tuple[float, list[str]]:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                         check=True, timeout=60).stdout
    line = [ln for ln in out.splitlines() if ln.startswith("{")][-1]
    data = json.loads(line)
    return data["t"] - start, data["heavy"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default="offscreen",
                        help="Qt platform plugin; 'xcb' under xvfb-run measures real window creation")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": args.platform, "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp,
               "CLEARTERMS_DB": os.path.join(tmp, "consent.sqlite3")}
        cases = {**BASELINES, "ClearTerms main window shown": WINDOW,
                 "first run: sample analysed and listed": FIRST_RUN}
        results = {}
        heavy: list[str] = []
        for name, code in cases.items():
            _run(code, env)  # warm the page cache; not counted
            times = []
            for _ in range(args.runs):
                elapsed, loaded = _run(code, env)
                times.append(elapsed)
                heavy = loaded if code is WINDOW else heavy
            results[name] = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times)}
    print(f"{'case':40} {'median':>8} {'min':>8} {'max':>8}   (seconds, {args.runs} runs each)")
    for name, r in results.items():
        print(f"{name:40} {r['median_s']:8.3f} {r['min_s']:8.3f} {r['max_s']:8.3f}")
    window = results["ClearTerms main window shown"]
    ok = window["median_s"] <= TARGET_S
    print(f"\ntarget ≤ {TARGET_S} s: {'met' if ok else 'NOT met'}; heavy modules loaded before the window "
          f"was shown: {', '.join(heavy) or 'none'}")
    path = write_results("startup", {"runs": args.runs, "target_s": TARGET_S, "target_met": ok,
                                     "heavy_modules_at_show": heavy, "cases": results,
                                     "platform": args.platform, "load_average": os.getloadavg()})
    print(f"wrote {path.relative_to(REPO)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
