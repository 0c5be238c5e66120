"""Benchmark: audit log append rate and verification rate, SQLite and PostgreSQL side by side.

Run with `.venv/bin/python -m benchmarks.audit_append [--entries N] [--batch B] [--threads T]
[--rounds R]`.
Every API read appends an entry, so this measures the append path as the web layer uses it:
one `store.audit` per transaction from one thread and from T threads at once (a server's worker
pool), and `store.audit_many` in batches of B. On PostgreSQL it also measures the previous
per-entry `LOCK TABLE audit_log IN EXCLUSIVE MODE` against the advisory lock now used. Then it
verifies the whole log (chain, signatures, checkpoints) and reports entries/s. The SQLite store
is a fresh file in a temporary folder; PostgreSQL is a fresh schema in CORDON_TEST_PG_URL's
database (default postgresql+psycopg://postgres@127.0.0.1:5432/test), dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, create_engine, text

from cordon.audit.nodekey import NodeKey
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.auditlog import AuditMixin

PG_URL = os.environ.get("CORDON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
READERS = [
    Principal(a, f"analyst{i}@{a.lower()}.example") for a in ("USA", "MYS") for i in range(4)
]


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as home:
        yield f"sqlite:///{home}/cordon.db"


@contextmanager
def postgresql_url() -> Iterator[str]:
    schema = f"cordon_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def detail(i: int) -> dict:
    """What a read records: the object's originators and a little context."""
    return {"originators": ["MYS", "USA"][: 1 + i % 2], "limit": 10}


def rate(n: int, fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


def single(store: Store, n: int) -> None:
    for i in range(n):
        store.audit(READERS[i % len(READERS)], "entity.read", f"ent-{i}", detail(i))


def threaded(store: Store, n: int, threads: int, grouped: bool = True) -> None:
    """`threads` callers appending at once; `grouped=False` gives each entry its own commit,
    as the append path did before group commit."""
    per = n // threads

    def work(t: int) -> None:
        who = READERS[t % len(READERS)]
        for i in range(per):
            if grouped:
                store.audit(who, "entity.read", f"ent-{t}-{i}", detail(i))
            else:
                store.audit_many([(who, "entity.read", f"ent-{t}-{i}", detail(i))])

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def batched(store: Store, n: int, size: int) -> None:
    for start in range(0, n, size):
        store.audit_many(
            [
                (READERS[i % len(READERS)], "search", f"q-{i}", detail(i))
                for i in range(start, min(n, start + size))
            ]
        )


def lock_table(conn: Connection) -> None:
    """The lock the append path took before the advisory lock, for comparison."""
    conn.exec_driver_sql("LOCK TABLE audit_log IN EXCLUSIVE MODE")


def measure(url: str, args: argparse.Namespace) -> dict[str, float]:
    """Entries/s per variant: the median of `args.rounds` rounds, the variants interleaved
    within each round so that a noisy neighbour on the disk slows all of them alike."""
    store = Store(url)
    store.node_key = NodeKey.generate()
    n, t, size = args.entries, args.threads, args.batch
    m = n // t * t
    variants: dict[str, tuple[int, Callable[[], None], bool]] = {
        "1 thread": (n, lambda: single(store, n), False),
        f"{t} threads, grouped commits": (m, lambda: threaded(store, n, t), False),
        f"{t} threads, one commit each": (m, lambda: threaded(store, n, t, grouped=False), False),
        f"batches of {size} (audit_many)": (n * 10, lambda: batched(store, n * 10, size), False),
    }
    if store.dialect == "postgresql":
        variants["before: LOCK TABLE, 1 thread"] = (n, lambda: single(store, n), True)
        variants[f"before: LOCK TABLE, {t} threads, one commit each"] = (
            m,
            lambda: threaded(store, n, t, grouped=False),
            True,
        )
    rates: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, (count, fn, old_lock) in variants.items():
            original = AuditMixin.__dict__["_lock_audit"]  # the staticmethod itself
            if old_lock:
                AuditMixin._lock_audit = staticmethod(lock_table)  # type: ignore[method-assign]
            try:
                rates[name].append(rate(count, fn))
            finally:
                AuditMixin._lock_audit = original  # type: ignore[method-assign]
    out = {name: statistics.median(values) for name, values in rates.items()}
    total = len(store.audit_entries())
    key = store.node_key.public_key_b64
    problems: list[str] = []
    out["verify (chain + signed checkpoints)"] = rate(
        total, lambda: problems.extend(store.verify_audit([key]))
    )
    if problems:
        raise SystemExit(f"the benchmark log does not verify: {problems[:3]}")
    out["entries in the log"] = total
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000, help="single appends per run")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with sqlite_url() as url:
        sqlite = measure(url, args)
    with postgresql_url() as url:
        postgresql = measure(url, args)
    table = Table(
        title="Audit log entries/s: appends (store.audit, committed on return) and verification"
    )
    table.add_column("operation")
    table.add_column("SQLite", justify="right")
    table.add_column("PostgreSQL", justify="right")
    for name in postgresql:
        cells = [f"{r[name]:,.0f}" if name in r else "-" for r in (sqlite, postgresql)]
        table.add_row(name, *cells)
    Console().print(table)


if __name__ == "__main__":
    main()
