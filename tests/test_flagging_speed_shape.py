"""How flagging time grows, and the faster matching kept exact: term scanners and scope screening."""

from __future__ import annotations

import re
import time

import pytest

from terms.flagging import flag_text
from terms.rulepacks.evaluate import evaluate
from terms.rulepacks.patterns import (
    Term,
    TermIndex,
    lower_pattern,
    region_spans,
    spaces_to_whitespace,
    term_regex,
)
from terms.rulepacks.regexsafety import prefilter_keys, required_literals
from terms.rulepacks.scan import Region, fold

# Written for this test: data-use, change and dispute sentences, so that many rules have terms
# in every sentence of one long paragraph.
_SENTENCES = (
    "We may share your personal information with advertising partners and keep it while your "
    "account is open. ",
    "You agree that we can change these terms at any time without notice, but we will not sell "
    "your data. ",
    "Any dispute will be settled by arbitration in the state where our company is based. ",
    "Our partners may place cookies on your device to measure how you use the service; you can "
    "opt out in the settings. ",
)


def _paragraph(size: int) -> str:
    block = "".join(_SENTENCES)
    return block * (size // len(block) + 1)


def _cpu_seconds(text: str) -> float:
    start = time.process_time()
    flags = flag_text(text)
    elapsed = time.process_time() - start
    assert {f.category for f in flags} >= {"data.third-party-sharing", "terms.arbitration"}
    return elapsed


@pytest.mark.slow
def test_one_huge_paragraph_is_flagged_in_linear_time():
    flag_text(_paragraph(20_000))  # load the pack and model outside the measure
    small = _cpu_seconds(_paragraph(500_000))
    large = _cpu_seconds(_paragraph(2_000_000))
    # 4x the text: about 4x the time when linear, 16x when every scope rescans the region
    assert large / small < 8, f"0.5 MB took {small:.2f} s, 2 MB took {large:.2f} s"


_TEXT = (
    "reshare share shared, share! 'share' xshare sell sold resold rent-a-car parentally rent "
    "personal data personal  information impersonal data companies ies cookies xcookies "
    "your account the account myaccount account you provide provide third-party third party "
    "thirdparty third-parties sharesell share_it"
)


@pytest.mark.parametrize(
    "source",
    [
        "share",
        "(sell|sells|sold|rent)",
        "personal (data|information)",
        "[a-z]+ies",  # no keys: scanned with the regex alone
        "(your |the )?account",
        "(?<!you\\s)provide",
        "third[- ]part(y|ies)",
        "(s|r)(hare|ent)",
    ],
)
@pytest.mark.parametrize("offset", [0, 1, 40])
def test_term_matches_found_from_keys_equal_a_full_scan(source, offset):
    widened = lower_pattern(spaces_to_whitespace(source))
    keys = prefilter_keys(widened)
    assert (keys is None) == (source == "[a-z]+ies")
    term = Term(source, re.compile(term_regex(source)), keys, 0, required_literals(widened))
    text = "x" * offset + _TEXT
    expected = [(a + offset, b + offset) for a, b in (m.span() for m in term.regex.finditer(_TEXT))]
    assert expected  # the text exercises the term
    assert region_spans(term, Region(text, offset, len(text))) == expected
    # ... and so do they once the region's live terms are known
    live = Region(text, offset, len(text))
    live.live = TermIndex([term]).live(live)
    assert region_spans(term, live) == expected


def test_the_live_terms_of_a_region_are_those_that_can_match_there():
    sources = ["sell (your )?data", "arbitration", "third[- ]part(y|ies)", "[a-z]+ies", "opt[- ]?out"]
    terms = []
    for index, source in enumerate(sources):
        widened = lower_pattern(spaces_to_whitespace(source))
        terms.append(Term(source, re.compile(term_regex(source)), prefilter_keys(widened), index,
                          required_literals(widened)))
    text = fold("We never sell your data to third parties, and you can opt out at any time.")
    region = Region(text, 0, len(text))
    live = TermIndex(terms).live(region)
    assert 1 not in live   # "arbitration" is nowhere in the text
    for term in terms:     # every term with a match is live, and the matches are the same
        found = [m.span() for m in term.regex.finditer(region.lower)]
        assert not found or term.index in live
        region.live = live
        assert region_spans(term, region) == found
        region.live, region.memo = None, {}


def test_rules_fire_only_in_the_scope_holding_their_terms():
    from terms.rulepacks import default_pack

    pack = default_pack()
    text = fold(
        "Welcome to the service. We may sell your personal information to data brokers. "
        "Thank you for reading; we hope you enjoy it."
    )
    hits = evaluate(pack, text, 0, len(text))
    sale = [h for h in hits if h.category == "data.sale"]
    assert sale
    second = text.index("We may sell")
    assert all(second <= a and b <= text.index("Thank") for h in sale for a, b in [h.scope])
    assert all(text[a:b].strip() for h in hits for a, b in h.evidence)
