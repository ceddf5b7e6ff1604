"""`clearterms compare OLD NEW`: formats, options, flag deltas and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import run_cli

MINIMAL = Path(__file__).parent / "fixtures" / "rules" / "minimal.yaml"

V1 = """# Example Terms

Last updated: January 1, 2021

## 7. Sharing

7.1 We share your information with service providers who help us run the site.

7.2 We keep your posts for as long as your account is open.

## 9. Your choices

9.1 You can opt out of marketing emails at any time in your settings.

9.2 We do not sell your personal information.
"""

V2 = """# Example Terms

Last updated: March 3, 2023

## 7. Sharing

7.1 We share your information with service providers who help us  run the site.

7.2 We keep your posts for as long as your account is open.

7.3 We may sell your personal information to sponsors; paying clients may purchase access to posts.

## 9. Your choices

9.1 We do not sell your personal information.
"""


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text(V1, encoding="utf-8")
    new.write_text(V2, encoding="utf-8")
    return old, new


def test_text_report_leads_with_flag_deltas(versions, capsys) -> None:
    old, new = versions
    assert run_cli(["compare", str(old), str(new), "--rules", str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    deltas = out.split("What changed in the flags:")[1].split("Summary:")[0]
    assert "Adds a data-sale provision in §7.3" in deltas
    assert "Removes the opt-out or other choice in §9.1" in deltas
    assert "no-sale" not in deltas and "promise not to sell" not in deltas  # moved with its clause
    assert "§9.2 → §9.1 renumbered" in out


AI_PACK = """\
pack: {id: ai-addon, name: AI training add-on, version: "0.1.0"}
categories:
  - id: data.ai-training
    title: Your content trains AI models
    group: data
    severity: concern
    explanation: Your content may be used to train artificial intelligence models.
rules:
  - id: ai-training
    category: data.ai-training
    match: {near: ["train|training", "artificial intelligence|models?"], within: 6}
"""


def ai_versions(folder: Path) -> tuple[Path, Path, Path]:
    """A rule pack of the user's own (AI_PACK) and two versions, the second adding what it flags."""
    pack, old, new = folder / "ai.yaml", folder / "v1.md", folder / "v2.md"
    pack.write_text(AI_PACK, encoding="utf-8")
    old.write_text("# Terms\n\n1. We keep your posts.\n", encoding="utf-8")
    new.write_text("# Terms\n\n1. We keep your posts.\n\n2. We may use your posts to train our models.\n",
                   encoding="utf-8")
    return pack, old, new


def test_a_category_of_the_users_own_pack_is_named_by_its_title(tmp_path: Path, capsys) -> None:
    pack, old, new = ai_versions(tmp_path)
    assert run_cli(["compare", str(old), str(new), "--rules", str(pack), "--keep-order"]) == 0
    out = capsys.readouterr().out
    assert "Adds a “Your content trains AI models” provision in §2" in out
    assert "data.ai-training" not in out


