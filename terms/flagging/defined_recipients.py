"""Recipients a document defines as paying, or as outsiders with a commercial interest, read into
the clauses that name them only by the defined name.

Drafters name who receives members' data once, in a definition ("“Monetization Partners” means data
brokers and audience platforms that provide us with monetary or other valuable consideration in
exchange for receiving it"), and afterwards only by the defined name ("… may be made available to our
Monetization Partners"). Read alone, the later clause is sharing with partners; read with the
definition, it is a sale. Likewise a report of a member's test answers "furnished to the Authorized
Recipients", defined as the drug and device makers that fund a course, lets paying outsiders read what
the member wrote. A sharing flag in a clause naming such a term becomes a sale or gains a
client-access flag, and its reason quotes the definition, so the reader need not find it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from terms.flagging.softening import clause_key
from terms.model import Clause, Severity
from terms.rulepacks.scan import sentence_spans
from terms.wording import cut_quote

SHARING = "data.third-party-sharing"
SALE = "data.sale"
CLIENT_ACCESS = "data.client-access"

#: a capitalised name of one to four words, as a definition quotes it
_TERM = r"(?P<term>[A-Z][\w-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w-]*){0,3})"
#: "“Monetization Partners” means …" (the definition follows, to the sentence's end)
_MEANS = re.compile(
    rf'"{_TERM}"\)?\s*(?:means|refers\s+to|shall\s+mean|is\s+defined\s+as|are\s+defined\s+as)[,\s]+'
    # (a full stop inside a word or a number, or after initials before a section of a code, ends nothing: "in
    # accordance with 45 C.F.R. 164.514(b), whether …")
    r"(?P<definition>(?:[^.;\n]|\n(?![ \t]*\n)|\.(?=\w)|(?<=\b[A-Z])\.(?=[ \t]+\d))+)"
)
#: "… companies that pay us for access (together, “Insight Partners”)": the definition precedes, from
#: the sentence's start
_NAMED_AFTER = re.compile(
    rf'\((?:(?:together|collectively|jointly|each|individually|hereinafter)\s*,?\s*)?(?:(?:the|our|each|a|an)\s+)?"{_TERM}"\)'
)
#: "… organisations that subscribe as “Enterprise Members”": the same, the term named by the verb that
#: makes them what it calls them
_NAMED_AS = re.compile(
    r'\b(?:known|referred\s+to|designated|subscribes?|subscribing|joins?|registers?|signs?\s+up|enrol(?:l?s)?)'
    rf'\s+as\s+(?:(?:the|our|an?)\s+)?"{_TERM}"')
#: the start of the sentence a parenthetical definition ends (a full stop in "6.5" ends none)
_SENTENCE_START = re.compile(r"(?:[.!?;:]\s|\n)(?=(?:[^.!?;:\n]|[.!?;:](?=\S))*$)")
#: after a definition, a list of the kinds it covers: "Enterprise Subscribers may include:" and bullets
_LISTED_AFTER = re.compile(
    r"\.?[ \t]+(?:these|they|(?P<again>[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,3}))[ \t]+"
    r"(?:may[ \t]+|can[ \t]+|will[ \t]+)?includes?:[ \t]*\n+(?P<items>(?:[ \t]*[•*-][ \t]+[^\n]+\n*){1,8})")
_BULLET = re.compile(r"^[ \t]*[•*-][ \t]+")
_CLAUSE_NUMBER = re.compile(r"[ \t]*\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]*[ \t]+")
MAX_DEFINITION = 600

#: a definition of those who pay for what they receive ...
_PAYING = re.compile(
    # (not a "co-pay" card a drug maker's programme offers)
    # (not the insurance: "an insurer that underwrites your Carrier's … workers' compensation cover")
    r"\b(?<!-)(?:pay|pays|paid|paying|fees?|monetary|consideration|(?<!workers['’]\s)(?<!workers\s)compensat\w*"
    r"|remunerat\w*"
    r"|subscrib(?:e|es|ing)"
    r"|subscriptions?|purchas\w*|buy|buys|in\s+exchange\s+for|licen[cs]e\s+(?:it|them|such\s+\w+|data)\s+from\s+us"
    # (those that take a licence: "organisations … that license the Benchmark")
    r"|(?:that|who|which)\s+licen[cs]e)\b",
    re.IGNORECASE)
#: ... which is not one paying for the member's own use of the service ("an employer, trade union or health
#: plan that pays for or offers Pulsewise to you"): what it pays for is the product, not data
_PAYS_FOR_YOU = re.compile(
    r"\b(?:pay|pays|paid|paying)\s+for\s+(?:(?:or|and)\s+\w+\s+)?(?:\S+\s+){0,3}?(?:to|for)\s+you\b"
    # (also "a school … that pays for, or arranges, a family's access to Chatterbloom")
    # ("any person other than you who pays for, authorises or arranges your Programme")
    r"|\b(?:pay|pays|paid|paying)\s+for,?\s+(?:(?:or\s+|and\s+)?(?:otherwise\s+)?\w+,?\s+){0,3}?"
    r"(?:(?:some|all|part|most|any)\s+"
    r"(?:or\s+(?:all|part|most)\s+)?of\s+)?(?:your|(?:the|a|an|each)\s+[\w-]+['’]s)"
    # ("an employer … that pays for or otherwise provides your seat")
    r"\s+(?:\w+\s+)?(?:membership|subscription|account|access|use|plan|device|visits?|care|treatment|appointments?"
    r"|seats?|licen[cs]es?"
    r"|sessions?|consultations?|courses?|training|tuition|therapy|prescriptions?|medicines?|medications?"
    r"|programmes?|programs?)"
    # ... or for what it offers members ("a company that pays for or supports an Activity")
    r"|\b(?:pay|pays|paid|paying)\s+for\s+(?:or\s+\w+\s+)?(?:an?|the|each|one\s+or\s+more)\s+(?:[\w-]+\s+)?(?:activit(?:y|ies)"
    r"|courses?|programmes?|programs?|events?|conferences?|webinars?|modules?)\b"
    # ... or for members' own ("an employer, union or health plan that pays for Members' subscriptions")
    r"|\b(?:pay|pays|paid|paying)\s+for\s+(?:members|users|employees|patients|students|staff)['’]\s+(?:\w+\s+)?"
    r"(?:memberships?|subscriptions?|accounts?|access|plans?|sessions?|care|treatment|therapy)\b"
    # ... or of its own people ("an employer or insurer that pays for its people to use QuietHarbor")
    r"|\b(?:pay|pays|paid|paying)\s+for\s+(?:its|their)\s+(?:own\s+)?(?:people|staff|employees|members|students"
    r"|workers|clinicians|nurses|physicians|doctors|patients|policyholders|beneficiaries)\b"
    # ... or buys the seats its people use ("the hospital … that buys seats for its clinicians, pays the
    # associated fees and administers those seats")
    r"|\b(?:buy|buys|bought|buying|purchas(?:e|es|ed|ing))\s+(?:\w+\s+){0,2}?(?:seats?|licen[cs]es?"
    r"|subscriptions?|accounts?|plans?|memberships?|access)\s+(?:for|on\s+behalf\s+of)\b"
    # ... or gives the member access through its own subscription ("the hospital … that provides you with
    # access to Halcyon Consult under an enterprise subscription")
    r"|\b(?:provides?|gives?|offers?)\s+you\s+(?:with\s+)?access\s+to\s+(?:[\w-]+\s+){1,5}?under\s+(?:an?\s+|its\s+|their\s+)?"
    r"(?:[\w-]+\s+)?(?:subscription|licen[cs]e|agreement|contract)\b"
    # ... or in the passive ("Some visits are paid for by health plans, employers or other organisations")
    r"|\b(?:visits?|appointments?|sessions?|consultations?|care|treatment|therapy|memberships?|subscriptions?"
    r"|seats?|devices?|courses?|programmes?|programs?)\s+(?:are|is|were|was|may\s+be|can\s+be|will\s+be)\s+"
    r"(?:paid\s+for|funded|covered|reimbursed)\s+by\b"
    # ... or for the member's device ("any health plan or insurer that pays for or reimburses the Device")
    r"|\b(?:pay|pays|paid|paying)\s+for\s+(?:or\s+\w+\s+)?(?:the|your|a)\s+(?:devices?|equipment|supplies|machines?"
    r"|hearing\s+aids?|aids|products?|services?|app)\b",
    re.IGNORECASE)
#: a defined name of two or more capitalised words ("Subscribing Institution")
_DEFINED_NAME = re.compile(r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)+\b")
#: ... and, beside such a payment, the fees for it ("buys seats for its clinicians, pays the associated fees")
_FEES_FOR_IT = re.compile(
    r"\b(?:pay|pays|paid|paying)\s+(?:the\s+|any\s+|all\s+)?(?:associated|related|applicable|subscription"
    r"|licen[cs]e|seat)\s+fees\b", re.IGNORECASE)
#: ... or of outsiders with a commercial or official interest in what members write ...
_INTERESTED = re.compile(
    r"\b(?:pharmaceutical|biotech\w*|drug|medical[- ]device|device\s+(?:makers?|manufacturers?|companies)"
    r"|life[- ]sciences?|manufacturers?|insurers?|insurance|banks?|financial|investment|investors?|hedge"
    r"|consult(?:ants?|ancies|ancy|ing\s+firms?)|market[- ]research|data\s+(?:brokers?|aggregators?)"
    r"|advertising\s+(?:networks?|partners?|companies)"
    r"|advertisers?|marketers?|government|agenc(?:y|ies)|employers?|recruiters?|sponsors?|supporters?"
    r"|health\s+plans?|human\s+resources|school\s+(?:districts?|counsell?ors?|staff|officials?|contacts?)|agents?\s+of"
    r"|(?:player|athlete)['’]s\s+(?:representative|agent)"
    r"|scouting|scouts?)\b",
    re.IGNORECASE)
#: ... but not of those working for the company, whom it pays ("vendors that host our systems for a fee
#: and act on our instructions"), or for the member; a recipient's own agents are still theirs ("the
#: agencies and contractors that a Supporter designates")
_WORKING_FOR_US = re.compile(
    r"\bon\s+our\s+behalf\b|\bour\s+(?:written\s+)?instructions\b"
    # (not the recipients' own: "drug makers, and the agencies and service providers acting on their behalf")
    r"|\bservice\s+providers?\b(?!\s+(?:acting\s+)?(?:on\s+their\s+behalf|of\s+theirs|for\s+them))"
    r"|\b(?:data\s+)?processors?\s+(?:acting|that\s+act)\b|\bwe\s+(?:pay|compensate)\b|\bpayment\s+process"
    # ... or for the member, who chose them ("a spouse, partner, relative, friend or paid carer whom you
    # invite to help with your account")
    r"|\b(?:whom|who|that)\s+you\s+(?:invite|choose|appoint|name|nominate|add|select|authori[sz]e)\b"
    # ... or the company's own insurers and advisers ("the Group's insurers, reinsurers, insurance brokers,
    # claims handlers"), who cover or advise it and are paid by it
    r"|\b(?:our|its|the\s+(?:group|company|trust|hospital|organi[sz]ation|practice|clinic|network)['’]s)\s+(?:own\s+)?"
    r"(?:insurers|reinsurers|insurance\s+brokers|auditors|lawyers|legal\s+advisers|professional\s+advisers)\b",
    re.IGNORECASE)
#: ... nor the reader, the other party to the contract ("This Master Subscription Agreement is entered into
#: between Halyard … and the physician practice identified on the Order Form ("Customer")"): business terms
#: call the reader "Customer", and what it pays for is the service
_THE_READER = re.compile(
    r"\b(?:entered\s+into|made|concluded)\s+(?:\w+\s+){0,3}?(?:between|by\s+and\s+between)\b"
    r"|\bidentified\s+(?:on|in)\s+(?:the|an|any|each)\s+(?:order|subscription|enrol\w*|registration)\s+form\b"
    r"|\b(?:a\s+)?party\s+to\s+(?:this|these|the)\s+(?:agreement|terms|contract)\b",
    re.IGNORECASE)
#: what members write or answer, in the clause that names the recipients
_MEMBERS_WORDS = re.compile(
    # (not a campaign's "response by area", a "response rate" or "your responses to Awareness Campaigns")
    r"\b(?:posts?|comments?|answers?|responses?(?!\s+(?:rates?|times?|by\b|to\s+(?:\w+\s+)?(?:campaigns?|ads?"
    r"|advertisements?|offers?|promotions?|e-?mails?|notifications?|invitations?|sponsored)))"
    r"|contributions?|discussions?|messages?|questions?|replies"
    # (reviews members write, named as such: "every Review that relates to any facility", not a review of an
    # account, "utilization review" or a "Medical Review Officer" who "reviews laboratory results")
    r"|(?:every|each|all|any|your|their)\s+reviews?(?!\s+(?:of|process|period|requests?|status|team|date))"
    r"|threads?|case\s+(?:notes?|discussions?|descriptions?)|survey|quiz\w*|verbatims?|excerpts?"
    r"|(?:clinical|progress|visit)\s+notes|narratives?|letters"
    r"|(?:what|anything|everything)\s+(?:you|members|users)\s+(?:write|post|say|share))\b"
    # (not the first half of a compound: "post-market surveillance", "question-answering")
    r"(?!-)",
    re.IGNORECASE)

#: what a paid-for definition names, an agreement or licence for access ("“Data License” means a written
#: agreement under which …")
_AGREEMENT = re.compile(r"\b(?:agreements?|contracts?|licen[cs]es?|subscriptions?|orders?|arrangements?"
                        r"|plans?|packages?|tiers?)\b", re.IGNORECASE)
#: the product the reader uses, by its defined name: what it is "sold through" pays nobody
_THE_SERVICE = re.compile(r"(?:services?|platform|site|website|apps?|application)", re.IGNORECASE)


def _names_an_agreement(term: str, definition: str) -> bool:
    """Whether a defined term is an agreement or a paid-for offering ("Claims Insight", "a subscription
    service" offered to partners); not the service the reader uses, defined as a website, an app "and our
    contact lens subscriptions", whose mention had made the lens makers whose products are "sold through the
    Service" paying recipients."""
    return bool(_AGREEMENT.search(f"{term} {definition}")) and not _THE_SERVICE.fullmatch(term)


#: the last word of a term that names recipients ("Monetization Partners", "Authorized Recipients"), not
#: a thing ("Services", defined as what customers subscribe to)
_RECIPIENT_NOUN = re.compile(
    r"(?:Partner|Client|Sponsor|Supporter|Subscriber|Customer|Recipient|Advertiser|Licensee|Buyer|Purchaser"
    r"|Compan(?:y|ie)|Organi[sz]ation|Institution|Entit(?:y|ie)|Part(?:y|ie)|Firm|Agenc(?:y|ie)|Funder"
    r"|Affiliate|User|Marketer|Insurer|Employer|Manufacturer|Maker|Broker|Collaborator|Researcher|Verifier|Requester"
    r"|Inquirer|Enquirer|Exhibitor|Lender|Recruiter|Administrator|Payer|Viewer|Network|Staff|Circle"
    # (members of a paying kind, not the reader: "Industry Members", drug makers holding a paid subscription)
    r"|(?:Industry|Corporate|Commercial|Enterprise|Institutional|Business|Sponsor|Partner)\s+Member)s?$")


class Kind(Enum):
    PAYING = "paying"
    INTERESTED = "interested"


@dataclass(frozen=True, slots=True)
class DefinedRecipient:
    term: str                 # as the definition writes it: "Monetization Partners"
    kind: Kind
    definition: str           # the definition's words, on one line
    span: tuple[int, int]     # the definition, in the text
    #: the definition follows the term ("… means data brokers, …"), so that it starts with what the
    #: term names; a parenthetical one ("… for companies that subscribe (together, "X")") does not
    means: bool = True
    #: the kinds a list after the definition names ("Enterprise Subscribers may include:" and its bullets)
    listed: tuple[str, ...] = ()


def defined_recipients(folded: str) -> list[DefinedRecipient]:
    """The recipient terms ``folded`` (a document's folded text) defines as paying or interested."""
    found: dict[str, DefinedRecipient] = {}
    definitions = list(definitions_in(folded))
    # agreements defined as paid for ("\u201cData License\u201d means a written agreement under which we make
    # Licensed Data available to a Data Customer in exchange for a fee"): a recipient defined by one pays
    # (not an activity the member is paid for: ""Engagement" means a speaker programme, advisory board or
    # similar paid activity", whose sponsor pays the member; nor the parties to the contract: "This Master
    # Subscription Agreement (the "Agreement") is entered into between Halyard …")
    paid_for = [re.compile(rf"\b{re.escape(term)}s?\b") for term, definition, *_ in definitions
                if len(definition) <= MAX_DEFINITION and not _RECIPIENT_NOUN.search(term)
                and _PAYING.search(_PAYS_FOR_YOU.sub(" ", definition))
                and _names_an_agreement(term, definition) and not _THE_READER.search(definition)]
    for term, definition, span, means, listed in definitions:
        if len(definition) > MAX_DEFINITION or not _RECIPIENT_NOUN.search(term) \
                or _WORKING_FOR_US.search(definition) or _THE_READER.search(definition):
            continue
        for_the_product = _PAYS_FOR_YOU.sub(" ", definition)
        if for_the_product != definition:
            for_the_product = _FEES_FOR_IT.sub(" ", for_the_product)
        # (a paying party named by its defined name is no payment by those defined: "the individuals
        # designated by a Subscribing Institution to access its results")
        for_the_product = _DEFINED_NAME.sub(" ", for_the_product)
        kind = Kind.PAYING if _PAYING.search(for_the_product) or any(
            name.search(definition) for name in paid_for) else (
            Kind.INTERESTED if _INTERESTED.search(definition) or _INTERESTED.search(term) else None)
        if kind is None or (term in found and found[term].kind is Kind.PAYING):
            continue
        found[term] = DefinedRecipient(term, kind, " ".join(definition.split()), span, means, listed)
    return list(found.values())


#: where a definition's head ends: "data brokers, audience platforms … and other companies" | "that pay us"
_HEAD_ENDS = re.compile(r"(?<!\bof)(?<!\bin)(?<!\bto)(?<!\bon)(?<!\bat)(?<!\bby)(?<!\bfor)(?<!\bwith)"
                        r"\s+(?:that|who|which|whose|where|when)\b"
                        # ("… in the pet sector with which Northpaw has a commercial arrangement")
                        r"|\s+(?:with|to|by|for|from|under|through|in|on|at|via)\s+(?:whom|which)\b|[;:(]")
#: a definition's opening that is no part of what it names ("for any Activity, the Supporter …")
_OPENING = re.compile(r"^(?:for|in|with\s+respect\s+to)\s+(?:any|each|every|a|an|the)\s+[\w-]+,\s*",
                      re.IGNORECASE)
MAX_HEAD = 200
_ARTICLE = re.compile(r"^(?:an?|the|any|each)\s+", re.IGNORECASE)
#: a head that names only a kind before its examples ("an organisation, such as a hospital system, a physician
#: practice group or a recruiting firm"): the examples say what it is
#: a kind of party, named without saying which ("any company or organisation")
_KIND = r"(?:organi[sz]ation|company|entity|business|firm|institution|party|third\s+party|person|body)s?"
_GENERIC_HEAD = re.compile(
    rf"^(?:(?:an?|any|the)\s+)?{_KIND},?\s+(?:such\s+as|for\s+example,?|e\.g\.,?|like)\s+", re.IGNORECASE)

#: a head naming only a kind of party ("any company or organisation"), which says no more than the term
_ONLY_A_KIND = re.compile(
    rf"(?:(?:an?|any|the)\s+)?{_KIND}(?:,?\s+(?:or|and)\s+(?:(?:an?|any|other)\s+)?{_KIND})*"
    # ("organisations, other than Subscribing Institutions, that license …")
    r"(?:,?\s+(?:other\s+than|except|excluding|besides)\s+[^,;]+,?)?", re.IGNORECASE)
#: the examples a definition gives of its kind ("…, including pharmaceutical and device companies")
_EXAMPLES = re.compile(r"\b(?:including|such\s+as|for\s+example|e\.g\.|(?:which|who|that)\s+"
                       r"(?:may\s+|can\s+)?include)[,:]?\s+(?P<examples>[^;:()]+?)"
                       r"(?=\s+(?:that|who|which|whose)\b|[;:()]|$)", re.IGNORECASE)


def recipient_members(recipients: Sequence[DefinedRecipient]) -> dict[str, str]:
    """What each defined recipient term names, by the term case-folded, for explanations to say:
    "Monetization Partners" → "data brokers, audience platforms, market-intelligence firms and other
    companies" (the definition up to its first "that", "who" or "which")."""
    members: dict[str, str] = {}
    for recipient in recipients:
        if not recipient.means:
            continue
        definition = _OPENING.sub("", recipient.definition)
        end = _HEAD_ENDS.search(definition)
        head = _GENERIC_HEAD.sub("", (definition[:end.start()] if end else definition).strip(" ,"))
        if _ONLY_A_KIND.fullmatch(head):
            # ("any company or organisation that has taken exhibition space …, including pharmaceutical,
            # medical-device and diagnostics companies": the examples say what they are; "… which may include
            # a telehealth provider (currently ClinicLink), a pharmacy benefit company …")
            examples = _EXAMPLES.search(_PARENTHESES.sub("", recipient.definition))
            head = examples.group("examples").strip(" ,") if examples else ""
        elif end:
            head = ", ".join([_RUN_ON_AND.sub("", head), *_later_kinds(definition[end.start():])])
        # (not a bare "a company": the term says as much)
        if len(_ARTICLE.sub("", head).split()) >= 2 and len(head) <= MAX_HEAD:
            members[recipient.term.casefold()] = head
        elif recipient.listed:
            # ... but the list after it names them ("organizations that hold a paid licence. Enterprise
            # Subscribers may include:" / "• hospitals, health systems …" / "• physician search … firms")
            kinds = list(recipient.listed)
            while len(kinds) > 1 and len("; ".join(kinds)) > MAX_LISTED:
                kinds.pop()
            members[recipient.term.casefold()] = "; ".join(kinds)
    return members


#: a later item of a definition's list, after a first one qualified by a relative clause ("the equipment
#: company that supplied the Device (the "Supplier"), the prescribing clinician and their practice, and any
#: health plan … that pays for the Device")
_NEXT_ITEM = re.compile(
    r",\s+(?:(?:and|or)\s+)?(?=(?:the|any|a|an|each|every|your|our|their|its|other|all)\s)", re.IGNORECASE)
#: ... which names a party, not a thing ("…, the App and the Site")
_PARTY_WORD = re.compile(
    rf"\b(?:{_KIND}|clinicians?|physicians?|doctors?|practices?|hospitals?|clinics?|pharmac(?:y|ies)"
    r"|providers?|suppliers?|programmes?|programs?|schools?|coaches|teams?|carers?|caregivers?|family"
    r"|parents?)\b"
    rf"|{_INTERESTED.pattern}", re.IGNORECASE)


_PARENTHESES = re.compile(r"\s*\([^()]*\)")
#: an "and" or "or" left at the end of a cut: a head cut before an aside ("the Client's health plan or other
#: third-party payer and, where the Client is of school age, the school district …"), a definition before a
#: second one run on in its sentence
_RUN_ON_AND = re.compile(r",?\s+(?:and|or)\s*$")


def _later_kinds(rest: str) -> list[str]:
    """The heads of the items a definition lists after its first one's relative clause, each up to its own;
    none from a list of examples ("any other organisation to whom your Club assigns a seat, which may
    include a player's agent, the scouting staff of another club"), which are of the kind already named."""
    examples = _EXAMPLES.search(rest)
    if examples:
        rest = rest[:examples.start()]
    kinds: list[str] = []
    cuts = list(_NEXT_ITEM.finditer(rest))
    for cut, after in itertools.zip_longest(cuts, cuts[1:]):
        item = rest[cut.end():after.start() if after else len(rest)]
        end = _HEAD_ENDS.search(item)
        item = (item[:end.start()] if end else item).strip(" ,")
        if _PARTY_WORD.search(item):
            kinds.append(item)
    return kinds


#: what the kinds a definition lists may run to, in an explanation
MAX_LISTED = 260


def _listed_kind(line: str) -> str:
    """A bullet's words without the bullet and the "; and" a list's last but one item ends in."""
    words = _BULLET.sub("", line).strip().rstrip(";,.")
    for joint in (" and", " or"):
        words = words.removesuffix(joint)
    return words.rstrip(";,. ")


#: (term, definition, span, whether it is the "means" form, the kinds a list after it names)
FoundDefinition = tuple[str, str, tuple[int, int], bool, tuple[str, ...]]


@lru_cache(maxsize=4)
def definitions_in(folded: str) -> tuple[FoundDefinition, ...]:
    """(term, definition, span, whether it is the "means" form, the kinds a list after it names) of each
    definition. (Memoised: defined recipients and defined data both read a document's definitions.)"""
    return tuple(_definitions(folded))


def _definitions(folded: str) -> Iterator[FoundDefinition]:
    at = 0
    while (m := _MEANS.search(folded, at)) is not None:
        term, definition, end = m.group("term"), m.group("definition"), m.end()
        # (a second definition run on in the same sentence: "“Sponsor Insights” means the product that
        # provides Insights Subscribers with feeds …, and “Insights Subscriber” means an organisation that
        # has purchased access")
        second = _MEANS.search(folded, m.start("definition"), m.end())
        if second is not None:
            end = second.start()
            definition = _RUN_ON_AND.sub("", folded[m.start("definition"):end])
        at = end
        after = _LISTED_AFTER.match(folded, end)
        listed: tuple[str, ...] = ()
        if after is not None and after.group("again") in (None, term):
            listed = tuple(filter(None, map(_listed_kind, after.group("items").split("\n"))))
        yield term, definition, (m.start(), end), True, listed
    for m in itertools.chain(_NAMED_AFTER.finditer(folded), _NAMED_AS.finditer(folded)):
        start = max(0, m.start() - MAX_DEFINITION)
        before = _SENTENCE_START.search(folded, start, m.start())
        if before is not None:   # (else too long a sentence to be a definition)
            begin = before.end()
            number = _CLAUSE_NUMBER.match(folded, begin)
            begin = number.end() if number else begin
            # (the verb is part of what defines them: "that subscribe as")
            end = m.start("term") - 1 if m.re is _NAMED_AS else m.start()
            yield m.group("term"), folded[begin:end], (begin, m.end()), False, ()


def read_defined_recipients(drafts: list[Any], text: str, folded: str,
                            recipients: Sequence[DefinedRecipient],
                            clause_at: Callable[[int], Clause | None],
                            where: Callable[[tuple[int, int]], str], make_draft: Callable[..., Any],
                            lone: bool = False) -> None:
    """Read each sentence that hands something to a defined recipient with its definition: to a paying
    one it is a sale, members' words handed to an interested one are client access, and other data
    handed to an interested one that no rule flagged is sharing.

    A sharing draft of the same sentence becomes the sale; otherwise a draft is added (``make_draft(
    category, severity, clause, rule)``). ``recipients``: the text's :func:`defined_recipients`.
    ``clause_at(offset)`` is the clause flagged there (None: none is, as under a heading; ``lone``: the
    text is one clause, and ``clause_at`` always None); ``where(span)`` says where a definition is
    ("section 1.5"). Definitions themselves, and sentences with a negation, are left as the rules read
    them.
    """
    if not recipients:
        return
    defining = [r.span for r in recipients]
    drafted = {(d.category, clause_key(d.clause)): d for d in drafts}
    rights = [span for d in drafts if d.category.startswith("rights.") for span in d.sentences]
    for recipient in recipients:
        for m in re.finditer(named_pattern(recipient.term), text):
            if any(a <= m.start() < b for a, b in defining):
                continue
            clause = clause_at(m.start())
            # (a heading names them: "6. Sharing with District Partners and Others")
            if clause is None and not lone:
                continue
            bounds = (clause.start, clause.end) if clause is not None else (0, len(text))
            sentence = next((s for s in sentence_spans(folded, *bounds) if s[0] <= m.start() < s[1]), None)
            # (a sentence stating a right names the recipients only to say what it reaches)
            if sentence is None or _overlaps(sentence, rights):
                continue
            # (what is sent on their behalf goes to the member, not to them: "we send it on the Sponsor's
            # behalf"; and the name of a thing of theirs is not them: "ticked the "Sponsor communications"
            # box", "hold a Verifier subscription")
            if _ON_BEHALF.match(folded, m.end()) or _THEIR_THING.match(folded, m.end()) \
                    or _BEHALF_OF.search(folded, max(0, m.start() - 40), m.start()):
                continue
            verb = _handing(folded, sentence, m.start(), m.end())
            # (a list's items, apart: "the diagnosis provided by the Care Team; the Coverage Partner's name";
            # and the member taken out of what they get: "your account is removed from the Practice Signals
            # made available to Commercial Partners")
            if verb is not None and verb[1] < m.start() and (
                    ";" in folded[verb[1]:m.start()]
                    or _TAKEN_OUT.search(folded, max(sentence[0], verb[0] - TAKEN_OUT_REACH), verb[0])):
                continue
            # a denial before the verb, or before the name whose verb follows it ("this request does
            # not apply to … Clients' direct access"), or a ban right after the name
            if verb is None or _BARRED_AFTER.match(folded, m.end()) \
                    or _THINGS_HANDED.search(folded, max(sentence[0], verb[0] - THING_REACH), verb[0]) or (
                    _DENIED.search(folded, max(sentence[0], verb[0] - DENIAL_REACH), verb[0])
                    if verb[0] < m.start() else _DENIAL.search(folded, sentence[0], m.start())) \
                    or _STRIPPED.search(folded, *sentence) or _ONLY_IF_YOU.search(folded, *sentence):
                continue
            cid = clause_key(clause)
            # (reading what members wrote is access, even for those who pay: "that Post can be read by
            # everyone with access to that board, including Talent Partners")
            reading = _READING.fullmatch(folded, *verb) is not None
            # (totals and counts are no one's data: "the Sponsor receives a summary report containing only
            # totals")
            if _AGGREGATE.search(folded, *sentence) and not _identified(folded, *sentence) \
                    and not _DATASETS.search(folded, *sentence):
                continue
            members_words = _MEMBERS_WORDS.search(folded, *sentence) is not None
            # (what is displayed to them for their payment, other than members' words, is access sold: "a
            # Career Interest Score … displayed to Talent Partners in search results")
            displayed = _DISPLAYED.fullmatch(folded, *verb) is not None
            if recipient.kind is Kind.PAYING and (CLIENT_ACCESS, cid) not in drafted \
                    and (not reading or (displayed and not members_words)):
                category, why = SALE, "they pay for what they receive, so handing it to them is a sale"
            elif (recipient.kind is Kind.INTERESTED or reading) and members_words:
                category, why = CLIENT_ACCESS, "and what members write or answer goes to them"
            elif recipient.kind is Kind.INTERESTED and not any(
                    (kind, cid) in drafted for kind in (SHARING, SALE, CLIENT_ACCESS)):
                # (data "made available to the members of your Care Network", defined as the supplier,
                # the clinician and the insurer that pays for the device, or that "Performance Staff",
                # defined to include agents and scouts of other clubs, "can see": no rule knows the name)
                before = max(sentence[0], m.start() - HANDED_TO_REACH)
                # (nor access they extend to others: "Sponsoring Organisations also extend access to locums")
                handed_before = verb[0] < m.start()
                if (handed_before and (not _HANDED_TO.search(folded, before, m.start())
                                       or _RELATION_WITH.search(folded, before, m.start()))) \
                        or folded[verb[0]:verb[1]].casefold() == "access":
                    continue
                category = SHARING
                why = "so what is handed to them goes to outsiders with interests of their own"
            else:
                continue
            if (category, cid) in drafted:
                continue
            rule = f"definition:{_slug(recipient.term)}"
            reason = f"{_defined_as(recipient, where)}: {why}" if category == SALE \
                else f"{_defined_as(recipient, where)}, {why}"
            sharing = drafted.get((SHARING, cid))
            if category == SALE and sharing is not None and _overlaps(sentence, sharing.sentences):
                _turn_into(sharing, SALE, Severity.CONCERN, rule, reason, m.span())
                del drafted[(SHARING, cid)]
                drafted[(SALE, cid)] = sharing
                continue
            severity = Severity.CAUTION if category == SHARING else Severity.CONCERN
            draft = make_draft(category, severity, clause, rule)
            draft.absorb(severity, rule, [verb, m.span()], sentence, reason)
            drafts.append(draft)
            drafted[(category, cid)] = draft


#: what is handed over named just before the verb, the company's product rather than members' data ("models
#: that we or those collaborators make available commercially to hospitals, Industry Partners …")
_THINGS_HANDED = re.compile(
    r"\b(?:models?|software|tools?|products?|algorithms?|applications?|apps?|features?)\s+(?:that|which)\s+"
    r"(?:[\w-]+\s+){0,5}$", re.IGNORECASE)
THING_REACH = 60
_ON_BEHALF = re.compile(r"['’]s?\s+behalf\b", re.IGNORECASE)
#: ... or handed over only on the member's own act ("A Sponsor receives your name and contact details only if
#: you press the "Ask the Sponsor" button"): the rules read it
_ONLY_IF_YOU = re.compile(r"\bonly\s+(?:if|when|after|once)\s+you\b", re.IGNORECASE)
_THEIR_THING = re.compile(
    r"\s+(?:subscriptions?|communications?|packages?|levels?|tiers?|programmes?|programs?|portals?|accounts?"
    r"|agreements?|contracts?|badges?|logos?|status|fees?|areas?|halls?|booths?|stands?|benefits?|settings?"
    r"|box(?:es)?|pages?|plans?|seats?|licen[cs]es?|dashboards?|terms|policy|policies)\b", re.IGNORECASE)
_BEHALF_OF = re.compile(
    r"\bon\s+behalf\s+of\s+(?:(?:the|a|an|each|that|our|its|their|any|one\s+of\s+(?:our|the))\s+)?$",
    re.IGNORECASE)


def named_pattern(term: str) -> str:
    """The term, and a plural one in the singular too ("delivered to the Research Partner that commissioned
    the survey", of "Research Partners"); its words may be apart by a line break, as a wrapped line has it."""
    def words(name: str) -> str:
        return r"\s+".join(map(re.escape, name.split()))
    if term.endswith("s") and not term.endswith("ss"):
        return rf"\b{words(term[:-1])}s?\b"
    if term.endswith("y") and term[-2:-1].lower() not in "aeiou":   # "Partner Company", "Partner Companies"
        return rf"\b{words(term[:-1])}(?:y|ies)\b"
    # ... and a singular one in the plural ("Gold and Platinum Sponsors receive …", of "Sponsor")
    return rf"\b{words(term)}(?:s|es)?\b"


def _overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b in spans)


