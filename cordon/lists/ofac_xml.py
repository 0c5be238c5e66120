"""OFAC's XML ``sdnList`` exports: ``sdn.xml`` (SDN list) and ``consolidated.xml`` (non-SDN).

Both files share one schema; the namespace changes between releases, so elements are matched by
local name. Each ``sdnEntry`` is turned into the same `OfacEntry` the CSV reader builds: typed
elements (ids, dates and places of birth, nationalities, weak aliases) are written back as the
remarks items the CSV would carry ("Passport 123 (Korea, North)", "DOB 1962"), so one grammar
(`cordon.lists.ofac_remarks`) maps both formats and a CSV and an XML release of the same list
yield the same entity ids (``ofac-<uid>``), source ids (``ofac:<uid>``) and values.

Which list a file is: the content decides when it can. Non-SDN entries carry markers the SDN
list (almost) never has: non-SDN programs (NS-PLC, CMIC-*, FSE-*, 561-Related, the sectoral
UKRAINE-EO13662) or sectoral/CMIC directive items. If at least half the entries carry one, it is
the consolidated list; if at most a tenth do, the SDN list. In between (or with no entries), the
file name decides (``sdn*`` vs ``cons*``/``consolidated*``, OFAC's names); failing that the load
is refused rather than filed under the wrong dataset.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from cordon.lists.errors import LoadError
from cordon.lists.formats import ListFormat
from cordon.lists.ofac_csv import (
    CONS_DATASET,
    SDN_DATASET,
    OfacAddress,
    OfacAlias,
    OfacEntry,
    build_list,
    paused_gc,
)
from cordon.lists.ofac_remarks import split_remarks
from cordon.lists.records import ParsedList
from cordon.lists.safexml import child, children, local, parse_xml, text

ROOT = "sdnList"
SNIFF_RE = re.compile(rb"<(?:\w+:)?sdnList[\s>]")
PUBLISH_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
VESSEL_FIELDS = {
    "callSign": "callSign",
    "vesselType": "type",
    "vesselFlag": "flag",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "grossRegisteredTonnage",
}
NON_SDN_PROGRAM_RE = re.compile(r"^(?:NS-|FSE-|CMIC-|561-|SSI\b|UKRAINE-EO13662$)", re.IGNORECASE)
NON_SDN_ITEM_RE = re.compile(r"Directive (?:Determination|Information)|\(CMIC\)", re.IGNORECASE)
CONS_SHARE = 0.5
SDN_SHARE = 0.1


def sniff(path: Path, head: bytes) -> bool:
    """An XML document whose root element is ``sdnList`` (any namespace prefix)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return start == b"<" and SNIFF_RE.search(head) is not None


def parse(path: Path) -> ParsedList:
    with paused_gc():
        root = parse_xml(path)
    if local(root.tag) != ROOT:
        raise LoadError(path, f"root element is <{local(root.tag)}>, expected <{ROOT}>")
    published, count = read_publish_info(path, root)
    entries = [read_entry(path, elem, n) for n, elem in enumerate(children(root, "sdnEntry"), 1)]
    if count is not None and count != len(entries):
        raise LoadError(path, f"Record_Count says {count} entries but the file has {len(entries)}")
    return build_list(
        entries,
        dataset=choose_dataset(path, entries),
        files=[path],
        fmt=FORMAT.name,
        published=published,
    )


def read_publish_info(path: Path, root: ET.Element) -> tuple[date | None, int | None]:
    info = child(root, "publshInformation")  # sic: OFAC's spelling
    if info is None:
        return None, None
    raw_date, raw_count = text(info, "Publish_Date"), text(info, "Record_Count")
    published = None
    if raw_date is not None:
        m = PUBLISH_DATE_RE.match(raw_date)
        try:
            published = date(int(m.group(3)), int(m.group(1)), int(m.group(2))) if m else None
        except ValueError:
            published = None
        if published is None:
            raise LoadError(path, f"Publish_Date {raw_date!r} is not MM/DD/YYYY")
    if raw_count is not None and not raw_count.isdigit():
        raise LoadError(path, f"Record_Count {raw_count!r} is not a number")
    return published, int(raw_count) if raw_count is not None else None


def read_entry(path: Path, elem: ET.Element, n: int) -> OfacEntry:
    uid = text(elem, "uid")
    if uid is None or not uid.isdigit():
        raise LoadError(path, f"sdnEntry #{n} has no numeric <uid> ({uid!r})", record=f"#{n}")
    uid = str(int(uid))
    last, first = text(elem, "lastName"), text(elem, "firstName")
    if last is None:
        raise LoadError(path, "sdnEntry without <lastName>", record=f"ofac:{uid}")
    entry = OfacEntry(
        uid=uid,
        name=join_name(last, first),
        sdn_type=(text(elem, "sdnType") or "entity").lower(),
        programs=[t for p in list_items(elem, "programList", "program") if (t := text(p))],
        last_name=last,
        first_name=first,
        title=text(elem, "title"),
    )
    entry.items = split_remarks(text(elem, "remarks"))
    entry.items += id_items(elem) + person_items(elem)
    entry.aliases = [a for a in map(read_alias, list_items(elem, "akaList", "aka")) if a]
    entry.addresses = [read_address(a) for a in list_items(elem, "addressList", "address")]
    read_vessel(elem, entry)
    return entry


