"""UK OFSI Consolidated List of Asset Freeze Targets (ConList.xlsx / .xls / .ods / .csv).

Layout: an optional "Last Updated | dd/mm/yyyy" row, then a header row of 36 columns (Name 6 =
surname, Name 1..5 = given names, ..., Group ID), then one row per *name* of a designee. OFSI
repeats a designee's row for every combination of name, date of birth and address, so rows are
grouped by Group ID: one Group ID is one designation (`uk:<Group ID>`, entity `gb-hmt-<Group ID>`).

Mapping decisions (see also the module's tests):
- The "Primary name" row gives `name`; when a group has none (two in the April 2025 file) the first
  "Primary name variation", else the first row, does. AKA / Primary name variation / Prime Alias /
  Alias -> alias, "Low quality" -> weakAlias, FKA -> previousName, non-Latin script -> alias.
- Name parts (Person only, from the primary name rows): Name 1 firstName, Name 2 secondName,
  Name 3..5 middleName, Name 6 lastName.
- One Sanction per regime (a few designees are listed under two regimes with different dates):
  program = Regime, listingDate = Listed On, startDate = UK Sanctions List Date Designated,
  modifiedAt = Last Updated, authorityId = the "UK Sanctions List Ref" from Other Information
  (this is the FCDO list's Unique ID, so it links the two UK lists), recordId = Group ID,
  unscId = "UN Ref", reason = "UK Statement of Reasons".
- Other Information is split on its "(Key):" labels; known keys map to properties (IMO number,
  flag, ship type, tonnage, year built, gender, phone, e-mail, website, registration number, type
  of entity); anything that has no property, or that FtM cannot clean, is kept verbatim in `notes`.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import date
from operator import itemgetter
from pathlib import Path

from cordon.lists.errors import LoadError
from cordon.lists.formats import ListFormat
from cordon.lists.records import Draft, ParsedList, Record, clean_value
from cordon.lists.stated_links import add_stated_links
from cordon.lists.uk_common import (
    VALID_ID,
    SheetRow,
    canonical_header,
    dob_values,
    read_csv,
    read_sheet,
    sheet_head,
    slug,
    split_numbered,
    text_head_lines,
    uk_date,
)

DATASET = "gb_hmt_sanctions"
TITLE = "UK OFSI Consolidated List"
PUBLISHER = "HM Treasury OFSI"
AUTHORITY = "UK HM Treasury OFSI"
SOURCE_URL = (
    "https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets"
)
PREFIX = "gb-hmt"

NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_LINES = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
COLUMNS = (
    "Name 6", *NAME_PARTS, "Title", "Name Non-Latin Script", "Non-Latin Script Type",
    "Non-Latin Script Language", "DOB", "Town of Birth", "Country of Birth", "Nationality",
    "Passport Number", "Passport Details", "National Identification Number",
    "National Identification Details", "Position", *ADDRESS_LINES, "Post/Zip Code", "Country",
    "Other Information", "Group Type", "Alias Type", "Alias Quality", "Regime", "Listed On",
    "UK Sanctions List Date Designated", "Last Updated", "Group ID",
)  # fmt: skip
# Older releases lack some columns (e.g. Alias Quality, UK Sanctions List Date Designated);
# without these the rows cannot be grouped, typed or named.
REQUIRED = ("Name 6", "Group ID", "Group Type", "Alias Type", "Regime")
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
DATE_COLUMNS = ("Listed On", "UK Sanctions List Date Designated", "Last Updated")
DATE_PROPS = ("listingDate", "startDate", "modifiedAt")
HEADER_SCAN = 10
COUNTRY_PROPS = {"country", "nationality", "birthCountry", "flag", "pastFlags"}
# OFSI spellings FtM does not recognise, mapped exactly (historic "USSR (now X)" stays in notes).
COUNTRY_NAMES = {
    "congo (democratic republic)": "cd",
    "occupied palestinian territories": "ps",
    "bosnia-herzegovina": "ba",
}  # the header row is row 2 today; allow a few title rows

Row = dict[str, str]
Fact = tuple[str, str, str]  # (property, value, original) for the Sanction
Where = Callable[[int], dict[str, object]]


# --- detection ----------------------------------------------------------------------------------


def _is_header(cells: Iterable[str]) -> bool:
    found = {" ".join(cell.split()).casefold() for cell in cells}
    return "group id" in found and "name 6" in found


def sniff_sheet(path: Path, head: bytes) -> bool:
    """A spreadsheet whose first rows hold the OFSI header (with Group ID and Name 6)."""
    rows = sheet_head(path, head)
    return bool(rows) and any(_is_header(cells) for _, cells in rows)


def sniff_csv(path: Path, head: bytes) -> bool:
    """Text whose first lines hold the OFSI header; UTF-16 is recognised so parse can say why
    it refuses it."""
    try:
        if head.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
            return False
        lines = text_head_lines(head)
        return any(_is_header(next(csv.reader([line]), [])) for line in lines)
    except Exception:
        return False


# --- parsing ------------------------------------------------------------------------------------


def parse_sheet(path: Path) -> ParsedList:
    rows = read_sheet(path)
    return _parse_rows(path, rows, lambda n: {"record": f"row {n}"}, FORMAT.name)


def parse_csv(path: Path) -> ParsedList:
    rows, _encoding = read_csv(path)  # a cp1252 fallback is logged by read_csv
    return _parse_rows(path, rows, lambda n: {"line": n}, CSV_FORMAT.name)


def _parse_rows(path: Path, rows: list[SheetRow], where: Where, fmt: str) -> ParsedList:
    published, start, columns = _header(path, rows, where)
    groups = _group(path, rows[start:], columns, where)
    records = [_record(group_id, members) for group_id, members in groups.items()]
    add_stated_links(records)
    parsed = ParsedList(
        dataset=DATASET,
        title=TITLE,
        publisher=PUBLISHER,
        files=[path],
        published=published,
        records=records,
        format=fmt,
    )
    parsed.check_unique()
    return parsed


def _header(path: Path, rows: list[SheetRow], where: Where) -> tuple[date | None, int, dict]:
    """Publication date, index of the first data row and the column positions."""
    if not rows:
        raise LoadError(path, "no rows: the file holds no OFSI list")
    published: date | None = None
    for index, (number, cells) in enumerate(rows[:HEADER_SCAN]):
        if cells and " ".join(cells[0].split()).casefold() == "last updated":
            published = _published(cells[1:])
        if _is_header(cells):
            columns = canonical_header(cells, COLUMNS)
            missing = [name for name in REQUIRED if name not in columns]
            if missing:
                raise LoadError(
                    path, f"missing required column(s): {', '.join(missing)}", **where(number)
                )
            return published, index + 1, columns
    raise LoadError(
        path,
        "no OFSI header row (with 'Group ID' and 'Name 6') in the first rows: "
        "not an OFSI Consolidated List",
    )


def _published(cells: list[str]) -> date | None:
    value = next((cell for cell in cells if cell), "")
    iso = uk_date(value)
    return date.fromisoformat(iso) if iso and len(iso) == 10 else None


def _group(path: Path, rows: list[SheetRow], columns: dict, where: Where) -> dict[str, list[Row]]:
    """Rows by Group ID in order of first appearance; every row must carry a valid id."""
    groups: dict[str, list[Row]] = {}
    names = list(columns)
    pick = itemgetter(*columns.values())
    width = max(columns.values()) + 1
    for number, cells in rows:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        row = dict(zip(names, pick(cells), strict=True))
        group_id = row["Group ID"]
        if not group_id:
            raise LoadError(path, "row has no Group ID", **where(number))
        if not VALID_ID.match(group_id):
            raise LoadError(path, f"invalid Group ID {group_id!r}", **where(number))
        groups.setdefault(group_id, []).append(row)
    return groups


# --- one designation ----------------------------------------------------------------------------


def _record(group_id: str, rows: list[Row]) -> Record:
    main_id = f"{PREFIX}-{group_id}"
    schema = SCHEMAS.get(rows[0]["Group Type"].strip().casefold(), "LegalEntity")
    main = Draft(main_id, schema)
    notes: list[str] = []
    _names(main, rows)
    _personal(main, rows, notes)
    extra = _documents(main, rows, notes) + _addresses(main, rows, notes)
    sanction_facts = _other_information(main, rows, notes)
    sanction_facts.append(("recordId", group_id, group_id))
    sanctions = _sanctions(main_id, rows, sanction_facts)
    for note in dict.fromkeys(notes):
        main.add("notes", note)
    return Record(f"uk:{group_id}", [main, *sanctions, *extra])


def full_name(row: Row) -> str:
    """Given names then surname, as OFSI prints them: 'KIM TONG MY'ONG'."""
    parts = [row.get(column, "") for column in (*NAME_PARTS, "Name 6")]
    return " ".join(" ".join(parts).split())


