"""``clearterms consent``: members, decisions, re-review, exports and integrity of the consent store.

The store is ``--db`` (a file path or a ``postgresql://`` URL), else ``$CLEARTERMS_DB``,
else ``consent.sqlite3`` in the user data directory. ``verify`` exits 1 when the
hash chain does not verify; bad input exits 2 with a one-line message.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import shlex
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.cli._args import add_rules_option, output_path, suggestion
from desktop.cli._output import add_format_option, dumps_json, emit, same_file
from terms import wording

EXPORT_FORMATS = ("csv", "json", "fhir", "receipt", "html", "pdf")
_VIEW_FORMATS = ("text", "json")
#: The longest expiry ``--expires-in-days`` takes: 100 years (a larger one overflows the calendar).
MAX_EXPIRY_DAYS = 36_500
#: ``terms.consent.store.MAX_NOTE_CHARS``, for the help text (the store is imported only when used).
NOTE_LIMIT_TEXT = "10,000"
#: The words people see in the app and README, and the stored values they stand for.
STATUS_WORDS = {"allow": "given", "allowed": "given", "given": "given",
                "refuse": "refused", "refused": "refused",
                "withdraw": "withdrawn", "withdrawn": "withdrawn"}


def _status(word: str) -> str:
    """``--status``: a stored status, or the word the app shows for it."""
    status = STATUS_WORDS.get(word.strip().lower())
    if status is None:
        raise argparse.ArgumentTypeError(
            f"invalid status {word!r}: use allow, refuse or withdraw (or given, refused, withdrawn)")
    return status


#: The words the app shows for the stored statuses ("Allowed" in the consent view), used by the text
#: views ``show`` and ``history``; the JSON views keep the stored codes.
SHOWN_WORDS = {"given": "allowed", "refused": "refused", "withdrawn": "withdrawn",
               "invalidated": "invalidated", "expired": "expired"}


#: What ``record`` says the member did, so its line reads as a sentence ("dr-lee withdrew consent to
#: tracking", like "dr-lee allowed tracking").
_RECORDED_WORDS = {"given": "allowed", "refused": "refused", "withdrawn": "withdrew consent to"}


def _shown(status: Any) -> str:
    """The word a text view shows for a stored status."""
    value = str(getattr(status, "value", status))
    return SHOWN_WORDS.get(value, value)


_ANCHOR = re.compile(r"(\d+):([0-9a-f]{64})")


def _anchor(value: str) -> tuple[int, str]:
    """``N:HASH``, an event count and the head hash verify printed then (argparse type)."""
    match = _ANCHOR.fullmatch(value.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError(
            f"needs the event count and the 64-digit head hash as N:HASH (as `verify` printed them), not "
            f"{value[:80]!r}")
    return int(match.group(1)), match.group(2)


def _positive_int(value: str) -> int:
    """A whole number of 1 or more (argparse type)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


_MEMBER_HELP = "the member's name, as `clearterms consent members` lists it"
_TOPICS_HINT = "List the topics with `clearterms consent topics`."
_RULES_HELP = ("a rule pack added to the default pack when flagging the document, as the app's "
               "Tools > Rule Packs adds it (a base pack replaces it)")
_DB_HELP = ("consent store: a file path or a postgresql:// URL "
            "(default: $CLEARTERMS_DB, else the user data directory)")


