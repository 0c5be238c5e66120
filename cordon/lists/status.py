"""Read-side views of the lists: status per dataset and the latest diff, as plain data."""

from __future__ import annotations

from typing import Any

from cordon.policy import Principal
from cordon.store import Store


def status(store: Store, principal: Principal) -> list[dict[str, Any]]:
    """One row per dataset, in the shape `cordon lists status --json` documents."""
    rows = []
    for ds in store.datasets(principal):
        current = ds.current
        rows.append(
            {
                "dataset": ds.name,
                "title": ds.title,
                "publisher": ds.publisher,
                "version": current.version if current else None,
                "published": current.published.isoformat()
                if current and current.published
                else None,
                "records": current.records if current else 0,
                "schemas": current.schemas if current else {},
                "statements": current.statements if current else 0,
                "delisted": ds.delisted,
                "versions": len(ds.versions),
                "loaded_at": current.loaded_at.isoformat() if current else None,
                "sha256": current.sha256 if current else None,
                "marking": ds.marking.label,
            }
        )
    return rows


def latest_diff(store: Store, principal: Principal, dataset: str) -> dict[str, Any] | None:
    ds = store.dataset(principal, dataset)
    if ds is None or ds.current is None:
        return None
    applied = [v for v in ds.versions if v.applied]
    previous = applied[-2] if len(applied) > 1 else None
    current = ds.current
    changes = store.changes(principal, dataset, current.id)
    return {
        "dataset": ds.name,
        "version": current.version,
        "published": current.published.isoformat() if current.published else None,
        "previous": previous.version if previous else None,
        "added": current.added,
        "changed": current.changed,
        "removed": current.removed,
        "changes": [
            {
                "change": c.change,
                "source_id": c.source_id,
                "entity_id": c.entity_id,
                "caption": c.caption,
                "detail": c.detail,
            }
            for c in changes
        ],
    }


def describe_detail(detail: dict[str, Any]) -> str:
    if "delisted_on" in detail:
        return f"delisted {detail['delisted_on']}"
    parts = []
    for _entity, prop, value in detail.get("added", [])[:3]:
        parts.append(f"+{prop}: {value}")
    for _entity, prop, value in detail.get("removed", [])[:3]:
        parts.append(f"-{prop}: {value}")
    more = len(detail.get("added", [])) + len(detail.get("removed", [])) - len(parts)
    if more > 0:
        parts.append(f"(+{more} more)")
    return "; ".join(parts)
