"""Which reader a document needs: decided from its content, with the file name as a hint."""

from __future__ import annotations

import re

from terms.model import FORMAT_OF_SUFFIX, DocumentFormat

_EXTENSIONS = FORMAT_OF_SUFFIX

_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(r"</?(?:p|div|span|a|h[1-6]|ul|ol|li|table|tr|td|br|section|article)\b[^>]*>",
                        re.IGNORECASE)
#: (not "1. Acceptance": numbered lines are as common in plain text, and `pdftotext … | clearterms
#: analyze -` was read as Markdown, its title run into the first paragraph)
_MARKDOWN_SIGNS = re.compile(
    r"^(?:#{1,6}[ \t]+\S|={3,}[ \t]*$|-{3,}[ \t]*$|[*+-][ \t]+\S|>[ \t]?\S)"
    # bounded, and no "[" inside a link's text: a file of "[[[[…" or "[x](" * 50,000 took time
    # quadratic in its length here (47 s for 200 KB of "[")
    r"|\[[^\[\]\n]{1,500}\]\([^)\s]{1,2000}\)|\*\*[^*\n]{1,500}\*\*|\\[.\-*_#]",
    re.MULTILINE,
)


#: Markdown headings: a ``.txt`` file with a few is Markdown saved under another name (a copy of a
#: ``.md`` version), whose "## 12. Your choices" read as plain text became a clause of its own and
#: whose title was lost, so the version joined no stored document
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
MARKDOWN_IN_TEXT_HEADINGS = 2


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def detect_text_format(text: str, extension: str = "") -> DocumentFormat:
    """HTML, Markdown or plain text for already-decoded ``text``.

    HTML is recognised by its opening tags whatever the name says, and by any block
    tag in a file named ``.html`` / ``.htm``; a ``.md`` or ``.txt`` name is trusted
    otherwise, except that a ``.txt`` file with Markdown headings ("## 3. Sharing") is Markdown.
    Without a telling name, Markdown needs a few of its signs (headings, list markers, links, bold,
    escapes) to win over plain text; the two readers agree on unmarked text anyway.
    """
    head = text[:4096]
    by_name = _EXTENSIONS.get(extension.lower())
    if _HTML_START.match(head):
        return DocumentFormat.HTML
    if by_name not in (DocumentFormat.MARKDOWN, DocumentFormat.TEXT) and len(_HTML_TAGS.findall(head)) >= 5:
        return DocumentFormat.HTML  # Markdown may hold inline HTML; unnamed tag soup is HTML
    if by_name == DocumentFormat.HTML and _HTML_TAGS.search(head):
        return DocumentFormat.HTML  # a saved fragment ("<h1>…</h1><p>…</p>") named .html
    if by_name in (DocumentFormat.MARKDOWN, DocumentFormat.TEXT):
        if by_name == DocumentFormat.MARKDOWN and not _MARKDOWN_SIGNS.search(text[:200_000]):
            return DocumentFormat.TEXT
        if by_name == DocumentFormat.TEXT and (
                len(_ATX_HEADING.findall(text[:200_000])) >= MARKDOWN_IN_TEXT_HEADINGS):
            return DocumentFormat.MARKDOWN
        return by_name
    signs = len(_MARKDOWN_SIGNS.findall(text[:20_000]))
    return DocumentFormat.MARKDOWN if signs >= 3 else DocumentFormat.TEXT
