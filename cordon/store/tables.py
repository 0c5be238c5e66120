"""The relational layout. Only `cordon.store` imports this module.

Statements are the facts; everything else is bookkeeping around them: the markings they carry,
the dataset versions they were published in, and the source records (designations) they belong
to, which is where listing and delisting are tracked.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

markings = Table(
    "markings",
    metadata,
    Column("key", String(24), primary_key=True),
    Column("tlp", String(16), nullable=False),
    Column("originator", String(16), nullable=False),
    Column("rel_to", Text, nullable=False, default=""),  # comma-separated agency codes
    Column("recipients", Text, nullable=False, default=""),  # comma-separated user ids
    Column("label", Text, nullable=False),
)

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("email", String(255), primary_key=True),
    Column("agency", String(16), ForeignKey("agencies.code"), nullable=False),
    Column("role", String(16), nullable=False),  # analyst | releaser | admin | node
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_hash", Text),  # scrypt, for UI sign-in; None = API keys only
    Column("disabled_at", DateTime(timezone=True)),
)

# API keys: only their SHA-256 is stored (keys are 256 random bits, so no stretching is needed);
# the id is the key's public prefix, shown in listings so a key can be revoked by name.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("email", String(255), ForeignKey("users.email"), nullable=False, index=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

# UI sessions, stored like API keys: the cookie carries the token, the table its hash.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("email", String(255), ForeignKey("users.email"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# Partner nodes this node pulls from (federation): where they are and the Ed25519 public key
# their bundles must be signed with. The key this node presents to them is a secret and lives in
# CORDON_HOME, not in the database.
partners = Table(
    "partners",
    metadata,
    Column("agency", String(16), ForeignKey("agencies.code"), primary_key=True),
    Column("url", Text, nullable=False),
    Column("public_key", Text, nullable=False),  # base64 raw Ed25519 public key
    Column("cursor", Text),  # the partner's feed position after the last complete pull
    Column("last_pulled_at", DateTime(timezone=True)),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

datasets = Table(
    "datasets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("current_version_id", Integer),
)

versions = Table(
    "dataset_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(64), ForeignKey("datasets.name"), nullable=False, index=True),
    Column("version", String(64), nullable=False),
    Column("published", Date),
    Column("serial", Integer),
    Column("sha256", String(64), nullable=False),
    Column("format", String(32), nullable=False),
    Column("files", JSON, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("records", Integer, nullable=False),
    Column("statements", Integer, nullable=False),
    Column("schemas", JSON, nullable=False),
    Column("added", Integer, nullable=False, default=0),
    Column("changed", Integer, nullable=False, default=0),
    Column("removed", Integer, nullable=False, default=0),
    # False for a release older than the one already current: kept as history only.
    Column("applied", Boolean, nullable=False, default=True),
    UniqueConstraint("dataset", "sha256"),
)

records = Table(
    "records",
    metadata,
    Column("dataset", String(64), ForeignKey("datasets.name"), primary_key=True),
    Column("source_id", String(128), primary_key=True),
    Column("entity_id", String(128), nullable=False, index=True),
    Column("schema", String(32), nullable=False),
    Column("caption", Text, nullable=False),
    Column("fingerprint", String(40), nullable=False),
    Column("first_version_id", Integer, nullable=False),
    Column("last_version_id", Integer, nullable=False),
    Column("delisted_on", Date),
    Column("delisted_version_id", Integer),
    Index("ix_records_source_id", "source_id"),
)

record_changes = Table(
    "record_changes",
    metadata,
    Column("version_id", Integer, ForeignKey("dataset_versions.id"), primary_key=True),
    Column("source_id", String(128), primary_key=True),
    Column("change", String(16), nullable=False),  # added | changed | removed | relisted
    Column("entity_id", String(128), nullable=False),
    Column("caption", Text, nullable=False),
    Column("detail", JSON, nullable=False),  # properties added / removed for "changed"
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(128), nullable=False),
    Column("schema", String(32), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("original_value", Text),
    Column("dataset", String(64), nullable=False),
    Column("source_id", String(128)),
    Column("document_id", String(64)),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("confidence", SmallInteger, nullable=False),
    Column("hedge", String(16), nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("first_version_id", Integer),
    Column("last_version_id", Integer),
    Column("retracted_at", DateTime(timezone=True)),
    Column("item_id", String(64), index=True),  # contributed intelligence: its item
    Index("ix_statements_entity_id", "entity_id"),
    Index("ix_statements_source_dataset", "source_id", "dataset"),
    Index("ix_statements_dataset_last_version", "dataset", "last_version_id"),
)

# Contributed intelligence is shared in items: one entity's statements from one contribution
# under one marking (a STIX object on the wire). Marking changes happen to whole items; a
# narrowing or retraction is also written to `recalls` so partners that received it drop it.
items = Table(
    "items",
    metadata,
    Column("id", String(64), primary_key=True),  # e.g. identity--<uuid>
    Column("entity_id", String(128), nullable=False, index=True),
    Column("schema", String(32), nullable=False),
    Column("agency", String(16), nullable=False),  # the originator's agency
    Column("marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("contribution", String(64), nullable=False),  # import id (sha256 of the input)
    Column("derived_from", String(64)),  # releasable versions name the item they came from
    Column("origin_node", String(16)),  # items pulled from a partner node: which one
    Column("created_by", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("modified_at", DateTime(timezone=True), nullable=False, index=True),
    Column("retracted_at", DateTime(timezone=True)),
)

recalls = Table(
    "recalls",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", String(64), nullable=False, index=True),
    Column("old_marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("new_marking_key", String(24), ForeignKey("markings.key")),  # None: retracted
    Column("by_user", String(255), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
)

# Cross-list resolution: analyst or automatic judgements that two entities are (or are not) the
# same designee. Never deleted: undoing a merge sets undone_at, so every merge stays explainable.
resolutions = Table(
    "resolutions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("left_id", String(128), nullable=False, index=True),
    Column("right_id", String(128), nullable=False, index=True),
    Column("judgement", String(16), nullable=False),  # same | different
    # how it was decided: imo, passport, list_reference, name_birth_date, name_birth_year,
    # name_undated, un_listing, name_exact
    Column("method", String(32), nullable=False),
    Column("score", Integer, nullable=False),  # 0-100
    Column("evidence", JSON, nullable=False),
    Column("marking_key", String(24), ForeignKey("markings.key"), nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("undone_by", String(255)),
    Column("undone_at", DateTime(timezone=True)),
)

# Screening hits an analyst reviewed (e.g. false positive for this counterparty), with expiry.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(16), nullable=False),
    Column("counterparty", String(64), nullable=False),  # key of the screened party
    Column("entity_id", String(128), nullable=False),
    Column("decision", String(32), nullable=False),  # false_positive
    Column("reason", Text, nullable=False),
    Column("created_by", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Index("ix_reviews_lookup", "agency", "counterparty", "entity_id"),
)

# Append-only, hash-chained record of reads and writes (verification: cordon/audit).
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),  # ISO 8601 UTC, exactly the text that is hashed
    Column("agency", String(16), nullable=False),
    Column("user", String(255), nullable=False),
    Column("action", String(64), nullable=False),
    Column("object", Text, nullable=False),
    Column("detail", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# Checkpoints: the node signs the chain head with its Ed25519 key, so even a rewrite of the whole
# chain from some entry on is detected against the last signed head.
audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("seq", Integer, primary_key=True),  # the audit entry the checkpoint covers
    Column("hash", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("public_key", Text, nullable=False),  # base64 raw Ed25519 public key
    Column("signature", Text, nullable=False),  # base64 signature of "seq:hash:at"
)
