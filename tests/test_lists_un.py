"""UN Security Council Consolidated List parser, on the real file (dateGenerated 2026-02-27)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cordon.lists import un
from cordon.lists.errors import LoadError
from cordon.lists.formats import read_head
from cordon.lists.records import Draft, ParsedList, Record
from tests.hostile import LAUGHS, XXE
from tests.paths import FIXTURES, LISTS

UN = LISTS / "un" / "consolidated.xml"


def small_list(individual: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">\n'
        f"<INDIVIDUALS>{individual}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"
    ).encode()


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return un.parse(UN)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Record]:
    return {r.source_id: r for r in parsed.records}


def values(draft: Draft, prop: str) -> list[str]:
    return [v for p, v, _ in draft.values if p == prop]


def originals(draft: Draft, prop: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for p, v, o in draft.values:
        if p == prop:
            out.setdefault(v, set()).add(o)
    return out


def linked(record: Record, schema: str) -> list[Draft]:
    return [d for d in record.entities[1:] if d.schema == schema]


def test_metadata(parsed: ParsedList) -> None:
    assert parsed.dataset == "un_sc_sanctions"
    assert parsed.title == "UN Security Council Consolidated List"
    assert parsed.publisher == "United Nations Security Council"
    assert parsed.published == date(2026, 2, 27)
    assert parsed.files == [UN]
    assert parsed.format == un.FORMAT.name


def test_counts(parsed: ParsedList) -> None:
    schemas = Counter(r.main.schema for r in parsed.records)
    assert schemas == {"Person": 730, "Organization": 273}
    dprk = [
        r.source_id for r in parsed.records if linked(r, "Sanction")[0].first("program") == "DPRK"
    ]
    assert len(dprk) == 155
    assert sum(s.startswith("un:KPi.") for s in dprk) == 80
    assert sum(s.startswith("un:KPe.") for s in dprk) == 75


def test_ids_are_stable_and_clean(parsed: ParsedList) -> None:
    seen: set[str] = set()
    for record in parsed.records:
        ref = record.source_id.removeprefix("un:")
        assert record.main.id == f"un-{ref}"
        for draft in record.entities:
            assert re.fullmatch(r"[A-Za-z0-9.\-]+", draft.id), draft.id
            assert draft.id.startswith(record.main.id)
            assert draft.id not in seen
            seen.add(draft.id)
        assert len(linked(record, "Sanction")) == 1
        addresses = {d.id for d in linked(record, "Address")}
        assert set(values(record.main, "addressEntity")) == addresses
    # Reference numbers with trailing blanks in the source ("KPe.023 ") are stripped.
    assert "un:KPe.023" in {r.source_id for r in parsed.records}


def test_ri_won_ho(by_id: dict[str, Record]) -> None:
    record = by_id["un:KPi.033"]
    person = record.main
    assert (person.id, person.schema) == ("un-KPi.033", "Person")
    assert values(person, "name") == ["RI WON HO"]
    assert values(person, "firstName") == ["RI"]
    assert values(person, "secondName") == ["WON HO"]
    assert values(person, "birthDate") == ["1964-07-17"]
    assert values(person, "nationality") == ["kp"]
    assert values(person, "position") == ["DPRK Ministry of State Security Official"]
    assert values(person, "passportNumber") == ["381310014"]
    (passport,) = linked(record, "Passport")
    assert values(passport, "holder") == ["un-KPi.033"]
    assert values(passport, "number") == ["381310014"]
    (sanction,) = linked(record, "Sanction")
    assert sanction.id == "un-KPi.033-sanction"
    assert values(sanction, "entity") == ["un-KPi.033"]
    assert values(sanction, "authority") == ["UN Security Council"]
    assert values(sanction, "program") == ["DPRK"]
    assert values(sanction, "listingDate") == ["2016-11-30"]
    assert values(sanction, "unscId") == ["KPi.033"]
    assert values(sanction, "recordId") == ["6908555"]
    assert values(sanction, "status") == ["UN List"]


def test_komid_aliases_and_address(by_id: dict[str, Record]) -> None:
    record = by_id["un:KPe.001"]
    org = record.main
    assert (org.id, org.schema) == ("un-KPe.001", "Organization")
    assert values(org, "name") == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    assert set(values(org, "alias")) == {
        "CHANGGWANG SINYONG CORPORATION",
        "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
        "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
        "KOMID",
    }
    assert originals(org, "alias")["KOMID"] == {'"KOMID"'}
    (address,) = linked(record, "Address")
    assert values(address, "city") == ["Pyongyang"]
    assert values(address, "country") == ["kp"]
    assert values(org, "country") == ["kp"]


def test_fka_is_previous_name_and_low_quality_is_weak(parsed: ParsedList) -> None:
    previous = sum(bool(values(r.main, "previousName")) for r in parsed.records)
    weak = [r for r in parsed.records if values(r.main, "weakAlias")]
    assert previous > 0
    assert weak and all(r.main.schema == "Person" for r in weak)
    assert sum(len(values(r.main, "weakAlias")) for r in parsed.records) == 613


def test_between_dob_gives_every_year(by_id: dict[str, Record]) -> None:
    person = by_id["un:KPi.066"].main  # KIM JONG SIK, born between 1967 and 1969
    assert originals(person, "birthDate") == {
        "1967": {"1967 to 1969"},
        "1968": {"1967 to 1969"},
        "1969": {"1967 to 1969"},
    }


def test_approximate_dob_gives_the_year(by_id: dict[str, Record]) -> None:
    person = by_id["un:TAi.004"].main
    assert originals(person, "birthDate")["1966"] == {"approximately 1966"}
    assert {"1960", "1953"} <= set(values(person, "birthDate"))


def test_month_year_notes(by_id: dict[str, Record]) -> None:
    assert originals(by_id["un:CDi.004"].main, "birthDate") == {"1973-11": {"Nov. 1973"}}
    between_months = originals(by_id["un:QDi.306"].main, "birthDate")
    assert between_months["1977-08"] == between_months["1977-09"] == {"Between Aug. and Sep. 1977"}
    assert values(by_id["un:QDi.395"].main, "birthDate") == ["1958-09"]


def test_undatable_dob_is_kept_as_note(parsed: ParsedList) -> None:
    notes = {v for r in parsed.records for v in values(r.main, "notes")}
    assert "Date of birth: 24/06/1402 (Hijri Calendar)" in notes
    assert "Date of birth: 30-35 years old" in notes


def test_documents(parsed: ParsedList) -> None:
    counts = Counter(d.schema for r in parsed.records for d in r.entities[1:])
    assert counts["Passport"] == 315
    assert counts["Identification"] == 139
    for record in parsed.records:
        for doc in linked(record, "Passport") + linked(record, "Identification"):
            assert values(doc, "holder") == [record.main.id]
            prop = "passportNumber" if doc.schema == "Passport" else "idNumber"
            assert set(values(doc, "number")) <= set(values(record.main, prop))


def test_sniff() -> None:
    assert un.sniff(UN, read_head(UN))
    for other in (
        LISTS / "ofac" / "consolidated.xml",
        LISTS / "opensanctions" / "zala.entities.ftm.json",
        FIXTURES / "eu_fsf_sample.xml",
    ):
        assert not un.sniff(other, read_head(other))
    assert not un.sniff(UN, b"")
    assert not un.sniff(UN, b"\xff\xfe\x00garbage\x80")


def test_sniff_utf16(tmp_path: Path) -> None:
    path = tmp_path / "un16.xml"
    text = UN.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16"))
    assert un.sniff(path, read_head(path))
    assert len(un.parse(path).records) == 1003


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_truncated(tmp_path: Path) -> None:
    path = write(tmp_path, "un.xml", UN.read_bytes()[:100_000])
    with pytest.raises(LoadError) as exc:
        un.parse(path)
    assert str(path) in str(exc.value)
    assert "truncated" in exc.value.message
    assert exc.value.line is not None and exc.value.line > 1000


@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_refused(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "evil.xml", content)
    with pytest.raises(LoadError, match="refused unsafe XML") as exc:
        un.parse(path)
    assert exc.value.path == str(path)


def test_latin1_is_named(tmp_path: Path) -> None:
    person = "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>JOS\xc9</FIRST_NAME>"
    person += "<REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER></INDIVIDUAL>"
    data = small_list(person).decode().encode("latin-1")
    path = write(tmp_path, "latin1.xml", data)
    with pytest.raises(LoadError, match="not valid UTF-8") as exc:
        un.parse(path)
    assert exc.value.line == 3


def test_utf16_with_wrong_declaration(tmp_path: Path) -> None:
    path = write(tmp_path, "un16.xml", UN.read_text("utf-8").encode("utf-16"))
    with pytest.raises(LoadError, match="UTF-16"):
        un.parse(path)


@pytest.mark.parametrize("content", [b"", b"  \n\n"], ids=["empty", "blank"])
def test_empty(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "un.xml", content)
    with pytest.raises(LoadError, match="empty"):
        un.parse(path)


def test_wrong_root(tmp_path: Path) -> None:
    path = write(tmp_path, "un.xml", b"<html><body>Service unavailable</body></html>")
    with pytest.raises(LoadError, match="CONSOLIDATED_LIST"):
        un.parse(path)


def test_missing_container(tmp_path: Path) -> None:
    path = write(tmp_path, "un.xml", b"<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>")
    with pytest.raises(LoadError, match="ENTITIES"):
        un.parse(path)


def test_no_records(tmp_path: Path) -> None:
    path = write(tmp_path, "un.xml", small_list(""))
    with pytest.raises(LoadError, match="no INDIVIDUAL or ENTITY"):
        un.parse(path)


def test_record_without_reference(tmp_path: Path) -> None:
    person = "<INDIVIDUAL><DATAID>4242</DATAID><FIRST_NAME>NO REF</FIRST_NAME></INDIVIDUAL>"
    path = write(tmp_path, "un.xml", small_list(person))
    with pytest.raises(LoadError, match="REFERENCE_NUMBER") as exc:
        un.parse(path)
    assert exc.value.record == "INDIVIDUAL #1 (DATAID 4242)"


def test_duplicate_reference(tmp_path: Path) -> None:
    person = (
        "<INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER></INDIVIDUAL>"
    )
    path = write(tmp_path, "un.xml", small_list(person * 2))
    with pytest.raises(LoadError, match="duplicate") as exc:
        un.parse(path)
    assert exc.value.record == "un:KPi.999"


def test_bad_generation_date(tmp_path: Path) -> None:
    data = small_list("").replace(b"2026-01-01T00:00:00Z", b"yesterday")
    path = write(tmp_path, "un.xml", data)
    with pytest.raises(LoadError, match="dateGenerated"):
        un.parse(path)
