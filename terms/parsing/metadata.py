"""Document metadata read from the text: title, service, kind and the stated effective date."""

from __future__ import annotations

import re
from collections import Counter
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
def states_a_date(line: str) -> bool:
    """Whether a line is a statement of the document's date ("Last updated January 10, 2026")."""
    return _DATE_LINE.match(line.strip()) is not None


#: what may stand between two date statements of one line ("Effective: September 29, 2025 Last
#: Updated: August 29, 2025", two heading lines a PDF sets in one size and reads as one heading)
_BETWEEN_DATES = re.compile(r"[\s.;,|·]+")


def is_only_a_date(line: str) -> bool:
    """Whether a line says the document's date and nothing else ("Last Updated: August 29, 2025",
    "Effective Date: August 11, 2023.", or both): no heading, though pages set it as one."""
    text = line.strip().rstrip(".").strip()
    at = 0
    while True:
        found = _DATE_LINE.match(text, at)
        if found is None:
            return False
        at = found.end()
        if at == len(text):
            return True
        between = _BETWEEN_DATES.match(text, at)
        if between is None:
            return False
        at = between.end()


_DATE_KEYWORDS = ("last", "effective", "revised", "update", "modified", "version", "date of", "applies",
                  "in effect", "in force")
_PRIVACY = re.compile(r"privacy|data\s+(?:policy|protection)|personal\s+(?:data|information)|cookie"
                      r"|confidentialit|datenschutz|privacidad", re.IGNORECASE)
_TERMS = re.compile(r"terms|conditions|user\s+agreement|agreement|nutzungsbedingungen"
                    r"|t[ée]rminos|acceptable\s+use|community\s+guidelines", re.IGNORECASE)
