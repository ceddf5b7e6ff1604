"""Change clauses that promise notice: shown as a caution rather than a concern.

"We may change these terms at any time" is a concern: a change could add a new use of the
member's data without them noticing. Most policies go on to promise notice ("we will notify you
30 days before material changes take effect"), often in the next sentence or paragraph, where a
rule's ``unless`` (which reads one sentence) cannot see it. A change announced beforehand is
still one the member did not negotiate, so the flag stays, one step milder, and says where the
promise is. Posting the new text "on this page" is no notice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from terms.flagging.softening import Draft, soften
from terms.labels import clause_reference
from terms.model import Clause, Document, Severity

CHANGES = "terms.changes"

_PROMISE = re.compile(
    r"\b(?:will|shall|we['’]ll)\s+(?:(?!not\b|never\b)\w+\s+){0,3}"
    r"(?:notify|let\s+you\s+know|inform\s+you|give\s+you\s+(?:a\s+)?heads-up"
    # ("we will tell the Account Holder by email … at least 30 days before")
    r"|tell\s+(?:you|(?:the\s+|all\s+|our\s+)?(?:account\s+holders?|members?|users?|customers?|subscribers?))"
    r"|provide\s+(?:you\s+)?(?:with\s+)?(?:\w+\s+){0,2}notice"
    # ("We will give at least 30 days' notice of a revision by email")
    r"|give\s+(?:you\s+)?(?:[\w'’()]+\s+){0,5}notice)"
    # "we will let you know by revising the date at the top": posting is no notice
    r"(?!\s+(?:you\s+)?(?:of\s+(?:the\s+|any\s+|such\s+)?(?:\w+\s+)?changes?\s+)?(?:only\s+)?by\s+"
    r"(?:revis|updat|post|chang|modif))"
    r"|\b(?:advance|prior|prominent)\s+notice\b"
    # "We may change the Rate Schedule by giving at least 30 days' notice by email"
    r"|\bby\s+giving\s+(?:you\s+)?(?:at\s+least\s+|not\s+less\s+than\s+)?(?:[\w'’()]+\s+){1,3}notice\b"
    # "we will notify you by email or in the app before …", "we will also e-mail you at least 30 days
    # before it takes effect", "we will email registered users and post a notice on the site at least 30
    # days before the change takes effect"
    r"|\b(?:notify|e-?mail|write\s+to|message|alert)\s+(?:you|(?:the\s+|all\s+|registered\s+|our\s+)?"
    # ("we will email the Account Holder at least 30 days before it takes effect")
    r"(?:account\s+holders?|users|members|customers|subscribers))\s+(?:[\w()'’-]+\s+){0,12}?(?:before|in\s+advance)\b"
    # "we will send an e-mail to the address on your account at least 15 days before the change" (a number
    # also in words: "at least fourteen (14) days before")
    r"|\bsend\s+(?:you\s+)?(?:an?\s+)?(?:e-?mail|notice|message|letter)\s+(?:[\w()'’-]+\s+){0,12}?(?:before|in\s+advance)\b"
    # in the passive: "Any increase … will be communicated at least 30 days in advance", "you will be
    # notified at least seven days in advance"
    r"|\b(?:will|shall)\s+be\s+(?:communicated|announced|notified|sent|given)\s+(?:to\s+you\s+)?(?:by\s+e-?mail\s+)?"
    r"(?:at\s+least|no\s+less\s+than|not\s+less\s+than)\s+(?:\w+\s+)?(?:\(\d+\)\s+)?(?:days?|weeks?|months?)\s+"
    r"(?:in\s+advance|beforehand|before)\b",
    re.IGNORECASE,
)


#: a denial just before the words of notice: "without prior notice", "with or without notice",
#: "is not required to give advance notice"; not a bound ("not less than 30 days' prior notice")
_DENIED = re.compile(r"\b(?:without|no|not|never|nor)\b(?!\s+(?:less|later|fewer|sooner)\s+than\b)"
                     # (six words: "without the obligation to give you prior notice")
                     r"(?:\s+\w+){0,6}\s*$", re.IGNORECASE)
#: the promise taken back in its own sentence: "we will try to notify you beforehand, but that won't
#: always be possible", "failure to do so will not affect the change", or left to the company ("as
#: appropriate")
_TAKEN_BACK = re.compile(r"\b(?:won['’]t|will\s+not|may\s+not|cannot|can['’]t)\s+always\b"
                         r"|\bwith\s+or\s+without\s+(?:prior\s+|advance\s+)?notice\b"
                         # "we will also try to notify you by email, but failure to do so will not
                         # affect the validity of the change"
                         r"|\b(?:failure|failing)\s+to\s+(?:do\s+so|notify|give|send|provide)\b[^.;]{0,40}?"
                         r"\b(?:will|shall|does|do)\s+not\s+(?:affect|invalidate|impair)\b"
                         # left to the company's judgement: "we will provide you notice …, as appropriate"
                         # (not "by email 30 days in advance and, as appropriate, through a notice")
                         r"|\bnotice\b[^.;]{0,60}?,?\s+as\s+(?:we\s+(?:deem|consider)\s+)?appropriate\b"
                         # given only as the change applies, not before it: "we will tell you by email … when
                         # it takes effect"
                         r"|^(?!.*\b(?:before|in\s+advance|prior|ahead)\b).*\b(?:when|once|after|as\s+soon\s+as)\s+"
                         r"(?:it|they|the\s+(?:change|revision|update|amendment)s?)\s+(?:takes?|has\s+taken|have\s+taken)"
                         r"\s+effect\b",
                         re.IGNORECASE)

#: notice only where the law demands it: "If a Change requires a specific notice pursuant to
#: applicable Law, Zoom will provide you with such notice", "we will notify you where required by
#: law" promise the reader nothing the law does not already give
_ONLY_WHERE_LAW = re.compile(
    r"\b(?:if|where|when|to\s+the\s+extent|as)\b[^.;]{0,80}?\b(?:requir|mandat|oblig)\w*"
    r"[^.;]{0,60}?\b(?:laws?|regulations?|legislation)\b"
    # ("We will give notice where the law requires")
    r"|\b(?:if|where|when|as)\s+(?:the\s+|applicable\s+)?(?:laws?|regulations?|legislation)\s+"
    r"(?:requires?|demands?|obliges?|so\s+requires?)\b",
    re.IGNORECASE,
)

_ABOUT_TERMS = re.compile(r"\b(?:terms|polic(?:y|ies)|agreement|conditions|statement)\b", re.IGNORECASE)
#: ... or a change to the member's rights ("Where a change increases a fee or reduces your rights, we will
#: give you at least 30 days' notice", beside "We may change these Terms, the fees or the features"); a
#: notice of fee increases alone is none of changes to the terms
_YOUR_RIGHTS = re.compile(r"\byour\s+rights\b", re.IGNORECASE)
#: a sentence about a change: notice promised elsewhere in the section counts only for one ("We will tell you
#: when we remove your post" beside the terms is no notice of changing them), named in it or just before it
#: ("We may change this Privacy Policy from time to time. But when we do, we'll let you know")
_CHANGE_REACH = 120   # characters before the promise
_ABOUT_A_CHANGE = re.compile(r"\b(?:chang|revis|updat|amend|modif|vari)\w*|\bnew\s+versions?\b",
                             re.IGNORECASE)


def soften_changes_with_notice(drafts: Sequence[Draft], text: str, document: Document | None) -> None:
    """Lower change concerns to cautions where their clause, or a paragraph of its section,
    promises notice; and to information where the clause itself also lets the member leave before
    the change applies, at no cost: the fair kind ("we will tell you by email at least 30 days before a
    new price applies, and you may cancel before then without any charge"), and so is the acceptance by use
    that ends such a clause. ``text`` is the text of a lone clause (``document`` None)."""
    # (not the changes the promise leaves out: "For other changes, … they take effect immediately")
    left_out = {id(d) for d in drafts if d.category == CHANGES
                and _OTHER_CHANGES.search(" ".join(text[a:b] for a, b in sorted(d.sentences)))}
    soften([d for d in drafts if id(d) not in left_out], CHANGES,
           lambda clause: _promise_of_notice(clause, text, document), "promises notice before changes")
    for draft in drafts:
        if draft.category != CHANGES or draft.severity is not Severity.CAUTION \
                or not (draft.mitigated or "").startswith("the clause itself"):
            continue
        if _FREE_EXIT.search(_own_text(draft, text, document)):
            draft.severity = Severity.INFO
            draft.reasons.insert(0, "the clause itself also lets you leave before a change applies, at no "
                                    "cost, so it is shown as information")
    # ... and so is the acceptance by use that ends such a clause ("If you continue to participate after the
    # effective date, the revised Terms will apply", after 30 days' notice and the right to stop first)
    for draft in drafts:
        if draft.category != ACCEPTANCE_BY_USE or draft.severity is not Severity.CAUTION:
            continue
        own = _own_text(draft, text, document)
        if _promises(own) and _FREE_EXIT.search(own):
            draft.severity = Severity.INFO
            draft.reasons.insert(0, "the clause itself gives notice of a change and lets you leave before it "
                                    "applies, so accepting it by going on is shown as information")


#: changes a promise of notice leaves out, opening their sentence ("For other changes, we will post the
#: updated Terms …, and they take effect immediately"; "Other amendments may be made at any time and take
#: effect once posted"): the notice promised for material ones does not reach them
_OTHER_CHANGES = re.compile(
    r"(?:^|[.;:]\s+|\n|\bfor\s+)(?:all\s+|any\s+)?other\s+(?:changes|amendments|updates|modifications|revisions)\b",
    re.IGNORECASE)

TERMINATION = "terms.unilateral-termination"
ACCEPTANCE_BY_USE = "terms.contract-by-using"


def _own_text(draft: Draft, text: str, document: Document | None) -> str:
    """The text of the draft's own clause (``text`` itself for a lone clause)."""
    return draft.clause.text if draft.clause is not None and document is not None else text


def soften_endings_with_notice(drafts: Sequence[Draft], text: str, document: Document | None) -> None:
    """Show as information an ending of the account or the service that the clause itself announces some
    days ahead and softens with a refund or a copy of the member's data ("We may end these Terms or
    discontinue the Service by giving you at least 60 days' notice by email. If we do, we will refund any
    fees you have prepaid and give you a way to download your records"), or a closure whose reason the
    member is told with days to answer first: the fair kind, as with changes."""
    for draft in drafts:
        if draft.category != TERMINATION or draft.severity not in (Severity.CONCERN, Severity.CAUTION):
            continue
        own = _own_text(draft, text, document)
        if _AT_WILL.search(own):
            continue
        if _DAYS_NOTICE.search(own) and _MADE_GOOD.search(own):
            draft.severity = Severity.INFO
            draft.reasons.insert(0, "the clause itself gives days of notice and a refund or a copy of your "
                                    "data, so it is shown as information")
        elif _HEARD_FIRST.search(own):
            draft.severity = Severity.INFO
            draft.reasons.insert(0, "the clause itself promises the reason and days to answer before the "
                                    "account is closed, so it is shown as information")


_DAYS_NOTICE = re.compile(
    r"\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than)?\s*(?:\d+|fourteen|thirty|sixty|ninety)\s*"
    r"(?:\(\d+\)\s*)?days['’]?\s+(?:prior\s+|advance\s+|written\s+)?notice\b", re.IGNORECASE)
_MADE_GOOD = re.compile(r"\brefund|\b(?:download|export|retrieve)\s+(?:a\s+copy\s+of\s+)?(?:your|their)\b",
                        re.IGNORECASE)
#: ... or a closure for cause that the member hears of and can answer first ("we will tell you the reason by
#: email and give you 14 days to respond before closure")
_HEARD_FIRST = re.compile(
    r"\b(?:tell|give|send|notify|inform)\s+you\s+(?:of\s+)?(?:the\s+|our\s+)?reasons?\b[^.;]{0,80}?"
    r"\b(?:\d+|seven|ten|fourteen|thirty)\s*(?:\(\d+\)\s*)?(?:business\s+|working\s+)?days\s+to\s+"
    r"(?:respond|reply|answer|appeal|object|explain|fix|cure|remedy)\b", re.IGNORECASE)
#: ... and no ending at will beside it ("… or at any time without notice for any reason")
_AT_WILL = re.compile(r"\bwithout\s+(?:prior\s+|any\s+)?notice\b|\bfor\s+any\s+reason\b|\bwith\s+or\s+without"
                      r"\s+(?:cause|notice)\b|\bat\s+(?:our|its)\s+(?:sole\s+)?discretion\b", re.IGNORECASE)


#: a way out before a change applies that costs nothing: "you may cancel before then without any charge",
#: "you can close your account before the change takes effect", "you may end your plan and get a refund"
_FREE_EXIT = re.compile(
    r"\byou\s+(?:may|can|are\s+free\s+to|will\s+be\s+(?:able|free)\s+to|have\s+the\s+right\s+to)\s+"
    r"(?:\w+\s+){0,2}?(?:cancel|terminate|close|delete|end|leave|withdraw|stop\s+(?:participating|using))\b"
    r"(?:[^.;]|\.(?=\d)){0,120}?"
    r"\b(?:without\s+(?:any\s+)?(?:charge|penalty|fee|cost|cancellation\s+fee)|free\s+of\s+charge|at\s+no\s+cost"
    r"|(?:pro[\s-]?rata\s+)?refund"
    r"|before\s+(?:then\b|(?:that|this|the\s+effective)\s+date\b"
    r"|(?:the\s+change|it|they|the\s+new\s+\w+|the\s+revis\w+)\s+(?:takes?\s+effect|applies|apply)))",
    re.IGNORECASE,
)


#: the change applies as the notice appears, so the notice comes with it, not before it ("We will tell you
#: about material changes by a notice displayed in the app. Updated Terms take effect when the notice is first
#: displayed")
_EFFECT_ON_NOTICE = re.compile(
    r"\b(?:takes?|will\s+take)\s+effect\s+(?:when|once|as\s+soon\s+as|at\s+the\s+time)\s+(?:the\s+|that\s+|such\s+)?"
    r"(?:notice|notification|e-?mail|message)\s+is\s+(?:first\s+)?(?:displayed|shown|posted|sent|given|published)\b"
    r"|\b(?:effective|take\s+effect|takes\s+effect)\s+(?:immediately\s+)?(?:up)?on\s+(?:such\s+|that\s+|the\s+)?"
    r"(?:notice|notification)\b", re.IGNORECASE)


def _promises(text: str, of_a_change: bool = False) -> bool:
    """Whether ``text`` promises notice (words of notice that no denial just before undoes, in a
    sentence that does not give it only where the law requires; ``of_a_change``: of a change named in it or
    just before it), and not a notice the change takes effect with."""
    if _EFFECT_ON_NOTICE.search(text):
        return False
    return any(not _DENIED.search(text, max(0, m.start() - 60), m.start())
               and not _ONLY_WHERE_LAW.search(sentence := _sentence_around(text, m.start(), m.end()))
               and not _TAKEN_BACK.search(sentence)
               and (not of_a_change or _ABOUT_A_CHANGE.search(text, max(0, m.start() - _CHANGE_REACH),
                                                              m.start() + len(sentence)) is not None)
               for m in _PROMISE.finditer(text))


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]`` (cut at full stops and semicolons)."""
    before = max(text.rfind(".", 0, start), text.rfind(";", 0, start)) + 1
    stops = [at for at in (text.find(".", end), text.find(";", end)) if at >= 0]
    return text[before:min(stops) if stops else len(text)]


def _promise_of_notice(clause: Clause | None, text: str, document: Document | None) -> str | None:
    """Where notice is promised: "the clause itself", "section 8.2", or None."""
    if clause is None or document is None:
        return "the clause itself" if _promises(text) else None
    if _promises(clause.text):
        return "the clause itself"
    # elsewhere in the section, only a promise about changing the terms bears on a clause that
    # changes them ("we may revise these terms"), not on one changing the service; text before the
    # first heading is no section
    if not clause.heading_path or not _ABOUT_TERMS.search(clause.text):
        return None
    for other in document.clauses:
        if other.heading_path == clause.heading_path and other.id != clause.id \
                and (_ABOUT_TERMS.search(other.text) or _YOUR_RIGHTS.search(other.text)) \
                and _promises(other.text, of_a_change=True):
            return clause_reference(other, document)
    return None
