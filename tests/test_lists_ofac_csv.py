"""OFAC legacy CSV sets (SDN and non-SDN) and the remarks grammar, on the real shared files."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cordon.lists import ofac_csv, ofac_remarks
from cordon.lists.errors import LoadError
from cordon.lists.records import ParsedList, Record, clean_value
from tests.paths import LISTS

OFAC = LISTS / "ofac"
SDN = OFAC / "sdn.csv"
CONS = OFAC / "cons_prim.csv"
ID_RE = re.compile(r"^[A-Za-z0-9.-]+$")


@pytest.fixture(scope="module")
def sdn_set() -> ofac_csv.CsvSet:
    return ofac_csv.read_set(SDN)


@pytest.fixture(scope="module")
def sdn(sdn_set: ofac_csv.CsvSet) -> ParsedList:
    return ofac_csv.build_list(
        sdn_set.entries, dataset=sdn_set.dataset, files=sdn_set.files, fmt="ofac_csv"
    )


@pytest.fixture(scope="module")
def cons() -> ParsedList:
    return ofac_csv.parse(CONS)


def record(parsed: ParsedList, uid: int) -> Record:
    return next(r for r in parsed.records if r.source_id == f"ofac:{uid}")


def values(record: Record, prop: str, schema: str | None = None) -> set[str]:
    """Values of `prop` on the designee, or on every entity of `schema` in the record."""
    drafts = [record.main] if schema is None else [d for d in record.entities if d.schema == schema]
    return {v for d in drafts for p, v, _ in d.values if p == prop}


def entity(record: Record, schema: str) -> list:
    return [d for d in record.entities if d.schema == schema]


# --- whole lists ------------------------------------------------------------------------------


def test_sdn_list_counts(sdn: ParsedList, sdn_set: ofac_csv.CsvSet) -> None:
    assert sdn.dataset == "us_ofac_sdn"
    assert sdn.title == "OFAC Specially Designated Nationals List"
    assert sdn.publisher == "US Treasury OFAC"
    assert sdn.published is None  # the CSV carries no date
    assert len(sdn.records) == 8976
    assert sdn.serial == max(int(r.source_id.split(":")[1]) for r in sdn.records) == 32391
    assert [p.name for p in sdn.files] == ["sdn.csv", "sdn_comments.csv", "add.csv", "alt.csv"]
    assert (sdn_set.alias_rows, sdn_set.address_rows, sdn_set.comment_rows) == (11910, 13837, 5)
    assert sum(len(e.aliases) for e in sdn_set.entries) == 11910
    assert sum(len(e.addresses) for e in sdn_set.entries) == 13837


def test_every_alias_and_address_row_is_mapped(sdn: ParsedList, sdn_set: ofac_csv.CsvSet) -> None:
    by_id = {r.source_id: r for r in sdn.records}
    empty = 0
    for entry in sdn_set.entries:
        rec = by_id[f"ofac:{entry.uid}"]
        names = {v for p, v, _ in rec.main.values if p in ("alias", "previousName")}
        assert {clean_value("Thing", "alias", a.name) for a in entry.aliases} <= names
        address_ids = {d.id for d in entity(rec, "Address")}
        for address in entry.addresses:
            if address.is_empty():  # a row of "-0-" only: nothing to map
                empty += 1
            else:
                assert f"ofac-{entry.uid}-addr-{address.num}" in address_ids
    assert empty == 2397
    assert sum(1 for _, d in sdn.iter_drafts() if d.schema == "Address") == 13837 - empty


def test_schemas_and_ids(sdn: ParsedList) -> None:
    schemas = {}
    ids = set()
    for rec, draft in sdn.iter_drafts():
        assert ID_RE.match(draft.id), draft.id
        assert draft.id not in ids
        ids.add(draft.id)
        if draft is rec.main:
            schemas[draft.schema] = schemas.get(draft.schema, 0) + 1
            assert rec.source_id == "ofac:" + draft.id.removeprefix("ofac-")
    assert schemas == {"Person": 4620, "LegalEntity": 3673, "Vessel": 406, "Airplane": 277}


def test_consolidated_non_sdn(cons: ParsedList) -> None:
    assert cons.dataset == "us_ofac_cons"
    assert cons.title == "OFAC Consolidated (non-SDN) List"
    assert len(cons.records) == 442
    assert cons.serial == 50476
    assert [p.name for p in cons.files] == [
        "cons_prim.csv",
        "cons_comments.csv",
        "cons_add.csv",
        "cons_alt.csv",
    ]
    haniya = record(cons, 9639)
    assert haniya.main.schema == "Person"
    assert values(haniya, "birthDate") == {"1962"}
    assert values(haniya, "birthPlace") == {"Shati"}
    assert values(haniya, "program", "Sanction") == {"NS-PLC"}


# --- real DPRK records ------------------------------------------------------------------------


def test_dprk_vessel_with_imo(sdn: ParsedList) -> None:
    vessel = record(sdn, 17069)
    assert vessel.main.schema == "Vessel"
    assert values(vessel, "name") == {"CHONG CHON GANG"}
    assert values(vessel, "imoNumber") == {"IMO 7937317"}
    assert values(vessel, "flag") == {"kp"}
    assert values(vessel, "type") == {"General Cargo"}
    sanction = entity(vessel, "Sanction")[0]
    assert sanction.id == "ofac-17069-sanction"
    assert sanction.first("entity") == "ofac-17069"
    assert sanction.first("authority") == "US Treasury OFAC"
    assert sanction.first("program") == "DPRK"
    assert sanction.first("recordId") == "17069"
    assert any("510.201" in v for v in values(vessel, "provisions", "Sanction"))


def test_dprk_shipping_company_imo_goes_to_registration_number(sdn: ParsedList) -> None:
    """FtM LegalEntity has no imoNumber: OFAC's company IMO number is kept as registration."""
    omm = record(sdn, 17068)
    assert omm.main.schema == "LegalEntity"
    assert values(omm, "registrationNumber") == {"IMO 1790183"}
    assert "KOREA MIRAE SHIPPING CO. LTD." in values(omm, "alias")
    addresses = {d.id: d for d in entity(omm, "Address")}
    assert len(addresses) == 13
    pyongyang = addresses["ofac-17068-addr-25933"]
    assert pyongyang.first("full") == (
        "Dongheung-dong Changgwang Street, Chung-ku, PO Box 125, Pyongyang, Korea, North"
    )
    assert pyongyang.first("city") == "Pyongyang"
    assert pyongyang.first("country") == "kp"
    assert "ofac-17068-addr-25933" in values(omm, "addressEntity")


