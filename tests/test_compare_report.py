"""Flag deltas and the rendered reports (text, JSON, Markdown, HTML)."""

from __future__ import annotations

import json
import re

from terms.compare import DeltaKind, EntryKind, compare
from terms.compare.report import ReportOptions, render, to_dict
from terms.compare.synthetic import build_document, synthetic_pair
from terms.model import Document, Flag, Severity

OLD = [
    ("7", "Sharing", ""),
    ("7.1", None, "We share your information with service providers who help us run the site."),
    ("7.2", None, "We keep your posts for as long as your account is open."),
    ("9", "Your choices", ""),
    ("9.1", None, "You can opt out of marketing emails at any time in your settings."),
    ("9.2", None, "We never read your private messages for any purpose whatsoever."),
]
NEW = [
    ("7", "Sharing", ""),
    ("7.1", None, "We share your information with service providers who help us run the site."),
    ("7.2", None, "We keep your posts for as long as your account is open and for five years after."),
    ("7.3", None, "Paying clients may purchase access to members' posts and your data."),
    ("9", "Your choices", ""),
    ("9.1", None, "We never read your private messages for any purpose whatsoever."),
]


def _flag(document: Document, clause_id: str, category: str, severity: Severity) -> Flag:
    clause = document.clause(clause_id)
    return Flag(category, severity, clause_id, ((clause.start, clause.end),), "test", "explained")


def _flagged():
    old, new = build_document(OLD, title="v1"), build_document(NEW, title="v2")
    old_flags = [_flag(old, "7.1", "data.third-party-sharing", Severity.CAUTION),
                 _flag(old, "9.1", "rights.choice", Severity.PROTECTIVE),
                 _flag(old, "9.2", "rights.limited-use", Severity.PROTECTIVE),
                 _flag(old, "7.2", "data.retention", Severity.INFO)]
    new_flags = [_flag(new, "7.1", "data.third-party-sharing", Severity.CAUTION),
                 _flag(new, "7.3", "data.sale", Severity.CONCERN),
                 _flag(new, "9.1", "rights.limited-use", Severity.PROTECTIVE),
                 _flag(new, "7.2", "data.retention", Severity.CAUTION)]
    return old, new, old_flags, new_flags


def test_flag_deltas_headline_what_matters_first() -> None:
    old, new, old_flags, new_flags = _flagged()
    comparison = compare(old, new, old_flags=old_flags, new_flags=new_flags)
    deltas = [(d.kind, d.category, d.old_ids, d.new_ids) for d in comparison.flag_deltas]
    assert deltas == [
        (DeltaKind.APPEARS, "data.sale", (), ("7.3",)),
        (DeltaKind.DISAPPEARS, "rights.choice", ("9.1",), ()),
        (DeltaKind.SEVERITY, "data.retention", ("7.2",), ("7.2",)),
    ]
    headlines = [d.headline for d in comparison.flag_deltas]
    assert headlines[0] == "Adds a data-sale provision in §7.3"
    assert headlines[1].startswith("Removes the opt-out or other choice in §9.1")
    assert "protection" in headlines[1]
    assert "info → caution" in headlines[2]
    assert comparison.flag_deltas[0].quote.startswith("7.3 Paying clients")


def test_a_flag_that_moves_with_its_clause_is_not_a_delta() -> None:
    old, new, old_flags, new_flags = _flagged()
    comparison = compare(old, new, old_flags=old_flags, new_flags=new_flags)
    renumbered = [e for e in comparison.entries if e.old_ids == ("9.2",)]
    assert renumbered[0].kind is EntryKind.RENUMBERED
    assert all(d.category != "rights.limited-use" for d in comparison.flag_deltas)


