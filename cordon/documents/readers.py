"""Reading files into text: plain text, HTML (main text only), PDF (text layer) and DOCX.

The format is read from the content (magic bytes, markup), not trusted from the file name, so
binary data named .txt is refused as binary rather than stored as mojibake. HTML is parsed,
never executed: trafilatura (lxml underneath) keeps the main text and drops scripts, styles and
navigation; the stored text is plain and every interface escapes it when rendering.

Metadata, when found: title, publication date and source (site name, publisher, URL or a
"Source:" line), from the HTML head, PDF info, DOCX core properties, or the first lines and the
file name (``2017-08-08-some-title.txt``) of plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from cordon.documents.errors import DocumentError

MIN_TEXT = 20  # characters: less than this is no text to read


@dataclass(slots=True)
class RawDocument:
    text: str
    format: str  # txt | html | pdf | docx
    title: str | None = None
    published: str | None = None
    source: str | None = None
    notes: list[str] = field(default_factory=list)


def read(name: str, data: bytes) -> RawDocument:
    """Text and metadata of one file's bytes; DocumentError (naming the file) if unreadable."""
    if not data:
        raise DocumentError(name, "empty file")
    kind = sniff(data)
    if kind == "pdf":
        doc = _pdf(name, data)
    elif kind == "docx":
        doc = _docx(name, data)
    elif kind == "zip":
        raise DocumentError(name, "a zip archive, not a document (DOCX, PDF, HTML or text)")
    else:
        text = decode(name, data)
        doc = _html(name, text) if kind == "html" or _looks_like_html(text) else _text(text)
    doc.text = _tidy(doc.text)
    if len(doc.text.strip()) < MIN_TEXT and doc.format != "pdf":
        raise DocumentError(name, f"no readable text in this {doc.format.upper()} file")
    if not doc.published:
        doc.published = _date_in_name(name)
    return doc


def sniff(data: bytes) -> str:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    lowered = head[:200].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype html")):
        return "html"
    return "text"


def decode(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(name, "starts like UTF-16 text but does not decode") from None
    sample = data[:65536]
    nul = sample.count(b"\x00")
    controls = sum(sample.count(bytes([c])) for c in (*range(1, 9), 11, 12, *range(14, 32)))
    if nul or controls > len(sample) * 0.01:
        raise DocumentError(
            name,
            f"binary data, not text ({nul} NUL and {controls} control bytes in the first "
            f"{len(sample)}); formats read: plain text, HTML, PDF, DOCX",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or ("<body" in head and "</" in head)


def _tidy(text: str) -> str:
    """Line ends unified, trailing spaces and runs of blank lines removed, NULs dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


# -- plain text ---------------------------------------------------------------------------------

_SOURCE_LINE = re.compile(r"^\s*(?:source|via|published by|from)\s*:\s*(.{2,120})$", re.I | re.M)
_URL = re.compile(r"https?://[^\s<>\"')]+")
_DATE_ISO = re.compile(r"\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE_WORDS = re.compile(
    r"\b(?:(\d{1,2})\s+)?(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?\s+"
    r"(?:(\d{1,2}),?\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _text(text: str) -> RawDocument:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0] if lines and len(lines[0]) <= 200 else None
    head = "\n".join(lines[:12])
    source = None
    if found := _SOURCE_LINE.search(head):
        source = found.group(1).strip()
    elif found := _URL.search(head):
        source = found.group()
    return RawDocument(
        text=text, format="txt", title=title, published=_date_in(head), source=source
    )


def _date_in(text: str) -> str | None:
    if found := _DATE_ISO.search(text):
        return found.group()
    if found := _DATE_WORDS.search(text):
        day = found.group(1) or found.group(3)
        month = [m[:3] for m in _MONTHS].index(found.group(2).lower()[:3]) + 1
        year = found.group(4)
        return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
    return None


def _date_in_name(name: str) -> str | None:
    base = re.split(r"[\\/]", name)[-1]
    if found := re.match(r"((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?", base):
        return found.group(0)
    return None


# -- HTML ---------------------------------------------------------------------------------------


def _html(name: str, html: str) -> RawDocument:
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, deduplicate=True
    )
    meta = trafilatura.extract_metadata(html)
    notes = []
    if not text or len(text.strip()) < MIN_TEXT:
        text = _html_fallback(html)
        notes.append("no main text found by trafilatura; all visible text was kept")
    if not text or len(text.strip()) < MIN_TEXT:
        raise DocumentError(
            name, "no readable text in this HTML (only scripts, styles or markup); nothing stored"
        )
    title = meta.title if meta is not None else None
    published = meta.date if meta is not None else None
    source = None
    if meta is not None:
        source = meta.sitename or meta.url or meta.hostname
    return RawDocument(
        text=text, format="html", title=title, published=published, source=source, notes=notes
    )


def _html_fallback(html: str) -> str:
    """Visible text only: scripts, styles and templates removed from the parsed tree."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several types on broken markup
        return ""
    for element in tree.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


# -- PDF ----------------------------------------------------------------------------------------


def _pdf(name: str, data: bytes) -> RawDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(name, "encrypted PDF (a password is needed); nothing stored")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DocumentError(name, f"broken PDF: {exc}") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if len(text.strip()) < MIN_TEXT:
        raise DocumentError(
            name,
            f"this PDF has no text layer ({len(pages)} page(s) of images or blank pages); "
            "cordon does not run OCR: run OCR first (e.g. ocrmypdf) and ingest the result",
        )
    meta = reader.metadata
    title = published = source = None
    if meta is not None:
        title = (meta.title or "").strip() or None
        created = _pdf_date(meta)
        published = created.date().isoformat() if created else None
        source = (meta.get("/Publisher") or meta.author or "").strip() or None
    return RawDocument(text=text, format="pdf", title=title, published=published, source=source)


def _pdf_date(meta) -> datetime | None:  # type: ignore[no-untyped-def]
    try:
        return meta.creation_date
    except (ValueError, TypeError):
        return None


# -- DOCX ---------------------------------------------------------------------------------------


def _docx(name: str, data: bytes) -> RawDocument:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a broken package
        raise DocumentError(name, f"broken DOCX: {exc}") from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text.strip() for cell in row.cells))
    text = "\n\n".join(p.strip() for p in parts if p.strip())
    props = document.core_properties
    published = props.created.date().isoformat() if props.created else None
    return RawDocument(
        text=text,
        format="docx",
        title=(props.title or "").strip() or None,
        published=published,
        source=(props.author or "").strip() or None,
    )
