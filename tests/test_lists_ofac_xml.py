"""OFAC XML sdnList exports, on the real consolidated.xml and small SDN-style files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cordon.lists import ofac_csv, ofac_xml
from cordon.lists.errors import LoadError
from cordon.lists.records import ParsedList, Record
from tests.paths import LISTS

OFAC = LISTS / "ofac"
CONSOLIDATED = OFAC / "consolidated.xml"


@pytest.fixture(scope="module")
def xml_cons() -> ParsedList:
    return ofac_xml.parse(CONSOLIDATED)


@pytest.fixture(scope="module")
def csv_cons() -> ParsedList:
    return ofac_csv.parse(OFAC / "cons_prim.csv")


def record(parsed: ParsedList, uid: int) -> Record:
    return next(r for r in parsed.records if r.source_id == f"ofac:{uid}")


def values(record: Record, prop: str, schema: str | None = None) -> set[str]:
    drafts = [record.main] if schema is None else [d for d in record.entities if d.schema == schema]
    return {v for d in drafts for p, v, _ in d.values if p == prop}


def test_consolidated_xml(xml_cons: ParsedList) -> None:
    assert xml_cons.dataset == "us_ofac_cons"
    assert xml_cons.title == "OFAC Consolidated (non-SDN) List"
    assert xml_cons.publisher == "US Treasury OFAC"
    assert xml_cons.published == date(2026, 1, 8)
    assert len(xml_cons.records) == 442
    assert xml_cons.serial == 50476
    assert xml_cons.files == [CONSOLIDATED]
    assert xml_cons.format == "ofac_xml"


def test_csv_and_xml_are_versions_of_one_dataset(
    xml_cons: ParsedList, csv_cons: ParsedList
) -> None:
    """Same dataset, same source ids and entity ids; nearly all records identical in content
    (the rest differ because the two files really differ, e.g. a typo fixed in one)."""
    assert csv_cons.dataset == xml_cons.dataset
    xml_by_id = {r.source_id: r for r in xml_cons.records}
    csv_by_id = {r.source_id: r for r in csv_cons.records}
    shared = set(xml_by_id) & set(csv_by_id)
    assert len(shared) >= 0.95 * len(xml_by_id)
    same = [s for s in shared if xml_by_id[s].fingerprint() == csv_by_id[s].fingerprint()]
    assert len(same) >= 0.95 * len(shared)
    for source_id in shared:
        xml_ids = {d.id for d in xml_by_id[source_id].entities}
        csv_ids = {d.id for d in csv_by_id[source_id].entities}
        assert xml_by_id[source_id].main.id == csv_by_id[source_id].main.id
        assert len(xml_ids & csv_ids) >= 2  # designee and sanction at least


def test_entity_from_id_list_and_addresses(xml_cons: ParsedList) -> None:
    gpb = record(xml_cons, 17016)
    assert gpb.main.schema == "LegalEntity"
    assert values(gpb, "name") == {"GAZPROMBANK JOINT STOCK COMPANY"}
    assert values(gpb, "swiftBic") == {"GAZPRUMM"}
    assert values(gpb, "leiCode") == {"253400WSS48YWMBUA688"}
    assert values(gpb, "taxNumber") == {"7744001497"}
    assert values(gpb, "incorporationDate") == {"1990-07-31"}
    assert "GAZPROMBANK OPEN JOINT STOCK COMPANY" in values(gpb, "previousName")
    assert "BANK GPB JSC" in values(gpb, "alias")
    assert values(gpb, "program", "Sanction") == {"UKRAINE-EO13662", "RUSSIA-EO14024"}
    assert values(gpb, "listingDate", "Sanction") == {"2022-02-24"}
    addresses = {d.id: d for d in gpb.entities if d.schema == "Address"}
    moscow = addresses["ofac-17016-addr-25807"]
    assert moscow.first("full") == "16 Nametkina Street, Bldg. 1, Moscow 117420, Russia"
    assert moscow.first("country") == "ru"


def test_individual_with_dob_and_pob(xml_cons: ParsedList) -> None:
    haniya = record(xml_cons, 9639)
    assert haniya.main.schema == "Person"
    assert values(haniya, "name") == {"HANIYA, Ismail Abdul Salah"}
    assert values(haniya, "lastName") == {"HANIYA"}
    assert values(haniya, "firstName") == {"Ismail Abdul Salah"}
    assert values(haniya, "birthDate") == {"1962"}
    assert values(haniya, "birthPlace") == {"Shati"}
    assert {"HANIYA, Ismail", "HANIYYA, Ismaeel"} <= values(haniya, "alias")


# --- an SDN-style file exercising the elements consolidated.xml lacks -------------------------

SDN_XML = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>12/31/2025</Publish_Date><Record_Count>3</Record_Count>
  </publshInformation>
  <sdnEntry><uid>17069</uid><lastName>CHONG CHON GANG</lastName><sdnType>Vessel</sdnType>
    <programList><program>DPRK</program></programList>
    <idList><id><uid>1</uid><idType>Vessel Registration Identification</idType>
      <idNumber>IMO 7937317</idNumber></id></idList>
    <vesselInfo><callSign>HMZF</callSign><vesselType>General Cargo</vesselType>
      <vesselFlag>Korea, North</vesselFlag><vesselOwner>OCEAN MARITIME MANAGEMENT COMPANY
      LIMITED</vesselOwner><grossRegisteredTonnage>6,395</grossRegisteredTonnage></vesselInfo>
  </sdnEntry>
  <sdnEntry><uid>17068</uid><lastName>OCEAN MARITIME MANAGEMENT COMPANY LIMITED</lastName>
    <sdnType>Entity</sdnType><programList><program>DPRK</program></programList>
  </sdnEntry>
  <sdnEntry><uid>18555</uid><firstName>Tae Hun</firstName><lastName>KO</lastName>
    <title>Tanchon Commercial Bank Representative</title><sdnType>Individual</sdnType>
    <remarks>(Linked To: OCEAN MARITIME MANAGEMENT COMPANY LIMITED)</remarks>
    <programList><program>NPWMD</program><program>IFSR</program></programList>
    <idList><id><uid>2</uid><idType>Passport</idType><idNumber>563120630</idNumber>
      <idCountry>Korea, North</idCountry><issueDate>20 Mar 2013</issueDate>
      <expirationDate>20 Mar 2018</expirationDate></id>
      <id><uid>3</uid><idType>Gender</idType><idNumber>Male</idNumber></id></idList>
    <akaList><aka><uid>4</uid><type>a.k.a.</type><category>strong</category>
      <lastName>KIM</lastName><firstName>Myong Gi</firstName></aka>
      <aka><uid>5</uid><type>a.k.a.</type><category>weak</category><lastName>Ko Tae</lastName>
      </aka></akaList>
    <nationalityList><nationality><uid>6</uid><country>Korea, North</country></nationality>
    </nationalityList>
    <citizenshipList><citizenship><uid>7</uid><country>Korea, North</country></citizenship>
    </citizenshipList>
    <dateOfBirthList><dateOfBirthItem><uid>8</uid><dateOfBirth>25 May 1972</dateOfBirth>
      </dateOfBirthItem><dateOfBirthItem><uid>9</uid><dateOfBirth>circa 1970</dateOfBirth>
      </dateOfBirthItem></dateOfBirthList>
    <placeOfBirthList><placeOfBirthItem><uid>10</uid><placeOfBirth>Pyongyang, Korea, North
      </placeOfBirth></placeOfBirthItem></placeOfBirthList>
  </sdnEntry>
</sdnList>
"""


