"""The consent topics file: loaded with line numbers, every problem at once, no alias bombs."""

from __future__ import annotations

from pathlib import Path

import pytest

from terms.errors import TopicError
from terms.topics import load_topics


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
