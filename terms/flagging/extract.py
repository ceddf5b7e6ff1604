"""Who, what and why: small vocabularies that pick parties, data and purposes out of a clause.

They run only on the sentences holding a flag's evidence, so "clients" in one sentence
does not become the recipient of data sold in another. Values are returned as written
(lower-cased, typographic variants folded), in order of first appearance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from terms.rulepacks.scan import lower_same_length

MAX_VALUES = 5


def _vocab(*phrases: str) -> re.Pattern[str]:
    """One expression for a vocabulary, matched on lower-cased text (faster than IGNORECASE)."""
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases).lower() + r")(?!\w)")


PARTIES = _vocab(
    # (not software: "client applications", "a third-party web client", "your e-mail client")
    r"(?<!web )(?<!email )(?<!e-mail )(?<!mail )(?<!desktop )(?<!mobile )(?<!software )"
    r"(?:paying |corporate |business )?clients?(?! reports?| applications?| apps?| software| devices?| side)",
    r"(?<!that )(?<!who )(?<!which )sponsors?",  # not the verb: "companies that sponsor the forum"
    r"grant (?:providers|givers|makers)|funders|grant-?givers",
    # "advertising and analytics partners" whole, not only its last two words
    r"(?:advertising|marketing|business|analytics|technology) (?:and|or) "
    r"(?:advertising|marketing|business|analytics|technology) partners",
    # (not a place: "visits to partner sites", "partner apps"; not a person the member lives with: "a spouse,
    # partner or dependant")
    r"(?:business |marketing |advertising |trusted |third[- ]party |commercial |research )?"
    r"(?<!spouse, )(?<!spouse or )(?<!domestic )(?<!romantic )(?<!life )"
    r"partners?(?! or (?:dependants?|dependents?|children))"
    r"(?! (?:sites?|websites?|apps?|pages?|stores?|links?|laborator(?:y|ies)|labs?|pharmac(?:y|ies))\b)",
    r"advertisers?",
    r"(?<!our )(?<!its )(?<!their )(?<!of )(?<!about )brands",  # (not "mentions of brands")
    r"advertising networks?",
    r"ad networks?",
    r"marketers?",
    r"affiliates?",
    r"affiliated companies",
    r"subsidiaries",
    r"(?:our |its |the )?corporate (?:group|family)",
    r"group companies",
    r"(?:the )?(?:facebook|meta) companies",
    r"(?:our |its |the )?family of (?:companies|apps)",
    r"(?:our )?parent company",
    r"pharmaceutical (?:companies|manufacturers|firms)",
    r"drug (?:makers?|compan(?:y|ies)|manufacturers?)",
    r"(?:life[- ]sciences?|biotech(?:nology)?|medical device) companies",
    r"health ?care (?:institutions|organi[sz]ations|providers|systems)",
    r"hospital systems?|staffing (?:agenc(?:y|ies)|firms?|companies)",
    # (not where the members work: "the names and hospitals of the physicians taking part")
    r"hospitals?(?! affiliations?)(?! of (?:the |each |every |those )?(?:physicians?|members?|doctors?"
    r"|clinicians?|users?|nurses|authors?|participants))",
    r"(?:regional |state |local )?health information exchanges?|hies?",
    # a resident's training programme, as the party that sees the record
    r"(?:programme|program|residency|training) directors?|sponsoring institutions?",
    r"contract research organi[sz]ations|cros|study sites?",
    r"manufacturers?(?: of (?:[\w-]+ ){0,3}(?:devices|drugs|medicines|products))?",
    # the maker named by what it makes ("the company that manufactures your Medication")
    r"(?:the )?compan(?:y|ies) that (?:makes?|manufactures?|produces?) (?:your|the) "
    r"(?:medications?|medicines?|drugs?|devices?|products?)",
    r"pharmacy[- ]benefit managers?|pbms?",
    r"(?:dispensing |partner |mail-order |specialty |retail )?pharmac(?:y|ies)"
    r"(?![- ](?:benefit|school|degree)s?\b)",
    r"companies in (?:the |our )?[\w-]+ group",
    r"companies under common (?:ownership|control)",
    r"health systems",  # (not "the health system" as a whole)
    r"insurers?",   # ("your employer's or insurer's wellness programme")
    r"insurance companies",
    # ("dental benefit carriers", "insurance carriers"; not a mobile or mail carrier)
    r"(?:dental |health |medical |vision )?(?:benefits? |insurance )carriers?",
    r"private equity (?:investors|firms|funds)|(?:dental |medical )?service organi[sz]ations",
    r"health plans?",
    # (not "bank account information", the National Practitioner Data Bank, nor "question banks")
    # (nor the eye, tissue, organ, milk or sperm banks that donations go to)
    r"(?<!-)(?<!data )(?<!question )(?<!test )(?<!item )(?<!blood )(?<!food )(?<!eye )(?<!tissue )(?<!organ )"
    r"(?<!milk )(?<!sperm )(?<!cord )"
    r"banks?(?! account| details| card| transfer| information| statement| transactions?| history| feeds?"
    r"| sign-in| credentials| connections?)",
    r"financial institutions",
    r"investment firms|hedge funds?",
    r"lenders?|creditors?|credit (?:reference agenc(?:y|ies)|bureaus?)",
    r"government(?:al)? (?:agencies|authorities|bodies|entities)",
    r"governments?(?![- ](?:ids?|issued|identification|identity))",  # not "a government ID"
    r"public authorities",
    r"regulators?",
    r"regulatory (?:agencies|authorities|bodies)",
    r"law enforcement(?: agencies| authorities| officials)?",
    # (not a matter in someone's history: "any involvement with the police or courts")
    r"(?<!involvement with the )(?<!involvement with )police",
    r"(?:local )?emergency services",
    r"(?:your )?emergency contacts?",
    r"(?<!involvement with the police or )(?<!involvement with )(?<!involvement with the )courts?",
    r"researchers?",
    r"(?:market )?research (?:institutions|organi[sz]ations|firms|companies|agencies)",
    r"universities",
    r"academic institutions",
    r"(?:third[- ]party )?service providers?",
    r"vendors?",
    r"contractors?",
    r"suppliers?",
    r"processors?(?!,?\s+(?:bandwidth|memory|speed|power|and\s+storage))",  # not a device's chip
    r"payment (?:processors?|providers?|partners?|service providers?)",
    r"measurement (?:companies|partners|providers)",
    r"(?:health ?care |health )?analytics (?:providers?|companies|partners?|firms?)",
    r"data (?:brokers?|aggregators?)",
    r"(?:authori[sz]ed|approved|designated) recipients",
    # (not what a laboratory produces: "laboratory results", "lab tests")
    r"(?:(?:partner )?laborator(?:y|ies)|(?:partner )?labs)"
    r"(?! (?:results?|tests?|testing|values?|reports?|data|findings|orders?|work|panels?|requisitions?)\b)",
    r"client facilities",
    r"exhibitors?",
    r"(?:third[- ]party )?data (?:providers?|suppliers?|vendors?)",
    # (not whose software it is: "third-party artificial intelligence models")
    r"third[- ]part(?:ies|y(?! (?:(?!(?:that|which|who|to|and|or|for|with) )[\w-]+ ){0,3}models?\b"
    r"(?! (?:providers?|developers?|vendors?|companies|makers)\b)))",
    r"(?:other|outside) companies",
    r"other organi[sz]ations",
    r"(?:prospective )?(?:buyers?|purchasers?|acquirers?)",
    r"successors?",
    # (not the employer as a detail in a list of what is collected: "your name, professional title,
    # employer, specialty and email address", "your specialty, employer, work setting")
    r"(?<!title, )(?<!name, )(?<!position, )(?<!role, )(?<!specialty, )(?<!speciality, )(?<!grade, )"
    # (nor whose employer it is: "the Handle, specialty, practice region and employer of each participant")
    r"(?<!region and )(?<!location and )(?<!specialty and )employers?"
    r"(?!,\s+(?:specialty|speciality|work\s+setting|location|job\s+title|grade|practice|department|e-?mail))"
    # (nor the employer's details as a detail of the member: "your employer's name and your work telephone")
    r"(?!['’]s\s+(?:name|address|phone|telephone|details|number|contact))"
    r"(?! of (?:each|every|the|a|an|any|your|that|this) )",
    # (not "other members, subsidiaries, or affiliates of our corporate group")
    r"other (?:users|members)"
    r"(?!,? (?:or |and )?(?:subsidiaries|affiliates)| of (?:our|the|its) (?:corporate )?group)",
    # not "in the public interest", nor the public kept safe ("to protect … the public")
    r"(?<!protect )(?<!protecting )(?<!safety of )"
    r"the public(?! interest| health| domain| record| authorit| sources?)",
    r"recruiters?|(?:physician )?recruiting (?:firms|agencies)",
    r"social (?:networks?|media (?:platforms|companies|services))",
    # those who pay for access to what members write ("Enterprise Subscribers can run queries against the
    # raw records"), not the members' own subscriptions or the data about them ("subscriber data")
    r"(?:enterprise |paying |corporate |institutional |insights )?subscribers"
    r"(?! (?:data|information|details|accounts?|agreements?|terms|fees?|numbers?|ids?)\b)",
    r"licensees?",
    r"(?:[\w-]+-(?:backed|owned) |independent )?(?:physician |medical )?practice groups",
    r"(?:the )?(?:research |data )?consorti(?:um|a)",
)

DATA = _vocab(
    # (not what advertisers pay to show: "sponsored posts", "promoted content")
    # (nor "post-test scores")
    r"(?<!sponsored )(?<!promoted )(?:your )?(?:forum |public |private )?posts?(?!-)",
    r"(?<!job )postings?",
    r"comments?",
    # (not what is sent to the member: "which sponsored content and e-mail messages to send you")
    # (nor "unsubscribe from further messages")
    # (nor a channel the company writes through: "by e-mail, text message or post")
    r"(?<!e-mail )(?<!email )(?<!marketing )(?<!promotional )(?<!sponsored )(?<!further )(?<!partner )"
    r"(?<!text )(?<!sms )(?:private |direct )?messages",
    r"(?<!you )(?<!to )(?<!text )(?<!sms )(?:private |direct )?message",  # not the verb: "people you message"
    # (not the company's own: "new ideas for features and ways to improve our Services")
    r"ideas?(?! for (?:new )?(?:features|products|services|ways|improvements))",
    # ("the conversations Snapchatters are having with My AI")
    r"(?:private )?conversations",
    r"chat (?:messages|history|logs|transcripts)",
    # ("any of your User Content": the licence's object, not the generic "content" that gives way)
    r"(?:your )?(?:user|member) content",
    r"(?<!sponsored )(?<!promoted )(?<!advertising )(?:user[- ]generated |your )?content",
    r"feedback",
    r"suggestions?",
    r"(?<!regulatory )submissions?",
    r"discussions?",
    # what a community calls its posts ("every Contribution that mentions …", "representative excerpts",
    # "the full thread")
    r"contributions?(?! (?:to|towards|of|from) (?:the |our |a |an )?"
    r"(?:costs?|fees?|funds?|premiums?|plans?|pensions?))",
    # (the singular without an article is the verb: "a licence to copy, store, excerpt, adapt …")
    r"excerpts|(?:an?|the|each|short) excerpt",
    r"(?:discussion |message |comment )?threads?",
    r"replies",
    r"questions and answers",
    r"(?:quiz|test|exam|survey) (?:answers|responses|results|scores)",
    r"malpractice (?:history|claims|records)",
    r"reference (?:responses|answers|reports)",
    r"credential(?:ing)? files?",
    r"background check (?:results|reports)",
    r"genetic (?:data|information|test results)",
    r"case (?:reports|discussions|studies)",
    # what a patient's visits leave behind, and what they say of them ("your Visit Notes", "a Review")
    r"(?:visit|clinical|consultation|session|therapy|progress) notes",
    # (not a check of a file: "so that Verifiers can carry out look-back reviews")
    r"(?<!look-back )(?<!lookback )(?<!periodic )(?<!annual )(?:your |patient )?reviews"
    r"(?! of (?:the|our|these|this) (?:terms|policy|account|request))",
    r"(?:ecg |ekg |heart |rhythm |audio |video |session |visit |call )?recordings?",
    r"(?<!non-)(?<!non )personal (?:data|information)",  # not "non-personal data"
    r"(?<!non-)(?<!non )personally identifiable information",  # not "non-personally identifiable …"
    r"(?:personal )?details",
    r"contact (?:details|information)",
    r"e-?mail address(?:es)?",
    # (not "brand names", "file names", "domain names")
    # (not the verb: "an authorisation that names the buyer", "a funded reminder may name that product")
    r"(?<!brand )(?<!file )(?<!domain )(?<!product )(?<!trade )(?<!that )(?<!which )(?<!who )"
    r"(?<!may )(?<!will )(?<!can )"
    r"(?:your )?names?",
    r"(?:phone|telephone) numbers?",
    # what narrows an "anonymous" record down to one person ("with the patient's age band and five-digit ZIP
    # code"; "the reviewer's first name and the date of the review")
    r"dates? of birth",
    # (with the address it is the code of: "the ZIP code of the delivery address" names no street address)
    r"(?:zip|postal|post) codes?"
    r"(?: (?:area )?of (?:the |your |their |its |each )?(?:[\w'’]+ ){0,2}address(?:es)?)?",
    r"age (?:bands?|groups?|ranges?)",
    r"(?:first|given|last|family) names?",
    r"pain (?:diar(?:y|ies)|ratings?|scores?)",
    # the noun, not the verb: "to address your inquiry", "or otherwise address fraud"
    r"(?<!otherwise )(?<!to )(?:postal |mailing )?address(?:es)?(?! (?:your|the|any|this|these|those|it|them"
    r"|such|issues?|questions?|inquir\w*|requests?|concerns?|complaints?|fraud|security|abuse|risks?|problems?|books?"
    r"|violations?|harmful|potential|suspicious|technical|bugs?|errors?))",
    r"(?:health|medical) (?:information|data|records|conditions?|history)",
    r"patient (?:information|data|records)",
    # what a clinician holds about others ("information about your patients", "your patients' records")
    r"(?:information|data|records|details) (?:about|on|of|concerning) (?:your |their )?patients",
    r"(?:your |their )?patients['’] (?:information|data|records|details|names)",
    # what a health app measures ("heart rate readings", "step counts", "sleep stages")
    r"(?:heart rate|blood pressure|blood (?:sugar|glucose)|glucose|sleep|step|weight)"
    r" (?:readings?|data|measurements?|summaries|counts?|totals?|stages|logs?|history)",
    r"heart rate",
    r"symptoms?",
    r"protected health information",
    r"prescri(?:bing|ption) (?:data|information|habits|patterns)",
    r"(?:precise |approximate )?location(?: data| information)?",
    r"geolocation(?: data)?",
    r"IP address(?:es)?",
    r"device (?:identifiers|IDs?|information)",
    r"advertising (?:identifiers|IDs?)",
    r"cookies?",
    r"usage (?:data|information)",
    r"log (?:data|files|information)",
    r"browsing (?:history|data|activity|behaviou?r)",
    r"your (?:online |in-app |app )?activity",
    r"(?:the )?accounts you follow",
    r"search (?:history|queries|terms)",
    r"purchase history",
    r"(?:financial|payment|billing) (?:information|details|data)",
    r"credit card (?:numbers?|information|details)",
    r"professional (?:information|credentials|details|profile)",
    r"(?:medical |professional )?licen[cs]e numbers?",
    r"specialt(?:y|ies)(?! pharmac)",
    r"biometric (?:data|information|identifiers)",
    r"demographic (?:data|information)",
    # (not the profile a clause says is built: "to build a profile of your interests")
    r"(?<!build a )(?<!builds a )(?<!create a )(?<!creates a )"
    r"(?:your )?profiles?(?: information)?(?! of (?:you|your)\b)",
    r"account (?:information|data|details)",
    # (marketing sent to you is no data of yours, nor are the settings for it)
    r"(?<!marketing )(?<!promotional )communications(?! preferences| settings)",
    r"photos?",
    r"photographs?",
    r"images?",
    # (not "video games", "video ads")
    r"videos?(?! games?| calls?| ads?\b| advertis\w*| conferenc\w*| player| consultations?| visits?"
    r"| appointments?)",
    r"voice recordings?",
    r"(?:your )?likeness(?:es)?",  # a licence to the member's name and likeness
    r"(?:de-identified|anonymi[sz]ed|aggregated?|pseudonymi[sz]ed) (?:data|information)",
    r"information (?:about|from) you",
    # (not what the parties keep from each other: "sections pertaining to confidential information";
    # "Customer Confidential Information" is the member's)
    r"(?:your )?(?<!(?<!customer )(?<!your )confidential )(?:data|information)",
)

_MENTIONED = r"(?:brands?|products?|drugs?|diseases?|conditions?|keywords?|medicines?|treatments?)"

PURPOSES = _vocab(
    r"(?:targeted |personali[sz]ed |interest-based |behaviou?ral )?advertising",
    r"(?:direct )?marketing",
    r"(?:targeted |personali[sz]ed )?ads",
    r"promotional (?:purposes|offers|communications)",
    r"market research",
    r"(?<!survey and )research(?: purposes)?(?! data)",  # not the data category "Survey and Research Data"
    r"analytics",
    r"(?:statistical )?analysis",
    r"trend (?:analysis|reports?|spotting)",
    r"(?:brand|keyword) monitoring",
    # what a community's posts are mined for: "to identify mentions of brands, drugs and diseases"
    rf"(?:identify|identifying|track|tracking|count|counting) mentions of {_MENTIONED}"
    rf"(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_MENTIONED}){{0,7}}",
    r"(?:measure|measuring) (?:the )?sentiment",
    r"(?:developing|building|creating|improving) (?:new )?(?:products|services|features)",
    r"product development",
    r"improv(?:e|ing) (?:our |the )?(?:services?|products?|site|platform)",
    r"(?:fraud|abuse) prevention",
    r"(?:preventing|detecting) fraud",
    r"security purposes",
    r"comply(?:ing)? with (?:the |applicable )?(?:law|laws|legal obligations)",
    r"legal (?:compliance|requirements|obligations)",
    r"law enforcement purposes",
    r"customer (?:support|service)",
    r"personali[sz](?:ation|ing (?:your|the) experience)",
    r"recommendations?",
    r"billing",
    r"commercial purposes",
    r"business purposes",
    # (not a limit: "prohibiting them from using personal data for any purpose other than …")
    r"any (?:lawful |other )?purpose(?!s? (?:other than|except|besides|beyond))",
    r"training (?:artificial intelligence|AI|machine[- ]learning)(?: models)?",
    # "to train Zoom or third-party artificial intelligence models"
    r"train\s+(?:[\w-]+\s+){0,4}?(?:artificial intelligence|AI|machine[- ]learning|language) models?",
    r"profiling",
    r"(?:recruitment|recruiting)",
    r"(?:clinical )?trials?",
    r"(?:continuing )?medical education",
)


@dataclass(frozen=True, slots=True)
class Extracted:
    parties: tuple[str, ...]
    data: tuple[str, ...]
    purposes: tuple[str, ...]


def extract(text: str, promise: bool = False, *, sources: bool = False) -> Extracted:
    """Parties, data and purposes named in ``text`` (a few sentences). ``promise``: for a flag of
    what the document promises not to do, whose data is the data a denial names ("we never sell
    your posts"); for any other, data a denial keeps out is not the data the practice uses.
    ``sources``: the parties the data comes from instead (a profile built "with information from
    data brokers"), not those who receive or see it (clients a profile is delivered to)."""
    lowered = lower_same_length(text)
    if _shouting(text):  # an all-capitals passage: its words are no acronyms ("YOUR DATA")
        text = lowered
    # a party's name states no purpose: "advertising networks", "analytics partners"
    parties_blanked = PARTIES.sub(_blank, lowered)
    return Extracted(_party_values(text, lowered, sources, promise), _data_values(text, lowered, promise),
                     tuple(map(_as_purpose, _values(PURPOSES, text, parties_blanked, names=True))))


def _blank(m: re.Match[str]) -> str:
    """A match as spaces: out of the values, with every offset after it kept."""
    return " " * len(m.group())


def _shouting(text: str) -> bool:
    """Whether most letters of ``text`` are capitals (legal passages written in capitals)."""
    letters = sum(map(str.isalpha, text))  # map over the str methods: twice as fast as a generator
    return letters > 20 and sum(map(str.isupper, text)) > 0.6 * letters


def _values(pattern: re.Pattern[str], text: str, lowered: str, names: bool = False) -> tuple[str, ...]:
    """Distinct values in order of appearance; a value inside a longer one ("partners" in
    "advertising partners") gives way to it, and a singular to its plural or the reverse.
    ``names``: a name inside a value keeps its capital ("to train Zoom's models")."""
    seen: list[str] = []
    keys: list[str] = []
    for m in pattern.finditer(lowered):
        value = _clean(text[m.start():m.end()], names)
        key = _number_free(value.lower())
        if key not in keys and not any(key in k for k in keys):
            kept = [i for i, k in enumerate(keys) if k not in key]
            seen = [seen[i] for i in kept] + [value]
            keys = [keys[i] for i in kept] + [key]
        if len(seen) >= MAX_VALUES:
            break
    return tuple(seen)


def _number_free(value: str) -> str:
    """A value with every word's number and its articles taken away and hyphens as spaces: its
    identity for de-duplication ("improving our products" and "improving the products" are one)."""
    return " ".join(map(_number_free_word, (w for w in value.replace("-", " ").split()
                                            if w not in _ARTICLES)))


_ARTICLES = frozenset({"the", "a", "an", "our", "its", "their"})


def _number_free_word(word: str) -> str:
    """The word without its plural ending, with a final "y" or "ie" as "i": "parties" and "party"
    are one, and so are "cookies" and "cookie" (read as "cooky" once, so that both were listed);
    "ads" is "advertising" ("for ads and advertising" was said)."""
    if word in ("ad", "ads"):
        return "advertising"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-2]
    if word.endswith(("sses", "xes", "shes", "ches")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ie"):
        return word[:-1]
    return word[:-1] + "i" if word.endswith("y") else word


def _as_purpose(value: str) -> str:
    """A purpose that reads after "for": "comply with the law" -> "complying with the law"."""
    verb, _, rest = value.partition(" ")
    gerund = _GERUNDS.get(verb)
    if not (gerund and rest):
        return value
    # a second verb joined to the first: "train and improve models" -> "training and improving models"
    rest = re.sub(r"^(and|or) (\w+)", lambda m: f"{m[1]} {_GERUNDS.get(m[2], m[2])}", rest)
    return f"{gerund} {rest}"


_GERUNDS = {"comply": "complying", "improve": "improving", "train": "training", "identify": "identifying",
            "track": "tracking", "count": "counting", "measure": "measuring", "develop": "developing",
            "build": "building"}


def _party_values(text: str, lowered: str, sources: bool = False, promise: bool = False) -> tuple[str, ...]:
    """Parties, with "third-party" (an adjective, as in "third-party cookies") read as the noun.
    A party data comes *from* ("information we obtain from third-party data providers") is a
    source, not one who receives or sees it: ``sources`` keeps only such parties, otherwise they
    are left out. In a ``promise``, a party the denial excepts is not one it protects ("to any
    organisation that is not a Sponsor": the sponsors do get the addresses)."""
    def as_recipient(m: re.Match[str]) -> str:
        before = max(0, m.start() - _SOURCE_REACH)
        not_recipient = (_FROM_BEFORE.search(lowered, before, m.start())
                         or _ONWARD_BEFORE.search(lowered, before, m.start())
                         or _OWED_BEFORE.search(lowered, before, m.start())
                         or _KEPT_SAFE_BEFORE.search(lowered, before, m.start())
                         or _JUDGE_BEFORE.search(lowered, before, m.start())
                         or _SEARCHED_BY.search(lowered, max(0, m.start() - 80), m.start())
                         or _PLACE_BEFORE.search(lowered, max(0, m.start() - 80), m.start())
                         or _TOPIC_BEFORE.search(lowered, max(0, m.start() - 80), m.start())
                         or _SUPPLIED_BY_BEFORE.search(lowered, max(0, m.start() - 40), m.start())
                         or (promise and _EXCEPTED_BEFORE.search(lowered, before, m.start())))
        return _blank(m) if not_recipient else m.group()

    def as_source(m: re.Match[str]) -> str:
        before = max(0, m.start() - _SOURCE_REACH)
        source = (_FROM_BEFORE.search(lowered, before, m.start())
                  or _AFTER_FROM.search(lowered, before, m.start()))
        return m.group() if source else _blank(m)

    values = (_THIRD_PARTY.sub("third parties", v)
              for v in _values(PARTIES, text, PARTIES.sub(as_source if sources else as_recipient, lowered)))
    return tuple(_COMPANY_FAMILY.sub(lambda m: m.group().title(), _as_kind(PARTIES, v)) for v in values)


#: a corporate family by its name, which the explanation writes as the document does
_COMPANY_FAMILY = re.compile(r"\b(?:facebook|meta) companies\b")


#: data coming in from a party: a verb of getting, then "from" right before the party ("requests
#: from law enforcement" are no source: the agencies receive the data)
_FROM_BEFORE = re.compile(
    r"(?:\b(?:obtain|receiv|collect|get|got|gather|acquir|purchas|buy|bought|com(?:e|es|ing)|came|import|access)"
    # ... or the data named right before it ("we use … information from our advertising partners")
    r"\w*\b[^.;:]{0,60}?|\b(?:information|data|details)\s+)"
    r"\bfrom (?:our |the |other |certain |such |these |those |trusted |selected )?$")
#: the recipient's own customers, not the company's: "Corvid Workforce Analytics, a company that builds
#: forecasting products which it sells to healthcare employers"
_ONWARD_BEFORE = re.compile(r"\b(?:which|that)\s+(?:it|they)\s+(?:sells?|markets?|offers?|licen[cs]es?)"
                            r"\s+(?:\w+\s+){0,2}?to\s+(?:other\s+|its\s+|their\s+)?(?:\w+\s+)?$")
#: ... or, where only sources are wanted, any party named after "from" with no recipient in between
#: ("buy demographic information, such as age range and income band, from data providers", "from
#: other companies, including the social-media platforms and advertising networks")
_AFTER_FROM = re.compile(r"\bfrom\b(?:(?!\b(?:to|with|for)\b)[^.;:]){0,80}$")
#: a party owed nothing: "without compensation or reimbursement of any kind to you or any third
#: party" pays no one and hands no third party the data
_OWED_BEFORE = re.compile(
    r"\b(?:compensation|payments?|reimbursement|royalt(?:y|ies)|remuneration|attribution)"
    # (no disclosure in between: "in exchange for payment, we sell your data to third parties")
    r"\b(?:(?!\b(?:we|sell|sells|share|shares|disclose|provide|give|transfer|send|pass|rent|license)\b)[^.;:])"
    r"{0,60}?\bto (?:you (?:or|and|nor) )?(?:any |a |the )?$")
#: a party kept safe, not given anything: "to promote the safety, security and integrity of Meta
#: Products, users, employees, property and the public" (no verb of handing over in between)
_KEPT_SAFE_BEFORE = re.compile(
    r"(?:\b(?:protect|protects|protecting|promote|promotes|promoting)\b"
    r"|\b(?:safety|security|integrity|rights|property)\b[^.;:]{0,40}?\bof\b)"
    r"(?:(?!\b(?:we|shar\w*|disclos\w*|provid\w*|giv\w*|transfer\w*|send\w*|sent|pass\w*|releas\w*|report\w*"
    r"|access\w*|sell\w*|sold|respond\w*|request\w*|with|to|from|by)\b)[^.;:]){0,80}?$")
#: a party that judges, not one that receives: "a country that has not been found by the European
#: Commission or the UK Government to provide an adequate level of protection"
_JUDGE_BEFORE = re.compile(
    r"\b(?:found|deemed|approved|recogni[sz]ed|declared|decided|considered|issued|adopted|certified)\s+by\s+"
    r"(?:[\w.'-]+\s+){0,6}?$")
#: a party a denial excepts: "not a Sponsor", "other than our sponsors", "except advertisers", and each
#: one listed with it ("other than our sponsors and exhibitors", "not one of our carefully vetted sponsors")
_EXCEPTED_BEFORE = re.compile(
    r"\b(?:(?:that|who|which)\s+(?:is|are)\s+not|other\s+than|except(?:\s+for)?|apart\s+from|besides|save)"
    r"\s+(?:(?!we\b|you\b)[\w'’-]+,?\s+){0,8}$")
_SOURCE_REACH = 90
#: a party that supplied the data, not one that receives it: "information provided by your Plan Sponsor"
_SUPPLIED_BY_BEFORE = re.compile(
    r"\b(?:information|data|details)\s+(?:\w+\s+)?(?:provided|supplied|sent|given)"
    r"\s+(?:to\s+us\s+)?by\s+(?:your\s+|the\s+|our\s+|its\s+)?(?:[\w-]+\s+){0,2}$")
#: a place the member goes, not one who receives their data: "every purchase at pharmacies, clinics,
#: laboratories and other providers", "rides to dialysis centres and clinics"
_PLACE_BEFORE = re.compile(
    r"\b(?:purchases?|bought|buys?|shopping|spending|spent|visits?|appointments?|trips?|rides?|journeys?)"
    r"\s+(?:\w+\s+){0,2}?(?:at|to)\s+(?:[\w'’-]+,?\s+(?:and\s+|or\s+)?){0,4}?$")


#: what members talk about, not one who receives their words: "reports that show what nurses are saying about
#: products, employers, staffing and changes in practice"
_TOPIC_BEFORE = re.compile(
    r"\b(?:saying|said|say|says|talking|talk|talks|writing|write|writes|posting|discussing|discuss|discusses"
    r"|mentions?|mentioning|opinions?|views|sentiment|feelings?)\s+(?:about|on|of|regarding|towards?)\s+"
    r"(?:[\w'’-]+,?\s+(?:and\s+|or\s+)?){0,4}?$")


def _as_kind(pattern: re.Pattern[str], value: str) -> str:
    """A bare singular noun read as the kind it names: "your employer" in the text is about
    employers in general, and "passed to recruiter" or "message may be used" reads as broken
    English. Values with their own determiner ("your name") are kept as written."""
    if value.split()[0] in _DETERMINERS or value.endswith("s"):
        return value
    plural = value[:-1] + "ies" if value.endswith("y") and value[-2:-1] not in "aeiou" else value + "s"
    return plural if pattern.fullmatch(plural) else value


_DETERMINERS = frozenset({"your", "the", "our", "a", "an", "any", "their", "its", "this", "that"})


_THIRD_PARTY = re.compile(r"^third[- ]party$")


#: data a disclosure leaves out ("we strip your name", "shared without your e-mail address"; "we
#: remove your name and replace it with an identifier"), not data deleted at the member's request
_LEFT_OUT = re.compile(
    r"(?:(?:strip|exclud|omit|redact|mask)\w*|without)\s+(?:your\s+|the\s+|any\s+|all\s+)?$"
)
_REMOVED = re.compile(r"remov\w*\s+(?:your\s+|the\s+|any\s+|all\s+)?$")
#: ... also named in a list taken out of other data ("We remove names, contact details and other direct
#: identifiers from prescription and pricing data and license the resulting de-identified data")
_TAKEN_OUT_BEFORE = re.compile(r"\b(?:remov|strip|redact)\w*\b[^.;:]{0,80}$")
_OUT_OF_DATA_AFTER = re.compile(r"[^.;:]{0,80}?\bfrom\s+(?:the\s+|your\s+|our\s+|any\s+|such\s+|all\s+)?"
                                r"(?:[\w-]+\s+){0,4}?(?:data|information|records|datasets?|data\s+sets)\b")
#: ... or one a denial keeps out ("we do not use the private content and communications you send"),
#: unless a "but" or "except" turns the sentence before the data is named
_DENIED = re.compile(
    r"(?:\b(?:do|does|did|will|shall|would)\s+not|\b(?:don't|doesn't|won't|never))\s+"
    r"(?:use|share|sell|disclose|access|read|scan|rent|trade|collect|analy[sz]e)\b"
    r"(?:(?!\bbut\b|\bhowever\b|\bexcept\b|\bunless\b)[^.;:]){0,60}$"
)
DENIAL_REACH = 90  # characters before a data word searched for a denial
#: ... or that the clause says is kept back ("Anonymous Rooms, where your name and photograph are not
#: shown to other members": posts are shown, not names)
_KEPT_BACK_AFTER = re.compile(
    r"(?:\s+(?:and|or)\s+(?:your\s+|the\s+)?[\w-]+){0,2}\s+(?:is|are|will|shall)\s+(?:not|never)\s+(?:be\s+)?"
    r"(?:shown|displayed|visible|shared|disclosed|revealed|sold|published|made public)\b")
_REPLACED = re.compile(r"\s+(?:and\s+replac|before\s+(?:shar|disclos|provid|pass))")
#: ... and a list said to be taken out before the use ("to use Your Content, after removing your name and
#: contact details"; "a limited data set, from which your name, street address, telephone number and other
#: direct identifiers have been removed")
_REMOVED_FIRST = re.compile(r"\b(?:after|once|having|by)\s+(?:remov|strip|redact)\w*\s+"
                            r"(?:your\s+|the\s+|any\s+|all\s+)?(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,6}$")
_REMOVED_AFTER = re.compile(r"(?:,?\s+(?:and\s+|or\s+)?(?:your\s+|the\s+|other\s+|any\s+)?[\w-]+){0,8}?\s+"
                            r"(?:have|has|are|is)\s+(?:been\s+)?(?:removed|stripped|redacted|taken\s+out)\b")
#: ... or "with" them taken out ("outcomes from many patients, with names and contact details removed")
_WITH_BEFORE = re.compile(r"\bwith\s+(?:your\s+|the\s+|their\s+|all\s+|any\s+)?"
                          r"(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,6}$")
_REMOVED_BARE_AFTER = re.compile(r"(?:,?\s+(?:and\s+|or\s+)?(?:your\s+|the\s+|other\s+|any\s+)?[\w-]+){0,8}?"
                                 r"\s+(?:removed|stripped|redacted|taken\s+out|left\s+out)\b")
#: ... or set against what is used ("researchers work with coded records, not your name or email address";
#: "identified by a code rather than your name or other information that directly identifies you")
_CONTRASTED = re.compile(r"(?:,\s+(?:but\s+)?not|\b(?:rather|other)\s+than|\binstead\s+of)\s+"
                         r"(?:your\s+|the\s+|their\s+|any\s+)?(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,4}$")

#: ... or the keys what is handed over is searched by ("De-identified Records and Community Content may be
#: searched, filtered and exported by specialty, region, named employer and date": no specialties sold)
_SEARCHED_BY = re.compile(r"\b(?:search|filter|sort|group|rank|index|broken\s+down|break\s+down|organi[sz]"
                          r"|export)\w*\s+by\s+(?:[\w-]+,?\s+(?:and\s+|or\s+)?){0,4}$")


def _data_values(text: str, lowered: str, promise: bool) -> tuple[str, ...]:
    def handed_over(m: re.Match[str]) -> str:
        before = max(0, m.start() - 30)
        left_out = _LEFT_OUT.search(lowered, before, m.start()) or (
            _REMOVED.search(lowered, before, m.start()) and _REPLACED.match(lowered, m.end())) or (
            _TAKEN_OUT_BEFORE.search(lowered, max(0, m.start() - 90), m.start())
            and _OUT_OF_DATA_AFTER.match(lowered, m.end())) \
            or _REMOVED_FIRST.search(lowered, max(0, m.start() - 90), m.start()) \
            or _REMOVED_AFTER.match(lowered, m.end()) \
            or (_WITH_BEFORE.search(lowered, max(0, m.start() - 90), m.start())
                and _REMOVED_BARE_AFTER.match(lowered, m.end())) \
            or _CONTRASTED.search(lowered, max(0, m.start() - 60), m.start()) \
            or _SEARCHED_BY.search(lowered, max(0, m.start() - 80), m.start()) or (
            not promise and (_DENIED.search(lowered, max(0, m.start() - DENIAL_REACH), m.start())
                             or _KEPT_BACK_AFTER.match(lowered, m.end())))
        return _blank(m) if left_out else m.group()

    lowered = DATA.sub(handed_over, lowered)
    values = tuple(_as_kind(DATA, v) for v in _values(DATA, text, lowered))
    specific = tuple(v for v in values if v not in _GENERIC_DATA)
    return specific or values[:1]


_GENERIC_DATA = {"data", "information", "your data", "your information", "details", "content"}


def _clean(phrase: str, names: bool = False) -> str:
    phrase = " ".join(phrase.replace("\u2019", "'").split())
    if phrase.isupper() and len(phrase) <= 4:
        return phrase
    words = phrase.split()
    # a capital inside a phrase written in lower case marks a name ("train Zoom or third-party
    # models") or a defined term ("improve our Services", read as the common noun); in a title
    # ("Training Our Models") every word has one, and none is kept
    keep_names = names and any(w.islower() for w in words[1:])
    return " ".join(w if (w.isupper() and len(w) > 1) or (keep_names and n and w[:1].isupper()
                                                          and w.lower() not in _DEFINED_TERMS) else w.lower()
                    for n, w in enumerate(words))


#: common nouns that documents capitalise as defined terms ("our Services", "the Platform")
_DEFINED_TERMS = frozenset({
    "service", "services", "product", "products", "platform", "platforms", "site", "sites", "website",
    "websites", "app", "apps", "application", "applications", "software", "content", "materials",
    "features", "offerings", "network", "community", "terms", "agreement", "policy", "information",
    "data", "user", "users", "member", "members", "customer", "customers", "account", "accounts"})
