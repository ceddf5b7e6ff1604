"""Invariants of the comparison on the real Open Terms Archive version series."""

from __future__ import annotations

import difflib
import itertools
import json
from functools import cache
from pathlib import Path

import pytest

from terms.compare import EntryKind, compare, unaccounted
from terms.compare.clausetext import clause_texts
from terms.model import Document
from terms.parsing import parse_file

pytestmark = pytest.mark.corpus

# A handful of complete series (every OTA version kept), compared version by version.
CONSECUTIVE = ("linkedin/terms-of-service", "whatsapp/terms-of-service", "discord/terms-of-service",
               "amazon-com/terms-of-service", "snapchat/terms-of-service")


@cache
def _parsed(path: Path) -> Document | None:
    try:
        return parse_file(path)
    except Exception:  # an unreadable version (e.g. an empty capture) is not the comparer's business
        return None


def _series(ota_versions: Path) -> dict[str, list[tuple[Path, dict]]]:
    series = {}
    for manifest in sorted(ota_versions.glob("*/*/versions.json")):
        versions = json.loads(manifest.read_text(encoding="utf-8"))["versions"]
        name = str(manifest.parent.relative_to(ota_versions))
        series[name] = [(manifest.parent / v["file"], v) for v in versions]
    return series


def _pairs(ota_versions: Path, names=None, *, kind: str | None = None):
    for name, versions in _series(ota_versions).items():
        if names is not None and name not in names:
            continue
        for (old_path, _), (new_path, info) in itertools.pairwise(versions):
            if kind is None or info["type"] == kind:
                yield name, old_path, new_path


def _check_sound(old: Document, new: Document) -> None:
    comparison = compare(old, new)
    assert unaccounted(comparison) == [], (old.source, new.source)
    old, new = comparison.old, comparison.new  # swapped when ``old`` has the later effective date
    for entry in comparison.entries:
        if entry.diff is None:
            continue
        for span in entry.diff.deleted:
            assert 0 <= span.start < span.end <= len(old.clause(span.clause_id).text)
        for span in entry.diff.inserted:
            assert 0 <= span.start < span.end <= len(new.clause(span.clause_id).text)
    assert 0.0 <= comparison.counts.share_changed <= 1.0


def test_consecutive_versions_account_for_every_clause(ota_versions: Path) -> None:
    checked = 0
    for _, old_path, new_path in _pairs(ota_versions, CONSECUTIVE):
        old, new = _parsed(old_path), _parsed(new_path)
        if old and new:
            _check_sound(old, new)
            checked += 1
    assert checked >= 60


def test_first_against_last_of_every_series(ota_versions: Path) -> None:
    series = _series(ota_versions)
    assert len(series) == 31
    for versions in series.values():
        readable = [d for d in (_parsed(p) for p, _ in versions) if d is not None]
        _check_sound(readable[0], readable[-1])
        _check_sound(readable[-1], readable[0])


def _words(document: Document) -> str:
    """The words of each clause, clause by clause: a bold line "**Your Rights** **Data Subject …**"
    set as two headings in the next version has the same words in other clauses (a heading split
    in two is reported as a change; see docs/compare.md)."""
    return " | ".join(ct.key for ct in clause_texts(document) if ct.key)


def test_formatting_only_commits_report_no_substantive_change(ota_versions: Path) -> None:
    """A refilter commit may also gain or lose boilerplate (see the data README), so the claim is
    judged on the words: where both versions have the same words in the same clauses' order, the
    comparison must report nothing substantive; where it reports nothing, the words must agree."""
    same_words = 0
    for _, old_path, new_path in _pairs(ota_versions, kind="technical_or_refilter"):
        old, new = _parsed(old_path), _parsed(new_path)
        if not (old and new):
            continue
        comparison = compare(old, new)
        if _words(old) == _words(new):
            same_words += 1
            assert not comparison.substantive, new.source
            assert comparison.counts.changed_chars == 0
        if not comparison.substantive:
            assert _words(old) == _words(new), new.source
    assert same_words >= 20


def _changed_source_lines(old_path: Path, new_path: Path) -> int:
    a = old_path.read_text(encoding="utf-8", errors="replace").splitlines()
    b = new_path.read_text(encoding="utf-8", errors="replace").splitlines()
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")


def test_tiny_source_diffs_give_tiny_reports(ota_versions: Path) -> None:
    checked = 0
    for _, old_path, new_path in _pairs(ota_versions):
        lines = _changed_source_lines(old_path, new_path)
        if lines > 3:
            continue
        old, new = _parsed(old_path), _parsed(new_path)
        if not (old and new):
            continue
        comparison = compare(old, new)
        substantive = [e for e in comparison.entries if e.kind.substantive]
        # One changed source line touches one block; a block may become two clauses (a split).
        assert len(substantive) <= 2 * lines, (new.source, [(e.kind, e.new_ids) for e in substantive])
        assert not [e for e in substantive if e.kind is EntryKind.MOVED], new.source
        checked += 1
    assert checked >= 100
