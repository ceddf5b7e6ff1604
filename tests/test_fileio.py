"""Atomic writes: all or nothing, and the file gets the permissions a normal write would give."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from terms.errors import ExportError
from terms.fileio import atomic_write_lines, atomic_write_text


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o640


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "b.txt"
    target.write_text("old")
    target.chmod(0o604)
    atomic_write_text(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o604


def test_failure_while_producing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "c.jsonl"
    target.write_text("good\n")

    def lines():
        yield "one\n"
        raise ValueError("bad line 2")

    with pytest.raises(ValueError):
        atomic_write_lines(target, lines())
    assert target.read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["c.jsonl"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write here"):
        atomic_write_text(tmp_path / "no" / "such" / "file.txt", "x")
