"""`cordon screen INPUT [--out OUT.jsonl] [--threshold T] [--limit K]`."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from dataclasses import dataclass
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
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
from cordon.screening.spark_session import DEFAULT_MASTER


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
        str,
        typer.Argument(
            help="CSV, XLSX, JSONL or Parquet file with a header row "
            "(--engine spark: CSV or Parquet, a path or any Hadoop URI)"
        ),
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="Write JSON lines here (default: standard output); "
            "--engine spark: a folder or URI for the part files",
        ),
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
    engine: Annotated[
        str, typer.Option(help="embedded (this machine) or spark (Apache Spark)")
    ] = "embedded",
    master: Annotated[
        str, typer.Option(help="--engine spark: the Spark master (yarn, spark://..., k8s://...)")
    ] = DEFAULT_MASTER,
    out_format: Annotated[
        str, typer.Option(help="--engine spark: jsonl (the embedded lines) or parquet")
    ] = "jsonl",
    partitions: Annotated[
        int | None,
        typer.Option(min=1, help="--engine spark: output part files (default: by row count)"),
    ] = None,
    input_format: Annotated[
        str | None, typer.Option(help="--engine spark: csv or parquet (default: detected)")
    ] = None,
    multiline: Annotated[
        bool, typer.Option(help="--engine spark: CSV cells may hold line breaks (slower)")
    ] = False,
    conf: Annotated[
        list[str] | None,
        typer.Option(help="--engine spark: a Spark setting key=value (repeatable)"),
    ] = None,
) -> None:
    """Screen every row of INPUT against all loaded lists: one JSON line per row, best first.

    Columns (any case): id, name, schema, birth_date, nationality or country, imo, passport.

    Also: full_name, first_name + last_name, dob, date_of_birth, imo_number, passport_number.

    An interrupted run resumes when the same command is run again (embedded engine).
    """
    if engine == "spark":
        options = SparkOptions(master, out_format, partitions, input_format, multiline, conf or [])
        screen_on_spark(input, out, threshold, limit, force, as_user, options)
        return
    if engine != "embedded":
        errors.print(f"[red]error:[/] --engine {engine!r}: expected embedded or spark")
        raise typer.Exit(2)
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


def _audit_batch(
    as_user: str | None, source: object, summary: Summary, engine: str = "embedded"
) -> None:
    """Batch screening is audited like API screening: visible to the screening agency only."""
    store = open_store()
    try:
        detail = {"rows": summary.rows, "hits": summary.hits, "errors": summary.errors}
        if engine != "embedded":
            detail["engine"] = engine
        store.audit(principal_for(store, as_user), "screen.batch", str(source), detail)
    finally:
        store.close()


def _interrupted(out: str | None) -> str:
    if out is None:
        return "stopped; rows printed so far are complete lines"
    return f"stopped; the rows written to {out} are kept: run the same command to resume"


def summary_table(summary: Summary, out: str | None) -> Table:
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


@dataclass
class SparkOptions:
    master: str
    out_format: str
    partitions: int | None
    input_format: str | None
    multiline: bool
    conf: list[str]


def screen_on_spark(
    input: str,
    out: str | None,
    threshold: float,
    limit: int,
    force: bool,
    as_user: str | None,
    options: SparkOptions,
) -> None:
    """`cordon screen --engine spark`: the same matcher, broadcast to Spark executors."""
    from cordon.cli.spark import start_spark
    from cordon.screening import spark as spark_job

    spark = start_spark(options.master, "cordon screen", options.conf, input, out, force)
    try:
        inp = spark_job.read_input(spark, input, options.input_format, options.multiline)
        for warning in inp.warnings:
            errors.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
        if inp.ignored_columns:
            ignored = ", ".join(inp.ignored_columns[:20])
            errors.print(f"[dim]ignoring columns: {escape(ignored)}[/]", highlight=False)
        started = time.perf_counter()
        matcher = build_matcher(as_user)
        summary = spark_job.screen(
            spark,
            matcher,
            input,
            out,
            threshold,
            limit,
            output_format=options.out_format,
            partitions=options.partitions,
            overwrite=force,
            inp=inp,
            setup_seconds=time.perf_counter() - started,
        )
    except InputError as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        spark.stop()
    table = summary_table(summary, out)
    table.add_row("engine", f"spark ({summary.master}, {summary.cores} cores)")
    table.add_row("part files", f"{summary.partitions:,} ({summary.output_format})")
    console.print(table)
    _audit_batch(as_user, input, summary, engine="spark")
