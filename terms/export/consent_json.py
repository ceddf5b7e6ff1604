"""JSON export and import of a whole consent store.

The export is complete (members, documents with full text and topic clauses,
events with their hashes) and deterministic: keys sorted, members by name,
documents by series and time added, events by sequence number, one item per
line, UTF-8. Export → import into an empty store → export is byte-identical.

Import validates everything before anything is written: the JSON syntax (with
the line), every field's type and form (with its JSON path), each document's
text against its SHA-256, every event's references and the whole hash chain, and
then the fields no hash covers against those the hashes cover: an event's
``dpv_status`` must be its status's, and each document must be as the events
recorded it (:mod:`terms.consent.identity`). The format is documented in
``docs/consent-json.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from terms.consent.chain import GENESIS, verify_events
from terms.consent.identity import Disagreement, IdentityAudit, shown
from terms.consent.model import (
    IDENTITY_FIELDS,
    REQUIRED_IDENTITY_FIELDS,
    ClauseRef,
    ConsentEvent,
    ConsentStatus,
    DocumentIdentity,
    Member,
    PackInfo,
    Snapshot,
    StoredDocument,
    quotes_a_clause,
)
from terms.consent.storage import member_key
from terms.consent.store import valid_member_name, valid_method, valid_note, valid_time
from terms.errors import InputError, TermsError
from terms.model import sha256_text
from terms.textnorm import LONE_SURROGATE, is_fingerprint

FORMAT = "clearterms-consent-export"
_IMPORTED_METHOD = partial(valid_method, imported=True)   # earlier versions recorded an empty one
VERSION = 1
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _items(key: str, items: Iterable[Any]) -> Iterator[str]:
    yield f'"{key}":['
    separator = "\n"
    for item in items:
        yield separator + _compact(item)
        separator = ",\n"
    yield "]" if separator == "\n" else "\n]"


def json_chunks(members: Iterable[Member], documents: Iterable[StoredDocument],
                events: Iterable[ConsentEvent]) -> Iterator[str]:
    """The export text piece by piece, for streaming a large store into a file.

    ``members``, ``documents`` and ``events`` must be in the store's canonical order (as in
    :meth:`ConsentStore.snapshot`); ``events`` may be a stream, and is read after ``documents``.
    """
    head = {"events": 0, "hash": GENESIS}

    def noted(stream: Iterable[ConsentEvent]) -> Iterator[dict[str, Any]]:
        for event in stream:
            head["events"], head["hash"] = event.seq, event.hash
            yield _event(event)

    yield "{\n"
    yield from _items("documents", (_document(d) for d in documents))
    yield ",\n"
    yield from _items("events", noted(events))
    yield f',\n"format":{_compact(FORMAT)},\n"head":{_compact(head)},\n'
    yield from _items("members", ({"created_at": m.created_at, "name": m.name} for m in members))
    yield f',\n"version":{VERSION}\n}}\n'


def to_json(snapshot: Snapshot) -> str:
    """The export text: one JSON object whose lists hold one member, document or event per line.

    Keys are sorted and items compact, so the text is canonical (and fast to write:
    the C encoder handles each item) and a parse error's line points at one item.
    """
    return "".join(json_chunks(snapshot.members, snapshot.documents, snapshot.events))


def _refs(refs: tuple[ClauseRef, ...]) -> list[dict[str, str]]:
    return [{"clause_id": r.clause_id, "fingerprint": r.fingerprint, "quote": r.quote} for r in refs]


def _document(d: StoredDocument) -> dict[str, Any]:
    return {
        "sha256": d.sha256, "series": d.series, "title": d.title, "service": d.service, "kind": d.kind,
        "version_label": d.version_label, "effective_date": d.effective_date, "source": d.source,
        "format": d.format, "added_at": d.added_at, "text": d.text,
        "topic_clauses": {topic: _refs(refs) for topic, refs in d.topic_clauses},
    }


def _event(e: ConsentEvent) -> dict[str, Any]:
    event = {
        "seq": e.seq, "member": e.member, "topic": e.topic, "status": e.status.value,
        "dpv_status": e.status.dpv, "document_sha256": e.document_sha256, "clauses": _refs(e.clauses),
        "pack": {"id": e.pack.id, "version": e.pack.version, "sha256": e.pack.sha256} if e.pack else None,
        "recorded_at": e.recorded_at, "method": e.method, "note": e.note, "expires_at": e.expires_at,
        "prev_hash": e.prev_hash, "hash": e.hash,
    }
    if e.document_identity is not None:   # absent, as from older ClearTerms, for events recorded before
        event["document_identity"] = e.document_identity.as_json()
    return event


# -- import -------------------------------------------------------------------




class _Reader:
    """Typed access to fields of parsed JSON; problems name the JSON path (built only on failure)."""

    def __init__(self, source: str) -> None:
        self.source = source
        # Thousands of events cite the same clauses and pack: one shared value each keeps a large
        # import's memory near the size of its distinct content.
        self.shared: dict[Any, Any] = {}

    def share(self, value: Any) -> Any:
        return self.shared.setdefault(value, value)

    def fail(self, path: str, problem: str) -> InputError:
        return InputError(self.source, 0, f"{path}: {problem}")

    def obj(
        self, value: Any, path: str, keys: frozenset[str], optional: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "expected an object")
        if value.keys() != keys:
            missing = keys - optional - value.keys()
            extra = value.keys() - keys
            if missing:
                raise self.fail(path, f"missing field {sorted(missing)[0]!r}")
            if extra:
                raise self.fail(path, f"unknown field {sorted(extra)[0]!r}")
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, "expected a list")
        return value

    def text(self, obj: dict[str, Any], path: str, key: str) -> str:
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", "expected a string")
        return self._encodable(value, path, key)

    def optional_text(self, obj: dict[str, Any], path: str, key: str) -> str | None:
        value = obj[key]
        if value is not None and not isinstance(value, str):
            raise self.fail(f"{path}.{key}", "expected a string or null")
        return value if value is None else self._encodable(value, path, key)

    def _encodable(self, value: str, path: str, key: str) -> str:
        """``value`` unless it holds a lone surrogate ("\\ud800" in the JSON), which no store,
        export or screen can take."""
        if bad := LONE_SURROGATE.search(value):
            raise self.fail(f"{path}.{key}", f"holds U+{ord(bad.group()):04X}, half of a character pair "
                                             "(not valid text)")
        return value

    def checked(self, check: Callable[[str], str], value: str, path: str) -> str:
        """``value`` after one of the store's own checks (a member name, a note, a time): an import
        may hold nothing the store would not have recorded."""
        try:
            check(value)
        except TermsError as exc:
            raise self.fail(path, exc.message) from None
        return value

    def time(self, obj: dict[str, Any], path: str, key: str) -> str:
        return self.checked(valid_time, self.text(obj, path, key), f"{path}.{key}")

    def optional_time(self, obj: dict[str, Any], path: str, key: str) -> str | None:
        value = self.optional_text(obj, path, key)
        return value if value is None else self.checked(valid_time, value, f"{path}.{key}")

    def hex64(self, obj: dict[str, Any], path: str, key: str) -> str:
        value = obj[key]
        if not isinstance(value, str) or not _HEX64.match(value):
            raise self.fail(f"{path}.{key}", "expected a SHA-256 (64 lower-case hex digits)")
        return value

    def integer(self, obj: dict[str, Any], path: str, key: str) -> int:
        value = obj[key]
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{path}.{key}", "expected an integer")
        return value


_ROOT_KEYS = frozenset({"format", "version", "members", "documents", "events", "head"})
#: exports written before the head record was added (2 December 2026) have none
_OPTIONAL_ROOT_KEYS = frozenset({"head"})
_HEAD_KEYS = frozenset({"events", "hash"})
_MEMBER_KEYS = frozenset({"name", "created_at"})
_REF_KEYS = frozenset({"clause_id", "fingerprint", "quote"})
_PACK_KEYS = frozenset({"id", "version", "sha256"})
_DOCUMENT_KEYS = frozenset({"sha256", "series", "title", "service", "kind", "version_label", "effective_date",
                            "source", "format", "added_at", "text", "topic_clauses"})
_EVENT_KEYS = frozenset({"seq", "member", "topic", "status", "dpv_status", "document_sha256", "clauses",
                         "pack", "recorded_at", "method", "note", "expires_at", "prev_hash", "hash",
                         "document_identity"})
#: ``dpv_status`` is derived (checked when present); events recorded before identities were kept have none.
_OPTIONAL_EVENT_KEYS = frozenset({"dpv_status", "document_identity"})
_IDENTITY_KEYS = frozenset(IDENTITY_FIELDS)
_STATUSES = {s.value: s for s in ConsentStatus}


#: How every CSV export begins (see :mod:`terms.export.consent_csv`).
_CSV_HEADER_START = "seq,recorded_at,member,"
_IMPORT_HINT = ("Only a JSON export can be imported (`clearterms consent export --format json`); "
                "CSV, FHIR, receipt and report exports are for reading, not for restoring.")


def _with_import_hint(error: InputError) -> InputError:
    """``error`` with the hint that only the JSON export can be re-imported."""
    error.hint = _IMPORT_HINT
    return error


def _other_export(data: Any) -> str:
    """Which other ClearTerms export ``data`` looks like ("a FHIR export"), or ""."""
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        return "a FHIR export"
    if isinstance(data, list) and data and isinstance(data[0], dict) and "consentReceiptID" in data[0]:
        return "a consent receipt export"
    return ""


def load_json(text: str, source: str) -> Snapshot:
    """Parse and fully validate an export; raises :class:`InputError` naming ``source`` and where."""
    if text.startswith(_CSV_HEADER_START):
        raise _with_import_hint(InputError(source, 1, "is a CSV export, which cannot be imported"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _with_import_hint(
            InputError(source, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})")) from exc
    except RecursionError:
        raise _with_import_hint(InputError(
            source, 0, "not a ClearTerms consent export: its JSON is nested too deeply to read")) from None
    except ValueError as exc:  # what json.loads leaves to int(): more digits than Python reads
        why = str(exc).split(";")[0]
        raise _with_import_hint(InputError(
            source, 0, f"not a ClearTerms consent export: a number too long to read ({why})")) from None
    other = _other_export(data)
    if other:
        raise _with_import_hint(InputError(source, 0, f"is {other}, which cannot be imported"))
    r = _Reader(source)
    try:
        root = r.obj(data, "$", _ROOT_KEYS, _OPTIONAL_ROOT_KEYS)
    except InputError as exc:
        raise _with_import_hint(exc) from None
    if root["format"] != FORMAT:
        raise _with_import_hint(r.fail("$.format", f"not a ClearTerms consent export (expected {FORMAT!r})"))
    if root["version"] != VERSION:
        raise r.fail("$.version", f"unsupported export version {root['version']!r} (this ClearTerms "
                                  f"reads version {VERSION})")
    members = tuple(_load_member(r, m, f"$.members[{i}]")
                    for i, m in enumerate(r.items(root["members"], "$.members")))
    documents = tuple(_load_document(r, d, f"$.documents[{i}]")
                      for i, d in enumerate(r.items(root["documents"], "$.documents")))
    raw_events = r.items(root["events"], "$.events")
    loaded = []
    dpv_statuses: list[str | None] = []
    for i, raw in enumerate(raw_events):
        loaded.append(_load_event(r, raw, i))
        dpv_statuses.append(r.share(r.optional_text(raw, f"$.events[{i}]", "dpv_status"))
                            if "dpv_status" in raw else None)
        raw_events[i] = None  # the parsed JSON goes as its event is made: both together would double the peak
    events = tuple(loaded)
    del loaded
    names = [m.name for m in members]
    if len({member_key(name) for name in names}) != len(names):
        raise r.fail("$.members", "a member name appears twice (also counted: names that differ only in "
                                  "case, spacing, accents typed another way or invisible characters)")
    shas = [d.sha256 for d in documents]
    if len(set(shas)) != len(shas):
        raise r.fail("$.documents", "a document appears twice")
    known_names, known_shas = set(names), set(shas)
    for i, e in enumerate(events):
        if e.member not in known_names:
            raise r.fail(f"$.events[{i}].member", f"unknown member {e.member!r}")
        if e.document_sha256 not in known_shas:
            raise r.fail(f"$.events[{i}].document_sha256", "names a document the export does not include")
    report = verify_events(events, expect=_head(r, root))
    if not report.ok:
        raise r.fail("$.events", f"the hash chain does not verify: {report.problem}")
    if "head" in root and report.events != root["head"]["events"]:
        raise r.fail("$.events", f"holds {report.events} events but the export was written with "
                                 f"{root['head']['events']}")
    for i, (event, dpv) in enumerate(zip(events, dpv_statuses, strict=True)):
        if dpv is not None and dpv != event.status.dpv:
            raise r.fail(f"$.events[{i}].dpv_status",
                         f"{dpv!r} contradicts event {event.seq}'s status {event.status.value!r} "
                         f"({event.status.dpv}), which its hash covers (the file was edited)")
    _check_identities(r, documents, events)
    return Snapshot(members, documents, events)


def _check_identities(
    r: _Reader, documents: tuple[StoredDocument, ...], events: tuple[ConsentEvent, ...]
) -> None:
    """Refuse a document entry that contradicts what a (hash-checked) event recorded of it."""
    audit = IdentityAudit({d.sha256: d.identity for d in documents})
    for event in events:
        audit.see(event)
    findings = audit.findings()
    if not findings:
        return
    first = findings[0]
    index = {d.sha256: i for i, d in enumerate(documents)}
    if isinstance(first, Disagreement):
        name, recorded, stored = first.fields[0]
        raise r.fail(f"$.documents[{index[first.document_sha256]}].{name}",
                     f"{shown(stored)} contradicts event {first.seq}, whose hash covers this document's "
                     f"{name} as {shown(recorded)} (the file was edited)")
    raise r.fail(f"$.documents[{index[first.earlier_sha256]}].series",
                 f"{shown(first.earlier_series)} contradicts event {first.seq}, which invalidated a consent "
                 f"given on this version ({first.earlier_sha256[:12]}) when version "
                 f"{first.document_sha256[:12]} (series {shown(first.series)}) replaced it: both were of one "
                 "series (the file was edited)")


def _head(r: _Reader, root: dict[str, Any]) -> tuple[int, str] | None:
    """The export's last event as written, ``(seq, hash)``: the chain alone cannot show that
    events were cut off its end (an export without events notes the chain's starting hash)."""
    if "head" not in root:
        return None
    head = r.obj(root["head"], "$.head", _HEAD_KEYS)
    events = r.integer(head, "$.head", "events")
    if events < 0:
        raise r.fail("$.head.events", "expected 0 or more")
    noted = r.hex64(head, "$.head", "hash")
    return (events, noted) if events else None


def _load_member(r: _Reader, value: Any, path: str) -> Member:
    m = r.obj(value, path, _MEMBER_KEYS)
    return Member(r.checked(valid_member_name, r.text(m, path, "name"), f"{path}.name"),
                  r.time(m, path, "created_at"))


def _load_refs(r: _Reader, value: Any, path: str) -> tuple[ClauseRef, ...]:
    refs = []
    for i, item in enumerate(r.items(value, path)):
        where = f"{path}[{i}]"
        ref = r.obj(item, where, _REF_KEYS)
        refs.append(r.share(ClauseRef(r.text(ref, where, "clause_id"), r.text(ref, where, "fingerprint"),
                                      r.text(ref, where, "quote"))))
    return r.share(tuple(refs))


def _load_document(r: _Reader, value: Any, path: str) -> StoredDocument:
    d = r.obj(value, path, _DOCUMENT_KEYS)
    text = r.text(d, path, "text")
    sha = r.hex64(d, path, "sha256")
    if sha256_text(text) != sha:
        raise r.fail(f"{path}.text", "the text does not match its SHA-256 (it was altered)")
    clauses = d["topic_clauses"]
    if not isinstance(clauses, dict):
        raise r.fail(f"{path}.topic_clauses", "expected an object of topic → clauses")
    for topic, refs in clauses.items():
        for i, ref in enumerate(refs if isinstance(refs, list) else ()):
            where = f"{path}.topic_clauses.{topic}[{i}]"
            quote = ref.get("quote") if isinstance(ref, dict) else None
            if isinstance(quote, str) and not quotes_a_clause(quote, text):
                raise r.fail(f"{where}.quote", "no clause of the text says this (it was altered)")
            if isinstance(ref, dict) and "fingerprint" in ref and not is_fingerprint(ref["fingerprint"]):
                raise r.fail(f"{where}.fingerprint", "expected a clause fingerprint (16 hex digits)")
    return StoredDocument(
        sha256=sha, series=r.text(d, path, "series"), title=r.optional_text(d, path, "title"),
        service=r.optional_text(d, path, "service"), kind=r.text(d, path, "kind"),
        version_label=r.optional_text(d, path, "version_label"),
        effective_date=r.optional_text(d, path, "effective_date"), source=r.optional_text(d, path, "source"),
        format=r.text(d, path, "format"), added_at=r.time(d, path, "added_at"), text=text,
        topic_clauses=tuple((topic, _load_refs(r, refs, f"{path}.topic_clauses.{topic}"))
                            for topic, refs in sorted(clauses.items())),
    )


def _load_event(r: _Reader, value: Any, index: int) -> ConsentEvent:
    path = f"$.events[{index}]"
    e = r.obj(value, path, _EVENT_KEYS, optional=_OPTIONAL_EVENT_KEYS)
    status = _STATUSES.get(e["status"]) if isinstance(e["status"], str) else None
    if status is None:
        allowed = ", ".join(_STATUSES)
        raise r.fail(f"{path}.status", f"unknown status {e['status']!r} (expected one of {allowed})")
    pack = None
    if e["pack"] is not None:
        p = r.obj(e["pack"], f"{path}.pack", _PACK_KEYS)
        pack = r.share(PackInfo(r.text(p, f"{path}.pack", "id"), r.text(p, f"{path}.pack", "version"),
                                r.text(p, f"{path}.pack", "sha256")))
    return ConsentEvent(
        seq=r.integer(e, path, "seq"), member=r.share(r.text(e, path, "member")),
        topic=r.share(r.text(e, path, "topic")),
        status=status, document_sha256=r.hex64(e, path, "document_sha256"),
        clauses=_load_refs(r, e["clauses"], f"{path}.clauses"), pack=pack,
        recorded_at=r.time(e, path, "recorded_at"),
        method=r.share(r.checked(_IMPORTED_METHOD, r.text(e, path, "method"), f"{path}.method")),
        note=r.checked(valid_note, r.text(e, path, "note"), f"{path}.note"),
        expires_at=r.optional_time(e, path, "expires_at"),
        prev_hash=r.hex64(e, path, "prev_hash"), hash=r.hex64(e, path, "hash"),
        document_identity=_load_identity(r, e["document_identity"], f"{path}.document_identity")
        if "document_identity" in e else None,
    )


def _load_identity(r: _Reader, value: Any, path: str) -> DocumentIdentity:
    i = r.obj(value, path, _IDENTITY_KEYS)
    fields = {name: r.text(i, path, name) if name in REQUIRED_IDENTITY_FIELDS
              else r.optional_text(i, path, name) for name in IDENTITY_FIELDS}
    return r.share(DocumentIdentity(**fields))
