"""UN Security Council Consolidated List (scsanctions.un.org XML) -> records.

One INDIVIDUAL becomes a Person, one ENTITY an Organization; each record also carries its
Sanction, its Address entities and its identity documents. The UN file states dates of birth in
three shapes (EXACT, APPROXIMATELY, BETWEEN) plus free-text notes; they are turned into ISO
dates here, keeping the source's wording as the original text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from cordon.lists.errors import LoadError
from cordon.lists.formats import ListFormat
from cordon.lists.records import (
    ID_CHARS,
    Draft,
    ParsedList,
    Record,
    collect,
    join,
    short_hash,
    year_span,
)
from cordon.lists.safexml import Fields, children, file_date, head_text, local, read_xml, text
from cordon.lists.stated_links import add_stated_links

DATASET = "un_sc_sanctions"
TITLE = "UN Security Council Consolidated List"
PUBLISHER = "United Nations Security Council"
AUTHORITY = "UN Security Council"

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.I)
YEAR_WORD = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# What may remain of a "month(s) year" note once months and the year are taken out.
DATE_FILLER = re.compile(r"^[\s.,;:()\-]*(?:(?:between|and|or)[\s.,;:()\-]*)*$", re.I)
PREVIOUS_NAME_NOTE = re.compile(r"\b(previously|formerly) listed as\b", re.I)
PASSPORT_WORDS = ("passport", "passeport", "pasaporte")


# --- sniff and parse ----------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    try:
        return "<CONSOLIDATED_LIST" in head_text(head)
    except Exception:
        return False


def parse(path: Path) -> ParsedList:
    root = read_xml(path)
    if local(root.tag) != "CONSOLIDATED_LIST":
        raise LoadError(path, f"root element is <{local(root.tag)}>, expected <CONSOLIDATED_LIST>")
    published = file_date(root, "dateGenerated", path)
    records: list[Record] = []
    for container, item, parse_item in (
        ("INDIVIDUALS", "INDIVIDUAL", _individual),
        ("ENTITIES", "ENTITY", _entity),
    ):
        holders = children(root, container)
        if not holders:
            raise LoadError(path, f"missing required element <{container}>")
        for n, elem in enumerate(children(holders[0], item), start=1):
            records.append(parse_item(path, Fields(elem), n))
    if not records:
        raise LoadError(path, "the list holds no INDIVIDUAL or ENTITY records")
    add_stated_links(records)
    parsed = ParsedList(
        dataset=DATASET,
        title=TITLE,
        publisher=PUBLISHER,
        files=[path],
        published=published,
        records=records,
        format=FORMAT.name,
    )
    parsed.check_unique()
    return parsed


def _values(rec: Fields, name: str) -> list[str]:
    """Texts of the VALUE children of every `name` child, e.g. NATIONALITY/VALUE."""
    out = []
    for holder in rec.all(name):
        for value in holder:
            if (found := text(value)) is not None:
                out.append(found)
    return out


def _reference(path: Path, rec: Fields, kind: str, n: int) -> str:
    ref = rec.get("REFERENCE_NUMBER")
    where = f"{kind} #{n} (DATAID {rec.get('DATAID') or '?'})"
    if ref is None:
        raise LoadError(path, "record has no REFERENCE_NUMBER", record=where)
    if not ID_CHARS.fullmatch(ref):
        raise LoadError(path, f"REFERENCE_NUMBER {ref!r} has unexpected characters", record=where)
    return ref


def _individual(path: Path, rec: Fields, n: int) -> Record:
    ref = _reference(path, rec, "INDIVIDUAL", n)
    person = Draft(f"un-{ref}", "Person")
    parts = [rec.get(tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    person.add("name", join(*parts, sep=" "))
    # The UN's name slots have no fixed meaning (family name comes first for Korean names), so
    # only the first two are named; the full name keeps all of them.
    person.add("firstName", parts[0])
    person.add("secondName", parts[1])
    person.add("name", rec.get("NAME_ORIGINAL_SCRIPT"))
    for title in _values(rec, "TITLE"):
        person.add("title", title)
    for position in _values(rec, "DESIGNATION"):
        person.add("position", position)
    for nationality in _values(rec, "NATIONALITY"):
        person.add("nationality", nationality)
    person.add("gender", rec.get("GENDER"))
    person.add("notes", rec.get("COMMENTS1"))
    for alias in rec.all("INDIVIDUAL_ALIAS"):
        _alias(person, Fields(alias))
    for dob in rec.all("INDIVIDUAL_DATE_OF_BIRTH"):
        _birth_date(person, Fields(dob))
    for pob in rec.all("INDIVIDUAL_PLACE_OF_BIRTH"):
        _birth_place(person, Fields(pob))
    entities = [person]
    entities.extend(_addresses(person, rec.all("INDIVIDUAL_ADDRESS")))
    entities.extend(_documents(person, rec.all("INDIVIDUAL_DOCUMENT")))
    entities.append(_sanction(person, rec, ref))
    return Record(f"un:{ref}", entities)


def _entity(path: Path, rec: Fields, n: int) -> Record:
    ref = _reference(path, rec, "ENTITY", n)
    org = Draft(f"un-{ref}", "Organization")
    org.add("name", rec.get("FIRST_NAME"))
    org.add("name", rec.get("NAME_ORIGINAL_SCRIPT"))
    org.add("notes", rec.get("COMMENTS1"))
    for alias in rec.all("ENTITY_ALIAS"):
        _alias(org, Fields(alias))
    entities = [org]
    entities.extend(_addresses(org, rec.all("ENTITY_ADDRESS")))
    entities.append(_sanction(org, rec, ref))
    return Record(f"un:{ref}", entities)


def _alias(main: Draft, rec: Fields) -> None:
    """Good/a.k.a. -> alias, Low -> weakAlias, f.k.a./"previously listed as" -> previousName."""
    name = rec.get("ALIAS_NAME")
    if name is None:
        return
    quality = (rec.get("QUALITY") or "").lower()
    note = rec.get("NOTE")
    if quality.startswith("f.k.a") or (note and PREVIOUS_NAME_NOTE.search(note)):
        main.add("previousName", name)
    elif quality == "low":
        main.add("weakAlias", name)
    else:
        main.add("alias", name)
    if note and not PREVIOUS_NAME_NOTE.fullmatch(note.strip(" .")):
        main.add("notes", f"Alias {name}: {note}")
    # Some aliases carry their own date and place of birth (e.g. from a false passport).
    if main.schema == "Person":
        main.add("birthDate", rec.get("DATE_OF_BIRTH"))
        city, country = rec.get("CITY_OF_BIRTH"), rec.get("COUNTRY_OF_BIRTH")
        main.add("birthPlace", join(city, country))
        main.add("birthCountry", country)


def _birth_date(person: Draft, rec: Fields) -> None:
    kind = (rec.get("TYPE_OF_DATE") or "").upper()
    exact, year, note = rec.get("DATE"), rec.get("YEAR"), rec.get("NOTE")
    if kind == "BETWEEN":
        _year_range(person, rec.get("FROM_YEAR"), rec.get("TO_YEAR"))
    elif exact is not None:
        person.add("birthDate", exact)
        if note:
            person.add("notes", f"Date of birth {exact}: {note}")
    elif year is not None and kind == "APPROXIMATELY":
        person.add("birthDate", year, original=f"approximately {year}")
    elif year is not None:
        # A month may be given only in the note: YEAR 1958 + NOTE "Sep." means Sep. 1958.
        if not (note and _month_year(person, f"{note} {year}")):
            person.add("birthDate", year)
    elif note and not _month_year(person, note):
        # Not a Gregorian date we can state (e.g. a Hijri date, "30-35 years old"): keep it.
        person.add("notes", f"Date of birth: {note}")


def _year_range(person: Draft, start: str | None, end: str | None) -> None:
    if start is None or end is None:
        person.add("birthDate", start or end)
        return
    span = f"{start} to {end}"
    years = year_span(start, end)
    if years is None:
        person.add("notes", f"Date of birth: {span}")
    for year in years or ():
        person.add("birthDate", str(year), original=span)


def _month_year(person: Draft, note: str) -> bool:
    """Read "Nov. 1973" or "Between Aug. and Sep. 1977" into YYYY-MM dates; False if not that."""
    years = YEAR_WORD.findall(note)
    if len(years) != 1:
        return False
    rest = YEAR_WORD.sub(" ", MONTH_WORD.sub(" ", note))
    if not DATE_FILLER.match(rest):
        return False
    original = " ".join(note.split())
    months = [MONTHS[m.lower()] for m in MONTH_WORD.findall(note)]
    if not months:
        person.add("birthDate", years[0], original=original)
    for month in months:
        person.add("birthDate", f"{years[0]}-{month:02d}", original=original)
    return True


def _birth_place(person: Draft, rec: Fields) -> None:
    country = rec.get("COUNTRY")
    place = join(rec.get("STREET"), rec.get("CITY"), rec.get("STATE_PROVINCE"), country)
    note = rec.get("NOTE")
    if note:
        place = f"{place} ({note})" if place else note
    person.add("birthPlace", place)
    person.add("birthCountry", country)


def _addresses(main: Draft, elems: list[ET.Element]) -> list[Draft]:
    """One Address entity per distinct address; the designee links to each and gets its country."""
    out: dict[str, Draft] = {}
    for elem in elems:
        rec = Fields(elem)
        street, city = rec.get("STREET"), rec.get("CITY")
        region, postal = rec.get("STATE_PROVINCE"), rec.get("ZIP_CODE")
        country, note = rec.get("COUNTRY"), rec.get("NOTE")
        full = join(street, city, region, postal, country)
        if full is None:
            if note:
                main.add("notes", f"Address: {note}")
            continue
        addr = Draft(f"{main.id}-addr-{short_hash(full, note)}", "Address")
        addr.add("full", full)
        addr.add("street", street)
        addr.add("city", city)
        addr.add("region", region)
        addr.add("postalCode", postal)
        addr.add("country", country)
        addr.add("notes", note)
        main.add("addressEntity", addr.id)
        main.add("address", full)
        main.add("country", country)
        collect(out, addr)
    return list(out.values())


def _documents(person: Draft, elems: list[ET.Element]) -> list[Draft]:
    """Passports become Passport entities (+ passportNumber), other documents Identification."""
    out: dict[str, Draft] = {}
    for elem in elems:
        rec = Fields(elem)
        kind, kind2 = rec.get("TYPE_OF_DOCUMENT"), rec.get("TYPE_OF_DOCUMENT2")
        number, note = rec.get("NUMBER"), rec.get("NOTE")
        country = rec.get("ISSUING_COUNTRY") or rec.get("COUNTRY_OF_ISSUE")
        if kind is None and kind2 is None and number is None and note is None:
            continue
        label = " ".join((kind2 or kind or "document").split())
        if number is None:
            # The number is buried in prose ("Libyan passport number 347834, ..."): keep it.
            person.add("notes", f"{label}: {note}" if note else label)
            continue
        kinds = f"{kind} {kind2}".lower()
        is_passport = any(w in kinds for w in PASSPORT_WORDS)
        schema, prefix = ("Passport", "passport") if is_passport else ("Identification", "id")
        doc = Draft(f"{person.id}-{prefix}-{short_hash(label, number, country)}", schema)
        doc.add("holder", person.id)
        doc.add("number", number)
        doc.add("type", label)
        doc.add("country", country)
        doc.add("startDate", rec.get("DATE_OF_ISSUE"))
        doc.add("summary", note)
        city = rec.get("CITY_OF_ISSUE")
        doc.add("description", f"Place of issue: {city}" if city else None)
        person.add("passportNumber" if is_passport else "idNumber", number)
        collect(out, doc)
    return list(out.values())


def _sanction(main: Draft, rec: Fields, ref: str) -> Draft:
    sanction = Draft(f"{main.id}-sanction", "Sanction")
    sanction.add("entity", main.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("program", rec.get("UN_LIST_TYPE"))
    listed = rec.get("LISTED_ON")
    sanction.add("listingDate", listed[:10] if listed else None, original=listed)
    sanction.add("unscId", ref)
    sanction.add("recordId", rec.get("DATAID"))
    for status in _values(rec, "LIST_TYPE"):
        sanction.add("status", status)
    for updated in _values(rec, "LAST_DAY_UPDATED"):
        sanction.add("modifiedAt", updated)
    return sanction


FORMAT = ListFormat(
    name="un_sc_xml",
    description="UN Security Council Consolidated List (XML)",
    sniff=sniff,
    parse=parse,
)
