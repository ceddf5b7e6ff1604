"""Line-aware YAML loading: plain Python values that remember where they were written.

``yaml.safe_load`` forgets positions, but every validation problem must name its line,
so packs are composed into nodes and converted here into :class:`LMap`, :class:`LList`
and :class:`LStr` values carrying 1-based line numbers. Duplicate keys, which PyYAML
silently collapses, are reported as problems.

Aliases (``*name``) are copied out when converting, so nested ones multiply: eight
levels of ten make a hundred million values from a few lines. Only
:data:`MAX_ALIAS_VALUES` values may come from aliases; beyond that the file is refused
naming the line of the outermost anchored value being repeated.

Merge keys (``<<: *defaults``) are resolved here, as YAML 1.1 defines them: the keys
written in the mapping win, then the merged mappings in the order given; a merged key
keeps the line where it was written. Problems in the YAML itself rather than in what it
says (an explicit tag such as ``!!python/object``, an alias inside the value it names,
nesting deeper than :data:`MAX_DEPTH`, a number too long to read, an impossible date)
are collected over the whole file and raised together: a value that could not be read
would only mislead the checks of the pack's contents.
"""

from __future__ import annotations

from typing import Any

import yaml

from terms.errors import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Values (scalars, lists, mappings) a file may produce by repeating anchored ones.
MAX_ALIAS_VALUES = 10_000
#: Levels of lists and mappings inside one another; packs need about ten.
MAX_DEPTH = 64

_STANDARD = "tag:yaml.org,2002:"
_MERGE = _STANDARD + "merge"
_INT = _STANDARD + "int"
_TIMESTAMP = _STANDARD + "timestamp"
#: plain scalars PyYAML resolves to tags its safe constructor cannot build ('<<' and '=' as values)
_AS_TEXT = (_MERGE, _STANDARD + "value")


class LMap(dict):
    """A mapping with the line of the mapping itself and of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A sequence with the line of the sequence and of each item."""

    line: int
    item_lines: list[int]


class LStr(str):
    """A string scalar that knows its line."""

    line: int


def line_of(value: object, default: int = 0) -> int:
    return getattr(value, "line", default)


