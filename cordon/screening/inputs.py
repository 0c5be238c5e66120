"""Rows to screen, read from CSV, XLSX, JSON Lines or Parquet files with a header.

`open_input(path)` reads the header (or the first JSON object), maps its columns to the fields
`cordon screen` recognises and raises `InputError` (naming the file and the columns it has)
when nothing in it can be screened. `InputFile.rows()` then streams `InputRow`s in file order:
the row number (1-based, data rows only; blank lines and all-empty spreadsheet rows are not
rows), a `Query` or a `RowError`, and the per-row warnings (a malformed date or IMO number is
dropped with a warning, never a crash). `iter_queries(path)` is the plain
`(row_number, Query | RowError)` stream.

Reading is split in two steps so the batch runner can do the expensive one in its workers:
`InputFile.records()` yields raw `(row_number, Record)` pairs (cheap, in file order) and
`parse_record()` turns one into an `InputRow` (cleaning, dates, countries, identifiers).

Nothing here loads a whole file: CSV and JSONL are read line by line, Parquet batch by batch,
XLSX row by row (calamine holds one sheet's cells; XLSX sheets stop at 1,048,576 rows).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from cordon.screening.model import SCHEMA_ALIASES, SCHEMAS, Query

MAX_NAME = 500  # characters kept of one name
MAX_VALUE = 100  # characters kept of an id, passport or other identifier
MAX_VALUES = 20  # values kept per field and row
SNIFF_BYTES = 64 * 1024
ENCODING_SAMPLE = 1024 * 1024

# Canonical field -> accepted column names, after `column_key` (lower snake case).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "row_id", "record_id", "ref", "reference", "customer_id", "client_id", "uid"),
    "name": (
        "name",
        "names",
        "full_name",
        "fullname",
        "entity_name",
        "company_name",
        "organization_name",
        "organisation_name",
        "vessel_name",
        "party_name",
    ),
    "first_name": ("first_name", "firstname", "given_name", "given_names", "forename", "forenames"),
    "middle_name": ("middle_name", "middle_names", "middlename"),
    "last_name": ("last_name", "lastname", "surname", "family_name"),
    "schema": ("schema", "entity_type", "schema_type"),
    "birth_date": (
        "birth_date",
        "birth_dates",
        "birthdate",
        "date_of_birth",
        "dob",
        "birthday",
    ),
    "nationality": (
        "nationality",
        "nationalities",
        "country",
        "countries",
        "citizenship",
        "country_code",
    ),
    "imo": ("imo", "imo_number", "imo_no", "imo_num", "imonumber"),
    "passport": ("passport", "passports", "passport_number", "passport_no", "passport_num"),
    "identifier": (
        "identifier",
        "identifiers",
        "id_number",
        "registration_number",
        "national_id",
        "lei",
    ),
}
COLUMN_FIELDS = {col: fld for fld, cols in SYNONYMS.items() for col in cols}
# A file needs one of these to be screenable.
SCREENABLE = ("name", "first_name", "last_name", "imo", "passport", "identifier")

# Schema values users write -> Query schema. SCHEMA_ALIASES (the contract's) win.
_SCHEMA_WORDS = {s.lower(): s for s in SCHEMAS} | {
    "individual": "Person",
    "organisation": "Organization",
    "entity": "LegalEntity",
    "legal_entity": "LegalEntity",
    "legal entity": "LegalEntity",
}
_SCHEMA_WORDS.update(SCHEMA_ALIASES)


class InputError(ValueError):
    """The file as a whole cannot be screened (unreadable, no header, nothing to screen)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that cannot be screened; the output line carries `message` as its `error`."""

    id: str
    message: str


@dataclass(frozen=True, slots=True)
class InputRow:
    number: int
    item: Query | RowError
    warnings: tuple[str, ...] = ()


# A raw record: canonical field -> cell values (a value may itself be a list, from JSON or
# Parquet), or a string saying why the row could not be read at all. "_warnings" carries
# warnings found while reading (e.g. a line that was not valid UTF-8).
Record = dict[str, list[Any]] | str


# ---------------------------------------------------------------- cleaning


def column_key(name: Any) -> str:
    """`Date of Birth`, `dateOfBirth`, `DATE_OF_BIRTH` -> `date_of_birth`."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(name).strip())
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible format characters that only hide differences: soft hyphen, zero-width space,
# direction marks and embeddings, word joiner, BOM; and lone surrogates (from JSON "\ud800").
# ZWJ/ZWNJ (U+200C/D) are kept: some scripts spell words with them.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)
_SPACES = re.compile(r"\s+")


