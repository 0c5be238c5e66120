"""The document API on SQLite and PostgreSQL: upload (201, then 200 for the same bytes), list,
read with mentions and claims in the reader's shape, accept/reject, hidden = missing, bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from cordon.lists import service as lists
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app
from tests import docfiles
from tests.paths import LISTS

TEXT = (
    b"Front companies in Kuala Lumpur\n\n"
    b"Korea Ryonbong General Corporation is allegedly owned by Tanchon Commercial Bank, "
    b"investigators said. Ri Won Ho is a director of Korea Mining Development Trading "
    b"Corporation.\n"
)
MENTION_KEYS = {"id", "text", "label", "start", "end", "group", "entity_id", "caption",
                "source_ids", "score", "explanation"}  # fmt: skip
CLAIM_KEYS = {"id", "subject", "predicate", "object", "hedge", "attribution", "evidence", "status"}


@pytest.fixture
def clients(store: Store, tmp_path, monkeypatch):
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "home"))
    lists.load(store, [LISTS / "un"])
    create_demo(store)
    app = create_app(store)
    made = {}
    for who in ("analyst@usa.example", "analyst@mys.example"):
        key = store.create_api_key(who)
        made[who.split("@")[1][:3]] = TestClient(app, headers={"Authorization": f"Bearer {key}"})
    made["anonymous"] = TestClient(app)
    return made


def upload(client: TestClient, data: bytes, name: str = "a.txt", marking: str | None = None):
    form = {"marking": marking} if marking else {}
    return client.post("/api/v1/documents", files={"file": (name, data)}, data=form)


def test_upload_list_read_and_review(clients):
    usa, mys = clients["usa"], clients["mys"]
    first = upload(usa, TEXT, marking="TLP:AMBER REL TO MYS")
    assert first.status_code == 201, first.text
    body = first.json()
    assert {"id", "sha256", "title", "marking", "mentions", "claims"} <= set(body)
    assert body["title"] == "Front companies in Kuala Lumpur"
    again = upload(usa, TEXT, name="copy.txt", marking="TLP:AMBER REL TO MYS")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    [listed] = usa.get("/api/v1/documents").json()["documents"]
    assert {"id", "title", "published", "source", "marking", "created_at", "mentions",
            "claims"} <= set(listed)  # fmt: skip
    doc = usa.get(f"/api/v1/documents/{body['id']}").json()
    assert doc["text"] == TEXT.decode()
    for m in doc["mentions"]:
        assert set(m) >= MENTION_KEYS
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    ri = next(m for m in doc["mentions"] if m["text"] == "Ri Won Ho")
    assert "un:KPi.033" in ri["source_ids"] and ri["explanation"]
    claims = {c["predicate"]: c for c in doc["claims"]}
    for c in doc["claims"]:
        assert set(c) >= CLAIM_KEYS and c["status"] == "proposed"
        assert doc["text"][c["evidence"]["start"] : c["evidence"]["end"]] == c["evidence"]["text"]
    owned = claims["owns_or_controls"]
    assert owned["hedge"] == "alleged"
    assert {"text", "start", "end", "entity_id"} <= set(owned["subject"])
    # MYS reads it (REL TO MYS) but may not review USA's claims
    assert mys.get(f"/api/v1/documents/{body['id']}").status_code == 200
    assert mys.post(f"/api/v1/claims/{owned['id']}/accept").status_code == 403
    hardened = usa.post(f"/api/v1/claims/{owned['id']}/accept", json={"hedge": "asserted"})
    assert hardened.status_code == 422 and "reason" in hardened.json()["detail"]
    accepted = usa.post(f"/api/v1/claims/{owned['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["hedge"] == "alleged"
    assert usa.post(f"/api/v1/claims/{owned['id']}/accept").status_code == 409
    rejected = usa.post(f"/api/v1/claims/{claims['director_of']['id']}/reject", json={})
    assert rejected.json()["status"] == "rejected"
    statuses = {
        c["predicate"]: c["status"]
        for c in usa.get(f"/api/v1/documents/{body['id']}").json()["claims"]
    }
    assert statuses == {"owns_or_controls": "accepted", "director_of": "rejected"}
    # the accepted claim is an item, alleged, under the document's marking
    items = usa.get("/api/v1/items").json()
    [ownership] = [i for i in items if i["schema"] == "Ownership"]
    assert ownership["marking"].startswith("TLP:AMBER REL TO MYS")
    assert {s["hedge"] for s in ownership["statements"]} == {"alleged"}


def test_hidden_document_and_claims_answer_like_missing(clients):
    usa, mys = clients["usa"], clients["mys"]
    doc = upload(usa, TEXT).json()  # default marking: TLP:AMBER, USA only
    assert doc["marking"].startswith("TLP:AMBER ORIG USA")
    claim_id = usa.get(f"/api/v1/documents/{doc['id']}").json()["claims"][0]["id"]
    hidden = mys.get(f"/api/v1/documents/{doc['id']}")
    missing = mys.get("/api/v1/documents/doc-00000000000000000000")
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert mys.get("/api/v1/documents").json() == {"documents": []}
    for action in ("accept", "reject"):
        a = mys.post(f"/api/v1/claims/{claim_id}/{action}")
        b = mys.post(f"/api/v1/claims/99999999/{action}")
        assert (
            (a.status_code, a.json()) == (b.status_code, b.json()) == (404, {"detail": "not found"})
        )
    assert clients["anonymous"].get("/api/v1/documents").status_code == 401


def test_bad_uploads(clients, monkeypatch):
    usa = clients["usa"]
    binary = upload(usa, docfiles.BINARY, name="data.txt")
    assert binary.status_code == 422 and "binary data" in binary.json()["detail"]
    scan = upload(usa, docfiles.blank_pdf(), name="scan.pdf")
    assert scan.status_code == 422 and "no text layer" in scan.json()["detail"]
    scripts = upload(usa, docfiles.SCRIPTED_HTML.encode(), name="page.html")
    assert scripts.status_code == 201
    text = usa.get(f"/api/v1/documents/{scripts.json()['id']}").json()["text"]
    assert "ZQXSCRIPTTEXT" not in text and "allegedly owned" in text
    marking = upload(usa, TEXT + b" ", marking="TLP:AMBER REL TO XYZ")
    assert marking.status_code == 422 and "unknown agencies" in marking.json()["detail"]
    monkeypatch.setenv("CORDON_MAX_DOCUMENT_BYTES", "2000")
    big = upload(usa, b"word " * 1000, name="big.txt")
    assert big.status_code == 413 and "over the limit of 2,000" in big.json()["detail"]
    listed = usa.get("/api/v1/documents").json()["documents"]
    assert [d["format"] for d in listed] == ["html"]  # nothing else was stored
