"""Pages: search with facets, and the entity page (every statement with its source, marking
and hedge; designations; identifiers; linked documents and entities; watch and sharing)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi import Query as Param
from fastapi.responses import HTMLResponse

from cordon import graph
from cordon.graph.neighbourhood import GraphResult
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.search import FACETS
from cordon.web import entity_view
from cordon.web.auth import public
from cordon.web.pages import not_found, render

PAGE_SIZE = 25
NETWORK_LIMIT = 100


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/search", response_class=HTMLResponse)
    def search(
        request: Request,
        q: str = Param("", max_length=200),
        schema: str = Param("", max_length=64),
        dataset: str = Param("", max_length=64),
        country: str = Param("", max_length=64),
        topic: str = Param("", max_length=64),
        page: int = Param(1, ge=1, le=1000),
        principal: Principal = Depends(public),
    ) -> HTMLResponse:
        store: Store = request.app.state.store
        filters = {"schema": schema, "dataset": dataset, "country": country, "topic": topic}
        result = None
        if q.strip():
            offset = (page - 1) * PAGE_SIZE
            result = store.search_entities(principal, q, filters, PAGE_SIZE, offset)
        store.audit_read(
            principal, "page.search", q, hits=[h.entity_id for h in result.hits] if result else []
        )
        active = {k: v for k, v in filters.items() if v}

        def link(**changes: str | int) -> str:
            """This search with some filters changed (an empty value removes one)."""
            params = {"q": q, **active, **changes}
            return "/search?" + urlencode({k: v for k, v in params.items() if v})

        return render(
            request,
            "search.html",
            principal,
            nav="search",
            q=q,
            result=result,
            facets=FACETS,
            active=active,
            page=page,
            page_size=PAGE_SIZE,
            link=link,
        )

    @pages.get("/entity/{ref}", response_class=HTMLResponse)
    def entity(ref: str, request: Request, principal: Principal = Depends(public)) -> HTMLResponse:
        store: Store = request.app.state.store
        found = store.entity(principal, ref)
        if found is None:
            store.audit_read(principal, "page.entity", ref)
            return not_found(request, principal, "entity")
        adjacent = store.adjacent(principal, found.id)
        known = {a.id for a in adjacent}
        adjacent += [e for e in store.referencing(principal, found.id) if e.id not in known]
        others = entity_view.reference_ids(adjacent, found.id)
        captions = {e.id: e.caption for e in store.entities(principal, others)}
        view = entity_view.build(found, adjacent, captions)
        items = store.entity_items(principal, found.id) if principal.is_partner else []
        network = _network(store, principal, found.id)
        markings = [s.marking for e in [found, *adjacent] for s in e.statements]
        markings += network.markings if network is not None else []
        store.audit_read(principal, "page.entity", ref, markings)
        return render(
            request,
            "entity.html",
            principal,
            nav="search",
            view=view,
            e=found,
            captions=captions,
            items=items,
            agencies=[a["code"] for a in store.agencies(principal)] if items else [],
            watching=principal.is_partner and store.watching(principal, found.id),
            network=_links(network.json(), found.id) if network is not None else None,
        )

    return pages


def _network(store: Store, principal: Principal, entity_id: str) -> GraphResult | None:
    """The entity's direct links in the graph (lists' "linked to", owners and operators,
    contributed and accepted links), for partners; None where there is nothing to show."""
    if not principal.is_partner:
        return None
    try:
        return graph.neighbourhood(store, principal, entity_id, 1, None, None, NETWORK_LIMIT)
    except (graph.NotFound, graph.GraphError):
        return None


def _links(data: dict[str, Any], entity_id: str) -> list[dict[str, Any]]:
    nodes = {n["id"]: n for n in data["nodes"]}
    links = []
    for edge in data["edges"]:
        other = edge["target"] if edge["source"] == entity_id else edge["source"]
        if other == entity_id or other not in nodes:
            continue
        outgoing = edge["source"] == entity_id
        links.append({**edge, "other": nodes[other], "outgoing": outgoing})
    return sorted(links, key=lambda x: (x["relation"], x["other"]["caption"]))
