"""A table's rows read with its header row: "Type of information | How long we keep it" before
"Search history | 18 months" says how long search history is kept, which the row alone does not."""

from __future__ import annotations

from terms.compare import compare_analyses
from terms.flagging import analyze
from terms.headinglines import is_caption
from terms.leadins import table_headers
from terms.parsing import parse_text

_NOTICE = """# Privacy notice

## 8. How long we keep information

8.1 We keep information for the periods below.

| Type of information | How long we keep it |
|---|---|
| Search history | {search} from the date of the search |
| De-identified data sets | Indefinitely |
| Support conversations | 3 years |

## 9. Contact

Write to us at the address below.
"""


def _notice(search: str = "18 months"):
    return parse_text(_NOTICE.format(search=search))


def test_each_row_after_the_first_has_the_first_as_its_header():
    document = _notice()
    headers = table_headers(document)
    rows = [c for c in document.clauses if " | " in c.text]
    assert len(rows) == 4
    header = rows[0]
    assert rows[0].id not in headers
    assert all(headers[row.id] == (header.start, header.end) for row in rows[1:])
    assert not any(" | " not in c.text and c.id in headers for c in document.clauses)


def test_a_table_of_another_width_starts_a_new_header():
    document = parse_text("# T\n\n| a | b |\n|---|---|\n| c | d |\n\nText between.\n\n"
                          "| e | f | g |\n|---|---|---|\n| h | i | j |\n")
    headers = table_headers(document)
    by_text = {c.text: c for c in document.clauses}
    assert headers[by_text["c | d"].id][0] == by_text["a | b"].start
    assert headers[by_text["h | i | j"].id][0] == by_text["e | f | g"].start


def test_a_short_row_is_no_caption():
    assert is_caption("Support conversations")
    assert not is_caption("Support conversations | 3 years")


def test_rows_say_how_long_what_they_name_is_kept():
    document = _notice()
    flags = [f for f in analyze(document).flags if f.category == "data.retention"]
    by_row = {document.clause(f.clause_id).text.split(" | ")[0]: f.severity.value for f in flags}
    assert by_row == {"Search history": "info", "Support conversations": "info",
                      "De-identified data sets": "concern"}   # kept with no end date
    # the evidence lies in the row, not in the header it was read with
    for flag in flags:
        clause = document.clause(flag.clause_id)
        assert all(clause.start <= a and b <= clause.end for a, b in flag.evidence)


def test_a_longer_period_in_a_row_is_compared_as_worse():
    comparison = compare_analyses(analyze(_notice("18 months")), analyze(_notice("5 years")))
    changes = [d for d in comparison.flag_deltas if d.category == "data.retention"]
    assert len(changes) == 1
    assert "18 months" in changes[0].headline and "5 years" in changes[0].headline
    assert changes[0].figures_effect == "worse"


def test_the_header_row_naming_columns_is_not_flagged_itself():
    """A physician network's "Information | Retention period" header row was flagged as a retention period
    ("This says how long information is kept"): it names columns and states nothing. Its rows keep their
    flags."""
    document = parse_text(_NOTICE.format(search="18 months").replace(
        "Type of information | How long we keep it", "Information | Retention period"))
    flags = analyze(document).flags
    header = next(c for c in document.clauses if c.text.startswith("Information | Retention period"))
    assert not [f for f in flags if f.clause_id == header.id]
    search = next(c for c in document.clauses if c.text.startswith("Search history"))
    assert any(f.clause_id == search.id and f.category == "data.retention" for f in flags)


_RECIPIENTS = """# Privacy notice

## 6. Who receives your information

| Categories of recipients | Categories of data | Why we share it |
|---|---|---|
| Advertising partners | Usage data and device identifiers | To measure which campaigns work |
| Law enforcement agencies | Account data | When a court order requires it |

## 7. Contact

Write to us at the address below.
"""


def test_rows_of_a_table_of_recipients_say_who_receives_what():
    """Neither row says "share" or "disclose": the header row, naming its columns, does."""
    document = parse_text(_RECIPIENTS)
    flags = analyze(document).flags
    by_row = {(document.clause(f.clause_id).text.split(" | ")[0], f.category): f for f in flags
              if f.category in ("data.third-party-sharing", "data.legal-disclosure")}
    assert set(by_row) == {("Advertising partners", "data.third-party-sharing"),
                           ("Law enforcement agencies", "data.legal-disclosure")}
    advertisers = by_row["Advertising partners", "data.third-party-sharing"]
    assert advertisers.severity.value == "caution"
    assert "advertising partners" in advertisers.parties
    # the evidence lies in the row, not in the header it was read with
    for flag in by_row.values():
        clause = document.clause(flag.clause_id)
        assert all(clause.start <= a and b <= clause.end for a, b in flag.evidence)


_PROSE_TABLE = """# Privacy notice

## 5. How we use information

| {header} | Legal basis | Data used |
|---|---|---|
| {row} | Our interest in direct marketing | Your activity and your e-mail address |

## 6. Contact

Write to us at the address below.
"""


def test_a_header_row_of_prose_lends_its_rows_no_recipient():
    """Tables made of prose (a paragraph in the first row, as in Meta's policies) have no header that
    names columns: "… to businesses, advertisers and other partners" before a row on the marketing the
    company sends the reader itself had made that row a disclosure to "other organisations"."""
    document = parse_text(_PROSE_TABLE.format(
        header="Providing measurement and business services to businesses, advertisers and other partners",
        row="Providing marketing messages to you: we use your information to send you offers by e-mail"))
    row = next(c for c in document.clauses if c.text.startswith("Providing marketing messages"))
    categories = {f.category for f in analyze(document).flags if f.clause_id == row.id}
    assert "data.advertising" in categories
    assert "data.third-party-sharing" not in categories
