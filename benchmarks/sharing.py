"""Benchmark: what the sharing policy costs, and how fast nodes sync.

Run with `.venv/bin/python -m benchmarks.sharing [--items N] [--rounds R]`.

Policy overhead: the same reads (entity by id through the store and through the API, search
and screening through the API) by a USA analyst who may read every item in the store, once with
the policy deciding (markings pushed into SQL, every row re-checked) and once with the decision
short-circuited to "yes". The result sets are identical, so the ratio is the policy's cost.
Both variants authenticate and audit each request, as a real server does.

Sync: node A's feed pages (STIX bundle, Ed25519 signature) applied by node B (signature check,
bundle parse, one transaction per page), in process, SQLite -> PostgreSQL and back.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

import cordon.store.items as items_module
import cordon.store.store as store_module
from cordon.audit.nodekey import NodeKey
from cordon.lists import service
from cordon.model.markings import Marking
from cordon.policy import ANONYMOUS, may_read
from cordon.sharing import contributions, federation, stix
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app

LISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
PG_URL = os.environ.get("CORDON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MARKINGS = [
    ("USA", "TLP:GREEN"),
    ("USA", "TLP:AMBER"),
    ("USA", "TLP:AMBER REL TO MYS"),
    ("USA", "TLP:RED"),
    ("MYS", "TLP:AMBER REL TO USA"),
    ("MYS", "TLP:AMBER+STRICT REL TO USA"),
    ("MYS", "TLP:GREEN"),
]


@contextmanager
def stores() -> Iterator[dict[str, str]]:
    schemas = [f"cordon_bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        for schema in schemas:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CORDON_HOME"] = tmp
        try:
            yield {
                "sqlite": f"sqlite:///{tmp}/a.db",
                "sqlite_b": f"sqlite:///{tmp}/b.db",
                "postgresql": f"{PG_URL}{sep}options=-csearch_path%3D{schemas[0]}",
                "postgresql_b": f"{PG_URL}{sep}options=-csearch_path%3D{schemas[1]}",
            }
        finally:
            with admin.begin() as conn:
                for schema in schemas:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def populate(store: Store, n_items: int) -> list[str]:
    """UN list + n contributed entities (half of them facts on designees), all readable by
    the USA analyst; returns the entity ids read in the benchmark."""
    service.load(store, [LISTS / "un"])
    create_demo(store)
    designees = sorted({store.resolve(ANONYMOUS, f"un:KPi.{n:03d}") for n in range(1, 80)} - {None})
    per_marking: dict[int, list[dict]] = {}
    for n in range(n_items):
        if n % 2 and designees:
            line = {
                "id": designees[n % len(designees)],
                "schema": "Person",
                "properties": {"alias": [f"Bench Alias {n}"], "notes": [f"note {n}"]},
            }
        else:
            line = {
                "id": f"front-{n}",
                "schema": "Company",
                "properties": {"name": [f"Bench Front {n} Ltd"], "country": ["my"]},
            }
        per_marking.setdefault(n % len(MARKINGS), []).append(line)
    for index, lines in per_marking.items():
        agency, text_marking = MARKINGS[index]
        marking = Marking.parse(text_marking, originator=agency)
        principal = store.principal(f"analyst@{agency.lower()}.example")
        data = "\n".join(json.dumps(line) for line in lines).encode()
        contributions.contribute(store, principal, data, "bench", marking)
    return designees[:40] + [f"usa-front-{n}" for n in range(0, min(n_items, 80), 14)]


@contextmanager
def policy_bypassed() -> Iterator[None]:
    """Every decision answers yes: the baseline of a principal who sees everything."""
    saved = store_module.may_read, items_module.may_read
    store_module.may_read = items_module.may_read = lambda principal, marking: True
    try:
        yield
    finally:
        store_module.may_read, items_module.may_read = saved


def paired_ms(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median ms with the policy deciding and bypassed, alternating round by round so that
    warm-up, a growing audit log and the neighbours' load fall on both alike."""
    fn()  # warm caches
    times: dict[bool, list[float]] = {True: [], False: []}
    for n in range(rounds * 2):
        policy = n % 2 == 0
        with contextlib.nullcontext() if policy else policy_bypassed():
            start = time.perf_counter()
            fn()
            times[policy].append(time.perf_counter() - start)
    return statistics.median(times[True]) * 1000, statistics.median(times[False]) * 1000


def policy_rows(url: str, n_items: int, rounds: int) -> list[tuple[str, float, float]]:
    store = Store(url)
    refs = populate(store, n_items)
    usa = store.principal("analyst@usa.example")
    assert all(may_read(usa, i.marking) for i in store.items(usa)), (
        "the benchmark principal must see every item"
    )
    client = TestClient(
        create_app(store), headers={"Authorization": f"Bearer {store.create_api_key(usa.user)}"}
    )
    client.get("/api/v1/search", params={"q": "warm"})  # builds the screening index once
    match = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ri Won Ho"]}}}}
    cases = {
        "entity (store)": lambda: [store.entity(usa, r) for r in refs],
        "entity (API)": lambda: [client.get(f"/api/v1/entities/{r}") for r in refs[:20]],
        "items (API)": lambda: client.get("/api/v1/items", params={"limit": 1000}),
        "search (API)": lambda: client.get("/api/v1/search", params={"q": "Kim Jong"}),
        "screening (API)": lambda: client.post("/api/v1/match", json=match),
    }
    rows = []
    for name, fn in cases.items():
        rows.append((name, *paired_ms(fn, rounds)))
    store.close()
    return rows


def sync_rate(url_a: str, url_b: str, n_items: int) -> tuple[int, int, float]:
    a, b = Store(url_a), Store(url_b)
    populate(a, n_items)
    create_demo(b)
    a.add_user("node@mys.example", "MYS", "node")
    reader = a.principal("node@mys.example")
    key = NodeKey.generate()
    identity = stix.NodeIdentity(node="bench-a", agency="USA")
    b.add_partner("USA", "http://bench-a", key.public_key_b64)

    def fetch(token: str | None) -> dict:
        page = federation.feed_page(a, reader, token, identity, key)
        return json.loads(json.dumps(page))  # the wire: serialised and parsed again

    start = time.perf_counter()
    report = federation.pull(b, "USA", fetch, lambda _: None)
    elapsed = time.perf_counter() - start
    a.close()
    b.close()
    return report.items, report.statements, elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    console = Console()
    with stores() as urls:
        table = Table(title=f"Policy overhead ({args.items:,} contributed items, median ms)")
        for col in ("engine", "read", "policy on", "policy bypassed", "overhead"):
            table.add_column(col, justify="right" if col != "read" else "left")
        for engine in ("sqlite", "postgresql"):
            for name, on, off in policy_rows(urls[engine], args.items, args.rounds):
                table.add_row(engine, name, f"{on:.1f}", f"{off:.1f}", f"{(on / off - 1):+.1%}")
        console.print(table)
        sync = Table(title="Sync between nodes (feed page -> verify -> apply)")
        for col in ("from -> to", "items", "statements", "seconds", "statements/s"):
            sync.add_column(col, justify="right")
        for a, b in (("sqlite", "postgresql_b"), ("postgresql", "sqlite_b")):
            n, statements, seconds = sync_rate(urls[a], urls[b], args.items)
            sync.add_row(
                f"{a} -> {b.removesuffix('_b')}",
                f"{n:,}",
                f"{statements:,}",
                f"{seconds:.2f}",
                f"{statements / seconds:,.0f}",
            )
        console.print(sync)


if __name__ == "__main__":
    main()
