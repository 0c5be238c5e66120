"""The sharing API over HTTP (FastAPI TestClient), on SQLite and PostgreSQL: contributions as
FtM lines and STIX bundles, single statements, items and originator control with analyst and
releaser keys, refusals that change nothing, and the two ways in (API keys and UI sessions)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cordon.lists import service
from cordon.sharing.demo import DEMO_PASSWORD, create_demo
from cordon.store import Store
from cordon.store import tables as t
from cordon.web.app import create_app
from tests.paths import LISTS

DESIGNEE = "un:KPi.033"
CANARY = "Canary GBR Only 6081"
LINES = [
    {
        "id": DESIGNEE,
        "schema": "Person",
        "properties": {"alias": ["Released Alias 3390"]},
        "cordon": {"hedge": "reported"},
    },
    {"id": "front-1", "schema": "Company", "properties": {"name": ["Straits Ship Supply"]}},
    {
        "id": "own-1",
        "schema": "Ownership",
        "properties": {"owner": [DESIGNEE], "asset": ["front-1"]},
        "cordon": {"hedge": "alleged"},
    },
]
SECRET = [{"id": "front-9", "schema": "Company", "properties": {"name": [CANARY]}}]
MISSING = "identity--00000000-0000-4000-8000-000000000000"


def ftm(lines: list[dict[str, Any]]) -> bytes:
    return "\n".join(json.dumps(line) for line in lines).encode()


class Node:
    """A node with the UN list, USA, MYS and GBR, and an API key per user."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.app = create_app(store)
        self.keys: dict[str, str] = {}

    def key(self, email: str) -> str:
        if email not in self.keys:
            self.keys[email] = self.store.create_api_key(email)
        return self.keys[email]

    def client(self, email: str | None = None) -> TestClient:
        client = TestClient(self.app)
        if email:
            client.headers["Authorization"] = f"Bearer {self.key(email)}"
        return client

    def state(self) -> tuple[Any, ...]:
        """Everything a write may touch: statements, items and their markings, recalls."""
        with self.store.engine.connect() as conn:
            statements = conn.execute(
                select(
                    t.statements.c.id, t.statements.c.marking_key, t.statements.c.retracted_at
                ).order_by(t.statements.c.id)
            ).all()
            items = conn.execute(
                select(t.items.c.id, t.items.c.marking_key, t.items.c.retracted_at).order_by(
                    t.items.c.id
                )
            ).all()
            recalls = conn.execute(select(func.count()).select_from(t.recalls)).scalar()
        return tuple(statements), tuple(items), recalls


@pytest.fixture
def node(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Node]:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))  # the node key lives there
    service.load(store, [LISTS / "un"])
    create_demo(store)
    store.add_agency("GBR", "UK (test)", "gb")
    store.add_user("analyst@gbr.example", "GBR", "analyst")
    yield Node(store)


