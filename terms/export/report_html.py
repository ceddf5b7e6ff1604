"""The consent report as HTML: what the PDF shows (``desktop.pdf_report`` renders it with Qt).

Kept to the HTML subset Qt's rich text understands (tables, headings, simple
CSS). Every value from the store is escaped, and notes keep their line breaks. Per
member: each question's answer as it stands now; the decisions per document version, each
with the document's SHA-256 and the clauses shown (a clause bearing on several topics quoted
once), the consents awaiting re-review; and the most recent events of the log (bounded by
``max_events``; the JSON export holds the complete log). Versions are named with their SHA-256
prefix wherever a name stands alone, since two versions may share a title and label.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from terms.consent.clauses import leading_number
from terms.consent.model import ClauseRef, ConsentEvent, ConsentStatus, Snapshot, StoredDocument, VerifyReport
from terms.consent.store import newest_of
from terms.export.decisions import ending, latest_by_document, next_events, superseding_events, version_name
from terms.topics import Topic
from terms.wording import count

#: A decision's colour says its state, as the app's status badges do (desktop.gui.views.consent_view):
#: green, given and in force (data may flow); red, refused or withdrawn (it may not); amber, a consent
#: that lapsed (invalidated by a change of the terms, or expired) and waits for the member; grey, a
#: decision no longer current (replaced by a later one). Dark enough to read on paper and on white.
_STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 14pt; } h3 { font-size: 11pt; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 3px; vertical-align: top; }
th { background: #e8e8e8; }
.given { color: #1b5e20; } .refused, .withdrawn { color: #8a1c1c; } .invalidated, .expired { color: #8a5a00; }
.superseded { color: #5f5f5f; }
.time { white-space: nowrap; }
.mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 7pt; }
.quote { font-style: italic; }
"""


def report_html(
    snapshot: Snapshot,
    topics: Iterable[Topic],
    *,
    now: str,
    verify: VerifyReport | None = None,
    member: str | None = None,
    max_events: int = 200,
) -> str:
    """The report for every member, or only ``member``; ``now`` decides expiry."""
    questions = {t.id: t.question for t in topics}
    docs = {d.sha256: d for d in snapshot.documents}
    members = [m.name for m in snapshot.members if member is None or m.name == member]
    # a report for one member (an access request) tells nothing of the others: neither how much
    # they decided nor on which services
    events = [e for e in snapshot.events if member is None or e.member == member]
    decided_on = {e.document_sha256 for e in events}
    documents = [d for d in snapshot.documents if member is None or d.sha256 in decided_on]
    whose, which = ("", "") if member is None else (" of this member", " that they decided on")
    out = ["<html><head><meta charset='utf-8'><title>ClearTerms consent report</title>",
           f"<style>{_STYLE}</style></head><body>", "<h1>ClearTerms consent report</h1>",
           f"<p>Generated {_time(now)}. {count(len(events), 'event')}{whose} in the log, "
           f"{count(len(documents), 'document version')} stored{which}.</p>"]
    if verify is not None:
        verdict = (f"The hash chain verifies ({count(verify.events, 'event')}, head {verify.head_hash})."
                   if verify.ok else f"THE HASH CHAIN DOES NOT VERIFY: {verify.problem}")
        out.append(f"<p><b>{escape(verdict)}</b></p>")
    latest = latest_by_document(snapshot.events)
    superseded = superseding_events(snapshot)
    following = next_events(snapshot)
    histories: dict[str, list[ConsentEvent]] = {name: [] for name in members}
    for event in snapshot.events:
        if event.member in histories:
            histories[event.member].append(event)
    for name in members:
        out.append(f"<h2>Member: {escape(name)}</h2>")
        out += _in_force(histories[name], docs, questions, now)
        out += _decisions(name, latest, docs, questions, now, superseded, following)
        out += _history(histories[name], docs, questions, max_events, now)
    out.append(_documents(documents))
    out.append("</body></html>")
    return "\n".join(out) + "\n"   # a text file's final newline, as the command line writes it


def _status(event: ConsentEvent, now: str) -> ConsentStatus:
    if event.status.permits and event.expires_at and event.expires_at <= now:
        return ConsentStatus.EXPIRED
    return event.status


def _time(stamp: str) -> str:
    """A stored UTC time for people: date and time to the second, neither ever split across lines.

    ``2026-12-01T23:26:27.342409Z`` reads ``2026-12-01 23:26:27 UTC`` (a line may break only
    between date and time); the exact value is in the JSON and CSV exports.
    """
    date, _, rest = stamp.partition("T")
    clock = rest.split(".")[0].rstrip("Z")
    if not clock:
        return f"<span class='time'>{escape(stamp)}</span>"
    return f"<span class='time'>{escape(date)}</span> <span class='time'>{escape(clock)}&nbsp;UTC</span>"


