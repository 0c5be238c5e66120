"""The analyst UI in a real browser: Playwright drives Debian's chromium against a real
`cordon serve` with the UN and OFAC lists loaded, the demo agencies, and USA contributions
under several markings.

As a USA analyst: sign in, search with facets, open an entity, accept a document's proposed
claim and follow it to the new link and back to its document, expand the network, filter it,
find a path between two entities, screen a CSV file, mark a hit as a false positive, download
the results, watch an entity and see an alert, re-mark an item. As a MYS analyst: what USA did
not release to MYS is invisible everywhere (search results and facet counts, entity pages,
graph neighbours, documents and their accepted claims, items, alerts), while what it released
is there.

A missing chromium fails the module (it never skips). Screenshots of every page go to
`test-artifacts/screens/` at 1366x768.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cordon.lists import service
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import DEMO_PASSWORD, create_demo
from cordon.store import Store
from cordon.store.documents import NewDocument
from tests.paths import LISTS, REPO

SCREENS = REPO / "test-artifacts" / "screens"
VIEWPORT = {"width": 1366, "height": 768}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Tokens found nowhere in the lists: any sighting by MYS is a leak.
HIDDEN_COMPANY = "Zqxhidden Front Shipping"
HIDDEN_ALIAS = "ZQXUSAONLYALIAS"
HIDDEN_NOTE = "ZQXLATERHIDDENNOTE"
RELEASED_ALIAS = "Zqxreleased Mys Alias"
DESIGNEE = "un-KPi.033"  # RI WON HO on the UN list


DOC_TEXT = (
    "According to a UN panel report, Zqxdoc Maritime Ltd is allegedly a front company of "
    "RI WON HO. <script>alert('x')</script> The company denies it."
)


@dataclass
class Node:
    url: str
    home: Path
    green_item: str
    document: str


def chromium() -> str:
    path = os.environ.get("CORDON_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("chromium not found: install Debian's chromium or set CORDON_CHROMIUM")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ftm(*lines: dict) -> bytes:
    return "\n".join(json.dumps(line) for line in lines).encode()


def contribute(store: Store, marking: str, *lines: dict) -> list[str]:
    usa = store.principal("analyst@usa.example")
    parsed = Marking.parse(marking, originator="USA")
    return contributions.contribute(store, usa, ftm(*lines), "browser-test.json", parsed).items


def add_document(store: Store) -> str:
    """A USA report (not released to MYS) with two mentions and one proposed, hedged claim, in
    the shape the document pipeline stores."""
    usa = store.principal("analyst@usa.example")
    company, person = DOC_TEXT.index("Zqxdoc"), DOC_TEXT.index("RI WON HO")
    end = DOC_TEXT.index(".", person) + 1
    company_end = company + len("Zqxdoc Maritime Ltd")
    mentions = [
        {"text": "Zqxdoc Maritime Ltd", "label": "ORG", "start": company, "end": company_end},
        {
            "text": "RI WON HO",
            "label": "PER",
            "start": person,
            "end": person + 9,
            "entity_id": DESIGNEE,
            "caption": "RI WON HO",
            "source_ids": ["un:KPi.033"],
            "score": 0.99,
        },
    ]
    claim = {
        "subject": {"text": "Zqxdoc Maritime Ltd", "start": company, "end": company_end,
                    "label": "ORG", "entity_id": None},
        "predicate": "front_company_of",
        "object": {"text": "RI WON HO", "start": person, "end": person + 9, "label": "PER",
                   "entity_id": DESIGNEE},
        "hedge": "alleged",
        "attribution": "a UN panel report",
        "evidence": {"start": 0, "end": end},
    }  # fmt: skip
    new = NewDocument(
        sha256=hashlib.sha256(DOC_TEXT.encode()).hexdigest(),
        filename="panel-report.txt",
        format="text",
        text=DOC_TEXT,
        size=len(DOC_TEXT),
        marking=Marking.parse("TLP:AMBER", "USA"),
        language="en",
        model="test",
        title="Zqxdoc panel report",
        mentions=mentions,
        claims=[claim],
    )
    return store.add_document(usa, new)[0]


def seed(home: Path) -> tuple[str, str]:
    """Lists, demo users and USA intelligence; returns the id of a TLP:GREEN item and of a
    USA document."""
    store = Store(f"sqlite:///{home / 'cordon.db'}")
    try:
        service.load(store, [LISTS / "un", LISTS / "ofac"])
        create_demo(store)
        contribute(
            store,
            "TLP:AMBER",
            {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": [HIDDEN_ALIAS]}},
            {"id": "front-1", "schema": "Company", "properties": {"name": [HIDDEN_COMPANY]}},
            {
                "id": "own-1",
                "schema": "Ownership",
                "properties": {"owner": ["un:KPi.033"], "asset": ["front-1"], "percentage": ["60"]},
                "cordon": {"hedge": "alleged"},
            },
        )
        contribute(
            store,
            "TLP:AMBER REL TO MYS",
            {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": [RELEASED_ALIAS]}},
        )
        green = contribute(
            store,
            "TLP:GREEN",
            {"id": "vessel-1", "schema": "Vessel", "properties": {"name": ["Zqxgreen Star"]}},
        )
        document = add_document(store)
    finally:
        store.close()
    return green[0], document


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    home = tmp_path_factory.mktemp("browser-node")
    env = {**os.environ, "CORDON_HOME": str(home)}
    env.pop("CORDON_DATABASE_URL", None)
    green, document = seed(home)
    port = free_port()
    log = open(home / "serve.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "cordon.cli.main", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"cordon serve did not start: {(home / 'serve.log').read_text()}")
            time.sleep(0.2)
        yield Node(url, home, green, document)
    finally:
        server.terminate()
        server.wait(10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def sign_in(browser: Browser, node: Node, email: str) -> Page:
    context = browser.new_context(viewport=VIEWPORT, base_url=node.url, accept_downloads=True)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".who")).to_contain_text(email)
    return page


def shot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"))


def api(page: Page, node: Node, method: str, path: str, body: dict | None = None) -> dict:
    """A call with the page's session cookie, as the page's own scripts make it."""
    response = page.request.fetch(
        f"{node.url}{path}", method=method, data=body, headers={"Origin": node.url}
    )
    assert response.ok, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


@pytest.fixture(scope="module")
def usa(browser: Browser, node: Node) -> Iterator[Page]:
    page = sign_in(browser, node, "analyst@usa.example")
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def mys(browser: Browser, node: Node) -> Iterator[Page]:
    page = sign_in(browser, node, "analyst@mys.example")
    yield page
    page.context.close()


# -- as a USA analyst ------------------------------------------------------------------------


def test_keyboard_skip_link_and_focus(usa: Page) -> None:
    usa.goto("/")
    usa.keyboard.press("Tab")
    skip = usa.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    usa.keyboard.press("Enter")
    assert usa.evaluate("document.activeElement.id") == "main"
    shot(usa, "index")


def test_usa_search_with_facets(usa: Page) -> None:
    usa.goto("/search")
    usa.get_by_label("Name or identifier").fill("kim")
    usa.get_by_label("Name or identifier").press("Enter")
    expect(usa.locator("#results tbody tr").first).to_be_visible()
    total = int(usa.locator("#total").inner_text().replace(",", ""))
    assert total > 20
    usa.locator("[data-facet=country] a[data-value=kp]").click()
    expect(usa.locator("[data-facet=country] a[aria-current=true]")).to_have_count(1)
    filtered = int(usa.locator("#total").inner_text().replace(",", ""))
    assert 0 < filtered < total
    shot(usa, "search")
    # USA sees its own contributions in search
    usa.goto("/search?q=zqxhidden")
    expect(usa.locator("#results")).to_contain_text(HIDDEN_COMPANY)


def test_usa_entity_page(usa: Page) -> None:
    usa.goto("/search?q=RI+WON+HO")
    usa.get_by_role("link", name="RI WON HO", exact=True).first.click()
    expect(usa.get_by_role("heading", level=1)).to_contain_text("RI WON HO")
    assert usa.url.endswith(f"/entity/{DESIGNEE}")
    designations = usa.locator("#designations")
    expect(designations).to_contain_text("un_sc_sanctions")
    expect(designations).to_contain_text("KPi.033")
    expect(usa.locator("#statements")).to_contain_text(HIDDEN_ALIAS)
    relations = usa.locator("#relations")
    expect(relations).to_contain_text(HIDDEN_COMPANY)
    expect(relations.locator(".hedge-alleged")).to_be_visible()  # the hedge stays visible
    links = usa.locator("#network-links")
    expect(links).to_contain_text(HIDDEN_COMPANY)
    expect(links.locator(".hedge-alleged")).to_be_visible()
    expect(usa.locator(".tlp-amber").first).to_be_visible()
    shot(usa, "entity")


def test_usa_document_reader_accepts_a_claim(usa: Page, node: Node) -> None:
    dialogs: list[str] = []
    usa.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    usa.goto("/documents")
    usa.get_by_role("link", name="Zqxdoc panel report").click()
    text = usa.locator("#doc-text")
    expect(text.locator("mark.linked")).to_have_text("RI WON HO")
    expect(text.locator("mark.mention")).to_have_text("Zqxdoc Maritime Ltd")
    expect(text).to_contain_text("<script>alert('x')</script>")  # shown as text, not run
    assert dialogs == []
    claim = usa.locator("#claims li").first
    expect(claim).to_contain_text("front_company_of")
    expect(claim.locator(".hedge-alleged")).to_be_visible()
    expect(claim).to_contain_text("according to a UN panel report")
    expect(claim.locator(".status")).to_have_text("proposed")
    shot(usa, "document")
    claim.get_by_role("button", name="Accept").click()
    expect(usa.locator("#toast")).to_contain_text("Claim accepted")
    # the page reloads: the claim is accepted and can no longer be reviewed
    expect(claim.locator(".status")).to_have_text("accepted", timeout=10_000)
    expect(claim.get_by_role("button", name="Accept")).to_have_count(0)
    expect(claim.locator(".hedge-alleged")).to_be_visible()
    shot(usa, "document-accepted")

    # the accepted claim is now a link in the graph, hedged, with the document as evidence
    usa.goto(f"/entity/{DESIGNEE}")
    link = usa.locator("#network-links li", has_text="Zqxdoc Maritime Ltd")
    expect(link).to_contain_text("front company of this entity")
    expect(link.locator(".hedge-alleged")).to_be_visible()
    expect(link.locator(".tlp-amber")).to_be_visible()
    evidence = link.locator("a.evidence")
    expect(evidence).to_have_attribute("href", f"/documents/{node.document}")
    link.get_by_role("link", name="Zqxdoc Maritime Ltd").click()
    # the company the document named became an entity whose statements cite the document
    expect(usa.get_by_role("heading", level=1)).to_contain_text("Zqxdoc Maritime Ltd")
    out = usa.locator("#network-links li", has_text="RI WON HO")
    expect(out).to_contain_text("front company of")
    expect(out.locator(".hedge-alleged")).to_be_visible()
    source = usa.locator("#statements a", has_text=node.document).first
    expect(source).to_have_attribute("href", f"/documents/{node.document}")
    shot(usa, "entity-from-claim")
    evidence = usa.locator("#network-links a.evidence").first
    evidence.click()
    expect(usa.get_by_role("heading", level=1)).to_have_text("Zqxdoc panel report")


def test_usa_network_view(usa: Page, node: Node) -> None:
    usa.goto("/graph?entity=usa-front-1")
    # 2 hops: the front company, its alleged owner and the accepted claim's company
    status = usa.locator("#graph-status")
    expect(status).to_contain_text("3 entities, 2 links shown")
    usa.get_by_label("Hops").select_option("1")
    usa.get_by_role("button", name="Show network").click()
    expect(status).to_contain_text("2 entities, 1 links shown")
    doc_company = usa.locator("#graph g.node", has_text="Zqxdoc Maritime Ltd")
    expect(doc_company).to_have_count(0)
    expect(usa.locator("#graph line.hedge-alleged")).to_have_count(1)  # the hedge is drawn

    # select the designee with the keyboard (nodes are buttons) and expand it
    designee = usa.locator(f"#graph [data-node='{DESIGNEE}']")
    designee.focus()
    usa.keyboard.press("Enter")
    expect(usa.locator("#selected h3")).to_have_text("RI WON HO")
    usa.get_by_role("button", name="Expand").click()
    expect(usa.locator("#toast")).to_contain_text("1 new entities around RI WON HO")
    expect(status).to_contain_text("3 entities, 2 links shown")
    expect(doc_company).to_have_count(1)
    expect(usa.locator("#graph line.hedge-alleged")).to_have_count(2)
    # the selected entity's links list their evidence: the accepted claim's document
    evidence = usa.locator("#selected a.evidence")
    expect(evidence).to_have_text(f"document {node.document}")
    expect(evidence).to_have_attribute("href", f"/documents/{node.document}")

    # ownership and exposure of the front company (the alleged stake is reported, not counted)
    front = usa.locator("#graph [data-node='usa-front-1']")
    front.focus()
    usa.keyboard.press("Enter")
    expect(usa.locator("#selected h3")).to_have_text(HIDDEN_COMPANY)
    ownership = usa.locator("#ownership")
    expect(ownership).to_contain_text("0.0 % owned by blocked persons")
    expect(ownership).to_contain_text("60.0 % more through alleged or reported links")
    expect(usa.locator("#exposure")).to_contain_text("Exposure")
    expect(usa.locator("#exposure")).to_contain_text("RI WON HO is designated")

    # a path between two entities two links apart, through the designee
    usa.get_by_role("button", name="Path from").click()
    doc_company.focus()
    usa.keyboard.press("Enter")
    expect(usa.locator("#selected h3")).to_have_text("Zqxdoc Maritime Ltd")
    expect(usa.locator("#ownership")).to_contain_text("below the 50.0 % rule")
    expect(usa.locator("#ownership")).not_to_contain_text("null")
    usa.get_by_role("button", name="Path to").click()
    expect(usa.get_by_role("textbox", name="From")).to_have_value("usa-front-1")
    usa.get_by_role("button", name="Find path").click()
    paths = usa.locator("#paths")
    expect(paths).to_contain_text("RI WON HO —owns (alleged)→ " + HIDDEN_COMPANY)
    expect(paths).to_contain_text("Zqxdoc Maritime Ltd —front company of (alleged)→ RI WON HO")
    expect(usa.locator("#graph line.on-path")).to_have_count(2)
    shot(usa, "graph")

    # the relation filter: without unknown links the claim's company leaves the view
    usa.locator("#relations").get_by_label("unknown_link").uncheck()
    expect(status).to_contain_text("2 entities, 1 links shown")
    usa.locator("#relations").get_by_label("unknown_link").check()
    expect(status).to_contain_text("3 entities, 2 links shown")
    # the hedge filter: without "alleged" every link (both are alleged) leaves the view
    usa.get_by_label("alleged").uncheck()
    expect(status).to_contain_text("1 entities, 0 links shown")
    shot(usa, "graph-filtered")


def test_usa_screening_review_and_download(usa: Page, node: Node, tmp_path: Path) -> None:
    consignees = tmp_path / "consignees.csv"
    consignees.write_text(
        "id,name,birth_date,nationality\n"
        "c1,RI WON HO,1964-07-17,kp\n"
        "c2,Harbour Bakery Ltd,,\n"
        "c3,Korea Kwangson Banking Corp,,\n"
    )
    usa.goto("/screening")
    usa.get_by_label("CSV or XLSX file").set_input_files(str(consignees))
    usa.get_by_role("button", name="Screen file").click()
    expect(usa.locator("#progress-text")).to_contain_text("Done", timeout=90_000)
    expect(usa.locator("#progress-text")).to_contain_text("3 of 3 rows, 2 with hits")
    rows = usa.locator("#results tbody tr")
    expect(rows.first).to_be_visible()
    expect(usa.locator(".bars").first).to_contain_text("name_match")
    shot(usa, "screening")
    first = usa.locator("#results tr[data-row='1']").first
    entity = first.get_attribute("data-entity")
    first.get_by_label("Reason").fill("customer is another person: different passport")
    first.get_by_role("button", name="Mark false positive").click()
    reviewed = usa.locator(f"#results tr[data-row='1'][data-entity='{entity}']")
    expect(reviewed).to_have_class("reviewed")
    expect(reviewed).to_contain_text("reviewed: false positive")
    with usa.expect_download() as info:
        usa.get_by_role("link", name="Download CSV").click()
    text = Path(info.value.path()).read_text()
    assert text.startswith("row,id,input_name,rank,entity_id")
    assert "false_positive" in text
    shot(usa, "screening-reviewed")


def test_usa_watch_and_alert(usa: Page, node: Node) -> None:
    usa.goto(f"/entity/{DESIGNEE}")
    usa.get_by_role("button", name="Watch").click()
    expect(usa.get_by_role("button", name="Watching — stop")).to_be_visible()
    # new intelligence touching the watched entity, hedged: the alert keeps the hedge
    api(
        usa,
        node,
        "POST",
        "/api/v1/statements",
        {
            "entity": DESIGNEE,
            "prop": "notes",
            "value": "Seen at Nampo port loading coal",
            "marking": "TLP:AMBER REL TO MYS",
            "hedge": "reported",
        },
    )
    usa.goto("/watchlist")
    expect(usa.locator("#watches")).to_contain_text("RI WON HO")
    alerts = usa.locator("#alerts")
    expect(alerts).to_contain_text("Seen at Nampo port loading coal")
    expect(alerts.locator(".hedge-reported")).to_be_visible()
    expect(usa.locator("#alert-count")).to_have_text("1")
    shot(usa, "watchlist")


def test_usa_remark_item(usa: Page, node: Node) -> None:
    usa.goto("/items")
    row = usa.locator(f"tr[data-item='{node.green_item}']")
    expect(row.locator(".tlp")).to_have_text("TLP:GREEN ORIG USA")
    row.get_by_text("Sharing controls").click()
    row.get_by_label("Marking").select_option("AMBER")
    row.locator("form").first.get_by_label("USA").check()
    row.get_by_role("button", name="Re-mark").click()
    expect(row.locator(".tlp").first).to_have_text("TLP:AMBER REL TO USA ORIG USA", timeout=10_000)
    shot(usa, "items")


def test_usa_lists_and_audit(usa: Page) -> None:
    usa.goto("/lists")
    expect(usa.locator(".release").first).to_be_visible()
    expect(usa.locator("main")).to_contain_text("un_sc_sanctions")
    shot(usa, "lists")
    usa.goto("/audit")
    expect(usa.locator("#audit")).to_contain_text("page.entity")
    expect(usa.locator("#audit")).to_contain_text("screen.batch")
    shot(usa, "audit")


# -- as a MYS analyst -----------------------------------------------------------------------


def test_mys_sees_released_not_hidden(mys: Page, usa: Page, node: Node) -> None:
    mys.goto(f"/entity/{DESIGNEE}")
    body = mys.locator("main")
    expect(body).to_contain_text(RELEASED_ALIAS)
    expect(body).to_contain_text("Seen at Nampo port loading coal")
    content = mys.content()
    assert HIDDEN_ALIAS not in content and HIDDEN_COMPANY not in content
    assert "usa-front-1" not in content and "usa-own-1" not in content
    assert "Zqxdoc" not in content and node.document not in content  # the USA-only claim
    shot(mys, "entity-mys")
    hidden = mys.goto("/entity/usa-front-1")
    assert hidden is not None and hidden.status == 404
    hidden_text = hidden.text()
    missing = mys.goto("/entity/usa-nothing-here")
    assert missing is not None and missing.status == 404
    assert hidden_text == missing.text()  # hidden answers exactly like missing


def test_mys_network_has_no_hidden_neighbour(mys: Page, node: Node) -> None:
    mys.goto(f"/graph?entity={DESIGNEE}")
    expect(mys.locator("#graph-status")).to_contain_text("1 entities, 0 links shown")
    expect(mys.locator("#graph [data-node]")).to_have_count(1)
    assert HIDDEN_COMPANY not in mys.content()
    data = api(mys, node, "GET", f"/api/v1/graph/neighbourhood?entity={DESIGNEE}&hops=3")
    assert "usa-front-1" not in json.dumps(data) and len(data["edges"]) == 0
    assert "Zqxdoc" not in json.dumps(data)  # nor the USA document's accepted claim
    shot(mys, "graph-mys")
    mys.goto(f"/entity/{DESIGNEE}")
    expect(mys.locator("#network-links")).to_have_count(0)


def test_mys_cannot_see_the_usa_document(mys: Page, node: Node) -> None:
    mys.goto("/documents")
    expect(mys.locator("#documents")).to_contain_text("No documents yet.")
    hidden = mys.goto(f"/documents/{node.document}")
    assert hidden is not None and hidden.status == 404
    hidden_text = hidden.text()
    missing = mys.goto("/documents/doc-missing")
    assert missing is not None and missing.status == 404 and missing.text() == hidden_text
    shot(mys, "documents-mys")


def test_mys_search_results_and_facet_counts(mys: Page, usa: Page) -> None:
    mys.goto("/search?q=zqx")
    expect(mys.locator("#total")).to_have_text("1")  # the released alias only
    expect(mys.locator("#results")).to_contain_text("RI WON HO")
    content = mys.content()
    assert HIDDEN_COMPANY not in content and "Zqxgreen" not in content
    assert "contrib_usa" in mys.locator("[data-facet=dataset]").inner_text()
    shot(mys, "search-mys")
    usa.goto("/search?q=zqx")
    assert int(usa.locator("#total").inner_text()) >= 3  # USA counts its own facts


def test_mys_items_and_alerts(mys: Page, usa: Page, node: Node) -> None:
    mys.goto("/items")
    content = mys.content()
    assert RELEASED_ALIAS in content
    assert HIDDEN_ALIAS not in content and node.green_item not in content  # re-marked away
    mys.goto(f"/entity/{DESIGNEE}")
    mys.get_by_role("button", name="Watch").click()
    expect(mys.get_by_role("button", name="Watching — stop")).to_be_visible()
    for marking, text in (("TLP:AMBER", HIDDEN_NOTE), ("TLP:AMBER REL TO MYS", "Released note")):
        api(
            usa,
            node,
            "POST",
            "/api/v1/statements",
            {"entity": DESIGNEE, "prop": "notes", "value": text, "marking": marking},
        )
    mys.goto("/watchlist")
    alerts = mys.locator("#alerts")
    expect(alerts).to_contain_text("Released note")
    assert HIDDEN_NOTE not in mys.content()
    expect(mys.locator("#alert-count")).to_have_text("1")
    shot(mys, "watchlist-mys")
    usa.goto("/watchlist")
    expect(usa.locator("#alerts")).to_contain_text(HIDDEN_NOTE)


def test_public_is_sent_to_sign_in(browser: Browser, node: Node) -> None:
    context = browser.new_context(viewport=VIEWPORT, base_url=node.url)
    page = context.new_page()
    page.goto("/watchlist")
    assert "/login?next=" in page.url
    page.goto(f"/entity/{DESIGNEE}")
    assert HIDDEN_ALIAS not in page.content() and RELEASED_ALIAS not in page.content()
    context.close()
