"""Pages: the watchlist and its alerts, list updates, the agency's items with their sharing
controls, and the agency's audit view. Partner pages send the public to sign in."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi import Query as Param
from fastapi.responses import HTMLResponse, Response

from cordon.policy import Principal
from cordon.store import Store
from cordon.web import captions, list_updates
from cordon.web.auth import public
from cordon.web.pages import render, signed_in


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/watchlist", response_class=HTMLResponse, response_model=None)
    def watchlist(request: Request, principal: Principal = Depends(public)) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        store: Store = request.app.state.store
        watches = store.watches(principal)
        alerts = store.alerts(principal)
        store.audit_read(principal, "page.watchlist", "*", [a.marking for a in alerts if a.marking])
        return render(
            request, "watchlist.html", principal, nav="watchlist", watches=watches, alerts=alerts
        )

    @pages.get("/lists", response_class=HTMLResponse)
    def lists(
        request: Request,
        dataset: str | None = Param(None, max_length=64),
        versions: int = Param(3, ge=1, le=20),
        principal: Principal = Depends(public),
    ) -> HTMLResponse:
        store: Store = request.app.state.store
        releases = list_updates.recent(store, principal, dataset, versions)
        store.audit_read(principal, "page.lists", dataset or "*")
        names = [d.name for d in store.datasets(principal)]
        return render(
            request,
            "lists.html",
            principal,
            nav="lists",
            releases=releases,
            dataset=dataset,
            datasets=names,
            versions=versions,
        )

    @pages.get("/items", response_class=HTMLResponse, response_model=None)
    def items(request: Request, principal: Principal = Depends(public)) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        store: Store = request.app.state.store
        found = store.items(principal, limit=1000)
        store.audit_read(principal, "page.items", "*", [i.marking for i in found])
        own = [i for i in found if i.marking.originator == principal.agency]
        received = [i for i in found if i.marking.originator != principal.agency]
        entities = store.entities(principal, sorted({i.entity_id for i in found}))
        names = captions.captions(store, principal, entities)
        return render(
            request,
            "items.html",
            principal,
            nav="items",
            own=list(reversed(own)),
            received=list(reversed(received)),
            captions=names,
            agencies=[a["code"] for a in store.agencies(principal)],
        )

    @pages.get("/audit", response_class=HTMLResponse, response_model=None)
    def audit(
        request: Request,
        before: int | None = Param(None, ge=1),
        principal: Principal = Depends(public),
    ) -> Response:
        if redirect := signed_in(request, principal):
            return redirect
        store: Store = request.app.state.store
        entries = store.audit_view(principal, 200, before)
        store.audit_read(principal, "page.audit", "*")
        return render(request, "audit.html", principal, nav="audit", entries=entries)

    return pages
