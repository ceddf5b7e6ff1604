"""The result of comparing two versions of a document: frozen dataclasses only.

Every clause of both versions that holds a letter or digit appears in exactly one
:class:`Entry` (clauses without one, such as a lone zero-width joiner, are left out). Word-level
differences are character spans into a named clause's ``text`` (not into the
document text), so a viewer can highlight them side by side; add the clause's
``start`` to get document offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from terms.model import Document, Severity


class EntryKind(StrEnum):
    UNCHANGED = "unchanged"
    FORMATTING = "formatting"    # same words; whitespace, quotes, dashes, case or emphasis differ
    RENUMBERED = "renumbered"    # same words, new number, still in order
    CHANGED = "changed"          # reworded in place (word diff attached)
    MOVED = "moved"              # found out of order (may also be renumbered or reworded)
    ADDED = "added"
    REMOVED = "removed"
    SPLIT = "split"              # one old clause became two or more consecutive new ones
    MERGED = "merged"            # two or more consecutive old clauses became one new one

    @property
    def substantive(self) -> bool:
        """Whether the words a reader agreed to differ (moves count: order can matter)."""
        return self not in _NOT_SUBSTANTIVE


_NOT_SUBSTANTIVE = {EntryKind.UNCHANGED, EntryKind.FORMATTING, EntryKind.RENUMBERED}


#: the severity of a right or promise read with its limits (an exception, a caveat in the next sentence)
_QUALIFIED_PROTECTION = Severity.INFO


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start:end`` of the ``text`` of clause ``clause_id``."""

    clause_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class WordDiff:
    """Words deleted from the old clause(s) and inserted into the new one(s)."""

    deleted: tuple[Span, ...] = ()
    inserted: tuple[Span, ...] = ()

    @property
    def deleted_chars(self) -> int:
        return sum(s.end - s.start for s in self.deleted)

    @property
    def inserted_chars(self) -> int:
        return sum(s.end - s.start for s in self.inserted)


@dataclass(frozen=True, slots=True)
class Entry:
    """One aligned unit: which old clauses became which new clauses, and how."""

    kind: EntryKind
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    similarity: float = 1.0          # word-level similarity of the old and new text, 0..1
    renumbered: bool = False         # the printed number differs (also set on moved/changed)
    diff: WordDiff | None = None     # for changed, moved-and-reworded, split and merged entries


class DeltaKind(StrEnum):
    APPEARS = "appears"
    DISAPPEARS = "disappears"
    SEVERITY = "severity"            # same provision, different severity
    MOVED = "moved"                  # same provision and severity, now in another clause
    REWORDED = "reworded"            # a concern in both, in a clause whose words changed: read it again
    WIDENED = "widened"              # same provision and severity, now naming parties it did not


#: categories that say what kind of data a clause names, not what is done with it: health data named in
#: a clause that goes ("We do not allow police to upload a DNA profile") is no better news than in one
#: that comes ("We will never give Genetic Information to any insurer") is worse; what the clause does
#: with the data has its own categories, and their deltas carry the direction
DESCRIPTIVE = frozenset({"data.sensitive"})

#: categories that claim a safeguard for data the document handles anyway: such a claim taken out of a
#: clause that stays ("posts are anonymous by default" gone, the posts still shown to other members) is
#: worse news, one written into a clause that was there is better; where the whole clause comes or goes,
#: what it does with the data has its own categories, which carry the direction
SAFEGUARD_CLAIMS = frozenset({"data.anonymization"})


