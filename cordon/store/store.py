"""`Store`: connection handling, markings, principals, and the policy-filtered reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from followthemoney import model, registry
from sqlalchemy import Connection, and_, exists, func, or_, select

from cordon import config
from cordon.model.entities import Entity
from cordon.model.markings import Marking, Tlp
from cordon.model.statements import Hedge, Source, Statement
from cordon.policy import NODE_ADMIN, Principal, may_read
from cordon.store import tables as t
from cordon.store.auditlog import AuditMixin
from cordon.store.documents import DocumentsMixin
from cordon.store.engine import make_engine, migrate
from cordon.store.graph import GraphMixin
from cordon.store.items import ItemsMixin
from cordon.store.judgements import JudgementsMixin
from cordon.store.listload import ListLoad, chunks
from cordon.store.principals import PrincipalsMixin
from cordon.store.search import SearchMixin
from cordon.store.workspace import WorkspaceMixin


class UnmarkedError(ValueError):
    """Raised for any attempt to store a fact without a marking: unmarked data does not exist."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    dataset: str
    version: str
    published: date | None
    sha256: str
    format: str
    files: list[str]
    loaded_at: datetime
    records: int
    statements: int
    schemas: dict[str, int]
    added: int
    changed: int
    removed: int
    applied: bool


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    name: str
    title: str
    publisher: str
    marking: Marking
    current: VersionInfo | None
    versions: list[VersionInfo]
    listed: int  # source records currently listed
    delisted: int


@dataclass(frozen=True, slots=True)
class Change:
    source_id: str
    change: str
    entity_id: str
    caption: str
    detail: dict[str, Any]


