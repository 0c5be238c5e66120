"""The policy decision point, proven with random markings and principals (hypothesis).

Two properties: the store's SQL filter (readable marking keys pushed into the query, then a
row-by-row re-check) returns exactly what `may_read` allows, on SQLite and PostgreSQL; and a
derived result's marking (`most_restrictive`) is readable only by readers of every input.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from cordon.model.markings import CLEAR, Marking, Tlp
from cordon.policy import (
    ANONYMOUS,
    NODE_ADMIN,
    SYSTEM,
    Principal,
    Role,
    may_change_marking,
    may_read,
    most_restrictive,
    narrows,
    widens,
)
from cordon.store import Store
from cordon.store.items import Fact, NewItem
from tests.conftest import PG_URL, pg_schema_url

AGENCIES = ["USA", "MYS", "GBR", "KOR"]
USERS = [f"{role}@{a.lower()}.example" for a in AGENCIES for role in ("analyst", "releaser")]

agencies = st.sampled_from(AGENCIES)


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    tlp = draw(st.sampled_from(list(Tlp)))
    originator = draw(agencies)
    if tlp is Tlp.CLEAR:
        return Marking(tlp, originator)
    if tlp is Tlp.RED:
        return Marking(tlp, originator, recipients=frozenset(draw(st.sets(st.sampled_from(USERS)))))
    size = 1 if tlp is Tlp.AMBER_STRICT else len(AGENCIES)
    rel = draw(st.sets(agencies, max_size=size))
    return Marking(tlp, originator, rel_to=frozenset(rel))


@st.composite
def principals(draw: st.DrawFn) -> Principal:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([ANONYMOUS, SYSTEM, NODE_ADMIN]))
    user = draw(st.sampled_from(USERS))
    agency = user.split("@")[1].split(".")[0].upper()
    role = Role.RELEASER if user.startswith("releaser") else Role.ANALYST
    return Principal(agency, user, role)


@given(st.lists(markings(), min_size=1, max_size=5), principals())
@settings(max_examples=3000, deadline=None)
def test_derived_marking_is_readable_only_by_readers_of_every_input(ms, principal):
    if may_read(principal, most_restrictive(ms)):
        assert all(may_read(principal, m) for m in ms)


@given(markings(), markings(), principals())
@settings(max_examples=2000, deadline=None)
def test_marking_changes(old, new, principal):
    if may_change_marking(principal, old, new):
        assert principal.agency == old.originator == new.originator
        if widens(old, new):
            assert principal.role in (Role.RELEASER, Role.ADMIN)
    if not narrows(old, new) and may_read(principal, old):
        assert may_read(principal, new)


def test_rules_by_example():
    usa, mys = Principal("USA", "a@usa.example"), Principal("MYS", "a@mys.example")
    assert all(may_read(p, CLEAR) for p in (usa, ANONYMOUS, SYSTEM))
    green = Marking(Tlp.GREEN, "USA")
    assert may_read(mys, green) and not may_read(ANONYMOUS, green) and not may_read(SYSTEM, green)
    assert not may_read(mys, Marking(Tlp.AMBER, "USA"))
    assert may_read(mys, Marking(Tlp.AMBER, "USA", rel_to=frozenset({"MYS"})))
    assert may_read(usa, Marking(Tlp.RED, "USA"))  # the originator reads its own
    assert not may_read(mys, Marking(Tlp.RED, "USA"))
    assert may_read(mys, Marking(Tlp.RED, "USA", recipients=frozenset({"a@mys.example"})))
    assert not may_read(mys, Marking(Tlp.RED, "USA", recipients=frozenset({"b@mys.example"})))


# -- the SQL filter agrees with may_read ---------------------------------------------------------

POOL = (
    [
        Marking(tlp, origin, rel_to=frozenset(rel))
        for tlp in (Tlp.GREEN, Tlp.AMBER)
        for origin in AGENCIES
        for n in range(3)
        for rel in itertools.combinations([a for a in AGENCIES if a != origin], n)
    ]
    + [
        Marking(Tlp.AMBER_STRICT, o, rel_to=frozenset({r}))
        for o in AGENCIES
        for r in AGENCIES
        if r != o
    ]
    + [
        Marking(Tlp.RED, o, recipients=frozenset(rs))
        for o in AGENCIES
        for rs in ((), ("analyst@mys.example",), ("releaser@usa.example", "analyst@gbr.example"))
    ]
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def marked_store(request, tmp_path_factory):
    """One store per engine holding an item under every marking of POOL."""
    cleanup = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('policy') / 'cordon.db'}"
    else:
        schema = f"cordon_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = pg_schema_url(schema)

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    store = Store(url)
    for code in AGENCIES:
        store.add_agency(code, code)
        for role in ("analyst", "releaser"):
            store.add_user(f"{role}@{code.lower()}.example", code, role)
    for n, marking in enumerate(POOL):
        writer = store.principal(f"releaser@{marking.originator.lower()}.example")
        item = NewItem(
            f"identity--{n:08d}", f"e-{n % 7}", "Person", marking, [Fact("name", f"v{n}")]
        )
        store.add_items(writer, f"c{n}", [item])
    yield store
    store.close()
    if cleanup:
        cleanup()


@given(principals())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_store_filter_agrees_with_may_read(marked_store: Store, principal: Principal):
    expected = {f"identity--{n:08d}" for n, m in enumerate(POOL) if may_read(principal, m)}
    assert {i.id for i in marked_store.items(principal)} == expected
    values = {
        s.value
        for e in marked_store.entities(principal, [f"e-{k}" for k in range(7)])
        for s in e.statements
    }
    assert values == {f"v{n}" for n, m in enumerate(POOL) if may_read(principal, m)}
    assert marked_store.count_statements(principal) == len(expected)
