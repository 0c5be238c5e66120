"""Federation routes: this node's public identity and the signed feed partner nodes pull."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param

from cordon.policy import Principal
from cordon.sharing import federation
from cordon.web.auth import node, public


def router() -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["federation"])

    @api.get("/node")
    def node_info(request: Request, _: Principal = Depends(public)) -> dict[str, str]:
        """Name, operating agency and Ed25519 public key: what a partner registers for us."""
        identity = request.app.state.node_identity
        return {
            "node": identity.node,
            "agency": identity.agency,
            "public_key": request.app.state.node_key.public_key_b64,
        }

    @api.get("/sync/feed")
    def feed(
        request: Request,
        cursor: str | None = Param(None, max_length=2000),
        limit: int = Param(federation.PAGE, ge=1, le=5000),
        principal: Principal = Depends(node),
    ) -> dict[str, Any]:
        """A signed page of this node's items released to the caller's agency, and recalls."""
        try:
            return federation.feed_page(
                request.app.state.store,
                principal,
                cursor,
                request.app.state.node_identity,
                request.app.state.node_key,
                limit,
            )
        except federation.FederationError as exc:
            raise HTTPException(400, detail=str(exc)) from None

    return api
