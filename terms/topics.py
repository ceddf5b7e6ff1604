"""Consent topics: the per-topic questions members answer (``resources/consent/topics.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from terms.errors import Problem, TopicError
from terms.model import Flag
from terms.resources import resource_path
from terms.rulepacks.yamlnodes import YamlLoadError, load_located
from terms.wording import count

_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_TOPIC_KEYS = {"id", "question", "short", "help", "categories", "rules"}


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    question: str
    short: str
    help: str
    categories: tuple[str, ...]
    #: rules whose flags bear on it whatever their category ("AI training" is found by a rule
    #: among content licences and one among research uses)
    rules: tuple[str, ...] = ()

    def covers(self, flag: Flag) -> bool:
        """Whether ``flag`` bears on this topic: its category is one of the topic's, or one of the
        topic's rules found it."""
        return flag.category in self.categories or any(rule in self.rules for rule in flag.rules)


def default_topics_path() -> Path:
    return resource_path("consent", "topics.yaml")


def load_topics(path: Path | None = None) -> tuple[Topic, ...]:
    """Load and validate a topics file; every problem is reported at once."""
    path = path or default_topics_path()
    source = str(path)
    problems: list[Problem] = []
    try:
        # the rule packs' loader: it names lines, reports duplicate keys and refuses alias bombs
        raw = load_located(path.read_text(encoding="utf-8"), source, problems)
    except OSError as exc:
        raise TopicError(f"{source}: cannot read topics file", [Problem(source, 0, str(exc))]) from exc
    except YamlLoadError as exc:
        raise TopicError(f"{source}: malformed YAML", [exc.problem]) from exc
    entries = raw.get("topics") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise TopicError(f"{source}: invalid topics file",
                         [Problem(source, 1, "expected a mapping with a 'topics' list")])
    topics: list[Topic] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"topic #{n}"
        if not isinstance(entry, dict):
            problems.append(Problem(source, 0, f"{where}: expected a mapping"))
            continue
        unknown = set(entry) - _TOPIC_KEYS
        missing = {"id", "question"} - set(entry)
        for key in sorted(unknown):
            problems.append(Problem(source, 0, f"{where}: unknown key {key!r}"))
        for key in sorted(missing):
            problems.append(Problem(source, 0, f"{where}: missing key {key!r}"))
        tid = str(entry.get("id", ""))
        if tid and not _ID.match(tid):
            problems.append(Problem(source, 0, f"{where}: id {tid!r} must be lower-case-with-dashes"))
        if tid in seen:
            problems.append(Problem(source, 0, f"{where}: duplicate id {tid!r}"))
        seen.add(tid)
        cats = _ids(entry, "categories", where, source, problems)
        rules = _ids(entry, "rules", where, source, problems)
        if "categories" not in entry and "rules" not in entry:
            problems.append(Problem(source, 0, f"{where}: give the categories or the rules that bear on it"))
            continue
        if unknown or missing:
            continue
        question = str(entry["question"])
        topics.append(Topic(tid, question, str(entry.get("short") or question),
                            str(entry.get("help") or ""), cats, rules))
    if problems:
        raise TopicError(f"{source}: {count(len(problems), 'problem')} in topics file", problems)
    return tuple(topics)


def _ids(entry: dict, key: str, where: str, source: str, problems: list[Problem]) -> tuple[str, ...]:
    ids = entry.get(key) or []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        problems.append(Problem(source, 0, f"{where}: {key} must be a list of ids"))
        return ()
    return tuple(ids)


def topics_for_flag(flag: Flag, topics: Iterable[Topic]) -> tuple[Topic, ...]:
    """The topics a flag bears on."""
    return tuple(t for t in topics if t.covers(flag))
