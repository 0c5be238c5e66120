"""Graph routes of `/api/v1/graph/`: neighbourhood, paths, exposure, ownership.

Open to partners (the network view of shared intelligence); every read is audited with the
originators of the edges and entities it returned. A reference the caller cannot see answers
404 exactly like a missing one; a bad filter answers 422 naming the parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param

from cordon import graph
from cordon.graph.neighbourhood import GraphResult
from cordon.policy import Principal
from cordon.store import Store
from cordon.web.api import NOT_FOUND
from cordon.web.auth import partner


def _ref() -> Any:
    """A fresh parameter declaration per use: FastAPI binds each to one parameter name."""
    return Param(..., max_length=256, description="entity id or source id, e.g. un:KPi.033")


def _answer(
    request: Request, principal: Principal, action: str, obj: str, run: Callable[[], GraphResult]
) -> dict[str, Any]:
    store: Store = request.app.state.store
    try:
        result = run()
    except graph.NotFound:
        store.audit_read(principal, action, obj)
        raise HTTPException(404, detail=NOT_FOUND) from None
    except graph.GraphError as exc:
        raise HTTPException(422, detail=str(exc)) from None
    store.audit_read(principal, action, obj, result.markings)
    return result.json()


def router() -> APIRouter:
    api = APIRouter(prefix="/api/v1/graph", tags=["graph"])

    @api.get("/neighbourhood")
    def neighbourhood(
        request: Request,
        entity: str = _ref(),
        hops: int = Param(2, ge=1, le=6),
        relation: str | None = Param(None, max_length=500, examples=["ownership,family"]),
        hedge: str | None = Param(None, max_length=100, examples=["asserted,reported"]),
        limit: int = Param(200, ge=1, le=2000),
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        """Entities within `hops` links (nearest first, at most `limit`) and their links."""
        store = request.app.state.store
        return _answer(
            request,
            principal,
            "graph.neighbourhood",
            entity,
            lambda: graph.neighbourhood(store, principal, entity, hops, relation, hedge, limit),
        )

    @api.get("/paths")
    def paths(
        request: Request,
        source: str = _ref(),
        target: str = _ref(),
        max_hops: int = Param(4, ge=1, le=6),
        relation: str | None = Param(None, max_length=500),
        hedge: str | None = Param(None, max_length=100),
        limit: int = Param(10, ge=1, le=50),
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        """The shortest evidence paths between two entities."""
        store = request.app.state.store
        return _answer(
            request,
            principal,
            "graph.paths",
            f"{source} {target}",
            lambda: graph.paths(store, principal, source, target, max_hops, relation, hedge, limit),
        )

    @api.get("/exposure")
    def exposure(
        request: Request,
        entity: str = _ref(),
        hops: int = Param(3, ge=1, le=6),
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        """Exposure to designated entities within `hops` links, explained hop by hop."""
        store = request.app.state.store
        return _answer(
            request,
            principal,
            "graph.exposure",
            entity,
            lambda: graph.exposure(store, principal, entity, hops),
        )

    @api.get("/ownership")
    def ownership(
        request: Request, entity: str = _ref(), principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        """Aggregated ownership by blocked persons under OFAC's 50 % rule, with its chains."""
        store = request.app.state.store
        return _answer(
            request,
            principal,
            "graph.ownership",
            entity,
            lambda: graph.ownership(store, principal, entity),
        )

    return api
