"""The tamper-evident audit log on SQLite and PostgreSQL: every kind of tampering is detected by
`Store.verify_audit` and by `cordon audit verify`, agencies see only what the rules allow, and
concurrent writers keep the chain intact."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from cordon.audit import GENESIS, entry_hash
from cordon.audit.nodekey import NodeKey, verify_signature
from cordon.cli.main import app
from cordon.policy import ANONYMOUS, SYSTEM, Principal
from cordon.store import Store
from cordon.store import tables as t
from cordon.store.engine import SQLITE_BUSY_TIMEOUT

USA = Principal("USA", "ana@usa.example")
USA2 = Principal("USA", "bo@usa.example")
MYS = Principal("MYS", "mei@mys.example")
GBR = Principal("GBR", "gil@gbr.example")
US = Principal("US", "ursula@us.example")  # a code that is a prefix of another
EVERY = Store.checkpoint_every  # the real interval, so `cordon audit verify` expects the same
N = 2 * EVERY + 12  # automatic checkpoints at EVERY and 2 * EVERY


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def key(home: Path) -> NodeKey:
    """The node's key, where `cordon audit` finds it."""
    return NodeKey.load_or_create(home / "node_key.pem")


@pytest.fixture
def audited(store: Store, key: NodeKey) -> Store:
    store.node_key = key
    store.verify_chunk = 700  # several chunks, not aligned with the checkpoints
    for i in range(10):
        store.audit(USA if i % 2 else MYS, "entity.read", f"ent-{i}", {"n": i})
    batch = [(USA, "search", f"q-{i}", {"n": i}) for i in range(10, N - 2)]
    store.audit_many(batch[: len(batch) // 2])
    store.audit_many(batch[len(batch) // 2 :])
    store.audit(MYS, "entity.read", "ent-last", {})
    store.audit(USA, "entity.read", "ent-last", {})
    return store


def cli_verify(store: Store, home: Path) -> tuple[int, str]:
    env = {
        "CORDON_HOME": str(home),
        "CORDON_DATABASE_URL": store.url,
        "CORDON_USER": "",
    }
    result = CliRunner().invoke(app, ["audit", "verify"], env=env)
    return result.exit_code, result.output


def rows(store: Store) -> list:
    a = t.audit_log
    with store.engine.connect() as conn:
        return conn.execute(select(a).order_by(a.c.seq)).all()


def run(store: Store, *statements) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as conn:
        for statement in statements:
            conn.execute(statement)


# -- the node key ---------------------------------------------------------------------------


def test_node_key_is_private_and_stable(tmp_path: Path):
    path = tmp_path / "keys" / "node_key.pem"
    key = NodeKey.load_or_create(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert NodeKey.load_or_create(path).public_key_b64 == key.public_key_b64
    signature = key.sign(b"bundle")
    assert verify_signature(key.public_key_b64, b"bundle", signature)
    assert not verify_signature(key.public_key_b64, b"bundle!", signature)
    assert not verify_signature(NodeKey.generate().public_key_b64, b"bundle", signature)
    assert not verify_signature("not base64!", b"bundle", signature)
    assert not verify_signature(key.public_key_b64, b"bundle", "AAAA")
    assert key.public_key_b64 in repr(key) and "PRIVATE" not in repr(key)


# -- an intact log --------------------------------------------------------------------------


def test_intact_log_verifies(audited: Store, key: NodeKey, home: Path):
    assert [c.seq for c in audited.audit_checkpoints()] == [EVERY, 2 * EVERY]
    assert audited.verify_audit([key.public_key_b64]) == []
    manual = audited.checkpoint(key)
    assert manual is not None and manual.seq == N
    assert audited.checkpoint(key) == manual  # nothing new to sign
    code, out = cli_verify(audited, home)
    assert code == 0, out
    assert f"intact: {N} entries, 3 checkpoints" in out


def test_cli_checkpoint_and_key(audited: Store, key: NodeKey, home: Path):
    env = {"CORDON_HOME": str(home), "CORDON_DATABASE_URL": audited.url}
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "checkpoint"], env=env)
    assert result.exit_code == 0, result.output
    assert f"checkpoint at entry {N}" in result.output
    result = runner.invoke(app, ["audit", "key"], env=env)
    assert result.output.strip() == key.public_key_b64


def test_rolled_back_entry_leaves_no_gap(store: Store):
    store.audit(USA, "a", "1")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store._audit(conn, USA, "b", "2", {})
        raise RuntimeError("the change being recorded failed")
    store.audit_many([(USA, "c", "3", {}), (MYS, "d", "4", None)])
    assert [(e.seq, e.action) for e in store.audit_entries()] == [(1, "a"), (2, "c"), (3, "d")]
    assert store.verify_audit([]) == []


# -- tampering ------------------------------------------------------------------------------


def edit_detail(store: Store, key: NodeKey) -> None:
    run(store, update(t.audit_log).where(t.audit_log.c.seq == 7).values(detail={"n": 99}))


def edit_user(store: Store, key: NodeKey) -> None:
    run(store, update(t.audit_log).where(t.audit_log.c.seq == 3).values(user="someone@else"))


def delete_middle(store: Store, key: NodeKey) -> None:
    run(store, delete(t.audit_log).where(t.audit_log.c.seq == 8))


def delete_tail_after_checkpoint(store: Store, key: NodeKey) -> None:
    store.checkpoint(key)  # signs entry 12
    run(store, delete(t.audit_log).where(t.audit_log.c.seq >= 11))


def swap_two_rows(store: Store, key: NodeKey) -> None:
    cols = ["at", "agency", "user", "action", "object", "detail", "prev_hash", "hash"]
    by_seq = {r.seq: r for r in rows(store)}
    a = t.audit_log
    run(
        store,
        update(a).where(a.c.seq == 3).values({c: getattr(by_seq[4], c) for c in cols}),
        update(a).where(a.c.seq == 4).values({c: getattr(by_seq[3], c) for c in cols}),
    )


def rewrite(store: Store) -> None:
    """Rewrite every entry from the first, with consistent hashes: the chain alone is fine."""
    a = t.audit_log
    prev = GENESIS
    statements = []
    for r in rows(store):
        user = "nobody@usa.example" if r.seq == 3 else r.user
        digest = entry_hash(prev, r.at, r.agency, user, r.action, r.object, dict(r.detail))
        statements.append(
            update(a).where(a.c.seq == r.seq).values(user=user, prev_hash=prev, hash=digest)
        )
        prev = digest
    run(store, *statements)


def rewrite_chain(store: Store, key: NodeKey) -> None:
    rewrite(store)


def rewrite_and_resign(store: Store, key: NodeKey) -> None:
    rewrite(store)
    forger = NodeKey.generate()
    c = t.audit_checkpoints
    run(store, delete(c))
    for seq in (EVERY, 2 * EVERY):
        entry = store.audit_entries(after_seq=seq - 1, limit=1)[0]
        cp = forger.sign(f"{seq}:{entry.hash}:{entry.at}".encode())
        run(
            store,
            c.insert().values(
                seq=seq,
                hash=entry.hash,
                at=entry.at,
                public_key=forger.public_key_b64,
                signature=cp,
            ),
        )


def rewrite_and_drop_checkpoints(store: Store, key: NodeKey) -> None:
    rewrite(store)
    run(store, delete(t.audit_checkpoints))


def forge_checkpoint_time(store: Store, key: NodeKey) -> None:
    c = t.audit_checkpoints
    run(store, update(c).where(c.c.seq == EVERY).values(at="2020-01-01T00:00:00+00:00"))


TAMPERING: dict[str, tuple[Callable[[Store, NodeKey], None], str]] = {
    "edit detail": (edit_detail, "entry 7: content does not match its hash"),
    "edit user": (edit_user, "entry 3: content does not match its hash"),
    "delete a middle row": (delete_middle, "entry 9: expected sequence number 8"),
    "delete the tail after a checkpoint": (delete_tail_after_checkpoint, "were removed"),
    "swap two rows": (swap_two_rows, "entry 3: does not follow the previous entry"),
    "rewrite the chain": (rewrite_chain, f"entry {EVERY}: differs from the signed checkpoint"),
    "rewrite and re-sign": (rewrite_and_resign, "signed by an unknown key"),
    "rewrite, drop checkpoints": (rewrite_and_drop_checkpoints, "checkpoint is missing"),
    "forge a checkpoint": (forge_checkpoint_time, f"checkpoint at entry {EVERY}: bad signature"),
}


@pytest.mark.parametrize("kind", list(TAMPERING))
def test_tampering_is_detected(audited: Store, key: NodeKey, home: Path, kind: str):
    tamper, expected = TAMPERING[kind]
    tamper(audited, key)
    problems = audited.verify_audit([key.public_key_b64])
    assert any(expected in p for p in problems), problems
    code, out = cli_verify(audited, home)
    assert code == 1, out
    assert expected in out


def test_checkpoints_need_a_trusted_key(audited: Store, key: NodeKey):
    problems = audited.verify_audit([NodeKey.generate().public_key_b64])
    assert len(problems) == 2 and all("unknown key" in p for p in problems)


# -- agency views ---------------------------------------------------------------------------


@pytest.fixture
def shared(store: Store) -> Store:
    store.audit(USA, "item.add", "usa-item-1", {"marking": "TLP:AMBER"})  # 1
    store.audit(MYS, "entity.read", "ent-a", {"originators": ["USA"]})  # 2
    store.audit(MYS, "screen", "SOME NAME", {"originators": ["USA"]})  # 3
    store.audit(MYS, "search", "query text", {"originators": ["GBR"]})  # 4
    store.audit(MYS, "entity.read", "ent-b", {"originators": ["USA", "GBR"], "q": "x"})  # 5
    store.audit(MYS, "entity.read", "ent-c", {"note": "USA"})  # 6: mentions, not originator
    store.audit(USA2, "screen.batch", "file.csv", {"rows": 10})  # 7
    store.audit(GBR, "screen", "OTHER", {"originators": ["USA"]})  # 8
    store.audit(GBR, "graph.read", "ent-d", {"originators": ["US"]})  # 9
    return store


def test_agency_sees_own_entries_in_full_and_partner_reads_redacted(shared: Store):
    view = shared.audit_view(USA, 50)
    assert [e.seq for e in view] == [7, 5, 2, 1]  # newest first
    own = {e.seq: e for e in view if e.agency == "USA"}
    assert own[7].user == USA2.user and own[7].detail == {"rows": 10}
    assert own[1].user == USA.user and not own[1].redacted
    read = {e.seq: e for e in view if e.agency == "MYS"}
    assert all(e.user is None and e.redacted for e in read.values())
    assert (read[2].action, read[2].object) == ("entity.read", "ent-a")
    assert read[5].detail == {"originators": ["USA"]}  # not GBR's part, not the query


def test_screening_stays_with_the_querying_agency(shared: Store):
    assert [e.seq for e in shared.audit_view(MYS, 50)] == [6, 5, 4, 3, 2]
    by_gbr = [(e.seq, e.user) for e in shared.audit_view(GBR, 50)]
    assert by_gbr == [(9, GBR.user), (8, GBR.user), (5, None), (4, None)]
    assert all(
        not e.action.startswith("screen") or e.agency == "USA" for e in shared.audit_view(USA)
    )


def test_agency_codes_do_not_match_by_prefix(shared: Store):
    assert [e.seq for e in shared.audit_view(US, 50)] == [9]


def test_node_and_public_see_nothing(shared: Store):
    assert shared.audit_view(SYSTEM, 50) == []
    assert shared.audit_view(ANONYMOUS, 50) == []


def test_view_pages_and_is_audited(shared: Store):
    first = shared.audit_view(USA, 2)
    assert [e.seq for e in first] == [7, 5]
    assert [e.seq for e in shared.audit_view(USA, 2, before_seq=first[-1].seq)] == [2, 1]
    last = shared.audit_entries()[-1]
    assert (last.agency, last.user, last.action) == ("USA", USA.user, "audit.view")
    assert last.detail == {"limit": 2, "before_seq": 5, "returned": 2}
    # reading the log shows the earlier reads of it, and nobody else sees them
    assert [e.action for e in shared.audit_view(USA, 2)] == ["audit.view", "audit.view"]
    assert all(e.action != "audit.view" for e in shared.audit_view(MYS, 50))
    assert shared.audit_entries()[-1].agency == "MYS"
    assert shared.verify_audit([]) == []


def test_cli_log_shows_the_agency_view(shared: Store, home: Path):
    shared.add_agency("USA", "United States")
    shared.add_user("ana@usa.example", "USA", "analyst")
    env = {"CORDON_HOME": str(home), "CORDON_DATABASE_URL": shared.url}
    result = CliRunner().invoke(
        app, ["audit", "log", "--as", "ana@usa.example", "--json", "--limit", "3"], env=env
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert [(e["seq"], e["user"]) for e in shown] == [(7, USA2.user), (5, None), (2, None)]


# -- concurrency ----------------------------------------------------------------------------


def test_concurrent_appends_keep_the_chain(store: Store):
    store.node_key = NodeKey.generate()
    store.checkpoint_every = 7
    threads, per_thread = 8, 15
    failures: list[BaseException] = []

    def work(i: int) -> None:
        who = Principal("USA" if i % 2 else "MYS", f"user{i}@example")
        try:
            for j in range(per_thread):
                if j % 5 == 4:
                    store.audit_many([(who, "search", f"q{i}-{j}-{k}", {"k": k}) for k in range(3)])
                elif j % 7 == 6:
                    store.checkpoint()
                else:
                    store.audit(who, "entity.read", f"e{i}-{j}", {"originators": ["GBR"]})
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert failures == []
    entries = store.audit_entries()
    calls = [j for j in range(per_thread) if not (j % 7 == 6 and j % 5 != 4)]
    expected = threads * sum(3 if j % 5 == 4 else 1 for j in calls)
    assert [e.seq for e in entries] == list(range(1, expected + 1))
    assert store.verify_audit([store.node_key.public_key_b64]) == []
    assert {c.seq for c in store.audit_checkpoints()} >= set(range(7, expected + 1, 7))


def test_a_bad_entry_fails_alone(store: Store):
    store.audit(USA, "entity.read", "ent-1", {})
    with pytest.raises(TypeError):
        store.audit(USA, "entity.read", "ent-2", {"not json": object()})
    store.audit(USA, "entity.read", "ent-3", {})
    assert [e.object for e in store.audit_entries()] == ["ent-1", "ent-3"]
    assert store.verify_audit([]) == []


def test_two_workers_on_one_database_keep_one_chain(store: Store):
    """Two stores on one database append as two `cordon serve` workers do (each with its own
    connections and group commit): the chain stays whole, and on SQLite each connection gets
    its usual wait for the write lock back after taking it by polling."""
    other = Store(store.url)
    try:
        who = Principal("USA", "analyst@usa.example")

        def work(s: Store, name: str) -> None:
            for i in range(40):
                s.audit(who, "match", f"{name}-{i}", {"i": i})

        workers = [
            threading.Thread(target=work, args=(s, name))
            for s, name in ((store, "a"), (other, "b"), (store, "c"), (other, "d"))
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        entries = store.audit_entries()
        assert [e.seq for e in entries] == list(range(1, 161))
        assert store.verify_audit([]) == []
        if store.engine.dialect.name == "sqlite":
            with other.engine.connect() as conn:
                busy = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy == SQLITE_BUSY_TIMEOUT * 1000
    finally:
        other.close()
