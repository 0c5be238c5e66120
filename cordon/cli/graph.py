"""`cordon graph ...`: the network from the command line (neighbours, paths, exposure,
ownership under the 50 % rule), read as `--as USER` like every other read, and audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.table import Table

from cordon import graph
from cordon.cli.common import console, errors, open_store, principal_for
from cordon.graph.neighbourhood import GraphResult
from cordon.policy import NODE_ADMIN

app = typer.Typer(help="The network: neighbours, evidence paths, exposure, 50 % ownership.")

AsUser = Annotated[str | None, typer.Option("--as", help="Read as this user")]
AsJson = Annotated[bool, typer.Option("--json", help="The API's JSON")]
Relation = Annotated[
    str | None, typer.Option("--relation", help="Only these relations, e.g. ownership,family")
]
HedgeOpt = Annotated[
    str | None, typer.Option("--hedge", help="Only these hedges, e.g. asserted,reported")
]


def _run(
    as_user: str | None, action: str, obj: str, query: Callable[..., GraphResult]
) -> dict[str, Any]:
    store = open_store()
    principal = principal_for(store, as_user)
    try:
        result = query(store, principal)
    except graph.NotFound:
        store.audit_read(principal, action, obj, interface="cli")
        errors.print(f"[red]error:[/] no entity {obj!r}")
        raise typer.Exit(1) from None
    except graph.GraphError as exc:
        errors.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    store.audit_read(principal, action, obj, result.markings, interface="cli")
    return result.json()


def _edge_text(edge: dict[str, Any]) -> str:
    share = f" {edge['percentage']:g} %" if edge.get("percentage") is not None else ""
    hedge = "" if edge["hedge"] == "asserted" else f" [yellow]({edge['hedge']})[/]"
    return f"{edge['label']}{share}{hedge}"


def _evidence(edge: dict[str, Any]) -> str:
    return ", ".join(
        e.get("record_id") or e.get("document_id") or e["source"] for e in edge["evidence"]
    )


def _mark(node: dict[str, Any]) -> str:
    return "[red]designated[/]" if node["designated"] else ""


@app.command("neighbours")
def neighbours(
    ref: Annotated[str, typer.Argument(help="Entity id or source id, e.g. ofac:12210")],
    hops: Annotated[int, typer.Option(min=1, max=6)] = 2,
    relation: Relation = None,
    hedge: HedgeOpt = None,
    limit: Annotated[int, typer.Option(min=1, max=2000)] = 200,
    as_json: AsJson = False,
    as_user: AsUser = None,
) -> None:
    """Entities within HOPS links of REF, and the links between them with their evidence."""
    data = _run(
        as_user,
        "graph.neighbourhood",
        ref,
        lambda s, p: graph.neighbourhood(s, p, ref, hops, relation, hedge, limit),
    )
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    nodes = {n["id"]: n for n in data["nodes"]}
    table = Table(title=f"{len(nodes)} entities within {hops} hops", show_lines=False)
    for col in ("hops", "entity", "schema", "sources", ""):
        table.add_column(col)
    for n in data["nodes"]:
        table.add_row(
            str(n["hops"]),
            f"{n['caption']} ({n['id']})",
            n["schema"],
            ", ".join(n["source_ids"]),
            _mark(n),
        )
    console.print(table)
    links = Table(title=f"{len(data['edges'])} links", show_lines=False)
    for col in ("from", "link", "to", "evidence", "marking"):
        links.add_column(col)
    for e in data["edges"]:
        links.add_row(
            nodes[e["source"]]["caption"],
            _edge_text(e),
            nodes[e["target"]]["caption"],
            _evidence(e),
            e["marking"],
        )
    console.print(links)
    if data["truncated"]:
        console.print(f"[yellow]cut at {limit} entities[/] (--limit)")


@app.command("path")
def path(
    source: Annotated[str, typer.Argument(help="From: entity id or source id")],
    target: Annotated[str, typer.Argument(help="To: entity id or source id")],
    max_hops: Annotated[int, typer.Option(min=1, max=6)] = 4,
    relation: Relation = None,
    hedge: HedgeOpt = None,
    as_json: AsJson = False,
    as_user: AsUser = None,
) -> None:
    """The shortest evidence paths from SOURCE to TARGET."""
    data = _run(
        as_user,
        "graph.paths",
        f"{source} {target}",
        lambda s, p: graph.paths(s, p, source, target, max_hops, relation, hedge),
    )
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not data["paths"]:
        console.print(f"no path within {max_hops} hops")
    for number, found in enumerate(data["paths"], 1):
        console.print(f"[bold]path {number}[/] ({len(found['edges'])} hops)")
        nodes = found["nodes"]
        console.print(f"  {nodes[0]['caption']} ({nodes[0]['id']}) {_mark(nodes[0])}")
        for node, edge in zip(nodes[1:], found["edges"], strict=True):
            arrow = "->" if edge["target"] == node["id"] else "<-"
            console.print(
                f"    {arrow} {_edge_text(edge)}  [dim]{_evidence(edge)}; {edge['marking']}[/]"
            )
            console.print(f"  {node['caption']} ({node['id']}) {_mark(node)}")


@app.command("exposure")
def exposure(
    ref: Annotated[str, typer.Argument(help="Entity id or source id")],
    hops: Annotated[int, typer.Option(min=1, max=6)] = 3,
    as_json: AsJson = False,
    as_user: AsUser = None,
) -> None:
    """How close REF stands to designated entities, explained hop by hop."""
    data = _run(as_user, "graph.exposure", ref, lambda s, p: graph.exposure(s, p, ref, hops))
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console.print(f"[bold]{data['caption']}[/] ({data['entity']}): exposure {data['score']:.3f}")
    table = Table(show_lines=True)
    for col in ("weight", "designated entity", "hops", "why"):
        table.add_column(col)
    for entry in data["explanation"]:
        d = entry["designated"]
        table.add_row(
            f"{entry['weight']:.3f}",
            f"{d['caption']} ({d['id']})",
            str(len(entry["path"])),
            entry["why"],
        )
    console.print(table)
    console.print(f"[dim]{data['method']}[/]")


@app.command("ownership")
def ownership(
    ref: Annotated[str, typer.Argument(help="Entity id or source id")],
    as_json: AsJson = False,
    as_user: AsUser = None,
) -> None:
    """Aggregated ownership of REF by blocked persons under OFAC's 50 % rule."""
    data = _run(as_user, "graph.ownership", ref, lambda s, p: graph.ownership(s, p, ref))
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    verdict = "[red]blocked[/]" if data["blocked"] else "[green]not blocked[/]"
    console.print(
        f"[bold]{data['caption']}[/] ({data['entity']}): {data['blocked_share'] * 100:g} % owned "
        f"by blocked persons -> {verdict} (threshold {data['threshold'] * 100:g} %)"
    )
    if data["alleged_share"]:
        console.print(f"[yellow]alleged, not counted:[/] {data['alleged_share'] * 100:g} %")
    table = Table(show_lines=True)
    for col in ("share", "counted", "look-through", "chain"):
        table.add_column(col)
    for chain in data["chains"]:
        share = "unknown" if chain["share"] is None else f"{chain['share'] * 100:g} %"
        look = chain["look_through_share"]
        table.add_row(
            share,
            "yes" if chain["counted"] else "no",
            "" if look is None else f"{look * 100:g} %",
            chain["why"],
        )
    console.print(table)


@app.command("rebuild")
def rebuild() -> None:
    """Derive the whole edge cache again from statements (it is kept in step on its own)."""
    store = open_store()
    counts = store.rebuild_graph()
    store.audit(NODE_ADMIN, "graph.rebuild", "*", {"edges": sum(counts.values())})
    for dataset, count in counts.items():
        console.print(f"{dataset}: {count} edges")
