"""XML parsing for untrusted list files: no DTD entities, no external resources, no network.

Official lists never need a DTD. Any entity declaration (billion laughs, XXE) is refused with an
error naming the file, rather than expanded or silently dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from cordon.lists.errors import LoadError

XML_ENCODING = re.compile(r"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def parse_xml(path: Path) -> ET.Element:
    try:
        tree = SafeET.parse(str(path), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise LoadError(path, f"refused unsafe XML ({type(exc).__name__}): {exc}") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise LoadError(path, f"malformed XML at column {column}: {exc.msg}", line=line) from None
    return tree.getroot()


def local(tag: str) -> str:
    """Tag name without its namespace: OFAC's XML namespace changes between releases."""
    return tag.rsplit("}", 1)[-1]


def children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem if local(c.tag) == name]


def child(elem: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in elem if local(c.tag) == name), None)


def text(elem: ET.Element | None, name: str | None = None) -> str | None:
    """Stripped text of `elem` (or of its child `name`), None when empty."""
    if elem is not None and name is not None:
        elem = child(elem, name)
    if elem is None or elem.text is None:
        return None
    value = elem.text.strip()
    return value or None


def head_text(head: bytes) -> str:
    """The file's first bytes as text, whatever the Unicode encoding, for cheap sniffing."""
    if head.startswith(UTF16_BOMS):
        return head.decode("utf-16", errors="ignore")
    if head[:64].count(b"\x00") > 8:  # UTF-16 without a byte-order mark
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return head.decode(codec, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def read_xml(path: Path) -> ET.Element:
    """Parse a list file safely; on failure say whether encoding or truncation is the cause."""
    try:
        return parse_xml(path)
    except LoadError as exc:
        hint = _diagnose(path, exc.message)
        if hint is None:
            raise
        raise LoadError(path, f"{hint} ({exc.message})", line=exc.line) from None


def _diagnose(path: Path, message: str) -> str | None:
    """Explain a parser error in the user's terms, when the bytes show what went wrong."""
    if message.startswith("refused unsafe XML"):
        return None
    data = path.read_bytes()
    if not data.strip():
        return "file is empty"
    utf16 = data.startswith(UTF16_BOMS) or data[:64].count(b"\x00") > 8
    declared = XML_ENCODING.search(head_text(data[:400]))
    codec = declared.group(1).lower() if declared else None
    if utf16 and not (codec or "").startswith("utf-16"):
        return f"file is UTF-16 encoded but its XML declaration says {codec or 'nothing (UTF-8)'}"
    if not utf16 and codec in (None, "utf-8", "utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            return f"not valid UTF-8 at line {line} (Latin-1 or Windows-1252 text?)"
    if "no element found" in message or "unclosed token" in message:
        return "file is truncated or incomplete"
    return None


def file_date(root: ET.Element, attr: str, path: Path) -> date | None:
    """The publication date a list file states about itself (ISO date or timestamp)."""
    value = (root.get(attr) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise LoadError(path, f"{attr}={value!r} is not an ISO date") from None


class Fields:
    """An element's children by local tag name, indexed once: records are read field by field."""

    __slots__ = ("elem", "kids")

    def __init__(self, elem: ET.Element) -> None:
        self.elem = elem
        self.kids: dict[str, list[ET.Element]] = {}
        for kid in elem:
            self.kids.setdefault(local(kid.tag), []).append(kid)

    def all(self, name: str) -> list[ET.Element]:
        return self.kids.get(name, [])

    def get(self, name: str) -> str | None:
        """Stripped text of the first `name` child, None when absent or blank."""
        found = self.kids.get(name)
        return text(found[0]) if found else None
