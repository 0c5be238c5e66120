"""The unit of work for loading one version of one list, inside one transaction.

`cordon.lists.service` decides what a new version means (added, changed, removed); this class
only reads and writes the rows that decision needs, so that SQL stays inside the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, DateTime, Row, select, update

from cordon.store import tables as t

CHUNK = 900  # stays under SQLite's bound-parameter limit


def chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class ListLoad:
    def __init__(
        self, conn: Connection, dataset: str, title: str, publisher: str, marking_key: str
    ) -> None:
        self.conn = conn
        self.dataset = dataset
        self.marking_key = marking_key
        self._ensure_dataset(title, publisher)

    def _ensure_dataset(self, title: str, publisher: str) -> None:
        d = t.datasets
        if self.conn.execute(select(d.c.name).where(d.c.name == self.dataset)).first():
            self.conn.execute(
                update(d).where(d.c.name == self.dataset).values(title=title, publisher=publisher)
            )
        else:
            self.conn.execute(
                d.insert().values(
                    name=self.dataset,
                    title=title,
                    publisher=publisher,
                    marking_key=self.marking_key,
                )
            )

    # -- versions ---------------------------------------------------------------------------

    def version_by_sha(self, sha256: str) -> Row | None:
        v = t.versions
        return self.conn.execute(
            select(v).where(v.c.dataset == self.dataset, v.c.sha256 == sha256)
        ).first()

    def current_version(self) -> Row | None:
        d, v = t.datasets, t.versions
        return self.conn.execute(
            select(v).join(d, d.c.current_version_id == v.c.id).where(d.c.name == self.dataset)
        ).first()

    def add_version(self, **values: Any) -> int:
        result = self.conn.execute(t.versions.insert().values(dataset=self.dataset, **values))
        return int(result.inserted_primary_key[0])

    def set_counts(self, version_id: int, **counts: int) -> None:
        self.conn.execute(update(t.versions).where(t.versions.c.id == version_id).values(**counts))

    def make_current(self, version_id: int) -> None:
        d = t.datasets
        self.conn.execute(
            update(d).where(d.c.name == self.dataset).values(current_version_id=version_id)
        )

    # -- records ----------------------------------------------------------------------------

    def records(self) -> dict[str, Row]:
        r = t.records
        rows = self.conn.execute(select(r).where(r.c.dataset == self.dataset)).all()
        return {row.source_id: row for row in rows}

    def insert_records(self, rows: list[dict[str, Any]]) -> None:
        for batch in chunks(rows, 5000):
            self.conn.execute(t.records.insert(), [{"dataset": self.dataset, **r} for r in batch])

    def update_records(self, rows: list[dict[str, Any]]) -> None:
        """Rewrite changed, re-listed or delisted records (few per version)."""
        r = t.records
        for row in rows:
            values = {k: v for k, v in row.items() if k != "source_id"}
            self.conn.execute(
                update(r)
                .where(r.c.dataset == self.dataset, r.c.source_id == row["source_id"])
                .values(**values)
            )

    def touch_records(self, previous_version_id: int, version_id: int, gone: set[str]) -> None:
        """Every record listed in the previous version and still listed moves to this version."""
        r = t.records
        self.conn.execute(
            update(r)
            .where(r.c.dataset == self.dataset, r.c.last_version_id == previous_version_id)
            .values(last_version_id=version_id)
        )
        for batch in chunks(gone):
            self.conn.execute(
                update(r)
                .where(r.c.dataset == self.dataset, r.c.source_id.in_(batch))
                .values(last_version_id=previous_version_id)
            )

    def record_changes(self, version_id: int, changes: list[dict[str, Any]]) -> None:
        for batch in chunks(changes, 5000):
            self.conn.execute(
                t.record_changes.insert(), [{"version_id": version_id, **c} for c in batch]
            )

    # -- statements -------------------------------------------------------------------------

    def statement_versions(self) -> dict[str, int | None]:
        """Every statement id this dataset ever published, with the last version that had it."""
        s = t.statements
        rows = self.conn.execute(
            select(s.c.id, s.c.last_version_id).where(s.c.dataset == self.dataset)
        )
        return {sid: v for sid, v in rows}

    def statement_values(self, source_ids: list[str], version_id: int) -> dict[str, set]:
        """(entity, prop, value) triples per record as published in `version_id`."""
        s = t.statements
        result: dict[str, set] = {}
        for batch in chunks(source_ids):
            rows = self.conn.execute(
                select(s.c.source_id, s.c.entity_id, s.c.prop, s.c.value).where(
                    s.c.dataset == self.dataset,
                    s.c.source_id.in_(batch),
                    s.c.last_version_id == version_id,
                )
            )
            for source_id, entity_id, prop, value in rows:
                result.setdefault(source_id, set()).add((entity_id, prop, value))
        return result

    def insert_statements(self, rows: list[dict[str, Any]]) -> None:
        if self.conn.dialect.name == "postgresql":
            self._copy_statements(rows)
        elif self.conn.dialect.name == "sqlite":
            self._executemany_statements(rows)
        else:
            for batch in chunks(rows, 20000):
                self.conn.execute(t.statements.insert(), batch)

    def _executemany_statements(self, rows: list[dict[str, Any]]) -> None:
        """SQLite through the driver directly: SQLAlchemy's per-row parameter processing
        costs twice the insert itself. Datetimes are written in SQLAlchemy's SQLite format."""
        columns = [c.name for c in t.statements.columns]
        sql = (
            f"INSERT INTO statements ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        stamps = [i for i, c in enumerate(t.statements.columns) if isinstance(c.type, DateTime)]
        formatted: dict[datetime, str] = {}  # a load stamps every row with the same few times

        def values(row: dict[str, Any]) -> list[Any]:
            out = [row.get(c) for c in columns]
            for i in stamps:
                if out[i] is not None:
                    out[i] = formatted.get(out[i]) or formatted.setdefault(
                        out[i], out[i].strftime("%Y-%m-%d %H:%M:%S.%f")
                    )
            return out

        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for batch in chunks(rows, 20000):
            cursor.executemany(sql, [values(row) for row in batch])

    def _copy_statements(self, rows: list[dict[str, Any]]) -> None:
        """PostgreSQL's COPY: an order of magnitude faster than batched INSERTs."""
        columns = [c.name for c in t.statements.columns]
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY statements ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(c) for c in columns])

    def touch_statements(
        self,
        previous_version_id: int | None,
        version_id: int,
        seen_at: datetime,
        previous_seen_at: datetime | None,
        gone: Iterable[str],
        revived: Iterable[str],
    ) -> None:
        """Mark this version's statements as seen in it, in bulk, without rewriting them all.

        Everything the previous version had moves forward in one UPDATE; the few statements this
        version dropped are then put back to the previous version and its load time.
        """
        s = t.statements
        if previous_version_id is not None:
            self.conn.execute(
                update(s)
                .where(s.c.dataset == self.dataset, s.c.last_version_id == previous_version_id)
                .values(last_version_id=version_id, last_seen=seen_at)
            )
            for batch in chunks(gone):
                self.conn.execute(
                    update(s)
                    .where(s.c.id.in_(batch))
                    .values(last_version_id=previous_version_id, last_seen=previous_seen_at)
                )
        for batch in chunks(revived):
            self.conn.execute(
                update(s)
                .where(s.c.id.in_(batch))
                .values(last_version_id=version_id, last_seen=seen_at)
            )
