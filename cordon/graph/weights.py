"""How much a link transmits exposure to a designated entity, by relation and hedge.

Risk comes only from official designations and evidence-backed links: these weights are the
whole of the exposure model, shown in every explanation. A denied link transmits nothing, an
alleged one less than a reported one; a link's confidence (0-100) scales it too.
"""

from __future__ import annotations

from cordon.store.graph import GraphEdge

RELATION_WEIGHTS: dict[str, float] = {
    "ownership": 1.0,
    "control": 1.0,
    "succession": 0.9,
    "directorship": 0.8,
    "operator": 0.8,
    "representation": 0.7,
    "unknown_link": 0.6,  # OFAC "Linked To": the designation itself states the link
    "family": 0.6,
    "membership": 0.6,
    "associate": 0.5,
    "employment": 0.5,
    "payment": 0.4,
    "debt": 0.3,
    "contract_award": 0.3,
}
DEFAULT_RELATION_WEIGHT = 0.3
HEDGE_WEIGHTS: dict[str, float] = {"asserted": 1.0, "reported": 0.8, "alleged": 0.4, "denied": 0.0}
# Each hop after the first transmits this much of what reached it.
HOP_DECAY = 0.7


def ownership_factor(edge: GraphEdge) -> float:
    """A stake's size matters: 100 % transmits fully, a small stake half (unknown: 0.75)."""
    if edge.relation != "ownership":
        return 1.0
    if edge.percentage is None:
        return 0.75
    return 0.5 + edge.percentage / 200


def edge_weight(edge: GraphEdge) -> float:
    return (
        RELATION_WEIGHTS.get(edge.relation, DEFAULT_RELATION_WEIGHT)
        * HEDGE_WEIGHTS.get(edge.hedge, 0.0)
        * edge.confidence
        / 100
        * ownership_factor(edge)
    )


def edge_reason(edge: GraphEdge) -> str:
    """One hop of an explanation: '<relation> (<hedge>, confidence n) x0.60'."""
    parts = [f"{edge.relation.replace('_', ' ')} {RELATION_WEIGHTS.get(edge.relation, 0.3):.2f}"]
    parts.append(f"{edge.hedge} {HEDGE_WEIGHTS.get(edge.hedge, 0.0):.2f}")
    if edge.confidence != 100:
        parts.append(f"confidence {edge.confidence / 100:.2f}")
    if edge.relation == "ownership":
        share = "unknown share" if edge.percentage is None else f"{edge.percentage:g} %"
        parts.append(f"{share} {ownership_factor(edge):.2f}")
    return f"{edge.label} ({' x '.join(parts)} = {edge_weight(edge):.2f})"
