"""Reviewed hits: an analyst's "false positive for this counterparty", remembered until it expires.

A counterparty is recognised by what was screened (names, birth dates, countries, identifiers,
folded), not by a row number, so the same customer screened next month finds the review. A
reviewed hit still appears in the results, with `reviewed` set and `match` false, so nothing
is hidden from the analyst and nothing alerts twice.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from cordon.names.normalize import fold
from cordon.policy import Principal
from cordon.screening.model import Match, Query
from cordon.store import Store
from cordon.store.judgements import Review
from cordon.store.store import utcnow

DEFAULT_DAYS = 365
DECISIONS = ("false_positive",)


def counterparty_key(query: Query) -> str:
    parts = [
        query.schema or "",
        "|".join(sorted(fold(n) for n in query.names)),
        "|".join(sorted(query.birth_dates)),
        "|".join(sorted(c.lower() for c in query.countries)),
        "|".join(sorted(query.imo)),
        "|".join(sorted(p.upper() for p in query.passports)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def mark(
    store: Store,
    principal: Principal,
    query: Query,
    entity_id: str,
    reason: str,
    days: int = DEFAULT_DAYS,
    decision: str = "false_positive",
) -> int:
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}; known: {', '.join(DECISIONS)}")
    if not reason.strip():
        raise ValueError("say why: a review needs a reason")
    if not 1 <= days <= 3650:
        raise ValueError("a review expires after 1 to 3650 days")
    expires = utcnow() + timedelta(days=days)
    return store.add_review(
        principal, counterparty_key(query), entity_id, decision, reason, expires
    )


class ReviewBook:
    """The agency's active reviews, loaded once per batch or request."""

    def __init__(self, reviews: list[Review]) -> None:
        self._by_key = {(r.counterparty, r.entity_id): r for r in reviews}
        self._counterparties = {r.counterparty for r in reviews}

    @classmethod
    def load(cls, store: Store, principal: Principal, queries: list[Query] | None = None):  # type: ignore[no-untyped-def]
        if queries is None:
            return cls(store.active_reviews(principal, None))
        keys = [counterparty_key(q) for q in queries]
        return cls(store.active_reviews(principal, keys))

    def apply(self, query: Query, matches: list[Match]) -> list[Match]:
        if not self._counterparties:
            return matches
        key = counterparty_key(query)
        if key not in self._counterparties:
            return matches
        for m in matches:
            review = self._by_key.get((key, m.entity_id))
            if review is not None:
                m.reviewed = {
                    "decision": review.decision,
                    "reason": review.reason,
                    "by": review.created_by,
                    "at": review.created_at.isoformat(),
                    "expires_at": review.expires_at.isoformat(),
                }
                m.match = False
        return matches


class ReviewedMatcher:
    """A matcher that reports hits the agency already reviewed as reviewed, not as alerts."""

    def __init__(self, matcher, book: ReviewBook) -> None:  # type: ignore[no-untyped-def]
        self.matcher = matcher
        self.book = book

    def match(self, query: Query, threshold: float, limit: int) -> list[Match]:
        return self.book.apply(query, self.matcher.match(query, threshold, limit))
