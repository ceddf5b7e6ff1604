"""Display names for taxonomy categories and groups (Qt-free).

Titles and groups come from the loaded rule packs when they declare them; a category no
pack describes still gets a readable title derived from its id, so the GUI never shows
a blank where a name belongs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_GROUP_BY_PREFIX = {"data": "Your data", "rights": "Your rights", "terms": "The contract"}


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    id: str
    title: str
    group: str


def _fallback(category: str) -> CategoryInfo:
    prefix, _, rest = category.partition(".")
    title = (rest or prefix).replace("-", " ").strip().capitalize()
    return CategoryInfo(category, title, _GROUP_BY_PREFIX.get(prefix, prefix.capitalize() or "Other"))


class Catalog:
    """Category id → :class:`CategoryInfo`, filled from rule packs, with a readable fallback."""

    def __init__(self, known: Iterable[CategoryInfo] = ()) -> None:
        self._known: dict[str, CategoryInfo] = {c.id: c for c in known}

    @classmethod
    def from_mapping(cls, titles: Mapping[str, tuple[str, str]]) -> Catalog:
        return cls(CategoryInfo(cid, title, group) for cid, (title, group) in titles.items())

    def info(self, category: str) -> CategoryInfo:
        return self._known.get(category) or _fallback(category)

    def title(self, category: str) -> str:
        return self.info(category).title

    def group(self, category: str) -> str:
        return self.info(category).group