def join_name(last: str, first: str | None) -> str:
    """The CSV's SDN_Name form, "LAST, First", so both formats give the same name values."""
    return f"{last}, {first}" if first else last


def list_items(elem: ET.Element, list_name: str, item_name: str) -> list[ET.Element]:
    container = child(elem, list_name)
    return children(container, item_name) if container is not None else []


def id_items(elem: ET.Element) -> list[str]:
    """Each <id> as the remarks item the CSV prints: "Passport 123 (Korea, North) expires …"."""
    items = []
    for item in list_items(elem, "idList", "id"):
        id_type, id_number = text(item, "idType"), text(item, "idNumber")
        if id_type is None and id_number is None:
            continue
        parts = [p for p in (id_type, id_number) if p]
        if country := text(item, "idCountry"):
            parts.append(f"({country})")
        if issued := text(item, "issueDate"):
            parts.append(f"issued {issued}")
        if expires := text(item, "expirationDate"):
            parts.append(f"expires {expires}")
        items.append(" ".join(parts))
    return items


def person_items(elem: ET.Element) -> list[str]:
    """Birth dates and places, nationalities and citizenships as CSV remarks items."""
    items = [
        f"DOB {t}"
        for i in list_items(elem, "dateOfBirthList", "dateOfBirthItem")
        if (t := text(i, "dateOfBirth"))
    ]
    items += [
        f"POB {t}"
        for i in list_items(elem, "placeOfBirthList", "placeOfBirthItem")
        if (t := text(i, "placeOfBirth"))
    ]
    items += [
        f"nationality {t}"
        for i in list_items(elem, "nationalityList", "nationality")
        if (t := text(i, "country"))
    ]
    items += [
        f"citizen {t}"
        for i in list_items(elem, "citizenshipList", "citizenship")
        if (t := text(i, "country"))
    ]
    return items


def read_alias(elem: ET.Element) -> OfacAlias | None:
    last = text(elem, "lastName")
    if last is None:
        return None
    kind = ALIAS_KINDS.get((text(elem, "type") or "a.k.a.").lower(), "aka")
    weak = (text(elem, "category") or "").lower() == "weak"
    return OfacAlias(kind=kind, name=join_name(last, text(elem, "firstName")), weak=weak)


def read_address(elem: ET.Element) -> OfacAddress:
    """Address parts joined as the CSV prints them, so both formats give the same values."""
    street = ", ".join(t for n in ("address1", "address2", "address3") if (t := text(elem, n)))
    place = ", ".join(t for n in ("city", "stateOrProvince") if (t := text(elem, n)))
    cityline = " ".join(t for t in (place, text(elem, "postalCode")) if t)
    return OfacAddress(
        num=text(elem, "uid") or "",
        street=street or None,
        cityline=cityline or None,
        country=text(elem, "country"),
    )


def read_vessel(elem: ET.Element, entry: OfacEntry) -> None:
    info = child(elem, "vesselInfo")
    if info is None:
        return
    for tag, prop in VESSEL_FIELDS.items():
        if value := text(info, tag):
            entry.vessel[prop] = value
    entry.vessel_owner = text(info, "vesselOwner")


def is_non_sdn(entry: OfacEntry) -> bool:
    return any(NON_SDN_PROGRAM_RE.match(p) for p in entry.programs) or any(
        NON_SDN_ITEM_RE.search(i) for i in entry.items
    )


def choose_dataset(path: Path, entries: list[OfacEntry]) -> tuple[str, str]:
    """SDN or non-SDN: by content when it is clear, else by OFAC's file name (see module doc)."""
    if entries:
        share = sum(map(is_non_sdn, entries)) / len(entries)
        if share >= CONS_SHARE:
            return CONS_DATASET
        if share <= SDN_SHARE:
            return SDN_DATASET
    name = path.name.lower()
    if name.startswith("cons"):
        return CONS_DATASET
    if name.startswith("sdn"):
        return SDN_DATASET
    raise LoadError(
        path,
        "cannot tell whether this is OFAC's SDN or consolidated (non-SDN) list: its entries "
        "are mixed and the file name is neither sdn*.xml nor consolidated*.xml",
    )


FORMAT = ListFormat(
    name="ofac_xml",
    description="OFAC XML sdnList (sdn.xml / consolidated.xml)",
    sniff=sniff,
    parse=parse,
)
