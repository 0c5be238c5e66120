"""The list-update view: the latest releases of each dataset and what each one changed
(added, changed with the properties that moved, removed = delisted, relisted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cordon.policy import Principal
from cordon.store import Store
from cordon.store.store import Change

MAX_CHANGES = 500  # per release shown; the rest are counted


@dataclass(slots=True)
class Release:
    dataset: str
    title: str
    version_id: int
    version: str
    published: str | None
    loaded_at: str
    added: int
    changed: int
    removed: int
    current: bool
    changes: list[Change] = field(default_factory=list)
    more: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "title": self.title,
            "version_id": self.version_id,
            "version": self.version,
            "published": self.published,
            "loaded_at": self.loaded_at,
            "counts": {"added": self.added, "changed": self.changed, "removed": self.removed},
            "current": self.current,
            "changes": [
                {
                    "source_id": c.source_id,
                    "change": c.change,
                    "entity_id": c.entity_id,
                    "caption": c.caption,
                    "detail": c.detail,
                }
                for c in self.changes
            ],
            "more": self.more,
        }


def recent(store: Store, principal: Principal, dataset: str | None, versions: int) -> list[Release]:
    """Newest first. A first load "adds" every record; it is listed but its changes are not
    spelled out (they are the whole list), only later releases' are."""
    releases = []
    for ds in store.datasets(principal):
        if dataset and ds.name != dataset:
            continue
        applied = [v for v in ds.versions if v.applied]
        for v in reversed(applied[-versions:]):
            first = v.id == applied[0].id
            changes = [] if first else store.changes(principal, ds.name, v.id)
            releases.append(
                Release(
                    ds.name,
                    ds.title,
                    v.id,
                    v.version,
                    v.published.isoformat() if v.published else None,
                    v.loaded_at.isoformat(timespec="seconds"),
                    v.added,
                    v.changed,
                    v.removed,
                    ds.current is not None and ds.current.id == v.id,
                    changes[:MAX_CHANGES],
                    max(0, len(changes) - MAX_CHANGES),
                )
            )
    releases.sort(key=lambda r: r.loaded_at, reverse=True)
    return releases
