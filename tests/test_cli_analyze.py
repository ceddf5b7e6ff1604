"""``clearterms analyze``: the outline in each format, and one clean line for every kind of bad input."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.pdf_fixtures import encrypt_pdf, make_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "parsing"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLEARTERMS_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO, capture_output=True, text=True, timeout=60, env=env,
    )


def test_text_outline() -> None:
    result = run_cli("analyze", str(FIXTURES / "community.md"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("MedCircle Terms of Use · service: MedCircle · terms · markdown")
    assert "§ 1. Your Content  [1]" in result.stdout
    assert "      1. This includes use in products we sell.  [1.2.1]" in lines


def test_json_outline_to_file(tmp_path: Path) -> None:
    out = tmp_path / "outline.json"
    result = run_cli("analyze", str(FIXTURES / "policy.html"), "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "clearterms.outline/1"
    assert data["document"]["format"] == "html"
    assert data["document"]["effective_date"] == "2026-01-06"
    first = data["clauses"][0]
    assert set(first) == {"id", "kind", "number", "heading", "heading_path", "parent_id", "depth", "start",
                          "end", "fingerprint", "text"}


def test_markdown_outline_escapes_document_text() -> None:
    result = run_cli("analyze", str(FIXTURES / "community.md"), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# MedCircle Terms of Use\n")
    assert "- **1\\. Your Content** `1`" not in result.stdout  # numbers are not escaped needlessly
    assert "- **1. Your Content** `1`" in result.stdout


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path

    return make


def _directory(tmp: Path) -> Path:
    (tmp / "folder.md").mkdir()
    return tmp / "folder.md"


def _huge(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size is real, nothing needs writing
    return path


_random = random.Random(7)
BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda tmp: tmp / "nope.md", "no such file"),
    "directory": (_directory, "is a directory"),
    "empty": (_write("empty.md", b""), "is empty"),
    "blank": (_write("blank.txt", b" \n\n\t \n"), "is empty"),
    "binary": (_write("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(_random.randrange(256) for _ in range(2000))),
               "PNG image"),
    "random-bytes": (_write("noise.txt", bytes(_random.randrange(256) for _ in range(4000))), "binary"),
    "undecodable": (_write("latin.txt", bytes(_random.randrange(0x80, 0x100) for _ in range(4000))),
                    "encoding cannot be recognised"),
    "huge": (_huge, "is 50.0 MB; the limit is 20 MB"),
    "scanned-pdf": (_write("scan.pdf", make_pdf([[], []])), "has no text layer (scanned?); run OCR first"),
    "encrypted-pdf": (_write("locked.pdf", encrypt_pdf(make_pdf([["Secret terms of service."]]))),
                      "is an encrypted PDF"),
    "broken-pdf": (_write("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF"), "PDF"),
    "scripts-only-html": (_write("scripts.html", b"<html><head><script>var a = 1;</script></head><body>"
                                                 b"<script>track()</script><style>p{}</style></body></html>"),
                          "has no readable text (only scripts, styles or markup)"),
    "nested-markdown-list": (_write("deep.md", b"- " * 10_000 + b"x\n"),
                             "lists nested more than 64 levels deep"),
    "nested-html-list": (_write("deep.html", b"<html><body>" + b"<ul><li>" * 10_000 + b"x</body></html>"),
                         "lists nested more than 64 levels deep"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_and_status_2(case: str, tmp_path: Path) -> None:
    make, expected = BAD_INPUTS[case]
    path = make(tmp_path)
    result = run_cli("analyze", str(path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert expected in lines[0]
    assert result.stdout == ""
