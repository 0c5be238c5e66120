"""EU consolidated financial sanctions list (FSF XML, "xmlFullSanctionsList_1_1") -> records.

The file is an `<export generationDate=... globalFileId=...>` of `<sanctionEntity>` elements whose
data sits in attributes: `nameAlias`, `birthdate`, `citizenship`, `identification`, `address`
and `regulation` children. The namespace has changed between releases, so tags are matched by
local name. A subjectType "person" is a Person, "enterprise" an Organization.

Element and attribute names follow the published XML (no full real file is available to the
tests; tests/fixtures/eu_fsf_sample.xml is an invented file in the same layout).
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
    clean_value,
    collect,
    join,
    short_hash,
    year_span,
)
from cordon.lists.safexml import Fields, children, file_date, head_text, local, read_xml, text

DATASET = "eu_fsf"
TITLE = "EU Consolidated Financial Sanctions List"
PUBLISHER = "European Commission (FISMA)"
AUTHORITY = "European Union"

ROOT_TAG = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?export[\s>/]")
SCHEMAS = {"person": "Person", "enterprise": "Organization"}
# Identification codes that are a property of the designee rather than a document.
ID_PROPS = {
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
}
CONTACT_PROPS = {"PHONE": "phone", "FAX": "phone", "EMAIL": "email", "WEB": "website"}
ID_FLAGS = ("diplomatic", "knownExpired", "knownFalse", "reportedLost", "revokedByIssuer")
LETTER_SPLIT = re.compile(r"\s*\([a-z]\)\s*")
NO_COUNTRY = {"00", "UNKNOWN", ""}


def sniff(path: Path, head: bytes) -> bool:
    try:
        start = head_text(head)
        return bool(ROOT_TAG.search(start)) and ("sanctionEntity" in start or "/fsd/" in start)
    except Exception:
        return False


def parse(path: Path) -> ParsedList:
    root = read_xml(path)
    if local(root.tag) != "export":
        raise LoadError(path, f"root element is <{local(root.tag)}>, expected FSF <export>")
    entries = children(root, "sanctionEntity")
    if not entries:
        raise LoadError(path, "no <sanctionEntity> elements: the list is empty or not FSF")
    records = [_entry(path, entry, n) for n, entry in enumerate(entries, start=1)]
    file_id = (root.get("globalFileId") or "").strip()
    parsed = ParsedList(
        dataset=DATASET,
        title=TITLE,
        publisher=PUBLISHER,
        files=[path],
        published=file_date(root, "generationDate", path),
        records=records,
        serial=int(file_id) if file_id.isdigit() else None,
        format=FORMAT.name,
    )
    parsed.check_unique()
    return parsed


def _attr(elem: ET.Element, name: str) -> str | None:
    value = elem.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _texts(elem: ET.Element, name: str) -> list[str]:
    return [t.strip() for c in children(elem, name) if (t := c.text) and t.strip()]


def _entry(path: Path, entry: ET.Element, n: int) -> Record:
    logical_id = _attr(entry, "logicalId")
    ref = _attr(entry, "euReferenceNumber")
    where = f"sanctionEntity #{n}" + (f" ({ref})" if ref else "")
    if logical_id is None:
        raise LoadError(path, "sanctionEntity has no logicalId", record=where)
    if not ID_CHARS.fullmatch(logical_id):
        raise LoadError(path, f"logicalId {logical_id!r} has unexpected characters", record=where)
    rec = Fields(entry)
    kinds = rec.all("subjectType")
    code = (_attr(kinds[0], "code") or "").lower() if kinds else ""
    if code not in SCHEMAS:
        found = f"subjectType code {code!r}" if kinds else "no subjectType"
        raise LoadError(path, f"{found}; expected person or enterprise", record=where)
    main = Draft(f"eu-fsf-{logical_id}", SCHEMAS[code])
    for remark in rec.all("remark"):
        main.add("notes", text(remark))
    _names(main, rec.all("nameAlias"))
    for birth in rec.all("birthdate"):
        _birth(main, birth)
    # An enterprise's "citizenship" is its country; only people have a nationality.
    citizenship_prop = "nationality" if main.schema == "Person" else "country"
    for citizenship in rec.all("citizenship"):
        _country(main, citizenship_prop, citizenship)
    entities = [main]
    entities.extend(_identifications(main, rec.all("identification")))
    entities.extend(_addresses(main, rec.all("address")))
    entities.append(_sanction(main, entry, rec.all("regulation"), logical_id))
    return Record(f"eu:{logical_id}", entities)


def _split(value: str | None) -> list[str]:
    """Split "(a) Mullah, (b) Maulavi" into its items; a plain value stays whole."""
    if not value:
        return []
    return [v.strip(" ,;") for v in LETTER_SPLIT.split(value) if v.strip(" ,;")]


def _names(main: Draft, aliases: list[ET.Element]) -> None:
    """The first strong name is the name, other strong ones aliases, strong="false" weak aliases.

    The EU marks low-quality aliases with strong="false" (and sometimes only in a remark).
    """
    is_person = main.schema == "Person"
    for alias in aliases:
        first, middle = _attr(alias, "firstName"), _attr(alias, "middleName")
        last = _attr(alias, "lastName")
        whole = _attr(alias, "wholeName") or join(first, middle, last, sep=" ")
        weak = (_attr(alias, "strong") or "true").lower() == "false"
        for remark in _texts(alias, "remark"):
            # "Good quality a.k.a." / "Low quality alias" only grade the name.
            if "quality" in remark.lower():
                weak = weak or "low quality" in remark.lower()
            else:
                main.add("notes", f"Name {whole}: {remark}")
        if weak:
            main.add("weakAlias", whole)
        elif main.first("name") is None:
            main.add("name", whole)
        else:
            main.add("alias", whole)
        if is_person and not weak:
            main.add("firstName", first)
            main.add("middleName", middle)
            main.add("lastName", last)
        for title in _split(_attr(alias, "title")):
            main.add("title" if is_person else "notes", title)
        for function in _split(_attr(alias, "function")):
            main.add("position" if is_person else "notes", function)
        if is_person:
            main.add("gender", _attr(alias, "gender"))


def _country(draft: Draft, prop: str, node: ET.Element) -> str | None:
    """Add the node's country: its description if that cleans, else its ISO code. "00" is none."""
    description = _attr(node, "countryDescription") or ""
    code = _attr(node, "countryIso2Code") or ""
    if description.upper() in NO_COUNTRY and code.upper() in NO_COUNTRY:
        return None
    if description and clean_value(draft.schema, prop, description) is not None:
        draft.add(prop, description)
        return description
    if code.upper() not in NO_COUNTRY:
        draft.add(prop, code, original=description or code)
        return description or code
    return None