def _alias_type(row: Row) -> str:
    return " ".join(row.get("Alias Type", "").split()).casefold()


def _primary_rows(rows: list[Row]) -> list[Row]:
    primary = [row for row in rows if _alias_type(row) == "primary name"]
    if primary:
        return primary
    variation = [row for row in rows if _alias_type(row) == "primary name variation"]
    return variation[:1] or rows[:1]


def _alias_prop(row: Row) -> str:
    kind = _alias_type(row)
    if kind in ("fka", "formerly known as"):
        return "previousName"
    if row.get("Alias Quality", "").strip().casefold().startswith("low"):
        return "weakAlias"
    return "alias"


def _names(main: Draft, rows: list[Row]) -> None:
    primary = _primary_rows(rows)
    names = {name for name in map(full_name, primary) if name}
    if not names:  # only a non-Latin name: it is the name then, not an alias
        script = next(
            (r["Name Non-Latin Script"] for r in rows if r.get("Name Non-Latin Script")), ""
        )
        names = {script.strip()} if script.strip() else set()
        main.add("name", script)
    for row in primary:
        main.add("name", full_name(row))
        if main.schema == "Person":
            _name_parts(main, row)
    # Rows repeat per date of birth and address: look at each distinct name variant once.
    variants = dict.fromkeys(
        (full_name(row), _alias_prop(row), row.get("Name Non-Latin Script", "").strip(),
         row.get("Title", ""))
        for row in rows
    )  # fmt: skip
    for name, prop, script, title in variants:
        if name and name not in names:
            main.add(prop, name)
        if script and script not in names:
            main.add("alias", script)
        if main.schema == "Person":
            for value in split_numbered(title):
                main.add("title", value)


