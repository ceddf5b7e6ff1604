"""HTML/PDF consent report: versions told apart, end dates, notes as written, the full head hash."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from terms.consent import open_store
from terms.consent.store import ConsentStore, expiry_after, utc_now
from terms.export import report_html
from tests.test_consent_store import V1, V1_FLAGS, V2, make_document

LABEL = "2026-06-01"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConsentStore]:
    """dr-lee allowed client-access on v1; v2, with the same label, invalidated it."""
    with open_store(str(tmp_path / "consent.sqlite3")) as s:
        s.add_member("dr-lee")
        v1 = s.add_document(make_document(V1), V1_FLAGS, version_label=LABEL).document.sha256
        s.record("dr-lee", "client-access", "given", v1, note="first line\nsecond line")
        s.add_document(make_document(V2), V1_FLAGS, version_label=LABEL)
        yield s


def _html(store: ConsentStore, now: str | None = None, **kwargs: object) -> str:
    return report_html.report_html(store.snapshot(), store.topics, now=now or utc_now(), **kwargs)


def test_two_versions_with_one_label_are_told_apart_by_their_hash(store: ConsentStore) -> None:
    v1, v2 = store.documents()
    html = _html(store)
    for doc in (v1, v2):
        assert f"<h3>Community Terms ({LABEL}) [{doc.sha256[:12]}]</h3>" in html
        assert f"<td>Community Terms ({LABEL}) [{doc.sha256[:12]}]</td>" in html    # history, versions stored


def test_a_store_invalidation_shows_no_clause_of_a_version_the_member_never_saw(store: ConsentStore) -> None:
    v2 = store.documents()[1]
    html = _html(store)
    assert escape(V2[0]) not in html and escape(V1[0]) in html
    assert (f"invalidated by the store: the newer version Community Terms ({LABEL}) [{v2.sha256[:12]}] "
            "changed its clauses — needs re-review") in html
    assert "(none shown: the member has not decided on this topic in this version)" in html
    assert "<td class='invalidated'>invalidated by the store</td>" in html          # its history row


def test_end_dates_are_shown_and_say_when_they_have_passed(store: ConsentStore) -> None:
    v2 = store.documents()[1].sha256
    event = store.record("dr-lee", "tracking", "given", v2, expires_at=expiry_after(30))
    date, clock = event.expires_at.split("T")
    when = f"<span class='time'>{date}</span> <span class='time'>{clock[:8]}&nbsp;UTC</span>"
    assert _html(store).count(f"expires {when}") == 2                  # decisions and history
    later = expiry_after(31, event.recorded_at)
    assert _html(store, later).count(f"expired {when}") == 2


def test_notes_keep_their_line_breaks_and_a_long_one_is_cut_in_the_history(store: ConsentStore) -> None:
    v2 = store.documents()[1].sha256
    long_note = "word " * 2000
    store.record("dr-lee", "client-access", "given", v2, note=long_note)
    html = _html(store)
    assert html.count("first line<br/>second line") == 2               # decisions (v1) and history
    # under its decision, across the table's whole width
    assert "<tr><td colspan='4'><i>Note:</i> first line<br/>second line</td></tr>" in html
    assert html.count(long_note.strip()) == 1                           # in full among the decisions only
    assert ("… <i>(10,000 characters in all: the CSV and JSON exports hold the whole note)</i>") in html


def test_the_full_head_hash_is_printed_in_the_html_and_the_pdf(store: ConsentStore, tmp_path: Path,
                                                               qapp) -> None:
    from pypdf import PdfReader

    from desktop.pdf_report import write_pdf

    report = store.verify()
    html = _html(store, verify=report)
    assert f"The hash chain verifies ({report.events} events, head {report.head_hash})." in html
    out = tmp_path / "report.pdf"
    write_pdf(html, out)
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert report.head_hash in text.replace("\u200b", "")


def test_pdf_text_has_no_ligatures_so_hashes_copy_as_they_are(qapp) -> None:
    import io

    from pypdf import PdfReader

    from desktop.pdf_report import render_pdf

    pdf = render_pdf("<html><body><p><b>head caeff17 fi</b> [0aff77fl] ffi</p></body></html>")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "caeff17" in text and "[0aff77fl]" in text and "ffi" in text



def test_counts_read_in_the_singular_for_one(store: ConsentStore, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "one.sqlite3")) as one:
        one.add_member("dr-lee")
        sha = one.add_document(make_document(V1), V1_FLAGS).document.sha256
        one.record("dr-lee", "tracking", "given", sha)
        html = _html(one, verify=one.verify())
    assert "1 event in the log, 1 document version stored." in html
    assert "The hash chain verifies (1 event, head " in html
    assert "<h3>History (1 event)</h3>" in html
    assert "<h3>History (2 events, the latest 1 shown)</h3>" in _html(store, max_events=1)


def test_a_decision_no_longer_current_is_not_coloured_as_in_force(store: ConsentStore) -> None:
    v1 = store.documents()[0].sha256
    store.record("dr-lee", "tracking", "given", v1)
    html = _html(store)
    # client-access on v1 was invalidated by v2: grey; tracking on v1 is in force: green
    assert re.search(r"<td class='superseded'>given — no longer current: invalidated \(#2\)", html)
    assert "<td class='given'>given<br/>" in html


def test_the_pdf_decision_column_keeps_each_dpv_status_whole(store: ConsentStore, qapp) -> None:
    import io

    from pypdf import PdfReader

    from desktop.pdf_report import render_pdf

    v2 = store.documents()[1].sha256
    store.record("dr-lee", "tracking", "given", v2)
    store.record("dr-lee", "tracking", "withdrawn", v2)
    store.record("dr-lee", "content-mining", "refused", v2)
    pdf = render_pdf(_html(store))
    lines = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    for dpv in ("dpv:ConsentGiven", "dpv:ConsentInvalidated", "dpv:ConsentWithdrawn", "dpv:ConsentRefused"):
        assert dpv in lines          # not cut over two lines ("dpv:ConsentWithdra" / "wn")


def test_a_report_for_one_member_tells_nothing_of_the_others(store: ConsentStore) -> None:
    """An access request's report counted every member's events and listed every service anyone
    decided on."""
    store.add_member("dr-kim")
    other = store.add_document(make_document(["Rewards members earn points."], title="Pharmacy Rewards Terms",
                                             service="PharmaCo"),
                               V1_FLAGS).document.sha256
    store.record("dr-kim", "client-access", "refused", other)
    everyone = _html(store)
    assert "Pharmacy Rewards Terms" in everyone and "3 events in the log" in everyone
    mine = _html(store, member="dr-lee")
    assert "Pharmacy Rewards Terms" not in mine and "dr-kim" not in mine
    assert "2 events of this member in the log, 2 document versions stored that they decided on" in mine


def test_a_decision_ended_by_the_store_and_then_decided_again_names_both_as_fhir_does(
        store: ConsentStore) -> None:
    """The report named the member's later decision as what ended a consent, the FHIR export the
    store's invalidation in between: two exports, two answers to "what superseded it"."""
    from terms.export import fhir

    v2 = store.documents()[-1].sha256
    store.record("dr-lee", "client-access", "refused", v2)   # the re-review answered on v2
    html = _html(store)
    assert re.search(r"given — no longer current: ended by event #2 \(invalidated\); now refused \(#3\)",
                     html)
    snapshot = store.snapshot()
    invalidation = next(e for e in snapshot.events if e.seq == 2)
    bundle = fhir.to_fhir_bundle(snapshot, store.topics, now="2030-01-01T00:00:00.000000Z")
    superseded_by = [x["valueString"] for entry in bundle["entry"]
                     for provision in entry["resource"].get("provision", {}).get("provision", [])
                     for x in provision["extension"] if x["url"] == fhir.EXT_SUPERSEDED_BY]
    assert superseded_by == [invalidation.hash]   # the same event as the report's


