"""The minimal page `make run` serves: datasets and demo agencies, everything escaped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from cordon.lists import service
from cordon.lists.records import Draft, ParsedList, Record
from cordon.model.markings import Marking
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app


def parsed(tmp_path: Path, dataset: str, title: str) -> ParsedList:
    draft = Draft("x-1", "Person")
    draft.add("name", "Kim")
    path = tmp_path / f"{dataset}.txt"
    path.write_text(dataset)
    return ParsedList(
        dataset, title, "Publisher", [path], date(2026, 1, 1), [Record("x:1", [draft])]
    )


def test_index_lists_datasets_and_escapes(sqlite_store: Store, tmp_path: Path):
    service.write(sqlite_store, [parsed(tmp_path, "evil", "<script>alert(1)</script>")])
    create_demo(sqlite_store)
    client = TestClient(create_app(sqlite_store))
    page = client.get("/")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>" not in page.text
    assert "analyst@usa.example" not in page.text  # the partnership is for its members
    signed_in = client.post(
        "/login",
        data={"email": "analyst@usa.example", "password": "cordon-demo"},
        headers={"Origin": "http://testserver"},
    )
    assert signed_in.status_code == 200 and "Signed in as analyst@usa.example" in signed_in.text
    assert "analyst@mys.example" not in signed_in.text  # other agencies' users stay private
    assert "MYS" in signed_in.text
    assert client.get("/static/cordon.css").status_code == 200


def test_api_reads_only_public_data(sqlite_store: Store, tmp_path: Path):
    service.write(sqlite_store, [parsed(tmp_path, "public", "Public")])
    secret = parsed(tmp_path, "secret", "Secret")
    secret.records[0] = Record("s:1", [Draft("s-1", "Person")])
    secret.records[0].main.add("name", "Hidden")
    service.write(sqlite_store, [secret], Marking.parse("TLP:AMBER", originator="USA"))
    client = TestClient(create_app(sqlite_store))
    assert [d["dataset"] for d in client.get("/api/v1/datasets").json()] == ["public"]
    assert client.get("/api/v1/entities/x:1").json()["caption"] == "Kim"
    assert client.get("/api/v1/entities/s:1").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200
