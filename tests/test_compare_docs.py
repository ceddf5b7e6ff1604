"""docs/compare.md shows what `clearterms compare` prints: its example, run on the two versions the
page gives, prints exactly the output the page shows. (The page once showed clause ids the report
no longer printed and added clauses without the text it prints.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from desktop.cli import run_cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "compare.md"
VERSION = re.compile(r"^`(?P<name>[\w.-]+\.md)`:\n\n```markdown\n(?P<text>.*?)^```$", re.M | re.S)
RUN = re.compile(r"^```\n\$ (?P<command>clearterms compare [^\n]*)\n(?P<output>.*?)^```$", re.M | re.S)


def test_the_example_prints_what_the_page_shows(tmp_path, monkeypatch, capsys) -> None:
    page = DOC.read_text(encoding="utf-8")
    versions = {m["name"]: m["text"] for m in VERSION.finditer(page)}
    (run,) = RUN.finditer(page)
    assert sorted(versions) == ["terms-2021.md", "terms-2023.md"]
    for name, text in versions.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)   # the report names the files as they were given
    args = shlex.split(run["command"])[1:]
    assert run_cli(args) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out == run["output"]

