"""OFSI Consolidated List: the real April 2025 ConList.xlsx, the CSV layout (real rows converted at
test time and a hand-written fixture with invented names), the ODS layout, and bad input."""

from __future__ import annotations

import csv
import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cordon.lists import uk_common, uk_ofsi
from cordon.lists.errors import LoadError
from cordon.lists.formats import read_head
from cordon.lists.records import Draft, ParsedList, Record
from tests.paths import FIXTURES, LISTS
from tests.test_lists_uk_fcdo import write_ods, write_xlsx

CONLIST = LISTS / "uk" / "ConList.xlsx"
TINY = FIXTURES / "uk_ofsi_tiny.csv"
DPRK = "Democratic People's Republic of Korea"
HEADER = list(uk_ofsi.COLUMNS)


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return uk_ofsi.FORMAT.parse(CONLIST)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Record]:
    return {record.source_id: record for record in parsed.records}


def values(draft: Draft, prop: str) -> list[str]:
    return [value for p, value, _ in draft.values if p == prop]


def of_schema(record: Record, schema: str) -> list[Draft]:
    return [d for d in record.entities if d.schema == schema]


def real_rows(*group_ids: str) -> list[list[str]]:
    """The title row, the header and every row of the given groups, from the real file."""
    rows = [cells for _, cells in uk_common.read_sheet(CONLIST)]
    group = HEADER.index("Group ID")
    return rows[:2] + [r for r in rows[2:] if r[group] in group_ids]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def data_row(**cells: str) -> list[str]:
    return [cells.get(name, "") for name in HEADER]


# --- the real file ------------------------------------------------------------------------------


def test_counts_and_metadata(parsed: ParsedList) -> None:
    assert parsed.dataset == "gb_hmt_sanctions"
    assert parsed.title == "UK OFSI Consolidated List"
    assert parsed.publisher == "HM Treasury OFSI"
    assert parsed.format == "uk_ofsi"
    assert parsed.files == [CONLIST]
    assert parsed.published == date(2025, 4, 14)
    assert len(parsed.records) == 4688
    schemas = Counter(record.main.schema for record in parsed.records)
    assert schemas == {"Person": 3663, "Organization": 1010, "Vessel": 15}


def test_dprk_designations(parsed: ParsedList) -> None:
    programs = [{values(s, "program")[0] for s in of_schema(r, "Sanction")} for r in parsed.records]
    dprk = [p for p in programs if DPRK in p]
    assert len(dprk) == 239


def test_dprk_person_names_dobs_passport_sanction(by_id: dict[str, Record]) -> None:
    record = by_id["uk:12441"]
    person = record.main
    assert (person.id, person.schema) == ("gb-hmt-12441", "Person")
    assert values(person, "name") == ["KIM TONG MY'ONG"]
    assert (values(person, "firstName"), values(person, "lastName")) == (["KIM"], ["TONG MY'ONG"])
    assert set(values(person, "alias")) == {
        "Kim CHIN-SO'K", "Kim HYOK CHOL", "Kim HYOK-CHOL", "Kim JIN-SOK",
        "Kim TONG MYONG", "Kim TONG-MYO’NG", "Kim TONG-MYONG",
    }  # fmt: skip
    assert ("birthDate", "1964", "00/00/1964") in person.values
    assert ("birthDate", "1962-08-28", "28/08/1962") in person.values
    assert values(person, "birthDate") == ["1964", "1962-08-28"]
    assert values(person, "nationality") == ["kp"]
    assert values(person, "position") == ["President of Tanchon Commercial Bank"]
    assert values(person, "passportNumber") == ["290320764"]
    (passport,) = of_schema(record, "Passport")
    assert passport.id.startswith("gb-hmt-12441-passport-")
    assert values(passport, "holder") == ["gb-hmt-12441"]
    assert values(passport, "summary") == ["Issued by the Democratic People's Republic of Korea"]
    (sanction,) = of_schema(record, "Sanction")
    assert sanction.id == "gb-hmt-12441-sanction-democratic-people-s-republic-of-korea"
    assert values(sanction, "entity") == ["gb-hmt-12441"]
    assert values(sanction, "authority") == ["UK HM Treasury OFSI"]
    assert values(sanction, "program") == [DPRK]
    assert values(sanction, "authorityId") == ["DPR0239"]
    assert values(sanction, "unscId") == ["KPi.023"]
    assert values(sanction, "recordId") == ["12441"]
    assert values(sanction, "listingDate") == ["2011-12-21"]
    assert values(sanction, "startDate") == ["2016-03-02"]
    assert values(sanction, "modifiedAt") == ["2022-08-02"]
    notes = values(person, "notes")
    assert any(note.startswith("Kim Tong My’ong is the President") for note in notes)


