"""Read routes of `/api/v1/`: datasets, entities, the caller, the partnership, the audit view.

Every read is audited with the agencies whose contributions it returned (`originators`), which
is how an agency sees which partners read its intelligence. A hidden entity and a missing one
give the same 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param

from cordon.lists import status as list_status
from cordon.policy import Principal
from cordon.store import Store
from cordon.web.auth import partner, public

NOT_FOUND = "not found"


def router() -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["read"])

    @api.get("/me")
    def me(principal: Principal = Depends(partner)) -> dict[str, str]:
        return {"user": principal.user, "agency": principal.agency, "role": principal.role}

    @api.get("/datasets")
    def datasets(request: Request, principal: Principal = Depends(public)) -> list[dict]:
        store = request.app.state.store
        rows = list_status.status(store, principal)
        store.audit_read(principal, "datasets.read", "*")
        return rows

    @api.get("/agencies")
    def agencies(request: Request, principal: Principal = Depends(partner)) -> list[dict]:
        store = request.app.state.store
        store.audit_read(principal, "agencies.read", "*")
        return store.agencies(principal)

    @api.get("/entities/{ref}")
    def entity(
        ref: str, request: Request, principal: Principal = Depends(public)
    ) -> dict[str, Any]:
        store: Store = request.app.state.store
        found = store.entity(principal, ref)
        if found is None:
            store.audit_read(principal, "entity.read", ref)
            raise HTTPException(status_code=404, detail=NOT_FOUND)
        adjacent = store.adjacent(principal, found.id)
        markings = [s.marking for e in [found, *adjacent] for s in e.statements]
        store.audit_read(principal, "entity.read", ref, markings)
        data = found.to_dict()
        data["adjacent"] = [a.to_dict(with_statements=False) for a in adjacent]
        return data

    @api.get("/audit")
    def audit(
        request: Request,
        principal: Principal = Depends(partner),
        limit: int = Param(100, ge=1, le=1000),
        before: int | None = Param(None, ge=1),
    ) -> list[dict[str, Any]]:
        """The caller's agency's view of the audit log (newest first)."""
        entries = request.app.state.store.audit_view(principal, limit, before)
        return [
            {
                "seq": e.seq,
                "at": e.at,
                "agency": e.agency,
                "user": e.user,
                "action": e.action,
                "object": e.object,
                "detail": e.detail,
            }
            for e in entries
        ]

    return api
