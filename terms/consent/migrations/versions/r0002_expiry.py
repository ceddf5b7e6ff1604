"""Consents may expire: an optional expiry time per event, and a per-member lookup index.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN is no UPDATE, so the append-only triggers do not fire and no row is rewritten.
    op.add_column("consent_event", sa.Column("expires_at", sa.String, nullable=True))
    op.create_index("ix_consent_event_member_topic", "consent_event", ["member_id", "topic"])


def downgrade() -> None:
    raise NotImplementedError("the consent store is never downgraded: records must not be lost")
