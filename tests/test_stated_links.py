"""Links the UN and UK lists state only in their narrative text, on the real files: which
sentences yield a link, to which record, in which direction, with the sentence as evidence; and
which do not (hedged, negated, ambiguous or unlisted names, a bare word)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cordon.lists import service, uk_ofsi, un
from cordon.lists.records import Draft, ParsedList, Record
from cordon.lists.stated_links import ListNames, links_in
from cordon.policy import Principal
from cordon.store import Store
from tests.paths import LISTS

UN = LISTS / "un" / "consolidated.xml"


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return un.parse(UN)


def stated(parsed: ParsedList, source_id: str) -> list[tuple[str, dict[str, str], str]]:
    """(schema, {prop: value}, evidence sentence) of each link the record states."""
    [record] = [r for r in parsed.records if r.source_id == source_id]
    out = []
    for draft in record.entities:
        if "-stated-" in draft.id:
            props = {p: v for p, v, _ in draft.values}
            evidence = next(o for p, _, o in draft.values if p == "role")
            out.append((draft.schema, props, evidence))
    return out


def test_parent_company_points_from_the_parent(parsed: ParsedList) -> None:
    # KPe.016: "Korea Ryonbong General Corporation is the parent company of Korea Ryonha ..."
    [(schema, props, evidence)] = stated(parsed, "un:KPe.016")
    assert schema == "Ownership"
    assert props["asset"] == "un-KPe.016"
    assert props["owner"] == "un-KPe.002"  # Korea Ryonbong General Corporation
    assert props["role"] == "parent company"
    assert "is the parent company of" in evidence


def test_person_acting_for_and_representing_organisations(parsed: ParsedList) -> None:
    [(schema, props, _)] = stated(parsed, "un:KPi.032")  # works on behalf of the Ministry ...
    assert (schema, props["subject"], props["role"]) == (
        "UnknownLink",
        "un-KPi.032",
        "acts on behalf of",
    )
    ministry = next(r for r in parsed.records if r.main.id == props["object"])
    assert ministry.main.first("name") == "MINISTRY OF ATOMIC ENERGY INDUSTRY"
    links = {
        (s, p["role"], p.get("client", p.get("object"))) for s, p, _ in stated(parsed, "un:KPi.035")
    }
    bank = [
        r.main.id for r in parsed.records if r.main.first("name") == "DAEDONG CREDIT BANK (DCB)"
    ]
    assert ("Representation", "representative", bank[0]) in links


def test_a_list_of_names_and_an_alias(parsed: ParsedList) -> None:
    # QDe.070: "Associated with Abu Bakr al-Jaziri (QDi.058) and Afghan Support Committee (ASC)"
    objects = {p["object"] for _, p, _ in stated(parsed, "un:QDe.070")}
    assert objects == {"un-QDi.058", "un-QDe.069"}  # Abu Bakr al-Jaziri is QDi.058's alias


def test_hedged_sentences_state_no_link(parsed: ParsedList) -> None:
    # KPe.011: "The Korea Heungjin Trading Company is used by KOMID ... We suspect it has been
    # involved in supplying missile-related goods to Iran's Shahid Hemmat Industrial Group"
    shig = [r.main.id for r in parsed.records if "SHAHID HEMMAT" in (r.main.first("name") or "")]
    assert shig  # listed, so only the hedge keeps it out
    links = stated(parsed, "un:KPe.011")
    assert {p["object"] for _, p, _ in links} == {"un-KPe.001"}  # KOMID alone
    assert all("suspect" not in evidence.lower() for _, _, evidence in links)


def _record(entity_id: str, name: str, notes: str = "") -> Record:
    draft = Draft(entity_id, "Organization")
    draft.add("name", name)
    if notes:
        draft.add("notes", notes)
    return Record(f"t:{entity_id}", [draft])


def test_what_is_not_a_link() -> None:
    alpha = _record("t-a", "ALPHA TRADING CORPORATION (ATC)")
    twin1, twin2 = _record("t-t1", "TWIN BANK"), _record("t-t2", "TWIN BANK")
    beta = _record("t-b", "BETA BANK")
    names = ListNames([alpha, beta, twin1, twin2])
    subject = _record("t-s", "SUBJECT COMPANY")

    def links(text: str) -> list[Draft]:
        return links_in(subject, text, names)

    assert len(links("Acts on behalf of Alpha Trading Corporation.")) == 1
    assert len(links("Acts on behalf of ATC.")) == 1  # the acronym, in capitals
    assert links("Acts on behalf of Alpha.") == []  # a bare word is no name
    assert links("It is believed to act on behalf of Alpha Trading Corporation.") == []
    assert links("It no longer acts on behalf of Alpha Trading Corporation.") == []
    assert links("Acts on behalf of Twin Bank.") == []  # two records share the name
    assert links("Acts on behalf of Gamma Shipping Ltd.") == []  # not on this list
    assert links("Subject Company is the parent company of Alpha Trading Corporation.") == []
    # the parent of another record is not the parent of this one
    assert links("Alpha Trading Corporation is the parent company of Beta Bank.") == []
    assert len(links("Alpha Trading Corporation is the parent company of Subject Company.")) == 1


def test_uk_other_information_states_links() -> None:
    parsed = uk_ofsi.parse_sheet(LISTS / "uk" / "ConList.xlsx")
    roles = [
        next(v for p, v, _ in d.values if p == "role")
        for r in parsed.records
        for d in r.entities
        if "-stated-" in d.id
    ]
    assert "parent company" in roles and "representative" in roles and len(roles) > 50


def test_stated_links_become_graph_edges(store: Store, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path / "home"))
    service.load(store, [UN])
    store.add_agency("USA", "United States", "us")
    store.add_user("analyst@usa.example", "USA", "analyst")
    principal: Principal | None = store.principal("analyst@usa.example")
    assert principal is not None
    found, _ = store.graph_walk(principal, "un-KPe.016", 1)
    assert "un-KPe.002" in found
    [edge] = [
        e
        for e in store.graph_edges_among(principal, {"un-KPe.016", "un-KPe.002"})
        if e.relation == "ownership"
    ]
    assert (edge.source, edge.target, edge.hedge) == ("un-KPe.002", "un-KPe.016", "asserted")
