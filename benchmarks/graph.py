"""Benchmark: graph queries on a synthetic ownership network.

Run with `python -m benchmarks.graph [--edges 1000000] [--engines sqlite,postgresql]`.

The network has the shape of a corporate registry around a sanctioned state's procurement
networks: companies owned by one to three owners (earlier companies, so ownership chains run
deep, or persons), stakes that add up to at most 100 %, a few holding companies that own
hundreds of subsidiaries, a sprinkling of cycles (cross-holdings), directorships, family ties and
OFAC-style "Linked To" links, and 1 % of persons and 0.2 % of companies designated (a Sanction
in their record). It is written into the store as one list version (the store's own bulk load
path), then the edge cache is derived from the statements exactly as after `cordon lists load`.

Measured per engine, through the graph service as the API calls it (resolve, policy-filtered
recursive SQL, node summaries), read by a partner analyst: 2-hop neighbourhood (limit 200),
the 50 % rule for one company, evidence paths between entities 2-3 hops apart (max 4 hops), and
3-hop exposure. The table gives p50 and p99 per query, the target and p50 as a ratio of it, and
PostgreSQL against SQLite.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from cordon import graph
from cordon.model.markings import CLEAR
from cordon.policy import Principal
from cordon.store import Store

PG_URL = os.environ.get("CORDON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DATASET = "synthetic_registry"
TARGETS_MS = {"neighbourhood (2 hops)": 50.0, "50 % rule": 100.0}


# -- the synthetic network ------------------------------------------------------------------------


def network(n_edges: int, seed: int = 7) -> tuple[list[tuple], dict[str, str], set[str]]:
    """(edges, nodes, designated): edges are (kind, source, target, percentage or None)."""
    rng = random.Random(seed)
    n_companies = max(10, int(n_edges * 0.42))
    n_persons = max(10, int(n_edges * 0.18))
    companies = [f"co-{i}" for i in range(n_companies)]
    persons = [f"pe-{i}" for i in range(n_persons)]
    nodes = {c: "Company" for c in companies} | {p: "Person" for p in persons}
    holdings = companies[: max(1, n_companies // 2000)]  # own hundreds of subsidiaries each
    edges: list[tuple] = []
    n_ownership = int(n_edges * 0.72)
    i = 1
    while len(edges) < n_ownership:
        asset = companies[i % n_companies]
        i += 1
        k = rng.choice((1, 1, 2, 2, 3))
        shares = _split(rng, k)
        for share in shares:
            roll = rng.random()
            if roll < 0.1:
                owner = rng.choice(holdings)
            elif roll < 0.55 and i % n_companies > 1:
                owner = companies[rng.randrange(max(1, (i % n_companies) - 1))]  # earlier: chains
            elif roll < 0.56:
                owner = rng.choice(companies)  # anywhere: the odd cross-holding cycle
            else:
                owner = rng.choice(persons)
            if owner != asset:
                edges.append(("Ownership", owner, asset, share))
    kinds = [("Directorship", 0.5), ("UnknownLink", 0.35), ("Family", 0.15)]
    everyone = companies + persons  # once: a copy per link took most of a 1M-edge run
    while len(edges) < n_edges:
        kind = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        if kind == "Directorship":
            edges.append((kind, rng.choice(persons), rng.choice(companies), None))
        elif kind == "Family":
            a, b = rng.sample(persons, 2)
            edges.append((kind, a, b, None))
        else:
            a, b = rng.sample(everyone, 2)
            edges.append((kind, a, b, None))
    designated = set(rng.sample(persons, max(1, n_persons // 100)))
    designated |= set(rng.sample(companies, max(1, n_companies // 500)))
    return edges, nodes, designated


def _split(rng: random.Random, k: int) -> list[float]:
    """k stakes adding up to at most 100 %, in whole percent."""
    cuts = sorted(rng.sample(range(1, 100), k - 1)) if k > 1 else []
    bounds = [0, *cuts, 100]
    total = rng.choice((100, 100, 100, 90, 75))
    return [round((b - a) * total / 100, 1) for a, b in itertools.pairwise(bounds)]


PROPS = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "UnknownLink": ("subject", "object"),
    "Family": ("person", "relative"),
}


def statement_rows(
    edges: list[tuple], nodes: dict[str, str], designated: set[str], marking_key: str
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(statement row, record row or None): every entity is its own source record, as in an
    OpenSanctions export; a designee's record also holds its Sanction."""

    def stmt(entity: str, schema: str, prop: str, value: str, source: str) -> dict[str, Any]:
        sid = hashlib.sha1(f"{entity}|{prop}|{value}".encode()).hexdigest()
        return {
            "id": sid,
            "entity_id": entity,
            "schema": schema,
            "prop": prop,
            "value": value,
            "dataset": DATASET,
            "source_id": source,
            "marking_key": marking_key,
            "confidence": 100,
            "hedge": "asserted",
        }

    def record(entity: str, schema: str, caption: str) -> dict[str, Any]:
        return {
            "source_id": f"syn:{entity}",
            "entity_id": entity,
            "schema": schema,
            "caption": caption,
            "fingerprint": hashlib.sha1(entity.encode()).hexdigest(),
        }

    for entity, schema in nodes.items():
        caption = f"{'Company' if schema == 'Company' else 'Person'} {entity[3:]}"
        yield (
            stmt(entity, schema, "name", caption, f"syn:{entity}"),
            record(entity, schema, caption),
        )
        if entity in designated:
            yield stmt(f"{entity}-sanction", "Sanction", "entity", entity, f"syn:{entity}"), None
    for n, (kind, source, target, share) in enumerate(edges):
        rel = f"rel-{n}"
        src_prop, dst_prop = PROPS[kind]
        yield stmt(rel, kind, src_prop, source, f"syn:{rel}"), record(rel, kind, rel)
        yield stmt(rel, kind, dst_prop, target, f"syn:{rel}"), None
        if share is not None:
            yield stmt(rel, kind, "percentage", f"{share:g}", f"syn:{rel}"), None


