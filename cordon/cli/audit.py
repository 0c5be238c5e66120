"""`cordon audit`: verify the tamper-evident log, sign its head, and show an agency its view."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cordon import config
from cordon.audit.nodekey import NodeKey
from cordon.cli.common import console, errors, open_store, principal_for

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command()
def verify(
    trust: Annotated[
        list[str] | None,
        typer.Option("--trust", help="Also accept checkpoints signed by this public key (base64)"),
    ] = None,
) -> None:
    """Check every entry and signed checkpoint; exit 1 listing what was tampered with.

    Detects edited, removed and reordered entries. Checkpoints count only when signed by this
    node's key or a --trust key, so a log rewritten and re-signed with another key fails.
    """
    keys = list(trust or [])
    path = config.node_key_path()
    if path.exists():  # verifying never creates a key: a new one would vouch for nothing
        keys.append(NodeKey.load(path).public_key_b64)
    store = open_store()
    report = store.verify_audit_report(keys)
    if report.intact:
        console.print(f"intact: {report.entries} entries, {report.checkpoints} checkpoints")
        return
    errors.print(
        f"[red]tampered:[/] {len(report.problems)} problems in {report.entries} entries, "
        f"{report.checkpoints} checkpoints"
    )
    for problem in report.problems:
        errors.print(f"  {problem}", highlight=False, markup=False)
    raise typer.Exit(1)


@app.command()
def checkpoint() -> None:
    """Sign the head of the log with this node's key (created under CORDON_HOME if absent)."""
    key = NodeKey.load_or_create(config.node_key_path())
    store = open_store()
    cp = store.checkpoint(key)
    if cp is None:
        console.print("the audit log is empty: nothing to sign")
        return
    console.print(f"checkpoint at entry {cp.seq}: {cp.hash} ({cp.at})")
    console.print(f"signed by {cp.public_key}")


@app.command()
def key() -> None:
    """Print this node's public key, for partners who verify its checkpoints and bundles."""
    print(NodeKey.load_or_create(config.node_key_path()).public_key_b64)


@app.command("log")
def log(
    as_user: Annotated[str | None, typer.Option("--as", help="View as this user's agency")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Newest N entries")] = 50,
    before: Annotated[
        int | None, typer.Option("--before", help="Only entries before this sequence number")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The audit entries your agency may see, newest first.

    Its own users' actions in full, and which partner agencies read its contributions (the
    reading analyst withheld). Screening queries are shown only to the agency that ran them.
    """
    store = open_store()
    principal = principal_for(store, as_user)
    if not principal.is_partner:
        errors.print("the node and the public see no audit entries: pass --as EMAIL")
    entries = store.audit_view(principal, limit, before)
    if as_json:
        rows = [
            {
                "seq": e.seq,
                "at": e.at,
                "agency": e.agency,
                "user": e.user,
                "action": e.action,
                "object": e.object,
                "detail": e.detail,
            }
            for e in entries
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Audit log as seen by {principal.agency}")
    for col in ("seq", "at", "agency", "user", "action", "object", "detail"):
        table.add_column(col)
    for e in entries:
        table.add_row(
            str(e.seq),
            e.at,
            e.agency,
            "[dim](withheld)[/]" if e.user is None else e.user,
            e.action,
            e.object,
            json.dumps(e.detail, ensure_ascii=False),
        )
    console.print(table)
