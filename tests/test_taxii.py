"""TAXII 2.1 against a real `cordon serve` process, read with `taxii2-client` as a real client.

USA contributes items released to MYS and items released to GBR only, the latter carrying a
unique canary string. MYS, crawling discovery, API root, collections, objects (whole and paged),
manifest, single objects and versions, sees exactly its items and never the canary; the GBR
item's id answers exactly like an id that never existed; pages are cut after the policy filter,
so their sizes reveal nothing; and what MYS receives passes the OASIS STIX validator.
"""

from __future__ import annotations

import json
import math
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from stix2validator import ValidationOptions, validate_instance
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from cordon.sharing.stix import FTM_EXTENSION_ID
from tests.paths import LISTS

CORDON = Path(sys.executable).parent / "cordon"  # the installed console script
CANARY = f"Canary GBR Only {uuid.uuid4().hex}"
TAXII_JSON = "application/taxii+json;version=2.1"
# The same accepted SHOULD-level warnings as tests/test_stix.py: deterministic UUIDv5 ids (103)
# and custom relationship types such as "owns" (202).
ACCEPTED_WARNINGS = ("{103}", "{202}")

# USA's contributions, imported in this order: MYS, GBR, MYS again, so the items MYS may read
# and the ones it may not interleave in the collection's order (modified_at, id).
MYS_FIRST = [
    {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": ["Released Alias 7731"]}},
    {"id": "mys-co-1", "schema": "Company", "properties": {"name": ["Straits Ship Supply"]}},
    {"id": "mys-co-2", "schema": "Company", "properties": {"name": ["Selat Marine Trading"]}},
    {"id": "mys-co-3", "schema": "Company", "properties": {"name": ["Johor Bunker Services"]}},
    {
        "id": "mys-own-1",
        "schema": "Ownership",
        "properties": {"owner": ["un:KPi.033"], "asset": ["mys-co-1"]},
        "cordon": {"hedge": "alleged"},
    },
]
GBR_ONLY = [
    {"id": "un:KPi.033", "schema": "Person", "properties": {"alias": [CANARY]}},
    {"id": "gbr-co-1", "schema": "Company", "properties": {"name": [CANARY]}},
    {"id": "gbr-co-2", "schema": "Company", "properties": {"notes": [CANARY]}},
    {
        "id": "gbr-own-1",
        "schema": "Ownership",
        "properties": {"owner": ["un:KPi.033"], "asset": ["gbr-co-1"], "summary": [CANARY]},
    },
]
MYS_SECOND = [
    {"id": "mys-co-4", "schema": "Company", "properties": {"name": ["Kelang Tanker Agency"]}},
    {"id": "mys-co-5", "schema": "Company", "properties": {"name": ["Penang Freight Lines"]}},
]
MYS_VISIBLE = len(MYS_FIRST) + len(MYS_SECOND)


class Bearer(requests.auth.AuthBase):
    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.key}"
        return request


