"""Writing exports (Qt-free except the PDF, which uses Qt's own PDF writer); run on workers.

Consent exports read the store on the store thread and write the chosen format
atomically; analysis exports render the open version with the core's renderers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terms.fileio import atomic_write_text


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    suffix: str


CONSENT_FORMATS = (
    ExportFormat("csv", "CSV — one row per event: decisions and the store's invalidations", ".csv"),
    ExportFormat("json", "JSON — the complete record, re-importable", ".json"),
    ExportFormat("fhir", "HL7 FHIR R4 Consent resources (Bundle)", ".fhir.json"),
    ExportFormat("receipt", "Consent receipts (Kantara v1.1)", ".receipts.json"),
    ExportFormat("html", "Report (HTML)", ".html"),
    ExportFormat("pdf", "Report (PDF)", ".pdf"),
)

ANALYSIS_FORMATS = (
    ExportFormat("html", "Web page (HTML, self-contained)", ".html"),
    ExportFormat("markdown", "Markdown", ".md"),
    ExportFormat("json", "JSON", ".json"),
    ExportFormat("text", "Plain text", ".txt"),
)


@dataclass(frozen=True)
class ExportDone:
    path: Path
    count: int           # how many of ``what`` the file holds
    what: str = "event"  # decisions and the store's re-review requests alike
    damaged: str = ""    # what the store's check found wrong, when it does not verify
    fmt: str = ""
    unprinted: tuple[str, ...] = ()  # member names the PDF's fonts could not show

    def summary(self) -> str:
        """What was saved, in a sentence; an empty export says why it is empty, so it is not taken
        for a complete record, and one of a damaged store says that it proves nothing."""
        from terms import wording

        saved = f"Saved {wording.count(self.count, self.what)} to {self.path}."
        if self.damaged:
            restore = " A JSON export of it cannot be imported." if self.fmt == "json" else ""
            return (f"{saved} Warning: the consent records do not pass their check ({self.damaged}), so the "
                    f"file shows them as they are now, not as they were recorded.{restore} Tools → Check "
                    "Consent Records lists every problem; restore the store from a backup.")
        if self.unprinted:
            return (f"{saved} Warning: the PDF's fonts cannot show {', '.join(map(repr, self.unprinted))}: "
                    "the name prints as empty boxes. Export as HTML for a record that names them.")
        if self.count:
            return saved
        if self.what == "consent receipt":
            return f"{saved} No consent is in force, so it holds none."
        return f"{saved} Warning: no decision is recorded yet, so the file holds none."


def with_format_suffix(path: str | Path, fmt: ExportFormat,
                       formats: tuple[ExportFormat, ...] = CONSENT_FORMATS) -> Path:
    """``path`` with the suffix of ``fmt`` in place of the known export suffix it ends with.

    Only a suffix one of ``formats`` writes is replaced ("report.final.v2.csv" becomes
    "report.final.v2.html"); any other dots belong to the name and stay, and a name without a
    known suffix gets ``fmt``'s added.
    """
    path = Path(path)
    name = path.name
    for suffix in sorted({f.suffix for f in formats}, key=len, reverse=True):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + fmt.suffix)


def export_consent(store: Any, fmt: str, path: Path, member: str | None = None) -> ExportDone:
    """Write the store's records as ``fmt`` to ``path``: every member's, or one member's (a stored
    name) in every format but JSON, which is the complete store for re-import."""
    from terms.consent.store import utc_now
    from terms.export import fhir, receipt, report_html
    from terms.export.decisions import json_text, only_member
    from terms.export.streamed import export_streamed

    if fmt == "json":
        member = None
    check = store.verify()
    damaged = "" if check.ok else check.problem
    if fmt in ("csv", "json"):  # streamed from the store: small memory whatever its size
        return ExportDone(path, export_streamed(store, fmt, path, member), damaged=damaged, fmt=fmt)
    now = utc_now()
    snapshot = store.snapshot()
    topics = store.topics
    if fmt in ("fhir", "receipt"):  # (the HTML and PDF report picks its member itself)
        snapshot = only_member(snapshot, member)
    if fmt == "fhir":
        atomic_write_text(path, json_text(fhir.to_fhir_bundle(snapshot, topics, now=now,
                                                              unverified=damaged or None)))
    elif fmt == "receipt":
        receipt.require_verified(damaged or None)
        receipts = receipt.to_receipts(snapshot, topics, now=now)
        atomic_write_text(path, json_text(receipts))
        return ExportDone(path, len(receipts), "consent receipt", damaged, fmt)
    else:
        html = report_html.report_html(snapshot, topics, now=now, verify=check, member=member)
        if fmt == "html":
            atomic_write_text(path, html)
        else:
            from desktop.pdf_report import write_pdf

            shown = only_member(snapshot, member)
            lost = write_pdf(html, path, must_show=[m.name for m in shown.members])
            return ExportDone(path, len(shown.events), damaged=damaged, fmt=fmt, unprinted=tuple(lost))
    return ExportDone(path, len(only_member(snapshot, member).events), damaged=damaged, fmt=fmt)


def export_analysis(analysis: Any, fmt: str, path: Path) -> Path:
    from terms.flagging import report

    if fmt == "json":
        text = json.dumps(report.analysis_to_dict(analysis), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        text = report.render_analysis_markdown(analysis)
    elif fmt == "html":
        from terms.flagging.report_html import render_analysis_html

        text = render_analysis_html(analysis)
    else:
        text = report.render_analysis_text(analysis)
    atomic_write_text(path, text)
    return path
