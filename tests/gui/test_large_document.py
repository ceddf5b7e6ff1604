"""A document with over a thousand flags is shown without stalling the GUI thread.

The document is written here: 840 numbered clauses, each with one to three phrases the GUI test
pack flags, and some plain sentences around them (1,152 flags, 3,168 highlights). Shown in one
pass, its flag list and highlights take the GUI thread 120 ms or more; the document view paces
such a display over several turns of the event loop (``PACED_FROM_FLAGS``, ``SLICE_MS``). The
tests measure that with the harness of ``benchmarks/responsiveness.py`` (GUI-thread CPU time between the
ticks of a 10 ms timer, target under 50 ms), check the paced display ends exactly where a
one-pass display does, that filters take the same path, and that a newer document stops what is
left of an older one's display.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from benchmarks.responsiveness import TARGET_MS, measure
from desktop.gui.engine import Analysed
from desktop.gui.views import document_view
from terms.model import Severity
from terms.wording import count
from tests.gui.conftest import TEST_PACK, build_analysed
from tests.gui.test_document_offsets import NO_LINE
from tests.gui.test_responsiveness import _open_consent_store
from tests.machine_speed import scaled_ms

_PARTIES = ("Clients", "Sponsors", "Partners", "Third parties", "Selected partners", "Paying clients")
_CONTENT = ("posts", "ideas", "email address", "personal data", "personal information", "addresses")
_PLAIN = ("This section applies to every member of the forum, wherever they live.",
          "Questions about it go to the support desk, which answers within a week.",
          "Words in this section mean what the glossary at the start says they mean.",
          "Nothing here limits what the law of your country gives you.")


def _clause(n: int) -> str:
    """The ``n``-th clause: one of five shapes the test pack flags, in varied words."""
    party, content = _PARTIES[n % len(_PARTIES)], _CONTENT[(n // 2) % len(_CONTENT)]
    core = (
        f"{party} of the Company may purchase access to read and search members' {content}.",
        f"You grant us a perpetual, irrevocable licence to use the {content} you share.",
        f"{party} may read your {content}, and you may opt out of this in your settings.",
        f"We sell your {content} to {party.lower()} who ask for them.",
        f"We do not sell your {content}; {party.lower()} may purchase access to summaries only.",
    )[n % 5]
    return f"{core} {_PLAIN[n % len(_PLAIN)]} {_PLAIN[(n + 1) % len(_PLAIN)]}"


def large_text(sections: int = 120, clauses_per_section: int = 7) -> str:
    lines = ["# Members' Terms (long form)", ""]
    n = 0
    for s in range(1, sections + 1):
        lines += [f"## {s}. Section {s}", ""]
        for c in range(1, clauses_per_section + 1):
            lines += [f"{s}.{c} {_clause(n)}", ""]
            n += 1
    return "\n".join(lines)


@pytest.fixture(scope="module")
def large() -> Analysed:
    return build_analysed(large_text())


@pytest.fixture
def large_file(tmp_path: Path) -> Path:
    path = tmp_path / "long-terms.md"
    path.write_text(large_text(), encoding="utf-8")
    return path


@pytest.fixture
def pack_window(window):
    """The window, flagging with the GUI test pack alone (a base pack): the default pack's wording
    is not what these tests are about."""
    from terms.rulepacks.loader import load_packs

    window.settings.setValue("rules/packs", [str(TEST_PACK)])
    load_packs([TEST_PACK])  # compiled beforehand, as a running app already has
    _open_consent_store(window)
    gc.collect()  # a full collection now rather than one due in the middle of the measure
    return window


def _shown(view) -> tuple:
    """Everything the display produced: list rows, highlights, minimap marks."""
    items = [view.flag_list.topLevelItem(i) for i in range(view.flag_list.topLevelItemCount())]
    rows = [(item.text(0), item.text(1), item.toolTip(0), item.toolTip(1)) for item in items]
    highlights = [(s.cursor.anchor(), s.cursor.position(), s.format.background().color().name(),
                   (s.format.underlineStyle() != NO_LINE)) for s in view.text.extraSelections()]
    return rows, highlights, list(view.minimap._order), list(view._mark_flags), view.count_label.text()


def _show_paced(view, qtbot, analysed: Analysed) -> None:
    with qtbot.waitSignal(view.flags_shown, timeout=20000):
        view.set_analysed(analysed, staged=True)


def test_the_large_document_is_large_enough_to_be_paced(large) -> None:
    assert len(large.flags) >= 4 * document_view.PACED_FROM_FLAGS
    assert len({f.severity for f in large.flags}) == 2  # concerns and protections: the filters split it


def test_a_large_document_opens_without_a_gui_thread_stall(pack_window, large_file) -> None:
    m = measure(pack_window, large_file)
    view = pack_window.document_view
    analysed = pack_window.current
    assert analysed is not None and analysed.path == large_file
    assert len(analysed.flags) >= 4 * document_view.PACED_FROM_FLAGS
    assert max(m.cpu) < scaled_ms(TARGET_MS), (sorted(m.cpu)[-5:], scaled_ms(TARGET_MS))
    # ... and everything ended up shown: a row per flag, a tint per flagged clause and a mark per
    # evidence span, a minimap mark per flagged clause
    flagged = {f.clause_id for f in analysed.flags}
    spans = sorted(span for f in analysed.flags for span in f.evidence)
    assert view.flag_list.topLevelItemCount() == len(analysed.flags)
    underlined = [s for s in view.text.extraSelections() if (s.format.underlineStyle() != NO_LINE)]
    assert len(view.text.extraSelections()) - len(underlined) == len(flagged)
    to_py = view._offsets.to_py
    assert sorted((to_py(s.cursor.selectionStart()), to_py(s.cursor.selectionEnd()))
                  for s in underlined) == spans
    assert view.minimap.mark_count() == len(flagged)
    assert view.flag_list.placeholder() == "No flag matches these filters."  # not "Listing …" any more


def test_the_measure_catches_a_display_in_one_pass(pack_window, large_file, monkeypatch) -> None:
    """Control: with pacing off, the same opening has a pass over the target."""
    monkeypatch.setattr(document_view, "PACED_FROM_FLAGS", 10**9)
    monkeypatch.setattr(document_view, "PACED_FROM_HIGHLIGHTS", 10**9)
    m = measure(pack_window, large_file)
    assert pack_window.document_view.flag_list.topLevelItemCount() == len(pack_window.current.flags)
    assert max(m.cpu) >= scaled_ms(TARGET_MS)


def test_a_paced_display_ends_as_a_display_in_one_pass(window, qtbot, large) -> None:
    view = window.document_view
    window.show_analysed(large)  # not staged: all in one pass
    whole = _shown(view)
    _show_paced(view, qtbot, large)
    assert _shown(view) == whole
    assert len(whole[0]) == len(large.flags)


def test_filters_take_the_paced_path_and_end_as_in_one_pass(window, qtbot, large) -> None:
    view = window.document_view
    window.show_analysed(large)
    concern = view.severity_filter.findData(Severity.CONCERN)
    view.severity_filter.setCurrentIndex(concern)
    concerns = [f for f in large.flags if f.severity == Severity.CONCERN]
    assert len(concerns) >= document_view.PACED_FROM_FLAGS
    # the filter's pass is paced: it has not listed the flags yet, and says so
    assert view.flag_list.topLevelItemCount() == 0
    assert view.flag_list.placeholder() == f"Listing {count(len(concerns), 'flag')}…"
    qtbot.waitSignal(view.flags_shown, timeout=20000).wait()
    filtered = _shown(view)
    assert len(filtered[0]) == len(concerns) == len(view.visible_flags())
    assert {f.severity for f in view.visible_flags()} == {Severity.CONCERN}
    # the same filter in one pass gives the same display
    view._refresh_flags()
    assert _shown(view) == filtered
    with qtbot.waitSignal(view.flags_shown, timeout=20000):
        view.severity_filter.setCurrentIndex(0)
    assert view.flag_list.topLevelItemCount() == len(large.flags)


def test_a_newer_document_stops_the_rest_of_a_paced_display(window, qtbot, large, analysed) -> None:
    view = window.document_view
    view.set_analysed(large, staged=True)
    qtbot.waitUntil(lambda: len(view.text.extraSelections()) > 0, timeout=20000)  # highlighting under way
    assert len(view.text.extraSelections()) < len({f.clause_id for f in large.flags})
    window.show_analysed(analysed)
    small = _shown(view)
    qtbot.wait(300)  # the older display's next slices would have run by now
    assert _shown(view) == small
    assert view.flag_list.topLevelItemCount() == len(analysed.flags)
    assert view.minimap.mark_count() == len({f.clause_id for f in analysed.flags})


def test_each_document_gets_a_new_text_document_with_the_readers_font(window, qtbot, large, analysed) -> None:
    """Every document is shown in a new QTextDocument (the old one's cursor register would slow
    the next setPlainText down); it must keep the font size chosen and the margins."""
    view = window.document_view
    view.set_font_size(17)
    _show_paced(view, qtbot, large)
    window.show_analysed(analysed)
    document = view.text.document()
    assert document.defaultFont().pointSize() == 17
    assert document.documentMargin() == document_view.DOCUMENT_MARGIN
    assert document.toPlainText() == analysed.document.text
    assert len(view.text.extraSelections()) == len({f.clause_id for f in analysed.flags}) + sum(
        len(f.evidence) for f in analysed.flags)
