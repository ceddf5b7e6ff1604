"""Golden outlines: each small input under tests/fixtures/parsing has its expected outline beside it.

The expected files were written from reviewed parser output. After an intended change, rerun with
``CLEARTERMS_UPDATE_GOLDEN=1``, review the diff of the ``.outline.json`` files and commit them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from terms.model import Document
from terms.outline import outline_to_dict
from terms.parsing import parse_bytes, parse_file
from tests.pdf_fixtures import make_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "parsing"
INPUTS = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".md", ".txt", ".html"})

PDF_PAGES = [
    ["ACME TERMS OF SERVICE", "1. Your Account", "You must keep your pass-", "word secret. We may close",
     "accounts at any time.", "(a) for abuse;", "(b) for fraud.", "Page 1 of 3"],
    ["ACME TERMS OF SERVICE", "2. Your Content", "You grant us a licence to use",
     "your posts for any purpose.", "Page 2 of 3"],
    ["ACME TERMS OF SERVICE", "3. Privacy", "We sell data to partners.", "Never share your password.",
     "Page 3 of 3"],
]


def _portable(document: Document) -> dict[str, Any]:
    """The outline without machine-specific fields (the source path), and without the document's
    text once every clause is checked to be its slice (the clauses carry the text already)."""
    data = outline_to_dict(document)
    data["document"]["source"] = Path(data["document"]["source"]).name if data["document"]["source"] else None
    text = data["document"].pop("text")
    assert text == document.text
    assert all(text[c["start"]:c["end"]] == c["text"] for c in data["clauses"])
    return data


def _compare(document: Document, expected_path: Path) -> None:
    actual = _portable(document)
    if os.environ.get("CLEARTERMS_UPDATE_GOLDEN"):
        expected_path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual["document"] == expected["document"]
    assert [c["id"] for c in actual["clauses"]] == [c["id"] for c in expected["clauses"]]
    assert actual == expected


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_golden_outline(path: Path) -> None:
    _compare(parse_file(path), path.with_name(path.name + ".outline.json"))


def test_golden_pdf_outline() -> None:
    data = make_pdf(PDF_PAGES, title="Acme Terms of Service")
    _compare(parse_bytes(data, source="terms.pdf"), FIXTURES / "terms.pdf.outline.json")


def test_every_format_has_a_golden_fixture() -> None:
    assert {p.suffix for p in INPUTS} == {".md", ".txt", ".html"}
    assert (FIXTURES / "terms.pdf.outline.json").exists()
