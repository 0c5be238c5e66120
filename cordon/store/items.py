"""Store methods for contributed intelligence: items, their markings, recalls.

An item is one entity's statements from one agency under one marking; it is what partners
receive (a STIX object on the wire), so marking changes apply to whole items. Widening needs
a releaser of the originating agency (`cordon.policy.may_change_marking`); narrowing or
retracting writes a recall, which partner nodes apply on their next pull.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, or_, select, update

from cordon.model.markings import Marking
from cordon.model.statements import Hedge, Source, Statement, statement_key
from cordon.policy import Principal, Role, may_change_marking, may_contribute, may_read, narrows
from cordon.store import tables as t


class ItemError(ValueError):
    """A contribution or marking change refused (names the item and the reason)."""


class NotVisible(LookupError):
    """The item does not exist for this principal: missing and hidden answer alike."""


@dataclass(frozen=True, slots=True)
class Fact:
    prop: str
    value: str
    hedge: Hedge = Hedge.ASSERTED
    confidence: int = 100
    original_value: str | None = None


@dataclass(slots=True)
class NewItem:
    item_id: str
    entity_id: str
    schema: str
    marking: Marking
    facts: list[Fact]
    derived_from: str | None = None


@dataclass(slots=True)
class Item:
    id: str
    entity_id: str
    schema: str
    agency: str
    marking: Marking
    contribution: str
    derived_from: str | None
    origin_node: str | None
    created_by: str
    created_at: datetime
    modified_at: datetime
    statements: list[Statement] = field(default_factory=list)


def contribution_dataset(agency: str, origin_node: str | None = None) -> str:
    """Contributed statements live in a per-agency dataset; pulled ones in a per-node one."""
    return f"node_{origin_node.lower()}" if origin_node else f"contrib_{agency.lower()}"


class ItemsMixin:
    """Mixed into `Store`: relies on its engine, markings, clock and audit helpers."""

    def add_items(
        self,
        principal: Principal,
        contribution: str,
        new_items: Iterable[NewItem],
        origin_node: str | None = None,
    ) -> list[str]:
        """Store items in one transaction. A statement already in its item is kept once.

        Contributors are always the originator of what they add; a pulled partner item keeps
        its originator and records the node it came from (`origin_node`).
        """
        now = self._now()
        ids: list[str] = []
        with self.transaction() as conn:
            for item in new_items:
                if origin_node is None and not may_contribute(principal, item.marking):
                    raise ItemError(
                        f"item {item.item_id}: {principal} may only contribute as its own "
                        f"agency (marking originator {item.marking.originator})"
                    )
                self._put_item(conn, principal, contribution, item, origin_node, now)
                ids.append(item.item_id)
            self._audit(
                conn,
                principal,
                "items.add" if origin_node is None else "sync.apply",
                contribution,
                {"items": len(ids), "origin_node": origin_node},
            )
        return ids

    def _put_item(
        self,
        conn: Connection,
        principal: Principal,
        contribution: str,
        item: NewItem,
        origin_node: str | None,
        now: datetime,
    ) -> None:
        key = self._known_marking(conn, item.marking, item.item_id)
        existing = conn.execute(select(t.items).where(t.items.c.id == item.item_id)).first()
        if existing is not None and origin_node is not None:
            # A partner's newer version replaces its older one, marking included; a partner
            # can never overwrite this node's own items or another node's.
            if existing.origin_node != origin_node:
                raise ItemError(f"item {item.item_id}: not an item of node {origin_node}")
            conn.execute(t.statements.delete().where(t.statements.c.item_id == item.item_id))
            conn.execute(
                update(t.items)
                .where(t.items.c.id == item.item_id)
                .values(
                    marking_key=key,
                    agency=item.marking.originator,
                    modified_at=now,
                    contribution=contribution,
                    retracted_at=None,
                )
            )
        elif existing is not None:
            if existing.agency != item.marking.originator or existing.marking_key != key:
                raise ItemError(
                    f"item {item.item_id} exists with another originator or marking; "
                    "change markings with a re-mark, not a re-import"
                )
            conn.execute(
                update(t.items)
                .where(t.items.c.id == item.item_id)
                .values(modified_at=now, contribution=contribution, retracted_at=None)
            )
        else:
            conn.execute(
                t.items.insert().values(
                    id=item.item_id,
                    entity_id=item.entity_id,
                    schema=item.schema,
                    agency=item.marking.originator,
                    marking_key=key,
                    contribution=contribution,
                    derived_from=item.derived_from,
                    origin_node=origin_node,
                    created_by=principal.user,
                    created_at=now,
                    modified_at=now,
                )
            )
        dataset = contribution_dataset(item.marking.originator, origin_node)
        rows = {}
        for fact in item.facts:
            sid = statement_key(
                item.entity_id, fact.prop, fact.value, dataset, item.item_id, key, fact.hedge.value
            )
            rows[sid] = {
                "id": sid,
                "entity_id": item.entity_id,
                "schema": item.schema,
                "prop": fact.prop,
                "value": fact.value,
                "original_value": fact.original_value,
                "dataset": dataset,
                "source_id": item.item_id,
                "marking_key": key,
                "confidence": fact.confidence,
                "hedge": fact.hedge.value,
                "first_seen": now,
                "last_seen": now,
                "item_id": item.item_id,
            }
        known = set(
            conn.execute(
                select(t.statements.c.id).where(t.statements.c.id.in_(list(rows)))
            ).scalars()
        )
        fresh = [row for sid, row in rows.items() if sid not in known]
        if fresh:
            conn.execute(t.statements.insert(), fresh)
        if known:
            conn.execute(
                update(t.statements)
                .where(t.statements.c.id.in_(list(known)))
                .values(last_seen=now, retracted_at=None)
            )

    def _known_marking(self, conn: Connection, marking: Marking, item_id: str) -> str:
        """Store the marking, refusing REL TO agencies the node does not know (a typo in a
        release list must not silently release to nobody, or to the wrong agency later)."""
        known = set(conn.execute(select(t.agencies.c.code)).scalars())
        unknown = sorted(marking.rel_to - known)
        if unknown:
            raise ItemError(
                f"item {item_id}: REL TO names unknown agencies {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})"
            )
        return self.ensure_marking(conn, marking)

    def apply_partner_page(
        self,
        partner: str,
        contribution: str,
        new_items: list[NewItem],
        recalled: list[str],
        cursor: str,
    ) -> None:
        """One page of a partner's feed, in one transaction with the cursor that follows it, so
        an interrupted pull resumes exactly where the last complete page ended."""
        now = self._now()
        principal = Principal(agency="SYSTEM", user=f"sync:{partner}")
        with self.transaction() as conn:
            for item in new_items:
                self._put_item(conn, principal, contribution, item, partner, now)
            for item_id in recalled:
                # Recalled content is removed, not hidden: the partner withdrew it from us.
                owned = t.items.c.id == item_id, t.items.c.origin_node == partner
                if conn.execute(select(t.items.c.id).where(*owned)).first():
                    conn.execute(t.statements.delete().where(t.statements.c.item_id == item_id))
                    conn.execute(update(t.items).where(*owned).values(retracted_at=now))
            conn.execute(
                update(t.partners)
                .where(t.partners.c.agency == partner)
                .values(cursor=cursor, last_pulled_at=now)
            )
            detail = {"items": len(new_items), "recalls": len(recalled), "cursor": cursor}
            self._audit(conn, principal, "sync.apply", partner, detail)

    def add_partner(self, agency: str, url: str, public_key: str) -> None:
        with self.transaction() as conn:
            if not conn.execute(select(t.agencies).where(t.agencies.c.code == agency)).first():
                raise ItemError(f"agency {agency!r} does not exist (cordon agencies add)")
            conn.execute(t.partners.delete().where(t.partners.c.agency == agency))
            conn.execute(
                t.partners.insert().values(
                    agency=agency, url=url, public_key=public_key, added_at=self._now()
                )
            )
            self._audit(conn, Principal("SYSTEM", "admin"), "partner.add", agency, {"url": url})

    def partner(self, agency: str) -> dict[str, Any] | None:
        found = [p for p in self.partners() if p["agency"] == agency]
        return found[0] if found else None

    def partners(self) -> list[dict[str, Any]]:
        """Registered partner nodes (node administration: URLs and public keys, no secrets)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.partners).order_by(t.partners.c.agency)).all()
        return [dict(row._mapping) for row in rows]

    # -- reads ----------------------------------------------------------------------------------

    def item(self, principal: Principal, item_id: str) -> Item:
        found = self.items(principal, ids=[item_id])
        if not found:
            raise NotVisible(item_id)
        return found[0]

    def items(
        self,
        principal: Principal,
        *,
        ids: list[str] | None = None,
        types: list[str] | None = None,
        modified_after: datetime | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int | None = None,
        include_pulled: bool = True,
    ) -> list[Item]:
        """Live items the principal may read, oldest change first, with their statements.

        `after` is a (modified_at, id) position for stable pagination; the policy applies
        before the limit, so pages never hide gaps that reveal what was filtered out.
        """
        i = t.items
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            query = select(i).where(i.c.marking_key.in_(list(allowed)), i.c.retracted_at.is_(None))
            if ids is not None:
                query = query.where(i.c.id.in_(ids))
            if types is not None:  # STIX types: item ids are "<type>--<uuid>"
                query = query.where(or_(*(i.c.id.startswith(f"{kind}--") for kind in types)))
            if modified_after is not None:
                query = query.where(i.c.modified_at > modified_after)
            if after is not None:
                at, last_id = after
                query = query.where(
                    or_(i.c.modified_at > at, and_(i.c.modified_at == at, i.c.id > last_id))
                )
            if not include_pulled:
                query = query.where(i.c.origin_node.is_(None))
            query = query.order_by(i.c.modified_at, i.c.id)
            if limit is not None:
                query = query.limit(limit)
            rows = [
                r for r in conn.execute(query).all() if may_read(principal, allowed[r.marking_key])
            ]
            statements = self._item_statements(conn, [r.id for r in rows], allowed)
        statements = self.drop_hidden_ends(principal, statements)
        rows = [r for r in rows if r.id in statements]
        return [
            Item(
                id=r.id,
                entity_id=r.entity_id,
                schema=r.schema,
                agency=r.agency,
                marking=allowed[r.marking_key],
                contribution=r.contribution,
                derived_from=r.derived_from,
                origin_node=r.origin_node,
                created_by=r.created_by,
                created_at=self._utc(r.created_at),
                modified_at=self._utc(r.modified_at),
                statements=statements.get(r.id, []),
            )
            for r in rows
        ]

    def _item_statements(
        self, conn: Connection, item_ids: list[str], allowed: dict[str, Marking]
    ) -> dict[str, list[Statement]]:
        s = t.statements
        grouped: dict[str, list[Statement]] = {}
        for start in range(0, len(item_ids), 500):
            batch = item_ids[start : start + 500]
            rows = conn.execute(
                select(s)
                .where(s.c.item_id.in_(batch), s.c.retracted_at.is_(None))
                .order_by(s.c.prop, s.c.value)
            ).all()
            for row in rows:
                marking = allowed.get(row.marking_key)
                if marking is None:
                    continue
                grouped.setdefault(row.item_id, []).append(
                    Statement(
                        entity_id=row.entity_id,
                        schema=row.schema,
                        prop=row.prop,
                        value=row.value,
                        original_value=row.original_value,
                        source=Source(dataset=row.dataset, record_id=row.source_id),
                        marking=marking,
                        confidence=row.confidence,
                        hedge=Hedge(row.hedge),
                        first_seen=self._utc(row.first_seen),
                        last_seen=self._utc(row.last_seen),
                    )
                )
        return grouped

    def recalls_for(
        self, principal: Principal, after_id: int = 0
    ) -> list[tuple[int, str, datetime]]:
        """(recall id, item id, when) of items this principal could read and no longer can,
        one per item (its latest recall). Only those: a partner never learns of an item it
        never received.
        """
        r, i = t.recalls, t.items
        with self.engine.connect() as conn:
            markings = self._all_markings(conn)
            rows = conn.execute(
                select(r, i.c.marking_key, i.c.retracted_at)
                .join(i, i.c.id == r.c.item_id)
                .where(r.c.id > after_id)
                .order_by(r.c.id)
            ).all()
        latest: dict[str, tuple[int, str, datetime]] = {}
        for row in rows:
            could = may_read(principal, markings[row.old_marking_key])
            can = row.retracted_at is None and may_read(principal, markings[row.marking_key])
            if could and not can:
                latest[row.item_id] = (row.id, row.item_id, self._utc(row.at))
        return sorted(latest.values())

    # -- originator control ---------------------------------------------------------------------

    def remark_item(self, principal: Principal, item_id: str, marking: Marking) -> None:
        """Change an item's marking. Widening needs a releaser of the originator; a change
        that removes any reader is a recall."""
        with self.transaction() as conn:
            row, old = self._own_item(conn, principal, item_id)
            if marking.originator != old.originator:
                raise ItemError(f"item {item_id}: the originator of a marking cannot change")
            if not may_change_marking(principal, old, marking):
                raise ItemError(
                    f"item {item_id}: widening {old.label} to {marking.label} needs a releaser "
                    f"of {old.originator}"
                )
            key = self._known_marking(conn, marking, item_id)
            now = self._now()
            conn.execute(
                update(t.items)
                .where(t.items.c.id == item_id)
                .values(marking_key=key, modified_at=now)
            )
            conn.execute(
                update(t.statements)
                .where(t.statements.c.item_id == item_id)
                .values(marking_key=key, last_seen=now)
            )
            if narrows(old, marking):
                _recall(conn, item_id, row.marking_key, key, principal, now)
            self._audit(
                conn, principal, "item.remark", item_id, {"from": old.label, "to": marking.label}
            )

    def retract_item(self, principal: Principal, item_id: str) -> None:
        """Withdraw an item everywhere: hidden here, recalled from every partner."""
        with self.transaction() as conn:
            row, old = self._own_item(conn, principal, item_id)
            now = self._now()
            conn.execute(
                update(t.items)
                .where(t.items.c.id == item_id)
                .values(retracted_at=now, modified_at=now)
            )
            conn.execute(
                update(t.statements)
                .where(t.statements.c.item_id == item_id)
                .values(retracted_at=now)
            )
            _recall(conn, item_id, row.marking_key, None, principal, now)
            self._audit(conn, principal, "item.retract", item_id, {"marking": old.label})

    def derive_item(
        self,
        principal: Principal,
        item_id: str,
        new_item_id: str,
        marking: Marking,
        props: set[str] | None = None,
    ) -> str:
        """A releasable version: a new item with its own marking and (optionally) only some
        properties, recording what it was derived from. The original is untouched."""
        with self.transaction() as conn:
            row, old = self._own_item(conn, principal, item_id)
            if not may_change_marking(principal, old, marking) or principal.role not in (
                Role.RELEASER,
                Role.ADMIN,
            ):
                raise ItemError(
                    f"item {item_id}: a releasable version needs a releaser of {old.originator}"
                )
            allowed = {row.marking_key: old}
            statements = self._item_statements(conn, [item_id], allowed).get(item_id, [])
            facts = [
                Fact(s.prop, s.value, s.hedge, s.confidence, s.original_value)
                for s in statements
                if props is None or s.prop in props
            ]
            if not facts:
                raise ItemError(f"item {item_id}: the releasable version would be empty")
            new = NewItem(
                new_item_id, row.entity_id, row.schema, marking, facts, derived_from=item_id
            )
            self._put_item(conn, principal, row.contribution, new, None, self._now())
            self._audit(
                conn,
                principal,
                "item.derive",
                new_item_id,
                {"from": item_id, "marking": marking.label},
            )
        return new_item_id

    def _own_item(
        self, conn: Connection, principal: Principal, item_id: str
    ) -> tuple[Any, Marking]:
        """The item, if this principal may read it and its agency originated it. Anything else
        reads as missing, so a partner cannot probe for items it was not given."""
        row = conn.execute(
            select(t.items).where(t.items.c.id == item_id, t.items.c.retracted_at.is_(None))
        ).first()
        if row is None:
            raise NotVisible(item_id)
        marking = self._all_markings(conn)[row.marking_key]
        if not may_read(principal, marking):
            raise NotVisible(item_id)
        if row.origin_node is not None or marking.originator != principal.agency:
            raise ItemError(f"item {item_id}: only its originator {marking.originator} re-marks it")
        return row, marking


def _recall(
    conn: Connection,
    item_id: str,
    old_key: str,
    new_key: str | None,
    principal: Principal,
    now: datetime,
) -> None:
    """Record that readers of `old_key` lost the item (`new_key` None: retracted)."""
    conn.execute(
        t.recalls.insert().values(
            item_id=item_id,
            old_marking_key=old_key,
            new_marking_key=new_key,
            by_user=principal.user,
            at=now,
        )
    )
