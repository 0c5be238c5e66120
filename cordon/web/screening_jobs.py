"""Screening jobs started from the UI: an uploaded CSV/XLSX screened in a background thread,
polled for progress, its results read page by page or downloaded as JSON lines or CSV.

Jobs live in this process (a UI upload is thousands of rows, not millions: `cordon screen`
is the batch tool) and belong to the user who started them: anyone else gets 404, as for a
missing job. The hits come from the public lists (the engine reads as SYSTEM), so they are
TLP:CLEAR; the uploaded rows are the agency's own customers and are never shown to another.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cordon.policy import SYSTEM, Principal
from cordon.screening.batch import screen_record
from cordon.screening.inputs import InputError, open_input, parse_record
from cordon.screening.model import Query
from cordon.screening.reviews import ReviewBook, ReviewedMatcher
from cordon.store import Store

MAX_UPLOAD = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_JOBS = 200  # kept in memory; the oldest finished ones go first


@dataclass(slots=True)
class Job:
    id: str
    agency: str
    user: str
    filename: str
    threshold: float
    limit: int
    created_at: datetime
    total: int | None = None
    done: int = 0
    hits: int = 0
    errors: int = 0
    state: str = "queued"  # queued | indexing | running | done | failed
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    queries: dict[int, Query] = field(default_factory=dict)  # row number -> what was screened

    def owned_by(self, principal: Principal) -> bool:
        return principal.agency == self.agency and principal.user == self.user

    def status(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "state": self.state,
            "error": self.error,
            "total": self.total,
            "done": self.done,
            "hits": self.hits,
            "errors": self.errors,
            "threshold": self.threshold,
            "limit": self.limit,
            "warnings": self.warnings,
            "created_at": self.created_at.isoformat(timespec="seconds"),
        }

    def row(self, number: int) -> dict[str, Any] | None:
        return next((line for line in self.lines if line.get("row") == number), None)


class Jobs:
    """The screening jobs of this server process."""

    def __init__(self, store: Store, screeners: Any) -> None:
        self.store = store
        self.screeners = screeners  # cordon.web.screening.ScreenerCache
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self, principal: Principal, filename: str, data: bytes, threshold: float, limit: int
    ) -> Job:
        """Check the file (an unreadable one is refused here, with the reason) and screen it in
        a thread."""
        suffix = Path(filename).suffix.lower()[:8] or ".csv"
        with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as fh:
            fh.write(data)
            path = Path(fh.name)
        try:
            inp = open_input(path)
        except InputError as exc:
            path.unlink(missing_ok=True)
            raise InputError(str(exc).replace(str(path), filename)) from None
        job = Job(
            id=secrets.token_hex(8),
            agency=principal.agency,
            user=principal.user,
            filename=filename,
            threshold=threshold,
            limit=limit,
            created_at=datetime.now(UTC),
            warnings=[w.replace(path.name, filename) for w in inp.warnings],
        )
        if inp.ignored_columns:
            job.warnings.append("ignored columns: " + ", ".join(inp.ignored_columns[:20]))
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        thread = threading.Thread(
            target=self._run, args=(job, inp, path, principal), name=f"screening-{job.id}"
        )
        thread.daemon = True
        thread.start()
        return job

    def get(self, principal: Principal, job_id: str) -> Job | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.owned_by(principal) else None

    def mine(self, principal: Principal) -> list[Job]:
        jobs = [j for j in list(self._jobs.values()) if j.owned_by(principal)]
        return sorted(jobs, key=lambda j: j.created_at, reverse=True)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state in ("done", "failed")]
        excess = max(0, len(self._jobs) - MAX_JOBS)
        for job in sorted(finished, key=lambda j: j.created_at)[:excess]:
            del self._jobs[job.id]

    def _run(self, job: Job, inp: Any, path: Path, principal: Principal) -> None:
        try:
            job.total = inp.total_rows()
            job.state = "indexing"
            engine = self.screeners.get(SYSTEM)
            matcher = ReviewedMatcher(engine, ReviewBook.load(self.store, principal))
            job.state = "running"
            for number, record in inp.records():
                if job.done >= MAX_ROWS:
                    job.warnings.append(f"stopped after {MAX_ROWS:,} rows: use `cordon screen`")
                    break
                row = parse_record(number, record)
                if isinstance(row.item, Query):
                    job.queries[number] = row.item
                line, hit = screen_record(matcher, number, record, job.threshold, job.limit)
                line["input"] = _describe(row.item)
                job.lines.append(line)
                job.hits += hit
                job.errors += "error" in line
                job.done += 1
            job.total = job.done
            job.state = "done"
            detail = {"rows": job.done, "hits": job.hits, "errors": job.errors, "job": job.id}
            self.store.audit(principal, "screen.batch", job.filename, detail)
        except Exception as exc:  # the job reports it; the server goes on
            job.state = "failed"
            job.error = f"{type(exc).__name__}: {exc}"
        finally:
            path.unlink(missing_ok=True)

    def apply_review(self, job: Job, number: int, entity_id: str, review: dict[str, Any]) -> None:
        """Show a new review on the job's results at once (as the next run would)."""
        line = job.row(number)
        if line is None:
            return
        for m in line["matches"]:
            if m["entity_id"] == entity_id:
                m["reviewed"] = review
                m["match"] = False
        job.hits = sum(any(m["match"] for m in x["matches"]) for x in job.lines)


def _describe(item: Any) -> dict[str, Any]:
    if not isinstance(item, Query):
        return {}
    return {
        "schema": item.schema,
        "names": list(item.names),
        "birth_dates": list(item.birth_dates),
        "countries": list(item.countries),
        "imo": list(item.imo),
        "passports": list(item.passports),
    }


CSV_COLUMNS = (
    "row",
    "id",
    "input_name",
    "rank",
    "entity_id",
    "caption",
    "score",
    "match",
    "reviewed",
    "schema",
    "datasets",
    "source_ids",
    "explanation",
    "error",
)


def as_jsonl(job: Job) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in job.lines)


def as_csv(job: Job) -> str:
    """One row per match (a row without matches still gets one line), spreadsheet-safe: cells
    that a spreadsheet would run as a formula are prefixed with a quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for line in job.lines:
        name = "; ".join(line.get("input", {}).get("names", []))
        base = [line.get("row"), line.get("id"), name]
        matches = line.get("matches") or [None]
        for rank, m in enumerate(matches, 1):
            if m is None:
                writer.writerow(_safe([*base, *[""] * 10, line.get("error", "")]))
                continue
            explanation = "; ".join(
                f"{f['feature']} {f['effect']:+.2f}: {f['detail']}" for f in m["explanation"]
            )
            writer.writerow(
                _safe(
                    [
                        *base,
                        rank,
                        m["entity_id"],
                        m["caption"],
                        m["score"],
                        m["match"],
                        (m.get("reviewed") or {}).get("decision", ""),
                        m["schema"],
                        " ".join(m["datasets"]),
                        " ".join(m["source_ids"]),
                        explanation,
                        line.get("error", ""),
                    ]
                )
            )
    return out.getvalue()


def _safe(cells: list[Any]) -> list[Any]:
    return [
        "'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
        for c in cells
    ]
