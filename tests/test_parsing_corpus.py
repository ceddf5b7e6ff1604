"""The real corpus: all 721 Open Terms Archive versions under ../shared/data/ota_versions, read in place.

Every version parses (the one zero-byte version is refused as empty, which is the documented
behaviour); offsets and ids keep their promises; and the outline is plausible: a structured
document over 5 KB yields more than 5 clauses and no clause holds more than 40 % of its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from terms.errors import EmptyDocument
from terms.parsing import parse_file

pytestmark = pytest.mark.corpus

MAX_CLAUSE_SHARE = 0.40


def _structured(source: bytes) -> bool:
    """The source has line structure (paragraphs), not one wall of text."""
    return source.count(b"\n\n") >= 5


def test_every_corpus_version_parses(ota_versions: Path) -> None:
    files = sorted(ota_versions.glob("*/*/*.md"))
    assert len(files) == 721
    problems: list[str] = []
    for path in files:
        source = path.read_bytes()
        if not source.strip():
            with pytest.raises(EmptyDocument):
                parse_file(path)
            continue
        document = parse_file(path)
        ids = [c.id for c in document.clauses]
        if len(ids) != len(set(ids)):
            problems.append(f"{path}: duplicate ids")
        for clause in document.clauses:
            if document.text[clause.start:clause.end] != clause.text:
                problems.append(f"{path}: offsets of {clause.id} do not match its text")
                break
        if len(document.text) > 5_000 and _structured(source):
            if len(document.clauses) <= 5:
                problems.append(f"{path}: only {len(document.clauses)} clauses")
            biggest = max(document.clauses, key=lambda c: c.end - c.start)
            share = (biggest.end - biggest.start) / len(document.text)
            if share > MAX_CLAUSE_SHARE:
                problems.append(f"{path}: clause {biggest.id} holds {share:.0%} of the text")
    assert not problems, "\n".join(problems[:20])


# Latest versions whose title or service was once wrong: a sentence, "Contents", "Introduction", a
# region label, or the folder's lower-case slug.
LATEST_METADATA = {
    "aetna/privacy-policy": ("Aetna Privacy Policy", "Aetna"),
    "amazon-com/terms-of-service": ("Amazon.com Conditions of Use", "Amazon.com"),
    "google/privacy-policy": ("Google Privacy Policy", "Google"),
    "snapchat/privacy-policy": ("Snapchat Privacy Policy", "Snapchat"),
    "tiktok/privacy-policy": ("TikTok Privacy Policy", "TikTok"),
    "tiktok/terms-of-service": ("TikTok Terms of Service", "TikTok"),
    "twitter/terms-of-service": ("X's Terms of Service", "X"),
    "youtube/terms-of-service": ("YouTube Terms of Service", "YouTube"),
}


def test_corpus_metadata_is_found(ota_versions: Path) -> None:
    """Titles and kinds for every document; a stated date for most (some versions state none)."""
    folders = [folder for folder in sorted(ota_versions.glob("*/*")) if folder.is_dir()]
    latest = [sorted(folder.glob("*.md"))[-1] for folder in folders]
    assert len(latest) == 31
    dated = 0
    for path in latest:
        document = parse_file(path)
        assert document.title, path
        # Web captures open with tables of contents, banners and section headings; none is a title,
        # and the folder's lower-case slug is never shown as the service.
        assert document.title.lower() not in {"contents", "introduction", "table of contents"}, path
        assert not document.title.endswith((":", ".")), (path, document.title)
        assert document.service and not document.service.islower(), (path, document.service)
        expected = LATEST_METADATA.get(f"{path.parent.parent.name}/{path.parent.name}")
        if expected:
            assert (document.title, document.service) == expected, path
        expected_kind = "privacy" if path.parent.name == "privacy-policy" else "terms"
        assert document.kind == expected_kind, (path, document.title)
        dated += document.effective_date is not None
    assert dated >= 20
