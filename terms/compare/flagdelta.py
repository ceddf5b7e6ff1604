"""Flag deltas: which provisions appear, disappear or change severity between versions.

Flags are matched by (category, aligned entry): a flag whose clause moved, was
renumbered or reworded without losing the provision is not a delta. Deltas are
ordered by what matters to the reader: new concerns and lost protections first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from terms.compare.model import DeltaKind, Entry, FlagDelta
from terms.labels import clause_label
from terms.model import Document, Flag, Severity

# What each category is, as a noun phrase without its article.
_PHRASES = {
    "data.collection": "data-collection provision",
    "data.third-party-sharing": "provision sharing personal data with third parties",
    "data.sale": "data-sale provision",
    "data.client-access": "provision letting paying clients read members' content",
    "data.content-license": "broad licence over your content and ideas",
    "data.monitoring": "provision for reading or mining your posts",
    "data.profiling": "profiling provision",
    "data.anonymization": "claim that data is anonymous or de-identified",
    "data.advertising": "advertising-use provision",
    "data.tracking": "tracking provision (cookies, pixels and the like)",
    "data.research": "research-use provision",
    "data.retention": "data-retention provision",
    "data.business-transfer": "provision transferring data in a merger or sale",
    "data.legal-disclosure": "provision for disclosure to authorities",
    "data.international-transfer": "provision moving data to other countries",
    "data.sensitive": "provision on health or other sensitive data",
    "data.security": "data-security statement",
    "rights.choice": "opt-out or other choice",
    "rights.access-deletion": "right to access or delete your data",
    "rights.no-sale": "promise not to sell or share your data",
    "rights.limited-use": "promise to limit how your data is used",
    "rights.content-ownership": "statement that you keep ownership of your content",
    "terms.changes": "provision on changing the terms",
    "terms.unilateral-termination": "right to end your account at will",
    "terms.content-removal": "right to remove content at will",
    "terms.limitation-of-liability": "limitation of liability",
    "terms.contract-by-using": "acceptance-by-use provision",
    "terms.choice-of-law": "choice-of-law provision",
    "terms.jurisdiction": "jurisdiction provision",
    "terms.arbitration": "arbitration provision",
}


def _phrase(category: str) -> str:
    return _PHRASES.get(category, f"“{category}” provision")


def _a(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeio" else "a ") + phrase


def _where(ids: Sequence[str], document: Document) -> str:
    return " and ".join(clause_label(document.clause(i)) for i in ids)


def _worst(flags: Iterable[Flag]) -> dict[str, Flag]:
    worst: dict[str, Flag] = {}
    for flag in flags:
        seen = worst.get(flag.category)
        if seen is None or flag.severity.rank < seen.severity.rank:
            worst[flag.category] = flag
    return worst


def _quote(flag: Flag, document: Document, context: int = 60, limit: int = 240) -> str:
    """The evidence with some of its clause around it, cut at word boundaries."""
    if not flag.evidence or not document.has_clause(flag.clause_id):
        return ""
    clause = document.clause(flag.clause_id)
    start = max(clause.start, min(a for a, _ in flag.evidence) - context)
    end = min(clause.end, max(b for _, b in flag.evidence) + context)
    if start > clause.start:
        start = document.text.find(" ", start, end) + 1 or start
    if end < clause.end:
        cut = document.text.rfind(" ", start, end)
        end = cut if cut > start else end
    head, tail = start > clause.start, end < clause.end
    text = " ".join(document.text[start:end].split())
    if len(text) > limit:
        text, tail = text[:limit].rsplit(" ", 1)[0], True
    return ("…" if head else "") + text + ("…" if tail else "")


_KIND_ORDER = {DeltaKind.APPEARS: 0, DeltaKind.SEVERITY: 1, DeltaKind.DISAPPEARS: 2}
_LOSS = {Severity.PROTECTIVE: 0, Severity.INFO: 2, Severity.CAUTION: 3, Severity.CONCERN: 3}


def _harm(kind: DeltaKind, old: Severity | None, new: Severity | None) -> int:
    """0 (worst news for the reader) to 3 (good news)."""
    if kind is DeltaKind.APPEARS and new is not None:
        return 3 if new is Severity.PROTECTIVE else new.rank
    if kind is DeltaKind.DISAPPEARS and old is not None:
        return _LOSS[old]
    if old is not None and new is not None and new.rank < old.rank:
        return new.rank
    return 3


def _headline(kind: DeltaKind, category: str, old: Severity | None, new: Severity | None,
              where: str, elsewhere: bool) -> str:
    phrase = _phrase(category)
    if kind is DeltaKind.APPEARS:
        lead = f"Adds another {phrase}" if elsewhere else f"Adds {_a(phrase)}"
        return f"{lead} in {where}"
    if kind is DeltaKind.DISAPPEARS:
        text = f"Removes the {phrase} in {where}"
        if old is Severity.PROTECTIVE:
            text += " (still found elsewhere)" if elsewhere else ": a protection you had is gone"
        elif elsewhere:
            text += " (still found elsewhere)"
        return text
    worse = old is not None and new is not None and new.rank < old.rank
    change = f"{old.value if old else '?'} → {new.value if new else '?'}"
    # a promise or right gets stronger or weaker; a provision against the reader harder or softer
    promise = Severity.PROTECTIVE in (old, new) or category.startswith("rights.")
    verb = ("Weakens" if worse else "Strengthens") if promise else ("Hardens" if worse else "Softens")
    return f"{verb} the {phrase} in {where} ({change})"


def flag_deltas(entries: Sequence[Entry], old_doc: Document, new_doc: Document,
                old_flags: Sequence[Flag], new_flags: Sequence[Flag]) -> tuple[FlagDelta, ...]:
    """Deltas for every entry, most important first."""
    old_by_clause: dict[str, list[Flag]] = {}
    new_by_clause: dict[str, list[Flag]] = {}
    for flag in old_flags:
        old_by_clause.setdefault(flag.clause_id, []).append(flag)
    for flag in new_flags:
        new_by_clause.setdefault(flag.clause_id, []).append(flag)
    old_anywhere = {f.category for f in old_flags}
    new_anywhere = {f.category for f in new_flags}
    ranked: list[tuple[tuple[int, bool, int, int], FlagDelta]] = []
    for position, entry in enumerate(entries):
        before = _worst(f for i in entry.old_ids for f in old_by_clause.get(i, ()))
        after = _worst(f for i in entry.new_ids for f in new_by_clause.get(i, ()))
        for category in sorted(before.keys() | after.keys()):
            old_flag, new_flag = before.get(category), after.get(category)
            old_sev = old_flag.severity if old_flag else None
            new_sev = new_flag.severity if new_flag else None
            if old_sev == new_sev:
                continue
            if old_flag is None:
                kind, elsewhere = DeltaKind.APPEARS, category in old_anywhere
                where = _where(entry.new_ids, new_doc)
            elif new_flag is None:
                kind, elsewhere = DeltaKind.DISAPPEARS, category in new_anywhere
                where = _where(entry.old_ids, old_doc)
            else:
                kind, elsewhere = DeltaKind.SEVERITY, False
                where = _where(entry.new_ids, new_doc)
            quote = _quote(new_flag, new_doc) if new_flag else _quote(old_flag, old_doc) if old_flag else ""
            delta = FlagDelta(kind, category, old_sev, new_sev, entry.old_ids, entry.new_ids,
                              _headline(kind, category, old_sev, new_sev, where, elsewhere), elsewhere, quote)
            ranked.append(((_harm(kind, old_sev, new_sev), elsewhere, _KIND_ORDER[kind], position), delta))
    ranked.sort(key=lambda item: item[0])
    return tuple(delta for _, delta in ranked)
