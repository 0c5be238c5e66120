"""REST screening: `POST /api/v1/match` (yente's request shape) and `GET /api/v1/search`."""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Query as Param
from pydantic import BaseModel, Field

from cordon.policy import SYSTEM, Principal
from cordon.screening import DEFAULT_THRESHOLD
from cordon.screening.engine import Screener, warm_up
from cordon.screening.model import Query
from cordon.store import Store
from cordon.web.auth import partner

MAX_QUERIES = 1000

# yente property names -> Query fields
PROPERTY_FIELDS = {
    "name": "names",
    "alias": "names",
    "birthDate": "birth_dates",
    "nationality": "countries",
    "citizenship": "countries",
    "country": "countries",
    "jurisdiction": "countries",
    "imoNumber": "imo",
    "passportNumber": "passports",
    "idNumber": "identifiers",
    "registrationNumber": "identifiers",
    "leiCode": "identifiers",
}


class EntityExample(BaseModel):
    schema_: str = Field("LegalEntity", alias="schema")
    properties: dict[str, list[str]] = Field(default_factory=dict)


class MatchRequest(BaseModel):
    queries: dict[str, EntityExample]
    threshold: float = Field(DEFAULT_THRESHOLD, ge=0.0, le=1.0)
    limit: int = Field(5, ge=1, le=100)


class ScreenerCache:
    """One engine per principal's view, rebuilt when the lists it was built from change.

    The lists' state is read from the store at most once per `recheck` seconds, so a burst of
    requests costs no database round trip each."""

    def __init__(self, store: Store, recheck: float = 1.0) -> None:
        self.store = store
        self.recheck = recheck
        self._lock = threading.Lock()
        self._engines: dict[Principal, tuple[dict[str, int], Screener]] = {}
        self._checked: dict[Principal, float] = {}

    def get(self, principal: Principal) -> Screener:
        now = time.monotonic()
        cached = self._engines.get(principal)
        if cached is not None and now - self._checked.get(principal, 0.0) < self.recheck:
            return cached[1]
        self._checked[principal] = now
        state = self.store.list_state(principal)
        if cached is not None and cached[0] == state:
            return cached[1]
        with self._lock:
            cached = self._engines.get(principal)
            if cached is None or cached[0] != state:
                cached = (state, Screener.from_store(self.store, principal))
                self._engines[principal] = cached
                warm_up()  # once per process in effect: the tables are process-wide
                out_of_collectors_sight()
        return cached[1]


def out_of_collectors_sight() -> None:
    """Move every object alive now (above all the index: millions of long-lived objects) out
    of the cyclic garbage collector's sight. Otherwise each full collection walks the whole
    index, and the requests in flight wait: a few hundred milliseconds, the API's p99. An
    engine replaced after a list change is unfrozen and collected first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def to_query(key: str, example: EntityExample) -> Query:
    fields: dict[str, list[str]] = {}
    for prop, values in example.properties.items():
        field = PROPERTY_FIELDS.get(prop)
        if field is None:
            raise HTTPException(422, detail=f"query {key!r}: unsupported property {prop!r}")
        fields.setdefault(field, []).extend(str(v)[:500] for v in values if str(v).strip())
    if not fields.get("names") and not any(
        fields.get(f) for f in ("imo", "passports", "identifiers")
    ):
        raise HTTPException(422, detail=f"query {key!r}: give a name or an identifier")
    return Query(id=key, schema=example.schema_, **{k: tuple(v) for k, v in fields.items()})


def router(cache: ScreenerCache) -> APIRouter:
    """Screening is for signed-in partners: queries carry customers' data, so each one is
    audited, visible only to the querying agency. The engine reads the lists as SYSTEM (public
    data): contributed intelligence is not screened against yet, so hits are TLP:CLEAR."""
    api = APIRouter(prefix="/api/v1", tags=["screening"])

    @api.post("/match")
    def match(
        request: MatchRequest, http: Request, principal: Principal = Depends(partner)
    ) -> dict[str, Any]:
        if len(request.queries) > MAX_QUERIES:
            raise HTTPException(422, detail=f"at most {MAX_QUERIES} queries per request")
        queries = {k: to_query(k, v) for k, v in request.queries.items()}
        engine = cache.get(SYSTEM)
        responses = {}
        for key, query in queries.items():
            results = engine.match(query, request.threshold, request.limit)
            responses[key] = {
                "status": 200,
                "results": [m.to_dict() for m in results],
                "total": {"value": len(results), "relation": "eq"},
                "query": request.queries[key].model_dump(by_alias=True),
            }
        hits = sorted({m["entity_id"] for r in responses.values() for m in r["results"]})
        cache.store.audit(
            principal,
            "screen.match",
            f"{len(queries)} queries",
            {"queries": list(queries), "hits": hits},
        )
        return {"responses": responses, "limit": request.limit, "threshold": request.threshold}

    @api.get("/search")
    def search(
        q: str = Param(..., min_length=1, max_length=500),
        limit: int = Param(10, ge=1, le=100),
        principal: Principal = Depends(partner),
    ) -> dict[str, Any]:
        results = cache.get(SYSTEM).search(q, limit)
        cache.store.audit(principal, "screen.search", q, {"hits": [m.entity_id for m in results]})
        return {"results": [m.to_dict() for m in results], "total": len(results), "q": q}

    return api
