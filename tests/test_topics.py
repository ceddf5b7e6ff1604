"""The consent topics file: loaded with line numbers, every problem at once, no alias bombs."""

from __future__ import annotations

from pathlib import Path

import pytest

from terms.consent.clauses import topic_clauses
from terms.errors import TopicError
from terms.flagging.analysis import analyze
from terms.flagging.engine import flag_text
from terms.model import Flag, Severity
from terms.parsing import parse_file
from terms.rulepacks import default_pack
from terms.topics import load_topics

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def test_the_bundled_topics_load() -> None:
    topics = load_topics()
    assert len({t.id for t in topics}) == len(topics) > 0


def test_a_duplicate_key_is_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("topics:\n  - id: reading\n    id: posts\n    question: May clients read?\n"
                    "    categories: [data.client-access]\n", encoding="utf-8")
    with pytest.raises(TopicError) as caught:
        load_topics(path)
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert problems == [(3, "duplicate key 'id' (first at line 2)")]


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for n in range(1, 8):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ",".join([f"*{chr(96 + n)}"] * 10) + "]")
    path = tmp_path / "topics.yaml"
    path.write_text("\n".join(lines) + "\ntopics: *h\n", encoding="utf-8")
    with pytest.raises(TopicError, match="malformed YAML") as caught:
        load_topics(path)
    assert "alias" in caught.value.problems[0].message


def test_a_topic_may_follow_rules_instead_of_categories(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("topics:\n  - id: ai\n    question: May my posts train AI?\n"
                    "    rules: [license.ai-training]\n", encoding="utf-8")
    (topic,) = load_topics(path)
    licence = Flag("data.content-license", Severity.CONCERN, "1", ((0, 1),), "license.broad-grant", "x",
                   rules=("license.broad-grant", "license.ai-training"))
    other = Flag("data.content-license", Severity.CONCERN, "1", ((0, 1),), "license.broad-grant", "x",
                 rules=("license.broad-grant",))
    assert topic.categories == () and topic.covers(licence) and not topic.covers(other)


def test_a_topic_without_categories_or_rules_or_with_bad_lists_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "topics.yaml"
    path.write_text("topics:\n  - id: ai\n    question: May my posts train AI?\n"
                    "  - id: other\n    question: Other?\n    rules: license.ai-training\n", encoding="utf-8")
    with pytest.raises(TopicError) as caught:
        load_topics(path)
    assert [p.message for p in caught.value.problems] == [
        "topic #1: give the categories or the rules that bear on it",
        "topic #2: rules must be a list of ids"]


def test_the_bundled_topics_name_categories_and_rules_the_default_pack_has() -> None:
    pack = default_pack()
    rules = {r.id for r in pack.rules}
    for topic in load_topics():
        assert set(topic.categories) <= set(pack.categories), topic.id
        assert set(topic.rules) <= rules, topic.id


def test_ai_training_is_a_question_of_its_own_in_the_physician_samples_later_version() -> None:
    topics = load_topics()
    later = analyze(parse_file(SAMPLES / "physician-community-terms-2026-09.md"))
    chosen = topic_clauses(later.document, later.flags, topics)
    assert [r.clause_id for r in chosen["ai-training"]] == ["7.1", "7.7"]   # the definition of Clients, §7.7
    for tid in ("content-use", "research"):   # it still bears on the broader questions too
        assert "7.7" in [r.clause_id for r in chosen[tid]]
    first = analyze(parse_file(SAMPLES / "physician-community-terms.md"))
    assert "ai-training" not in topic_clauses(first.document, first.flags, topics)


def test_a_promise_not_to_train_bears_on_the_ai_training_question() -> None:
    (promise,) = [f for f in flag_text("We will never use your messages to train AI models.")
                  if "research.ai-training" in f.rules]
    (topic,) = [t for t in load_topics() if t.id == "ai-training"]
    assert promise.category == "rights.limited-use" and topic.covers(promise)
