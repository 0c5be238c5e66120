"""Reading helpers shared by the two UK list loaders (OFSI Consolidated List, FCDO list).

Both lists come as spreadsheets (XLSX, XLS or ODS) and OFSI also as CSV. Readers here turn a file
into numbered rows of cell text, so the loaders can name the exact row or line of a bad record:
`SheetRow = (number, cells)` where `number` is the 1-based spreadsheet row or CSV line and blank
rows are dropped (the numbers of the rows that remain are unchanged).

Spreadsheets are read with python-calamine. calamine 0.9 fails on ODS files whose content.xml is
indented ("Expecting 'table-cell', found Text"), which is how the real FCDO download is written, so
ODS falls back to a small streaming reader of content.xml (defusedxml: no entities, no DTD tricks).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from python_calamine import CalamineError, CalamineWorkbook

from cordon.lists.errors import LoadError
from cordon.lists.formats import zip_members

log = logging.getLogger(__name__)

SheetRow = tuple[int, list[str]]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (BIFF in an OLE container)
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Ids must stay in [A-Za-z0-9.-] (store rule); UK ids are digits or e.g. "DPR0100".
VALID_ID = re.compile(r"^[A-Za-z0-9.-]+$")


# --- spreadsheets -------------------------------------------------------------------------------


def sheet_kind(path: Path, head: bytes) -> str | None:
    """'xlsx', 'ods' or 'xls' from the content, or None when the file is no readable spreadsheet."""
    if head.startswith(OLE_MAGIC):
        return "xls"
    if not head.startswith(b"PK"):
        return None
    members = zip_members(path)
    if "xl/workbook.xml" in members:
        return "xlsx"
    if "content.xml" in members and _ods_mimetype(path, members):
        return "ods"
    return None


def _ods_mimetype(path: Path, members: set[str]) -> bool:
    if "mimetype" not in members:
        return True  # the mimetype member is optional in practice; content.xml decides
    with zipfile.ZipFile(path) as zf:
        return zf.read("mimetype").strip() == ODS_MIME


def read_sheet(path: Path) -> list[SheetRow]:
    """All non-blank rows of the first sheet, as text; LoadError for anything unreadable."""
    kind = _kind_or_error(path)
    stat = path.stat()
    return _read_sheet_cached(str(path), stat.st_mtime_ns, stat.st_size, kind)


def sheet_head(path: Path, head: bytes, nrows: int = 8) -> list[SheetRow] | None:
    """The first non-blank rows for format sniffing, or None (never raises).

    XLSX/XLS read through the same cache as `read_sheet`, so detection followed by parsing reads
    the workbook once; ODS streams only the first rows.
    """
    try:
        kind = sheet_kind(path, head)
        if kind is None:
            return None
        if kind == "ods":
            try:
                rows = _calamine_rows(path)
            except LoadError:
                return list(_ods_rows(path, limit=nrows))
            return rows[:nrows]
        stat = path.stat()
        return _read_sheet_cached(str(path), stat.st_mtime_ns, stat.st_size, kind)[:nrows]
    except Exception:  # sniffing must never raise, whatever the bytes are
        return None


def _kind_or_error(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise LoadError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not head:
        raise LoadError(path, "file is empty")
    kind = sheet_kind(path, head)
    if kind is None:
        if head.startswith(b"PK"):
            msg = "damaged or truncated ZIP container: not a readable XLSX or ODS spreadsheet"
        else:
            msg = "not an XLSX, XLS or ODS spreadsheet"
        raise LoadError(path, msg)
    return kind


@lru_cache(maxsize=2)
def _read_sheet_cached(path: str, mtime_ns: int, size: int, kind: str) -> list[SheetRow]:
    """Cached on (path, mtime, size): sniffing and parsing the same file read it once."""
    try:
        return _calamine_rows(Path(path))
    except LoadError:
        if kind != "ods":
            raise
    return list(_ods_rows(Path(path)))


def _calamine_rows(path: Path) -> list[SheetRow]:
    try:
        with open(path, "rb") as fh:
            workbook = CalamineWorkbook.from_filelike(fh)
            if not workbook.sheet_names:
                raise LoadError(path, "spreadsheet has no sheets")
            values = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise LoadError(path, f"unreadable spreadsheet ({type(exc).__name__}): {exc}") from None
    except OSError as exc:
        raise LoadError(path, f"cannot read file: {exc}") from None
    rows: list[SheetRow] = []
    for index, raw in enumerate(values, start=1):
        cells = [value.strip() if type(value) is str else cell_text(value) for value in raw]
        if any(cells):
            rows.append((index, cells))
    return rows


def cell_text(value: object) -> str:
    """A cell as text: dates become ISO dates, whole floats lose their '.0' (Group IDs)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- ODS fallback reader ------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
