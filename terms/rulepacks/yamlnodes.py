"""Line-aware YAML loading: plain Python values that remember where they were written.

``yaml.safe_load`` forgets positions, but every validation problem must name its line,
so packs are composed into nodes and converted here into :class:`LMap`, :class:`LList`
and :class:`LStr` values carrying 1-based line numbers. Duplicate keys, which PyYAML
silently collapses, are reported as problems.

Aliases (``*name``) are copied out when converting, so nested ones multiply: eight
levels of ten make a hundred million values from a few lines. Only
:data:`MAX_ALIAS_VALUES` values may come from aliases; beyond that the file is refused
naming the line of the outermost anchored value being repeated.
"""

from __future__ import annotations

from typing import Any

import yaml

from terms.errors import Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Values (scalars, lists, mappings) a file may produce by repeating anchored ones.
MAX_ALIAS_VALUES = 10_000


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
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_located(text: str, source: str, problems: list[Problem]) -> Any:
    """Parse ``text`` into located values; structural YAML errors raise :class:`YamlLoadError`."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlLoadError(Problem(source, line, f"malformed YAML: {what}")) from exc
    if node is None:
        return None
    return _Converter(source, problems).convert(node)


class _Converter:
    """Turns composed nodes into located values, counting what aliases repeat."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        self.constructor = yaml.constructor.SafeConstructor()
        self.seen: set[int] = set()
        self.repeated = 0

    def convert(self, node: yaml.Node, alias_line: int = 0) -> Any:
        if id(node) in self.seen:
            # The same node a second time comes from an alias. Nodes keep only the anchor's
            # position; inside a repeated value the outermost repeated anchor is reported.
            alias_line = alias_line or node.start_mark.line + 1
            self.repeated += 1
            if self.repeated > MAX_ALIAS_VALUES:
                raise YamlLoadError(Problem(
                    self.source, alias_line,
                    f"YAML aliases repeat more than {MAX_ALIAS_VALUES:,} values "
                    "(nested '*' references multiply); write the values out instead",
                ))
        else:
            self.seen.add(id(node))
        return _convert(node, self, alias_line)


def _convert(node: yaml.Node, state: _Converter, alias_line: int) -> Any:
    source, problems, constructor = state.source, state.problems, state.constructor
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result = LMap()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = state.convert(key_node, alias_line)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                problems.append(Problem(source, key_line, f"mapping key {key!r} must be a string"))
                key = str(key)
            if key in result:
                problems.append(Problem(source, key_line,
                                        f"duplicate key {key!r} (first at line {result.key_lines[key]})"))
                continue
            result[str(key)] = state.convert(value_node, alias_line)
            result.key_lines[str(key)] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LList(state.convert(item, alias_line) for item in node.value)
        items.line = line
        items.item_lines = [item.start_mark.line + 1 for item in node.value]
        return items
    value = constructor.construct_object(node, deep=True)
    if isinstance(value, str):
        located = LStr(value)
        located.line = line
        return located
    return value