def test_dprk_individual_with_passport_and_dob(sdn: ParsedList) -> None:
    ko = record(sdn, 18555)
    assert ko.main.schema == "Person"
    assert values(ko, "name") == {"KO, Tae Hun"}
    assert values(ko, "lastName") == {"KO"}
    assert values(ko, "firstName") == {"Tae Hun"}
    assert values(ko, "alias") == {"KIM, Myong Gi"}
    assert values(ko, "birthDate") == {"1972-05-25"}
    assert values(ko, "position") == {"Tanchon Commercial Bank Representative"}
    assert values(ko, "passportNumber") == {"563120630"}
    [passport] = entity(ko, "Passport")
    assert passport.first("holder") == "ofac-18555"
    assert passport.first("number") == "563120630"
    assert passport.first("country") == "kp"
    assert passport.first("endDate") == "2018-03-20"
    originals = {o for p, _, o in passport.values if p == "number"}
    assert originals == {"Passport 563120630 (Korea, North) expires 20 Mar 2018"}
    # The title is repeated in the remarks; it is not duplicated as a note.
    assert "Tanchon Commercial Bank Representative" not in values(ko, "notes")
    [link] = entity(ko, "UnknownLink")
    assert link.first("object") == next(
        r.main.id for r in sdn.records if r.main.first("name") == "TANCHON COMMERCIAL BANK"
    )


