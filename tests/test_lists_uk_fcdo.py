"""FCDO UK Sanctions List summary spreadsheet: the real August 2025 ODS, an XLSX of the same
layout, the ODS fallback reader, and bad input."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from cordon.lists import formats, uk_common, uk_fcdo, uk_ofsi
from cordon.lists.errors import LoadError
from cordon.lists.formats import read_head
from cordon.lists.records import ParsedList, Record
from tests.paths import LISTS

ODS = LISTS / "uk" / "UK_Sanctions_List_2025-08-11.ods"
CONLIST = LISTS / "uk" / "ConList.xlsx"
DPRK = "Democratic People's Republic of Korea"
HEADER = list(uk_fcdo.COLUMNS)


@pytest.fixture(scope="module")
def parsed() -> ParsedList:
    return uk_fcdo.FORMAT.parse(ODS)


@pytest.fixture(scope="module")
def by_id(parsed: ParsedList) -> dict[str, Record]:
    return {record.source_id: record for record in parsed.records}


def values(draft, prop: str) -> list[str]:
    return [value for p, value, _ in draft.values if p == prop]


def sanction(record: Record):
    return next(d for d in record.entities if d.schema == "Sanction")


def write_ods(path: Path, rows: list[list[str]], *, sheet: str = "UK_Sanction_List") -> Path:
    """A minimal ODS written the way FCDO's export is: indented content.xml, one string cell per
    value and a trailing run of repeated empty cells (the layout calamine 0.9 cannot read)."""
    lines = []
    for row in rows:
        cells = "".join(
            '\n          <table:table-cell office:value-type="string">'
            f"\n            <text:p>{escape(value)}</text:p>\n          </table:table-cell>"
            if value
            else "\n          <table:table-cell />"
            for value in row
        )
        filler = '\n          <table:table-cell table:number-columns-repeated="16376" />'
        lines.append(f"\n        <table:table-row>{cells}{filler}\n        </table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">\n'
        f'  <office:body>\n    <office:spreadsheet>\n      <table:table table:name="{sheet}">'
        + "".join(lines)
        + "\n      </table:table>\n    </office:spreadsheet>\n  </office:body>\n"
        "</office:document-content>\n"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def real_rows(count: int) -> list[list[str]]:
    """Header plus the first `count` data rows of the real ODS, as text."""
    return [cells for _, cells in uk_common.read_sheet(ODS)[: count + 1]]


# --- the real file ------------------------------------------------------------------------------


def test_counts_and_metadata(parsed: ParsedList) -> None:
    assert parsed.dataset == "gb_fcdo_sanctions"
    assert parsed.title == "UK Sanctions List"
    assert parsed.publisher == "UK Foreign, Commonwealth & Development Office"
    assert parsed.format == "uk_fcdo"
    assert parsed.files == [ODS]
    assert parsed.published == date(2025, 8, 11)  # from the file name
    assert len(parsed.records) == 5302
    schemas = Counter(record.main.schema for record in parsed.records)
    assert schemas == {"Person": 3754, "Organization": 1087, "Vessel": 461}


def test_dprk_designations(parsed: ParsedList) -> None:
    dprk = [r for r in parsed.records if values(sanction(r), "program") == [DPRK]]
    assert len(dprk) == 261
    assert all(r.source_id.startswith("uk:DPR") for r in dprk)


def test_dprk_ship_with_ofsi_group_id(by_id: dict[str, Record]) -> None:
    record = by_id["uk:DPR0100"]
    ship, sanc = record.entities
    assert (ship.id, ship.schema) == ("gb-fcdo-DPR0100", "Vessel")
    assert values(ship, "name") == ["Sam Jong 2"]
    assert sanc.id == "gb-fcdo-DPR0100-sanction"
    assert values(sanc, "entity") == ["gb-fcdo-DPR0100"]
    assert values(sanc, "authority") == ["UK FCDO"]
    assert values(sanc, "program") == [DPRK]
    assert values(sanc, "authorityId") == ["DPR0100"]
    assert values(sanc, "recordId") == ["13651"]  # the OFSI Group ID
    assert values(sanc, "listingDate") == ["2018-03-30"]
    assert ("listingDate", "2018-03-30", "30-03-2018") in sanc.values
    assert values(sanc, "provisions") == ["Asset freeze", "Prohibition of port entry"]
    assert values(sanc, "summary") == ["Designation source: UN"]


def test_dprk_ship_without_ofsi_group_id(by_id: dict[str, Record]) -> None:
    ship, sanc = by_id["uk:DPR0075"].entities
    assert (ship.schema, values(ship, "name")) == ("Vessel", ["Petrel 8"])
    assert values(sanc, "recordId") == []
    assert values(sanc, "provisions") == ["Prohibition of port entry"]


def test_dprk_person(by_id: dict[str, Record]) -> None:
    person, sanc = by_id["uk:DPR0239"].entities
    assert person.schema == "Person"
    assert values(person, "name") == ["TONG MY'ONG KIM"]
    assert values(sanc, "recordId") == ["12441"]
    assert values(sanc, "listingDate") == ["2016-03-02"]
    assert "Travel Ban" in values(sanc, "provisions")


def test_ids_are_valid_and_unique(parsed: ParsedList) -> None:
    ids = [d.id for _, d in parsed.iter_drafts()]
    assert len(ids) == len(set(ids)) == 2 * 5302
    assert all(uk_common.VALID_ID.match(i) for i in ids)


def test_placeholder_measures_are_dropped(parsed: ParsedList) -> None:
    provisions = {v for r in parsed.records for v in values(sanction(r), "provisions")}
    assert "-" not in provisions and "" not in provisions
    assert "Director Disqualification Sanction" in provisions


def test_links_to_the_ofsi_list() -> None:
    """Both UK lists fill authorityId (UK Sanctions List Ref) and recordId (OFSI Group ID)."""
    ofsi = {r.source_id: r for r in uk_ofsi.FORMAT.parse(CONLIST).records}
    fcdo = {r.source_id: r for r in uk_fcdo.FORMAT.parse(ODS).records}
    for ofsi_id, fcdo_id in (("uk:12441", "uk:DPR0239"), ("uk:13651", "uk:DPR0100")):
        ofsi_sanction, fcdo_sanction = sanction(ofsi[ofsi_id]), sanction(fcdo[fcdo_id])
        assert values(ofsi_sanction, "authorityId") == values(fcdo_sanction, "authorityId")
        assert values(ofsi_sanction, "recordId") == values(fcdo_sanction, "recordId")


# --- detection ----------------------------------------------------------------------------------


def test_sniff(tmp_path: Path) -> None:
    assert uk_fcdo.FORMAT.sniff(ODS, read_head(ODS))
    assert not uk_fcdo.FORMAT.sniff(CONLIST, read_head(CONLIST))
    assert not uk_ofsi.FORMAT.sniff(ODS, read_head(ODS))
    junk = tmp_path / "junk.ods"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert not uk_fcdo.FORMAT.sniff(junk, read_head(junk))


def test_detect_picks_the_uk_formats(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    uk_only = [uk_ofsi.FORMAT, *uk_ofsi.EXTRA_FORMATS, uk_fcdo.FORMAT]
    monkeypatch.setattr(formats, "all_formats", lambda: uk_only)
    assert formats.detect(ODS) is uk_fcdo.FORMAT
    assert formats.detect(CONLIST) is uk_ofsi.FORMAT
    empty = tmp_path / "empty.ods"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match="empty"):
        formats.detect(empty)


# --- other containers and layouts ---------------------------------------------------------------


def test_xlsx_with_title_rows_parses_like_the_ods(tmp_path: Path, by_id) -> None:
    rows = real_rows(40)
    path = write_xlsx(tmp_path / "uk_list.xlsx", [["UK Sanctions List"], [], *rows])
    assert uk_fcdo.FORMAT.sniff(path, read_head(path))
    parsed = uk_fcdo.FORMAT.parse(path)
    assert len(parsed.records) == 40
    for record in parsed.records:
        assert record.fingerprint() == by_id[record.source_id].fingerprint()
    # no date in the file name: the latest Date Designated of these rows stands in
    latest = max(values(sanction(r), "listingDate")[0] for r in parsed.records)
    assert parsed.published == date.fromisoformat(latest)


def test_published_falls_back_to_latest_designation(tmp_path: Path) -> None:
    copy = tmp_path / "uk_sanctions_list.ods"
    shutil.copyfile(ODS, copy)
    assert uk_fcdo.FORMAT.parse(copy).published == date(2025, 7, 23)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UK_Sanctions_List_2025-08-11.ods", date(2025, 8, 11)),
        ("FCDO_SL_Mon_Aug 11 2025.ods", date(2025, 8, 11)),
        ("UK_Sanctions_List.ods", None),
        ("list_2025-13-40.ods", None),
    ],
)
def test_file_name_date(name: str, expected: date | None) -> None:
    assert uk_fcdo.file_name_date(Path(name)) == expected


def test_ods_fallback_reader(tmp_path: Path) -> None:
    """Repeated rows and cells, ODF spaces, spans, several paragraphs, typed cells."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\n'
        "<office:body><office:spreadsheet><table:table table:name='S'>\n"
        "  <table:table-row>\n    <table:table-cell office:value-type='string'>"
        "<text:p>A<text:s text:c='2'/>B <text:span>C</text:span>\n   D</text:p>"
        "<text:p>second</text:p></table:table-cell>\n"
        "    <table:table-cell table:number-columns-repeated='2'/>\n"
        "    <table:table-cell office:value-type='float' office:value='12703'>"
        "<text:p>12,703</text:p></table:table-cell>\n"
        "    <table:table-cell office:value-type='date' office:date-value='2012-06-29'/>\n"
        "  </table:table-row>\n"
        "  <table:table-row table:number-rows-repeated='3'><table:table-cell/></table:table-row>\n"
        "  <table:table-row table:number-rows-repeated='2'>"
        "<table:table-cell office:value-type='string'><text:p>x</text:p></table:table-cell>"
        "</table:table-row>\n"
        "  <table:table-row table:number-rows-repeated='1048570'><table:table-cell/>"
        "</table:table-row>\n"
        "</table:table><table:table table:name='T'><table:table-row><table:table-cell "
        "office:value-type='string'><text:p>other sheet</text:p></table:table-cell>"
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "reader.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
    assert list(uk_common._ods_rows(path)) == [
        (1, ["A  B C D\nsecond", "", "", "12703", "2012-06-29"]),
        (5, ["x"]),
        (6, ["x"]),
    ]


