"""The consent store's service API on SQLite and (when a server is given) PostgreSQL.

PostgreSQL runs when ``CLEARTERMS_TEST_PG_URL`` is set (``scripts/test`` starts a
throw-away server and sets it); under ``CI=true`` a missing server is a failure.
Each PostgreSQL test gets a database of its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from terms.consent import ConsentStatus, NewEvent, PackInfo, open_store
from terms.consent.clauses import (
    clause_changes,
    describe_changes,
    leading_number,
    quote_with_id,
    topic_clauses,
    word_changes,
)
from terms.consent.model import ClauseRef
from terms.consent.store import ConsentStore, expiry_after, library_series, series_key, series_service
from terms.errors import StorageError, StoreCorrupt, TermsError
from terms.model import Clause, ClauseKind, Document, DocumentFormat, DocumentKind, Flag, Severity
from terms.textnorm import normalise
from terms.topics import load_topics

PG_ENV = "CLEARTERMS_TEST_PG_URL"
PACK = PackInfo("default", "1", "ab" * 32)


def make_document(texts: list[str], *, title: str = "Community Terms", service: str | None = "MedForum",
                  numbers: list[str] | None = None) -> Document:
    """A small parsed document: one numbered clause per text."""
    text = ""
    clauses = []
    for i, body in enumerate(texts):
        number = numbers[i] if numbers else str(i + 1)
        start = len(text)
        text += body
        clauses.append(Clause(
            id=number, kind=ClauseKind.CLAUSE, number=number, heading=None, heading_path=(), parent_id=None,
            depth=0, start=start, end=len(text), text=body,
            fingerprint=hashlib.sha256(normalise(body).encode()).hexdigest()[:16]))
        text += "\n\n"
    return Document(text=text, clauses=tuple(clauses), format=DocumentFormat.TEXT, title=title,
                    service=service, kind=DocumentKind.TERMS)


def flag(category: str, clause_id: str) -> Flag:
    return Flag(category, Severity.CONCERN, clause_id, ((0, 1),), "test-rule", "explanation")


V1 = ["Clients may purchase access to read members' posts.", "We use cookies to track you.",
      "We may mine posts for brand mentions."]
V1_FLAGS = [flag("data.client-access", "1"), flag("data.tracking", "2"), flag("data.monitoring", "3")]
V2 = ["Clients and government agencies may purchase access to read members' posts.",
      "We use cookies to track you.", "We may mine posts for brand mentions."]


def _pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set under CI: the PostgreSQL storage tests must run "
                        "(scripts/test starts a server)")
        pytest.skip(f"PostgreSQL storage tests skipped: set {PG_ENV} (scripts/test starts a server)")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    from sqlalchemy import create_engine, text

    base = _pg_base_url()
    admin = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    name = f"ct_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store location on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "consent.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db: str) -> Iterator[ConsentStore]:
    with open_store(db) as s:
        yield s


def test_topic_clauses_follow_topic_categories() -> None:
    doc = make_document(V1)
    chosen = topic_clauses(doc, V1_FLAGS, load_topics())
    assert [r.clause_id for r in chosen["client-access"]] == ["1"]
    assert [r.clause_id for r in chosen["tracking"]] == ["2"]
    assert [r.clause_id for r in chosen["content-mining"]] == ["3"]
    assert "targeted-advertising" not in chosen
    assert chosen["client-access"][0].quote == V1[0]


def test_clause_changes_pair_by_id_and_ignore_renumbering() -> None:
    a = (ClauseRef("1", "f1", "old one"), ClauseRef("2", "f2", "two"), ClauseRef("3", "f3", "three"))
    b = (ClauseRef("1", "f1b", "new one"), ClauseRef("4", "f2", "two"), ClauseRef("5", "f5", "five"))
    changes = {(c.change, c.clause_id) for c in clause_changes(a, b)}
    assert changes == {("changed", "1"), ("removed", "3"), ("added", "5")}
    assert clause_changes(a, a) == ()


def test_a_clause_renumbered_and_edited_is_one_change() -> None:
    """Section 11 became 10 and 11.1 gained a phrase: the member is shown the phrase, not a clause
    removed and another added; a clause with little in common stays removed and added."""
    old_text = "11.1 We log the pages you read and the searches you run to improve the forum."
    new_text = ("10.1 We log the pages you read and the searches you run to improve the forum, and we "
                "share this information with data brokers.")
    a = (ClauseRef("11.1", "f1", old_text), ClauseRef("11.2", "f2", "11.2 Cookies keep you signed in."))
    b = (ClauseRef("10.1", "f1b", new_text), ClauseRef("10.3", "f3", "10.3 Sponsors may place beacons."))
    changes = clause_changes(a, b)
    assert [(c.change, c.clause_id, c.old_clause_id) for c in changes] == [
        ("changed", "10.1", "11.1"), ("removed", "11.2", None), ("added", "10.3", None)]
    assert describe_changes(changes) == ("clause 11.1 → 10.1 changed; clause 11.2 removed; "
                                         "clause 10.3 added")
    assert "{+and we share this information with data brokers.+}" in word_changes(old_text, new_text)


def test_series_key_groups_versions_of_one_document() -> None:
    assert series_key(make_document(V1)) == series_key(make_document(V2))
    assert series_key(make_document(V1)) != series_key(make_document(V1, title="Privacy Policy"))


def test_a_document_of_no_named_service_is_named_by_its_file() -> None:
    """A title alone ("Privacy Policy") names no one document; an Open Terms Archive layout names
    the document by its folders, so that its dated versions still form one series."""
    def untitled(source: str | None) -> Document:
        return dataclasses.replace(make_document(V1, title="Privacy Policy", service=None), source=source)

    assert series_key(untitled("/a/ours.txt")) != series_key(untitled("/b/theirs.txt"))
    assert series_key(untitled("/a/Ours.txt")) == "file|ours.txt"
    assert (series_key(untitled("/x/acme/privacy-policy/2024-01-01T00-00-00Z.md"))
            == series_key(untitled("/y/acme/privacy-policy/2025-06-30T00-00-00Z.md"))
            == "file|acme/privacy-policy")
    assert series_key(untitled(None)).startswith("sha256|")
    assert series_key(untitled("<stdin>")).startswith("sha256|")


def test_a_file_is_named_the_same_however_its_path_was_typed(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened from inside its folder, an archive version was named by its date, not its folders;
    two unrelated files whose names start with a date shared their folder's name."""
    def untitled(source: str) -> Document:
        return dataclasses.replace(make_document(V1, title="Privacy Policy", service=None), source=source)

    folder = tmp_path / "acme" / "privacy-policy"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    assert series_key(untitled("2024-01-01T00-00-00Z.md")) == series_key(
        untitled(str(folder / "2025-01-01T00-00-00Z.md"))) == "file|acme/privacy-policy"
    assert series_key(untitled("../privacy-policy/2024-01-01.md")) == "file|acme/privacy-policy"
    assert series_key(untitled("/home/ann/2026-01-05-zoom-terms.md")) != series_key(
        untitled("/home/ann/2026-02-01 slack privacy.md"))


