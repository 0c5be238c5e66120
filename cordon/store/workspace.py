"""Store methods for the analyst workspace: watchlists and the alerts derived from them.

A watch is personal (one analyst, one entity). Its alerts are whatever touched the entity after
the watch began and the analyst may read now: list releases that added, changed, delisted or
relisted its designation, and new statements about it or naming it (contributions, accepted
document claims, analyst links). Being derived on each read, an alert disappears when the
statement behind it is recalled or re-marked away from the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from followthemoney import model, registry
from sqlalchemy import and_, delete, select, update

from cordon.model.markings import Marking
from cordon.policy import Principal, may_read
from cordon.store import tables as t
from cordon.store import tables_workspace as w

MAX_ALERTS = 500


class WatchError(ValueError):
    """A watch refused: the entity does not exist for this principal."""


@dataclass(frozen=True, slots=True)
class Watch:
    id: int
    entity_id: str
    caption: str
    schema: str
    note: str
    created_at: datetime
    seen_at: datetime


@dataclass(frozen=True, slots=True)
class Alert:
    """Something that touched a watched entity: a list change or a new statement."""

    entity_id: str
    caption: str
    at: datetime
    kind: str  # list.added | list.changed | list.removed | list.relisted | statement | link
    summary: str
    source: str  # dataset version, item or document the change came from
    marking: Marking | None
    hedge: str | None
    new: bool  # after the analyst's "seen" mark

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "caption": self.caption,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "summary": self.summary,
            "source": self.source,
            "marking": self.marking.label if self.marking else None,
            "hedge": self.hedge,
            "new": self.new,
        }


def _is_reference(schema: str, prop: str) -> bool:
    found = model.get(schema)
    p = found.get(prop) if found is not None else None
    return p is not None and p.type == registry.entity


class WorkspaceMixin:
    """Mixed into `Store`: relies on its engine, markings, entity reads and clock."""

    def watch(self, principal: Principal, ref: str, note: str = "") -> Watch:
        """Start watching an entity the principal can see (idempotent)."""
        entity = self.entity(principal, ref)
        if entity is None:
            raise WatchError(f"no entity {ref!r}")
        now = self._now()
        with self.transaction() as conn:
            found = conn.execute(
                select(w.watches.c.id).where(
                    w.watches.c.user == principal.user, w.watches.c.entity_id == entity.id
                )
            ).first()
            if found is None:
                conn.execute(
                    w.watches.insert().values(
                        agency=principal.agency,
                        user=principal.user,
                        entity_id=entity.id,
                        note=note[:1000],
                        created_at=now,
                        seen_at=now,
                    )
                )
                self._audit(conn, principal, "watch.add", entity.id, {})
        return next(x for x in self.watches(principal) if x.entity_id == entity.id)

    def unwatch(self, principal: Principal, entity_id: str) -> bool:
        with self.transaction() as conn:
            result = conn.execute(
                delete(w.watches).where(
                    w.watches.c.user == principal.user, w.watches.c.entity_id == entity_id
                )
            )
            if result.rowcount:
                self._audit(conn, principal, "watch.remove", entity_id, {})
        return bool(result.rowcount)

    def watching(self, principal: Principal, entity_id: str) -> bool:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(w.watches.c.id).where(
                        w.watches.c.user == principal.user, w.watches.c.entity_id == entity_id
                    )
                ).first()
                is not None
            )

    def watches(self, principal: Principal) -> list[Watch]:
        """The principal's watches, of entities it can still see (a watched entity whose only
        facts were recalled is kept but not shown, like any hidden entity)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(w.watches)
                .where(w.watches.c.user == principal.user)
                .order_by(w.watches.c.created_at)
            ).all()
        entities = {e.id: e for e in self.entities(principal, [r.entity_id for r in rows])}
        return [
            Watch(
                r.id,
                r.entity_id,
                entities[r.entity_id].caption,
                entities[r.entity_id].schema,
                r.note,
                self._utc(r.created_at),
                self._utc(r.seen_at),
            )
            for r in rows
            if r.entity_id in entities
        ]

    def mark_alerts_seen(self, principal: Principal) -> None:
        now = self._now()
        with self.transaction() as conn:
            conn.execute(
                update(w.watches).where(w.watches.c.user == principal.user).values(seen_at=now)
            )

    def alerts(self, principal: Principal, limit: int = MAX_ALERTS) -> list[Alert]:
        """Newest first: list changes and new statements touching watched entities."""
        watches = {x.entity_id: x for x in self.watches(principal)}
        if not watches:
            return []
        found = self._list_alerts(principal, watches) + self._statement_alerts(principal, watches)
        found.sort(key=lambda a: (a.at, a.kind, a.summary), reverse=True)
        return found[:limit]

    def _list_alerts(self, principal: Principal, watches: dict[str, Watch]) -> list[Alert]:
        c, v, d = t.record_changes, t.versions, t.datasets
        earliest = min(x.created_at for x in watches.values())
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            rows = conn.execute(
                select(c, v.c.dataset, v.c.version, v.c.loaded_at, d.c.marking_key)
                .join(v, v.c.id == c.c.version_id)
                .join(d, d.c.name == v.c.dataset)
                .where(
                    c.c.entity_id.in_(list(watches)),
                    v.c.loaded_at > earliest,
                    d.c.marking_key.in_(list(allowed)),
                )
            ).all()
        alerts = []
        for row in rows:
            watch = watches[row.entity_id]
            at = self._utc(row.loaded_at)
            marking = allowed[row.marking_key]
            if at <= watch.created_at or not may_read(principal, marking):
                continue
            detail = _change_detail(dict(row.detail))
            alerts.append(
                Alert(
                    row.entity_id,
                    watch.caption,
                    at,
                    f"list.{row.change}",
                    f"{row.change} in {row.dataset} {row.version}: {row.source_id}{detail}",
                    f"{row.dataset} {row.version}",
                    marking,
                    None,
                    at > watch.seen_at,
                )
            )
        return alerts

    def _statement_alerts(self, principal: Principal, watches: dict[str, Watch]) -> list[Alert]:
        """Statements first seen after the watch that are about a watched entity or name it.

        List statements are left to `_list_alerts` (one alert per changed record, not one per
        fact). A statement naming a watched entity counts only if the entity holding it is
        visible with the reference intact: a relationship with a hidden end stays hidden.
        """
        s = t.statements
        earliest = min(x.created_at for x in watches.values())
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            base = [
                s.c.first_version_id.is_(None),
                s.c.retracted_at.is_(None),
                s.c.first_seen > earliest,
                s.c.marking_key.in_(list(allowed)),
            ]
            about = conn.execute(select(s).where(s.c.entity_id.in_(list(watches)), *base)).all()
            naming = conn.execute(
                select(s).where(
                    w.ref_prefix.in_([x[: w.REF_PREFIX] for x in watches]),
                    s.c.value.in_(list(watches)),
                    s.c.entity_id.not_in(list(watches)),
                    *base,
                )
            ).all()
        alerts = []
        visible_about = self._visible_statement_ids(principal, [r.entity_id for r in about])
        for row in about:
            watch = watches[row.entity_id]
            at = self._utc(row.first_seen)
            if at <= watch.created_at or _fact(row) not in visible_about:
                continue
            alerts.append(self._statement_alert(row, watch, "statement", allowed, at))
        naming = [r for r in naming if _is_reference(r.schema, r.prop)]
        holders = {e.id: e for e in self.entities(principal, sorted({r.entity_id for r in naming}))}
        for row in naming:
            watch = watches[row.value]
            at = self._utc(row.first_seen)
            holder = holders.get(row.entity_id)
            if at <= watch.created_at or holder is None or row.value not in holder.values(row.prop):
                continue
            alerts.append(self._statement_alert(row, watch, "link", allowed, at, holder.caption))
        return alerts

    def _visible_statement_ids(
        self, principal: Principal, entity_ids: list[str]
    ) -> set[tuple[str, ...]]:
        """The facts the principal sees on these entities (after hidden ends are dropped)."""
        return {
            (s.entity_id, s.prop, s.value, s.marking.key, s.hedge.value)
            for entity in self.entities(principal, sorted(set(entity_ids)))
            for s in entity.statements
        }

    def _statement_alert(
        self,
        row: Any,
        watch: Watch,
        kind: str,
        allowed: dict[str, Marking],
        at: datetime,
        holder: str | None = None,
    ) -> Alert:
        marking = allowed[row.marking_key]
        if kind == "link":
            summary = f"named as {row.prop} of {row.schema} {holder or row.entity_id}"
        else:
            summary = f"{row.prop}: {row.value[:200]}"
        source = row.document_id or row.source_id or row.dataset
        return Alert(
            watch.entity_id,
            watch.caption,
            at,
            kind,
            summary,
            f"{row.dataset} {source}",
            marking,
            row.hedge,
            at > watch.seen_at,
        )

    def referencing(self, principal: Principal, entity_id: str) -> list[Any]:
        """Entities naming this one in a contributed reference (an Ownership's owner, an
        analyst's link, an accepted claim), as the principal may see them: a relationship
        whose other end is hidden is not returned (`entities` drops it whole). Links published
        in the same list record are the entity's `adjacent` ones."""
        s = t.statements
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            rows = conn.execute(
                select(s.c.entity_id, s.c.schema, s.c.prop)
                .where(
                    w.ref_prefix == entity_id[: w.REF_PREFIX],
                    s.c.first_version_id.is_(None),
                    s.c.value == entity_id,
                    s.c.entity_id != entity_id,
                    s.c.marking_key.in_(list(allowed)),
                    s.c.retracted_at.is_(None),
                )
                .distinct()
            ).all()
        ids = sorted({r.entity_id for r in rows if _is_reference(r.schema, r.prop)})
        return [e for e in self.entities(principal, ids) if entity_id in _references(e)]

    def entity_items(self, principal: Principal, entity_id: str) -> list[Any]:
        """Contributed items about an entity that the principal may read (with statements)."""
        i = t.items
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            ids = conn.execute(
                select(i.c.id).where(
                    and_(
                        i.c.entity_id == entity_id,
                        i.c.retracted_at.is_(None),
                        i.c.marking_key.in_(list(allowed)),
                    )
                )
            ).scalars()
            ids = list(ids)
        return self.items(principal, ids=ids) if ids else []


def _references(entity: Any) -> set[str]:
    return {s.value for s in entity.statements if _is_reference(s.schema, s.prop)}


def _fact(row: Any) -> tuple[str, ...]:
    return (row.entity_id, row.prop, row.value, row.marking_key, row.hedge)


def _change_detail(detail: dict[str, Any]) -> str:
    """`changed` records list the [entity, property, value] facts added and removed; name the
    properties."""
    facts = [*detail.get("added", []), *detail.get("removed", [])]
    props = sorted({f[1] for f in facts if isinstance(f, list | tuple) and len(f) == 3})
    return f" ({', '.join(props[:6])})" if props else ""