def write(tmp_path: Path, text: str, name: str = "sdn.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sdn_style_xml(tmp_path: Path) -> None:
    parsed = ofac_xml.parse(write(tmp_path, SDN_XML, "list.xml"))
    assert parsed.dataset == "us_ofac_sdn"  # by content: no non-SDN markers
    assert parsed.published == date(2025, 12, 31)
    assert parsed.serial == 18555
    vessel = record(parsed, 17069)
    assert vessel.main.schema == "Vessel"
    assert values(vessel, "imoNumber") == {"IMO 7937317"}
    assert values(vessel, "callSign") == {"HMZF"}
    assert values(vessel, "flag") == {"kp"}
    assert values(vessel, "grossRegisteredTonnage") == {"6,395"}
    assert values(vessel, "owner") == {"ofac-17068"}
    ko = record(parsed, 18555)
    assert values(ko, "name") == {"KO, Tae Hun"}
    assert values(ko, "position") == {"Tanchon Commercial Bank Representative"}
    assert values(ko, "alias") == {"KIM, Myong Gi"}
    assert values(ko, "weakAlias") == {"Ko Tae"}
    assert values(ko, "birthDate") == {"1972-05-25", "1970"}
    assert values(ko, "birthPlace") == {"Pyongyang, Korea, North"}
    assert values(ko, "nationality") == {"kp"}
    assert values(ko, "citizenship") == {"kp"}
    assert values(ko, "gender") == {"male"}
    assert values(ko, "program", "Sanction") == {"NPWMD", "IFSR"}
    [passport] = [d for d in ko.entities if d.schema == "Passport"]
    assert (passport.first("number"), passport.first("country")) == ("563120630", "kp")
    assert (passport.first("startDate"), passport.first("endDate")) == ("2013-03-20", "2018-03-20")
    [link] = [d for d in ko.entities if d.schema == "UnknownLink"]
    assert (link.first("object"), link.first("role")) == ("ofac-17068", "Linked To")


def test_namespace_does_not_matter(tmp_path: Path) -> None:
    plain = SDN_XML.replace(' xmlns="http://tempuri.org/sdnList.xsd"', "")
    other = SDN_XML.replace("http://tempuri.org/sdnList.xsd", "https://example.org/v2/XML")
    first = ofac_xml.parse(write(tmp_path, plain, "a.xml"))
    second = ofac_xml.parse(write(tmp_path, other, "b.xml"))
    assert [r.fingerprint() for r in first.records] == [r.fingerprint() for r in second.records]


def test_dataset_by_file_name_when_content_is_mixed(tmp_path: Path) -> None:
    mixed = SDN_XML.replace("<program>IFSR</program>", "<program>NS-PLC</program>")
    assert ofac_xml.parse(write(tmp_path, mixed, "sdn.xml")).dataset == "us_ofac_sdn"
    assert ofac_xml.parse(write(tmp_path, mixed, "consolidated.xml")).dataset == "us_ofac_cons"
    with pytest.raises(LoadError, match="cannot tell"):
        ofac_xml.parse(write(tmp_path, mixed, "list.xml"))


def test_sniff() -> None:
    head = CONSOLIDATED.read_bytes()[:65536]
    assert ofac_xml.sniff(CONSOLIDATED, head)
    un_head = (LISTS / "un" / "consolidated.xml").read_bytes()[:65536]
    assert not ofac_xml.sniff(CONSOLIDATED, un_head)
    assert not ofac_xml.sniff(CONSOLIDATED, (OFAC / "sdn.csv").read_bytes()[:65536])
    assert not ofac_xml.sniff(CONSOLIDATED, b"")


# --- bad input --------------------------------------------------------------------------------


def test_truncated_xml(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    data = CONSOLIDATED.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match="malformed XML") as err:
        ofac_xml.parse(path)
    assert err.value.line is not None and err.value.line > 1000
    assert "consolidated.xml" in str(err.value)


def test_record_count_mismatch(tmp_path: Path) -> None:
    path = write(tmp_path, SDN_XML.replace("<Record_Count>3<", "<Record_Count>4<"))
    with pytest.raises(LoadError, match="Record_Count says 4 entries but the file has 3"):
        ofac_xml.parse(path)


def test_entry_without_uid(tmp_path: Path) -> None:
    path = write(tmp_path, SDN_XML.replace("<uid>17068</uid>", ""))
    with pytest.raises(LoadError, match="no numeric <uid>") as err:
        ofac_xml.parse(path)
    assert err.value.record == "#2"


def test_bad_publish_date(tmp_path: Path) -> None:
    path = write(tmp_path, SDN_XML.replace("12/31/2025", "2025-12-31"))
    with pytest.raises(LoadError, match="Publish_Date"):
        ofac_xml.parse(path)


def test_wrong_root(tmp_path: Path) -> None:
    path = write(tmp_path, "<?xml version='1.0'?><CONSOLIDATED_LIST/>")
    with pytest.raises(LoadError, match="expected <sdnList>"):
        ofac_xml.parse(path)


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = SDN_XML.replace(
        '<?xml version="1.0" standalone="yes"?>',
        '<?xml version="1.0"?><!DOCTYPE sdnList [<!ENTITY a "aaaaaaaaaa">]>',
    ).replace("<lastName>KO</lastName>", "<lastName>&a;</lastName>")
    with pytest.raises(LoadError, match="unsafe XML"):
        ofac_xml.parse(write(tmp_path, bomb))
