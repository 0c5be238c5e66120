"""Benchmark: batch screening on Spark local[2] against the embedded engine, same rows.

    python -m benchmarks.spark --rows 2000000 [--home DIR] [--cores 2] [--every 60]

Loads every list under shared/data/lists into a store (or reuses `--home`, a CORDON_HOME that
already holds them), resolves across lists, streams `--rows` realistic screening rows to a CSV
file (benchmarks/rows.py: 3 % listed names as clerks write them, the rest invented people,
companies and vessels; nothing is held in memory, so 10 million rows cost 450 MB of disk),
then screens that file with

- the embedded engine (`cordon screen`'s runner, `--cores` worker processes), and
- Spark local[`--cores`] (`cordon screen --engine spark`'s job: broadcast index, range
  partitions, the same `screen_record`),

checks that both wrote the same bytes (compared in blocks, never whole files in memory), and
prints rows/s, rows/s per core and their ratio, and the cluster a 200-million-row, one-hour
job needs at the measured Spark rate per core. Per core is given two ways: wall time x cores
(what this machine gave, load from other processes included) and CPU seconds (Python workers,
the JVM and the driver: what a dedicated core gives). Wall times include everything a user
waits for except building the matcher (done once, shared) and starting the Spark session
(printed apart). Also measured: the broadcast's size and unpickling cost, and the peak
resident memory of the largest Python worker of each engine and of the Spark JVM (sampled
from /proc), which docs/spark.md uses for executor memory. Progress is printed every
`--every` seconds, so a long run can be followed in its log.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import pickle
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
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


def status_kb(pid: int | str, key: str) -> int:
    """A `VmRSS:`-style line of /proc/PID/status, in kB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def descendants(root: int) -> list[int]:
    """Every process under `root` (children, grandchildren...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Sampler(threading.Thread):
    """Every `every` seconds: the largest peak RSS (VmHWM) and peak address space (VmPeak) of
    the Python processes under this one (the embedded workers; Spark's pyspark daemon and
    workers under the JVM), and `report()` for the log every `log_every` seconds."""

    def __init__(self, report: Callable[[], str] | None = None, log_every: float = 60.0) -> None:
        super().__init__(daemon=True)
        self.report, self.log_every = report, log_every
        self.rss_kb = self.vm_kb = 0
        self.done = threading.Event()

    def sample(self) -> None:
        me = os.getpid()
        for pid in descendants(me):
            try:
                comm = Path(f"/proc/{pid}/comm").read_text()
            except OSError:
                continue
            if "python" not in comm:
                continue  # the JVM and shells
            rss = status_kb(pid, "VmHWM")
            if rss:
                self.rss_kb = max(self.rss_kb, rss)
                self.vm_kb = max(self.vm_kb, status_kb(pid, "VmPeak"))

    def run(self) -> None:
        started = last = time.monotonic()
        while not self.done.wait(1.0):
            self.sample()
            if self.report and time.monotonic() - last >= self.log_every:
                last = time.monotonic()
                console.print(
                    f"  [{last - started:,.0f} s] {self.report()}", highlight=False, markup=False
                )

    def stop(self) -> tuple[float, float]:
        self.sample()
        self.done.set()
        self.join()
        return self.rss_kb / 1024, self.vm_kb / 1024


def same_output(folder: Path, single: Path, block: int = 1 << 22) -> bool:
    """Are the part files of `folder`, concatenated in order, `single`'s bytes? In blocks."""
    with open(single, "rb") as want:
        for part in sorted(folder.glob("part-*")):
            with open(part, "rb") as got:
                while data := got.read(block):
                    if want.read(len(data)) != data:
                        return False
        return want.read(1) == b""


