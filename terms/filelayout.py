"""What a document's place on disk says about it.

Open Terms Archive exports keep every version as ``<service>/<document>/<date>.md``: the folders
name the service and the document, the file name only the version.
"""

from __future__ import annotations

import re
from pathlib import PurePath

_DATE_STEM = re.compile(r"^\d{4}-\d{2}-\d{2}")


def dated_version(path: PurePath) -> tuple[str, str] | None:
    """The folder names (service, document) of a version filed as ``<service>/<document>/<date>.*``;
    None for a file laid out otherwise."""
    if _DATE_STEM.match(path.stem) and len(path.parents) >= 3:
        return path.parents[1].name, path.parent.name
    return None
