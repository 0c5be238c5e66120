"""No leaks, on any path: canaries planted in USA items not released to MYS never reach MYS (or
the public) through any endpoint, parameter or format, and a hidden item or entity answers
exactly like a missing one. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cordon.lists import service
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app
from cordon.web.taxii import COLLECTION
from tests.paths import LISTS

# Unique tokens: none of them occurs in the lists, so any sighting is a leak.
CANARIES = {
    "amber": "ZQXAMBERUSAONLY",
    "gbr": "ZQXRELTOGBR",
    "red": "ZQXREDGBRANALYST",
    "strict": "ZQXSTRICTGBR",
}
RELEASED = "ZQXRELEASEDMYS"
MISSING_ITEM = "identity--00000000-0000-5000-8000-000000000000"


def ftm(*lines: dict) -> bytes:
    return "\n".join(json.dumps(line) for line in lines).encode()


@pytest.fixture
def planted(store: Store, tmp_path, monkeypatch) -> Iterator[dict]:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "home"))
    service.load(store, [LISTS / "un"])
    create_demo(store)
    store.add_agency("GBR", "UK (test)", "gb")
    store.add_user("analyst@gbr.example", "GBR", "analyst")
    store.add_user("node@mys.example", "MYS", "node")
    usa = store.principal("analyst@usa.example")
    designee = store.resolve(usa, "un:KPi.033")

    def plant(marking: str, *lines: dict) -> contributions.ImportReport:
        parsed = Marking.parse(marking, originator="USA")
        if marking.startswith("TLP:RED"):
            parsed = Marking(parsed.tlp, "USA", recipients=frozenset({"analyst@gbr.example"}))
        return contributions.contribute(store, usa, ftm(*lines), "canary.json", parsed)

    hidden = []
    hidden += plant(
        "TLP:AMBER",
        {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": [CANARIES["amber"]]}},
    ).items
    gbr = plant(
        "TLP:AMBER REL TO GBR",
        {"id": "front-1", "schema": "Company", "properties": {"name": [CANARIES["gbr"]]}},
        {
            "id": "own-1",
            "schema": "Ownership",
            "properties": {"owner": ["un:KPi.033"], "asset": ["front-1"], "role": ["ZQXROLE"]},
        },
    )
    hidden += gbr.items
    hidden += plant(
        "TLP:RED",
        {"id": "un:KPi.033", "schema": "Person", "properties": {"notes": [CANARIES["red"]]}},
    ).items
    hidden += plant(
        "TLP:AMBER+STRICT REL TO GBR",
        {"id": "strict-1", "schema": "Vessel", "properties": {"name": [CANARIES["strict"]]}},
    ).items
    released = plant(
        "TLP:AMBER REL TO MYS",
        {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": [RELEASED]}},
    ).items
    keys = {
        who: store.create_api_key(who)
        for who in ("analyst@mys.example", "node@mys.example", "analyst@usa.example")
    }
    yield {
        "store": store,
        "designee": designee,
        "hidden_items": hidden,
        "hidden_entities": ["usa-front-1", "usa-own-1", "usa-strict-1"],
        "released": released,
        "keys": keys,
    }


def leaks(text: str, hidden_ids: list[str]) -> list[str]:
    found = [c for c in [*CANARIES.values(), "ZQXROLE"] if c in text]
    return found + [i for i in hidden_ids if i in text]


def crawl(client: TestClient, p: dict) -> Iterator[tuple[str, str, str]]:
    """(what, status, body) for every endpoint, parameter and format a partner can call."""
    ids = [p["designee"], "un:KPi.033", *p["hidden_entities"], "usa-missing-1"]
    items = [*p["hidden_items"], *p["released"], MISSING_ITEM]
    gets = [
        "/",
        "/login",
        "/api/v1/me",
        "/api/v1/node",
        "/api/v1/datasets",
        "/api/v1/agencies",
        "/api/v1/items",
        "/api/v1/items?limit=1",
        "/api/v1/export?format=stix",
        "/api/v1/export?format=ftm",
        "/api/v1/search?q=Ri+Won+Ho",
        "/api/v1/search?q=front",
        "/api/v1/openapi.json",
        "/taxii2/",
        "/taxii2/api/",
        "/taxii2/api/collections/",
        f"/taxii2/api/collections/{COLLECTION}/",
        f"/taxii2/api/collections/{COLLECTION}/objects/",
        f"/taxii2/api/collections/{COLLECTION}/objects/?limit=1",
        f"/taxii2/api/collections/{COLLECTION}/objects/?match[type]=relationship",
        f"/taxii2/api/collections/{COLLECTION}/objects/?added_after=2000-01-01T00:00:00.000Z",
        f"/taxii2/api/collections/{COLLECTION}/manifest/",
        *[f"/api/v1/entities/{ref}" for ref in ids],
        *[f"/api/v1/items/{i}" for i in items],
        *[f"/taxii2/api/collections/{COLLECTION}/objects/{i}/" for i in items],
        *[f"/taxii2/api/collections/{COLLECTION}/objects/{i}/versions/" for i in items],
        f"/taxii2/api/collections/{COLLECTION}/objects/?match[id]={','.join(items)}",
    ]
    for path in gets:
        response = client.get(path)
        yield f"GET {path}", str(response.status_code), response.text + str(response.headers)
    match = {
        "queries": {
            "q": {"schema": "Person", "properties": {"name": ["Ri Won Ho"]}},
            "c": {"schema": "Company", "properties": {"name": ["front company"]}},
        }
    }
    response = client.post("/api/v1/match", json=match)
    yield "POST /api/v1/match", str(response.status_code), response.text
    for item in items:
        for action, body in (
            ("marking", {"marking": "TLP:CLEAR"}),
            ("retract", None),
            ("derive", {"marking": "TLP:GREEN"}),
        ):
            response = client.post(f"/api/v1/items/{item}/{action}", json=body)
            yield f"POST {item}/{action}", str(response.status_code), response.text
    statement = {"entity": "usa-front-1", "prop": "name", "value": "x", "marking": "TLP:GREEN"}
    response = client.post("/api/v1/statements", json=statement)
    yield "POST /api/v1/statements", str(response.status_code), response.text
    response = client.get("/api/v1/audit")
    yield "GET /api/v1/audit", str(response.status_code), response.text


@pytest.mark.parametrize("who", ["analyst@mys.example", "node@mys.example", None])
def test_no_canary_reaches_mys_or_the_public(planted: dict, who: str | None):
    app = create_app(planted["store"])
    headers = {"Authorization": f"Bearer {planted['keys'][who]}"} if who else {}
    client = TestClient(app, headers=headers)
    hidden_ids = planted["hidden_items"] + planted["hidden_entities"]
    seen_released = False
    for what, status, body in crawl(client, planted):
        if what.startswith("GET /api/v1/audit"):
            hidden_ids = []  # the audit view echoes the caller's own requests, ids included
        assert not leaks(body, hidden_ids), (
            f"{who} {what} ({status}) leaks {leaks(body, hidden_ids)}"
        )
        seen_released |= RELEASED in body
    # positive control: what was released to MYS does reach its analyst
    assert seen_released == (who == "analyst@mys.example" or who == "node@mys.example")
    feed = client.get("/api/v1/sync/feed")
    assert not leaks(feed.text, planted["hidden_items"] + planted["hidden_entities"])
    assert (feed.status_code == 200) == (who is not None)


def normalise(text: str, ref: str) -> str:
    return re.sub(r'"(seq|at)":\s*("[^"]*"|\d+)', "", text.replace(ref, "<ref>"))


def test_hidden_answers_exactly_like_missing(planted: dict):
    client = TestClient(
        create_app(planted["store"]),
        headers={"Authorization": f"Bearer {planted['keys']['analyst@mys.example']}"},
    )
    pairs = [(e, "usa-missing-1") for e in planted["hidden_entities"]]
    pairs += [(i, MISSING_ITEM) for i in planted["hidden_items"]]
    for hidden, missing in pairs:
        paths = [
            "/api/v1/entities/{}",
            "/api/v1/items/{}",
            f"/taxii2/api/collections/{COLLECTION}/objects/{{}}/",
            f"/taxii2/api/collections/{COLLECTION}/objects/{{}}/versions/",
            f"/taxii2/api/collections/{COLLECTION}/objects/?match[id]={{}}",
        ]
        for path in paths:
            a, b = client.get(path.format(hidden)), client.get(path.format(missing))
            assert a.status_code == b.status_code, path.format(hidden)
            assert normalise(a.text, hidden) == normalise(b.text, missing), path.format(hidden)
        for action, body in (("marking", {"marking": "TLP:CLEAR"}), ("retract", None)):
            a = client.post(f"/api/v1/items/{hidden}/{action}", json=body)
            b = client.post(f"/api/v1/items/{missing}/{action}", json=body)
            assert (a.status_code, a.json()) == (b.status_code, b.json())
    # the designee itself is public: MYS sees it, with the released alias and nothing else
    entity = client.get(f"/api/v1/entities/{planted['designee']}").json()
    assert RELEASED in entity["properties"]["alias"]
    assert not leaks(json.dumps(entity), planted["hidden_items"])
