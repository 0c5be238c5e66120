"""`cordon node`, `cordon partners`, `cordon sync pull`: federation between nodes."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import httpx
import typer
from rich.table import Table

from cordon import config
from cordon.audit.nodekey import NodeKey
from cordon.cli.common import console, errors, open_store
from cordon.sharing import federation
from cordon.store.items import ItemError

node_app = typer.Typer(help="This node's identity.", no_args_is_help=True)
partners_app = typer.Typer(help="Partner nodes this node pulls from.", no_args_is_help=True)
sync_app = typer.Typer(help="Pull what partner nodes released to us.", no_args_is_help=True)


def _key_file(code: str) -> Any:
    folder = config.home() / "partners"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{code.upper()}.key"


@node_app.command("info")
def node_info() -> None:
    """Name, agency and public key: what partners register for this node."""
    key = NodeKey.load_or_create(config.node_key_path())
    console.print(f"node {config.node_name()} (agency {config.node_agency()})")
    print(key.public_key_b64)


@partners_app.command("add")
def partners_add(
    code: Annotated[str, typer.Argument(help="The partner node's agency code")],
    url: Annotated[str, typer.Option(help="Base URL, e.g. https://cordon.usa.example")],
    public_key: Annotated[str, typer.Option(help="The partner's key from `cordon node info`")],
) -> None:
    """Register a partner node; its API key for us is read from stdin and kept 0600."""
    api_key = sys.stdin.readline().strip()
    if not api_key:
        errors.print("[red]error:[/] give the API key the partner issued us on stdin")
        raise typer.Exit(2)
    try:
        open_store().add_partner(code.upper(), url.rstrip("/"), public_key.strip())
    except ItemError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    path = _key_file(code)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(api_key + "\n")
    console.print(f"partner {code.upper()} at {url} registered")


@partners_app.command("list")
def partners_list() -> None:
    """Partner nodes this node pulls from, and when it last did."""
    table = Table(title="Partner nodes")
    for col in ("agency", "url", "last pull"):
        table.add_column(col)
    for p in open_store().partners():
        table.add_row(p["agency"], p["url"], str(p["last_pulled_at"] or "never"))
    console.print(table)


@sync_app.command("pull")
def sync_pull(code: Annotated[str, typer.Argument(help="Partner agency code")]) -> None:
    """Fetch, verify and apply everything new from a partner, resuming where we stopped."""
    store = open_store()
    partner = store.partner(code.upper())
    if partner is None:
        errors.print(f"[red]error:[/] no partner {code.upper()!r} (cordon partners add)")
        raise typer.Exit(1)
    api_key = _key_file(code).read_text().strip()
    client = httpx.Client(
        base_url=partner["url"], headers={"Authorization": f"Bearer {api_key}"}, timeout=120
    )

    def fetch(token: str | None) -> dict[str, Any]:
        params = {"cursor": token} if token else {}
        try:
            response = client.get("/api/v1/sync/feed", params=params)
        except httpx.HTTPError as exc:
            raise federation.FederationError(f"{code.upper()}: {exc}") from None
        if response.status_code != 200:
            raise federation.FederationError(
                f"{code.upper()}: feed answered {response.status_code}: {response.text[:200]}"
            )
        return response.json()

    def progress(report: federation.PullReport) -> None:
        console.print(
            f"page {report.pages}: {report.items} items, {report.statements} statements, "
            f"{report.recalls} recalls"
        )

    try:
        report = federation.pull(store, code.upper(), fetch, progress)
    except federation.FederationError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        errors.print("pages before the failing one were applied; the next pull resumes there.")
        raise typer.Exit(1) from None
    finally:
        client.close()
    console.print(
        f"pulled from {code.upper()}: {report.items} items, {report.statements} statements, "
        f"{report.recalls} recalls in {report.pages} pages"
    )
