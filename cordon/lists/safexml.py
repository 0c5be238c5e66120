"""XML parsing for untrusted list files: no DTD entities, no external resources, no network.

Official lists never need a DTD. Any entity declaration (billion laughs, XXE) is refused with an
error naming the file, rather than expanded or silently dropped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from cordon.lists.errors import LoadError


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
