"""The API's shapes for nodes and edges (the UI and the CLI build on exactly these)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cordon.model.markings import Marking
from cordon.policy import most_restrictive
from cordon.store.graph import GraphEdge, GraphNode


def node_dict(node: GraphNode, hops: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": node.id,
        "caption": node.caption,
        "schema": node.schema,
        "designated": node.designated,
        "datasets": list(node.datasets),
        "source_ids": list(node.source_ids),
    }
    if node.designated:
        data["listings"] = [{"dataset": d, "source_id": s} for d, s in node.listings]
    if hops is not None:
        data["hops"] = hops
    return data


def evidence_dict(edge: GraphEdge) -> dict[str, Any]:
    data: dict[str, Any] = {"source": edge.dataset}
    if edge.document_id:
        data["document_id"] = edge.document_id
        if edge.span is not None:
            data["span"] = list(edge.span)
    if edge.source_id:
        data["record_id"] = edge.source_id
    data["statement_ids"] = list(edge.statement_ids)
    data["marking"] = edge.marking.label
    return data


def edge_dict(edge: GraphEdge, also: Iterable[GraphEdge] = ()) -> dict[str, Any]:
    """One link; `also` are other sources stating the same link the same way (one edge with
    several pieces of evidence)."""
    every = [edge, *also]
    data: dict[str, Any] = {
        "id": edge.id,
        "source": edge.source,
        "target": edge.target,
        "relation": edge.relation,
        "label": edge.label,
        "hedge": edge.hedge,
        "marking": edge.marking.label,
        "confidence": edge.confidence,
        "schema": edge.schema,
    }
    if edge.percentage is not None:
        data["percentage"] = edge.percentage
    if edge.start_date:
        data["start_date"] = edge.start_date
    if edge.end_date:
        data["end_date"] = edge.end_date
    data["evidence"] = [evidence_dict(e) for e in every]
    return data


def merged_edges(edges: Iterable[GraphEdge]) -> list[dict[str, Any]]:
    """Edges stating the same link in the same way under the same marking become one edge
    with every source as evidence; a different hedge or marking stays a separate edge, so a
    hedged claim is never folded into an asserted one."""
    groups: dict[tuple, list[GraphEdge]] = {}
    for edge in edges:
        key = (
            edge.source,
            edge.target,
            edge.relation,
            edge.label,
            edge.hedge,
            edge.percentage,
            edge.marking,
        )
        groups.setdefault(key, []).append(edge)
    result = []
    for group in groups.values():
        group.sort(key=lambda e: e.id)
        result.append(edge_dict(group[0], group[1:]))
    return result


def result_marking(markings: Iterable[Marking]) -> Marking | None:
    """The marking a derived result carries: the most restrictive of its inputs."""
    items = list(markings)
    return most_restrictive(items) if items else None