class YamlLoadError(Exception):
    """The file cannot be read as values: ``problems`` says where and why (``problem`` is the first)."""

    def __init__(self, problems: Problem | list[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.problem = self.problems[0]
        super().__init__("; ".join(str(p) for p in self.problems))


def _line_of_control(text: str) -> int:
    """The line of the first character YAML does not accept (a control character), or 0."""
    for number, line in enumerate(text.splitlines(), 1):
        if any((ord(c) < 32 and c != "\t") or 0x7F <= ord(c) <= 0x9F for c in line):
            return number
    return 0


def load_located(text: str, source: str, problems: list[Problem]) -> Any:
    """Parse ``text`` into located values; problems in the YAML itself raise :class:`YamlLoadError`."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        lines = text.splitlines()
        bad = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in bad[: len(bad) - len(bad.lstrip())]:
            what += " (a tab in the indentation: YAML indents with spaces only)"
        elif mark is None and "#x" in what:  # a control character: PyYAML names no line
            line = _line_of_control(text)
        raise YamlLoadError(Problem(source, line, f"malformed YAML: {what}")) from exc
    if node is None:
        return None
    tagged = _explicit_tags(text, source)
    if tagged:
        raise YamlLoadError(tagged)
    converter = _Converter(source, problems)
    value = converter.convert(node)
    if converter.unreadable:
        raise YamlLoadError(converter.unreadable)
    return value


def _explicit_tags(text: str, source: str) -> list[Problem]:
    """A problem for each tag written in the file (``!!python/object/apply:…``, ``!x``, ``!!str``).

    Composed nodes carry a tag whether it was written or resolved, so the events are read
    again; every tag starts with '!', so a file without one is not read twice.
    """
    if "!" not in text:
        return []
    return [
        Problem(source, event.start_mark.line + 1,
                f"YAML tags are not allowed ('{_short(_tag(event.tag))}'); write plain values")
        for event in yaml.parse(text, Loader=_Loader)
        if getattr(event, "tag", None) is not None
    ]


def _tag(tag: str) -> str:
    """A tag as written: the standard prefix as its '!!' shorthand."""
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Converter:
    """Turns composed nodes into located values, counting what aliases repeat."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()
        self.active: set[int] = set()   # nodes being converted: meeting one again is a cycle
        self.repeated = 0
        self.unreadable: list[Problem] = []
        self.too_deep = False

    def fail(self, line: int, message: str) -> None:
        self.unreadable.append(Problem(self.source, line, message))

    def convert(self, node: yaml.Node, alias_line: int = 0, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.active:
            self.fail(alias_line or line, "a YAML alias ('*') stands inside the value it names, "
                                          "which would repeat without end")
            return None
        if depth > MAX_DEPTH:
            if not self.too_deep:
                self.fail(line, f"YAML nested more than {MAX_DEPTH} levels deep")
                self.too_deep = True
            return None
        if id(node) in self.seen:
            # The same node a second time comes from an alias. Nodes keep only the anchor's
            # position; inside a repeated value the outermost repeated anchor is reported.
            alias_line = alias_line or line
            self.repeated += 1
            if self.repeated > MAX_ALIAS_VALUES:
                raise YamlLoadError(Problem(
                    self.source, alias_line,
                    f"YAML aliases repeat more than {MAX_ALIAS_VALUES:,} values "
                    "(nested '*' references multiply); write the values out instead",
                ))
        else:
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, line)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, line, alias_line, depth)
            items = LList(self.convert(item, alias_line, depth + 1) for item in node.value)
            items.line = line
            items.item_lines = [item.start_mark.line + 1 for item in node.value]
            return items
        finally:
            self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, line: int, alias_line: int, depth: int) -> LMap:
        result = LMap()
        result.line = line
        result.key_lines = {}
        merged: list[LMap] = []
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                merged += self.merge_sources(value_node, key_line, alias_line, depth)
                continue
            key = self.convert(key_node, alias_line, depth + 1)
            if not isinstance(key, str):
                self.problems.append(Problem(self.source, key_line, f"mapping key {key!r} must be a string"))
                key = str(key)
            if key in result:
                self.problems.append(Problem(
                    self.source, key_line, f"duplicate key {key!r} (first at line {result.key_lines[key]})"))
                continue
            result[str(key)] = self.convert(value_node, alias_line, depth + 1)
            result.key_lines[str(key)] = key_line
        for other in merged:
            for key, value in other.items():
                if key not in result:
                    result[key] = value
                    result.key_lines[key] = other.line_of(key)
        return result

    def merge_sources(self, node: yaml.Node, line: int, alias_line: int, depth: int) -> list[LMap]:
        """The mappings a ``<<`` key brings in: one mapping, or a list of them."""
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not all(isinstance(n, yaml.MappingNode) for n in nodes):
            self.fail(line, "a YAML merge key ('<<') needs a mapping or a list of mappings, "
                            "such as '<<: *defaults'")
            return []
        values = [self.convert(n, alias_line, depth + 1) for n in nodes]
        return [v for v in values if isinstance(v, LMap)]

    def scalar(self, node: yaml.ScalarNode, line: int) -> Any:
        if node.tag in _AS_TEXT:
            value: Any = node.value
        else:
            try:
                value = self.constructor.construct_object(node, deep=True)
            except ValueError as exc:
                self.fail(line, _unreadable_scalar(node, exc))
                return None
        if isinstance(value, str):
            located = LStr(value)
            located.line = line
            return located
        return value


def _unreadable_scalar(node: yaml.ScalarNode, exc: ValueError) -> str:
    """Why a plain scalar that YAML reads as a number or a date cannot be one."""
    if node.tag == _INT:
        digits = sum(ch.isdigit() for ch in node.value)
        return f"number out of range ({digits:,} digits); quote it if it is meant as text"
    if node.tag == _TIMESTAMP:
        return f"'{_short(node.value)}' is not a valid date ({exc}); quote it if it is meant as text"
    return f"cannot read '{_short(node.value)}': {exc}"
