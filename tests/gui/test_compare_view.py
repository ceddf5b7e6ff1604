"""Compare: pick two versions, see aligned clauses with word highlights and flag deltas, export."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import SAMPLE, build_analysed


def _two_versions(tmp_path: Path):
    v1_path = tmp_path / "v1.txt"
    v1_path.write_text(SAMPLE, encoding="utf-8")
    text2 = SAMPLE.replace("read and search", "read, search and download").replace(
        "2.1 You may opt out of client access in your account settings.\n", "")
    v2_path = tmp_path / "v2.txt"
    v2_path.write_text(text2, encoding="utf-8")
    return build_analysed(SAMPLE, v1_path), build_analysed(text2, v2_path)


def test_compare_two_versions_and_export(window, qtbot, tmp_path: Path) -> None:
    v1, v2 = _two_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    view = window.compare_view
    window.tabs.setCurrentWidget(view)
    # the open version and the one before it are preselected
    assert view.old_combo.currentData() == str(v1.path)
    assert view.new_combo.currentData() == str(v2.path)
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    page = view.page.toPlainText()
    assert "download" in page and "What changed in the flags" in page
    assert "opt out" in page  # the removed clause is shown
    assert any(d.category == "rights.choice" for d in view.result.comparison.flag_deltas)
    assert "unchanged" not in page.split("Newer", 1)[1]  # only changes by default
    assert "1.2" not in page.split("Newer", 1)[1]
    view.only_changes.setChecked(False)
    qtbot.waitUntil(lambda: "You grant us" in view.page.toPlainText().split("Newer", 1)[1], timeout=15000)

    out = tmp_path / "report.html"
    view.export(out, "html")
    qtbot.waitUntil(out.exists, timeout=15000)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "download" in html
    out_json = tmp_path / "report.json"
    view.export(out_json, "json")
    qtbot.waitUntil(out_json.exists, timeout=15000)
    import json

    assert json.loads(out_json.read_text(encoding="utf-8"))["entries"]


def test_rows_name_their_clauses(window, qtbot, tmp_path: Path) -> None:
    v1, v2 = _two_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    view = window.compare_view
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    rows = view.page.toPlainText().split("Newer", 1)[1]
    assert "§1.1" in rows  # the reworded clause, by its number
    assert "§2.1" in rows  # the removed one


def test_details_pane_gives_its_width_to_compare_and_consent(window) -> None:
    for view, shown in ((window.compare_view, False), (window.consent_view, False),
                        (window.summary_view, True), (window.document_view, True)):
        window.tabs.setCurrentWidget(view)
        assert window.details.isVisible() is shown


def test_a_long_comparison_reaches_the_page_in_small_steps(window, qtbot, tmp_path: Path) -> None:
    """Hundreds of changed clauses: the first rows show at once, the rest follow a chunk per
    event-loop pass (no pass parses more than CHUNK_CHARS of HTML), and all of them arrive."""
    from desktop.gui.views import compare_view

    def version(word: str) -> str:
        return "Long Terms\n\n" + "\n".join(f"{i}. Members {word} their posts in room {i} of the forum."
                                              for i in range(1, 401)) + "\n"

    paths = []
    for name, word in (("long-v1.txt", "may share"), ("long-v2.txt", "must never share")):
        path = tmp_path / name
        path.write_text(version(word), encoding="utf-8")
        paths.append(path)
        window._file_opened(build_analysed(version(word), path))
    view = window.compare_view
    view.choose(str(paths[0]), str(paths[1]))
    inserted: list[int] = []
    original = compare_view.CompareView._take_chunk
    view._take_chunk = lambda: (html := original(view), inserted.append(len(html)))[0]
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=30000)
    assert not view.complete  # the rest is still to come
    qtbot.waitUntil(lambda: view.complete, timeout=30000)
    page = view.page.toPlainText()
    assert "room 400 of the forum" in page and page.count("must never share") == 400
    assert len(inserted) > 5
    assert max(inserted) <= compare_view.CHUNK_CHARS + 2000  # a chunk overshoots by at most one row