# Words that make a line name a document ("… Privacy Policy", "Terms of Use", "User Agreement"),
# with the French, German and Spanish words the corpus has.
_KIND_WORD = re.compile(
    r"\b(?:privacy(?=\s+(?:polic(?:y|ies)|notice|statement)\b|\s*$)|polic(?:y|ies)|terms|conditions"
    r"|agreement|notice|statement|of\s+use"
    r"|politique|confidentialit[ée]|nutzungsbedingungen|datenschutz\w*|t[ée]rminos|privacidad)\b",
    re.IGNORECASE,
)
# A whole kind phrase from its first word, to cut a long title after it.
_KIND_PHRASE = re.compile(
    r"privacy\s+(?:policy|notice|statement)|terms(?:\s+(?:of|and)\s+(?:service|use|conditions)(?:\s+of\s+use)?)?"
    r"|conditions(?:\s+of\s+use)?|polic(?:y|ies)|notice|statement|agreement",
    re.IGNORECASE,
)
_QUALIFIER_MAX_WORDS = 4  # "Privacy Policy for California Residents"; more is page debris
_KIND_NOUNS = {DocumentKind.PRIVACY: "Privacy Policy", DocumentKind.TERMS: "Terms of Service"}
# Headings that organise a page rather than name it.
_NAVIGATION = frozenset((
    "contents", "table of contents", "introduction", "intro", "overview", "summary", "home", "menu",
    "skip to main content", "skip to content", "back to top", "print", "download", "legal", "policies",
    "terms and policies", "privacy", "terms", "cookies", "more",
))
_SENTENCE_ENDS = (".", ":", ";", ",", "?", "!")
# A title may end in an abbreviation's full stop ("… | Acme Inc.") but not in a sentence's.
_ABBREVIATION_END = re.compile(r"(?:\b(?:inc|ltd|co|corp|llc|plc|gmbh)|\.\w+)\.$", re.IGNORECASE)
# What PDF writers put in the title field when nobody set one.
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled|microsoft\s+word\b|document\d*$)|\.(?:docx?|pdf|odt|rtf|pages|indd)$", re.IGNORECASE
)
# A file name or slug put in the title field ("acme_privacy-policy"): one word joined by _ or -.
_FILE_NAME = re.compile(r"\w+(?:[_-]\w+)*_\w+(?:[_.-]\w+)*|\w+(?:-\w+){2,}")
_MARKERS = "•*-+>[!|#(<"
_TITLE_MAX_WORDS = 12
_TITLE_MAX_CHARS = 90
_TOP_CLAUSES = 40       # a title is among the first clauses …
_TOP_CHARS = 8000       # … and near the top of the text
_TEXT_SAMPLE = 50_000   # characters searched for the spelling of a name
_NAME_MAX_WORDS = 5
_POSSESSIVE = re.compile(r"(?:['’]s)?\s*$")
_SEPARATORS = " \t-–—|:·,"
_SEPARATOR_SPLIT = re.compile(r"\s+[-–—|·:]\s+|\s*\|\s*|(?<=\w):\s+")  # "Acme: Donor Terms"
_CONNECTORS = frozenset(("of", "and", "&", "de", "du", "des", "la", "le", "for", "the", "und"))
# Capitalised words at the start of a heading that are not names.
_NOT_NAMES = frozenset((
    "a", "an", "the", "this", "these", "that", "our", "your", "my", "its", "their", "his", "her",
    "where", "what", "how", "who", "why", "when", "which", "welcome", "changes", "change", "about",
    "summary", "additional", "supplemental", "other", "update", "updates", "updated", "important",
    "read", "new", "using", "use", "scope", "applicable", "key", "general", "full", "current",
    "previous", "prior", "archived", "effective", "view", "see", "please", "to", "in", "on", "at", "by",
    "with", "from", "under", "if", "you", "we", "us", "all", "any", "each", "contact", "questions",
    "introduction", "contents", "last", "revised", "modified", "date", "version", "section", "article",
    "part", "chapter", "exhibit", "appendix", "schedule", "annex", "and", "or", "for", "of", "as", "is",
    "are", "be", "do", "does", "it", "here", "there", "note", "notes", "i", "ii", "iii", "iv", "v",
))
# Generic words left between a name and the kind word ("Acme User Agreement", "Acme Data Policy").
_GENERIC_TAIL = frozenset((
    "user", "users", "service", "services", "data", "cookie", "cookies", "legal", "community", "website",
    "websites", "platform", "online", "global", "customer", "customers", "member", "members",
    "membership", "privacy", "general", "standard", "consumer", "app", "apps", "site", "sites", "web",
    "mobile", "internet",
    # whose notice it is ("CongressLink Attendee Privacy Notice", "Meridian Provider Privacy Notice")
    "attendee", "attendees", "provider", "providers", "patient", "patients", "physician", "physicians",
    "participant", "participants", "visitor", "visitors", "employee", "employees", "candidate", "candidates",
    "donor", "donors", "student", "students", "driver", "drivers", "seller", "sellers", "buyer", "buyers",
    "creator", "creators", "volunteer", "volunteers", "caregiver", "caregivers",
    "professional", "professionals", "clinician", "clinicians", "nurse", "nurses", "practitioner",
    "practitioners", "aide", "aides", "worker", "workers", "contractor", "contractors", "developer",
    "developers", "staff", "parent", "parents", "guardian", "guardians", "family", "families", "crew",
    "reader", "readers", "commenter", "commenters", "subscriber", "subscribers", "contributor",
    "contributors", "author", "authors", "investigator", "investigators", "resident", "residents",
    "campaigner", "campaigners", "fundraiser", "fundraisers", "sponsor", "sponsors", "advertiser",
    "advertisers", "guest", "guests", "tenant", "tenants", "athlete", "athletes", "player", "players",
    "coach", "coaches", "portal", "portals", "healthcare", "prescriber", "prescribers", "expert", "experts",
    "rider", "riders", "passenger", "passengers", "holder", "holders", "account", "accounts", "card", "cards",
    "cardholder", "cardholders", "client", "clients",
))
# What kind of contract it is, left between a name and the kind word ("Subscription Agreement and Data
# Processing Terms" names no company); at a name's front they are a name's own ("Enterprise Holdings").
_CONTRACT_TAIL = frozenset((
    "subscription", "licence", "license", "master", "software", "saas", "enterprise", "processing",
    "end-user", "participation", "enrollment", "enrolment", "consent", "information",
))
# Words that say which version of a document it is, not whose ("California Privacy Policy").
_QUALIFIERS = frozenset((
    "california", "european", "europe", "eu", "eea", "uk", "u.s.", "usa", "united", "states", "state",
    "regional", "international", "commercial", "beta", "ch", "swiss", "canada", "canadian", "brazil",
    "global", "local", "policies", "legal", "archived", "supplemental", "additional", "community",
))
_NAME_FRONT_NOISE = _QUALIFIERS | _GENERIC_TAIL | _CONNECTORS
_DOMAIN_ENDINGS = frozenset(("com", "net", "org", "io", "co", "app", "ai", "de", "fr", "uk"))
_KIND_FOLDERS = {"terms-of-service": DocumentKind.TERMS, "privacy-policy": DocumentKind.PRIVACY,
                 "terms": DocumentKind.TERMS, "privacy": DocumentKind.PRIVACY}


