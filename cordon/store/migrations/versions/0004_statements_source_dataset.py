"""statements: index (source_id, dataset) instead of (source_id)

SQLite, without statistics, answered "has this record a visible statement?" through the
(dataset, last_version_id) index once migration 0003 rebuilt the table, scanning a whole
dataset per record; an index on both columns of the lookup is the unambiguous best choice.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_source_id")
        batch_op.create_index("ix_statements_source_dataset", ["source_id", "dataset"])


def downgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_source_dataset")
        batch_op.create_index("ix_statements_source_id", ["source_id"])
