"""Format detection: which parser reads a file, decided from its content.

Each parser module exposes a `FORMAT`. Detection reads the first bytes (and, for spreadsheets, the
first rows) and asks each format in turn. Companion files (OFAC's add/alt/comments CSVs) name the
primary file they belong to, so a folder load parses each set once.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cordon.lists.errors import LoadError
from cordon.lists.records import ParsedList

HEAD_BYTES = 65536


@dataclass(frozen=True)
class ListFormat:
    name: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    parse: Callable[[Path], ParsedList]
    # For a file that is only part of a set: the primary file that loads the whole set.
    primary: Callable[[Path], Path] | None = None
    # For a primary file: every file its parse reads (itself and its companions), so that an
    # unchanged set is recognised by its sha256 without parsing it.
    files: Callable[[Path], list[Path]] | None = None

    def files_of(self, path: Path) -> list[Path]:
        return self.files(path) if self.files else [path]


def read_head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(HEAD_BYTES)


def zip_members(path: Path) -> set[str]:
    """Member names of an XLSX/ODS container, or an empty set for anything else."""
    try:
        with zipfile.ZipFile(path) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return set()


def all_formats() -> list[ListFormat]:
    from cordon.lists import eu_fsf, ftm, ofac_csv, ofac_xml, uk_fcdo, uk_ofsi, un

    return [
        un.FORMAT,
        ofac_xml.FORMAT,
        eu_fsf.FORMAT,
        ftm.FORMAT,
        *ofac_csv.FORMATS,
        uk_ofsi.FORMAT,
        *uk_ofsi.EXTRA_FORMATS,
        uk_fcdo.FORMAT,
    ]


def detect(path: Path) -> ListFormat:
    """The format of `path`, or a LoadError that says what the file looked like."""
    if not path.is_file():
        raise LoadError(path, "no such file")
    head = read_head(path)
    if not head.strip(b" \t\r\n\x1a\x00"):
        raise LoadError(path, "file is empty")
    for fmt in all_formats():
        if fmt.sniff(path, head):
            return fmt
    raise LoadError(path, f"unknown list format ({describe(head)}); {supported()}")


def describe(head: bytes) -> str:
    start = head.lstrip()[:1]
    if head.startswith(b"PK"):
        return "a ZIP container that is neither a known XLSX nor ODS list"
    if start == b"<":
        return "XML/HTML of an unrecognised layout"
    if start in (b"{", b"["):
        return "JSON that is not FollowTheMoney entities"
    return "text that matches no known list layout"


def supported() -> str:
    return "supported: " + ", ".join(f.description for f in all_formats() if f.primary is None)
