"""Consent records: members' per-topic decisions tied to the exact text they were shown.

The public API is :func:`open_store` / :class:`ConsentStore` (``store.py``) and the
dataclasses of ``model.py``; see ``docs/consent.md``.
"""

from terms.consent.model import (
    AddedDocument,
    ClauseChange,
    ClauseRef,
    ConsentEvent,
    ConsentState,
    ConsentStatus,
    Member,
    NewEvent,
    NewQuestion,
    PackInfo,
    ReReview,
    Snapshot,
    StoredDocument,
    VerifyReport,
)
from terms.consent.store import ConsentStore, open_store

__all__ = [
    "AddedDocument", "ClauseChange", "ClauseRef", "ConsentEvent", "ConsentState", "ConsentStatus",
    "ConsentStore", "Member", "NewEvent", "NewQuestion", "PackInfo", "ReReview", "Snapshot", "StoredDocument",
    "VerifyReport", "open_store",
]
