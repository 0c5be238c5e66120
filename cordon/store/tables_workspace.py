"""Tables of the analyst workspace: what each analyst watches.

Alerts are not stored: they are the statements and list changes that touched a watched entity
after the watch began, read through the policy like any other read. A stored alert would have
to be re-filtered whenever a marking changes (a recall must take the alert away too), so it is
derived on each read instead, and only the analyst's "seen up to" mark is kept here.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)

from cordon.store.tables import metadata, statements

# Statements not from a list release (contributions, accepted document claims, analyst links)
# by the start of their value: how the entity page finds relationships naming an entity and
# alerts find new links to a watched one, without scanning every list statement. The value is
# cut to REF_PREFIX characters so a long note never exceeds an index entry's size limit.
REF_PREFIX = 128
ref_prefix = func.substr(statements.c.value, literal_column("1"), literal_column(str(REF_PREFIX)))
Index(
    "ix_statements_contributed_value",
    ref_prefix,
    sqlite_where=statements.c.first_version_id.is_(None),
    postgresql_where=statements.c.first_version_id.is_(None),
)

watches = Table(
    "watches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(16), nullable=False),
    Column("user", String(255), nullable=False),
    Column("entity_id", String(128), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),  # alerts up to here are read
    UniqueConstraint("user", "entity_id"),
    Index("ix_watches_entity_id", "entity_id"),
)
