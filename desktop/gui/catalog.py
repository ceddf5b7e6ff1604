"""Display names for taxonomy categories and their groups, from the rule packs in use (Qt-free).

The window learns titles and groups from every analysis it shows (its pack's
categories); a category no pack described yet is titled from its id, so the GUI never
shows a blank where a name belongs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_GROUP_BY_PREFIX = {"data": "Data use", "rights": "Your rights", "terms": "Contract terms"}


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    id: str
    title: str
    group: str


class Catalog:
    """Category id → :class:`CategoryInfo`."""

    def __init__(self) -> None:
        self._known: dict[str, CategoryInfo] = {}
        self._rule_titles: dict[str, str] = {}

    def learn(self, pack: Any) -> None:
        """Take titles and group names from a :class:`~terms.rulepacks.schema.RulePack`, and the
        titles of the rules that name the fair kind of a clause."""
        for cid, category in pack.categories.items():
            self._known[cid] = CategoryInfo(cid, category.title, category.group.title)
        self._rule_titles.update({rid: rule.title for rid, rule in pack.worded.items() if rule.title})

    def flag_title(self, flag: Any) -> str:
        """What a flag is called: its rule's own title (the fair kind of a clause), else its category's."""
        return self._rule_titles.get(flag.rule) or self.title(flag.category)

    def info(self, category: str) -> CategoryInfo:
        known = self._known.get(category)
        if known is not None:
            return known
        prefix, _, rest = category.partition(".")
        title = (rest or prefix).replace("-", " ").strip().capitalize()
        return CategoryInfo(category, title, _GROUP_BY_PREFIX.get(prefix, prefix.capitalize() or "Other"))

    def title(self, category: str) -> str:
        return self.info(category).title

    def group(self, category: str) -> str:
        return self.info(category).group
