"""STIX 2.1 mapping: real UN designees plus contributed (hedged) intelligence, checked by the
OASIS validator, round-tripped, and refused when unmarked or marked with something unknown."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from stix2validator import ValidationOptions, validate_instance

from cordon.lists import un
from cordon.lists.records import ParsedList, Record
from cordon.model.markings import CLEAR, Marking, Tlp
from cordon.model.statements import Hedge, Source, Statement
from cordon.sharing.stix import (
    FTM_EXTENSION_ID,
    HEDGE_LABEL,
    NodeIdentity,
    StixItem,
    entity_stix_id,
    from_bundle,
    item_stix_id,
    note,
    report,
    stix_type,
    to_bundle,
)
from cordon.sharing.stix_markings import (
    MARKING_EXTENSION_ID,
    OPENCTI_AMBER_STRICT_ID,
    TLP2_EXTENSION_ID,
    marking_id,
    tlp_definition,
    tlp_id,
)
from tests.paths import LISTS

UN = LISTS / "un" / "consolidated.xml"
T0 = datetime(2026, 2, 27, tzinfo=UTC)
T1 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
USA = NodeIdentity("cordon.usa.example", "USA", "US Treasury sharing node")
AMBER_MYS = Marking.parse("TLP:AMBER REL TO MYS", "USA")
REPORT = Source(dataset="usa_field_reports", document_id="usa-report-2026-014", span=(120, 214))

# Published by OASIS in oasis-open/cti-stix-common-objects, extension-definition-specifications/
# tlp-2.0/ (the marking-definition schema pins each id to its name).
OASIS_TLP2 = {
    Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP1_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
TLP1_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"

# stix2-validator is pinned to 3.2.0: the 3.3.1 wheel ships without its JSON schemas
# (oasis-open/cti-stix-validator#248) and cannot validate anything.
# SHOULD-level warnings we accept on purpose: deterministic UUIDv5 ids (103; stable ids for
# re-export and recall matter more) and custom relationship types such as "owns" (202).
ACCEPTED_WARNINGS = ("{103}", "{202}")


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return un.parse(UN)


def record(parsed: ParsedList, source_id: str) -> Record:
    return next(r for r in parsed.records if r.source_id == source_id)


def list_items(parsed: ParsedList, rec: Record) -> list[StixItem]:
    """The UN record's entities as statements under TLP:CLEAR, as the list loader makes them."""
    src = Source(dataset=parsed.dataset, version=str(parsed.published), record_id=rec.source_id)
    items = []
    for draft in rec.entities:
        stmts = [
            Statement(draft.id, draft.schema, p, v, src, CLEAR, original_value=o)
            for p, v, o in draft.values
        ]
        items.append(StixItem(None, draft.id, draft.schema, stmts, modified=T0))
    return items


def contributed(prop_values: list[tuple[str, str, str, str, Hedge, int]]) -> list[Statement]:
    return [
        Statement(
            eid,
            schema,
            prop,
            value,
            REPORT,
            AMBER_MYS,
            confidence=conf,
            hedge=hedge,
            first_seen=datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
        )
        for eid, schema, prop, value, hedge, conf in prop_values
    ]


def usa_items() -> list[StixItem]:
    """USA's intelligence: a front company allegedly owned by KOMID, run by a UN designee."""
    a = Hedge.ASSERTED
    front = contributed(
        [
            ("usa-front-1", "Company", "name", "Golden Star Maritime Trading Ltd", a, 90),
            ("usa-front-1", "Company", "jurisdiction", "hk", a, 90),
            ("usa-front-1", "Company", "registrationNumber", "2987341", a, 95),
            ("usa-front-1", "Company", "notes", "Front company of KOMID", Hedge.ALLEGED, 40),
        ]
    )
    owner = contributed(
        [
            ("usa-own-1", "Ownership", "owner", "un-KPe.001", Hedge.ALLEGED, 60),
            ("usa-own-1", "Ownership", "asset", "usa-front-1", Hedge.ALLEGED, 60),
            ("usa-own-1", "Ownership", "percentage", "100", Hedge.ALLEGED, 60),
        ]
    )
    director = contributed(
        [
            ("usa-dir-1", "Directorship", "director", "un-KPi.033", a, 85),
            ("usa-dir-1", "Directorship", "organization", "usa-front-1", a, 85),
            ("usa-dir-1", "Directorship", "role", "Managing director", a, 85),
        ]
    )
    return [
        StixItem(None, "usa-front-1", "Company", front, modified=T1, created=T0),
        StixItem(None, "usa-own-1", "Ownership", owner, modified=T1),
        StixItem(None, "usa-dir-1", "Directorship", director, modified=T1),
    ]


