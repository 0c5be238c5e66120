"""Aggregated ownership under OFAC's 50 % rule, with the chains that explain it.

OFAC blocks any entity owned 50 % or more, directly or indirectly, individually or in the
aggregate, by one or more blocked persons. "Indirectly" follows blocked intermediaries: an
entity that is itself blocked by the rule is a blocked person whose whole stake counts (blocked X
owns 50 % of A, A owns 50 % of B: B is blocked). So the store's ownership links above the entity
are read bottom-up to a fixed point: designated entities are blocked, and so is every entity
whose blocked owners' stakes sum to the threshold; the entity's blocked share is the sum of its
blocked direct owners' stakes. Each counted stake comes with a chain from a designated owner
down to the entity, and the look-through share (the stakes multiplied along that chain) for
comparison with regimes that look through instead.

Only current, stated stakes count: ended ownerships and denied ones are left out, an alleged
stake is reported apart (`alleged_share`) rather than counted, and a blocked owner's stake of
unknown size is listed for review without a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cordon.graph.filters import resolve
from cordon.graph.neighbourhood import GraphResult, _markings
from cordon.graph.views import edge_dict, node_dict
from cordon.model.statements import Hedge
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.graph import GraphEdge, GraphNode

THRESHOLD = 0.5
COUNTED = (Hedge.ASSERTED.value, Hedge.REPORTED.value)


@dataclass(frozen=True, slots=True)
class Stake:
    """One owner's stake in one entity, as the strongest of the edges stating it."""

    owner: str
    asset: str
    share: float | None  # 0-1, None when no source states a percentage
    counted: bool  # asserted or reported (alleged stakes are reported, not counted)
    edge: GraphEdge


def stakes(edges: list[GraphEdge]) -> dict[str, list[Stake]]:
    """Per asset, one stake per owner: several sources stating the same ownership are one stake
    (the firmest hedge, then the largest stated share), never added twice."""
    best: dict[tuple[str, str], Stake] = {}
    for edge in edges:
        counted = edge.hedge in COUNTED
        share = None if edge.percentage is None else edge.percentage / 100
        stake = Stake(edge.source, edge.target, share, counted, edge)
        key = (edge.source, edge.target)
        old = best.get(key)
        if old is None or (counted, share or 0.0) > (old.counted, old.share or 0.0):
            best[key] = stake
    per_asset: dict[str, list[Stake]] = {}
    for stake in best.values():
        per_asset.setdefault(stake.asset, []).append(stake)
    return per_asset


def blocked_set(per_asset: dict[str, list[Stake]], designated: set[str]) -> dict[str, float]:
    """Every blocked entity with its blocked share (1.0 for the designated): a fixed point,
    since an entity blocked by the rule can tip the entities it owns over the threshold."""
    blocked = {n: 1.0 for n in designated}
    changed = True
    while changed:
        changed = False
        for asset, owned in per_asset.items():
            if asset in blocked:
                continue
            share = sum(s.share or 0.0 for s in owned if s.counted and s.owner in blocked)
            if share >= THRESHOLD - 1e-9:
                blocked[asset] = share
                changed = True
    return blocked


def chain_to(
    owner: str, per_asset: dict[str, list[Stake]], blocked: dict[str, float], designated: set[str]
) -> list[Stake]:
    """Why `owner` is blocked: the stakes from a designated entity down to it, taking at each
    level the largest counted stake of a blocked owner (no entity twice)."""
    chain: list[Stake] = []
    here, seen = owner, {owner}
    while here not in designated:
        candidates = [
            s
            for s in per_asset.get(here, [])
            if s.counted and s.owner in blocked and s.owner not in seen
        ]
        if not candidates:
            break
        step = max(candidates, key=lambda s: (s.share or 0.0, s.owner))
        chain.insert(0, step)
        here = step.owner
        seen.add(here)
    return chain


def ownership(store: Store, principal: Principal, ref: str) -> GraphResult:
    entity = resolve(store, principal, ref)
    edges = store.graph_owners(principal, entity)
    ids = {entity} | {e.source for e in edges} | {e.target for e in edges}
    info = store.graph_nodes(principal, ids)
    edges = [e for e in edges if e.source in info and e.target in info]
    per_asset = stakes(edges)
    designated = {n for n, node in info.items() if node.designated}
    blocked = blocked_set(per_asset, designated)
    chains, used = [], []
    share = alleged = 0.0
    review = []
    for stake in sorted(per_asset.get(entity, []), key=lambda s: (-(s.share or 0.0), s.owner)):
        if stake.owner not in blocked:
            continue
        above = chain_to(stake.owner, per_asset, blocked, designated)
        links = [*above, stake]
        used.extend(s.edge for s in links)
        look_through = 1.0
        for s in links:
            look_through *= s.share if s.share is not None else 0.0
        if stake.share is None:
            review.append(stake.owner)
        elif stake.counted:
            share += stake.share
        else:
            alleged += stake.share
        chains.append(_chain_dict(links, stake, look_through, info))
    me = info.get(entity)
    data = {
        "entity": entity,
        "caption": me.caption if me else entity,
        "blocked_share": round(share, 6),
        "blocked": share >= THRESHOLD - 1e-9 or bool(me and me.designated),
        "designated": bool(me and me.designated),
        "threshold": THRESHOLD,
        "alleged_share": round(alleged, 6),
        "unknown_share_owners": review,
        "chains": chains,
        "owners_considered": len(ids) - 1,
    }
    # every stake read decides who is blocked, so every one is an input of the result
    return GraphResult(data, _markings(info.values(), edges))


def _chain_dict(
    links: list[Stake], stake: Stake, look_through: float, info: dict[str, GraphNode]
) -> dict[str, Any]:
    owners = [links[0].owner] + [s.asset for s in links[:-1]]
    return {
        "owners": [node_dict(info[o]) for o in owners if o in info],
        "share": stake.share,
        "counted": stake.counted and stake.share is not None,
        "hedge": stake.edge.hedge,
        "look_through_share": round(look_through, 6) if stake.share is not None else None,
        "edges": [edge_dict(s.edge) for s in links],
        "why": _why(links, info),
    }


def _why(links: list[Stake], info: dict[str, GraphNode]) -> str:
    def name(n: str) -> str:
        return info[n].caption if n in info else n

    def pct(s: Stake) -> str:
        return "an unknown share" if s.share is None else f"{s.share * 100:g} %"

    root = links[0].owner
    lists = ", ".join(f"{d} ({s})" for d, s in info[root].listings) if root in info else ""
    text = [f"{name(root)} is designated ({lists})" if lists else f"{name(root)} is blocked"]
    for s in links:
        hedge = "" if s.edge.hedge == "asserted" else f" ({s.edge.hedge})"
        text.append(f"owns {pct(s)} of {name(s.asset)}{hedge}")
    return ", which ".join(text)
