"""Way outs: the clauses of a document that let the reader refuse, limit or undo a flagged practice.

A clause flagged ``rights.choice`` or ``rights.access-deletion`` is a candidate. It is offered as
the way out of a data-use flag (or of an arbitration clause) when it is about the flag's subject
(:data:`SUBJECT_WORDS`), or when it sits in the flag's own section and is about no other subject.

Reading all 431 links the first version made on 11 real policies and 3 samples found 61 % wrong.
Each filter below answers one cause found there: subject words found inside unrelated words
("profil" in "profile", "read" in "machine readable"); clauses that offer no action of the reader
(a table row of request statistics, "request a copy of the SCCs"); the Californian "opt out of
sales or sharing", which is about advertising, offered against police disclosures; marketing
e-mail opt-outs offered against ad targeting; generic rights offered against disclosures nobody
can refuse (legal process, service providers, mergers); "we do not sell" read as an offer. With
the filters, 48 of those 431 links stay wrong and 71 of the 77 right ones are kept (docs/evaluation.md).
A second reading (126 links of 6 privacy policies, 53 wrong) added the rest: an announcement of
rights that names no means, a subject and an action in different sentences, ads and retention no
setting or deletion reaches, and a sale opt-out beside "we do not sell". A third (91 links of seven
policies, 37 wrong) added what :func:`_fits` asks: an exit naming one kind of recipient or reader
is no way out for another, ad opt-outs reach only targeted ads, a permission switch only the data
it switches off; and a sentence pointing elsewhere ("for more information …, please see") offers
nothing itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from terms.labels import clause_reference
from terms.model import Clause, Document, Severity

WAY_OUT_CATEGORIES = ("rights.choice", "rights.access-deletion")
#: the rules whose flags are about training AI on what members write: their way out must name that
AI_TRAINING_RULES = frozenset({"research.ai-training", "research.ai-training-on-members-content"})
AI_TRAINING_SUBJECT = "data.research/ai-training"
MAX_WAY_OUT = 3

#: words naming each subject a way out can be about; whole words or stems that do not occur inside
#: unrelated ones ("profiling" but not "profile", "reads" but not "readable")
SUBJECT_WORDS = {
    "data.advertising": r"advertis|marketing|\bads?\b|promotion",
    "data.tracking": r"cookie|track|pixel|beacon|browser",
    "data.sale": r"\bsell|\bsales?\b|\bsold\b",
    "data.third-party-sharing": (r"\bshar(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}(?:data|information)"
                                 r"|\b(?:data|information)\s+sharing\b|\bsharing\s+(?:it\s+)?with\b|disclos"
                                 r"|third[- ]part(?:y|ies)\s+(?:advertis|partner|collaborator|app|service)"
                                 r"|(?:opt(?:ing)?[- ]?out|object)\s+(?:\w+\s+){0,4}"
                                 r"third[- ]part(?:y|ies)\b"),
    # not "sponsored messages", not "visible to other users"
    "data.client-access": r"\bclients?\b|\bsponsors?\b|\bcustomers?\s+can\b|who can see",
    "data.monitoring": r"monitor|\bmining\b|\bread(?:s|ing)?\b(?!\s+more)|\bscan(?:s|ned|ning)?\b",
    "data.profiling": r"\bprofiling\b|automated\s+(?:decision|processing)|(?<![-\w])personali[sz]",
    "data.research": r"research|analytics|stud(y|ies)",
    # training AI on what members write is a research use of its own: a research setting ("switch off survey
    # invitations in Settings > Research") does not reach it (see AI_TRAINING_RULES)
    # (not "ai" in an address: "legal@consilium-ai.example")
    "data.research/ai-training": r"\btrain(?:s|ed|ing)?\b|artificial intelligence|(?<![-@.\w])ai\b(?![-.@]\w)"
                                 r"|machine[- ]learning"
                                 r"|\bmodels?\b",
    "data.retention": r"delet|retain|retention|erase",
    "data.collection": r"collect|access|delet|correct",
    # deleting content ends few licences ("survives deletion"): only a clause about the licence itself
    "data.content-license": r"licen[cs]e",
    # (not a health information exchange's opt-out, which reaches the exchange alone)
    "data.sensitive": r"(?:health|medical)(?!\s+(?:information\s+)?exchange)|sensitive",
    "data.international-transfer": r"transfer|outside\s+(?:of\s+)?(?:your|the)\s+countr|across\s+borders",
    # the one contract term with a usual way out: opting out of arbitration within a deadline
    "terms.arbitration": (r"(?:opt[- ]?out|reject|decline)\b[^.]{0,80}arbitrat"
                          r"|arbitrat[^.]{0,80}\bopt[- ]?out"),
}
_SUBJECTS = {category: re.compile(words, re.IGNORECASE) for category, words in SUBJECT_WORDS.items()}

# "this request does not apply to Clients' direct access …": the clause names the subject only to
# leave it out
_LEFT_OUT = re.compile(
    r"\b(?:(?:does|do|will|shall)\s+not|doesn't|don't|won't|cannot|can't)\s+(?:apply|extend|relate)\s+to\b[^.;]*"
    # "changes do not create a renewed opportunity to opt out of arbitration"
    r"|\b(?:(?:does|do|will|shall)\s+not|doesn't|don't|won't)\s+(?:create|give|grant|offer|provide)\b[^.;]*"
    r"|\b(?:except|excluding|other than)\b[^.;]*",
    re.IGNORECASE,
)
#: a denial just before a subject word: "we do not sell", "we never share", "does not use or disclose"
#: state a practice's absence, which is no offer to refuse it; not a wish or a condition ("if you
#: do not want us to share …, you can opt out")
_NOT_A_WISH = r"(?!\s+(?:want|wish|like|agree|consent))"
_DENIED_BEFORE = re.compile(rf"\b(?:do|does|did|will|shall)\s+not\b{_NOT_A_WISH}[^.]*$"
                            rf"|\bnever\b[^.]*$|n['’]t\b{_NOT_A_WISH}[^.]*$", re.IGNORECASE)
_DENIAL_REACH = 45  # characters before a subject word searched for a denial
_CONDITION_BEFORE = re.compile(r"\b(?:if|unless|when|whenever|should|whether)\b", re.IGNORECASE)
_CONDITION_REACH = 20  # characters before a denial searched for a condition

#: what a reader does to refuse or limit a practice ...
_REFUSE = re.compile(
    r"opt(?:ing)?[- ]?out|\bobject(?:s|ed|ing|ion)?\b|withdraw|revok|reject|\bdisable\b|turn(?:ed)? off"
    r"|unsubscrib|\bstop\b|\blimit(?:s|ed|ing)?\b|restrict|(?<!in )(?<!of )\bcontrols?\b|\bchoices?\b"
    # ("cookies may store your preferences" is no action of the reader's)
    r"|\bchoose\b|settings?|(?:manage|update|change|set|adjust|edit|modify|review)\s+(?:your\s+)?(?:\w+\s+)?preferences"
    r"|\bmanage|\bremove|\brefus|\bblock\b",
    re.IGNORECASE)
#: ... and to undo keeping or collecting it, which is no way out of sharing or profiling
_ERASE = re.compile(r"delet|eras|remov|close your account|\bcorrect|rectif", re.IGNORECASE)
_ERASE_UNDOES = frozenset({"data.retention", "data.collection"})
#: a row of a table of figures ("Requests to opt out of sharing | 3,379,178 | 0 | 1 day"): a report on
#: requests, not an offer
_FIGURES_ROW = re.compile(r"\|\s*\d[\d,.]*\s*\|")

# a clause about the right to take one's data elsewhere ("Port your information … transmit it to a
# third party") or to get a copy of it is no way out of sharing, monitoring or anything else it
# happens to name, unless it also offers a refusal ("… and the right to object to certain processing")
_PORTABILITY = re.compile(r"\bportab|\bport your\b", re.IGNORECASE)
_REFUSAL = re.compile(r"opt(?:ing)?[- ]?out|\bobject(?:s|ed|ing|ion)?\b|withdraw|restrict|revok|unsubscrib"
                      r"|\bstop\b", re.IGNORECASE)
_ACCESS_ONLY = re.compile(r"download|copy of|export|machine[- ]readable|\bportab|take your data",
                          re.IGNORECASE)

#: marketing messages sent to the reader: an opt-out of these is no way out of ads chosen from their
#: data ("unsubscribe from our marketing e-mails"); an ad word inside such a phrase does not count
_MESSAGES = re.compile(
    r"(?:marketing|promotional|promotion|advertising)\s+(?:\w+\s+){0,1}(?:e-?mails?|messages?|communications?"
    r"|texts?|SMS|newsletters?|offers)\b|\bnewsletters?\b|\bunsubscrib\w*"
    # "change your e-mail preferences, except … service messages or sponsored messages": about what
    # lands in the inbox, no way out of anything said about the reader's data in the same section
    r"|\be-?mail\s+(?:preferences|settings|subscriptions?)\b"
    # ("adjust your Customer Communication Preferences", "your notification settings")
    r"|\b(?:communications?|notifications?)\s+(?:preferences|settings)\b"
    r"|\b(?:service|sponsored|transactional)\s+(?:e-?mails?|messages?)\b", re.IGNORECASE)
#: "marketing" and "promotion" in a sentence about messages mean the messages ("not all our
#: communications are for marketing"); "ads" there still means ads ("turn off personalised ads and
#: unsubscribe from e-mails")
_MESSAGE_SENSE = re.compile(r"marketing|promotion", re.IGNORECASE)
_MESSAGE_WORDS = re.compile(r"communicat|e-?mails?\b|messages?\b|\bSMS\b|newsletter|unsubscrib|contact you"
                            r"|send you|\bnews\b", re.IGNORECASE)
_PARTS = re.compile(r"[^.;]+")  # sentences and semicolon parts
#: a flag about marketing messages themselves, which those opt-outs do answer
_MARKETING_MESSAGES = re.compile(
    r"(?:marketing|promotion\w*)\s+(?:\w+\s+){0,2}(?:communications?|e-?mails?|messages?)"
    r"|communications?\s+promoting|newsletters?|(?:send|contact)\s+you\b[^.]{0,60}(?:offers|promotions|marketing|news)",
    re.IGNORECASE)
#: "opt out of sales or sharing", "“sharing”": Californian law's term for sharing for advertising
_SALE_OR_SHARING = re.compile(
    r"\b(?:sales?|sell(?:s|ing)?)[”\"']?,?\s+(?:or|and)\s+[“\"']?shar(?:e|es|ed|ing)\b"
    r"|\b(?:sales?|sell(?:s|ing)?)\s?/\s?shar(?:e|es|ed|ing)\b|[“\"']shar(?:e|es|ed|ing)[”\"']",
    re.IGNORECASE)

#: a paragraph that announces the reader's rights ("You have choices about how to protect and limit
#: the collection, use and sharing of your information. Below we explain how to exercise them"):
#: the section's specific opt-outs follow it, and it would stand in for them ...
_ANNOUNCES_RIGHTS = re.compile(
    r"depending on where you live|you (?:may )?(?:also )?have (?:the |\w+ )?(?:rights?|choices)"
    r"|below we explain|rights are for everyone|anyone can request",
    re.IGNORECASE)
#: ... unless it names a means of using them (not a bare "request": "anyone can request a copy of
#: their data, account deletion" names none)
_MEANS = re.compile(r"setting|\bvisit|click|\bhere\b|\btools?\b|browser|instructions|contact"
                    r"|request (?:form|page)|\bpage\b|\blinks?\b|e-?mail|\bform\b|device|\bapp\b|\bthrough\b"
                    r"|\bvia\b|\bby \w+ing\b", re.IGNORECASE)

#: advertising the reader cannot opt out of: ads chosen without their data, and reports to advertisers
_UNTARGETED_ADS = re.compile(
    r"generic\s+ads|non-personali[sz]ed\s+(?:ads|advertising)|contextual\s+ads"
    # the ads that remain once the reader has opted out
    r"|(?:if|when|once)\s+you\s+(?:are|have)\s+[‘'\"“]?opted[- ]out|less\s+relevant\s+(?:ads|advertising)",
    re.IGNORECASE)
_AD_REPORTS = re.compile(
    r"aggregat|\breports?\b|measur|performance|\bperform(?:ed|s)?\b|understand\s+(?:\w+\s+)?audience",
    re.IGNORECASE)
_TO_ADVERTISERS = re.compile(r"advertisers?\b[^.]{0,120}\b(?:reports?|perform\w*|understand|measur\w*)"
                             r"|\breports?\b[^.]{0,60}\badvertisers?", re.IGNORECASE)
#: the reader as an advertiser ("if you use our ads products")
_ADVERTISER_READER = re.compile(r"\bif you (?:use|purchase|buy|run)\b[^.]{0,60}\bad(?:s|vertising)\b",
                                re.IGNORECASE)
_TARGETING = re.compile(r"personali[sz]|relevant|interest|target|tailor", re.IGNORECASE)
#: keeping data that deleting it cannot undo: what the law requires, or what is kept after deletion
_LEGAL_RETENTION = re.compile(
    r"compl(?:y|iance)\s+with|legal\s+obligation|required\s+by\s+(?:applicable\s+)?law|applicable\s+law|legal\s+claims",
    re.IGNORECASE)
_OWN_RETENTION = re.compile(r"as\s+long\s+as|until\s+you|for\s+the\s+period", re.IGNORECASE)
_KEPT_AFTER_DELETION = re.compile(
    r"(?:delet|clos)\w*[^|]{0,400}?\b(?:also|still|may)\s+(?:\w+\s+)?(?:retain|keep|store)"
    # "we keep some of your data even after you close your account", "remains visible after …"
    r"|(?:keep|retain)\w*[^.]{0,80}\beven\s+after\b[^.]{0,40}(?:clos|delet)"
    r"|remain\w*[^.]{0,60}\bafter\b[^.]{0,40}(?:clos|delet)"
    # "… even if you delete your account", "Notwithstanding any deletion by you", "it cannot be removed
    # from that model", "deleting the Contribution will not affect models already trained", "for ten
    # years after deletion"
    r"|\beven\s+(?:if|when|after|though)\s+you\s+(?:have\s+)?(?:delet|clos|cancel|deactivat|remov)"
    r"|\bnotwithstanding\b[^.]{0,60}\bdelet|\bcannot\s+be\s+(?:removed|deleted|erased|withdrawn)\s+from"
    r"|\b(?:deleting|deletion)\b[^.]{0,60}\b(?:will|does|shall)\s+not\s+(?:affect|remove|reach)"
    r"|\b(?:years?|months?|days?)\)?\s+after\s+(?:deletion|closure|it\s+is\s+closed)"
    # copies already handed over ("… already delivered to Enterprise Subscribers … are not recalled when you
    # delete a submission")
    r"|\b(?:not|never|cannot)\s+(?:be\s+)?(?:recalled|retrieved|clawed\s+back)\b", re.IGNORECASE)
#: an exit that says the company does not sell offers no way out of a sale; the link a Californian
#: notice names ("use the “Do Not Sell or Share My Personal Information” link") is one
_SALE_DENIED = re.compile(r"(?<![“\"'‘])\b(?:do|does)\s+not\s+[“\"']?sell(?!\s+(?:or\s+share\s+)?my\b)",
                          re.IGNORECASE)
_SENTENCE_PARTS = re.compile(r"[^.;!?]+")
#: an action the text denies the reader, up to the end of its sentence part: "physicians cannot opt out of
#: inclusion", "you will not be able to object to this use", "there is no way to withdraw"; what the
#: clause offers besides ("…, but you may ask us to correct an error") still counts
_DENIED_ACTION = re.compile(
    r"(?<!\bif you )(?<!\bwhere you )(?<!\bwhen you )"  # ("if you cannot opt out online, write to us")
    r"\b(?:cannot|can\s?not|can['’]t|(?:(?:are|is)\s+(?:not\s+able|unable)|(?:will\s+not|won['’]t)\s+be\s+able)\s+to"
    r"|may\s+not"
    r"|(?:no|not\s+an?)\s+(?:option|way|ability|right|choice)\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:opt(?:ing)?[- ]?out|object|withdraw|refuse|revoke|turn\s+off|disable|unsubscribe|stop|limit|restrict"
    r"|remove|delete|block)\b[^.;]*?(?=,?\s+but\b|[.;]|$)", re.IGNORECASE)
#: a sentence that points elsewhere ("For more information on how you can disable cookies, please
#: see …"): the action it names is offered there, not here
_POINTER = re.compile(r"\bfor more information\b|\bplease see\b|\bsee\s+(?:our|the)\b|\blearn more\b"
                      r"|\bdescribed\s+(?:in|under|below|above)\b|\brefer to\b", re.IGNORECASE)
#: the categories _nothing_to_refuse reads (the others need not have their sentences joined)
_UNREACHABLE_CATEGORIES = frozenset({"data.advertising", "data.retention"})

#: "third-party advertising services": an exit about ads names sharing with ad companies only, and is
#: a way out of sharing only where the flagged clause is about advertising too
_AD_PARTNERS = re.compile(r"third[- ]part(?:y|ies)\s+advertis\w*", re.IGNORECASE)

#: disclosures nobody can opt out of: the law, emergencies, processors, the corporate group, a
#: merger, data that no longer names anyone, the legal basis of a transfer abroad
_NO_CHOICE = re.compile(
    r"comply with (?:the |a |any |applicable )?law|required by law|legal (?:process|request|obligation)"
    r"|subpoena"
    # what the member asks for ("we share … at your direction")
    r"|at your (?:direction|request|instruction)"
    r"|law enforcement|emergency|bodily harm|serious harm|enforce (?:our|its)|\baffiliat|related companies"
    r"|corporate group|service providers|\bvendors\b|merger|acquisition|change (?:of|in) control"
    r"|sold to others|aggregat|de-identif|anonymi[sz]ed|do not identify you|standard contract|adequacy"
    r"|privacy framework|\bDPF\b|onward transfer|data centers|across borders|cross-border",
    re.IGNORECASE)
_NO_CHOICE_CATEGORIES = frozenset({"data.third-party-sharing", "data.international-transfer"})
_OWN_REFUSAL = re.compile(r"opt(?:ing)?[- ]?out|unsubscrib|withdraw|object to|turn off|disabl", re.IGNORECASE)


_T = TypeVar("_T")


class WayOutDraft(Protocol):
    """What linking needs of a flag being assembled (``engine._Draft``)."""

    category: str
    severity: Severity
    clause: Clause | None
    sentences: set[tuple[int, int]]   # the flagged sentences, as spans of the document text
    rule: str                         # the rule that leads it
    way_out: tuple[str, ...]


def _is_exit(clause: Clause) -> bool:
    """Whether a choice or deletion clause can be a way out at all: it is no row of figures, no
    announcement of rights that names no means of using them, and does more than let the reader
    take a copy of their data."""
    text = clause.text
    if _FIGURES_ROW.search(text):
        return False
    if _ANNOUNCES_RIGHTS.search(text) and not _MEANS.search(text):
        return False
    if _PORTABILITY.search(text, 0, 80) and not _REFUSAL.search(text):
        return False
    return not (_ACCESS_ONLY.search(text) and not _REFUSE.search(text) and not _ERASE.search(text))


class _Context:
    """What about the flagged clause decides which of an exit's words count: whether it is about
    marketing messages, and whether it names advertising."""

    __slots__ = ("about_ads", "messages")

    def __init__(self, messages: bool, about_ads: bool) -> None:
        self.messages = messages
        self.about_ads = about_ads

    @property
    def key(self) -> tuple[bool, bool]:
        return self.messages, self.about_ads


_PLAIN = _Context(messages=False, about_ads=False)


class _WayOuts:
    """What each exit of a document says about each subject, worked out once (a document has a
    handful of exits and hundreds of data-use flags)."""

    def __init__(self, exits: Sequence[Clause]) -> None:
        self.by_id = {c.id: c for c in exits}
        #: each exit's text as read for its offer: pointers to other text offer nothing themselves
        self.text = {c.id: _without_pointers(c.text) for c in exits}
        self._left_out: dict[str, list[tuple[int, int]]] = {}
        self._messages: dict[str, list[tuple[int, int]]] = {}
        self._message_parts: dict[str, tuple[list[int], list[bool]]] = {}
        self._offers: dict[tuple[str, str, tuple[bool, bool]], bool] = {}
        self._one_sentence: dict[tuple[str, str], bool] = {}
        self._acts: dict[str, tuple[bool, bool]] = {}

    def offers(self, category: str, clause_id: str, context: _Context = _PLAIN) -> bool:
        """Whether the exit offers the reader a fitting action about the category's subject."""
        key = (category, clause_id, context.key)
        found = self._offers.get(key)
        if found is None:
            found = self._offers[key] = self._work_out(category, clause_id, context)
        return found

    def _work_out(self, category: str, clause_id: str, context: _Context) -> bool:
        text = self.text[clause_id]
        if category != "terms.arbitration":  # opting out of arbitration is its own action
            refuses, erases = self.acts(clause_id)
            if not (refuses or (erases and category in _ERASE_UNDOES)):
                return False
        left_out = self._per_clause(self._left_out, clause_id, lambda t: _spans(_LEFT_OUT, t))
        if category == "data.third-party-sharing" and not context.about_ads:
            left_out = left_out + _spans(_SALE_OR_SHARING, text) + _spans(_AD_PARTNERS, text)
        if category == "data.advertising" and not context.messages:
            left_out = left_out + self._message_spans(clause_id)
        skipped = _Spans(left_out)
        for m in _SUBJECTS[category].finditer(text):
            if skipped.cover(m.start()):
                continue
            if category == "data.advertising" and not context.messages \
                    and _MESSAGE_SENSE.match(m.group()) and self._about_messages(clause_id, m.start()):
                continue
            denial = _DENIED_BEFORE.search(text, max(0, m.start() - _DENIAL_REACH), m.start())
            if denial and not _CONDITION_BEFORE.search(text, max(0, denial.start() - _CONDITION_REACH),
                                                        denial.start()):
                continue
            return True
        return False

    def offers_in_one_sentence(self, category: str, clause_id: str) -> bool:
        """Whether one sentence of the exit names the subject *and* the reader's action: in "the
        Account Information row: used to select more relevant advertising. You can remove or revise
        this information" the action is about the row, not about the ads."""
        key = (category, clause_id)
        found = self._one_sentence.get(key)
        if found is None:
            text = self.text[clause_id]
            undoes = category in _ERASE_UNDOES
            found = self._one_sentence[key] = any(
                _SUBJECTS[category].search(text, a, b)
                and (_REFUSE.search(text, a, b) or (undoes and _ERASE.search(text, a, b)))
                for a, b in _spans(_SENTENCE_PARTS, text))
        return found

    def acts(self, clause_id: str) -> tuple[bool, bool]:
        """Whether the exit names a way to refuse or limit, and one to undo keeping or collecting."""
        return self._per_clause(self._acts, clause_id, _acts)

    def names_apart(self, category: str, clause_id: str) -> bool:
        """Whether the exit names the category's subject, but not in a sentence that offers an
        action: in the Account Information row "used to select more relevant advertising. You can
        remove or revise this information" the action is about the row, not the ads."""
        return (_SUBJECTS[category].search(self.text[clause_id]) is not None
                and not self.offers_in_one_sentence(category, clause_id))

    def _per_clause(self, cache: dict[str, _T], clause_id: str, work_out: Callable[[str], _T]) -> _T:
        """``work_out`` of the exit's text, once per exit."""
        return _once(cache, clause_id, self.text[clause_id], work_out)

    def _about_messages(self, clause_id: str, pos: int) -> bool:
        """Whether the sentence (or semicolon part) of the exit holding ``pos`` is about messages."""
        starts, about = self._per_clause(self._message_parts, clause_id, _message_parts)
        at = bisect.bisect_right(starts, pos) - 1
        return at >= 0 and about[at]

    def _message_spans(self, clause_id: str) -> list[tuple[int, int]]:
        return self._per_clause(self._messages, clause_id, lambda t: _spans(_MESSAGES, t))

    def about_another(self, category: str, clause_id: str, context: _Context) -> bool:
        """Whether the exit offers a way out of other subjects only ("opt out of targeted ads"
        beside a disclosure to the police): no way out of this one, though in the same section."""
        if category in _SUBJECTS and self.offers(category, clause_id, context):
            return False
        if not context.messages and self._message_spans(clause_id):
            return True  # an opt-out of marketing messages
        return any(self.offers(other, clause_id) for other in _SUBJECTS if other != category)

    def leaves_out(self, category: str, clause_id: str, context: _Context) -> bool:
        """Whether the exit names the category's subject, but not as something to refuse."""
        return _SUBJECTS[category].search(self.text[clause_id]) is not None and not self.offers(
            category, clause_id, context)


