"""The analyst workspace in the store, on SQLite and PostgreSQL: watchlists and their alerts
(list releases, contributions, links), faceted search, and the policy on every one of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cordon.lists import service
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.store.workspace import WatchError
from cordon.web import list_updates
from tests.paths import FIXTURES, LISTS

TINY = FIXTURES / "uk_ofsi_tiny.csv"


def contribute(store: Store, who: str, marking: str, *lines: dict) -> list[str]:
    principal = store.principal(who)
    parsed = Marking.parse(marking, originator=principal.agency)
    data = "\n".join(json.dumps(line) for line in lines).encode()
    return contributions.contribute(store, principal, data, "test.json", parsed).items


def next_release(tmp_path: Path) -> Path:
    """The tiny OFSI list a month later: one designee's position changed, a vessel delisted."""
    lines = TINY.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("01/06/2025", "01/07/2025")
    lines = [
        line.replace("Representative of an invented bank", "Director of an invented bank")
        for line in lines
        if not line.startswith("EXAMPLE STAR")
    ]
    path = tmp_path / "ConList.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def demo(store: Store) -> Store:
    service.load(store, [TINY])
    create_demo(store)
    return store


def test_watch_needs_a_visible_entity(demo: Store) -> None:
    usa = demo.principal("analyst@usa.example")
    mys = demo.principal("analyst@mys.example")
    contribute(demo, "analyst@usa.example", "TLP:AMBER", {
        "id": "front-1", "schema": "Company", "properties": {"name": ["Hidden Front"]}
    })  # fmt: skip
    watch = demo.watch(usa, "usa-front-1", note="lead from customs")
    assert (watch.entity_id, watch.caption, watch.note) == (
        "usa-front-1",
        "Hidden Front",
        "lead from customs",
    )
    assert demo.watch(usa, "usa-front-1").id == watch.id  # idempotent
    with pytest.raises(WatchError):
        demo.watch(mys, "usa-front-1")  # hidden answers like missing
    with pytest.raises(WatchError):
        demo.watch(mys, "usa-missing-1")
    assert demo.watches(mys) == []
    assert [w.entity_id for w in demo.watches(usa)] == ["usa-front-1"]
    assert demo.unwatch(usa, "usa-front-1") and not demo.unwatch(usa, "usa-front-1")
    assert demo.watches(usa) == []


def test_list_release_alerts(demo: Store, tmp_path: Path) -> None:
    mys = demo.principal("analyst@mys.example")
    zulu = demo.search_entities(mys, "ZULU").hits[0].entity_id
    star = demo.search_entities(mys, "EXAMPLE STAR", {"schema": "Vessel"}).hits
    star_id = next(h.entity_id for h in star if h.caption == "EXAMPLE STAR")
    demo.watch(mys, zulu)
    demo.watch(mys, star_id)
    assert demo.alerts(mys) == []
    service.load(demo, [next_release(tmp_path)])
    alerts = {a.entity_id: a for a in demo.alerts(mys)}
    assert alerts[zulu].kind == "list.changed" and "position" in alerts[zulu].summary
    assert alerts[star_id].kind == "list.removed"
    assert all(a.new and a.marking.label == "TLP:CLEAR ORIG PUBLIC" for a in alerts.values())
    demo.mark_alerts_seen(mys)
    assert not any(a.new for a in demo.alerts(mys))
    # the list-update view says the same
    release = list_updates.recent(demo, mys, None, 3)[0]
    assert (release.changed, release.removed) == (1, 1)
    assert {c.change for c in release.changes} == {"changed", "removed"}


