"""A screening target: one listed designee (or a resolved cluster of them) as the scorer sees it."""

from __future__ import annotations

from dataclasses import dataclass, field

from cordon.model.markings import Marking
from cordon.screening.forms import NameForm


@dataclass(slots=True)
class Target:
    id: str
    schema: str
    caption: str
    names: list[NameForm] = field(default_factory=list)
    weak: list[NameForm] = field(default_factory=list)
    birth_dates: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    imo: set[str] = field(default_factory=set)
    passports: set[str] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    datasets: set[str] = field(default_factory=set)
    source_ids: set[str] = field(default_factory=set)
    raw_names: set[tuple[str, bool]] = field(default_factory=set)  # (name, weak)
    primary: set[str] = field(default_factory=set)  # the list's own `name` values
    members: set[str] = field(default_factory=set)  # entity ids merged into this target
    markings: set[Marking] = field(default_factory=set)  # of every fact it was built from

    def absorb(self, other: Target, is_head: bool) -> None:
        """Take another record's facts (cross-list resolution); the head names the cluster."""
        if is_head:
            self.schema, self.caption = other.schema, other.caption
        self.names.extend(other.names)
        self.weak.extend(other.weak)
        for attr in (
            "birth_dates",
            "countries",
            "imo",
            "passports",
            "identifiers",
            "datasets",
            "source_ids",
            "raw_names",
            "primary",
            "markings",
        ):
            getattr(self, attr).update(getattr(other, attr))
        self.members.add(other.id)