def _db_value(value: str) -> str:
    """``--db``: not empty (an empty value read as the current folder, "is a directory")."""
    if not value.strip():
        raise argparse.ArgumentTypeError("is empty: give a database file path or a postgresql:// URL")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "consent", help="record and export per-topic consent tied to the exact terms text",
        description="Per-topic consent records, tied to the exact text shown, hash-chained.")
    parser.add_argument("--db", type=_db_value, help=_DB_HELP)
    parser.set_defaults(run=lambda args: _usage(parser))
    # --db is taken after the action too (`consent members add X --db F`); SUPPRESS keeps a
    # value given before the action when none follows it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=_db_value, default=argparse.SUPPRESS, help=_DB_HELP)
    sub = _SubParsers(parser.add_subparsers(dest="consent_command", metavar="ACTION"), common)

    p = sub.add_parser("members", help="list members, or add one: members add NAME")
    p.set_defaults(run=_members, action="list", name=None)
    # sub-actions, not two optional positionals: "members add --db F NAME" must find the name
    # after the option (argparse reads a run of optional positionals once)
    member_actions = _SubParsers(p.add_subparsers(dest="action", metavar="ACTION",
                                                  help="list the members (default), or add one"), common)
    member_actions.add_parser("list", help="list the members")
    member_actions.add_parser("add", help="add a member").add_argument("name", nargs="?",
                                                                         help="the new member's name")

    p = sub.add_parser("record", help="record a decision on a topic for a document version")
    p.add_argument("--member", required=True, help=_MEMBER_HELP)
    p.add_argument("--topic", required=True, help="topic id, e.g. tracking (see `clearterms consent topics`)")
    p.add_argument("--status", required=True, type=_status, metavar="STATUS",
                   help="allow (also: allowed, given), refuse (refused) or withdraw (withdrawn); "
                        "stored as given, refused or withdrawn")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--document", type=Path, help="the document file shown (parsed, flagged and stored)")
    src.add_argument("--sha256", help="a document version already in the store")
    p.add_argument("--series", help="document series id (default: service + kind + title)")
    p.add_argument("--note", default="", help="free text stored with the decision (e.g. why, or who asked; "
                                              f"at most {NOTE_LIMIT_TEXT} characters)")
    p.add_argument("--method", default="cli", help="how the decision was collected (default: cli)")
    add_rules_option(p, _RULES_HELP)
    p.add_argument("--force", action="store_true", help=_FORCE_HELP)
    p.add_argument("--expires-in-days", type=int, metavar="DAYS",
                   help=f"the consent lapses after this many days (1 to {MAX_EXPIRY_DAYS}; default: no "
                        "end date)")
    p.set_defaults(run=_record)

    p = sub.add_parser("add-version", help="store a document version; consents whose clauses changed "
                                           "then need re-review")
    p.add_argument("document", type=Path, help="the new version's file (any supported format)")
    p.add_argument("--series", help="document series id (default: service + kind + title)")
    p.add_argument("--version-label", help="e.g. the date or version the publisher gives")
    add_rules_option(p, _RULES_HELP)
    p.add_argument("--force", action="store_true", help=_FORCE_HELP)
    p.set_defaults(run=_add_version)

    p = sub.add_parser("topics", help="the consent topics, and with --document the clauses bearing on each")
    p.add_argument("--document", type=Path,
                   help="a document file: list under each topic the clauses that bear on it")
    add_rules_option(p, _RULES_HELP)
    add_format_option(p, _VIEW_FORMATS)
    p.set_defaults(run=_topics)

    for name, helptext, fn in (("show", "a member's current decisions", _show),
                               ("history", "a member's full event history", _history),
                               ("review", "consents needing re-review after a terms change (every "
                                          "member's, or only --member's)", _review)):
        p = sub.add_parser(name, help=helptext)
        member_help = "only this member's (default: every member's)" if name == "review" else _MEMBER_HELP
        p.add_argument("--member", required=name != "review", help=member_help)
        if name == "history":
            p.add_argument("--topic", help="only this topic's events (ids: `clearterms consent topics`)")
        add_format_option(p, _VIEW_FORMATS)
        p.set_defaults(run=fn)

    p = sub.add_parser("export", help="export the records: csv, json, fhir, receipt, html or pdf")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                   help="csv or json (the whole store; json can be imported again), fhir (FHIR R4 Consent "
                        "bundle), receipt (consent receipts), html or pdf (a readable report)")
    p.add_argument("--out", "-o", type=output_path, required=True,
                   help="the file to write; '-' for standard output (csv, json, fhir, receipt, html)")
    p.add_argument("--member", help="only this member's records (csv, fhir, receipt, html, pdf; the json "
                                    "export is always the complete store)")
    p.add_argument("--max-events", type=_positive_int, default=200, metavar="N",
                   help="history rows per member in the html/pdf report (default: 200)")
    p.set_defaults(run=_export)

    p = sub.add_parser("import", help="restore a JSON export into an empty store")
    p.add_argument("file", type=Path, help="a file written by `clearterms consent export --format json`")
    p.set_defaults(run=_import)

    p = sub.add_parser("verify", help="check the hash chain; exit 1 if it is broken")
    add_format_option(p, _VIEW_FORMATS)
    p.add_argument("--expect", type=_anchor, metavar="N:HASH",
                   help="an event count and head hash noted earlier outside the store (as verify printed "
                        "them): the log must still hold that event, so events cut off its end are found")
    p.set_defaults(run=_verify)