def test_newer_first_is_reported_older_to_newer(versions, tmp_path, capsys) -> None:
    old, new = versions
    out_file = tmp_path / "report.json"
    assert run_cli(["compare", str(new), str(old), "--format", "json", "--only-changes", "--no-flags",
                    "--out", str(out_file)]) == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["swapped"] is True and data["older"]["effective_date"] == "2021-01-01"
    assert data["flags_compared"] is False
    kinds = sorted(e["kind"] for e in data["entries"])
    assert kinds == ["added", "changed", "removed"]   # formatting of §7.1 hidden, renumbering left out
    assert run_cli(["compare", str(new), str(old), "--format", "json", "--keep-order", "--no-flags",
                    "--show-formatting"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["swapped"] is False and data["older"]["effective_date"] == "2023-03-03"
    assert "formatting" in {e["kind"] for e in data["entries"]}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_reports(versions, capsys, fmt: str) -> None:
    old, new = versions
    assert run_cli(["compare", str(old), str(new), "--format", fmt, "--rules", str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    assert "data-sale provision" in out
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "<script" not in out and "<ins>" in out


def test_hostile_document_comes_out_inert(tmp_path, capsys) -> None:
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_text("# T\n\nPlain words here.\n", encoding="utf-8")
    new.write_text("# T\n\nPlain words here. `<script>alert(1)</script>` <img src=x onerror=alert(2)>\n",
                   encoding="utf-8")
    assert run_cli(["compare", str(old), str(new), "--format", "html", "--no-flags"]) == 0
    out = capsys.readouterr().out
    assert "<script" not in out and "<img" not in out


def test_missing_file_is_one_message_line_and_a_hint_exit_2(versions, tmp_path, capsys) -> None:
    old, _ = versions
    assert run_cli(["compare", str(old), str(tmp_path / "nope.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "nope.md" in err[0] and "no such file" in err[0]
    assert err[1].startswith("  ")  # the hint: what to do next


def test_standard_input_for_both_versions_is_refused_plainly(capsys) -> None:
    assert run_cli(["compare", "-", "-"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("clearterms: only one of OLD and NEW can be '-' (standard input)")


SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def test_unrelated_documents_get_a_warning_and_are_not_swapped(capsys) -> None:
    """A later-dated terms of one service against an earlier privacy policy of another: no 'swapped'."""
    terms, privacy = SAMPLES / "physician-community-terms.md", SAMPLES / "health-app-privacy.md"
    assert run_cli(["compare", str(terms), str(privacy), "--no-flags"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (f"clearterms: warning: {terms} and {privacy} may be different documents, not "
                            "versions of one (services differ: “Caducea Network” and “PulseTrail”; kinds "
                            "differ: terms and privacy)\n")
    assert "swapped" not in captured.out
    note = captured.out.splitlines()[2]
    assert note.startswith("Warning: these may be different documents, not versions of one (services differ")
    assert captured.out.splitlines()[0].startswith("OLDER: Caducea Network")   # the order given
    assert run_cli(["compare", str(terms), str(privacy), "--no-flags", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["swapped"] is False and data["order_basis"] == "argument order"
    assert data["version_doubts"] == ["services differ: “Caducea Network” and “PulseTrail”",
                                      "kinds differ: terms and privacy"]


def test_versions_of_one_document_get_no_warning(versions, capsys) -> None:
    old, new = versions
    assert run_cli(["compare", str(new), str(old), "--no-flags", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    data = json.loads(captured.out)
    assert data["swapped"] is True and data["version_doubts"] == []


def test_a_renamed_version_is_still_ordered_by_date_but_the_title_change_is_noted(versions, capsys) -> None:
    old, new = versions
    new.write_text(V2.replace("# Example Terms", "# Example Terms of Use"), encoding="utf-8")
    assert run_cli(["compare", str(new), str(old), "--no-flags"]) == 0
    captured = capsys.readouterr()
    assert "titles differ: “Example Terms of Use” and “Example Terms”" in captured.err
    assert "Check that these are versions of one document (titles differ" in captured.out
    assert "the versions were swapped" in captured.out


NO_DATES = "Older and newer are as given (first argument = older): no effective dates tell them apart."


@pytest.mark.parametrize(("newer_first", "keep_order", "note"), [
    (True, True, "Older and newer are as given, as asked (--keep-order). Warning: their effective dates say "
                 "the opposite (older 2023-03-03, newer 2021-01-01); if the dates are right, every change "
                 "shown runs the other way round."),
    (False, True, "Older and newer are as given, as asked (--keep-order); their effective dates agree."),
    (False, False, "Older and newer are as given, confirmed by their effective dates."),
])
def test_the_order_note_gives_the_real_reason(versions, capsys, newer_first: bool, keep_order: bool,
                                              note: str) -> None:
    """--keep-order was explained as 'no effective dates tell them apart' although both had one."""
    old, new = versions
    first, second = (new, old) if newer_first else (old, new)
    assert run_cli(["compare", str(first), str(second), "--no-flags"] + ["--keep-order"] * keep_order) == 0
    lines = capsys.readouterr().out.splitlines()
    older = "2023-03-03" if newer_first else "2021-01-01"
    assert lines[0].startswith(f"OLDER: Example Terms, effective {older}")
    assert lines[2] == note


def test_keep_order_without_dates_says_it_was_asked_for(versions, capsys) -> None:
    old, new = versions
    for path, text in ((old, V1), (new, V2)):
        path.write_text("\n".join(line for line in text.splitlines() if "Last updated" not in line),
                        encoding="utf-8")
    assert run_cli(["compare", str(old), str(new), "--no-flags", "--keep-order"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == "Older and newer are as given, as asked (--keep-order)."
    assert run_cli(["compare", str(old), str(new), "--no-flags"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == NO_DATES


def test_keep_order_is_the_order_basis_in_json(versions, capsys) -> None:
    old, new = versions
    assert run_cli(["compare", str(new), str(old), "--no-flags", "--keep-order", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["swapped"] is False and data["order_basis"] == "requested order"
    assert (data["older"]["effective_date"], data["newer"]["effective_date"]) == ("2023-03-03", "2021-01-01")


@pytest.mark.parametrize(("fmt", "said"), [
    ("text", "  (Flags were not compared: --no-flags was given.)"),
    ("markdown", "_Flags were not compared: --no-flags was given._"),
    ("html", '<p class="note">Flags were not compared: --no-flags was given.</p>'),
])
def test_no_flags_says_flags_were_left_out_as_asked(versions, capsys, fmt: str, said: str) -> None:
    """--no-flags was reported as 'no flag analysis was available'."""
    old, new = versions
    assert run_cli(["compare", str(old), str(new), "--no-flags", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert said in out.splitlines()
    assert "no flag analysis" not in out


def test_no_flags_reason_in_json(versions, capsys) -> None:
    old, new = versions
    assert run_cli(["compare", str(old), str(new), "--no-flags", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["flags_compared"] is False and data["flags_not_compared_reason"] == "--no-flags was given"
    assert run_cli(["compare", str(old), str(new), "--rules", str(MINIMAL), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["flags_compared"] is True and data["flags_not_compared_reason"] is None


def test_an_unreadable_default_pack_is_the_reason_given(versions, capsys, monkeypatch) -> None:
    import terms.flagging
    from terms.errors import RulePackError

    def broken(paths):
        raise RulePackError("default.yaml: not a rule pack", [])

    monkeypatch.setattr(terms.flagging, "load_flagging_packs", broken)
    old, new = versions
    assert run_cli(["compare", str(old), str(new)]) == 0
    captured = capsys.readouterr()
    assert "clearterms: warning: flags not compared: default.yaml: not a rule pack" in captured.err
    assert "  (Flags were not compared: the default rule pack could not be loaded.)" in captured.out
