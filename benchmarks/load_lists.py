"""Benchmark: load every shared list into an empty store, then re-load it unchanged.

Run with `make bench` (or `.venv/bin/python -m benchmarks.load_lists [LISTS_DIR]`). SQLite and
PostgreSQL run side by side in one process, so the ratios hold on a noisy shared machine.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from cordon.lists import service
from cordon.policy import SYSTEM
from cordon.store import Store

LISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
PG_URL = os.environ.get("CORDON_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGETS = {"load": 20.0, "reload": 3.0}


def timed(fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run(url: str, lists: Path) -> dict[str, float]:
    store = Store(url)
    try:
        load_s, results = timed(lambda: service.load(store, [lists]))
        reload_s, again = timed(lambda: service.load(store, [lists]))
        assert all(r.status == "unchanged" for r in again), "re-load was not a no-op"
        records = sum(r.records for r in results if r.status == "loaded")
        statements = store.count_statements(SYSTEM)
    finally:
        store.close()
    return {"load": load_s, "reload": reload_s, "records": records, "statements": statements}


def parse_only(lists: Path) -> float:
    return timed(lambda: service.parse_all([lists]))[0]


def cold(fn, *args):  # type: ignore[no-untyped-def]
    """Run in a fresh process, so no run profits from caches another one warmed."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def postgres_schema() -> tuple[str, callable]:  # type: ignore[valid-type]
    schema = f"cordon_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{PG_URL}?options=-csearch_path%3D{schema}", drop


def main() -> None:
    lists = Path(sys.argv[1]) if len(sys.argv) > 1 else LISTS
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        rows["SQLite"] = cold(run, f"sqlite:///{tmp}/bench.db", lists)
    pg_url, drop = postgres_schema()
    try:
        rows["PostgreSQL"] = cold(run, pg_url, lists)
    finally:
        drop()
    parse_s = cold(parse_only, lists)
    table = Table(title=f"Loading {lists} ({os.cpu_count()} cores)")
    for col in (
        "engine",
        "records",
        "statements",
        "load (s)",
        "re-load unchanged (s)",
        "load vs SQLite",
    ):
        table.add_column(col, justify="right")
    base = rows["SQLite"]["load"]
    for engine, r in rows.items():
        table.add_row(
            engine,
            f"{r['records']:,}",
            f"{r['statements']:,}",
            f"{r['load']:.2f}",
            f"{r['reload']:.2f}",
            f"{r['load'] / base:.2f}×",
        )
    Console().print(table)
    Console().print(f"of each load, parsing every file (no store) takes {parse_s:.2f} s")
    Console().print(
        f"targets: load < {TARGETS['load']:.0f} s, unchanged re-load < {TARGETS['reload']:.0f} s"
    )


if __name__ == "__main__":
    main()