def test_lazarus_link_and_comments_continuation(sdn: ParsedList) -> None:
    """TIAN Yinyin's remarks are cut at 1,000 characters; sdn_comments.csv carries the rest,
    including the "Linked To: LAZARUS GROUP" that must resolve to the group's entity."""
    lazarus = record(sdn, 27307)
    assert values(lazarus, "name") == {"LAZARUS GROUP"}
    assert {"HIDDEN COBRA", "APT-C-26", "GUARDIANS OF PEACE"} <= values(lazarus, "weakAlias")
    tian = record(sdn, 28263)
    assert values(tian, "name") == {"TIAN, Yinyin"}
    assert values(tian, "birthDate") == {"1986-07-12"}
    assert values(tian, "nationality") == {"cn"}
    assert values(tian, "gender") == {"male"}
    assert values(tian, "email") == {"417136259@qq.com"}
    # "a.k.a. 'snowsjo" + "hn'; Linked To: LAZARUS GROUP." from the comments file:
    assert values(tian, "weakAlias") == {"tianyinyin0404", "snowsjohn"}
    [link] = entity(tian, "UnknownLink")
    assert link.id == "ofac-28263-link-27307"
    assert link.first("subject") == "ofac-28263"
    assert link.first("object") == lazarus.main.id == "ofac-27307"
    assert link.first("role") == "Linked To"
    wallets = entity(tian, "CryptoWallet")
    assert len(wallets) == 8
    assert {w.first("currencySymbol") for w in wallets} == {"XBT"}
    assert "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak" in {w.first("publicKey") for w in wallets}
    assert all(w.first("holder") == "ofac-28263" for w in wallets)


def test_unresolved_link_stays_a_note(sdn: ParsedList) -> None:
    notes = {v for _, d in sdn.iter_drafts() for p, v, _ in d.values if p == "notes"}
    assert "Linked To: PRESIDENCY OF DEFENSE INDUSTRIES" in notes


def test_vessel_columns_and_former_flags(sdn: ParsedList) -> None:
    artavil = record(sdn, 15036)
    assert values(artavil, "callSign") == {"T2EU4"}
    assert values(artavil, "tonnage") == {"99,144"}
    assert values(artavil, "grossRegisteredTonnage") == {"56,068"}
    assert values(artavil, "pastFlags") == {"mt", "tv", "tz"}
    assert "Former Vessel Flag None Identified" in values(artavil, "notes")
    assert values(artavil, "mmsi") == {"572469210"}
    assert {"ABADAN", "SHONA", "ALPHA"} <= values(artavil, "previousName")


def test_dob_forms(sdn: ParsedList) -> None:
    assert values(record(sdn, 15496), "birthDate") == {"1929", "1930"}  # DOB 1929 to 1930
    circa = next(r for r in sdn.records if any(o == "DOB circa 1951" for _, _, o in r.main.values))
    assert "1951" in values(circa, "birthDate")


def test_nothing_in_the_remarks_is_dropped(sdn: ParsedList, sdn_set: ofac_csv.CsvSet) -> None:
    """Every remarks item is the original of some value, or repeats a value already there."""
    by_id = {r.source_id: r for r in sdn.records}
    resolver = ofac_csv.Resolver(sdn_set.entries)
    for entry in sdn_set.entries:
        rec = by_id[f"ofac:{entry.uid}"]
        originals = {o for d in rec.entities for _, _, o in d.values}
        for item in entry.items:
            if item in originals or item == entry.title:
                continue
            alone = replace(entry, items=[item], aliases=[], addresses=[], vessel={})
            single = ofac_csv.EntryBuilder(alone, resolver).build()
            got = {(d.id, p, v) for d in single.entities for p, v, _ in d.values}
            have = {(d.id, p, v) for d in rec.entities for p, v, _ in d.values}
            assert got <= have, (entry.uid, item)


# --- the remarks grammar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 01 Jan 1962", ["1962-01-01"]),
        ("DOB Jan 1962", ["1962-01"]),
        ("DOB 1962", ["1962"]),
        ("DOB circa 1962", ["1962"]),
        ("DOB 1962 to 1964", ["1962", "1963", "1964"]),
        ("alt. DOB 01 Jan 1961 to 31 Dec 1963", ["1961", "1962", "1963"]),
        ("DOB 01 Mar 1965 to 31 Mar 1965", ["1965-03"]),
        ("DOB circa 1979-1982", ["1979", "1980", "1981", "1982"]),
        ("DOB: 10 October 1969", ["1969-10-10"]),
    ],
)
def test_dob_expressions(text: str, expected: list[str]) -> None:
    remarks = ofac_remarks.parse_items([text])
    assert [v for p, v, _ in remarks.props if p == "birthDate"] == expected
    assert all(o == text for _, _, o in remarks.props)


