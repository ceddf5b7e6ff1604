"""PostgreSQL: the event log cannot be emptied with TRUNCATE either.

Row-level triggers (revision 0001) do not fire for ``TRUNCATE``, which removed every event
and left a chain that verified as an empty log. A statement-level trigger now refuses it.
SQLite has no ``TRUNCATE``: its ``DELETE`` without ``WHERE`` still runs the row triggers.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(
            "CREATE TRIGGER consent_event_no_truncate BEFORE TRUNCATE ON consent_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION consent_event_append_only()"
        )


def downgrade() -> None:
    raise NotImplementedError("the consent store is never downgraded: records must not be lost")
