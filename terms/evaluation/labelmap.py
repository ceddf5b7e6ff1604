"""The shared ``label_map.yaml``: data-set labels to taxonomy ids, applied exactly as its header says.

Three shapes of entry occur, and the shape decides how an item's labels become gold ids:

* a plain mapping ``label: id-or-null`` (CLAUDETTE);
* a mapping ``label: {category: id-or-null, severity: ...}`` (ToS;DR cases);
* ``{categories: {...}, practice_rules: [...]}`` (OPP-115): the category map, and ordered rules
  over each annotated practice's attributes (:func:`practice_ids`).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terms.errors import InputError, Problem
from terms.rulepacks.yamlnodes import YamlLoadError, line_of, load_located

HINT = ("Fix that line of label_map.yaml: it maps each data set's labels to taxonomy ids "
        "(see docs/evaluation.md).")

#: A rule condition: attribute name (or ``category``) to the accepted values.
Condition = Mapping[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class LabelTarget:
    """What one label maps to: a taxonomy id (``None``: not scored) and its expected severity."""

    category: str | None
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class PracticeRule:
    """One ``practice_rules`` entry: when every ``when`` key matches and no ``unless`` key does,
    ``set`` replaces the practice's ids (``None``: none) or ``add`` adds one."""

    when: Condition
    unless: Condition
    action: str            # "set" or "add"
    target: str | None

    def matches(self, category: str, attributes: Mapping[str, str]) -> bool:
        return all(_key_matches(k, v, category, attributes) for k, v in self.when.items()) and not any(
            _key_matches(k, v, category, attributes) for k, v in self.unless.items()
        )


def _key_matches(key: str, accepted: frozenset[str], category: str, attributes: Mapping[str, str]) -> bool:
    value = category if key == "category" else attributes.get(key)
    return value is not None and value in accepted


@dataclass(frozen=True, slots=True)
class LabelMapEntry:
    """The label map of one data set."""

    labels: Mapping[str, LabelTarget]
    practice_rules: tuple[PracticeRule, ...] = ()
    has_practices: bool = False

    def ids(self, labels: list[str] | tuple[str, ...]) -> frozenset[str]:
        """Gold ids of a list of labels: the union of their non-null ids (unknown labels are ignored)."""
        out = set()
        for label in labels:
            target = self.labels.get(label)
            if target is not None and target.category:
                out.add(target.category)
        return frozenset(out)

    def practice_ids(self, category: str, attributes: Mapping[str, str]) -> frozenset[str]:
        """Gold ids of one annotated practice: its category's id, then every matching rule in order."""
        target = self.labels.get(category)
        ids = {target.category} if target is not None and target.category else set()
        for rule in self.practice_rules:
            if rule.matches(category, attributes):
                if rule.action == "set":
                    ids = {rule.target} if rule.target else set()
                elif rule.target:
                    ids.add(rule.target)
        return frozenset(ids)

    @property
    def label_ids(self) -> frozenset[str]:
        """Every id a label can map to."""
        return frozenset(t.category for t in self.labels.values() if t.category)

    @property
    def practice_rule_ids(self) -> frozenset[str]:
        """Every id a practice can end up with (category ids plus rule targets)."""
        return self.label_ids | frozenset(r.target for r in self.practice_rules if r.target)


def load_label_map(path: Path, known_ids: Collection[str] | None = None) -> dict[str, LabelMapEntry]:
    """Read ``label_map.yaml``; a malformed file raises :class:`InputError` naming its line.

    With ``known_ids`` (the taxonomy ids the flagger knows), an id outside them is an error
    with a did-you-mean: a misspelt id would otherwise be scored as a category never flagged.
    """
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(source, 0, f"cannot read the label map: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(source, 0, "the label map is not UTF-8 text") from exc
    problems: list[Problem] = []
    try:
        raw = load_located(text, source, problems)
    except YamlLoadError as exc:
        raise InputError(source, exc.problem.line, exc.problem.message, hint=HINT) from exc
    if problems:
        raise InputError(source, problems[0].line, problems[0].message, hint=HINT)
    if not isinstance(raw, dict):
        raise InputError(source, line_of(raw, 1), "expected a mapping of data-set names", hint=HINT)
    reader = _Reader(source, known_ids)
    return {str(name): reader.entry(str(name), body, raw.line_of(name)) for name, body in raw.items()}


class _Reader:
    def __init__(self, source: str, known_ids: Collection[str] | None) -> None:
        self.source = source
        self.known = sorted(known_ids) if known_ids is not None else None

    def fail(self, line: int, problem: str) -> InputError:
        return InputError(self.source, line, problem, hint=HINT)

    def target(self, value: Any, line: int, where: str) -> str | None:
        """A taxonomy id or null, checked against the known ids."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(line, f"{where}: expected a taxonomy id or null, not {value!r}")
        if self.known is not None and value not in self.known:
            close = difflib.get_close_matches(value, self.known, n=1, cutoff=0.6)
            mean = f" (did you mean '{close[0]}'?)" if close else ""
            raise self.fail(line, f"{where}: unknown taxonomy id '{value}'{mean}")
        return str(value)

    def entry(self, name: str, body: Any, line: int) -> LabelMapEntry:
        if not isinstance(body, dict):
            raise self.fail(line, f"entry {name!r} must be a mapping")
        if "categories" in body:
            labels = self.labels(name, body["categories"], body.line_of("categories"))
            rules_raw = body.get("practice_rules") or []
            if not isinstance(rules_raw, list):
                raise self.fail(body.line_of("practice_rules"),
                                f"entry {name!r}: practice_rules must be a list")
            rules = tuple(
                self.rule(name, n, r, line_of(r, body.line_of("practice_rules")))
                for n, r in enumerate(rules_raw, 1)
            )
            return LabelMapEntry(labels, rules, has_practices=True)
        return LabelMapEntry(self.labels(name, body, line))

    def labels(self, name: str, body: Any, line: int) -> dict[str, LabelTarget]:
        if not isinstance(body, dict):
            raise self.fail(line_of(body, line), f"entry {name!r}: expected a mapping of labels")
        out: dict[str, LabelTarget] = {}
        for label, value in body.items():
            where = f"entry {name!r}, label {label!r}"
            label_line = body.line_of(label)
            if value is None or isinstance(value, str):
                out[str(label)] = LabelTarget(self.target(value, label_line, where))
            elif isinstance(value, dict) and "category" in value:
                category = self.target(value["category"], value.line_of("category"), where)
                out[str(label)] = LabelTarget(category, value.get("severity"))
            else:
                raise self.fail(label_line, f"{where}: expected an id, null or {{category, severity}}")
        return out

    def rule(self, name: str, n: int, body: Any, line: int) -> PracticeRule:
        where = f"entry {name!r}, practice rule #{n}"
        if not isinstance(body, dict) or not isinstance(body.get("when"), dict):
            raise self.fail(line, f"{where}: expected a mapping with 'when'")
        actions = [k for k in ("set", "add") if k in body]
        if len(actions) != 1:
            raise self.fail(line, f"{where}: needs exactly one of 'set' or 'add'")
        action = actions[0]
        target = self.target(body[action], body.line_of(action), where)
        return PracticeRule(_condition(body["when"]), _condition(body.get("unless") or {}), action, target)


def _condition(body: Mapping[str, Any]) -> Condition:
    return {str(k): frozenset(str(x) for x in (v if isinstance(v, list) else [v])) for k, v in body.items()}
