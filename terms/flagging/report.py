"""An analysis as JSON-ready data, plain text or Markdown (``clearterms analyze``)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from terms import __version__
from terms.errors import TermsError
from terms.flagging.analysis import Analysis
from terms.flagging.summary import WORDS_PER_MINUTE, Concern, Summary, concerns_heading
from terms.labels import clause_label, places
from terms.model import Flag
from terms.rulepacks.scan import sentence_spans
from terms.rulepacks.schema import Group
from terms.wording import count

READING_TIME_SOURCE = (
    f"{WORDS_PER_MINUTE} words per minute: Brysbaert (2019), J. Memory and Language 109, 104047"
)
READABILITY_FORMULA = (
    "Flesch reading ease = 206.835 − 1.015 × words per sentence − 84.6 × syllables per word "
    "(higher is easier; 60–70 is plain English; kept within 0–100)"
)


@lru_cache(maxsize=1)
def _topics() -> tuple[Any, ...]:
    from terms.topics import load_topics

    try:
        return load_topics()
    except TermsError:
        return ()


def flag_topics(analysis: Analysis, flag: Flag) -> tuple[str, ...]:
    """Consent topic ids a flag bears on: the pack's links plus those of topics.yaml."""
    from terms.topics import topics_for_flag

    linked = [t.id for t in topics_for_flag(flag, _topics())]
    return tuple(dict.fromkeys([*analysis.category(flag.category).topics, *linked]))


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    doc = analysis.document
    summary = analysis.summary
    pack = analysis.pack
    return {
        "document": {
            "title": doc.title,
            "service": doc.service,
            "kind": doc.kind.value,
            "format": doc.format.value,
            "source": doc.source,
            "effective_date": doc.effective_date,
            "sha256": doc.sha256,
            "clauses": len(doc.clauses),
        },
        "rule_pack": {
            "id": pack.id,
            "version": pack.version,
            "sha256": pack.sha256,
            "files": [
                {"id": s.id, "name": s.name, "version": s.version, "sha256": s.sha256, "path": s.path}
                for s in pack.sources
            ],
        },
        "summary": {
            "top_concerns": [_concern_dict(c) for c in summary.concerns],
            "protections": [_concern_dict(c) for c in summary.protections],
            "notes": [_concern_dict(c) for c in summary.notes],
            "counts": summary.counts,
            "words": summary.words,
            "sentences": summary.sentences,
            "reading_minutes": summary.reading_minutes,
            "reading_time_source": READING_TIME_SOURCE,
            # (the Flesch formula counts English syllables: for other text there is no score)
            "reading_ease": summary.reading_ease if summary.english else None,
            "reading_ease_label": summary.reading_ease_label if summary.english else None,
            "readability_formula": READABILITY_FORMULA,
            "grade": summary.grade,
            "grade_points": summary.grade_points,
            "grade_formula": summary.grade_formula,
            "not_graded": summary.not_graded,
            "english": summary.english,
        },
        "flags": [_flag_dict(analysis, f) for f in analysis.flags],
    }


def _concern_dict(concern: Concern) -> dict[str, Any]:
    return {
        "category": concern.category,
        "title": concern.title,
        "group": concern.group.value,
        "severity": concern.severity.value,
        "explanation": concern.explanation,
        "clauses": list(concern.clause_ids),
        "count": concern.count,
        "caveat": concern.caveat or None,
    }


def _flag_dict(analysis: Analysis, flag: Flag) -> dict[str, Any]:
    category = analysis.category(flag.category)
    return {
        "category": flag.category,
        "title": analysis.flag_title(flag),
        "group": category.group.value,
        "severity": flag.severity.value,
        "clause_id": flag.clause_id,
        "evidence": [[a, b] for a, b in flag.evidence],
        "quotes": flag.quotes(analysis.document.text),
        "rule": flag.rule,
        "rules": list(flag.rules),
        "reason": flag.reason,
        "explanation": flag.explanation,
        "parties": list(flag.parties),
        "data": list(flag.data),
        "purposes": list(flag.purposes),
        "way_out": list(flag.way_out),
        "mitigation": flag.mitigation,
        "topics": list(flag_topics(analysis, flag)),
        "confidence": flag.confidence,
    }


