"""`cordon dedupe INPUT [--out OUT] [--engine embedded|spark]`: customer-file resolution."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cordon.cli.common import console, errors, open_store, principal_for
from cordon.screening.inputs import InputError
from cordon.screening.spark_session import DEFAULT_MASTER


def _screener(as_user: str | None):  # type: ignore[no-untyped-def]
    from cordon.screening.engine import Screener

    store = open_store()
    try:
        return Screener.from_store(store, principal_for(store, as_user))
    finally:
        store.engine.dispose()


def dedupe(
    input: Annotated[str, typer.Argument(help="CSV, XLSX, JSONL or Parquet (spark: CSV/Parquet)")],
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="JSON lines, one per cluster (spark: a folder or URI)"),
    ] = None,
    engine: Annotated[str, typer.Option(help="embedded or spark")] = "embedded",
    master: Annotated[str, typer.Option(help="--engine spark: the Spark master")] = DEFAULT_MASTER,
    partitions: Annotated[int | None, typer.Option(min=1, help="--engine spark: slices")] = None,
    conf: Annotated[
        list[str] | None, typer.Option(help="--engine spark: a Spark setting key=value")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Read as this user")] = None,
) -> None:
    """Rows of INPUT that are the same party, and rows that are a listed designee: clusters.

    Links follow cross-list resolution's rules (same passport; same full birth date and a
    near-identical name; an identical organisation or vessel name), each with its evidence.
    """
    started = time.perf_counter()
    if engine == "spark":
        summary = _on_spark(input, out, master, partitions, conf or [], force, as_user)
        counts = {"rows": summary.rows, "links": summary.links, "clusters": summary.clusters}
    elif engine == "embedded":
        counts = _embedded(input, out, force, as_user)
    else:
        errors.print(f"[red]error:[/] --engine {escape(engine)!r}: expected embedded or spark")
        raise typer.Exit(2)
    table = Table(title="Resolution summary", show_header=False)
    for key, value in counts.items():
        table.add_row(key, f"{value:,}")
    table.add_row("time", f"{time.perf_counter() - started:,.1f} s")
    table.add_row("engine", engine)
    (console if out is not None else errors).print(table)
    store = open_store()
    try:
        store.audit(
            principal_for(store, as_user), "dedupe.batch", input, {**counts, "engine": engine}
        )
    finally:
        store.close()


def _embedded(input: str, out: str | None, force: bool, as_user: str | None) -> dict[str, int]:
    from pathlib import Path

    from cordon.screening import dedupe as job
    from cordon.screening.inputs import open_input

    try:
        inp = open_input(input)
    except InputError as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    if out is not None and Path(out).exists() and not force:
        errors.print(f"[red]error:[/] {escape(out)} exists; use --force to replace it")
        raise typer.Exit(1)
    screener = _screener(as_user)
    rows = list(inp.rows())
    result = job.dedupe(rows, screener)
    text = "".join(job.encode(c) + "\n" for c in result)
    if out is None:
        sys.stdout.write(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
    return {
        "rows": len(rows),
        "links": sum(len(c["links"]) for c in result),
        "clusters": len(result),
    }


def _on_spark(
    input: str,
    out: str | None,
    master: str,
    partitions: int | None,
    conf_pairs: list[str],
    force: bool,
    as_user: str | None,
):  # type: ignore[no-untyped-def]
    from cordon.cli.spark import start_spark
    from cordon.screening.spark_resolve import resolve_file

    spark = start_spark(master, "cordon dedupe", conf_pairs, input, out, force)
    try:
        screener = _screener(as_user)
        return resolve_file(spark, screener, input, out, partitions=partitions, overwrite=force)
    except InputError as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        spark.stop()
