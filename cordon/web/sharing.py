"""Write and release routes: contributions, single statements, items and their markings,
exports. Refusals change nothing; an item the caller may not read answers 404 like a missing
one, and one it may read but not re-mark answers 403."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cordon.lists.errors import LoadError
from cordon.model.markings import Marking, MarkingError
from cordon.model.statements import Hedge
from cordon.policy import Principal
from cordon.sharing import contributions, exports
from cordon.store import Store
from cordon.store.items import Item, ItemError, NotVisible
from cordon.web.api import NOT_FOUND
from cordon.web.auth import partner, releaser

MAX_UPLOAD = contributions.MAX_BYTES


class StatementIn(BaseModel):
    entity: str = Field(..., max_length=256, description="entity id or source id, e.g. un:KPi.033")
    schema_: str | None = Field(None, alias="schema", max_length=64)
    prop: str = Field(..., max_length=64)
    value: str = Field(..., min_length=1, max_length=10000)
    marking: str = Field(..., max_length=500, examples=["TLP:AMBER REL TO USA,MYS"])
    hedge: Hedge = Hedge.ASSERTED


class MarkingIn(BaseModel):
    marking: str = Field(..., max_length=500)


class DeriveIn(MarkingIn):
    props: list[str] | None = None


def _marking(text: str, principal: Principal) -> Marking:
    try:
        return Marking.parse(text, originator=principal.agency)
    except MarkingError as exc:
        raise HTTPException(422, detail=f"marking: {exc}") from None


def item_dict(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "entity_id": item.entity_id,
        "schema": item.schema,
        "marking": item.marking.label,
        "originator": item.marking.originator,
        "derived_from": item.derived_from,
        "origin_node": item.origin_node,
        "created_at": item.created_at.isoformat(),
        "modified_at": item.modified_at.isoformat(),
        "statements": [
            {"prop": s.prop, "value": s.value, "hedge": s.hedge.value, "confidence": s.confidence}
            for s in item.statements
        ],
    }


def router() -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["sharing"])

    @api.post("/import")
    async def import_(
        request: Request,
        marking: str = Param(..., max_length=500, examples=["TLP:AMBER REL TO USA,MYS"]),
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        """Contribute FtM JSON lines or a STIX 2.1 bundle (the request body) under `marking`."""
        parsed = _marking(marking, principal)
        body = await request.body()
        if len(body) > MAX_UPLOAD:
            raise HTTPException(413, detail="contribution too large; split it")
        store: Store = request.app.state.store
        try:
            report = contributions.contribute(store, principal, body, "upload", parsed)
        except (LoadError, ItemError) as exc:
            raise HTTPException(422, detail=str(exc)) from None
        return {
            "contribution": report.contribution,
            "items": report.items,
            "attached": report.attached,
            "created": report.created,
        }

    @api.post("/statements")
    def add_statement(
        body: StatementIn, request: Request, principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        """Add one fact to an entity (a designee the caller can see, or a new one)."""
        store: Store = request.app.state.store
        marking = _marking(body.marking, principal)
        schema = body.schema_
        if schema is None:
            found = store.entity(principal, body.entity)
            if found is None:
                raise HTTPException(422, detail="schema: required for an entity new to the store")
            schema = found.schema
        line = {
            "id": body.entity,
            "schema": schema,
            "properties": {body.prop: [body.value]},
            "cordon": {"hedge": body.hedge.value},
        }
        data = json.dumps(line, ensure_ascii=False).encode()
        try:
            report = contributions.contribute(store, principal, data, "statement", marking)
        except (LoadError, ItemError) as exc:
            raise HTTPException(422, detail=str(exc)) from None
        return {"items": report.items, "attached": report.attached, "created": report.created}

    @api.get("/items")
    def list_items(
        request: Request,
        principal: Principal = Depends(partner),
        limit: int = Param(100, ge=1, le=1000),
    ) -> list[dict[str, Any]]:
        store: Store = request.app.state.store
        items = store.items(principal, limit=limit)
        store.audit_read(principal, "items.read", "*", [i.marking for i in items])
        return [item_dict(i) for i in items]

    @api.get("/items/{item_id}")
    def get_item(
        item_id: str, request: Request, principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        store: Store = request.app.state.store
        try:
            item = store.item(principal, item_id)
        except NotVisible:
            store.audit_read(principal, "item.read", item_id)
            raise HTTPException(404, detail=NOT_FOUND) from None
        store.audit_read(principal, "item.read", item_id, [item.marking])
        return item_dict(item)

    @api.post("/items/{item_id}/marking")
    def remark(
        item_id: str, body: MarkingIn, request: Request, principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        """Re-mark an item: widening needs a releaser; narrowing is a recall."""
        marking = _marking(body.marking, principal)
        with _refusals():
            request.app.state.store.remark_item(principal, item_id, marking)
        return {"id": item_id, "marking": marking.label}

    @api.post("/items/{item_id}/retract")
    def retract(
        item_id: str, request: Request, principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        with _refusals():
            request.app.state.store.retract_item(principal, item_id)
        return {"id": item_id, "retracted": True}

    @api.post("/items/{item_id}/derive")
    def derive(
        item_id: str, body: DeriveIn, request: Request, principal: Principal = Depends(releaser)
    ) -> dict[str, Any]:
        """A releasable version: a new item with its own marking (and only `props`)."""
        marking = _marking(body.marking, principal)
        new_id = contributions.derived_item_id(item_id, marking)
        with _refusals():
            request.app.state.store.derive_item(
                principal, item_id, new_id, marking, set(body.props) if body.props else None
            )
        return {"id": new_id, "derived_from": item_id, "marking": marking.label}

    @api.get("/export")
    def export(
        request: Request,
        format: str = Param("stix", pattern="^(stix|ftm)$"),
        principal: Principal = Depends(partner),
    ) -> Response:
        """Every item the caller may read, as a STIX 2.1 bundle or FtM JSON lines."""
        store: Store = request.app.state.store
        items = store.items(principal)
        store.audit_read(principal, f"export.{format}", "*", [i.marking for i in items])
        if format == "ftm":
            return Response(exports.ftm_lines(items), media_type="application/x-ndjson")
        bundle = exports.stix_bundle(items, request.app.state.node_identity, store, principal)
        return Response(json.dumps(bundle), media_type="application/stix+json;version=2.1")

    return api


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except NotVisible:
        raise HTTPException(404, detail=NOT_FOUND) from None
    except ItemError as exc:
        raise HTTPException(403, detail=str(exc)) from None