def _table(*columns: tuple[str, int]) -> str:
    """A full-width table's opening and header row; each column is (heading, percent of the width)."""
    heads = "".join(f"<th width='{percent}%'>{escape(head)}</th>" for head, percent in columns)
    return f"<table width='100%' cellspacing='0' cellpadding='3'><tr>{heads}</tr>"


def _decisions(name: str, latest: dict[tuple[str, str], dict[str, ConsentEvent]],
               docs: dict[str, StoredDocument], questions: dict[str, str], now: str,
               superseded: dict[str, ConsentEvent], following: dict[str, ConsentEvent]) -> list[str]:
    out: list[str] = []
    for (who, sha), decisions in latest.items():
        if who != name:
            continue
        doc = docs[sha]
        out.append(f"<h3>{escape(version_name(doc))}</h3>")
        out.append(f"<p>Document SHA-256: <span class='mono'>{escape(sha)}</span></p>")
        # the Decision column holds "dpv:ConsentInvalidated" (7 pt monospace) on one line
        out.append(_table(("Topic", 16), ("Decision", 22), ("Recorded", 15), ("Clauses shown", 47)))
        quoted: set[tuple[str, str]] = set()   # a clause bearing on several topics is quoted once per version
        for topic, event in decisions.items():
            status = _status(event, now)
            if status is ConsentStatus.INVALIDATED:   # the store's act, on a version the member never saw
                label = f"{ending(event, docs)} — needs re-review"
                clauses = "(none shown: the member has not decided on this topic in this version)"
            else:
                label = status.value
                clauses = ("<br/>".join(_clause(c, quoted) for c in event.clauses)
                           or "(no clause bore on this topic)")
            review, tone = "", status.value
            if event.hash in superseded:
                # what ended it (as the FHIR export's "ended-by" names it), then the decision now
                later, ended_by = superseded[event.hash], following[event.hash]
                later_doc = docs.get(later.document_sha256)
                now_is = (f"{later.status.value} (#{later.seq}) on "
                          f"{version_name(later_doc) if later_doc else later.document_sha256[:12]}")
                review += (f" — no longer current: {now_is}" if ended_by is later else
                           f" — no longer current: ended by event #{ended_by.seq} "
                           f"({ended_by.status.value}); now {now_is}")
                tone = "superseded"
            out.append(
                f"<tr><td>{escape(questions.get(topic, topic))}</td>"
                f"<td class='{tone}'>{escape(label)}{escape(review)}<br/>"
                f"<span class='mono'>{escape(status.dpv)}</span>{_expiry(event, now)}</td>"
                f"<td>{_time(event.recorded_at)}<br/>{escape(event.method)}</td><td>{clauses}</td></tr>")
            if event.note:   # the whole width: a long note in a narrow column ran over pages
                out.append(f"<tr><td colspan='4'><i>Note:</i> {_note(event.note)}</td></tr>")
        out.append("</table>")
    return out


def _in_force(events: list[ConsentEvent], docs: dict[str, StoredDocument], questions: dict[str, str],
              now: str) -> list[str]:
    """The member's answer to each question of each document as it stands now, first: what a
    reader of the report asks before the record of how it came to be. A consent the terms changed
    under is nothing in force, and says when and on which version it was given; a refusal given on
    an older version says that it stands for the newer one."""
    current: dict[tuple[str, str], ConsentEvent] = {}
    allowed: dict[tuple[str, str], ConsentEvent] = {}   # the last consent given, for a lapsed one
    for event in events:   # in log order: the last one stands
        doc = docs.get(event.document_sha256)
        key = (doc.series if doc else event.document_sha256, event.topic)
        current[key] = event
        if event.status is ConsentStatus.GIVEN:
            allowed[key] = event
    if not current:
        return ["<p>No decision recorded.</p>"]
    versions: dict[str, list[StoredDocument]] = {}
    for doc in docs.values():   # in the order stored
        versions.setdefault(doc.series, []).append(doc)
    order = {topic: n for n, topic in enumerate(questions)}
    series_order = {series: n for n, (series, _) in enumerate(dict.fromkeys(current))}
    out = ["<h3>In force now</h3>",
           _table(("Question", 34), ("Now", 30), ("Answered on the version", 20), ("When", 16))]
    for key in sorted(current, key=lambda k: (series_order[k[0]], order.get(k[1], len(order)), k[1])):
        event = current[key]
        status = _status(event, now)
        answer, tone = event, status.value
        if status is ConsentStatus.INVALIDATED and key in allowed:
            answer = allowed[key]
            # the newer version is named under its own heading below: the row names the answer's
            text = (f"nothing in force: allowed, then the terms changed (a newer version stored "
                    f"{_time(event.recorded_at)}); not answered again yet")
        elif status is ConsentStatus.EXPIRED:
            text = f"nothing in force: allowed until {_time(event.expires_at or '')}"
        elif status in (ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN):
            text = escape(status.value)
            doc = docs.get(event.document_sha256)
            newest = newest_of(tuple(versions[key[0]])) if key[0] in versions else None
            if doc is not None and newest is not None and newest.sha256 != doc.sha256:
                label = newest.version_label or newest.effective_date or "stored later"
                text += f"; it stands for the newer version {escape(label)} [{newest.sha256[:12]}]"
        else:
            text = "allowed" if status is ConsentStatus.GIVEN else escape(status.value)
        doc = docs.get(answer.document_sha256)
        out.append(f"<tr><td>{escape(questions.get(key[1], key[1]))}</td>"
                   f"<td class='{tone}'>{text}</td>"   # HTML already: its parts are escaped above
                   f"<td>{escape(version_name(doc) if doc else answer.document_sha256[:12])}</td>"
                   f"<td>{_time(answer.recorded_at)}</td></tr>")
    out.append("</table>")
    return out


