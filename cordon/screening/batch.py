"""Batch screening: every row of an input file against the matcher, one JSON line per row.

`run()` is what `cordon screen` does. Output (DESIGN.md): one line per input row, in input
order, `{"id", "row", "matches": [Match.to_dict() ...] best first}`, plus `"warnings"` when a
value was dropped or cut and `"error"` when the row could not be screened (its `matches` is
then empty). The matcher is anything with `match(query, threshold, limit)`.

Durability: lines are written in input order and flushed after every chunk, so a crash loses
at most the chunks in flight. Beside OUT a sidecar `OUT.progress.json` records the input's
identity (path, size, mtime, SHA-256 of its first MB), the settings and the progress. A rerun on
the same input and settings resumes: it counts the complete lines in OUT (the truth; the sidecar
may lag), cuts a half-written last line, skips that many rows and appends. A complete run is not
redone; `resume=False` (`--force`) starts again.

Parallelism: the matcher is built once, in the parent, and left in a module global before the
worker processes are forked, so workers share its memory copy-on-write (frozen out of the
garbage collector's sight for the run, so collections neither walk nor copy it). Raw records
go to the workers in chunks (parsing, matching and JSON encoding happen there); results come
back in order, and only a bounded window of chunks is in flight, so memory does not grow with
the file.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TextIO

from cordon.screening.engine import warm_up
from cordon.screening.inputs import (
    InputError,
    InputFile,
    InputRow,
    Record,
    RowError,
    open_input,
    parse_record,
)
from cordon.screening.model import Match, Query

CHUNK_ROWS = 256
REMEMBERED = 65_536  # distinct queries per worker whose answers are kept for repeats
WINDOW_PER_WORKER = 4  # chunks in flight per worker
SIDECAR_EVERY = 1.0  # seconds between sidecar updates
HEAD_BYTES = 1024 * 1024
SIDECAR_VERSION = 1


class Matcher(Protocol):
    def match(self, query: Query, threshold: float, limit: int) -> list[Match]: ...


ProgressCallback = Callable[[int, "int | None"], None]


class Remembered:
    """A matcher that answers a repeated query from memory: a shipment or payments file names
    the same consignee, vessel or beneficiary on thousands of rows. The key is the query as
    screened (the row id aside), so a repeat gets exactly the answer its first row got;
    callers get copies, which they may mark as reviewed."""

    def __init__(self, matcher: Matcher, size: int = REMEMBERED) -> None:
        self.matcher = matcher
        self.size = size
        self._answers: dict[tuple[Query, float, int], list[Match]] = {}

    def match(self, query: Query, threshold: float, limit: int) -> list[Match]:
        # Every field but the id: a field added to Query later is part of the key too.
        key = (replace(query, id=""), threshold, limit)
        found = self._answers.get(key)
        if found is None:
            found = self.matcher.match(query, threshold, limit)
            if len(self._answers) >= self.size:
                self._answers.clear()
            self._answers[key] = found
        return [
            replace(
                m, datasets=[*m.datasets], source_ids=[*m.source_ids], explanation=[*m.explanation]
            )
            for m in found
        ]


class ResumeError(RuntimeError):
    """OUT exists but cannot be resumed (another input, other settings, not ours)."""


@dataclass
class Summary:
    rows: int = 0  # rows screened in this run
    hits: int = 0  # rows with at least one match at or above the threshold
    errors: int = 0  # rows that could not be screened (output line has "error")
    warned: int = 0  # rows with warnings (a value dropped or cut)
    elapsed: float = 0.0  # wall time of the whole run
    setup: float = 0.0  # of which building the matcher and lookup tables
    skipped: int = 0  # rows already in OUT from an earlier, interrupted run
    total: int | None = None  # rows in the input, when known (an estimate for CSV/JSONL)
    already_complete: bool = False  # OUT was complete: nothing was screened
    complete: bool = False
    input_warnings: list[str] = field(default_factory=list)
    previous: dict[str, Any] | None = None  # the complete earlier run's summary

    @property
    def rows_per_second(self) -> float:
        """Screening throughput (setup excluded)."""
        seconds = self.elapsed - self.setup
        return self.rows / seconds if seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "hits": self.hits,
            "errors": self.errors,
            "warned": self.warned,
            "elapsed": round(self.elapsed, 3),
            "setup": round(self.setup, 3),
            "rows_per_second": round(self.rows_per_second, 1),
            "skipped": self.skipped,
            "complete": self.complete,
        }


# ---------------------------------------------------------------- workers

# Set in the parent before forking; each worker reads its copy-on-write copy.
_MATCHER: Matcher | None = None


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle: it keeps what was written and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass(slots=True)
class _Chunk:
    text: str
    rows: int
    hits: int
    errors: int
    warned: int


def _encode(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def screen_record(
    matcher: Matcher, number: int, record: Record, threshold: float, limit: int
) -> tuple[dict[str, Any], bool]:
    """One raw record -> its output line (as a dict) and whether it is a hit."""
    try:
        row = parse_record(number, record)
    except Exception as exc:  # a parser bug must not end the run either
        row = InputRow(number, RowError(str(number), f"unreadable row: {type(exc).__name__}"))
    item = row.item
    hit = False
    if isinstance(item, RowError):
        line: dict[str, Any] = {"id": item.id, "row": number, "matches": [], "error": item.message}
    else:
        line = {"id": item.id, "row": number, "matches": []}
        try:
            matches = matcher.match(item, threshold, limit)
        except Exception as exc:  # one bad row must not end a million-row run
            line["error"] = f"screening failed: {type(exc).__name__}: {exc}"
        else:
            matches = sorted(matches, key=lambda m: -m.score)[:limit]
            line["matches"] = [m.to_dict() for m in matches]
            hit = any(m.match for m in matches)
    if row.warnings:
        line["warnings"] = list(row.warnings)
    return line, hit


def _screen_chunk(task: tuple[float, int, list[tuple[int, Record]]]) -> _Chunk:
    threshold, limit, records = task
    matcher = _MATCHER
    assert matcher is not None, "matcher not set before the workers started"
    lines = []
    hits = errors = warned = 0
    for number, record in records:
        line, hit = screen_record(matcher, number, record, threshold, limit)
        hits += hit
        errors += "error" in line
        warned += "warnings" in line
        lines.append(_encode(line))
    return _Chunk("\n".join(lines) + "\n", len(records), hits, errors, warned)


def _chunks(records: Iterator[tuple[int, Record]], size: int) -> Iterator[list]:
    chunk: list[tuple[int, Record]] = []
    for item in records:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------- resume


def sidecar_path(out_path: Path) -> Path:
    return out_path.with_name(out_path.name + ".progress.json")


def input_identity(path: Path) -> dict[str, Any]:
    st = path.stat()
    with open(path, "rb") as fh:
        head = hashlib.sha256(fh.read(HEAD_BYTES)).hexdigest()
    return {
        "input": str(path.resolve()),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "sha256_first_mb": head,
    }


def _write_sidecar(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _count_complete_lines(out_path: Path) -> tuple[int, int, bytes]:
    """(complete lines, byte length up to the last newline, the last complete line)."""
    count = 0
    end = 0
    last = b""
    carry = b""
    offset = 0
    with open(out_path, "rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            n = chunk.count(b"\n")
            if n:
                count += n
                cut = chunk.rfind(b"\n")
                end = offset + cut + 1
                prev = chunk.rfind(b"\n", 0, cut)
                last = (chunk[prev + 1 : cut]) if prev >= 0 else carry + chunk[:cut]
                carry = chunk[cut + 1 :]
            else:
                carry += chunk
            offset += len(chunk)
    return count, end, last


def _prepare_resume(
    out_path: Path, identity: dict[str, Any], settings: dict[str, Any]
) -> tuple[int, dict[str, Any] | None]:
    """How many rows OUT already holds (0 for a fresh start); raises ResumeError when OUT
    cannot be resumed. Returns the sidecar too when the previous run is complete."""
    side = sidecar_path(out_path)
    if not out_path.exists() or out_path.stat().st_size == 0:
        return 0, None
    try:
        state = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ResumeError(
            f"{out_path} exists and was not written by an interrupted `cordon screen` "
            f"(no readable {side.name}); use --force to overwrite it"
        ) from None
    same_input = all(state.get(k) == identity[k] for k in ("size", "mtime_ns", "sha256_first_mb"))
    if not same_input:
        raise ResumeError(
            f"{out_path} holds results for another version of the input "
            f"({state.get('input')}); use --force to screen it again"
        )
    changed = [k for k, v in settings.items() if state.get(k) != v]
    if changed:
        was = ", ".join(f"{k}={state.get(k)}" for k in changed)
        raise ResumeError(
            f"{out_path} was written with other settings ({was}); use --force to start again"
        )
    count, end, last = _count_complete_lines(out_path)
    if count:
        try:
            last_row = json.loads(last)["row"]
        except (ValueError, KeyError, TypeError):
            last_row = None
        if last_row != count:
            raise ResumeError(
                f"{out_path} does not line up with its input (line {count} is not row {count}); "
                "use --force to start again"
            )
    if state.get("complete") and out_path.stat().st_size == end:
        return count, state
    with open(out_path, "r+b") as fh:  # cut a half-written last line
        fh.truncate(end)
    return count, None


# ---------------------------------------------------------------- run


def run(
    matcher_factory: Callable[[], Matcher],
    input_path: Path | str,
    out_path: Path | str | None,
    threshold: float,
    limit: int = 5,
    workers: int = 1,
    resume: bool = True,
    progress: ProgressCallback | None = None,
    *,
    chunk_rows: int = CHUNK_ROWS,
    inp: InputFile | None = None,
) -> Summary:
    """Screen every row of `input_path`; write JSON lines to `out_path` (stdout when None).

    `matcher_factory` is called once, after the input was checked and only if there is work.
    `progress(done, total)` is called as rows are written (done counts resumed rows too).
    Raises InputError (bad input file) or ResumeError (OUT cannot be resumed) before anything
    is screened. On any other failure or Ctrl-C, what was written stays and the sidecar is
    brought up to date, so the same call resumes.
    """
    global _MATCHER
    started = time.perf_counter()
    input_path = Path(input_path)
    inp = inp or open_input(input_path)
    summary = Summary(input_warnings=list(inp.warnings))
    if progress is not None:
        summary.total = inp.total_rows()
    settings = {"threshold": threshold, "limit": limit}

    side: Path | None = None
    state: dict[str, Any] = {}
    if out_path is not None:
        out_path = Path(out_path)
        if out_path.exists() and out_path.resolve() == input_path.resolve():
            raise InputError(f"{out_path}: the output would overwrite the input")
        identity = input_identity(input_path)
        skipped, done_state = _prepare_resume(out_path, identity, settings) if resume else (0, None)
        summary.skipped = skipped
        if done_state is not None:
            summary.already_complete = summary.complete = True
            summary.previous = done_state.get("summary")
            summary.elapsed = time.perf_counter() - started
            return summary
        side = sidecar_path(out_path)
        state = {"version": SIDECAR_VERSION, **identity, **settings, "format": inp.format}
        state.update(rows_done=skipped, complete=False)

    setup_started = time.perf_counter()
    matcher = matcher_factory()  # only now: nothing to build when the input is refused
    warm_up(countries="nationality" in inp.fields or inp.format == "jsonl")
    summary.setup = time.perf_counter() - setup_started
    out: TextIO
    if out_path is None:
        out = sys.stdout
    else:
        assert side is not None
        _write_sidecar(side, state)
        # Closed in the `finally` below, which must also update the sidecar.
        out = open(out_path, "a" if summary.skipped else "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    records = inp.records(skip=summary.skipped)
    tasks = ((threshold, limit, chunk) for chunk in _chunks(records, chunk_rows))
    done = summary.skipped
    last_side = time.monotonic()

    def report() -> None:
        if progress is not None:
            progress(done, summary.total)

    def write(chunk: _Chunk) -> None:
        nonlocal done, last_side
        out.write(chunk.text)
        out.flush()
        summary.rows += chunk.rows
        summary.hits += chunk.hits
        summary.errors += chunk.errors
        summary.warned += chunk.warned
        done += chunk.rows
        if side is not None and time.monotonic() - last_side >= SIDECAR_EVERY:
            state.update(rows_done=done)
            _write_sidecar(side, state)
            last_side = time.monotonic()
        report()

    try:
        _MATCHER = Remembered(matcher)
        out.flush()  # nothing buffered may be inherited by the workers
        # The matcher's index is millions of long-lived objects: out of the garbage
        # collector's sight, full collections stop walking it (in this process, which reads
        # and writes, and in the forked workers, whose copy-on-write pages stay shared).
        gc.freeze()
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            report()
            for task in tasks:
                write(_screen_chunk(task))
        else:
            _run_pool(tasks, workers, write, report)
        summary.complete = True
    finally:
        _MATCHER = None
        gc.unfreeze()
        summary.elapsed = time.perf_counter() - started
        if out_path is None:
            out.flush()
        else:
            out.flush()
            if summary.complete:
                os.fsync(out.fileno())
            out.close()
            assert side is not None
            state.update(rows_done=done, complete=summary.complete)
            if summary.complete:
                state["summary"] = summary.to_dict()
            _write_sidecar(side, state)
    return summary


def _run_pool(
    tasks: Iterator[tuple[float, int, list]],
    workers: int,
    write: Callable[[_Chunk], None],
    started: Callable[[], Any],
) -> None:
    context = multiprocessing.get_context("fork")
    window = workers * WINDOW_PER_WORKER
    pending: deque[Future[_Chunk]] = deque()
    forked = False
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint)
    try:
        for task in tasks:
            pending.append(pool.submit(_screen_chunk, task))
            if not forked:
                forked = True
                started()  # the workers are forked now: a progress display may start
            if len(pending) >= window:
                write(pending.popleft().result())
        while pending:
            write(pending.popleft().result())
    finally:
        # On failure, chunks not yet started are dropped; running ones finish (bounded).
        pool.shutdown(wait=True, cancel_futures=True)