def _name_parts(main: Draft, row: Row) -> None:
    main.add("firstName", row.get("Name 1"))
    main.add("secondName", row.get("Name 2"))
    for column in ("Name 3", "Name 4", "Name 5"):
        main.add("middleName", row.get(column))
    main.add("lastName", row.get("Name 6"))


def _put(main: Draft, prop: str, value: str, label: str, notes: list[str], original=None) -> None:
    """Add when the schema has the property and FtM can clean the value; else keep it in notes."""
    value = value.strip()
    if not value:
        return
    if prop in COUNTRY_PROPS and value.casefold() in COUNTRY_NAMES:
        original, value = original or value, COUNTRY_NAMES[value.casefold()]
    if main.schema_obj.get(prop) is not None and clean_value(main.schema, prop, value):
        main.add(prop, value, original=original)
    else:
        notes.append(f"{label}: {original or value}")


def _personal(main: Draft, rows: list[Row], notes: list[str]) -> None:
    """Birth dates and places, nationality and position; each distinct value once."""
    columns = (
        ("Town of Birth", "birthPlace"),
        ("Country of Birth", "birthCountry"),
        ("Nationality", "nationality"),
        ("Position", "position"),
    )
    for dob in dict.fromkeys(row.get("DOB", "") for row in rows):
        _birth_date(main, dob, notes)
    for column, prop in columns:
        for text in dict.fromkeys(row.get(column, "") for row in rows):
            for value in split_numbered(text):
                _put(main, prop, value, column, notes)


def _birth_date(main: Draft, text: str, notes: list[str]) -> None:
    for raw in split_numbered(text):
        values = dob_values(raw)
        for value in values:
            _put(main, "birthDate", value, "DOB", notes, original=raw)
        if not values:
            notes.append(f"DOB: {raw}")


def _short_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).casefold().encode()).hexdigest()[:10]


