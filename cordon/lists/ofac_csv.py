"""OFAC's legacy CSV sets: the SDN list and the consolidated (non-SDN) list.

A set is four header-less CSV files in one folder: the primary file (``sdn.csv`` or
``cons_prim.csv``, one row per designation) and three companions keyed by ``ent_num``:
addresses (``add.csv`` / ``cons_add.csv``), aliases (``alt.csv`` / ``cons_alt.csv``) and the
continuation of remarks that OFAC cuts at 1,000 characters (``sdn_comments.csv`` /
``cons_comments.csv``). ``-0-`` marks an empty field; files are ASCII with CRLF line ends and a
trailing 0x1A (DOS end-of-file) byte.

The primary file loads the whole set. A companion that is absent is skipped (a download of
``sdn.csv`` alone still loads, without addresses or aliases); a companion that is present but
broken fails the load.
A companion given on its own is refused with a pointer to its primary file.

SDN vs non-SDN: OFAC names the non-SDN files ``cons_*``, so the file-name prefix decides (the
CSV rows carry no list marker). The entry model and the entry-to-entities mapping live here and
are shared with the XML reader (`cordon.lists.ofac_xml`), so a CSV and an XML release of one list
yield the same ids and values and are versions of one dataset.
"""

from __future__ import annotations

import codecs
import csv
import gc
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cordon.lists.errors import LoadError
from cordon.lists.formats import HEAD_BYTES, ListFormat
from cordon.lists.ofac_remarks import IdDoc, Remarks, parse_items, split_remarks, strip_alt
from cordon.lists.records import Draft, ParsedList, Record, clean_value

PUBLISHER = "US Treasury OFAC"
SDN_DATASET = ("us_ofac_sdn", "OFAC Specially Designated Nationals List")
CONS_DATASET = ("us_ofac_cons", "OFAC Consolidated (non-SDN) List")
EMPTY = "-0-"


@dataclass(frozen=True)
class FileSet:
    """OFAC's file names for one list's CSV set."""

    primary: str
    add: str
    alt: str
    comments: str

    def names(self) -> tuple[str, str, str, str]:
        return (self.primary, self.add, self.alt, self.comments)


SDN_FILES = FileSet("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
CONS_FILES = FileSet("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
PRIMARY_COLUMNS = 12
ADD_COLUMNS = 6
ALT_COLUMNS = 5
COMMENT_COLUMNS = 2
ALIAS_TYPES = {"aka", "fka", "nka"}
# Call_Sign, Vess_type, Tonnage, GRT, Vess_flag as FtM Vessel properties.
VESSEL_COLUMNS = ("callSign", "type", "tonnage", "grossRegisteredTonnage", "flag")

# --- the entry model (shared with the XML reader) ---------------------------------------------


@dataclass(slots=True)
class OfacAddress:
    num: str  # OFAC's address number: stable across releases and formats
    street: str | None
    cityline: str | None  # "City, State Postal" as the CSV prints it
    country: str | None
    remarks: str | None = None

    def is_empty(self) -> bool:
        return not (self.street or self.cityline or self.country or self.remarks)


@dataclass(slots=True)
class OfacAlias:
    kind: str  # aka / fka / nka
    name: str
    weak: bool = False


@dataclass(slots=True)
class OfacEntry:
    """One designation as both OFAC formats describe it, before mapping to entities."""

    uid: str
    name: str
    sdn_type: str  # individual / entity / vessel / aircraft
    programs: list[str] = field(default_factory=list)
    last_name: str | None = None
    first_name: str | None = None
    title: str | None = None
    vessel: dict[str, str] = field(default_factory=dict)  # FtM Vessel property -> text
    vessel_owner: str | None = None
    items: list[str] = field(default_factory=list)  # remarks items
    aliases: list[OfacAlias] = field(default_factory=list)
    addresses: list[OfacAddress] = field(default_factory=list)

    @property
    def entity_id(self) -> str:
        return f"ofac-{self.uid}"


SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
ALIAS_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}
# Where a property goes when the designee's schema lacks it (None: keep the text as a note).
FALLBACK: dict[str, str | None] = {
    "nationality": "country",
    "citizenship": "country",
    "jurisdiction": "country",
    "imoNumber": "registrationNumber",
    "passportNumber": "idNumber",
    "socialSecurityNumber": "idNumber",
    "idNumber": "registrationNumber",
    "okpoCode": "registrationNumber",
    "uscCode": "registrationNumber",
    "leiCode": "registrationNumber",
    "bikCode": "registrationNumber",
    "dunsCode": "registrationNumber",
    "licenseNumber": "registrationNumber",
    "serialNumber": "registrationNumber",
    "vatCode": "taxNumber",
    "taxNumber": "registrationNumber",
    "isinCode": None,
    "ticker": None,
}
DOCUMENT_HOLDERS = {"Person", "LegalEntity", "Organization", "Company"}


def name_key(name: str) -> str:
    """How "Linked To: NAME" finds its entity: case-insensitive, without a trailing '.'."""
    return " ".join(name.strip().rstrip(".").split()).casefold()


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:10]


