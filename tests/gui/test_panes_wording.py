"""Summary notice for an ungraded document, the log's filter, and the details pane's wording."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QUrl

from desktop.gui.engine import Analysed
from desktop.gui.views.log_view import QtLogHandler
from tests.gui.conftest import SAMPLE, TEST_PACK, build_analysed

FRENCH = """Conditions d'utilisation

1. Vos données
1.1 Nous conservons vos informations personnelles aussi longtemps que votre compte reste ouvert.
1.2 Vous pouvez demander la suppression de votre compte à tout moment depuis les paramètres.

2. Vos droits
2.1 Vous avez le droit d'accéder à vos données et de les faire corriger par notre service client.
"""


def test_summary_says_why_there_is_no_grade(window) -> None:
    analysed = build_analysed(FRENCH)
    reason = analysed.analysis.summary.not_graded
    assert reason  # the core does not grade a document it cannot read
    window.show_analysed(analysed)
    view = window.summary_view
    assert "not graded" in view.headline.text() and "grade —" not in view.headline.text()
    assert view.notice.isVisibleTo(view) and view.notice.text() == reason
    assert "Not graded: see the note at the top." in view.facts.text()
    assert "works against you" not in view.concerns.toPlainText()
    assert "Readability: not measured" in view.facts.text()
    window.show_analysed(build_analysed())
    assert "Flesch reading ease" in view.facts.text()
    assert not view.notice.isVisibleTo(view) and "grade " in view.headline.text()


def test_log_keeps_library_chatter_out() -> None:
    handler = QtLogHandler()
    lines: list[str] = []
    handler.bridge.line.connect(lines.append)
    records = [("alembic.runtime.migration", logging.INFO, "Running upgrade"),
               ("alembic.runtime.migration", logging.WARNING, "odd revision"),
               ("clearterms.gui", logging.INFO, "rule packs now: default"),
               ("terms.parsing", logging.INFO, "guessed cp1252")]
    for name, level, message in records:
        handler.handle(logging.LogRecord(name, level, __file__, 1, message, (), None))
    assert [line.split(": ", 1)[1] for line in lines] == ["odd revision", "rule packs now: default",
                                                          "guessed cp1252"]


def test_details_hide_generic_data_and_show_link_text(window) -> None:
    from terms.flagging import analyze
    from terms.model import DocumentFormat
    from terms.parsing import parse_text
    from terms.rulepacks.loader import load_packs

    text = SAMPLE.replace("2.1 You may opt out of client access in your account settings.",
                          "\n[Withdraw consent](https://example.invalid/out) to opt out of client access.")
    document = parse_text(text, format=DocumentFormat.TEXT)  # plain text keeps the Markdown as written
    analysed = Analysed(analyze(document, load_packs([TEST_PACK])))
    window.show_analysed(analysed)
    flag = next(f for f in analysed.flags if f.category == "data.sale")
    way_out = next(c.id for c in analysed.document.clauses if c.text.startswith("[Withdraw"))
    generic = dataclasses.replace(flag, data=("data",), way_out=(way_out,))
    window.details.show_flag(generic)
    shown = window.details.toPlainText()
    assert "What data" not in shown
    assert "Withdraw consent to opt out" in shown and "](https://" not in shown
    window.details.show_flag(dataclasses.replace(flag, data=("data", "posts")))
    assert "What data: posts" in " ".join(window.details.toPlainText().split())


def test_concerns_matched_in_a_document_not_in_english_are_no_assessment(window) -> None:
    # "perpetual", one English word in French text: what it matches is listed, but not as top concerns
    text = FRENCH + "\n3. Licence\n3.1 Vous nous accordez une licence « perpetual » sur vos messages.\n"
    analysed = build_analysed(text)
    assert analysed.analysis.summary.concerns and not analysed.analysis.summary.english
    window.show_analysed(analysed)
    shown = window.summary_view.concerns.toPlainText()
    assert "Matched on words shared with English" in shown and "Not an assessment" in shown
    assert "Top concerns" not in shown


def test_a_fair_clause_is_shown_under_its_own_title(window) -> None:
    """The consumer's own courts are "You can go to your local courts" in the flag list, the details
    pane and the summary, not "Disputes must go to the company's courts"."""
    from terms.flagging import analyze
    from terms.parsing import parse_text

    document = parse_text("# Terms\n\n1. Disputes\n1.1 You may bring a claim before the courts of the "
                          "country where you live.\n")
    analysed = Analysed(analyze(document))
    window.show_analysed(analysed)
    flag = next(f for f in analysed.flags if f.category == "terms.jurisdiction")
    titles = [window.document_view.flag_list.topLevelItem(i).text(0)
              for i in range(window.document_view.flag_list.topLevelItemCount())]
    assert "You can go to your local courts" in titles
    assert "Disputes must go to the company's courts" not in titles
    window.details.show_flag(flag)
    assert "You can go to your local courts" in window.details.toPlainText()
    notes = [c.title for c in analysed.analysis.summary.notes if c.category == "terms.jurisdiction"]
    assert notes == ["You can go to your local courts"]


def test_details_pane_starts_with_the_top_concerns_and_links_them(window, qtbot) -> None:
    analysed = build_analysed()
    window.show_analysed(analysed)
    top = analysed.analysis.summary.concerns[0]
    shown = " ".join(window.details.toPlainText().split())
    assert "Start with its top concerns" in shown and top.title in shown
    assert "Select a flag or a highlighted clause" in shown   # how to use the pane is still said
    with qtbot.waitSignal(window.details.clause_requested) as requested:
        window.details.anchorClicked.emit(QUrl(f"clause:{top.clause_ids[0]}"))
    assert requested.args == [top.clause_ids[0]]
    assert window.details.toPlainText() != shown and "Start with" not in window.details.toPlainText()


def test_details_pane_names_no_concern_of_a_text_it_cannot_read(window) -> None:
    text = FRENCH + "\n3. Licence\n3.1 Vous nous accordez une licence « perpetual » sur vos messages.\n"
    window.show_analysed(build_analysed(text))
    assert "Start with" not in window.details.toPlainText()
