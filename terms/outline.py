"""A parsed document's outline as JSON-ready data, indented text or Markdown.

These renderers are the composable core of ``clearterms analyze``: other parts of
the report (flags, summaries) are added next to the outline by their own modules.
The JSON shape is documented in docs/json-format.md.
"""

from __future__ import annotations

from typing import Any

from terms.model import Clause, ClauseKind, Document
from terms.wording import count

OUTLINE_SCHEMA = "clearterms.outline/1"
_SNIPPET = 72


def document_summary(document: Document) -> dict[str, Any]:
    """The document's metadata and its extracted text (what clause and evidence offsets index)."""
    return {
        "title": document.title,
        "service": document.service,
        "kind": str(document.kind),
        "format": str(document.format),
        "effective_date": document.effective_date,
        "date_text": document.date_text,
        "source": document.source,
        "source_sha256": document.source_sha256,
        "sha256": document.sha256,
        "characters": len(document.text),
        "clause_count": len(document.clauses),
        "text": document.text,
    }


def clause_to_dict(clause: Clause) -> dict[str, Any]:
    return {
        "id": clause.id,
        "kind": str(clause.kind),
        "number": clause.number,
        "heading": clause.heading,
        "heading_path": list(clause.heading_path),
        "parent_id": clause.parent_id,
        "depth": clause.depth,
        "start": clause.start,
        "end": clause.end,
        "fingerprint": clause.fingerprint,
        "text": clause.text,
    }


def outline_to_dict(document: Document) -> dict[str, Any]:
    """``{"schema", "document": {...metadata}, "clauses": [...]}``, ready for ``json.dumps``."""
    return {
        "schema": OUTLINE_SCHEMA,
        "document": document_summary(document),
        "clauses": [clause_to_dict(c) for c in document.clauses],
    }


def _snippet(text: str, width: int = _SNIPPET) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def metadata_line(document: Document) -> str:
    """One line: title, kind, format, stated date and counts."""
    parts = [document.display_name, str(document.kind), str(document.format)]
    if document.service:
        parts.insert(1, f"service: {document.service}")
    if document.effective_date:
        parts.append(f"effective {document.effective_date}")
    parts.append(count(len(document.clauses), "clause"))
    parts.append(count(len(document.text), "character"))
    parts.append(f"sha256 {document.sha256[:12]}")
    return " · ".join(parts)


def _clause_line(clause: Clause) -> str:
    if clause.kind == ClauseKind.HEADING:
        label = f"{clause.number} {clause.heading}" if clause.number else (clause.heading or "")
        return f"§ {_snippet(label)}  [{clause.id}]"
    return f"{_snippet(clause.text)}  [{clause.id}]"


def render_outline_text(document: Document) -> str:
    """An indented outline: one line per clause, headings marked with §, ids in brackets."""
    lines = [metadata_line(document), ""]
    lines.extend("  " * c.depth + _clause_line(c) for c in document.clauses)
    return "\n".join(lines) + "\n"


def render_outline_markdown(document: Document, title: bool = True) -> str:
    """A Markdown outline: headings as nested bullets in bold, clauses under them with their ids.

    ``title=False`` leaves out the ``# title`` line, for embedding under a report's own heading.
    """
    lines = [f"# {_escape(document.display_name)}", ""] if title else []
    meta = [f"- Kind: {document.kind}", f"- Format: {document.format}"]
    if document.service:
        meta.append(f"- Service: {document.service}")
    if document.effective_date:
        meta.append(f"- Effective: {document.effective_date} ({_snippet(document.date_text or '', 60)})")
    meta.append(f"- Clauses: {len(document.clauses)}")
    meta.append(f"- SHA-256 of text: `{document.sha256}`")
    lines.extend(meta)
    lines.append("")
    for clause in document.clauses:
        indent = "  " * clause.depth
        if clause.kind == ClauseKind.HEADING:
            lines.append(f"{indent}- **{_escape(_snippet(clause.text))}** `{clause.id}`")
        else:
            lines.append(f"{indent}- {_escape(_snippet(clause.text))} `{clause.id}`")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    """Neutralise Markdown and HTML in document text quoted into a Markdown report."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>#|":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)
