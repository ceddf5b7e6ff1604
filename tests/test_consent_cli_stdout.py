"""``clearterms consent export --out -``: standard output, as ``-`` means everywhere else.

It used to write a file literally named ``-``. The text formats now go to standard output, byte for
byte what the file export holds; a PDF (binary) is refused there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import run_cli
from terms.consent import open_store
from terms.consent.location import ENV_VAR
from tests.conftest import REPO
from tests.test_consent_store import V1, V1_FLAGS, make_document

NOW = "2026-12-02T09:00:00.000000Z"
TEXT_FORMATS = ("csv", "json", "fhir", "receipt", "html")


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with one consent (a note with a line break and a non-ASCII name); the working folder
    is an empty one beside it, so that a file named ``-`` would show."""
    path = tmp_path / "consent.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(path))
    monkeypatch.setattr("terms.consent.store.utc_now", lambda: NOW)   # fhir, receipt, html say when
    with open_store(str(path)) as store:
        store.add_member("Dr. Zoë Müller")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("Dr. Zoë Müller", "client-access", "given", sha, note="first line\nsecond")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _run(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    code = run_cli(["consent", *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_dash_writes_the_export_to_standard_output(store_dir: Path, tmp_path: Path, fmt: str,
                                                     capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    in_file = tmp_path / f"export.{fmt}"
    code, _, err = _run(capsysbinary, "export", "--format", fmt, "--out", str(in_file))
    assert code == 0, err
    code, out, err = _run(capsysbinary, "export", "--format", fmt, "--out", "-")
    assert code == 0
    assert out == in_file.read_bytes()          # the same bytes, the CSV's byte order mark included
    assert err.startswith(f"wrote standard output ({fmt}, ")
    assert list(store_dir.iterdir()) == []      # no file named '-'


def test_one_members_export_goes_to_standard_output_too(store_dir: Path,
                                                        capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = _run(capsysbinary, "export", "--format", "csv", "--member", "dr. zoe\u0308 mu\u0308ller",
                          "--out", "-")
    assert code == 0 and err == "wrote standard output (csv, 1 events)\n"
    assert out.startswith(b"\xef\xbb\xbfseq,") and "Dr. Zoë Müller".encode() in out


def test_an_empty_receipt_list_on_standard_output_says_output_not_file(
        store_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with open_store() as store:
        store.record("Dr. Zoë Müller", "client-access", "withdrawn", make_document(V1).sha256)
    code, out, err = _run(capsysbinary, "export", "--format", "receipt", "--out", "-")
    assert code == 0 and out == b"[]\n"
    assert err.splitlines()[-1].endswith("so the output holds an empty list")


def test_a_pdf_is_not_written_to_standard_output(store_dir: Path,
                                                 capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = _run(capsysbinary, "export", "--format", "pdf", "--out", "-")
    assert (code, out) == (2, b"")
    assert err.splitlines() == [
        "clearterms: export --out -: a PDF is binary, so it is not written to standard output",
        "  Give --out a file name (or /dev/stdout to pipe the PDF into another program)."]
    assert list(store_dir.iterdir()) == []


def test_a_file_named_dash_is_still_reachable_as_dot_slash_dash(
        store_dir: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code, out, err = _run(capsysbinary, "export", "--format", "json", "--out", "./-")
    assert code == 0 and out == b"" and err == "wrote - (json, 1 events)\n"
    assert (store_dir / "-").read_bytes().startswith(b"{")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_that_cannot_be_written_is_a_clear_error(store_dir: Path) -> None:
    with open("/dev/full", "wb") as full:       # `clearterms consent export … --out - > /dev/full`
        done = subprocess.run([sys.executable, "-m", "desktop", "consent", "export", "--format", "csv",
                               "--out", "-"], cwd=REPO, stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == ("clearterms: standard output: cannot write the export (No space "
                                           "left on device)")


@pytest.mark.parametrize("args", [("members",), ("export", "--format", "json", "--out", "-")])
def test_standard_output_closed_from_the_start_is_a_clear_error(store_dir: Path,
                                                                args: tuple[str, ...]) -> None:
    """`clearterms consent members >&-`: Python starts without sys.stdout, and the first write was an
    internal error."""
    done = subprocess.run([sys.executable, "-m", "desktop", "consent", *args], cwd=REPO,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)},
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 2 and "internal error" not in done.stderr
    assert done.stderr.splitlines()[0] == "clearterms: standard output: cannot write (it is closed)"
