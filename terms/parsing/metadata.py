"""Document metadata read from the text: title, service, kind and the stated effective date."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath

from terms.model import Clause, ClauseKind, DocumentKind

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH = (r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (
    r"(?:" + _MONTH.format("m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format("m2") + r",?\s+(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
    r"|(?P<m4>\d{1,2})/(?P<d4>\d{1,2})/(?P<y4>\d{4}|\d{2}(?!\d))"
    r"|" + _MONTH.format("m5") + r",?\s+(?P<y5>\d{4})"
    r")"
)
_DATE_LINE = re.compile(
    r"\b(?:last\s+(?:updated|modified|revised|changed|amended)|(?:date\s+of\s+)?last\s+revision|"
    r"effective(?:\s+date)?(?:\s+(?:as\s+)?(?:of|from|on))?|revised|update[sd]?|modified|version\s+date|"
    r"applies\s+(?:from|as\s+of)|in\s+(?:effect|force)\s+(?:from|as\s+of|on))"
    r"(?:\s+(?:on|date|as\s+of))?[\s:,–—-]*(?:is\s+)?" + _DATE,
    re.IGNORECASE,
)
_DATE_KEYWORDS = ("last", "effective", "revised", "update", "modified", "version", "date of", "applies",
                  "in effect", "in force")
_PRIVACY = re.compile(r"privacy|data\s+(?:policy|protection)|personal\s+(?:data|information)|cookie"
                      r"|confidentialit|datenschutz|privacidad", re.IGNORECASE)
_TERMS = re.compile(r"terms|conditions|user\s+agreement|agreement|nutzungsbedingungen"
                    r"|t[ée]rminos|acceptable\s+use|community\s+guidelines", re.IGNORECASE)
_SERVICE_CUT = re.compile(r"\s*(?:[-–—|:]\s*)?(?:'s\s+|’s\s+)?\b(?:terms|privacy|conditions|user\s+agreement|"
                          r"cookie|data\s+policy|legal|statement|notice|policy)\b.*$", re.IGNORECASE)
_KIND_FOLDERS = {"terms-of-service": DocumentKind.TERMS, "privacy-policy": DocumentKind.PRIVACY,
                 "terms": DocumentKind.TERMS, "privacy": DocumentKind.PRIVACY}


def find_title(clauses: tuple[Clause, ...], text: str, given: str | None = None) -> str | None:
    """``given`` (an HTML <title> or PDF title) first, else the first heading, else a short first line.

    An unnumbered heading is preferred: "1. Your Acceptance" opens a document, it does not name it.
    """
    if given and given.strip():
        return " ".join(given.split())
    headings = [c for c in clauses if c.kind == ClauseKind.HEADING]
    if headings:
        best = next((c for c in headings if c.number is None), headings[0])
        return " ".join(best.text.split())
    first = text.strip().split("\n", 1)[0].strip() if text.strip() else ""
    return first if 0 < len(first) <= 80 and not first.endswith(".") else None


def find_kind(title: str | None, text: str, source: str | None) -> DocumentKind:
    for candidate in (title or "",):
        if _PRIVACY.search(candidate):
            return DocumentKind.PRIVACY
        if _TERMS.search(candidate):
            return DocumentKind.TERMS
    if source:
        for part in reversed(PurePath(source).parts[:-1]):
            if part.lower() in _KIND_FOLDERS:
                return _KIND_FOLDERS[part.lower()]
    head = text[:5000]
    privacy, terms = len(_PRIVACY.findall(head)), len(_TERMS.findall(head))
    if privacy or terms:
        return DocumentKind.PRIVACY if privacy > terms else DocumentKind.TERMS
    return DocumentKind.OTHER


def find_service(title: str | None, source: str | None) -> str | None:
    """The service named before "Terms"/"Privacy" in the title, else the folder above a kind folder."""
    if title:
        service = _SERVICE_CUT.sub("", title).strip(" -–—|:,")
        if service and service != title and len(service) <= 40:
            return service
    if source:
        parts = PurePath(source).parts
        if len(parts) >= 3 and parts[-2].lower() in _KIND_FOLDERS:
            return parts[-3]
    return None


def find_effective_date(text: str) -> tuple[str | None, str | None]:
    """``(ISO date, the line it was read from)`` for the first "Last updated/Effective … <date>" line."""
    for window in (text[:20_000], text[-5_000:]):
        for match in _date_lines(window):
            iso = _iso(match)
            if iso:
                # The line as written, cut to the statement when the line is a whole wall of text.
                line_start = max(window.rfind("\n", 0, match.start()) + 1, match.start() - 80)
                line_end = window.find("\n", match.end())
                line_end = min(line_end if line_end >= 0 else len(window), match.end() + 80)
                return iso, window[line_start:line_end].strip()
    return None, None


def _date_lines(window: str) -> list[re.Match[str]]:
    """Matches of the date-line pattern, tried only where one of its keywords occurs.

    Finding the keywords with ``str.find`` first is about ten times faster than letting the
    case-insensitive pattern try every position of the window.
    """
    lowered = window.lower()
    starts: set[int] = set()
    for keyword in _DATE_KEYWORDS:
        position = lowered.find(keyword)
        while position >= 0:
            starts.add(position)
            position = lowered.find(keyword, position + 1)
    found = (_DATE_LINE.match(window, position) for position in sorted(starts))
    return [match for match in found if match]


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    for suffix in "12345":
        year = groups.get(f"y{suffix}")
        if not year:
            continue
        if len(year) == 2:  # "9/19/17": terms documents are all from this century
            year = f"20{year}"
        month_raw = groups[f"m{suffix}"]
        month = int(month_raw) if month_raw.isdigit() else _MONTHS.get(month_raw.lower().rstrip("."))
        day = int(groups.get(f"d{suffix}") or 1)
        try:
            return date(int(year), month or 0, day).isoformat()
        except ValueError:
            return None
    return None


# The commonest English function words: in English terms they make up about 40 % of the words;
# in French, German or Spanish terms (the corpus has some) well under 1 %.
_ENGLISH_FUNCTION_WORDS = frozenset((
    "the", "and", "of", "to", "a", "in", "you", "your", "we", "or", "for", "is", "that", "our", "with",
    "by", "this", "be", "are", "as", "on", "any", "may", "not", "it", "if", "us", "from", "at", "will",
    "can", "use",
))
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH_MIN_SHARE = 0.08
_ENGLISH_MIN_WORDS = 50


def looks_english(text: str, sample: int = 20_000) -> bool:
    """Whether ``text`` reads as English, judged on its first ``sample`` characters.

    The rule packs are written for English; a report on a document in another language
    would show few flags and a good grade for the wrong reason. Short texts (under 50
    words) are given the benefit of the doubt.
    """
    words = _LETTER_WORD.findall(text[:sample].lower())
    if len(words) < _ENGLISH_MIN_WORDS:
        return True
    common = sum(1 for word in words if word in _ENGLISH_FUNCTION_WORDS)
    return common / len(words) >= _ENGLISH_MIN_SHARE