def describe(clauses: tuple[Clause, ...], text: str, source: str | None,
             given: str | None = None) -> tuple[str | None, str | None, DocumentKind]:
    """``(title, service, kind)`` of a parsed document.

    The title is the line near the top that names the document (given title first, then a heading or
    short line such as "Acme Privacy Policy"); without one it is made from the service and the kind
    ("Acme Terms of Service"). Documents captured from web pages often open with a table of contents,
    a cookie banner or a section heading, none of which may become the title.
    """
    title = _given_title(given)
    if title is None or not _KIND_WORD.search(title):
        # A page title that names no document is a site's tagline ("Reddit - Dive into anything"):
        # the page's own heading naming the document is the better title.
        title = _kind_line(clauses) or title
    kind = find_kind(title, text, source)
    service = find_service(title, source, text) or _company_line(clauses, text) or _called_we(text)
    if title is None:
        noun = _KIND_NOUNS.get(kind)
        if service and noun:
            title = f"{service} {noun}"
        else:
            title = _opening_heading(clauses) or noun or _first_line(text)
    elif service:
        title = _with_service(title, service)
    return title, service, kind


def is_generic_title(title: str | None, service: str | None, kind: DocumentKind) -> bool:
    """Whether ``title`` is only what a document of ``kind`` is called ("Privacy Policy", "Acme
    Terms of Service"): what the title falls back to when the text names itself no other way, so
    two such titles say nothing about whether two files are one document."""
    noun = _KIND_NOUNS.get(kind)
    return bool(title and noun and title in (noun, f"{service} {noun}"))


def _given_title(given: str | None) -> str | None:
    """An HTML <title> or PDF title, unless it is a file name or placeholder ("Microsoft Word - tos.docx")."""
    title = " ".join((given or "").split())
    if _FILE_NAME.fullmatch(title):
        return None
    return title if title and _title_shaped(title) and not _PLACEHOLDER_TITLE.search(title) else None


def _kind_line(clauses: tuple[Clause, ...]) -> str | None:
    """The first heading or one-line paragraph near the top that names a document kind.

    "Terms of Service" followed a little later by "Acme Terms of Service" gives the named one.
    """
    found: list[str] = []
    for line in _top_lines(clauses):
        title = _as_kind_title(line)
        if title:
            found.append(title)
    if not found:
        return None
    first = found[0]
    if _name_before_kind(first) is None:
        for later in found[1:]:
            if later.lower().endswith(" " + first.lower()) and _name_before_kind(later):
                return later
    return first


def _top_lines(clauses: tuple[Clause, ...]) -> list[str]:
    """Unnumbered headings and one-line paragraphs among the first clauses of the document."""
    lines = []
    for clause in clauses[:_TOP_CLAUSES]:
        if clause.start > _TOP_CHARS:
            break
        if clause.number is None and clause.kind in (ClauseKind.HEADING, ClauseKind.PARAGRAPH):
            block = clause.text.strip().split("\n")
            # (a title block of short lines, centred in plain text: "ACME, INC." / "MEMBER TERMS")
            if len(block) == 1 or (len(block) <= _TITLE_BLOCK_LINES
                                   and all(len(line.strip()) <= _TITLE_BLOCK_WIDTH for line in block)):
                lines.extend(" ".join(line.split()) for line in block)
    return [line for line in lines if line]


