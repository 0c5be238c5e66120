"""Documents in the store, on SQLite and PostgreSQL: stored once, read only under their marking
(hidden = missing), links to hidden entities removed, claim review into statements that name the
document and span as source and keep the hedge, and nothing half-stored."""

from __future__ import annotations

import json

import pytest

from cordon.documents import review, service
from cordon.documents.errors import DocumentError
from cordon.documents.pipeline import Extractor
from cordon.lists import service as lists
from cordon.model.markings import Marking
from cordon.sharing import contributions
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.store.documents import NewDocument, ReviewError
from cordon.store.items import ItemError, NotVisible
from tests import docfiles
from tests.paths import LISTS

TEXT = (
    b"Front companies in Kuala Lumpur\n\n"
    b"Korea Ryonbong General Corporation is allegedly owned by Tanchon Commercial Bank, "
    b"investigators said. Ri Won Ho is a director of Korea Mining Development Trading "
    b"Corporation.\n"
)


@pytest.fixture
def env(store: Store, tmp_path, monkeypatch):
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "home"))
    lists.load(store, [LISTS / "un"])
    create_demo(store)
    usa = store.principal("analyst@usa.example")
    mys = store.principal("analyst@mys.example")
    return store, usa, mys, Extractor.from_store(store)


def marking(text: str) -> Marking:
    return Marking.parse(text, originator="USA")


def test_stored_once_and_hidden_answers_like_missing(env):
    store, usa, mys, extractor = env
    first = service.ingest_bytes(store, usa, extractor, "a.txt", TEXT, marking("TLP:AMBER"))
    again = service.ingest_bytes(store, usa, extractor, "b.txt", TEXT, marking("TLP:AMBER"))
    assert first.created and not again.created and again.id == first.id
    assert [d.id for d in store.documents(usa)] == [first.id]
    view = store.document(usa, first.id)
    assert view.info.title == "Front companies in Kuala Lumpur"
    assert {m["label"] for m in view.mentions} >= {"organization", "person"}
    assert store.document(mys, first.id) is None and store.document(mys, "doc-missing") is None
    assert store.documents(mys) == []
    # MYS uploading the same bytes gets its own document: USA's is not revealed
    mine = service.ingest_bytes(
        store, mys, extractor, "a.txt", TEXT, Marking.parse("TLP:AMBER", "MYS")
    )
    assert mine.created and mine.id != first.id
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("document.add") == 2 and "document.duplicate" in actions


def test_accepted_claim_becomes_statements_with_the_document_as_source(env):
    store, usa, mys, extractor = env
    doc = service.ingest_bytes(
        store, usa, extractor, "a.txt", TEXT, marking("TLP:AMBER REL TO MYS")
    )
    view = store.document(usa, doc.id)
    [owned] = [c for c in view.claims if c["predicate"] == "owns_or_controls"]
    assert owned["hedge"] == "alleged" and owned["status"] == "proposed"
    assert owned["subject"]["entity_id"] and owned["object"]["entity_id"]
    result = review.accept(store, usa, owned["id"])
    assert result["hedge"] == "alleged"
    [item] = [store.item(usa, i) for i in result["items"]]
    assert item.schema == "Ownership" and item.marking == marking("TLP:AMBER REL TO MYS")
    relationship = store.entity(usa, item.entity_id)
    assert {s.prop for s in relationship.statements} >= {"owner", "asset", "summary"}
    for statement in relationship.statements:
        assert statement.hedge.value == "alleged"
        assert statement.source.document_id == doc.id
        assert statement.source.span == (owned["evidence"]["start"], owned["evidence"]["end"])
    # MYS may read it (REL TO MYS), and it stays alleged there too
    entity = store.entity(mys, item.entity_id)
    assert entity is not None
    assert {s.hedge.value for s in entity.statements} == {"alleged"}
    assert store.document(usa, doc.id).claims[0]["status"] in ("accepted", "proposed")
    # but only USA reviews USA's claims
    [other] = [c for c in view.claims if c["predicate"] == "director_of"]
    with pytest.raises(ReviewError) as refused:
        review.accept(store, mys, other["id"])
    assert refused.value.status == 403
    with pytest.raises(ReviewError) as twice:
        review.accept(store, usa, owned["id"])
    assert twice.value.status == 409


