"""`cordon lists load|status|diff|fetch`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cordon.cli.common import console, errors, open_store, principal_for, reported_errors
from cordon.lists import fetch as fetching
from cordon.lists import service, status

app = typer.Typer(help="Official sanctions lists: load, status, diff, fetch.", no_args_is_help=True)


@app.command("load")
def load_cmd(
    paths: Annotated[list[Path], typer.Argument(help="List files or folders")],
) -> None:
    """Load list files or folders (format detected from content); one transaction for all."""
    with reported_errors():
        run_load(paths)


def run_load(paths: list[Path]) -> None:
    store = open_store()
    files = service.collect(paths)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("loading lists", total=None)

        def step(message: str) -> None:
            progress.update(task, description=message, advance=1)

        planned = service.plan(files)
        progress.update(task, total=2 * len(planned))
        results = service.load(store, paths, progress=step)
    table = Table(title="Lists loaded")
    for col in (
        "dataset",
        "version",
        "status",
        "records",
        "statements",
        "added",
        "changed",
        "removed",
    ):
        table.add_column(col, justify="right" if col not in ("dataset", "status") else "left")
    for r in results:
        table.add_row(
            r.dataset,
            r.version,
            r.status,
            f"{r.records:,}",
            f"{r.statements:,}",
            str(r.added),
            str(r.changed),
            str(r.removed),
        )
    console.print(table)


@app.command("status")
def status_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Read as this user")] = None,
) -> None:
    """Datasets, their current versions and counts."""
    store = open_store()
    rows = status.status(store, principal_for(store, as_user))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table(title="Datasets")
    for col in (
        "dataset",
        "publisher",
        "version",
        "published",
        "records",
        "delisted",
        "versions",
        "schemas",
    ):
        table.add_column(col)
    for row in rows:
        schemas = ", ".join(f"{k} {v:,}" for k, v in sorted(row["schemas"].items()))
        table.add_row(
            row["dataset"],
            row["publisher"],
            row["version"],
            row["published"] or "-",
            f"{row['records']:,}",
            f"{row['delisted']:,}",
            str(row["versions"]),
            schemas,
        )
    console.print(table)


@app.command("diff")
def diff_cmd(
    dataset: Annotated[str, typer.Argument(help="Dataset name, e.g. us_ofac_cons")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Read as this user")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show per kind of change")] = 50,
) -> None:
    """What the latest version of a dataset added, changed and removed."""
    store = open_store()
    report = status.latest_diff(store, principal_for(store, as_user), dataset)
    if report is None:
        errors.print(f"[red]error:[/] no dataset {dataset!r}")
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(report, indent=2))
        return
    console.print(
        f"[bold]{report['dataset']}[/] {report['previous'] or '(nothing)'} → {report['version']}:"
        f" {report['added']} added, {report['changed']} changed, {report['removed']} removed"
    )
    table = Table()
    for col in ("change", "source id", "caption", "detail"):
        table.add_column(col)
    shown: dict[str, int] = {}
    for item in report["changes"]:
        shown[item["change"]] = shown.get(item["change"], 0) + 1
        if shown[item["change"]] <= limit:
            table.add_row(
                item["change"],
                item["source_id"],
                item["caption"],
                status.describe_detail(item["detail"]),
            )
    console.print(table)


@app.command("fetch")
def fetch_cmd(
    only: Annotated[
        list[str] | None,
        typer.Option(help="Only these sources (repeatable): " + ", ".join(fetching.SOURCES)),
    ] = None,
) -> None:
    """Download the official files from their publishers, then load them."""
    with reported_errors():
        try:
            folder = fetching.fetch(only or list(fetching.SOURCES), console=console)
        except fetching.FetchError as exc:
            errors.print(f"[red]error:[/] {exc}")
            errors.print("nothing was changed.")
            raise typer.Exit(1) from None
        run_load([folder])
