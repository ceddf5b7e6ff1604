"""Locate the bundled ``resources/`` folder (rule packs, topics, samples, icons).

From a source checkout it is ``<checkout>/resources``; inside an installed wheel it
is shipped as ``terms/_resources`` (see ``pyproject.toml``); a frozen bundle sets
``CLEARTERMS_RESOURCES`` or places it next to the executable.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from terms.errors import TermsError


@cache
def resources_dir() -> Path:
    """The resources folder; raises :class:`TermsError` if none can be found."""
    candidates: list[Path] = []
    if env := os.environ.get("CLEARTERMS_RESOURCES"):
        candidates.append(Path(env))
    here = Path(__file__).resolve().parent
    candidates.append(here / "_resources")
    candidates.append(here.parent / "resources")
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        candidates += [base / "resources", base / "terms" / "_resources"]
    for candidate in candidates:
        if (candidate / "rules").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise TermsError(
        f"ClearTerms resources not found (tried {tried})",
        hint="Reinstall ClearTerms, or set CLEARTERMS_RESOURCES to the resources folder.",
    )


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder, e.g. ``resource_path("rules", "default.yaml")``."""
    return resources_dir().joinpath(*parts)


def sample_documents() -> list[Path]:
    """The bundled sample documents, sorted by name."""
    return sorted(p for p in resource_path("samples").iterdir() if p.is_file())
