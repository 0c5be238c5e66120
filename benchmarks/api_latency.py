"""Benchmark: `POST /api/v1/match` latency with 16 concurrent clients on loopback.

Run with `.venv/bin/python -m benchmarks.api_latency [--requests N] [--clients C]
[--workers W]`. Loads the shared lists into a temporary store, resolves them, starts `cordon
serve` on a free 127.0.0.1 port, sends a fixed, bounded number of single-query match requests
built from real list names (some respelled, some not listed), and prints p50/p90/p99 and
requests/s. Side by side, in the same run and against the same server: `GET /api/v1/me`, which
authenticates the key and does nothing else, i.e. the floor the framework, the HTTP client and
the machine set before any screening or auditing happens.

Two load generators, one after the other against the same server: httpx clients on one asyncio
loop (Python, so the client takes a share of the machine's two cores), and, when Debian's `wrk`
is installed (`apt-get install wrk`), wrk with the same connections and the same bodies for
`--seconds`, whose C client leaves the cores to the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
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


WRK_SCRIPT = """
local bodies = {%s}
local i = 0
wrk.method = "%s"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "%s"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
"""
WRK_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def run_wrk(
    url: str, bodies: list[dict] | None, clients: int, seconds: int, auth: str, tmp: Path
) -> dict[str, float]:
    """wrk's latency percentiles (seconds) and requests/s for `bodies` POSTed in turn, or for
    GETs when `bodies` is None. Non-2xx answers are a failure, not a number."""
    quoted = ", ".join(f"[==[{json.dumps(b)}]==]" for b in bodies or [""])
    script = tmp / "load.lua"
    script.write_text(WRK_SCRIPT % (quoted, "POST" if bodies else "GET", auth))
    out = subprocess.run(
        [
            "wrk",
            "--latency",
            "-t",
            "2",
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw failed requests:\n{out}")
    found = {
        f"p{p}": float(v) * WRK_UNITS[unit]
        for p, v, unit in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    }
    found["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    return found


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="cordon serve --workers")
    parser.add_argument("--seconds", type=int, default=15, help="length of each wrk run")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
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
            endpoints = (
                ("GET /api/v1/me (auth only)", f"{base}/me", None),
                ("POST /api/v1/match (screen + audit)", url, work),
            )
            rows: list[tuple[str, dict[str, float]]] = []
            for name, target, load in endpoints:
                latencies, elapsed = asyncio.run(
                    run(target, list(load or [None] * args.requests), args.clients, headers)
                )
                summary = {f"p{p}": percentile(latencies, p) for p in (50, 90, 99)}
                rows.append((f"httpx: {name}", {**summary, "rps": len(latencies) / elapsed}))
            for name, target, load in endpoints if wrk else ():
                auth = headers["Authorization"]
                found = run_wrk(target, load, args.clients, args.seconds, auth, Path(home))
                rows.append((f"wrk: {name}", found))
        finally:
            server.terminate()
            server.wait(timeout=30)
    table = Table(
        title=f"{args.clients} concurrent clients, cordon serve --workers {args.workers}; "
        f"httpx: {args.requests:,} requests each, wrk: {args.seconds} s each"
    )
    for col in ("request", "p50 (ms)", "p90 (ms)", "p99 (ms)", "requests/s"):
        table.add_column(col, justify="right")
    for name, found in rows:
        table.add_row(
            name,
            *(f"{found[f'p{p}'] * 1000:.1f}" for p in (50, 90, 99)),
            f"{found['rps']:,.0f}",
        )
    Console().print(table)
    Console().print("targets: p50 < 10 ms, p99 < 50 ms")
    if not wrk:
        Console().print("wrk is not installed (apt-get install wrk): httpx load only")


if __name__ == "__main__":
    main()
