"""Pages: the network view, screening (upload, progress, results, reviews) and the document
reader. Their data comes from the REST API (`/api/v1/graph`, `/api/v1/screenings`,
`/api/v1/documents`); the document reader's highlighted text is built here, on the server."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi import Query as Param
from fastapi.responses import HTMLResponse, Response

from cordon.policy import Principal
from cordon.screening import DEFAULT_THRESHOLD
from cordon.web import documents_view
from cordon.web.auth import public
from cordon.web.highlight import highlighted
from cordon.web.pages import not_found, render, signed_in
from cordon.web.screening_jobs import Jobs


def router(jobs: Jobs) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/graph", response_class=HTMLResponse, response_model=None)
    def graph(
        request: Request,
        entity: str = Param("", max_length=256),
        principal: Principal = Depends(public),
    ) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        request.app.state.store.audit_read(principal, "page.graph", entity or "*")
        return render(request, "graph.html", principal, nav="graph", entity=entity)

    @pages.get("/screening", response_class=HTMLResponse, response_model=None)
    def screening(request: Request, principal: Principal = Depends(public)) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        request.app.state.store.audit_read(principal, "page.screening", "*")
        return render(
            request,
            "screening.html",
            principal,
            nav="screening",
            jobs=jobs.mine(principal),
            threshold=DEFAULT_THRESHOLD,
        )

    @pages.get("/screening/{job_id}", response_class=HTMLResponse, response_model=None)
    def screening_job(
        job_id: str, request: Request, principal: Principal = Depends(public)
    ) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        request.app.state.store.audit_read(principal, "page.screening", job_id)
        job = jobs.get(principal, job_id)
        if job is None:
            return not_found(request, principal, "screening")
        return render(request, "screening_job.html", principal, nav="screening", job=job)

    @pages.get("/documents", response_class=HTMLResponse, response_model=None)
    def documents(request: Request, principal: Principal = Depends(public)) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        store = request.app.state.store
        found, markings = documents_view.listing(store, principal)
        store.audit_read(principal, "page.documents", "*", markings)
        return render(request, "documents.html", principal, nav="documents", documents=found)

    @pages.get("/documents/{doc_id}", response_class=HTMLResponse, response_model=None)
    def document(doc_id: str, request: Request, principal: Principal = Depends(public)) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        store = request.app.state.store
        found = documents_view.one(store, principal, doc_id)
        if found is None:
            store.audit_read(principal, "page.document", doc_id)
            return not_found(request, principal, "document")
        doc, marking = found
        store.audit_read(principal, "page.document", doc_id, [marking])
        return render(
            request,
            "document.html",
            principal,
            nav="documents",
            doc=doc,
            text=highlighted(doc),
            own=marking.originator == principal.agency,
        )

    return pages
