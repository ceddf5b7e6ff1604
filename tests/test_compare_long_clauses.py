"""A wall of text (a PDF or plain-text page without paragraph breaks) compared with another: the
word diff of one clause of 150,000 words needed 7 GB, growing with the square of its length. Past
``MAX_CELLS`` it is diffed sentence by sentence, then word by word within the sentences that differ."""

from __future__ import annotations

import random

import pytest

from terms.compare import compare, worddiff
from terms.parsing import parse_text

WORDS = ("we", "share", "your", "data", "with", "partners", "for", "marketing", "unless", "you", "opt", "out",
         "at", "any", "time", "and", "keep", "records", "thirty", "days", "before", "deleting", "them")


def _wall(seed: int, sentences: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."
            for _ in range(sentences)]


def _changed_words(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    old_doc = parse_text("# Wall\n\n" + " ".join(old) + "\n", source="old.md")
    new_doc = parse_text("# Wall\n\n" + " ".join(new) + "\n", source="new.md")
    (entry,) = [e for e in compare(old_doc, new_doc).entries if e.diff is not None]

    def words(document, spans):
        return [w for s in spans for w in document.clause(s.clause_id).text[s.start:s.end].split()]

    return words(old_doc, entry.diff.deleted), words(new_doc, entry.diff.inserted)


def test_a_long_wall_of_text_is_diffed_sentence_by_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    old = _wall(1, 300)
    new = list(old)
    new[40] = "We sell your data to brokers."
    new[200] = new[200].replace(".", " and to anyone else.")
    del new[120]
    monkeypatch.setattr(worddiff, "MAX_CELLS", 1_000)   # as a 150,000-word wall would be
    deleted, inserted = _changed_words(old, new)
    # only the sentences that changed are marked, and all that was added is
    assert set(deleted) <= {w for i in (40, 120, 200) for w in old[i].split()}
    assert {"brokers.", "else."} <= set(inserted)
    assert set(inserted) <= {w for i in (40, 199) for w in new[i].split()}
    # within a changed sentence, only its changed words: "and to anyone else." and the new 40th
    assert len(inserted) <= len(new[40].split()) + 6
    assert set(old[120].split()) <= set(deleted) | set(new[119].split()) | set(new[120].split())


def test_one_huge_changed_sentence_is_marked_whole_rather_than_diffed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    old = [" ".join(_wall(2, 60)).replace(".", ",")]   # one sentence of some 800 words
    new = [old[0].replace("records", "all records")]
    monkeypatch.setattr(worddiff, "MAX_CELLS", 1_000)
    deleted, inserted = _changed_words(old, new)
    assert len(deleted) == len(old[0].split()) and len(inserted) == len(new[0].split())