def split_programs(text: str | None) -> list[str]:
    """The CSV joins programs as "SDGT] [IFSR" (outer brackets stripped)."""
    if not text:
        return []
    return [p.strip(" []") for p in text.split("] [") if p.strip(" []")]


def split_person_name(name: str) -> tuple[str | None, str | None]:
    """(lastName, firstName) of OFAC's "LAST, First" individual names."""
    last, sep, first = name.partition(", ")
    if not sep:
        return None, None
    return last.strip() or None, first.strip() or None


# --- entry -> entities ------------------------------------------------------------------------


class Resolver:
    """Finds list entities by exact name, for "Linked To", aircraft operators, vessel owners."""

    def __init__(self, entries: list[OfacEntry]) -> None:
        self.by_name: dict[str, list[str]] = {}
        for entry in entries:
            self.by_name.setdefault(name_key(entry.name), []).append(entry.entity_id)

    def find(self, name: str, exclude: str) -> str | None:
        """The one entity of that name; None when absent, ambiguous, or the entry itself."""
        found = self.by_name.get(name_key(name), [])
        if len(found) != 1 or found[0] == exclude:
            return None
        return found[0]


def add_or_note(draft: Draft, prop: str, value: str, original: str) -> None:
    """Add to `prop` or its fallback when the schema has it and the value cleans; else a note.

    Phone numbers that OFAC prints without '+' ("982188526300", "009613679153") are tried as
    international numbers before giving up; the original text is kept either way.
    """
    candidate: str | None = prop
    while candidate is not None:
        if draft.schema_obj.get(candidate) is not None:
            if clean_value(draft.schema, candidate, value) is not None:
                draft.add(candidate, value, original)
                return
            if candidate == "phone":
                digits = re.sub(r"\D", "", value).removeprefix("00")
                if len(digits) >= 8 and clean_value(draft.schema, "phone", f"+{digits}"):
                    draft.add("phone", f"+{digits}", original)
                    return
            break
        candidate = FALLBACK.get(candidate)
    draft.add("notes", strip_alt(original), original)


