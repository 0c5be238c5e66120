"""Principals, contributions and originator control, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from cordon.lists import service
from cordon.lists.errors import LoadError
from cordon.model.markings import Marking
from cordon.policy import ANONYMOUS, Role
from cordon.sharing import contributions
from cordon.sharing.demo import create_demo
from cordon.store import Store
from cordon.store import tables as t
from cordon.store.items import ItemError, NotVisible
from cordon.store.principals import PrincipalError
from tests.paths import LISTS

LINES = [
    {
        "id": "un:KPi.033",
        "schema": "Person",
        "properties": {"alias": ["Canary USA-4411"]},
        "cordon": {"hedge": "reported"},
    },
    {"id": "front-1", "schema": "Company", "properties": {"name": ["Canary Trading Sdn Bhd"]}},
    {
        "id": "own-1",
        "schema": "Ownership",
        "properties": {"owner": ["un:KPi.033"], "asset": ["front-1"]},
        "cordon": {"hedge": "alleged"},
    },
]


def ftm(lines: list[dict]) -> bytes:
    return "\n".join(json.dumps(line) for line in lines).encode()


@pytest.fixture
def node(store: Store) -> Store:
    service.load(store, [LISTS / "un"])
    create_demo(store)
    store.add_agency("GBR", "UK (test)", "gb")
    store.add_user("analyst@gbr.example", "GBR", "analyst")
    return store


def usa(store: Store, role: str = "analyst"):
    return store.principal(f"{role}@usa.example")


def test_keys_are_hashed_expire_and_revoke(store: Store):
    create_demo(store)
    key = store.create_api_key("analyst@usa.example", days=1)
    assert key.startswith("cdn_")
    principal = store.authenticate_key(key)
    assert principal is not None and principal.agency == "USA" and principal.role is Role.ANALYST
    with store.engine.connect() as conn:
        stored = conn.execute(select(t.api_keys)).one()
    assert key not in str(tuple(stored)) and stored.key_hash != key
    assert store.authenticate_key(key + "x") is None
    assert store.authenticate_key("cdn_" + "0" * 40) is None
    key_id = key.split("_")[1]
    assert store.revoke_api_key(key_id)
    assert store.authenticate_key(key) is None
    expired = store.create_api_key("analyst@usa.example", days=1)
    store._now = lambda: Store._now() + timedelta(days=2)  # type: ignore[method-assign]
    assert store.authenticate_key(expired) is None


def test_sessions_and_passwords(store: Store):
    create_demo(store)
    assert store.login("analyst@usa.example", "wrong password") is None
    assert store.login("nobody@usa.example", "cordon-demo") is None
    token = store.login("ANALYST@usa.example", "cordon-demo")
    assert token and store.session_principal(token).user == "analyst@usa.example"
    store.logout(token)
    assert store.session_principal(token) is None
    store.disable_user("analyst@usa.example")
    assert store.login("analyst@usa.example", "cordon-demo") is None


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.add_agency("public", "reserved"),
        lambda s: s.add_agency("U", "too short"),
        lambda s: s.add_user("not-an-email", "USA", "analyst"),
        lambda s: s.add_user("x@usa.example", "USA", "superuser"),
        lambda s: s.add_user("x@zzz.example", "ZZZ", "analyst"),
        lambda s: s.create_api_key("nobody@usa.example"),
    ],
)
def test_bad_principal_requests_name_the_field(store: Store, call):
    create_demo(store)
    with pytest.raises(PrincipalError):
        call(store)


def test_contribution_attaches_to_designee_and_stays_marked(node: Store):
    marking = Marking.parse("TLP:AMBER REL TO GBR", originator="USA")
    report = contributions.contribute(node, usa(node), ftm(LINES), "c.json", marking)
    assert report.attached == {"un:KPi.033": node.resolve(ANONYMOUS, "un:KPi.033")}
    assert report.created == ["usa-front-1", "usa-own-1"]
    designee = report.attached["un:KPi.033"]
    gbr, mys = node.principal("analyst@gbr.example"), node.principal("analyst@mys.example")
    seen = {p.agency: node.entity(p, designee).values("alias") for p in (usa(node), gbr, mys)}
    assert "Canary USA-4411" in seen["USA"] and "Canary USA-4411" in seen["GBR"]
    assert "Canary USA-4411" not in seen["MYS"]
    alias = next(s for s in node.entity(gbr, designee).statements if s.value == "Canary USA-4411")
    assert alias.hedge.value == "reported" and alias.marking == marking
    ownership = node.entity(gbr, "usa-own-1")
    assert ownership.values("owner") == [designee] and ownership.values("asset") == ["usa-front-1"]
    assert {s.hedge.value for s in ownership.statements} == {"alleged"}
    # hidden answers exactly like missing
    assert node.entity(mys, "usa-front-1") is None and node.entity(mys, "usa-nothing") is None
    assert node.resolve(mys, "usa-front-1") is None
    # the same bytes again change nothing
    again = contributions.contribute(node, usa(node), ftm(LINES), "c.json", marking)
    assert again.items == report.items
    assert len(node.items(usa(node))) == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "line 2"),
        (ftm([{"id": "x", "schema": "Spaceship", "properties": {}}]), "unknown schema"),
        (ftm([{"id": "x", "schema": "Person", "properties": {"wings": ["2"]}}]), "wings"),
        (ftm([{"schema": "Person", "properties": {}}]), "without an 'id'"),
        (
            ftm([{"id": "x", "schema": "Person", "properties": {}, "cordon": {"hedge": "sure"}}]),
            "sure",
        ),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_bad_contributions_change_nothing(node: Store, data: bytes, message: str):
    marking = Marking.parse("TLP:GREEN", originator="USA")
    before = node.count_statements(usa(node))
    with pytest.raises(LoadError, match=message):
        contributions.contribute(
            node, usa(node), ftm(LINES[:1]) + b"\n" + data, "bad.json", marking
        )
    assert node.count_statements(usa(node)) == before


def test_contributors_only_originate_for_their_agency(node: Store):
    other = Marking.parse("TLP:GREEN", originator="MYS")
    with pytest.raises(ItemError):
        contributions.contribute(node, usa(node), ftm(LINES), "c.json", other)
    unknown = Marking.parse("TLP:AMBER REL TO XYZ", originator="USA")
    with pytest.raises(ItemError, match="unknown agencies XYZ"):
        contributions.contribute(node, usa(node), ftm(LINES), "c.json", unknown)
    assert node.items(usa(node)) == []


def test_originator_control(node: Store):
    amber = Marking.parse("TLP:AMBER REL TO GBR", originator="USA")
    report = contributions.contribute(node, usa(node), ftm(LINES[1:2]), "c.json", amber)
    (item_id,) = report.items
    gbr, mys = node.principal("analyst@gbr.example"), node.principal("analyst@mys.example")
    wider = Marking.parse("TLP:AMBER REL TO GBR,MYS", originator="USA")
    # an analyst cannot widen; a partner cannot touch it; MYS cannot even see it
    with pytest.raises(ItemError, match="needs a releaser"):
        node.remark_item(usa(node), item_id, wider)
    with pytest.raises(ItemError, match="only its originator"):
        node.remark_item(gbr, item_id, Marking.parse("TLP:AMBER", originator="GBR"))
    with pytest.raises(NotVisible):
        node.remark_item(mys, item_id, wider)
    node.remark_item(usa(node, "releaser"), item_id, wider)
    assert [i.id for i in node.items(mys)] == [item_id]
    assert node.recalls_for(mys) == []
    # narrowing (any USA member) is a recall that reaches exactly the readers who lost it
    node.remark_item(usa(node), item_id, amber)
    assert node.items(mys) == []
    assert [r[1] for r in node.recalls_for(mys)] == [item_id]
    assert node.recalls_for(gbr) == []
    # a releasable version: new item, own marking, only the chosen properties
    green = Marking.parse("TLP:GREEN", originator="USA")
    derived = contributions.derived_item_id(item_id, green)
    with pytest.raises(ItemError, match="releaser"):
        node.derive_item(usa(node), item_id, derived, green, {"name"})
    node.derive_item(usa(node, "releaser"), item_id, derived, green, {"name"})
    (version,) = node.items(mys)
    assert version.id == derived and version.derived_from == item_id
    # retraction recalls from everyone who could read it
    node.retract_item(usa(node), item_id)
    assert [r[1] for r in node.recalls_for(gbr)] == [item_id]
    assert [i.id for i in node.items(usa(node))] == [derived]


def test_relationship_visible_only_with_both_ends(node: Store):
    usa_only = Marking.parse("TLP:AMBER", originator="USA")
    to_mys = Marking.parse("TLP:AMBER REL TO MYS", originator="USA")
    contributions.contribute(node, usa(node), ftm([LINES[1]]), "front.json", usa_only)
    edge = {**LINES[2], "properties": {**LINES[2]["properties"], "role": ["ZQX shareholder"]}}
    contributions.contribute(node, usa(node), ftm([edge]), "edge.json", to_mys)
    note = {"id": "un:KPi.033", "schema": "Person", "properties": {"associates": ["front-1"]}}
    contributions.contribute(node, usa(node), ftm([note]), "note.json", to_mys)
    mys = node.principal("analyst@mys.example")
    assert node.entity(mys, "usa-own-1") is None
    assert node.items(mys) == []  # the only statement of the Person item pointed at front-1
    for item in node.items(mys):
        assert all("usa-front-1" not in s.value for s in item.statements)
    designee = node.entity(mys, "un:KPi.033")
    assert "usa-front-1" not in json.dumps(designee.to_dict())
    # USA sees all of it
    assert node.entity(usa(node), "usa-own-1").values("asset") == ["usa-front-1"]


def test_originator_sees_which_partner_read_its_item(node: Store):
    marking = Marking.parse("TLP:AMBER REL TO MYS", originator="USA")
    contributions.contribute(node, usa(node), ftm(LINES[:1]), "c.json", marking)
    mys = node.principal("analyst@mys.example")
    entity = node.entity(mys, "un:KPi.033")
    node.audit_read(mys, "entity.read", "un:KPi.033", [s.marking for s in entity.statements])
    node.audit_read(mys, "entity.read", "un:KPi.999")  # read nothing of USA's
    seen = [e for e in node.audit_view(usa(node), 50) if e.agency == "MYS"]
    assert [(e.action, e.object, e.user) for e in seen] == [("entity.read", "un:KPi.033", None)]
    assert seen[0].detail == {"originators": ["USA"]}
    gbr = node.principal("analyst@gbr.example")
    assert [e for e in node.audit_view(gbr, 50) if e.agency == "MYS"] == []
