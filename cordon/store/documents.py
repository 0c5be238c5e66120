"""Store methods for documents: storing one with its mentions and claims in one transaction,
policy-filtered reads, and claim review (accepted claims become items whose statements name the
document and character span as their source).

A document is read under its own marking only (`may_read`), and its mentions and claims with
it; a hidden document answers like a missing one. A mention's link to an entity the reader
cannot see is removed on the way out, so a document never reveals a hidden entity's id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from cordon.model.markings import Marking
from cordon.model.statements import statement_key
from cordon.policy import Principal, may_contribute, may_read
from cordon.store import tables as t
from cordon.store import tables_documents as td
from cordon.store.items import ItemError, NewItem, NotVisible, contribution_dataset


class ReviewError(ValueError):
    """A claim review refused: already reviewed, or not the reviewer's agency's document."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class NewDocument:
    sha256: str
    filename: str
    format: str
    text: str
    size: int
    marking: Marking
    language: str
    model: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)  # Mention.to_dict() shape
    claims: list[dict[str, Any]] = field(default_factory=list)  # Claim.to_dict() shape


@dataclass(slots=True)
class DocumentInfo:
    id: str
    sha256: str
    filename: str
    format: str
    title: str | None
    published: str | None
    source: str | None
    language: str
    model: str
    size: int
    notes: list[str]
    marking: Marking
    agency: str
    created_by: str
    created_at: datetime
    mentions: int = 0
    claims: int = 0


@dataclass(slots=True)
class DocumentView:
    info: DocumentInfo
    text: str
    mentions: list[dict[str, Any]]
    claims: list[dict[str, Any]]


@dataclass(slots=True)
class ClaimRecord:
    """A claim with its document's facts, for review by the service layer."""

    id: int
    document: DocumentInfo
    claim: dict[str, Any]


