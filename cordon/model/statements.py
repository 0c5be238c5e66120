"""Statements: the unit of truth. An entity is only ever an aggregation of statements."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cordon.model.markings import Marking


class Hedge(StrEnum):
    """How firmly the source states the fact. Never upgraded on the way out."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    ALLEGED = "alleged"
    SPECULATIVE = "speculative"  # "may be", "believed to be": an assessment, not a report
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a statement came from: a list record, or a span of a document."""

    dataset: str
    version: str | None = None
    record_id: str | None = None  # e.g. "un:KPi.033", "ofac:12210"
    document_id: str | None = None
    span: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if not self.record_id and not self.document_id:
            raise ValueError("a source names a list record or a document")


@dataclass(frozen=True, slots=True)
class Statement:
    entity_id: str
    schema: str
    prop: str
    value: str
    source: Source
    marking: Marking
    original_value: str | None = None
    confidence: int = 100
    hedge: Hedge = Hedge.ASSERTED
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    retracted_at: datetime | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.marking, Marking):
            raise ValueError(f"unmarked statement refused: {self.entity_id} {self.prop}")
        if not 0 <= self.confidence <= 100:
            raise ValueError(f"confidence must be 0-100, got {self.confidence}")

    @property
    def originator(self) -> str:
        return self.marking.originator

    @property
    def key(self) -> str:
        """Identity: the same fact from the same source under the same marking."""
        return statement_key(
            self.entity_id,
            self.prop,
            self.value,
            self.source.dataset,
            self.source.record_id or self.source.document_id or "",
            self.marking.key,
            self.hedge.value,
        )


def statement_key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()