def _once(cache: dict[str, _T], clause_id: str, text: str, work_out: Callable[[str], _T]) -> _T:
    """``work_out(text)``, the text of clause ``clause_id``, worked out once per clause."""
    found = cache.get(clause_id)
    if found is None:
        found = cache[clause_id] = work_out(text)
    return found


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _without_pointers(text: str) -> str:
    """``text`` with its pointer sentences (:data:`_POINTER`) and the actions it denies the reader
    (:data:`_DENIED_ACTION`) blanked out, every offset kept."""
    pointers = [(a, b) for a, b in _spans(_SENTENCE_PARTS, text) if _POINTER.search(text, a, b)]
    pointers += _spans(_DENIED_ACTION, text)
    if not pointers:
        return text
    chars = list(text)
    for a, b in pointers:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _acts(text: str) -> tuple[bool, bool]:
    """Whether an exit's text names a way to refuse or limit, and one to undo keeping or collecting."""
    return _REFUSE.search(text) is not None, _ERASE.search(text) is not None


def _message_parts(text: str) -> tuple[list[int], list[bool]]:
    """Where each sentence (or semicolon part) starts, and whether it is about messages."""
    parts = _spans(_PARTS, text)
    return [a for a, _ in parts], [_MESSAGE_WORDS.search(text, a, b) is not None for a, b in parts]