def contribute(node: Node, email: str, lines: list[dict[str, Any]], marking: str) -> list[str]:
    answer = node.client(email).post(
        "/api/v1/import", params={"marking": marking}, content=ftm(lines)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def same_as_missing(client: TestClient, method: str, path: str, hidden: str, **kw: Any) -> None:
    """A hidden item answers exactly like one that never existed."""
    seen = client.request(method, path.format(hidden), **kw)
    never = client.request(method, path.format(MISSING), **kw)
    assert seen.status_code == never.status_code == 404
    assert seen.content == never.content == b'{"detail":"not found"}'
    assert CANARY not in seen.text and hidden not in seen.text


# ---------------------------------------------------------------------------- contributions


def test_import_ftm_attaches_and_stays_marked(node: Node) -> None:
    answer = node.client("analyst@usa.example").post(
        "/api/v1/import", params={"marking": "TLP:AMBER REL TO MYS"}, content=ftm(LINES)
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    designee = node.store.resolve(node.store.principal("analyst@usa.example"), DESIGNEE)
    assert report["attached"] == {DESIGNEE: designee}
    assert report["created"] == ["usa-front-1", "usa-own-1"] and len(report["items"]) == 3
    mys, gbr = node.client("analyst@mys.example"), node.client("analyst@gbr.example")
    assert "Released Alias 3390" in mys.get(f"/api/v1/entities/{DESIGNEE}").text
    assert "Released Alias 3390" not in gbr.get(f"/api/v1/entities/{DESIGNEE}").text
    assert "Released Alias 3390" not in node.client().get(f"/api/v1/entities/{DESIGNEE}").text
    assert gbr.get("/api/v1/entities/usa-front-1").status_code == 404
    listed = mys.get("/api/v1/items").json()
    assert sorted(i["id"] for i in listed) == sorted(report["items"])
    assert {(i["marking"], i["originator"]) for i in listed} == {
        ("TLP:AMBER REL TO MYS ORIG USA", "USA")
    }
    assert gbr.get("/api/v1/items").json() == []
    # the same bytes again change nothing
    before = node.state()
    again = node.client("analyst@usa.example").post(
        "/api/v1/import", params={"marking": "TLP:AMBER REL TO MYS"}, content=ftm(LINES)
    )
    assert again.json()["items"] == report["items"]
    assert node.state()[0] == before[0]


def test_stix_export_of_a_partner_item_round_trips(node: Node) -> None:
    usa_items = contribute(node, "analyst@usa.example", LINES, "TLP:AMBER REL TO MYS")
    contribute(node, "analyst@usa.example", SECRET, "TLP:AMBER REL TO GBR")
    mys = node.client("analyst@mys.example")
    exported = mys.get("/api/v1/export", params={"format": "stix"})
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/stix+json")
    assert CANARY not in exported.text
    bundle = exported.json()
    assert bundle["type"] == "bundle"
    assert set(usa_items) <= {o["id"] for o in bundle["objects"]}
    # MYS re-contributes what it received, as its own, released back to USA only
    answer = mys.post(
        "/api/v1/import", params={"marking": "TLP:AMBER REL TO USA"}, content=exported.content
    )
    assert answer.status_code == 200, answer.text
    own = [i for i in mys.get("/api/v1/items").json() if i["originator"] == "MYS"]
    assert sorted(i["id"] for i in own) == sorted(answer.json()["items"])
    assert {i["marking"] for i in own} == {"TLP:AMBER REL TO USA ORIG MYS"}
    received = mys.get("/api/v1/items").json()
    usa_view = {i["id"]: i for i in node.client("analyst@usa.example").get("/api/v1/items").json()}

    def facts(item: dict[str, Any]) -> frozenset[tuple[str, str, str]]:
        return frozenset((s["prop"], s["value"], s["hedge"]) for s in item["statements"])

    # the designee's alias attaches to the same designee; the hedges survive the trip
    designee = usa_view[usa_items[0]]["entity_id"]
    assert any(i["entity_id"] == designee for i in own)
    assert {facts(i) for i in own} == {facts(usa_view[i]) for i in usa_items}
    ownership = next(i for i in own if i["schema"] == "Ownership")
    assert {s["hedge"] for s in ownership["statements"]} == {"alleged"}
    assert ("alias", "Released Alias 3390", "reported") in facts(
        next(i for i in own if i["entity_id"] == designee)
    )
    assert {i["originator"] for i in received} == {"USA", "MYS"}
    # GBR receives neither USA's MYS release nor MYS's copy
    gbr_export = node.client("analyst@gbr.example").get("/api/v1/export").json()
    assert "Released Alias 3390" not in json.dumps(gbr_export)
    # an FtM export round-trips too
    lines = mys.get("/api/v1/export", params={"format": "ftm"})
    assert lines.headers["content-type"].startswith("application/x-ndjson")
    assert CANARY not in lines.text
    again = mys.post("/api/v1/import", params={"marking": "TLP:GREEN"}, content=lines.content)
    assert again.status_code == 200, again.text


def test_stricter_objects_are_not_widened_on_import(node: Node) -> None:
    contribute(node, "analyst@usa.example", LINES[1:2], "TLP:RED")
    red = node.client("analyst@usa.example").get("/api/v1/export").content
    before = node.state()
    answer = node.client("analyst@usa.example").post(
        "/api/v1/import", params={"marking": "TLP:GREEN"}, content=red
    )
    assert answer.status_code == 422 and "stricter" in answer.json()["detail"]
    assert node.state() == before


def test_single_statements(node: Node) -> None:
    usa = node.client("analyst@usa.example")
    body = {"entity": DESIGNEE, "prop": "alias", "value": "Statement Alias 1207"}
    answer = usa.post(
        "/api/v1/statements", json={**body, "marking": "TLP:AMBER REL TO MYS", "hedge": "alleged"}
    )
    assert answer.status_code == 200, answer.text
    designee = answer.json()["attached"][DESIGNEE]
    entity = node.client("analyst@mys.example").get(f"/api/v1/entities/{designee}").json()
    (alias,) = [s for s in entity["statements"] if s["value"] == "Statement Alias 1207"]
    assert alias["hedge"] == "alleged"
    assert (
        "Statement Alias 1207"
        not in node.client("analyst@gbr.example").get(f"/api/v1/entities/{designee}").text
    )
    # a new entity needs its schema; an entity the caller cannot see is new to it
    before = node.state()
    new = {"entity": "vessel-1", "prop": "name", "value": "Sea Star", "marking": "TLP:GREEN"}
    refused = usa.post("/api/v1/statements", json=new)
    assert refused.status_code == 422 and refused.json()["detail"].startswith("schema:")
    wrong = usa.post("/api/v1/statements", json={**new, "schema": "Vessel", "prop": "wings"})
    assert wrong.status_code == 422 and "wings" in wrong.json()["detail"]
    assert node.state() == before
    made = usa.post("/api/v1/statements", json={**new, "schema": "Vessel"})
    assert made.status_code == 200 and made.json()["created"] == ["usa-vessel-1"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "field"),
    [
        ("POST", "/api/v1/import", {"params": {"marking": "TLP:PURPLE"}}, "marking"),
        ("POST", "/api/v1/import", {"params": {"marking": "TLP:AMBER REL TO nope!"}}, "marking"),
        ("POST", "/api/v1/import", {"params": {"marking": "TLP:CLEAR REL TO MYS"}}, "marking"),
        ("POST", "/api/v1/import", {}, "marking"),
        (
            "POST",
            "/api/v1/statements",
            {"json": {"entity": DESIGNEE, "prop": "alias", "value": "x", "marking": "AMBER"}},
            "marking",
        ),
        (
            "POST",
            "/api/v1/statements",
            {"json": {"entity": DESIGNEE, "prop": "alias", "value": "x"}},
            "marking",
        ),
        (
            "POST",
            "/api/v1/statements",
            {"json": {"entity": DESIGNEE, "prop": "alias", "value": "", "marking": "TLP:GREEN"}},
            "value",
        ),
        (
            "POST",
            "/api/v1/statements",
            {
                "json": {
                    "entity": DESIGNEE,
                    "prop": "alias",
                    "value": "x",
                    "marking": "TLP:GREEN",
                    "hedge": "surely",
                }
            },
            "hedge",
        ),
        ("POST", "/api/v1/items/{}/marking", {"json": {"marking": "TLP:BLUE"}}, "marking"),
        ("POST", "/api/v1/items/{}/marking", {"json": {}}, "marking"),
        ("POST", "/api/v1/items/{}/derive", {"json": {"marking": "TLP:RED REL TO"}}, "marking"),
        ("GET", "/api/v1/export", {"params": {"format": "xml"}}, "format"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    node: Node, method: str, path: str, kwargs: dict[str, Any], field: str
) -> None:
    (item,) = contribute(node, "analyst@usa.example", LINES[1:2], "TLP:AMBER REL TO MYS")
    before = node.state()
    if path == "/api/v1/import":
        kwargs = {"content": ftm(LINES[1:2]), **kwargs}
    answer = node.client("releaser@usa.example").request(method, path.format(item), **kwargs)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    if isinstance(detail, str):
        assert detail.startswith(f"{field}:")
    else:  # request validation: the location names the field
        assert [e["loc"][-1] for e in detail] == [field]
    assert node.state() == before


def test_release_to_an_unknown_agency_is_refused(node: Node) -> None:
    before = node.state()
    answer = node.client("analyst@usa.example").post(
        "/api/v1/import", params={"marking": "TLP:AMBER REL TO XYZ"}, content=ftm(LINES)
    )
    assert answer.status_code == 422 and "unknown agencies XYZ" in answer.json()["detail"]
    assert node.state() == before


# ---------------------------------------------------------------------------- items


def test_items_read_and_hidden_is_missing(node: Node) -> None:
    (released,) = contribute(node, "analyst@usa.example", LINES[1:2], "TLP:AMBER REL TO MYS")
    (secret,) = contribute(node, "analyst@usa.example", SECRET, "TLP:AMBER REL TO GBR")
    mys = node.client("analyst@mys.example")
    item = mys.get(f"/api/v1/items/{released}").json()
    assert item["id"] == released and item["marking"] == "TLP:AMBER REL TO MYS ORIG USA"
    assert item["statements"] == [
        {"prop": "name", "value": "Straits Ship Supply", "hedge": "asserted", "confidence": 100}
    ]
    assert [i["id"] for i in mys.get("/api/v1/items").json()] == [released]
    assert CANARY not in mys.get("/api/v1/items", params={"limit": 1000}).text
    same_as_missing(mys, "GET", "/api/v1/items/{}", secret)
    gbr = node.client("analyst@gbr.example")
    assert CANARY in gbr.get(f"/api/v1/items/{secret}").text
    assert node.client().get("/api/v1/items").status_code == 401
    assert mys.get("/api/v1/items", params={"limit": 0}).status_code == 422


def test_originator_control(node: Node) -> None:
    (item,) = contribute(node, "analyst@usa.example", LINES[1:2], "TLP:AMBER REL TO GBR")
    analyst, releaser = node.client("analyst@usa.example"), node.client("releaser@usa.example")
    gbr, mys = node.client("analyst@gbr.example"), node.client("releaser@mys.example")
    wider = {"marking": "TLP:AMBER REL TO GBR,MYS"}

    def refused(client: TestClient, path: str, status: int, **kw: Any) -> None:
        before = node.state()
        answer = client.post(path.format(item), **kw)
        assert answer.status_code == status, answer.text
        assert node.state() == before

    # widening: not the analyst, not a partner that reads it, and MYS cannot even see it
    refused(analyst, "/api/v1/items/{}/marking", 403, json=wider)
    refused(gbr, "/api/v1/items/{}/marking", 403, json={"marking": "TLP:GREEN"})
    refused(gbr, "/api/v1/items/{}/retract", 403)
    for path in ("/api/v1/items/{}/marking", "/api/v1/items/{}/derive"):
        same_as_missing(mys, "POST", path, item, json=wider)
    same_as_missing(mys, "POST", "/api/v1/items/{}/retract", item)
    same_as_missing(node.client("analyst@mys.example"), "POST", "/api/v1/items/{}/retract", item)
    widened = releaser.post(f"/api/v1/items/{item}/marking", json=wider)
    assert (
        widened.status_code == 200
        and widened.json()["marking"] == "TLP:AMBER REL TO GBR,MYS ORIG USA"
    )
    assert mys.get(f"/api/v1/items/{item}").status_code == 200
    # now MYS reads it but does not originate it: 403, not 404
    refused(mys, "/api/v1/items/{}/marking", 403, json={"marking": "TLP:GREEN"})
    refused(mys, "/api/v1/items/{}/derive", 403, json={"marking": "TLP:GREEN"})
    refused(node.client("analyst@mys.example"), "/api/v1/items/{}/retract", 403)
    # narrowing is open to any USA member, and is a recall
    recalls = node.state()[2]
    narrowed = analyst.post(
        f"/api/v1/items/{item}/marking", json={"marking": "TLP:AMBER REL TO GBR"}
    )
    assert narrowed.status_code == 200 and node.state()[2] == recalls + 1
    same_as_missing(mys, "GET", "/api/v1/items/{}", item)
    # a releasable version needs a releaser (the analyst is refused by the route's rule)
    refused(analyst, "/api/v1/items/{}/derive", 403, json={"marking": "TLP:GREEN"})
    derived = releaser.post(
        f"/api/v1/items/{item}/derive", json={"marking": "TLP:GREEN", "props": ["name"]}
    )
    assert derived.status_code == 200, derived.text
    version = derived.json()["id"]
    assert derived.json()["derived_from"] == item
    seen = mys.get(f"/api/v1/items/{version}").json()
    assert seen["derived_from"] == item and seen["marking"] == "TLP:GREEN ORIG USA"
    refused(releaser, "/api/v1/items/{}/derive", 403, json={"marking": "TLP:GREEN", "props": ["x"]})
    # retraction: gone for everyone, and a second retraction finds nothing
    assert analyst.post(f"/api/v1/items/{item}/retract").json() == {"id": item, "retracted": True}
    for client in (analyst, gbr):
        same_as_missing(client, "GET", "/api/v1/items/{}", item)
    same_as_missing(analyst, "POST", "/api/v1/items/{}/retract", item)
    assert mys.get(f"/api/v1/items/{version}").status_code == 200


# ---------------------------------------------------------------------------- credentials


def test_session_cookie_needs_same_origin_writes(node: Node) -> None:
    client = node.client()
    form = {"email": "analyst@usa.example", "password": DEMO_PASSWORD}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 403
    assert (
        client.post(
            "/login",
            data={**form, "password": "wrong password"},
            headers={"Origin": "http://testserver"},
        ).status_code
        == 401
    )
    signed_in = client.post(
        "/login", data=form, headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert signed_in.status_code == 303
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/v1/me").json()["user"] == "analyst@usa.example"
    statement = {
        "entity": DESIGNEE,
        "prop": "alias",
        "value": "Cookie Alias",
        "marking": "TLP:GREEN",
    }
    before = node.state()
    for headers in ({}, {"Origin": "http://evil.example"}, {"Referer": "http://evil.example/x"}):
        answer = client.post("/api/v1/statements", json=statement, headers=headers)
        assert answer.status_code == 403, headers
        answer = client.post(
            "/api/v1/import", params={"marking": "TLP:GREEN"}, content=ftm(LINES), headers=headers
        )
        assert answer.status_code == 403, headers
    assert node.state() == before
    same_origin = client.post(
        "/api/v1/statements", json=statement, headers={"Origin": "http://testserver"}
    )
    assert same_origin.status_code == 200, same_origin.text
    # signing out ends the session: the old cookie is refused, not read as anonymous
    token = client.cookies.get("cordon_session")
    out = client.post("/logout", headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert out.status_code == 303
    stale = node.client()
    stale.cookies.set("cordon_session", token)
    assert stale.get("/api/v1/me").status_code == 401
    assert stale.get("/api/v1/datasets").status_code == 401
    # ...but a browser with the stale cookie still gets the pages, to sign in again
    browser = {"Accept": "text/html,application/xhtml+xml"}
    assert stale.get("/login", headers=browser).status_code == 200
    assert "Sign in" in stale.get("/", headers=browser).text


def test_revoked_key_is_refused_everywhere(node: Node) -> None:
    usa = node.client("analyst@usa.example")
    assert usa.get("/api/v1/me").status_code == 200
    key_id = node.key("analyst@usa.example").split("_")[1]
    assert node.store.revoke_api_key(key_id)
    before = node.state()
    for method, path, kw in [
        ("GET", "/api/v1/me", {}),
        ("GET", "/api/v1/datasets", {}),  # a public route: no downgrade to anonymous
        ("GET", "/api/v1/items", {}),
        ("POST", "/api/v1/import", {"params": {"marking": "TLP:GREEN"}, "content": ftm(LINES)}),
    ]:
        answer = usa.request(method, path, **kw)
        assert answer.status_code == 401, path
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert node.state() == before
    for header in ("Bearer", "Bearer ", "Token abc", "Bearer cdn_nope"):
        refused = node.client().get("/api/v1/datasets", headers={"Authorization": header})
        assert refused.status_code == 401, header