def dedupe(draft: Draft) -> None:
    """Keep one (prop, value) however many items said it ("DOB 1962" and "alt. DOB 1962"), so
    a record's fingerprint does not depend on how often the source repeats itself."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for triple in draft.values:
        if triple[:2] not in seen:
            seen.add(triple[:2])
            unique.append(triple)
    draft.values = unique


class EntryBuilder:
    """Maps one OfacEntry to its Record: designee, sanction, addresses, documents, links."""

    def __init__(self, entry: OfacEntry, resolver: Resolver) -> None:
        self.entry = entry
        self.resolver = resolver
        self.main = Draft(entry.entity_id, SCHEMAS.get(entry.sdn_type, "LegalEntity"))
        self.sanction = Draft(f"{entry.entity_id}-sanction", "Sanction")
        self.extra: list[Draft] = []
        self.extra_by_id: dict[str, Draft] = {}

    def build(self) -> Record:
        self.add_names()
        self.add_vessel()
        self.add_sanction()
        self.add_addresses()
        self.add_remarks(parse_items(self.entry.items))
        entities = [self.main, self.sanction, *self.extra]
        for draft in entities:
            dedupe(draft)
        return Record(source_id=f"ofac:{self.entry.uid}", entities=entities)

    def add_names(self) -> None:
        entry, main = self.entry, self.main
        main.add("name", entry.name)
        if main.schema == "Person":
            last, first = entry.last_name, entry.first_name
            if last is None and first is None:
                last, first = split_person_name(entry.name)
            main.add("lastName", last)
            main.add("firstName", first)
        for alias in entry.aliases:
            prop = "weakAlias" if alias.weak and alias.kind == "aka" else ALIAS_PROPS[alias.kind]
            main.add(prop, alias.name)
        if entry.title:
            add_or_note(main, "position", entry.title, entry.title)

    def add_vessel(self) -> None:
        for prop, text in self.entry.vessel.items():
            add_or_note(self.main, prop, text, text)
        owner = self.entry.vessel_owner
        if owner:
            self.link_or_note("owner", owner, owner, note=f"Vessel owner: {owner}")

    def add_sanction(self) -> None:
        uid, sanction = self.entry.uid, self.sanction
        sanction.add("entity", self.main.id)
        sanction.add("authority", PUBLISHER)
        sanction.add("country", "us")
        for program in self.entry.programs:
            sanction.add("program", program)
        sanction.add("recordId", uid)

    def add_addresses(self) -> None:
        for address in self.entry.addresses:
            if address.is_empty():
                continue
            draft = Draft(f"{self.main.id}-addr-{address.num}", "Address")
            parts = [address.street, address.cityline, address.country]
            draft.add("full", ", ".join(p for p in parts if p))
            draft.add("street", address.street)
            city = address.cityline
            if city and not re.search(r"[\d,]", city):
                draft.add("city", city)  # a bare city; "Moscow 117420" stays in `full` only
            draft.add("country", address.country)
            draft.add("remarks", address.remarks)
            self.main.add("addressEntity", draft.id)
            self.extra.append(draft)

    def add_remarks(self, remarks: Remarks) -> None:
        for prop, value, original in remarks.props:
            add_or_note(self.main, prop, value, original)
        for prop, value, original in remarks.sanction:
            if clean_value("Sanction", prop, value) is None:
                self.main.add("notes", strip_alt(original), original)
            else:
                self.sanction.add(prop, value, original)
        for doc in remarks.ids:
            self.add_document(doc)
        for currency, address, original in remarks.wallets:
            self.add_wallet(currency, address, original)
        for kind, name, original in remarks.links:
            label = "Aircraft Operator" if kind == "operator" else "Linked To:"
            self.link_or_note(kind, name, original, note=f"{label} {name}")
        for note, original in remarks.notes:
            if note != self.entry.title:  # OFAC repeats an individual's title in the remarks
                self.main.add("notes", note, original)

    def extra_draft(self, suffix: str, schema: str) -> Draft:
        """The record's entity `<main id>-<suffix>`, created on first use: a document or link
        the source lists twice is one entity."""
        entity_id = f"{self.main.id}-{suffix}"
        draft = self.extra_by_id.get(entity_id)
        if draft is None:
            draft = self.extra_by_id[entity_id] = Draft(entity_id, schema)
            self.extra.append(draft)
        return draft

    def add_document(self, doc: IdDoc) -> None:
        add_or_note(self.main, doc.prop, doc.number, doc.original)
        if not doc.kind or self.main.schema not in DOCUMENT_HOLDERS:
            return
        schema = "Passport" if doc.kind == "passport" else "Identification"
        draft = self.extra_draft(f"{doc.kind}-{short_hash(doc.label, doc.number)}", schema)
        draft.add("holder", self.main.id)
        draft.add("number", doc.number, doc.original)
        draft.add("type", doc.label)
        draft.add("country", doc.country)
        draft.add("startDate", doc.issued, doc.original)
        draft.add("endDate", doc.expires, doc.original)

    def add_wallet(self, currency: str, address: str, original: str) -> None:
        if self.main.schema not in DOCUMENT_HOLDERS:
            self.main.add("notes", strip_alt(original), original)
            return
        draft = self.extra_draft(f"wallet-{short_hash(currency, address)}", "CryptoWallet")
        draft.add("publicKey", address, original)
        draft.add("currencySymbol", currency)
        draft.add("holder", self.main.id)

    def link_or_note(self, kind: str, name: str, original: str, note: str) -> None:
        """Point at the list entity of that name, or keep `note` when there is none."""
        target = self.resolver.find(name, exclude=self.main.id)
        if target is None:
            self.main.add("notes", note, original)
        elif kind == "link":
            link = self.extra_draft(f"link-{target.removeprefix('ofac-')}", "UnknownLink")
            link.add("subject", self.main.id)
            link.add("object", target)
            link.add("role", "Linked To", original)
        elif self.main.schema_obj.get(kind) is not None:
            self.main.add(kind, target, original)
        else:
            self.main.add("notes", note, original)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a list is built.

    A list allocates about a million small objects that form no cycles; the collector would
    rescan them again and again, which more than doubles the parse time of sdn.csv.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_list(
    entries: list[OfacEntry],
    *,
    dataset: tuple[str, str],
    files: list[Path],
    fmt: str,
    published: date | None = None,
) -> ParsedList:
    """The ParsedList for a whole file set; names resolve across all of its entries."""
    resolver = Resolver(entries)
    with paused_gc():
        records = [EntryBuilder(entry, resolver).build() for entry in entries]
    parsed = ParsedList(
        dataset=dataset[0],
        title=dataset[1],
        publisher=PUBLISHER,
        files=files,
        published=published,
        records=records,
        serial=max((int(e.uid) for e in entries), default=None),
        format=fmt,
    )
    parsed.check_unique()
    return parsed


# --- reading the CSV files --------------------------------------------------------------------


def decode(path: Path, data: bytes) -> str:
    """The file's text; OFAC's CSV is ASCII, so anything else is named rather than guessed."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        raise LoadError(path, "file is UTF-16 encoded; OFAC CSV files are ASCII/UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise LoadError(
            path,
            f"not UTF-8/ASCII text (byte 0x{byte:02x}); OFAC CSV files are ASCII - "
            "is this a Latin-1/Windows-1252 copy?",
            line=line,
        ) from None
    return text.rstrip("\r\n\x1a \t")


