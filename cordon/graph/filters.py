"""Reading the filters analysts give (`relation=ownership,family`, `hedge=asserted,reported`)."""

from __future__ import annotations

from collections.abc import Iterable

from cordon.graph.errors import GraphError, NotFound
from cordon.model.statements import Hedge
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.graph import EdgeFilter
from cordon.store.graph_derive import RELATIONS

MAX_HOPS = 6


def split(values: str | Iterable[str] | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(
        sorted({v.strip().lower() for text in values for v in text.split(",") if v.strip()})
    )


def edge_filter(
    relations: str | Iterable[str] | None, hedges: str | Iterable[str] | None
) -> EdgeFilter:
    rels, hs = split(relations), split(hedges)
    unknown = [r for r in rels if r not in RELATIONS]
    if unknown:
        raise GraphError(
            f"relation: unknown {', '.join(unknown)} (one of {', '.join(sorted(RELATIONS))})"
        )
    bad = [h for h in hs if h not in {x.value for x in Hedge}]
    if bad:
        raise GraphError(
            f"hedge: unknown {', '.join(bad)} (one of {', '.join(h.value for h in Hedge)})"
        )
    return EdgeFilter(relations=rels, hedges=hs)


def check_hops(hops: int, name: str = "hops") -> int:
    if not 1 <= hops <= MAX_HOPS:
        raise GraphError(f"{name}: between 1 and {MAX_HOPS}, got {hops}")
    return hops


def resolve(store: Store, principal: Principal, ref: str) -> str:
    """An entity id from an id or a source id (``un:KPi.033``); hidden reads as missing."""
    entity_id = store.resolve(principal, ref.strip())
    if entity_id is None:
        raise NotFound(ref)
    return entity_id
