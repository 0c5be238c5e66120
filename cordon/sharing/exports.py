"""Exports of contributed items: FtM JSON lines (with cordon's marking and hedge per value)
and STIX 2.1 bundles. The caller passes only items the reader may read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from followthemoney import model, registry

from cordon.policy import Principal
from cordon.sharing import stix
from cordon.sharing.contributions import item_id
from cordon.store import Store
from cordon.store.items import Item


def ftm_lines(items: Iterable[Item]) -> str:
    """One FtM entity per item; hedges and the marking ride in the `cordon` member."""
    lines = []
    for item in items:
        props: dict[str, list[str]] = {}
        hedges: dict[str, dict[str, str]] = {}
        for s in item.statements:
            props.setdefault(s.prop, []).append(s.value)
            if s.hedge.value != "asserted":
                hedges.setdefault(s.prop, {})[s.value] = s.hedge.value
        record = {
            "id": item.entity_id,
            "schema": item.schema,
            "properties": props,
            "cordon": {
                "item": item.id,
                "marking": item.marking.label,
                "hedges": hedges,
                "modified_at": item.modified_at.isoformat(),
            },
        }
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines) + ("\n" if lines else "")


def stix_bundle(
    items: Iterable[Item], identity: stix.NodeIdentity, store: Store, principal: Principal
) -> dict[str, Any]:
    """The items as one STIX 2.1 bundle authored by this node; ids are the items' own.

    Relationship and note ends point at the end entity's item under the same marking when the
    reader has it (it has exactly the edge's readers), else at the entity's deterministic id,
    so one object reads the same in every page, export and feed it appears in.
    """
    items = list(items)
    return stix.to_bundle(
        [
            stix.StixItem(
                item_id=item.id,
                entity_id=item.entity_id,
                schema=item.schema,
                statements=item.statements,
                modified=item.modified_at,
                created=item.created_at,
            )
            for item in items
        ],
        identity,
        refs=end_refs(items, store, principal),
    )


def end_refs(items: list[Item], store: Store, principal: Principal) -> dict[str, str]:
    candidates: dict[str, str] = {}
    for item in items:
        schema = model.get(item.schema)
        if schema is None or stix.stix_type(item.schema) == "identity":
            continue
        for statement in item.statements:
            prop = schema.get(statement.prop)
            if prop is not None and prop.type == registry.entity:
                end = statement.value
                candidates[end] = item_id("identity", item.marking.originator, end, item.marking)
    found = {i.id for i in store.items(principal, ids=sorted(set(candidates.values())))}
    return {
        end: cid if cid in found else stix.entity_stix_id(end) for end, cid in candidates.items()
    }
