"""`/api/v1/graph/` and `cordon graph` on the real OFAC and OpenSanctions lists (SQLite and
PostgreSQL): OFAC "Linked To", aircraft operators and vessel owners become edges with their
list record as evidence, OpenSanctions ownerships feed the 50 % rule, and every read is audited."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cordon.lists import service
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app
from tests.paths import LISTS

ZALA = LISTS / "opensanctions" / "zala.entities.ftm.json"
CTS = "NK-abdzbEBkqyT29GyREbiURZ"  # a company in the zala export, 51 % held by a designee


@pytest.fixture
def client(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "home"))
    service.load(store, [LISTS / "ofac", ZALA])
    create_demo(store)
    key = store.create_api_key("analyst@usa.example")
    yield TestClient(create_app(store), headers={"Authorization": f"Bearer {key}"})


def test_neighbourhood_of_a_listed_aircraft(client: TestClient) -> None:
    response = client.get("/api/v1/graph/neighbourhood?entity=ofac:25497&hops=1")
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"nodes", "edges", "truncated", "marking"}
    nodes = {n["id"]: n for n in data["nodes"]}
    assert set(nodes["ofac-25237"]) >= {"id", "caption", "schema", "designated", "datasets"}
    assert nodes["ofac-25237"]["caption"] == "IRAN AIR" and nodes["ofac-25237"]["hops"] == 1
    assert nodes["ofac-25497"]["designated"] and nodes["ofac-25497"]["source_ids"] == ["ofac:25497"]
    kinds = {(e["source"], e["target"], e["relation"], e["label"]) for e in data["edges"]}
    assert ("ofac-25497", "ofac-25237", "unknown_link", "Linked To") in kinds
    assert ("ofac-25237", "ofac-25497", "operator", "operates") in kinds
    link = next(e for e in data["edges"] if e["relation"] == "unknown_link")
    assert link["evidence"][0]["record_id"] == "ofac:25497"
    assert link["evidence"][0]["source"] == "us_ofac_sdn"
    assert link["hedge"] == "asserted" and link["marking"] == "TLP:CLEAR ORIG PUBLIC"
    only = client.get("/api/v1/graph/neighbourhood?entity=ofac:25497&hops=1&relation=operator")
    assert {e["relation"] for e in only.json()["edges"]} == {"operator"}


def test_vessel_owner_paths_and_exposure(client: TestClient) -> None:
    hood = client.get("/api/v1/graph/neighbourhood?entity=ofac:27200&hops=1").json()
    owner = [e for e in hood["edges"] if e["relation"] == "ownership"]
    assert [(e["source"], e["target"]) for e in owner] == [("ofac-27194", "ofac-27200")]
    paths = client.get("/api/v1/graph/paths?source=ofac:25497&target=ofac:25498&max_hops=2")
    assert paths.status_code == 200
    [first, *_] = paths.json()["paths"]
    assert [n["id"] for n in first["nodes"]] == ["ofac-25497", "ofac-25237", "ofac-25498"]
    assert all(set(e) >= {"id", "source", "target", "evidence"} for e in first["edges"])
    exposure = client.get("/api/v1/graph/exposure?entity=ofac:25497&hops=2").json()
    assert exposure["entity"] == "ofac-25497" and exposure["score"] == 1.0
    assert {"designated", "path", "weight", "why"} <= set(exposure["explanation"][1])


def test_ownership_on_opensanctions_data(client: TestClient) -> None:
    data = client.get(f"/api/v1/graph/ownership?entity=os:{CTS}").json()
    assert set(data) >= {"entity", "blocked_share", "blocked", "threshold", "chains"}
    # 51 % held by a designee; 49 % by a company with no Sanction; ended stakes left out
    assert (data["blocked_share"], data["blocked"], data["threshold"]) == (0.51, True, 0.5)
    [chain] = data["chains"]
    assert chain["owners"][0]["id"] == "NK-aU5ybkbRFJucf8YMwsJvDw"
    assert chain["owners"][0]["designated"] is True
    assert chain["edges"][0]["percentage"] == 51.0


def test_errors_and_access(client: TestClient, store: Store) -> None:
    missing = client.get("/api/v1/graph/exposure?entity=ofac:0")
    assert (missing.status_code, missing.json()) == (404, {"detail": "not found"})
    bad = client.get("/api/v1/graph/neighbourhood?entity=ofac:25497&relation=friend")
    assert bad.status_code == 422 and "relation: unknown friend" in bad.json()["detail"]
    assert client.get("/api/v1/graph/neighbourhood?entity=ofac:25497&hops=9").status_code == 422
    anonymous = TestClient(client.app).get("/api/v1/graph/ownership?entity=ofac:25497")
    assert anonymous.status_code == 401
    actions = [e["action"] for e in client.get("/api/v1/audit?limit=20").json()]
    assert "graph.exposure" in actions  # a refused reference is a read attempt worth a record
    assert "graph.neighbourhood" not in actions  # a rejected filter changed nothing
    assert client.get("/api/v1/graph/neighbourhood?entity=ofac:25497&hops=1").status_code == 200
    actions = [e["action"] for e in client.get("/api/v1/audit?limit=20").json()]
    assert "graph.neighbourhood" in actions


def test_cli(store: Store, tmp_path: Path) -> None:
    env = {"CORDON_DATABASE_URL": store.url, "CORDON_HOME": str(tmp_path / "cli")}
    service.load(store, [ZALA])

    def cordon(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cordon.cli.main", "graph", *args],
            capture_output=True,
            text=True,
            env={**__import__("os").environ, **env},
            check=False,
        )

    owned = cordon("ownership", CTS)
    assert owned.returncode == 0, owned.stderr
    assert "51 % owned by blocked persons" in owned.stdout and "blocked" in owned.stdout
    as_json = json.loads(cordon("ownership", CTS, "--json").stdout)
    assert as_json["blocked_share"] == 0.51
    hood = cordon("neighbours", f"os:{CTS}", "--hops", "1")
    assert hood.returncode == 0 and "Aleksandr Vyacheslavovich Zakharov" in hood.stdout
    assert "owns 51 %" in hood.stdout
    path = cordon("path", "NK-nR5AXM9AVPq4pQaSPSaVam", CTS, "--max-hops", "1")
    assert path.returncode == 0 and "path 1 (1 hops)" in path.stdout
    exposure = cordon("exposure", CTS, "--hops", "1")
    assert exposure.returncode == 0 and "exposure 1.000" in exposure.stdout
    missing = cordon("exposure", "nobody-here")
    assert missing.returncode == 1 and "no entity 'nobody-here'" in missing.stderr
    rebuilt = cordon("rebuild")
    assert rebuilt.returncode == 0 and "zala: 21 edges" in rebuilt.stdout
