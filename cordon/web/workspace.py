"""REST routes of the analyst workspace: faceted entity search, watchlists and their alerts,
and what the latest list releases changed. Every read is audited with the agencies whose
contributions it returned."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param
from pydantic import BaseModel, Field

from cordon.policy import Principal
from cordon.store import Store
from cordon.store.workspace import WatchError
from cordon.web import list_updates
from cordon.web.api import NOT_FOUND
from cordon.web.auth import partner, public


class WatchIn(BaseModel):
    entity: str = Field(..., max_length=256, description="entity id or source id, e.g. un:KPi.033")
    note: str = Field("", max_length=1000)


def router() -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["workspace"])

    @api.get("/entities")
    def search_entities(
        request: Request,
        q: str = Param(..., min_length=1, max_length=200),
        schema: str = Param("", max_length=64),
        dataset: str = Param("", max_length=64),
        country: str = Param("", max_length=64),
        topic: str = Param("", max_length=64),
        limit: int = Param(25, ge=1, le=100),
        offset: int = Param(0, ge=0, le=10000),
        principal: Principal = Depends(public),
    ) -> dict[str, Any]:
        """Entities whose visible names or identifiers contain `q`, with facet counts."""
        store: Store = request.app.state.store
        filters = {"schema": schema, "dataset": dataset, "country": country, "topic": topic}
        result = store.search_entities(principal, q, filters, limit, offset)
        store.audit_read(principal, "entities.search", q, hits=[h.entity_id for h in result.hits])
        return result.to_dict()

    @api.get("/watches")
    def watches(request: Request, principal: Principal = Depends(partner)) -> list[dict[str, Any]]:
        store: Store = request.app.state.store
        found = store.watches(principal)
        store.audit_read(principal, "watches.read", "*")
        return [
            {
                "entity_id": x.entity_id,
                "caption": x.caption,
                "schema": x.schema,
                "note": x.note,
                "created_at": x.created_at.isoformat(),
                "seen_at": x.seen_at.isoformat(),
            }
            for x in found
        ]

    @api.post("/watches")
    def watch(body: WatchIn, request: Request, principal: Principal = Depends(partner)) -> dict:
        try:
            found = request.app.state.store.watch(principal, body.entity, body.note)
        except WatchError:
            raise HTTPException(404, detail=NOT_FOUND) from None
        return {"entity_id": found.entity_id, "caption": found.caption, "watching": True}

    @api.delete("/watches/{entity_id}")
    def unwatch(entity_id: str, request: Request, principal: Principal = Depends(partner)) -> dict:
        if not request.app.state.store.unwatch(principal, entity_id):
            raise HTTPException(404, detail=NOT_FOUND)
        return {"entity_id": entity_id, "watching": False}

    @api.get("/alerts")
    def alerts(
        request: Request,
        limit: int = Param(100, ge=1, le=500),
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        """What touched the caller's watched entities since each watch began, newest first."""
        store: Store = request.app.state.store
        found = store.alerts(principal, limit)
        store.audit_read(principal, "alerts.read", "*", [a.marking for a in found if a.marking])
        return {
            "alerts": [a.to_dict() for a in found],
            "new": sum(a.new for a in found),
        }

    @api.post("/alerts/seen")
    def alerts_seen(request: Request, principal: Principal = Depends(partner)) -> dict[str, bool]:
        request.app.state.store.mark_alerts_seen(principal)
        return {"seen": True}

    @api.get("/lists/changes")
    def list_changes(
        request: Request,
        dataset: str | None = Param(None, max_length=64),
        versions: int = Param(3, ge=1, le=20),
        principal: Principal = Depends(public),
    ) -> list[dict[str, Any]]:
        """What the latest `versions` releases of each dataset added, changed and removed."""
        store: Store = request.app.state.store
        releases = list_updates.recent(store, principal, dataset, versions)
        store.audit_read(principal, "lists.changes", dataset or "*")
        return [r.to_dict() for r in releases]

    return api