def clean_text(value: Any) -> str:
    """One line of printable text: control characters become spaces, invisible format
    characters and lone surrogates go, runs of white space become one space."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else _scalar_text(value)
    if text.isprintable():  # no control, format or odd space characters: the common case
        return _SPACES.sub(" ", text).strip() if "  " in text else text.strip()
    return _SPACES.sub(" ", _INVISIBLE.sub("", _CONTROL.sub(" ", text))).strip()


def _scalar_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _quote(text: str, limit: int = 40) -> str:
    """A value quoted in a warning, cut so a warning never carries a 10,000-character cell."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _values(cells: Iterable[Any], split: bool) -> Iterator[Any]:
    """Cell values one by one: lists (JSON, Parquet) are expanded; with `split`, a text cell
    holding `a; b` or `a | b` gives two values."""
    for cell in cells:
        if cell is None:
            continue
        if isinstance(cell, list | tuple):
            yield from _values(cell, split)
        elif split and isinstance(cell, str) and (";" in cell or "|" in cell):
            yield from (part for part in re.split(r"[;|]", cell) if part.strip())
        else:
            yield cell


def _name_values(cells: Iterable[Any]) -> Iterator[Any]:
    """Names: one per cell unless the cell is clearly a list (a JSON/Parquet list, or a text
    cell holding a JSON array of strings). `Kim; Jong Un` stays one name."""
    for cell in cells:
        if isinstance(cell, str) and cell.startswith("[") and cell.rstrip().endswith("]"):
            try:
                parsed = json.loads(cell)
            except ValueError:
                parsed = None
            if isinstance(parsed, list) and all(isinstance(p, str) for p in parsed):
                yield from parsed
                continue
        if isinstance(cell, list | tuple):
            yield from _name_values(cell)
        elif cell is not None:
            yield cell


def _unique(values: Iterable[str], what: str, warnings: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            if len(out) == MAX_VALUES:
                warnings.append(f"more than {MAX_VALUES} {what} values; the rest ignored")
                break
            out.append(v)
    return tuple(out)


# ---------------------------------------------------------------- field parsers

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for name in names
}
_CIRCA = re.compile(r"^(?:circa|ca\.?|c\.|approx\.?|approximately|about|around)\s*", re.I)
_D_YMD = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2})(?:[T ][\d:.+\-Z ]*)?)?)?$")
_D_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_D_MY = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_D_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_D_D_MON_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-]+([a-z]+)\.?,?[ \-]+(\d{4})$", re.I)
_D_MON_D_Y = re.compile(r"^([a-z]+)\.? +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})$", re.I)
_D_MON_Y = re.compile(r"^([a-z]+)\.?,?[ \-]+(\d{4})$", re.I)
_D_RANGE = re.compile(r"^(\d{4}) *(?:-|–|to) *(\d{4})$", re.I)
MIN_YEAR, MAX_YEAR = 1800, 2100


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(word: str) -> int | None:
    return _MONTHS.get(word.lower())


