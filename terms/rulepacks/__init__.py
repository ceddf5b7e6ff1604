"""Rule packs: the YAML format of docs/rule-packs.md, its validation and compiled form.

``load_packs(paths)`` validates and combines packs (every problem at once, as a
:class:`~terms.errors.RulePackError`); ``default_pack()`` is the bundled pack.
"""

from terms.rulepacks.loader import check_packs, default_pack, default_pack_path, load_packs
from terms.rulepacks.schema import Category, Group, ModelMode, PackSource, Rule, RulePack

__all__ = [
    "Category",
    "Group",
    "ModelMode",
    "PackSource",
    "Rule",
    "RulePack",
    "check_packs",
    "default_pack",
    "default_pack_path",
    "load_packs",
]