def unpickling(blob: bytes) -> tuple[float, float]:
    """(seconds, MB of resident memory) one Python worker spends loading the broadcast."""
    gc.collect()
    before = status_kb("self", "VmRSS")
    start = time.perf_counter()
    copy = pickle.loads(blob)
    seconds = time.perf_counter() - start
    grown = (status_kb("self", "VmRSS") - before) / 1024
    del copy
    gc.collect()
    return seconds, grown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--home", type=Path, help="a CORDON_HOME holding the lists (reused)")
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--every", type=float, default=60.0, help="progress every N seconds")
    args = parser.parse_args(argv)
    from cordon.screening import spark as spark_job
    from cordon.screening.spark_session import session

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cordon-spark-bench-") as tmp_name:
        tmp = Path(tmp_name)
        home = args.home or tmp / "home"
        home.mkdir(parents=True, exist_ok=True)
        store = prepare_home(home)
        build_s, screener = timed(lambda: Screener.from_store(store))
        matcher = ReviewedMatcher(screener, ReviewBook.load(store, SYSTEM))
        blob = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
        index_mb = len(blob) / 1e6
        load_s, load_mb = unpickling(blob)
        del blob
        store.engine.dispose()
        path = tmp / "rows.csv"
        gen_s, count = timed(
            lambda: gen.write_csv(gen.generate(screener.index.targets, args.rows), path)
        )
        console.print(
            f"{count:,} rows generated in {gen_s:.1f} s ({path.stat().st_size / 1e6:,.0f} MB); "
            f"index {screener.index.size:,} designees, built in {build_s:.1f} s; broadcast "
            f"{index_mb:,.0f} MB pickled, unpickled in {load_s:.1f} s to {load_mb:,.0f} MB"
        )
        results: dict[str, tuple[float, float, int]] = {}
        memory: dict[str, tuple[float, float]] = {}
        embedded_out = tmp / "embedded.jsonl"
        if not args.skip_embedded:
            done = [0]
            sampler = Sampler(lambda: f"embedded: {done[0]:,} / {count:,} rows", args.every)

            def progress(rows: int, total: int | None) -> None:
                done[0] = rows

            before = cpu_seconds()
            sampler.start()
            summary = run(
                lambda: matcher,
                path,
                embedded_out,
                0.75,
                5,
                workers=args.cores,
                resume=False,
                progress=progress,
            )
            memory["embedded"] = sampler.stop()
            cpu = cpu_seconds() - before
            results["embedded"] = (summary.elapsed - summary.setup, cpu, summary.hits)
            console.print(
                f"embedded: {summary.elapsed:.1f} s, {cpu:.1f} CPU s, {summary.hits:,} hits; "
                f"largest worker peak RSS {memory['embedded'][0]:,.0f} MB"
            )
        session_s, spark = timed(
            lambda: session(f"local[{args.cores}]", "cordon-bench", quiet=True)
        )
        try:
            spark_out = tmp / "spark"
            jvm = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
            tracker = spark.sparkContext.statusTracker()

            def spark_progress() -> str:
                stages = [tracker.getStageInfo(i) for i in tracker.getActiveStageIds()]
                tasks = ", ".join(
                    f"stage {st.stageId}: {st.numCompletedTasks}/{st.numTasks} tasks"
                    for st in stages
                    if st is not None
                )
                return f"spark: {tasks or 'between stages'}"

            sampler = Sampler(spark_progress, args.every)
            jvm_before, driver_before = process_cpu(jvm), cpu_seconds()
            sampler.start()
            job_s, summary = timed(
                lambda: spark_job.screen(spark, matcher, str(path), str(spark_out), 0.75, 5)
            )
            memory["spark"] = sampler.stop()
            jvm_cpu = process_cpu(jvm) - jvm_before
            jvm_rss = status_kb(jvm, "VmHWM") / 1024
            cpu = summary.worker_cpu + jvm_cpu + cpu_seconds() - driver_before
        finally:
            spark.stop()
        results["spark"] = (job_s, cpu, summary.hits)
        console.print(
            f"spark: session {session_s:.1f} s, job {job_s:.1f} s in {summary.partitions} "
            f"partitions, CPU s: Python workers {summary.worker_cpu:.1f}, JVM {jvm_cpu:.1f}; "
            f"{summary.hits:,} rows with hits; largest Python worker peak RSS "
            f"{memory['spark'][0]:,.0f} MB (address space {memory['spark'][1]:,.0f} MB), "
            f"JVM (driver and executor) peak RSS {jvm_rss:,.0f} MB"
        )
        same = None
        if not args.skip_embedded:
            same = same_output(spark_out, embedded_out)
        print_table(count, args.cores, results, same, index_mb, memory)
    console.print(f"benchmark wall time {time.perf_counter() - started:,.0f} s")
    return 0 if same is not False else 1


