"""Benchmark: batch screening on Spark local[2] against the embedded engine, same rows.

    python -m benchmarks.spark --rows 1000000 [--home DIR] [--cores 2]

Loads every list under shared/data/lists into a store (or reuses `--home`, a CORDON_HOME that
already holds them), resolves across lists, generates `--rows` realistic screening rows
(benchmarks/rows.py: 3 % listed names as clerks write them, the rest invented people,
companies and vessels), then screens the same CSV file with

- the embedded engine (`cordon screen`'s runner, `--cores` worker processes), and
- Spark local[`--cores`] (`cordon screen --engine spark`'s job: broadcast index, range
  partitions, the same `screen_record`),

checks that both wrote the same bytes, and prints rows/s, rows/s per core and their ratio, and
the cluster a 200-million-row, one-hour job needs at the measured Spark rate per core.
Wall times include everything a user waits for except building the matcher (done once,
shared) and starting the Spark session (printed apart).
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import resource
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks import rows as gen
from cordon.lists import service
from cordon.policy import SYSTEM
from cordon.screening import resolve
from cordon.screening.batch import run
from cordon.screening.engine import Screener
from cordon.screening.reviews import ReviewBook, ReviewedMatcher
from cordon.store import Store

LISTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
TARGET_ROWS = 200_000_000
TARGET_SECONDS = 3600
CORES_PER_EXECUTOR = 4
console = Console(width=max(Console().width, 140))


def prepare_home(home: Path) -> Store:
    """A store with every shared list loaded and resolved (kept when --home is given)."""
    os.environ["CORDON_HOME"] = str(home)
    store = Store(f"sqlite:///{home / 'cordon.db'}")
    if not store.list_state(SYSTEM):
        console.print(f"loading {LISTS} into {home} ...")
        service.load(store, [LISTS])
        resolve.resolve(store)
    return store


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_seconds() -> float:
    """CPU of this process and of its finished children (the embedded runner's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds of another process (the Spark JVM), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def concatenated(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("part-*")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--home", type=Path, help="a CORDON_HOME holding the lists (reused)")
    parser.add_argument("--skip-embedded", action="store_true")
    args = parser.parse_args(argv)
    from cordon.screening import spark as spark_job
    from cordon.screening.spark_session import session

    with tempfile.TemporaryDirectory(prefix="cordon-spark-bench-") as tmp_name:
        tmp = Path(tmp_name)
        home = args.home or tmp / "home"
        home.mkdir(parents=True, exist_ok=True)
        store = prepare_home(home)
        build_s, screener = timed(lambda: Screener.from_store(store))
        matcher = ReviewedMatcher(screener, ReviewBook.load(store, SYSTEM))
        index_mb = len(pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)) / 1e6
        store.engine.dispose()
        path = tmp / "rows.csv"
        gen_s, count = timed(
            lambda: gen.write_csv(gen.generate(screener.index.targets, args.rows), path)
        )
        console.print(
            f"{count:,} rows generated in {gen_s:.1f} s ({path.stat().st_size / 1e6:,.0f} MB); "
            f"index {screener.index.size:,} designees, broadcast {index_mb:,.0f} MB, "
            f"built in {build_s:.1f} s"
        )
        results = {}
        embedded_out = tmp / "embedded.jsonl"
        if not args.skip_embedded:
            before = cpu_seconds()
            summary = run(
                lambda: matcher, path, embedded_out, 0.75, 5, workers=args.cores, resume=False
            )
            cpu = cpu_seconds() - before
            results["embedded"] = (summary.elapsed - summary.setup, cpu, summary.hits)
            console.print(
                f"embedded: {summary.elapsed:.1f} s, {cpu:.1f} CPU s, {summary.hits:,} hits"
            )
        session_s, spark = timed(
            lambda: session(f"local[{args.cores}]", "cordon-bench", quiet=True)
        )
        try:
            spark_out = tmp / "spark"
            jvm = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
            jvm_before, driver_before = process_cpu(jvm), cpu_seconds()
            job_s, summary = timed(
                lambda: spark_job.screen(spark, matcher, str(path), str(spark_out), 0.75, 5)
            )
            jvm_cpu = process_cpu(jvm) - jvm_before
            cpu = summary.worker_cpu + jvm_cpu + cpu_seconds() - driver_before
        finally:
            spark.stop()
        results["spark"] = (job_s, cpu, summary.hits)
        console.print(
            f"spark: session {session_s:.1f} s, job {job_s:.1f} s in {summary.partitions} "
            f"partitions, CPU s: Python workers {summary.worker_cpu:.1f}, JVM {jvm_cpu:.1f}; "
            f"{summary.hits:,} rows with hits"
        )
        same = None
        if not args.skip_embedded:
            same = concatenated(spark_out) == embedded_out.read_bytes()
        print_table(count, args.cores, results, same, index_mb)
    return 0 if same is not False else 1


def print_table(
    rows: int,
    cores: int,
    results: dict[str, tuple[float, float, int]],
    same: bool | None,
    index_mb: float,
) -> None:
    """Per core two ways: wall time x cores (what this shared machine gave), and CPU seconds
    (what a dedicated core would give: load from other processes does not count)."""
    table = Table(title=f"Batch screening, {rows:,} rows, {cores} cores, same input")
    columns = ("engine", "wall s", "rows/s", "rows/s/core (wall)", "CPU s", "rows/CPU-s")
    for col in (*columns, "vs embedded (wall / CPU)", "rows with hits"):
        table.add_column(col, justify="right" if col != "engine" else "left")
    base = results.get("embedded")
    for name, (seconds, cpu, hits) in results.items():
        per_core = rows / seconds / cores
        per_cpu = rows / cpu
        label = "embedded (processes)" if name == "embedded" else f"spark local[{cores}]"
        ratio = "–"
        if base:
            ratio = (
                f"{per_core / (rows / base[0] / cores):.2f}× / {per_cpu / (rows / base[1]):.2f}×"
            )
        table.add_row(
            label,
            f"{seconds:,.1f}",
            f"{rows / seconds:,.0f}",
            f"{per_core:,.0f}",
            f"{cpu:,.1f}",
            f"{per_cpu:,.0f}",
            ratio,
            f"{hits:,}",
        )
    console.print(table)
    if same is not None:
        console.print(f"identical output (bytes): {'yes' if same else 'NO'}")
    need = TARGET_ROWS / TARGET_SECONDS
    seconds, cpu, _ = results["spark"]
    for label, rate in (("wall", rows / seconds / cores), ("CPU", rows / cpu)):
        total_cores = math.ceil(need / rate)
        executors = math.ceil(total_cores / CORES_PER_EXECUTOR)
        console.print(
            f"200,000,000 rows in one hour = {need:,.0f} rows/s; at {rate:,.0f} rows/s per core "
            f"({label}) that is {total_cores:,} executor cores = {executors:,} executors of "
            f"{CORES_PER_EXECUTOR} cores"
        )
    console.print(
        f"each Python worker holds the index ({index_mb:,.0f} MB pickled) unpickled: "
        "see docs/spark.md for executor memory"
    )


if __name__ == "__main__":
    sys.exit(main())
