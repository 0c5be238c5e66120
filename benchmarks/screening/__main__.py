"""Screening benchmark: cordon, nomenklatura logic-v2 and a watchman-style Jaro-Winkler baseline,
side by side on the same queries and the same candidates.

    .venv/bin/python -m benchmarks.screening [--quick]

Loads every list under shared/data/lists into a temporary SQLite store, builds the query sets
(yente's labelled UN pairs and synthetic negatives; a generated DPRK set), screens every query
with cordon, scores cordon's top-20 candidates with the other two engines, and prints one table
per query set with a row per category and engine, then the same as Markdown (for the README),
cordon's batch throughput and peak memory.

logic-v2 costs milliseconds per query, so it runs on a fixed-seed sample of each category
(`--lv2-sample`, `--lv2-negatives`); its F1 is computed from its rates scaled to the full
category sizes. `--quick` samples 5,000 of each of yente's two 50,000-row negative files.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from benchmarks.screening import engines, metrics, queries
from benchmarks.screening.engines import (
    CordonEngine,
    EntityCache,
    FastPlaceholder,
    JaroWinklerEngine,
    LogicV2Engine,
    placeholder_entities,
)
from benchmarks.screening.metrics import Outcome, Row, Timing, outcome
from benchmarks.screening.queries import Case
from benchmarks.screening.truth import LISTS, MATCHING, load_truth
from cordon.policy import SYSTEM
from cordon.store import Store

console = Console(width=max(Console().width, 180))


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def resolve(store: Store) -> tuple[int | None, float, str]:
    """cordon's cross-list resolution (`cordon resolve`), as a deployment runs it after a load:
    (merges recorded, seconds, why not)."""
    start = time.perf_counter()
    try:
        from cordon.screening import resolve as resolving

        merges = len(resolving.resolve(store, SYSTEM))
    except (ImportError, AttributeError, NotImplementedError) as exc:
        return None, 0.0, f"{type(exc).__name__}: {exc}"
    return merges, time.perf_counter() - start, ""


def build_screener(store: Store) -> tuple[Any, str, float, str]:
    """cordon's engine if it is there, else the placeholder's scoring over the store."""
    start = time.perf_counter()
    try:
        from cordon.screening.engine import Screener

        screener = Screener.from_store(store, SYSTEM)
        return screener, "cordon", time.perf_counter() - start, ""
    except (ImportError, NotImplementedError, AttributeError, TypeError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
    screener = FastPlaceholder(placeholder_entities(store))
    return screener, "cordon (placeholder)", time.perf_counter() - start, reason


def lv2_sample(cases: list[Case], per_positive: int, per_negative: int) -> set[str]:
    """Query ids logic-v2 scores: at most N per category, fixed seed."""
    by_cat: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        by_cat[(case.qset, case.category)].append(case)
    picked: set[str] = set()
    for (qset, cat), group in sorted(by_cat.items()):
        cap = per_positive if group[0].positive else per_negative
        if len(group) > cap:
            group = random.Random(f"{queries.SEED}:lv2:{qset}:{cat}").sample(group, cap)
        picked.update(c.query.id for c in group)
    return picked


def run(
    cases: list[Case],
    cordon: CordonEngine,
    cache: EntityCache,
    jw: JaroWinklerEngine,
    lv2: LogicV2Engine | None,
    lv2_ids: set[str],
) -> tuple[dict[str, dict[str, Outcome]], dict[str, dict[tuple[str, str], Timing]]]:
    outcomes: dict[str, dict[str, Outcome]] = defaultdict(dict)
    timings: dict[str, dict[tuple[str, str], Timing]] = defaultdict(lambda: defaultdict(Timing))
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("screening", total=len(cases))
        for case in cases:
            key = (case.qset, case.category)
            q = case.query
            hits, match_s, refs, cand_s = cordon.run(q)
            cand_sids = [r.source_ids for r in refs]
            candidates = cache.fetch(refs)  # store reads: outside every engine's timing
            dated = None
            if not case.positive:
                dated = cache.dated  # which alerts could have seen a birth-date conflict
                cache.fetch([engines.CandidateRef(h.entity_id, "", h.source_ids) for h in hits])
            outcomes[cordon.label][q.id] = outcome(case, hits, cordon.threshold, cand_sids, dated)
            t = timings[cordon.label][key]
            t.seconds += match_s
            t.queries += 1
            for engine in (jw, lv2):
                if engine is None or (engine is lv2 and q.id not in lv2_ids):
                    continue
                start = time.perf_counter()
                scored = engine.score(q, candidates)
                elapsed = time.perf_counter() - start
                outcomes[engine.name][q.id] = outcome(
                    case, scored, engine.threshold, cand_sids, dated
                )
                t = timings[engine.name][key]
                t.seconds += elapsed
                t.candidate_seconds += cand_s
                t.queries += 1
            progress.advance(task)
    return outcomes, timings


def batch_throughput(
    screener: Any,
    cases: list[Case],
    threshold: float,
    workers: int,
    tmp: Path,
    label: str = "batch",
) -> dict[str, Any]:
    """cordon's batch runner (`cordon screen`'s engine) over every query of the run."""
    if importlib.util.find_spec("cordon.screening.batch") is None:
        return {"status": "cordon.screening.batch does not exist yet"}
    try:
        from cordon.screening import batch
    except Exception as exc:  # being written
        return {"status": f"import failed: {type(exc).__name__}: {exc}"}
    path = tmp / f"{label}_input.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "schema", "birth_date", "nationality", "imo"])
        for case in cases:
            q = case.query
            writer.writerow(
                [
                    q.id,
                    q.names[0] if q.names else "",
                    q.schema,
                    q.birth_dates[0] if q.birth_dates else "",
                    q.countries[0] if q.countries else "",
                    q.imo[0] if q.imo else "",
                ]
            )
    out = tmp / f"{label}_output.jsonl"
    try:
        summary = batch.run(
            lambda: screener, path, out, threshold=threshold, limit=5, workers=workers, resume=False
        )
    except Exception as exc:
        return {"status": f"batch run failed: {type(exc).__name__}: {exc}"}
    return {
        "status": "ok",
        "rows": summary.rows,
        "hits": summary.hits,
        "errors": summary.errors,
        "elapsed": summary.elapsed,
        "setup": summary.setup,
        "rows_per_second": summary.rows_per_second,
        "workers": workers,
    }


# ---------------------------------------------------------------------------------------------
# Output


def _pct(v: float | None, digits: int = 1) -> str:
    return "" if v is None else f"{100 * v:.{digits}f}%"


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


def _qps(v: float) -> str:
    return f"{v:,.0f}" if v >= 10 else f"{v:,.1f}" if v > 0 else ""


HEADERS = [
    "category",
    "engine",
    "queries",
    "in cand.",
    "top-1",
    "recall@thr",
    "false alerts",
    "precision",
    "F1",
    "F1 1:1",
    "q/s (own)",
    "q/s (+cand.)",
]


def _cells(row: Row) -> list[str]:
    n = f"{row.n:,}" if row.n == row.total else f"{row.n:,} of {row.total:,}"
    return [
        row.category,
        row.engine,
        n,
        _pct(row.in_candidates),
        _pct(row.top1),
        _pct(row.recall),
        _pct(row.false_alerts, 2),
        _num(row.precision),
        _num(row.f1),
        _num(row.f1_balanced),
        _qps(row.qps),
        _qps(row.qps_with_candidates),
    ]


def ordered(rows: list[Row], qset: str, engine_order: list[str]) -> list[Row]:
    cats = list(dict.fromkeys(r.category for r in rows if r.qset == qset))
    out = []
    for cat in cats:
        for engine in engine_order:
            out += [r for r in rows if r.qset == qset and r.category == cat and r.engine == engine]
    return out


def print_tables(rows: list[Row], engine_order: list[str], thresholds: dict[str, float]) -> None:
    for qset in dict.fromkeys(r.qset for r in rows):
        table = Table(title=f"Query set: {qset}", show_lines=False, header_style="bold")
        for h in HEADERS:
            if h in ("category", "engine"):
                table.add_column(h, no_wrap=True)
            else:
                table.add_column(h, justify="right", no_wrap=True)
        last = None
        for row in ordered(rows, qset, engine_order):
            if last is not None and row.category != last:
                table.add_section()
            last = row.category
            table.add_row(*_cells(row))
        console.print(table)
    console.print(
        "thresholds: " + ", ".join(f"{e} {thresholds[e]:.2f}" for e in engine_order) + ". "
        "in cand. = expected record among cordon's top-20 candidates (what logic-v2 and "
        "Jaro-Winkler score). false alerts = on negatives, share of queries with any result "
        "at or above the threshold; on positives, share alerting only on wrong records. "
        "q/s (own) = cordon: candidate search + scoring; logic-v2 / Jaro-Winkler: scoring "
        "only. q/s (+cand.) adds cordon's candidate time for the same queries. "
        "F1: each category's positives against all negatives of its set (as run); F1 1:1: "
        "against as many negatives as positives, at the set's false-alert rate."
    )


def print_kinds(kinds: list[metrics.KindRow], engine_order: list[str]) -> None:
    table = Table(title="DPRK negatives by kind", header_style="bold")
    for h in ("category", "kind", "engine", "queries", "false alerts", "…only on undated"):
        table.add_column(
            h, justify="right" if h in ("queries", "false alerts", "…only on undated") else "left"
        )
    keys = list(dict.fromkeys((k.category, k.kind) for k in kinds))
    for i, key in enumerate(keys):
        if i:
            table.add_section()
        for engine in engine_order:
            for k in kinds:
                if (k.category, k.kind) == key and k.engine == engine:
                    table.add_row(
                        k.category,
                        k.kind,
                        k.engine,
                        f"{k.n:,}",
                        _pct(k.false_alerts, 2),
                        _pct(k.undated_only, 2) if k.category == "dob_conflict" else "",
                    )
    console.print(table)
    console.print(
        "…only on undated = the query alerted, but only on records that carry no birth "
        "date at all (e.g. a UK Sanctions List row of a designee whose OFSI record has "
        "the date): a screener that merged the two would have seen the conflict."
    )


def markdown(rows: list[Row], engine_order: list[str]) -> str:
    lines = []
    for qset in dict.fromkeys(r.qset for r in rows):
        lines += [
            f"**{qset}**",
            "",
            "| " + " | ".join(HEADERS) + " |",
            "|" + "|".join(["---", "---"] + ["---:"] * (len(HEADERS) - 2)) + "|",
        ]
        lines += ["| " + " | ".join(_cells(r)) + " |" for r in ordered(rows, qset, engine_order)]
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.screening",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="5,000 of each yente negatives file, smaller logic-v2 samples",
    )
    parser.add_argument("--lists", type=Path, default=LISTS)
    parser.add_argument("--matching", type=Path, default=MATCHING)
    parser.add_argument(
        "--lv2-sample",
        type=int,
        default=None,
        help="logic-v2 queries per positive category (default 300; quick 100)",
    )
    parser.add_argument(
        "--lv2-negatives",
        type=int,
        default=None,
        help="logic-v2 queries per negative category (default 10000; quick 300)",
    )
    parser.add_argument("--no-logic-v2", action="store_true", help="skip nomenklatura")
    parser.add_argument(
        "--per-category",
        type=int,
        default=None,
        help="smoke runs: at most N queries per category for every engine",
    )
    parser.add_argument("--workers", type=int, default=2, help="batch runner processes")
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument(
        "--repeats",
        action="store_true",
        help="also screen a file that repeats its counterparties: 100,000 rows drawn from "
        "20,000 of the queries, each 5 times, shuffled (fixed seed)",
    )
    parser.add_argument(
        "--no-resolve",
        action="store_true",
        help="screen without running cordon's cross-list resolution after the load",
    )
    args = parser.parse_args(argv)
    lv2_pos = args.lv2_sample if args.lv2_sample is not None else (100 if args.quick else 300)
    lv2_neg = (
        args.lv2_negatives if args.lv2_negatives is not None else (300 if args.quick else 10_000)
    )
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="cordon-bench-screening-") as tmpdir:
        tmp = Path(tmpdir)
        store = Store(f"sqlite:///{tmp / 'bench.db'}")
        t0 = time.perf_counter()
        from cordon.lists import service

        service.load(store, [args.lists])
        load_s = time.perf_counter() - t0
        merges, resolve_s, no_resolve = (None, 0.0, "--no-resolve")
        if not args.no_resolve:
            merges, resolve_s, no_resolve = resolve(store)
        screener, label, build_s, fallback = build_screener(store)
        from cordon.screening import DEFAULT_THRESHOLD

        cordon = CordonEngine(screener, DEFAULT_THRESHOLD, label)
        cordon.name = label

        truth = load_truth(args.lists)
        yente, ystats = queries.yente_cases(truth, quick=args.quick, matching=args.matching)
        dprk = queries.dprk_cases(truth, cache_key=truth.key)
        cases = yente + dprk
        if args.per_category:
            seen: dict[tuple[str, str], int] = defaultdict(int)
            kept = []
            for c in cases:
                if seen[(c.qset, c.category)] < args.per_category:
                    seen[(c.qset, c.category)] += 1
                    kept.append(c)
            cases = kept

        console.rule("Screening benchmark")
        console.print(
            f"lists loaded in {load_s:.1f} s; "
            + (
                f"cordon resolve: {merges:,} cross-list merges in {resolve_s:.1f} s; "
                if merges is not None
                else f"no cross-list resolution ({no_resolve}); "
            )
            + f"{label} ready in {build_s:.1f} s"
            + (f" (real engine unavailable: {fallback})" if fallback else "")
        )
        candidates_from = (
            "Screener.candidates(query, 20)"
            if cordon.native_candidates
            else "top 20 of Screener.match(query, threshold=0.0, limit=20)"
        )
        console.print(f"candidates for logic-v2 and Jaro-Winkler: {candidates_from}")
        index = getattr(screener, "index", None)
        if index is not None:
            agreement = metrics.resolution_agreement(
                (t.source_ids for t in index.targets), truth.cluster_of
            )
            console.print(
                f"cross-list resolution against the truth's clusters: {agreement.merged:,} of "
                f"{agreement.truth_pairs:,} record pairs held as one designee "
                f"({agreement.merged / max(agreement.truth_pairs, 1):.1%}); "
                f"{agreement.beyond:,} merged pairs the truth's strict rules do not make"
            )
        resolved = sum(
            v for k, v in ystats.resolved.items() if not k.startswith(("no ", "amb", "birth"))
        )
        console.print(
            f"yente UN pairs: {ystats.pairs} rows, {resolved} resolved to UN records ("
            + ", ".join(f"{k}: {v}" for k, v in sorted(ystats.resolved.items()))
            + "); "
            "negatives used: " + ", ".join(f"{k} {v:,}" for k, v in ystats.negatives.items())
        )
        size_table = Table(title="Query sets", header_style="bold")
        for col in ("set", "category", "kind", "queries"):
            size_table.add_column(col, justify="right" if col == "queries" else "left")
        for (qset, cat), n in queries.sizes(cases).items():
            kind = "negative" if cat in queries.NEGATIVE_CATEGORIES else "positive"
            size_table.add_row(qset, cat, kind, f"{n:,}")
        console.print(size_table)

        lv2 = None
        lv2_ids: set[str] = set()
        lv2_version = "skipped"
        if not args.no_logic_v2:
            t0 = time.perf_counter()
            lv2 = LogicV2Engine()
            lv2.warm_up()
            lv2_version = f"nomenklatura {lv2.version}, warm-up {time.perf_counter() - t0:.1f} s"
            lv2_ids = lv2_sample(cases, lv2_pos, lv2_neg)
            console.print(
                f"logic-v2 ({lv2_version}) scores {len(lv2_ids):,} sampled queries: "
                f"at most {lv2_pos} per positive category, {lv2_neg} per negative "
                f"category (seed {queries.SEED})"
            )
        jw = JaroWinklerEngine()
        cache = EntityCache(store)
        cache.prefetch()
        outcomes, timings = run(cases, cordon, cache, jw, lv2, lv2_ids)

        engine_order = [label, "logic-v2", "jaro-winkler"] if lv2 else [label, "jaro-winkler"]
        thresholds = {
            label: cordon.threshold,
            "logic-v2": LogicV2Engine.threshold,
            "jaro-winkler": JaroWinklerEngine.threshold,
        }
        rows: list[Row] = []
        for engine in engine_order:
            rows += metrics.summarise(cases, outcomes[engine], timings[engine], engine)
        print_tables(rows, engine_order, thresholds)
        kinds = []
        for engine in engine_order:
            kinds += metrics.negatives_by_kind(cases, outcomes[engine], engine, queries.DPRK)
        print_kinds(kinds, engine_order)
        console.print(
            f"candidate data read from the store (outside all timings): {cache.seconds:.1f} s"
        )

        batch: dict[str, Any] = {"status": "skipped"}
        if not args.no_batch and label == "cordon":
            batch = batch_throughput(screener, cases, DEFAULT_THRESHOLD, args.workers, tmp)
        elif not args.no_batch:
            batch = {"status": "not run against the placeholder"}
        if batch.get("status") == "ok":
            lv2_qps = sum(t.queries for t in timings.get("logic-v2", {}).values())
            lv2_s = sum(
                t.seconds + t.candidate_seconds for t in timings.get("logic-v2", {}).values()
            )
            ratio = (batch["rows_per_second"] / (lv2_qps / lv2_s)) if lv2_s else 0.0
            console.print(
                f"batch ({batch['workers']} workers): {batch['rows']:,} rows in "
                f"{batch['elapsed']:.1f} s (setup {batch['setup']:.1f} s) = "
                f"{batch['rows_per_second']:,.0f} rows/s; {batch['hits']:,} rows with hits"
                + (f"; {ratio:,.0f}x logic-v2's queries/s incl. candidates" if ratio else "")
            )
        else:
            console.print(f"batch throughput: {batch['status']}")
        if args.repeats and batch.get("status") == "ok":
            rng = random.Random(queries.SEED)
            drawn = rng.sample(cases, min(20_000, len(cases)))
            repeated = [c for c in drawn for _ in range(5)]
            rng.shuffle(repeated)
            again = batch_throughput(
                screener, repeated, DEFAULT_THRESHOLD, args.workers, tmp, "repeats"
            )
            console.print(
                f"repeated counterparties ({batch['workers']} workers): {again['rows']:,} rows "
                f"of {len(drawn):,} distinct queries = {again['rows_per_second']:,.0f} rows/s "
                f"({again['rows_per_second'] / batch['rows_per_second']:.2f}x the distinct rows)"
            )
        rss_self = _peak_rss_mb()
        rss_children = _peak_rss_mb(resource.RUSAGE_CHILDREN)
        console.print(
            f"peak RSS: benchmark process {rss_self:,.0f} MB; largest batch worker "
            f"{rss_children:,.0f} MB; total run {time.perf_counter() - started:.0f} s"
        )
        store.close()

    print()
    print(
        "<!-- screening benchmark: .venv/bin/python -m benchmarks.screening"
        + (" --quick" if args.quick else "")
        + " -->"
    )
    print(markdown(rows, engine_order))
    if batch.get("status") == "ok":
        print(
            f"Batch: {batch['rows_per_second']:,.0f} rows/s on {batch['workers']} workers "
            f"({batch['rows']:,} rows). Peak RSS {rss_self:,.0f} MB (benchmark), "
            f"{rss_children:,.0f} MB (largest batch worker)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