@pytest.fixture(scope="module")
def items(parsed: ParsedList) -> list[StixItem]:
    komid = list_items(parsed, record(parsed, "un:KPe.001"))
    ri = list_items(parsed, record(parsed, "un:KPi.033"))
    return [*komid, *ri, *usa_items()]


@pytest.fixture(scope="module")
def bundle(items: list[StixItem]) -> dict[str, Any]:
    return to_bundle(items, USA)


def by_id(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {o["id"]: o for o in bundle["objects"]}


def item_object(bundle: dict[str, Any], entity_id: str) -> dict[str, Any]:
    return next(
        o
        for o in bundle["objects"]
        if o.get("extensions", {}).get(FTM_EXTENSION_ID, {}).get("entity_id") == entity_id
    )


def validate(obj: dict[str, Any]) -> None:
    results = validate_instance(obj, ValidationOptions(version="2.1"))
    assert results.is_valid, [str(e) for e in results.errors]
    unexpected = [w for w in results.warnings if not any(c in w for c in ACCEPTED_WARNINGS)]
    assert not unexpected, unexpected


# ---------------------------------------------------------------------------- markings


def test_tlp_ids_are_the_official_oasis_ones() -> None:
    for tlp, official in OASIS_TLP2.items():
        assert tlp_id(tlp) == official
        definition = tlp_definition(tlp)
        assert definition["id"] == official
        assert definition["name"] == f"TLP:{tlp.value}"
        assert definition["created"] == "2022-10-01T00:00:00.000Z"
        assert definition["extensions"] == {
            TLP2_EXTENSION_ID: {
                "extension_type": "property-extension",
                "tlp_2_0": tlp.value.lower(),
            }
        }


def test_every_object_carries_tlp_and_cordon_marking(bundle: dict[str, Any]) -> None:
    objects = by_id(bundle)
    for obj in bundle["objects"]:
        if obj["type"] == "marking-definition":
            continue
        tlp_ref, cordon_ref = obj["object_marking_refs"]
        assert tlp_ref in OASIS_TLP2.values()
        mdef = objects[cordon_ref]
        ext = mdef["extensions"][MARKING_EXTENSION_ID]
        assert OASIS_TLP2[Tlp(ext["tlp"].upper())] == tlp_ref
        assert objects[tlp_ref]["name"] == f"TLP:{ext['tlp'].upper()}"
    front = item_object(bundle, "usa-front-1")
    assert front["object_marking_refs"] == [OASIS_TLP2[Tlp.AMBER], marking_id(AMBER_MYS)]
    ext = objects[marking_id(AMBER_MYS)]["extensions"][MARKING_EXTENSION_ID]
    assert ext == {
        "extension_type": "property-extension",
        "tlp": "amber",
        "originator": "USA",
        "rel_to": ["MYS"],
    }


def test_red_recipients_and_amber_strict_round_trip() -> None:
    red = Marking(Tlp.RED, "USA", recipients=frozenset({"ana@mys.example", "bo@usa.example"}))
    strict = Marking.parse("TLP:AMBER+STRICT REL TO MYS", "USA")
    items = [
        StixItem(None, f"e{i}", "Person", [Statement(f"e{i}", "Person", "name", n, REPORT, m)], T1)
        for i, (n, m) in enumerate([("KIM A", red), ("PAK B", strict)])
    ]
    parsed = from_bundle(to_bundle(items, USA))
    assert {o.entity_id: o.marking for o in parsed.objects} == {"e0": red, "e1": strict}


# ---------------------------------------------------------------------------- export


def test_bundle_passes_the_oasis_validator(bundle: dict[str, Any]) -> None:
    validate(bundle)


def test_report_and_note_helpers_validate(bundle: dict[str, Any]) -> None:
    front = item_object(bundle, "usa-front-1")["id"]
    extra = [
        report(USA, "Field report 2026-014", T1, [front], AMBER_MYS, document_id="usa-rep-14"),
        note(USA, "MYS customs: consignee matches.", [front], AMBER_MYS, abstract="Match"),
    ]
    full = to_bundle(usa_items(), USA, extra=extra)
    validate(full)
    parsed = from_bundle(full)
    assert [r.name for r in parsed.reports] == ["Field report 2026-014"]
    assert parsed.reports[0].object_refs == (front,)
    assert parsed.reports[0].marking == AMBER_MYS
    assert "MYS customs: consignee matches." in [n.content for n in parsed.notes]


def test_extra_objects_need_their_marking_defined() -> None:
    green = Marking.parse("TLP:GREEN", "MYS")
    extra = [note(USA, "seen at Port Klang", [entity_stix_id("x")], green)]
    with pytest.raises(ValueError, match="markings="):
        to_bundle(usa_items(), USA, extra=extra)
    assert marking_id(green) in by_id(to_bundle(usa_items(), USA, extra=extra, markings=[green]))


def test_mapping_of_schemas(bundle: dict[str, Any]) -> None:
    assert item_object(bundle, "un-KPi.033")["identity_class"] == "individual"
    assert item_object(bundle, "un-KPi.033")["name"] == "RI WON HO"
    assert item_object(bundle, "un-KPe.001")["identity_class"] == "organization"
    assert item_object(bundle, "usa-front-1")["identity_class"] == "organization"
    sanction = item_object(bundle, "un-KPe.001-sanction")
    assert sanction["type"] == "note"
    assert sanction["object_refs"] == [item_object(bundle, "un-KPe.001")["id"]]
    assert item_object(bundle, "usa-own-1")["relationship_type"] == "owns"
    assert item_object(bundle, "usa-dir-1")["relationship_type"] == "director-of"
    assert stix_type("Vessel") == "identity"
    assert stix_type("Passport") == "note"
    assert stix_type("Family") == "relationship"


def test_relationship_ends(bundle: dict[str, Any]) -> None:
    own = item_object(bundle, "usa-own-1")
    assert own["source_ref"] == item_object(bundle, "un-KPe.001")["id"]  # FtM owner
    assert own["target_ref"] == item_object(bundle, "usa-front-1")["id"]  # FtM asset
    directorship = item_object(bundle, "usa-dir-1")
    assert directorship["source_ref"] == item_object(bundle, "un-KPi.033")["id"]
    # An end outside the bundle gets the entity's deterministic identity id ...
    alone = to_bundle(usa_items()[1:2], USA)
    assert item_object(alone, "usa-own-1")["source_ref"] == entity_stix_id("un-KPe.001")
    # ... unless the caller maps it to the id it already published.
    published = "identity--6b1f3c4e-2d7a-4b8e-9f10-1a2b3c4d5e6f"
    mapped = to_bundle(usa_items()[1:2], USA, refs={"un-KPe.001": published})
    assert item_object(mapped, "usa-own-1")["source_ref"] == published


def test_deterministic_ids(items: list[StixItem], bundle: dict[str, Any]) -> None:
    again = to_bundle(copy.deepcopy(items), USA)
    assert json.dumps(again, sort_keys=True) == json.dumps(bundle, sort_keys=True)
    front = item_object(bundle, "usa-front-1")["id"]
    assert front == item_stix_id(USA, "usa-front-1", "Company", AMBER_MYS)
    other_marking = item_stix_id(USA, "usa-front-1", "Company", Marking.parse("TLP:GREEN", "USA"))
    mys = NodeIdentity("cordon.mys.example", "MYS")
    other_node = item_stix_id(mys, "usa-front-1", "Company", AMBER_MYS)
    assert len({front, other_marking, other_node}) == 3
    assert marking_id(AMBER_MYS) == marking_id(Marking.parse("TLP:AMBER REL TO MYS", "USA"))


def test_caller_item_ids_must_match_the_type() -> None:
    stmts = usa_items()[0].statements
    good = "identity--0f6c8a8e-5b2d-4c1e-9a7b-3d2e1f0a9b8c"
    assert good in by_id(to_bundle([StixItem(good, "usa-front-1", "Company", stmts, T1)], USA))
    bad = "relationship--0f6c8a8e-5b2d-4c1e-9a7b-3d2e1f0a9b8c"
    with pytest.raises(ValueError, match="item_id"):
        to_bundle([StixItem(bad, "usa-front-1", "Company", stmts, T1)], USA)


def test_one_item_one_marking_and_retractions_stay_home() -> None:
    front = list(usa_items()[0].statements)
    mixed = [*front, Statement("usa-front-1", "Company", "name", "GSM", REPORT, CLEAR)]
    with pytest.raises(ValueError, match="one marking"):
        to_bundle([StixItem(None, "usa-front-1", "Company", mixed, T1)], USA)
    gone = Statement("usa-front-1", "Company", "alias", "GSMT", REPORT, AMBER_MYS, retracted_at=T1)
    out = to_bundle([StixItem(None, "usa-front-1", "Company", [*front, gone], T1)], USA)
    assert "GSMT" not in json.dumps(out)


# ---------------------------------------------------------------------------- hedges


def test_hedged_relationship_cannot_be_read_as_asserted(bundle: dict[str, Any]) -> None:
    own = item_object(bundle, "usa-own-1")
    assert own["confidence"] <= 15  # alleged: "Low" at most, whatever the statements say
    assert own["description"].startswith("ALLEGED, not asserted")
    notes = [o for o in bundle["objects"] if o["type"] == "note" and own["id"] in o["object_refs"]]
    assert [n["labels"] for n in notes] == [[HEDGE_LABEL, "hedge-alleged"]]
    assert notes[0]["object_marking_refs"] == own["object_marking_refs"]
    # The asserted directorship keeps its statements' confidence and gets no hedge note.
    directorship = item_object(bundle, "usa-dir-1")
    assert directorship["confidence"] == 85
    assert "description" not in directorship


def test_hedged_values_stay_out_of_plain_properties(bundle: dict[str, Any]) -> None:
    ext = item_object(bundle, "usa-front-1")["extensions"][FTM_EXTENSION_ID]
    assert "notes" not in ext["properties"]  # what an FtM consumer reads: asserted only
    assert "description" not in item_object(bundle, "usa-front-1")
    hedged = [s for s in ext["statements"] if s["prop"] == "notes"]
    assert hedged == [
        {
            "prop": "notes",
            "value": "Front company of KOMID",
            "hedge": "alleged",
            "confidence": 40,
            "source": {
                "dataset": "usa_field_reports",
                "document_id": "usa-report-2026-014",
                "span": [120, 214],
            },
            "first_seen": "2026-01-05T12:00:00+00:00",
        }
    ]


# ---------------------------------------------------------------------------- import


def test_round_trip_gives_back_the_same_statements(
    items: list[StixItem], bundle: dict[str, Any]
) -> None:
    parsed = from_bundle(json.loads(json.dumps(bundle)))
    sent = {s for item in items for s in item.statements}
    assert set(parsed.statements()) == sent
    assert len(parsed.statements()) == len(sent)
    own = next(o for o in parsed.objects if o.entity_id == "usa-own-1")
    assert own.schema == "Ownership"
    assert own.properties == {
        "owner": ["un-KPe.001"],
        "asset": ["usa-front-1"],
        "percentage": ["100"],
    }
    assert {v.hedge for v in own.values} == {Hedge.ALLEGED}
    front = next(o for o in parsed.objects if o.entity_id == "usa-front-1")
    assert front.modified == T1 and front.created == T0
    assert front.created_by == USA.stix_id
    assert parsed.authors[USA.stix_id].agency == "USA"
    assert parsed.skipped == []


def test_tlp_aliases_are_accepted() -> None:
    plain = plain_bundle(marking_refs=[TLP1_WHITE])
    parsed = from_bundle(plain, default_originator="MYS")
    assert {o.marking for o in parsed.objects} == {Marking(Tlp.CLEAR, "MYS")}
    strict = from_bundle(plain_bundle([OPENCTI_AMBER_STRICT_ID]), default_originator="MYS")
    assert {o.marking.tlp for o in strict.objects} == {Tlp.AMBER_STRICT}
    # A cordon marking beside the TLP 1.0 AMBER id reads the same as beside the 2.0 one.
    bundle = to_bundle(usa_items(), USA)
    for obj in bundle["objects"]:
        refs = obj.get("object_marking_refs", [])
        obj["object_marking_refs"] = [TLP1_AMBER if r == tlp_id(Tlp.AMBER) else r for r in refs]
    assert {o.marking for o in from_bundle(bundle).objects} == {AMBER_MYS}


def test_plain_stix_identities_and_relationships() -> None:
    parsed = from_bundle(plain_bundle([tlp_id(Tlp.GREEN)]), default_originator="MYS")
    people = {o.stix_id: o for o in parsed.objects}
    kim = people["identity--3b0f6b3e-8b8e-4d3e-9f6e-0a1b2c3d4e5f"]
    assert kim.schema == "Person"
    assert kim.properties == {"name": ["KIM CHOL"], "notes": ["Ship broker in Nampo"]}
    firm = people["identity--4c1a7c4f-9c9f-4e4f-8a7f-1b2c3d4e5f60"]
    assert firm.schema == "Organization"
    rel = people["relationship--5d2b8d50-ad0a-4f50-9b80-2c3d4e5f6071"]
    assert rel.schema == "Ownership"
    assert rel.properties == {"owner": [kim.entity_id], "asset": [firm.entity_id]}
    assert rel.values[0].confidence == 70
    assert "identity--6e3c9e61-be1b-4061-8c91-3d4e5f607182" in parsed.authors
    assert [(s.stix_type, s.stix_id) for s in parsed.skipped] == [
        ("malware", "malware--7f4daf72-cf2c-4172-9da2-4e5f60718293")
    ]
    stmts = parsed.statements()
    assert all(s.marking == Marking(Tlp.GREEN, "MYS") for s in stmts)
    assert {s.source.record_id for s in stmts if s.entity_id == kim.entity_id} == {kim.stix_id}


def test_unmarked_object_is_refused() -> None:
    bundle = to_bundle(usa_items(), USA)
    front = item_object(bundle, "usa-front-1")
    del front["object_marking_refs"]
    with pytest.raises(ValueError, match=f"{front['id']}: object_marking_refs: no TLP"):
        from_bundle(bundle)
    # A cordon marking alone is not a TLP marking either.
    front["object_marking_refs"] = [marking_id(AMBER_MYS)]
    with pytest.raises(ValueError, match=f"{front['id']}: object_marking_refs: no TLP"):
        from_bundle(bundle)


def test_unknown_or_conflicting_markings_are_refused() -> None:
    bundle = to_bundle(usa_items(), USA)
    front = item_object(bundle, "usa-front-1")
    stranger = "marking-definition--0e3a6f4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
    front["object_marking_refs"] = [*front["object_marking_refs"], stranger]
    with pytest.raises(ValueError, match=f"{front['id']}: object_marking_refs: unknown marking"):
        from_bundle(bundle)
    front["object_marking_refs"] = [tlp_id(Tlp.GREEN), marking_id(AMBER_MYS)]
    with pytest.raises(ValueError, match="disagrees"):
        from_bundle(bundle)
    front["object_marking_refs"] = [tlp_id(Tlp.GREEN), tlp_id(Tlp.AMBER), marking_id(AMBER_MYS)]
    with pytest.raises(ValueError, match="conflicting"):
        from_bundle(bundle)
    # TLP only, and nobody said who originated it: refused rather than guessed.
    with pytest.raises(ValueError, match="default_originator"):
        from_bundle(plain_bundle([tlp_id(Tlp.GREEN)]))


def test_forged_tlp_definition_is_refused() -> None:
    bundle = to_bundle(usa_items(), USA)
    by_id(bundle)[tlp_id(Tlp.AMBER)]["name"] = "TLP:CLEAR"
    with pytest.raises(ValueError, match=f"{tlp_id(Tlp.AMBER)}: name"):
        from_bundle(bundle)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda o: o.pop("source_ref"), "source_ref"),
        (lambda o: o.update(spec_version="2.0"), "spec_version"),
        (lambda o: o.update(modified="yesterday"), "modified"),
        (lambda o: o.update(type="identity"), "type"),
        (
            lambda o: o["extensions"][FTM_EXTENSION_ID]["statements"][0].update(hedge="rumoured"),
            "statements\\[0\\].hedge",
        ),
        (
            lambda o: o["extensions"][FTM_EXTENSION_ID]["statements"][0].update(prop="imoNumber"),
            "statements\\[0\\].prop",
        ),
        (lambda o: o["extensions"][FTM_EXTENSION_ID].update(schema="Spaceship"), "schema"),
    ],
)
def test_malformed_objects_are_refused_by_id_and_field(mutate: Any, message: str) -> None:
    bundle = to_bundle(usa_items(), USA)
    own = item_object(bundle, "usa-own-1")
    ext = own["extensions"][FTM_EXTENSION_ID]
    if message == "source_ref":
        del own["extensions"]  # a plain relationship: ends are read from the STIX refs
    else:
        assert ext["statements"]
    mutate(own)
    with pytest.raises(ValueError, match=f"{own['id']}: .*{message}"):
        from_bundle(bundle)


