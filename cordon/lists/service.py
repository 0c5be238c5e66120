"""Loading lists into the store: parse, order releases, diff against the current version, write.

Every file is parsed before anything is written, and the whole load is one transaction, so a bad
file anywhere leaves the store exactly as it was. Loading a file already loaded is a no-op; a newer
release records what was added, changed and removed, and removed designations become delisted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cordon.lists.errors import LoadError
from cordon.lists.formats import ListFormat, detect
from cordon.lists.records import ParsedList, Record, files_sha256
from cordon.model.markings import CLEAR, Marking
from cordon.model.statements import Hedge, statement_key
from cordon.policy import SYSTEM
from cordon.store import Store
from cordon.store.listload import ListLoad
from cordon.store.store import VersionInfo, utcnow

# Files that sit beside lists in a folder and are documentation, not data.
DOC_SUFFIXES = {".md", ".txt", ".rst", ".pdf", ".html", ".htm"}

Progress = Callable[[str], None]


@dataclass
class LoadResult:
    dataset: str
    title: str
    version: str
    status: str  # loaded | unchanged | historical
    files: list[str]
    published: date | None
    records: int
    statements: int
    added: int = 0
    changed: int = 0
    removed: int = 0
    schemas: dict[str, int] = field(default_factory=dict)


def collect(paths: Iterable[Path]) -> list[Path]:
    """Expand folders; a folder's documentation files are skipped, anything else must parse."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and not child.name.startswith(".")
                    and (child.suffix.lower() not in DOC_SUFFIXES)
                ):
                    files.append(child)
        elif path.exists():
            files.append(path)
        else:
            raise LoadError(path, "no such file or folder")
    return files


def plan(files: list[Path]) -> list[tuple[ListFormat, Path]]:
    """Which parser reads which primary file; companion files fold into their primary."""
    planned: dict[Path, ListFormat] = {}
    for path in files:
        fmt = detect(path)
        if fmt.primary is not None:
            primary = fmt.primary(path)
            if primary not in planned:
                planned[primary] = detect(primary) if primary.is_file() else fmt
            continue
        planned[path] = fmt
    return [(fmt, path) for path, fmt in planned.items()]


def parse_all(paths: Iterable[Path], progress: Progress | None = None) -> list[ParsedList]:
    return [parse_one(fmt, path, progress) for fmt, path in plan(collect(paths))]


def parse_one(fmt: ListFormat, path: Path, progress: Progress | None = None) -> ParsedList:
    if progress:
        progress(f"parsing {path.name}")
    result = fmt.parse(path)
    result.check_unique()
    return result


def release_order(parsed: ParsedList) -> tuple[Any, ...]:
    """Sort key for releases of one dataset: publication date, else OFAC-style serial."""
    return (parsed.published or date.min, parsed.serial or 0)


def is_older(parsed: ParsedList, current: Any) -> bool:
    """Whether `parsed` is a release older than the store's current version of its dataset."""
    if parsed.published and current.published and parsed.published != current.published:
        return parsed.published < current.published
    if parsed.serial is not None and current.serial is not None:
        return parsed.serial < current.serial
    return False


def load(store: Store, paths: Iterable[Path], progress: Progress | None = None) -> list[LoadResult]:
    """Load files and folders. Sets already loaded are recognised by sha256 and not parsed."""
    unchanged, parsed = [], []
    for fmt, path in plan(collect(paths)):
        known = store.known_version(SYSTEM, files_sha256(fmt.files_of(path)))
        if known is not None:
            if progress:
                progress(f"unchanged {path.name}")
            unchanged.append(unchanged_result(known))
        else:
            parsed.append(parse_one(fmt, path, progress))
    return unchanged + write(store, parsed, progress=progress)


def unchanged_result(known: VersionInfo) -> LoadResult:
    return LoadResult(
        dataset=known.dataset,
        title=known.dataset,
        version=known.version,
        status="unchanged",
        files=known.files,
        published=known.published,
        records=known.records,
        statements=known.statements,
        schemas=known.schemas,
    )


def write(
    store: Store,
    parsed: list[ParsedList],
    marking: Marking = CLEAR,
    progress: Progress | None = None,
) -> list[LoadResult]:
    """Store parsed versions, oldest release first, in one transaction.

    Official lists are public, hence TLP:CLEAR by default.
    """
    ordered = sorted(parsed, key=lambda p: (p.dataset, release_order(p)))
    results = []
    with store.list_loads() as loads:
        for item in ordered:
            if progress:
                progress(f"storing {item.dataset}")
            ds = loads.dataset(item.dataset, item.title, item.publisher, marking)
            results.append(apply_version(ds, item))
    return results


def version_label(parsed: ParsedList, sha256: str) -> str:
    return parsed.published.isoformat() if parsed.published else f"sha256:{sha256[:12]}"