def test_without_flags_the_report_says_so() -> None:
    old, new, _, _ = _flagged()
    comparison = compare(old, new)
    assert not comparison.flags_compared
    assert compare(old, new, old_flags=(), new_flags=()).flags_compared
    assert "  (Flags were not compared: no flag analysis was available.)" in render(comparison, "text")
    options = ReportOptions(no_flags_reason="the caller skipped them")
    assert "_Flags were not compared: the caller skipped them._" in render(comparison, "markdown", options)
    assert to_dict(comparison, options)["flags_not_compared_reason"] == "the caller skipped them"


def test_json_report_lists_every_clause_once() -> None:
    old, new, old_flags, new_flags = _flagged()
    data = json.loads(render(compare(old, new, old_flags=old_flags, new_flags=new_flags), "json"))
    assert data["flag_deltas"][0]["category"] == "data.sale"
    balance = data["flag_balance"]
    effects = [d["effect"] for d in data["flag_deltas"]]
    assert balance == {"worse": effects.count("worse"), "better": effects.count("better"),
                       "neutral": effects.count("neutral"), "reworded": 0} and balance["worse"] >= 1
    old_ids = [c["id"] for e in data["entries"] for c in e["old"]]
    new_ids = [c["id"] for e in data["entries"] for c in e["new"]]
    assert sorted(old_ids) == sorted(c.id for c in old.clauses)
    assert sorted(new_ids) == sorted(c.id for c in new.clauses)
    assert data["counts"]["added"] == 1 and data["counts"]["old_clauses"] == len(old.clauses)


def test_only_changes_and_show_formatting() -> None:
    pair = synthetic_pair(["whitespace", "reword"], seed=4)
    comparison = compare(pair.old, pair.new)
    kinds = [e["kind"] for e in to_dict(comparison, ReportOptions(only_changes=True))["entries"]]
    assert kinds == ["changed"]
    shown = to_dict(comparison, ReportOptions(only_changes=True, show_formatting=True))["entries"]
    assert sorted(e["kind"] for e in shown) == ["changed", "formatting"]
    assert "formatting" not in to_dict(comparison)["counts"]


def test_word_spans_in_json_point_at_the_changed_words() -> None:
    pair = synthetic_pair(["reword"], seed=9)
    ((old_id, old_word, new_id, new_word),) = pair.reworded
    (entry,) = to_dict(compare(pair.old, pair.new), ReportOptions(only_changes=True))["entries"]
    (deleted,), (inserted,) = entry["deleted"], entry["inserted"]
    assert pair.old.clause(old_id).text[deleted["start"]:deleted["end"]] == old_word
    assert pair.new.clause(new_id).text[inserted["start"]:inserted["end"]] == new_word


HOSTILE = '<script>alert(1)</script> and <img src=x onerror="alert(2)"> & <a href="javascript:x">'


def test_html_report_is_self_contained_and_escapes_document_text() -> None:
    old = build_document([("1", None, "We keep your data safe."), ("2", None, "Plain clause here.")],
                         title="<b>Terms</b>")
    new = build_document([("1", None, f"We keep your data safe. {HOSTILE}"), ("3", "<i>Head</i>", ""),
                          ("3.1", None, HOSTILE)], title="<script>bad()</script>")
    flags = [Flag("data.sale", Severity.CONCERN, "3.1", ((new.clause("3.1").start, new.clause("3.1").end),),
                  "t", "x")]
    comparison = compare(old, new, old_flags=(), new_flags=flags)
    page = render(comparison, "html", ReportOptions(show_formatting=True))
    tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "strong", "br", "ul",
                    "li", "span", "blockquote", "table", "tr", "th", "td", "del", "ins"}
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http" not in page and "src=" not in page.replace("src=x", "")
    markdown = render(comparison, "markdown")
    assert "<script>" not in markdown and "<img" not in markdown


def test_text_report_names_older_and_newer() -> None:
    older = build_document([("1", None, "We may share data.")], effective_date="2021-01-01", title="A")
    newer = build_document([("1", None, "We may sell data.")], effective_date="2023-05-01", title="B")
    text = render(compare(newer, older), "text")
    assert text.startswith("OLDER: A, effective 2021-01-01\nNEWER: B, effective 2023-05-01")
    assert "swapped" in text
    assert "[-share-]" in text and "{+sell+}" in text