def _birth(main: Draft, node: ET.Element) -> None:
    if main.schema != "Person":
        # An enterprise's "birth date" would be a founding date the EU does not state as such.
        if stated := _date_text(node):
            main.add("notes", f"Birth date given: {stated}")
        return
    calendar = (_attr(node, "calendarType") or "GREGORIAN").upper()
    if calendar != "GREGORIAN":
        main.add("notes", f"Date of birth ({calendar}): {_date_text(node)}")
    else:
        _birth_date(main, node)
    country = _country(main, "birthCountry", node)
    place = join(_attr(node, "place"), _attr(node, "city"), _attr(node, "region"), country)
    main.add("birthPlace", place)
    for remark in _texts(node, "remark"):
        main.add("notes", f"Birth: {remark}")


def _date_text(node: ET.Element) -> str:
    exact = _attr(node, "birthdate")
    if exact:
        return exact
    parts = [_attr(node, "year"), _attr(node, "monthOfYear"), _attr(node, "dayOfMonth")]
    if parts[0] is None:
        return ""
    out = parts[0]
    for part in parts[1:]:
        if part is None or not part.isdigit():
            break
        out += f"-{int(part):02d}"
    return out


def _birth_date(main: Draft, node: ET.Element) -> None:
    circa = (_attr(node, "circa") or "").lower() == "true"
    start, end = _attr(node, "yearRangeFrom"), _attr(node, "yearRangeTo")
    if start or end:
        _year_range(main, start, end, circa)
        return
    value = _date_text(node)
    if not value:
        return
    if circa:
        main.add("birthDate", value[:4], original=f"circa {value}")
    else:
        main.add("birthDate", value)


def _year_range(main: Draft, start: str | None, end: str | None, circa: bool) -> None:
    span = f"{'circa ' if circa else ''}{start or '?'} to {end or '?'}"
    years = year_span(start, end)
    if years is None:
        # An open or very wide span states no year we could screen on: keep it as a note.
        main.add("notes", f"Date of birth: {span}")
    for year in years or ():
        main.add("birthDate", str(year), original=span)