@dataclass
class Node:
    url: str
    keys: dict[str, str]  # agency -> API key of its analyst

    @property
    def discovery(self) -> str:
        return f"{self.url}/taxii2/"

    def collection(self, agency: str) -> Collection:
        server = Server(self.discovery, auth=Bearer(self.keys[agency]))
        (root,) = server.api_roots
        (collection,) = root.collections
        return collection


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jsonl(lines: list[dict[str, Any]], path: Path) -> Path:
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return path


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    home = tmp_path_factory.mktemp("taxii_node")
    env = {**os.environ, "CORDON_HOME": str(home)}
    for name in ("CORDON_DATABASE_URL", "CORDON_USER"):
        env.pop(name, None)

    def cordon(*args: str) -> str:
        done = subprocess.run(
            [str(CORDON), *args], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"cordon {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    cordon("init")
    cordon("lists", "load", str(LISTS / "un"))
    cordon("demo")
    cordon("agencies", "add", "GBR")
    cordon("users", "add", "analyst@gbr.example", "--agency", "GBR")
    keys = {
        code: cordon("keys", "create", f"analyst@{code.lower()}.example").strip().splitlines()[-1]
        for code in ("MYS", "GBR", "USA")
    }
    for name, lines, marking in [
        ("mys1.jsonl", MYS_FIRST, "TLP:AMBER REL TO MYS"),
        ("gbr.jsonl", GBR_ONLY, "TLP:AMBER REL TO GBR"),
        ("mys2.jsonl", MYS_SECOND, "TLP:AMBER REL TO MYS"),
    ]:
        path = jsonl(lines, home / name)
        cordon("import", str(path), "--as", "analyst@usa.example", "--marking", marking)
        time.sleep(0.01)  # the batches get distinct millisecond timestamps
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = home / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(CORDON), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise AssertionError(f"cordon serve exited:\n{log_path.read_text()}")
            try:
                ready = requests.get(f"{url}/taxii2/", auth=Bearer(keys["MYS"]), timeout=2)
                if ready.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"cordon serve not ready:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield Node(url, keys)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


# ---------------------------------------------------------------------------- helpers


def items_of(envelope: dict[str, Any]) -> list[dict[str, Any]]:
    """The contributed items in an envelope (not the marking or extension definitions, the
    node's identity, or notes the export adds)."""
    objects = envelope.get("objects", [])
    return [o for o in objects if "entity_id" in o.get("extensions", {}).get(FTM_EXTENSION_ID, {})]


def ids_of(envelope: dict[str, Any]) -> list[str]:
    return [o["id"] for o in items_of(envelope)]


def everything(collection: Collection, **filters: Any) -> dict[str, Any]:
    envelope = collection.get_objects(limit=1000, **filters)
    assert envelope["more"] is False
    return envelope


def no_canary(*payloads: Any) -> None:
    for payload in payloads:
        assert CANARY not in json.dumps(payload)


def validate(objects: list[dict[str, Any]]) -> None:
    bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
    result = validate_instance(bundle, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]
    unexpected = [w for w in result.warnings if not any(c in w for c in ACCEPTED_WARNINGS)]
    assert not unexpected, unexpected


@pytest.fixture(scope="module")
def mys(node: Node) -> Collection:
    return node.collection("MYS")


@pytest.fixture(scope="module")
def gbr_ids(node: Node) -> list[str]:
    """The items released to GBR only, as GBR (and USA, their originator) sees them."""
    gbr, usa = node.collection("GBR"), node.collection("USA")
    gbr_items = [o for o in items_of(everything(gbr)) if CANARY in json.dumps(o)]
    assert len(gbr_items) == len(GBR_ONLY)  # the canary is there, for those it was released to
    usa_ids = ids_of(everything(usa))
    assert len(usa_ids) == MYS_VISIBLE + len(GBR_ONLY)
    ids = [o["id"] for o in gbr_items]
    assert set(ids) <= set(usa_ids)
    return ids


# ---------------------------------------------------------------------------- tests


def test_discovery_api_root_and_collection(node: Node) -> None:
    server = Server(node.discovery, auth=Bearer(node.keys["MYS"]))
    assert server.title == "cordon"
    assert server.default.url == f"{node.url}/taxii2/api/"
    (root,) = server.api_roots
    assert isinstance(root, ApiRoot) and TAXII_JSON in root.versions
    assert root.max_content_length > 0
    (collection,) = root.collections
    assert collection.can_read is True and collection.can_write is False
    assert "application/stix+json;version=2.1" in collection.media_types
    again = Collection(collection.url, auth=Bearer(node.keys["MYS"]))
    assert again.title == collection.title and again.id == collection.id


def test_anonymous_and_bad_keys_get_401(node: Node, mys: Collection) -> None:
    item = ids_of(everything(mys))[0]
    base = f"{node.url}/taxii2/api/collections/{mys.id}"
    urls = [
        node.discovery,
        f"{node.url}/taxii2/api/",
        f"{node.url}/taxii2/api/collections/",
        f"{base}/",
        f"{base}/objects/",
        f"{base}/manifest/",
        f"{base}/objects/{item}/",
        f"{base}/objects/{item}/versions/",
    ]
    for url in urls:
        for headers in (
            {},
            {"Authorization": "Bearer cdn_000000000000_not-a-key"},
            {"Authorization": f"Basic {node.keys['MYS']}"},
        ):
            answer = requests.get(url, headers={"Accept": TAXII_JSON, **headers}, timeout=10)
            assert answer.status_code == 401, (url, headers)
            assert answer.headers["WWW-Authenticate"].startswith("Bearer")
            assert item not in answer.text
    with pytest.raises(requests.HTTPError) as refused:
        Server(node.discovery).refresh()
    assert refused.value.response.status_code == 401


def test_mys_sees_its_items_and_never_the_canary(mys: Collection, gbr_ids: list[str]) -> None:
    envelope = everything(mys)
    no_canary(envelope)
    ids = ids_of(envelope)
    assert len(ids) == len(set(ids)) == MYS_VISIBLE
    assert not set(ids) & set(gbr_ids)
    assert not any(gbr_id in json.dumps(envelope) for gbr_id in gbr_ids)
    released = [o for o in items_of(envelope) if "Released Alias 7731" in json.dumps(o)]
    assert len(released) == 1
    manifest = mys.get_manifest(limit=1000)
    no_canary(manifest)
    assert manifest["more"] is False
    assert [row["id"] for row in manifest["objects"]] == ids
    # asking for the GBR items by id, alone or among visible ones, gives nothing of them
    only = mys.get_objects(limit=1000, id=[*gbr_ids, ids[0]])
    assert ids_of(only) == [ids[0]]
    no_canary(only)
    assert mys.get_objects(id=gbr_ids) == {"more": False, "objects": []}


def test_hidden_item_answers_exactly_like_a_missing_one(
    mys: Collection, gbr_ids: list[str]
) -> None:
    def refusal(call: Any, object_id: str) -> tuple[int, bytes, dict[str, str]]:
        with pytest.raises(requests.HTTPError) as refused:
            call(object_id)
        answer = refused.value.response
        headers = {k.lower(): v for k, v in answer.headers.items() if k.lower() != "date"}
        return answer.status_code, answer.content, headers

    for call in (mys.get_object, mys.object_versions):
        for hidden in gbr_ids:
            never = f"{hidden.split('--')[0]}--{uuid.uuid4()}"
            answer = refusal(call, hidden)
            assert answer[0] == 404
            assert answer == refusal(call, never)
            assert CANARY.encode() not in answer[1] and hidden.encode() not in answer[1]


def test_object_by_id_and_versions(mys: Collection) -> None:
    manifest = mys.get_manifest(limit=1000)["objects"]
    listed = {o["id"]: o for o in items_of(everything(mys))}
    for row in manifest:
        one = mys.get_object(row["id"])
        assert one["more"] is False
        (obj,) = items_of(one)
        assert obj["id"] == row["id"] and obj["modified"] == row["version"]
        # one id and version is one object, however it is fetched: relationship ends too
        assert obj == listed[row["id"]]
        versions = mys.object_versions(row["id"])
        assert versions == {"more": False, "versions": [row["version"]]}
        no_canary(one, versions)


def test_pages_are_cut_after_the_filter(mys: Collection, gbr_ids: list[str]) -> None:
    for per_request in (1, 2, 3):
        pages = list(as_pages(mys.get_manifest, per_request=per_request))
        assert len(pages) == math.ceil(MYS_VISIBLE / per_request)
        sizes = [len(page["objects"]) for page in pages]
        assert sizes[:-1] == [per_request] * (len(pages) - 1)  # no short page betrays a gap
        ids = [row["id"] for page in pages for row in page["objects"]]
        assert len(ids) == len(set(ids)) == MYS_VISIBLE
        assert not set(ids) & set(gbr_ids)
        assert [page["more"] for page in pages] == [True] * (len(pages) - 1) + [False]
        no_canary(*pages)
    # objects, paged by hand through `next` (as_pages itself re-sizes a page it finds
    # bigger than asked, since a page of objects also carries their marking definitions)
    seen: list[str] = []
    envelope = mys.get_objects(limit=2)
    while True:
        no_canary(envelope)
        page = ids_of(envelope)
        assert len(page) == (2 if envelope["more"] else len(page))
        seen.extend(page)
        if not envelope["more"]:
            break
        envelope = mys.get_objects(limit=2, next=envelope["next"])
    assert len(seen) == len(set(seen)) == MYS_VISIBLE
    assert seen == ids_of(everything(mys))
    paged = [o for page in as_pages(mys.get_objects, per_request=2) for o in ids_of(page)]
    assert paged == seen


def test_added_after(mys: Collection) -> None:
    future = datetime.now(UTC) + timedelta(days=1)
    assert mys.get_objects(added_after=future) == {"more": False, "objects": []}
    assert mys.get_manifest(added_after=future) == {"more": False, "objects": []}
    assert mys.get_objects(added_after="9999-12-31T23:59:59.999Z")["objects"] == []
    for bad in ("yesterday", "2026-02-30T00:00:00Z", "2026-01-01T00:00:00+01:00"):
        with pytest.raises(requests.HTTPError) as refused:
            mys.get_objects(added_after=bad)
        assert refused.value.response.status_code == 400
    past = datetime(2000, 1, 1, tzinfo=UTC)
    assert len(ids_of(mys.get_objects(added_after=past, limit=1000))) == MYS_VISIBLE
    # after the first MYS batch's own date_added: exactly the second batch (the GBR batch in
    # between is not there either)
    rows = mys.get_manifest(limit=1000)["objects"]
    first_batch = rows[len(MYS_FIRST) - 1]["date_added"]
    later = mys.get_manifest(added_after=first_batch, limit=1000)["objects"]
    assert [r["id"] for r in later] == [r["id"] for r in rows[len(MYS_FIRST) :]]
    assert all(r["date_added"] > first_batch for r in later)
    objects = mys.get_objects(added_after=first_batch, limit=1000)
    assert len(ids_of(objects)) == len(MYS_SECOND)
    no_canary(objects)


def test_what_mys_receives_validates(mys: Collection) -> None:
    envelope = everything(mys)
    validate(envelope["objects"])
    for page in as_pages(mys.get_objects, per_request=2):
        validate(page["objects"])
