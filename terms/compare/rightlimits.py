"""A right's limits reworded: the sentence that takes back part of a right excludes more or less.

"You may ask us to exclude your future posts from reports. This request does not apply to posts
made before we process it, …, or to aggregated statistics, and it may take up to 90 days to take
effect." The right's own sentence can stand word for word while its limit grows: the later
version also excludes "the training of models" and takes "up to 180 days". Neither sentence is a
promise by the company, and no flag changes (the right was qualified before and is after), so
the comparison said nothing. A limit that now excludes more, or takes longer, is a weaker right.
"""

from __future__ import annotations

import difflib
import re

from terms.compare.periods import DAYS, NUMBER, in_figures
from terms.rulepacks.scan import LIMITS_WHAT_PRECEDES

#: how long a right takes to take effect, at most: "up to 90 days", "within thirty (30) days"
_TAKES = re.compile(rf"\b(?:up to|within|no later than|not later than|at most) (?P<number>{NUMBER})"
                    r"(?: \(\d+\))? (?P<unit>(?:business |working |calendar )?(?:hour|day|week|month|year))"
                    r"s?\b",
                    re.IGNORECASE)
_WORD = re.compile(r"[\w.'’-]*\w")
#: words that exclude nothing on their own: an "or" moved to the new last item of a list
_JOINING = frozenset({"a", "an", "and", "or", "nor", "the", "to", "of", "any", "all", "as", "in", "on"})


def _lone_period(sentence: str) -> tuple[str, float] | None:
    found = list(_TAKES.finditer(sentence))
    if len(found) != 1:
        return None
    m = found[0]
    number = int(in_figures(m.group("number").lower()))
    return " ".join(m.group().split()), number * DAYS[" ".join(m.group("unit").lower().split())]


def _words(sentence: str) -> list[re.Match[str]]:
    """The sentence's words, its period ("up to 90 days") left out, with their places in it."""
    return list(_WORD.finditer(_TAKES.sub(lambda m: " " * len(m.group()), sentence)))


def _runs(sentence: str, words: list[re.Match[str]], spans: list[tuple[int, int]]) -> list[str] | None:
    """The runs of ``words`` at ``spans`` that say something, without the joining words they start
    with, quoted from ``sentence`` as written ("to Clients' direct access, …"); None where one is no
    item of the limit's list ("to X, to Y or to Z"): "posts made *more than a year* before" or an
    added "except …" narrow what is excluded rather than add to it."""
    runs = []
    for start, end in spans:
        run = words[start:end]
        if all(w.group().lower() in _JOINING for w in run):
            continue   # an "or" moved to the list's new last item
        while run[0].group().lower() in ("and", "or", "nor"):
            run = run[1:]
        if run[0].group().lower() != "to":
            return None
        runs.append(" ".join(sentence[run[0].start():run[-1].end()].split()))
    return runs


def limit_change(old: str, new: str) -> tuple[bool, str] | None:
    """(weaker, what changed) where ``old`` and ``new`` both limit the right before them ("This
    request does not apply to …") and the new one excludes more or less, or takes longer or less
    long; None where they are no such sentences, nothing of the kind changed, or the change cuts
    both ways (the reader has to weigh that: items both excluded anew and no longer, or words that
    are no item of the list, are left to the clause's word diff)."""
    if not (LIMITS_WHAT_PRECEDES.match(old) and LIMITS_WHAT_PRECEDES.match(new)):
        return None
    weaker: list[str] = []
    stronger: list[str] = []
    before, after = _lone_period(old), _lone_period(new)
    if before and after and before[1] != after[1]:
        (weaker if after[1] > before[1] else stronger).append(f"“{before[0]}” is now “{after[0]}”")
    a, b = _words(old), _words(new)
    ops = difflib.SequenceMatcher(None, [w.group().lower() for w in a], [w.group().lower() for w in b],
                                  autojunk=False).get_opcodes()
    added = _runs(new, b, [(j1, j2) for tag, _, _, j1, j2 in ops if tag in ("insert", "replace")])
    dropped = _runs(old, a, [(i1, i2) for tag, i1, i2, _, _ in ops if tag in ("delete", "replace")])
    if added is None or dropped is None:
        return None   # words that are no item of the list changed: which way that cuts is unknown
    if added and not dropped:
        weaker.insert(0, "its limits now also exclude " + ", ".join(f"“{run}”" for run in added))
    elif dropped and not added:
        stronger.insert(0, "its limits no longer exclude " + ", ".join(f"“{run}”" for run in dropped))
    if weaker and stronger:
        return None
    if weaker:
        return True, " and ".join(weaker)
    return (False, " and ".join(stronger)) if stronger else None
