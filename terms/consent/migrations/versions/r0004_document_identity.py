"""Events carry their document's identity (series, title, dates…) under their hash.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN is no UPDATE, so the append-only triggers do not fire and no row is rewritten:
    # events recorded before keep a NULL identity, and their hashes, which never covered one.
    op.add_column("consent_event", sa.Column("document_identity", sa.String, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the consent store is never downgraded: records must not be lost")