#: a paragraph at the top of at most this many lines, none longer than this, is a title block
_TITLE_BLOCK_LINES = 4
_TITLE_BLOCK_WIDTH = 60
#: the legal forms that end a company's name ("Inc", "LLC", "GmbH")
_LEGAL_FORM = r"(?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|gmbh|plc|llp|pbc)"
#: a company's legal name on a line of its own ("SHIFTCOVE, INC.")
_COMPANY_LINE = re.compile(
    rf"(?P<name>[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){{0,3}}),?\s+{_LEGAL_FORM}\.?", re.IGNORECASE)


def _company_line(clauses: tuple[Clause, ...], text: str) -> str | None:
    """The name of a company whose legal name stands alone on a line at the top ("SHIFTCOVE, INC." over
    "PROFESSIONAL TERMS OF SERVICE"), where the title names none."""
    for line in _top_lines(clauses)[:_TITLE_BLOCK_LINES]:
        found = _COMPANY_LINE.fullmatch(line)
        if found and _name_words(found.group("name")):
            return _usual_spelling(found.group("name"), text)
    return None


#: the name a company gives itself beside "we" ("MendTogether, Inc. (“MendTogether”, “we”, “us” or “our”)")
_CALLED_WE = re.compile(
    r"\(\s*(?:(?:together|collectively),?\s+)?[\"“](?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
    r"[\"”],?\s+"
    r"(?:or\s+)?[\"“](?:we|us|our)[\"”]")


def _called_we(text: str) -> str | None:
    """The name the text's first definition of "we" gives the company, where nothing else names it."""
    found = _CALLED_WE.search(text[:_TEXT_SAMPLE])
    return found.group("name") if found and _name_words(found.group("name")) else None


_DASHED = re.compile(r"\s+[—–|-]\s+")
_VERBS_AFTER_KIND = frozenset({"have", "has", "are", "is", "was", "were", "shall", "will", "may", "apply",
                               "applies", "mean", "means", "govern", "governs", "set", "sets", "form",
                               "forms"})


def _as_kind_title(line: str) -> str | None:
    """``line`` (or its opening words) when it reads as the name of a document, else None.

    Shape: an optional name, a kind phrase, an optional short qualifier ("Privacy Policy",
    "Acme’s Terms of Use", "Politique de confidentialité"). A long line whose kind phrase is
    followed by a lower-case clause is cut after the kind phrase ("Acme User Agreement if you
    live in …" → "Acme User Agreement").
    """
    match = _KIND_WORD.search(line)
    if match is None or line.lower() in _NAVIGATION:
        return None
    prefix = _POSSESSIVE.sub("", line[:match.start()]).strip(_SEPARATORS)
    # (a company before a dash: "Halyard Clinical Systems, Inc. — Master Subscription Agreement")
    prefix = _DASHED.split(prefix)[-1]
    if prefix and _name_words(prefix) is None:
        return None
    phrase = _KIND_PHRASE.match(line, match.start())
    rest = line[phrase.end():].split() if phrase else []
    # a sentence about the kind word, not a title ("Capitalized terms have the meanings below.")
    if rest and rest[0].lower() in _VERBS_AFTER_KIND:
        return None
    if _title_shaped(line) and len(rest) <= _QUALIFIER_MAX_WORDS:
        return line
    if phrase and rest and (rest[0][0].islower() or len(rest) > _QUALIFIER_MAX_WORDS):
        cut = line[:phrase.end()].rstrip()
        return cut if _title_shaped(cut) else None
    return None


def _with_service(title: str, service: str) -> str:
    """A bare kind title gets the service in front ("Privacy Policy" → "Acme Privacy Policy"), and an
    ALL-CAPS title the service's usual spelling ("ACME PRIVACY POLICY" → "Acme Privacy Policy")."""
    if _is_bare_kind(title):
        return f"{service} {_title_case(title) if title.isupper() else title}"
    if title.isupper() and not service.isupper() and title.startswith(service.upper() + " "):
        return service + _title_case(title)[len(service):]
    return title


