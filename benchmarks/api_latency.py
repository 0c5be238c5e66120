"""Benchmark: `POST /api/v1/match` latency with 16 concurrent clients on loopback.

Run with `.venv/bin/python -m benchmarks.api_latency [--requests N] [--clients C]
[--workers W]`. Loads the shared lists into a temporary store, resolves them, starts `cordon
serve` on a free 127.0.0.1 port, sends a fixed, bounded number of single-query match requests
built from real list names (some respelled, some not listed), and prints p50/p90/p99 and
requests/s. Side by side, in the same run and against the same server: `GET /api/v1/me`, which
authenticates the key and does nothing else, i.e. the floor the framework, the HTTP client and
the machine set before any screening or auditing happens.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from cordon.lists import service
from cordon.policy import SYSTEM
from cordon.screening import resolve
from cordon.screening.engine import Screener
from cordon.sharing.demo import create_demo
from cordon.store import Store

LISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bodies(screener: Screener, n: int) -> list[dict]:
    rng = random.Random(20261124)
    names = [f.text for t in screener.index.targets for f in t.names[:1]]
    out = []
    for _ in range(n):
        name = rng.choice(names)
        if rng.random() < 0.3:
            name = name[::-1]  # mostly not listed: the negative path
        out.append({"queries": {"q": {"schema": "LegalEntity", "properties": {"name": [name]}}}})
    return out


async def client(url: str, work: list[dict | None], latencies: list[float], headers: dict) -> None:
    async with httpx.AsyncClient(timeout=30, headers=headers) as http:
        while work:
            body = work.pop()
            start = time.perf_counter()
            if body is None:
                response = await http.get(url)
            else:
                response = await http.post(url, json=body)
            latencies.append(time.perf_counter() - start)
            response.raise_for_status()


async def run(
    url: str, work: list[dict | None], clients: int, headers: dict
) -> tuple[list[float], float]:
    latencies: list[float] = []
    start = time.perf_counter()
    await asyncio.gather(*(client(url, work, latencies, headers) for _ in range(clients)))
    return latencies, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="cordon serve --workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "CORDON_HOME": home,
            "CORDON_DATABASE_URL": f"sqlite:///{home}/cordon.db",
        }
        os.environ.update(env)
        store = Store(env["CORDON_DATABASE_URL"])
        service.load(store, [LISTS])
        resolve.resolve(store)
        create_demo(store)  # screening is for signed-in partners: every request is audited
        headers = {"Authorization": f"Bearer {store.create_api_key('analyst@usa.example')}"}
        screener = Screener.from_store(store, SYSTEM)  # also persists the index for the server
        work = bodies(screener, args.requests)
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("cordon")),
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}/api/v1"
            url = f"{base}/match"
            deadline = time.time() + 120
            while time.time() < deadline:
                try:
                    httpx.post(url, json=work[0], headers=headers, timeout=60).raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.5)
            floor = [None] * args.requests
            results = {
                "GET /api/v1/me (auth only)": asyncio.run(
                    run(f"{base}/me", floor, args.clients, headers)
                ),
                "POST /api/v1/match (screen + audit)": asyncio.run(
                    run(url, list(work), args.clients, headers)
                ),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    table = Table(
        title=f"{args.clients} concurrent clients, cordon serve --workers {args.workers}, "
        f"{args.requests:,} requests each"
    )
    for col in ("request", "p50 (ms)", "p90 (ms)", "p99 (ms)", "requests/s"):
        table.add_column(col, justify="right")
    for name, (latencies, elapsed) in results.items():
        table.add_row(
            name,
            *(f"{percentile(latencies, p) * 1000:.1f}" for p in (50, 90, 99)),
            f"{len(latencies) / elapsed:,.0f}",
        )
    Console().print(table)
    Console().print("targets: p50 < 10 ms, p99 < 50 ms")


if __name__ == "__main__":
    main()
