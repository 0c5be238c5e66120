"""Store methods for the audit log: appending to the hash chain, signed checkpoints, streaming
verification, and each agency's view of who read what.

Every API read appends an entry, so the append path is kept short: one lock that serialises
writers of the chain (an advisory transaction lock on PostgreSQL, the database write lock on
SQLite), one indexed read of the head, one insert, and batches (`audit_many`) share all three.
Sequence numbers are assigned here, under the lock, rather than by the database: a rolled-back
transaction would otherwise leave a gap that verification must report as a removed entry.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Text, and_, cast, func, not_, or_, select

from cordon import config
from cordon.audit import (
    GENESIS,
    Checkpoint,
    Entry,
    Report,
    ViewEntry,
    entry_hash,
    sign_checkpoint,
    verify_log,
    view_of,
)
from cordon.audit.nodekey import NodeKey
from cordon.model.markings import PUBLIC_ORIGINATOR, Marking
from cordon.policy import Principal
from cordon.store import tables as t
from cordon.store.engine import begin_immediate

AuditItem = tuple[Principal, str, str, dict[str, Any] | None]

# pg_advisory_xact_lock(namespace, the audit_log table's oid): keyed on the table, so nodes
# that share a database in different schemas do not serialise each other's audit writes.
_PG_LOCK_NAMESPACE = 0x636F7264  # "cord"


class _Slot:
    __slots__ = ("done", "error", "item")

    def __init__(self, item: AuditItem) -> None:
        self.item = item
        self.done = False
        self.error: BaseException | None = None


class _GroupCommit:
    """Appends from concurrent threads share one transaction, and so one commit.

    The chain admits one writer at a time from lock to commit, so on PostgreSQL the append rate
    is one commit (a WAL flush) at a time however many requests wait. Here each caller queues
    its entry; whoever finds no write in progress writes everything queued in one transaction
    and wakes the rest. Every caller still returns only once its own entry is committed, so
    nothing is lost that a caller was told was recorded; one caller waits at most for the write
    in progress and its own.
    """

    def __init__(self, store: AuditMixin) -> None:
        self._store = store
        self._cond = threading.Condition()
        self._pending: list[_Slot] = []
        self._writing = False

    def append(self, item: AuditItem) -> None:
        slot = _Slot(item)
        with self._cond:
            self._pending.append(slot)
            while not slot.done:
                if self._writing:
                    self._cond.wait()
                    continue
                self._writing = True
                batch, self._pending = self._pending, []
                self._cond.release()
                try:
                    self._write(batch)
                finally:
                    self._cond.acquire()
                    self._writing = False
                    self._cond.notify_all()
        if slot.error is not None:
            raise slot.error

    def _write(self, batch: list[_Slot]) -> None:
        try:
            try:
                self._store._append_now([s.item for s in batch])
            except Exception:
                if len(batch) == 1:
                    raise
                # one bad entry must not fail its neighbours: write them one by one
                for s in batch:
                    try:
                        self._store._append_now([s.item])
                    except Exception as one:
                        s.error = one
        except BaseException as exc:
            for s in batch:
                s.error = s.error or exc
            if not isinstance(exc, Exception):
                raise
        finally:
            for s in batch:
                s.done = True


_GROUP_LOCK = threading.Lock()


def _entry(row: Any) -> Entry:
    return Entry(
        row.seq,
        row.at,
        row.agency,
        row.user,
        row.action,
        row.object,
        dict(row.detail),
        row.prev_hash,
        row.hash,
    )


class AuditMixin:
    """Mixed into `Store`: relies on its engine, clock and transaction helper."""

    # A signed checkpoint every this many entries, in the appending transaction, so a rewrite
    # or truncation reaches back at most this far unnoticed; verification expects them.
    checkpoint_every: int = 1000
    # Entries per query while verifying: memory stays flat however long the log grows.
    verify_chunk: int = 10_000
    _node_key: NodeKey | None = None
    _group: _GroupCommit | None = None

    @property
    def node_key(self) -> NodeKey:
        """The key automatic checkpoints are signed with: this node's key under CORDON_HOME
        unless one was set (tests, a node whose key lives elsewhere)."""
        if self._node_key is None:
            self._node_key = NodeKey.load_or_create(config.node_key_path())
        return self._node_key

    @node_key.setter
    def node_key(self, key: NodeKey) -> None:
        self._node_key = key

    # -- appending ----------------------------------------------------------------------------

    def audit_read(
        self,
        principal: Principal,
        action: str,
        obj: str,
        markings: Iterable[Marking] = (),
        **extra: Any,
    ) -> None:
        """Audit a read with the agencies (other than the reader's) whose items it returned:
        that is how an agency's view shows which partners read its contributions."""
        originators = {m.originator for m in markings} - {PUBLIC_ORIGINATOR, principal.agency}
        self.audit(principal, action, obj, {**extra, "originators": sorted(originators)})

    def audit(
        self, principal: Principal, action: str, obj: str, detail: dict[str, Any] | None = None
    ) -> None:
        """Append one entry in its own transaction (committed on return), sharing the commit
        with entries other threads append at the same moment."""
        group = self._group
        if group is None:
            with _GROUP_LOCK:
                if self._group is None:
                    self._group = _GroupCommit(self)
                group = self._group
        group.append((principal, action, obj, detail or {}))

    def audit_many(self, items: Iterable[AuditItem]) -> int:
        """Append several entries in one transaction under one lock (a request that reads many
        things, a buffered writer); returns how many were appended."""
        items = list(items)
        if items:
            self._append_now(items)
        return len(items)

    def _append_now(self, items: list[AuditItem]) -> None:
        with self.transaction() as conn:  # type: ignore[attr-defined]
            self._audit_many(conn, items)

    def _audit(
        self, conn: Connection, principal: Principal, action: str, obj: str, detail: dict[str, Any]
    ) -> None:
        self._audit_many(conn, [(principal, action, obj, detail)])

    def _audit_many(self, conn: Connection, items: list[AuditItem]) -> None:
        """Extend the chain inside the caller's transaction: the entries commit or roll back
        with the change they record."""
        self._lock_audit(conn)
        seq, prev = self._audit_head(conn)
        at = self._now().isoformat()  # type: ignore[attr-defined]
        rows = []
        for principal, action, obj, detail in items:
            detail = detail or {}
            seq += 1
            digest = entry_hash(prev, at, principal.agency, principal.user, action, obj, detail)
            rows.append(
                {
                    "seq": seq,
                    "at": at,
                    "agency": principal.agency,
                    "user": principal.user,
                    "action": action,
                    "object": obj,
                    "detail": detail,
                    "prev_hash": prev,
                    "hash": digest,
                }
            )
            prev = digest
        conn.execute(t.audit_log.insert(), rows)
        every = self.checkpoint_every
        if every:
            due = [r for r in rows if r["seq"] % every == 0]
            if due:
                key = self.node_key
                conn.execute(
                    t.audit_checkpoints.insert(),
                    [
                        self._checkpoint_row(sign_checkpoint(key, r["seq"], r["hash"], at))
                        for r in due
                    ],
                )

    @staticmethod
    def _lock_audit(conn: Connection) -> None:
        """One writer at a time extends the chain, until its transaction ends."""
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(
                f"SELECT pg_advisory_xact_lock({_PG_LOCK_NAMESPACE}, "
                "CAST(CAST('audit_log' AS regclass) AS oid)::integer)"
            )
        elif conn.dialect.name == "sqlite":
            # pysqlite opens a transaction only at the first write, so a transaction that has
            # not written yet would read the head without holding the write lock and could
            # fork the chain; take the lock first (an open transaction already holds it).
            dbapi = conn.connection.driver_connection
            if dbapi is not None and not dbapi.in_transaction:
                begin_immediate(dbapi)

    @staticmethod
    def _audit_head(conn: Connection) -> tuple[int, str]:
        a = t.audit_log
        row = conn.execute(select(a.c.seq, a.c.hash).order_by(a.c.seq.desc()).limit(1)).first()
        return (row.seq, row.hash) if row else (0, GENESIS)

    # -- checkpoints --------------------------------------------------------------------------

    @staticmethod
    def _checkpoint_row(cp: Checkpoint) -> dict[str, Any]:
        return {
            "seq": cp.seq,
            "hash": cp.hash,
            "at": cp.at,
            "public_key": cp.public_key,
            "signature": cp.signature,
        }

    def checkpoint(self, key: NodeKey | None = None) -> Checkpoint | None:
        """Sign the current head of the chain (None while the log is empty). Signing a head
        that already has a checkpoint returns that one instead of adding another."""
        key = key or self.node_key
        c = t.audit_checkpoints
        with self.transaction() as conn:  # type: ignore[attr-defined]
            self._lock_audit(conn)
            seq, digest = self._audit_head(conn)
            if seq == 0:
                return None
            found = conn.execute(select(c).where(c.c.seq == seq)).first()
            if found is not None:
                return Checkpoint(
                    found.seq, found.hash, found.at, found.public_key, found.signature
                )
            cp = sign_checkpoint(key, seq, digest, self._now().isoformat())  # type: ignore[attr-defined]
            conn.execute(c.insert().values(**self._checkpoint_row(cp)))
        return cp

    def audit_checkpoints(self) -> list[Checkpoint]:
        c = t.audit_checkpoints
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(select(c).order_by(c.c.seq)).all()
        return [Checkpoint(r.seq, r.hash, r.at, r.public_key, r.signature) for r in rows]

    # -- reading and verifying ----------------------------------------------------------------

    def audit_entries(self, after_seq: int = 0, limit: int | None = None) -> list[Entry]:
        """Entries in order (all of them by default: for tests and small logs; stream long ones
        with `iter_audit_entries`)."""
        a = t.audit_log
        query = select(a).where(a.c.seq > after_seq).order_by(a.c.seq)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            return [_entry(r) for r in conn.execute(query)]

    def iter_audit_entries(self, upto: int | None = None) -> Iterator[Entry]:
        """Every entry up to `upto`, fetched `verify_chunk` at a time by sequence number, so no
        cursor or snapshot is held open across the whole log."""
        a = t.audit_log
        last = 0
        while True:
            query = select(a).where(a.c.seq > last).order_by(a.c.seq).limit(self.verify_chunk)
            if upto is not None:
                query = query.where(a.c.seq <= upto)
            with self.engine.connect() as conn:  # type: ignore[attr-defined]
                rows = conn.execute(query).all()
            for row in rows:
                yield _entry(row)
            if len(rows) < self.verify_chunk:
                return
            last = rows[-1].seq

    def verify_audit_report(self, public_keys: Iterable[str]) -> Report:
        """Verify the log against checkpoints signed by any of `public_keys`: counts checked
        and every problem found (see `cordon.audit.verify_log`)."""
        a = t.audit_log
        # Checkpoints first, then the head: a checkpoint made in between covers an entry at or
        # below the head, so a checkpoint beyond the head always means a cut tail.
        checkpoints = self.audit_checkpoints()
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            head = conn.execute(select(func.max(a.c.seq))).scalar() or 0
        return verify_log(
            self.iter_audit_entries(upto=head),
            checkpoints,
            public_keys,
            every=self.checkpoint_every or None,
        )

    def verify_audit(self, public_keys: Iterable[str]) -> list[str]:
        """Problems in the audit log; an empty list means it is intact."""
        return self.verify_audit_report(public_keys).problems

    # -- agency views -------------------------------------------------------------------------

    def audit_view(
        self, principal: Principal, limit: int = 50, before_seq: int | None = None
    ) -> list[ViewEntry]:
        """The newest `limit` entries the principal's agency may see (before `before_seq`, to
        page back), decided by `cordon.audit.view_of`. SQL narrows the scan to the agency's own
        entries and to other entries whose detail mentions the agency; every row is re-checked
        by the rule before it leaves. The view is itself audited."""
        out: list[ViewEntry] = []
        if principal.is_partner and limit > 0:
            a = t.audit_log
            agency = principal.agency
            candidates = or_(
                a.c.agency == agency,
                and_(
                    a.c.agency != agency,
                    not_(a.c.action.startswith("screen", autoescape=True)),
                    cast(a.c.detail, Text).contains(f'"{agency}"', autoescape=True),
                ),
            )
            cursor = before_seq
            chunk = max(limit, 100)
            with self.engine.connect() as conn:  # type: ignore[attr-defined]
                while len(out) < limit:
                    query = select(a).where(candidates).order_by(a.c.seq.desc()).limit(chunk)
                    if cursor is not None:
                        query = query.where(a.c.seq < cursor)
                    rows = conn.execute(query).all()
                    for row in rows:
                        seen = view_of(principal, _entry(row))
                        if seen is not None:
                            out.append(seen)
                            if len(out) == limit:
                                break
                    if len(rows) < chunk:
                        break
                    cursor = rows[-1].seq
        self.audit(
            principal,
            "audit.view",
            "audit_log",
            {"limit": limit, "before_seq": before_seq, "returned": len(out)},
        )
        return out
