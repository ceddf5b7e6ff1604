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


SAMPLE = REPO / "resources" / "samples" / "physician-community-terms.md"


def test_text_outline_only() -> None:
    result = run_cli("analyze", str(FIXTURES / "community.md"), "--outline-only")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("MedCircle Terms of Use · service: MedCircle · terms · markdown")
    assert "§ 1. Your Content  [1]" in result.stdout
    assert "      1. This includes use in products we sell.  [1.2.1]" in lines
    assert "Top concerns" not in result.stdout


def test_text_report_has_summary_outline_and_flags() -> None:
    result = run_cli("analyze", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Caducea Network — Terms of Membership\n")
    summary, outline = out.index("Top concerns"), out.index("\nOutline\n")
    flags = out.index("Flags in document order")
    assert summary < outline < flags
    assert "1. [concern] Paying clients can read what members write (§7.2" in out
    assert "§ 7. Clients and Insights  [7]" in out[outline:flags]
    assert "§7.3  CONCERN  Your data, or access to it, is sold [data.sale]" in out[flags:]


def test_a_word_two_terms_matched_is_quoted_once_and_one_point_is_singular(tmp_path: Path) -> None:
    sale = tmp_path / "sale.md"
    sale.write_text("# Terms\n\n1. We sell your data.\n", encoding="utf-8")
    result = run_cli("analyze", str(sale))
    assert "Why flagged: rule sale.sell-data matched “sell” … “your data”\n" in result.stdout
    sharing = tmp_path / "share.md"
    sharing.write_text("# Terms\n\n1. We may share your data with partners.\n", encoding="utf-8")
    assert "Grade A (1 point). How:" in run_cli("analyze", str(sharing)).stdout


def test_json_report_adds_summary_and_flags_to_the_outline() -> None:
    result = run_cli("analyze", str(SAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["schema", "document", "clauses", "rule_pack", "summary", "flags"]
    assert data["document"]["clause_count"] == len(data["clauses"])
    assert data["summary"]["top_concerns"][0]["category"] == "data.client-access"
    assert data["rule_pack"]["id"] == "clearterms-default"
    clauses = {c["id"]: c for c in data["clauses"]}
    assert data["flags"]
    text = SAMPLE.read_text(encoding="utf-8")
    for flag in data["flags"]:
        clause = clauses[flag["clause_id"]]
        for (start, end), quote in zip(flag["evidence"], flag["quotes"], strict=True):
            assert clause["start"] <= start < end <= clause["end"]
            assert quote.split()[0] in text
    sale = [f for f in data["flags"] if f["category"] == "data.sale"]
    # §7.3 sells access; §7.4 and §7.5 hand insight and member information to the "Clients" §7.1
    # defines as paying organisations
    assert [f["clause_id"] for f in sale] == ["7.3", "7.4", "7.5"]
    assert all(f["rule"] == "definition:clients" for f in sale[1:])


@pytest.mark.parametrize("path", [SAMPLE, FIXTURES / "policy.html"], ids=lambda p: p.name)
def test_json_offsets_slice_the_document_text_it_carries(path: Path) -> None:
    """docs/json-format.md: offsets index ``document.text`` (the extracted text, not the file)."""
    result = run_cli("analyze", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    text = data["document"]["text"]
    assert len(text) == data["document"]["characters"]
    assert text != path.read_text(encoding="utf-8")  # Markdown/HTML syntax is gone: file offsets differ
    for clause in data["clauses"]:
        assert text[clause["start"]:clause["end"]] == clause["text"]
    assert data["flags"]
    for flag in data["flags"]:
        assert [text[a:b] for a, b in flag["evidence"]] == flag["quotes"]
    outline = json.loads(run_cli("analyze", str(path), "--format", "json", "--outline-only").stdout)
    assert outline["document"] == data["document"]


def test_markdown_report_has_one_title_and_the_outline(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run_cli("analyze", str(SAMPLE), "--format", "markdown", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("# ")] == [
        "# Caducea Network — Terms of Membership"
    ]
    assert text.index("## Top concerns") < text.index("## Outline") < text.index("## Flags in document order")
    assert "  - **7. Clients and Insights** `7`" in text


def test_json_outline_to_file(tmp_path: Path) -> None:
    out = tmp_path / "outline.json"
    result = run_cli("analyze", str(FIXTURES / "policy.html"), "--format", "json", "--outline-only",
                     "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["schema", "document", "clauses"]
    assert data["schema"] == "clearterms.outline/1"
    assert data["document"]["format"] == "html"
    assert data["document"]["effective_date"] == "2026-01-06"
    first = data["clauses"][0]
    assert set(first) == {"id", "kind", "number", "heading", "heading_path", "parent_id", "depth", "start",
                          "end", "fingerprint", "text"}


def test_markdown_outline_escapes_document_text() -> None:
    result = run_cli("analyze", str(FIXTURES / "community.md"), "--format", "markdown", "--outline-only")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# MedCircle Terms of Use\n")
    assert "- **1\\. Your Content** `1`" not in result.stdout  # numbers are not escaped needlessly
    assert "- **1. Your Content** `1`" in result.stdout


def test_markdown_title_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text("<html><head><title>Terms <b>*now*</b> &lt;script&gt;</title></head>"
                    "<body><p>We may sell your data.</p></body></html>", encoding="utf-8")
    result = run_cli("analyze", str(path), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "<script>" not in result.stdout
    assert "\\<script\\>" in result.stdout


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
    "blank": (_write("blank.txt", b" \n\n\t \n"), "has only spaces and line breaks (6 bytes)"),
    "binary": (_write("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(_random.randrange(256) for _ in range(2000))),
               "PNG image"),
    "random-bytes": (_write("noise.txt", bytes(_random.randrange(256) for _ in range(4000))), "binary"),
    "undecodable": (_write("latin.txt", bytes(_random.randrange(0x80, 0x100) for _ in range(4000))),
                    "encoding cannot be recognised"),
    "huge": (_huge, "is 50.0 MB; the limit is 20 MB"),
    "nul-bytes": (_write("zeros.txt", b"\x00" * 200), "is a binary file (it contains NUL bytes)"),
    "scanned-pdf": (_write("scan.pdf", make_pdf([[], []])), "has no text layer (scanned?)"),
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
def test_bad_input_gives_one_message_line_a_hint_and_status_2(case: str, tmp_path: Path) -> None:
    make, expected = BAD_INPUTS[case]
    path = make(tmp_path)
    result = run_cli("analyze", str(path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.rstrip().splitlines()
    # One line saying what is wrong, then the error's hint (what to do next), indented.
    assert len(lines) == 2 and lines[1].startswith("  ") and lines[1].strip(), result.stderr
    assert str(path) in lines[0]
    assert expected in lines[0]
    assert result.stdout == ""


def test_a_document_not_in_english_gets_a_note(tmp_path: Path) -> None:
    path = tmp_path / "conditions.md"
    sentence = ("Nous pouvons partager vos données avec nos partenaires publicitaires lorsque vous "
                "utilisez le service et ses fonctionnalités. ")
    path.write_text("# Conditions d'utilisation\n\n" + sentence * 10, encoding="utf-8")
    result = run_cli("analyze", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"clearterms: note: {path} does not look like English; the rules read English "
                             "only, so few flags and a good grade mean little here\n")
    english = run_cli("analyze", str(SAMPLE))
    assert english.stderr == ""


def test_a_legacy_encoding_is_read_as_western_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("We sell your data to advertisers. Café crème ÿþ policy.\n".encode("latin-1"))
    result = run_cli("analyze", str(path), "--outline-only")
    assert result.returncode == 0, result.stderr
    assert "Café crème ÿþ" in result.stdout
    assert result.stderr == (f"clearterms: note: {path} is not UTF-8; read it as Windows-1252 (Western "
                             "European), a guess: if letters look wrong, save it again as UTF-8\n")


@pytest.mark.parametrize("value", ["-1", "0", "nan", "ten", "inf", "1e20", "1e308"])
def test_max_mb_must_be_a_positive_number(value: str) -> None:
    result = run_cli("analyze", str(SAMPLE), "--max-mb", value)
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith("clearterms analyze: --max-mb: ")
    assert result.stderr.splitlines()[1] == "  Run 'clearterms analyze --help' to see every option."
    assert "the limit is" not in result.stderr


def test_rules_option_uses_the_given_pack() -> None:
    pack = REPO / "tests" / "fixtures" / "rules" / "minimal.yaml"
    result = run_cli("analyze", str(SAMPLE), "--rules", str(pack), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rule_pack"]["id"] == "minimal"
    missing = run_cli("analyze", str(SAMPLE), "--rules", str(REPO / "nope.yaml"))
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr and "Traceback" not in missing.stderr


def test_out_dash_writes_to_standard_output() -> None:
    result = run_cli("analyze", str(FIXTURES / "policy.html"), "--format", "json", "--outline-only",
                     "--out", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "clearterms.outline/1"
    assert not (REPO / "-").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("analyze", "-"), "clearterms: <stdin>: cannot be read: standard input is closed"),
    (("flag", "--jsonl", "-"), "clearterms: <stdin>: cannot read: standard input is closed"),
])
def test_reading_standard_input_when_it_is_closed_says_so(args: tuple[str, ...], message: str) -> None:
    """`clearterms analyze - <&-`: Python starts without sys.stdin; reading it was an internal error."""
    done = subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2 and "internal error" not in done.stderr
    assert done.stderr.splitlines()[0] == message


def test_a_tiny_max_mb_is_a_tiny_limit_in_plain_sizes() -> None:
    """"--max-mb 1e-9" rounded to no limit and fell back to 20 MB."""
    result = run_cli("analyze", str(SAMPLE), "--max-mb", "1e-9")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].endswith(" KB; the limit is 1 byte")
