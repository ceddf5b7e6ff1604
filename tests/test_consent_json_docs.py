"""docs/consent-json.md: its worked example and its checking script hold against real exports."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from terms.consent import ConsentStatus, open_store
from terms.export import consent_json
from tests.conftest import REPO
from tests.test_consent_store import V1, V1_FLAGS, V2, make_document

DOC = (REPO / "docs" / "consent-json.md").read_text(encoding="utf-8")


def _blocks(language: str = "") -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.DOTALL)


def test_the_worked_example_hashes_as_printed() -> None:
    text_hash, payload_block, event_hash = (b for b in _blocks() if "sha256sum" in b or b.startswith("{"))
    text = b"Example Terms\n\nEffective: 1 December 2026\n\n1. We use cookies to track you."
    assert hashlib.sha256(text).hexdigest() in text_hash
    payload = payload_block.strip()
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    assert digest in event_hash
    # the line is canonical: what the recipe makes of the parsed payload is the same text
    parsed = json.loads(payload)
    assert json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False) == payload
    assert parsed["document_sha256"] in text_hash


def test_the_worked_example_is_what_the_store_records(tmp_path: Path, monkeypatch) -> None:
    """The example was once written by hand: its hash and quote were not what ClearTerms made of
    that file (the stored text has no Markdown marks and no last line break; a quote keeps its
    number)."""
    from terms.consent import store as store_module
    from terms.consent.chain import event_payload
    from terms.flagging import analyze
    from terms.parsing import parse_file

    file, payload_block = (b for b in _blocks() if b.startswith(("# Example", "{")))
    (tmp_path / "terms.md").write_text(file, encoding="utf-8")
    times = iter(["2026-12-02T08:59:00.000000Z"] * 2 + ["2026-12-02T09:00:00.000000Z"] * 2)
    monkeypatch.setattr(store_module, "utc_now", lambda: next(times))
    monkeypatch.chdir(tmp_path)
    document = parse_file(Path("terms.md"))
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        sha = store.add_document(document, analyze(document).flags).document.sha256
        e = store.record("dr-lee", "tracking", ConsentStatus.REFUSED, sha)
    payload = event_payload(seq=e.seq, member=e.member, topic=e.topic, status=e.status,
                            document_sha256=e.document_sha256, clauses=e.clauses, pack=e.pack,
                            recorded_at=e.recorded_at, method=e.method, note=e.note, expires_at=e.expires_at,
                            prev_hash=e.prev_hash, document_identity=e.document_identity)
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical == payload_block.strip()


@pytest.fixture
def export(tmp_path: Path) -> Path:
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("Zoë")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        store.record("Zoë", "client-access", ConsentStatus.GIVEN, v1, note="line one\nline \"two\"",
                     expires_at="2099-01-01T00:00:00.000000Z")
        store.add_document(make_document(V2), V1_FLAGS)
        path = tmp_path / "export.json"
        path.write_text(consent_json.to_json(store.snapshot()), encoding="utf-8")
    return path


def _check(script: Path, export: Path) -> list[str]:
    done = subprocess.run([sys.executable, str(script), str(export)], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.splitlines()


def test_the_checking_script_recomputes_an_export_and_sees_an_edit(export: Path, tmp_path: Path) -> None:
    (script,) = _blocks("python")
    path = tmp_path / "check.py"
    path.write_text(script, encoding="utf-8")
    assert _check(path, export) == ["1 ok", "2 ok", "head ok"]
    data = json.loads(export.read_text(encoding="utf-8"))
    data["events"][0]["document_identity"]["series"] = "elsewhere"
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _check(path, export) == ["1 BROKEN", "2 ok", "head ok"]
