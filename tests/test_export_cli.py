"""``clearterms consent export``: which member an export is for, and what the command says."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from terms.consent import open_store
from tests.test_consent_cli import cli
from tests.test_consent_store import V1, V1_FLAGS, make_document

NAME = "Dr. Zoë Müller"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two members who allowed client-access on V1; one with accents and capitals in her name."""
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        for name in (NAME, "dr-okafor"):
            store.add_member(name)
            store.record(name, "client-access", "given", v1)
    return path


@pytest.mark.parametrize("spelling", [NAME, "dr. zoë  müller", "  DR. ZOË MÜLLER "])
def test_export_finds_the_member_by_any_spelling_show_accepts(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str) -> None:
    code, out, err = cli(capsys, "consent", "--db", str(db), "show", "--member", spelling)
    assert code == 0 and "client-access: allowed" in out, err
    for fmt in ("csv", "fhir", "receipt", "html"):
        out_file = tmp_path / f"zoe.{fmt}"
        code, _, err = cli(capsys, "consent", "--db", str(db), "export", "--format", fmt,
                           "--member", spelling, "--out", str(out_file))
        assert code == 0, err
        assert "no consent is in force" not in err
        text = out_file.read_text(encoding="utf-8-sig")
        assert "dr-okafor" not in text, fmt
        if fmt == "csv":
            assert [r["member"] for r in csv.DictReader(io.StringIO(text))] == [NAME]
        elif fmt == "fhir":
            assert [e["resource"]["patient"]["display"] for e in json.loads(text)["entry"]] == [NAME]
        elif fmt == "receipt":
            assert [r["piiPrincipalId"] for r in json.loads(text)] == [NAME]
        else:
            assert f"<h2>Member: {NAME}</h2>" in text


@pytest.mark.parametrize("fmt", ["csv", "fhir", "receipt", "html"])
def test_an_unknown_member_is_an_error_not_an_empty_export(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    out_file = tmp_path / f"x.{fmt}"
    code, out, err = cli(capsys, "consent", "--db", str(db), "export", "--format", fmt,
                         "--member", "Dr. Zoe Muller", "--out", str(out_file))
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "clearterms: no member named 'Dr. Zoe Muller'"
    assert not out_file.exists()


def test_record_says_what_the_member_did_in_a_sentence(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sha = make_document(V1).sha256
    base = ("consent", "--db", str(db), "record", "--member", "dr-okafor", "--topic", "client-access",
            "--sha256", sha, "--status")
    code, out, _ = cli(capsys, *base, "withdraw")
    assert code == 0
    assert out.startswith(f"recorded #3: dr-okafor withdrew consent to client-access on {sha[:12]}")
    code, out, _ = cli(capsys, *base, "refuse")
    assert code == 0 and out.startswith("recorded #4: dr-okafor refused client-access on ")
    code, out, _ = cli(capsys, *base, "allow")
    assert code == 0 and out.startswith("recorded #5: dr-okafor allowed client-access on ")


@pytest.mark.parametrize("fmt", ["csv", "fhir", "receipt", "html"])
def test_the_app_and_the_command_line_write_the_same_bytes(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        fmt: str) -> None:
    from desktop.gui.exports import export_consent

    monkeypatch.setattr("terms.consent.store.utc_now", lambda: "2026-12-02T09:00:00.000000Z")
    by_cli, by_app = tmp_path / f"cli.{fmt}", tmp_path / f"app.{fmt}"
    assert cli(capsys, "consent", "--db", str(db), "export", "--format", fmt, "--out", str(by_cli))[0] == 0
    with open_store(str(db)) as store:
        export_consent(store, fmt, by_app)
    assert by_app.read_bytes() == by_cli.read_bytes()
    assert by_cli.read_bytes().endswith(b"\n")


def test_the_app_names_the_csv_export_for_what_it_holds() -> None:
    from desktop.gui.exports import CONSENT_FORMATS

    label = next(f.label for f in CONSENT_FORMATS if f.key == "csv")
    assert "one row per decision" not in label and "invalidations" in label


def test_a_pdf_on_a_machine_without_fonts_is_refused_not_written_as_empty_boxes(tmp_path: Path) -> None:
    """With no font installed the report was all empty boxes, yet the export said it wrote it and
    warned only about one member's name."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    (tmp_path / "empty").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{tmp_path / "empty"}</dir>'
                      f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n', encoding="utf-8")
    db = tmp_path / "consent.sqlite3"
    with open_store(str(db)) as store:
        store.add_member("Ann")
    out = tmp_path / "report.pdf"
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "desktop", "consent", "--db", str(db), "export", "--format", "pdf",
               "--out", str(out)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and not out.exists()
    assert "no installed font can draw the report's text" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_member_with_nothing_in_force_gets_an_empty_receipt_list_and_a_note_saying_why(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "consent", "--db", str(db), "members", "add", "dr-kim")
    assert code == 0, err
    out_file = tmp_path / "kim.json"
    code, _, err = cli(capsys, "consent", "--db", str(db), "export", "--format", "receipt",
                       "--member", "dr-kim", "--out", str(out_file))
    assert code == 0 and json.loads(out_file.read_text(encoding="utf-8")) == []
    assert ("note: no consent is in force (dr-kim has no consent given, unexpired and still current), so "
            "the file holds an empty list") in err