def test_each_member_opens_with_the_answers_in_force_now(store: ConsentStore) -> None:
    """A lapsed consent is nothing in force and names the version it was given on, and when; a
    refusal on an older version stands for the newer one. Rows follow the questions' order."""
    v1, v2 = store.documents()
    store.record("dr-lee", "tracking", "refused", v1.sha256)
    allowed = next(e for e in store.snapshot().events if e.status.value == "given")
    html = _html(store)
    start = html.index("<h3>In force now</h3>")
    assert start < html.index(f"<h3>Community Terms ({LABEL}) [{v1.sha256[:12]}]</h3>")   # before the record
    table = html[start:html.index("</table>", start)]
    rows = re.findall(r"<tr><td>(.*?)</td><td class='(\w+)'>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", table)
    (lapsed, refused) = rows
    assert lapsed[:2] == ("May paying clients read my posts?", "invalidated")
    assert lapsed[2].startswith("nothing in force: allowed, then the terms changed (a newer version stored ")
    assert lapsed[3].endswith(f"[{v1.sha256[:12]}]") and allowed.recorded_at[:10] in lapsed[4]
    assert refused[1:4] == ("refused", f"refused; it stands for the newer version {LABEL} [{v2.sha256[:12]}]",
                            f"Community Terms ({LABEL}) [{v1.sha256[:12]}]")


def test_a_clause_bearing_on_several_topics_is_quoted_once_per_version(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "consent.sqlite3")) as s:
        s.add_member("dr-lee")
        # clause 1 is flagged as client access and as monitoring: two topics rest on it
        flags = [*V1_FLAGS, dataclasses.replace(V1_FLAGS[0], category="data.monitoring")]
        v1 = s.add_document(make_document(V1), flags).document.sha256
        s.record_decisions("dr-lee", v1, {"client-access": "given", "content-mining": "refused"})
        html = _html(s)
    assert html.count(escape(V1[0])) == 1
    assert "<b>1</b> (quoted above)" in html


def test_two_clauses_with_the_same_words_are_each_quoted(tmp_path: Path) -> None:
    boilerplate = "Clients may purchase access to read members' posts."
    with open_store(str(tmp_path / "consent.sqlite3")) as s:
        s.add_member("dr-lee")
        flags = [V1_FLAGS[0], dataclasses.replace(V1_FLAGS[0], clause_id="3")]
        v1 = s.add_document(make_document([boilerplate, V1[1], boilerplate]), flags).document.sha256
        s.record("dr-lee", "client-access", "given", v1)
        html = _html(s)
    assert html.count(escape(boilerplate)) == 2 and "(quoted above)" not in html