T_TABLE = _TABLE + "table"
T_ROW = _TABLE + "table-row"
T_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
T_PARAS = (_TEXT + "p", _TEXT + "h")
T_SPACE, T_TAB, T_BREAK = _TEXT + "s", _TEXT + "tab", _TEXT + "line-break"
T_SKIP = (_OFFICE + "annotation", _TEXT + "note")
_WS = re.compile(r"[ \t\r\n]+")
MAX_REPEAT = 10_000  # a repeated non-empty cell/row beyond this is a bomb, not a list


def _ods_rows(path: Path, limit: int | None = None) -> Iterator[SheetRow]:
    """Rows of the first table of an ODS file, streamed; blank rows skipped, numbering kept."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            yield from _ods_table_rows(path, fh, limit)
    except (zipfile.BadZipFile, KeyError, EOFError, zipfile.LargeZipFile) as exc:
        raise LoadError(path, f"damaged ODS container: {exc}") from None
    except DefusedXmlException as exc:
        raise LoadError(path, f"refused unsafe XML in ODS content ({type(exc).__name__})") from None
    except ParseError as exc:
        line, _ = exc.position
        raise LoadError(path, f"malformed ODS content.xml at line {line}: {exc.msg}") from None


def _ods_table_rows(path: Path, fh: io.BufferedIOBase, limit: int | None) -> Iterator[SheetRow]:
    number = 0
    emitted = 0
    depth = 0
    events = SafeET.iterparse(
        fh, events=("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    for event, elem in events:
        if elem.tag == T_TABLE:
            if event == "start":
                depth += 1
                continue
            return  # only the first sheet
        if event != "end" or elem.tag != T_ROW or depth == 0:
            continue
        repeat = int(elem.get(_TABLE + "number-rows-repeated", "1"))
        cells = _ods_row_cells(path, elem, number + 1)
        elem.clear()
        if not any(cells):
            number += repeat
            continue
        if repeat > MAX_REPEAT:
            raise LoadError(path, f"row repeated {repeat} times", record=f"row {number + 1}")
        for _ in range(repeat):
            number += 1
            yield number, list(cells)
            emitted += 1
            if limit is not None and emitted >= limit:
                return


def _ods_row_cells(path: Path, row: Element, number: int) -> list[str]:
    cells: list[str] = []
    pending = 0  # empty cells are only materialised when a value follows them
    for cell in row:
        if cell.tag not in T_CELLS:
            continue
        repeat = int(cell.get(_TABLE + "number-columns-repeated", "1"))
        value = _ods_cell_value(cell)
        if not value:
            pending += repeat
            continue
        if repeat > MAX_REPEAT or pending > MAX_REPEAT:
            raise LoadError(path, "cell repeated beyond any list's width", record=f"row {number}")
        cells.extend([""] * pending)
        cells.extend([value] * repeat)
        pending = 0
    return cells


def _ods_cell_value(cell: Element) -> str:
    kind = cell.get(_OFFICE + "value-type")
    if kind == "date":
        return (cell.get(_OFFICE + "date-value") or "")[:10]
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(_OFFICE + "value") or ""
        try:
            return cell_text(float(raw))
        except ValueError:
            return raw.strip()
    if kind == "boolean":
        return (cell.get(_OFFICE + "boolean-value") or "").upper()
    paras = [_para_text(p) for p in cell if p.tag in T_PARAS]
    return "\n".join(paras).strip()


def _para_text(para: Element) -> str:
    """ODF paragraph text: runs of white space collapse to one; text:s/tab/line-break expand."""
    parts: list[str] = []
    _walk_text(para, parts)
    return "".join(parts).strip()


def _walk_text(elem: Element, parts: list[str]) -> None:
    if elem.text:
        parts.append(_WS.sub(" ", elem.text))
    for child in elem:
        if child.tag == T_SPACE:
            parts.append(" " * min(int(child.get(_TEXT + "c", "1")), 100))
        elif child.tag == T_TAB:
            parts.append("\t")
        elif child.tag == T_BREAK:
            parts.append("\n")
        elif child.tag not in T_SKIP:
            _walk_text(child, parts)
        if child.tail:
            parts.append(_WS.sub(" ", child.tail))


# --- CSV ----------------------------------------------------------------------------------------


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV: UTF-8 (BOM optional), else cp1252 with a logged warning.

    OFSI has published its CSV in Windows-1252 at times; a UTF-8 reading is always tried first
    because valid UTF-8 is almost never accidental. UTF-16 is refused with a clear message rather
    than guessed at, like every other text list in cordon.
    """
    if not data.strip(b" \t\r\n\x1a\x00"):
        raise LoadError(path, "file is empty")
    if data.startswith(UTF16_BOMS) or b"\x00" in data[:4096]:
        raise LoadError(
            path,
            "file is UTF-16 (or has NUL bytes); expected UTF-8 or Windows-1252 text: "
            "re-save it as UTF-8 CSV",
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        cp_line = data.count(b"\n", 0, exc.start) + 1
        raise LoadError(path, "file is neither UTF-8 nor Windows-1252 text", line=cp_line) from None
    log.warning(
        "%s: not valid UTF-8 (byte 0x%s on line %d); decoded as Windows-1252 (cp1252)",
        path,
        bad,
        line,
    )
    return text, "cp1252"


def read_csv(path: Path) -> tuple[list[SheetRow], str]:
    """Non-blank CSV rows numbered by their first physical line, and the encoding used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"cannot read file: {exc.strerror or exc}") from None
    text, encoding = decode_text(path, data)
    rows: list[SheetRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for raw in reader:
            cells = [cell.strip() for cell in raw]
            if any(cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise LoadError(path, f"malformed CSV: {exc}", line=line) from None
    return rows, encoding


def text_head_lines(head: bytes, count: int = 6) -> list[str]:
    """First lines of a text file for sniffing, whatever its encoding (never raises)."""
    if head.startswith(UTF16_BOMS):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff").splitlines()[:count]


# --- values -------------------------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ].*)?$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:to|-|–)\s*(\d{4})$", re.IGNORECASE)
_APPROX = re.compile(r"^(?:circa|c\.|ca\.|approx\.?|approximately|about)\s*", re.IGNORECASE)


@lru_cache(maxsize=8192)
def uk_date(text: str) -> str | None:
    """ISO form of a UK list date: dd/mm/yyyy or dd-mm-yyyy, 00 for unknown day or month.

    '00/00/1962' -> '1962', '00/05/1962' -> '1962-05', '05/1962' -> '1962-05'; ISO passes through.
    Impossible dates give None: the caller keeps nothing rather than a guess.
    """
    text = text.strip()
    if match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _MY.match(text):
        day, (month, year) = 0, (int(g) for g in match.groups())
    elif match := _YEAR.match(text):
        day, month, year = 0, 0, int(match.group(1))
    elif match := _ISO.match(text):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    else:
        return None
    return _iso(year, month, day)


def _iso(year: int, month: int, day: int) -> str | None:
    if year == 0:
        return None
    if month == 0:
        return None if day else f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def dob_values(text: str) -> list[str]:
    """Birth dates in ISO form: a date, 'circa X' -> X, a year range (<= 10 years) -> each year."""
    text = _APPROX.sub("", text.strip())
    if match := _YEAR_RANGE.match(text):
        first, last = int(match.group(1)), int(match.group(2))
        if 0 <= last - first <= 10:
            return [str(year) for year in range(first, last + 1)]
        return []
    iso = uk_date(text)
    return [iso] if iso else []


_NUMBERED = re.compile(r"\s*\(\d{1,2}\)\s*")


def split_numbered(text: str) -> list[str]:
    """'(1) A (2) B' -> ['A', 'B']; plain text -> [text]; '-' placeholders dropped."""
    text = text.strip()
    if not text.startswith("(1)"):
        return [text] if text and text != "-" else []
    parts = (part.strip().rstrip(".").strip() for part in _NUMBERED.split(text))
    return [part for part in parts if part and part != "-"]


def slug(text: str) -> str:
    """Id-safe lower-case slug: "Democratic People's Republic of Korea" -> 'democratic-...'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "none"


def canonical_header(cells: list[str], known: tuple[str, ...]) -> dict[str, int]:
    """Column index of each known header, matched case- and space-insensitively."""
    wanted = {_norm(name): name for name in known}
    index: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = wanted.get(_norm(cell))
        if name is not None and name not in index:
            index[name] = position
    return index


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()
