"""Loading, validating and combining rule packs (format: docs/rule-packs.md).

Every problem in every file is collected, each with its file and line, and raised at
once as a :class:`~terms.errors.RulePackError`. Compiled packs are cached per
(path, modification time, size), so the CLI and GUI pay for loading once per process.
"""

from __future__ import annotations

import datetime
import difflib
import errno
import importlib.util
import re
import stat
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from terms.errors import Problem, RulePackError, TermsError
from terms.model import DocumentKind, Severity, sha256_text
from terms.resources import resource_path
from terms.rulepacks import regexsafety
from terms.rulepacks.patterns import (
    AllOf,
    AnyOf,
    Near,
    Node,
    Term,
    lower_pattern,
    signature,
    spaces_to_whitespace,
    term_regex,
)
from terms.rulepacks.scan import fold
from terms.rulepacks.schema import (
    NEGATION_DROP,
    NEGATION_KEEP,
    SCOPE_PART,
    SCOPE_SENTENCE,
    Category,
    Example,
    Group,
    ModelCategory,
    ModelMode,
    ModelSpec,
    PackSource,
    Rule,
    RulePack,
)
from terms.rulepacks.selftest import run_examples
from terms.rulepacks.template import TemplateError, parse_template
from terms.rulepacks.yamlnodes import LList, LMap, YamlLoadError, line_of, load_located
from terms.wording import count

#: ``base: true`` in the header of a pack whose YAML does not load
_SAYS_BASE = re.compile(r"^[ \t]+base:[ \t]*true[ \t]*(?:#.*)?$", re.MULTILINE)

TOP_KEYS = ("pack", "vocab", "categories", "rules", "models", "disable")
PACK_KEYS = ("id", "name", "version", "description", "base")
CATEGORY_KEYS = ("id", "title", "group", "severity", "priority", "explanation", "topics", "undercut_by",
                 "override")
RULE_KEYS = ("id", "category", "match", "severity", "scope", "unless", "negation", "examples", "override",
             "fair_variant", "outside_model", "mention", "title", "explanation")
EXAMPLE_KEYS = ("match", "no_match", "negated")
MODEL_KEYS = ("id", "file", "unit", "documents", "categories")
MODEL_CATEGORY_KEYS = ("threshold", "severity", "mode")
NODE_KEYS = ("any", "all", "near")
NEAR_KEYS = ("near", "within", "ordered")

_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_CATEGORY_ID = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_VOCAB_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SEVERITIES = tuple(s.value for s in Severity)


def default_pack_path() -> Path:
    return resource_path("rules", "default.yaml")


def default_pack() -> RulePack:
    """The bundled default pack (compiled once per process)."""
    return load_packs([])


def load_packs(paths: Iterable[str | Path]) -> RulePack:
    """Load, validate and combine packs in order.

    When the first pack is not a base pack (``base: true``), or no path is given, the
    default pack is put in front. Raises :class:`RulePackError` with every problem found.
    """
    paths = [Path(p) for p in paths]
    return _load_cached(tuple(_file_key(p) for p in paths))