def _documents(main: Draft, rows: list[Row], notes: list[str]) -> list[Draft]:
    """Passports and national identity documents, one entity per distinct number."""
    docs: dict[str, Draft] = {}
    kinds = (
        ("Passport Number", "Passport Details", "passport"),
        ("National Identification Number", "National Identification Details", "id"),
    )
    for number_col, details_col, kind in kinds:
        pairs = dict.fromkeys((row.get(number_col, ""), row.get(details_col, "")) for row in rows)
        for numbers_text, details_text in pairs:
            numbers = split_numbered(numbers_text)
            details = split_numbered(details_text)
            if numbers and len(details) == len(numbers):
                for number, detail in zip(numbers, details, strict=True):
                    _document(main, docs, kind, number, detail)
            else:
                for number in numbers:
                    _document(main, docs, kind, number, None)
                if details_text.strip():
                    notes.append(f"{details_col}: {details_text.strip()}")
    return list(docs.values())


def _document(main: Draft, docs: dict[str, Draft], kind: str, number: str, detail: str | None):
    passport = kind == "passport" and main.schema == "Person"
    doc_id = f"{main.id}-{kind}-{_short_hash(number)}"
    doc = docs.get(doc_id)
    if doc is None:
        doc = docs[doc_id] = Draft(doc_id, "Passport" if passport else "Identification")
        doc.add("holder", main.id)
        doc.add("number", number)
        if kind == "passport" and not passport:
            doc.add("type", "passport")
    doc.add("summary", detail)
    main.add("passportNumber" if passport else "idNumber", number)


def _addresses(main: Draft, rows: list[Row], notes: list[str]) -> list[Draft]:
    """Address entities from Address 1..6, Post/Zip Code and Country; a bare Country (no lines)
    goes on the designee only."""
    found: dict[str, Draft] = {}
    keys = (*ADDRESS_LINES, "Post/Zip Code", "Country")
    for values in dict.fromkeys(tuple(row.get(key, "").strip() for key in keys) for row in rows):
        *lines, postcode, country = values
        if country:
            _put(main, "country", country, "Country", notes)
        if not any(lines) and not postcode:
            continue
        full = ", ".join(part for part in values if part)
        address_id = f"{main.id}-addr-{_short_hash(full)}"
        if address_id not in found:
            address = found[address_id] = Draft(address_id, "Address")
            address.add("full", full)
            for code in split_numbered(postcode):
                address.add("postalCode", code)
            address.add("country", country)
        main.add("addressEntity", address_id)
    return list(found.values())


# --- Other Information --------------------------------------------------------------------------

INFO_PROPS = {
    "Gender": "gender",
    "Phone number": "phone",
    "Tel": "phone",
    "Email address": "email",
    "Website": "website",
    "Type of entity": "legalForm",
    "Business Reg No": "registrationNumber",
    "IMO number": "imoNumber",
    "Flag of ship": "flag",
    "Previous flags": "pastFlags",
    "Type of ship": "type",
    "Tonnage of ship": "tonnage",
    "Year built": "buildDate",
}
# Values OFSI runs together as "a. b" or "a, b" lists (numbered lists are split first).
LIST_PROPS = {"phone", "email", "website", "pastFlags"}
_LIST_SEP = re.compile(r"[;,]\s+|\.\s+")
SANCTION_KEYS = {
    "UK Sanctions List Ref": "authorityId",
    "UN Ref": "unscId",
    "UK Statement of Reasons": "reason",
}
NOTE_KEYS = ("Parent company", "Subsidiaries", "Current owners", "Length of ship", "Fax")
_INFO_KEY = re.compile(
    r"\((" + "|".join(re.escape(k) for k in (*INFO_PROPS, *SANCTION_KEYS, *NOTE_KEYS)) + r")\):"
)


_REF_CODE = re.compile(r"([A-Z]{2,4}\d{3,5}|[A-Z]{2}[a-z]\.\s?\d{1,4})\b")
_REF_JOIN = re.compile(r"\s*(?:and|,|&)\s*")