def _expiry(event: ConsentEvent, now: str) -> str:
    """The consent's end date, if it has one: "expires …", or "expired …" once it has passed."""
    if not event.expires_at:
        return ""
    verb = "expired" if event.expires_at <= now else "expires"
    return f"<br/>{verb} {_time(event.expires_at)}"


def _note(note: str, limit: int | None = None) -> str:
    """A note, escaped, with its line breaks; cut after ``limit`` characters if one is given."""
    shown = note if limit is None or len(note) <= limit else note[:limit]
    text = escape(shown).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")
    if shown != note:
        text += f"… <i>({len(note):,} characters in all: the CSV and JSON exports hold the whole note)</i>"
    return text


def _clause(ref: ClauseRef, quoted: set[tuple[str, str]]) -> str:
    """A clause shown: its number in bold once ("<b>7.2</b> Clients…"), else its id then the quote;
    a clause of ``quoted`` (ids and fingerprints: a boilerplate sentence may stand in two clauses)
    by its number alone, and it joins them."""
    number = leading_number(ref)
    if (ref.clause_id, ref.fingerprint) in quoted:
        return f"<b>{escape(number or ref.clause_id)}</b> (quoted above)"
    quoted.add((ref.clause_id, ref.fingerprint))
    if number:
        rest = ref.quote.lstrip()[len(number):].lstrip()
        return f"<b>{escape(number)}</b> <span class='quote'>{escape(rest)}</span>"
    return f"<b>{escape(ref.clause_id)}</b>: <span class='quote'>{escape(ref.quote)}</span>"


#: A history row's status: the store's invalidations are named as its own acts.
_STATUS_BY = {status: status.value for status in ConsentStatus} | {
    ConsentStatus.INVALIDATED: "invalidated by the store"}
#: How much of a note a history row shows (the decisions table and the CSV and JSON exports show it all).
HISTORY_NOTE_CHARS = 300


def _history(events: list[ConsentEvent], docs: dict[str, StoredDocument], questions: dict[str, str],
             max_events: int, now: str) -> list[str]:
    shown = events[-max_events:] if max_events else []
    out = [f"<h3>History ({count(len(events), 'event')}"
           + (f", the latest {len(shown):,} shown" if len(shown) < len(events) else "") + ")</h3>",
           _table(("#", 4), ("Time", 15), ("Topic", 25), ("Status", 16), ("Document", 21),
                  ("Event hash", 19))]
    for e in shown:
        doc = docs.get(e.document_sha256)
        note = f"<br/>{_note(e.note, HISTORY_NOTE_CHARS)}" if e.note else ""
        out.append(
            f"<tr><td>{e.seq}</td><td>{_time(e.recorded_at)}</td>"
            f"<td>{escape(questions.get(e.topic, e.topic))}{note}</td>"
            f"<td class='{e.status.value}'>{escape(_STATUS_BY[e.status])}{_expiry(e, now)}</td>"
            f"<td>{escape(version_name(doc) if doc else e.document_sha256)}</td>"
            f"<td class='mono'>{escape(e.hash[:16])}…</td></tr>")
    out.append("</table>")
    return out


def _documents(documents: Iterable[StoredDocument]) -> str:
    rows = "".join(
        f"<tr><td>{escape(version_name(d))}</td><td>{escape(d.about)}</td><td>{_time(d.added_at)}</td>"
        f"<td class='mono'>{escape(d.sha256)}</td></tr>" for d in documents)
    return ("<h2>Document versions stored</h2>"
            + _table(("Document", 29), ("Kind", 25), ("Added", 15), ("SHA-256", 31)) + f"{rows}</table>")