def _handing(folded: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int] | None:
    """The verb that hands something to the recipients named at ``start:end`` ("made available to our
    Monetization Partners"), or by which they receive or see it ("Insight Partners receive …")."""
    # (a second recipient the same verb reaches: "made available to Research Collaborators, so that studies …
    # can be carried out, and to Product Partners, so that offers … can be presented")
    reach = COORDINATED_REACH if _AND_TO.search(folded, max(0, start - 30), start) else VERB_REACH
    before = next(reversed(list(_HANDED.finditer(folded, max(sentence[0], start - reach), start))), None)
    # (not what is sent to the member: "to send you messages … where a Program Sponsor funds your Cap")
    if before is not None and not _ALREADY.search(folded, max(0, before.start() - 14), before.start()) \
            and not _TO_YOU.match(folded, before.end()) and not _BY_THEM.match(folded, before.end(), start) \
            and not _UNDER_WHICH.search(folded, before.end(), start) \
            and not _WE_RECEIVE.search(folded, max(0, before.start() - 20), before.end()):
        return before.span()
    after = _RECEIVED_AFTER.match(folded, end, sentence[1])
    # (what they receive denied: "Education Sponsors receive no breakdown by hospital, ward or diagnosis")
    if after is None or NOTHING_AFTER.match(folded, after.end("verb")):
        return None
    return after.span("verb")


