"""`clearterms flag --jsonl`: the EVALUATION.md contract and its bad-input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import run_cli

MINIMAL = Path(__file__).parent / "fixtures" / "rules" / "minimal.yaml"


def run_flag(tmp_path: Path, content: bytes, *extra: str) -> tuple[int, Path]:
    source = tmp_path / "in.jsonl"
    source.write_bytes(content)
    out = tmp_path / "out.jsonl"
    code = run_cli(["flag", "--jsonl", str(source), "--out", str(out), "--rules", str(MINIMAL), *extra])
    return code, out


def test_contract_output_same_order_same_ids(tmp_path):
    lines = [
        {"id": "b", "text": "We do not sell your data.", "extra": 1},
        {"id": "a", "text": "We may sell your personal information to sponsors."},
        {"id": "c", "text": "Nothing to see here."},
    ]
    content = "".join(json.dumps(x) + "\n" for x in lines).encode()
    code, out = run_flag(tmp_path, content)
    assert code == 0
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["b", "a", "c"]
    assert [f["category"] for f in results[0]["flags"]] == ["rights.no-sale"]
    assert results[2] == {"id": "c", "flags": []}
    [flag] = results[1]["flags"]
    assert set(flag) == {"category", "severity", "rule", "evidence", "explanation"}
    assert (
        flag["category"] == "data.sale"
        and flag["severity"] == "concern"
        and flag["rule"] == "sale.sell-data"
    )
    text = lines[1]["text"]
    assert [text[a:b] for a, b in flag["evidence"]] == ["sell", "personal information"]
    assert flag["explanation"].startswith("The company may sell personal information to sponsors")


def test_stdout_when_no_out(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "x", "text": "No client can see your posts."}\n', encoding="utf-8")
    assert run_cli(["flag", "--jsonl", str(source), "--rules", str(MINIMAL)]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": "x", "flags": []}


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', 2, "not JSON"),
        (b'{"id": "a"}\n', 1, "missing 'text'"),
        (b'{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y"}\n', 2, "blank line"),
        (b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n\n', 3, "blank line"),
        (b'{"id": "a", "text": "x", "id": "b"}\n', 1, 'key "id" appears twice'),
        (b'{"id": "a", "text": "x"}\n{"id": "\\ud800", "text": "y"}\n', 2, "'id' holds an unpaired"),
        (b'{"id": "a", "text": "x \\udc00 y"}\n', 1, "'text' holds an unpaired surrogate"),
        (b'{"text": "x"}\n', 1, "missing 'id'"),
        (b'{"id": 7, "text": "x"}\n', 1, "'id' must be a string, not a number"),
        (b'{"id": "a", "text": null}\n', 1, "'text' must be a string, not null"),
        (b'["id", "text"]\n', 1, "expected a JSON object, got an array"),
        (b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n', 2, "not UTF-8"),
        (b"  \n", 1, "blank line"),
        (b"[" * 100_000 + b"\n", 1, "nested too deeply"),
        (b'{"id": "a", "text": "x", "n": ' + b"9" * 5000 + b"}\n", 1, "a number too long to read"),
    ],
)
def test_bad_input_names_the_line_and_exits_2(tmp_path, capsys, content, line, problem):
    code, out = run_flag(tmp_path, content)
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()[0]
    assert err.startswith(f"clearterms: {tmp_path / 'in.jsonl'}:{line}: ")
    assert problem in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob(".out.jsonl.*"))


def test_a_bad_line_stops_the_run_before_any_output_with_a_hint(tmp_path, capsys):
    """Line 1 is fine, line 2 is not: nothing reaches stdout; the message has a hint line."""
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": "a", "text": "We may sell your personal information."}\nnot json\n',
                      encoding="utf-8")
    assert run_cli(["flag", "--jsonl", str(source), "--rules", str(MINIMAL)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"clearterms: {source}:2: not JSON: Expecting value (column 1)",
        '  Each line must be one JSON object with string "id" and "text", e.g. {"id": "c1", "text": "…"}.',
    ]


def test_every_bad_line_is_named_at_once(tmp_path, capsys):
    """A spreadsheet exported with several bad rows is mended in one go, not one row per run."""
    content = (b'{"id": "a", "text": "x"}\nnot json\n{"id": 3, "text": "y"}\n{"text": "z"}\n'
               b'{"id": "a", "text": "again"}\n')
    code, out = run_flag(tmp_path, content)
    assert code == 2 and not out.exists()
    source = tmp_path / "in.jsonl"
    assert capsys.readouterr().err.splitlines() == [
        f"clearterms: {source}: 4 bad lines",
        f"  {source}:2: not JSON: Expecting value (column 1)",
        f"  {source}:3: 'id' must be a string, not a number",
        f"  {source}:4: missing 'id'",
        f'  {source}:5: id "a" is used again (first on line 1)',
        '  Each line must be one JSON object with string "id" and "text", e.g. {"id": "c1", "text": "…"}.',
    ]


def test_past_twenty_bad_lines_the_rest_are_counted(tmp_path, capsys):
    code, _ = run_flag(tmp_path, b"nope\n" * 25)
    lines = capsys.readouterr().err.splitlines()
    assert code == 2
    assert lines[0].endswith("in.jsonl: 25 bad lines") and len(lines) == 1 + 20 + 1 + 1
    assert lines[-2] == "  … and 5 more bad lines"


def test_a_repeated_id_is_refused_naming_both_lines(tmp_path, capsys):
    content = b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n{"id": "a", "text": "z"}\n'
    code, out = run_flag(tmp_path, content)
    assert code == 2 and not out.exists()
    message, hint = capsys.readouterr().err.splitlines()
    assert message == f'clearterms: {tmp_path / "in.jsonl"}:3: id "a" is used again (first on line 1)'
    assert "own id" in hint


def test_an_input_without_clauses_gives_empty_output_and_a_note(tmp_path, capsys):
    code, out = run_flag(tmp_path, b"")
    assert code == 0
    assert out.read_bytes() == b""
    assert capsys.readouterr().err == f"clearterms: note: no clauses in {tmp_path / 'in.jsonl'}\n"


def test_missing_input_file(tmp_path, capsys):
    assert run_cli(["flag", "--jsonl", str(tmp_path / "nope.jsonl"), "--rules", str(MINIMAL)]) == 2
    assert "nope.jsonl: cannot read" in capsys.readouterr().err


def test_bad_rule_pack_is_reported_not_raised(tmp_path, capsys):
    pack = tmp_path / "bad.yaml"
    pack.write_text("pack: {id: bad, name: Bad, version: '1', base: true}\nrulez: []\n", encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    assert run_cli(["flag", "--jsonl", str(source), "--rules", str(pack)]) == 2
    assert "unknown key 'rulez' in rule pack (did you mean 'rules'?)" in capsys.readouterr().err


def test_out_dash_means_standard_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "x", "text": "No client can see your posts."}\n', encoding="utf-8")
    assert run_cli(["flag", "--jsonl", str(source), "--out", "-", "--rules", str(MINIMAL)]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": "x", "flags": []}
    assert not (tmp_path / "-").exists()


def test_an_input_over_the_size_limit_is_refused_at_the_line_that_passes_it(tmp_path, capsys):
    text = "word " * 60_000   # about 0.3 MB a line
    content = "".join(json.dumps({"id": f"c{n}", "text": text}) + "\n" for n in range(5))
    code, out = run_flag(tmp_path, content.encode(), "--max-mb", "1")
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "in.jsonl:4: the input passes the limit of 1 MB on this line" in err
    assert "--max-mb" in err
