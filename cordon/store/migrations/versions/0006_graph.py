"""graph edges and analyst links (cordon/graph)

The edges are a cache derived from statements (cordon/store/graph.py re-derives them), so the
downgrade simply drops them.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "graph_edges",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("target", sa.String(length=128), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("schema", sa.String(length=32), nullable=False),
        sa.Column("rel_entity", sa.String(length=128), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("percentage", sa.Float(), nullable=True),
        sa.Column("start_date", sa.String(length=32), nullable=True),
        sa.Column("end_date", sa.String(length=32), nullable=True),
        sa.Column("hedge", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.SmallInteger(), nullable=False),
        sa.Column("marking_key", sa.String(length=24), nullable=False),
        sa.Column("dataset", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=True),
        sa.Column("document_id", sa.String(length=64), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("statement_ids", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["marking_key"], ["markings.key"], name=op.f("fk_graph_edges_marking_key_markings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_graph_edges")),
    )
    with op.batch_alter_table("graph_edges", schema=None) as batch_op:
        batch_op.create_index("ix_graph_edges_source", ["source", "relation"], unique=False)
        batch_op.create_index("ix_graph_edges_target", ["target", "relation"], unique=False)
        batch_op.create_index("ix_graph_edges_dataset", ["dataset"], unique=False)
    op.create_table(
        "graph_sync",
        sa.Column("dataset", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=128), nullable=False),
        sa.Column("edges", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dataset", name=op.f("pk_graph_sync")),
    )
    # who is designated: the values of Sanction.entity statements (a few per designation)
    sanctioned = sa.text("schema = 'Sanction' AND prop = 'entity'")
    op.create_index(
        "ix_statements_sanction_entity",
        "statements",
        ["value"],
        sqlite_where=sanctioned,
        postgresql_where=sanctioned,
    )


def downgrade() -> None:
    op.drop_index("ix_statements_sanction_entity", table_name="statements")
    op.drop_table("graph_sync")
    with op.batch_alter_table("graph_edges", schema=None) as batch_op:
        batch_op.drop_index("ix_graph_edges_dataset")
        batch_op.drop_index("ix_graph_edges_target")
        batch_op.drop_index("ix_graph_edges_source")
    op.drop_table("graph_edges")
