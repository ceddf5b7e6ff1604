"""Compare: pick two versions, see aligned clauses with word highlights and flag deltas, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument

from tests.gui.conftest import SAMPLE, build_analysed


def _two_versions(tmp_path: Path):
    v1_path = tmp_path / "v1.txt"
    v1_path.write_text(SAMPLE, encoding="utf-8")
    text2 = SAMPLE.replace("read and search", "read, search and download").replace(
        "2.1 You may opt out of client access in your account settings.\n", "")
    v2_path = tmp_path / "v2.txt"
    v2_path.write_text(text2, encoding="utf-8")
    return build_analysed(SAMPLE, v1_path), build_analysed(text2, v2_path)


def _open_versions(window, tmp_path: Path, texts: dict[str, str]) -> list[Path]:
    """Each text written to a file of its name and opened in the window, as the app opens one."""
    paths = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        window._file_opened(build_analysed(text, path))
    return paths


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
    assert "unchanged" not in page.split("of the text changed.", 1)[1]  # only changes by default
    # which is which comes first
    assert page.index("Older: ") < page.index("Newer: ") < page.index("What changed in the flags")
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


def _effects_versions(tmp_path: Path):
    """v2 loses the opt-out (a protection) and the licence (a concern), gains a sale of
    e-mail addresses (a concern) and a second opt-out (a protection)."""
    v1_path = tmp_path / "effects-v1.txt"
    v1_path.write_text(SAMPLE, encoding="utf-8")
    text2 = (SAMPLE.replace("2.1 You may opt out of client access in your account settings.\n", "")
             .replace("a perpetual, irrevocable licence to use any idea you post for any purpose",
                      "permission to show your ideas to other members")
             + "\n3. Offers\n3.1 We sell your email address to advertisers.\n"
               "3.2 You may opt out of newsletters at any time.\n")
    v2_path = tmp_path / "effects-v2.txt"
    v2_path.write_text(text2, encoding="utf-8")
    return build_analysed(SAMPLE, v1_path), build_analysed(text2, v2_path)


def _delta_lines(page: str) -> dict[str, str]:
    """Each flag-change line of the page, by the category phrase in its headline."""
    lines = page.split("What changed in the flags", 1)[1].split("clauses:", 1)[0].splitlines()
    return {line.split(":", 1)[1].strip(): line.split(":", 1)[0].strip() for line in lines if ":" in line}


def test_flag_changes_are_labelled_and_coloured_by_their_effect_on_the_reader(window, qtbot,
                                                                             tmp_path: Path) -> None:
    """A removed protection is bad news and a removed concern good news, whatever the old severity."""
    from desktop.gui.theme import severity_colours
    from terms.model import Severity

    v1, v2 = _effects_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    view = window.compare_view
    view.choose(str(v1.path), str(v2.path))
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    lines = _delta_lines(view.page.toPlainText())
    by_start = {headline.split(" in ")[0]: label for headline, label in lines.items()}
    assert by_start["Removes the opt-out or other choice"] == "Worse for you"
    assert by_start["Removes the broad licence over your content and ideas"] == "Better for you"
    assert by_start["Adds another data-sale provision"] == "Worse for you"
    assert by_start["Adds another opt-out or other choice"] == "Better for you"
    page = view.page.toPlainText()
    assert "Protects you:" not in page and "Concern:" not in page
    assert page.count("(protection removed)") == 1 and page.count("(concern removed)") == 1
    assert page.count("(concern added)") == 1 and page.count("(protection added)") == 1

    head = view.result.pieces[0]
    red, green = (severity_colours(s).text.name() for s in (Severity.CONCERN, Severity.PROTECTIVE))
    assert f'<b style="color:{red}">Worse for you:</b> Removes the opt-out' in head
    assert f'<b style="color:{green}">Better for you:</b> Removes the broad licence' in head
    assert view.status.text().endswith("4 flag changes: 2 worse for you, 2 better")


def test_every_kind_of_delta_has_the_right_effect() -> None:
    """Appearing, disappearing and changing severity, from and to every severity."""
    from desktop.gui.views.compare_view import (
        BETTER,
        NEUTRAL,
        WORSE,
        WORSE_MILD,
        effect_colour_key,
        flag_changes,
        reader_effect,
    )
    from terms.compare.model import DeltaKind, FlagDelta
    from terms.model import Severity

    def delta(old: Severity | None, new: Severity | None) -> FlagDelta:
        kind = (DeltaKind.APPEARS if old is None else DeltaKind.DISAPPEARS if new is None
                else DeltaKind.SEVERITY)
        return FlagDelta(kind, "data.sale", old, new, ("1",), ("1",), "headline", False)

    concern, caution, info, protective = Severity  # worst first
    expected = {
        (None, concern): WORSE, (None, caution): WORSE_MILD,
        (None, info): NEUTRAL, (None, protective): BETTER,
        (concern, None): BETTER, (caution, None): BETTER, (info, None): NEUTRAL, (protective, None): WORSE,
        (caution, concern): WORSE, (info, caution): WORSE_MILD, (protective, info): WORSE,
        (protective, caution): WORSE, (concern, caution): BETTER, (caution, info): BETTER,
        (info, protective): BETTER, (concern, protective): BETTER,
    }
    for (old, new), key in expected.items():
        assert effect_colour_key(delta(old, new)) == key, (old, new)
        assert reader_effect(delta(old, new)) == (WORSE if key == WORSE_MILD else key), (old, new)
    assert flag_changes([delta(None, concern), delta(concern, None), delta(None, info)]) \
        == "3 flag changes: 1 worse for you, 1 better, 1 neutral"
    assert flag_changes([delta(None, protective)]) == "1 flag change: 1 better"
    assert flag_changes([]) == "0 flag changes"


def test_two_different_documents_are_compared_with_a_warning(window, qtbot, tmp_path: Path) -> None:
    from terms.resources import resource_path

    one = build_analysed(SAMPLE, tmp_path / "members.txt")
    other_text = resource_path("samples", "health-app-privacy.md").read_text(encoding="utf-8")
    other = build_analysed(other_text, tmp_path / "privacy.md")
    window._file_opened(one)
    window._file_opened(other)
    view = window.compare_view
    view.choose(str(one.path), str(other.path))
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    assert "Warning: these may be different documents" in view.page.toPlainText()
    v1, v2 = _two_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    view.choose(str(v1.path), str(v2.path))
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.result is not None and view.result.new is v2, timeout=15000)
    assert "different documents" not in view.page.toPlainText()


def test_the_page_lists_a_hundred_flag_changes_and_counts_the_rest(window) -> None:
    from desktop.gui.views.compare_view import MAX_DELTAS_SHOWN, comparison_html
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    old = analyze(parse_text("# Terms\n\nWe keep your account safe.\n"))
    many = "".join(f"# Part {i}\n\nWe sell your personal data to data brokers {i}.\n\n" for i in range(150))
    new = analyze(parse_text("# Terms\n\nWe keep your account safe.\n\n" + many))
    comparison = compare_analyses(old, new)
    assert len(comparison.flag_deltas) > MAX_DELTAS_SHOWN
    head = comparison_html(comparison, True, window.compare_view._colours())[0]
    assert head.count("<li>") == MAX_DELTAS_SHOWN
    assert f"and {len(comparison.flag_deltas) - MAX_DELTAS_SHOWN:,} more flag changes" in head


def _format_of(document: QTextDocument, word: str) -> QTextCharFormat:
    found = document.find(word)
    assert not found.isNull(), word
    return found.charFormat()


def test_word_changes_are_marked_by_a_line_as_well_as_a_colour(window, qtbot, tmp_path: Path) -> None:
    """Deleted words are struck through and inserted ones underlined, so colour is not the only
    sign of which is which; unchanged words have neither."""
    v1, v2 = _two_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    view = window.compare_view
    view.choose(str(v1.path), str(v2.path))
    view.run()
    qtbot.waitUntil(lambda: view.result is not None and view.complete, timeout=15000)
    document = view.page.document()
    inserted = _format_of(document, "download")
    assert inserted.fontUnderline() and not inserted.fontStrikeOut()
    assert inserted.background().color().name() == view._colours().inserted
    deleted = _format_of(document, "You may opt out of client access")
    assert deleted.fontStrikeOut() and not deleted.fontUnderline()
    unchanged = _format_of(document, "Clients of the Company")
    assert not unchanged.fontUnderline() and not unchanged.fontStrikeOut()


def test_flag_change_labels_are_readable_on_the_page(window) -> None:
    """Every effect colour is used as text on the page's background: 4.5:1 at least."""
    from desktop.gui.theme import contrast_ratio

    view = window.compare_view
    base = view.page.palette().base().color()
    for key, colour in view._colours().effect.items():
        assert contrast_ratio(QColor(colour), base) >= 4.5, (key, colour)


