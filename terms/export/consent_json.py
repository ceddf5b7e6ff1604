"""JSON export and import of a whole consent store.

The export is complete (members, documents with full text and topic clauses,
events with their hashes) and deterministic: keys sorted, members by name,
documents by series and time added, events by sequence number, two-space
indentation, UTF-8. Export → import into an empty store → export is byte-identical.

Import validates everything before anything is written: the JSON syntax (with
the line), every field's type and form (with its JSON path), each document's
text against its SHA-256, every event's references and the whole hash chain.
"""

from __future__ import annotations

import json
import re
from typing import Any

from terms.consent.chain import verify_events
from terms.consent.model import (
    ClauseRef,
    ConsentEvent,
    ConsentStatus,
    Member,
    PackInfo,
    Snapshot,
    StoredDocument,
)
from terms.errors import InputError
from terms.model import sha256_text

FORMAT = "clearterms-consent-export"
VERSION = 1
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def to_json(snapshot: Snapshot) -> str:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "members": [{"name": m.name, "created_at": m.created_at} for m in snapshot.members],
        "documents": [_document(d) for d in snapshot.documents],
        "events": [_event(e) for e in snapshot.events],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


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
    return {
        "seq": e.seq, "member": e.member, "topic": e.topic, "status": e.status.value,
        "dpv_status": e.status.dpv, "document_sha256": e.document_sha256, "clauses": _refs(e.clauses),
        "pack": {"id": e.pack.id, "version": e.pack.version, "sha256": e.pack.sha256} if e.pack else None,
        "recorded_at": e.recorded_at, "method": e.method, "note": e.note, "expires_at": e.expires_at,
        "prev_hash": e.prev_hash, "hash": e.hash,
    }


# -- import -------------------------------------------------------------------


class _Reader:
    """Typed access to parsed JSON that reports problems with their JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> InputError:
        return InputError(self.source, 0, f"{path}: {problem}")

    def obj(
        self, value: Any, path: str, keys: set[str], optional: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "expected an object")
        missing = keys - optional - value.keys()
        extra = value.keys() - keys
        if missing:
            raise self.fail(path, f"missing field {sorted(missing)[0]!r}")
        if extra:
            raise self.fail(path, f"unknown field {sorted(extra)[0]!r}")
        return value

    def as_list(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, "expected a list")
        return value

    def as_str(self, value: Any, path: str, *, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise self.fail(path, "expected a string" + (" or null" if nullable else ""))
        return value

    def text(self, value: Any, path: str) -> str:
        result = self.as_str(value, path)
        assert result is not None
        return result

    def hex64(self, value: Any, path: str) -> str:
        result = self.text(value, path)
        if not _HEX64.match(result):
            raise self.fail(path, "expected a SHA-256 (64 lower-case hex digits)")
        return result

    def as_int(self, value: Any, path: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(path, "expected an integer")
        return value


def load_json(text: str, source: str) -> Snapshot:
    """Parse and fully validate an export; raises :class:`InputError` naming ``source`` and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
    r = _Reader(source)
    root = r.obj(data, "$", {"format", "version", "members", "documents", "events"})
    if root["format"] != FORMAT:
        raise r.fail("$.format", f"not a ClearTerms consent export (expected {FORMAT!r})")
    if root["version"] != VERSION:
        raise r.fail("$.version", f"unsupported export version {root['version']!r} (this ClearTerms "
                                  f"reads version {VERSION})")
    members = tuple(_load_member(r, m, f"$.members[{i}]") for i, m in enumerate(r.as_list(root["members"],
                                                                                          "$.members")))
    documents = tuple(_load_document(r, d, f"$.documents[{i}]")
                      for i, d in enumerate(r.as_list(root["documents"], "$.documents")))
    events = tuple(_load_event(r, e, f"$.events[{i}]") for i, e in enumerate(r.as_list(root["events"],
                                                                                        "$.events")))
    names = [m.name for m in members]
    if len(set(names)) != len(names):
        raise r.fail("$.members", "a member name appears twice")
    shas = [d.sha256 for d in documents]
    if len(set(shas)) != len(shas):
        raise r.fail("$.documents", "a document appears twice")
    known_names, known_shas = set(names), set(shas)
    for i, e in enumerate(events):
        if e.member not in known_names:
            raise r.fail(f"$.events[{i}].member", f"unknown member {e.member!r}")
        if e.document_sha256 not in known_shas:
            raise r.fail(f"$.events[{i}].document_sha256", "names a document the export does not include")
    report = verify_events(events)
    if not report.ok:
        raise r.fail("$.events", f"the hash chain does not verify: {report.problem}")
    return Snapshot(members, documents, events)


