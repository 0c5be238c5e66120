"""Readable names for what the lists and partners publish without one: a relationship
(Ownership, Directorship, UnknownLink...) is shown as "Ownership: A → B"."""

from __future__ import annotations

from followthemoney import model

from cordon.model.entities import Entity
from cordon.policy import Principal
from cordon.store import Store


def ends(entity: Entity) -> tuple[str | None, str | None]:
    schema = model.get(entity.schema)
    if schema is None or not schema.edge:
        return None, None
    source = entity.values(schema.edge_source)[:1] if schema.edge_source else []
    target = entity.values(schema.edge_target)[:1] if schema.edge_target else []
    return (source[0] if source else None), (target[0] if target else None)


def captions(store: Store, principal: Principal, entities: list[Entity]) -> dict[str, str]:
    """Entity id -> caption, relationships named by their (visible) ends."""
    found = {e.id: e.caption for e in entities}
    wanted = sorted({x for e in entities for x in ends(e) if x and x not in found})
    found.update({e.id: e.caption for e in store.entities(principal, wanted)} if wanted else {})
    for e in entities:
        source, target = ends(e)
        if source or target:
            label = model.get(e.schema).label  # type: ignore[union-attr]
            found[e.id] = (
                f"{label}: {found.get(source or '', '?')} → {found.get(target or '', '?')}"
            )
    return found