def test_a_moved_provision_is_called_moved_and_a_tiny_change_is_not_zero() -> None:
    from types import SimpleNamespace

    from desktop.gui.views.compare_view import _severity_note
    from terms.compare import DeltaKind
    from terms.compare.report import share_text, shown_similarity
    from terms.model import Severity

    moved = SimpleNamespace(kind=DeltaKind.MOVED, severity=Severity.PROTECTIVE)
    assert "moved" in _severity_note(moved) and "removed" not in _severity_note(moved)
    counts = SimpleNamespace(share_changed=0.0001, changed_chars=3, total_chars=23_000)
    assert share_text(counts) == "<0.1%"
    assert shown_similarity(0.9998) < 1.0


def test_a_weakened_promise_is_listed_under_the_flag_changes(window, qtbot, tmp_path: Path) -> None:
    """No flag changes when "at least 30 days" goes from a notice promise, but the page says so,
    in the colour of bad news, and the status line counts it."""
    from desktop.gui.theme import severity_colours
    from terms.model import Severity

    notice = SAMPLE + "\n4. Notices\n4.1 We will notify you{} before these terms change.\n"
    paths = _open_versions(window, tmp_path, {"notice-v1.txt": notice.format(" at least 30 days"),
                                              "notice-v2.txt": notice.format("")})
    view = window.compare_view
    view.choose(str(paths[0]), str(paths[1]))
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    page = view.page.toPlainText()
    assert "What changed in the promises to you" in page
    assert "Worse for you: Weakens a promise in §4.1: no longer says “at least 30 days”" in page
    assert "“We will notify you before these terms change.”" in page
    red = severity_colours(Severity.CONCERN).text.name()
    assert f'<b style="color:{red}">Worse for you:</b> Weakens a promise' in view.result.pieces[0]
    assert view.status.text() == "1 clause change, 0 flag changes, 1 promise weaker"