class DocumentsMixin:
    """Mixed into `Store`: relies on its engine, markings, clock, audit and item helpers."""

    # -- writes -------------------------------------------------------------------------------

    def add_document(self, principal: Principal, new: NewDocument) -> tuple[str, bool]:
        """(document id, created). The same bytes already stored where the uploader can read
        them answer with that document instead (created False); nothing is written then."""
        if not may_contribute(principal, new.marking):
            raise ItemError(
                f"{new.filename}: {principal} may only store documents as its own agency "
                f"(marking originator {new.marking.originator})"
            )
        with self.transaction() as conn:  # type: ignore[attr-defined]
            existing = self._readable_by_sha(conn, principal, new.sha256)
            if existing is not None:
                self._audit(conn, principal, "document.duplicate", existing, {"sha256": new.sha256})  # type: ignore[attr-defined]
                return existing, False
            key = self._known_marking(conn, new.marking, new.filename)  # type: ignore[attr-defined]
            doc_id = f"doc-{uuid.uuid4().hex[:20]}"
            conn.execute(
                td.documents.insert().values(
                    id=doc_id,
                    sha256=new.sha256,
                    filename=new.filename,
                    format=new.format,
                    title=new.title,
                    published=new.published,
                    source=new.source,
                    language=new.language,
                    model=new.model,
                    text=new.text,
                    size=new.size,
                    notes=new.notes,
                    marking_key=key,
                    agency=new.marking.originator,
                    created_by=principal.user,
                    created_at=self._now(),  # type: ignore[attr-defined]
                )
            )
            if new.mentions:
                conn.execute(
                    td.document_mentions.insert(), [_mention_row(doc_id, m) for m in new.mentions]
                )
            if new.claims:
                conn.execute(
                    td.document_claims.insert(), [_claim_row(doc_id, c) for c in new.claims]
                )
            detail = {
                "sha256": new.sha256,
                "filename": new.filename,
                "mentions": len(new.mentions),
                "claims": len(new.claims),
                "marking": new.marking.label,
            }
            self._audit(conn, principal, "document.add", doc_id, detail)  # type: ignore[attr-defined]
        return doc_id, True

    def document_by_sha(self, principal: Principal, sha256: str) -> str | None:
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            return self._readable_by_sha(conn, principal, sha256)

    def _readable_by_sha(self, conn: Connection, principal: Principal, sha256: str) -> str | None:
        allowed = self.readable_markings(conn, principal)  # type: ignore[attr-defined]
        rows = conn.execute(
            select(td.documents.c.id, td.documents.c.marking_key)
            .where(td.documents.c.sha256 == sha256, td.documents.c.marking_key.in_(list(allowed)))
            .order_by(td.documents.c.created_at)
        ).all()
        for row in rows:
            if may_read(principal, allowed[row.marking_key]):
                return row.id
        return None

    # -- reads --------------------------------------------------------------------------------

    def documents(self, principal: Principal, limit: int = 100) -> list[DocumentInfo]:
        """Documents the principal may read, newest first, with their mention/claim counts."""
        d, m, c = td.documents, td.document_mentions, td.document_claims
        mentions = select(func.count()).where(m.c.document_id == d.c.id).scalar_subquery()
        claims = select(func.count()).where(c.c.document_id == d.c.id).scalar_subquery()
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            allowed = self.readable_markings(conn, principal)  # type: ignore[attr-defined]
            rows = conn.execute(
                select(*_INFO_COLUMNS, mentions.label("n_mentions"), claims.label("n_claims"))
                .where(d.c.marking_key.in_(list(allowed)))
                .order_by(d.c.created_at.desc(), d.c.id)
                .limit(limit)
            ).all()
        result = []
        for row in rows:
            marking = allowed[row.marking_key]
            if may_read(principal, marking):  # re-check before anything leaves the store
                info = self._info(row, marking)
                info.mentions, info.claims = row.n_mentions, row.n_claims
                result.append(info)
        return result

    def document(self, principal: Principal, doc_id: str) -> DocumentView | None:
        """The document with its mentions and claims, or None (missing and hidden alike)."""
        d, m, c = td.documents, td.document_mentions, td.document_claims
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            allowed = self.readable_markings(conn, principal)  # type: ignore[attr-defined]
            row = conn.execute(
                select(*_INFO_COLUMNS, d.c.text).where(
                    d.c.id == doc_id, d.c.marking_key.in_(list(allowed))
                )
            ).first()
            if row is None or not may_read(principal, allowed[row.marking_key]):
                return None
            mention_rows = conn.execute(
                select(m).where(m.c.document_id == doc_id).order_by(m.c.span_start, m.c.id)
            ).all()
            claim_rows = conn.execute(
                select(c).where(c.c.document_id == doc_id).order_by(c.c.evidence_start, c.c.id)
            ).all()
        info = self._info(row, allowed[row.marking_key])
        mentions = [_mention_out(r) for r in mention_rows]
        claims = [_claim_out(r, row.text) for r in claim_rows]
        self._hide_invisible_links(principal, mentions, claims)
        info.mentions, info.claims = len(mentions), len(claims)
        return DocumentView(info=info, text=row.text, mentions=mentions, claims=claims)

    def _hide_invisible_links(
        self, principal: Principal, mentions: list[dict[str, Any]], claims: list[dict[str, Any]]
    ) -> None:
        """A link to an entity the reader cannot see is shown as no link at all."""
        ids = {m["entity_id"] for m in mentions if m["entity_id"]}
        for claim in claims:
            ids.update(
                e["entity_id"] for e in (claim["subject"], claim["object"]) if e["entity_id"]
            )
        visible = self.resolve_many(principal, sorted(ids)) if ids else {}  # type: ignore[attr-defined]
        for mention in mentions:
            if mention["entity_id"] and mention["entity_id"] not in visible:
                mention.update(entity_id=None, caption=None, source_ids=[], score=None)
                mention["explanation"] = []
        for claim in claims:
            for end in (claim["subject"], claim["object"]):
                if end["entity_id"] and end["entity_id"] not in visible:
                    end["entity_id"] = None

    def claim(self, principal: Principal, claim_id: int) -> ClaimRecord | None:
        """A claim and its document, if the principal may read the document."""
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            return self._claim(conn, principal, claim_id)

    def _claim(self, conn: Connection, principal: Principal, claim_id: int) -> ClaimRecord | None:
        d, c = td.documents, td.document_claims
        allowed = self.readable_markings(conn, principal)  # type: ignore[attr-defined]
        row = conn.execute(select(c).where(c.c.id == claim_id)).first()
        if row is None:
            return None
        doc = conn.execute(
            select(*_INFO_COLUMNS, d.c.text).where(
                d.c.id == row.document_id, d.c.marking_key.in_(list(allowed))
            )
        ).first()
        if doc is None or not may_read(principal, allowed[doc.marking_key]):
            return None
        claim = _claim_out(row, doc.text)
        self._hide_invisible_links(principal, [], [claim])
        return ClaimRecord(
            id=row.id, document=self._info(doc, allowed[doc.marking_key]), claim=claim
        )

    def review_claim(
        self,
        principal: Principal,
        claim_id: int,
        status: str,
        review: dict[str, Any],
        new_items: list[NewItem],
        span: tuple[int, int] | None = None,
    ) -> list[str]:
        """Accept (with the statements `new_items` hold) or reject a proposed claim, in one
        transaction with its audit entry. Statements name the document and `span` as source."""
        with self.transaction() as conn:  # type: ignore[attr-defined]
            record = self._claim(conn, principal, claim_id)
            if record is None:
                raise NotVisible(f"claim {claim_id}")
            if record.claim["status"] != "proposed":
                raise ReviewError(f"claim {claim_id} was already {record.claim['status']}")
            if not may_contribute(principal, record.document.marking):
                raise ReviewError(
                    f"claim {claim_id}: only {record.document.agency} reviews the claims of "
                    "its documents",
                    status=403,
                )
            now = self._now()  # type: ignore[attr-defined]
            contribution = f"document:{record.document.id}"
            item_ids: list[str] = []
            for item in new_items:
                self._put_item(conn, principal, contribution, item, None, now)  # type: ignore[attr-defined]
                item_ids.append(item.item_id)
            written = [
                statement_key(
                    item.entity_id,
                    fact.prop,
                    fact.value,
                    contribution_dataset(item.marking.originator),
                    item.item_id,
                    item.marking.key,
                    fact.hedge.value,
                )
                for item in new_items
                for fact in item.facts
            ]
            if written:  # the statements this claim wrote name the document as their source
                conn.execute(
                    update(t.statements)
                    .where(t.statements.c.id.in_(written))
                    .values(
                        document_id=record.document.id,
                        span_start=span[0] if span else None,
                        span_end=span[1] if span else None,
                    )
                )
            conn.execute(
                update(td.document_claims)
                .where(td.document_claims.c.id == claim_id)
                .values(
                    status=status,
                    reviewed_by=principal.user,
                    reviewed_at=now,
                    review=review,
                    item_ids=item_ids,
                )
            )
            detail = {"document": record.document.id, "items": item_ids, **review}
            self._audit(
                conn,
                principal,
                f"claim.{status[:-2] if status.endswith('ed') else status}",
                str(claim_id),
                detail,
            )  # type: ignore[attr-defined]
        return item_ids

    def _info(self, row: Any, marking: Marking) -> DocumentInfo:
        return DocumentInfo(
            id=row.id,
            sha256=row.sha256,
            filename=row.filename,
            format=row.format,
            title=row.title,
            published=row.published,
            source=row.source,
            language=row.language,
            model=row.model,
            size=row.size,
            notes=list(row.notes or []),
            marking=marking,
            agency=row.agency,
            created_by=row.created_by,
            created_at=self._utc(row.created_at),  # type: ignore[attr-defined]
        )


