"""Atomic writes: all or nothing, and the file gets the permissions a normal write would give."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from terms.errors import ExportError
from terms.fileio import atomic_write_lines, atomic_write_text
from terms.resources import resource_path
from tests.conftest import REPO


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
    with pytest.raises(ExportError, match="cannot create a file in"):
        atomic_write_text(tmp_path / "no" / "such" / "file.txt", "x")


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old")
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_pipe_or_device_is_written_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write_text(fifo, "streamed")
        assert os.read(reader, 100) == b"streamed"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    atomic_write_text(Path(os.devnull), "discarded")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder, not a file") as caught:
        atomic_write_text(tmp_path, "x")
    assert caught.value.hint


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["analyze", "SAMPLE"], ["rules", "list"]])
def test_a_full_disk_on_standard_output_is_an_error(args: list[str]) -> None:
    sample = str(resource_path("samples", "health-app-privacy.md"))
    command = [sys.executable, "-m", "desktop", *[sample if a == "SAMPLE" else a for a in args]]
    with open("/dev/full", "w") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO)
    assert result.returncode == 2
    assert result.stderr.strip() == "clearterms: standard output: cannot write (No space left on device)"


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error() -> None:
    sample = str(resource_path("samples", "physician-community-terms.md"))
    process = subprocess.Popen([sys.executable, "-m", "desktop", "analyze", sample],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
