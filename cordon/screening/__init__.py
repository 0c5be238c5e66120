"""Screening: explainable matching of names, companies, vessels and identifiers.

`Screener.from_store(store)` gives an engine over everything loaded; `match(query)` screens one
query. Batch runs (`cordon screen`) and the REST API use the same engine and the same scorer.
"""

from cordon.screening.model import Feature, Match, Query

DEFAULT_THRESHOLD = 0.75

__all__ = ["DEFAULT_THRESHOLD", "Feature", "Match", "Query"]