def test_a_huge_comparison_puts_a_limited_number_of_rows_on_the_page(window, qtbot, tmp_path: Path,
                                                                      monkeypatch) -> None:
    """Two 2 MB versions gave 8,300 rows, each chunk slower than the last: 14-23 s of a stuttering
    window after the status said done. The page stops at MAX_ROWS_SHOWN and says where the rest is;
    the bar shows the rows arriving until the last."""
    from desktop.gui.views import compare_view

    monkeypatch.setattr(compare_view, "MAX_ROWS_SHOWN", 120)
    monkeypatch.setattr(compare_view, "CHUNK_CHARS", 2_000)
    paths = _open_versions(window, tmp_path, {
        name: "Rows\n\n" + "\n".join(f"{i}. We {word} the posts of room {i}." for i in range(1, 301)) + "\n"
        for name, word in (("rows-v1.txt", "may keep"), ("rows-v2.txt", "must delete"))})
    view = window.compare_view
    view.choose(str(paths[0]), str(paths[1]))
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=30000)
    assert view.progress_bar.isVisibleTo(view) and not view.complete
    qtbot.waitUntil(lambda: view.complete, timeout=30000)
    assert not view.progress_bar.isVisibleTo(view)
    page = view.page.toPlainText()
    assert "room 119." in page and "room 250." not in page
    assert "… and 180 more clauses: Export report… lists them all." in page


