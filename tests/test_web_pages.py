"""Pieces of the UI that need no browser: the document reader's highlighted HTML (escaped,
built from offsets), the spreadsheet-safe CSV export, sign-in redirects that stay on this
node, and entity pages rendering hostile values inert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cordon.lists import service
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.web.app import create_app
from cordon.web.highlight import highlighted
from cordon.web.screening_jobs import Job, as_csv
from tests.paths import FIXTURES


def test_highlight_escapes_text_and_marks_offsets() -> None:
    text = 'Ri <b>Won</b> Ho & "Kim" said to own <script>alert(1)</script> Ltd'
    start = text.index("Ri")
    owner = text.index("Kim")
    doc = {
        "text": text,
        "mentions": [
            {"id": "m1", "text": "Ri <b>Won</b> Ho", "label": "PER", "start": start,
             "end": start + 16, "entity_id": "un-KPi.033", "caption": "RI WON HO"},
            {"id": "m2", "text": "Kim", "label": "PER", "start": owner, "end": owner + 3},
            {"id": "bad", "text": "x", "label": "PER", "start": 5, "end": 999},
        ],
        "claims": [{"id": "c1", "hedge": "alleged", "evidence": {"start": 0, "end": len(text)}}],
    }  # fmt: skip
    html = str(highlighted(doc))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        '<mark class="linked" data-mention="m1" title="PER: RI WON HO" data-entity="un-KPi.033">Ri '
        in html
    )
    assert '<mark class="mention" data-mention="m2" title="PER">Kim</mark>' in html
    assert html.startswith(
        '<mark class="claim-evidence" data-claim="c1" title="evidence (alleged)">'
    )
    assert "bad" not in html  # offsets outside the text are ignored
    assert " &amp; &quot;" in html  # text between marks is escaped too


def test_csv_export_defuses_formulas() -> None:
    job = Job("j", "USA", "a@usa.example", "x.csv", 0.75, 5, created_at=None)  # type: ignore[arg-type]
    job.lines = [
        {"id": "=HYPERLINK(\"http://evil\")", "row": 1, "input": {"names": ["@SUM(1)"]},
         "matches": [{"entity_id": "e1", "caption": "-cmd", "score": 0.9, "match": True,
                      "schema": "Person", "datasets": ["d"], "source_ids": ["s"],
                      "explanation": [{"feature": "name_match", "effect": 0.9, "detail": "x=x"}]}]},
        {"id": "2", "row": 2, "matches": [], "error": "no name"},
    ]  # fmt: skip
    text = as_csv(job)
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text and "'-cmd" in text
    assert text.splitlines()[2].endswith("no name")


@pytest.fixture
def client(sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    service.load(sqlite_store, [FIXTURES / "uk_ofsi_tiny.csv"])
    create_demo(sqlite_store)
    usa = sqlite_store.principal("analyst@usa.example")
    line = {
        "id": "x-1",
        "schema": "Company",
        "properties": {"name": ['<img src=x onerror="alert(1)">']},
    }
    contributions.contribute(
        sqlite_store, usa, json.dumps(line).encode(), "t.json", Marking.parse("TLP:GREEN", "USA")
    )
    key = sqlite_store.create_api_key("analyst@usa.example")
    return TestClient(create_app(sqlite_store), headers={"Authorization": f"Bearer {key}"})


def test_pages_escape_hostile_values(client: TestClient) -> None:
    for path in ("/entity/usa-x-1", "/search?q=img", "/items"):
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200, path
        assert '<img src=x onerror="alert(1)">' not in page.text
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page.text, path


def test_sign_in_redirect_stays_on_this_node(sqlite_store: Store, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    create_demo(sqlite_store)
    web = TestClient(create_app(sqlite_store), follow_redirects=False)
    assert web.get("/watchlist").headers["location"] == "/login?next=%2Fwatchlist"
    origin = {"Origin": "http://testserver"}
    for target, expected in (
        ("/items", "/items"),
        ("//evil.example/", "/"),
        ("https://evil.example", "/"),
    ):
        form = {"email": "analyst@usa.example", "password": "cordon-demo", "next": target}
        response = web.post("/login", data=form, headers=origin)
        assert response.status_code == 303 and response.headers["location"] == expected


def test_every_page_is_audited(client: TestClient, sqlite_store: Store) -> None:
    for path in ("/search?q=zulu", "/entity/usa-x-1", "/lists", "/watchlist", "/items", "/graph"):
        client.get(path)
    usa = sqlite_store.principal("analyst@usa.example")
    actions = {e.action for e in sqlite_store.audit_view(usa, 100, None)}
    assert {
        "page.search",
        "page.entity",
        "page.lists",
        "page.watchlist",
        "page.items",
        "page.graph",
    } <= actions


def test_entity_page_network_links_read_both_ways(client: TestClient, sqlite_store: Store) -> None:
    """Links without a stated share (OFAC "Linked To", most claims) render too, and a link
    pointing at the entity reads from its source: "<owner> owns this entity"."""
    usa = sqlite_store.principal("analyst@usa.example")
    lines = [
        {"id": "x-2", "schema": "Company", "properties": {"name": ["Second Trading Co"]}},
        {"id": "l-1", "schema": "UnknownLink",
         "properties": {"subject": ["x-1"], "object": ["x-2"], "role": ["supplier to"]}},
        {"id": "o-1", "schema": "Ownership",
         "properties": {"owner": ["x-2"], "asset": ["x-1"]}, "cordon": {"hedge": "reported"}},
    ]  # fmt: skip
    contributions.contribute(
        sqlite_store,
        usa,
        "\n".join(json.dumps(line) for line in lines).encode(),
        "links.json",
        Marking.parse("TLP:GREEN", "USA"),
    )
    page = client.get("/entity/usa-x-1", headers={"Accept": "text/html"})
    assert page.status_code == 200
    links = page.text[page.text.index('id="network-links"') :]
    links = links[: links.index("</ul>")]
    supplier = links[links.index('data-relation="unknown_link"') :]
    assert "supplier to" in supplier[: supplier.index("</li>")]
    owner = links[links.index('data-relation="ownership"') :]
    owner = " ".join(owner[: owner.index("</li>")].split())
    assert "Second Trading Co</a> owns this entity" in owner
    assert "hedge-reported" in owner and " %" not in owner  # no share stated, none shown
