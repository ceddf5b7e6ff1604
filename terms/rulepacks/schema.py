"""The compiled, validated form of one or more combined rule packs (docs/rule-packs.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from terms.model import Severity, sha256_text
from terms.rulepacks.patterns import Node, TermIndex, pack_terms


class Group(StrEnum):
    DATA = "data"
    RIGHTS = "rights"
    TERMS = "terms"

    @property
    def title(self) -> str:
        return _GROUP_TITLES[self]


_GROUP_TITLES = {Group.DATA: "Data use", Group.RIGHTS: "Your rights", Group.TERMS: "Contract terms"}


class ModelMode(StrEnum):
    UNION = "union"        # rule flags and model flags both count
    FALLBACK = "fallback"  # the model flags only where no rule flagged the category
    REPLACE = "replace"    # the model alone decides; the category's rules are ignored
    CONFIRM = "confirm"    # rule flags keep their severity only when the model's score reaches the threshold


#: What a rule yields when a negation cue governs its match.
NEGATION_DROP = "drop"
NEGATION_KEEP = "keep"
SCOPE_PART = "part"          # a rule matches within one part of a sentence (the default)
SCOPE_SENTENCE = "sentence"  # ... or across the whole sentence, over "but" and "however"


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    title: str
    group: Group
    severity: Severity
    explanation: str
    priority: int = 50
    topics: tuple[str, ...] = ()
    source: str = ""
    line: int = 0
    #: for a promise: categories that, stated in the same document as a concern, show it covers
    #: less than it seems ("we do not sell your personal data" beside fees charged for
    #: access to members' posts); the summary then lists it as a promise with exceptions
    undercut_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    pattern: Node
    severity: Severity | None = None        # None: the category's
    unless: tuple[Node, ...] = ()
    negation: str = NEGATION_DROP           # "drop", "keep" or a category id
    match_examples: tuple[Example, ...] = ()
    no_match_examples: tuple[Example, ...] = ()
    negated_examples: tuple[Example, ...] = ()
    source: str = ""
    line: int = 0
    scope: str = SCOPE_PART
    #: the rule recognises the usual, fair kind of a clause (how an arbitration runs, the
    #: consumer's home courts): a learned model in ``union`` mode does not raise its flag
    fair_variant: bool = False
    #: the rule catches a kind of clause the pack's learned models were not trained to see as unfair
    #: (CLAUDETTE tags no class-action waiver), so they have no say over its flags: a ``confirm``
    #: model does not show them as information, a ``replace`` model does not switch the rule off
    outside_model: bool = False
    #: what the rule's flags are called and how they are explained, where that differs from the
    #: category's: the fair kind of a clause ("Your home courts are kept") is not "Disputes must go
    #: to the company's courts"
    title: str | None = None
    explanation: str | None = None
    #: the rule notes a passing mention ("arbitration" anywhere): its flags are left out of a
    #: document in which another rule of the category flags something, where the reader should look
    mention: bool = False


@dataclass(frozen=True, slots=True)
class ModelCategory:
    threshold: float
    severity: Severity | None = None
    mode: ModelMode = ModelMode.UNION


@dataclass(frozen=True, slots=True)
class ModelSpec:
    id: str
    path: Path
    categories: dict[str, ModelCategory]
    unit: str = "sentence"                  # "sentence" or "clause"
    source: str = ""
    line: int = 0
    #: the document kinds (``terms``, ``privacy``, ``other``) the model applies to; None: all.
    #: A lone clause, whose kind is unknown, is scored by every model.
    documents: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class PackSource:
    """One pack file of a combination, as the consent store records it."""

    id: str
    name: str
    version: str
    sha256: str
    path: str
    base: bool = False


@dataclass(frozen=True, slots=True)
class RulePack:
    """One or more pack files combined, validated and compiled, ready for flagging."""

    sources: tuple[PackSource, ...]
    categories: dict[str, Category]
    rules: tuple[Rule, ...]
    models: tuple[ModelSpec, ...] = ()
    #: per rule (same order as ``rules``): its signature (see terms.rulepacks.patterns.signature)
    signatures: tuple[tuple[frozenset[str], ...], ...] = ()
    #: prefilter key -> indexes of the rules to try when a word starts with it
    index: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)
    #: indexes of rules without prefilter keys, tried on every scope
    always: tuple[int, ...] = field(default=(), repr=False, compare=False)
    index_keys: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    #: whether some rule matches across whole sentences (``scope: sentence``)
    sentence_rules: bool = field(default=False, init=False, repr=False, compare=False)
    #: ids of the rules marked ``fair_variant``
    fair_variants: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    #: ids of the rules marked ``outside_model``
    outside_models: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    #: rules with a title or explanation of their own, by id
    worded: dict[str, Rule] = field(default_factory=dict, init=False, repr=False, compare=False)
    #: the rules' terms, to find each region's live ones
    terms: TermIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index_keys", frozenset(self.index))
        object.__setattr__(self, "sentence_rules", any(r.scope == SCOPE_SENTENCE for r in self.rules))
        object.__setattr__(self, "fair_variants", frozenset(r.id for r in self.rules if r.fair_variant))
        object.__setattr__(self, "outside_models", frozenset(r.id for r in self.rules if r.outside_model))
        object.__setattr__(self, "worded", {r.id: r for r in self.rules if r.title or r.explanation})
        object.__setattr__(self, "terms", TermIndex(pack_terms(
            node for r in self.rules for node in (r.pattern, *r.unless))))

    @property
    def id(self) -> str:
        return "+".join(s.id for s in self.sources)

    @property
    def version(self) -> str:
        return "+".join(s.version for s in self.sources)

    @property
    def sha256(self) -> str:
        """The pack file's SHA-256; for a combination, the SHA-256 of the files' hashes in order."""
        if len(self.sources) == 1:
            return self.sources[0].sha256
        return sha256_text("\n".join(s.sha256 for s in self.sources))

    def category(self, category_id: str) -> Category:
        return self.categories[category_id]

    def title_of(self, category_id: str, rule_id: str) -> str:
        """What a flag of ``category_id`` raised by ``rule_id`` is called: the rule's own title if
        it has one (the fair kind of a clause), else the category's. A rule's words describe what it
        matches, so they are not used for a flag its negation filed elsewhere ("we do not share your
        data with your employer" is a promise, not "Your employer … may see what you record")."""
        rule = self.worded.get(rule_id)
        if rule is not None and rule.title and rule.category == category_id:
            return rule.title
        return self.categories[category_id].title

    def explanation_of(self, category_id: str, rule_id: str) -> str:
        """The explanation template for such a flag: the rule's own (for its own category, as in
        :meth:`title_of`), else the category's."""
        rule = self.worded.get(rule_id)
        if rule is not None and rule.explanation and rule.category == category_id:
            return rule.explanation
        return self.categories[category_id].explanation