def populate(store: Store, n_edges: int) -> tuple[list[str], set[str], dict[str, float]]:
    """Write the network as one list version and derive the edges; returns the companies,
    the designated entities and the load timings."""
    edges, nodes, designated = network(n_edges)
    timings = {}
    started = time.perf_counter()
    now = datetime.now(UTC)
    with store.list_loads() as loads:
        load = loads.dataset(DATASET, "Synthetic registry (benchmark)", "cordon", CLEAR)
        version = load.add_version(
            version="1",
            published=None,
            serial=None,
            sha256=hashlib.sha256(f"{n_edges}".encode()).hexdigest(),
            format="synthetic",
            files=[],
            loaded_at=now,
            records=0,
            statements=0,
            schemas={},
        )
        stamps = {"first_seen": now, "last_seen": now}
        versions = {"first_version_id": version, "last_version_id": version}
        batch: list[dict[str, Any]] = []
        records: list[dict[str, Any]] = []
        for row, rec in statement_rows(edges, nodes, designated, load.marking_key):
            batch.append({**row, **stamps, **versions})
            if rec is not None:
                records.append({**rec, **versions})
            if len(batch) >= 200_000:
                load.insert_statements(batch)
                batch = []
            if len(records) >= 200_000:
                load.insert_records(records)
                records = []
        load.insert_statements(batch)
        load.insert_records(records)
        load.make_current(version)
    timings["load statements"] = time.perf_counter() - started
    started = time.perf_counter()
    derived = store.refresh_graph()
    timings["derive edges"] = time.perf_counter() - started
    assert derived.get(DATASET) == len(edges), (derived, len(edges))
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))  # fresh statistics, as autovacuum would leave them
    companies = [n for n, s in nodes.items() if s == "Company"]
    return companies, designated, timings


# -- measuring ----------------------------------------------------------------------------------


