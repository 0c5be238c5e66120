"""What the document pipeline produces: mentions, claims and the extraction holding them.

These shapes are the contract between the extractor, the store (`DocumentsMixin`), the CLI
(`cordon extract --format json`) and the REST API (`/api/v1/documents/{id}`), so the field
names follow DESIGN.md: text, label, start, end, entity_id, source_ids; subject, predicate,
object, hedge, attribution, evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Mention labels. Nationalities ("North Korean") are not mentions: never a risk signal.
PERSON, ORG, VESSEL, LOCATION = "person", "organization", "vessel", "location"
DATE, MONEY, IDENTIFIER = "date", "money", "identifier"
LABELS = (PERSON, ORG, VESSEL, LOCATION, DATE, MONEY, IDENTIFIER)
NAMED = frozenset({PERSON, ORG, VESSEL, LOCATION})  # what claims are about
LINKABLE = frozenset({PERSON, ORG, VESSEL})  # what is linked to designees

# Which FollowTheMoney schema a mention of each label is screened and stored as.
SCHEMA_OF_LABEL = {PERSON: "Person", ORG: "Organization", VESSEL: "Vessel"}


@dataclass(slots=True)
class Mention:
    """A span of the document text naming something, with where it was found and its link."""

    text: str
    label: str
    start: int
    end: int
    origin: str  # ner | gazetteer | vessel | pattern | coref (another occurrence of a name found)
    kind: str | None = None  # identifiers: imo | passport | phone | email
    value: str | None = None  # identifiers: the normalised number or address
    group: int | None = None  # mentions of the same thing share a group
    entity_id: str | None = None
    caption: str | None = None
    source_ids: list[str] = field(default_factory=list)
    score: float | None = None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)  # gazetteer: target entity ids

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "group": self.group,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "source_ids": self.source_ids,
            "score": round(self.score, 4) if self.score is not None else None,
            "explanation": self.explanation,
            "origin": self.origin,
        }
        if self.kind:
            data["kind"] = self.kind
            data["value"] = self.value
        return data


@dataclass(slots=True)
class ClaimEnd:
    """A claim's subject or object: the mention's text and span, and its linked entity."""

    text: str
    start: int
    end: int
    label: str
    entity_id: str | None = None
    group: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "entity_id": self.entity_id,
        }


@dataclass(slots=True)
class Claim:
    """One relation the text states, with the sentence that supports it and how firmly."""

    subject: ClaimEnd
    predicate: str
    object: ClaimEnd
    hedge: str
    evidence: tuple[int, int]  # the sentence's character span
    cue: str  # the words the predicate was read from
    attribution: str | None = None
    hedge_cue: str | None = None  # the words the hedge was read from, if any

    def to_dict(self, text: str) -> dict[str, Any]:
        start, end = self.evidence
        return {
            "subject": self.subject.to_dict(),
            "predicate": self.predicate,
            "object": self.object.to_dict(),
            "hedge": self.hedge,
            "hedge_cue": self.hedge_cue,
            "attribution": self.attribution,
            "cue": self.cue,
            "evidence": {"text": text[start:end], "start": start, "end": end},
        }


@dataclass(slots=True)
class Extraction:
    """Everything read from one text: mentions (grouped and linked), claims, and notes for the
    reader (unsupported language, text cut, model used)."""

    text: str
    mentions: list[Mention]
    claims: list[Claim]
    language: str
    notes: list[str] = field(default_factory=list)
    model: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "model": self.model,
            "notes": self.notes,
            "mentions": [m.to_dict() for m in self.mentions],
            "claims": [c.to_dict(self.text) for c in self.claims],
        }
