"""Benchmark: load times of the main UI pages with the full lists loaded, SQLite beside
PostgreSQL.

Run with `.venv/bin/python -m benchmarks.pages [--rounds N] [--engines sqlite,postgresql]`.
For each engine: loads every file in `../shared/data/lists` into a fresh store, creates the
demo agencies and a few USA contributions (so policy filtering has work to do), starts
`cordon serve` on a free loopback port, signs in as the USA analyst and requests each page
`--rounds` times one after another (after one warm-up request), timing the full HTML
response. Prints p50 and p95 per page and engine, and PostgreSQL's p50 as a ratio of
SQLite's. Browser rendering is not included: the pages' own scripts fetch nothing on load
except the network view, whose calls (neighbourhood, exposure, 50 % rule, path) are timed as
API calls, and the screening results (not timed here: `benchmarks.rows` measures screening).
A USA report with 30 proposed claims is stored so the document reader has work to do.

After loading, the database's planner statistics are refreshed (`ANALYZE`), as autovacuum
leaves them a minute after a load; `--no-analyze` measures the pages straight after the load
instead (on PostgreSQL with autovacuum off, planners then pick sequential scans for some
reads: the entity page takes about 15x longer than with statistics).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from benchmarks.api_latency import free_port, percentile
from cordon.lists import service
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import DEMO_PASSWORD, create_demo
from cordon.store import Store
from cordon.store.documents import NewDocument

LISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
PG_URL = os.environ.get("CORDON_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PAGES = [
    ("front page", "/"),
    ("search 'kim'", "/search?q=kim"),
    ("search 'kim' + 2 facets", "/search?q=kim&schema=Person&country=kp"),
    ("search 'a' (broad)", "/search?q=a"),
    ("entity (UN designee)", "/entity/un-KPi.033"),
    ("entity (OFAC company)", "/entity/ofac-11581"),
    ("list updates", "/lists"),
    ("watchlist + alerts", "/watchlist"),
    ("sharing (items)", "/items"),
    ("audit view", "/audit"),
    ("network shell", "/graph?entity=un-KPi.033"),
    ("documents", "/documents"),
    ("document reader (30 claims)", "/documents/{document}"),
    ("screening", "/screening"),
    ("API: entity search", "/api/v1/entities?q=korea"),
    # what the network view fetches: MAHAN AIR has the most links on the lists (148)
    ("API: neighbourhood, 2 hops", "/api/v1/graph/neighbourhood?entity=ofac-12927&hops=2"),
    ("API: exposure, 3 hops", "/api/v1/graph/exposure?entity=ofac-12927&hops=3"),
    # a company of the zala export, 51 % owned by a designee (ended stakes left out)
    ("API: 50 % rule", "/api/v1/graph/ownership?entity=NK-abdzbEBkqyT29GyREbiURZ"),
    ("API: path, 2 hops", "/api/v1/graph/paths?source=ofac-15436&target=ofac-15437"),
]
PARAGRAPH = (
    "According to a panel report, Bench Front Co is allegedly a front company of RI WON HO, "
    "which the company denies. MAHAN AIR reportedly operates the aircraft EP-MNG. "
)


def seed(store: Store) -> str:
    service.load(store, [LISTS])
    create_demo(store)
    usa = store.principal("analyst@usa.example")
    lines = [
        {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": ["Bench Alias"]}},
        {"id": "front-1", "schema": "Company", "properties": {"name": ["Bench Front Co"]}},
        {
            "id": "own-1",
            "schema": "Ownership",
            "properties": {"owner": ["un:KPi.033"], "asset": ["front-1"]},
        },
    ]
    for marking in ("TLP:AMBER", "TLP:AMBER REL TO MYS", "TLP:GREEN"):
        data = "\n".join(json.dumps(x) for x in lines).encode()
        contributions.contribute(
            store, usa, data, f"bench-{marking}", Marking.parse(marking, "USA")
        )
    store.watch(usa, "un:KPi.033")
    return add_document(store, usa)


def add_document(store: Store, usa: Any) -> str:
    """A USA report of 30 paragraphs with 60 mentions and 30 proposed claims, in the shape the
    document pipeline stores; returns its id."""
    text, mentions, claims = "", [], []
    for _ in range(30):
        at = len(text)
        text += PARAGRAPH
        front = at + PARAGRAPH.index("Bench Front Co")
        person = at + PARAGRAPH.index("RI WON HO")
        subject = {"text": "Bench Front Co", "start": front, "end": front + 14, "label": "ORG"}
        obj = {"text": "RI WON HO", "start": person, "end": person + 9, "label": "PER",
               "entity_id": "un-KPi.033"}  # fmt: skip
        mentions += [{**subject}, {**obj, "caption": "RI WON HO", "score": 0.99}]
        claims.append(
            {
                "subject": {**subject, "entity_id": None},
                "predicate": "front_company_of",
                "object": obj,
                "hedge": "alleged",
                "attribution": "a panel report",
                "evidence": {"start": at, "end": at + PARAGRAPH.index(".") + 1},
            }
        )
    new = NewDocument(
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        filename="bench-report.txt",
        format="text",
        text=text,
        size=len(text),
        marking=Marking.parse("TLP:AMBER", "USA"),
        language="en",
        model="bench",
        title="Bench panel report",
        mentions=mentions,
        claims=claims,
    )
    return store.add_document(usa, new)[0]


@contextmanager
def database(engine: str, home: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield f"sqlite:///{home / 'cordon.db'}"
        return
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


@contextmanager
def server(url: str, home: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "CORDON_HOME": str(home), "CORDON_DATABASE_URL": url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cordon.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("cordon serve did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def measure(base: str, rounds: int, document: str) -> dict[str, tuple[float, float]]:
    headers = {"Origin": base, "Accept": "text/html"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        login = {"email": "analyst@usa.example", "password": DEMO_PASSWORD}
        assert http.post("/login", data=login).status_code == 303, "sign-in failed"
        results = {}
        for name, template in PAGES:
            path = template.format(document=document)
            http.get(path).raise_for_status()  # warm-up (first-use caches)
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                response = http.get(path)
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
            results[name] = (percentile(times, 50), percentile(times, 95))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--no-analyze",
        dest="analyze",
        action="store_false",
        help="measure straight after the load, without refreshing planner statistics",
    )
    args = parser.parse_args()
    analyze: bool = args.analyze
    console = Console(width=160)
    engines = [e for e in args.engines.split(",") if e]
    found: dict[str, dict[str, tuple[float, float]]] = {}
    for engine in engines:
        with tempfile.TemporaryDirectory(prefix="cordon-pages-") as tmp:
            home = Path(tmp)
            os.environ["CORDON_HOME"] = str(home)
            with database(engine, home) as url:
                started = time.perf_counter()
                store = Store(url)
                document = seed(store)
                if analyze:
                    with store.engine.begin() as conn:
                        conn.execute(text("ANALYZE"))
                store.close()
                console.print(f"{engine}: lists loaded in {time.perf_counter() - started:.1f} s")
                with server(url, home) as base:
                    found[engine] = measure(base, args.rounds, document)
    stats = "after ANALYZE" if analyze else "straight after the load, no ANALYZE"
    table = Table(
        title=f"UI page load times (ms, {args.rounds} sequential requests per page, {stats})"
    )
    table.add_column("page")
    for engine in engines:
        table.add_column(f"{engine} p50", justify="right")
        table.add_column(f"{engine} p95", justify="right")
    if len(engines) == 2:
        table.add_column(f"{engines[1]} / {engines[0]} (p50)", justify="right")
    for name, _ in PAGES:
        row = [name]
        for engine in engines:
            p50, p95 = found[engine][name]
            row += [f"{p50:.1f}", f"{p95:.1f}"]
        if len(engines) == 2:
            a, b = found[engines[0]][name][0], found[engines[1]][name][0]
            row.append(f"{b / a:.2f}×")
        table.add_row(*row)
    console.print(table)


if __name__ == "__main__":
    main()