def leading_refs(value: str) -> tuple[list[str], str]:
    """Reference codes at the start of a value and the text after them.

    'INU0082 and SYR0310. Listed under ...' -> (['INU0082', 'SYR0310'], 'Listed under ...');
    'QDi. 42' -> ['QDi.42'].
    """
    refs: list[str] = []
    rest = value.strip()
    while match := _REF_CODE.match(rest):
        refs.append(match.group(1).replace(" ", ""))
        rest = rest[match.end() :]
        joined = _REF_JOIN.match(rest)
        if not joined or not _REF_CODE.match(rest[joined.end() :]):
            break
        rest = rest[joined.end() :]
    if refs:  # drop the separator after the codes, keep the narrative's own punctuation
        rest = rest.lstrip(" .\u00a0\t\r\n")
    return refs, rest.strip()


def split_info(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """'(Key):value' pairs of Other Information and the free text around them.

    The two reference keys hold codes followed by narrative ("DPR0100. Pursuant to ..."): each
    code becomes a pair, the rest is free text.
    """
    matches = list(_INFO_KEY.finditer(text))
    free = [text[: matches[0].start()] if matches else text]
    pairs: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        key, value = match.group(1), text[match.end() : end].strip()
        if key in ("UK Sanctions List Ref", "UN Ref"):
            refs, rest = leading_refs(value)
            pairs.extend((key, ref) for ref in refs)
            free.append(rest)
        else:
            pairs.append((key, value))
    return pairs, [part.strip() for part in free if part.strip()]


def _other_information(main: Draft, rows: list[Row], notes: list[str]) -> list[Fact]:
    """Apply Other Information to the designee; return (prop, value, original) for the Sanction."""
    sanction: list[Fact] = []
    for text in dict.fromkeys(row.get("Other Information", "").strip() for row in rows):
        pairs, free = split_info(text)
        notes.extend(free)
        for key, value in pairs:
            if key in SANCTION_KEYS:
                sanction.append((SANCTION_KEYS[key], value, value))
            elif key in INFO_PROPS:
                _info_value(main, key, value, notes)
            elif value:
                notes.append(f"{key}: {value}")
    return sanction


def _info_value(main: Draft, key: str, value: str, notes: list[str]) -> None:
    prop = INFO_PROPS[key]
    if prop == "buildDate":
        iso = uk_date(value)
        if iso:
            _put(main, prop, iso, key, notes, original=value)
        elif value:
            notes.append(f"{key}: {value}")
        return
    for item in split_numbered(value):
        if prop in LIST_PROPS:
            for part in _LIST_SEP.split(item):
                _put(main, prop, part.strip().rstrip("."), key, notes)
        else:
            _put(main, prop, item, key, notes)


# --- sanctions ----------------------------------------------------------------------------------


def _sanctions(main_id: str, rows: list[Row], facts: list[Fact]) -> list[Draft]:
    """One Sanction per regime; the Other Information facts apply to each of them."""
    by_regime: dict[str, Draft] = {}
    dated = dict.fromkeys(
        (" ".join(row.get("Regime", "").split()), *(row.get(c, "").strip() for c in DATE_COLUMNS))
        for row in rows
    )
    for regime, *dates in dated:
        sanction = by_regime.get(regime)
        if sanction is None:
            sanction = by_regime[regime] = Draft(f"{main_id}-sanction-{slug(regime)}", "Sanction")
            sanction.add("entity", main_id)
            sanction.add("authority", AUTHORITY)
            sanction.add("country", "gb")
            sanction.add("program", regime)
            sanction.add("sourceUrl", SOURCE_URL)
            for prop, value, original in facts:
                sanction.add(prop, value, original=original)
        for prop, text in zip(DATE_PROPS, dates, strict=True):
            sanction.add(prop, uk_date(text), original=text)
    return list(by_regime.values())


FORMAT = ListFormat(
    name="uk_ofsi",
    description="UK OFSI Consolidated List (ConList.xlsx/.xls/.ods)",
    sniff=sniff_sheet,
    parse=parse_sheet,
)
CSV_FORMAT = ListFormat(
    name="uk_ofsi_csv",
    description="UK OFSI Consolidated List (ConList.csv)",
    sniff=sniff_csv,
    parse=parse_csv,
)
EXTRA_FORMATS = [CSV_FORMAT]
