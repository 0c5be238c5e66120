"""`cordon extract` (read a document, store nothing) and `cordon ingest` (store documents)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cordon.cli.common import console, errors, open_store, principal_for
from cordon.documents import service
from cordon.documents.errors import DocumentError
from cordon.documents.nlp import ModelError
from cordon.documents.pipeline import Extractor
from cordon.store.items import ItemError

AsUser = Annotated[
    str | None, typer.Option("--as", help="Act as this user (links to what they may read)")
]


def _extractor(store, principal) -> Extractor:  # type: ignore[no-untyped-def]
    try:
        return Extractor.from_store(store, principal)
    except ModelError as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def extract(
    path: Annotated[Path, typer.Argument(help="A text, HTML, PDF or DOCX file")],
    format_: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    as_user: AsUser = None,
) -> None:
    """Mentions (linked to known entities) and hedged claims of one document; stores nothing."""
    store = open_store()
    principal = principal_for(store, as_user)
    try:
        raw = service.read_path(path)
    except DocumentError as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    extraction = _extractor(store, principal).extract(raw.text)
    data = {
        "file": str(path),
        "format": raw.format,
        "title": raw.title,
        "published": raw.published,
        "source": raw.source,
        **extraction.to_dict(),
    }
    data["notes"] = [*raw.notes, *extraction.notes]
    if format_ == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for note in data["notes"]:
        errors.print(f"[yellow]note:[/] {escape(note)}")
    mentions = Table(
        "group", "label", "text", "start", "end", "linked entity", "score", "source ids"
    )
    for m in data["mentions"]:
        mentions.add_row(
            str(m["group"]),
            m["label"] + (f" ({m['kind']})" if m.get("kind") else ""),
            escape(m["text"]),
            str(m["start"]),
            str(m["end"]),
            escape(m["caption"] or "") + (f" [{m['entity_id']}]" if m["entity_id"] else ""),
            f"{m['score']:.2f}" if m["score"] is not None else "",
            ", ".join(m["source_ids"]),
        )
    console.print(mentions)
    claims = Table("subject", "predicate", "object", "hedge", "attribution", "evidence span")
    for c in data["claims"]:
        claims.add_row(
            escape(c["subject"]["text"]),
            c["predicate"],
            escape(c["object"]["text"]),
            c["hedge"] + (f" ({escape(c['hedge_cue'])})" if c["hedge_cue"] else ""),
            escape(c["attribution"] or ""),
            f"{c['evidence']['start']}-{c['evidence']['end']}",
        )
    console.print(claims)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of documents")],
    as_user: AsUser = None,
    marking: Annotated[
        str | None,
        typer.Option("--marking", help="e.g. 'TLP:AMBER REL TO USA,MYS' (default TLP:AMBER)"),
    ] = None,
) -> None:
    """Store documents with their mentions and proposed claims (one transaction per file)."""
    store = open_store()
    principal = principal_for(store, as_user)
    if not principal.is_partner:
        errors.print("[red]error:[/] documents belong to an agency: give --as EMAIL")
        raise typer.Exit(2)
    try:
        parsed = service.parse_marking(marking, principal)
    except DocumentError as exc:
        errors.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    extractor = _extractor(store, principal)
    planned = list(service.files(paths))
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading documents", total=len(planned))

        def step(path: Path) -> None:
            progress.update(task, description=escape(path.name), advance=1)

        try:
            done, refused = service.ingest_paths(
                store, principal, extractor, paths, parsed, progress=step
            )
        except ItemError as exc:
            errors.print(f"[red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None
    table = Table("document", "id", "title", "published", "mentions", "linked", "claims", "")
    for d in done:
        table.add_row(
            escape(Path(d.name).name),
            d.id,
            escape((d.title or "")[:60]),
            d.published or "",
            str(d.mentions),
            str(d.linked),
            str(d.claims),
            "stored" if d.created else "already stored",
        )
    console.print(table)
    console.print(f"{sum(d.created for d in done)} stored under {parsed.label}")
    for d in done:
        for note in d.notes:
            if d.created:
                errors.print(f"[yellow]note:[/] {escape(Path(d.name).name)}: {escape(note)}")
    for exc in refused:
        errors.print(f"[red]refused:[/] {escape(str(exc))}")
    if refused:
        errors.print(f"{len(refused)} file(s) refused; nothing of them was stored.")
        raise typer.Exit(1)
