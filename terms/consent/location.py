"""Where the consent store lives: ``--db`` option, ``CLEARTERMS_DB``, or the user data directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from terms.errors import StorageError

ENV_VAR = "CLEARTERMS_DB"

#: Where a location came from: given by the caller (``--db``), from :data:`ENV_VAR`, or the default file.
Origin = Literal["given", "environment", "default"]


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved store location: the SQLAlchemy URL, and the file for SQLite stores."""

    url: str
    path: Path | None      # the SQLite file; None for a server database
    display: str           # for messages: the path, or the URL without driver name and password
    origin: Origin = "given"   # what chose it, so that a message can say what to check

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None


def default_db_path() -> Path:
    """``consent.sqlite3`` in the platform's per-user data directory for ClearTerms."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("ClearTerms", appauthor=False)) / "consent.sqlite3"


def resolve_location(db: str | os.PathLike[str] | None = None) -> Location:
    """Resolve ``db`` (a path or a SQLAlchemy URL), else ``$CLEARTERMS_DB``, else the default file.

    PostgreSQL URLs without an explicit driver use psycopg 3 (``postgresql://``
    becomes ``postgresql+psycopg://``).
    """
    if db is not None and not str(db).strip():
        raise StorageError("the consent store given is empty: name a file or a postgresql:// URL",
                           hint="Give --db a path, or leave it out for $CLEARTERMS_DB or the default store.")
    if db is None and ENV_VAR in os.environ and not os.environ[ENV_VAR].strip():
        # a blank variable in a script would otherwise send its writes to the personal store
        raise StorageError(f"{ENV_VAR} is set but empty, so it names no consent store",
                           hint=f"Set {ENV_VAR} to a file or a postgresql:// URL, or unset it to use the "
                                "default store in the user data folder.")
    origin: Origin = "given" if db is not None else "environment" if os.environ.get(ENV_VAR) else "default"
    raw = str(db) if db is not None else os.environ.get(ENV_VAR) or str(default_db_path())
    if "://" not in raw:
        path = _resolved(raw)
        return Location(f"sqlite:///{path}", path, str(path), origin)
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StorageError(f"{raw}: not a database path or URL ({exc})") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StorageError(f"{raw}: the consent store needs a file, not an in-memory database")
        path = _resolved(url.database)
        return Location(f"sqlite:///{path}", path, str(path), origin)
    if backend != "postgresql":
        raise StorageError(
            f"{raw}: unsupported database {backend!r} (use a file path or a postgresql:// URL)")
    if "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    return Location(url.render_as_string(hide_password=False), None, _for_people(url), origin)


def _resolved(raw: str) -> Path:
    """``raw`` as an absolute path with symbolic links followed; a loop or an unreadable link is refused."""
    try:
        return Path(raw).expanduser().resolve()
    except (OSError, RuntimeError) as exc:   # RuntimeError: a symbolic link loop
        raise StorageError(f"{raw}: cannot resolve the path of the consent database ({exc})",
                           hint="Check the symbolic links on the way, or give --db (or CLEARTERMS_DB) "
                                "another file.") from exc


def _for_people(url: URL) -> str:
    """A server URL as people read it: no driver name, no password (in the URL or its query)."""
    shown = URL.create(url.get_backend_name(), username=url.username, host=url.host, port=url.port,
                       database=url.database,
                       query={k: v for k, v in url.query.items() if k.lower() != "password"})
    return shown.render_as_string(hide_password=False)
