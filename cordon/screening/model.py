"""What screening takes and gives: queries, matches, and the features that explain a score.

These shapes are the contract between the scorer, the batch runner (`cordon screen`), the REST
API (`/api/v1/match`, yente's request shape) and the benchmark. Output field names follow
DESIGN.md: entity_id, score, match, caption, schema, datasets, source_ids, explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Query schema values users may send, and what they screen against.
SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft")
SCHEMA_ALIASES = {"aircraft": "Airplane", "airplane": "Airplane", "ship": "Vessel"}


@dataclass(frozen=True, slots=True)
class Query:
    """One thing to screen: a customer, consignee, director, vessel... Only `names` or one
    identifier is required; everything else sharpens (or lowers) the score."""

    id: str
    schema: str = "LegalEntity"
    names: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()  # ISO prefixes: "1962", "1962-05", "1962-05-01"
    countries: tuple[str, ...] = ()  # nationality / country: ISO-3166 alpha-2, lower case
    imo: tuple[str, ...] = ()
    passports: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()  # other registration / id numbers


@dataclass(frozen=True, slots=True)
class Feature:
    """One line of a score's explanation.

    `effect` is what the feature did to the score: for the main feature it is the base score,
    for qualifiers a signed adjustment (a conflicting birth date is negative; a nationality is
    never positive). `detail` says why in words an analyst can repeat in a review.
    """

    name: str  # e.g. name_match, imo_match, birth_date_conflict, country_mismatch
    effect: float
    detail: str
    query: str | None = None
    candidate: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.name,
            "effect": round(self.effect, 4),
            "detail": self.detail,
            "query": self.query,
            "candidate": self.candidate,
        }


@dataclass(slots=True)
class Match:
    entity_id: str
    score: float
    match: bool
    caption: str
    schema: str
    datasets: list[str]
    source_ids: list[str]
    explanation: list[Feature] = field(default_factory=list)
    reviewed: dict[str, Any] | None = None  # set when an analyst marked this hit before
    marking: str = ""  # the most restrictive marking of the facts the match was built from

    def to_dict(self) -> dict[str, Any]:
        data = {
            "entity_id": self.entity_id,
            "score": round(self.score, 4),
            "match": self.match,
            "caption": self.caption,
            "schema": self.schema,
            "datasets": self.datasets,
            "source_ids": self.source_ids,
            "explanation": [f.to_dict() for f in self.explanation],
        }
        if self.marking:
            data["marking"] = self.marking
        if self.reviewed is not None:
            data["reviewed"] = self.reviewed
        return data
