"""An entity is the aggregation of the statements a reader may see. Built here, never stored."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from followthemoney import model

from cordon.model.statements import Statement

# Properties tried, in order, for a human-readable caption when FtM's own caption props are empty.
_CAPTION_FALLBACK = ("name", "alias", "imoNumber", "full", "number", "program", "role")


@dataclass(slots=True)
class Entity:
    id: str
    schema: str
    statements: list[Statement] = field(default_factory=list)
    delisted_on: dict[str, date] = field(default_factory=dict)  # source id -> date

    @classmethod
    def build(cls, entity_id: str, statements: Iterable[Statement]) -> Entity:
        stmts = sorted(statements, key=lambda s: (s.prop, s.value, s.source.dataset))
        schemas = {s.schema for s in stmts}
        schema = _common_schema(schemas) if schemas else "Thing"
        return cls(id=entity_id, schema=schema, statements=stmts)

    def values(self, prop: str) -> list[str]:
        seen: dict[str, None] = {}
        for stmt in self.statements:
            if stmt.prop == prop and stmt.retracted_at is None:
                seen.setdefault(stmt.value)
        return list(seen)

    @property
    def properties(self) -> dict[str, list[str]]:
        props: dict[str, dict[str, None]] = {}
        for stmt in self.statements:
            if stmt.retracted_at is None:
                props.setdefault(stmt.prop, {}).setdefault(stmt.value)
        return {prop: list(values) for prop, values in sorted(props.items())}

    @property
    def caption(self) -> str:
        schema = model.get(self.schema)
        names = list(schema.caption) if schema is not None else []
        for prop in [*names, *_CAPTION_FALLBACK]:
            values = self.values(prop)
            if values:
                return min(values, key=len) if prop == "name" and len(values) > 3 else values[0]
        return self.id

    @property
    def datasets(self) -> list[str]:
        return sorted({s.source.dataset for s in self.statements})

    @property
    def source_ids(self) -> list[str]:
        return sorted({s.source.record_id for s in self.statements if s.source.record_id})

    def to_dict(self, with_statements: bool = True) -> dict[str, Any]:
        """FollowTheMoney entity JSON, plus cordon's provenance fields."""
        data: dict[str, Any] = {
            "id": self.id,
            "schema": self.schema,
            "caption": self.caption,
            "properties": self.properties,
            "datasets": self.datasets,
            "source_ids": self.source_ids,
        }
        if self.delisted_on:
            data["delisted"] = {k: v.isoformat() for k, v in sorted(self.delisted_on.items())}
        if with_statements:
            data["statements"] = [statement_dict(s) for s in self.statements]
        return data


def _common_schema(schemas: set[str]) -> str:
    """The most specific schema all statements agree on (Organization + Company -> Company)."""
    names = sorted(schemas)
    current = model.get(names[0])
    for name in names[1:]:
        other = model.get(name)
        if current is None or other is None:
            continue
        try:
            current = model.common_schema(current, other)
        except Exception:
            current = model.get("LegalEntity") if current.is_a("LegalEntity") else current
    return current.name if current is not None else names[0]


def statement_dict(stmt: Statement) -> dict[str, Any]:
    src = stmt.source
    data: dict[str, Any] = {
        "id": stmt.key,
        "entity_id": stmt.entity_id,
        "schema": stmt.schema,
        "prop": stmt.prop,
        "value": stmt.value,
        "original_value": stmt.original_value,
        "dataset": src.dataset,
        "dataset_version": src.version,
        "source_id": src.record_id,
        "document_id": src.document_id,
        "span": list(src.span) if src.span else None,
        "originator": stmt.originator,
        "marking": stmt.marking.label,
        "confidence": stmt.confidence,
        "hedge": stmt.hedge.value,
        "first_seen": stmt.first_seen.isoformat() if stmt.first_seen else None,
        "last_seen": stmt.last_seen.isoformat() if stmt.last_seen else None,
        "retracted_at": stmt.retracted_at.isoformat() if stmt.retracted_at else None,
    }
    return data