class _Spans:
    """Spans of a text, merged, for telling in logarithmic time whether one covers a position
    (a long clause may hold thousands of subject words and of spans to skip)."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(spans):
            if self.ends and a <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], b)
            else:
                self.starts.append(a)
                self.ends.append(b)

    def cover(self, pos: int) -> bool:
        at = bisect.bisect_right(self.starts, pos) - 1
        return at >= 0 and pos < self.ends[at]


def _section(clause: Clause) -> tuple[str, ...]:
    """The section a clause sits in: its headings, else the numbered clause it belongs to ("1.2"
    under "1. Sharing"); () for text before any heading or number, which is no section."""
    if clause.heading_path:
        return clause.heading_path
    return ("§", clause.parent_id) if clause.parent_id else ()


def link_way_outs(document: Document, drafts: Sequence[WayOutDraft]) -> None:
    """Point data-use flags (and arbitration) at the clauses that let the reader refuse or undo them."""
    # (a choice or right the clause denies, flagged as a concern, offers none: "individual physicians
    # cannot opt out of inclusion")
    candidates = [d.clause for d in drafts if d.category in WAY_OUT_CATEGORIES and d.clause is not None
                  and d.severity is not Severity.CONCERN]
    if not candidates:
        return
    way_outs = _WayOuts(candidates)
    # (a clause whose only action is in a pointer to another offers none itself)
    exit_ids = list(dict.fromkeys(c.id for c in candidates if _is_exit(c) and any(way_outs.acts(c.id))))
    by_id = way_outs.by_id
    text = document.text
    aimed = {i: numbers for i in exit_ids if (numbers := _aimed_at(by_id[i].text, document))}
    local = {i for i in exit_ids if _exception_only(way_outs.text[i])}
    # a flagged clause's readings, shared by its flags
    no_choice: dict[str, bool] = {}
    about_ads: dict[str, bool] = {}
    for draft in drafts:
        clause = draft.clause
        if (
            clause is None
            or draft.category in WAY_OUT_CATEGORIES
            or not (draft.category.startswith("data.") or draft.category in _SUBJECTS)
            or draft.severity.rank > Severity.CAUTION.rank
        ):
            continue
        category = AI_TRAINING_SUBJECT if draft.rule in AI_TRAINING_RULES else draft.category
        if category in _NO_CHOICE_CATEGORIES and _once(no_choice, clause.id, clause.text, _no_choice):
            continue
        if category in _UNREACHABLE_CATEGORIES and _nothing_to_refuse(
                category, clause.text, " ".join(text[a:b] for a, b in sorted(draft.sentences))):
            continue
        has_subject = category in _SUBJECTS
        messages = category == "data.advertising" and _MARKETING_MESSAGES.search(clause.text) is not None
        context = _Context(messages, _once(about_ads, clause.id, clause.text, _about_ads))
        # an opt-out near a data practice is likely about it; near a contract term, only one that
        # names it is (a disputes section has many choices that are no way out of arbitration).
        # A clause is its own way out only where it offers one about this subject.
        section = _section(clause)
        same_section = [] if category.startswith("terms.") else [
            i
            for i in exit_ids
            if (has_subject and _on_subject(way_outs, category, i, context) if i == clause.id
                else bool(section) and _section(by_id[i]) == section
                and not (has_subject and way_outs.names_apart(category, i)))
            and not (has_subject and way_outs.leaves_out(category, i, context))
            and not way_outs.about_another(category, i, context)
            and not (category == "data.sale" and _SALE_DENIED.search(by_id[i].text))
            and not (i in aimed and not _within(clause.id, aimed[i]))
            and not (i in local and i != clause.id)
        ]
        on_subject = [i for i in exit_ids if has_subject and not (i in local and i != clause.id)
                      and _on_subject(way_outs, category, i, context)]
        # an exit aimed at this clause's section by its number is a way out of what is flagged there
        pointed = [] if category.startswith("terms.") else [
            i for i in aimed
            if _within(clause.id, aimed[i]) and not way_outs.about_another(category, i, context)]
        # one clause per place the reader would be sent: several paragraphs of one section
        # would all read "the “Your Choices” section"
        by_place: dict[str, str] = {}
        for i in dict.fromkeys(same_section + pointed + on_subject):
            if _fits(category, clause.text, way_outs.text[i], messages):
                by_place.setdefault(clause_reference(by_id[i], document), i)
        way_out = tuple(by_place.values())
        if draft.rule in _WAIVER_RULES:
            way_out = tuple(i for i in way_out if not _WAIVERS_KEPT.search(by_id[i].text))
        draft.way_out = way_out[:MAX_WAY_OUT]


#: an exit offered as an exception to the practice its own sentence states ("Recruiters may view your
#: profile and may contact you, unless you switch off “Open to Opportunities” in Settings")
_UNLESS_YOU = re.compile(r"\bunless\s+(?:and\s+until\s+)?you\b", re.IGNORECASE)


def _exception_only(text: str) -> bool:
    """Whether every action an exit names is such an exception: the way out of that sentence's practice,
    not of the others in its section (the recruiters' switch was offered against the sale of posts)."""
    excepted = False
    for a, b in _spans(_SENTENCE_PARTS, text):
        acts = [m.start() for pattern in (_REFUSE, _ERASE) for m in pattern.finditer(text, a, b)]
        if not acts:
            continue
        unless = _UNLESS_YOU.search(text, a, b)
        if unless is None or unless.start() > min(acts):
            return False
        excepted = True
    return excepted


#: an exit that names what it stops by the section describing it ("To stop your information being provided
#: for the invitations described in section 4.2, switch off Program Invitations") is the way out of that
#: section's practices, not of the others in its own section (a "Your choices" section holds exits from many)
_AIMED_AT = re.compile(
    r"\b(?:stop|opt(?:\s+|-)?out\s+of|withdraw\s+from|decline|object\s+to|exclude|(?:switch|turn)\s+off)\b"
    r"[^.;]{0,120}?\b(?:described|set\s+out|explained|referred\s+to)\s+(?:in|under|at)\s+"
    r"(?:section|clause|paragraph|§)\s*(\d+(?:\.\d+)*)",
    re.IGNORECASE,
)


def _aimed_at(text: str, document: Document) -> tuple[str, ...]:
    """The numbered clauses of ``document`` that an exit names as what it stops (see :data:`_AIMED_AT`)."""
    return tuple(number for number in dict.fromkeys(m.group(1) for m in _AIMED_AT.finditer(text))
                 if document.has_clause(number))


def _within(clause_id: str, numbers: tuple[str, ...]) -> bool:
    """Whether the clause is one of the numbered clauses or lies in one ("4.2/p1", "4.2(a)" in "4.2")."""
    return any(clause_id == n or clause_id.startswith((n + ".", n + "/", n + "(")) for n in numbers)


#: a flag led by the rule for class-action and jury waivers ...
_WAIVER_RULES = frozenset({"arbitration.class-waiver"})
#: ... has no way out in an opt-out of arbitration that keeps it: "By opting out of arbitration, all
#: other provisions, including the class action waiver and jury trial waiver, remain in effect"
_WAIVERS_KEPT = re.compile(
    r"\b(?:class[- ]action|jury(?:[- ]trial)?)\s+waivers?\b[^.]{0,80}?\b(?:remains?|survives?|continues?"
    r"|still\s+appl(?:y|ies))\b",
    re.IGNORECASE,
)


#: whom an exit is about, to compare with the flagged clause: an opt-out of one kind of recipient
#: ("revoke linked services' access", "withdraw consent to share with artists and record labels")
#: is no way out of sharing with anyone else. In the exit only a recipient named as such counts
#: ("the link in our footer", "your account settings" name none) ...
_EXIT_RECIPIENTS = re.compile(
    r"\b(?:(?:third[- ]party|linked|connected|other)\s+(?:apps?|applications?|services|accounts?|devices?"
    r"|websites?)|connections|artists?|(?:record\s+)?labels|advertisers?|ad(?:vertising)?\s+(?:partners|companies"
    r"|networks?|vendors)|analytics\s+(?:providers?|partners?|companies)|researchers?"
    r"|research\s+(?:partners?|institutions?|collaborators?|organi[sz]ations?)|employers?|insurers?"
    r"|sponsors?)\b", re.IGNORECASE)
#: ... and in the flagged clause any word for one ("apps you connect", "advertising")
_FLAGGED_RECIPIENTS = re.compile(
    r"\b(?:apps?|applications?|devices?|accounts?|connect\w*|link(?:ed|ing)|integrations?|advertis\w*"
    r"|ad networks?|artists?|labels?|analytics|researchers?"
    r"|research\s+(?:partners?|institutions?|collaborators?|organi[sz]ations?)|employers?|insurers?|sponsors?)\b",
    re.IGNORECASE)
#: each recipient's kind, by a word it holds; anything else named is a linked app, account or device
_RECIPIENT_KINDS = ("artist", "label", "advertis", "ad ", "analytics", "research", "employer", "insurer",
                    "sponsor")


def _recipients(pattern: re.Pattern[str], text: str) -> set[str]:
    """The kinds of recipient ``text`` names (ads and advertisers are one kind)."""
    kinds = set()
    for m in pattern.finditer(text):
        named = m.group().lower()
        kind = next((k for k in _RECIPIENT_KINDS if k in named), "linked")
        kinds.add("advertis" if kind == "ad " else kind)
    return kinds


#: the parties whose reading of members' content an exit can stop
_READERS = re.compile(r"\b(?:employers?|recruiters?|customers?|clients?|sponsors?|advertisers?|insurers?)\b",
                      re.IGNORECASE)
#: an exit about what those parties send the reader, or an opt-in that hands them the reader's contact
#: details ("turn off e-mail newsletters from Clients", "stop Clients from sending you surveys", "you may
#: withdraw this opt-in" to passing your e-mail address to Sponsors): nothing of what they read
_CONTACT_ONLY = re.compile(
    r"\b(?:e-?mails?|newsletters?|surveys?|invitations?|contact\s+you|send(?:ing)?\s+you)\b", re.IGNORECASE)
#: an exit that says what members wrote stays in view without their name ("your replies continue to appear in
#: the Partner Dashboard, but without your name"): it hides who wrote, and nobody stops reading
_STILL_SHOWN = re.compile(
    r"\b(?:continues?\s+to|will\s+still|still)\s+"
    r"(?:appear|be\s+(?:visible|shown|displayed|available|searchable|included))\b", re.IGNORECASE)
_NAME_ONLY = re.compile(
    r"\bwithout\s+(?:your|their|the\s+member's)\s+(?:display\s+)?(?:name|identity|profile)|\banonymously\b"
    r"|\bunder\s+a\s+pseudonym\b", re.IGNORECASE)
_WHAT_READERS_SEE = re.compile(
    r"\b(?:see|sees|read|reads|view|views|access|search|exclud\w*|hide|hidden|visible|reports?|feeds?|alerts?"
    r"|dashboards?|posts?|comments|discussions?|answers|contributions?)\b", re.IGNORECASE)
_AD_WORD = re.compile(r"\bads?\b|advertis", re.IGNORECASE)
#: targeting named outright (not a bare "relevant", nor the "interest" of "legitimate interest")
_TARGETING_OUTRIGHT = re.compile(
    r"personali[sz]|target|tailor|(?:your|their|users['’]?)\s+interests|interest[- ]based"
    r"|relevant\s+(?:\w+\s+)?(?:ads?|advertis\w*)|relevan\w*\s+to\s+you", re.IGNORECASE)
#: an exit limited to data coming in, against a flag about data going out
_INBOUND_ONLY = re.compile(r"information we (?:collect|receive) from (?:third parties|partners)",
                           re.IGNORECASE)
_DISCLOSES = re.compile(r"\b(?:shar|disclos)\w*\b[^.]{0,80}\b(?:with|to)\b|\bproviders? who\b", re.IGNORECASE)
#: ads personalised: an advertising phrase, not profiling, in an exit read for profiling
_AD_PERSONALISATION = re.compile(r"personali[sz]\w*\s+(?:\w+\s+){0,2}(?:ads?|advertis\w*)"
                                 r"|(?:ads?|advertis\w*)\s+(?:\w+\s+){0,3}personali[sz]\w*", re.IGNORECASE)
#: what a permission switch turns off; it reaches sensitive data only where the flag names it too
_SWITCHED_OFF = re.compile(r"(?:health|medical)[- ]?(?:store|app|data|records?|connect\w*)|location",
                           re.IGNORECASE)


def _fits(category: str, flagged: str, exit_text: str, messages: bool) -> bool:
    """Whether an exit's offer reaches what the flagged clause is about, where the subject words
    alone match too widely (a reading of 91 links on seven policies found 37 wrong): the recipient
    or reader it names, ads that are named (and for a flag about marketing messages, an exit about
    messages unless the clause targets ads), an opt-out of profiling itself in one of the exit's
    sentences (personalised ads are advertising), the data a permission switch turns off."""
    if category == "data.third-party-sharing":
        named = _recipients(_EXIT_RECIPIENTS, exit_text)
        return not named or bool(named & _recipients(_FLAGGED_RECIPIENTS, flagged))
    if category == "data.client-access":
        contact_only = _CONTACT_ONLY.search(exit_text) and not _WHAT_READERS_SEE.search(exit_text)
        if contact_only or (_STILL_SHOWN.search(exit_text) and _NAME_ONLY.search(exit_text)):
            return False
        readers = {m.group().lower().rstrip("s") for m in _READERS.finditer(exit_text)}
        lowered = flagged.lower()
        return not readers or any(reader in lowered for reader in readers)
    if category == "data.advertising":
        if messages:  # marketing messages: their opt-outs, unless the clause also targets ads
            return bool(_TARGETING_OUTRIGHT.search(flagged) or _MESSAGE_WORDS.search(exit_text))
        inbound_only = _INBOUND_ONLY.search(exit_text) and _DISCLOSES.search(flagged)
        return bool(_AD_WORD.search(flagged)) and not inbound_only
    if category == "data.profiling":
        rest = _AD_PERSONALISATION.sub(" ", exit_text)
        return any(_SUBJECTS[category].search(rest, a, b) and _REFUSE.search(rest, a, b)
                   for a, b in _spans(_SENTENCE_PARTS, rest))
    if category == "data.sensitive":
        switched = {m.group().lower().replace("-", " ") for m in _SWITCHED_OFF.finditer(exit_text)}
        lowered = flagged.lower().replace("-", " ")
        return not switched or any(thing in lowered for thing in switched)
    return True


def _no_choice(text: str) -> bool:
    """Whether a flagged clause discloses what nobody can opt out of, offering no refusal of its own."""
    return _NO_CHOICE.search(text) is not None and _OWN_REFUSAL.search(text) is None


def _about_ads(text: str) -> bool:
    return _SUBJECTS["data.advertising"].search(text) is not None


def _on_subject(way_outs: _WayOuts, category: str, clause_id: str, context: _Context) -> bool:
    """Whether an exit offers a way out of the category's subject, in one of its sentences (a sale
    opt-out in a clause that says "we do not sell" offers none)."""
    if not way_outs.offers(category, clause_id, context):
        return False
    if category == "data.sale" and _SALE_DENIED.search(way_outs.by_id[clause_id].text):
        return False
    return category == "terms.arbitration" or way_outs.offers_in_one_sentence(category, clause_id)


def _nothing_to_refuse(category: str, clause_text: str, flagged: str) -> bool:
    """Whether the flagged practice is one no setting reaches: ads shown to everyone or to those who
    opted out, reported to advertisers, or bought by the reader as an advertiser; or data kept
    because the law requires it or after the reader deleted it (deleting cannot undo that)."""
    flagged = flagged or clause_text
    if category == "data.advertising":
        return bool(_UNTARGETED_ADS.search(flagged) or _ADVERTISER_READER.search(clause_text)
                    or (_AD_REPORTS.search(flagged) and not _TARGETING.search(flagged))
                    or (_TO_ADVERTISERS.search(clause_text) and not _TARGETING_OUTRIGHT.search(clause_text)))
    if category == "data.retention":
        return bool((_LEGAL_RETENTION.search(flagged) and not _OWN_RETENTION.search(flagged))
                    or _KEPT_AFTER_DELETION.search(clause_text))
    return False
