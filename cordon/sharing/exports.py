"""Exports of contributed items: FtM JSON lines (with cordon's marking and hedge per value)
and STIX 2.1 bundles. The caller passes only items the reader may read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cordon.sharing import stix
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


def stix_bundle(items: Iterable[Item], identity: stix.NodeIdentity) -> dict[str, Any]:
    """The items as one STIX 2.1 bundle authored by this node; ids are the items' own."""
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
    )
