"""Consent topics: the per-topic questions members answer (``resources/consent/topics.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from terms.errors import Problem, TopicError
from terms.resources import resource_path
from terms.rulepacks.yamlnodes import YamlLoadError, load_located
from terms.wording import count

_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_TOPIC_KEYS = {"id", "question", "short", "help", "categories"}


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    question: str
    short: str
    help: str
    categories: tuple[str, ...]


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
        missing = {"id", "question", "categories"} - set(entry)
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
        cats = entry.get("categories") or []
        if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
            problems.append(Problem(source, 0, f"{where}: categories must be a list of ids"))
            cats = []
        if unknown or missing:
            continue
        question = str(entry["question"])
        topics.append(Topic(tid, question, str(entry.get("short") or question),
                            str(entry.get("help") or ""), tuple(cats)))
    if problems:
        raise TopicError(f"{source}: {count(len(problems), 'problem')} in topics file", problems)
    return tuple(topics)


def topics_for_category(category: str, topics: Iterable[Topic]) -> tuple[Topic, ...]:
    """The topics a taxonomy category bears on."""
    return tuple(t for t in topics if category in t.categories)
