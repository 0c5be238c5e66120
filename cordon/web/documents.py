"""Document routes: upload, list, read (with mentions and claims), and claim review.

The web UI's document reader is built on exactly these shapes. A document is readable under its
own marking only; a hidden document or claim answers 404 exactly like a missing one. Every read
and write is audited. Linking uses the same engine as `/api/v1/match` (the public lists).
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi import Query as Param
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from cordon.documents import review, service
from cordon.documents.errors import DocumentError
from cordon.documents.model import Extraction
from cordon.documents.pipeline import Extractor
from cordon.policy import SYSTEM, Principal
from cordon.store import Store
from cordon.store.documents import ReviewError
from cordon.store.items import ItemError, NotVisible
from cordon.web import documents_view
from cordon.web.api import NOT_FOUND
from cordon.web.auth import partner
from cordon.web.documents_view import summary
from cordon.web.screening import ScreenerCache

READ_CHUNK = 1024 * 1024


class AcceptIn(BaseModel):
    subject_entity_id: str | None = Field(None, max_length=256)
    object_entity_id: str | None = Field(None, max_length=256)
    predicate: str | None = Field(None, max_length=32)
    hedge: str | None = Field(
        None, max_length=16, description="a firmer hedge than the text's needs a reason"
    )
    reason: str | None = Field(None, max_length=2000)


class RejectIn(BaseModel):
    reason: str | None = Field(None, max_length=2000)


class ExtractorCache:
    """One extractor over the screening engine of the public lists, rebuilt with it."""

    def __init__(self, screeners: ScreenerCache) -> None:
        self.screeners = screeners
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None

    def extract(self, text: str) -> Extraction:
        screener = self.screeners.get(SYSTEM)
        with self._lock:  # one model call at a time: spaCy pipelines are not thread-safe
            if self._extractor is None or self._extractor.screener is not screener:
                self._extractor = Extractor(screener)
            return self._extractor.extract(text)


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes, refused as soon as they pass the limit (never all held first)."""
    parts, size = [], 0
    while chunk := await upload.read(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise HTTPException(
                413,
                detail=f"{upload.filename}: over the limit of {limit:,} bytes "
                "(CORDON_MAX_DOCUMENT_BYTES); nothing stored",
            )
        parts.append(chunk)
    return b"".join(parts)


def router(screeners: ScreenerCache) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["documents"])
    cache = ExtractorCache(screeners)

    @api.post("/documents", status_code=201)
    async def upload(
        request: Request,
        file: UploadFile = File(..., description="text, HTML, PDF or DOCX"),
        marking: str | None = Form(None, max_length=500, examples=["TLP:AMBER REL TO MYS"]),
        principal: Principal = Depends(partner),
    ) -> Any:
        """Store a document (mentions and proposed claims read from it). 200 with the stored
        document's id when the same bytes are already stored where the caller can read them."""
        store: Store = request.app.state.store
        data = await _read_limited(file, service.max_bytes())
        name = file.filename or "upload"
        try:
            parsed = service.parse_marking(marking, principal)
            done = service.ingest_bytes(store, principal, cache, name, data, parsed)
        except (DocumentError, ItemError) as exc:
            raise HTTPException(422, detail=str(exc)) from None
        view = store.document(principal, done.id)
        if view is None:  # stored by this caller a moment ago: cannot happen unless deleted
            raise HTTPException(404, detail=NOT_FOUND)
        body = summary(view.info)
        body["created"] = done.created
        return JSONResponse(body, status_code=201 if done.created else 200)

    @api.get("/documents")
    def list_documents(
        request: Request,
        principal: Principal = Depends(partner),
        limit: int = Param(100, ge=1, le=1000),
    ) -> dict[str, Any]:
        store: Store = request.app.state.store
        docs = store.documents(principal, limit=limit)
        store.audit_read(principal, "documents.read", "*", [d.marking for d in docs])
        return {"documents": [summary(d) for d in docs]}

    @api.get("/documents/{doc_id}")
    def get_document(
        doc_id: str, request: Request, principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        store: Store = request.app.state.store
        found = documents_view.one(store, principal, doc_id)
        if found is None:
            store.audit_read(principal, "document.read", doc_id)
            raise HTTPException(404, detail=NOT_FOUND)
        data, marking = found
        store.audit_read(principal, "document.read", doc_id, [marking])
        return data

    @api.post("/claims/{claim_id}/accept")
    def accept(
        claim_id: int,
        request: Request,
        body: AcceptIn | None = None,
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        """Accept a proposed claim (optionally editing it): it becomes statements with the
        document as their source, under the document's marking, keeping its hedge."""
        store: Store = request.app.state.store
        edit = review.ClaimEdit(
            subject_entity=body.subject_entity_id if body else None,
            object_entity=body.object_entity_id if body else None,
            predicate=body.predicate if body else None,
            hedge=body.hedge if body else None,
            reason=body.reason if body else None,
        )
        try:
            return review.accept(store, principal, claim_id, edit)
        except NotVisible:
            raise HTTPException(404, detail=NOT_FOUND) from None
        except ReviewError as exc:
            raise HTTPException(exc.status, detail=str(exc)) from None
        except ItemError as exc:
            raise HTTPException(422, detail=str(exc)) from None

    @api.post("/claims/{claim_id}/reject")
    def reject(
        claim_id: int,
        request: Request,
        body: RejectIn | None = None,
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        store: Store = request.app.state.store
        try:
            return review.reject(store, principal, claim_id, body.reason if body else None)
        except NotVisible:
            raise HTTPException(404, detail=NOT_FOUND) from None
        except ReviewError as exc:
            raise HTTPException(exc.status, detail=str(exc)) from None

    return api