def test_a_hedge_hardens_only_when_set_with_a_reason_and_is_audited(env):
    store, usa, _, extractor = env
    doc = service.ingest_bytes(store, usa, extractor, "a.txt", TEXT, marking("TLP:AMBER"))
    [owned] = [c for c in store.document(usa, doc.id).claims if c["hedge"] == "alleged"]
    with pytest.raises(ReviewError, match="needs a reason"):
        review.accept(store, usa, owned["id"], review.ClaimEdit(hedge="asserted"))
    # an edit of the predicate keeps the hedge
    edited = review.accept(
        store,
        usa,
        owned["id"],
        review.ClaimEdit(predicate="associate_of", hedge="asserted", reason="court filing"),
    )
    assert edited["hedge"] == "asserted" and edited["hedge_hardened"] is True
    entry = [e for e in store.audit_entries() if e.action == "claim.accept"][-1]
    assert entry.detail["hedge_was"] == "alleged" and entry.detail["reason"] == "court filing"


def test_predicate_edit_keeps_the_hedge_and_reject(env):
    store, usa, mys, extractor = env
    doc = service.ingest_bytes(store, usa, extractor, "a.txt", TEXT, marking("TLP:AMBER"))
    claims = store.document(usa, doc.id).claims
    [owned] = [c for c in claims if c["hedge"] == "alleged"]
    [director] = [c for c in claims if c["predicate"] == "director_of"]
    result = review.accept(store, usa, owned["id"], review.ClaimEdit(predicate="associate_of"))
    assert result["hedge"] == "alleged"
    assert review.reject(store, usa, director["id"], "misread")["status"] == "rejected"
    with pytest.raises(NotVisible):
        review.reject(store, mys, director["id"])  # hidden document: like a missing claim
    with pytest.raises(NotVisible):
        review.reject(store, usa, 999_999)


def test_links_to_entities_the_reader_cannot_see_are_removed(env):
    store, usa, mys, _ = env
    line = {"id": "hidden-1", "schema": "Company", "properties": {"name": ["Zqxhidden Trading"]}}
    contributions.contribute(
        store, usa, json.dumps(line).encode(), "intel.json", marking("TLP:AMBER")
    )
    ri = store.resolve(usa, "un:KPi.033")
    text = "Ri Won Ho met the managers of Zqxhidden Trading in Dandong last spring.\n"

    def linked(start: int, end: int, entity_id: str) -> dict:
        return {"text": text[start:end], "label": "organization", "start": start, "end": end,
                "entity_id": entity_id, "caption": text[start:end], "source_ids": ["x"],
                "score": 0.9, "explanation": [{"feature": "link_decision"}]}  # fmt: skip

    new = NewDocument(
        sha256="0" * 64,
        filename="a.txt",
        format="txt",
        text=text,
        size=len(text),
        marking=marking("TLP:AMBER REL TO MYS"),
        language="en",
        model="test",
        mentions=[linked(0, 9, ri), linked(30, 47, "usa-hidden-1")],
        claims=[
            {
                "subject": {"text": "Ri Won Ho", "start": 0, "end": 9, "entity_id": ri},
                "predicate": "associate_of",
                "object": {"text": "Zqxhidden Trading", "start": 30, "end": 47,
                           "entity_id": "usa-hidden-1"},
                "hedge": "asserted",
                "evidence": {"start": 0, "end": len(text) - 1},
            }
        ],
    )  # fmt: skip
    doc_id, _ = store.add_document(usa, new)
    mine = store.document(usa, doc_id)
    assert mine.mentions[1]["entity_id"] == "usa-hidden-1"
    assert mine.claims[0]["object"]["entity_id"] == "usa-hidden-1"
    theirs = store.document(mys, doc_id)
    assert theirs.mentions[1]["entity_id"] is None and theirs.mentions[1]["source_ids"] == []
    assert theirs.claims[0]["object"]["entity_id"] is None
    assert "usa-hidden-1" not in json.dumps([theirs.mentions, theirs.claims])
    assert theirs.mentions[0]["entity_id"] == ri  # the public designee stays linked


def test_nothing_half_stored(env, tmp_path):
    store, usa, _, extractor = env
    with pytest.raises(ItemError, match="unknown agencies"):
        service.ingest_bytes(store, usa, extractor, "a.txt", TEXT, marking("TLP:AMBER REL TO XYZ"))
    assert store.documents(usa) == []
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(TEXT)
    (folder / "binary.txt").write_bytes(docfiles.BINARY)
    (folder / "scan.pdf").write_bytes(docfiles.blank_pdf())
    done, refused = service.ingest_paths(store, usa, extractor, [folder], marking("TLP:AMBER"))
    assert [d.name.rsplit("/", 1)[-1] for d in done] == ["good.txt"]
    assert all(isinstance(e, DocumentError) for e in refused)
    assert {e.name.rsplit("/", 1)[-1] for e in refused} == {"binary.txt", "scan.pdf"}
    assert len(store.documents(usa)) == 1
