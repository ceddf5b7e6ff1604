"""Every option says what it is for; every error says what to do next; statuses read the same everywhere."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from desktop.cli import build_parser, run_cli
from terms.consent import open_store
from terms.consent.location import ENV_VAR
from terms.resources import resource_path
from tests.test_consent_cli import cli
from tests.test_consent_store import V1, V1_FLAGS, make_document


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "consent.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(path))
    return path


def _parsers(parser: argparse.ArgumentParser, name: str = "clearterms"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_and_argument_has_help_text():
    missing = [
        f"{name} {'/'.join(action.option_strings) or action.dest}"
        for name, parser in _parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


def test_an_unknown_topic_gets_a_suggestion_and_a_hint(db, capsys):
    cli(capsys, "consent", "members", "add", "dr-lee")
    code, _, err = cli(capsys, "consent", "history", "--member", "dr-lee", "--topic", "trackng")
    message, hint = err.splitlines()
    assert code == 2
    assert message.startswith(
        "clearterms: unknown consent topic 'trackng' (did you mean 'tracking'?); known: ")
    assert hint == "  List the topics with `clearterms consent topics`."


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_member_name_is_refused_with_an_example(db, capsys, name):
    code, _, err = cli(capsys, "consent", "members", "add", name)
    message, hint = err.splitlines()
    assert code == 2 and message == "clearterms: members add: give the new member's name"
    assert "consent members add dr-lee" in hint


def test_a_truncated_import_is_not_told_to_use_a_json_export(db, tmp_path, capsys):
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("dr-lee", "client-access", "given", v1)
    export = tmp_path / "export.json"
    assert cli(capsys, "consent", "export", "--format", "json", "--out", str(export))[0] == 0
    cut = tmp_path / "cut.json"
    cut.write_text(export.read_text(encoding="utf-8")[:200], encoding="utf-8")
    code, _, err = cli(capsys, "consent", "--db", str(tmp_path / "new.sqlite3"), "import", str(cut))
    message, hint = err.splitlines()
    assert code == 2 and "not valid JSON" in message
    assert "not complete JSON" in hint and "Only a JSON export" not in hint
    data = json.loads(export.read_text(encoding="utf-8"))
    for key, value in (("status", "bogus"), ("note", "edited")):
        edited = tmp_path / f"{key}.json"
        events = [{**data["events"][0], key: value}]
        edited.write_text(json.dumps({**data, "events": events}), encoding="utf-8")
        code, _, err = cli(capsys, "consent", "--db", str(tmp_path / f"{key}.sqlite3"), "import", str(edited))
        message, hint = err.splitlines()
        assert code == 2 and "$.events" in message and "imported unchanged" in hint
    code, _, err = cli(capsys, "consent", "import", str(export))     # the store already holds records
    assert code == 2 and len(err.splitlines()) == 2 and "empty store" in err


def test_history_and_show_use_the_words_record_uses(db, capsys):
    with open_store(str(db)) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    code, out, _ = cli(capsys, "consent", "record", "--member", "dr-lee", "--topic", "client-access",
                       "--status", "allow", "--sha256", v1)
    assert code == 0 and " allowed client-access " in out
    _, shown, _ = cli(capsys, "consent", "show", "--member", "dr-lee")
    _, history, _ = cli(capsys, "consent", "history", "--member", "dr-lee")
    assert "client-access: allowed" in shown and "client-access: allowed" in history
    assert "given" not in shown + history
    _, as_json, _ = cli(capsys, "consent", "history", "--member", "dr-lee", "--format", "json")
    assert json.loads(as_json)[0]["status"] == "given"     # the data keeps the stored code


def test_max_events_must_be_positive(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        run_cli(["consent", "export", "--format", "html", "--out", str(tmp_path / "r.html"),
                 "--max-events", "-3"])
    assert info.value.code == 2
    message, hint = capsys.readouterr().err.splitlines()
    assert message == "clearterms consent export: --max-events: must be 1 or more, not -3"
    assert hint.startswith("  Run 'clearterms consent export --help'")


def test_outline_only_with_html_says_what_to_do(capsys):
    sample = resource_path("samples", "physician-community-terms.md")
    code, _, err = cli(capsys, "analyze", str(sample), "--outline-only", "--format", "html")
    message, hint = err.splitlines()
    assert code == 2 and "--outline-only works with text, json or markdown" in message
    assert hint.startswith("  Leave out --outline-only")


@pytest.mark.parametrize("command", ["analyze", "compare", "flag"])
@pytest.mark.parametrize("through_link", [False, True])
def test_out_never_replaces_an_input(command: str, through_link: bool, tmp_path: Path, capsys) -> None:
    sample = resource_path("samples", "health-app-privacy.md")
    source = tmp_path / ("clauses.jsonl" if command == "flag" else "terms.md")
    if command == "flag":
        source.write_text('{"id": "c1", "text": "We sell your data."}\n', encoding="utf-8")
    else:
        source.write_bytes(sample.read_bytes())
    before = source.read_bytes()
    out = source
    if through_link:
        out = tmp_path / "link-to-input"
        out.symlink_to(source)
    argv = {"analyze": ["analyze", str(source)],
            "compare": ["compare", str(source), str(sample)],
            "flag": ["flag", "--jsonl", str(source)]}[command]
    assert run_cli([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{out}: this is the input {source}" in err and "Give --out another file name" in err
    assert source.read_bytes() == before


def test_a_file_name_that_is_not_utf8_is_printed_without_escapes(tmp_path: Path, capsys) -> None:
    missing = os.fsdecode(bytes(tmp_path) + b"/terms\xff.md")
    assert run_cli(["analyze", missing]) == 2
    err = capsys.readouterr().err
    assert "terms\ufffd.md: no such file" in err and "\\udc" not in err


def test_analyze_reads_a_document_piped_in(monkeypatch, capsys) -> None:
    import io

    page = b"<html><body><h1>Terms</h1><p>We sell your data to data brokers.</p></body></html>"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert run_cli(["analyze", "-", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["document"]["format"] == "html"  # told from the content: there is no file name
    assert "data.sale" in {f["category"] for f in report["flags"]}


@pytest.mark.parametrize("command", ["analyze", "compare", "flag", "evaluate"])
def test_out_never_replaces_a_rule_pack_the_command_reads(command: str, tmp_path: Path, capsys) -> None:
    """`compare … --rules addon.yaml --out addon.yaml` replaced the pack with the report (and
    `evaluate` with its scores): every command that reads packs keeps them."""
    sample = resource_path("samples", "health-app-privacy.md")
    pack = tmp_path / "addon.yaml"
    pack.write_text("pack: {id: addon, name: Add-on, version: '1'}\n", encoding="utf-8")
    clauses = tmp_path / "clauses.jsonl"
    clauses.write_text('{"id": "c1", "text": "We sell your data."}\n', encoding="utf-8")
    argv = {"analyze": ["analyze", str(sample)],
            "compare": ["compare", str(sample), str(sample)],
            "flag": ["flag", "--jsonl", str(clauses)],
            "evaluate": ["evaluate", "--data", str(tmp_path), "--no-own"]}[command]
    before = pack.read_bytes()
    assert run_cli([*argv, "--rules", str(pack), "--out", str(pack)]) == 2
    err = capsys.readouterr().err
    assert f"{pack}: this is the" in err and "Give --out another file name" in err
    assert pack.read_bytes() == before
