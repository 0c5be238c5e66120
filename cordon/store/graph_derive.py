"""Edges from statements: which facts are links, and how one source's statements of a
relationship become one edge with its evidence, marking and hedge.

Two kinds of facts are links:

- FollowTheMoney relationship entities (Ownership, Directorship, Family, Associate, UnknownLink,
  Membership, Employment, Representation, ...): their source and target ends as stated by one
  source (list record, contributed item or document) under one marking form an edge, carrying
  that source's percentage, role and dates. Lists, accepted document claims and analysts'
  contributions all arrive like this.
- Entity-valued properties that are links in their own right: a vessel's or aircraft's owner and
  operator, a legal entity's parent.

An edge is as firm as its weakest end: an owner that is only alleged makes an alleged ownership.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from followthemoney import model

from cordon.model.statements import Hedge

# Relationship schemas that are not links between parties (a case, a post, a project, a document)
NOT_LINKS = frozenset({"Documentation", "CourtCaseParty", "Occupancy", "ProjectParticipant"})

# Entity-valued properties read as links: prop -> (relation, label). The property's holder is
# the target (the vessel, the subsidiary); its value the source (the owner, operator, parent).
LINK_PROPS: dict[str, tuple[str, str]] = {
    "owner": ("ownership", "owns"),
    "operator": ("operator", "operates"),
    "parent": ("ownership", "parent of"),
}

# Properties of a relationship kept on its edge.
EDGE_DETAIL = ("percentage", "role", "relationship", "startDate", "endDate")

HEDGE_ORDER = [Hedge.ASSERTED, Hedge.REPORTED, Hedge.ALLEGED, Hedge.DENIED]


def relation_of(schema: str) -> str:
    """`UnknownLink` -> `unknown_link`: the API's name for a relationship schema."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", schema).lower()


def link_schemas() -> list[str]:
    """Every FtM relationship schema cordon reads as a link between two parties."""
    return sorted(
        s.name
        for s in model.schemata.values()
        if s.edge and not s.abstract and s.name not in NOT_LINKS
    )


RELATIONS: dict[str, str] = {relation_of(s): s for s in link_schemas()}
RELATIONS.update({"operator": "Vessel"})


def weakest(hedges: Iterable[str]) -> str:
    return max(hedges, key=lambda h: HEDGE_ORDER.index(Hedge(h)))


def parse_percentage(text: str | None) -> float | None:
    """'51', '51%', '50,5 %', '0.51'? -> a share in percent; None when not a number in 0-100."""
    if not text:
        return None
    match = re.search(r"\d+(?:[.,]\d+)?", text)
    if match is None:
        return None
    value = float(match.group(0).replace(",", "."))
    return value if 0 <= value <= 100 else None


def edge_id(*parts: Any) -> str:
    return hashlib.sha1(
        "\x1f".join("" if p is None else str(p) for p in parts).encode()
    ).hexdigest()


def _evidence_key(row: Any) -> tuple:
    return (row.dataset, row.source_id, row.document_id, row.marking_key)


def edges_from_entity(rows: list[Any]) -> list[dict[str, Any]]:
    """The edge rows stated by the current statements `rows` of one entity in one dataset.

    Each row needs: id, entity_id, schema, prop, value, dataset, source_id, document_id,
    span_start, span_end, marking_key, hedge, confidence.
    """
    if not rows:
        return []
    schema = model.get(rows[0].schema)
    if schema is None:
        return []
    if schema.edge and not schema.abstract and schema.name not in NOT_LINKS:
        return _relationship_edges(schema, rows)
    return _property_edges(schema.name, rows)


def _relationship_edges(schema: Any, rows: list[Any]) -> list[dict[str, Any]]:
    groups: dict[tuple, list[Any]] = {}
    for row in rows:
        groups.setdefault(_evidence_key(row), []).append(row)
    edges = []
    for group in groups.values():
        ends = [r for r in group if r.prop == schema.edge_source]
        others = [r for r in group if r.prop == schema.edge_target]
        detail = {p: sorted(r.value for r in group if r.prop == p) for p in EDGE_DETAIL}
        label = "; ".join(detail["role"] + detail["relationship"]) or schema.edge_label
        percentage = next(
            (p for p in map(parse_percentage, detail["percentage"]) if p is not None), None
        )
        for src in ends:
            for dst in others:
                if src.value == dst.value:
                    continue
                edges.append(
                    _edge(
                        schema.name,
                        relation_of(schema.name),
                        src.entity_id,
                        src.value,
                        dst.value,
                        label,
                        [src, dst],
                        percentage=percentage,
                        start_date=min(detail["startDate"], default=None),
                        end_date=max(detail["endDate"], default=None),
                    )
                )
    return edges


def _property_edges(schema: str, rows: list[Any]) -> list[dict[str, Any]]:
    edges = []
    for row in rows:
        if row.prop not in LINK_PROPS or row.value == row.entity_id:
            continue
        relation, label = LINK_PROPS[row.prop]
        edges.append(_edge(schema, relation, row.entity_id, row.value, row.entity_id, label, [row]))
    return edges


def _edge(
    schema: str,
    relation: str,
    rel_entity: str,
    source: str,
    target: str,
    label: str,
    statements: list[Any],
    **extra: Any,
) -> dict[str, Any]:
    first = statements[0]
    hedge = weakest(r.hedge for r in statements)
    spans = [(r.span_start, r.span_end) for r in statements if r.span_start is not None]
    return {
        "id": edge_id(
            rel_entity,
            source,
            target,
            relation,
            first.dataset,
            first.source_id,
            first.document_id,
            first.marking_key,
            hedge,
        ),
        "source": source,
        "target": target,
        "relation": relation,
        "schema": schema,
        "rel_entity": rel_entity,
        "label": label[:500],
        "percentage": extra.get("percentage"),
        "start_date": extra.get("start_date"),
        "end_date": extra.get("end_date"),
        "hedge": hedge,
        "confidence": min(r.confidence for r in statements),
        "marking_key": first.marking_key,
        "dataset": first.dataset,
        "source_id": first.source_id,
        "document_id": first.document_id,
        "span_start": min(s for s, _ in spans) if spans else None,
        "span_end": max(e for _, e in spans) if spans else None,
        "statement_ids": ",".join(sorted(r.id for r in statements)),
    }