def test_not_a_21_bundle_is_refused() -> None:
    with pytest.raises(ValueError, match="bundle"):
        from_bundle({"type": "report"})
    with pytest.raises(ValueError, match="spec_version"):
        from_bundle({**plain_bundle([TLP1_WHITE]), "spec_version": "2.0"}, "MYS")


# ---------------------------------------------------------------------------- plain STIX


def plain_bundle(marking_refs: list[str]) -> dict[str, Any]:
    """A bundle as a non-cordon producer writes it: no extensions, TLP-only markings."""
    common = {
        "spec_version": "2.1",
        "created": "2026-01-10T08:00:00.000Z",
        "modified": "2026-01-11T08:00:00.000Z",
        "created_by_ref": "identity--6e3c9e61-be1b-4061-8c91-3d4e5f607182",
        "object_marking_refs": marking_refs,
    }
    return {
        "type": "bundle",
        "id": "bundle--2a9e5c8d-7b6f-4a3e-9d2c-1b0a9f8e7d6c",
        "objects": [
            {
                "type": "identity",
                "id": "identity--6e3c9e61-be1b-4061-8c91-3d4e5f607182",
                "name": "Partner CERT",
                "identity_class": "organization",
                **{k: v for k, v in common.items() if k != "created_by_ref"},
            },
            {
                "type": "identity",
                "id": "identity--3b0f6b3e-8b8e-4d3e-9f6e-0a1b2c3d4e5f",
                "name": "KIM CHOL",
                "description": "Ship broker in Nampo",
                "identity_class": "individual",
                **common,
            },
            {
                "type": "identity",
                "id": "identity--4c1a7c4f-9c9f-4e4f-8a7f-1b2c3d4e5f60",
                "name": "Ocean Pearl Shipping Co",
                "identity_class": "organization",
                **common,
            },
            {
                "type": "relationship",
                "id": "relationship--5d2b8d50-ad0a-4f50-9b80-2c3d4e5f6071",
                "relationship_type": "owns",
                "source_ref": "identity--3b0f6b3e-8b8e-4d3e-9f6e-0a1b2c3d4e5f",
                "target_ref": "identity--4c1a7c4f-9c9f-4e4f-8a7f-1b2c3d4e5f60",
                "confidence": 70,
                **common,
            },
            {
                "type": "malware",
                "id": "malware--7f4daf72-cf2c-4172-9da2-4e5f60718293",
                "name": "not ours",
                "is_family": True,
                **common,
            },
        ],
    }