def test_remarks_items() -> None:
    text = (
        "DOB 1962; alt. DOB 1964; POB Pyongyang, North Korea; nationality Korea, North; "
        "Passport 472220033 (Korea, North) issued 01 Jun 2016 expires 01 Jun 2021; "
        "Vessel Registration Identification IMO 9187629; MMSI 572469210; "
        "Digital Currency Address - ETH 0x72a5843cc08275C8171E582972Aa4fDa8C397B2A; "
        "Linked To: LAZARUS GROUP; a.k.a. 'OFFICE 91'; f.k.a. 'OLD NAME'; "
        "Secondary sanctions risk: North Korea Sanctions Regulations; Something else entirely."
    )
    r = ofac_remarks.parse_remarks(text)
    props = {(p, v) for p, v, _ in r.props}
    assert ("birthDate", "1962") in props and ("birthDate", "1964") in props
    assert ("birthPlace", "Pyongyang, North Korea") in props
    assert ("imoNumber", "IMO 9187629") in props and ("mmsi", "572469210") in props
    assert ("weakAlias", "OFFICE 91") in props and ("previousName", "OLD NAME") in props
    [doc] = r.ids
    assert (doc.number, doc.country, doc.issued, doc.expires) == (
        "472220033",
        "Korea, North",
        "2016-06-01",
        "2021-06-01",
    )
    assert r.wallets == [
        (
            "ETH",
            "0x72a5843cc08275C8171E582972Aa4fDa8C397B2A",
            "Digital Currency Address - ETH 0x72a5843cc08275C8171E582972Aa4fDa8C397B2A",
        )
    ]
    assert r.links == [("link", "LAZARUS GROUP", "Linked To: LAZARUS GROUP")]
    assert r.sanction[0][0] == "provisions"
    assert r.notes == [("Something else entirely", "Something else entirely")]


def test_remarks_parse_is_fast(sdn_set: ofac_csv.CsvSet) -> None:
    raw = [ofac_remarks.split_remarks("; ".join(e.items)) for e in sdn_set.entries]
    assert len(raw) == 8976
    start = time.perf_counter()
    for items in raw:
        ofac_remarks.parse_items(items)
    assert time.perf_counter() - start < 1.0


# --- detection --------------------------------------------------------------------------------


def head(path: Path) -> bytes:
    return path.read_bytes()[:65536]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("sdn.csv", "ofac_csv"),
        ("cons_prim.csv", "ofac_csv"),
        ("add.csv", "ofac_csv_add"),
        ("cons_add.csv", "ofac_csv_add"),
        ("alt.csv", "ofac_csv_alt"),
        ("cons_alt.csv", "ofac_csv_alt"),
        ("sdn_comments.csv", "ofac_csv_comments"),
        ("cons_comments.csv", "ofac_csv_comments"),
    ],
)
def test_sniff_by_content(name: str, fmt: str) -> None:
    path = OFAC / name
    matches = [f.name for f in ofac_csv.FORMATS if f.sniff(path, head(path))]
    assert matches == [fmt]


def test_sniff_rejects_other_files() -> None:
    for data in (head(OFAC / "consolidated.xml"), b"", b"\x00\xff\x1a", b"a,b,c\n1,2,3\n"):
        assert not any(f.sniff(Path("x"), data) for f in ofac_csv.FORMATS)


def test_companion_names_its_primary(tmp_path: Path) -> None:
    add = next(f for f in ofac_csv.FORMATS if f.name == "ofac_csv_add")
    assert add.primary is not None
    assert add.primary(OFAC / "add.csv") == SDN
    assert add.primary(OFAC / "cons_add.csv") == CONS
    assert add.primary(OFAC / "sdn_comments.csv") == SDN
    with pytest.raises(LoadError, match=r"load the primary file cons_prim\.csv"):
        add.parse(OFAC / "cons_add.csv")


# --- bad input --------------------------------------------------------------------------------


def copy_set(tmp_path: Path, names: tuple[str, ...] = ofac_csv.CONS_FILES.names()) -> Path:
    for name in names:
        shutil.copy(OFAC / name, tmp_path / name)
    return tmp_path / "cons_prim.csv"


