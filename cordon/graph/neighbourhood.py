"""Neighbourhoods and evidence paths: what the network view draws and expands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cordon.graph.filters import check_hops, edge_filter, resolve
from cordon.graph.views import merged_edges, node_dict, result_marking
from cordon.model.markings import Marking
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.graph import GraphEdge, GraphNode

DEFAULT_LIMIT = 200
MAX_LIMIT = 2000


@dataclass(slots=True)
class GraphResult:
    """A derived result: the API's JSON plus the markings of every input (for the audit log
    and for the result's own marking)."""

    data: dict[str, Any]
    markings: list[Marking] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        marking = result_marking(self.markings)
        return {**self.data, "marking": marking.label if marking else None}


def _markings(nodes: Iterable[GraphNode], edges: Iterable[GraphEdge]) -> list[Marking]:
    found = {m for n in nodes for m in n.markings} | {e.marking for e in edges}
    return sorted(found, key=lambda m: m.key)


def neighbourhood(
    store: Store,
    principal: Principal,
    ref: str,
    hops: int = 2,
    relations: str | Iterable[str] | None = None,
    hedges: str | Iterable[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> GraphResult:
    """Entities within `hops` links of `ref` (nearest first, at most `limit`) and the links
    between them that pass the filters."""
    check_hops(hops)
    limit = max(1, min(limit, MAX_LIMIT))
    filt = edge_filter(relations, hedges)
    start = resolve(store, principal, ref)
    found, truncated = store.graph_walk(principal, start, hops, filt, limit)
    info = store.graph_nodes(principal, found)
    edges = [
        e
        for e in store.graph_edges_among(principal, info, filt)
        if e.source in info and e.target in info
    ]
    data = {
        "entity": start,
        "nodes": [node_dict(info[n], hops) for n, hops in found.items() if n in info],
        "edges": merged_edges(edges),
        "truncated": truncated,
    }
    return GraphResult(data, _markings(info.values(), edges))


def paths(
    store: Store,
    principal: Principal,
    source: str,
    target: str,
    max_hops: int = 4,
    relations: str | Iterable[str] | None = None,
    hedges: str | Iterable[str] | None = None,
    limit: int = 10,
) -> GraphResult:
    """The shortest evidence paths from `source` to `target` (at most `limit`), each with its
    entities in order and the link (with its evidence) between each pair."""
    check_hops(max_hops, "max_hops")
    filt = edge_filter(relations, hedges)
    a, b = resolve(store, principal, source), resolve(store, principal, target)
    found = (
        store.graph_paths(principal, a, b, max_hops, filt, max(1, min(limit, 50))) if a != b else []
    )
    info = store.graph_nodes(principal, {n for p in found for e in p for n in (e.source, e.target)})
    result = []
    used: list[GraphEdge] = []
    for path in found:
        order = [a]
        for edge in path:
            order.append(edge.other(order[-1]))
        if not all(n in info for n in order):
            continue
        used.extend(path)
        result.append(
            {
                "nodes": [node_dict(info[n], i) for i, n in enumerate(order)],
                "edges": merged_edges(path),
            }
        )
    data = {"source": a, "target": b, "max_hops": max_hops, "paths": result}
    return GraphResult(data, _markings(info.values(), used))
