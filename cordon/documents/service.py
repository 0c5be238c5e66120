"""Ingest: files in, stored documents with their mentions and claims out.

A file is read, checked and extracted completely before anything is written, and stored in one
transaction, so a refused file leaves nothing behind; in a batch, each file stands alone (one
bad file is reported and the others are stored). The same bytes are stored once for whoever can
read them: a second upload answers with the existing document.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cordon.documents import readers
from cordon.documents.errors import DocumentError
from cordon.documents.model import Extraction
from cordon.model.markings import Marking, MarkingError
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.documents import NewDocument

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MARKING = "TLP:AMBER"  # the uploader's agency only, until someone releases it
SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf", ".docx"})


def max_bytes() -> int:
    """CORDON_MAX_DOCUMENT_BYTES: the largest file ingested (default 50 MB)."""
    value = os.environ.get("CORDON_MAX_DOCUMENT_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def default_marking(principal: Principal) -> Marking:
    """CORDON_DOCUMENT_MARKING (default TLP:AMBER: the uploader's own agency)."""
    text = os.environ.get("CORDON_DOCUMENT_MARKING") or DEFAULT_MARKING
    return Marking.parse(text, originator=principal.agency)


def parse_marking(text: str | None, principal: Principal) -> Marking:
    if not text:
        return default_marking(principal)
    try:
        return Marking.parse(text, originator=principal.agency)
    except MarkingError as exc:
        raise DocumentError("--marking", str(exc)) from None


class TextExtractor(Protocol):
    """`pipeline.Extractor`, or anything that extracts like it (the web app's shared one)."""

    def extract(self, text: str) -> Extraction: ...


@dataclass(slots=True)
class Ingested:
    name: str
    id: str
    sha256: str
    created: bool
    title: str | None = None
    published: str | None = None
    source: str | None = None
    mentions: int = 0
    linked: int = 0
    claims: int = 0
    notes: list[str] = field(default_factory=list)


def check_size(name: str, size: int, limit: int | None = None) -> None:
    limit = max_bytes() if limit is None else limit
    if size > limit:
        raise DocumentError(
            name,
            f"{size:,} bytes is over the limit of {limit:,} (CORDON_MAX_DOCUMENT_BYTES); "
            "nothing stored",
        )


def ingest_bytes(
    store: Store,
    principal: Principal,
    extractor: TextExtractor,
    name: str,
    data: bytes,
    marking: Marking,
) -> Ingested:
    check_size(name, len(data))
    sha = hashlib.sha256(data).hexdigest()
    existing = store.document_by_sha(principal, sha)
    if existing is not None:
        store.audit(principal, "document.duplicate", existing, {"sha256": sha, "filename": name})
        return _existing(store, principal, name, existing, sha)
    raw = readers.read(name, data)
    extraction = extractor.extract(raw.text)
    notes = [*raw.notes, *extraction.notes]
    new = NewDocument(
        sha256=sha,
        filename=Path(name).name,
        format=raw.format,
        text=raw.text,
        size=len(data),
        marking=marking,
        language=extraction.language,
        model=extraction.model,
        title=raw.title,
        published=raw.published,
        source=raw.source,
        notes=notes,
        mentions=[m.to_dict() for m in extraction.mentions],
        claims=[c.to_dict(raw.text) for c in extraction.claims],
    )
    doc_id, created = store.add_document(principal, new)
    if not created:
        return _existing(store, principal, name, doc_id, sha)
    return Ingested(
        name=name,
        id=doc_id,
        sha256=sha,
        created=True,
        title=raw.title,
        published=raw.published,
        source=raw.source,
        mentions=len(extraction.mentions),
        linked=sum(1 for m in extraction.mentions if m.entity_id),
        claims=len(extraction.claims),
        notes=notes,
    )


def _existing(store: Store, principal: Principal, name: str, doc_id: str, sha: str) -> Ingested:
    view = store.document(principal, doc_id)
    info = view.info if view is not None else None
    return Ingested(
        name=name,
        id=doc_id,
        sha256=sha,
        created=False,
        title=info.title if info else None,
        published=info.published if info else None,
        source=info.source if info else None,
        mentions=info.mentions if info else 0,
        linked=sum(1 for m in view.mentions if m["entity_id"]) if view else 0,
        claims=info.claims if info else 0,
        notes=["already stored (same sha256)"],
    )


def files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the documents (by suffix) inside the folders named."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    yield child
        else:
            yield path


def ingest_paths(
    store: Store,
    principal: Principal,
    extractor: TextExtractor,
    paths: list[Path],
    marking: Marking,
    progress: Callable[[Path], None] | None = None,
) -> tuple[list[Ingested], list[DocumentError]]:
    """Each file in its own transaction: (stored or found, refused with the reason)."""
    done: list[Ingested] = []
    refused: list[DocumentError] = []
    for path in files(paths):
        try:
            check_size(str(path), path.stat().st_size)  # before reading 200 MB into memory
            done.append(
                ingest_bytes(store, principal, extractor, str(path), path.read_bytes(), marking)
            )
        except DocumentError as exc:
            refused.append(exc)
        except OSError as exc:
            refused.append(DocumentError(str(path), f"cannot read: {exc.strerror or exc}"))
        if progress is not None:
            progress(path)
    return done, refused


def read_path(path: Path) -> readers.RawDocument:
    """Read one file for `cordon extract` (same checks as ingest, nothing stored)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read: {exc.strerror or exc}") from None
    check_size(str(path), size)
    return readers.read(str(path), path.read_bytes())
