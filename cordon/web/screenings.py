"""REST routes for screening a file from the UI and reviewing its hits:
`POST /api/v1/screenings` (multipart `file`), `GET /api/v1/screenings/{id}` (progress),
`GET /api/v1/screenings/{id}/results` (JSON page, JSON lines or CSV), `POST /api/v1/reviews`
(mark a hit as a false positive for that counterparty)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi import Query as Param
from fastapi.responses import Response
from pydantic import BaseModel, Field

from cordon.policy import Principal
from cordon.screening import DEFAULT_THRESHOLD, reviews
from cordon.screening.inputs import InputError
from cordon.web.api import NOT_FOUND
from cordon.web.auth import partner
from cordon.web.screening import EntityExample, to_query
from cordon.web.screening_jobs import MAX_UPLOAD, Job, Jobs, as_csv, as_jsonl


class ReviewIn(BaseModel):
    entity_id: str = Field(..., max_length=128)
    reason: str = Field(..., min_length=1, max_length=2000)
    days: int = Field(reviews.DEFAULT_DAYS, ge=1, le=3650)
    decision: str = Field("false_positive", pattern="^false_positive$")
    screening: str | None = Field(None, max_length=32, description="a screening job's id")
    row: int | None = Field(None, ge=1, description="the row of that job")
    query: EntityExample | None = Field(None, description="or the screened party itself")


def router(jobs: Jobs) -> APIRouter:
    api = APIRouter(prefix="/api/v1", tags=["screening"])

    def own_job(principal: Principal, job_id: str) -> Job:
        job = jobs.get(principal, job_id)
        if job is None:
            raise HTTPException(404, detail=NOT_FOUND)
        return job

    @api.post("/screenings")
    async def start(
        file: Annotated[UploadFile, File(description="CSV or XLSX with a header row")],
        threshold: Annotated[float, Form(ge=0.0, le=1.0)] = DEFAULT_THRESHOLD,
        limit: Annotated[int, Form(ge=1, le=20)] = 5,
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        data = await file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise HTTPException(413, detail="file too large for the UI: use `cordon screen`")
        name = (file.filename or "upload.csv").replace("/", "_")[-120:]
        try:
            job = jobs.start(principal, name, data, threshold, limit)
        except InputError as exc:
            raise HTTPException(422, detail=str(exc)) from None
        return job.status()

    @api.get("/screenings")
    def mine(principal: Principal = Depends(partner)) -> list[dict[str, Any]]:
        return [j.status() for j in jobs.mine(principal)]

    @api.get("/screenings/{job_id}")
    def status(job_id: str, principal: Principal = Depends(partner)) -> dict[str, Any]:
        return own_job(principal, job_id).status()

    @api.get("/screenings/{job_id}/results", response_model=None)
    def results(
        job_id: str,
        format: str = Param("json", pattern="^(json|jsonl|csv)$"),
        offset: int = Param(0, ge=0),
        limit: int = Param(100, ge=1, le=1000),
        hits_only: bool = False,
        principal: Principal = Depends(partner),
    ) -> Response | dict[str, Any]:
        job = own_job(principal, job_id)
        jobs.store.audit_read(principal, "screening.results", job_id, format=format)
        stem = job.filename.rsplit(".", 1)[0] or "screening"
        if format == "jsonl":
            return _download(as_jsonl(job), "application/x-ndjson", f"{stem}.hits.jsonl")
        if format == "csv":
            return _download(as_csv(job), "text/csv; charset=utf-8", f"{stem}.hits.csv")
        lines = [x for x in job.lines if not hits_only or any(m["match"] for m in x["matches"])]
        return {**job.status(), "rows": lines[offset : offset + limit], "matching": len(lines)}

    @api.post("/reviews")
    def review(body: ReviewIn, request: Request, principal: Principal = Depends(partner)) -> dict:
        """A hit reviewed as a false positive for this counterparty: reported as reviewed (not
        as a match) whenever the same party is screened again, until it expires."""
        job = None
        if body.screening is not None:
            job = own_job(principal, body.screening)
            query = job.queries.get(body.row or 0)
            line = job.row(body.row or 0)
            if query is None or line is None:
                raise HTTPException(422, detail=f"row: no screened row {body.row} in this job")
            if body.entity_id not in {m["entity_id"] for m in line["matches"]}:
                raise HTTPException(422, detail="entity_id: not a hit of this row")
        elif body.query is not None:
            query = to_query("review", body.query)
        else:
            raise HTTPException(422, detail="give screening + row, or the screened query")
        try:
            review_id = reviews.mark(
                request.app.state.store, principal, query, body.entity_id, body.reason, body.days
            )
        except ValueError as exc:
            raise HTTPException(422, detail=str(exc)) from None
        reviewed = {"decision": body.decision, "reason": body.reason, "by": str(principal)}
        if job is not None and body.row is not None:
            jobs.apply_review(job, body.row, body.entity_id, reviewed)
        return {"id": review_id, "counterparty": reviews.counterparty_key(query), **reviewed}

    return api


def _download(text: str, media_type: str, filename: str) -> Response:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in filename)
    headers = {"Content-Disposition": f'attachment; filename="{safe}"'}
    return Response(text, media_type=media_type, headers=headers)