def _identifications(main: Draft, nodes: list[ET.Element]) -> list[Draft]:
    """Passports -> Passport, other documents -> Identification; SWIFT/IMO/... -> properties."""
    out: dict[str, Draft] = {}
    for node in nodes:
        code = (_attr(node, "identificationTypeCode") or "").lower()
        label = _attr(node, "identificationTypeDescription") or code or "identification"
        numbers = [n for n in (_attr(node, "number"), _attr(node, "latinNumber")) if n]
        remarks = _texts(node, "remark")
        if not numbers:
            main.add("notes", join(label, *remarks, sep=": "))
            continue
        prop = ID_PROPS.get(code)
        if prop is not None and main.schema_obj.get(prop) is not None:
            for number in numbers:
                main.add(prop, number)
            continue
        is_passport = code == "passport"
        schema, prefix = ("Passport", "passport") if is_passport else ("Identification", "id")
        key = _attr(node, "logicalId") or short_hash(code, *numbers)
        doc = Draft(f"{main.id}-{prefix}-{key}", schema)
        doc.add("holder", main.id)
        for number in numbers:
            doc.add("number", number)
            main.add("passportNumber" if is_passport else "idNumber", number)
        doc.add("type", label)
        _country(doc, "country", node)
        doc.add("authority", _attr(node, "issuedBy"))
        doc.add("startDate", _attr(node, "issueDate"))
        for remark in remarks:
            doc.add("summary", remark)
        flags = [f for f in ID_FLAGS if (_attr(node, f) or "").lower() == "true"]
        doc.add("description", ", ".join(flags) if flags else None)
        name_on_document = _attr(node, "nameOnDocument")
        doc.add(
            "description", f"Name on document: {name_on_document}" if name_on_document else None
        )
        collect(out, doc)
    return list(out.values())


def _addresses(main: Draft, nodes: list[ET.Element]) -> list[Draft]:
    out: dict[str, Draft] = {}
    for node in nodes:
        for contact in children(node, "contactInfo"):
            prop = CONTACT_PROPS.get((_attr(contact, "key") or "").upper())
            value = _attr(contact, "value")
            if prop is not None:
                main.add(prop, value)
            elif value:
                main.add("notes", f"{_attr(contact, 'key')}: {value}")
        remarks = _texts(node, "remark")
        street, city = _attr(node, "street"), _attr(node, "city")
        postal, region = _attr(node, "zipCode"), _attr(node, "region")
        place, po_box = _attr(node, "place"), _attr(node, "poBox")
        description = _attr(node, "countryDescription")
        if (description or "").upper() in NO_COUNTRY:
            description = None
        full = join(street, po_box, place, city, postal, region, description)
        if full is None:
            for remark in remarks:
                main.add("notes", f"Address: {remark}")
            continue
        key = _attr(node, "logicalId") or short_hash(full)
        addr = Draft(f"{main.id}-addr-{key}", "Address")
        addr.add("full", full)
        addr.add("street", street)
        addr.add("postOfficeBox", po_box)
        addr.add("city", city or place)
        addr.add("postalCode", postal)
        addr.add("region", region)
        _country(addr, "country", node)
        for remark in remarks:
            addr.add("notes", remark)
        main.add("addressEntity", addr.id)
        main.add("address", full)
        _country(main, "country", node)
        collect(out, addr)
    return list(out.values())


def _sanction(
    main: Draft, entry: ET.Element, regulations: list[ET.Element], logical_id: str
) -> Draft:
    """One Sanction per designation; its regulations (original act and amendments) feed it."""
    sanction = Draft(f"{main.id}-sanction", "Sanction")
    sanction.add("entity", main.id)
    sanction.add("authority", AUTHORITY)
    sanction.add("authorityId", _attr(entry, "euReferenceNumber"))
    sanction.add("unscId", _attr(entry, "unitedNationId"))
    sanction.add("recordId", logical_id)
    sanction.add("reason", _attr(entry, "designationDetails"))
    published = sorted(d for r in regulations if (d := _attr(r, "publicationDate")))
    in_force = sorted(d for r in regulations if (d := _attr(r, "entryIntoForceDate")))
    sanction.add("listingDate", _attr(entry, "designationDate") or (published or [None])[0])
    sanction.add("startDate", in_force[0] if in_force else None)
    for regulation in regulations:
        sanction.add("program", _attr(regulation, "programme"))
        sanction.add("description", _attr(regulation, "numberTitle"))
        for url in _texts(regulation, "publicationUrl"):
            sanction.add("sourceUrl", url)
    return sanction


FORMAT = ListFormat(
    name="eu_fsf_xml",
    description="EU consolidated financial sanctions list (FSF XML)",
    sniff=sniff,
    parse=parse,
)
