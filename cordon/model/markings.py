"""Markings: who may see a fact. Immutable values, validated on construction.

A marking follows TLP 2.0 plus the two controls partner agencies add to it in practice: REL TO
(the agencies an item may be released to) and originator control (the agency that produced it).
Markings are plain data so that the store, the policy and the exporters agree on one shape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum


class MarkingError(ValueError):
    """A marking that cannot exist (no TLP, two TLPs, REL TO on CLEAR, ...)."""


class Tlp(StrEnum):
    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"

    @property
    def rank(self) -> int:
        """Higher is more restrictive; used to combine the markings of derived results."""
        return list(Tlp).index(self)


_AGENCY = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")
_TLP_ALIASES = {"WHITE": Tlp.CLEAR}


def _agency_code(code: str) -> str:
    code = code.strip().upper()
    if not _AGENCY.match(code):
        raise MarkingError(f"not an agency code: {code!r} (expected e.g. USA, MYS)")
    return code


@dataclass(frozen=True, slots=True)
class Marking:
    """TLP label + REL TO + originator (+ named recipients for RED)."""

    tlp: Tlp
    originator: str
    rel_to: frozenset[str] = field(default_factory=frozenset)
    recipients: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not isinstance(self.tlp, Tlp):
            raise MarkingError(f"a marking needs exactly one TLP label, got {self.tlp!r}")
        if not self.originator:
            raise MarkingError("a marking needs an originator")
        object.__setattr__(self, "originator", _agency_code(self.originator))
        object.__setattr__(self, "rel_to", frozenset(_agency_code(c) for c in self.rel_to))
        object.__setattr__(
            self, "recipients", frozenset(r.strip().lower() for r in self.recipients)
        )
        if self.tlp is Tlp.CLEAR and self.rel_to:
            raise MarkingError("TLP:CLEAR is unrestricted; it cannot carry REL TO")
        if self.tlp is Tlp.AMBER_STRICT and len(self.rel_to) > 1:
            raise MarkingError(
                "TLP:AMBER+STRICT is for one recipient agency; use TLP:AMBER for several"
            )
        if self.recipients and self.tlp is not Tlp.RED:
            raise MarkingError("named recipients are only meaningful for TLP:RED")

    @classmethod
    def parse(cls, text: str, originator: str) -> Marking:
        """Parse the form analysts write: ``TLP:AMBER REL TO USA,MYS``."""
        match = re.fullmatch(
            r"\s*TLP:(?P<tlp>[A-Z+]+)(?:\s+REL\s+TO\s+(?P<rel>[A-Z0-9_, -]+?))?\s*",
            text.upper(),
        )
        if not match:
            raise MarkingError(
                f"cannot read marking {text!r} (expected 'TLP:AMBER REL TO USA,MYS')"
            )
        label = match["tlp"]
        if text.upper().count("TLP:") != 1:
            raise MarkingError(f"a marking needs exactly one TLP label: {text!r}")
        try:
            tlp = _TLP_ALIASES.get(label) or Tlp(label)
        except ValueError:
            raise MarkingError(f"unknown TLP label {label!r}") from None
        rel = {c for c in re.split(r"[,\s]+", match["rel"] or "") if c}
        return cls(tlp=tlp, originator=originator, rel_to=frozenset(rel))

    @property
    def key(self) -> str:
        """Stable identity of the marking, used as its primary key in the store."""
        return hashlib.sha256(self.label.encode()).hexdigest()[:24]

    @property
    def label(self) -> str:
        """Canonical text form, e.g. ``TLP:AMBER REL TO MYS,USA ORIG USA``."""
        parts = [f"TLP:{self.tlp.value}"]
        if self.rel_to:
            parts.append("REL TO " + ",".join(sorted(self.rel_to)))
        parts.append(f"ORIG {self.originator}")
        if self.recipients:
            parts.append("TO " + ",".join(sorted(self.recipients)))
        return " ".join(parts)

    def __str__(self) -> str:
        return self.label


# Official sanctions lists are public: published by their authorities as TLP:CLEAR.
PUBLIC_ORIGINATOR = "PUBLIC"
CLEAR = Marking(tlp=Tlp.CLEAR, originator=PUBLIC_ORIGINATOR)