#: the name right after the verb as its doer or source, or as a party to the arrangement under which it is
#: done, not as the one handed something ("material … furnished or funded by a Knowledge Partner"; "supplied
#: under arrangements in which Knowledge Partners pay a fee")
_ARTICLE_BEFORE = r"(?:(?:the|a|an|our|its|their|each|any|that|your)\s+)?$"
_BY_THEM = re.compile(rf"\s*(?:(?:and|or)\s+[\w-]+\s+)?(?:by|from)\s+{_ARTICLE_BEFORE}", re.IGNORECASE)
_UNDER_WHICH = re.compile(rf"\b(?:(?:in|under|through)\s+which|whereby)\s+{_ARTICLE_BEFORE}", re.IGNORECASE)
#: a verb of handing something over, or (for those who read members' words) of seeing it ...
_HANDED = re.compile(
    r"\b(?:shar(?:e|es|ed|ing)|disclos(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|furnish(?:es|ed|ing)?"
    r"|deliver(?:s|ed|ing)?|send|sends|sent|transfer(?:s|red|ring)?|giv(?:e|es|en|ing)"
    r"|mak(?:e|es|ing)\s+(?:(?:it|them|this|these|those|such\s+\w+)\s+)?available"
    r"|made\s+available|licens(?:e|es|ed|ing)|sell|sells|selling|sold|receiv(?:e|es|ed|ing)"
    r"|pass(?:es|ed)?\s+on|forward(?:s|ed|ing)?|suppl(?:y|ies|ied)|access\s+to|synchroni[sz](?:e|es|ed|ing)"
    r"|present(?:s|ed|ing)?|display(?:s|ed|ing)?\s+to|shown\s+to"
    # ("Insights Data … is offered to Insights Subscribers on a subscription basis")
    r"|offered\s+to)\b",
    re.IGNORECASE)