def timed(calls: list[Callable[[], Any]]) -> list[float]:
    out = []
    for call in calls:
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(store: Store, principal: Principal, companies: list[str], n: int) -> dict[str, Any]:
    rng = random.Random(11)
    sample = rng.sample(companies, n)
    # warm the caches (the first read also checks the edge cache is current)
    for entity in sample[:5]:
        graph.neighbourhood(store, principal, entity, hops=2)
    results: dict[str, Any] = {}
    hood_sizes: list[int] = []

    def hood(entity: str) -> Callable[[], None]:
        def run() -> None:
            data = graph.neighbourhood(store, principal, entity, hops=2, limit=200).json()
            hood_sizes.append(len(data["nodes"]))

        return run

    results["neighbourhood (2 hops)"] = timed([hood(e) for e in sample])
    results["50 % rule"] = timed([lambda e=e: graph.ownership(store, principal, e) for e in sample])
    pairs = []
    for entity in sample[: n // 2]:
        found, _ = store.graph_walk(principal, entity, 3, limit=60)
        far = [node for node, hops in found.items() if hops >= 2]
        if far:
            pairs.append((entity, rng.choice(far)))
    results["paths (max 4 hops)"] = timed(
        [lambda a=a, b=b: graph.paths(store, principal, a, b, max_hops=4) for a, b in pairs]
    )
    results["exposure (3 hops)"] = timed(
        [lambda e=e: graph.exposure(store, principal, e, hops=3) for e in sample[: n // 2]]
    )
    results["_hood_nodes"] = statistics.median(hood_sizes) if hood_sizes else 0
    return results


@contextmanager
def engine_url(engine: str) -> Iterator[str]:
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.setdefault("CORDON_HOME", tmp)
            yield f"sqlite:///{tmp}/graph.db"
        return
    schema = f"cordon_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run_engine(engine: str, n_edges: int, n_queries: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home:
        os.environ["CORDON_HOME"] = home
        with engine_url(engine) as url:
            store = Store(url)
            try:
                store.add_agency("USA", "bench", "us")
                store.add_user("analyst@usa.example", "USA", "analyst")
                principal = store.principal("analyst@usa.example")
                assert principal is not None
                companies, _, timings = populate(store, n_edges)
                results = measure(store, principal, companies, n_queries)
                results["_timings"] = timings
                return results
            finally:
                store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    console = Console()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    results = {}
    for engine in engines:
        console.print(f"[bold]{engine}[/]: {args.edges:,} edges ...")
        results[engine] = run_engine(engine, args.edges, args.queries)
        t = results[engine]["_timings"]
        console.print(
            f"  loaded in {t['load statements']:.0f} s, edges derived in {t['derive edges']:.0f} s;"
            f" median 2-hop neighbourhood {results[engine]['_hood_nodes']:.0f} entities"
        )
    table = Table(title=f"graph queries, {args.edges:,} edges ({args.queries} entities sampled)")
    table.add_column("query")
    for engine in engines:
        table.add_column(f"{engine} p50 ms", justify="right")
        table.add_column(f"{engine} p99 ms", justify="right")
    table.add_column("target p50", justify="right")
    for engine in engines:
        table.add_column(f"{engine} p50 / target", justify="right")
    if len(engines) == 2:
        table.add_column(f"{engines[1]} / {engines[0]} p50", justify="right")
    queries = [q for q in results[engines[0]] if not q.startswith("_")]
    for query in queries:
        row = [query]
        p50s = []
        for engine in engines:
            values = results[engine][query]
            p50s.append(percentile(values, 0.5) if values else float("nan"))
            row += [f"{p50s[-1]:.1f}", f"{percentile(values, 0.99):.1f}" if values else "-"]
        target = TARGETS_MS.get(query)
        row.append(f"{target:.0f} ms" if target else "-")
        for p50 in p50s:
            row.append(f"{p50 / target:.2f}" if target else "-")
        if len(engines) == 2:
            row.append(f"{p50s[1] / p50s[0]:.2f}")
        table.add_row(*row)
    console.print(table)


if __name__ == "__main__":
    main()
