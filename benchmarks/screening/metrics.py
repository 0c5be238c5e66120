"""Scoring the engines' answers: top-1, recall at threshold, false alerts, precision, F1.

Per query (an `Outcome`):
- top-1: the first result with a score above 0 holds an expected record (positives);
- hit: an expected record is among the results at or above the engine's threshold;
- alerted: any result is at or above the threshold;
- wrong alert: a positive query alerted, but on nobody it should have (counts as a false
  positive as well as a miss).

Per category, F1 sets the category's positives against the negatives of the same query set
(yente: its synthetic people; DPRK: look-alike and conflicting-birth-date negatives):
TP = recall x P, FP = wrong-alert rate x P + false-alert rate x N, FN = P - TP, with P and N the
full counts of the set. Rates are used rather than raw counts so an engine evaluated on a sample
(logic-v2) gets the F1 it would have on the whole set, comparable with the others'. Since a
5-query category against 849 negatives measures mostly the negatives (and yente's F1 depends on
how many of its 100,000 negatives ran), `f1_balanced` also sets each category against as many
negatives as it has positives, at the set's false-alert rate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from benchmarks.screening.engines import Hit
from benchmarks.screening.queries import Case


@dataclass(frozen=True, slots=True)
class Outcome:
    positive: bool
    top1: bool
    hit: bool
    alerted: bool
    in_candidates: bool
    undated_only: bool = False  # every alert was on a record without any birth date

    @property
    def wrong_alert(self) -> bool:
        return self.positive and self.alerted and not self.hit


def outcome(
    case: Case,
    hits: Sequence[Hit],
    threshold: float,
    candidates: Iterable[Iterable[str]] = (),
    dated: Callable[[Hit], bool] | None = None,
) -> Outcome:
    """`dated(hit)` tells whether a result carries a birth date (for the diagnostics of
    birth-date conflicts: an alert on a record that has no date cannot see the conflict)."""
    accept = case.accept or (frozenset({case.expected}) if case.expected else frozenset())

    def right(h: Hit) -> bool:
        return bool(accept.intersection(h.source_ids))

    ranked = [h for h in hits if h.score > 0.0]
    alerts = [h for h in ranked if h.score >= threshold]
    return Outcome(
        positive=case.positive,
        top1=bool(ranked) and right(ranked[0]) if case.positive else False,
        hit=any(right(h) for h in alerts) if case.positive else False,
        alerted=bool(alerts),
        in_candidates=any(accept.intersection(c) for c in candidates) if case.positive else False,
        undated_only=bool(alerts) and dated is not None and not any(dated(h) for h in alerts),
    )


@dataclass
class Timing:
    seconds: float = 0.0  # the engine's own time (cordon: search + scoring; others: scoring)
    candidate_seconds: float = 0.0  # cordon's candidate time for the same queries
    queries: int = 0

    @property
    def qps(self) -> float:
        return self.queries / self.seconds if self.seconds > 0 else 0.0

    @property
    def qps_with_candidates(self) -> float:
        total = self.seconds + self.candidate_seconds
        return self.queries / total if total > 0 else 0.0


@dataclass
class Row:
    qset: str
    category: str
    engine: str
    n: int  # queries evaluated
    total: int  # queries in the category
    positive: bool
    top1: float | None = None
    recall: float | None = None
    false_alerts: float | None = None  # negatives: share alerting; positives: wrong alerts
    precision: float | None = None
    f1: float | None = None
    f1_balanced: float | None = None  # against as many negatives as positives
    in_candidates: float | None = None
    qps: float = 0.0
    qps_with_candidates: float = 0.0
    notes: list[str] = field(default_factory=list)


def _mean(values: Iterable[bool]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def f1_from_rates(
    recall: float, wrong: float, far: float, positives: int, negatives: int
) -> tuple[float, float]:
    """(precision, F1) from rates scaled to the set's full counts."""
    tp = recall * positives
    fp = wrong * positives + far * negatives
    fn = positives - tp
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else 0.0
    return precision, f1


