"""EU FSF XML parser, on an invented sample in the published layout (no real file is available)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from cordon.lists import eu_fsf
from cordon.lists.errors import LoadError
from cordon.lists.formats import read_head
from cordon.lists.records import Draft, ParsedList, Record
from tests.paths import FIXTURES, LISTS

SAMPLE = FIXTURES / "eu_fsf_sample.xml"
NS = "http://eu.europa.ec/fpi/fsd/export"


def export(body: str, ns: str = NS) -> bytes:
    head = f'<export xmlns="{ns}" generationDate="2026-01-05T10:00:00+01:00" globalFileId="7">'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}\n{body}\n</export>\n'.encode()


PERSON = (
    '<sanctionEntity euReferenceNumber="EU.1.1" logicalId="{id}">'
    '<subjectType code="person" classificationCode="P"/>'
    '<nameAlias wholeName="Test Person" strong="true"/></sanctionEntity>'
)


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return eu_fsf.parse(SAMPLE)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Record]:
    return {r.source_id: r for r in parsed.records}


def values(draft: Draft, prop: str) -> list[str]:
    return [v for p, v, _ in draft.values if p == prop]


def linked(record: Record, schema: str) -> list[Draft]:
    return [d for d in record.entities[1:] if d.schema == schema]


def test_metadata(parsed: ParsedList) -> None:
    assert parsed.dataset == "eu_fsf"
    assert parsed.publisher == "European Commission (FISMA)"
    assert parsed.published == date(2026, 3, 2)
    assert parsed.serial == 190001
    assert parsed.format == eu_fsf.FORMAT.name


def test_records(parsed: ParsedList) -> None:
    assert [(r.source_id, r.main.id, r.main.schema) for r in parsed.records] == [
        ("eu:900001", "eu-fsf-900001", "Person"),
        ("eu:900002", "eu-fsf-900002", "Organization"),
        ("eu:900003", "eu-fsf-900003", "Person"),
        ("eu:900004", "eu-fsf-900004", "Person"),
    ]
    for record in parsed.records:
        for draft in record.entities:
            assert re.fullmatch(r"[A-Za-z0-9.\-]+", draft.id)
            assert draft.id.startswith(record.main.id)


def test_person_names(by_id: dict[str, Record]) -> None:
    person = by_id["eu:900001"].main
    assert values(person, "name") == ["Ivor Placeholder TESTMAN"]
    assert values(person, "alias") == ["Ивор ТЕСТМАН"]  # a second strong name
    assert values(person, "weakAlias") == ["Ivo Testmann"]  # strong="false"
    assert values(person, "firstName") == ["Ivor"]
    assert values(person, "middleName") == ["Placeholder"]
    assert values(person, "lastName") == ["TESTMAN"]
    assert values(person, "title") == ["Dr."]
    assert values(person, "position") == [
        "Director of the Example Works",
        "Fictional Deputy Minister",
    ]
    assert values(person, "gender") == ["male"]
    assert values(person, "nationality") == ["kp"]


def test_circa_birthdate_gives_the_year(by_id: dict[str, Record]) -> None:
    person = by_id["eu:900001"].main
    assert [(v, o) for p, v, o in person.values if p == "birthDate"] == [("1961", "circa 1961")]
    assert values(person, "birthPlace") == ["Exampleville, NORTH KOREA"]
    assert values(person, "birthCountry") == ["kp"]


def test_passport(by_id: dict[str, Record]) -> None:
    record = by_id["eu:900001"]
    (passport,) = linked(record, "Passport")
    assert passport.id == "eu-fsf-900001-passport-400001"
    assert values(passport, "holder") == ["eu-fsf-900001"]
    assert values(passport, "number") == ["PX0000001"]
    assert values(passport, "country") == ["kp"]
    assert values(passport, "startDate") == ["2015-03-01"]
    assert values(passport, "authority") == ["Fictional Passport Office"]
    assert values(passport, "description") == ["diplomatic"]
    assert values(record.main, "passportNumber") == ["PX0000001"]


def test_sanction(by_id: dict[str, Record]) -> None:
    (sanction,) = linked(by_id["eu:900001"], "Sanction")
    assert sanction.id == "eu-fsf-900001-sanction"
    assert values(sanction, "entity") == ["eu-fsf-900001"]
    assert values(sanction, "authorityId") == ["EU.9001.11"]
    assert values(sanction, "program") == ["PRK"]
    # The earliest regulation lists the entry; amendments add their acts and links.
    assert values(sanction, "listingDate") == ["2017-08-05"]
    assert values(sanction, "startDate") == ["2017-08-06"]
    assert values(sanction, "description") == ["9999/101 (OJ L999)", "9999/202 (OJ L998)"]
    assert len(values(sanction, "sourceUrl")) == 2
    (designated,) = linked(by_id["eu:900003"], "Sanction")
    assert values(designated, "listingDate") == ["2020-02-17"]  # designationDate wins
    (with_un,) = linked(by_id["eu:900002"], "Sanction")
    assert values(with_un, "unscId") == ["KPe.999"]


def test_enterprise(by_id: dict[str, Record]) -> None:
    record = by_id["eu:900002"]
    org = record.main
    assert values(org, "name") == ["Fictitia Maritime Trading Co., Ltd."]
    assert values(org, "alias") == ["FMT Co."]
    assert values(org, "imoNumber") == ["9999990"]
    assert values(org, "registrationNumber") == ["REG-0001-TEST"]
    assert values(org, "email") == ["info@fictitia.example"]
    assert values(org, "phone") == ["+442079460123"]
    assert values(org, "country") == ["kp"]  # an enterprise's citizenship is its country
    (address,) = linked(record, "Address")
    assert values(org, "addressEntity") == [address.id] == ["eu-fsf-900002-addr-300001"]
    assert values(address, "street") == ["1 Invented Quay"]
    assert values(address, "city") == ["Exampleport"]
    assert values(address, "country") == ["kp"]
    assert not linked(record, "Identification")  # IMO and registration are properties


def test_year_range_and_unknown_country(by_id: dict[str, Record]) -> None:
    record = by_id["eu:900003"]
    person = record.main
    dates = [(v, o) for p, v, o in person.values if p == "birthDate"]
    assert dates == [
        ("1970", "1970 to 1973"),
        ("1971", "1970 to 1973"),
        ("1972", "1970 to 1973"),
        ("1973", "1970 to 1973"),
        ("1975-06-15", "1975-06-15"),
    ]
    assert values(person, "nationality") == []  # countryIso2Code="00" / UNKNOWN
    assert values(person, "weakAlias") == ["Nobi"]  # strong, but remark says low quality
    (ident,) = linked(record, "Identification")
    assert values(ident, "number") == ["ID-123-TEST"]
    assert values(ident, "country") == ["ir"]
    assert values(ident, "description") == ["knownFalse"]
    assert values(person, "idNumber") == ["ID-123-TEST"]


def test_parts_only(by_id: dict[str, Record]) -> None:
    record = by_id["eu:900004"]
    assert values(record.main, "name") == ["Testa FAKEOVA"]  # built from the name parts
    assert values(record.main, "birthDate") == ["1984-11"]  # year + monthOfYear
    assert not linked(record, "Address")  # an address of only "UNKNOWN" is no address


def test_sniff() -> None:
    assert eu_fsf.sniff(SAMPLE, read_head(SAMPLE))
    for other in (
        LISTS / "un" / "consolidated.xml",
        LISTS / "ofac" / "consolidated.xml",
        LISTS / "opensanctions" / "eu_fsf_sample.entities.ftm.json",
    ):
        assert not eu_fsf.sniff(other, read_head(other))
    assert not eu_fsf.sniff(SAMPLE, b"")
    assert not eu_fsf.sniff(SAMPLE, b"<export><item/></export>")


def test_other_namespace(tmp_path: Path) -> None:
    """The namespace has varied between releases; tags are matched by local name."""
    path = tmp_path / "fsf.xml"
    path.write_bytes(export(PERSON.format(id="5"), ns="http://eu.europa.eu/fsd/schema/export"))
    assert eu_fsf.sniff(path, read_head(path))
    parsed = eu_fsf.parse(path)
    assert [r.source_id for r in parsed.records] == ["eu:5"]
    assert parsed.published == date(2026, 1, 5)
    assert parsed.serial == 7


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "fsf.xml"
    path.write_bytes(data)
    return path


def test_truncated(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    path = write(tmp_path, data[: len(data) // 2])
    with pytest.raises(LoadError, match="truncated") as exc:
        eu_fsf.parse(path)
    assert exc.value.path == str(path)
    assert exc.value.line is not None


def test_xxe_refused(tmp_path: Path) -> None:
    evil = export(PERSON.format(id="1").replace("Test Person", "&xxe;")).replace(
        b"<export", b'<!DOCTYPE export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<export', 1
    )
    path = write(tmp_path, evil)
    with pytest.raises(LoadError, match="refused unsafe XML") as exc:
        eu_fsf.parse(path)
    assert exc.value.path == str(path)


def test_billion_laughs_refused(tmp_path: Path) -> None:
    dtd = '<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
    evil = export(PERSON.format(id="1").replace("Test Person", "&b;"))
    path = write(tmp_path, evil.replace(b"<export", dtd.encode() + b"<export", 1))
    with pytest.raises(LoadError, match="refused unsafe XML"):
        eu_fsf.parse(path)


def test_empty(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="empty"):
        eu_fsf.parse(write(tmp_path, b""))
    with pytest.raises(LoadError, match="no <sanctionEntity>"):
        eu_fsf.parse(write(tmp_path, export("")))


def test_wrong_root(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="expected FSF <export>"):
        eu_fsf.parse(write(tmp_path, b"<sanctions><item/></sanctions>"))


def test_missing_logical_id(tmp_path: Path) -> None:
    body = PERSON.replace(' logicalId="{id}"', "")
    with pytest.raises(LoadError, match="no logicalId") as exc:
        eu_fsf.parse(write(tmp_path, export(body)))
    assert exc.value.record == "sanctionEntity #1 (EU.1.1)"


def test_unknown_subject_type(tmp_path: Path) -> None:
    body = PERSON.format(id="9").replace('code="person"', 'code="vessel"')
    with pytest.raises(LoadError, match="subjectType code 'vessel'") as exc:
        eu_fsf.parse(write(tmp_path, export(body)))
    assert exc.value.record == "sanctionEntity #1 (EU.1.1)"


def test_duplicate_logical_id(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="duplicate"):
        eu_fsf.parse(write(tmp_path, export(PERSON.format(id="3") * 2)))


def test_latin1_is_named(tmp_path: Path) -> None:
    data = export(PERSON.format(id="3").replace("Test Person", "Jos\xe9")).decode()
    path = write(tmp_path, data.encode("latin-1"))
    with pytest.raises(LoadError, match="not valid UTF-8") as exc:
        eu_fsf.parse(path)
    assert exc.value.line == 3