def apply_version(load: ListLoad, parsed: ParsedList) -> LoadResult:
    sha = parsed.sha256
    schemas = dict(Counter(r.main.schema for r in parsed.records))
    rows = statement_rows(parsed, load.marking_key)
    result = LoadResult(
        dataset=parsed.dataset,
        title=parsed.title,
        version=version_label(parsed, sha),
        status="loaded",
        files=[str(f) for f in parsed.files],
        published=parsed.published,
        records=len(parsed.records),
        statements=len(rows),
        schemas=schemas,
    )
    if load.version_by_sha(sha) is not None:
        result.status = "unchanged"
        return result
    current = load.current_version()
    now = utcnow()
    version_id = load.add_version(
        version=result.version,
        published=parsed.published,
        serial=parsed.serial,
        sha256=sha,
        format=parsed.format,
        files=[f.name for f in parsed.files],
        loaded_at=now,
        records=len(parsed.records),
        statements=len(rows),
        schemas=schemas,
        applied=not (current is not None and is_older(parsed, current)),
    )
    if current is not None and is_older(parsed, current):
        result.status = "historical"
        return result
    diff = apply_records(load, parsed, current, version_id, now)
    apply_statements(load, rows, current, version_id, now)
    load.set_counts(version_id, **diff)
    load.make_current(version_id)
    result.added, result.changed, result.removed = diff["added"], diff["changed"], diff["removed"]
    return result


def statement_rows(parsed: ParsedList, marking_key: str) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    hedge = Hedge.ASSERTED.value
    for record, draft in parsed.iter_drafts():
        for prop, value, original in draft.values:
            key = statement_key(
                draft.id, prop, value, parsed.dataset, record.source_id, marking_key, hedge
            )
            rows[key] = {
                "id": key,
                "entity_id": draft.id,
                "schema": draft.schema,
                "prop": prop,
                "value": value,
                "original_value": original if original != value else None,
                "dataset": parsed.dataset,
                "source_id": record.source_id,
                "marking_key": marking_key,
                "confidence": 100,
                "hedge": hedge,
            }
    return list(rows.values())


def caption(record: Record) -> str:
    return record.main.first("name") or record.main.id


def apply_records(
    load: ListLoad, parsed: ParsedList, current: Any, version_id: int, now: datetime
) -> dict[str, int]:
    """Diff the records against the current version and write listing state and changes."""
    old = load.records()
    previous_id = current.id if current is not None else None
    added, changed, relisted, updates, changes = [], [], [], [], []
    new_ids = set()
    for record in parsed.records:
        new_ids.add(record.source_id)
        row = {
            "source_id": record.source_id,
            "entity_id": record.main.id,
            "schema": record.main.schema,
            "caption": caption(record),
            "fingerprint": record.fingerprint(),
        }
        before = old.get(record.source_id)
        if before is None:
            added.append({**row, "first_version_id": version_id, "last_version_id": version_id})
            changes.append(change(row, "added"))
        elif before.delisted_on is not None:
            relisted.append(record)
            updates.append(
                {
                    **row,
                    "last_version_id": version_id,
                    "delisted_on": None,
                    "delisted_version_id": None,
                }
            )
            changes.append(change(row, "relisted"))
        elif before.fingerprint != row["fingerprint"]:
            changed.append(record)
            updates.append({**row, "last_version_id": version_id})
    removed = [r for sid, r in old.items() if r.delisted_on is None and sid not in new_ids]
    if changed and previous_id is not None:
        before_values = load.statement_values([r.source_id for r in changed], previous_id)
        for record in changed:
            after = {(d.id, p, v) for d in record.entities for p, v, _ in d.values}
            prior = before_values.get(record.source_id, set())
            detail = {
                "added": sorted([list(x) for x in after - prior]),
                "removed": sorted([list(x) for x in prior - after]),
            }
            changes.append(
                change(
                    {
                        "source_id": record.source_id,
                        "entity_id": record.main.id,
                        "caption": caption(record),
                    },
                    "changed",
                    detail,
                )
            )
    delisted_on = parsed.published or now.date()
    if previous_id is not None:
        load.touch_records(previous_id, version_id, {r.source_id for r in removed})
    load.update_records(updates)
    load.update_records(
        [
            {
                "source_id": r.source_id,
                "delisted_on": delisted_on,
                "delisted_version_id": version_id,
            }
            for r in removed
        ]
    )
    load.insert_records(added)
    changes.extend(
        change(
            {"source_id": r.source_id, "entity_id": r.entity_id, "caption": r.caption},
            "removed",
            {"delisted_on": delisted_on.isoformat()},
        )
        for r in removed
    )
    load.record_changes(version_id, changes)
    return {"added": len(added) + len(relisted), "changed": len(changed), "removed": len(removed)}


def change(row: dict[str, Any], kind: str, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "source_id": row["source_id"],
        "change": kind,
        "entity_id": row["entity_id"],
        "caption": row["caption"],
        "detail": detail or {},
    }


def apply_statements(
    load: ListLoad, rows: list[dict[str, Any]], current: Any, version_id: int, now: datetime
) -> None:
    known = load.statement_versions()
    previous_id = current.id if current is not None else None
    present = {row["id"] for row in rows}
    gone = [sid for sid, v in known.items() if v == previous_id and sid not in present]
    revived = [sid for sid in present if sid in known and known[sid] != previous_id]
    fresh = [
        {
            **row,
            "first_seen": now,
            "last_seen": now,
            "first_version_id": version_id,
            "last_version_id": version_id,
        }
        for row in rows
        if row["id"] not in known
    ]
    previous_seen = current.loaded_at if current is not None else None
    load.touch_statements(previous_id, version_id, now, previous_seen, gone, revived)
    load.insert_statements(fresh)