def _is_bare_kind(title: str) -> bool:
    """Whether ``title`` is only an English kind phrase ("Privacy Policy", "Data Policy", "TERMS OF USE").

    Such a title gets the service in front, so that every version of a document files under one
    name ("Acme Privacy Policy") whether or not that version's page printed the name.
    """
    match = _KIND_WORD.search(title)
    if match is None:
        return False
    if any(word.lower() not in _GENERIC_TAIL for word in title[:match.start()].split()):
        return False
    phrase = _KIND_PHRASE.match(title, match.start())
    return phrase is not None and phrase.end() == len(title.rstrip())


def _title_case(phrase: str) -> str:
    return " ".join(word if word in _CONNECTORS else word.capitalize() for word in phrase.lower().split())


def _title_shaped(line: str) -> bool:
    """Short, not a sentence, not a navigation word, not a link or list marker, not a date line."""
    words = line.split()
    return (
        0 < len(words) <= _TITLE_MAX_WORDS
        and len(line) <= _TITLE_MAX_CHARS
        and (not line.endswith(_SENTENCE_ENDS) or bool(_ABBREVIATION_END.search(line)))
        and line[0] not in _MARKERS
        and line.lower() not in _NAVIGATION
        and any(ch.isalpha() for ch in line)
        and not _DATE_LINE.search(line)
    )


def _opening_heading(clauses: tuple[Clause, ...]) -> str | None:
    """The heading a document opens with, if it is written like a title ("Acme Community Rules").

    A sentence-case heading ("Information we collect") or a numbered one opens a section instead.
    """
    if not clauses or clauses[0].kind != ClauseKind.HEADING or clauses[0].number is not None:
        return None
    line = " ".join(clauses[0].text.split())
    return line if _title_shaped(line) and _title_cased(line) else None


def _title_cased(line: str) -> bool:
    """Every word but "of", "and" and the like starts with a capital (or is not a word)."""
    words = [word for word in line.split() if word.lower() not in _CONNECTORS and word[0].isalpha()]
    return bool(words) and all(word[0].isupper() for word in words)


def _first_line(text: str) -> str | None:
    """Last resort for a document with no headings and no known kind: a short first line."""
    first = text.strip().split("\n", 1)[0].strip() if text.strip() else ""
    return first if len(first) <= 80 and _title_shaped(first) and _title_cased(first) else None


def find_kind(title: str | None, text: str, source: str | None) -> DocumentKind:
    """Privacy or terms: from the title, else a kind folder in the path, else the words of the text."""
    if title:
        if _PRIVACY.search(title):
            return DocumentKind.PRIVACY
        if _TERMS.search(title):
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


def find_service(title: str | None, source: str | None, text: str = "") -> str | None:
    """The service's display name, best evidence first.

    1. The name before the kind phrase of the title ("Acme Privacy Policy" → "Acme").
    2. The folder above a kind folder (``acme-mail/privacy-policy/…``) as the text writes it
       ("acme-mail" → "Acme Mail" or "AcmeMail", whichever spelling the text uses most).
    3. The folder name, title-cased ("acme-mail" → "Acme Mail", "acme-com" → "Acme.com").
    Names in running text are not used otherwise: most of them name other companies' documents
    ("the Example Store Terms of Service").
    An ALL-CAPS name is given in the spelling the text mostly uses ("ACME" → "Acme").
    """
    named = _name_before_kind(title) if title else None
    if named and not _defined_role(named, text) and not _readers_kind(named, text):
        return _usual_spelling(named, text)
    slug = _folder_slug(source)
    if slug:
        spelled = _slug_in_text(slug, text)
        if spelled:
            return spelled
    return _slug_as_name(slug) if slug else None


def _readers_kind(name: str, text: str) -> bool:
    """Whether a one-word title name is a kind of reader the text speaks of in the plural ("Listener Terms
    and Privacy Notice", "how information about Listeners is handled"), while it names its company as
    "we": "Listener may sell or license …" named no one."""
    if " " in name or _called_we(text) is None:
        return False
    return re.search(rf"\b{re.escape(name)}s\b", text[:_TEXT_SAMPLE]) is not None