#: what a verb of receiving or seeing is said to reach, denied right after it ("Education Sponsors receive no
#: breakdown by hospital, ward or diagnosis"); also read for health mentions (``health_mentions``)
NOTHING_AFTER = re.compile(r"\s+(?:no|nothing|none)\b", re.IGNORECASE)
#: ... not what the company receives ("Once we have received your request, your employer will not be named to
#: any Client")
_WE_RECEIVE = re.compile(r"\bwe\s+(?:have\s+|had\s+)?receiv(?:e|ed)$", re.IGNORECASE)
#: ... within this many characters before their name
VERB_REACH = 80
#: the member taken out of what is handed over, just before the verb
_TAKEN_OUT = re.compile(
    r"\b(?:removed|excluded|dropped|withdrawn|taken\s+out)\s+from\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE)
TAKEN_OUT_REACH = 60
#: ... or before a second "and to" the verb reaches
_AND_TO = re.compile(
    r",?\s+(?:and|or)\s+(?:also\s+)?to\s+(?:(?:the|our|your|its|their|selected|certain)\s+)?$", re.IGNORECASE)
COORDINATED_REACH = 240
#: which of those verbs let them read rather than receive
_READING = re.compile(r"(?:access\s+to|views?|sees?|reads?|search(?:es)?|reviews?|present(?:s|ed|ing)?"
                      r"|display(?:s|ed|ing)?\s+to|shown\s+to)",
                      re.IGNORECASE)
_DISPLAYED = re.compile(r"(?:display(?:s|ed|ing)?|shown)\s+to", re.IGNORECASE)
#: data handed to them, the name their verb's object ("made available to the members of your Care Network"),
#: not a service reached through them ("Your access is provided through your Sponsoring Organisation") nor
#: data from them ("information we receive from your Benefit Sponsor") ...
_HANDED_TO = re.compile(
    r"\b(?:to|with)\s+(?:(?:the|a|an|your|our|each|every|that|any|its|their|relevant|members?\s+of)\s+)*$"
    # (their people: "made available to the Care Management Team of your Programme Sponsor")
    r"|\b(?:to|with)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){1,4}?of\s+"
    r"(?:your|the|its|their|our|each|every)\s+$",
    re.IGNORECASE)
HANDED_TO_REACH = 60
#: ... nor the member's dealings with them ("disclosing your financial relationships with Engagement
#: Sponsors")
_RELATION_WITH = re.compile(r"\b(?:relationships?|dealings|agreements?|contracts?|arrangements?|interactions?"
                            r"|communications?|conversations?|engagements?|ties)\s+with\s+(?:\w+\s+){0,2}$",
                            re.IGNORECASE)
#: what is handed over, said to be counts of people rather than anyone's data ...
#: ... but datasets handed over beside the statistics are records ("compile Reports, with names … removed,
#: into pooled datasets and derived statistics, which are made available … to Insights Subscribers")
_DATASETS = re.compile(r"\b(?:datasets?|data\s+sets|record-level|extracts?)\b", re.IGNORECASE)
_AGGREGATE = re.compile(
    r"\b(?:aggregated?|aggregates|totals|counts?|statistics|statistical|how\s+many|the\s+(?:total\s+)?number\s+of"
    r"|combined\s+(?:results|figures|answers|responses|data))\b",
    re.IGNORECASE)
#: ... unless it names them all the same ("a report that lists each enrolled employee by name … and how many
#: visits they completed")
_IDENTIFIED = re.compile(
    r"\bby\s+name\b|\bnames?\s+of\b|\b(?:lists?|names?|identif(?:y|ies))\s+(?:each|every)\b|\bindividual(?:ly)?\b",
    re.IGNORECASE)
#: a denial just before such a name: "never sees an individual Member's answers" names no one
_DENIED_BEFORE = re.compile(r"\b(?:never|not|no|cannot)\b(?:\s+\w+){0,3}\s*$", re.IGNORECASE)


def _identified(folded: str, start: int, end: int) -> bool:
    """Whether the sentence names the members all the same (:data:`_IDENTIFIED`), not in a denial."""
    return any(not _DENIED_BEFORE.search(folded, max(start, m.start() - 40), m.start())
               for m in _IDENTIFIED.finditer(folded, start, end))


_ALREADY = re.compile(r"\balready\s+(?:been\s+)?$", re.IGNORECASE)
_TO_YOU = re.compile(r"\s+you\b", re.IGNORECASE)
#: their name, then what they do with it ("Insight Partners receive Supporter Insights", "Authorized
#: Recipients may view your answers")
_RECEIVED_AFTER = re.compile(
    # (or by a pronoun after a comma: "Where that Payer is a Payer Client, it may view, download and retain")
    # (or "are able to": "Authorized Users are able to view, search, filter, and export every Review")
    # (or "which" in a list item: "the Programme Sponsor, which receives the date and time of every opening")
    r"'?(?:,\s+(?:it|they|which|who)\s+|\s+)(?:\w+\s+){0,3}?(?P<verb>receive|receives|get|gets|obtain|obtains|access"
    r"|view|views|see|sees"
    r"|read|reads|search|searches|review|reviews"
    # ("each Sponsor is furnished with Engagement Reports")
    r"|(?:is|are)\s+(?:given|sent|provided\s+with|furnished\s+with|supplied\s+with|shown)"
    # (data they buy: "Programme Subscribers may purchase "Score Extracts", which are files listing …")
    r"|(?:purchase|purchases|buy|buys|license|licenses)(?=\W+(?:\S+\s+){0,3}?\W*(?:extracts?|files?|data|datasets?"
    r"|lists?|records?|reports?|scores?|profiles?|signals?|insights)\b))\b",
    re.IGNORECASE)
#: ... and a denial or a ban just before it, which the rules read (a promise not to sell to them;
#: "Authorized Recipients are contractually prohibited from using your email address … to send")
_DENIAL_WORDS = r"\b(?:not|never|no|cannot|nor)\b|n't\b"
_DENIAL = re.compile(_DENIAL_WORDS, re.IGNORECASE)
#: (as far back as the start of a list of things denied: "is never placed in the Case Archive or made
#: available to Data Licensees"; not across "but" or "except", which start what is done after all)
_DENIED = re.compile(rf"(?:{_DENIAL_WORDS}|\b(?:prohibited|forbidden|barred)\b)"
                     r"(?:(?!\b(?:but|however|while|although|except|unless|other\s+than)\b)[^.;]){0,60}$",
                     re.IGNORECASE)
DENIAL_REACH = 70
#: ... or what they receive said to come without who the member is ("Anything a Sponsor receives from us
#: … is stripped of your name and contact details"): the rules read what is left
_STRIPPED = re.compile(r"\bstripped\s+of\s+(?:your|all|any)\b|\bwithout\s+your\s+(?:name|identity)\b",
                       re.IGNORECASE)
#: the recipients as the subject of a ban or a denial ("Authorized Recipients are contractually
#: prohibited from using your email address …", "Insight Partners never receive your name")
_BARRED_AFTER = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:(?:are|is)\s+(?:\w+\s+)?(?:prohibited|forbidden|barred|not)|may\s+not|must\s+not"
    r"|cannot|can't|do\s+not|does\s+not|don't|doesn't|will\s+not|won't|never|have\s+no|has\s+no)\b",
    re.IGNORECASE)


def _turn_into(draft: Any, category: str, severity: Severity, rule: str, reason: str,
               span: tuple[int, int]) -> None:
    draft.category = category
    draft.severity = severity
    draft.rule = rule
    draft.evidence.add(span)
    draft.reasons.insert(0, reason)
    draft.mention = False


def _defined_as(recipient: DefinedRecipient, where: Callable[[tuple[int, int]], str]) -> str:
    """“Monetization Partners” are defined in section 1.5 as “data brokers, …”."""
    are = "are" if recipient.term.endswith("s") else "is"
    quote = cut_quote(recipient.definition, 160, " …")
    return f"“{recipient.term}” {are} defined in {where(recipient.span)} as “{quote}”"


def _slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")



