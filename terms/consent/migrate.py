"""Schema migrations of the consent store, run in-process with Alembic.

The revisions live in ``terms/consent/migrations/versions`` and ship with the
package. They are applied through Alembic's :class:`EnvironmentContext` on a
connection the store already holds (inside its write lock), so no ``alembic.ini``
or ``env.py`` is needed at run time and two processes opening a fresh store
cannot both migrate it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@cache
def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the consent store has no schema revisions"
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at; ``None`` for a database without our schema."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str | None = None) -> None:
    """Bring the schema on ``connection`` up to ``target`` (default: the newest revision).

    Runs inside the caller's transaction, so a failing step leaves nothing half done.
    """
    script = script_directory()
    destination = target or head_revision()

    def steps(rev: object, _context: MigrationContext) -> list:
        return script._upgrade_revs(destination, rev)

    with EnvironmentContext(_config(), script, fn=steps, destination_rev=destination) as env:
        env.configure(connection=connection)
        env.run_migrations()
