"""Customer-file resolution: rows of one file that are the same party, and rows that are a
listed designee, as clusters with the evidence for every link.

The rules are cross-list resolution's (`cordon.screening.resolve.judge`), applied to the rows
of a file: the same passport with a close name, a near-identical person name with the same
full birth date, an identical organisation or vessel name (legal form and hull number
included) without a conflicting country; scores come from the screening scorer
(`score_target`), so a link is explained exactly as a screening hit is. A row is linked to a
designee the same way, never merely because it screened as a hit: a hit is a lead for a
human, a link says "the same party".

Candidate pairs come from blocks: rows sharing a name token, a Korean phonetic key, joined
given names (the index's own `terms`) or an identifier. Blocks larger than `MAX_BLOCK` (a
common surname) make no pairs on their own; rows in them still meet through rarer tokens.

This module is engine-free: `dedupe()` runs it in-process; `cordon.screening.spark_resolve`
runs the same functions on Spark, and both give the same clusters.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from cordon.names import vessels
from cordon.screening.clusters import Clusters
from cordon.screening.engine import Screener
from cordon.screening.forms import forms, kind_of
from cordon.screening.index import clean_number, terms
from cordon.screening.inputs import InputRow
from cordon.screening.model import SCHEMA_ALIASES, Query
from cordon.screening.resolve import judge
from cordon.screening.scorer import score_target
from cordon.screening.targets import Target

MAX_BLOCK = 100  # rows sharing a key; beyond this the key is too common to pair on
ROW = "row:"


@dataclass(frozen=True, slots=True)
class Party:
    """One screenable row of the file."""

    row: int
    query: Query

    @property
    def node(self) -> str:
        return f"{ROW}{self.row}"

    def to_json(self) -> str:
        return json.dumps([self.row, asdict(self.query)], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Party:
        row, data = json.loads(text)
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return cls(row, Query(**fields))


def parties(rows: Iterable[InputRow]) -> Iterator[Party]:
    """Rows that can be compared (an unreadable row links to nothing)."""
    for row in rows:
        if isinstance(row.item, Query):
            yield Party(row.number, row.item)


def schema_of(query: Query) -> str:
    schema = SCHEMA_ALIASES.get(query.schema.lower(), query.schema) if query.schema else ""
    return schema or "LegalEntity"


def target_of(party: Party) -> Target:
    """The row as the scorer sees a listed designee, so two rows compare like a hit."""
    query = party.query
    schema = schema_of(query)
    kind = kind_of(schema)
    target = Target(id=party.node, schema=schema, caption=query.names[0] if query.names else "")
    for name in query.names:
        target.names.extend(forms(name, kind))
    target.birth_dates.update(d for d in query.birth_dates if d[:4].isdigit())
    target.countries.update(c.lower() for c in query.countries)
    target.imo.update(i for i in (vessels.clean_imo(v) for v in query.imo) if i)
    target.passports.update(n for n in (clean_number(p) for p in query.passports) if n)
    target.identifiers.update(
        n for n in (clean_number(i) for i in query.identifiers) if len(n) >= 5
    )
    target.primary.update(query.names)
    target.members.add(party.node)
    return target


def block_keys(party: Party, screener: Screener) -> set[str]:
    """What a row is found by: the index's terms of each name form (per kind) and its
    identifiers."""
    prepared = screener.prepare(party.query)
    keys = {f"{form.kind}:{term}" for form in prepared.forms for term in terms(form)}
    keys.update(f"imo:{n}" for n in prepared.imo)
    keys.update(f"passport:{n}" for n in prepared.passports)
    keys.update(f"id:{n}" for n in prepared.identifiers)
    return keys


def pairs_of(block: list[int]) -> Iterator[tuple[int, int]]:
    """Ordered pairs (lower row first) of a block small enough to pair."""
    if not 2 <= len(block) <= MAX_BLOCK:
        return
    rows = sorted(set(block))
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            yield a, b


def link(left: str, right: str, verdict: tuple[str, int, dict]) -> dict[str, Any]:
    method, score, evidence = verdict
    return {"left": left, "right": right, "method": method, "score": score, "evidence": evidence}


def compare(a: Party, b: Party, screener: Screener) -> dict[str, Any] | None:
    """The link between two rows (the lower row as the query), or None."""
    left, right = target_of(a), target_of(b)
    weights = screener.index.weights
    names = [(f, False, tuple(weights.get(t, 1.0) for t in f.tokens)) for f in right.names]
    score, evidence = score_target(screener.prepare(a.query), right, names)
    if score <= 0.0:
        return None
    verdict = judge(left, right, score, evidence.features())
    return link(a.node, b.node, verdict) if verdict is not None else None


def list_links(party: Party, screener: Screener) -> list[dict[str, Any]]:
    """Links from a row to designees: screened, then judged by resolution's rules."""
    found = []
    left = target_of(party)
    for match in screener.match(party.query, threshold=0.0, limit=5):
        target = screener.index.targets[screener.position(match.entity_id)]
        verdict = judge(left, target, match.score, match.explanation)
        if verdict is not None:
            found.append(link(party.node, target.id, verdict))
    return found


def clusters(
    links: Iterable[dict[str, Any]], rows: dict[int, Party], screener: Screener
) -> list[dict[str, Any]]:
    """Connected rows and designees, each cluster with its members and the links' evidence,
    ordered by the cluster's first row."""
    uf = Clusters()
    by_root: dict[str, list[dict[str, Any]]] = defaultdict(list)
    links = sorted(links, key=lambda item: (item["left"], item["right"]))
    for item in links:
        uf.union(item["left"], item["right"])
    for item in links:
        by_root[uf.find(item["left"])].append(item)
    out = []
    for items in by_root.values():
        nodes = {n for item in items for n in (item["left"], item["right"])}
        row_numbers = sorted(int(n[len(ROW) :]) for n in nodes if n.startswith(ROW))
        entities = sorted(n for n in nodes if not n.startswith(ROW))
        out.append(
            {
                "cluster": f"{ROW}{row_numbers[0]}",
                "size": len(nodes),
                "rows": [row_summary(rows[r]) for r in row_numbers],
                "entities": [entity_summary(screener, e) for e in entities],
                "links": items,
            }
        )
    out.sort(key=lambda c: int(c["cluster"][len(ROW) :]))
    return out


def row_summary(party: Party) -> dict[str, Any]:
    q = party.query
    return {"row": party.row, "id": q.id, "schema": schema_of(q), "names": list(q.names)}


def entity_summary(screener: Screener, entity_id: str) -> dict[str, Any]:
    target = screener.index.targets[screener.position(entity_id)]
    return {
        "entity_id": target.id,
        "caption": target.caption,
        "schema": target.schema,
        "datasets": sorted(target.datasets),
        "source_ids": sorted(target.source_ids),
    }


def dedupe(rows: Iterable[InputRow], screener: Screener) -> list[dict[str, Any]]:
    """The whole job in-process: blocks, pair comparisons, links to the lists, clusters."""
    by_row = {p.row: p for p in parties(rows)}
    blocks: dict[str, list[int]] = defaultdict(list)
    links: list[dict[str, Any]] = []
    for party in by_row.values():
        for key in block_keys(party, screener):
            blocks[key].append(party.row)
        links.extend(list_links(party, screener))
    pairs = {pair for block in blocks.values() for pair in pairs_of(block)}
    for a, b in sorted(pairs):
        found = compare(by_row[a], by_row[b], screener)
        if found is not None:
            links.append(found)
    return clusters(links, by_row, screener)


def encode(cluster: dict[str, Any]) -> str:
    return json.dumps(cluster, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