def test_dprk_person_with_two_passports(by_id: dict[str, Record]) -> None:
    record = by_id["uk:13415"]
    person = record.main
    assert values(person, "name") == ["KIM SONG CHOL"]
    assert values(person, "alias") == ["Kim HAK SONG"]
    assert values(person, "birthDate") == ["1968-03-26", "1970-10-15"]
    assert values(person, "passportNumber") == ["381420565", "654120219"]
    assert sorted(values(p, "number")[0] for p in of_schema(record, "Passport")) == [
        "381420565", "654120219",
    ]  # fmt: skip


def test_low_quality_alias_is_weak(by_id: dict[str, Record]) -> None:
    person = by_id["uk:13559"].main
    assert values(person, "name") == ["CH'OE SO'K MIN"]
    assert values(person, "weakAlias") == ["Choe SOK MIN"]
    assert values(person, "alias") == []
    assert values(person, "birthDate") == ["1978-07-25"]


def test_fka_is_previous_name(by_id: dict[str, Record]) -> None:
    org = by_id["uk:12447"].main
    assert org.schema == "Organization"
    assert values(org, "name") == ["MUNITIONS INDUSTRY DEPARTMENT"]
    assert values(org, "previousName") == ["MACHINE INDUSTRY DEPARTMENT"]
    assert set(values(org, "alias")) == {"MID", "MILITARY SUPPLIES INDUSTRY DEPARTMENT"}


def test_non_latin_script_name_is_alias(by_id: dict[str, Record]) -> None:
    person = by_id["uk:13420"].main
    assert values(person, "name") == ["KIM CHOL SAM"]
    assert set(values(person, "alias")) == {"Jin TIESAN", "金铁三"}


def test_dprk_ship(by_id: dict[str, Record]) -> None:
    record = by_id["uk:13651"]
    ship = record.main
    assert (ship.id, ship.schema) == ("gb-hmt-13651", "Vessel")
    assert values(ship, "name") == ["SAM JONG 2"]
    assert "YU_JONG_3" in values(ship, "alias") and "OCHRE POINT" in values(ship, "alias")
    assert values(ship, "imoNumber") == ["7408873"]
    assert values(ship, "flag") == ["kp"]
    assert values(ship, "pastFlags") == ["ru"]
    assert values(ship, "type") == ["Oil tanker"]
    assert values(ship, "tonnage") == ["1676"]
    assert values(ship, "buildDate") == ["1975"]
    assert "Current owners: Korea Samjong Shipping" in values(ship, "notes")
    (sanction,) = of_schema(record, "Sanction")
    assert values(sanction, "authorityId") == ["DPR0100"]
    assert values(sanction, "listingDate") == ["2018-04-03"]


def test_two_regimes_two_sanctions(by_id: dict[str, Record]) -> None:
    record = by_id["uk:11241"]
    assert sorted(values(record.main, "name")) == [
        "ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC) QODS FORCE",
        "ISLAMIC REVOLUTIONARY GUARDS CORPS - QODS FORCE",
    ]
    sanctions = {values(s, "program")[0]: s for s in of_schema(record, "Sanction")}
    assert set(sanctions) == {"Iran (Nuclear)", "Syria"}
    assert values(sanctions["Iran (Nuclear)"], "listingDate") == ["2010-07-27"]
    assert values(sanctions["Syria"], "listingDate") == ["2011-08-24"]
    assert values(sanctions["Syria"], "authorityId") == ["INU0082", "SYR0310"]


