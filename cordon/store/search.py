"""Store method for the UI's search: entities by name or identifier, with facets.

Only statements the reader may see are matched and counted, so a hidden alias finds nothing and
a hidden contribution adds to no facet count. Hits are ranked exact, then prefix, then
substring matches; facets (schema, dataset, country, topic) are counted over every hit that
passes the other filters, up to `MAX_CANDIDATES` entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from followthemoney import registry
from sqlalchemy import and_, func, or_, select

from cordon.names.normalize import fold
from cordon.policy import Principal, may_read
from cordon.store import tables as t
from cordon.store.listload import chunks

MATCH_PROPS = (
    "name",
    "alias",
    "previousName",
    "weakAlias",
    "imoNumber",
    "registrationNumber",
    "passportNumber",
    "idNumber",
    "taxNumber",
    "callSign",
    "mmsi",
)
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "flag")
SEARCHED_SCHEMAS = (
    "Person",
    "Organization",
    "Company",
    "LegalEntity",
    "PublicBody",
    "Vessel",
    "Airplane",
    "Vehicle",
    "CryptoWallet",
    "BankAccount",
)
FACETS = ("schema", "dataset", "country", "topic")
MAX_CANDIDATES = 2000
SANCTIONED_TOPIC = "sanction"


@dataclass(slots=True)
class SearchHit:
    entity_id: str
    caption: str
    schema: str
    matched: str
    datasets: list[str]
    countries: list[str]
    topics: list[str]
    designated: bool


@dataclass(slots=True)
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # value, label, n
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "truncated": self.truncated,
            "results": [
                {
                    "id": h.entity_id,
                    "caption": h.caption,
                    "schema": h.schema,
                    "matched": h.matched,
                    "datasets": h.datasets,
                    "countries": h.countries,
                    "topics": h.topics,
                    "designated": h.designated,
                }
                for h in self.hits
            ],
            "facets": {
                name: [{"value": v, "label": label, "count": n} for v, label, n in values]
                for name, values in self.facets.items()
            },
        }


@dataclass(slots=True)
class _Candidate:
    rank: int
    matched: str
    schemas: set[str] = field(default_factory=set)
    datasets: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)

    def values(self, facet: str) -> set[str]:
        return {
            "schema": self.schemas,
            "dataset": self.datasets,
            "country": self.countries,
            "topic": self.topics,
        }[facet]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _rank(value: str, folded_query: str) -> int:
    folded = fold(value)
    if folded == folded_query:
        return 0
    if folded.startswith(folded_query):
        return 1
    return 2


class SearchMixin:
    """Mixed into `Store`: relies on its engine, markings and entity reads."""

    def search_entities(
        self,
        principal: Principal,
        query: str,
        filters: dict[str, str] | None = None,
        limit: int = 25,
        offset: int = 0,
    ) -> SearchResult:
        query = query.strip()[:200]
        filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
        candidates, truncated = self._search_candidates(principal, query)
        self._facet_values(principal, candidates)
        chosen = {
            eid: c
            for eid, c in candidates.items()
            if all(value in c.values(facet) for facet, value in filters.items())
        }
        facets = {facet: _count(chosen, facet) for facet in FACETS}
        order = sorted(chosen, key=lambda eid: (chosen[eid].rank, fold(chosen[eid].matched), eid))
        page = order[offset : offset + limit]
        entities = {e.id: e for e in self.entities(principal, page)}
        hits = [
            SearchHit(
                entity_id=eid,
                caption=entities[eid].caption,
                schema=entities[eid].schema,
                matched=chosen[eid].matched,
                datasets=sorted(chosen[eid].datasets),
                countries=sorted(chosen[eid].countries),
                topics=sorted(chosen[eid].topics),
                designated=SANCTIONED_TOPIC in chosen[eid].topics,
            )
            for eid in page
            if eid in entities
        ]
        return SearchResult(query, len(chosen), hits, facets, truncated)

    def _search_candidates(
        self, principal: Principal, query: str
    ) -> tuple[dict[str, _Candidate], bool]:
        """Entities with a visible, current name or identifier containing the query."""
        folded = fold(query)
        if not folded:
            return {}, False
        s, r = t.statements, t.records
        pattern = f"%{_escape_like(query.lower())}%"
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            rows = conn.execute(
                select(s.c.entity_id, s.c.value, s.c.marking_key)
                .select_from(
                    s.outerjoin(r, and_(r.c.dataset == s.c.dataset, r.c.source_id == s.c.source_id))
                )
                .where(
                    s.c.prop.in_(MATCH_PROPS),
                    s.c.schema.in_(SEARCHED_SCHEMAS),
                    func.lower(s.c.value).like(pattern, escape="\\"),
                    s.c.marking_key.in_(list(allowed)),
                    s.c.retracted_at.is_(None),
                    or_(r.c.source_id.is_(None), s.c.last_version_id == r.c.last_version_id),
                )
                .limit(MAX_CANDIDATES * 5)
            ).all()
        candidates: dict[str, _Candidate] = {}
        for row in rows:
            if not may_read(principal, allowed[row.marking_key]):
                continue
            rank = _rank(row.value, folded)
            found = candidates.get(row.entity_id)
            if found is None or rank < found.rank:
                candidates[row.entity_id] = _Candidate(rank, row.value)
        by_ref = self.resolve(principal, query) if ":" in query or "-" in query else None
        if by_ref is not None:
            candidates[by_ref] = _Candidate(-1, query)
        truncated = len(candidates) > MAX_CANDIDATES
        if truncated:
            best = sorted(candidates, key=lambda eid: (candidates[eid].rank, eid))
            candidates = {eid: candidates[eid] for eid in best[:MAX_CANDIDATES]}
        return candidates, truncated

    def _facet_values(self, principal: Principal, candidates: dict[str, _Candidate]) -> None:
        """Fill each candidate's schemas, datasets, countries and topics from visible facts."""
        if not candidates:
            return
        s, r = t.statements, t.records
        with self.engine.connect() as conn:
            allowed = self.readable_markings(conn, principal)
            for batch in chunks(list(candidates), 500):
                rows = conn.execute(
                    select(s.c.entity_id, s.c.schema, s.c.dataset, s.c.prop, s.c.value)
                    .select_from(
                        s.outerjoin(
                            r, and_(r.c.dataset == s.c.dataset, r.c.source_id == s.c.source_id)
                        )
                    )
                    .where(
                        s.c.entity_id.in_(batch),
                        s.c.marking_key.in_(list(allowed)),
                        s.c.retracted_at.is_(None),
                        or_(r.c.source_id.is_(None), s.c.last_version_id == r.c.last_version_id),
                    )
                    .distinct()
                ).all()
                for row in rows:
                    c = candidates[row.entity_id]
                    c.schemas.add(row.schema)
                    c.datasets.add(row.dataset)
                    if row.prop in COUNTRY_PROPS:
                        c.countries.add(row.value)
                    elif row.prop == "topics":
                        c.topics.add(row.value)
                listed = conn.execute(
                    select(r.c.entity_id, r.c.dataset).where(
                        r.c.entity_id.in_(batch), r.c.delisted_on.is_(None)
                    )
                ).all()
                for row in listed:
                    c = candidates[row.entity_id]
                    if row.dataset in c.datasets:  # a designation the reader can see
                        c.topics.add(SANCTIONED_TOPIC)
        for c in candidates.values():
            if len(c.schemas) > 1:  # Organization + Company statements: the entity's schema
                c.schemas = {_most_specific(c.schemas)}


def _most_specific(schemas: set[str]) -> str:
    from cordon.model.entities import _common_schema

    return _common_schema(schemas)


def _count(chosen: dict[str, _Candidate], facet: str) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for c in chosen.values():
        for value in c.values(facet):
            counts[value] = counts.get(value, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
    return [(value, _label(facet, value), n) for value, n in ordered]


def _label(facet: str, value: str) -> str:
    if facet == "country":
        return registry.country.caption(value) or value
    if facet == "topic":
        return registry.topic.caption(value) or value
    return value
