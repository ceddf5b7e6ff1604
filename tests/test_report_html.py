"""The HTML analysis report: self-contained, inert whatever the document contains, evidence marked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from terms.flagging import analyze
from terms.flagging.report_html import render_analysis_html
from terms.model import DocumentFormat
from terms.parsing import parse_file, parse_text
from terms.resources import resource_path

HOSTILE = """# Terms of <script>alert('t')</script> Service

1. We sell your personal data to advertisers <img src="https://tracker.example/x.png"> and data brokers.

2. Paying clients can read the posts you write <script>fetch('https://evil.example')</script>.
"""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marked: list[str] = []
        self._in_mark = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_mark = self._in_mark or tag == "mark"

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marked.append(data)


def _parse(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


def test_document_markup_comes_out_as_text_and_nothing_is_loaded() -> None:
    # As plain text the markup is part of the document text (Markdown drops raw HTML earlier).
    document = parse_text(HOSTILE, format=DocumentFormat.TEXT, source="hostile.txt")
    html = render_analysis_html(analyze(document))
    tags = _parse(html)
    names = {t for t, _ in tags.tags}
    assert "script" not in names and "img" not in names
    assert not any(k in ("src", "href") or k.startswith("on") for _, attrs in tags.tags for k in attrs)
    assert "&lt;script&gt;" in html
    csp = [a["content"] for t, a in tags.tags
           if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0] or "")


def test_physician_sample_report_leads_with_client_access_and_marks_the_evidence() -> None:
    analysis = analyze(parse_file(resource_path("samples", "physician-community-terms.md")))
    html = render_analysis_html(analysis)
    concerns = re.search(r'<ol class="concerns">(.*?)</ol>', html, re.S)
    assert concerns is not None
    first = re.search(r"<li>(.*?)</li>", concerns.group(1), re.S)
    assert first is not None and "Paying clients can read" in first.group(1)
    marked = " ".join(_parse(html).marked)
    for flag in analysis.flags:
        for quote in flag.quotes(analysis.document.text):
            assert " ".join(quote.split())[:20] in " ".join(marked.split())
    assert html.count('<div class="flag ') == len(analysis.flags)
    assert analysis.document.sha256 in html


def test_cli_writes_the_html_report(tmp_path) -> None:
    from desktop.cli import run_cli

    out = tmp_path / "report.html"
    assert run_cli(["analyze", str(resource_path("samples", "health-app-privacy.md")), "--format", "html",
                 "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