class _SubParsers:
    """``add_subparsers()`` whose actions all take the ``common`` options as well."""

    def __init__(self, actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
        self._actions = actions
        self._common = common

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return self._actions.add_parser(name, parents=[self._common], **kwargs)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _open(args: argparse.Namespace, *, create: bool = True) -> Any:
    """The store ``--db`` names; ``create=False`` for commands that only read: a path where no store
    is raises ``StoreMissing`` and creates nothing (a mistyped path must not read as an empty store).
    A writing command that starts a store where ``--db`` or ``CLEARTERMS_DB`` points says so on
    stderr, for the same reason."""
    from terms.consent import open_store

    store = open_store(args.db, create=create)
    if store.new_elsewhere:
        print(f"clearterms: note: {store.new_elsewhere}", file=sys.stderr)
    return store


def _open_if_started(args: argparse.Namespace) -> Any:
    """The store to read, or None when the default store was never started: nothing is recorded on
    this computer yet, which ``verify``, ``members`` and ``review`` answer as for an empty store.

    A store named by ``--db`` or ``CLEARTERMS_DB`` that does not exist is an error (exit 2): the
    name may be mistyped.
    """
    from terms.errors import StoreMissing

    try:
        return _open(args, create=False)
    except StoreMissing as exc:
        if exc.location.origin != "default":
            raise
        return None


def _analyse(path: Path, rules: list[Path]) -> tuple[Any, Any, Any, Any]:
    """Parse and flag a document with the default rule pack and ``--rules`` (as the app flags it with
    the packs of Tools ▸ Rule Packs): (document, flags, pack info, which names every pack used,
    the topics the user's own categories name)."""
    from terms.consent import PackInfo
    from terms.consent.clauses import own_topic_links
    from terms.flagging import analyze
    from terms.flagging.engine import load_flagging_packs
    from terms.parsing import parse_file

    analysis = analyze(parse_file(path), load_flagging_packs(rules))
    pack = analysis.pack
    return analysis.document, tuple(analysis.flags), PackInfo(pack.id, pack.version, pack.sha256), \
        own_topic_links(pack)


_FORCE_HELP = ("store the document even if no clause of it bears on any consent question (a file that "
               "does not look like terms; its whole text is kept for good)")


def _bearing(path: Path, analysed: tuple[Any, Any, Any, Any], force: bool) -> dict[str, Any]:
    """The clauses of ``analysed`` bearing on each consent topic; refused (before anything is stored,
    for good, in the append-only store) when none bears on any topic, unless ``force``: a contact
    list or a system file given by mistake is no terms of service."""
    from terms.consent.clauses import topic_clauses
    from terms.errors import TermsError
    from terms.topics import load_topics

    document, flags, _pack, links = analysed
    bearing = topic_clauses(document, flags, load_topics(), links)
    if not bearing and not force:
        raise TermsError(f"{path}: no clause of it bears on any consent question, so it does not look like "
                         "terms of service or a privacy policy; nothing was stored",
                         hint="Check the file. To store it anyway (its whole text is kept for good in the "
                              "consent store), add --force.")
    return bearing


def _series(store: Any, document: Any, given: str | None) -> str:
    """``--series``, else the series the document is already stored under (by this command line or
    by the app, which names it differently), else the command line's own key."""
    from terms.consent.store import series_key, series_keys

    return (given or store.series_in_use(series_keys(document)) or store.earlier_series_of(document)
            or series_key(document))


def _store_version(store: Any, analysed: tuple[Any, Any, Any, Any], series: str | None,
                   label: str | None = None) -> Any:
    document, flags, pack, links = analysed
    added = store.add_document(document, flags, pack=pack, series=_series(store, document, series),
                               version_label=label, links=links)
    for event in added.invalidated:
        print(f"needs re-review: {event.member} / {event.topic} ({event.note})", file=sys.stderr)
    return added, pack


def _members(args: argparse.Namespace) -> int:
    from terms.errors import TermsError

    if args.action == "add":
        if not args.name or not args.name.strip():
            raise TermsError("members add: give the new member's name",
                             hint="e.g. clearterms consent members add dr-lee (quote a name with spaces)")
        with _open(args) as store:
            try:
                added = store.add_member(args.name)
            except TermsError as exc:
                raise _hinted(exc, "A member name is 1 to 200 characters and not already taken: "
                                   "see `clearterms consent members`.") from None
        print(f"added member {added.name}")   # as stored: tabs, line breaks and runs of spaces made one
        if added.name != args.name:
            from terms.consent.store import shown_name
            print(f"clearterms: note: the name was given as {shown_name(args.name)}; its spacing (tabs, line "
                  "breaks, runs of spaces) is stored as single spaces", file=sys.stderr)
        return 0
    store = _open_if_started(args)
    members = ()
    if store is not None:
        with store:
            members = store.list_members()
    for member in members:
        print(f"{member.name}\t(added {member.created_at})")
    if not members:
        print("no members yet; add one with: clearterms consent members add NAME")
    return 0


def _record(args: argparse.Namespace) -> int:
    from terms.consent.model import ConsentStatus
    from terms.consent.store import expiry_after, is_newer, newest_of, valid_expiry, valid_note
    from terms.errors import TermsError

    days = args.expires_in_days
    if days is not None and not 1 <= days <= MAX_EXPIRY_DAYS:
        bound = "1 or more" if days < 1 else f"at most {MAX_EXPIRY_DAYS} (100 years)"
        raise TermsError(f"--expires-in-days must be {bound}, not {days}",
                         hint="Leave it out for a consent without an end date.")
    expires = expiry_after(days) if days is not None else None
    valid_expiry(ConsentStatus(args.status), expires)
    valid_note(args.note)   # before a document is parsed and stored

    with _open_for_member(args) as store:
        store.member(args.member)
        _topic(store, args.topic)
        pack = None
        if args.document is not None:
            analysed = _analyse(args.document, args.rules)
            if args.topic not in _bearing(args.document, analysed, args.force):
                print(f"clearterms: note: no clause of {args.document} bears on {args.topic}; the record "
                      "says the member was shown none", file=sys.stderr)
            if args.status == "withdrawn":   # before the version is stored: a refusal writes nothing
                store.require_withdrawable(args.member, args.topic, _series(store, analysed[0], args.series))
            added, pack = _store_version(store, analysed, args.series)
            stored = added.document
        else:
            stored = store.document(args.sha256)
        sha = stored.sha256
        versions = store.documents(stored.series)
        newest = newest_of(versions)
        newer = newest if is_newer(newest, stored, versions) else None
        event = store.record(args.member, args.topic, args.status, sha, pack=pack, method=args.method,
                             note=args.note, expires_at=expires)
        outdated = newer is not None and any(
            s.topic == args.topic and s.needs_review for s in store.current_state(args.member, stored.series))
    if newer is not None:
        print(f"clearterms: note: a newer version of this document is stored ({newer.display_name}, "
              f"sha256 {newer.sha256[:12]}); this decision refers to the older text", file=sys.stderr)
    if outdated:
        print(f"clearterms: note: the clauses on {args.topic} differ in that newer version, so this consent "
              "needs re-review at once (see `clearterms consent review`)", file=sys.stderr)
    shown = ", ".join(c.clause_id for c in event.clauses) or "none"
    print(f"recorded #{event.seq}: {event.member} {_RECORDED_WORDS[event.status.value]} {event.topic} "
          f"on {sha[:12]} (clauses shown: {shown})")
    return 0


def _open_for_member(args: argparse.Namespace) -> Any:
    """The store for ``record``, which needs a member in it: where no store is yet, none is started
    (it would stay empty, as the member cannot be found in it)."""
    from terms.errors import StoreMissing

    try:
        return _open(args, create=False)
    except StoreMissing as exc:
        raise StoreMissing(exc.location, exc.detail, first="add the member first") from None


def _add_version(args: argparse.Namespace) -> int:
    with _open(args) as store:
        analysed = _analyse(args.document, args.rules)
        _bearing(args.document, analysed, args.force)
        added, _pack = _store_version(store, analysed, args.series, args.version_label)
        new = {event.seq for event in added.invalidated}
        earlier = [s for s in store.awaiting_review(added.document.series) if s.event.seq not in new]
    doc = added.document
    state = "stored" if added.is_new else "already stored"
    print(f"{state}: {doc.display_name}, the {doc.about}; sha256 {doc.sha256}; "
          + _needing_review(len(new), len(earlier)))
    if added.new_topics:
        print(f"its clauses now also bear on {wording.count(len(added.new_topics), 'question')} new in "
              "this release: " + " ".join(store.topic(t).question for t in added.new_topics))
    return 0


def _topics(args: argparse.Namespace) -> int:
    from terms.consent.clauses import quote_with_id, topic_clauses
    from terms.topics import load_topics

    topics = load_topics()
    clauses: dict[str, Any] = {}
    if args.document is not None:
        document, flags, _pack, links = _analyse(args.document, args.rules)
        clauses = topic_clauses(document, flags, topics, links)
    if args.format == "json":
        emit(dumps_json([{"id": t.id, "question": t.question, "categories": list(t.categories),
                          "clauses": [{"clause_id": c.clause_id, "quote": c.quote}
                                      for c in clauses.get(t.id, ())]} for t in topics]))
        return 0
    for t in topics:
        print(f"{t.id}: {t.question}")
        for ref in clauses.get(t.id, ()):
            print(f"    {_short(quote_with_id(ref))}")
    return 0


def _short(text: str, limit: int = 100) -> str:
    return wording.cut_quote(" ".join(text.split()), limit)


def _event_json(e: Any) -> dict[str, Any]:
    return {"seq": e.seq, "member": e.member, "topic": e.topic, "status": e.status.value,
            "dpv_status": e.status.dpv, "document_sha256": e.document_sha256,
            "clauses": [{"clause_id": c.clause_id, "quote": c.quote} for c in e.clauses],
            "recorded_at": e.recorded_at, "method": e.method, "note": e.note, "expires_at": e.expires_at,
            "hash": e.hash}


def _show(args: argparse.Namespace) -> int:
    from terms.consent.store import is_newer

    with _open(args, create=False) as store:
        states = store.current_state(args.member)
        versions = {sha: store.document(sha) for sha in {s.event.document_sha256 for s in states}}
        series = {name: store.documents(name) for name in {s.series for s in states}}
    if args.format == "json":
        emit(dumps_json([{"series": s.series, "topic": s.topic, "status": s.status.value,
                          "needs_review": s.needs_review, "event": _event_json(s.event)} for s in states]))
        return 0
    if not states:
        print(f"{args.member} has recorded no decisions")
    # Each series is headed by the newest version a decision in it was made on (by stated date, else
    # the order added); a decision made on another version names that version.
    newest: dict[str, Any] = {}
    for s in states:
        doc = versions[s.event.document_sha256]
        if s.series not in newest or is_newer(doc, newest[s.series], series[s.series]):
            newest[s.series] = doc
    shown = None
    for s in states:
        head = newest[s.series]
        if s.series != shown:
            shown = s.series
            print(f"{head.display_name}, the {head.about}")
        flag = "  (needs re-review: see `clearterms consent review`)" if s.needs_review else ""
        expiry = ""
        if s.event.expires_at and not s.needs_review:   # an expired consent's date is in the past
            expiry = f", {'expired' if s.status.value == 'expired' else 'expires'} {s.event.expires_at}"
        sha = s.event.document_sha256
        on = (f"version {sha[:12]}" if sha == head.sha256
              else f"an earlier version, {_version_name(versions[sha])}")
        print(f"  {s.topic}: {_shown(s.status)}{flag}  on {on} at {s.event.recorded_at}{expiry}")
    return 0


def _history(args: argparse.Namespace) -> int:
    with _open(args, create=False) as store:
        if args.topic is not None:
            _topic(store, args.topic)
        events = store.history(args.member, topic=args.topic)
    if args.format == "json":
        emit(dumps_json([_event_json(e) for e in events]))
        return 0
    if not events:   # (not a silent exit 0, as if the command had done nothing)
        print(f"{args.member} has recorded no decisions" + (f" on {args.topic}" if args.topic else ""))
    for e in events:
        note = f"  {e.note}" if e.note else ""
        # the end date the decision was given with, as show and the exports state it
        until = f" until {e.expires_at}" if e.expires_at else ""
        print(f"#{e.seq} {e.recorded_at} {e.topic}: {_shown(e.status)}{until} on {e.document_sha256[:12]} "
              f"[{e.method}]{note}")
    return 0


def _version_name(doc: Any) -> str:
    """A stored version's name with its hash prefix, which its display name may already end with."""
    name = doc.display_name
    return name if name.endswith(f"({doc.sha256[:12]})") else f"{name} [{doc.sha256[:12]}]"


def _review(args: argparse.Namespace) -> int:
    """Pending re-reviews of ``--member``, else of every member who has any, grouped by member."""
    from terms.consent.clauses import quote_with_id

    store = _open(args, create=False) if args.member is not None else _open_if_started(args)
    reviews: dict[str, Any] = {}
    refusals: dict[str, Any] = {}
    new: dict[str, Any] = {}
    versions: dict[str, str] = {}
    questions: dict[str, str] = {}
    shown: str | None = None
    if store is not None:   # None: the default store was never started, so nothing can need review
        with store:
            # the member as stored ("Dr Ada Lovelace"), not as typed ("dr ada lovelace")
            shown = store.member(args.member).name if args.member is not None else None
            names = [shown] if shown is not None else [m.name for m in store.list_members()]
            reviews = {name: store.pending_reviews(name) for name in names}
            refusals = {name: store.refusals_on_changed_clauses(name) for name in names}
            new = {name: store.new_questions(name) for name in names}
            reviews = {name: found for name, found in reviews.items()
                       if found or refusals[name] or new[name] or name == shown}
            versions = {sha: _version_name(store.document(sha)) for found in reviews.values()
                        for r in found for sha in (r.old_document, r.new_document) if sha}
            versions |= {sha: _version_name(store.document(sha)) for found in new.values()
                         for q in found for sha in (q.answered_on, q.new_document)}
            questions = {t.id: t.question for t in store.topics}
    if args.format == "json":
        emit(dumps_json([{"member": r.member, "series": r.series, "topic": r.topic,
                          "old_document": r.old_document, "new_document": r.new_document,
                          "changes": [{"change": c.change, "clause_id": c.clause_id,
                                       "old_clause_id": c.old_clause_id, "old": c.old_quote,
                                       "new": c.new_quote, "promises": _promises(c, r.series)}
                                      for c in r.changes]}
                         for found in reviews.values() for r in found]))
        return 0
    if not any(reviews.values()) and not any(new.values()):   # else each member's line counts both
        print(f"nothing to re-review for {shown}" if args.member is not None
              else "nothing to re-review")
    for name, found in reviews.items():
        if args.member is None:
            print(f"== {name}: {len(found)} to re-review"
                  + (f", {wording.count(len(new[name]), 'new question')}" if new.get(name) else ""))
        for r in found:
            _print_review(r, versions)
        for q in new.get(name, ()):
            print(f"{q.topic}: a new question since {versions[q.answered_on]}, where no clause bore on it: "
                  f"{questions.get(q.topic, q.topic)} In {versions[q.new_document]}, clause"
                  f"{'s' if len(q.clauses) > 1 else ''} {', '.join(c.clause_id for c in q.clauses)}")
            for c in q.clauses:
                print(f"    {_short(quote_with_id(c), 300)}")
            print(f"  answer: clearterms consent record --member {shlex.quote(q.member)} "
                  f"--topic {q.topic} --status allow|refuse --sha256 {q.new_document}")
        if refusals[name]:
            kept = refusals[name]
            withdrawn = sum(s.status == "withdrawn" for s in kept)
            said = wording.join_words([wording.count(n, noun) for n, noun in
                                       ((len(kept) - withdrawn, "refusal"), (withdrawn, "withdrawal")) if n])
            print(f"{said} on changed clauses {'stays' if len(kept) == 1 else 'stay'} in force, no re-review "
                  f"needed ({', '.join(s.topic for s in kept)}): a refusal or a withdrawal holds whatever "
                  "the new wording")
    return 0


def _promises(change: Any, series: str) -> list[dict[str, str]]:
    """What a clause change does to the member, with its effect: the parties a definition now
    lists or no longer does, then the promises it rewords, drops or adds."""
    from terms.compare.parties import definition_notes
    from terms.compare.promises import promise_notes
    from terms.consent.store import series_service

    notes = (definition_notes(change.old_quote, change.new_quote)
             + promise_notes(change.old_quote, change.new_quote, series_service(series)))
    return [{"effect": "worse" if weaker else "better", "what": what} for weaker, what in notes]


def _print_review(r: Any, versions: dict[str, str]) -> None:
    from terms.consent.clauses import change_name, word_changes

    before = versions[r.old_document] if r.old_document else "(no earlier consent)"
    print(f"{r.topic}: the terms changed from {before} to {versions[r.new_document]}")
    for c in r.changes:
        print(f"  clause {change_name(c)} {c.change}")
        if c.old_quote and c.new_quote:
            print(f"    change: {word_changes(c.old_quote, c.new_quote)}")
        elif c.old_quote:
            print(f"    was: {_short(c.old_quote, 300)}")
        elif c.new_quote:
            print(f"    now: {_short(c.new_quote, 300)}")
        for promise in _promises(c, r.series):
            print(f"    {promise['effect']} for you: {promise['what']}")
    print(f"  decide again: clearterms consent record --member {shlex.quote(r.member)} "
          f"--topic {r.topic} --status allow|refuse --sha256 {r.new_document}")


def _export(args: argparse.Namespace) -> int:
    from terms.consent.store import utc_now
    from terms.errors import TermsError
    from terms.export import fhir, receipt, report_html
    from terms.export.decisions import json_text, only_member

    now = utc_now()
    if args.member is not None and args.format == "json":
        raise TermsError("export --member: the JSON export is the complete store, for re-import; leave out "
                         "--member, or export one member as csv, fhir, receipt, html or pdf")
    if args.out is None and args.format == "pdf":
        raise TermsError("export --out -: a PDF is binary, so it is not written to standard output",
                         hint="Give --out a file name (or /dev/stdout to pipe the PDF into another program).")
    where = "standard output" if args.out is None else str(args.out)
    with _open(args, create=False) as store:
        if args.out is not None:
            _refuse_overwriting_the_store(args.out, store.location.path)
        if args.member is not None:   # any spelling `show` and `record` accept; the stored name filters
            args.member = store.member(args.member).name
        report = store.verify()
        if args.format in ("csv", "json"):   # streamed from the store: small memory whatever its size
            count = _export_streamed(store, args.format, args.out, args.member)
            print(f"wrote {where} ({args.format}, {count} events)", file=sys.stderr)
            return _warn_if_damaged(report, args.format)
        snapshot = store.snapshot()
        topics = store.topics
    if args.format in ("fhir", "receipt"):  # the report filters itself
        snapshot = only_member(snapshot, args.member)
    problem = None if report.ok else report.problem
    if args.format == "fhir":
        _emit_export(json_text(fhir.to_fhir_bundle(snapshot, topics, now=now, unverified=problem)), args.out)
    elif args.format == "receipt":
        receipt.require_verified(problem)
        receipts = receipt.to_receipts(snapshot, topics, now=now)
        _emit_export(json_text(receipts), args.out)
        print(f"wrote {where} (receipt, {wording.count(len(receipts), 'receipt')})", file=sys.stderr)
        if not receipts:
            nobody = f"{args.member} has no consent" if args.member is not None else "no member has a consent"
            print(f"clearterms: note: no consent is in force ({nobody} given, unexpired and "
                  f"still current), so the {'file' if args.out else 'output'} holds an empty list",
                  file=sys.stderr)
        return _warn_if_damaged(report, args.format)
    else:
        html = report_html.report_html(snapshot, topics, now=now, verify=report, member=args.member,
                                       max_events=args.max_events)
        if args.format == "html":
            _emit_export(html, args.out)
        else:
            from desktop.pdf_report import write_pdf

            names = [m.name for m in only_member(snapshot, args.member).members]
            if lost := write_pdf(html, args.out, must_show=names):
                print(f"clearterms: warning: the PDF's fonts cannot show {', '.join(map(repr, lost))}: "
                      "the name prints as empty boxes and is missing from the PDF's text. Export --format "
                      "html (or install a font for that script) for a record that names every member.",
                      file=sys.stderr)
    shown = len(only_member(snapshot, args.member).events)
    print(f"wrote {where} ({args.format}, {shown} events)", file=sys.stderr)
    return _warn_if_damaged(report, args.format)


def _warn_if_damaged(report: Any, fmt: str) -> int:
    """Exit status 1 and a warning where the store does not verify: the export holds the records as
    they are, which may be what is left to salvage, but it proves nothing, and a JSON export of a
    broken chain cannot be imported."""
    if report.ok:
        return 0
    restore = (" `clearterms consent import` will refuse this file, as its hash chain does not verify."
               if fmt == "json" else "")
    print(f"clearterms: warning: the store does not verify ({report.problem}), so this export shows its "
          f"records as they are now, not as they were recorded.{restore} Run `clearterms consent verify` "
          "for every problem, and restore the store from a backup or an earlier JSON export.",
          file=sys.stderr)
    return 1


def _export_streamed(store: Any, fmt: str, out: Path | None, member: str | None) -> int:
    """Stream the CSV or JSON export into ``out``; for standard output (None) into a temporary
    file first, copied out once complete, so that a damaged record found half-way stops the
    export before anything was written (as a file export leaves no half-written file)."""
    from terms.export.streamed import export_streamed

    if out is not None:
        return export_streamed(store, fmt, out, member)
    with tempfile.TemporaryDirectory(prefix="clearterms-export-") as folder:
        staged = Path(folder) / f"export.{fmt}"
        count = export_streamed(store, fmt, staged, member)
        with staged.open("rb") as handle:
            _write_stdout_bytes(iter(lambda: handle.read(1 << 16), b""))
    return count


def _emit_export(text: str, out: Path | None) -> None:
    """A text export to the file ``out`` (atomically), or to standard output for None."""
    if out is not None:
        emit(text, out)
    else:
        _write_stdout_bytes([(text if text.endswith("\n") else text + "\n").encode("utf-8")])


def _write_stdout_bytes(chunks: Iterable[bytes]) -> None:
    """Write an export to standard output as the bytes a file would hold (UTF-8, the CSV's byte
    order mark included), whatever encoding standard output was opened with."""
    from terms.errors import ExportError

    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in chunks:
            if binary is not None:
                binary.write(chunk)
            else:   # a text-only stream put in place of standard output (e.g. by a caller)
                sys.stdout.write(decoder.decode(chunk))
        if binary is not None:
            binary.flush()
        else:
            sys.stdout.write(decoder.decode(b"", final=True))
        sys.stdout.flush()
    except BrokenPipeError:   # piped into `head`: the command line treats that as normal
        raise
    except OSError as exc:
        raise ExportError(f"standard output: cannot write the export ({exc.strerror or exc})") from exc


def _refuse_overwriting_the_store(out: Path, store: Path | None) -> None:
    """Refuse an export file that is the store itself or one of SQLite's files beside it, or any
    SQLite database.

    Writing there would replace the records being exported (by name, through a link, or as a
    hard link of the same file), or another store's.
    """
    from terms.errors import ExportError

    if store is not None:
        try:
            target = out.expanduser().resolve()
        except (OSError, RuntimeError) as exc:   # RuntimeError: a symbolic link loop
            raise ExportError(f"{out}: cannot resolve the export path ({exc})") from exc
        for guarded in (store, *(store.with_name(store.name + end) for end in ("-wal", "-shm", "-journal"))):
            if same_file(target, guarded):
                raise ExportError(f"{out}: refusing to export over the consent store's own file {guarded}",
                                  hint="Choose another file for --out.")
    database = False
    try:
        if stat.S_ISREG(out.expanduser().stat().st_mode):   # (opening a FIFO or /dev/stdout would wait)
            with out.expanduser().open("rb") as existing:
                database = existing.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:   # nothing there (or unreadable: writing will say so)
        pass
    if database:   # another consent store, likely (--out the default store while --db names another)
        raise ExportError(f"{out}: refusing to export over an SQLite database (another consent store?)",
                          hint="Choose another file for --out; delete the database first if it is "
                               "really to be replaced.")


_SQLITE_HEADER = b"SQLite format 3\x00"


def _import(args: argparse.Namespace) -> int:
    from terms.errors import InputError, TermsError
    from terms.export.consent_json import load_json

    try:
        text = args.file.read_text(encoding="utf-8-sig")   # a CSV export starts with a byte order mark
    except OSError as exc:
        raise InputError(str(args.file), 0, f"cannot read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(args.file), 0, f"not a ClearTerms consent export: byte {exc.start} is not "
                                            "UTF-8 text, and an export is UTF-8 JSON",
                         hint="Give the file `clearterms consent export --format json` wrote.") from None
    try:
        snapshot = load_json(text, str(args.file))
    except InputError as exc:
        if isinstance(exc.__cause__, json.JSONDecodeError):   # cut short or edited, not another format
            exc.hint = ("The file is not complete JSON (cut short, or edited by hand?): export the store "
                        "again with `clearterms consent export --format json`, or use an intact copy.")
        raise _hinted(exc, "An export can only be imported unchanged (its events are hash-chained): use "
                           "the file as `consent export --format json` wrote it, or a copy. If the export "
                           "warned that the store did not verify, the store was already damaged: use an "
                           "earlier export or backup.") from None
    from terms.consent.location import resolve_location
    from terms.consent.store import import_into_new_store, started_note

    location = resolve_location(args.db)
    starts = location.path is not None and not location.path.exists()
    try:
        notes = import_into_new_store(args.db, snapshot)
    except TermsError as exc:
        raise _hinted(exc, "Import restores an unchanged JSON export into an empty store: give a "
                           "new --db, and the file as `consent export --format json` wrote it.") from None
    if starts and (note := started_note(location)):
        print(f"clearterms: note: {note}", file=sys.stderr)
    print(f"imported {wording.count(len(snapshot.members), 'member')}, "
          f"{wording.count(len(snapshot.documents), 'document')}, "
          f"{wording.count(len(snapshot.events), 'event')}")
    _print_notes(notes, sys.stderr)
    return 0


def _print_notes(notes: tuple[str, ...], stream: Any) -> None:
    """What the log holds that the store would not write now (see terms.consent.consistency)."""
    if notes:
        print(f"note: {wording.count(len(notes), 'event')} the store would not record so now (no "
              "proof of an edit; a wrong clock or an earlier release may have written them):", file=stream)
    for note in notes:
        print(f"note: {note}", file=stream)


def _verify(args: argparse.Namespace) -> int:
    from terms.consent import VerifyReport
    from terms.consent.chain import GENESIS
    from terms.consent.location import resolve_location
    from terms.errors import TermsError

    store = _open_if_started(args)
    if store is None and args.expect:
        raise TermsError(f"there is no consent store at {resolve_location(args.db).display}, so it does not "
                         f"hold event {args.expect[0]} as noted", hint="Check --db (or CLEARTERMS_DB).")
    if store is None:   # the default store, never started: what an empty store reports, and why
        report = VerifyReport(events=0, head_hash=GENESIS)
        where = resolve_location(args.db).display
    else:
        with store:
            report = store.verify(expect=args.expect)
    if args.format == "json":
        emit(dumps_json({"ok": report.ok, "events": report.events, "head_hash": report.head_hash,
                         "first_bad_seq": report.first_bad_seq, "problem": report.problem,
                         "problems": list(report.problems), "notes": list(report.notes)}))
    elif store is None:
        print(f"ok: 0 events: nothing has been recorded yet (there is no consent store at {where}), "
              "so there is nothing to verify")
    elif report.ok:
        anchored = f"; it still holds event {args.expect[0]} as noted" if args.expect else ""
        # not wording.count: its digit grouping would change what scripts read
        events = f"{report.events} event{'' if report.events == 1 else 's'}"
        print(f"ok: {events}, the hash chain verifies (head {report.head_hash}){anchored}")
    else:
        for problem in report.problems:
            print(f"BROKEN: {problem}")
        where = resolve_location(args.db).display
        print(f"clearterms: the consent store at {where} fails verification "
              f"({wording.count(len(report.problems), 'problem')}); ClearTerms adds nothing to it now",
              file=sys.stderr)
        print("  Keep the file as it is, as evidence. Its records can still be exported as they are now "
              "(clearterms consent export --format json --out FILE, or csv, fhir, html, pdf); restore the "
              "store from a backup or an earlier JSON export, or start a new one with --db.", file=sys.stderr)
    if args.format != "json":
        _print_notes(report.notes, sys.stdout)
    return 0 if report.ok else 1


def _hinted(exc: Any, hint: str) -> Any:
    """``exc`` with ``hint`` as its next step, unless it already says what to do."""
    if exc.hint is None:
        exc.hint = hint
    return exc


def _topic(store: Any, topic_id: str) -> Any:
    """The store's topic ``topic_id``; an unknown id gets a did-you-mean and where to look."""
    from terms.errors import TermsError

    known = [t.id for t in store.topics]
    if topic_id not in known:
        raise TermsError(f"unknown consent topic {topic_id!r}{suggestion(topic_id, known)}; "
                         f"known: {', '.join(known)}", hint=_TOPICS_HINT)
    return store.topic(topic_id)


def _needing_review(new: int, pending: int = 0) -> str:
    """What ``add-version`` says of re-reviews: the ``new`` ones this version caused, and the ones
    still ``pending`` in its document from before (an earlier change nobody has decided on yet)."""
    if pending and not new:
        return (f"no new consents need re-review; {pending} still pending "
                "(see `clearterms consent review`)")
    said = f"{wording.count(new, 'consent')} {'needs' if new == 1 else 'need'} re-review"
    return f"{said}, and {pending} more still pending from before" if pending else said