@dataclass(frozen=True, slots=True)
class FlagDelta:
    """A flag category that appears, disappears or changes severity across one entry, or that
    moved: disappears in one entry and appears with much the same evidence in another."""

    kind: DeltaKind
    category: str
    old_severity: Severity | None
    new_severity: Severity | None
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    headline: str
    elsewhere: bool                  # the other version has this category in some other clause
    quote: str = ""                  # first evidence quote from the version where the flag is
    added_parties: tuple[str, ...] = ()  # widened: the parties named only now
    #: widened: every category of the provisions widened together (``category`` is the worst's)
    categories: tuple[str, ...] = ()
    #: reworded: "worse" or "better" where a figure moved for or against the reader (a lower liability
    #: cap, a longer retention), else ""
    figures_effect: str = ""
    #: a safeguard claim that disappears: the clause that stays still hands on or uses the data the claim
    #: was about (else the claim went with the use: "De-identified data may be kept indefinitely" became a
    #: retention period)
    still_used: bool = True
    #: widened: the data named only now, where no party was added ("age band", "zip code")
    added_data: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        """The severity that makes this delta matter (the one present, worst of both)."""
        present = [s for s in (self.old_severity, self.new_severity) if s is not None]
        return min(present, key=lambda s: s.rank)

    @property
    def read_again(self) -> bool:
        """A concern reworded with no direction known: the reader must read the new words (a figure
        that moved for or against the reader says which way, and is told as a change)."""
        return self.kind is DeltaKind.REWORDED and not self.figures_effect

    @property
    def effect(self) -> str:
        """What the change means for the reader: "worse", "better" or "neutral".

        A concern or caution that comes, or a protection that goes, is worse; the reverse is
        better; a change of severity is worse when the new one works more against the reader.
        Information-only flags coming or going (but a right or promise shown as information because of its
        limits, which comes or goes as a protection does), and provisions that only moved, are neutral, as is
        any change of a :data:`DESCRIPTIVE` category; a :data:`SAFEGUARD_CLAIMS` claim is worse when it
        leaves a clause that stays and still uses the data, better when it enters one that was there; a
        concern or caution that now reaches more parties is worse; a reworded one is worse or better when
        its figures moved against or for the reader, else neutral.
        """
        if self.kind is DeltaKind.REWORDED and self.figures_effect:
            return self.figures_effect
        if self.kind in (DeltaKind.MOVED, DeltaKind.REWORDED):
            return "neutral"
        if self.kind is DeltaKind.WIDENED:
            return "worse"
        if self.category in DESCRIPTIVE:
            return "neutral"
        old, new = self.old_severity, self.new_severity
        if self.category in SAFEGUARD_CLAIMS and Severity.CONCERN not in (old, new):
            if self.kind is DeltaKind.DISAPPEARS:
                return "worse" if self.new_ids and self.still_used else "neutral"
            if self.kind is DeltaKind.APPEARS:
                return "better" if self.old_ids else "neutral"
        if old is not None and new is not None:
            return "worse" if new.rank < old.rank else "better"
        if _QUALIFIED_PROTECTION in (old, new) and self.category.startswith("rights."):
            # (a promise or right with its limits, "This does not apply to datasets already provided", is one)
            return "worse" if new is None else "better"
        present = new if new is not None else old
        if present is Severity.INFO or present is None:
            return "neutral"
        against = present is not Severity.PROTECTIVE
        return "worse" if against == (new is not None) else "better"


@dataclass(frozen=True, slots=True)
class PromiseChange:
    """A promise to the reader that a changed clause words more loosely (``weaker``) or more firmly,
    or that it drops or adds (see :mod:`terms.compare.promises`)."""

    weaker: bool
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    headline: str
    old_sentence: str = ""           # the promise as the old version words it ("" when added)
    new_sentence: str = ""           # as the new version words it ("" when dropped)

    @property
    def effect(self) -> str:
        """"worse" or "better" for the reader, as :attr:`FlagDelta.effect` says it."""
        return "worse" if self.weaker else "better"


@dataclass(frozen=True, slots=True)
class Counts:
    """Clause counts per kind (each clause of both versions counted once) and text changed."""

    old_clauses: int
    new_clauses: int
    by_kind: dict[str, int] = field(default_factory=dict)
    changed_chars: int = 0           # chars of deleted + inserted words, whole removed/added clauses
    total_chars: int = 0             # chars of all clause text in both versions

    @property
    def share_changed(self) -> float:
        return self.changed_chars / self.total_chars if self.total_chars else 0.0

    def of(self, kind: EntryKind) -> int:
        return self.by_kind.get(kind.value, 0)


@dataclass(frozen=True, slots=True)
class Comparison:
    """``old`` compared with ``new``; ``swapped`` when the caller gave them newest first."""

    old: Document
    new: Document
    entries: tuple[Entry, ...]
    flag_deltas: tuple[FlagDelta, ...]
    counts: Counts
    swapped: bool = False
    order_basis: str = "argument order"  # how the older version was told apart
    flags_compared: bool = False          # whether both versions were flagged (deltas are meaningful)
    promise_changes: tuple[PromiseChange, ...] = ()

    @property
    def substantive(self) -> bool:
        """Whether any words changed (moves included), ignoring formatting and renumbering."""
        return any(e.kind.substantive for e in self.entries)
