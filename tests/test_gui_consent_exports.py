"""Consent export helpers for the export dialog: a format change keeps the name, an empty export says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.gui.exports import CONSENT_FORMATS, ExportDone, with_format_suffix

FORMATS = {f.key: f for f in CONSENT_FORMATS}


@pytest.mark.parametrize(("before", "key", "after"), [
    ("/d/report.final.v2.csv", "html", "/d/report.final.v2.html"),
    ("/d/report.final.v2.csv", "fhir", "/d/report.final.v2.fhir.json"),
    ("/d/records.fhir.json", "json", "/d/records.json"),
    ("/d/records.receipts.json", "pdf", "/d/records.pdf"),
    ("/d/Records.JSON", "csv", "/d/Records.csv"),
    ("/d/clinic.2026", "csv", "/d/clinic.2026.csv"),     # no export suffix: the dots are the name's
    ("/d/.csv", "html", "/d/.csv.html"),                 # nothing but a suffix: kept as the name
])
def test_a_format_change_replaces_only_the_known_suffix(before: str, key: str, after: str) -> None:
    assert with_format_suffix(before, FORMATS[key]) == Path(after)


def test_an_empty_export_warns() -> None:
    assert ExportDone(Path("/d/x.csv"), 3).summary() == "Saved 3 events to /d/x.csv."
    empty = ExportDone(Path("/d/x.csv"), 0).summary()
    assert empty.startswith("Saved 0 events to /d/x.csv.") and "Warning" in empty
    receipts = ExportDone(Path("/d/x.receipts.json"), 0, "consent receipt").summary()
    assert receipts.endswith("No consent is in force, so it holds none.")


def test_an_export_of_a_damaged_store_says_it_proves_nothing(tmp_path: Path) -> None:
    from desktop.gui.exports import export_consent
    from terms.consent import open_store
    from tests.test_consent_integrity_damage import _damage, make_store

    path = make_store(tmp_path / "consent.sqlite3")
    _damage(path, "UPDATE topic_clause SET quote = 'We never track you.' WHERE topic = 'tracking'")
    with open_store(str(path)) as store:
        done = export_consent(store, "json", tmp_path / "x.json")
        intact = done.path.exists()
    summary = done.summary()
    assert intact and summary.startswith("Saved 1 event to ")
    assert "Warning: the consent records do not pass their check (document " in summary
    assert "A JSON export of it cannot be imported." in summary


def test_a_pdf_export_that_cannot_show_a_members_name_says_so_in_the_app(tmp_path: Path, qapp) -> None:
    from desktop.gui.exports import export_consent
    from terms.consent import open_store
    from tests.test_consent_integrity_damage import make_store

    path = make_store(tmp_path / "consent.sqlite3")
    with open_store(str(path)) as store:
        store.add_member("Dr \ue000")
        done = export_consent(store, "pdf", tmp_path / "x.pdf")
    assert done.unprinted == ("Dr \ue000",)
    assert "Warning: the PDF's fonts cannot show 'Dr \\ue000'" in done.summary()