def test_summary_line_tells_identical_text_from_hidden_formatting() -> None:
    old = build_document(OLD, title="v1")
    restyled = [(n, h, t.replace("your settings", "“your settings”")) for n, h, t in OLD]
    new = build_document(restyled, title="v1")
    same = render(compare(old, old), "text", ReportOptions())
    assert "No substantive change (identical text)" in same
    hidden = render(compare(old, new), "text", ReportOptions())
    assert "No substantive change (only formatting differs)" in hidden
    shown = render(compare(old, new), "text", ReportOptions(show_formatting=True))
    assert "No substantive change (1 formatting)" in shown


def test_summary_line_says_when_only_the_markup_differs() -> None:
    from terms.parsing import parse_bytes

    plain = parse_bytes(b"# Terms\n\nWe share your data with partners.\n", source="a.md")
    marked = parse_bytes(b"# Terms\n\nWe *share* your data with __partners__.\n", source="b.md")
    assert plain.text == marked.text
    text = render(compare(plain, marked), "text", ReportOptions())
    assert "No substantive change (identical text; the files differ only in markup)" in text


def test_unnumbered_clauses_are_named_by_their_place_under_the_heading() -> None:
    from terms.labels import clause_label
    from terms.parsing import parse_bytes

    doc = parse_bytes(b"Intro line one.\n\n# Sharing\n\nWe share data.\n\nWe also sell it.\n\n"
                      b"- with brokers\n- with banks\n", source="t.md")
    labels = [clause_label(c) for c in doc.clauses]
    assert "“Sharing”" in labels
    assert "paragraph 2 of “Sharing”" in labels
    assert "item 2 of “Sharing”" in labels
    assert labels[0] == "paragraph 1 at the top"


def test_a_change_of_severity_is_told_from_the_reader_s_side() -> None:
    from terms.compare.flagdelta import _headline

    def said(category: str, old: Severity, new: Severity) -> str:
        return _headline(DeltaKind.SEVERITY, category, "provision", old, new, "§3", False).split()[0]

    assert said("rights.limited-use", Severity.INFO, Severity.PROTECTIVE) == "Strengthens"
    assert said("rights.no-sale", Severity.PROTECTIVE, Severity.INFO) == "Weakens"
    assert said("data.sale", Severity.CAUTION, Severity.CONCERN) == "Hardens"
    assert said("data.sale", Severity.CONCERN, Severity.INFO) == "Softens"


def test_each_flag_change_says_whether_it_is_worse_or_better_for_the_reader() -> None:
    from terms.compare.model import FlagDelta
    from terms.compare.report import _severity_tag

    def delta(old: Severity | None, new: Severity | None, category: str = "rights.choice") -> FlagDelta:
        kind = DeltaKind.SEVERITY if old and new else DeltaKind.APPEARS if new else DeltaKind.DISAPPEARS
        return FlagDelta(kind, category, old, new, ("1",), ("1",), "h", False)

    concern, caution, info, protective = Severity
    assert delta(None, caution).effect == delta(protective, None).effect == "worse"
    assert delta(concern, None).effect == delta(None, protective).effect == "better"
    assert delta(info, protective).effect == delta(concern, caution).effect == "better"
    assert delta(None, info, "data.tracking").effect == delta(info, None, "data.tracking").effect == "neutral"
    # a right or promise shown as information because of its limits comes and goes as a protection
    # (a telehealth app's training opt-out, "This does not apply to datasets already provided", removed)
    assert delta(info, None).effect == "worse" and delta(None, info).effect == "better"
    assert _severity_tag(delta(protective, None)) == "worse for you · protective"