def test_comparing_files_stops_inside_flagging_when_cancelled(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Flagging a long version takes seconds; Cancel (or closing the window) reached the comparison
    only between its steps."""
    import pytest

    from desktop.gui import engine
    from desktop.gui.views.compare_view import Palette, compare_job
    from desktop.gui.workers import Cancelled, CancelToken

    paths = []
    for name in ("a.txt", "b.txt"):
        path = tmp_path / name
        path.write_text(SAMPLE, encoding="utf-8")
        paths.append(path)
    token = CancelToken()
    read = engine.analyse_file
    flagged: list[int] = []

    def cancelled_while_reading(path, packs=None, progress=None):
        token.cancel()   # the reader pressed Cancel while this version was being flagged

        def counted(done: int, total: int) -> None:
            flagged.append(done)
            progress(done, total)

        return read(path, packs, counted)

    monkeypatch.setattr(engine, "analyse_file", cancelled_while_reading)
    colours = Palette("#fdd", "#dfd", "#ffd", "#000", {})
    with pytest.raises(Cancelled):
        compare_job(paths[0], paths[1], True, colours, token)
    assert flagged == [0]   # stopped at the first clauses of the first version


def _compared(old: Path, new: Path, packs: list[Path] | None = None):
    """``compare_job`` on two files, with plain colours."""
    import collections

    from desktop.gui.views.compare_view import Palette, compare_job
    from desktop.gui.workers import CancelToken

    colours = Palette("#fdd", "#dfd", "#ffd", "#000", collections.defaultdict(lambda: "#000"))
    return compare_job(old, new, True, colours, CancelToken(), packs)


def test_the_page_names_a_category_of_the_users_own_pack_by_its_title(tmp_path: Path) -> None:
    from tests.test_compare_cli import ai_versions

    pack, old, new = ai_versions(tmp_path)
    page = "".join(_compared(old, new, [pack]).pieces)
    assert "Your content trains AI models" in page and "data.ai-training" not in page


def test_versions_picked_newest_first_say_so_before_anything_else(tmp_path: Path) -> None:
    """After the swap, the pickers said "Older: 2023" while the page read the other way, and its
    one note on it came after a hundred lines of flags."""
    from desktop.gui.views.compare_view import SWAPPED_NOTE

    old, new = tmp_path / "terms-2021.md", tmp_path / "terms-2023.md"
    old.write_text("# Example Terms\n\nEffective: 1 January 2021\n\n1. We keep your posts.\n",
                   encoding="utf-8")
    new.write_text("# Example Terms\n\nEffective: 3 March 2023\n\n1. We keep your posts.\n\n"
                   "2. We may sell your personal data to data brokers.\n", encoding="utf-8")
    result = _compared(new, old)   # picked newest first
    page = result.pieces[0]
    assert result.comparison.swapped
    assert page.index("terms-2021.md") < page.index("terms-2023.md") < page.index(SWAPPED_NOTE)
    assert page.index(SWAPPED_NOTE) < page.index("What changed in the flags")


def test_promises_come_before_flag_changes_that_are_neither_better_nor_worse(tmp_path: Path) -> None:
    """In a rewritten policy a hundred "neither better nor worse" lines came before the promises."""
    from desktop.gui.views.compare_view import NEUTRAL, reader_effect

    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text("# Example Privacy Policy\n\n1. We will notify you at least 30 days before any change.\n",
                   encoding="utf-8")
    new.write_text("# Example Privacy Policy\n\n1. We may notify you before any change.\n\n"
                   "2. We collect your name and e-mail address when you sign up.\n", encoding="utf-8")
    result = _compared(old, new)
    assert any(reader_effect(d) == NEUTRAL for d in result.comparison.flag_deltas)
    page = result.pieces[0]
    assert page.index("What changed in the promises to you") < page.index("Other flag changes")


def _versions_and_one_gone(window, tmp_path: Path):
    """Two versions opened, and a third listed in the library whose file is gone before the window
    read it for a comparison: (v1, v2, the gone file's path)."""
    v1, v2 = _two_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    gone = tmp_path / "v3.txt"
    gone.write_text(SAMPLE.replace("read and search", "read"), encoding="utf-8")
    window._file_opened(build_analysed(gone.read_text(encoding="utf-8"), gone))
    view = window.compare_view
    cached = view.lookup
    view.lookup = lambda path: None if path == str(gone) else cached(path)   # not read yet
    gone.unlink()
    return v1, v2, gone


def _compare(view, old: Path, new: Path) -> None:
    view.choose(str(old), str(new))
    view.run()


def test_a_failed_comparison_leaves_no_other_pair_on_the_page_and_names_the_file(
        window, qtbot, tmp_path: Path) -> None:
    """After a failure the page and Export still had the pair compared before, under pickers naming
    the new pair; and the headline did not say which version could not be read."""
    v1, v2, gone = _versions_and_one_gone(window, tmp_path)
    view = window.compare_view
    _compare(view, v1.path, v2.path)
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    assert view.export_button.isEnabled()
    errors: list[str] = []
    view.error.connect(lambda headline, exc, tb: errors.append(headline))
    _compare(view, gone, v2.path)
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    assert view.result is None and not view.export_button.isEnabled()
    assert "download" not in view.page.toPlainText()
    assert "v3.txt" in errors[0] and "v3.txt" in view.status.text()


def test_a_comparison_that_works_takes_down_the_banner_of_one_that_failed(window, qtbot,
                                                                         tmp_path: Path) -> None:
    v1, v2, gone = _versions_and_one_gone(window, tmp_path)
    view = window.compare_view
    _compare(view, gone, v2.path)
    qtbot.waitUntil(lambda: "Could not compare" in window.banner.headline.text(), timeout=15000)
    assert window.banner.isVisible()
    _compare(view, v1.path, v2.path)
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    assert not window.banner.isVisible()


def test_a_version_changed_on_disk_is_compared_as_it_is_now(window, qtbot, tmp_path: Path) -> None:
    """The analysis kept from when the file was opened was compared instead of the file."""
    window.open_paths([_write(tmp_path / "v1.md", SAMPLE), _write(tmp_path / "v2.md", SAMPLE)])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)
    (tmp_path / "v2.md").write_text(SAMPLE.replace("read and search", "read, search and sell"),
                                    encoding="utf-8")
    view = window.compare_view
    view.old_combo.setCurrentIndex(view.old_combo.findData(str(tmp_path / "v1.md")))
    view.new_combo.setCurrentIndex(view.new_combo.findData(str(tmp_path / "v2.md")))
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    assert "sell" in view.page.toPlainText()
    assert "sell" in window._cache[str(tmp_path / "v2.md")].document.text  # kept for the window too


def test_a_version_read_for_a_comparison_is_flagged_with_the_users_rule_packs(
        window, qtbot, tmp_path: Path) -> None:
    """Compare read a version not kept in memory with the default pack alone, and the window then
    showed that reading of it."""
    pack = _write(tmp_path / "mine.yaml", "pack:\n  id: mine\n  name: Mine\n  version: '1'\nrules:\n"
                  "  - id: mine.zebra\n    category: data.monitoring\n    match: zebra watch\n")
    window.set_user_packs([str(pack)])
    text = SAMPLE + "\n## 9. Zebras\n\nWe run zebra watch on every post.\n"
    window.open_paths([_write(tmp_path / "v1.md", text), _write(tmp_path / "v2.md", text + "\nMore.\n")])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)
    window._cache.clear()   # as when more versions were opened since than the window keeps
    view = window.compare_view
    view.old_combo.setCurrentIndex(view.old_combo.findData(str(tmp_path / "v1.md")))
    view.new_combo.setCurrentIndex(view.new_combo.findData(str(tmp_path / "v2.md")))
    view.run()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    for analysed in (view.result.old, view.result.new):
        assert any(f.rule == "mine.zebra" for f in analysed.flags)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_after_a_cancelled_comparison_the_page_says_which_pair_it_shows_and_exports_nothing_else(
        window, qtbot, tmp_path: Path, monkeypatch) -> None:
    """A→B compared, then B→C chosen and cancelled: the page kept A→B under pickers saying B→C, and
    Export wrote A→B."""
    import time

    import desktop.gui.views.compare_view as compare_view

    texts = {"v1.txt": SAMPLE, "v2.txt": SAMPLE.replace("read and search", "read, search and download"),
             "v3.txt": SAMPLE.replace("read and search", "read and index")}
    v1, v2, v3 = _open_versions(window, tmp_path, texts)
    view = window.compare_view
    view.choose(str(v1), str(v2))
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.result is not None and view.export_button.isEnabled(), timeout=15000)
    summary = view.status.text()

    def endless(*_args, **_kwargs):
        token = _args[4]
        while True:
            token.check()
            time.sleep(0.01)

    monkeypatch.setattr(compare_view, "compare_job", endless)
    view.choose(str(v2), str(v3))
    view.compare_button.click()
    view.cancel_button.click()
    qtbot.waitUntil(lambda: view.compare_button.isEnabled(), timeout=5000)
    assert not view.export_button.isEnabled()
    assert view.status.text().startswith("Comparison cancelled. The page shows ")
    assert view.old_combo.itemText(view.old_combo.findData(str(v1))) in view.status.text()
    view.choose(str(v1), str(v2))   # back to the pair on the page: it can be exported again
    assert view.export_button.isEnabled() and view.status.text() == summary


