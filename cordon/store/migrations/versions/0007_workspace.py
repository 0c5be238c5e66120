"""watchlists and alerts (analyst workspace)

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=16), nullable=False),
        sa.Column("user", sa.String(length=255), nullable=False),
        sa.Column("entity_id", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watches")),
        sa.UniqueConstraint("user", "entity_id", name=op.f("uq_watches_user_entity_id")),
    )
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.create_index("ix_watches_entity_id", ["entity_id"], unique=False)
    # statements not from list releases, by the start of their value (references to entities)
    op.create_index(
        "ix_statements_contributed_value",
        "statements",
        [sa.text("substr(value, 1, 128)")],
        sqlite_where=sa.text("first_version_id IS NULL"),
        postgresql_where=sa.text("first_version_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_statements_contributed_value", table_name="statements")
    with op.batch_alter_table("watches", schema=None) as batch_op:
        batch_op.drop_index("ix_watches_entity_id")
    op.drop_table("watches")