def test_indented_ods_parses(tmp_path: Path) -> None:
    rows = [HEADER, ["DPR9001", "", "EXAMPLE SHIP", DPRK, "Ship", "UN", "01/02/2020", ""]]
    path = write_ods(tmp_path / "tiny.ods", rows)
    parsed = uk_fcdo.FORMAT.parse(path)
    (record,) = parsed.records
    assert record.source_id == "uk:DPR9001"
    assert record.main.schema == "Vessel"
    assert values(sanction(record), "listingDate") == ["2020-02-01"]
    assert values(sanction(record), "provisions") == []


# --- bad input ----------------------------------------------------------------------------------


def test_truncated_ods(tmp_path: Path) -> None:
    data = ODS.read_bytes()
    path = tmp_path / "truncated.ods"
    path.write_bytes(data[: len(data) // 2])
    assert not uk_fcdo.FORMAT.sniff(path, read_head(path))
    with pytest.raises(LoadError, match="truncated") as err:
        uk_fcdo.FORMAT.parse(path)
    assert err.value.path == str(path)


def test_wrong_headers_is_no_fcdo_list(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "other.ods", [["Ref", "Full name"], ["1", "Somebody"]])
    assert not uk_fcdo.FORMAT.sniff(path, read_head(path))
    with pytest.raises(LoadError, match="no header row with 'Unique ID'"):
        uk_fcdo.FORMAT.parse(path)


def test_missing_column_is_named(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "Type"]
    path = write_xlsx(tmp_path / "no_type.xlsx", [header, ["DPR9001", "", "X", DPRK]])
    with pytest.raises(LoadError, match=r"missing required column.*Type") as err:
        uk_fcdo.FORMAT.parse(path)
    assert err.value.record == "row 1"


def test_row_without_unique_id(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["DPR9001", "", "ONE", DPRK, "Entity", "UK", "01-02-2020", "Asset freeze"],
        ["", "", "TWO", DPRK, "Entity", "UK", "01-02-2020", "Asset freeze"],
    ]
    path = write_ods(tmp_path / "no_id.ods", rows)
    with pytest.raises(LoadError, match="no Unique ID") as err:
        uk_fcdo.FORMAT.parse(path)
    assert err.value.record == "row 3"


def test_duplicate_unique_id(tmp_path: Path) -> None:
    row = ["DPR9001", "", "ONE", DPRK, "Entity", "UK", "01-02-2020", "Asset freeze"]
    path = write_xlsx(tmp_path / "dup.xlsx", [HEADER, row, row])
    with pytest.raises(LoadError, match="repeats row 2") as err:
        uk_fcdo.FORMAT.parse(path)
    assert err.value.record == "row 3"


def test_empty_and_non_spreadsheet_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ods"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match="empty"):
        uk_fcdo.FORMAT.parse(empty)
    assert not uk_fcdo.FORMAT.sniff(empty, b"")
    text = tmp_path / "list.ods"
    text.write_text("Unique ID,Name,Regime Name\n")
    assert not uk_fcdo.FORMAT.sniff(text, read_head(text))
    with pytest.raises(LoadError, match="not an XLSX, XLS or ODS"):
        uk_fcdo.FORMAT.parse(text)


def test_header_only_has_no_records(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "header_only.ods", [HEADER])
    parsed = uk_fcdo.FORMAT.parse(path)
    assert parsed.records == []
    assert parsed.published is None
