"""FCDO UK Sanctions List, summary spreadsheet (UK_Sanctions_List.ods / .xlsx).

One sheet with one row per designation: Unique ID, OFSI Group ID, Name, Regime Name, Type,
Designation source, Date Designated, Sanctions Imposed. It carries one primary name per
designation and no aliases, identifiers or addresses (those are only in the FCDO XML/CSV).

Mapping decisions:
- Record `uk:<Unique ID>`, designee `gb-fcdo-<Unique ID>`; Individual -> Person, Entity ->
  Organization, Ship -> Vessel (anything else -> LegalEntity).
- One Sanction `gb-fcdo-<Unique ID>-sanction`: authority "UK FCDO", program = Regime Name,
  listingDate = Date Designated, provisions = each measure of Sanctions Imposed,
  summary = "Designation source: UK / UN / UK|UN".
- Links to the OFSI list: authorityId = Unique ID (OFSI prints it as "UK Sanctions List Ref") and
  recordId = OFSI Group ID (OFSI's own record id), the same two properties the OFSI loader fills,
  so records of the two UK lists join on either. FtM has no designee property for another list's
  record id, hence the Sanction.
- published: the file carries no date. The date in the file name is used when there is one
  ("UK_Sanctions_List_2025-08-11.ods", or FCDO's own "FCDO_SL_Mon_Aug 11 2025.ods"); otherwise the
  latest Date Designated, which is only a lower bound of the publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from cordon.lists.errors import LoadError
from cordon.lists.formats import ListFormat
from cordon.lists.records import Draft, ParsedList, Record
from cordon.lists.uk_common import (
    VALID_ID,
    SheetRow,
    canonical_header,
    read_sheet,
    sheet_head,
    uk_date,
)

DATASET = "gb_fcdo_sanctions"
TITLE = "UK Sanctions List"
PUBLISHER = "UK Foreign, Commonwealth & Development Office"
AUTHORITY = "UK FCDO"
SOURCE_URL = "https://www.gov.uk/government/publications/the-uk-sanctions-list"
PREFIX = "gb-fcdo"

COLUMNS = (
    "Unique ID",
    "OFSI Group ID",
    "Name",
    "Regime Name",
    "Type",
    "Designation source",
    "Date Designated",
    "Sanctions Imposed",
)
REQUIRED = ("Unique ID", "Name", "Regime Name", "Type")
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
HEADER_SCAN = 10  # FCDO has put title rows above the header in some releases

_ISO_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FCDO_NAME = re.compile(r"([A-Z][a-z]{2})[ _](\d{1,2})[ _](\d{4})")
_MEASURE_SEP = re.compile(r",\s*")


def _is_header(cells: list[str]) -> bool:
    found = {" ".join(cell.split()).casefold() for cell in cells}
    return {"unique id", "regime name", "name"} <= found


def sniff(path: Path, head: bytes) -> bool:
    """A spreadsheet whose first rows hold the header with Unique ID, Name and Regime Name."""
    rows = sheet_head(path, head, nrows=HEADER_SCAN)
    return bool(rows) and any(_is_header(cells) for _, cells in rows)


def parse(path: Path) -> ParsedList:
    rows = read_sheet(path)
    start, columns = _header(path, rows)
    records: list[Record] = []
    seen: dict[str, int] = {}
    latest: str | None = None
    for number, cells in rows[start:]:
        row = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        unique_id = row["Unique ID"]
        _check_id(path, number, unique_id, seen)
        records.append(_record(row))
        listed = uk_date(row.get("Date Designated", ""))
        if listed and (latest is None or listed > latest):
            latest = listed
    parsed = ParsedList(
        dataset=DATASET,
        title=TITLE,
        publisher=PUBLISHER,
        files=[path],
        published=file_name_date(path) or _as_date(latest),
        records=records,
        format=FORMAT.name,
    )
    parsed.check_unique()
    return parsed


def _header(path: Path, rows: list[SheetRow]) -> tuple[int, dict[str, int]]:
    if not rows:
        raise LoadError(path, "no rows: the file holds no UK Sanctions List")
    for index, (number, cells) in enumerate(rows[:HEADER_SCAN]):
        if "unique id" in {" ".join(cell.split()).casefold() for cell in cells}:
            columns = canonical_header(cells, COLUMNS)
            missing = [name for name in REQUIRED if name not in columns]
            if missing:
                raise LoadError(
                    path,
                    f"missing required column(s): {', '.join(missing)}",
                    record=f"row {number}",
                )
            return index + 1, columns
    raise LoadError(
        path, "no header row with 'Unique ID' in the first rows: not a UK Sanctions List summary"
    )


def _check_id(path: Path, number: int, unique_id: str, seen: dict[str, int]) -> None:
    where = f"row {number}"
    if not unique_id:
        raise LoadError(path, "row has no Unique ID", record=where)
    if not VALID_ID.match(unique_id):
        raise LoadError(path, f"invalid Unique ID {unique_id!r}", record=where)
    if unique_id in seen:
        raise LoadError(path, f"Unique ID {unique_id} repeats row {seen[unique_id]}", record=where)
    seen[unique_id] = number


def _record(row: dict[str, str]) -> Record:
    unique_id = row["Unique ID"]
    main_id = f"{PREFIX}-{unique_id}"
    schema = SCHEMAS.get(row["Type"].strip().casefold(), "LegalEntity")
    main = Draft(main_id, schema)
    main.add("name", " ".join(row["Name"].split()), original=row["Name"])
    return Record(f"uk:{unique_id}", [main, _sanction(main_id, row)])


def _sanction(main_id: str, row: dict[str, str]) -> Draft:
    sanction = Draft(f"{main_id}-sanction", "Sanction")
    sanction.add("entity", main_id)
    sanction.add("authority", AUTHORITY)
    sanction.add("country", "gb")
    sanction.add("program", row["Regime Name"])
    sanction.add("authorityId", row["Unique ID"])
    sanction.add("recordId", row.get("OFSI Group ID"))
    sanction.add("sourceUrl", SOURCE_URL)
    listed = row.get("Date Designated", "")
    sanction.add("listingDate", uk_date(listed), original=listed)
    imposed = row.get("Sanctions Imposed", "")
    for measure in _MEASURE_SEP.split(imposed):
        if measure.strip(" -"):
            sanction.add("provisions", measure, original=imposed)
    source = row.get("Designation source", "")
    if source:
        sanction.add("summary", f"Designation source: {source}", original=source)
    return sanction


def file_name_date(path: Path) -> date | None:
    """The publication date in the file name, if it has one (the content has none)."""
    name = path.name
    if match := _ISO_IN_NAME.search(name):
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    if match := _FCDO_NAME.search(name):
        try:
            return datetime.strptime(" ".join(match.groups()), "%b %d %Y").date()
        except ValueError:
            return None
    return None


def _as_date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso and len(iso) == 10 else None


FORMAT = ListFormat(
    name="uk_fcdo",
    description="UK Sanctions List summary spreadsheet (FCDO, .ods/.xlsx)",
    sniff=sniff,
    parse=parse,
)
