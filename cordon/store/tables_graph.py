"""The graph's tables: a materialised cache of edges derived from statements.

Every edge is rebuilt from statements (`cordon.store.graph_derive`), so losing these rows loses
nothing: `graph_sync` remembers which state of each dataset the edges were derived from, and the
store re-derives a dataset whose state moved on (a new list version, an import, a retraction).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    and_,
)

from cordon.store.tables import metadata, statements

# One row per piece of evidence for a link: a relationship entity's ends (or an entity-valued
# property such as a vessel's owner) as stated by one source under one marking and hedge.
graph_edges = Table(
    "graph_edges",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("source", String(128), nullable=False),  # owner, director, subject, ...
    Column("target", String(128), nullable=False),  # asset, organisation, object, ...
    Column("relation", String(32), nullable=False),  # ownership, unknown_link, family, ...
    Column("schema", String(32), nullable=False),  # the FtM schema the link was read from
    Column("rel_entity", String(128), nullable=False),  # relationship entity (or the holder)
    Column("label", Text, nullable=False),  # "owns", the list's "Linked To", a role
    Column("percentage", Float),  # Ownership.percentage, when stated
    Column("start_date", String(32)),
    Column("end_date", String(32)),
    Column("hedge", String(16), nullable=False),  # the weakest hedge of the end statements
    Column("confidence", SmallInteger, nullable=False),
    Column("marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("dataset", String(64), nullable=False),
    Column("source_id", String(128)),  # list record or contributed item
    Column("document_id", String(64)),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("statement_ids", Text, nullable=False),  # comma-separated, the end statements
    Index("ix_graph_edges_source", "source", "relation"),
    Index("ix_graph_edges_target", "target", "relation"),
    Index("ix_graph_edges_dataset", "dataset"),
)

# Which state of each dataset the edges were derived from (a list's current version, the
# contributions' latest change): a differing token means the dataset's edges are re-derived.
graph_sync = Table(
    "graph_sync",
    metadata,
    Column("dataset", String(64), primary_key=True),
    Column("token", String(128), nullable=False),
    Column("edges", Integer, nullable=False),
    Column("refreshed_at", DateTime(timezone=True), nullable=False),
)

# Who is designated: the entities a Sanction names (`Sanction.entity`). List loaders publish the
# Sanction in the designee's record, OpenSanctions exports as its own record; either way the
# graph asks "which of these entities does a current Sanction name", answered by this small
# partial index rather than a scan of every statement's value.
SANCTIONED = and_(statements.c.schema == "Sanction", statements.c.prop == "entity")
Index(
    "ix_statements_sanction_entity",
    statements.c.value,
    sqlite_where=SANCTIONED,
    postgresql_where=SANCTIONED,
)