def test_a_concern_in_a_reworded_clause_is_told_to_be_read_again() -> None:
    """X's terms of January 2026 widened the courts clause and the content licence, both concerns
    before and after: no flag changed, and the report said nothing of either."""
    from terms.compare import DeltaKind, compare_analyses
    from terms.compare.report import render
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(courts: str) -> str:
        return ("# Example Terms\n\n## 6. Disputes\n\n" + courts + "\n\n## 7. Changes\n\n"
                "We may change these terms.\n")

    old = analyze(parse_text(version("All disputes must be brought exclusively in the state or federal "
                                     "courts of San Francisco, California."), source="v1.md"))
    new = analyze(parse_text(version("All disputes, pending or future, and however they arose, must be "
                                     "brought exclusively in the state or federal courts of Tarrant County, "
                                     "Texas."), source="v2.md"))
    comparison = compare_analyses(old, new)
    (reworded,) = [d for d in comparison.flag_deltas if d.kind is DeltaKind.REWORDED]
    assert reworded.category == "terms.jurisdiction" and reworded.effect == "neutral"
    assert reworded.headline == ("Rewords the jurisdiction provision in paragraph 1 of “6. Disputes”, a "
                                 "concern before and after: read what it says now")
    assert "[read again · concern] Rewords the jurisdiction provision" in render(comparison, "text")
    # the same words: nothing to read again
    assert not [d for d in compare_analyses(old, old).flag_deltas if d.kind is DeltaKind.REWORDED]


def test_a_changed_sum_or_period_in_a_provision_flagged_before_and_after_is_headlined() -> None:
    """A liability cap cut from $500 to $50 is a few characters, below what counts as rewording, and
    the report said nothing of it; a longer retention and a shorter time to sue likewise."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(cap: str, years: str, claim: str) -> str:
        return ("# Example Terms\n\n## 1. Liability\n\nOur total liability to you will not exceed the "
                f"greater of {cap} or the fees you paid us.\n\nYou must bring any claim against us within "
                f"{claim} after it arises, or it is permanently barred.\n\n## 2. Your data\n\nWe keep your "
                f"posts for {years} after you close your account.\n")

    old = analyze(parse_text(version("five hundred US dollars ($500)", "two years", "one year"),
                             source="v1.md"))
    new = analyze(parse_text(version("fifty US dollars ($50)", "ten years", "30 days"), source="v2.md"))
    deltas = compare_analyses(old, new).flag_deltas
    headlines = [d.headline for d in deltas]
    # a cap lowered and data kept longer rank with the concerns, before the shorter time to sue (a
    # caution) although that comes first in the document; all three are worse for the reader, told as
    # changes (a shorter time to sue lowers what the company can be made to pay, as a lower cap does)
    assert [(d.effect, d.read_again) for d in deltas] == [("worse", False)] * 3
    assert [h.split(" (“")[0] for h in headlines] == [
        "Changes ‘$500’ → ‘$50’ in the limitation of liability",
        "Changes ‘2 years’ → ‘10 years’ in the data-retention provision",
        "Changes ‘1 year’ → ‘30 days’ in the limitation of liability"]
    assert headlines[2].endswith("a caution before and after: read what it says now")
    # the same figures written another way ("thirty (30) days" for "30 days") are no change
    same = analyze(parse_text(version("five hundred US dollars ($500)", "two (2) years", "one year"),
                              source="v3.md"))
    assert not [d for d in compare_analyses(old, same).flag_deltas if "→" in d.headline]


def test_a_number_in_words_is_read_whole() -> None:
    """A bedside TV service's "thirty-six months" read as "6 months" in a headline."""
    from terms.compare.figures import figures

    assert "36 months" in figures("Viewing Data is kept for thirty-six months.")
    assert "6 months" not in figures("Viewing Data is kept for thirty-six months.")


