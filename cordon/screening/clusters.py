"""Clusters of entity ids judged to be one designee, and merging their screening targets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from cordon.policy import Principal
from cordon.screening.targets import Target
from cordon.store import Store

# Which record id names a merged cluster: the most authoritative list first.
DATASET_PRIORITY = (
    "un_sc_sanctions",
    "us_ofac_sdn",
    "us_ofac_cons",
    "eu_fsf",
    "gb_hmt_sanctions",
    "gb_fcdo_sanctions",
)


@dataclass
class Clusters:
    """Union-find over entity ids; `canonical` names each cluster by its best member."""

    parent: dict[str, str] = field(default_factory=dict)

    def find(self, item: str) -> str:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent.get(item, item)
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self, items: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in items:
            out[self.find(item)].append(item)
        return out


def priority(target: Target) -> tuple[int, str]:
    ranks = [DATASET_PRIORITY.index(d) for d in target.datasets if d in DATASET_PRIORITY]
    return (min(ranks) if ranks else len(DATASET_PRIORITY), target.id)


def judged_same(store: Store, principal: Principal) -> Clusters:
    """The active 'same' judgements as clusters (minus any pair an analyst judged different)."""
    active = store.resolutions(principal)
    different = {(r.left_id, r.right_id) for r in active if r.judgement == "different"}
    different |= {(b, a) for a, b in different}
    uf = Clusters()
    for r in active:
        if r.judgement == "same" and (r.left_id, r.right_id) not in different:
            uf.union(r.left_id, r.right_id)
    return uf


def clusters(store: Store, principal: Principal, targets: list[Target]) -> dict[str, str]:
    """entity id -> canonical entity id of its cluster."""
    uf = judged_same(store, principal)
    by_id = {t.id: t for t in targets}
    canonical = {}
    for members in uf.groups(by_id.keys() & uf.parent.keys() | set(uf.parent.values())).values():
        present = [by_id[m] for m in members if m in by_id]
        if len(present) < 2:
            continue
        head = min(present, key=priority).id
        for member in present:
            canonical[member.id] = head
    return canonical


def merge_targets(targets: list[Target], canonical: dict[str, str]) -> list[Target]:
    """One target per cluster, named by its canonical member, holding every member's facts."""
    merged: dict[str, Target] = {}
    out: list[Target] = []
    for target in targets:
        head = canonical.get(target.id)
        if head is None:
            out.append(target)
            continue
        into = merged.get(head)
        if into is None:
            into = merged[head] = Target(id=head, schema=target.schema, caption=target.caption)
            out.append(into)
        into.absorb(target, is_head=target.id == head)
    return out