#: what the reports' counts per group are, beside the app's chart of places, which counts each kind
#: the summary lists once per clause (a reader who saw "11 caution" here and "4" there asked why)
COUNTS_NOTE = ("every flag at its own severity; the app's chart counts places instead: each kind the "
               "summary lists, once per clause where it is found at the severity it is listed with")


def where(analysis: Analysis, clause_id: str) -> str:
    """How a reader finds a clause: "§7.3", or its place ("paragraph 2 of “Sharing”")."""
    doc = analysis.document
    return clause_label(doc.clause(clause_id), doc) if doc.has_clause(clause_id) else f"clause {clause_id}"


def where_all(analysis: Analysis, clause_ids: Sequence[str]) -> str:
    """Several clauses at once, unnumbered ones grouped by their heading (see :func:`places`)."""
    return places(analysis.document, clause_ids)


#: places listed for one summary entry; a cookie bullet repeated in thirteen lists would bury the rest
SHOWN_PLACES = 6


def reading_time(summary: Summary) -> str:
    """"about 7 min", or "under a minute" (a note of two words read "about 1 min", its JSON 0.0)."""
    minutes = round(summary.reading_minutes)
    return "under a minute" if minutes < 1 else f"about {minutes} min"


def concern_places(analysis: Analysis, concern: Concern) -> str:
    """Where a summary entry is found: the first :data:`SHOWN_PLACES` places, and how many more."""
    shown = where_all(analysis, concern.clause_ids[:SHOWN_PLACES])
    more = len(concern.clause_ids) - SHOWN_PLACES
    return f"{shown} and {more} more" if more > 0 else shown


#: a quoted sentence longer than this is cut to the stretch around the evidence
QUOTED_SENTENCE_CHARS = 400
#: sentences of a clause a flag's quote shows: one paragraph of 2 MB held the evidence of one flag in
#: 50,000 sentences, and quoting them all made the report a copy of the paragraph
QUOTED_SENTENCES = 4