def test_group_without_primary_name(by_id: dict[str, Record]) -> None:
    org = by_id["uk:16601"].main
    assert values(org, "name") == ["33RD SCIENTIFIC RESEARCH AND TESTING INSTITUTE"]
    assert "33RD TSNIII" in values(org, "alias")


def test_ids_are_valid_unique_and_derived(parsed: ParsedList) -> None:
    ids = [d.id for _, d in parsed.iter_drafts()]
    assert len(ids) == len(set(ids))
    assert all(uk_common.VALID_ID.match(i) for i in ids)
    for record in parsed.records:
        group_id = record.source_id.removeprefix("uk:")
        assert record.main.id == f"gb-hmt-{group_id}"
        assert all(d.id.startswith(f"gb-hmt-{group_id}-") for d in record.entities[1:])
        assert values(record.main, "name")


def test_every_designation_has_a_sanction(parsed: ParsedList) -> None:
    assert all(of_schema(record, "Sanction") for record in parsed.records)
    assert sum(len(of_schema(r, "Sanction")) for r in parsed.records) == 4704


def test_sniff(tmp_path: Path) -> None:
    assert uk_ofsi.FORMAT.sniff(CONLIST, read_head(CONLIST))
    assert not uk_ofsi.CSV_FORMAT.sniff(CONLIST, read_head(CONLIST))
    assert uk_ofsi.CSV_FORMAT.sniff(TINY, read_head(TINY))
    assert not uk_ofsi.FORMAT.sniff(TINY, read_head(TINY))
    for junk in (b"", b"\x00\xff" * 100, b"PK\x03\x04garbage", b"<xml/>"):
        path = tmp_path / "junk"
        path.write_bytes(junk)
        assert not uk_ofsi.FORMAT.sniff(path, junk)
        assert not uk_ofsi.CSV_FORMAT.sniff(path, junk)


# --- unit helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28/08/1962", "1962-08-28"),
        ("00/00/1962", "1962"),
        ("00/05/1962", "1962-05"),
        ("05/1962", "1962-05"),
        ("1962", "1962"),
        ("29-06-2012", "2012-06-29"),
        ("2012-06-29", "2012-06-29"),
        ("31/02/2000", None),
        ("12/00/1962", None),
        ("00/13/1962", None),
        ("unknown", None),
    ],
)
def test_uk_date(text: str, expected: str | None) -> None:
    assert uk_common.uk_date(text) == expected


def test_dob_values() -> None:
    assert uk_common.dob_values("circa 1962") == ["1962"]
    assert uk_common.dob_values("1962 to 1964") == ["1962", "1963", "1964"]
    assert uk_common.dob_values("1900 to 1964") == []


def test_split_numbered_and_refs() -> None:
    assert uk_common.split_numbered("(1) Uganda (2) Uganda (3)Uganda") == ["Uganda"] * 3
    assert uk_common.split_numbered("(1) 20645897 (2) -") == ["20645897"]
    assert uk_common.split_numbered("Russia") == ["Russia"]
    assert uk_ofsi.leading_refs("INU0082 and SYR0310. Listed under") == (
        ["INU0082", "SYR0310"], "Listed under",
    )  # fmt: skip
    assert uk_ofsi.leading_refs("CAF0023\u00a0. More") == (["CAF0023"], "More")


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_of_real_rows_matches_the_xlsx(tmp_path: Path, by_id: dict[str, Record]) -> None:
    groups = ("12441", "13651", "11241", "13420")
    path = write_csv(tmp_path / "ConList.csv", real_rows(*groups))
    assert uk_ofsi.CSV_FORMAT.sniff(path, read_head(path))
    parsed = uk_ofsi.CSV_FORMAT.parse(path)
    assert parsed.format == "uk_ofsi_csv"
    assert parsed.published == date(2025, 4, 14)
    assert {r.source_id for r in parsed.records} == {f"uk:{g}" for g in groups}
    for record in parsed.records:
        assert_same_record(record, by_id[record.source_id])


def assert_same_record(subset: Record, full: Record) -> None:
    """A record parsed from a few rows against the same record from the whole list. Links
    stated in prose name other records, which a few rows may not hold: compared apart."""
    assert own_facts(subset).fingerprint() == own_facts(full).fingerprint()
    assert stated_ids(subset) <= stated_ids(full)


