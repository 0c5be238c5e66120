"""No leaks, on any path: canaries planted in USA items not released to MYS never reach MYS (or
the public) through any endpoint, parameter or format, and a hidden item or entity answers
exactly like a missing one. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
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
from cordon.store.documents import NewDocument
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
MISSING_DOCUMENT = "doc-00000000000000000000"


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
    hidden_doc, released_doc = plant_documents(store, usa)
    hidden_claims = [c["id"] for c in store.document(usa, hidden_doc).claims]
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
        "hidden_documents": [hidden_doc],
        "released_documents": [released_doc],
        "hidden_claims": hidden_claims,
    }


def plant_documents(store: Store, usa) -> tuple[str, str]:
    """A USA-only document (canary in its text), and one released to MYS whose mentions and
    claims link to the hidden USA entities: MYS reads it, without those links."""
    text = f"{CANARIES['amber']} Front One is a front company for Strict One.\n"

    def mention(start: int, end: int, entity_id: str) -> dict:
        return {"text": text[start:end], "label": "organization", "start": start, "end": end,
                "entity_id": entity_id, "caption": CANARIES["gbr"], "source_ids": ["ZQXROLE"],
                "score": 0.9, "explanation": [{"detail": CANARIES["gbr"]}]}  # fmt: skip

    def document(marking: str, body: str, title: str) -> NewDocument:
        start = len(CANARIES["amber"]) + 1
        return NewDocument(
            sha256=hashlib.sha256(body.encode()).hexdigest(),
            filename="canary.txt",
            format="txt",
            text=body,
            size=len(body),
            marking=Marking.parse(marking, originator="USA"),
            language="en",
            model="test",
            title=title,
            mentions=[mention(start, start + 9, "usa-front-1")],
            claims=[
                {
                    "subject": {"text": "Front One", "start": start, "end": start + 9,
                                "entity_id": "usa-front-1"},
                    "predicate": "front_company_of",
                    "object": {"text": "Strict One", "start": start + 34, "end": start + 44,
                               "entity_id": "usa-strict-1"},
                    "hedge": "alleged",
                    "evidence": {"start": 0, "end": len(body) - 1},
                }
            ],
        )  # fmt: skip

    hidden, _ = store.add_document(usa, document("TLP:AMBER", text, CANARIES["amber"]))
    released_text = text.replace(CANARIES["amber"], "Reported.".ljust(len(CANARIES["amber"])))
    released, _ = store.add_document(usa, document("TLP:AMBER REL TO MYS", released_text, RELEASED))
    return hidden, released


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
        "/api/v1/documents",
        "/api/v1/documents?limit=1",
        *[f"/api/v1/documents/{d}" for d in [*p["hidden_documents"], *p["released_documents"]]],
        f"/api/v1/documents/{MISSING_DOCUMENT}",
        # the analyst workspace: faceted search, watchlists, alerts, list changes, UI pages
        "/api/v1/entities?q=ZQX",
        "/api/v1/entities?q=front",
        "/api/v1/entities?q=Ri+Won+Ho",
        "/api/v1/entities?q=ri&dataset=contrib_usa",
        "/api/v1/watches",
        "/api/v1/alerts",
        "/api/v1/lists/changes",
        "/api/v1/screenings",
        "/search?q=ZQX",
        "/search?q=front",
        "/search?q=Ri+Won+Ho",
        "/lists",
        "/watchlist",
        "/items",
        "/graph",
        "/screening",
        "/documents",
        *[f"/entity/{ref}" for ref in ids],
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
    for claim in [*p["hidden_claims"], 99999999]:
        for action in ("accept", "reject"):
            response = client.post(f"/api/v1/claims/{claim}/{action}", json={"hedge": "asserted"})
            yield f"POST claims/{claim}/{action}", str(response.status_code), response.text
    statement = {"entity": "usa-front-1", "prop": "name", "value": "x", "marking": "TLP:GREEN"}
    response = client.post("/api/v1/statements", json=statement)
    yield "POST /api/v1/statements", str(response.status_code), response.text
    for ref in ids:
        response = client.post("/api/v1/watches", json={"entity": ref})
        yield f"POST /api/v1/watches {ref}", str(response.status_code), response.text
    response = client.get("/api/v1/alerts")
    yield "GET /api/v1/alerts (watching)", str(response.status_code), response.text
    response = client.get("/watchlist")
    yield "GET /watchlist (watching)", str(response.status_code), response.text
    response = client.get("/api/v1/audit")
    yield "GET /api/v1/audit", str(response.status_code), response.text
    response = client.get("/audit")
    yield "GET /audit", str(response.status_code), response.text


@pytest.mark.parametrize("who", ["analyst@mys.example", "node@mys.example", None])
def test_no_canary_reaches_mys_or_the_public(planted: dict, who: str | None):
    app = create_app(planted["store"])
    headers = {"Authorization": f"Bearer {planted['keys'][who]}"} if who else {}
    client = TestClient(app, headers=headers)
    hidden_ids = planted["hidden_items"] + planted["hidden_entities"]
    seen_released = False
    for what, status, body in crawl(client, planted):
        if what.startswith(("GET /api/v1/audit", "GET /audit")):
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
    for hidden in planted["hidden_documents"]:
        a = client.get(f"/api/v1/documents/{hidden}")
        b = client.get(f"/api/v1/documents/{MISSING_DOCUMENT}")
        assert (a.status_code, a.json()) == (b.status_code, b.json())
    for claim in planted["hidden_claims"]:
        for action in ("accept", "reject"):
            a = client.post(f"/api/v1/claims/{claim}/{action}")
            b = client.post(f"/api/v1/claims/99999999/{action}")
            assert (a.status_code, a.json()) == (b.status_code, b.json())
    # the released document reaches MYS, without its links to hidden entities
    [released] = planted["released_documents"]
    document = client.get(f"/api/v1/documents/{released}").json()
    assert document["title"] == RELEASED
    assert [m["entity_id"] for m in document["mentions"]] == [None]
    assert not leaks(json.dumps(document), planted["hidden_entities"])
    for hidden, missing in pairs:
        paths = [
            "/api/v1/entities/{}",
            "/api/v1/items/{}",
            f"/taxii2/api/collections/{COLLECTION}/objects/{{}}/",
            f"/taxii2/api/collections/{COLLECTION}/objects/{{}}/versions/",
            f"/taxii2/api/collections/{COLLECTION}/objects/?match[id]={{}}",
            "/entity/{}",
        ]
        for path in paths:
            a, b = client.get(path.format(hidden)), client.get(path.format(missing))
            assert a.status_code == b.status_code, path.format(hidden)
            assert normalise(a.text, hidden) == normalise(b.text, missing), path.format(hidden)
        a = client.post("/api/v1/watches", json={"entity": hidden})
        b = client.post("/api/v1/watches", json={"entity": missing})
        assert (a.status_code, a.json()) == (b.status_code, b.json())
        for action, body in (("marking", {"marking": "TLP:CLEAR"}), ("retract", None)):
            a = client.post(f"/api/v1/items/{hidden}/{action}", json=body)
            b = client.post(f"/api/v1/items/{missing}/{action}", json=body)
            assert (a.status_code, a.json()) == (b.status_code, b.json())
    # the designee itself is public: MYS sees it, with the released alias and nothing else
    entity = client.get(f"/api/v1/entities/{planted['designee']}").json()
    assert RELEASED in entity["properties"]["alias"]
    assert not leaks(json.dumps(entity), planted["hidden_items"])