def read_rows(path: Path, columns: int) -> Iterator[tuple[int, list[str | None]]]:
    """(line, fields) of every row, '-0-' as None; malformed rows raise with their line."""
    try:
        text = decode(path, path.read_bytes())
    except OSError as exc:
        raise LoadError(path, f"cannot read file: {exc.strerror}") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise LoadError(
                path, f"malformed CSV ({exc}); unbalanced quote or truncated file?", line=line
            ) from None
        if not row or row == [""]:
            continue
        if reader.line_num != line or any("\n" in f or "\r" in f for f in row):
            raise LoadError(path, "line break inside a quoted field (unbalanced quote?)", line=line)
        if len(row) != columns:
            raise LoadError(path, f"expected {columns} columns, found {len(row)}", line=line)
        yield line, [cell(f) for f in row]


def cell(text: str) -> str | None:
    text = text.strip()
    return None if not text or text == EMPTY else text


def number(path: Path, line: int, text: str | None, what: str) -> str:
    if text is None or not text.isdigit():
        raise LoadError(path, f"{what} {text!r} is not a number", line=line)
    return str(int(text))


@dataclass(slots=True)
class CsvSet:
    """A read CSV set: its entries and how many companion rows were joined to them."""

    entries: list[OfacEntry]
    files: list[Path]
    dataset: tuple[str, str]
    address_rows: int = 0
    alias_rows: int = 0
    comment_rows: int = 0


