"""The result of analysing a document: its flags, summary and the pack that produced them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from terms.flagging.engine import PackArg, flag_document, resolve_pack
from terms.flagging.summary import Summary, summarise
from terms.model import Document, Flag
from terms.rulepacks.schema import Category, RulePack


@dataclass(frozen=True, slots=True)
class Analysis:
    """Flags of a document (sorted in document order, evidence offsets into ``document.text``).

    ``pack`` identifies the rules: ``pack.id``, ``pack.version`` and ``pack.sha256`` are
    what the consent store records next to a consent.
    """

    document: Document
    flags: tuple[Flag, ...]
    summary: Summary
    pack: RulePack = field(compare=False)

    def flags_for(self, clause_id: str) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.clause_id == clause_id)

    def category(self, category_id: str) -> Category:
        return self.pack.categories[category_id]

    def flag_title(self, flag: Flag) -> str:
        """What ``flag`` is called: its rule's title for the fair kind of a clause, else its category's."""
        return self.pack.title_of(flag.category, flag.rule)


def analyze(document: Document, packs: PackArg = None,
            progress: Callable[[int, int], None] | None = None) -> Analysis:
    """Flag every clause of ``document`` with ``packs`` (the default pack when None).

    ``packs`` is a compiled :class:`RulePack` or a sequence of pack file paths
    (combined as described in docs/rule-packs.md); ``progress`` as for :func:`flag_document`.
    """
    pack = resolve_pack(packs)
    flags = flag_document(document, pack, progress)
    return Analysis(document, flags, summarise(document, flags, pack), pack)