def _load_member(r: _Reader, value: Any, path: str) -> Member:
    m = r.obj(value, path, {"name", "created_at"})
    return Member(r.text(m["name"], f"{path}.name"), r.text(m["created_at"], f"{path}.created_at"))


def _load_refs(r: _Reader, value: Any, path: str) -> tuple[ClauseRef, ...]:
    refs = []
    for i, item in enumerate(r.as_list(value, path)):
        ref = r.obj(item, f"{path}[{i}]", {"clause_id", "fingerprint", "quote"})
        refs.append(ClauseRef(r.text(ref["clause_id"], f"{path}[{i}].clause_id"),
                              r.text(ref["fingerprint"], f"{path}[{i}].fingerprint"),
                              r.text(ref["quote"], f"{path}[{i}].quote")))
    return tuple(refs)


def _load_document(r: _Reader, value: Any, path: str) -> StoredDocument:
    keys = {"sha256", "series", "title", "service", "kind", "version_label", "effective_date", "source",
            "format", "added_at", "text", "topic_clauses"}
    d = r.obj(value, path, keys)
    text = r.text(d["text"], f"{path}.text")
    sha = r.hex64(d["sha256"], f"{path}.sha256")
    if sha256_text(text) != sha:
        raise r.fail(f"{path}.text", "the text does not match its SHA-256 (it was altered)")
    clauses = d["topic_clauses"]
    if not isinstance(clauses, dict):
        raise r.fail(f"{path}.topic_clauses", "expected an object of topic → clauses")
    return StoredDocument(
        sha256=sha, series=r.text(d["series"], f"{path}.series"),
        title=r.as_str(d["title"], f"{path}.title", nullable=True),
        service=r.as_str(d["service"], f"{path}.service", nullable=True),
        kind=r.text(d["kind"], f"{path}.kind"),
        version_label=r.as_str(d["version_label"], f"{path}.version_label", nullable=True),
        effective_date=r.as_str(d["effective_date"], f"{path}.effective_date", nullable=True),
        source=r.as_str(d["source"], f"{path}.source", nullable=True),
        format=r.text(d["format"], f"{path}.format"), added_at=r.text(d["added_at"], f"{path}.added_at"),
        text=text,
        topic_clauses=tuple((topic, _load_refs(r, refs, f"{path}.topic_clauses.{topic}"))
                            for topic, refs in sorted(clauses.items())),
    )


def _load_event(r: _Reader, value: Any, path: str) -> ConsentEvent:
    keys = {"seq", "member", "topic", "status", "dpv_status", "document_sha256", "clauses", "pack",
            "recorded_at", "method", "note", "expires_at", "prev_hash", "hash"}
    e = r.obj(value, path, keys, optional=frozenset({"dpv_status"}))
    try:
        status = ConsentStatus(e["status"])
    except ValueError:
        allowed = ", ".join(s.value for s in ConsentStatus)
        problem = f"unknown status {e['status']!r} (expected one of {allowed})"
        raise r.fail(f"{path}.status", problem) from None
    pack = None
    if e["pack"] is not None:
        p = r.obj(e["pack"], f"{path}.pack", {"id", "version", "sha256"})
        pack = PackInfo(r.text(p["id"], f"{path}.pack.id"), r.text(p["version"], f"{path}.pack.version"),
                        r.text(p["sha256"], f"{path}.pack.sha256"))
    return ConsentEvent(
        seq=r.as_int(e["seq"], f"{path}.seq"), member=r.text(e["member"], f"{path}.member"),
        topic=r.text(e["topic"], f"{path}.topic"), status=status,
        document_sha256=r.hex64(e["document_sha256"], f"{path}.document_sha256"),
        clauses=_load_refs(r, e["clauses"], f"{path}.clauses"), pack=pack,
        recorded_at=r.text(e["recorded_at"], f"{path}.recorded_at"),
        method=r.text(e["method"], f"{path}.method"), note=r.text(e["note"], f"{path}.note"),
        expires_at=r.as_str(e["expires_at"], f"{path}.expires_at", nullable=True),
        prev_hash=r.hex64(e["prev_hash"], f"{path}.prev_hash"),
        hash=r.hex64(e["hash"], f"{path}.hash"),
    )