def file_set(path: Path) -> FileSet:
    """OFAC's own naming: the non-SDN files start with ``cons_``."""
    return CONS_FILES if path.name.lower().startswith("cons_") else SDN_FILES


def sibling(path: Path, name: str) -> Path | None:
    """The file `name` next to `path`, matched case-insensitively (OFAC has used SDN.CSV)."""
    exact = path.with_name(name)
    if exact.is_file():
        return exact
    for candidate in path.parent.iterdir():
        if candidate.name.lower() == name and candidate.is_file():
            return candidate
    return None


def read_primary(path: Path) -> list[OfacEntry]:
    entries: dict[str, OfacEntry] = {}
    for line, row in read_rows(path, PRIMARY_COLUMNS):
        uid = number(path, line, row[0], "ent_num")
        if uid in entries:
            raise LoadError(path, f"duplicate ent_num {uid}", line=line, record=f"ofac:{uid}")
        if not row[1]:
            raise LoadError(path, "entry without a name", line=line, record=f"ofac:{uid}")
        entries[uid] = entry_from_row(uid, row)
    return list(entries.values())


def entry_from_row(uid: str, row: list[str | None]) -> OfacEntry:
    _, name, sdn_type, programs, title, *vessel, owner, remarks = row
    return OfacEntry(
        uid=uid,
        name=name or "",
        sdn_type=(sdn_type or "entity").lower(),
        programs=split_programs(programs),
        title=title,
        vessel={prop: text for prop, text in zip(VESSEL_COLUMNS, vessel, strict=True) if text},
        vessel_owner=owner,
        items=[remarks or ""],  # split once the comments continuation is appended
    )


def read_set(path: Path) -> CsvSet:
    """Read a primary CSV file and whichever of its companions exist beside it."""
    names = file_set(path)
    dataset = CONS_DATASET if names is CONS_FILES else SDN_DATASET
    entries = read_primary(path)
    by_uid = {e.uid: e for e in entries}
    result = CsvSet(entries=entries, files=[path], dataset=dataset)
    comments = sibling(path, names.comments)
    if comments is not None:
        result.files.append(comments)
        result.comment_rows = read_comments(comments, by_uid)
    for entry in entries:
        entry.items = split_remarks(entry.items[0])
    add = sibling(path, names.add)
    if add is not None:
        result.files.append(add)
        result.address_rows = read_addresses(add, by_uid)
    alt = sibling(path, names.alt)
    if alt is not None:
        result.files.append(alt)
        result.alias_rows = read_aliases(alt, by_uid)
    return result


def owner_of(path: Path, line: int, uid: str, by_uid: dict[str, OfacEntry]) -> OfacEntry:
    entry = by_uid.get(uid)
    if entry is None:
        raise LoadError(
            path,
            f"row for ent_num {uid}, which the primary file does not list "
            "(files from different releases?)",
            line=line,
            record=f"ofac:{uid}",
        )
    return entry


def read_comments(path: Path, by_uid: dict[str, OfacEntry]) -> int:
    """Append each continuation to its entry's remarks, before the remarks are parsed."""
    count = 0
    for line, row in read_rows(path, COMMENT_COLUMNS):
        uid = number(path, line, row[0], "ent_num")
        entry = owner_of(path, line, uid, by_uid)
        entry.items[0] += row[1] or ""
        count += 1
    return count


def read_addresses(path: Path, by_uid: dict[str, OfacEntry]) -> int:
    count = 0
    for line, row in read_rows(path, ADD_COLUMNS):
        uid = number(path, line, row[0], "ent_num")
        num = number(path, line, row[1], "Add_num")
        address = OfacAddress(
            num=num, street=row[2], cityline=row[3], country=row[4], remarks=row[5]
        )
        owner_of(path, line, uid, by_uid).addresses.append(address)
        count += 1
    return count


