"""Tables of the document pipeline: documents (text, metadata, marking), the mentions and
claims read from them. Only `cordon.store` imports this module.

A document's mentions and claims have no marking of their own: they carry the document's, so a
reader sees all of a document or none of it. Links to entities are re-checked on every read (a
mention linked to an entity the reader cannot see is shown unlinked).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from cordon.store.tables import metadata

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),  # doc-<random>: the same bytes may be stored
    Column("sha256", String(64), nullable=False, index=True),  # once per readable audience
    Column("filename", Text, nullable=False),
    Column("format", String(16), nullable=False),  # txt | html | pdf | docx
    Column("title", Text),
    Column("published", String(32)),  # ISO date (or year / year-month) as found
    Column("source", Text),  # publisher, site or URL as found
    Column("language", String(64), nullable=False),
    Column("model", String(128), nullable=False),  # the NER model that read it
    Column("text", Text, nullable=False),
    Column("size", Integer, nullable=False),  # bytes of the original file
    Column("notes", JSON, nullable=False),  # what the reader should know (no text layer...)
    Column("marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("agency", String(16), nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

document_mentions = Table(
    "document_mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("label", String(16), nullable=False),
    Column("kind", String(16)),  # identifiers: imo | passport | phone | email
    Column("value", Text),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("grp", Integer),
    Column("origin", String(16), nullable=False),  # ner | gazetteer | vessel | pattern
    Column("entity_id", String(128)),
    Column("caption", Text),
    Column("source_ids", JSON, nullable=False),
    Column("score", Float),
    Column("explanation", JSON, nullable=False),
)

document_claims = Table(
    "document_claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False, index=True),
    Column("subject", JSON, nullable=False),  # {text, start, end, label, entity_id}
    Column("predicate", String(32), nullable=False),
    Column("object", JSON, nullable=False),
    Column("hedge", String(16), nullable=False),
    Column("hedge_cue", Text),
    Column("attribution", Text),
    Column("cue", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # proposed | accepted | rejected
    Column("reviewed_by", String(255)),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("review", JSON),  # what the reviewer changed, and the claim as read
    Column("item_ids", JSON),  # the items holding the statements of an accepted claim
)