def label_of(name: str, cores: int) -> str:
    return "embedded (processes)" if name == "embedded" else f"spark local[{cores}]"


def print_table(
    rows: int,
    cores: int,
    results: dict[str, tuple[float, float, int]],
    same: bool | None,
    index_mb: float,
    memory: dict[str, tuple[float, float]],
) -> None:
    """The measurement (rich, then Markdown for the README) and the cluster it projects."""
    columns = (
        "engine",
        "wall s",
        "rows/s",
        "rows/s/core (wall)",
        "CPU s",
        "rows/CPU-s",
        "vs embedded (wall / CPU)",
        "rows with hits",
        "largest worker RSS",
    )
    table = Table(title=f"Batch screening, {rows:,} rows, {cores} cores, same input")
    for col in columns:
        table.add_column(col, justify="right" if col != "engine" else "left")
    base = results.get("embedded")
    cells = []
    for name, (seconds, cpu, hits) in results.items():
        per_core = rows / seconds / cores
        per_cpu = rows / cpu
        ratio = "–"
        if base:
            ratio = (
                f"{per_core / (rows / base[0] / cores):.2f}× / {per_cpu / (rows / base[1]):.2f}×"
            )
        rss = memory.get(name, (0.0, 0.0))[0]
        cells.append(
            (
                label_of(name, cores),
                f"{seconds:,.1f}",
                f"{rows / seconds:,.0f}",
                f"{per_core:,.0f}",
                f"{cpu:,.1f}",
                f"{per_cpu:,.0f}",
                ratio,
                f"{hits:,}",
                f"{rss:,.0f} MB",
            )
        )
    for row in cells:
        table.add_row(*row)
    console.print(table)
    if same is not None:
        console.print(f"identical output (bytes): {'yes' if same else 'NO'}")

    need = TARGET_ROWS / TARGET_SECONDS
    seconds, cpu, _ = results["spark"]
    projection = Table(
        title=f"{TARGET_ROWS:,} rows in one hour = {need:,.0f} rows/s on Spark, at the measured "
        "per-core rate"
    )
    plan = (
        "Spark rate per core",
        "rows/s/core",
        "executor cores",
        f"{CORES_PER_EXECUTOR}-core executors",
    )
    for col in plan:
        projection.add_column(col, justify="right" if col != plan[0] else "left")
    plans = []
    for label, rate in (
        ("wall (this shared machine)", rows / seconds / cores),
        ("CPU (a dedicated core)", rows / cpu),
    ):
        total_cores = math.ceil(need / rate)
        executors = math.ceil(total_cores / CORES_PER_EXECUTOR)
        plans.append((label, f"{rate:,.0f}", f"{total_cores:,}", f"{executors:,}"))
        projection.add_row(*plans[-1])
    console.print(projection)
    console.print(
        "plus headroom for stragglers and the fixed costs (executor start, the broadcast, each "
        f"worker unpickling {index_mb:,.0f} MB once): docs/spark.md"
    )
    console.print("\nMarkdown:\n")
    console.print("| " + " | ".join(columns) + " |", highlight=False, markup=False)
    console.print("|---" + "|---:" * (len(columns) - 1) + "|", highlight=False, markup=False)
    for row in cells:
        console.print("| " + " | ".join(row) + " |", highlight=False, markup=False)
    console.print()
    console.print("| " + " | ".join(plan) + " |", highlight=False, markup=False)
    console.print("|---" + "|---:" * (len(plan) - 1) + "|", highlight=False, markup=False)
    for row in plans:
        console.print("| " + " | ".join(row) + " |", highlight=False, markup=False)


if __name__ == "__main__":
    sys.exit(main())
