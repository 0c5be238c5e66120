"""The document reader's data: the store's policy-filtered document reads in the API's shape
(`GET /api/v1/documents/{id}`: summary, text, mentions, claims). A hidden document answers
None exactly like a missing one."""

from __future__ import annotations

from typing import Any

from cordon.policy import Principal
from cordon.store import Store
from cordon.store.documents import DocumentInfo


def summary(info: DocumentInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "sha256": info.sha256,
        "filename": info.filename,
        "format": info.format,
        "title": info.title,
        "published": info.published,
        "source": info.source,
        "language": info.language,
        "marking": info.marking.label,
        "agency": info.agency,
        "created_at": info.created_at.isoformat(timespec="seconds"),
        "mentions": info.mentions,
        "claims": info.claims,
        "notes": info.notes,
    }


def listing(store: Store, principal: Principal) -> tuple[list[dict[str, Any]], list[Any]]:
    """(documents, their markings for the audit entry)."""
    docs = store.documents(principal, limit=200)
    return [summary(d) for d in docs], [d.marking for d in docs]


def one(store: Store, principal: Principal, doc_id: str) -> tuple[dict[str, Any], Any] | None:
    """(the document, its marking) or None."""
    view = store.document(principal, doc_id)
    if view is None:
        return None
    data = {**summary(view.info), "text": view.text, "mentions": view.mentions}
    data["claims"] = view.claims
    return data, view.info.marking
