"""Compare view: pickers that lead with the version, progress and Cancel, headline from the core."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import desktop.gui.views.compare_view as compare_view
from desktop.gui.library import Library, LibraryEntry
from desktop.gui.workers import CancelToken


def _library() -> Library:
    return Library([
        LibraryEntry("/d/snap/2024-01-01.md", "Snapchat", "Snapchat Privacy Policy", "2024-01-01", "a"),
        LibraryEntry("/d/snap/2024-11-19.md", "Snapchat", "Snapchat Privacy Policy", "2024-11-19", "b"),
        LibraryEntry("/d/other/terms.md", "Caducea", "Terms of Membership", "2025-03-02", "c"),
    ])


def test_pickers_lead_with_the_version_under_service_headings(window) -> None:
    view = window.compare_view
    library = _library()
    view.set_library(library, library.get("/d/snap/2024-11-19.md"))
    combo = view.new_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == ["Caducea", "2025-03-02 — Terms of Membership",
                     "Snapchat", "2024-01-01 — Privacy Policy", "2024-11-19 — Privacy Policy"]
    assert combo.currentText() == "2024-11-19 — Privacy Policy"
    assert view.old_combo.currentText() == "2024-01-01 — Privacy Policy"
    heading = combo.model().item(0)
    assert not heading.isEnabled() and combo.itemData(0) is None  # a heading, not a choice
    assert "Snapchat › Snapchat Privacy Policy — 2024-11-19" in combo.itemData(4, 3)  # tooltip role


def test_comparison_shows_progress_and_can_be_cancelled(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    def slow_job(old, new, only, colours, token: CancelToken, packs=None):
        token.progress(0, 3, "reading")
        while True:  # stands for reading a large PDF: ends only when cancelled
            token.check()
            time.sleep(0.01)

    monkeypatch.setattr(compare_view, "compare_job", slow_job)
    view = window.compare_view
    library = _library()
    view.set_library(library, library.get("/d/snap/2024-11-19.md"))
    view.run()
    assert view.progress_bar.isVisibleTo(view) and view.cancel_button.isVisibleTo(view)
    assert not view.compare_button.isEnabled()
    qtbot.waitUntil(lambda: view.status.text() == "Reading the versions…", timeout=5000)
    view.cancel_button.click()
    qtbot.waitUntil(lambda: view.compare_button.isEnabled(), timeout=5000)
    assert not view.progress_bar.isVisibleTo(view) and not view.cancel_button.isVisibleTo(view)
    assert view.status.text() == "Comparison cancelled."


def test_headline_counts_what_the_core_says() -> None:
    from terms.compare import DeltaKind

    def delta(effect: str, kind: DeltaKind = DeltaKind.APPEARS) -> SimpleNamespace:
        read_again = kind is DeltaKind.REWORDED and effect == "neutral"
        return SimpleNamespace(effect=effect, kind=kind, read_again=read_again)

    deltas = [delta("worse"), delta("better"), delta("better"), delta("neutral")]
    assert compare_view.flag_changes(deltas) == "4 flag changes: 1 worse for you, 2 better, 1 neutral"
    assert compare_view.flag_changes([]) == "0 flag changes"
    # a concern only reworded is no flag change: counted apart
    reworded = [*deltas, delta("neutral", DeltaKind.REWORDED), delta("neutral", DeltaKind.REWORDED)]
    assert compare_view.flag_changes(reworded) == ("4 flag changes: 1 worse for you, 2 better, 1 neutral; "
                                                   "also 2 concerns reworded, to read again")
    # ... unless a figure in it moved against the reader (a lower liability cap): then it is a change
    capped = [*deltas, delta("worse", DeltaKind.REWORDED)]
    assert compare_view.flag_changes(capped) == "5 flag changes: 2 worse for you, 2 better, 1 neutral"


def test_long_headings_are_cut_between_words() -> None:
    clause = SimpleNamespace(number=None, heading="Confidentialité des données personnelles et sécurité "
                             "des informations", heading_path=())
    document = SimpleNamespace(clause=lambda _id: clause)
    entry = SimpleNamespace(old_ids=("a",), new_ids=("a",))
    where = compare_view._where(SimpleNamespace(old=document, new=document), entry)
    assert where == "Confidentialité des données…"  # not "…personnelle…"


def test_versions_with_the_same_date_are_told_apart(window) -> None:
    library = Library([
        LibraryEntry("/d/tt/2020-07-29T13-32-39Z.md", "TikTok", "Privacy Policy", "2020-07-01", "a"),
        LibraryEntry("/d/tt/2020-07-30T09-30-21Z.md", "TikTok", "Privacy Policy", "2020-07-01", "b"),
        LibraryEntry("/d/tt/2021-11-02T06-47-12Z.md", "TikTok", "Privacy Policy", "2021-10-05", "c"),
    ])
    window.compare_view.set_library(library, None)
    combo = window.compare_view.old_combo
    assert combo.currentIndex() == 1  # nothing open: the first version is chosen, not its heading
    assert [combo.itemText(i) for i in range(1, combo.count())] == [
        "2020-07-01 (2020-07-29T13-32-39Z.md) — Privacy Policy",
        "2020-07-01 (2020-07-30T09-30-21Z.md) — Privacy Policy",
        "2021-10-05 — Privacy Policy"]
    window.library_view.set_library(library)
    document = window.library_view.topLevelItem(0).child(0)
    assert [document.child(i).text(0) for i in range(3)] == [  # the paths are made up: no file there
        "2020-07-01 (2020-07-29T13-32-39Z.md) (file missing)",
        "2020-07-01 (2020-07-30T09-30-21Z.md) (file missing)", "2021-10-05 (file missing)"]


def test_one_version_picked_twice_is_not_compared(window) -> None:
    view = window.compare_view
    library = _library()
    view.set_library(library, library.get("/d/snap/2024-11-19.md"))
    view.choose("/d/snap/2024-11-19.md", "/d/snap/2024-11-19.md")
    view.run()
    assert view.status.text() == "That is one version twice: choose another as Older or Newer."
    assert view.result is None
