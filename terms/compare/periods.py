"""Periods of time as terms write them ("at least thirty (30) days", "up to 90 days"): numbers in
words or figures, and how many days a unit is. Shared by the promise and right-limit readers."""

from __future__ import annotations

import re

#: Numbers written as words in periods ("at least thirty days"), so that a version that spells out
#: "30" does not read as dropping one period and adding another.
NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
           "eight": "8", "ten": "10", "twelve": "12", "fourteen": "14", "fifteen": "15", "twenty": "20",
           "thirty": "30", "sixty": "60", "ninety": "90"}
#: ... and the compounds whole ("thirty-six months" had read as "6 months"); tens alone only where periods use
#: them ("fifty US dollars ($50)" is a sum written twice, read once)
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
NUMBERS |= {f"{tens}-{unit}": str(20 + 10 * k + n) for k, tens in enumerate(_TENS)
            for n, unit in enumerate(_UNITS, 1)}
NUMBER = r"(?:\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
NUMBER_WORD = re.compile(r"\b(?:" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
PARENTHESISED = re.compile(r" \(\d+\)")   # "thirty (30) days": the figure repeated

#: Days in a unit of a period (a business week has five days).
DAYS = {"hour": 1 / 24, "day": 1, "business day": 7 / 5, "working day": 7 / 5, "calendar day": 1,
        "week": 7, "month": 30, "year": 365}


def in_figures(text: str) -> str:
    """``text`` with its numbers in words as figures and repeated figures left out: "thirty (30)
    days" is "30 days", "Ten (10) years" "10 years"."""
    return NUMBER_WORD.sub(lambda n: NUMBERS[n.group().lower()], PARENTHESISED.sub("", text))