def parse_date(value: Any) -> list[str] | None:
    """A birth date as ISO prefixes (`1962`, `1962-05`, `1962-05-01`); a short year range
    gives each year. None if the value is not a date (a caller drops it with a warning).
    Numeric dates are day first: 01/05/1962 is 1 May 1962."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        iso = _iso(value.year, value.month, value.day)
        return [iso] if iso else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer():
            return None
        value = str(int(value))  # 1962, or 19620501 from a number cell
    text = _CIRCA.sub("", clean_text(value))
    if m := _D_YMD.match(text):
        y, mo, d = m.groups()
        iso = _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    elif m := _D_DMY.match(text):
        iso = _iso(int(m[3]), int(m[2]), int(m[1]))
    elif m := _D_MY.match(text):
        iso = _iso(int(m[2]), int(m[1]))
    elif m := _D_COMPACT.match(text):
        iso = _iso(int(m[1]), int(m[2]), int(m[3]))
    elif m := _D_D_MON_Y.match(text):
        month = _month(m[2])
        iso = _iso(int(m[3]), month, int(m[1])) if month else None
    elif m := _D_MON_D_Y.match(text):
        month = _month(m[1])
        iso = _iso(int(m[3]), month, int(m[2])) if month else None
    elif m := _D_MON_Y.match(text):
        month = _month(m[1])
        iso = _iso(int(m[2]), month) if month else None
    elif m := _D_RANGE.match(text):
        start, end = int(m[1]), int(m[2])
        if 0 < end - start <= 10 and _iso(start) and _iso(end):
            return [f"{y:04d}" for y in range(start, end + 1)]
        return None
    else:
        return None
    return [iso] if iso else None


@lru_cache(maxsize=8192)
def parse_country(text: str) -> str | None:
    """A country name or code -> ISO-3166 alpha-2, lower case (FollowTheMoney's table)."""
    from followthemoney import registry

    code = registry.country.clean(text)
    return code.lower() if code else None


def _countries(cells: Iterable[Any], warnings: list[str]) -> Iterator[str]:
    for cell in _values(cells, split=True):
        text = clean_text(cell)
        if not text:
            continue
        code = parse_country(text[:MAX_VALUE])
        if code:
            yield code
            continue
        # "KP, CN" is two countries; "Korea, DPR" is one (and not in the table).
        parts = [p.strip() for p in text.split(",") if p.strip()]
        codes = [parse_country(p[:MAX_VALUE]) for p in parts] if len(parts) > 1 else [None]
        if all(codes):
            yield from (c for c in codes if c)
        else:
            warnings.append(f"nationality {_quote(text)} is not a known country; ignored")


def imo_valid(digits: str) -> bool:
    """IMO ship numbers: 7 digits, the last a check digit (weights 7..2, mod 10)."""
    if len(digits) != 7 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def parse_imo(value: Any) -> str | None:
    """`IMO 9123456`, `imo:9123456`, 9123456.0 -> `9123456`; None unless the check digit holds."""
    text = clean_text(value)
    text = re.sub(r"^imo\s*(?:no\.?|number)?\s*[:#.]?\s*", "", text, flags=re.I)
    text = re.sub(r"[\s.\-]", "", text)
    return text if imo_valid(text) else None


def _identifiers(cells: Iterable[Any], what: str, warnings: list[str]) -> Iterator[str]:
    for cell in _values(cells, split=True):
        text = clean_text(cell)
        if not text:
            continue
        if len(text) > MAX_VALUE:
            warnings.append(f"{what} {_quote(text)} longer than {MAX_VALUE} characters; ignored")
            continue
        yield text


def parse_schema(value: str) -> str | None:
    key = value.strip().lower()
    return _SCHEMA_WORDS.get(key) or _SCHEMA_WORDS.get(key.replace("_", " "))


def _clean_name(cell: Any, warnings: list[str]) -> str:
    text = clean_text(cell)
    if len(text) > MAX_NAME:
        warnings.append(f"name of {len(text):,} characters truncated to {MAX_NAME}")
        text = text[:MAX_NAME].rstrip()
    return text


def _first_text(cells: list[Any] | None) -> str:
    for cell in _values(cells or (), split=False):
        text = clean_text(cell)
        if text:
            return text
    return ""


_EMPTY: tuple[str, ...] = ()


def parse_record(number: int, record: Record) -> InputRow:
    """One raw record -> a Query (with warnings) or a RowError. Never raises on cell content."""
    if isinstance(record, str):
        return InputRow(number, RowError(str(number), record))
    get = record.get
    warnings: list[str] = [clean_text(w) for w in get("_warnings", ())]
    ident = _first_text(get("id"))
    if len(ident) > MAX_VALUE:
        warnings.append(f"id longer than {MAX_VALUE} characters; truncated")
        ident = ident[:MAX_VALUE]
    ident = ident or str(number)

    schema_text = _first_text(get("schema"))
    schema = parse_schema(schema_text) if schema_text else None
    if schema_text and schema is None:
        expected = ", ".join(SCHEMAS)
        message = f"unknown schema {_quote(schema_text)}: expected one of {expected}"
        return InputRow(number, RowError(ident, message), tuple(warnings))

    names = _EMPTY
    if cells := get("name"):
        names = _unique((_clean_name(c, warnings) for c in _name_values(cells)), "name", warnings)
    if not names:
        parts = [_first_text(get(part)) for part in ("first_name", "middle_name", "last_name")]
        joined = _clean_name(" ".join(p for p in parts if p), warnings)
        if joined:
            names = (joined,)
            schema = schema or "Person"

    birth_dates = _EMPTY
    if cells := get("birth_date"):
        found: list[str] = []
        for cell in _values(cells, split=True):
            if isinstance(cell, str) and not cell.strip():
                continue
            parsed = parse_date(cell)
            if parsed is None:
                warnings.append(f"birth_date {_quote(clean_text(cell))} is not a date; ignored")
            else:
                found.extend(parsed)
        birth_dates = _unique(found, "birth_date", warnings)

    countries = _EMPTY
    if cells := get("nationality"):
        countries = _unique(_countries(cells, warnings), "country", warnings)

    imo = _EMPTY
    if cells := get("imo"):
        numbers: list[str] = []
        for cell in _values(cells, split=True):
            text = clean_text(cell)
            if not text:
                continue
            valid = parse_imo(text)
            if valid is None:
                warnings.append(f"imo {_quote(text)} is not a valid IMO number; ignored")
            else:
                numbers.append(valid)
        imo = _unique(numbers, "imo", warnings)

    passports = identifiers = _EMPTY
    if cells := get("passport"):
        passports = _unique(_identifiers(cells, "passport", warnings), "passport", warnings)
    if cells := get("identifier"):
        identifiers = _unique(_identifiers(cells, "identifier", warnings), "identifier", warnings)

    if not (names or imo or passports or identifiers):
        message = "nothing to screen: no name, IMO number, passport or identifier"
        return InputRow(number, RowError(ident, message), tuple(warnings))
    query = Query(
        id=ident,
        schema=schema or "LegalEntity",
        names=names,
        birth_dates=birth_dates,
        countries=countries,
        imo=imo,
        passports=passports,
        identifiers=identifiers,
    )
    return InputRow(number, query, tuple(warnings))


# ---------------------------------------------------------------- files


def _map_columns(columns: list[str]) -> dict[str, list[int]]:
    fields: dict[str, list[int]] = {}
    for i, col in enumerate(columns):
        fld = COLUMN_FIELDS.get(column_key(col))
        if fld is not None and not (fld == "id" and "id" in fields):
            fields.setdefault(fld, []).append(i)
    return fields


def _detect_format(path: Path, head: bytes) -> str:
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return "xlsx"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "jsonl"
    return "csv"


def _count_newlines(path: Path) -> int:
    count = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


@dataclass
class InputFile:
    """An opened input: its format, header, the column mapping and file-level warnings."""

    path: Path
    format: str
    columns: list[str]
    fields: dict[str, list[int]]
    warnings: list[str] = field(default_factory=list)
    # CSV only
    encoding: str = "utf-8"
    delimiter: str = ","

    @property
    def ignored_columns(self) -> list[str]:
        used = {i for idxs in self.fields.values() for i in idxs}
        return [c for i, c in enumerate(self.columns) if i not in used]

    def total_rows(self) -> int | None:
        """How many rows there are, cheaply (for progress); an estimate for CSV and JSONL
        (multi-line cells, blank lines), exact for Parquet and XLSX (up to empty rows)."""
        try:
            if self.format == "parquet":
                import pyarrow.parquet as pq

                return pq.ParquetFile(self.path).metadata.num_rows
            if self.format == "xlsx":
                return max(0, _calamine_sheet(self.path).height - 1)
            lines = _count_newlines(self.path)
            return max(0, lines - 1) if self.format == "csv" else lines
        except Exception:
            return None

    def records(self, skip: int = 0) -> Iterator[tuple[int, Record]]:
        """Raw records in file order; the first `skip` rows are passed over unparsed."""
        reader = {
            "csv": self._csv_records,
            "xlsx": self._xlsx_records,
            "jsonl": self._jsonl_records,
            "parquet": self._parquet_records,
        }[self.format]
        return reader(skip)

    def rows(self, skip: int = 0) -> Iterator[InputRow]:
        for number, record in self.records(skip):
            yield parse_record(number, record)

    def _picker(self) -> Callable[[list[Any]], dict[str, list[Any]]]:
        """cells -> {field: [values]}, short rows padded (a hot loop: kept cheap)."""
        width = max((i for idxs in self.fields.values() for i in idxs), default=-1) + 1
        single = [(f, idxs[0]) for f, idxs in self.fields.items() if len(idxs) == 1]
        multi = [(f, idxs) for f, idxs in self.fields.items() if len(idxs) > 1]

        def pick(cells: list[Any]) -> dict[str, list[Any]]:
            if len(cells) < width:
                cells = list(cells) + [None] * (width - len(cells))
            record = {f: [cells[i]] for f, i in single}
            for f, idxs in multi:
                record[f] = [cells[i] for i in idxs]
            return record

        return pick

    # CSV ---------------------------------------------------------------

    def _csv_lines(self, fh: BinaryIO, state: dict[str, bool]) -> Iterator[str]:
        if self.encoding == "utf-16":
            yield from io.TextIOWrapper(fh, encoding="utf-16", newline="")
            return
        first = True
        for raw in fh:
            if first:
                raw = raw.removeprefix(codecs.BOM_UTF8)
                first = False
            if self.encoding == "cp1252":
                yield raw.decode("cp1252", "replace")
                continue
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                state["fallback"] = True
                yield raw.decode("cp1252", "replace")

    def _csv_records(self, skip: int) -> Iterator[tuple[int, Record]]:
        state = {"fallback": False}
        pick = self._picker()
        with open(self.path, "rb") as fh:
            reader = csv.reader(self._csv_lines(fh, state), delimiter=self.delimiter)
            next(reader, None)  # header
            number = 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    number += 1
                    if number > skip:
                        yield number, f"unreadable CSV row (line {reader.line_num}): {exc}"
                    state["fallback"] = False
                    continue
                if not "".join(cells).strip():
                    state["fallback"] = False
                    continue
                number += 1
                if number <= skip:
                    state["fallback"] = False
                    continue
                record = pick(cells)
                if state["fallback"]:
                    record["_warnings"] = ["text is not valid UTF-8; read as Windows-1252"]
                    state["fallback"] = False
                yield number, record

    # XLSX --------------------------------------------------------------

    def _xlsx_records(self, skip: int) -> Iterator[tuple[int, Record]]:
        pick = self._picker()
        rows = _calamine_sheet(self.path).iter_rows()
        for cells in rows:  # up to and including the header
            if any(_filled(c) for c in cells):
                break
        number = 0
        for cells in rows:
            if not any(_filled(c) for c in cells):
                continue
            number += 1
            if number > skip:
                yield number, pick(cells)

    # JSONL -------------------------------------------------------------

    def _jsonl_records(self, skip: int) -> Iterator[tuple[int, Record]]:
        number = 0
        with open(self.path, "rb") as fh:
            for raw in fh:
                if not raw.strip():
                    continue
                number += 1
                if number <= skip:
                    continue
                yield number, _json_record(raw)

    # Parquet -----------------------------------------------------------

    def _parquet_records(self, skip: int) -> Iterator[tuple[int, Record]]:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(self.path)
        names = [self.columns[i] for idxs in self.fields.values() for i in idxs]
        names = list(dict.fromkeys(names))
        position = {name: k for k, name in enumerate(names)}
        fields = {f: [position[self.columns[i]] for i in idxs] for f, idxs in self.fields.items()}
        groups, number = [], 0
        for g in range(pf.metadata.num_row_groups):
            rows = pf.metadata.row_group(g).num_rows
            if not groups and number + rows <= skip:
                number += rows  # whole row group already done: not even read
            else:
                groups.append(g)
        if not groups:
            return
        for batch in pf.iter_batches(batch_size=2048, row_groups=groups, columns=names):
            cols = [batch.column(k).to_pylist() for k in range(len(names))]
            for r in range(batch.num_rows):
                number += 1
                if number > skip:
                    yield number, {f: [cols[k][r] for k in ks] for f, ks in fields.items()}


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _calamine_sheet(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)


def _json_object(raw: bytes) -> dict[str, Any] | str:
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return f"not a JSON object: {exc}"
    if not isinstance(obj, dict):
        return f"not a JSON object but a JSON {type(obj).__name__}"
    props = obj.get("properties")
    if isinstance(props, dict):  # yente / FollowTheMoney shape
        obj = {**{k: v for k, v in obj.items() if k != "properties"}, **props}
    return obj


def _json_record(raw: bytes) -> Record:
    obj = _json_object(raw)
    if isinstance(obj, str):
        return obj
    record: dict[str, list[Any]] = {}
    for key, value in obj.items():
        fld = _json_field(key)
        if fld is not None and not (fld == "id" and "id" in record):
            record.setdefault(fld, []).append(value)
    return record


@lru_cache(maxsize=1024)
def _json_field(key: str) -> str | None:
    return COLUMN_FIELDS.get(column_key(key))


def _pick_delimiter(sample: str) -> str:
    """The header line decides (headers rarely hold delimiters); csv.Sniffer settles ties; a
    one-column file gets the candidate least seen in the data, so `Kim, Jong Un` stays whole."""
    header = sample.split("\n", 1)[0]
    candidates = [d for d in ",;\t|" if d in header]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return min(",;\t|", key=sample.count)
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(candidates)).delimiter
    except csv.Error:
        found = ""
    return found if found in candidates else max(candidates, key=header.count)


