"""An analysis as one self-contained HTML file (``clearterms analyze --format html``).

Every piece of document text is escaped, and the page carries a Content-Security-Policy that
forbids scripts and every external resource, so a document containing ``<script>`` or
``<img src=…>`` comes out as inert text and opening the report loads nothing from anywhere.
"""

from __future__ import annotations

from html import escape

from terms import __version__
from terms.flagging.analysis import Analysis
from terms.flagging.report import (
    COUNTS_NOTE,
    READABILITY_FORMULA,
    READING_TIME_SOURCE,
    concern_places,
    details,
    grade_line,
    heading,
    where,
)
from terms.flagging.summary import concerns_heading
from terms.model import Flag
from terms.rulepacks.schema import Group

SEVERITIES = ("concern", "caution", "info", "protective")

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
.meta { color: #555; } .small { color: #555; font-size: .85em; }
ol.concerns li, ul.protections li { margin: .5em 0; }
.sev { display: inline-block; min-width: 6.5em; padding: 0 .4em; border-radius: 3px; font-size: .8em;
       font-weight: 600; text-align: center; color: #fff; }
.sev.concern { background: #b3261e; } .sev.caution { background: #8a5a00; }
.sev.info { background: #4a5568; } .sev.protective { background: #1e6b3a; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .6em; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.flag { border-left: 4px solid #ccc; padding: .2em 0 .2em 1em; margin: 1.2em 0; }
.flag.concern { border-color: #b3261e; } .flag.caution { border-color: #8a5a00; }
.flag.protective { border-color: #1e6b3a; }
blockquote { margin: .4em 0; padding: .4em .8em; background: #f5f5f7; white-space: pre-wrap; }
mark { background: #ffe58a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; margin: .4em 0; }
dt { font-weight: 600; }
@media (prefers-color-scheme: dark) {
  body { color: #e8e8ea; background: #1c1c1e; } blockquote { background: #2c2c2e; }
  .meta, .small { color: #aaa; } mark { background: #7a6300; color: #fff; }
}
"""


def render_analysis_html(analysis: Analysis) -> str:
    """The summary, the counts per group and every flag with its clause and evidence marked."""
    s = analysis.summary
    title, line = heading(analysis)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — ClearTerms analysis</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(line)}</p>',
        f'<p class="small">{escape(grade_line(s))}<br>'
        f"Reading time at {escape(READING_TIME_SOURCE)}. {escape(READABILITY_FORMULA)}.</p>",
    ]
    concerns_title, note = concerns_heading(s)
    out.append(f"<h2>{escape(concerns_title)}</h2>")
    if note:
        out.append(f"<p>{escape(note)}</p>")
    if s.concerns:
        out.append('<ol class="concerns">')
        for c in s.concerns:
            places = concern_places(analysis, c)
            out.append(
                f'<li>{_badge(c.severity.value)} <strong>{escape(c.title)}</strong> ({escape(places)})'
                f"<br>{escape(c.explanation)}</li>"
            )
        out.append("</ol>")
    for heading_text, items in (("In your favour", s.protections), ("Also mentioned", s.notes)):
        if not items:
            continue
        out += [f"<h2>{heading_text}</h2>", '<ul class="protections">']
        for c in items:
            places = concern_places(analysis, c)
            caveat = f"<br>{escape(c.caveat)}" if c.caveat else ""
            out.append(f"<li>{_badge(c.severity.value)} {escape(c.title)} ({escape(places)}){caveat}</li>")
        out.append("</ul>")
    out += ["<h2>Flags per group</h2>", "<table><tr><th>group</th>"
            + "".join(f"<th>{k}</th>" for k in SEVERITIES) + "</tr>"]
    for group in Group:
        counts = s.counts.get(group.title, {})
        out.append(f"<tr><td>{escape(group.title)}</td>"
                   + "".join(f"<td>{counts.get(k, 0)}</td>" for k in SEVERITIES) + "</tr>")
    out.append("</table>")
    out.append(f"<p><small>Flags per group: {escape(COUNTS_NOTE)}.</small></p>")
    if analysis.flags:
        out.append("<h2>Flags in document order</h2>")
    for flag in analysis.flags:
        out.append(_flag_html(analysis, flag))
    pack = analysis.pack
    doc = analysis.document
    out += [
        f'<p class="small">Document sha256 {escape(doc.sha256)} · rule pack {escape(pack.id)} '
        f"{escape(pack.version)} (sha256 {escape(pack.sha256)}) · made by ClearTerms {escape(__version__)}, "
        "which reads the document on your computer only.</p>",
        "</body></html>",
    ]
    return "\n".join(out) + "\n"


def _badge(severity: str) -> str:
    return f'<span class="sev {severity}">{severity}</span>'


def _flag_html(analysis: Analysis, flag: Flag) -> str:
    sev = flag.severity.value
    rows = [*details(flag, analysis), ("Why flagged", f"{flag.reason} ({flag.category})")]
    return "".join([
        f'<div class="flag {sev}"><h3>{escape(where(analysis, flag.clause_id))}: '
        f"{escape(analysis.flag_title(flag))} "
        f"{_badge(sev)}</h3>",
        f"<blockquote>{_clause_with_evidence(analysis, flag)}</blockquote>",
        f"<p>{escape(flag.explanation)}</p>",
        "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows) + "</dl>",
        "</div>",
    ])


def _clause_with_evidence(analysis: Analysis, flag: Flag) -> str:
    """The flagged clause's text, escaped, with the evidence spans inside it marked."""
    doc = analysis.document
    if not doc.has_clause(flag.clause_id):
        return " … ".join(escape(q) for q in flag.quotes(doc.text))
    clause = doc.clause(flag.clause_id)
    spans = sorted((max(a, clause.start), min(b, clause.end)) for a, b in flag.evidence
                   if a < clause.end and b > clause.start)
    parts: list[str] = []
    pos = clause.start
    for a, b in spans:
        if a < pos:  # overlapping spans: mark the union once
            a = pos
        if a >= b:
            continue
        parts += [escape(doc.text[pos:a]), "<mark>", escape(doc.text[a:b]), "</mark>"]
        pos = b
    parts.append(escape(doc.text[pos:clause.end]))
    return "".join(parts)