def test_a_figure_keeps_its_case_and_retention_information_is_told_only_with_a_direction() -> None:
    """"US $100" was quoted "us $100"; data kept seven years instead of two is worse for the reader
    though retention alone is information, and told as retention, not as the sensitive data the
    clause also names (a version pair written for the test)."""
    from terms.compare import compare_analyses
    from terms.compare.report import render
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(cap: str, kept: str) -> str:
        return ("# Policy\n\n## 1. Liability\n\nOur total liability to you will not exceed "
                f"{cap}.\n\n## 2. Records\n\nWe keep your medical record, visit notes, messages with "
                f"clinicians and uploaded photos for {kept} after your last visit.\n")

    old = analyze(parse_text(version("one hundred U.S. dollars (US $100)", "two (2) years"), source="a.md"))
    new = analyze(parse_text(version("ten U.S. dollars (US $10)", "seven (7) years"), source="b.md"))
    comparison = compare_analyses(old, new)
    figures = [d for d in comparison.flag_deltas if "→" in d.headline]
    assert [d.headline.split(" (“")[0].split(" in paragraph")[0] for d in figures] == [
        "Changes ‘US $100’ → ‘US $10’ in the limitation of liability",
        "Changes ‘2 years’ → ‘7 years’ in the data-retention provision"]
    assert all(d.effect == "worse" for d in figures)
    assert "information before and after" in figures[1].headline
    assert "[worse for you · info] Changes ‘2 years’" in render(comparison, "text")
    # shortened, it is better; the same period is no change at all
    shorter = analyze(parse_text(version("ten U.S. dollars (US $10)", "one (1) year"), source="c.md"))
    [kept] = [d for d in compare_analyses(new, shorter).flag_deltas if "→" in d.headline]
    assert kept.effect == "better" and kept.category == "data.retention"
    # a window the reader acts in is no retention to shorten: "better" would mislead
    def window(days: str) -> str:
        return (f"# Policy\n\n## 1. Your data\n\nYou may export your data within {days} after the "
                "agreement ends, after which we delete it.\n")

    sooner = compare_analyses(analyze(parse_text(window("60 days"), source="d.md")),
                              analyze(parse_text(window("30 days"), source="e.md")))
    assert not [d for d in sooner.flag_deltas if d.effect == "better"]
    # ... but a shorter window to export is worse for the reader (a reviewer's provider agreement cut
    # "For 30 days after this Agreement ends, you may export …" to 7 days, and nothing was headlined)
    assert [(d.category, d.effect) for d in sooner.flag_deltas if "→" in d.headline] == [
        ("rights.access-deletion", "worse")]
    # the company's deadline to delete what the reader asked it to is no window: longer is worse (a video
    # platform's "within 30 days of your request" became 180 days, headlined "better for you")
    def deadline(days: str) -> str:
        return ("# Policy\n\n## 1. Your data\n\nYou may download a copy of your uploads and you may ask us "
                "to delete any upload. We will delete the material concerned, including any source file, "
                f"from our active systems within {days} of your request.\n")

    later = compare_analyses(analyze(parse_text(deadline("30 days"), source="f.md")),
                             analyze(parse_text(deadline("180 days"), source="g.md")))
    assert [(d.category, d.effect) for d in later.flag_deltas if "→" in d.headline] == [
        ("rights.access-deletion", "worse")]


