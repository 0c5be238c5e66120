"""TAXII 2.1 under `/taxii2/`: discovery, one API root, one collection of contributed items.

The collection holds what the caller may read and nothing else: the policy filters in the
query, before `limit` and `next` cut pages, so page sizes and cursors reveal nothing about
items the caller cannot see. Read-only: partners contribute through `POST /api/v1/import`.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param
from fastapi.responses import JSONResponse

from cordon.policy import Principal
from cordon.sharing import exports, stix
from cordon.store import Store
from cordon.store.items import Item
from cordon.web.auth import partner

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
ROOT = "/taxii2/api/"
COLLECTION = str(uuid.uuid5(uuid.NAMESPACE_URL, "cordon:collection:intelligence"))
MAX_PAGE = 1000


def _taxii(body: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, media_type=TAXII, headers=headers)


def _collection() -> dict[str, Any]:
    return {
        "id": COLLECTION,
        "title": "Contributed intelligence",
        "description": "Items partner agencies released to you, with their markings.",
        "can_read": True,
        "can_write": False,
        "media_types": [STIX],
    }


def _check_collection(collection_id: str) -> None:
    if collection_id != COLLECTION:
        raise HTTPException(404, detail="collection not found")


def _cursor(item: Item) -> str:
    raw = f"{item.modified_at.isoformat()}|{item.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _position(token: str | None) -> tuple[datetime, str] | None:
    if not token:
        return None
    try:
        at, item_id = base64.urlsafe_b64decode(token.encode()).decode().split("|", 1)
        return datetime.fromisoformat(at), item_id
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, detail="next: not a cursor this server issued") from None


def _added_after(text: str | None) -> datetime | None:
    """The `modified_after` bound for `added_after`. Items' date_added is sent at millisecond
    precision, so the filter works at that precision: an item dated 12:00:00.123Z (stored as
    12:00:00.123456) is not after 12:00:00.123Z, and a client passing back the last date_added
    (or X-TAXII-Date-Added-Last) it received must not get that item again."""
    if not text:
        return None
    try:
        after = stix.parse_timestamp(text, "request", "added_after")
    except ValueError as exc:
        raise HTTPException(400, detail=str(exc)) from None
    whole_ms = after.replace(microsecond=after.microsecond // 1000 * 1000)
    try:
        return whole_ms + timedelta(milliseconds=1) - timedelta(microseconds=1)
    except OverflowError:  # 9999-12-31T23:59:59.999Z: nothing is after it
        return after


@dataclass(frozen=True, slots=True)
class PageQuery:
    """TAXII's filter and paging parameters, shared by objects and manifest."""

    limit: int
    next: str | None
    added_after: str | None
    match_id: str | None
    match_type: str | None


def page_query(
    limit: int = Param(100, ge=1, le=MAX_PAGE),
    next: str | None = Param(None, max_length=1000),
    added_after: str | None = Param(None, max_length=40),
    match_id: str | None = Param(None, alias="match[id]", max_length=10000),
    match_type: str | None = Param(None, alias="match[type]", max_length=200),
) -> PageQuery:
    return PageQuery(limit, next, added_after, match_id, match_type)


def _page(store: Store, principal: Principal, q: PageQuery) -> tuple[list[Item], bool]:
    ids = [i for i in q.match_id.split(",") if i] if q.match_id else None
    types = [t for t in q.match_type.split(",") if t] if q.match_type else None
    items = store.items(
        principal,
        ids=ids,
        types=types,
        modified_after=_added_after(q.added_after),
        after=_position(q.next),
        limit=q.limit + 1,
        include_pulled=False,
    )
    return items[: q.limit], len(items) > q.limit


def _date_headers(items: list[Item]) -> dict[str, str]:
    if not items:
        return {}
    return {
        "X-TAXII-Date-Added-First": stix.timestamp(items[0].modified_at),
        "X-TAXII-Date-Added-Last": stix.timestamp(items[-1].modified_at),
    }