def _file_key(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _load_cached(keys: tuple[tuple[str, int, int], ...]) -> RulePack:
    paths = [Path(k[0]) for k in keys]
    builder = _Builder()
    files: list[_File] = []
    for path, key in zip(paths, keys, strict=True):
        if key[1] >= 0 and any(key[0] == earlier[0] for earlier in keys[: len(files)]):
            # its ids would all be reported again as duplicates of themselves
            builder.problem(str(path), 0, "this file is given twice: name each pack once")
            files.append(_File(path, str(path)))
            continue
        files.append(builder.read(path))
    # A first pack that could not be read is taken for an add-on unless its text says
    # ``base: true``, so that the packs after it are checked against the default pack's categories.
    if not files or not files[0].base:
        default = default_pack_path()
        if not paths or default.resolve() != paths[0].resolve():
            files.insert(0, builder.read(default))
    for n, f in enumerate(files):
        builder.add(f, position=n)
    return builder.finish()


def check_packs(paths: Iterable[str | Path]) -> RulePack:
    """Validate packs and run their examples (``clearterms rules check``), and read every model
    file they name: a file that is there but not a usable model is reported now, not on first
    use."""
    pack = load_packs(paths)
    if importlib.util.find_spec("terms.learned") is None:  # reported by loading
        return pack
    learned = importlib.import_module("terms.learned")
    problems: list[Problem] = []
    for spec in pack.models:
        try:
            model = learned.load_model(spec.path)
        except TermsError as exc:
            problems.append(Problem(spec.source, spec.line, f"model '{spec.id}': {exc}"))
            continue
        missing = [cid for cid in spec.categories if cid not in model.categories]
        if missing:
            problems.append(Problem(spec.source, spec.line, (
                f"model '{spec.id}': its file has no weights for {', '.join(map(repr, missing))} "
                f"(it has {', '.join(map(repr, model.categories)) or 'none'})")))
    if problems:
        raise RulePackError(f"{count(len(problems), 'problem')} in the rule packs' models", problems)
    return pack


@dataclass
class _File:
    path: Path
    source: str
    data: Any = None
    sha256: str = ""
    base: bool = False


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""



#: The largest rule pack read: the default pack is about 150 KB; anything near this is not a pack
#: (a device such as /dev/zero, a log file chosen by mistake) and would be read into memory whole.
MAX_PACK_BYTES = 10 * 1024 * 1024


class _NotAPackFile(Exception):
    """A path that names no readable pack file (a FIFO, a device, something far too large)."""


def _read_pack(path: Path) -> bytes:
    """The bytes of the pack at ``path``; a FIFO or device (which would block or never end) and a
    file over :data:`MAX_PACK_BYTES` are refused before anything is read."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a rule pack file")
    if not stat.S_ISREG(info.st_mode):
        raise _NotAPackFile("not a regular file (a device, FIFO or socket), so it cannot be a rule pack")
    with path.open("rb") as handle:
        raw = handle.read(MAX_PACK_BYTES + 1)
    if len(raw) > MAX_PACK_BYTES:
        raise _NotAPackFile(f"is larger than {MAX_PACK_BYTES // (1024 * 1024)} MB, far more than a rule "
                            "pack holds: not a rule pack, or not the file meant")
    return raw

@dataclass
class _Builder:
    problems: list[Problem] = field(default_factory=list)
    sources: list[PackSource] = field(default_factory=list)
    categories: dict[str, Category] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    vocab: dict[str, tuple[Node, str, int]] = field(default_factory=dict)
    models: list[ModelSpec] = field(default_factory=list)
    terms: dict[str, Term] = field(default_factory=dict)
    # references resolved once every pack is read: (source, line, id, where)
    pending_categories: list[tuple[str, int, str, str]] = field(default_factory=list)
    pending_topics: list[tuple[str, int, str, str]] = field(default_factory=list)
    # files that could not be read at all: their problem is the path, not the lines
    unreadable: list[str] = field(default_factory=list)
    # every id written down, valid or not, with where it first was: a category or rule with
    # a mistake of its own is still known, so duplicates and references to it are judged
    # against what the author wrote rather than reported again as unknown
    declared_categories: dict[str, tuple[str, int]] = field(default_factory=dict)
    declared_rules: dict[str, tuple[str, int]] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)
    # files in the order read, to list problems file by file and line by line
    order: list[str] = field(default_factory=list)

    # -- reading ---------------------------------------------------------------------------
    def problem(self, source: str, line: int, message: str) -> None:
        self.problems.append(Problem(source, line, message))

    def read(self, path: Path) -> _File:
        source = str(path)
        f = _File(path, source)
        self.order.append(source)
        try:
            raw = _read_pack(path)
        except OSError as exc:
            self.problem(source, 0, f"cannot read rule pack: {exc.strerror or exc}")
            self.unreadable.append(source)
            return f
        except _NotAPackFile as exc:
            self.problem(source, 0, str(exc))
            self.unreadable.append(source)
            return f
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problem(source, line, "not UTF-8 text")
            return f
        f.sha256 = sha256_text(text)
        try:
            data = load_located(text, source, self.problems)
        except YamlLoadError as exc:
            self.problems.extend(exc.problems)
            f.base = _SAYS_BASE.search(text) is not None
            return f
        if not isinstance(data, LMap):
            self.problem(
                source, line_of(data, 1), "a rule pack must be a YAML mapping with a 'pack' header"
            )
            return f
        f.data = data
        header = data.get("pack")
        f.base = isinstance(header, LMap) and header.get("base") is True
        return f

    def keys(
        self, source: str, mapping: LMap, allowed: Sequence[str], required: Sequence[str], where: str
    ) -> bool:
        ok = True
        for key in mapping:
            if key not in allowed:
                self.problem(
                    source, mapping.line_of(key), f"unknown key '{key}' in {where}{_suggest(key, allowed)}"
                )
                ok = False
        return self.has_keys(source, mapping, required, where) and ok

    def has_keys(self, source: str, mapping: LMap, required: Sequence[str], where: str) -> bool:
        """Whether ``mapping`` has every key of ``required``; each missing one is a problem."""
        missing = [key for key in required if key not in mapping]
        for key in missing:
            self.problem(source, mapping.line, f"{where}: missing key '{key}'")
        return not missing

    # -- one file --------------------------------------------------------------------------
    def add(self, f: _File, position: int) -> None:
        if f.data is None:
            return
        source, data = f.source, f.data
        self.keys(source, data, TOP_KEYS, ("pack",), "rule pack")
        header = data.get("pack")
        self.header(f, header, position)
        if "vocab" in data:
            self.read_vocab(source, data["vocab"])
        for entry in self.entries(source, data, "categories"):
            self.category(source, entry)
        for entry in self.entries(source, data, "disable"):
            self.disable(source, entry, data)
        for entry in self.entries(source, data, "rules"):
            self.rule(source, entry)
        for entry in self.entries(source, data, "models"):
            self.model(f, entry)

    def entries(self, source: str, data: LMap, key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, LList):
            self.problem(source, data.line_of(key), f"'{key}' must be a list")
            return []
        return list(zip(value, value.item_lines, strict=True)) if key == "disable" else list(value)

    def header(self, f: _File, header: Any, position: int) -> None:
        source = f.source
        if header is None and "pack" in f.data:
            self.problem(source, f.data.line_of("pack"),
                         "the 'pack' header is empty: it needs an id, a name and a version")
            return
        if not isinstance(header, LMap):
            if header is not None:
                self.problem(source, line_of(header, f.data.line), "'pack' must be a mapping")
            return
        self.keys(source, header, PACK_KEYS, ("id", "name", "version"), "pack header")
        pack_id = str(header.get("id", ""))
        if pack_id and not _PACK_ID.match(pack_id):
            self.problem(
                source,
                header.line_of("id"),
                f"pack id '{pack_id}' must be lower-case ASCII letters (a-z), digits, '.' and '-'",
            )
        earlier = next((s for s in self.sources if s.id == pack_id), None) if pack_id else None
        if earlier is not None:
            bundled = Path(earlier.path) == default_pack_path()
            self.problem(source, header.line_of("id"),
                         f"pack id '{pack_id}' is already used by "
                         + ("the default pack bundled with ClearTerms: give yours an id of its own" if bundled
                            else f"{earlier.path}: each pack needs an id of its own"))
        for key in ("name", "version", "description"):
            if key in header and not isinstance(header[key], str):
                self.problem(source, header.line_of(key), f"pack {key} must be a string (quote it)")
        if "base" in header and not isinstance(header["base"], bool):
            self.problem(source, header.line_of("base"), "pack 'base' must be true or false")
        if f.base and position > 0:
            self.problem(
                source,
                header.line_of("base"),
                "a base pack must come first (base packs stand alone; see docs/rule-packs.md)",
            )
        self.sources.append(
            PackSource(
                pack_id,
                str(header.get("name", "")),
                str(header.get("version", "")),
                f.sha256,
                source,
                f.base,
            )
        )

    # -- vocab and patterns ----------------------------------------------------------------
    def read_vocab(self, source: str, vocab: Any) -> None:
        if not isinstance(vocab, LMap):
            self.problem(source, line_of(vocab), "'vocab' must be a mapping of name: [terms]")
            return
        for name, value in vocab.items():
            line = vocab.line_of(name)
            if not _VOCAB_NAME.match(name):
                self.problem(
                    source, line,
                    f"vocab name '{name}' must be lower-case ASCII letters (a-z), digits, '-', '_'"
                )
            if name in self.vocab:
                _, first_source, first_line = self.vocab[name]
                self.problem(
                    source, line, f"duplicate vocab '{name}' (first defined at {first_source}:{first_line})"
                )
                continue
            items = value if isinstance(value, LList) else [value]
            terms: list[Node] = []
            for item in items:
                if not isinstance(item, str) or item.startswith("@"):
                    self.problem(
                        source,
                        line_of(item, line),
                        f"vocab '{name}': entries must be terms (strings, no '@' references)"
                        + _yaml_reading(item),
                    )
                    continue
                term = self.term(source, line_of(item, line), item, f"vocab '{name}'")
                if term is not None:
                    terms.append(term)
            self.vocab[name] = (AnyOf(tuple(terms)), source, line)

    def term(self, source: str, line: int, text: str, where: str) -> Term | None:
        cached = self.terms.get(text)
        if cached is not None:
            return cached
        try:
            term = self._new_term(source, line, text, where)
        finally:
            regexsafety.forget()   # the parse trees and memos of this term's checks
        if term is not None:
            self.terms[text] = term
        return term

    def _new_term(self, source: str, line: int, text: str, where: str) -> Term | None:
        if not text.strip():
            self.problem(source, line, f"{where}: empty term")
            return None
        # matched text is folded (typographic quotes, dashes and spaces as ASCII): a term is too,
        # or one written with curly quotes could never match
        folded = fold(text)
        widened = lower_pattern(spaces_to_whitespace(folded))
        try:
            regexsafety.check_nesting(text)   # parsing recurses once per level of groups
            with warnings.catch_warnings():
                # a warning ("possible nested set") is a problem, never a line on stderr
                warnings.simplefilter("error")
                regex = re.compile(term_regex(folded))
            regexsafety.check_safe(widened)
        except (re.error, OverflowError, Warning) as exc:   # OverflowError: a{1,99999999999}
            # Positions and spelling in exc are those of the lower-cased, word-bounded form;
            # the term as written is read again so the message speaks of what the author wrote.
            why = regexsafety.syntax_problem(text)
            if why is not None:
                self.problem(source, line, f"{where}: bad regular expression {_quote(text)}: {why}")
            else:
                self.problem(source, line, f"{where}: {_quote(text)} cannot be a term: {_as_term(text, exc)}")
            return None
        except regexsafety.UnsafePattern as exc:
            self.problem(source, line, f"{where}: term {_quote(text)} rejected: {exc}")
            return None
        if regexsafety.ends_in_space(folded.lower()):
            self.problem(source, line, f"{where}: term {_quote(text)} ends in a space: a term must end at a "
                         "word's end, so it could match only before punctuation (put each space before its "
                         "word instead: write 'x( a| an)' for 'x (a |an )')")
            return None
        return Term(text, regex, regexsafety.prefilter_keys(widened), len(self.terms),
                    regexsafety.required_literals(widened), regexsafety.term_conjunct(widened))

    def node(self, source: str, value: Any, line: int, where: str) -> Node | None:
        line = line_of(value, line)
        if isinstance(value, str):
            if value.startswith("@"):
                name = value[1:]
                if name not in self.vocab:
                    self.problem(
                        source, line, f"{where}: unknown vocab '@{name}'{_suggest(name, self.vocab)}"
                    )
                    return None
                return self.vocab[name][0]
            return self.term(source, line, value, where)
        if isinstance(value, LList):
            return self.group(AnyOf, source, value, line, where)
        if isinstance(value, LMap):
            kinds = [k for k in NODE_KEYS if k in value]
            if len(kinds) != 1:
                # name every key that is not one ("naer", "withn"), with its nearest, so a typo of
                # the kind does not hide those of its siblings
                known = NODE_KEYS + NEAR_KEYS
                named = "; ".join(f"unknown key '{k}'{_suggest(str(k), known)}"
                                  for k in value if k not in known)
                self.problem(source, line, f"{where}: a pattern mapping needs exactly one of any/all/near"
                             + (f" ({named})" if named else ""))
                return None
            kind = kinds[0]
            allowed = NEAR_KEYS if kind == "near" else (kind,)
            # an unknown key is reported and the rest still checked, so one typo hides nothing
            keys_ok = self.keys(source, value, allowed, (), f"{where} ({kind})")
            children = value[kind]
            if not isinstance(children, LList) or not children:
                self.problem(source, value.line_of(kind), f"{where}: '{kind}' needs a non-empty list")
                return None
            if kind == "any":
                node = self.group(AnyOf, source, children, line, where)
            elif kind == "all":
                node = self.group(AllOf, source, children, line, where)
            else:
                node = self.near(source, value, children, line, where)
            return node if keys_ok else None
        self.problem(source, line, f"{where}: a pattern must be a term, a list or an any/all/near mapping"
                     + _yaml_reading(value))
        return None

    def group(self, kind: type, source: str, items: LList, line: int, where: str) -> Node | None:
        children = [
            self.node(source, item, il, where) for item, il in zip(items, items.item_lines, strict=True)
        ]
        if any(c is None for c in children) or not children:
            if not children:
                self.problem(source, line, f"{where}: empty pattern list")
            return None
        if len(children) == 1:
            return children[0]
        return kind(tuple(children))

    def near(self, source: str, value: LMap, items: LList, line: int, where: str) -> Node | None:
        within = value.get("within", 8)
        ordered = value.get("ordered", False)
        ok = True
        if not isinstance(within, int) or isinstance(within, bool) or not 0 <= within <= 100:
            self.problem(
                source, value.line_of("within"), f"{where}: 'within' must be a number of words, 0-100"
            )
            ok = False
        if not isinstance(ordered, bool):
            self.problem(source, value.line_of("ordered"), f"{where}: 'ordered' must be true or false")
            ok = False
        if len(items) < 2:
            self.problem(source, value.line_of("near"), f"{where}: 'near' needs at least two patterns")
            ok = False
        children = [
            self.node(source, item, il, where) for item, il in zip(items, items.item_lines, strict=True)
        ]
        if not ok or any(c is None for c in children):
            return None
        return Near(tuple(children), within, ordered)

    # -- categories ------------------------------------------------------------------------
    def category(self, source: str, entry: Any) -> None:
        if not isinstance(entry, LMap):
            self.problem(source, line_of(entry), "each category must be a mapping")
            return
        cid = str(entry.get("id", ""))
        where = f"category '{cid}'" if cid else "category"
        ok = self.keys(
            source, entry, CATEGORY_KEYS, ("id", "title", "group", "severity", "explanation"), where
        )
        if cid and not _CATEGORY_ID.match(cid):
            self.problem(source, entry.line_of("id"), f"category id '{cid}' must look like 'data.sale'")
            ok = False
        override = self.boolean(source, entry, "override", where)
        ok = ok and override is not None
        if cid in self.declared_categories and override is False:
            first_source, first_line = self.declared_categories[cid]
            self.problem(
                source,
                entry.line_of("id"),
                f"duplicate category id '{cid}' (first defined at "
                f"{first_source}:{first_line}; add 'override: true' to replace it)",
            )
            ok = False
        elif override and cid not in self.declared_categories:
            self.problem(
                source,
                entry.line_of("override"),
                f"{where}: 'override: true' but no earlier category has this id"
                f"{_suggest(cid, self.declared_categories)}",
            )
            ok = False
        elif cid:
            self.declared_categories[cid] = (source, entry.line)
        group = self.enum(source, entry, "group", [g.value for g in Group], where)
        severity = self.enum(source, entry, "severity", _SEVERITIES, where)
        priority = entry.get("priority", 50)
        if not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 100:
            self.problem(source, entry.line_of("priority"), f"{where}: priority must be an integer 0-100")
            ok = False
        explanation = entry.get("explanation", "")
        if not self.explanation(source, entry, where) or "explanation" not in entry:
            ok = False  # (a missing one is reported with the other required keys)
        topics = entry.get("topics", _empty())
        if not isinstance(topics, LList) or not all(isinstance(t, str) for t in topics):
            self.problem(source, entry.line_of("topics"), f"{where}: topics must be a list of topic ids")
            ok = False
            topics = []
        for topic, tline in zip(topics, getattr(topics, "item_lines", []), strict=False):
            self.pending_topics.append((source, tline, str(topic), where))
        undercut_by = entry.get("undercut_by", _empty())
        if not isinstance(undercut_by, LList) or not all(isinstance(c, str) for c in undercut_by):
            self.problem(source, entry.line_of("undercut_by"),
                         f"{where}: undercut_by must be a list of category ids")
            ok = False
            undercut_by = []
        for undercut, uline in zip(undercut_by, getattr(undercut_by, "item_lines", []), strict=False):
            self.pending_categories.append((source, uline, str(undercut), f"{where} undercut_by"))
        if not ok or group is None or severity is None:
            return
        self.categories[cid] = Category(
            cid,
            str(entry["title"]),
            Group(group),
            Severity(severity),
            " ".join(str(explanation).split()),
            priority,
            tuple(str(t) for t in topics),
            source,
            entry.line,
            tuple(str(c) for c in undercut_by),
        )

    def explanation(self, source: str, entry: LMap, where: str) -> bool:
        """Whether the entry's explanation, if it has one, is text that parses as a template."""
        if "explanation" not in entry:
            return True
        text = entry["explanation"]
        if not isinstance(text, str) or not text.strip():
            self.problem(source, entry.line_of("explanation"), f"{where}: explanation {_not_text(text)}")
            return False
        try:
            parse_template(text)
        except TemplateError as exc:
            for problem in exc.problems:
                self.problem(source, entry.line_of("explanation"), f"{where}: explanation: {problem}")
            return False
        return True

    def boolean(self, source: str, entry: LMap, key: str, where: str) -> bool | None:
        """``entry[key]`` (false if absent); None, with a problem, if it is not true or false
        (YAML reads ``"yes"`` and ``1`` as a string and a number)."""
        value = entry.get(key, False)
        if value is True or value is False:
            return value
        self.problem(source, entry.line_of(key), f"{where}: {key} must be true or false, not '{value}'")
        return None

    def enum(self, source: str, entry: LMap, key: str, options: Sequence[str], where: str) -> str | None:
        if key not in entry:
            return None
        value = entry[key]
        if value not in options:
            self.problem(
                source,
                entry.line_of(key),
                f"{where}: {key} '{value}' is not one of "
                f"{', '.join(options)}{_suggest(str(value), options)}",
            )
            return None
        return str(value)

    # -- rules -----------------------------------------------------------------------------
    def disable(self, source: str, entry: tuple[Any, int], data: LMap) -> None:
        rule_id, line = entry
        if str(rule_id) in self.disabled:
            self.problem(source, line, f"disable: rule '{rule_id}' is already disabled")
            return
        own = [r.get("id") for r in data.get("rules") or () if isinstance(r, LMap)]
        if rule_id in own and str(rule_id) not in self.declared_rules:
            self.problem(source, line, f"disable: rule '{rule_id}' is this pack's own: only rules of "
                                       "earlier packs can be disabled (leave yours out instead)")
            return
        if str(rule_id) not in self.declared_rules:
            self.problem(
                source,
                line,
                f"disable: unknown rule '{rule_id}'{_suggest(str(rule_id), self.declared_rules)}",
            )
            return
        del self.declared_rules[str(rule_id)]
        self.rules.pop(str(rule_id), None)
        self.disabled.add(str(rule_id))

    def rule(self, source: str, entry: Any) -> None:
        if not isinstance(entry, LMap):
            self.problem(source, line_of(entry), "each rule must be a mapping")
            return
        rid = str(entry.get("id", ""))
        where = f"rule '{rid}'" if rid else "rule"
        # an unknown key is reported and the rule still built, so that its examples run too (the
        # pack fails to load either way); a missing one leaves nothing to build
        self.keys(source, entry, RULE_KEYS, (), where)
        ok = self.has_keys(source, entry, ("id", "category", "match"), where)
        if rid and not _RULE_ID.match(rid):
            self.problem(
                source,
                entry.line_of("id"),
                f"rule id '{rid}' must be lower-case ASCII letters (a-z), digits, '.', '-', '_'",
            )
            ok = False
        override = self.boolean(source, entry, "override", where)
        ok = ok and override is not None
        if rid in self.declared_rules and override is False:
            first_source, first_line = self.declared_rules[rid]
            self.problem(
                source,
                entry.line_of("id"),
                f"duplicate rule id '{rid}' (first defined at "
                f"{first_source}:{first_line}; add 'override: true' to replace it)",
            )
            ok = False
        elif override and rid not in self.declared_rules:
            self.problem(
                source,
                entry.line_of("override"),
                f"{where}: 'override: true' but no earlier rule has this id"
                f"{_suggest(rid, self.declared_rules)}",
            )
            ok = False
        elif rid:
            self.declared_rules[rid] = (source, entry.line)
        category = str(entry.get("category", ""))
        if category:
            self.pending_categories.append((source, entry.line_of("category"), category, where))
        severity = self.enum(source, entry, "severity", _SEVERITIES, where)
        if "severity" in entry and severity is None:
            ok = False
        scope = self.enum(source, entry, "scope", (SCOPE_PART, SCOPE_SENTENCE), where)
        if "scope" in entry and scope is None:
            ok = False
        pattern = (
            self.node(source, entry.get("match"), entry.line_of("match"), where)
            if "match" in entry
            else None
        )
        unless_raw = entry.get("unless", _empty())
        unless_items = unless_raw if isinstance(unless_raw, LList) else LList([unless_raw])
        if not isinstance(unless_raw, LList):
            unless_items.item_lines = [entry.line_of("unless")]
        unless = [
            self.node(source, u, ul, f"{where} unless")
            for u, ul in zip(unless_items, unless_items.item_lines, strict=True)
        ]
        fair_variant = self.boolean(source, entry, "fair_variant", where)
        outside_model = self.boolean(source, entry, "outside_model", where)
        mention = self.boolean(source, entry, "mention", where)
        if fair_variant is None or outside_model is None or mention is None:
            ok = False
        title = entry.get("title")
        if "title" in entry and (not isinstance(title, str) or not title.strip()):
            self.problem(source, entry.line_of("title"), f"{where}: title {_not_text(title)}")
            ok = False
        explanation = entry.get("explanation")
        if not self.explanation(source, entry, where):
            ok = False
        raw_negation = entry.get("negation", NEGATION_DROP)
        negation = str(raw_negation)
        if not isinstance(raw_negation, str):   # `negation: true` (YAML's yes/no) or a number
            shown = str(raw_negation).lower() if isinstance(raw_negation, bool) else negation
            self.problem(source, entry.line_of("negation"),
                         f"{where}: negation must be '{NEGATION_DROP}', '{NEGATION_KEEP}' or a category id, "
                         f"not {shown}")
            ok = False
        elif negation not in (NEGATION_DROP, NEGATION_KEEP):
            self.pending_categories.append(
                (source, entry.line_of("negation"), negation, f"{where} negation")
            )
        examples = self.examples(source, entry, where, negation)
        if not ok or pattern is None or any(u is None for u in unless) or examples is None:
            return
        match, no_match, negated = examples
        self.rules[rid] = Rule(
            rid,
            category,
            pattern,
            Severity(severity) if severity else None,
            tuple(u for u in unless if u is not None),
            negation,
            match,
            no_match,
            negated,
            source,
            entry.line,
            scope or SCOPE_PART,
            fair_variant,
            outside_model,
            " ".join(title.split()) if isinstance(title, str) else None,
            " ".join(explanation.split()) if isinstance(explanation, str) else None,
            mention,
        )

    def examples(self, source: str, entry: LMap, where: str, negation: str):
        raw = entry.get("examples")
        if raw is None:
            return (), (), ()
        if not isinstance(raw, LMap):
            self.problem(source, entry.line_of("examples"), f"{where}: examples must be a mapping")
            return None
        ok = self.keys(source, raw, EXAMPLE_KEYS, (), f"{where} examples")
        out = []
        for key in EXAMPLE_KEYS:
            items = raw.get(key, _empty())
            if not isinstance(items, LList):
                self.problem(source, raw.line_of(key), f"{where}: examples '{key}' must be a list of texts")
                ok = False
                items = _empty()
            kept = []
            # each entry on its own: one that is no text is named at its line, and the others
            # still run (one bad entry hid the whole list)
            for text, line in zip(items, items.item_lines, strict=True):
                if not isinstance(text, str) or not text.strip():
                    what = "is empty" if isinstance(text, str) or text is None else "is no text"
                    self.problem(source, line,
                                 f"{where}: an example under '{key}' {what}{_yaml_reading(text)}")
                    ok = False
                    continue
                kept.append(Example(text, line_of(text, line)))
            out.append(tuple(kept))
        if out[2] and negation in (NEGATION_DROP, NEGATION_KEEP):
            self.problem(
                source,
                raw.line_of("negated"),
                f"{where}: 'negated' examples need 'negation' to name a category",
            )
            ok = False
        # the good examples of a list with a bad entry still run: the bad one is reported already
        return tuple(out) if ok or any(out) else None

    # -- models ----------------------------------------------------------------------------
    def model(self, f: _File, entry: Any) -> None:
        source = f.source
        if not isinstance(entry, LMap):
            self.problem(source, line_of(entry), "each model must be a mapping")
            return
        mid = str(entry.get("id", ""))
        where = f"model '{mid}'"
        ok = self.keys(source, entry, MODEL_KEYS, ("id", "file", "categories"), where)
        unit = entry.get("unit", "sentence")
        if unit not in ("sentence", "clause"):
            self.problem(source, entry.line_of("unit"), f"{where}: unit must be 'sentence' or 'clause'")
            ok = False
        documents = entry.get("documents")
        kinds = [k.value for k in DocumentKind]
        if documents is not None and (
            not isinstance(documents, list) or not documents or any(d not in kinds for d in documents)
        ):
            self.problem(source, entry.line_of("documents"),
                         f"{where}: documents must be a list of document kinds ({', '.join(kinds)})")
            ok = False
        path = f.path.parent / str(entry.get("file", ""))
        if "file" in entry and not path.is_file():
            self.problem(source, entry.line_of("file"), f"{where}: model file not found: {path}")
            ok = False
        if importlib.util.find_spec("terms.learned") is None:
            self.problem(source, entry.line, f"{where}: the terms.learned package is not installed")
            ok = False
        cats = entry.get("categories")
        parsed: dict[str, ModelCategory] = {}
        if not isinstance(cats, LMap):
            if cats is not None:
                self.problem(source, entry.line_of("categories"), f"{where}: categories must be a mapping")
            ok = False
            cats = LMap()
            cats.line, cats.key_lines = entry.line, {}
        for cid, spec in cats.items():
            line = cats.line_of(cid)
            self.pending_categories.append((source, line, cid, where))
            spec = spec if spec is not None else LMap()
            if not isinstance(spec, LMap):
                self.problem(source, line, f"{where}: '{cid}' needs a mapping with a threshold")
                ok = False
                continue
            if not hasattr(spec, "line"):
                spec.line, spec.key_lines = line, {}
            if not self.keys(source, spec, MODEL_CATEGORY_KEYS, ("threshold",), f"{where} '{cid}'"):
                ok = False
                continue
            threshold = spec["threshold"]
            if (
                not isinstance(threshold, int | float)
                or isinstance(threshold, bool)
                or not 0 <= threshold <= 1
            ):
                self.problem(source, spec.line_of("threshold"), f"{where} '{cid}': threshold must be 0..1")
                ok = False
            severity = self.enum(source, spec, "severity", _SEVERITIES, f"{where} '{cid}'")
            mode = self.enum(source, spec, "mode", [m.value for m in ModelMode], f"{where} '{cid}'")
            if ("severity" in spec and severity is None) or ("mode" in spec and mode is None):
                ok = False
                continue
            parsed[cid] = ModelCategory(
                float(threshold),
                Severity(severity) if severity else None,
                ModelMode(mode or ModelMode.UNION),
            )
        if any(m.id == mid for m in self.models):
            self.problem(source, entry.line_of("id"), f"duplicate model id '{mid}'")
            ok = False
        if ok:
            self.models.append(ModelSpec(mid, path, parsed, str(unit), source, entry.line,
                                         frozenset(documents) if documents is not None else None))

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> RulePack:
        for source, line, cid, where in self.pending_categories:
            if cid not in self.declared_categories:
                hint = self.category_hint(source, cid, negation=where.endswith(" negation"))
                self.problem(source, line, f"{where}: unknown category '{cid}'{hint}")
        self.check_topics()
        rules = [
            r
            for r in self.rules.values()
            if r.category in self.categories
            and r.negation in (NEGATION_DROP, NEGATION_KEEP, *self.categories)
        ]
        pack = _compile(self.sources, self.categories, rules, self.models)
        self.problems.extend(run_examples(pack))
        if self.problems:
            rank = {source: n for n, source in enumerate(self.order)}
            self.problems.sort(key=lambda p: (rank.get(p.source, len(rank)), p.line))
            files = sorted({p.source for p in self.problems}, key=lambda source: rank.get(source, len(rank)))
            packs = "rule pack" if len(files) == 1 else "rule packs"
            summary = f"{count(len(self.problems), 'problem')} in {packs} {', '.join(files)}"
            raise RulePackError(summary, self.problems, hint=self.hint())
        return pack

    def category_hint(self, source: str, cid: str, negation: bool) -> str:
        """A did-you-mean for an unknown category: the same file's own categories first."""
        own = [c for c, (where, _) in self.declared_categories.items() if where == source]
        if negation:
            own += [NEGATION_DROP, NEGATION_KEEP]
        suggestion = _suggest(cid, own) or _suggest(cid, self.declared_categories)
        if suggestion or not any(s.base for s in self.sources[:1]):
            return suggestion
        return " (a base pack stands alone: the default pack's categories are not loaded)"

    def hint(self) -> str:
        """What to do next: a file that cannot be read needs its path checked, not its lines fixed."""
        advice = []
        if self.unreadable:
            paths = ", ".join(self.unreadable)
            advice.append(f"check the path of {paths} (it must name a readable rule pack file)")
        if len(self.problems) > len(self.unreadable):
            advice.append("fix the listed lines; see docs/rule-packs.md for the format")
        text = ", and ".join(advice)
        return text[0].upper() + text[1:] + "."

    def check_topics(self) -> None:
        if not self.pending_topics:
            return
        from terms.topics import load_topics

        try:
            known = {t.id for t in load_topics()}
        except TermsError as exc:
            source, line, _, _ = self.pending_topics[0]
            self.problem(source, line, f"cannot check topic ids: {exc.message.splitlines()[0]}")
            return
        for source, line, topic, where in self.pending_topics:
            if topic not in known:
                self.problem(
                    source, line, f"{where}: unknown consent topic '{topic}'{_suggest(topic, known)}"
                )


def _not_text(value: Any) -> str:
    """What is wrong with a value that should be text: blank, or something else."""
    return "must not be empty" if isinstance(value, str) or value is None else "must be text"


def _yaml_reading(value: Any) -> str:
    """What YAML made of an unquoted word that is no text ("no" is false, "2024-01-01" a date)."""
    if value is not None and not isinstance(value, bool | int | float | datetime.date):
        return ""
    shown = {True: "true", False: "false", None: "empty (null)"}.get(value, repr(value)) \
        if value is None or isinstance(value, bool) else str(value)
    return f": YAML read the unquoted entry as {shown}, not as text; quote it"


def _quote(text: str, limit: int = 80) -> str:
    """A term quoted for a message, shortened: a pathological one can be thousands of characters."""
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 3]}...'"