def test_a_period_replaced_by_keeping_with_no_end_is_worse() -> None:
    """A rare-disease community's later terms kept health logs "for as long as needed for research
    integrity" where they had been deleted from backups "within a further 35 days": headlined as a
    rewording to read again, neither better nor worse."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    first = ("When you delete your account, your profile and contributions are deleted from our live systems "
             "within 90 days")
    old = parse_text(f"# Terms\n\n## 11. Deletion\n\n{first}, and from backups within a further 35 days. "
                     "Reports already delivered to sponsors are not withdrawn.\n", source="a.md")
    new = parse_text(f"# Terms\n\n## 11. Deletion\n\n{first}. Health logs and survey answers may be "
                     "retained for as long as needed for research integrity. Reports already delivered to "
                     "sponsors are not withdrawn.\n", source="b.md")
    [delta] = [d for d in compare_analyses(analyze(old), analyze(new)).flag_deltas
               if d.category == "data.retention"]
    assert delta.effect == "worse"
    assert delta.headline.endswith("data that had an end date may now be kept without one")
    assert "as long as needed" in delta.quote


def test_data_downloaded_by_others_and_kept_longer_or_without_a_period_is_worse() -> None:
    """An expert network's "Clients may retain Transcripts downloaded from the Client Portal for no longer
    than ninety (90) days" became ten years, and nothing was headlined ("downloaded" read as the reader's
    window to download); a speech app's recordings kept "for 12 months" became kept "until the child turns
    eighteen", headlined as a change in the clause's anonymity claim, neither better nor worse."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(kept: str) -> str:
        return ("# Terms\n\n## 4. Calls\n\nClients may retain transcripts downloaded from the client portal "
                f"{kept} after the call, after which they must delete them.\n")

    def headlined(old: str, new: str) -> list[tuple[str, str]]:
        deltas = compare_analyses(analyze(parse_text(version(old), source="a.md")),
                                  analyze(parse_text(version(new), source="b.md"))).flag_deltas
        return [(d.category, d.effect) for d in deltas]

    assert headlined("for no longer than ninety (90) days", "for up to ten (10) years") == [
        ("data.retention", "worse")]

    def recordings(kept: str) -> str:
        return ("# Policy\n\n## 10. Recordings\n\nWe keep voice recordings " f"{kept}, and then they are "
                "de-identified and kept in our training sets.\n")

    deltas = compare_analyses(analyze(parse_text(recordings("for 12 months"), source="c.md")),
                              analyze(parse_text(recordings("until the child turns eighteen"), source="d.md"))
                              ).flag_deltas
    assert [(d.category, d.effect) for d in deltas if "12 months" in d.headline] == [
        ("data.retention", "worse")]


def test_data_handed_to_more_organisations_is_worse() -> None:
    """A medical-tourism site's later terms sent each enquiry "to up to ten Matched Clinics" where it had gone
    to three, and nothing was headlined: a count of recipients was no figure."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(count: str) -> str:
        return ("# Terms\n\n## 5. Enquiries\n\nYour enquiry, with your photos, is made available to up to "
                f"{count} matched clinics, which may contact you directly.\n")

    deltas = compare_analyses(analyze(parse_text(version("three"), source="a.md")),
                              analyze(parse_text(version("ten"), source="b.md"))).flag_deltas
    assert [(d.category, d.effect) for d in deltas if "→" in d.headline] == [
        ("data.third-party-sharing", "worse")]


def test_a_shorter_time_to_delete_what_you_uploaded_is_worse() -> None:
    """An imaging service's "Within 30 days after your Report is delivered, you may delete any Study" cut to 7
    days was headlined "better for you", read as a retention period."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(days: str) -> str:
        return (f"# Terms\n\n## 12. Your studies\n\nWithin {days} after your report is delivered, you may "
                "delete any study from your account. Deletion removes the study and report from our active "
                "systems.\n")

    comparison = compare_analyses(analyze(parse_text(version("30 days"), source="a.md")),
                                  analyze(parse_text(version("7 days"), source="b.md")))
    assert [d.effect for d in comparison.flag_deltas if "→" in d.headline] == ["worse"]