def _defined_role(name: str, text: str) -> bool:
    """Whether the text defines ``name`` as one of the parties it deals with ("“Campaigner” means the person
    who creates … a Campaign"): "Campaigner and Donor Terms" name their readers, not the service, whose
    explanations had read "Campaigner may sell or license your data"."""
    quoted = (rf"[\"“]{re.escape(name)}[\"”]\s+(?:means|refers\s+to|shall\s+mean)\s+"
              r"(?P<definition>[^.;]{0,200})")
    found = re.search(quoted, text[:_TEXT_SAMPLE], re.IGNORECASE)
    if found is not None and _THE_COMPANY.match(found.group("definition")) is None:
        return True
    # ... or defines it in passing with an article, as a common noun ("a medical or dental practice (the
    # “Practice”)"), where a company names itself bare ("Quillfern Voice, Inc. (“Quillfern”)")
    if re.search(rf"\(\s*(?:the|each|a|an)\s+[\"“]{re.escape(name)}[\"”]\s*\)", text[:_TEXT_SAMPLE]):
        return True
    # ("Reader and Commenter Terms", where “Reader” and “Commenter” are defined one by one)
    parts = re.split(r"\s+(?:and|or|&)\s+", name)
    return len(parts) > 1 and any(_defined_role(part, text) for part in parts)


#: a definition of the company itself ("“Acme” means Acme Health, Inc. and its affiliates"), as the definition
#: begins: not a "we" further on ("“Survey” means any questionnaire we send you after a visit")
_THE_COMPANY = re.compile(rf"(?:the\s+)?(?:we|us|our|company)\b|(?:[\w&'’.,-]+\s+){{0,5}}?{_LEGAL_FORM}\b"
                          r"|[^.;]{0,80}?\b(?:affiliates|subsidiaries)\b", re.IGNORECASE)


def _slug_as_name(slug: str) -> str:
    """"acme-mail" → "Acme Mail"; a slug ending in a web domain's last part keeps its dot
    ("example-com" → "Example.com")."""
    pieces = [piece for piece in re.split(r"[-_\s]+", slug) if piece]
    if len(pieces) > 1 and pieces[-1].lower() in _DOMAIN_ENDINGS:
        return " ".join(piece.capitalize() for piece in pieces[:-1]) + "." + pieces[-1].lower()
    return " ".join(piece.capitalize() for piece in pieces)


def _name_before_kind(title: str) -> str | None:
    """The name words in front of the title's first kind word, without generic words
    ("Acme User Agreement" → "Acme"; "Welcome to the Acme Privacy Policy" → None)."""
    parts = _SEPARATOR_SPLIT.split(title)
    for part in parts:
        match = _KIND_WORD.search(part)
        if match is None:
            continue
        words = _trim_name(_name_words(_POSSESSIVE.sub("", part[:match.start()]).strip(_SEPARATORS)))
        if words:
            return " ".join(words)
    if len(parts) > 1:  # "Privacy Policy | Acme"
        names = [_trim_name(_name_words(part.strip(_SEPARATORS))) for part in parts]
        found = [" ".join(words) for words, part in zip(names, parts, strict=True)
                 if words and not _KIND_WORD.search(part)]
        if len(found) == 1:
            return found[0]
    return None


_TRADE_MARK = re.compile(r"\s*(?:\((?:R|TM|SM)\)|[®™℠])", re.IGNORECASE)


def _name_words(phrase: str) -> list[str] | None:
    """The words of ``phrase`` if it reads as a proper name, else None.

    A name is one to five capitalised words that are not ordinary English words ("Our", "This",
    "Changes", "Welcome"); "of", "and", "&" may join two of them ("Bank of Example").
    """
    # (a trade mark sign is no part of the name: "NIMBUS QUEST(R)")
    words = _TRADE_MARK.sub("", phrase).split()
    if not 0 < len(words) <= _NAME_MAX_WORDS:
        return None
    for index, word in enumerate(words):
        bare = word.strip("“”\"'()[],")
        if not bare:
            return None
        if bare.lower() in _CONNECTORS and 0 < index < len(words) - 1:
            continue
        if not (bare[0].isupper() or bare[0].isdigit()) or bare.lower() in _NOT_NAMES:
            return None
    return words


def _usual_spelling(name: str, text: str) -> str:
    """An ALL-CAPS ``name`` in the spelling the text uses most; other names as given."""
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) < 2 or name.upper() != name:
        return name
    pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
    spellings = Counter(found for found in pattern.findall(text[:_TEXT_SAMPLE]) if found.upper() != found)
    return spellings.most_common(1)[0][0] if spellings else name


