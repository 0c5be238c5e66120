"""The graph service on a constructed ownership network (tests/graph_network.py), on SQLite and
PostgreSQL: the OFAC 50 % rule, neighbourhoods, paths, exposure, hedges, and the policy (a
hidden edge changes nothing a reader without access sees, counts and scores included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cordon import graph
from cordon.policy import ANONYMOUS, Principal
from cordon.store import Store
from tests import graph_network

USA = "analyst@usa.example"
MYS = "analyst@mys.example"


@pytest.fixture
def net(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "home"))
    items = graph_network.build(store, tmp_path / "lists")
    return {"store": store, "items": items}


def who(store: Store, email: str) -> Principal:
    principal = store.principal(email)
    assert principal is not None
    return principal


def own(store: Store, email: str | None, ref: str) -> dict:
    principal = who(store, email) if email else ANONYMOUS
    return graph.ownership(store, principal, ref).json()


def test_fifty_percent_rule_direct_indirect_aggregate(net: dict) -> None:
    store = net["store"]
    a = own(store, MYS, "gx-a")
    assert (a["blocked_share"], a["blocked"]) == (0.6, True)
    # B: 50 % held by A, itself blocked through X: counted in full (look-through only 30 %)
    b = own(store, MYS, "gx-b")
    assert (b["blocked_share"], b["blocked"]) == (0.5, True)
    [chain] = b["chains"]
    assert [o["id"] for o in chain["owners"]] == ["gx-x", "gx-a"]
    assert chain["look_through_share"] == pytest.approx(0.3)
    assert [(e["source"], e["target"]) for e in chain["edges"]] == [
        ("gx-x", "gx-a"),
        ("gx-a", "gx-b"),
    ]
    assert "designated" in chain["why"] and "owns 50 % of Company B" in chain["why"]
    # C: two blocked owners, neither over the threshold alone
    c = own(store, MYS, "gx-c")
    assert (c["blocked_share"], c["blocked"]) == (pytest.approx(0.55), True)
    assert sorted(ch["owners"][0]["id"] for ch in c["chains"]) == ["gx-x", "gx-y"]
    # A designated owner itself is not 'owned': X is blocked as designated, with no chains
    x = own(store, MYS, "gx-x")
    assert x["designated"] and x["blocked"] and x["chains"] == []


def test_not_blocked_ended_denied_alleged_and_cycles(net: dict) -> None:
    store = net["store"]
    d = own(store, MYS, "gx-d")  # Z is no blocked person; Y's 40 % is only alleged
    assert (d["blocked_share"], d["blocked"], d["alleged_share"]) == (0.2, False, 0.4)
    assert {ch["hedge"]: ch["counted"] for ch in d["chains"]} == {
        "asserted": True,
        "alleged": False,
    }
    e = own(store, MYS, "gx-e")  # 40 %: E is not blocked, so F is not either
    assert (e["blocked_share"], e["blocked"]) == (0.4, False)
    assert own(store, MYS, "gx-f")["blocked_share"] == 0.0
    g = own(store, MYS, "gx-g")  # ended in 2020
    assert (g["blocked_share"], g["chains"]) == (0.0, [])
    h = own(store, MYS, "gx-h")  # denied
    assert (h["blocked_share"], h["chains"]) == (0.0, [])
    k1, k2 = own(store, MYS, "gx-k1"), own(store, MYS, "gx-k2")
    # K2 is blocked (50 % held by blocked K1), so its 50 % of K1 counts too: a fixed point
    assert (k1["blocked_share"], k1["blocked"]) == (1.0, True)
    assert all(ch["owners"][0]["id"] == "gx-y" for ch in k1["chains"])
    assert (k2["blocked_share"], k2["blocked"]) == (0.5, True)
    assert [o["id"] for o in k2["chains"][0]["owners"]] == ["gx-y", "gx-k1"]


def test_a_hidden_edge_changes_nothing_its_non_readers_see(net: dict) -> None:
    store = net["store"]
    # USA reads its own AMBER claim that Y owns 35 % of E: E 75 %, so F is blocked through E
    assert own(store, USA, "gx-e")["blocked_share"] == pytest.approx(0.75)
    f = own(store, USA, "gx-f")
    assert (f["blocked_share"], f["blocked"]) == (1.0, True)
    assert "AMBER" in graph.ownership(store, who(store, USA), "gx-f").json()["marking"]
    # MYS and the public do not: numbers, counts and markings as if the claim did not exist
    for email in (MYS, None):
        e = own(store, email, "gx-e")
        assert e["blocked_share"] == 0.4 and e["owners_considered"] == 1
        assert own(store, email, "gx-f")["blocked"] is False
        assert own(store, email, "gx-f")["marking"] == "TLP:CLEAR ORIG PUBLIC"
    hood = graph.neighbourhood(store, who(store, MYS), "gx-e", hops=1).json()
    assert {n["id"] for n in hood["nodes"]} == {"gx-e", "gx-x", "gx-f"}
    assert all("claim" not in str(e["evidence"]) for e in hood["edges"])
    usa = graph.neighbourhood(store, who(store, USA), "gx-e", hops=1).json()
    assert {n["id"] for n in usa["nodes"]} == {"gx-e", "gx-x", "gx-f", "gx-y"}


def test_retraction_reaches_the_graph(net: dict) -> None:
    store = net["store"]
    usa = who(store, USA)
    assert own(store, USA, "gx-e")["blocked"] is True
    [item] = net["items"]["hidden"]
    store.retract_item(usa, item)
    assert own(store, USA, "gx-e")["blocked_share"] == 0.4


def test_neighbourhood_shape_filters_and_limit(net: dict) -> None:
    store = net["store"]
    mys = who(store, MYS)
    hood = graph.neighbourhood(store, mys, "gx-x", hops=1).json()
    nodes = {n["id"]: n for n in hood["nodes"]}
    assert nodes["gx-x"]["hops"] == 0 and nodes["gx-x"]["designated"] is True
    assert nodes["gx-x"]["source_ids"] == ["os:gx-x"]
    assert set(nodes) == {"gx-x", "gx-a", "gx-c", "gx-d", "gx-e", "gx-g", "gx-h", "gx-z"}
    assert nodes["gx-a"]["designated"] is False and nodes["gx-a"]["caption"] == "Company A"
    edge = next(e for e in hood["edges"] if (e["source"], e["target"]) == ("gx-x", "gx-a"))
    assert edge["relation"] == "ownership" and edge["percentage"] == 60.0
    assert edge["evidence"][0]["record_id"] == "os:own-x-a"
    assert edge["marking"] == "TLP:CLEAR ORIG PUBLIC" and edge["hedge"] == "asserted"
    denied = next(e for e in hood["edges"] if e["target"] == "gx-h")
    assert denied["hedge"] == "denied"  # shown, labelled, never counted
    two = graph.neighbourhood(store, mys, "gx-x", hops=2).json()
    assert {n["id"]: n["hops"] for n in two["nodes"]}["gx-b"] == 2
    only = graph.neighbourhood(store, mys, "gx-x", hops=2, relations="unknown_link").json()
    assert {n["id"] for n in only["nodes"]} == {"gx-x", "gx-z"}
    assert [e["label"] for e in only["edges"]] == ["Linked To"]
    firm = graph.neighbourhood(store, mys, "gx-x", hops=1, hedges="asserted,reported").json()
    assert "gx-h" not in {n["id"] for n in firm["nodes"]}
    cut = graph.neighbourhood(store, mys, "gx-x", hops=2, limit=3).json()
    assert cut["truncated"] is True and len(cut["nodes"]) == 3
    assert cut["nodes"][0]["id"] == "gx-x"
    assert all(e["source"] in {n["id"] for n in cut["nodes"]} for e in cut["edges"])
    with pytest.raises(graph.GraphError, match="relation: unknown"):
        graph.neighbourhood(store, mys, "gx-x", relations="friendship")
    with pytest.raises(graph.NotFound):
        graph.neighbourhood(store, mys, "usa-claim-y-e")


def test_paths(net: dict) -> None:
    store = net["store"]
    mys = who(store, MYS)
    found = graph.paths(store, mys, "gx-z", "gx-b", max_hops=4).json()["paths"]
    assert found, "Z -> X -> A -> B"
    first = found[0]
    assert [n["id"] for n in first["nodes"]] == ["gx-z", "gx-x", "gx-a", "gx-b"]
    assert [e["relation"] for e in first["edges"]] == ["unknown_link", "ownership", "ownership"]
    assert graph.paths(store, mys, "gx-z", "gx-b", max_hops=2).json()["paths"] == []
    # through the hidden claim (Y -> E) only for USA
    usa_paths = graph.paths(store, who(store, USA), "gx-y", "gx-f", max_hops=2).json()["paths"]
    assert [n["id"] for n in usa_paths[0]["nodes"]] == ["gx-y", "gx-e", "gx-f"]
    assert graph.paths(store, mys, "gx-y", "gx-f", max_hops=2).json()["paths"] == []


def test_paths_read_the_same_both_ways(net: dict) -> None:
    """The search walks back from the end with fewer links (gx-x has the most here), so one
    direction is found backwards and turned round: the same paths, entities in order."""
    store = net["store"]
    mys, usa = who(store, MYS), who(store, USA)

    def ids(principal: Principal, a: str, b: str, hops: int) -> list[tuple[list, list]]:
        found = graph.paths(store, principal, a, b, max_hops=hops).json()["paths"]
        return [([n["id"] for n in p["nodes"]], [e["id"] for e in p["edges"]]) for p in found]

    for principal, a, b, hops in (
        (mys, "gx-z", "gx-b", 4),
        (mys, "gx-x", "gx-f", 3),
        (usa, "gx-y", "gx-f", 2),  # through the USA-only claim
        (mys, "gx-y", "gx-f", 4),  # MYS goes round it: Y -> C <- X -> E -> F
    ):
        forward, backward = ids(principal, a, b, hops), ids(principal, b, a, hops)
        assert forward, (a, b)
        assert sorted(forward) == sorted((n[::-1], e[::-1]) for n, e in backward)
        assert all(n[0] == a and n[-1] == b for n, _ in forward)
    assert ids(mys, "gx-f", "gx-y", 2) == []  # the hidden claim is no shortcut for MYS


def test_exposure_weighs_relations_and_hedges(net: dict) -> None:
    store = net["store"]
    mys = who(store, MYS)
    x = graph.exposure(store, mys, "gx-x").json()
    assert x["score"] == 1.0 and x["explanation"][0]["path"] == []
    z = graph.exposure(store, mys, "gx-z", hops=1).json()
    [entry] = z["explanation"]
    assert entry["designated"]["id"] == "gx-x" and entry["weight"] == pytest.approx(0.6)
    assert "Linked To" in entry["why"] and "asserted" in entry["why"]
    # D: owned 20 % by X (asserted) and, allegedly, 40 % by Y: the alleged link weighs less
    d = graph.exposure(store, mys, "gx-d", hops=1).json()
    weights = {x["designated"]["id"]: x["weight"] for x in d["explanation"]}
    assert weights["gx-x"] == pytest.approx(0.6)  # ownership 1.0 x stake 0.5 + 20/200
    assert weights["gx-y"] == pytest.approx(0.4 * 0.7)  # alleged 0.4 x stake 0.7
    assert d["score"] == pytest.approx(1 - (1 - 0.6) * (1 - 0.28))
    # H: only a denied link to X: no exposure at all
    h = graph.exposure(store, mys, "gx-h").json()
    assert (h["score"], h["explanation"]) == (0.0, [])
    # B: two hops to X with decay; designated entities end paths
    b = graph.exposure(store, mys, "gx-b", hops=3).json()
    [bx] = [e for e in b["explanation"] if e["designated"]["id"] == "gx-x"]
    assert len(bx["path"]) == 2
    assert bx["weight"] == pytest.approx(0.75 * 0.8 * 0.7)


def test_list_updates_and_rebuild_keep_the_cache_in_step(net: dict, tmp_path: Path) -> None:
    store = net["store"]
    mys = who(store, MYS)
    lines = [line for line in graph_network.list_entities() if line["id"] not in ("own-a-b",)]
    from cordon.lists import service

    service.load(store, [graph_network.write_list(tmp_path / "v2", lines)])
    assert own(store, MYS, "gx-b")["blocked_share"] == 0.0
    assert graph.neighbourhood(store, mys, "gx-b").json()["edges"] == []
    counts = store.rebuild_graph()
    assert counts["graphtest"] == 12 and counts["contrib_usa"] == 3
    assert own(store, MYS, "gx-c")["blocked_share"] == pytest.approx(0.55)