def test_contribution_alerts_follow_the_policy(demo: Store) -> None:
    usa = demo.principal("analyst@usa.example")
    mys = demo.principal("analyst@mys.example")
    zulu = demo.search_entities(mys, "ZULU").hits[0].entity_id
    demo.watch(usa, zulu)
    demo.watch(mys, zulu)
    hidden = contribute(demo, "analyst@usa.example", "TLP:AMBER", {
        "id": zulu, "schema": "Person", "properties": {"notes": ["ZQX usa only"]}
    })  # fmt: skip
    released = contribute(demo, "analyst@usa.example", "TLP:AMBER REL TO MYS", {
        "id": zulu, "schema": "Person", "properties": {"notes": ["said to run the bank"]},
        "cordon": {"hedge": "alleged"},
    })  # fmt: skip
    contribute(
        demo,
        "analyst@usa.example",
        "TLP:AMBER",
        {"id": "front-9", "schema": "Company", "properties": {"name": ["ZQX Front"]}},
        {
            "id": "own-9",
            "schema": "Ownership",
            "properties": {"owner": [zulu], "asset": ["front-9"]},
        },
    )
    seen_by_usa = {a.summary for a in demo.alerts(usa)}
    assert "notes: ZQX usa only" in seen_by_usa
    assert any(a.kind == "link" and "ZQX Front" not in a.summary for a in demo.alerts(usa))
    mys_alerts = demo.alerts(mys)
    assert [(a.summary, a.hedge) for a in mys_alerts] == [
        ("notes: said to run the bank", "alleged")
    ]
    assert "ZQX" not in json.dumps([a.to_dict() for a in mys_alerts])
    # a recall takes the alert away
    demo.retract_item(usa, released[0])
    assert demo.alerts(mys) == []
    # re-marking toward MYS brings the hidden one to MYS
    demo.remark_item(
        demo.principal("releaser@usa.example"),
        hidden[0],
        Marking.parse("TLP:AMBER REL TO MYS", "USA"),
    )
    assert [a.summary for a in demo.alerts(mys)] == ["notes: ZQX usa only"]


def test_link_with_hidden_end_is_no_alert(demo: Store) -> None:
    mys = demo.principal("analyst@mys.example")
    zulu = demo.search_entities(mys, "ZULU").hits[0].entity_id
    demo.watch(mys, zulu)
    # the ownership is released to MYS, its asset is not: the link must stay invisible
    contribute(demo, "analyst@usa.example", "TLP:AMBER", {
        "id": "front-7", "schema": "Company", "properties": {"name": ["Hidden Asset"]}
    })  # fmt: skip
    contribute(demo, "analyst@usa.example", "TLP:AMBER REL TO MYS", {
        "id": "own-7", "schema": "Ownership",
        "properties": {"owner": [zulu], "asset": ["usa-front-7"]},
    })  # fmt: skip
    assert demo.alerts(mys) == []
    assert "Ownership" not in {e.schema for e in demo.referencing(mys, zulu)}
    usa = demo.principal("analyst@usa.example")
    assert "Ownership" in {e.schema for e in demo.referencing(usa, zulu)}


def test_search_facets_count_only_what_the_reader_sees(demo: Store) -> None:
    usa = demo.principal("analyst@usa.example")
    mys = demo.principal("analyst@mys.example")
    props = {"name": ["Example Hidden Co"], "country": ["my"]}
    contribute(
        demo,
        "analyst@usa.example",
        "TLP:AMBER",
        {"id": "front-5", "schema": "Company", "properties": props},
    )
    for_usa = demo.search_entities(usa, "example")
    for_mys = demo.search_entities(mys, "example")
    assert for_usa.total == for_mys.total + 1
    assert ("contrib_usa", "contrib_usa", 1) in for_usa.facets["dataset"]
    assert all(v != "contrib_usa" for v, _, _ in for_mys.facets["dataset"])
    assert all(v != "my" for v, _, _ in for_mys.facets["country"])
    assert "Example Hidden Co" not in json.dumps(for_mys.to_dict())
    assert demo.search_entities(mys, "hidden co").total == 0
    # filters narrow, and their counts agree with the totals
    vessels = demo.search_entities(usa, "example", {"schema": "Vessel"})
    assert vessels.total == dict((v, n) for v, _, n in for_usa.facets["schema"])["Vessel"]
    assert {h.schema for h in vessels.hits} == {"Vessel"}
    # designated entities carry the sanction topic; a contributed company does not
    hidden = demo.search_entities(usa, "hidden co").hits[0]
    assert not hidden.designated and hidden.countries == ["my"]
    # exact matches first; a source record id finds its entity
    assert demo.search_entities(usa, "EXAMPLE STAR").hits[0].caption == "EXAMPLE STAR"


def test_search_escapes_like_wildcards(demo: Store) -> None:
    usa = demo.principal("analyst@usa.example")
    assert demo.search_entities(usa, "%").total == 0
    assert demo.search_entities(usa, "_").total == 0
    assert demo.search_entities(usa, "   ").total == 0


def test_full_lists_search_by_reference(store: Store) -> None:
    service.load(store, [LISTS / "un"])
    create_demo(store)
    mys = store.principal("analyst@mys.example")
    result = store.search_entities(mys, "un:KPi.033")
    assert [h.caption for h in result.hits] == ["RI WON HO"]
    assert result.hits[0].designated
