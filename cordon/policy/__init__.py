"""The one policy decision point: who may read what.

Every read in cordon (store queries, CLI, web, exports) asks `may_read`. The store pushes the same
decision into SQL by asking it of each distinct marking and filtering on the markings it allows,
then re-checks every row before it leaves. The full sharing rules (issue: sharing) extend this
function; no caller may decide on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cordon.model.markings import Marking, Tlp


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: an agency and a user of it (or a service account)."""

    agency: str
    user: str

    def __str__(self) -> str:
        return f"{self.user}@{self.agency}"


# The node itself, for internal maintenance reads (index builds, list diffs). It reads only what
# is public, so a maintenance job can never leak partner intelligence.
SYSTEM = Principal(agency="SYSTEM", user="system")


def may_read(principal: Principal, marking: Marking) -> bool:
    """Default deny. CLEAR is public; the originator always reads its own."""
    if marking.tlp is Tlp.CLEAR:
        return True
    if principal.agency == marking.originator:
        if marking.tlp is Tlp.RED and marking.recipients:
            return principal.user.lower() in marking.recipients
        return True
    if marking.tlp is Tlp.RED:
        return principal.user.lower() in marking.recipients
    return principal.agency in marking.rel_to


def readable(principal: Principal, markings: Iterable[Marking]) -> list[Marking]:
    return [m for m in markings if may_read(principal, m)]


def most_restrictive(markings: Iterable[Marking]) -> Marking:
    """The marking of a derived result: the strictest TLP, the narrowest REL TO."""
    items = list(markings)
    if not items:
        raise ValueError("a derived result needs at least one input marking")
    strictest = max(items, key=lambda m: m.tlp.rank)
    rel: frozenset[str] | None = None
    for m in items:
        if m.tlp is not Tlp.CLEAR:
            rel = m.rel_to if rel is None else rel & m.rel_to
    return Marking(tlp=strictest.tlp, originator=strictest.originator, rel_to=rel or frozenset())