def test_a_version_stored_under_the_earlier_title_key_is_still_joined_from_the_same_file(
        store: ConsentStore) -> None:
    """ClearTerms 0.1 filed a document naming no service by kind and title alone: its consents
    are still reviewed when the next version of the same file comes, not another company's."""
    from terms.consent.store import earlier_series_key

    def untitled(texts: list[str], source: str) -> Document:
        return dataclasses.replace(make_document(texts, title="Privacy Policy", service=None), source=source)

    first = untitled(V1, "/docs/ours.txt")
    old_key = earlier_series_key(first)
    assert old_key == "|terms|privacy policy"
    store.add_document(first, V1_FLAGS, series=old_key)
    assert store.earlier_series_of(untitled(V2, "/downloads/ours.txt")) == old_key
    assert store.earlier_series_of(untitled(V2, "/downloads/other-company.txt")) is None


def test_the_service_is_read_back_from_either_kind_of_series() -> None:
    """The re-review reads "MedForum will notify you" as a promise of the service's own."""
    assert series_service(series_key(make_document(V1))) == "medforum"
    assert series_service(library_series("MedForum", "Community Terms")) == "medforum"
    assert series_service("file|terms.md") is None and series_service("sha256|ab12") is None


def test_members_documents_and_recording(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    store.add_member("dr-ng")
    assert [m.name for m in store.list_members()] == ["dr-lee", "dr-ng"]
    with pytest.raises(TermsError, match="already exists"):
        store.add_member("dr-lee")
    added = store.add_document(make_document(V1), V1_FLAGS, pack=PACK)
    assert added.is_new and added.invalidated == ()
    assert store.add_document(make_document(V1), V1_FLAGS).is_new is False
    sha = added.document.sha256
    assert store.document(sha).text == make_document(V1).text
    event = store.record("dr-lee", "client-access", "refused", sha, pack=PACK, note="no thanks")
    assert event.seq == 1 and event.status is ConsentStatus.REFUSED
    assert event.clauses[0].clause_id == "1" and event.pack == PACK
    store.record("dr-lee", "tracking", ConsentStatus.GIVEN, sha)
    store.record("dr-lee", "tracking", ConsentStatus.WITHDRAWN, sha)
    states = {s.topic: s.status for s in store.current_state("dr-lee")}
    assert states == {"client-access": ConsentStatus.REFUSED, "tracking": ConsentStatus.WITHDRAWN}
    assert [e.seq for e in store.history("dr-lee", topic="tracking")] == [2, 3]
    assert store.current_state("dr-ng") == ()
    assert store.verify().ok and store.verify().events == 3


def test_bad_input_is_refused_with_clear_messages(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    with pytest.raises(TermsError, match="no member named 'nobody'"):
        store.record("nobody", "tracking", "given", sha)
    with pytest.raises(TermsError, match="unknown consent topic 'weather'"):
        store.record("dr-lee", "weather", "given", sha)
    with pytest.raises(TermsError, match="invalid consent status 'invalidated'"):
        store.record("dr-lee", "tracking", "invalidated", sha)
    with pytest.raises(TermsError, match="no stored document"):
        store.record("dr-lee", "tracking", "given", "0" * 64)
    with pytest.raises(TermsError, match="invalid member name"):
        store.add_member("   ")
    assert store.event_count() == 0


@pytest.mark.parametrize(("name", "message"), [
    ("dr-lee\u200b", "ends with the invisible character U\\+200B \\(ZERO WIDTH SPACE\\)"),
    ("\u200edr-lee", "begins or ends with the invisible character U\\+200E"),
    ("dr-\u200blee", "already exists .* invisible characters"),   # looks like dr-lee: one person
    ("dr\udcff", "not valid text: it holds characters that are not UTF-8 \\(the byte 0xFF\\)"),
])
def test_names_that_look_like_another_or_are_not_text_are_refused(store: ConsentStore, name: str,
                                                                   message: str) -> None:
    """A command-line argument in another encoding arrives with lone surrogates; invisible format
    characters made two members that look the same."""
    store.add_member("dr-lee")
    with pytest.raises(TermsError, match=message):
        store.add_member(name)
    assert [m.name for m in store.list_members()] == ["dr-lee"]
    assert store.member("dr-\u200blee").name == "dr-lee"


def test_a_note_that_is_not_text_is_refused(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    with pytest.raises(TermsError, match="the note is not valid text"):
        store.record("dr-lee", "tracking", "given", sha, note="hi\udcfe")
    assert store.event_count() == 0


def test_new_version_invalidates_given_consents_whose_clauses_changed(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v1)    # clause 1 changes in v2
    store.record("dr-lee", "tracking", "given", v1)         # clause 2 unchanged
    store.record("dr-lee", "content-mining", "refused", v1)  # refusals stand
    added = store.add_document(make_document(V2), V1_FLAGS, pack=PACK)
    assert [(e.topic, e.status, e.method) for e in added.invalidated] == [
        ("client-access", ConsentStatus.INVALIDATED, "terms-change")]
    assert "clause 1 changed" in added.invalidated[0].note
    reviews = store.pending_reviews("dr-lee")
    assert len(reviews) == 1
    review = reviews[0]
    assert (review.topic, review.old_document) == ("client-access", v1)
    assert review.new_document == added.document.sha256
    assert [(c.change, c.clause_id) for c in review.changes] == [("changed", "1")]
    assert "government agencies" in review.changes[0].new_quote
    # the member decides again on the new version: no longer pending
    store.record("dr-lee", "client-access", "refused", added.document.sha256)
    assert store.pending_reviews("dr-lee") == ()
    assert store.verify().ok


def test_a_re_review_follows_the_newest_version(store: ConsentStore) -> None:
    """A consent waiting for re-review when a third version came: the review still showed only the
    second version's change and named the second version to answer on, so the member answered on
    outdated text and was asked again at once."""
    import dataclasses

    store.add_member("dr-lee")
    v1 = store.add_document(dataclasses.replace(make_document(V1), effective_date="2026-01-01"),
                            V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    second = [V1[0].replace("read", "read and search"), *V1[1:]]
    third = [V1[0].replace("read", "read, search and export"), *V1[1:]]
    store.add_document(dataclasses.replace(make_document(second), effective_date="2026-06-01"), V1_FLAGS)
    v3 = store.add_document(dataclasses.replace(make_document(third), effective_date="2026-09-01"),
                            V1_FLAGS)
    assert [e.topic for e in v3.invalidated] == ["client-access"]
    [review] = store.pending_reviews("dr-lee")
    assert (review.old_document, review.new_document) == (v1, v3.document.sha256)
    assert "export" in review.changes[0].new_quote
    # an older version stored afterwards does not take the review back to it
    assert store.add_document(dataclasses.replace(make_document([*second, "Older."]),
                                                  effective_date="2026-03-01"), V1_FLAGS).invalidated == ()
    store.record("dr-lee", "client-access", "refused", v3.document.sha256)
    assert store.pending_reviews("dr-lee") == ()
    assert store.verify().ok


def test_reviews_by_member_counts_what_each_member_still_has_to_answer(store: ConsentStore) -> None:
    for name in ("dr-lee", "dr-okafor", "dr-sato"):
        store.add_member(name)
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    store.record("dr-okafor", "client-access", "given", v1)
    store.record("dr-sato", "tracking", "given", v1)        # clause 2: unchanged in v2
    v2 = store.add_document(make_document(V2), V1_FLAGS)
    series = v2.document.series
    assert store.reviews_by_member(series) == {"dr-lee": 1, "dr-okafor": 1}
    store.record("dr-okafor", "client-access", "refused", v2.document.sha256)
    assert store.reviews_by_member(series) == {"dr-lee": 1}
    assert store.reviews_by_member("no such series") == {}


def test_an_older_version_stored_afterwards_invalidates_nothing(store: ConsentStore) -> None:
    import dataclasses

    store.add_member("dr-lee")
    newer = dataclasses.replace(make_document(V2), effective_date="2026-06-01")
    older = dataclasses.replace(make_document(V1), effective_date="2026-01-01")
    v2 = store.add_document(newer, V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v2)
    added = store.add_document(older, V1_FLAGS)
    assert added.is_new and added.invalidated == ()
    assert store.pending_reviews("dr-lee") == ()
    later = dataclasses.replace(make_document([V1[0] + " Always.", *V1[1:]]), effective_date="2026-09-01")
    assert [e.topic for e in store.add_document(later, V1_FLAGS).invalidated] == ["client-access"]


def test_a_consent_given_on_a_superseded_version_needs_review_at_once(store: ConsentStore) -> None:
    """Recorded after the newer version was stored, a consent on the old text is in the state it would
    be in had it been recorded first: awaiting re-review where its clauses changed, in force where
    they did not; a refusal stands either way. The decision and its re-review request are one
    transaction, and the request names the pack the newer version was analysed with."""
    store.add_member("dr-lee")
    v1 = store.add_document(make_document(V1), V1_FLAGS, pack=PACK).document.sha256
    v2 = store.add_document(make_document(V2), V1_FLAGS, pack=PACK).document.sha256
    store.record("dr-lee", "client-access", "refused", v2, pack=PACK)   # the pack v2 was analysed with
    given = store.record("dr-lee", "client-access", "given", v1)     # clause 1 changed in v2
    store.record("dr-lee", "tracking", "given", v1)                  # clause 2 did not
    states = {s.topic: s for s in store.current_state("dr-lee")}
    assert states["client-access"].needs_review and states["client-access"].event.document_sha256 == v2
    assert states["client-access"].event.seq == given.seq + 1
    assert states["client-access"].event.pack == PACK
    assert states["tracking"].status is ConsentStatus.GIVEN
    [review] = store.pending_reviews("dr-lee")
    assert (review.topic, review.old_document, review.new_document) == ("client-access", v1, v2)
    assert [(c.change, c.clause_id) for c in review.changes] == [("changed", "1")]
    assert store.verify().ok


def test_a_decision_recorded_by_hash_names_the_pack_its_clauses_were_found_with(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v1, pack=PACK)
    store.add_document(make_document(V2), V1_FLAGS, pack=PACK)    # writes a re-review request with PACK
    [review] = store.pending_reviews("dr-lee")
    decided = store.record("dr-lee", "client-access", "refused", review.new_document)   # no pack given
    assert decided.pack == PACK
    lone = store.add_document(make_document(["We use cookies."], title="Other"), [flag("data.tracking", "1")])
    assert store.record("dr-lee", "tracking", "refused", lone.document.sha256).pack is None


def test_new_clause_bearing_on_a_topic_needs_review(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    v1 = store.add_document(make_document(V1[:2]), V1_FLAGS[:2]).document.sha256
    store.record("dr-lee", "content-mining", "given", v1)  # no clause bore on it in v1
    v2 = store.add_document(make_document(V1), V1_FLAGS)
    assert [e.topic for e in v2.invalidated] == ["content-mining"]
    assert [(c.change, c.clause_id) for c in store.pending_reviews("dr-lee")[0].changes] == [("added", "3")]


def test_a_clause_held_before_that_only_now_bears_on_a_topic_is_not_called_added(store: ConsentStore) -> None:
    """AI training allowed on the physician sample's first version, where no clause bore on it: the
    later version's §7.1 (the definition of Clients, changed) was listed as "clause 7.1 added"."""
    store.add_member("dr-lee")
    v1 = store.add_document(make_document([*V1[:2], "We may read posts to find brand mentions."]),
                            V1_FLAGS[:2]).document.sha256
    store.record("dr-lee", "content-mining", "given", v1)   # no clause bore on it in v1
    store.add_document(make_document(V1), V1_FLAGS)
    [change] = store.pending_reviews("dr-lee")[0].changes
    assert (change.change, change.clause_id) == ("changed and now bears on it", "3")
    assert change.old_quote == "We may read posts to find brand mentions." and change.new_quote == V1[2]
    # the same words, only now flagged: no change of the clause, yet it bears on the question now
    store.add_member("dr-ng")
    store.record("dr-ng", "content-mining", "given", v1)
    store.add_document(make_document([*V1[:2], "We may read posts to find brand mentions.", "Thanks."]),
                       [*V1_FLAGS[:2], flag("data.monitoring", "3")])
    [change] = store.pending_reviews("dr-ng")[0].changes
    assert (change.change, change.clause_id, change.old_quote) == ("now bears on it", "3", None)


DEFINITION = ('We sell insight to paying organisations ("Clients"). Our Clients include drug makers, '
              "banks and market-research firms.")
DEFINED = [DEFINITION, "Clients may read and search members' posts.", "We use cookies to track you."]


def _defined_flags(members: str = "drug makers, banks and market-research firms") -> list[Flag]:
    reading = dataclasses.replace(flag("data.client-access", "2"), parties=(f"clients such as {members}",))
    return [reading, flag("data.tracking", "3")]


def test_the_definition_of_a_party_a_flag_names_bears_on_its_topic() -> None:
    found = topic_clauses(make_document(DEFINED), _defined_flags(), load_topics())
    assert [r.clause_id for r in found["client-access"]] == ["1", "2"]
    assert [r.clause_id for r in found["tracking"]] == ["3"]
    # a flag naming no defined term brings no definition along
    found = topic_clauses(make_document(DEFINED), [flag("data.client-access", "2")], load_topics())
    assert [r.clause_id for r in found["client-access"]] == ["2"]


def test_a_definition_that_adds_clients_asks_for_a_review_though_no_flagged_clause_changed(
        store: ConsentStore) -> None:
    store.add_member("dr-lee")
    v1 = store.add_document(make_document(DEFINED), _defined_flags()).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    wider = DEFINITION.replace("banks and", "banks, employers of physicians and")
    added = store.add_document(make_document([wider, *DEFINED[1:]]),
                               _defined_flags("drug makers, banks, employers of physicians and "
                                              "market-research firms"))
    assert [(e.topic, e.note) for e in added.invalidated] == [
        ("client-access", f"terms changed since {v1[:12]}: clause 1 changed")]
    (review,) = store.pending_reviews("dr-lee")
    assert [(c.change, c.clause_id) for c in review.changes] == [("changed", "1")]
    assert "employers of physicians" in review.changes[0].new_quote


def test_a_clause_that_only_now_bears_on_a_topic_but_stood_word_for_word_asks_for_no_review(
        store: ConsentStore) -> None:
    """Consents recorded before definitions bore on topics (or before a newer rule pack flagged a
    clause) hold fewer clauses than a new version's topic: the terms did not change there."""
    store.add_member("dr-lee")
    plain_flags = [flag("data.client-access", "2"), flag("data.tracking", "3")]   # as ClearTerms 0.2 read it
    v1 = store.add_document(make_document(DEFINED), plain_flags).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    store.record("dr-lee", "tracking", "given", v1)
    v2 = [*DEFINED[:2], "We use cookies and pixels to track you."]
    added = store.add_document(make_document(v2), _defined_flags())
    assert [e.topic for e in added.invalidated] == ["tracking"]
    assert [r.clause_id for r in added.document.clauses_for("client-access")] == ["1", "2"]
    # the same holds for a consent given on the old version after the new one was stored
    store.add_member("dr-kim")
    store.record("dr-kim", "client-access", "given", v1)
    assert [r.topic for r in store.pending_reviews("dr-kim")] == []


def _analysed(text: str, source: str):
    from terms.flagging import analyze
    from terms.parsing import parse_text

    return analyze(parse_text(text, source=source))


def test_a_clause_that_only_now_bears_on_a_topic_because_its_context_changed_asks_for_a_review(
        store: ConsentStore) -> None:
    """Its words stood in the old version, but under "We will never do the following:"; now under
    "We may do the following:" they sell the member's data. Only a definition that stood is no change."""
    old = ("# App Terms\n\n## Sharing\n\nWe share your personal information with our service providers "
           "who host the app.\n\n## Our commitments\n\nWe will never do the following:\n\n- sell your "
           "personal information to data brokers;\n- show your health records to your employer.\n")
    new = old.replace("We will never do the following:", "We may do the following:")
    store.add_member("dr-lee")
    first = _analysed(old, "v1.md")
    v1 = store.add_document(first.document, first.flags, series="app").document.sha256
    store.record("dr-lee", "third-party-sharing", "given", v1)
    later = _analysed(new, "v2.md")
    added = store.add_document(later.document, later.flags, series="app")
    assert [(e.topic, e.note) for e in added.invalidated] == [
        ("third-party-sharing", f"terms changed since {v1[:12]}: clause our-commitments/i1 now bears on it; "
                                "clause our-commitments/i2 now bears on it")]


def test_a_definition_set_out_as_a_list_bears_on_the_topic_item_by_item(store: ConsentStore) -> None:
    def version(items: str) -> str:
        return ('# Network Terms\n\n## 1. Our business\n\nWe sell insight to paying organisations '
                f'("Clients"). Our Clients include\n\n{items}\n\n## 2. Access\n\n'
                "2.1 Clients may read and search your posts.\n")

    items = "- pharmaceutical companies,\n- banks, and\n- market-research firms."
    first = _analysed(version(items), "v1.md")
    found = topic_clauses(first.document, first.flags, load_topics())["client-access"]
    assert [r.clause_id for r in found] == ["1/p1", "1/i1", "1/i2", "1/i3", "2.1"]
    store.add_member("dr-lee")
    v1 = store.add_document(first.document, first.flags, series="net").document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    wider = items.replace("- banks, and", "- banks,\n- employers of physicians, and")
    later = _analysed(version(wider), "v2.md")
    added = store.add_document(later.document, later.flags, series="net")
    assert [e.topic for e in added.invalidated] == ["client-access"]
    (review,) = store.pending_reviews("dr-lee")
    assert any("employers of physicians" in (c.new_quote or "") for c in review.changes)


def test_a_topic_new_in_a_release_gets_its_clauses_when_a_stored_version_is_added_again(db: str) -> None:
    texts = ["We may use your posts to train AI models.", "Clients may read members' posts.",
             "We may mine posts for brand mentions."]
    trained = Flag("data.content-license", Severity.CONCERN, "1", ((0, 1),), "license.ai-training", "x",
                   rules=("license.ai-training",))
    flags = [trained, flag("data.client-access", "2")]
    earlier_topics = tuple(t for t in load_topics() if t.id != "ai-training")
    with open_store(db, topics=earlier_topics) as old:
        sha = old.add_document(make_document(texts), flags, pack=PACK).document.sha256
        assert "ai-training" not in dict(old.document(sha).topic_clauses)
    with open_store(db) as store:
        store.add_member("dr-lee")
        # more flags now: a topic that has clauses keeps them, one that has a decision keeps none
        store.record("dr-lee", "content-mining", ConsentStatus.REFUSED, sha)
        more = [*flags, flag("data.client-access", "3"), flag("data.monitoring", "3")]
        again = store.add_document(make_document(texts), more, pack=PACK)
        assert (again.is_new, again.invalidated, again.new_topics) == (False, (), ("ai-training",))
        stored = dict(store.document(sha).topic_clauses)
        assert [r.clause_id for r in stored["ai-training"]] == ["1"]
        assert [r.clause_id for r in stored["client-access"]] == ["2"]
        assert "content-mining" not in stored
        assert store.add_document(make_document(texts), more).new_topics == ()
        assert store.verify().ok


def test_a_question_no_clause_bore_on_where_the_member_last_answered_is_new_to_them(
        store: ConsentStore) -> None:
    texts = ["Clients may read members' posts.", "We may mine posts for brand mentions."]
    store.add_member("dr-lee")
    store.add_member("dr-ng")
    v1 = store.add_document(make_document(texts), [flag("data.client-access", "1")]).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    assert store.new_questions("dr-lee") == ()
    v2 = store.add_document(make_document([*texts, "We use cookies."]),
                            [flag("data.client-access", "1"), flag("data.monitoring", "2"),
                             flag("data.tracking", "3")]).document.sha256
    found = store.new_questions("dr-lee")
    assert [(q.topic, q.answered_on, q.new_document) for q in found] == [
        ("content-mining", v1, v2), ("tracking", v1, v2)]
    assert [c.clause_id for c in found[0].clauses] == ["2"]
    assert store.new_questions("dr-ng") == ()          # answered nothing: every question is new to them
    store.record("dr-lee", "tracking", "refused", v2)
    assert store.new_questions("dr-lee") == ()          # answered on the newest version: they saw them all


def test_expired_consent_reads_as_expired(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    event = store.record("dr-lee", "tracking", "given", sha, expires_at=expiry_after(365))
    assert store.current_state("dr-lee")[0].status is ConsentStatus.GIVEN
    later = expiry_after(366, event.recorded_at)
    assert store.current_state("dr-lee", now=later)[0].status is ConsentStatus.EXPIRED
    assert store.verify().ok
    # only consent given lapses: a refusal with an end date is refused, and nothing is written
    with pytest.raises(TermsError, match="an end date applies to consent given, not to a decision refused"):
        store.record("dr-lee", "tracking", "refused", sha, expires_at=expiry_after(30))
    assert len(store.history("dr-lee")) == 1


def test_record_many_chains_across_batches(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    items = (NewEvent("dr-lee", "tracking", ConsentStatus.GIVEN if i % 2 else ConsentStatus.REFUSED, sha, ())
             for i in range(250))
    assert store.record_many(items, batch_size=100) == 250
    report = store.verify()
    assert report.ok and report.events == 250
    assert [e.seq for e in store.history()] == list(range(1, 251))


def test_several_decisions_are_recorded_all_or_nothing(store: ConsentStore) -> None:
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    # the last choice is refused before anything is written: nothing of the set is kept
    with pytest.raises(TermsError, match="nothing to withdraw"):
        store.record_decisions("Dr-Lee", sha, {"tracking": "given", "client-access": "withdrawn"})
    assert store.event_count() == 0
    events = store.record_decisions("Dr-Lee", sha, {"tracking": "given", "client-access": "refused"},
                                    method="desktop")
    assert [(e.member, e.topic, e.status, e.method) for e in events] == [
        ("dr-lee", "tracking", ConsentStatus.GIVEN, "desktop"),
        ("dr-lee", "client-access", ConsentStatus.REFUSED, "desktop")]
    assert store.verify().ok and store.event_count() == 2


def test_events_cannot_be_updated_or_deleted_in_the_database(store: ConsentStore) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("dr-lee", "tracking", "given", sha)
    engine = store._storage.engine
    for statement in ("UPDATE consent_event SET status = 'refused'", "DELETE FROM consent_event"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert store.history()[0].status is ConsentStatus.GIVEN


def test_edited_row_is_caught_by_verify(store: ConsentStore) -> None:
    from sqlalchemy import text

    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    for status in ("given", "refused", "given"):
        store.record("dr-lee", "client-access", status, sha)
    engine = store._storage.engine
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:  # an attacker with database access removes the guard first
        if sqlite:
            conn.execute(text("DROP TRIGGER consent_event_no_update"))
        else:
            conn.execute(text("DROP TRIGGER consent_event_append_only ON consent_event"))
        conn.execute(text("UPDATE consent_event SET status = 'given' WHERE seq = 2"))
    report = store.verify()
    assert not report.ok and report.first_bad_seq == 2
    assert "edited" in report.problem
    # nor is the edited event shown as the member's decision, or a new one based on it ...
    for read in (lambda: store.current_state("dr-lee"), lambda: store.history("dr-lee"),
                 lambda: store.pending_reviews("dr-lee"),
                 lambda: store._check_record("dr-lee")):
        with pytest.raises(StoreCorrupt, match="event 2 does not match its hash"):
            read()
    with pytest.raises(StoreCorrupt):   # here the missing guard is found first
        store.record("dr-lee", "tracking", "given", sha)
    assert store.event_count() == 3
    # ... while an export still reads every event as it is, for the record of what happened
    assert len(store.snapshot().events) == 3


def test_reopening_keeps_everything(db: str) -> None:
    with open_store(db) as s:
        s.add_member("dr-lee")
        sha = s.add_document(make_document(V1), V1_FLAGS).document.sha256
        s.record("dr-lee", "tracking", "given", sha)
        before = s.snapshot()
    with open_store(db) as s:
        assert s.snapshot() == before
        assert s.verify().ok


def test_opening_only_to_read_starts_no_store(db: str) -> None:
    """``create=False`` (the command line's reading commands): where no store is, none is started."""
    from sqlalchemy import create_engine, inspect

    from terms.consent.location import resolve_location
    from terms.errors import StoreMissing

    with pytest.raises(StoreMissing, match=r"^no consent store at .*; add a member first or check "
                                           r"--db$"):
        open_store(db, create=False)
    location = resolve_location(db)
    if location.path is not None:
        assert not location.path.exists()
    else:                                      # the empty database got no tables
        engine = create_engine(location.url)
        try:
            with engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
        finally:
            engine.dispose()
    with open_store(db) as store:              # a writer starts it; then it opens for reading
        store.add_member("dr-lee")
    with open_store(db, create=False) as store:
        assert [m.name for m in store.list_members()] == ["dr-lee"]


def test_awaiting_review_lists_every_members_open_re_reviews(store: ConsentStore) -> None:
    for name in ("dr-lee", "dr-okafor"):
        store.add_member(name)
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    store.record("dr-okafor", "client-access", "refused", v1)
    v2 = store.add_document(make_document(V2), V1_FLAGS).document
    assert [(s.member, s.topic) for s in store.awaiting_review(v2.series)] == [("dr-lee", "client-access")]
    assert store.awaiting_review("another|series") == ()
    store.record("dr-lee", "client-access", "given", v2.sha256)
    assert store.awaiting_review() == ()


def test_only_a_given_consent_can_be_withdrawn(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "w.sqlite3")) as store:
        store.add_member("dr-lee")
        v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        with pytest.raises(TermsError, match=r"^nothing to withdraw: dr-lee has not allowed tracking$") as e:
            store.record("dr-lee", "tracking", ConsentStatus.WITHDRAWN, v1)
        assert e.value.hint and "--status refuse" in e.value.hint
        assert store.event_count() == 0
        store.record("dr-lee", "client-access", ConsentStatus.GIVEN, v1)
        v2 = store.add_document(make_document(V2), V1_FLAGS).document.sha256   # invalidates it
        store.record("dr-lee", "client-access", ConsentStatus.WITHDRAWN, v2)  # still withdrawable
        store.record("dr-lee", "tracking", ConsentStatus.GIVEN, v1, expires_at="2000-01-01T00:00:00.000000Z")
        store.record("dr-lee", "tracking", ConsentStatus.WITHDRAWN, v1)       # expired: withdrawable too
        assert [e.status.value for e in store.history("dr-lee")] == [
            "given", "invalidated", "withdrawn", "given", "withdrawn"]


@pytest.mark.parametrize(("ref", "number", "quoted"), [
    (ClauseRef("7.2", "f", "7.2 Clients may read posts."), "7.2", "7.2 Clients may read posts."),
    (ClauseRef("1", "f", "1. Acceptance of these Terms"), "1.", "1. Acceptance of these Terms"),
    (ClauseRef("1", "f", "10. Sponsored content"), "", "1: 10. Sponsored content"),
    (ClauseRef("7.2~2", "f", "7.2 The same number again."), "7.2", "7.2 The same number again."),
    (ClauseRef("terms/p3", "f", "Welcome to the service."), "", "terms/p3: Welcome to the service."),
])
def test_a_clause_is_quoted_with_its_number_once(ref: ClauseRef, number: str, quoted: str) -> None:
    assert leading_number(ref) == number
    assert quote_with_id(ref) == quoted


def test_word_changes_show_the_changed_words_in_their_context() -> None:
    old = "Clients may view posts in open rooms. They may set alerts for keywords they choose at any time."
    new = "Clients may view posts in open rooms and private messages. They may set alerts for keywords."
    # words are matched as clearterms compare matches them: "rooms." is still "rooms"
    assert word_changes(old, new) == ("Clients may view posts in open rooms {+and private messages.+} "
                                      "They may set alerts for keywords. [-they choose at any time.-]")
    words = [f"w{i}" for i in range(30)]
    changed = [*words[:10], "NEW", *words[11:]]
    assert word_changes(" ".join(words), " ".join(changed)) == (
        "… w4 w5 w6 w7 w8 w9 [-w10-] {+NEW+} w11 w12 w13 w14 w15 w16 …")
    assert word_changes("a b c", "a  b\nc") == "a b c"


def test_a_version_and_the_re_reviews_it_causes_are_stored_together(
        store: ConsentStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash between storing a new version and writing its re-review requests left the version
    stored and the consent "allowed" under the changed clause; adding the version again then found
    it stored and asked for nothing."""
    store.add_member("dr-lee")
    v1 = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    store.record("dr-lee", "client-access", "given", v1)
    append = store._storage.append

    def crash(*args, **kwargs):
        raise StorageError("the process died here")

    monkeypatch.setattr(store._storage, "append", crash)
    with pytest.raises(StorageError, match="died"):
        store.add_document(make_document(V2), V1_FLAGS, pack=PACK)
    assert [d.sha256 for d in store.documents()] == [v1]   # nothing of the new version was kept
    monkeypatch.setattr(store._storage, "append", append)
    added = store.add_document(make_document(V2), V1_FLAGS, pack=PACK)
    assert added.is_new and [e.topic for e in added.invalidated] == ["client-access"]


@pytest.mark.parametrize("decision", ["given", "withdrawn"])
def test_a_decision_recorded_while_a_version_is_added_is_not_overridden(
        db: str, decision: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program recording a decision after ``add-version`` had read the states, but before
    it wrote the re-review requests, saw its decision superseded by a stale "needs re-review"."""
    import threading

    with open_store(db) as first:
        first.add_member("dr-lee")
        v1 = first.add_document(make_document(V1), V1_FLAGS).document.sha256
        first.record("dr-lee", "client-access", "given", v1)
    v2 = make_document(V2).sha256
    other_done = threading.Event()

    def decide_elsewhere() -> None:
        with open_store(db) as other:
            on = v2 if decision == "given" else v1
            other.record("dr-lee", "client-access", decision, on)
        other_done.set()

    with open_store(db) as adder:
        states = adder._states
        started: list[threading.Thread] = []

        def states_then_a_rival(**kwargs):
            found = states(**kwargs)
            if not started:   # the rival decides while the adder goes on from what it read
                started.append(threading.Thread(target=decide_elsewhere))
                started[0].start()
                other_done.wait(1.0)
            return found

        monkeypatch.setattr(adder, "_states", states_then_a_rival)
        adder.add_document(make_document(V2), V1_FLAGS, pack=PACK)
        started[0].join(30)
        assert other_done.is_set()
        (state,) = adder.current_state("dr-lee")
        assert state.status is ConsentStatus(decision)   # the later decision stands
        assert adder.verify().ok


@pytest.mark.parametrize("name", ["consent%20backup.sqlite3", "real.sqlite3?x", "q?mode=ro.sqlite3"])
def test_a_path_with_url_characters_opens_that_very_file(tmp_path: Path, name: str) -> None:
    """The path used to be put into a URL unescaped: "%20" was read as a space and "?" cut it."""
    with open_store(str(tmp_path / "consent backup.sqlite3")) as other:
        other.add_member("alice")
    with open_store(str(tmp_path / name)) as store:
        store.add_member("bob")
        assert [m.name for m in store.list_members()] == ["bob"]
    assert (tmp_path / name).stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == sorted(
        {"consent backup.sqlite3", name})


def test_times_never_go_backwards_along_the_log(store: ConsentStore,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock set back made events run backwards in time, and the FHIR export's periods end before
    they began. A little behind, the event takes the last one's time; far behind, it is refused."""
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    clock = iter(["2026-06-01T12:00:00.000000Z", "2026-06-01T11:58:00.000000Z",
                  "2026-06-01T10:00:00.000000Z", "2026-06-01T12:01:00.000000Z"])   # the last: verify's
    monkeypatch.setattr("terms.consent.store.utc_now", lambda: next(clock))
    first = store.record("dr-lee", "tracking", "given", sha)
    second = store.record("dr-lee", "tracking", "refused", sha)          # 2 minutes behind
    assert second.recorded_at == first.recorded_at == "2026-06-01T12:00:00.000000Z"
    with pytest.raises(StorageError, match=r"clock reads 2026-06-01T10:00:00.000000Z, 2 hours before the "
                                           r"last event was recorded"):
        store.record("dr-lee", "tracking", "given", sha)
    assert store.event_count() == 2 and store.verify().ok


def test_a_clock_set_ahead_once_holds_up_no_withdrawal_and_verify_names_it(
        store: ConsentStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """One decision recorded with the clock set to 2031 made every later write, a member's
    withdrawal too, be refused until 2031, and verify said nothing."""
    store.add_member("dr-lee")
    sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
    clock = iter(["2031-01-01T00:00:00.000000Z"] + ["2026-12-04T20:00:00.000000Z"] * 4)
    monkeypatch.setattr("terms.consent.store.utc_now", lambda: next(clock))
    store.record("dr-lee", "tracking", "given", sha)                         # a clock set ahead
    with pytest.raises(StorageError, match="1488 days before the last event was recorded") as refused:
        store.record("dr-lee", "client-access", "given", sha)
    assert "clock was set ahead" in (refused.value.hint or "")
    assert "a withdrawal is still recorded" in (refused.value.hint or "")
    withdrawal = store.record("dr-lee", "tracking", "withdrawn", sha, note="by phone")
    assert withdrawal.recorded_at == "2031-01-01T00:00:00.000000Z"
    assert withdrawal.note == ("by phone\nRecorded at the last event's time: this computer's clock read "
                               "2026-12-04T20:00:00.000000Z, 1488 days before it.")
    report = store.verify()
    assert report.ok and report.notes == (
        "event 1: it claims a time (2031-01-01T00:00:00.000000Z) after this computer's clock: it was "
        "recorded on a computer whose clock was set ahead, or this one's is behind",
        "event 2: it claims a time (2031-01-01T00:00:00.000000Z) after this computer's clock: it was "
        "recorded on a computer whose clock was set ahead, or this one's is behind")


def test_a_version_filed_under_another_document_asks_for_re_review_there(store: ConsentStore) -> None:
    """The app's "Add as New Version Of…" on a version stored under its own title left the consents
    given on the document's other versions in force, though its clauses differ."""
    import dataclasses

    store.add_member("dr-lee")
    v1 = store.add_document(make_document(V1), V1_FLAGS).document
    store.record("dr-lee", "client-access", "given", v1.sha256)
    renamed = dataclasses.replace(make_document(V2), title="Membership Terms 2026")
    v2 = store.add_document(renamed, V1_FLAGS).document
    assert v2.series != v1.series and store.pending_reviews("dr-lee") == ()
    moved = store.refile_document(v2.sha256, v1.series, PACK)
    assert moved.is_new and moved.document.series == v1.series
    assert [e.topic for e in moved.invalidated] == ["client-access"]
    assert [r.topic for r in store.pending_reviews("dr-lee")] == ["client-access"]
    assert store.refile_document(v2.sha256, v1.series).is_new is False   # already there
    store.record("dr-lee", "tracking", "given", v2.sha256)
    with pytest.raises(StorageError, match="decisions are recorded on version"):
        store.refile_document(v2.sha256, "library|elsewhere|other")
    assert store.verify().ok


def test_a_store_knows_whether_opening_it_started_it(tmp_path: Path) -> None:
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        assert store.started
        assert store.new_elsewhere == f"started a new consent store at {path} (named by --db)"
    with open_store(str(path)) as store:
        assert not store.started and store.new_elsewhere is None


@pytest.mark.parametrize(("method", "message"), [
    ("\r\x1b[2Kall consents refused", r"control character U\+000D"), ("", "1 to 200 characters"),
    ("   ", "1 to 200 characters"), ("m" * 201, "1 to 200 characters")])
def test_a_decision_says_how_it_was_collected_in_a_few_printable_words(
        tmp_path: Path, method: str, message: str) -> None:
    with open_store(str(tmp_path / "consent.sqlite3")) as store:
        store.add_member("dr-lee")
        sha = store.add_document(make_document(V1), V1_FLAGS).document.sha256
        with pytest.raises(TermsError, match=message):
            store.record("dr-lee", "client-access", "given", sha, method=method)
        assert store.event_count() == 0


@pytest.mark.parametrize(("code", "message"), [(sqlite3.SQLITE_IOERR, "disk I/O error"),
                                               (sqlite3.SQLITE_FULL, "database or disk is full")])
def test_a_full_or_failing_disk_is_not_called_a_damaged_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             code: int, message: str) -> None:
    """On a full disk the store was called "damaged", with the advice to restore a backup or start
    a new, empty store: either loses the records, which were intact all along."""
    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("Ann")
    (tmp_path / "consent.sqlite3-wal").write_bytes(b"")   # as a store in use leaves it

    class Failing:
        def execute(self, *_args: object) -> None:
            error = sqlite3.OperationalError(message)
            error.sqlite_errorcode = code
            raise error

        def close(self) -> None:
            pass

    monkeypatch.setattr("terms.consent.storage.sqlite3.connect", lambda *a, **k: Failing())
    with pytest.raises(StorageError) as caught:
        open_store(str(path))
    assert not isinstance(caught.value, StoreCorrupt)
    assert f"cannot read the consent database ({message})" in str(caught.value)
    assert "do not replace the file" in (caught.value.hint or "")


def test_a_full_disk_while_the_schema_is_written_is_not_called_damage(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    def full(_conn: object) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise OperationalError("CREATE TABLE member (…)", {}, error)

    path = tmp_path / "consent.sqlite3"
    with open_store(str(path)) as store:
        store.add_member("Ann")
    monkeypatch.setattr("terms.consent.storage.migrate.upgrade", full)
    monkeypatch.setattr("terms.consent.storage._up_to_date", lambda _storage: False)   # as an older store
    with pytest.raises(StorageError) as caught:
        open_store(str(path))
    assert not isinstance(caught.value, StoreCorrupt)
    assert "cannot read or update the consent database (database or disk is full)" in str(caught.value)
    # starting a new store on that disk: a message, nothing left behind
    with pytest.raises(StorageError, match="cannot start a consent store there"):
        open_store(str(tmp_path / "new.sqlite3"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consent.sqlite3"]
