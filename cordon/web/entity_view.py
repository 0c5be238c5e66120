"""What the entity page shows, worked out from the entity and the entities published with it.

The lists publish a designee's sanctions, addresses and identity documents as entities of their
own (FollowTheMoney `Sanction`, `Address`, `Passport`...) in the same source record; here they
become the page's designations, addresses and identifiers. Every value keeps the statement it
came from, so the page can show its source, marking and hedge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from followthemoney import model, registry

from cordon.model.entities import Entity
from cordon.model.statements import Statement
from cordon.policy import most_restrictive

NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
SANCTION_FIELDS = (
    "authority",
    "program",
    "programId",
    "provisions",
    "reason",
    "listingDate",
    "startDate",
    "endDate",
    "status",
    "unscId",
    "sourceUrl",
)
DOCUMENT_SCHEMAS = ("Passport", "Identification")
RELATION_SKIP = ("Sanction", "Address", "Passport", "Identification")


@dataclass(slots=True)
class Designation:
    entity_id: str
    dataset: str
    source_id: str
    fields: dict[str, list[str]]
    delisted_on: str | None
    marking: str


@dataclass(slots=True)
class Relation:
    entity_id: str
    caption: str
    schema: str
    role: str
    other_ids: list[str]
    marking: str
    hedge: str


@dataclass(slots=True)
class EntityView:
    entity: Entity
    names: list[Statement] = field(default_factory=list)
    identifiers: list[tuple[str, str, Statement]] = field(default_factory=list)  # label, value
    designations: list[Designation] = field(default_factory=list)
    addresses: list[tuple[str, Statement]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    facts: list[Statement] = field(default_factory=list)  # everything else, for the table


def _label(schema: str, prop: str) -> str:
    found = model.get(schema)
    p = found.get(prop) if found is not None else None
    return p.label if p is not None else prop


def _first_statement(entity: Entity, prop: str) -> Statement | None:
    return next((s for s in entity.statements if s.prop == prop), None)


def build(entity: Entity, adjacent: list[Entity], captions: dict[str, str]) -> EntityView:
    view = EntityView(entity=entity)
    schema = model.get(entity.schema)
    for stmt in entity.statements:
        prop = schema.get(stmt.prop) if schema is not None else None
        if stmt.prop in NAME_PROPS:
            view.names.append(stmt)
        elif prop is not None and prop.type == registry.identifier:
            view.identifiers.append((_label(entity.schema, stmt.prop), stmt.value, stmt))
        if stmt.source.document_id and stmt.source.document_id not in view.documents:
            view.documents.append(stmt.source.document_id)
    view.facts = list(entity.statements)
    for other in adjacent:
        _place(view, entity, other, captions)
    view.designations.sort(key=lambda d: (d.delisted_on is not None, d.dataset, d.source_id))
    return view


def _place(view: EntityView, entity: Entity, other: Entity, captions: dict[str, str]) -> None:
    marking = _marking(other)
    if other.schema == "Sanction":
        if entity.id not in other.values("entity"):
            return
        source_id = other.source_ids[0] if other.source_ids else other.id
        fields = {f: other.values(f) for f in SANCTION_FIELDS if other.values(f)}
        delisted = entity.delisted_on.get(source_id)
        view.designations.append(
            Designation(
                other.id,
                ", ".join(other.datasets),
                source_id,
                fields,
                delisted.isoformat() if delisted else None,
                marking,
            )
        )
    elif other.schema == "Address":
        stmt = _first_statement(other, "full")
        if stmt is not None:
            view.addresses.append((other.caption, stmt))
    elif other.schema in DOCUMENT_SCHEMAS:
        number = _first_statement(other, "number")
        if number is None:
            return
        kind = ", ".join(other.values("type")) or other.schema
        country = ", ".join(other.values("country"))
        label = f"{kind} ({country})" if country else kind
        view.identifiers.append((label, number.value, number))
    else:
        refs = [
            v
            for s in other.statements
            if _is_reference(other.schema, s.prop)
            for v in [s.value]
            if v != entity.id
        ]
        hedges = sorted({s.hedge.value for s in other.statements})
        role = ", ".join(other.values("role") or other.values("relationship")) or other.schema
        view.relations.append(
            Relation(
                other.id,
                other.caption if other.caption != other.id else other.schema,
                other.schema,
                role,
                refs,
                marking,
                "/".join(hedges),
            )
        )


def _is_reference(schema: str, prop: str) -> bool:
    found = model.get(schema)
    p = found.get(prop) if found is not None else None
    return p is not None and p.type == registry.entity


def _marking(entity: Entity) -> str:
    """A whole adjacent entity shows the most restrictive marking of its statements."""
    return most_restrictive([s.marking for s in entity.statements]).label


def reference_ids(adjacent: list[Entity], entity_id: str) -> list[str]:
    """Entities the adjacent relationships point at (for their captions)."""
    found = {
        s.value
        for other in adjacent
        if other.schema not in RELATION_SKIP
        for s in other.statements
        if _is_reference(other.schema, s.prop) and s.value != entity_id
    }
    return sorted(found)


def as_dict(view: EntityView) -> dict[str, Any]:
    return {
        "designations": [d.__dict__ for d in view.designations],
        "documents": view.documents,
    }
