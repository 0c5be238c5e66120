"""Store mechanics on SQLite and PostgreSQL: versions, diffs, delisting, markings, atomicity."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cordon.lists import service
from cordon.lists.records import Draft, ParsedList, Record
from cordon.model.markings import Marking
from cordon.policy import SYSTEM, Principal
from cordon.store import Store, UnmarkedError

USA = Principal("USA", "analyst@usa.example")
MYS = Principal("MYS", "analyst@mys.example")


def person(ref: str, name: str, **props: str) -> Record:
    draft = Draft(f"t-{ref}", "Person")
    draft.add("name", name)
    for prop, value in props.items():
        draft.add(prop, value)
    sanction = Draft(f"t-{ref}-sanction", "Sanction")
    sanction.add("entity", draft.id)
    sanction.add("program", "TEST")
    return Record(f"t:{ref}", [draft, sanction])


def version(published: date, *records: Record, tmp: Path | None = None) -> ParsedList:
    # The version's identity is its files' sha256: give each synthetic version its own file.
    assert tmp is not None
    path = tmp / f"test-{published.isoformat()}.txt"
    path.write_text(published.isoformat() + repr([(r.source_id, r.fingerprint()) for r in records]))
    return ParsedList(
        dataset="test_list",
        title="Test list",
        publisher="Test",
        files=[path],
        published=published,
        records=list(records),
        format="test",
    )


def test_first_load_and_read_back(store: Store, tmp_path: Path):
    v1 = version(date(2026, 1, 1), person("1", "Kim Il", birthDate="1960"), tmp=tmp_path)
    [result] = service.write(store, [v1])
    assert (result.status, result.records, result.added) == ("loaded", 1, 1)
    entity = store.entity(SYSTEM, "t:1")
    assert entity is not None and entity.id == "t-1"
    assert entity.properties == {"birthDate": ["1960"], "name": ["Kim Il"]}
    stmt = entity.statements[0]
    assert stmt.marking.label == "TLP:CLEAR ORIG PUBLIC"
    assert stmt.source.version == "2026-01-01" and stmt.source.record_id == "t:1"
    assert [a.schema for a in store.adjacent(SYSTEM, "t-1")] == ["Sanction"]


def test_identical_reload_is_a_no_op(store: Store, tmp_path: Path):
    v1 = version(date(2026, 1, 1), person("1", "Kim Il"), tmp=tmp_path)
    service.write(store, [v1])
    before = store.count_statements(SYSTEM)
    [again] = service.write(store, [v1])
    assert again.status == "unchanged"
    assert store.count_statements(SYSTEM) == before
    assert len(store.dataset(SYSTEM, "test_list").versions) == 1


def test_new_version_diff_and_delisting(store: Store, tmp_path: Path):
    v1 = version(
        date(2026, 1, 1),
        person("1", "Kim Il", birthDate="1960"),
        person("2", "Pak Chol"),
        person("3", "Ri Su Yong"),
        tmp=tmp_path,
    )
    v2 = version(
        date(2026, 2, 1),
        person("1", "Kim Il", birthDate="1961"),  # changed
        person("3", "Ri Su Yong"),  # unchanged; 2 removed
        person("4", "Choe Ryong"),  # added
        tmp=tmp_path,
    )
    service.write(store, [v1])
    [result] = service.write(store, [v2])
    assert (result.added, result.changed, result.removed) == (1, 1, 1)

    ds = store.dataset(SYSTEM, "test_list")
    assert ds.current.version == "2026-02-01" and (ds.listed, ds.delisted) == (3, 1)
    changes = {c.source_id: c for c in store.changes(SYSTEM, "test_list", ds.current.id)}
    assert {k: c.change for k, c in changes.items()} == {
        "t:1": "changed",
        "t:2": "removed",
        "t:4": "added",
    }
    assert changes["t:1"].detail == {
        "added": [["t-1", "birthDate", "1961"]],
        "removed": [["t-1", "birthDate", "1960"]],
    }
    # The changed record shows only its current values.
    assert store.entity(SYSTEM, "t:1").values("birthDate") == ["1961"]
    # Delisted, never deleted: the record keeps its last statements and the delisting date.
    delisted = store.entity(SYSTEM, "t:2")
    assert delisted.values("name") == ["Pak Chol"]
    assert delisted.delisted_on == {"t:2": date(2026, 2, 1)}


def test_relisting_revives_statements(store: Store, tmp_path: Path):
    service.write(
        store, [version(date(2026, 1, 1), person("1", "A"), person("2", "B"), tmp=tmp_path)]
    )
    service.write(store, [version(date(2026, 2, 1), person("1", "A"), tmp=tmp_path)])
    [result] = service.write(
        store, [version(date(2026, 3, 1), person("1", "A"), person("2", "B"), tmp=tmp_path)]
    )
    assert result.added == 1
    entity = store.entity(SYSTEM, "t:2")
    assert entity.delisted_on == {} and entity.values("name") == ["B"]


def test_older_release_is_kept_as_history_only(store: Store, tmp_path: Path):
    service.write(store, [version(date(2026, 2, 1), person("1", "New name"), tmp=tmp_path)])
    [result] = service.write(store, [version(date(2026, 1, 1), person("1", "Old"), tmp=tmp_path)])
    assert result.status == "historical"
    assert store.dataset(SYSTEM, "test_list").current.version == "2026-02-01"
    assert store.entity(SYSTEM, "t:1").values("name") == ["New name"]


def test_unmarked_data_is_refused(store: Store, tmp_path: Path):
    v1 = version(date(2026, 1, 1), person("1", "A"), tmp=tmp_path)
    with pytest.raises(UnmarkedError):
        service.write(store, [v1], marking=None)  # type: ignore[arg-type]
    assert store.datasets(SYSTEM) == []


def test_reads_go_through_the_policy(store: Store, tmp_path: Path):
    amber = Marking.parse("TLP:AMBER REL TO MYS", originator="USA")
    service.write(store, [version(date(2026, 1, 1), person("1", "Secret"), tmp=tmp_path)], amber)
    assert store.entity(USA, "t:1") is not None  # the originator
    assert store.entity(MYS, "t-1") is not None  # released to MYS
    outsider = Principal("GBR", "analyst@gbr.example")
    # A hidden entity answers exactly like a missing one.
    assert store.entity(outsider, "t:1") is None and store.entity(outsider, "t:999") is None
    assert store.datasets(outsider) == [] and store.count_statements(outsider) == 0
    assert store.adjacent(outsider, "t-1") == []


def test_failed_load_changes_nothing(store: Store, tmp_path: Path):
    service.write(store, [version(date(2026, 1, 1), person("1", "A"), tmp=tmp_path)])
    before = (store.count_statements(SYSTEM), store.dataset(SYSTEM, "test_list").current.id)
    good = version(date(2026, 2, 1), person("1", "A"), person("2", "B"), tmp=tmp_path)
    bad = version(date(2026, 3, 1), person("3", "C"), tmp=tmp_path)
    bad.dataset = "other_list"
    bad.records[0].entities[0].values.append(("name", None, "x"))  # NOT NULL violation mid-load
    with pytest.raises(Exception):  # noqa: B017 - any database error
        service.write(store, [good, bad])
    after = (store.count_statements(SYSTEM), store.dataset(SYSTEM, "test_list").current.id)
    assert after == before
    assert store.dataset(SYSTEM, "other_list") is None