def _opened_and_compared(window, qtbot, tmp_path):
    """Two versions opened and compared: (older, newer, the compare view)."""
    v1, v2 = _two_versions(tmp_path)
    window._file_opened(v1)
    window._file_opened(v2)
    view = window.compare_view
    view.compare_button.click()
    qtbot.waitUntil(lambda: view.result is not None, timeout=15000)
    return v1, v2, view


def test_opening_another_version_keeps_the_compared_pair_in_the_pickers(window, qtbot, tmp_path) -> None:
    """Opening a version from the library reset both pickers to the open document while the page,
    its status line and Export still showed the compared pair."""
    v1, v2, view = _opened_and_compared(window, qtbot, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text("Other Service Terms\n\nWe may change these terms at any time.\n", encoding="utf-8")
    window._file_opened(build_analysed(other.read_text(encoding="utf-8"), other))
    assert (view.old_combo.currentData(), view.new_combo.currentData()) == (str(v1.path), str(v2.path))
    assert view.export_button.isEnabled() and "clause change" in view.status.text()


def test_a_theme_switch_redraws_the_compared_pair_but_compares_nothing_new(window, qtbot, tmp_path) -> None:
    v1, v2, view = _opened_and_compared(window, qtbot, tmp_path)
    shown = view.result
    view.choose(str(v2.path), str(v1.path))    # moved, not compared
    window.apply_theme("dark")
    assert view.result is shown and not view.cancel_button.isVisible()
    view.choose(str(v1.path), str(v2.path))
    window.apply_theme("light")                # the pair on the page: drawn again in the new colours
    qtbot.waitUntil(lambda: view.result is not shown and view.result is not None, timeout=15000)


def test_a_theme_switch_redraws_the_comparison_in_the_new_palette(window, qtbot) -> None:
    """Light to dark left the diff table's light background behind the dark theme's light text:
    the page was drawn with the widget's palette, not yet the new one."""
    from desktop.appinfo import FIRST_RUN_SAMPLE, LATER_SAMPLE
    from terms.resources import resource_path

    window.open_paths([resource_path("samples", FIRST_RUN_SAMPLE), resource_path("samples", LATER_SAMPLE)])
    qtbot.waitUntil(lambda: len(window.library) == 2 and not window.runner.busy, timeout=30000)
    view = window.compare_view
    window.apply_theme("light")
    view.run()
    qtbot.waitUntil(lambda: view.result is not None and view.complete, timeout=30000)
    try:
        window.apply_theme("dark")
        qtbot.waitUntil(lambda: view.complete and "#2a2e32" in view.page.toHtml(), timeout=30000)
        assert "#f5f7fa" not in view.page.toHtml()
    finally:
        window.apply_theme("light")
