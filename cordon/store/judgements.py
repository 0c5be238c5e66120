"""Store methods for analyst and automatic judgements: merges and reviewed hits (each audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from cordon.model.markings import Marking
from cordon.policy import Principal, may_read
from cordon.store import tables as t


@dataclass(frozen=True, slots=True)
class Resolution:
    id: int
    left_id: str
    right_id: str
    judgement: str
    method: str
    score: int
    evidence: dict[str, Any]
    created_by: str
    created_at: datetime
    undone_at: datetime | None


@dataclass(frozen=True, slots=True)
class Review:
    id: int
    agency: str
    counterparty: str
    entity_id: str
    decision: str
    reason: str
    created_by: str
    created_at: datetime
    expires_at: datetime


class JudgementsMixin:
    """Mixed into `Store`: relies on its engine, markings and transaction helpers, and on
    `AuditMixin._audit` to record each judgement in the same transaction."""

    def add_resolutions(
        self, principal: Principal, items: list[dict[str, Any]], marking: Marking
    ) -> list[int]:
        now = self._now()
        ids = []
        with self.transaction() as conn:
            key = self.ensure_marking(conn, marking)
            for item in items:
                result = conn.execute(
                    t.resolutions.insert().values(
                        marking_key=key, created_by=str(principal), created_at=now, **item
                    )
                )
                ids.append(int(result.inserted_primary_key[0]))
                self._audit(
                    conn,
                    principal,
                    "resolution.add",
                    f"{item['left_id']}={item['right_id']}",
                    {"method": item["method"], "id": ids[-1]},
                )
        return ids

    def resolutions(self, principal: Principal, active_only: bool = True) -> list[Resolution]:
        r = t.resolutions
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            query = select(r).where(r.c.marking_key.in_(list(allowed))).order_by(r.c.id)
            if active_only:
                query = query.where(r.c.undone_at.is_(None))
            rows = conn.execute(query).all()
        return [
            Resolution(
                row.id,
                row.left_id,
                row.right_id,
                row.judgement,
                row.method,
                row.score,
                dict(row.evidence),
                row.created_by,
                self._utc(row.created_at),
                self._utc(row.undone_at),
            )
            for row in rows
            if may_read(principal, allowed[row.marking_key])
        ]

    def undo_resolution(self, principal: Principal, resolution_id: int) -> bool:
        r = t.resolutions
        visible = {x.id for x in self.resolutions(principal)}
        if resolution_id not in visible:
            return False
        with self.transaction() as conn:
            conn.execute(
                update(r)
                .where(r.c.id == resolution_id)
                .values(undone_at=self._now(), undone_by=str(principal))
            )
            self._audit(conn, principal, "resolution.undo", str(resolution_id), {})
        return True

    # -- reviewed hits ------------------------------------------------------------------------

    def add_review(
        self,
        principal: Principal,
        counterparty: str,
        entity_id: str,
        decision: str,
        reason: str,
        expires_at: datetime,
    ) -> int:
        with self.transaction() as conn:
            result = conn.execute(
                t.reviews.insert().values(
                    agency=principal.agency,
                    counterparty=counterparty,
                    entity_id=entity_id,
                    decision=decision,
                    reason=reason,
                    created_by=str(principal),
                    created_at=self._now(),
                    expires_at=expires_at,
                )
            )
            review_id = int(result.inserted_primary_key[0])
            self._audit(
                conn,
                principal,
                "review.add",
                f"{counterparty}/{entity_id}",
                {"decision": decision, "expires_at": expires_at.isoformat(), "id": review_id},
            )
        return review_id

    def active_reviews(
        self, principal: Principal, counterparties: list[str] | None
    ) -> list[Review]:
        """Unexpired reviews of the principal's own agency (all of them when `counterparties`
        is None): an agency never sees another agency's reviews."""
        rv = t.reviews
        now = self._now()
        query = select(rv).where(rv.c.agency == principal.agency, rv.c.revoked_at.is_(None))
        if counterparties is not None:
            query = query.where(rv.c.counterparty.in_(counterparties))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            Review(
                row.id,
                row.agency,
                row.counterparty,
                row.entity_id,
                row.decision,
                row.reason,
                row.created_by,
                self._utc(row.created_at),
                self._utc(row.expires_at),
            )
            for row in rows
            if self._utc(row.expires_at) > now
        ]
