"""CSV export: safe to open in a spreadsheet, one clause per line, store invalidations shown as such."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from terms.consent import open_store
from terms.consent.model import ClauseRef
from terms.consent.store import ConsentStore
from terms.export import consent_csv
from terms.export.streamed import export_streamed
from tests.test_consent_store import V1, V1_FLAGS, V2, make_document

FORMULA = '=HYPERLINK("http://evil.example","x")'
NOTE = "=1+1\n@SUM(A1:A9)\n+44 20 7946 0000\n-ve: line three"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConsentStore]:
    with open_store(str(tmp_path / "consent.sqlite3")) as s:
        yield s


def _rows(store: ConsentStore) -> list[dict[str, str]]:
    snap = store.snapshot()
    return list(csv.DictReader(io.StringIO(consent_csv.to_csv(snap.events, snap.documents))))


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-ve", "'-ve"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'quoted'", "''quoted'"),
    ("Dr. Zoë", "Dr. Zoë"), ("a=b", "a=b"), ("", ""), (" =x", " =x"),
])
def test_guard_makes_formula_starts_text_and_can_be_undone(cell: str, written: str) -> None:
    assert consent_csv.guard(cell) == written
    undone = written[1:] if written.startswith("'") else written
    assert undone == cell


def test_no_cell_of_a_hostile_member_starts_a_formula(store: ConsentStore) -> None:
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.add_member(FORMULA)
    store.record(FORMULA, "client-access", "given", sha, method="=cmd|' /C calc'!A0", note=NOTE)
    row = _rows(store)[0]
    assert row["member"] == "'" + FORMULA
    assert row["method"] == "'=cmd|' /C calc'!A0"
    assert row["note"] == "'" + NOTE            # one cell: its first character decides, its lines are kept
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_file_starts_with_a_byte_order_mark_for_spreadsheets(store: ConsentStore, tmp_path: Path) -> None:
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.add_member("Dr. Zoë Müller")
    store.record("Dr. Zoë Müller", "client-access", "given", sha, note="李医生 — د. ليلى")
    out = tmp_path / "records.csv"
    assert export_streamed(store, "csv", out) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfseq,recorded_at,member,")
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert row["member"] == "Dr. Zoë Müller" and row["note"] == "李医生 — د. ليلى"


def test_clauses_shown_is_one_clause_per_line(store: ConsentStore) -> None:
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.add_member("dr-lee")
    clauses = (ClauseRef("4", "f4", "4 Clients may\nread posts\r\n  of members."),
               ClauseRef("b", "fb", "Bulleted\u2028item\rhere"))
    store.record("dr-lee", "client-access", "given", sha, clauses=clauses)
    row = _rows(store)[0]
    assert row["clause_ids"] == "4;b"
    assert row["clauses_shown"].splitlines() == ["4 Clients may read posts of members.",
                                                 "b: Bulleted item here"]


def test_a_store_invalidation_does_not_list_clauses_the_member_never_saw(store: ConsentStore) -> None:
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.add_member("dr-lee")
    store.record("dr-lee", "client-access", "given", v1)
    added = store.add_document(make_document(V2), V1_FLAGS, version_label="2026-06-01")
    given, invalidated = _rows(store)
    assert given["clause_ids"] == "1" and given["clauses_shown"] == f"1: {V1[0]}"
    assert invalidated["status"] == "invalidated" and invalidated["method"] == "terms-change"
    assert invalidated["clause_ids"] == ""
    assert invalidated["clauses_shown"] == ("none: invalidated by the store: the newer version Community "
                                            f"Terms (2026-06-01) [{added.document.sha256[:12]}] changed "
                                            "its clauses")
    assert V2[0] not in invalidated["clauses_shown"]