class ListLoads:
    """Opens a `ListLoad` per dataset, all on one connection and transaction."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self._store = store
        self._conn = conn
        self.names: set[str] = set()

    def dataset(self, name: str, title: str, publisher: str, marking: Marking) -> ListLoad:
        self.names.add(name)
        marking_key = self._store.ensure_marking(self._conn, marking)
        return ListLoad(self._conn, name, title, publisher, marking_key)


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything cordon stores is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _property(schema: str, prop: str):  # type: ignore[no-untyped-def]
    found = model.get(schema)
    return found.get(prop) if found is not None else None


def _edge_complete(statements: list[Statement]) -> bool:
    """False for a relationship that lost its source or target end to `drop_hidden_ends`."""
    if not statements:
        return False
    schema = model.get(statements[0].schema)
    if schema is None or not schema.edge:
        return True
    props = {s.prop for s in statements}
    needed = [p for p in (schema.edge_source, schema.edge_target) if p]
    return all(p in props for p in needed)


class Store(
    PrincipalsMixin,
    ItemsMixin,
    JudgementsMixin,
    AuditMixin,
    GraphMixin,
    DocumentsMixin,
    SearchMixin,
    WorkspaceMixin,
):
    def __init__(self, url: str | None = None) -> None:
        self.url = url or config.database_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)
        self._markings: dict[str, Marking] = {}

    @staticmethod
    def _now() -> datetime:
        return utcnow()

    @staticmethod
    def _utc(value: datetime | None) -> datetime | None:
        return as_utc(value)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    # -- markings ---------------------------------------------------------------------------

    def ensure_marking(self, conn: Connection, marking: Marking | None) -> str:
        if not isinstance(marking, Marking):
            raise UnmarkedError("the store refuses unmarked data: give every fact a marking")
        key = marking.key
        found = conn.execute(select(t.markings.c.key).where(t.markings.c.key == key)).first()
        if found is None:
            conn.execute(
                t.markings.insert().values(
                    key=key,
                    tlp=marking.tlp.value,
                    originator=marking.originator,
                    rel_to=",".join(sorted(marking.rel_to)),
                    recipients=",".join(sorted(marking.recipients)),
                    label=marking.label,
                )
            )
        return key

    def _all_markings(self, conn: Connection) -> dict[str, Marking]:
        rows = conn.execute(select(t.markings)).all()
        for row in rows:
            if row.key not in self._markings:
                self._markings[row.key] = Marking(
                    tlp=Tlp(row.tlp),
                    originator=row.originator,
                    rel_to=frozenset(c for c in row.rel_to.split(",") if c),
                    recipients=frozenset(r for r in row.recipients.split(",") if r),
                )
        return {row.key: self._markings[row.key] for row in rows}

    def readable_markings(self, conn: Connection, principal: Principal) -> dict[str, Marking]:
        """The policy pushed down: the marking keys this principal may read."""
        return {k: m for k, m in self._all_markings(conn).items() if may_read(principal, m)}

    # -- list loads -------------------------------------------------------------------------

    @contextmanager
    def list_loads(self) -> Iterator[ListLoads]:
        """One transaction for a whole `lists load`: every version in it commits, or none does."""
        with self.transaction() as conn:
            loads = ListLoads(self, conn)
            yield loads
            if loads.names:
                detail = {"datasets": sorted(loads.names)}
                self._audit(conn, NODE_ADMIN, "lists.load", ",".join(sorted(loads.names)), detail)

    # -- reads (every one takes a principal) ----------------------------------------------------

    def datasets(self, principal: Principal) -> list[DatasetInfo]:
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            rows = conn.execute(
                select(t.datasets)
                .where(t.datasets.c.marking_key.in_(list(allowed)))
                .order_by(t.datasets.c.name)
            ).all()
            result = []
            for row in rows:
                versions = self._versions(conn, row.name)
                listed, delisted = self._record_counts(conn, row.name)
                current = next((v for v in versions if v.id == row.current_version_id), None)
                result.append(
                    DatasetInfo(
                        name=row.name,
                        title=row.title,
                        publisher=row.publisher,
                        marking=allowed[row.marking_key],
                        current=current,
                        versions=versions,
                        listed=listed,
                        delisted=delisted,
                    )
                )
        return [d for d in result if may_read(principal, d.marking)]

    def dataset(self, principal: Principal, name: str) -> DatasetInfo | None:
        return next((d for d in self.datasets(principal) if d.name == name), None)

    def known_version(self, principal: Principal, sha256: str) -> VersionInfo | None:
        """The stored version with this content hash, in any dataset the principal may read."""
        with self.engine.connect() as conn:
            allowed = list(self.readable_markings(conn, principal))
            row = conn.execute(
                select(t.versions)
                .join(t.datasets, t.datasets.c.name == t.versions.c.dataset)
                .where(t.versions.c.sha256 == sha256, t.datasets.c.marking_key.in_(allowed))
            ).first()
        return self._version_info(row) if row is not None else None

    def _versions(self, conn: Connection, dataset: str) -> list[VersionInfo]:
        rows = conn.execute(
            select(t.versions).where(t.versions.c.dataset == dataset).order_by(t.versions.c.id)
        ).all()
        return [self._version_info(r) for r in rows]

    @staticmethod
    def _version_info(r: Any) -> VersionInfo:
        return VersionInfo(
            id=r.id,
            dataset=r.dataset,
            version=r.version,
            published=r.published,
            sha256=r.sha256,
            format=r.format,
            files=list(r.files),
            loaded_at=as_utc(r.loaded_at),  # type: ignore[arg-type]
            records=r.records,
            statements=r.statements,
            schemas=dict(r.schemas),
            added=r.added,
            changed=r.changed,
            removed=r.removed,
            applied=r.applied,
        )

    def _record_counts(self, conn: Connection, dataset: str) -> tuple[int, int]:
        rows = conn.execute(
            select(t.records.c.delisted_on.is_(None), func.count())
            .where(t.records.c.dataset == dataset)
            .group_by(t.records.c.delisted_on.is_(None))
        ).all()
        counts = {bool(listed): n for listed, n in rows}
        return counts.get(True, 0), counts.get(False, 0)

    def changes(self, principal: Principal, dataset: str, version_id: int) -> list[Change]:
        if self.dataset(principal, dataset) is None:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t.record_changes)
                .where(t.record_changes.c.version_id == version_id)
                .order_by(t.record_changes.c.change, t.record_changes.c.source_id)
            ).all()
        return [Change(r.source_id, r.change, r.entity_id, r.caption, dict(r.detail)) for r in rows]

    def resolve(self, principal: Principal, ref: str) -> str | None:
        """An entity id from an entity id or a source record id (``un:KPi.033``)."""
        return self.resolve_many(principal, [ref]).get(ref)

    def resolve_many(self, principal: Principal, refs: list[str]) -> dict[str, str]:
        """Entity ids for many references at once; references the principal cannot see, or
        that do not exist, are simply absent (a hidden entity looks like a missing one)."""
        found: dict[str, str] = {}
        s = t.statements
        with self.engine.connect() as conn:
            allowed = list(self.readable_markings(conn, principal))
            for batch in chunks(refs, 500):
                for row in self._visible_records(conn, allowed, batch):
                    for ref in (row.source_id, row.entity_id):
                        if ref in batch:
                            found.setdefault(ref, row.entity_id)
                rest = [ref for ref in batch if ref not in found]
                if rest:
                    rows = conn.execute(
                        select(s.c.entity_id)
                        .where(s.c.entity_id.in_(rest), s.c.marking_key.in_(allowed))
                        .distinct()
                    ).scalars()
                    found.update({entity_id: entity_id for entity_id in rows})
        return found

    def _visible_record(self, principal: Principal, ref: str) -> Any:
        with self.engine.connect() as conn:
            allowed = list(self.readable_markings(conn, principal))
            rows = self._visible_records(conn, allowed, [ref])
        return rows[0] if rows else None

    @staticmethod
    def _visible_records(conn: Connection, allowed: list[str], refs: list[str]) -> list[Any]:
        """Source records with these ids (or main entity ids) that have a visible fact, newest
        first. A record is visible through any of its statements: a designee the publisher
        named nowhere (two UK Sanctions List rows have no name) is still reachable."""
        s, r = t.statements, t.records
        visible = exists().where(
            s.c.dataset == r.c.dataset,
            s.c.source_id == r.c.source_id,
            s.c.marking_key.in_(allowed),
        )
        return conn.execute(
            select(r)
            .where(or_(r.c.source_id.in_(refs), r.c.entity_id.in_(refs)), visible)
            .order_by(r.c.last_version_id.desc())
        ).all()

    def entity(self, principal: Principal, ref: str) -> Entity | None:
        """The entity as this principal may see it: current statements of visible markings.

        A delisted designation keeps the statements of the last version that listed it.
        """
        entity_id = self.resolve(principal, ref)
        if entity_id is None:
            return None
        entities = self.entities(principal, [entity_id])
        if entities:
            return entities[0]
        record = self._visible_record(principal, entity_id)
        if record is None:
            return None
        entity = Entity(id=entity_id, schema=record.schema)
        if record.delisted_on is not None:
            entity.delisted_on = {record.source_id: record.delisted_on}
        return entity

    def entities(self, principal: Principal, entity_ids: list[str]) -> list[Entity]:
        s, r = t.statements, t.records
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            version_labels = dict(conn.execute(select(t.versions.c.id, t.versions.c.version)).all())
            query = (
                select(s, r.c.delisted_on)
                .select_from(
                    s.outerjoin(r, and_(r.c.dataset == s.c.dataset, r.c.source_id == s.c.source_id))
                )
                .where(
                    s.c.entity_id.in_(entity_ids),
                    s.c.marking_key.in_(list(allowed)),
                    s.c.retracted_at.is_(None),
                    or_(r.c.source_id.is_(None), s.c.last_version_id == r.c.last_version_id),
                )
            )
            rows = conn.execute(query).all()
        grouped: dict[str, list[Statement]] = {}
        delisted: dict[str, dict[str, date]] = {}
        for row in rows:
            marking = allowed[row.marking_key]
            if not may_read(principal, marking):  # re-check before anything leaves the store
                continue
            grouped.setdefault(row.entity_id, []).append(
                self._statement(row, marking, version_labels)
            )
            if row.delisted_on is not None and row.source_id:
                delisted.setdefault(row.entity_id, {})[row.source_id] = row.delisted_on
        grouped = self.drop_hidden_ends(principal, grouped)
        result = []
        for entity_id in entity_ids:
            if entity_id in grouped:
                entity = Entity.build(entity_id, grouped[entity_id])
                entity.delisted_on = delisted.get(entity_id, {})
                result.append(entity)
        return result

    def drop_hidden_ends(
        self, principal: Principal, grouped: dict[str, list[Statement]]
    ) -> dict[str, list[Statement]]:
        """A reference to an entity the reader cannot see is dropped, and a relationship is
        visible only if both its ends are: otherwise its ids would reveal the hidden entity.

        Only marked (non-CLEAR) statements are checked: a public list's references are public.
        """
        refs: dict[tuple[str, int], str] = {}
        for entity_id, statements in grouped.items():
            for n, stmt in enumerate(statements):
                if stmt.marking.tlp is Tlp.CLEAR:
                    continue
                prop = _property(stmt.schema, stmt.prop)
                if prop is not None and prop.type == registry.entity:
                    refs[(entity_id, n)] = stmt.value
        if not refs:
            return grouped
        visible = self.resolve_many(principal, sorted(set(refs.values())))
        kept: dict[str, list[Statement]] = {}
        for entity_id, statements in grouped.items():
            keep = [
                stmt
                for n, stmt in enumerate(statements)
                if (entity_id, n) not in refs or refs[(entity_id, n)] in visible
            ]
            if _edge_complete(keep):
                kept[entity_id] = keep
        return kept

    def adjacent(self, principal: Principal, entity_id: str) -> list[Entity]:
        """Entities published in the same source records (sanctions, addresses, documents)."""
        with self.engine.connect() as conn:
            allowed = list(self.readable_markings(conn, principal))
            source_ids = select(t.statements.c.source_id).where(
                t.statements.c.entity_id == entity_id, t.statements.c.source_id.is_not(None)
            )
            ids = conn.execute(
                select(t.statements.c.entity_id)
                .where(
                    t.statements.c.source_id.in_(source_ids),
                    t.statements.c.entity_id != entity_id,
                    t.statements.c.marking_key.in_(allowed),
                )
                .distinct()
            ).scalars()
            adjacent_ids = sorted(ids)
        return self.entities(principal, adjacent_ids)

    def listed_facts(
        self, principal: Principal, props: frozenset[str]
    ) -> Iterator[tuple[str, str, str, str, str, str, Marking]]:
        """(entity_id, schema, prop, value, dataset, source_id, marking) of currently listed
        designees, for building derived indexes (screening), which carry the markings of what
        they were built from. Delisted records are left out.

        Only the designee of each record is read: the record's own entity plus the statements
        naming it, so a screening index never sees sanctions or address rows as targets.
        """
        s, r = t.statements, t.records
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            query = (
                select(
                    s.c.entity_id,
                    r.c.schema,
                    s.c.prop,
                    s.c.value,
                    s.c.dataset,
                    s.c.source_id,
                    s.c.marking_key,
                )
                .select_from(
                    s.join(
                        r,
                        and_(
                            r.c.dataset == s.c.dataset,
                            r.c.source_id == s.c.source_id,
                            r.c.entity_id == s.c.entity_id,
                            r.c.last_version_id == s.c.last_version_id,
                        ),
                    )
                )
                .where(
                    r.c.delisted_on.is_(None),
                    s.c.retracted_at.is_(None),
                    s.c.prop.in_(sorted(props)),
                    s.c.marking_key.in_(list(allowed)),
                )
                .execution_options(yield_per=20000)
            )
            for row in conn.execute(query):
                marking = allowed[row.marking_key]
                if may_read(principal, marking):
                    yield (
                        row.entity_id,
                        row.schema,
                        row.prop,
                        row.value,
                        row.dataset,
                        row.source_id,
                        marking,
                    )

    def listed_sanction_facts(
        self, principal: Principal, props: frozenset[str]
    ) -> list[tuple[str, str, str, str]]:
        """(designee entity id, dataset, prop, value) from the Sanction entities of currently
        listed records: the list references (UN ref, UK ids) that tie lists together."""
        s, r = t.statements, t.records
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            rows = conn.execute(
                select(r.c.entity_id, s.c.dataset, s.c.prop, s.c.value, s.c.marking_key)
                .select_from(
                    s.join(
                        r,
                        and_(
                            r.c.dataset == s.c.dataset,
                            r.c.source_id == s.c.source_id,
                            r.c.last_version_id == s.c.last_version_id,
                        ),
                    )
                )
                .where(
                    r.c.delisted_on.is_(None),
                    s.c.schema == "Sanction",
                    s.c.prop.in_(sorted(props)),
                    s.c.retracted_at.is_(None),
                    s.c.marking_key.in_(list(allowed)),
                )
            ).all()
        return [
            (row.entity_id, row.dataset, row.prop, row.value)
            for row in rows
            if may_read(principal, allowed[row.marking_key])
        ]

    def list_state(self, principal: Principal) -> dict[str, int]:
        """Current version id per readable dataset: what a derived index is a function of.
        One cheap query, so servers can check it on every request."""
        d = t.datasets
        with self.engine.connect() as conn:
            allowed = list(self.readable_markings(conn, principal))
            rows = conn.execute(
                select(d.c.name, d.c.current_version_id).where(
                    d.c.marking_key.in_(allowed), d.c.current_version_id.is_not(None)
                )
            ).all()
        return {name: version for name, version in sorted(rows)}

    def count_statements(self, principal: Principal) -> int:
        with self.engine.connect() as conn:
            allowed = list(self.readable_markings(conn, principal))
            return conn.execute(
                select(func.count()).where(t.statements.c.marking_key.in_(allowed))
            ).scalar_one()

    @staticmethod
    def _statement(row: Any, marking: Marking, version_labels: dict[int, str]) -> Statement:
        span = (row.span_start, row.span_end) if row.span_start is not None else None
        return Statement(
            entity_id=row.entity_id,
            schema=row.schema,
            prop=row.prop,
            value=row.value,
            original_value=row.original_value,
            source=Source(
                dataset=row.dataset,
                version=version_labels.get(row.last_version_id),
                record_id=row.source_id,
                document_id=row.document_id,
                span=span,
            ),
            marking=marking,
            confidence=row.confidence,
            hedge=Hedge(row.hedge),
            first_seen=as_utc(row.first_seen),
            last_seen=as_utc(row.last_seen),
            retracted_at=as_utc(row.retracted_at),
        )