_D = td.documents.c
_INFO_COLUMNS = (
    _D.id,
    _D.sha256,
    _D.filename,
    _D.format,
    _D.title,
    _D.published,
    _D.source,
    _D.language,
    _D.model,
    _D.size,
    _D.notes,
    _D.marking_key,
    _D.agency,
    _D.created_by,
    _D.created_at,
)


def _mention_row(doc_id: str, m: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "text": m["text"],
        "label": m["label"],
        "kind": m.get("kind"),
        "value": m.get("value"),
        "span_start": m["start"],
        "span_end": m["end"],
        "grp": m.get("group"),
        "origin": m.get("origin", "ner"),
        "entity_id": m.get("entity_id"),
        "caption": m.get("caption"),
        "source_ids": list(m.get("source_ids") or []),
        "score": m.get("score"),
        "explanation": list(m.get("explanation") or []),
    }


def _claim_row(doc_id: str, c: dict[str, Any]) -> dict[str, Any]:
    return {
        "document_id": doc_id,
        "subject": c["subject"],
        "predicate": c["predicate"],
        "object": c["object"],
        "hedge": c["hedge"],
        "hedge_cue": c.get("hedge_cue"),
        "attribution": c.get("attribution"),
        "cue": c.get("cue", ""),
        "evidence_start": c["evidence"]["start"],
        "evidence_end": c["evidence"]["end"],
        "status": "proposed",
    }


def _mention_out(r: Any) -> dict[str, Any]:
    data = {
        "id": r.id,
        "text": r.text,
        "label": r.label,
        "start": r.span_start,
        "end": r.span_end,
        "group": r.grp,
        "entity_id": r.entity_id,
        "caption": r.caption,
        "source_ids": list(r.source_ids or []),
        "score": r.score,
        "explanation": list(r.explanation or []),
        "origin": r.origin,
    }
    if r.kind:
        data["kind"], data["value"] = r.kind, r.value
    return data


def _claim_out(r: Any, text: str) -> dict[str, Any]:
    return {
        "id": r.id,
        "subject": dict(r.subject),
        "predicate": r.predicate,
        "object": dict(r.object),
        "hedge": r.hedge,
        "hedge_cue": r.hedge_cue,
        "attribution": r.attribution,
        "cue": r.cue,
        "evidence": {
            "text": text[r.evidence_start : r.evidence_end],
            "start": r.evidence_start,
            "end": r.evidence_end,
        },
        "status": r.status,
        "reviewed_by": r.reviewed_by,
        "review": r.review,
        "item_ids": list(r.item_ids or []),
    }
