"""`cordon screen INPUT [--out OUT.jsonl] [--threshold T] [--limit K]`."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from cordon.cli.common import console, errors, open_store, principal_for
from cordon.screening import DEFAULT_THRESHOLD
from cordon.screening.batch import Matcher, ResumeError, Summary, run
from cordon.screening.inputs import InputError, open_input


def _cores() -> int:
    """The cores this process may use (a container's or taskset's limit, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_matcher(as_user: str | None) -> Matcher:
    """The screening engine over everything `as_user` may read (public data by default)."""
    from cordon.screening.engine import Screener
    from cordon.screening.reviews import ReviewBook, ReviewedMatcher

    store = open_store()
    try:
        principal = principal_for(store, as_user)
        screener = Screener.from_store(store, principal)
        return ReviewedMatcher(screener, ReviewBook.load(store, principal))
    finally:
        # The pool's connections are not to be shared with forked workers; the engine
        # reconnects if the screener reads again later.
        store.engine.dispose()


class RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "– rows/s", style="progress.data.speed")


def screen(
    input: Annotated[
        Path, typer.Argument(help="CSV, XLSX, JSONL or Parquet file with a header row")
    ],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write JSON lines here (default: standard output)"),
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Score at which a match counts as a hit")
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(min=1, help="Matches kept per row, best first")] = 5,
    workers: Annotated[int, typer.Option(min=1, help="Processes (default: all cores)")] = _cores(),
    force: Annotated[
        bool, typer.Option("--force", help="Screen again even if OUT is complete or resumable")
    ] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Read as this user")] = None,
) -> None:
    """Screen every row of INPUT against all loaded lists: one JSON line per row, best first.

    Columns (any case): id, name, schema, birth_date, nationality or country, imo, passport.

    Also: full_name, first_name + last_name, dob, date_of_birth, imo_number, passport_number.

    An interrupted run resumes when the same command is run again.
    """
    report = console if out is not None else errors  # keep stdout for the JSON lines
    try:
        inp = open_input(input)
    except InputError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    for warning in inp.warnings:
        errors.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if inp.ignored_columns:
        ignored = ", ".join(inp.ignored_columns[:20])
        errors.print(f"[dim]ignoring columns: {ignored}[/]", highlight=False)

    bar = Progress(
        TextColumn("[bold]screening"),
        BarColumn(),
        MofNCompleteColumn(),
        RowsPerSecond(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,  # the JSON lines go to the real stdout
        redirect_stderr=False,
    )
    task = bar.add_task("screening", total=None)
    first: list[int] = []

    def progress(done: int, total: int | None) -> None:
        if not first:  # started lazily: the workers are forked before the display thread
            first.append(done)
            bar.reset(task, total=total, completed=done)
            bar.start()
            return
        bar.update(task, completed=done, total=max(total, done) if total else None)

    try:
        summary = run(
            lambda: build_matcher(as_user),
            input,
            out,
            threshold=threshold,
            limit=limit,
            workers=workers,
            resume=not force,
            progress=progress,
            inp=inp,
        )
    except (ResumeError, InputError) as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    except typer.Exit:
        bar.stop()
        raise
    except BrokenPipeError:  # `cordon screen in.csv | head`: the reader has seen enough
        bar.stop()
        with contextlib.suppress(OSError, ValueError):  # no flush error at exit either
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        bar.stop()
        errors.print(_interrupted(out))
        raise typer.Exit(130) from None
    except Exception as exc:
        bar.stop()
        errors.print(f"[red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        errors.print(_interrupted(out))
        raise typer.Exit(1) from None
    finally:
        bar.stop()
    sys.stdout.flush()
    if summary.already_complete:
        report.print(
            f"{out} is already complete ({summary.skipped:,} rows); use --force to screen again"
        )
        return
    report.print(summary_table(summary, out))
    _audit_batch(as_user, input, summary)


def _audit_batch(as_user: str | None, source: object, summary: Summary) -> None:
    """Batch screening is audited like API screening: visible to the screening agency only."""
    store = open_store()
    try:
        detail = {"rows": summary.rows, "hits": summary.hits, "errors": summary.errors}
        store.audit(principal_for(store, as_user), "screen.batch", str(source), detail)
    finally:
        store.close()


def _interrupted(out: Path | None) -> str:
    if out is None:
        return "stopped; rows printed so far are complete lines"
    return f"stopped; the rows written to {out} are kept: run the same command to resume"


def summary_table(summary: Summary, out: Path | None) -> Table:
    table = Table(title="Screening summary", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    table.add_row("rows screened", f"{summary.rows:,}")
    if summary.skipped:
        table.add_row("resumed after", f"{summary.skipped:,} rows")
    table.add_row("rows with hits", f"{summary.hits:,}")
    table.add_row("errors", f"{summary.errors:,}")
    if summary.warned:
        table.add_row("rows with warnings", f"{summary.warned:,}")
    table.add_row("time", f"{summary.elapsed:,.1f} s")
    table.add_row("rows/s", f"{summary.rows_per_second:,.0f}")
    if out is not None:
        table.add_row("output", str(out))
    return table