def _quote(analysis: Analysis, flag: Flag, mark: Callable[[str], str] | None = None,
           escape: Callable[[str], str] = str) -> str:
    """The sentences of the clause that hold the flag's evidence, as the document words them, with
    the evidence passed through ``mark`` (Markdown's bold) and the rest through ``escape``.

    The evidence alone ("We … may … refuse … membership") reads as a quotation but is not one: a
    memo pasting it would misquote the document, and the facts around it ("for seven years")
    were left out. A run-on sentence is cut between words, each cut marked "…".
    """
    text = analysis.document.text
    evidence = sorted(flag.evidence)
    if not evidence or not analysis.document.has_clause(flag.clause_id):
        return " … ".join(" ".join(q.split()) for q in flag.quotes(text))
    clause = analysis.document.clause(flag.clause_id)
    spans = [(a, b) for a, b in _sentences(text, clause.start, clause.end)
             if _evidence_in(evidence, a, b)]
    if not spans:
        spans = [(evidence[0][0], evidence[-1][1])]
    pieces = []
    for start, end in spans[:QUOTED_SENTENCES]:
        inside = _evidence_in(evidence, start, end)
        head = tail = ""
        if end - start > QUOTED_SENTENCE_CHARS:  # a run-on sentence: the stretch around its evidence
            cut_start = max(start, inside[0][0] - QUOTED_SENTENCE_CHARS // 4)
            cut_end = min(end, max(inside[-1][1] + QUOTED_SENTENCE_CHARS // 4,
                                   cut_start + QUOTED_SENTENCE_CHARS))
            if cut_start > start:   # from the first whole word
                cut_start = min(_word_start(text, cut_start, end), inside[0][0])
                head = "…"
            if cut_end < end:       # to the last whole word
                cut_end = max(_word_end(text, start, cut_end), inside[-1][1])
                tail = "…"
            start, end = cut_start, cut_end
        pieces.append(head + _marked(text, start, end, inside, mark, escape) + tail)
    more = len(spans) - QUOTED_SENTENCES
    if more > 0:
        pieces.append(f"(and {more:,} more sentence{'s' if more > 1 else ''} of this clause)")
    return " … ".join(pieces)


def _evidence_in(evidence: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``evidence`` (sorted, short) that overlap ``start``–``end``, found by bisection:
    a long paragraph has thousands of spans and thousands of sentences."""
    found = []
    for at in range(max(bisect.bisect_left(evidence, (start, start)) - 1, 0), len(evidence)):
        a, b = evidence[at]
        if a >= end:
            break
        if b > start:
            found.append((a, b))
    return found


def _word_start(text: str, at: int, end: int) -> int:
    """``at``, moved on to the start of the next word unless a word starts there."""
    if at == 0 or text[at - 1].isspace():
        return at
    while at < end and not text[at].isspace():
        at += 1
    while at < end and text[at].isspace():
        at += 1
    return at


def _word_end(text: str, start: int, at: int) -> int:
    """``at``, moved back to the end of the previous word unless a word ends there."""
    if at >= len(text) or text[at].isspace():
        return at
    while at > start and not text[at - 1].isspace():
        at -= 1
    while at > start and text[at - 1].isspace():
        at -= 1
    return at


@lru_cache(maxsize=64)
def _sentences(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """A clause's sentences, cut once for all its flags (a long paragraph may hold hundreds)."""
    return tuple(sentence_spans(text, start, end))


def _marked(text: str, start: int, end: int, evidence: list[tuple[int, int]],
            mark: Callable[[str], str] | None, escape: Callable[[str], str]) -> str:
    joined: list[tuple[int, int]] = []  # spans only whitespace apart are marked as one
    for a, b in evidence:
        a, b = max(a, start), min(b, end)
        if a >= b:
            continue
        if joined and a >= joined[-1][1] and not text[joined[-1][1]:a].strip():
            joined[-1] = (joined[-1][0], b)
        elif not joined or a >= joined[-1][1]:
            joined.append((a, b))
    out: list[str] = []
    at = start
    for a, b in joined:
        out.append(escape(text[at:a]))
        out.append(mark(escape(text[a:b])) if mark else escape(text[a:b]))
        at = b
    out.append(escape(text[at:end]))
    return " ".join("".join(out).split())


def details(flag: Flag, analysis: Analysis) -> list[tuple[str, str]]:
    """Who / what / why / way out of a flag, only the rows that have a value."""
    rows = [
        ("Who", ", ".join(flag.parties)),
        ("What", ", ".join(flag.data)),
        ("Why", ", ".join(flag.purposes)),
    ]
    if flag.way_out:
        rows.append(("Way out", where_all(analysis, flag.way_out)))
    return [(k, v) for k, v in rows if v]


def heading(analysis: Analysis) -> tuple[str, str]:
    """The report's title and its one-line reading time / readability / grade."""
    doc = analysis.document
    s = analysis.summary
    title = doc.display_name
    line = (
        f"{s.words:,} words, {reading_time(s)} to read; "
        + readability(s) + "; "
        + ("not graded" if s.not_graded else f"grade {s.grade}")
    )
    return title, line


def readability(s: Summary, formula: bool = False) -> str:
    """The reading-ease score in words; the Flesch formula counts English syllables, so a
    document in another language gets none."""
    if not s.english:
        return "readability not measured (the formula is for English)"
    return f"readability {s.reading_ease:.0f} ({s.reading_ease_label})" + (
        f". {READABILITY_FORMULA}." if formula else "")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def grade_line(s: Summary, bold: bool = False) -> str:
    """The grade and how it is computed, or why there is none."""
    if s.not_graded:
        return f"Not graded. {s.not_graded}"
    grade = f"**{s.grade}**" if bold else s.grade
    return f"Grade {grade} ({count(s.grade_points, 'point')}). How: {s.grade_formula}"


def render_analysis_text(analysis: Analysis, outline: str | None = None) -> str:
    """A plain-text report; ``outline`` (e.g. from terms.outline) is included when given."""
    s = analysis.summary
    title, line = heading(analysis)
    out = [title, "=" * len(title), line, ""]
    out.append(grade_line(s))
    out.append(f"Reading time at {READING_TIME_SOURCE}. {READABILITY_FORMULA}.")
    out.append("")
    concerns_title, note = concerns_heading(s)
    out += [concerns_title, "-" * len(concerns_title)]
    if note:
        out.append(note)
    for n, c in enumerate(s.concerns, 1):
        places = concern_places(analysis, c)
        out.append(f"{n}. [{c.severity.value}] {c.title} ({places})")
        out.append(f"   {c.explanation}")
    for heading_text, items in (("In your favour", s.protections), ("Also mentioned", s.notes)):
        if items:
            out += ["", heading_text, "-" * len(heading_text)]
        for c in items:
            places = concern_places(analysis, c)
            out.append(f"- {c.title} ({places})")
            if c.caveat:
                out.append(f"  {c.caveat}")
    out += ["", "Flags per group", f"  ({COUNTS_NOTE})"]
    for group in Group:
        counts = s.counts.get(group.title, {})
        parts = [f"{n} {sev}" for sev, n in counts.items() if n]
        out.append(f"  {group.title}: {', '.join(parts) if parts else 'none'}")
    if outline:
        out += ["", "Outline", "-" * 7, outline.rstrip()]
    if analysis.flags:
        out += ["", "Flags in document order", "-" * 23]
    for flag in analysis.flags:
        out.append(
            f"{where(analysis, flag.clause_id)}  {flag.severity.value.upper()}  {analysis.flag_title(flag)} "
            f"[{flag.category}]"
        )
        out.append(f"    “{_quote(analysis, flag)}”")
        out.append(f"    {flag.explanation}")
        for key, value in details(flag, analysis):
            out.append(f"    {key}: {value}")
        out.append(f"    Why flagged: {flag.reason}")
    pack = analysis.pack
    # the whole hash: the footer is what proves which rules read the document
    out += ["", f"Rule pack {pack.id} {pack.version} (sha256 {pack.sha256}); ClearTerms {__version__}"]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Escape text from the document so it cannot become Markdown or HTML markup."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def render_analysis_markdown(analysis: Analysis, outline: str | None = None) -> str:
    """A Markdown report; ``outline`` is included verbatim (it is Markdown already) when given."""
    s = analysis.summary
    title, line = heading(analysis)
    out = [f"# {_md(title)}", "", line, ""]
    concerns_title, note = concerns_heading(s)
    out += [f"## {concerns_title}", ""]
    if note:
        out += [note, ""] if s.concerns else [note]
    for n, c in enumerate(s.concerns, 1):
        places = concern_places(analysis, c)
        out.append(f"{n}. **{_md(c.title)}** ({c.severity.value}; {_md(places)}): {_md(c.explanation)}")
    for heading_text, items in (("In your favour", s.protections), ("Also mentioned", s.notes)):
        if items:
            out += ["", f"## {heading_text}", ""]
        for c in items:
            places = concern_places(analysis, c)
            out.append(f"- **{_md(c.title)}** ({_md(places)})" + (f": {_md(c.caveat)}" if c.caveat else ""))
    out += [
        "",
        "## At a glance",
        "",
        "| group | concern | caution | info | protective |",
        "|---|---|---|---|---|",
    ]
    for group in Group:
        counts = s.counts.get(group.title, {})
        out.append(
            f"| {group.title} | "
            + " | ".join(str(counts.get(k, 0)) for k in ("concern", "caution", "info", "protective"))
            + " |"
        )
    out += ["", f"Flags per group: {COUNTS_NOTE}."]
    out += [
        "",
        f"- {grade_line(s, bold=True)}",
        f"- Reading time: {reading_time(s)} ({READING_TIME_SOURCE}).",
        f"- {_capitalised(readability(s, formula=True))}",
    ]
    if outline:
        out += ["", "## Outline", "", outline.rstrip()]
    if analysis.flags:
        out += ["", "## Flags in document order"]
    for flag in analysis.flags:
        named = analysis.flag_title(flag)
        out += [
            "",
            f"### {_md(where(analysis, flag.clause_id))}: {_md(named)} ({flag.severity.value})",
            "",
            f"> {_quote(analysis, flag, mark=lambda words: f'**{words}**', escape=_md)}",
            "",
            _md(flag.explanation),
            "",
        ]
        for key, value in details(flag, analysis):
            out.append(f"- {key}: {_md(value)}")
        out.append(f"- Why flagged: {_md(flag.reason)} (`{flag.category}`)")
    pack = analysis.pack
    out += ["", f"_Rule pack {_md(pack.id)} {_md(pack.version)}, sha256 `{pack.sha256}`; ClearTerms "
            f"{_md(__version__)}_"]
    return "\n".join(out) + "\n"
