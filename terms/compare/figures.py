"""Sums of money, periods and numbers of people or of recipients a clause states ("$500", "fifty … ($50)",
"two years", "30 days", "at least ten (10) Clinicians", "three Matched Clinics"), so that a compare can say
which changed inside a provision that was a concern before and after: a liability cap cut from $500 to $50,
or reports on groups of five physicians where they were of ten, is a change of a few characters, below what
counts as rewording, yet the one a privacy officer most needs to see."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from terms.compare.periods import DAYS, NUMBER, in_figures
from terms.flagging.engine import MONEY

_UNITS = r"(?:business\s+|working\s+|calendar\s+)?(?:hours?|days?|weeks?|months?|years?)"
#: people counted: the smallest group a report may describe ("at least ten (10) Clinicians")
_PEOPLE = (r"(?:clinicians|physicians|doctors|nurses|members|users|people|persons|individuals|participants"
           r"|patients|respondents|employees|students|customers|subscribers|households)")
#: organisations counted: how many receive a member's data ("made available to up to three Matched Clinics")
_RECIPIENTS = (r"(?:clinics|companies|partners|recipients|organi[sz]ations|providers|hospitals|insurers"
               r"|brokers|buyers|advertisers|sponsors|employers|lenders)")
#: a sum as the flagger reads one for a liability cap's "(here $100)", a period, a number of people, or of
#: recipients (with a word of their name between: "three Matched Clinics")
_FIGURE = re.compile(rf"{MONEY.pattern}|\b{NUMBER}\s+{_UNITS}\b|\b{NUMBER}\s+{_PEOPLE}\b"
                     rf"|\b{NUMBER}\s+(?:[\w-]+\s+)?{_RECIPIENTS}\b", re.IGNORECASE)
_PERIOD = re.compile(rf"(?P<n>\d+)\s+(?P<unit>{_UNITS})", re.IGNORECASE)
_GROUP = re.compile(rf"(?P<n>\d+)\s+{_PEOPLE}", re.IGNORECASE)
_RECEIVING = re.compile(rf"(?P<n>\d+)\s+(?:[\w-]+\s+)?{_RECIPIENTS}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FigureChange:
    """The figures only one version of a clause states, in the order they appear."""

    removed: tuple[str, ...]
    added: tuple[str, ...]

    def describe(self) -> str:
        """How a headline says it: "Changes ‘$500’ → ‘$50’", "No longer states ‘2 years’", "Now also
        states ‘30 days’"."""
        old, new = (", ".join(f"‘{figure}’" for figure in side) for side in (self.removed, self.added))
        if old and new:
            return f"Changes {old} → {new}"
        return f"No longer states {old}" if old else f"Now also states {new}"


def figures(text: str) -> tuple[str, ...]:
    """The sums and periods ``text`` states, normalised ("thirty (30) days" is "30 days") and in the
    text's own case ("US $100", as quoted)."""
    return tuple(" ".join(m.group().split()) for m in _FIGURE.finditer(in_figures(text)))


def figure_change(old_texts: Sequence[str], new_texts: Sequence[str]) -> FigureChange | None:
    """What changed in the figures of a clause, or None if its versions state the same ones (the
    case of a figure's words aside: "Two years" is "two years")."""
    old = [f for text in old_texts for f in figures(text)]
    new = [f for text in new_texts for f in figures(text)]
    old_keys, new_keys = Counter(f.casefold() for f in old), Counter(f.casefold() for f in new)
    gone, came = old_keys - new_keys, new_keys - old_keys
    if not gone and not came:
        return None
    return FigureChange(tuple(dict.fromkeys(f for f in old if f.casefold() in gone)),
                        tuple(dict.fromkeys(f for f in new if f.casefold() in came)))


def money(figure: str) -> float | None:
    if MONEY.fullmatch(figure) is None:
        return None
    return float(re.sub(r"[^\d.]", "", figure))


def days(figure: str) -> float | None:
    m = _PERIOD.fullmatch(figure)
    if m is None:
        return None
    unit = " ".join(m.group("unit").lower().split()).removesuffix("s")
    return int(m.group("n")) * DAYS[unit]


def people(figure: str) -> int | None:
    """The number of people a figure counts ("5 Clinicians"), or None for a sum or a period."""
    m = _GROUP.fullmatch(figure)
    return int(m.group("n")) if m else None


def recipients(figure: str) -> int | None:
    """The number of organisations a figure counts ("10 Matched Clinics"), or None for anything else."""
    m = _RECEIVING.fullmatch(figure)
    return int(m.group("n")) if m else None


def lowered(change: FigureChange, value) -> bool | None:
    """Whether the largest value (by ``value``: :func:`money`, :func:`days`, :func:`people` or
    :func:`recipients`) went down, up (False) or is not comparable (None)."""
    old = [v for v in map(value, change.removed) if v is not None]
    new = [v for v in map(value, change.added) if v is not None]
    if not old or not new or max(old) == max(new):
        return None
    return max(new) < max(old)
