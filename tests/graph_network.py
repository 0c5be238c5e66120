"""A small constructed ownership network for the graph tests, loaded as an official list (FtM)
plus partner contributions under different markings and hedges.

    X (designated)  60 % -> A  50 % -> B           B blocked through blocked A (look-through 30 %)
    X 30 % + Y (designated) 25 % -> C              aggregate 55 %: blocked
    Z 100 % + X 20 % -> D; Y 40 % -> D alleged     20 % counted, 40 % alleged (GREEN, USA)
    X 40 % -> E 100 % -> F; Y 35 % -> E hidden     USA-only AMBER: E 75 % for USA, 40 % for others
    Y 50 % -> K1 50 % <-> K2                       a cycle: K1 and K2 both blocked
    X 90 % -> G ended 2020                         ended: not counted
    X 50 % -> H denied                             denied: never counted or followed
    Z linked to X (OFAC "Linked To")
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cordon.lists import service
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import create_demo
from cordon.store import Store

PEOPLE = {"gx-x": "Xavier Blocked", "gx-y": "Yolanda Listed", "gx-z": "Zeno Linked"}
COMPANIES = "abcdefgh"


def _own(owner: str, asset: str, pct: str | None, **extra: Any) -> dict[str, Any]:
    props: dict[str, list[str]] = {"owner": [owner], "asset": [asset]}
    if pct is not None:
        props["percentage"] = [pct]
    props.update({k: [v] for k, v in extra.items()})
    return {"id": f"own-{owner[3:]}-{asset[3:]}", "schema": "Ownership", "properties": props}


def _claim(name: str, owner: str, asset: str, pct: str, hedge: str) -> dict[str, Any]:
    """A partner's ownership claim: its own relationship entity, with the claim's hedge."""
    line = _own(owner, asset, pct)
    line["id"] = name
    line["cordon"] = {"hedge": hedge}
    return line


def list_entities() -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = [
        {"id": pid, "schema": "Person", "properties": {"name": [name]}}
        for pid, name in PEOPLE.items()
    ]
    lines += [
        {"id": f"gx-{c}", "schema": "Company", "properties": {"name": [f"Company {c.upper()}"]}}
        for c in COMPANIES
    ]
    lines += [
        {"id": "gx-k1", "schema": "Company", "properties": {"name": ["Cycle One"]}},
        {"id": "gx-k2", "schema": "Company", "properties": {"name": ["Cycle Two"]}},
    ]
    for person in ("gx-x", "gx-y"):
        lines.append(
            {
                "id": f"{person}-sanction",
                "schema": "Sanction",
                "properties": {"entity": [person], "program": ["TEST"]},
            }
        )
    lines += [
        _own("gx-x", "gx-a", "60"),
        _own("gx-a", "gx-b", "50%"),
        _own("gx-x", "gx-c", "30"),
        _own("gx-y", "gx-c", "25"),
        _own("gx-z", "gx-d", "100"),
        _own("gx-x", "gx-d", "20"),
        _own("gx-x", "gx-e", "40"),
        _own("gx-e", "gx-f", "100"),
        _own("gx-y", "gx-k1", "50"),
        _own("gx-k1", "gx-k2", "50"),
        _own("gx-k2", "gx-k1", "50"),
        _own("gx-x", "gx-g", "90", endDate="2020-01-01"),
        {
            "id": "link-z-x",
            "schema": "UnknownLink",
            "properties": {"subject": ["gx-z"], "object": ["gx-x"], "role": ["Linked To"]},
        },
    ]
    return lines


def write_list(folder: Path, lines: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "graphtest.entities.ftm.json"
    path.write_text("\n".join(json.dumps(line) for line in lines))
    return path


def contribute(store: Store, email: str, marking: str, *lines: dict[str, Any]) -> list[str]:
    principal = store.principal(email)
    assert principal is not None
    data = "\n".join(json.dumps(line) for line in lines).encode()
    parsed = Marking.parse(marking, originator=principal.agency)
    return contributions.contribute(store, principal, data, "graph-test.json", parsed).items


def build(store: Store, folder: Path) -> dict[str, list[str]]:
    """Load the network; returns the contributed item ids by name."""
    folder.mkdir(parents=True, exist_ok=True)
    service.load(store, [write_list(folder, list_entities())])
    create_demo(store)
    usa = "analyst@usa.example"
    return {
        "alleged": contribute(
            store, usa, "TLP:GREEN", _claim("claim-y-d", "gx-y", "gx-d", "40", "alleged")
        ),
        "denied": contribute(
            store, usa, "TLP:GREEN", _claim("claim-x-h", "gx-x", "gx-h", "50", "denied")
        ),
        "hidden": contribute(
            store, usa, "TLP:AMBER", _claim("claim-y-e", "gx-y", "gx-e", "35", "asserted")
        ),
    }
