"""`cordon resolve`, `cordon merges`, `cordon review`: judgements analysts can defend and undo."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from cordon.cli.common import console, errors, open_store, principal_for
from cordon.screening import resolve as resolving
from cordon.screening import reviews
from cordon.screening.model import Query

merges_app = typer.Typer(help="Cross-list merges: list and undo.", no_args_is_help=True)
review_app = typer.Typer(help="Reviewed screening hits (false positives).", no_args_is_help=True)


def resolve(
    as_user: Annotated[str | None, typer.Option("--as", help="Act as this user")] = None,
) -> None:
    """Merge records of the same designee across lists (IMO, passport, name + birth date)."""
    store = open_store()
    principal = principal_for(store, as_user)
    with console.status("resolving across lists"):
        ids = resolving.resolve(store, principal)
    console.print(f"{len(ids)} new merges recorded ({len(store.resolutions(principal))} active)")


@merges_app.command("list")
def merges_list(
    as_json: Annotated[bool, typer.Option("--json")] = False,
    as_user: Annotated[str | None, typer.Option("--as")] = None,
) -> None:
    """Active merges with the evidence behind each."""
    store = open_store()
    items = store.resolutions(principal_for(store, as_user))
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "left_id": r.left_id,
                        "right_id": r.right_id,
                        "judgement": r.judgement,
                        "method": r.method,
                        "score": r.score,
                        "evidence": r.evidence,
                        "created_by": r.created_by,
                        "created_at": r.created_at.isoformat(),
                    }
                    for r in items
                ],
                indent=2,
            )
        )
        return
    table = Table(title="Merges")
    for col in ("id", "kept", "merged", "method", "score", "evidence"):
        table.add_column(col)
    for r in items:
        table.add_row(
            str(r.id),
            r.left_id,
            r.right_id,
            r.method,
            str(r.score),
            json.dumps(r.evidence, ensure_ascii=False),
        )
    console.print(table)


@merges_app.command("undo")
def merges_undo(
    merge_id: Annotated[int, typer.Argument(help="Merge id from `cordon merges list`")],
    as_user: Annotated[str | None, typer.Option("--as")] = None,
) -> None:
    """Undo a merge (kept in the history, marked undone)."""
    store = open_store()
    if not store.undo_resolution(principal_for(store, as_user), merge_id):
        errors.print(f"[red]error:[/] no active merge {merge_id}")
        raise typer.Exit(1)
    console.print(f"merge {merge_id} undone")


@review_app.command("add")
def review_add(
    entity_id: Annotated[str, typer.Argument(help="The hit's entity_id")],
    name: Annotated[list[str], typer.Option(help="The screened name (repeatable)")],
    reason: Annotated[str, typer.Option(help="Why this hit is not the counterparty")],
    as_user: Annotated[str, typer.Option("--as", help="The reviewing analyst")],
    schema: Annotated[str, typer.Option()] = "LegalEntity",
    birth_date: Annotated[list[str] | None, typer.Option()] = None,
    country: Annotated[list[str] | None, typer.Option()] = None,
    days: Annotated[int, typer.Option(help="Days until the review expires")] = reviews.DEFAULT_DAYS,
) -> None:
    """Mark a hit as a false positive for one counterparty (as screened), with an expiry."""
    store = open_store()
    principal = principal_for(store, as_user)
    query = Query(
        id="review",
        schema=schema,
        names=tuple(name),
        birth_dates=tuple(birth_date or ()),
        countries=tuple(country or ()),
    )
    try:
        review_id = reviews.mark(store, principal, query, entity_id, reason, days)
    except ValueError as exc:
        errors.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    console.print(f"review {review_id} recorded for {entity_id}; expires in {days} days")