def test_notice_dropped_before_a_closure_is_worse() -> None:
    """A home-care agency's "may discontinue service … on 48 hours' notice" became "with immediate effect":
    "No longer states ‘48 hours’ … read what it says now", neither better nor worse."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(when: str) -> str:
        return ("# Terms\n\n## 13. Ending service\n\nWe may discontinue service to a client or close any "
                f"account {when}, for any reason or for no reason, in our sole discretion.\n")

    comparison = compare_analyses(analyze(parse_text(version("on 48 hours' notice"), source="a.md")),
                                  analyze(parse_text(version("with immediate effect"), source="b.md")))
    assert [(d.category, d.effect) for d in comparison.flag_deltas if "48 hours" in d.headline] == [
        ("terms.unilateral-termination", "worse")]


def test_a_changed_figure_is_headlined_once_per_clause() -> None:
    """Instagram's "at least 30 days" notice dropped was told twice, for the change provision and for
    the acceptance-by-use one of the same paragraph."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(notice: str) -> str:
        return ("# Terms\n\n## 8. Updating These Terms\n\nWe may change these Terms. We will notify you "
                f"{notice}before the changes take effect, and if you continue to use the Service after "
                "that, you will be bound by the updated Terms.\n")

    old = analyze(parse_text(version("at least 30 days "), source="a.md"))
    new = analyze(parse_text(version(""), source="b.md"))
    figures = [d for d in compare_analyses(old, new).flag_deltas if "30 days" in d.headline]
    assert len(figures) == 1


def test_bulleted_items_relettered_after_one_is_removed_are_renumbered() -> None:
    """"• (d) research partners" becoming "• (c) research partners" once "(b)" goes is the same
    item under a new letter, not a reworded one (a version pair written for the test)."""
    from terms.parsing import parse_text

    def version(*items: str) -> Document:
        return parse_text("# Policy\n\n## 3. Sharing\n\nWe share data with:\n\n"
                          + "".join(f"- ({chr(97 + n)}) {item}\n" for n, item in enumerate(items)))

    old = version("service providers that host the app;", "data brokers who buy our lists;",
                  "research partners under contract.")
    new = version("service providers that host the app;", "research partners under contract.")
    kinds = [entry.kind for entry in compare(old, new).entries if entry.kind is not EntryKind.UNCHANGED]
    assert kinds == [EntryKind.REMOVED, EntryKind.RENUMBERED]


def test_reports_on_smaller_groups_are_headlined_as_worse() -> None:
    """A chatbot's reports for drug companies went from groups of "at least ten (10) Clinicians" to five:
    the anonymisation claim was a caution before and after, and the report said nothing of it."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    def version(size: str) -> str:
        return ("# Example Terms\n\n## 7. Partner reports\n\nPartners receive aggregated reports of the "
                "questions asked by clinicians of each specialty in each region. A report is produced only "
                f"for groups of at least {size} Clinicians.\n")

    old = analyze(parse_text(version("ten (10)"), source="v1.md"))
    new = analyze(parse_text(version("five (5)"), source="v2.md"))
    [delta] = [d for d in compare_analyses(old, new).flag_deltas if "→" in d.headline]
    assert delta.effect == "worse"
    assert delta.headline.startswith("Changes ‘10 Clinicians’ → ‘5 Clinicians’ in the claim that data is "
                                     "anonymous")


def test_a_protection_gone_is_not_still_found_in_a_choice_about_something_else() -> None:
    """A staffing app dropped the right to hide one's profile from named hospitals; the report said the
    choice was "still found elsewhere" because a marketing opt-out remained."""
    from terms.compare import compare_analyses
    from terms.flagging import analyze
    from terms.parsing import parse_text

    hide = ("## 6. Hiding your profile\n\nYou may hide your profile from any hospital you name in your "
            "account settings, and hidden hospitals cannot see your profile or ratings.\n\n")
    rest = "## 9. Marketing\n\nYou can opt out of our marketing e-mails at any time.\n"
    old = analyze(parse_text("# Example Terms\n\n" + hide + rest, source="v1.md"))
    new = analyze(parse_text("# Example Terms\n\n" + rest, source="v2.md"))
    gone = [d for d in compare_analyses(old, new).flag_deltas if d.category == "rights.choice"]
    assert gone and gone[0].headline.split(" (“")[0].endswith(": a protection you had is gone")
