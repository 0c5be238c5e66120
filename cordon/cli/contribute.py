"""`cordon import` and `cordon items`: an agency's own intelligence and its markings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cordon.cli.common import console, errors, open_store, principal_for
from cordon.lists.errors import LoadError
from cordon.model.markings import Marking, MarkingError
from cordon.sharing import contributions
from cordon.store.items import ItemError, NotVisible

items_app = typer.Typer(
    help="Contributed items: list, re-mark, retract, derive.", no_args_is_help=True
)

AsUser = Annotated[str, typer.Option("--as", help="Act as this user (required)")]
MarkingText = Annotated[
    str, typer.Option("--marking", help="e.g. 'TLP:AMBER REL TO USA,MYS' (originator: your agency)")
]


def _marking(text: str, agency: str) -> Marking:
    try:
        return Marking.parse(text, originator=agency)
    except MarkingError as exc:
        errors.print(f"[red]error:[/] --marking: {exc}", highlight=False)
        raise typer.Exit(2) from None


def import_(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="FtM JSONL or STIX 2.1")
    ],
    as_user: AsUser,
    marking: MarkingText,
) -> None:
    """Contribute intelligence under a marking; facts about listed designees attach to them."""
    store = open_store()
    principal = principal_for(store, as_user)
    parsed = _marking(marking, principal.agency)
    try:
        report = contributions.contribute(store, principal, path.read_bytes(), str(path), parsed)
    except (LoadError, ItemError) as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        errors.print("nothing was changed.")
        raise typer.Exit(1) from None
    console.print(
        f"{len(report.items)} items under {parsed.label}: {len(report.attached)} attached to "
        f"known entities, {len(report.created)} new entities (contribution "
        f"{report.contribution[:12]})"
    )
    for ref, entity_id in sorted(report.attached.items()):
        console.print(f"  {ref} -> {entity_id}")


@items_app.command("list")
def items_list(as_user: AsUser, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Items this user may read (contributed here or pulled from partner nodes)."""
    store = open_store()
    principal = principal_for(store, as_user)
    items = store.items(principal)
    store.audit_read(principal, "items.read", "*", [i.marking for i in items], interface="cli")
    if as_json:
        rows = [
            {
                "id": i.id,
                "entity_id": i.entity_id,
                "schema": i.schema,
                "marking": i.marking.label,
                "origin_node": i.origin_node,
                "derived_from": i.derived_from,
                "modified_at": i.modified_at.isoformat(),
                "statements": len(i.statements),
            }
            for i in items
        ]
        print(json.dumps(rows, indent=2))
        return
    table = Table(title="Items")
    for col in ("id", "entity", "schema", "marking", "from node", "statements"):
        table.add_column(col)
    for i in items:
        table.add_row(
            i.id,
            i.entity_id,
            i.schema,
            i.marking.label,
            i.origin_node or "",
            str(len(i.statements)),
        )
    console.print(table)


@items_app.command("remark")
def items_remark(item_id: str, as_user: AsUser, marking: MarkingText) -> None:
    """Change an item's marking (widening needs a releaser; narrowing recalls it)."""
    store = open_store()
    principal = principal_for(store, as_user)
    new = _marking(marking, principal.agency)
    with _refusals():
        store.remark_item(principal, item_id, new)
    console.print(f"{item_id} now {new.label}")


@items_app.command("retract")
def items_retract(item_id: str, as_user: AsUser) -> None:
    """Withdraw an item here and from every partner node on their next pull."""
    store = open_store()
    with _refusals():
        store.retract_item(principal_for(store, as_user), item_id)
    console.print(f"{item_id} retracted")


@items_app.command("derive")
def items_derive(
    item_id: str,
    as_user: AsUser,
    marking: MarkingText,
    props: Annotated[
        str | None, typer.Option(help="Comma-separated properties to keep (default: all)")
    ] = None,
) -> None:
    """Derive a releasable version of an item as a new item with its own marking."""
    store = open_store()
    principal = principal_for(store, as_user)
    new = _marking(marking, principal.agency)
    keep = {p.strip() for p in props.split(",") if p.strip()} if props else None
    new_id = contributions.derived_item_id(item_id, new)
    with _refusals():
        store.derive_item(principal, item_id, new_id, new, keep)
    console.print(f"{new_id} derived from {item_id} under {new.label}")


@contextmanager
def _refusals() -> Iterator[None]:
    """Refusals become one line and exit 1; a hidden item reads exactly like a missing one."""
    try:
        yield
    except NotVisible as exc:
        errors.print(f"[red]error:[/] no item {exc.args[0]!r}", highlight=False)
        raise typer.Exit(1) from None
    except ItemError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
