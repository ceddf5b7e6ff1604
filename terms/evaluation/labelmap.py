"""The shared ``label_map.yaml``: data-set labels to taxonomy ids, applied exactly as its header says.

Three shapes of entry occur, and the shape decides how an item's labels become gold ids:

* a plain mapping ``label: id-or-null`` (CLAUDETTE);
* a mapping ``label: {category: id-or-null, severity: ...}`` (ToS;DR cases);
* ``{categories: {...}, practice_rules: [...]}`` (OPP-115): the category map, and ordered rules
  over each annotated practice's attributes (:func:`practice_ids`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from terms.errors import InputError

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


def load_label_map(path: Path) -> dict[str, LabelMapEntry]:
    """Read ``label_map.yaml``; a malformed file raises :class:`InputError` naming it."""
    source = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(source, 0, f"cannot read the label map: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(source, mark.line + 1 if mark else 0, "malformed YAML") from exc
    if not isinstance(raw, dict):
        raise InputError(source, 1, "expected a mapping of data-set names")
    return {str(name): _entry(source, str(name), body) for name, body in raw.items()}


def _entry(source: str, name: str, body: Any) -> LabelMapEntry:
    if not isinstance(body, dict):
        raise InputError(source, 0, f"entry {name!r} must be a mapping")
    if "categories" in body:
        labels = _labels(source, name, body["categories"])
        rules = tuple(_rule(source, name, n, r) for n, r in enumerate(body.get("practice_rules") or [], 1))
        return LabelMapEntry(labels, rules, has_practices=True)
    return LabelMapEntry(_labels(source, name, body))


def _labels(source: str, name: str, body: Any) -> dict[str, LabelTarget]:
    if not isinstance(body, dict):
        raise InputError(source, 0, f"entry {name!r}: expected a mapping of labels")
    out: dict[str, LabelTarget] = {}
    for label, value in body.items():
        if value is None or isinstance(value, str):
            out[str(label)] = LabelTarget(value)
        elif isinstance(value, dict) and "category" in value:
            out[str(label)] = LabelTarget(value["category"], value.get("severity"))
        else:
            raise InputError(source, 0, f"entry {name!r}, label {label!r}: expected an id, null or "
                                        "{category, severity}")
    return out


def _rule(source: str, name: str, n: int, body: Any) -> PracticeRule:
    where = f"entry {name!r}, practice rule #{n}"
    if not isinstance(body, dict) or not isinstance(body.get("when"), dict):
        raise InputError(source, 0, f"{where}: expected a mapping with 'when'")
    actions = [k for k in ("set", "add") if k in body]
    if len(actions) != 1:
        raise InputError(source, 0, f"{where}: needs exactly one of 'set' or 'add'")
    return PracticeRule(_condition(body["when"]), _condition(body.get("unless") or {}),
                        actions[0], body[actions[0]])


def _condition(body: Mapping[str, Any]) -> Condition:
    return {str(k): frozenset(str(x) for x in (v if isinstance(v, list) else [v])) for k, v in body.items()}