def _folder_slug(source: str | None) -> str | None:
    if not source:
        return None
    parts = PurePath(source).parts
    if len(parts) >= 3 and parts[-2].lower() in _KIND_FOLDERS:
        return parts[-3]
    return None


def _slug_in_text(slug: str, text: str) -> str | None:
    """How the text writes the folder name: "amazon-com" → "Amazon.com", "tiktok" → "TikTok".

    Only spellings with a capital letter count (all-lower-case ones are mostly web addresses);
    an ALL-CAPS spelling only when there is no other.
    """
    pieces = [re.escape(piece) for piece in re.split(r"[-_\s]+", slug) if piece]
    if not pieces:
        return None
    pattern = re.compile(r"(?<![\w.@/])" + r"[\s.\-]?".join(pieces) + r"(?![\w@/]|\.\w)", re.IGNORECASE)
    spellings = Counter(found for found in pattern.findall(text[:_TEXT_SAMPLE]) if found.lower() != found)
    if not spellings:
        return None
    mixed = [(spelling, n) for spelling, n in spellings.most_common() if spelling.upper() != spelling]
    return mixed[0][0] if mixed else spellings.most_common(1)[0][0]


def _trim_name(words: list[str] | None) -> list[str]:
    """``words`` without the qualifying and generic words around the name
    ("California Acme Web" → "Acme")."""
    words = list(words or [])
    while words and words[0].lower() in _NAME_FRONT_NOISE:
        words.pop(0)
    while words and (words[-1].lower() in _GENERIC_TAIL | _CONTRACT_TAIL or words[-1].lower() in _CONNECTORS):
        words.pop()
    return words


def find_effective_date(text: str) -> tuple[str | None, str | None]:
    """``(ISO date, the line it was read from)`` for the first "Last updated/Effective … <date>" line.

    A line announcing another version ("Our new Privacy Policy … becomes effective on 13 July
    2022", a banner above the policy in force) gives its date only where no other line states
    one: TikTok's policy "Last updated: 5 October 2021" under such a banner was dated 2022, and a
    comparison with its next fetch (the same text, its banner worded otherwise) put them in the
    wrong order.
    """
    announced: tuple[str, str] | None = None
    for window in (text[:20_000], text[-5_000:]):
        for match in _date_lines(window):
            iso = _iso(match)
            if iso:
                # The line as written, cut to the statement when the line is a whole wall of text.
                line_start = max(window.rfind("\n", 0, match.start()) + 1, match.start() - 80)
                line_end = window.find("\n", match.end())
                line_end = min(line_end if line_end >= 0 else len(window), match.end() + 80)
                line = window[line_start:line_end].strip()
                if not _ANOTHER_VERSION.search(window, line_start, match.start()):
                    return iso, line
                announced = announced or (iso, line)
    return announced or (None, None)


#: before a date on its line: the line is about a version other than the one it heads
_ANOTHER_VERSION = re.compile(
    r"\b(?:new|updated|upcoming|forthcoming|next|future)\s+(?:version\s+of\s+(?:the\s+|our\s+|this\s+)?)?"
    r"(?:[\w-]+\s+){0,2}(?:polic(?:y|ies)|terms|notice|agreement|statement|version)\b|\bupdating\b",
    re.IGNORECASE,
)


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
_ENGLISH_MIN_WORDS = 12  # English prose has several of the words above in any dozen; other languages none


def looks_english(text: str, sample: int = 20_000) -> bool:
    """Whether ``text`` reads as English, judged on its first ``sample`` characters.

    The rule packs are written for English; a report on a document in another language
    would show few flags and a good grade for the wrong reason. Only very short texts (under
    12 words) are given the benefit of the doubt.
    """
    words = _LETTER_WORD.findall(text[:sample].lower())
    if len(words) < _ENGLISH_MIN_WORDS:
        return True
    common = sum(1 for word in words if word in _ENGLISH_FUNCTION_WORDS)
    return common / len(words) >= _ENGLISH_MIN_SHARE
