"""Federation between two real `cordon serve` processes on loopback: node A on SQLite, node B
on PostgreSQL. B pulls what A released to MYS, verifies A's signature, resumes from its
cursor, and drops an item A narrowed after release."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from cordon.audit.nodekey import NodeKey
from cordon.sharing import federation
from cordon.store import Store
from tests.conftest import PG_URL, pg_schema_url
from tests.paths import LISTS

CORDON = [sys.executable, "-m", "cordon.cli.main"]
RELEASED = "Canary Released To MYS 5521"
HIDDEN = "Canary USA Only 9083"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = {**os.environ, "CORDON_HOME": str(home), **env}
        self.env.pop("CORDON_USER", None)
        self.server: subprocess.Popen | None = None
        self.url = ""

    def run(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [*CORDON, *args], env=self.env, input=stdin, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"cordon {' '.join(args)}: {done.stderr}"
        return done.stdout

    def last_line(self, *args: str) -> str:
        return self.run(*args).strip().splitlines()[-1]

    def serve(self) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        log = open(self.home / "serve.log", "w")  # noqa: SIM115 (lives as long as the server)
        self.server = subprocess.Popen(
            [*CORDON, "serve", "--port", str(port)], env=self.env, stdout=log, stderr=log
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v1/node", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError((self.home / "serve.log").read_text())

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, Node]]:
    schema = f"cordon_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    a = Node(
        tmp_path_factory.mktemp("node_a"), {"CORDON_NODE": "node-a", "CORDON_NODE_AGENCY": "USA"}
    )
    b = Node(
        tmp_path_factory.mktemp("node_b"),
        {
            "CORDON_NODE": "node-b",
            "CORDON_NODE_AGENCY": "MYS",
            "CORDON_DATABASE_URL": pg_schema_url(schema),
        },
    )
    try:
        for node in (a, b):
            node.run("init")
            node.run("lists", "load", str(LISTS / "un"))
            node.run("demo")
        a.run("users", "add", "node@mys.example", "--agency", "MYS", "--role", "node")
        mys_key = a.last_line("keys", "create", "node@mys.example")
        a.serve()
        public_key = a.last_line("node", "info")
        b.run("partners", "add", "USA", "--url", a.url, "--public-key", public_key, stdin=mys_key)
        b.serve()
        yield a, b
    finally:
        a.stop()
        b.stop()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def contribute(node: Node, name: str, value: str, marking: str) -> str:
    path = node.home / f"{name}.ftm.json"
    line = {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": [value]}}
    path.write_text(json.dumps(line))
    node.run("import", str(path), "--as", "analyst@usa.example", "--marking", marking)
    items = json.loads(node.run("items", "list", "--as", "analyst@usa.example", "--json"))
    return next(i["id"] for i in items if i["marking"].startswith(marking.split(" REL")[0]))


def seen_on(node: Node, email: str) -> str:
    key = node.last_line("keys", "create", email)
    response = httpx.get(
        f"{node.url}/api/v1/entities/un:KPi.033", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200
    return response.text


def test_pull_verify_resume_and_recall(nodes: tuple[Node, Node]):
    a, b = nodes
    released = contribute(a, "released", RELEASED, "TLP:AMBER REL TO MYS")
    contribute(a, "hidden", HIDDEN, "TLP:RED")

    assert "never" in b.run("partners", "list")
    out = b.run("sync", "pull", "USA")
    assert "1 items" in out and "0 recalls" in out
    assert "never" not in b.run("partners", "list")
    page = seen_on(b, "analyst@mys.example")
    assert RELEASED in page and HIDDEN not in page
    items = json.loads(b.run("items", "list", "--as", "analyst@mys.example", "--json"))
    assert [(i["id"], i["origin_node"]) for i in items] == [(released, "USA")]

    # resumable: nothing new means nothing applied again
    assert "0 items" in b.run("sync", "pull", "USA")

    # narrowing after release is a recall that reaches B on its next pull
    a.run("items", "remark", released, "--as", "analyst@usa.example", "--marking", "TLP:AMBER")
    out = b.run("sync", "pull", "USA")
    assert "1 recalls" in out
    assert RELEASED not in seen_on(b, "analyst@mys.example")
    assert json.loads(b.run("items", "list", "--as", "analyst@mys.example", "--json")) == []


def test_forged_or_replayed_pages_are_refused(nodes: tuple[Node, Node], tmp_path: Path):
    a, b = nodes
    key_file = b.home / "partners" / "USA.key"
    headers = {"Authorization": f"Bearer {key_file.read_text().strip()}"}
    genuine = httpx.get(f"{a.url}/api/v1/sync/feed", headers=headers).json()
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    store.add_agency("USA", "USA")
    public_key = httpx.get(f"{a.url}/api/v1/node").json()["public_key"]
    store.add_partner("USA", a.url, public_key)

    def forged(_: str | None) -> dict:
        page = json.loads(json.dumps(genuine))
        page["payload"]["recalls"].append("identity--00000000-0000-0000-0000-000000000000")
        return page

    with pytest.raises(federation.FederationError, match="signature"):
        federation.pull(store, "USA", forged, lambda _: None)
    impostor = NodeKey.generate()
    resigned = {
        "payload": genuine["payload"],
        "signature": impostor.sign(federation.canonical(genuine["payload"])),
    }
    with pytest.raises(federation.FederationError, match="signature"):
        federation.pull(store, "USA", lambda _: resigned, lambda _: None)
    federation.pull(store, "USA", lambda _: genuine, lambda _: None)
    # the same page again does not continue from the stored cursor: a replay
    with pytest.raises(federation.FederationError, match="replay"):
        federation.pull(store, "USA", lambda _: genuine, lambda _: None)
    store.close()