def own_facts(record: Record) -> Record:
    return Record(record.source_id, [e for e in record.entities if "-stated-" not in e.id])


def stated_ids(record: Record) -> set[str]:
    return {e.id for e in record.entities if "-stated-" in e.id}


def test_hand_written_csv_fixture() -> None:
    parsed = uk_ofsi.CSV_FORMAT.parse(TINY)
    assert parsed.published == date(2025, 6, 1)
    person, org, ship = (r.main for r in parsed.records)
    assert values(person, "name") == ["Alpha Beta ZULU"]
    assert values(person, "secondName") == ["Beta"]
    assert values(person, "alias") == ["알파 줄루", "Alfa SULU"]
    assert values(person, "weakAlias") == ["ZED"]
    assert values(person, "title") == ["Dr"]
    assert ("birthDate", "1962-05", "00/05/1962") in person.values
    assert values(person, "birthDate") == ["1962-05", "1964"]
    assert values(person, "nationality") == ["kp", "cn"]
    assert values(person, "gender") == ["male"]
    assert values(person, "passportNumber") == ["P111111", "P222222"]
    assert values(person, "idNumber") == ["ID-333"]
    record = parsed.records[0]
    passports = {
        values(p, "number")[0]: values(p, "summary") for p in of_schema(record, "Passport")
    }
    assert passports == {"P111111": ["Diplomatic passport"], "P222222": ["Service passport"]}
    (address,) = of_schema(record, "Address")
    assert values(person, "addressEntity") == [address.id]
    assert values(address, "full") == ["1 Example Street, Pyongyang, North Korea"]
    assert values(address, "country") == ["kp"]
    assert values(org, "previousName") == ["OLD EXAMPLE TRADING"]
    assert values(org, "phone") == ["+85021234567", "+85027654321"]
    assert values(org, "legalForm") == ["Trading company"]
    assert "Parent company: Invented Holding Group" in values(org, "notes")
    assert len(of_schema(parsed.records[1], "Sanction")) == 2
    assert values(ship, "imoNumber") == ["9123453"]
    assert values(ship, "pastFlags") == ["pa", "tg"]
    assert values(ship, "notes")[0] == "Invented narrative about a ship."


def test_latin1_csv_falls_back_to_cp1252(tmp_path: Path, caplog) -> None:
    rows = [
        ["Last Updated", "01/06/2025"],
        HEADER,
        data_row(**{"Name 6": "CAFÉ EXEMPLE SARL", "Group Type": "Entity", "Group ID": "90010",
                    "Alias Type": "Primary name", "Regime": "Mali"}),
    ]  # fmt: skip
    path = write_csv(tmp_path / "latin1.csv", rows, encoding="cp1252")
    assert uk_ofsi.CSV_FORMAT.sniff(path, read_head(path))
    with caplog.at_level(logging.WARNING, logger="cordon.lists.uk_common"):
        parsed = uk_ofsi.CSV_FORMAT.parse(path)
    assert values(parsed.records[0].main, "name") == ["CAFÉ EXEMPLE SARL"]
    assert "decoded as Windows-1252" in caplog.text and "line 3" in caplog.text


def test_utf16_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(TINY.read_text(encoding="utf-8").encode("utf-16"))
    assert uk_ofsi.CSV_FORMAT.sniff(path, read_head(path))  # recognised, so the error is clear
    with pytest.raises(LoadError, match="UTF-16") as err:
        uk_ofsi.CSV_FORMAT.parse(path)
    assert err.value.path == str(path)


def test_csv_row_without_group_id_names_the_line(tmp_path: Path) -> None:
    rows = [
        ["Last Updated", "01/06/2025"],
        HEADER,
        data_row(**{"Name 6": "ONE", "Group ID": "90011", "Alias Type": "Primary name"}),
        data_row(**{"Name 6": "TWO", "Alias Type": "Primary name"}),
    ]
    path = write_csv(tmp_path / "no_id.csv", rows)
    with pytest.raises(LoadError, match="no Group ID") as err:
        uk_ofsi.CSV_FORMAT.parse(path)
    assert err.value.line == 4


