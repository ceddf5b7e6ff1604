"""Explanation templates: ``{name}``, ``{name|fallback}``, ``{is/are}`` and optional ``[ ... ]`` segments.

A template is parsed once when its pack loads, so a broken one is a validation
problem, not a surprise at flagging time. Rendering fills placeholders from what the
clause says and drops every optional segment one of whose placeholders is empty, so
"… sell your data[ to {parties}]." reads well whether or not parties are named. A verb
written ``{singular/plural}`` agrees with the placeholder before it: "{data|your data} {is/are}
kept" gives "your posts are kept" and "your data is kept".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from terms.wording import join_words

PLACEHOLDERS = ("parties", "data", "purposes", "way_out", "service", "licence", "beyond", "amount",
                "clinician")

_TOKEN = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{([^{}]*)\}|\[|\]|[{}]")


@dataclass(frozen=True, slots=True)
class Slot:
    name: str
    fallback: str | None


@dataclass(frozen=True, slots=True)
class Agree:
    """A word that agrees in number with the placeholder before it: ``{is/are}``."""

    singular: str
    plural: str


Part = str | Slot | Agree


@dataclass(frozen=True, slots=True)
class Optional:
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Template:
    parts: tuple[Part | Optional, ...]

    def uses(self, *names: str) -> bool:
        """Whether the template has a placeholder of one of ``names`` (some values cost work to find)."""
        slots = (p for part in self.parts for p in (part.parts if isinstance(part, Optional) else (part,)))
        return any(isinstance(slot, Slot) and slot.name in names for slot in slots)


class TemplateError(ValueError):
    """A template that does not parse; ``problems`` lists every problem found, in order."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


def parse_template(text: str) -> Template:
    """Parse ``text``; raise :class:`TemplateError` naming every problem (one mistake hides no
    other: "{dat} … [ for {purposes}" names both the placeholder and the open bracket)."""
    problems: list[str] = []
    top: list[Part | Optional] = []
    current: list[Part] | None = None   # inside [ ... ]
    pos = 0
    for m in _TOKEN.finditer(text):
        target = current if current is not None else top
        if m.start() > pos:
            target.append(text[pos:m.start()])
        pos = m.end()
        token = m.group()
        if token in ("{{", "}}", "[[", "]]"):
            target.append(token[0])
        elif token == "[":
            if current is not None:
                problems.append("optional segments '[...]' cannot nest")
            else:
                current = []
        elif token == "]":
            if current is None:
                problems.append("']' without an opening '['")
                continue
            if not any(isinstance(p, Slot) for p in current):
                problems.append("an optional segment '[...]' must contain a placeholder")
            top.append(Optional(tuple(current)))
            current = None
        elif token in ("{", "}"):
            problems.append(f"unbalanced '{token}' (write '{token * 2}' for a literal brace)")
        elif "/" in m.group(1) and "|" not in m.group(1):
            singular, _, plural = m.group(1).partition("/")
            if not any(isinstance(p, Slot) for p in top + (current or [])):
                problems.append(f"'{{{m.group(1)}}}' must follow the placeholder it agrees with")
            target.append(Agree(singular.strip(), plural.strip()))
        else:
            slot, problem = _slot(m.group(1))
            if problem:
                problems.append(problem)
            target.append(slot)
    nested = "optional segments '[...]' cannot nest" in problems
    if current is not None and not nested:   # a nested segment's "]]" reads as a literal "]": said once
        problems.append("'[' without a closing ']'")
    if problems:
        raise TemplateError(problems)
    if pos < len(text):
        top.append(text[pos:])
    return Template(tuple(top))


def _slot(body: str) -> tuple[Slot, str | None]:
    """The placeholder ``{body}``, and what is wrong with it (None if nothing)."""
    name, sep, fallback = body.partition("|")
    name = name.strip()
    if name not in PLACEHOLDERS:
        close = difflib.get_close_matches(name, PLACEHOLDERS, n=1)
        hint = f" (did you mean '{{{close[0]}}}'?)" if close else ""
        return Slot(name, None), f"unknown placeholder '{{{body}}}'{hint}; known: {', '.join(PLACEHOLDERS)}"
    return Slot(name, fallback if sep else None), None


def is_plural(values: Sequence[str] | str) -> bool:
    """Whether a filled placeholder reads as plural: several values, or one plural noun phrase."""
    if isinstance(values, str):
        values = [values]
    values = [v for v in values if v]
    if len(values) != 1:
        return len(values) > 1
    head = values[0].split()[-1].lower() if values[0].split() else ""
    return head not in _SINGULAR_S and head.endswith("s") and not head.endswith(("ss", "us", "is"))


_SINGULAR_S = frozenset({"news", "analytics", "series", "its", "this", "was", "has", "does"})


def render(template: Template, values: Mapping[str, Sequence[str] | str | None]) -> str:
    """Fill the template; lists are joined as 'a, b and c'; see the module docstring."""
    last: list[bool] = [False]  # whether the placeholder last filled in was plural

    def value(slot: Slot) -> str:
        raw = values.get(slot.name)
        text = raw if isinstance(raw, str) else join_words(raw or ())
        if text:
            last[0] = is_plural(raw or ())
            return text
        last[0] = is_plural(slot.fallback or "")
        return slot.fallback or ""

    def word(part: Agree) -> str:
        return part.plural if last[0] else part.singular

    out: list[str] = []
    for part in template.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Slot):
            out.append(value(part))
        elif isinstance(part, Agree):
            out.append(word(part))
        else:
            filled = []
            for sub in part.parts:
                if isinstance(sub, str):
                    filled.append(sub)
                    continue
                if isinstance(sub, Agree):
                    filled.append(word(sub))
                    continue
                text = value(sub)
                if not text:
                    break
                filled.append(text)
            else:
                out.append("".join(filled))
    text = " ".join("".join(out).split())
    text = re.sub(r"\s+([,.;:!?)])", r"\1", text)
    return text[:1].upper() + text[1:]
