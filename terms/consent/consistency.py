"""What a consent log holds that the store would not write now: notes beside the hash chain.

The hashes are not keyed, so whoever can rewrite a store, or edit an export and follow the
documented recipe, can make a chain that links up; what a log made by hand gets wrong may show.
Read in the order of the log, each event is checked for:

- a time before the event ahead of it (the store holds each new event to no earlier than the
  last, since 3 December 2026; a clock set back made such logs before);
- a consent that expires no later than it was recorded;
- clauses quoted that are no clauses of its document's text (see
  :func:`~terms.consent.model.quotes_a_clause`);
- clauses shown that are not the ones the store keeps for its document and topic: those are
  outside every hash, and the store never changes them once a decision names them, so a list
  that differs from what a sealed event recorded was edited (a JSON export changed by hand
  dropped clauses, and later decisions were shown fewer), or written by hand with the log;
- and, for a store being verified, a time well after this computer's clock: an event recorded on a
  computer whose clock was set ahead, after which every decision with a right clock would be
  refused as going back in time (see ``storage.CLOCK_SLACK``).

None of these proves an edit (earlier releases, or a wrong clock, wrote some of them), so they are
*notes*: ``verify`` still says the records check out, and an import still restores them, but
both say what was found. Withdrawals of a consent never given are not among them: releases before
1 December 2026 recorded such withdrawals.

:class:`LogAudit` is given only events whose content matches their hash: an edited event is
reported as such by the chain, and what it claims proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from terms.consent.model import ConsentEvent, quotes_a_clause


class LogAudit:
    """Collects, event by event, what the store would not have written.

    ``text_of`` returns a document's text (None when it is not there: reported elsewhere). ``now``
    (a stored time) turns on the check of events claiming a time after it by more than ``slack``.
    """

    def __init__(self, text_of: Callable[[str], str | None], *, now: str | None = None,
                 slack: timedelta = timedelta(0),
                 clauses_of: Callable[[str, str], tuple[str, ...] | None] | None = None) -> None:
        self._text_of = text_of
        self._clauses_of = clauses_of   # (document, topic) -> the clause ids stored; None: unknown
        self._compared: set[tuple[str, str]] = set()
        self._latest = _time(now) + slack if now is not None else None
        self._last_time: str | None = None
        self._notes: list[str] = []

    def see(self, event: ConsentEvent) -> None:
        when = event.recorded_at
        if self._last_time is not None and when < self._last_time:
            self._note(event, f"it was recorded at {when}, before the event ahead of it ({self._last_time})")
        self._last_time = max(when, self._last_time or when)
        if self._latest is not None and _later_than(when, self._latest):
            self._note(event, f"it claims a time ({when}) after this computer's clock: it was recorded on a "
                              "computer whose clock was set ahead, or this one's is behind")
        if event.expires_at is not None and event.expires_at <= when:
            self._note(event, f"it expires ({event.expires_at}) no later than it was recorded ({when})")
        if event.clauses and (text := self._text_of(event.document_sha256)) is not None:
            shown = next((ref for ref in event.clauses if not quotes_a_clause(ref.quote, text)), None)
            if shown is not None:
                self._note(event, f"the clause {shown.clause_id!s:.40} it quotes is no clause of its "
                                  "document's text")
        self._check_stored_clauses(event)

    def _check_stored_clauses(self, event: ConsentEvent) -> None:
        """Once per document and topic: the clauses the store keeps are those the event was shown."""
        key = (event.document_sha256, event.topic)
        # (an event showing no clauses is left out: events written in bulk, ConsentStore.record_many,
        # are stored as given, clauses or none)
        if self._clauses_of is None or key in self._compared or not event.clauses:
            return
        stored = self._clauses_of(*key)
        if stored is None:
            return
        self._compared.add(key)
        shown = tuple(ref.clause_id for ref in event.clauses)
        if shown != stored:
            self._note(event, f"the clauses the store keeps for {event.topic} in its document "
                              f"({', '.join(stored) or 'none'}) are not the ones it records as shown "
                              f"({', '.join(shown) or 'none'}): that list was edited, or written with the "
                              "log by hand, and later decisions on it are shown what it now says")

    def notes(self) -> tuple[str, ...]:
        """One line per finding, in the order of the log: "event 5: it was recorded at …"."""
        return tuple(self._notes)

    def _note(self, event: ConsentEvent, finding: str) -> None:
        self._notes.append(f"event {event.seq}: {finding}")


def _time(stored: str) -> datetime:
    return datetime.fromisoformat(stored.replace("Z", "+00:00"))


def _later_than(stored: str, moment: datetime) -> bool:
    try:
        return _time(stored) > moment
    except ValueError:   # a garbled time: the chain or the import names it
        return False