def router() -> APIRouter:
    taxii = APIRouter(prefix="/taxii2", tags=["taxii"])

    @taxii.get("/")
    def discovery(_: Principal = Depends(partner)) -> JSONResponse:
        return _taxii(
            {
                "title": "cordon",
                "description": "Sanctions-enforcement intelligence shared between agencies",
                "default": ROOT,
                "api_roots": [ROOT],
            }
        )

    @taxii.get("/api/")
    def api_root(_: Principal = Depends(partner)) -> JSONResponse:
        return _taxii(
            {
                "title": "cordon intelligence",
                "versions": [TAXII],
                "max_content_length": 64 * 1024 * 1024,
            }
        )

    @taxii.get("/api/collections/")
    def collections(_: Principal = Depends(partner)) -> JSONResponse:
        return _taxii({"collections": [_collection()]})

    @taxii.get("/api/collections/{collection_id}/")
    def collection(collection_id: str, _: Principal = Depends(partner)) -> JSONResponse:
        _check_collection(collection_id)
        return _taxii(_collection())

    @taxii.get("/api/collections/{collection_id}/objects/")
    def objects(
        collection_id: str,
        request: Request,
        principal: Principal = Depends(partner),
        q: PageQuery = Depends(page_query),
    ) -> JSONResponse:
        _check_collection(collection_id)
        store: Store = request.app.state.store
        items, more = _page(store, principal, q)
        store.audit_read(principal, "taxii.objects", COLLECTION, [i.marking for i in items])
        body: dict[str, Any] = {"more": more, "objects": _objects(request, principal, items)}
        if more:
            body["next"] = _cursor(items[-1])
        return _taxii(body, _date_headers(items))

    @taxii.get("/api/collections/{collection_id}/manifest/")
    def manifest(
        collection_id: str,
        request: Request,
        principal: Principal = Depends(partner),
        q: PageQuery = Depends(page_query),
    ) -> JSONResponse:
        _check_collection(collection_id)
        store: Store = request.app.state.store
        items, more = _page(store, principal, q)
        store.audit_read(principal, "taxii.manifest", COLLECTION, [i.marking for i in items])
        rows = [
            {
                "id": i.id,
                "date_added": stix.timestamp(i.modified_at),
                "version": stix.timestamp(i.modified_at),
                "media_type": STIX,
            }
            for i in items
        ]
        body: dict[str, Any] = {"more": more, "objects": rows}
        if more:
            body["next"] = _cursor(items[-1])
        return _taxii(body, _date_headers(items))

    @taxii.get("/api/collections/{collection_id}/objects/{object_id}/")
    def one_object(
        collection_id: str,
        object_id: str,
        request: Request,
        principal: Principal = Depends(partner),
    ) -> JSONResponse:
        _check_collection(collection_id)
        store: Store = request.app.state.store
        items = store.items(principal, ids=[object_id], include_pulled=False)
        store.audit_read(principal, "taxii.object", object_id, [i.marking for i in items])
        if not items:
            raise HTTPException(404, detail="object not found")
        return _taxii(
            {"more": False, "objects": _objects(request, principal, items)}, _date_headers(items)
        )

    @taxii.get("/api/collections/{collection_id}/objects/{object_id}/versions/")
    def versions(
        collection_id: str,
        object_id: str,
        request: Request,
        principal: Principal = Depends(partner),
    ) -> JSONResponse:
        _check_collection(collection_id)
        store: Store = request.app.state.store
        items = store.items(principal, ids=[object_id], include_pulled=False)
        store.audit_read(principal, "taxii.versions", object_id, [i.marking for i in items])
        if not items:
            raise HTTPException(404, detail="object not found")
        stamps = [stix.timestamp(items[0].modified_at)]
        return _taxii({"more": False, "versions": stamps}, _date_headers(items))

    return taxii


def _objects(request: Request, principal: Principal, items: list[Item]) -> list[dict[str, Any]]:
    """The items' STIX objects plus the marking and extension definitions they reference."""
    if not items:
        return []
    return exports.stix_bundle(
        items, request.app.state.node_identity, request.app.state.store, principal
    )["objects"]
