"""Exposure: how close an entity stands to designated ones, through evidence-backed links.

Each designated entity within `hops` links contributes the weight of its best path: the product
of its links' weights (relation x hedge x confidence x stake, see `weights`) and `HOP_DECAY` for
every hop after the first. Contributions combine like independent signals,
``1 - prod(1 - w)``, so two weak links never add up to more than certainty. A designated entity
is exposure 1.0 itself. Denied links carry nothing and are never followed; a designated entity
ends a path (what lies behind it is its own exposure, not this entity's).
"""

from __future__ import annotations

from typing import Any

from cordon.graph.filters import check_hops, resolve
from cordon.graph.neighbourhood import GraphResult, _markings
from cordon.graph.views import edge_dict, node_dict
from cordon.graph.weights import HOP_DECAY, edge_reason, edge_weight
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.graph import EdgeFilter, GraphEdge, GraphNode

FOLLOWED = EdgeFilter(hedges=("asserted", "reported", "alleged"))
MAX_NODES = 5000


def best_paths(
    start: str, edges: list[GraphEdge], hops: int, stops: set[str]
) -> dict[str, tuple[float, list[GraphEdge]]]:
    """The strongest path of at most `hops` links from `start` to every entity reached, not
    passing through `stops` (designated entities) or through any entity twice."""
    adjacent: dict[str, list[GraphEdge]] = {}
    for edge in edges:
        adjacent.setdefault(edge.source, []).append(edge)
        adjacent.setdefault(edge.target, []).append(edge)
    best: dict[str, tuple[float, list[GraphEdge]]] = {start: (1.0, [])}
    frontier = {start}
    for depth in range(hops):
        reached: dict[str, tuple[float, list[GraphEdge]]] = {}
        for node in frontier:
            weight, path = best[node]
            if node in stops and node != start:
                continue
            visited = {start} | {e.source for e in path} | {e.target for e in path}
            for edge in adjacent.get(node, []):
                other = edge.other(node)
                if other in visited:
                    continue
                w = weight * edge_weight(edge) * (HOP_DECAY if depth else 1.0)
                if w <= 0:
                    continue
                if w > max(best.get(other, (0.0, []))[0], reached.get(other, (0.0, []))[0]):
                    reached[other] = (w, [*path, edge])
        best.update(reached)
        frontier = set(reached)
    return best


def why(start: str, path: list[GraphEdge], node: GraphNode, info: dict[str, GraphNode]) -> str:
    lists = ", ".join(f"{d} ({s})" for d, s in node.listings)
    hops = []
    here = start
    for n, edge in enumerate(path):
        there = edge.other(here)
        arrow = "->" if edge.source == here else "<-"
        decay = f" x {HOP_DECAY} (hop {n + 1})" if n else ""
        hops.append(
            f"{arrow} {info[there].caption if there in info else there}: {edge_reason(edge)}{decay}"
        )
        here = there
    return f"{node.caption} is designated on {lists}; " + "; ".join(hops)


def exposure(store: Store, principal: Principal, ref: str, hops: int = 3) -> GraphResult:
    check_hops(hops)
    start = resolve(store, principal, ref)
    found, truncated = store.graph_walk(principal, start, hops, FOLLOWED, MAX_NODES)
    info = store.graph_nodes(principal, found)
    edges = [e for e in store.graph_edges_among(principal, info, FOLLOWED) if e.hedge != "denied"]
    stops = {n for n, node in info.items() if node.designated}
    best = best_paths(start, edges, hops, stops)
    explanation: list[dict[str, Any]] = []
    used: list[GraphEdge] = []
    me = info.get(start)
    if me is not None and me.designated:
        lists = ", ".join(f"{d} ({s})" for d, s in me.listings)
        explanation.append(
            {
                "designated": node_dict(me, 0),
                "path": [],
                "weight": 1.0,
                "why": f"{me.caption} is itself designated on {lists}",
            }
        )
    for node_id in sorted(stops - {start}):
        if node_id not in best:
            continue
        weight, path = best[node_id]
        used.extend(path)
        explanation.append(
            {
                "designated": node_dict(info[node_id], len(path)),
                "path": [edge_dict(e) for e in path],
                "weight": round(weight, 4),
                "why": why(start, path, info[node_id], info),
            }
        )
    explanation.sort(key=lambda x: (-x["weight"], x["designated"]["id"]))
    remaining = 1.0
    for entry in explanation:
        remaining *= 1.0 - entry["weight"]
    data = {
        "entity": start,
        "caption": me.caption if me else start,
        "hops": hops,
        "score": round(1.0 - remaining, 4),
        "designated": bool(me and me.designated),
        "explanation": explanation,
        "truncated": truncated,
        "method": (
            "1 - prod(1 - w) over designated entities within the hops; w = product over the "
            f"best path of relation x hedge x confidence x stake weights, x {HOP_DECAY} per "
            "hop after the first; denied links carry nothing"
        ),
    }
    nodes = [info[n] for n in {start} | {x["designated"]["id"] for x in explanation} if n in info]
    return GraphResult(data, _markings(nodes, used))