def summarise(
    cases: Sequence[Case],
    outcomes: dict[str, Outcome],  # case query id -> outcome, for the evaluated cases only
    timings: dict[tuple[str, str], Timing],  # (set, category) -> timing
    engine: str,
) -> list[Row]:
    """One row per (set, category), then one "all positives" row per set."""
    by_cat: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        by_cat[(case.qset, case.category)].append(case)
    rows: list[Row] = []
    sets = list(dict.fromkeys(c.qset for c in cases))
    for qset in sets:
        cats = [k for k in by_cat if k[0] == qset]
        # The set's false-alert rate, weighted by each negative category's full size.
        neg_total = 0
        neg_alerts = 0.0
        for key in cats:
            group = by_cat[key]
            if group[0].positive:
                continue
            evaluated = [outcomes[c.query.id] for c in group if c.query.id in outcomes]
            neg_total += len(group)
            neg_alerts += _mean(o.alerted for o in evaluated) * len(group)
        far = neg_alerts / neg_total if neg_total else 0.0
        sums = {"tp": 0.0, "fp": 0.0, "fn": 0.0, "n": 0, "total": 0, "top1": 0.0, "cand": 0.0}
        for key in cats:
            group = by_cat[key]
            evaluated = [outcomes[c.query.id] for c in group if c.query.id in outcomes]
            timing = timings.get(key, Timing())
            row = Row(
                qset,
                key[1],
                engine,
                len(evaluated),
                len(group),
                group[0].positive,
                qps=timing.qps,
                qps_with_candidates=timing.qps_with_candidates,
            )
            if not evaluated:
                rows.append(row)
                continue
            if row.positive:
                row.top1 = _mean(o.top1 for o in evaluated)
                row.recall = _mean(o.hit for o in evaluated)
                row.false_alerts = _mean(o.wrong_alert for o in evaluated)
                row.in_candidates = _mean(o.in_candidates for o in evaluated)
                row.precision, row.f1 = f1_from_rates(
                    row.recall, row.false_alerts, far, len(group), neg_total
                )
                _, row.f1_balanced = f1_from_rates(
                    row.recall, row.false_alerts, far, len(group), len(group)
                )
                p = len(group)
                sums["tp"] += row.recall * p
                sums["fp"] += row.false_alerts * p
                sums["fn"] += (1 - row.recall) * p
                sums["top1"] += row.top1 * p
                sums["cand"] += row.in_candidates * p
                sums["total"] += p
                sums["n"] += len(evaluated)
            else:
                row.false_alerts = _mean(o.alerted for o in evaluated)
            rows.append(row)
        if sums["total"]:
            fp = sums["fp"] + far * neg_total
            tp, fn, p = sums["tp"], sums["fn"], sums["total"]
            set_timing = Timing()
            for key in cats:
                t = timings.get(key, Timing())
                set_timing.seconds += t.seconds
                set_timing.candidate_seconds += t.candidate_seconds
                set_timing.queries += t.queries
            rows.append(
                Row(
                    qset,
                    "all",
                    engine,
                    int(sums["n"]),
                    int(p),
                    True,
                    top1=sums["top1"] / p,
                    recall=tp / p,
                    false_alerts=sums["fp"] / p,
                    precision=tp / (tp + fp) if tp + fp else 0.0,
                    f1=2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
                    f1_balanced=f1_from_rates(tp / p, sums["fp"] / p, far, int(p), int(p))[1],
                    in_candidates=sums["cand"] / p,
                    qps=set_timing.qps,
                    qps_with_candidates=set_timing.qps_with_candidates,
                    notes=[f"vs {neg_total} negatives, false-alert rate {far:.4f}"],
                )
            )
    return rows


@dataclass
class KindRow:
    category: str
    kind: str
    engine: str
    n: int
    false_alerts: float
    undated_only: float  # share of queries whose alerts were all on records without a date


def negatives_by_kind(
    cases: Sequence[Case], outcomes: dict[str, Outcome], engine: str, qset: str
) -> list[KindRow]:
    """False alerts on a set's negatives, split by how each negative was made."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for case in cases:
        if case.qset == qset and not case.positive and case.query.id in outcomes:
            kind = (
                case.note.split(" | ")[0]
                if case.category == "lookalike_negative"
                else "listed name"
            )
            groups[(case.category, kind)].append(outcomes[case.query.id])
    return [
        KindRow(
            cat,
            kind,
            engine,
            len(group),
            _mean(o.alerted for o in group),
            _mean(o.undated_only for o in group),
        )
        for (cat, kind), group in sorted(groups.items())
    ]


@dataclass(frozen=True, slots=True)
class Agreement:
    """Cross-list resolution against the truth's designee clusters, as pairs of records."""

    truth_pairs: int  # pairs of loaded records the truth puts in one cluster
    merged: int  # ...of which the engine also holds as one designee
    beyond: int  # pairs the engine merges that the truth's strict rules do not


def resolution_agreement(groups: Iterable[Iterable[str]], cluster_of: dict[str, str]) -> Agreement:
    """`groups`: the source ids of each designee as the engine holds them. The truth's rules
    are strict (the same folded name with compatible dates, the lists' own references), so
    `beyond` counts merges they miss (spellings that differ) as well as any wrong ones."""
    held: dict[str, int] = {}
    beyond = 0
    for n, group in enumerate(groups):
        ids = sorted(i for i in group if i in cluster_of)
        for i in ids:
            held[i] = n
        by_cluster: dict[str, int] = defaultdict(int)
        for i in ids:
            by_cluster[cluster_of[i]] += 1
        same = sum(k * (k - 1) // 2 for k in by_cluster.values())
        beyond += len(ids) * (len(ids) - 1) // 2 - same
    members: dict[str, list[str]] = defaultdict(list)
    for i in held:
        members[cluster_of[i]].append(i)
    truth_pairs = merged = 0
    for ids in members.values():
        truth_pairs += len(ids) * (len(ids) - 1) // 2
        by_group: dict[int, int] = defaultdict(int)
        for i in ids:
            by_group[held[i]] += 1
        merged += sum(k * (k - 1) // 2 for k in by_group.values())
    return Agreement(truth_pairs, merged, beyond)
