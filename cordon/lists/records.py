"""What a list parser produces: source records, each holding one or more draft entities.

Parsers stay pure (file in, records out) and know nothing of the store; `cordon.lists.service`
turns records into statements, versions and diffs. Values are cleaned here with the
FollowTheMoney property types, so every loader cleans the same way; the original text is kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from followthemoney import model
from followthemoney.schema import Schema

from cordon.lists.errors import LoadError

ID_CHARS = re.compile(r"[A-Za-z0-9.\-]+")  # what FollowTheMoney allows in an entity id
MAX_YEAR_SPAN = 10  # a birth "1962 to 1964" becomes every year, up to this span


@lru_cache(maxsize=200_000)
def clean_value(schema: str, prop: str, value: str) -> str | None:
    """Clean one value with its FtM property type; cached because lists repeat values a lot."""
    prop_obj = model.get(schema).get(prop)  # type: ignore[union-attr]
    return prop_obj.type.clean(value, fuzzy=False)  # type: ignore[union-attr]


@dataclass(slots=True)
class Draft:
    """An entity as a parser sees it: an id, a schema and (prop, value, original) triples."""

    id: str
    schema: str
    values: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if model.get(self.schema) is None:
            raise ValueError(f"unknown FollowTheMoney schema {self.schema!r}")

    @property
    def schema_obj(self) -> Schema:
        return model.get(self.schema)  # type: ignore[return-value]

    def add(self, prop: str, value: object, original: str | None = None) -> None:
        """Add a value if it cleans to something; silently skip blanks, never guess."""
        if value is None:
            return
        if isinstance(value, date):
            value = value.isoformat()
        text = str(value).strip()
        if not text or text == "-0-":
            return
        if self.schema_obj.get(prop) is None:
            raise ValueError(f"{self.schema} has no property {prop!r}")
        cleaned = clean_value(self.schema, prop, text)
        if cleaned is None:
            return
        triple = (prop, cleaned, original if original is not None else text)
        if triple not in self.values:
            self.values.append(triple)

    def first(self, prop: str) -> str | None:
        return next((v for p, v, _ in self.values if p == prop), None)


@dataclass(slots=True)
class Record:
    """One source record (a designation): its id such as ``un:KPi.033`` and its entities.

    The first entity is the designee; the rest hang off it (sanctions, addresses, identity
    documents, relationships). All of them share the record's source id in their statements.
    """

    source_id: str
    entities: list[Draft] = field(default_factory=list)

    @property
    def main(self) -> Draft:
        return self.entities[0]

    def fingerprint(self) -> str:
        """Content hash, to tell a changed record from an unchanged one between versions."""
        digest = hashlib.sha1()
        for draft in sorted(self.entities, key=lambda d: d.id):
            digest.update(f"{draft.id}\x1e{draft.schema}\x1e".encode())
            for prop, value, _ in sorted(draft.values):
                digest.update(f"{prop}\x1f{value}\x1e".encode())
        return digest.hexdigest()


@dataclass(slots=True)
class ParsedList:
    """One published version of one dataset, parsed from one or more files."""

    dataset: str  # e.g. "un_sc_sanctions", "us_ofac_sdn"
    title: str
    publisher: str
    files: list[Path]
    published: date | None  # from the file's own content, when it says
    records: list[Record]
    # Orders undated releases of one dataset (e.g. OFAC's highest entry number).
    serial: int | None = None
    format: str = ""

    @property
    def sha256(self) -> str:
        return files_sha256(self.files)

    def iter_drafts(self) -> Iterator[tuple[Record, Draft]]:
        for record in self.records:
            for draft in record.entities:
                yield record, draft

    def check_unique(self) -> None:
        seen: set[str] = set()
        for record in self.records:
            if record.source_id in seen:
                raise LoadError(
                    self.files[0], "duplicate source record id", record=record.source_id
                )
            seen.add(record.source_id)


@lru_cache(maxsize=256)
def _sha256_cached(path: str, mtime: float, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_sha256(paths: list[Path]) -> str:
    """Identity of a version: the sha256 of its file, or of its files' digests for a set."""
    if len(paths) == 1:
        return file_sha256(paths[0])
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    stat = path.stat()
    return _sha256_cached(str(path), stat.st_mtime, stat.st_size)


def short_hash(*parts: str | None) -> str:
    """A short content hash: ids of secondary entities stay stable when the list is reordered."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha1(joined.encode()).hexdigest()[:10]


def collect(out: dict[str, Draft], draft: Draft) -> None:
    """Keep one entity per id: a repeated document or address adds its values to the first."""
    kept = out.setdefault(draft.id, draft)
    if kept is not draft:
        kept.values.extend(v for v in draft.values if v not in kept.values)


def year_span(start: str | None, end: str | None) -> range | None:
    """The years of a "1962 to 1964" birth span, if both ends are years at most 10 apart."""
    if not (start and end and start.isdigit() and end.isdigit()):
        return None
    if not 0 <= int(end) - int(start) <= MAX_YEAR_SPAN:
        return None
    return range(int(start), int(end) + 1)


def join(*parts: str | None, sep: str = ", ") -> str | None:
    kept = [p for p in parts if p]
    return sep.join(kept) if kept else None
