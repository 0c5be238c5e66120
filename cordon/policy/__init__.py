"""The one policy decision point: who may read what, and who may change a marking.

Every read in cordon (store queries, CLI, web, exports, TAXII, sync) asks `may_read`. The store
pushes the same decision into SQL by asking it of each distinct marking and filtering on the
markings it allows, then re-checks every row before it leaves. No caller decides on its own.

The rules, TLP 2.0 read for agencies sharing with agencies:

- CLEAR: anyone, including the anonymous public and the node's own maintenance jobs.
- Nothing else is public: anonymous and system principals read CLEAR only (default deny).
- The originator agency always reads its own items.
- GREEN: the partnership, i.e. every agency registered on this node; a REL TO narrows it.
- AMBER: the agencies named in REL TO.
- AMBER+STRICT: the one recipient agency named in REL TO (the marking allows no more than one).
- RED: the named recipients (users), and nobody else outside the originator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cordon.model.markings import Marking, Tlp


class Role(StrEnum):
    ANALYST = "analyst"  # reads, screens, contributes
    RELEASER = "releaser"  # also widens, narrows and derives releasable versions
    ADMIN = "admin"  # also manages the agency's users and keys
    NODE = "node"  # a partner node pulling what was released to its agency


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: an agency and a user of it (or a service account)."""

    agency: str
    user: str
    role: Role = Role.ANALYST

    def __str__(self) -> str:
        return f"{self.user}@{self.agency}"

    @property
    def is_partner(self) -> bool:
        """A member of the partnership, as opposed to the public or the node itself."""
        return self.agency not in NON_AGENCIES


# The node itself, for internal maintenance reads (index builds, list diffs). It reads only what
# is public, so a maintenance job can never leak partner intelligence.
SYSTEM = Principal(agency="SYSTEM", user="system")
# The node's operator at its command line: administers agencies, users and keys, reads no
# intelligence (its agency is no partner, so may_read grants it CLEAR only).
NODE_ADMIN = Principal(agency="SYSTEM", user="admin", role=Role.ADMIN)
# Whoever has not signed in.
ANONYMOUS = Principal(agency="PUBLIC", user="anonymous")
NON_AGENCIES = frozenset({"SYSTEM", "PUBLIC"})


def may_read(principal: Principal, marking: Marking) -> bool:
    """Default deny: True only where one of the rules above grants the read."""
    if marking.tlp is Tlp.CLEAR:
        return True
    if not principal.is_partner:
        return False
    if principal.agency == marking.originator:
        return True
    if marking.tlp is Tlp.RED:
        return principal.user.lower() in marking.recipients
    if marking.tlp is Tlp.GREEN and not marking.rel_to:
        return True
    return principal.agency in marking.rel_to


def may_change_marking(principal: Principal, old: Marking, new: Marking) -> bool:
    """Originator control: only the originating agency re-marks an item, and only a releaser
    (or admin) of it may widen one or derive a releasable version; narrowing is open to any of
    its members, since taking a reader away can only protect the item."""
    if principal.agency != old.originator or new.originator != old.originator:
        return False
    return principal.role in (Role.RELEASER, Role.ADMIN) or not widens(old, new)


def may_contribute(principal: Principal, marking: Marking) -> bool:
    """Anyone in the partnership contributes, always as originator of what they contribute."""
    return (
        principal.is_partner
        and principal.role is not Role.NODE
        and (marking.originator == principal.agency)
    )


def widens(old: Marking, new: Marking) -> bool:
    """True when some reader of `new` could not read `old` (so only a releaser may do it)."""
    return not readers_of(new) <= readers_of(old)


def narrows(old: Marking, new: Marking) -> bool:
    """True when some reader of `old` cannot read `new`: a recall partners must apply."""
    return not readers_of(old) <= readers_of(new)


def readers_of(marking: Marking) -> frozenset[str]:
    """A comparable description of a marking's audience: agency codes, "*" for the whole
    partnership, "@user" for named RED recipients, "PUBLIC" for CLEAR."""
    if marking.tlp is Tlp.CLEAR:
        return frozenset({"PUBLIC", "*", marking.originator})
    if marking.tlp is Tlp.RED:
        return frozenset({marking.originator, *(f"@{r}" for r in marking.recipients)})
    if marking.tlp is Tlp.GREEN and not marking.rel_to:
        return frozenset({"*", marking.originator})
    return frozenset({marking.originator, *marking.rel_to})


def readable(principal: Principal, markings: Iterable[Marking]) -> list[Marking]:
    return [m for m in markings if may_read(principal, m)]


def most_restrictive(markings: Iterable[Marking]) -> Marking:
    """The marking of a derived result: whoever may read it may read every input.

    The strictest TLP, and as audience the agencies every input releases to. Where no agency is
    in every audience the result is readable by nobody. `tests/test_policy.py` checks the
    guarantee against `may_read` for random markings and principals.
    """
    items = list(dict.fromkeys(markings))
    if not items:
        raise ValueError("a derived result needs at least one input marking")
    restricted = [m for m in items if m.tlp is not Tlp.CLEAR]
    if len(items) == 1 or not restricted:
        return items[0]
    if len(restricted) == 1:
        return restricted[0]
    strictest = max(restricted, key=lambda m: m.tlp.rank)
    audience: set[str] | None = None  # None: the whole partnership
    for m in restricted:
        if m.tlp is Tlp.GREEN and not m.rel_to:
            continue
        agencies = {m.originator} if m.tlp is Tlp.RED else {m.originator, *m.rel_to}
        audience = agencies if audience is None else audience & agencies
    if audience is None:
        return Marking(tlp=Tlp.GREEN, originator=strictest.originator)
    if not audience:
        return UNREADABLE
    originator = strictest.originator if strictest.originator in audience else min(audience)
    if strictest.tlp is Tlp.RED:
        reds = [m for m in restricted if m.tlp is Tlp.RED]
        others_open = all(m.tlp is Tlp.GREEN and not m.rel_to for m in restricted if m not in reds)
        recipients = frozenset.intersection(*(m.recipients for m in reds)) if others_open else None
        return Marking(tlp=Tlp.RED, originator=originator, recipients=recipients or frozenset())
    tlp = strictest.tlp
    rel = frozenset(audience - {originator})
    if tlp is Tlp.AMBER_STRICT and len(rel) > 1:
        tlp = Tlp.AMBER
    if tlp is Tlp.GREEN and not rel:
        tlp = Tlp.AMBER  # GREEN without REL TO would mean the whole partnership
    return Marking(tlp=tlp, originator=originator, rel_to=rel)


# What a result nobody may read carries: RED, no recipients, an originator that is no agency.
UNREADABLE = Marking(tlp=Tlp.RED, originator="NOBODY")
