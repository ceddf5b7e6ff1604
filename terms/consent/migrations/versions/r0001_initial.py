"""First release of the consent store: members, documents, topic clauses, the event log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_MESSAGE = "consent events are append-only"


def upgrade() -> None:
    op.create_table(
        "member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False, unique=True),
        sa.Column("created_at", sa.String, nullable=False),
    )
    op.create_table(
        "document",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("series", sa.String, nullable=False, index=True),
        sa.Column("title", sa.String),
        sa.Column("service", sa.String),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("version_label", sa.String),
        sa.Column("effective_date", sa.String),
        sa.Column("source", sa.String),
        sa.Column("format", sa.String, nullable=False),
        sa.Column("added_at", sa.String, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "topic_clause",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_sha256", sa.String(64), sa.ForeignKey("document.sha256"), nullable=False,
                  index=True),
        sa.Column("topic", sa.String, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("clause_id", sa.String, nullable=False),
        sa.Column("fingerprint", sa.String, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.UniqueConstraint("document_sha256", "topic", "ordinal"),
    )
    op.create_table(
        "consent_event",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("member.id"), nullable=False, index=True),
        sa.Column("topic", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("document_sha256", sa.String(64), sa.ForeignKey("document.sha256"), nullable=False),
        sa.Column("clauses", sa.Text, nullable=False),
        sa.Column("pack_id", sa.String),
        sa.Column("pack_version", sa.String),
        sa.Column("pack_sha256", sa.String),
        sa.Column("recorded_at", sa.String, nullable=False),
        sa.Column("method", sa.String, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    _forbid_changes_to_events()


def _forbid_changes_to_events() -> None:
    """Database-level guard: no UPDATE or DELETE on the event log, whatever the client."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER consent_event_no_{action.lower()} BEFORE {action} ON consent_event "
                f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY_MESSAGE}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_APPEND_ONLY_MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event "
            "FOR EACH ROW EXECUTE FUNCTION consent_event_append_only()"
        )


def downgrade() -> None:
    raise NotImplementedError("the consent store is never downgraded: records must not be lost")
