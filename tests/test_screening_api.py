"""REST screening: yente's /match request shape and /search, over a store with the UN list."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cordon.lists import service
from cordon.policy import SYSTEM
from cordon.screening.model import Query
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app, create_served_app
from tests.paths import LISTS


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("CORDON_HOME", str(home))
    store = Store(f"sqlite:///{home / 'cordon.db'}")
    service.load(store, [LISTS / "un"])
    create_demo(store)
    key = store.create_api_key("analyst@usa.example")
    yield TestClient(create_app(store), headers={"Authorization": f"Bearer {key}"})
    store.close()
    mp.undo()


def test_match_accepts_yente_queries(client: TestClient):
    body = {
        "queries": {
            "q1": {
                "schema": "Person",
                "properties": {"name": ["Lee Won-ho"], "birthDate": ["1964-07-17"]},
            },
            "q2": {"schema": "Person", "properties": {"name": ["Jane Nobody"]}},
        },
        "threshold": 0.75,
        "limit": 3,
    }
    response = client.post("/api/v1/match", json=body)
    assert response.status_code == 200, response.text
    q1 = response.json()["responses"]["q1"]["results"]
    assert q1[0]["source_ids"] == ["un:KPi.033"] and q1[0]["match"]
    assert set(q1[0]) >= {
        "entity_id",
        "score",
        "match",
        "caption",
        "schema",
        "datasets",
        "source_ids",
        "explanation",
    }
    assert not any(r["match"] for r in response.json()["responses"]["q2"]["results"])


@pytest.mark.parametrize(
    "body",
    [
        {"queries": {"q": {"schema": "Person", "properties": {"favouriteColour": ["red"]}}}},
        {"queries": {"q": {"schema": "Person", "properties": {}}}},
        {"queries": {"q": {"properties": {"name": ["x"]}}}, "threshold": 2},
        {"nothing": 1},
    ],
)
def test_bad_match_requests_are_refused(client: TestClient, body: dict):
    assert client.post("/api/v1/match", json=body).status_code == 422


def test_search(client: TestClient):
    response = client.get("/api/v1/search", params={"q": "리원호"})
    assert response.status_code == 200
    assert response.json()["results"][0]["source_ids"] == ["un:KPi.033"]
    assert client.get("/api/v1/search").status_code == 422


def test_screening_needs_a_partner_and_is_audited(client: TestClient):
    anonymous = TestClient(client.app)
    assert anonymous.get("/api/v1/search", params={"q": "Kim"}).status_code == 401
    assert client.get("/api/v1/search", params={"q": "Kim Jong Un"}).status_code == 200
    store = client.app.state.store
    entry = store.audit_entries()[-1]
    assert (entry.agency, entry.action, entry.object) == ("USA", "screen.search", "Kim Jong Un")


def test_served_app_loads_the_engine_before_its_first_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """`cordon serve`'s workers come up with the engine loaded and out of the garbage
    collector's sight, so neither the first request nor a full collection waits on it."""
    url = f"sqlite:///{tmp_path / 'cordon.db'}"
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    monkeypatch.setenv("CORDON_DATABASE_URL", url)
    store = Store(url)
    service.load(store, [LISTS / "un"])
    store.close()
    try:
        app = create_served_app()
        assert SYSTEM in app.state.screeners._engines  # before any request asked for it
        engine = app.state.screeners.get(SYSTEM)
        assert engine.match(Query(id="q", schema="Person", names=("Lee Won-ho",)))
        assert gc.get_freeze_count() > 0
        app.state.store.close()
    finally:
        gc.unfreeze()