def test_malformed_csv_names_the_line(tmp_path: Path) -> None:
    text = TINY.read_text(encoding="utf-8").splitlines()
    text[4] = text[4].replace(",Individual,", ',"Individual,', 1)
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(text[:5]) + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match="malformed CSV") as err:
        uk_ofsi.CSV_FORMAT.parse(path)
    assert err.value.line == 5


def test_empty_csv(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\r\n")
    with pytest.raises(LoadError, match="empty"):
        uk_ofsi.CSV_FORMAT.parse(path)


# --- spreadsheets: other containers and bad input -----------------------------------------------


def test_ods_layout(tmp_path: Path, by_id: dict[str, Record]) -> None:
    path = write_ods(tmp_path / "ConList.ods", real_rows("13651", "13559"), sheet="Data")
    assert uk_ofsi.FORMAT.sniff(path, read_head(path))
    parsed = uk_ofsi.FORMAT.parse(path)
    assert parsed.published == date(2025, 4, 14)
    assert {r.source_id for r in parsed.records} == {"uk:13651", "uk:13559"}
    for record in parsed.records:
        assert_same_record(record, by_id[record.source_id])


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = CONLIST.read_bytes()
    path = tmp_path / "ConList.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert not uk_ofsi.FORMAT.sniff(path, read_head(path))
    with pytest.raises(LoadError, match="truncated") as err:
        uk_ofsi.FORMAT.parse(path)
    assert err.value.path == str(path)


def test_xlsx_with_wrong_headers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "other.xlsx", [["Last Updated", "14/04/2025"], ["Name", "Id"]])
    assert not uk_ofsi.FORMAT.sniff(path, read_head(path))
    with pytest.raises(LoadError, match="no OFSI header row"):
        uk_ofsi.FORMAT.parse(path)


def test_xlsx_missing_required_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Regime"]
    path = write_xlsx(tmp_path / "no_regime.xlsx", [["Last Updated", "14/04/2025"], header])
    assert uk_ofsi.FORMAT.sniff(path, read_head(path))
    with pytest.raises(LoadError, match=r"missing required column.*Regime") as err:
        uk_ofsi.FORMAT.parse(path)
    assert err.value.record == "row 2"


def test_xlsx_row_without_group_id(tmp_path: Path) -> None:
    rows = [
        ["Last Updated", "14/04/2025"],
        HEADER,
        data_row(**{"Name 6": "ONE", "Group ID": "90011", "Alias Type": "Primary name"}),
        data_row(**{"Name 6": "TWO", "Alias Type": "Primary name"}),
    ]
    path = write_xlsx(tmp_path / "no_id.xlsx", rows)
    with pytest.raises(LoadError, match="no Group ID") as err:
        uk_ofsi.FORMAT.parse(path)
    assert err.value.record == "row 4"


def test_xlsx_numeric_group_id_and_date_cells(tmp_path: Path) -> None:
    """Excel re-saves turn ids into numbers and dates into date cells; both still read."""
    row = data_row(**{"Name 6": "ONE", "Alias Type": "Primary name", "Regime": "Mali"})
    row[HEADER.index("Group ID")] = 90012
    row[HEADER.index("Listed On")] = date(2020, 2, 1)
    path = write_xlsx(tmp_path / "typed.xlsx", [["Last Updated", date(2025, 4, 14)], HEADER, row])
    parsed = uk_ofsi.FORMAT.parse(path)
    assert parsed.published == date(2025, 4, 14)
    (record,) = parsed.records
    assert record.source_id == "uk:90012"
    assert values(of_schema(record, "Sanction")[0], "listingDate") == ["2020-02-01"]


def test_empty_spreadsheet_file(tmp_path: Path) -> None:
    path = tmp_path / "ConList.xlsx"
    path.write_bytes(b"")
    with pytest.raises(LoadError, match="empty"):
        uk_ofsi.FORMAT.parse(path)
    blank = write_xlsx(tmp_path / "blank.xlsx", [])
    with pytest.raises(LoadError, match="no rows"):
        uk_ofsi.FORMAT.parse(blank)