def test_truncated_csv_with_open_quote(tmp_path: Path) -> None:
    data = SDN.read_bytes()
    start = data.index(b'\n28263,"TIAN, Yinyin"') + 1
    (tmp_path / "sdn.csv").write_bytes(data[: start + 200])  # inside the quoted remarks
    line = data[:start].count(b"\n") + 1
    with pytest.raises(LoadError) as err:
        ofac_csv.parse(tmp_path / "sdn.csv")
    assert err.value.line == line
    assert "sdn.csv" in str(err.value) and "truncated" in str(err.value)


def test_truncated_csv_mid_row(tmp_path: Path) -> None:
    data = CONS.read_bytes()
    cut = data.index(b"\n", 5000) + 4  # into the next row's ent_num
    (tmp_path / "cons_prim.csv").write_bytes(data[:cut])
    with pytest.raises(LoadError, match="expected 12 columns") as err:
        ofac_csv.parse(tmp_path / "cons_prim.csv")
    assert err.value.line == data[:cut].count(b"\n") + 1


def test_utf16_csv(tmp_path: Path) -> None:
    path = tmp_path / "cons_prim.csv"
    path.write_bytes(CONS.read_text(encoding="ascii").encode("utf-16"))
    assert ofac_csv.sniff_primary(path, head(path))  # recognised, so the error is precise
    with pytest.raises(LoadError, match="UTF-16"):
        ofac_csv.parse(path)


def test_latin1_csv(tmp_path: Path) -> None:
    path = copy_set(tmp_path)
    data = path.read_bytes().replace(b"HANIYA, Ismail", b"HAN\xcdYA, Ismail", 1)
    path.write_bytes(data)
    with pytest.raises(LoadError, match="Latin-1") as err:
        ofac_csv.parse(path)
    assert err.value.line == 1


def test_missing_companion_loads_without_it(tmp_path: Path) -> None:
    names = ("cons_prim.csv", "cons_alt.csv", "cons_comments.csv")
    parsed = ofac_csv.parse(copy_set(tmp_path, names))
    assert len(parsed.records) == 442
    assert [p.name for p in parsed.files] == ["cons_prim.csv", "cons_comments.csv", "cons_alt.csv"]
    assert not any(d.schema == "Address" for _, d in parsed.iter_drafts())


def test_broken_companion_is_an_error(tmp_path: Path) -> None:
    primary = copy_set(tmp_path)
    add = tmp_path / "cons_add.csv"
    add.write_bytes(add.read_bytes()[:3000])  # cut mid-row
    with pytest.raises(LoadError) as err:
        ofac_csv.parse(primary)
    assert err.value.path.endswith("cons_add.csv")
    assert err.value.line is not None


def test_empty_companion_file_is_not_absent(tmp_path: Path) -> None:
    """A present companion is read; an empty one simply has no rows (OFAC ships those)."""
    primary = copy_set(tmp_path)
    (tmp_path / "cons_comments.csv").write_bytes(b"\x1a")
    assert len(ofac_csv.parse(primary).records) == 442


def test_companion_row_for_unknown_entry(tmp_path: Path) -> None:
    primary = copy_set(tmp_path)
    alt = tmp_path / "cons_alt.csv"
    alt.write_bytes(b'99999999,1,"aka","NOBODY",-0- \r\n' + alt.read_bytes())
    with pytest.raises(LoadError, match="does not list") as err:
        ofac_csv.parse(primary)
    assert err.value.line == 1 and err.value.record == "ofac:99999999"


def test_non_numeric_ent_num_names_the_line(tmp_path: Path) -> None:
    primary = copy_set(tmp_path)
    lines = primary.read_bytes().split(b"\r\n")
    lines[2] = b"X9641," + lines[2].split(b",", 1)[1]
    primary.write_bytes(b"\r\n".join(lines))
    with pytest.raises(LoadError, match="ent_num 'X9641' is not a number") as err:
        ofac_csv.parse(primary)
    assert err.value.line == 3
    assert "cons_prim.csv, line 3" in str(err.value)


def test_duplicate_ent_num(tmp_path: Path) -> None:
    primary = copy_set(tmp_path)
    data = primary.read_bytes().rstrip(b"\x1a")
    primary.write_bytes(data + data.split(b"\r\n", 1)[0] + b"\r\n")
    with pytest.raises(LoadError, match="duplicate ent_num 9639"):
        ofac_csv.parse(primary)