def _as_term(text: str, exc: Exception) -> str:
    """Why a valid expression fails once made a term (lower-cased, inside a word-bounded group).

    Its position would count in that wrapper, so it is left out.
    """
    if regexsafety.parse(text).state.groupdict:
        return "named groups '(?P<name>...)' are not supported in terms; write '(...)' or '(?:...)'"
    message = getattr(exc, "msg", None) or str(exc)
    if "global flags" in message:
        return ("inline flags such as '(?s)' act on the whole expression, which a term is only part of; "
                "scope them to a group, as in '(?s:...)' (terms ignore case already)")
    return message


def _empty() -> LList:
    empty = LList()
    empty.line, empty.item_lines = 0, []
    return empty


def _compile(
    sources: Sequence[PackSource],
    categories: dict[str, Category],
    rules: Sequence[Rule],
    models: Sequence[ModelSpec],
) -> RulePack:
    replaced = {cid for m in models for cid, spec in m.categories.items() if spec.mode is ModelMode.REPLACE}
    signatures = tuple(signature(r.pattern) for r in rules)
    index: dict[str, list[int]] = {}
    always: list[int] = []
    for i, (rule, sig) in enumerate(zip(rules, signatures, strict=True)):
        if rule.category in replaced and not rule.outside_model:
            continue
        if not sig:
            always.append(i)
        else:
            for key in sig[0]:
                index.setdefault(key, []).append(i)
    return RulePack(
        tuple(sources),
        dict(categories),
        tuple(rules),
        tuple(models),
        signatures,
        {k: tuple(v) for k, v in index.items()},
        tuple(always),
    )
