"""The `cordon` command."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cordon.cli import audit, contribute, documents, graph, lists, principals, resolution, sync
from cordon.cli.common import console, errors, open_store, principal_for
from cordon.cli.dedupe import dedupe
from cordon.cli.screen import screen
from cordon.sharing import demo as demo_service

app = typer.Typer(
    help="cordon: sanctions-enforcement intelligence shared between partner agencies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(lists.app, name="lists")
app.command()(screen)
app.command()(resolution.resolve)
app.command()(dedupe)
app.add_typer(resolution.merges_app, name="merges")
app.add_typer(resolution.review_app, name="review")
app.add_typer(principals.agencies_app, name="agencies")
app.add_typer(principals.users_app, name="users")
app.add_typer(principals.keys_app, name="keys")
app.command("import")(contribute.import_)
app.add_typer(contribute.items_app, name="items")
app.add_typer(sync.node_app, name="node")
app.add_typer(sync.partners_app, name="partners")
app.add_typer(sync.sync_app, name="sync")
app.add_typer(audit.app, name="audit")
app.add_typer(graph.app, name="graph")
app.command()(documents.extract)
app.command()(documents.ingest)


@app.command()
def init() -> None:
    """Create or upgrade the store (SQLite under CORDON_HOME, or CORDON_DATABASE_URL)."""
    store = open_store()
    console.print(f"store ready: {store.engine.url.render_as_string(hide_password=True)}")


@app.command()
def show(
    ref: Annotated[str, typer.Argument(help="Entity id or source record id, e.g. un:KPi.033")],
    as_json: Annotated[bool, typer.Option("--json", help="FollowTheMoney JSON")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help="Read as this user")] = None,
) -> None:
    """An entity with every statement the reader may see, with source and marking."""
    store = open_store()
    principal = principal_for(store, as_user)
    entity = store.entity(principal, ref)
    if entity is None:
        store.audit_read(principal, "entity.read", ref, interface="cli")
        errors.print(f"[red]error:[/] no entity {ref!r}")
        raise typer.Exit(1)
    adjacent = store.adjacent(principal, entity.id)
    markings = [s.marking for e in [entity, *adjacent] for s in e.statements]
    store.audit_read(principal, "entity.read", ref, markings, interface="cli")
    if as_json:
        data = entity.to_dict()
        data["adjacent"] = [a.to_dict(with_statements=False) for a in adjacent]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]{entity.caption}[/] ({entity.schema}, {entity.id})")
    console.print("sources: " + ", ".join(entity.source_ids))
    for source_id, day in entity.delisted_on.items():
        console.print(f"[yellow]delisted[/] {source_id} on {day.isoformat()}")
    table = Table(show_lines=False)
    for col in ("property", "value", "source", "version", "marking", "hedge"):
        table.add_column(col)
    for stmt in entity.statements:
        table.add_row(
            stmt.prop,
            stmt.value,
            stmt.source.record_id or stmt.source.document_id,
            stmt.source.version or "",
            stmt.marking.label,
            stmt.hedge.value,
        )
    console.print(table)
    for other in adjacent:
        props = "; ".join(f"{k}: {', '.join(v)}" for k, v in other.properties.items())
        console.print(f"  [dim]{other.schema}[/] {props}")


@app.command()
def demo() -> None:
    """Create the demo agencies USA and MYS with one analyst each."""
    store = open_store()
    for line in demo_service.create_demo(store):
        console.print(line)


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes; one per core for a busy API")
    ] = 1,
    access_log: Annotated[
        bool, typer.Option(help="Also log every request to the console (the audit log has them)")
    ] = False,
) -> None:
    """Serve the web UI and the REST API."""
    import uvicorn

    console.print(f"cordon on http://{host}:{port}/")
    uvicorn.run(
        "cordon.web.app:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_level="info",
    )


if __name__ == "__main__":
    app()