def read_aliases(path: Path, by_uid: dict[str, OfacEntry]) -> int:
    count = 0
    for line, row in read_rows(path, ALT_COLUMNS):
        uid = number(path, line, row[0], "ent_num")
        number(path, line, row[1], "alt_num")
        kind = (row[2] or "").lower()
        if kind not in ALIAS_TYPES:
            raise LoadError(path, f"unknown alias type {row[2]!r}", line=line, record=f"ofac:{uid}")
        entry = owner_of(path, line, uid, by_uid)
        if row[3]:
            entry.aliases.append(OfacAlias(kind=kind, name=row[3]))
        if row[4]:
            entry.items.append(f"Alias {row[3]}: {row[4]}")
        count += 1
    return count


def parse(path: Path) -> ParsedList:
    with paused_gc():
        csv_set = read_set(path)
    return build_list(
        csv_set.entries, dataset=csv_set.dataset, files=csv_set.files, fmt=FORMAT.name
    )


# --- detection --------------------------------------------------------------------------------


def head_rows(head: bytes) -> list[list[str]]:
    """The first complete rows of a file's head, or [] when it is not CSV-like text."""
    try:
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="replace")
        lines = text.lstrip("\ufeff").splitlines()
        if len(head) >= HEAD_BYTES and len(lines) > 1:
            lines = lines[:-1]  # the head cut the last line
        lines = [ln for ln in lines[:8] if ln.strip("\x1a \t")]
        return list(csv.reader(lines, strict=True))
    except (csv.Error, ValueError):
        return []


def rows_match(
    head: bytes, columns: int, numeric: int, extra: Callable[[list[str]], bool] | None = None
) -> bool:
    """Whether the head's first rows all have `columns` fields, the first `numeric` of them
    numbers (and pass `extra`)."""
    rows = head_rows(head)
    if not rows:
        return False
    for row in rows:
        if len(row) != columns or not all(row[i].strip().isdigit() for i in range(numeric)):
            return False
        if extra is not None and not extra(row):
            return False
    return True


def sniff_primary(path: Path, head: bytes) -> bool:
    return rows_match(head, PRIMARY_COLUMNS, 1)


def sniff_add(path: Path, head: bytes) -> bool:
    return rows_match(head, ADD_COLUMNS, 2)


def sniff_alt(path: Path, head: bytes) -> bool:
    return rows_match(head, ALT_COLUMNS, 2, lambda row: row[2].strip().lower() in ALIAS_TYPES)


def sniff_comments(path: Path, head: bytes) -> bool:
    return rows_match(head, COMMENT_COLUMNS, 1)


def primary_of(path: Path) -> Path:
    """The primary file of a companion: sdn.csv for add/alt/sdn_comments, cons_prim.csv for
    the cons_ files."""
    name = file_set(path).primary
    return sibling(path, name) or path.with_name(name)


def set_files(path: Path) -> list[Path]:
    """Every file a parse of the primary `path` reads: itself and the companions present."""
    names = file_set(path).names()[1:]
    return [path, *(f for f in (sibling(path, n) for n in names) if f is not None)]


def refuse_companion(path: Path) -> ParsedList:
    raise LoadError(
        path,
        f"this is a companion file of an OFAC CSV set: load the primary file "
        f"{primary_of(path).name} instead, which reads it",
    )


FORMAT = ListFormat(
    name="ofac_csv",
    description="OFAC legacy CSV (sdn.csv / cons_prim.csv with add, alt, comments)",
    sniff=sniff_primary,
    parse=parse,
    files=set_files,
)
FORMATS = [
    FORMAT,
    ListFormat(
        name="ofac_csv_add",
        description="OFAC legacy CSV addresses (add.csv / cons_add.csv)",
        sniff=sniff_add,
        parse=refuse_companion,
        primary=primary_of,
    ),
    ListFormat(
        name="ofac_csv_alt",
        description="OFAC legacy CSV aliases (alt.csv / cons_alt.csv)",
        sniff=sniff_alt,
        parse=refuse_companion,
        primary=primary_of,
    ),
    ListFormat(
        name="ofac_csv_comments",
        description="OFAC legacy CSV remarks continuation (sdn_comments.csv / cons_comments.csv)",
        sniff=sniff_comments,
        parse=refuse_companion,
        primary=primary_of,
    ),
]
