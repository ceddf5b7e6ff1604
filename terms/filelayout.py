"""What a document's place on disk says about it.

Open Terms Archive exports keep every version as ``<service>/<document>/<date>.md``: the folders
name the service and the document, the file name only the version.
"""

from __future__ import annotations

import re
from pathlib import PurePath

#: a file named only by its date or time ("2026-08-21T00-31-53Z.md"), not "2026-01-05-zoom-terms.md"
_DATE_STEM = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T_ ]\d{2}[-:]?\d{2}(?:[-:]?\d{2}(?:\.\d+)?)?Z?)?$")


def dated_version(path: PurePath) -> tuple[str, str] | None:
    """The folder names (service, document) of a version filed as ``<service>/<document>/<date>.*``;
    None for a file laid out otherwise."""
    if _DATE_STEM.match(path.stem) and len(path.parents) >= 3 and ".." not in path.parts[-3:]:
        return path.parents[1].name, path.parent.name
    return None