def _describe(path: Path, columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:30]) or "none"
    more = f" (and {len(columns) - 30} more)" if len(columns) > 30 else ""
    wanted = "name (or full_name, first_name + last_name), imo, passport"
    return (
        f"{path}: no column to screen on; expected one of {wanted}. "
        f"The file has the columns: {shown}{more}"
    )


def open_input(path: Path | str) -> InputFile:
    """Open and check an input file. Raises InputError naming the file when it cannot be read
    or has no column to screen on."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(ENCODING_SAMPLE)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not head.strip():
        raise InputError(f"{path}: the file is empty (a header row is expected)")
    fmt = _detect_format(path, head)
    opener = {"csv": _open_csv, "xlsx": _open_xlsx, "jsonl": _open_jsonl, "parquet": _open_parquet}
    inp = opener[fmt](path, head)
    if not any(f in inp.fields for f in SCREENABLE):
        raise InputError(_describe(path, inp.columns))
    return inp


def _open_csv(path: Path, head: bytes) -> InputFile:
    warnings = []
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        text = head[: SNIFF_BYTES * 2].decode("utf-16", "ignore")
    else:
        encoding = "utf-8"
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            encoding = "cp1252"
            warnings.append(f"{path.name} is not UTF-8; read as Windows-1252 (cp1252)")
        text = head[:SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).decode(encoding, "ignore")
    if text.count("\x00") > len(text) // 100 or head.startswith(b"\x1f\x8b"):
        raise InputError(f"{path}: not a text file (CSV expected, found binary content)")
    sample = text[: text.rfind("\n") + 1] or text
    delimiter = _pick_delimiter(sample.replace("\r\n", "\n"))
    header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
    columns = [clean_text(c) for c in header]
    return InputFile(
        path,
        "csv",
        columns,
        _map_columns(columns),
        warnings,
        encoding=encoding,
        delimiter=delimiter,
    )


def _open_xlsx(path: Path, head: bytes) -> InputFile:
    try:
        rows = _calamine_sheet(path).iter_rows()
        header = next((r for r in rows if any(_filled(c) for c in r)), [])
    except Exception as exc:  # calamine raises its own errors for corrupt or locked files
        raise InputError(f"{path}: not a readable spreadsheet: {exc}") from None
    columns = [clean_text(c) for c in header]
    return InputFile(path, "xlsx", columns, _map_columns(columns))


def _open_jsonl(path: Path, head: bytes) -> InputFile:
    if head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"["):
        raise InputError(f"{path}: a JSON array; JSON Lines (one object per line) expected")
    # The first object that parses gives the columns; later objects may add or lack keys.
    with open(path, "rb") as fh:
        for _ in range(100):
            raw = fh.readline(64 * 1024 * 1024)
            if not raw:
                break
            if raw.strip():
                obj = _json_object(raw)
                if isinstance(obj, dict):
                    columns = [clean_text(k) for k in obj]
                    return InputFile(path, "jsonl", columns, _map_columns(columns))
    raise InputError(f"{path}: no JSON object in the first lines (JSON Lines expected)")


def _open_parquet(path: Path, head: bytes) -> InputFile:
    import pyarrow.parquet as pq

    try:
        columns = list(pq.ParquetFile(path).schema_arrow.names)
    except Exception as exc:  # pyarrow raises ArrowInvalid / OSError for corrupt files
        raise InputError(f"{path}: not a readable Parquet file: {exc}") from None
    return InputFile(path, "parquet", columns, _map_columns(columns))


def iter_queries(path: Path | str, skip: int = 0) -> Iterator[tuple[int, Query | RowError]]:
    """`(row_number, Query | RowError)` for each row, in file order."""
    for row in open_input(path).rows(skip):
        yield row.number, row.item
