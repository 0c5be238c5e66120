"""Store methods for the graph: keeping the edge cache in step with statements, and the
policy-filtered traversals (recursive SQL on SQLite and PostgreSQL alike).

Policy, as for statements: the marking keys the reader may read go into every query (an edge
under another marking is never followed, counted or returned) together with the rule that a
link is visible only when both its ends are (an end with no statement the reader may read is a
hidden entity). Every edge is re-checked with `may_read` before it leaves the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select, text, update

from cordon.model.markings import Marking
from cordon.policy import Principal, may_read
from cordon.store import tables as t
from cordon.store.graph_derive import LINK_PROPS, edges_from_entity, link_schemas
from cordon.store.items import contribution_dataset
from cordon.store.listload import chunks
from cordon.store.tables_graph import graph_edges, graph_sync

_PG_LOCK = 0x67726170  # "grap": one refresh of the edge cache at a time
DERIVE_COLUMNS = (
    "id",
    "entity_id",
    "schema",
    "prop",
    "value",
    "dataset",
    "source_id",
    "document_id",
    "span_start",
    "span_end",
    "marking_key",
    "hedge",
    "confidence",
)


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """One link as one source states it, with the marking it is read under."""

    id: str
    source: str
    target: str
    relation: str
    schema: str
    rel_entity: str
    label: str
    percentage: float | None
    start_date: str | None
    end_date: str | None
    hedge: str
    confidence: int
    marking: Marking
    dataset: str
    source_id: str | None
    document_id: str | None
    span: tuple[int, int] | None
    statement_ids: tuple[str, ...]

    def other(self, node: str) -> str:
        return self.target if node == self.source else self.source

    def ended(self, today: date | None = None) -> bool:
        """True when the link's stated end date has passed (a partial date ends at its start)."""
        today_text = (today or date.today()).isoformat()
        return bool(self.end_date) and self.end_date < today_text[: len(self.end_date)]


@dataclass(frozen=True, slots=True)
class GraphNode:
    """What a graph shows about an entity: enough to draw it, not its whole record."""

    id: str
    caption: str
    schema: str
    datasets: tuple[str, ...]
    source_ids: tuple[str, ...]
    designated: bool  # currently listed on an official list the reader may see
    listings: tuple[tuple[str, str], ...]  # (dataset, source id) of the current designations
    markings: tuple[Marking, ...]


@dataclass(frozen=True, slots=True)
class EdgeFilter:
    """Which links a traversal may follow."""

    relations: tuple[str, ...] = ()  # empty: every relation
    hedges: tuple[str, ...] = ()  # empty: every hedge
    current_only: bool = False  # leave out links whose end date has passed

    def sql(self, params: dict[str, Any], alias: str = "e") -> str:
        clauses = [f"{alias}.marking_key IN :allowed"]
        if self.relations:
            clauses.append(f"{alias}.relation IN :relations")
            params["relations"] = list(self.relations)
        if self.hedges:
            clauses.append(f"{alias}.hedge IN :hedges")
            params["hedges"] = list(self.hedges)
        if self.current_only:
            clauses.append(
                f"({alias}.end_date IS NULL OR "
                f"{alias}.end_date >= substr(:today, 1, length({alias}.end_date)))"
            )
            params["today"] = date.today().isoformat()
        return " AND ".join(clauses)

    def keeps(self, edge: GraphEdge) -> bool:
        return (
            (not self.relations or edge.relation in self.relations)
            and (not self.hedges or edge.hedge in self.hedges)
            and not (self.current_only and edge.ended())
        )


ANY_EDGE = EdgeFilter()
# An end is visible when the reader may read at least one live statement about it.
VISIBLE_END = (
    "EXISTS (SELECT 1 FROM statements vs WHERE vs.entity_id = {end} "
    "AND vs.marking_key IN :allowed AND vs.retracted_at IS NULL)"
)


def _links_of(conn: Connection, edges: EdgeFilter, params: dict[str, Any]) -> tuple[str, str]:
    """How a recursive step reaches the links (passing `edges`) of the entity `w.node` it
    stands on, links being undirected here: (the join, giving each link's id as `x.id`, and the
    expression for the entity at its other end).

    SQLite reads `source = node OR target = node` through both indexes. PostgreSQL's planner
    cannot know how many rows a recursive step holds, and on a small edge table (the lists
    alone: a few thousand links) it judged one scan of every edge, kept and rescanned for each
    step, cheaper than two index lookups per entity: 95 ms for a two-hop path instead of a few.
    So on PostgreSQL the two lookups are spelt out as a lateral union."""
    if conn.dialect.name == "postgresql":
        cond = edges.sql(params, "e")
        join = (
            "CROSS JOIN LATERAL ("
            f"SELECT e.id, e.target AS other FROM graph_edges e WHERE e.source = w.node AND {cond}"
            " UNION ALL "
            f"SELECT e.id, e.source AS other FROM graph_edges e WHERE e.target = w.node AND {cond}"
            ") x"
        )
        return join, "x.other"
    cond = edges.sql(params, "x")
    join = f"JOIN graph_edges x ON (x.source = w.node OR x.target = w.node) AND {cond}"
    return join, "CASE WHEN x.source = w.node THEN x.target ELSE x.source END"


def _degree(conn: Connection, node: str) -> int:
    """How many edges (of any marking) touch `node`: the cost of walking out of it. Read from
    the two indexes alone; it only picks a direction, so it reveals nothing to the reader."""
    return conn.execute(
        text(
            "SELECT (SELECT COUNT(*) FROM graph_edges WHERE source = :n)"
            " + (SELECT COUNT(*) FROM graph_edges WHERE target = :n)"
        ),
        {"n": node},
    ).scalar_one()


def _expanding(sql: str, params: dict[str, Any]) -> Any:
    query = text(sql)
    for name, value in params.items():
        if isinstance(value, list):
            query = query.bindparams(bindparam(name, expanding=True))
    return query


class GraphMixin:
    """Mixed into `Store`: relies on its engine, markings and transaction helpers."""

    # -- keeping the cache in step ----------------------------------------------------------

    def _graph_tokens(self, conn: Connection) -> dict[str, str]:
        """The state of every dataset the edges depend on, cheaply: a list's current version,
        and per contributing agency (or partner node) its items' count, latest change and
        retractions, which every import, re-mark, retraction and partner recall moves."""
        d, i = t.datasets, t.items
        tokens = {
            name: f"version:{version}"
            for name, version in conn.execute(select(d.c.name, d.c.current_version_id))
        }
        rows = conn.execute(
            select(
                i.c.agency,
                i.c.origin_node,
                func.count(),
                func.max(i.c.modified_at),
                func.count(i.c.retracted_at),
            ).group_by(i.c.agency, i.c.origin_node)
        ).all()
        for agency, origin, count, latest, retracted in rows:
            stamp = latest.isoformat() if isinstance(latest, datetime) else str(latest)
            tokens[contribution_dataset(agency, origin)] = f"items:{count}:{stamp}:{retracted}"
        return tokens

    def refresh_graph(self, datasets: Iterable[str] | None = None) -> dict[str, int]:
        """Re-derive the edges of every dataset whose state moved on since its edges were
        derived (and of `datasets`, whatever their state: e.g. documents after claims were
        accepted). Returns the datasets re-derived with their edge counts. Cheap when nothing
        changed, so every graph read calls it first."""
        forced = set(datasets or ())
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            if not forced and not self._graph_stale(conn):
                return {}
        with self.transaction() as conn:  # type: ignore[attr-defined]
            self._lock_graph(conn)
            stale = self._graph_stale(conn)  # again, under the lock: another refresh may be done
            tokens = self._graph_tokens(conn)
            done = {}
            for dataset in sorted(stale | forced):
                done[dataset] = self._derive_dataset(conn, dataset, tokens)
        return done

    def rebuild_graph(self) -> dict[str, int]:
        """Drop the whole edge cache and derive it again from every dataset's statements."""
        with self.transaction() as conn:  # type: ignore[attr-defined]
            self._lock_graph(conn)
            conn.execute(graph_edges.delete())
            conn.execute(graph_sync.delete())
            tokens = self._graph_tokens(conn)
            names = set(conn.execute(select(t.statements.c.dataset).distinct()).scalars())
            return {name: self._derive_dataset(conn, name, tokens) for name in sorted(names)}

    def _graph_stale(self, conn: Connection) -> set[str]:
        tokens = self._graph_tokens(conn)
        known = dict(conn.execute(select(graph_sync.c.dataset, graph_sync.c.token)).all())
        return {name for name, token in tokens.items() if known.get(name) != token}

    @staticmethod
    def _lock_graph(conn: Connection) -> None:
        """One refresher at a time: PostgreSQL's advisory lock; on SQLite any write takes the
        database's write lock for the rest of the transaction."""
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        else:
            conn.execute(update(graph_sync).where(graph_sync.c.dataset == "").values(edges=0))

    def _derive_dataset(self, conn: Connection, dataset: str, tokens: dict[str, str]) -> int:
        conn.execute(graph_edges.delete().where(graph_edges.c.dataset == dataset))
        count = 0
        batch: list[dict[str, Any]] = []
        for rows in self._link_statements(conn, dataset):
            batch.extend(edges_from_entity(rows))
            if len(batch) >= 5000:
                count += self._insert_edges(conn, batch)
                batch = []
        count += self._insert_edges(conn, batch)
        conn.execute(graph_sync.delete().where(graph_sync.c.dataset == dataset))
        conn.execute(
            graph_sync.insert().values(
                dataset=dataset,
                token=tokens.get(dataset, "forced"),
                edges=count,
                refreshed_at=datetime.now(UTC),
            )
        )
        return count

    @staticmethod
    def _insert_edges(conn: Connection, rows: list[dict[str, Any]]) -> int:
        unique = list({row["id"]: row for row in rows}.values())
        for batch in chunks(unique, 5000):
            conn.execute(graph_edges.insert(), batch)
        return len(unique)

    @staticmethod
    def _link_statements(conn: Connection, dataset: str) -> Iterable[list[Any]]:
        """The live statements of `dataset` that can state links, one entity at a time: for a
        list, those of its current version of records still listed (a delisted designation's
        links are withdrawn with it)."""
        s, d = t.statements, t.datasets
        query = select(*(s.c[c] for c in DERIVE_COLUMNS)).where(
            s.c.dataset == dataset,
            s.c.retracted_at.is_(None),
            or_(s.c.schema.in_(link_schemas()), s.c.prop.in_(sorted(LINK_PROPS))),
        )
        current = conn.execute(select(d.c.current_version_id).where(d.c.name == dataset)).first()
        if current is not None:
            # A list's statements in its current version are exactly those of records still
            # listed (every load moves them forward; a delisted record's stay behind).
            query = query.where(s.c.last_version_id == current.current_version_id)
        query = query.order_by(s.c.entity_id).execution_options(yield_per=20000)
        group: list[Any] = []
        for row in conn.execute(query):
            if group and row.entity_id != group[0].entity_id:
                yield group
                group = []
            group.append(row)
        if group:
            yield group

    # -- traversals -------------------------------------------------------------------------

    def _graph_read(self, principal: Principal) -> tuple[Connection, dict[str, Marking]]:
        self.refresh_graph()
        conn = self.engine.connect()  # type: ignore[attr-defined]
        return conn, self.readable_markings(conn, principal)  # type: ignore[attr-defined]

    def graph_walk(
        self,
        principal: Principal,
        start: str,
        hops: int,
        edges: EdgeFilter = ANY_EDGE,
        limit: int | None = None,
    ) -> tuple[dict[str, int], bool]:
        """Entities within `hops` links of `start` (which the caller resolved, so may see), each
        with its distance; at most `limit` of them, nearest first, and whether any were cut."""
        conn, allowed = self._graph_read(principal)
        with conn:
            params: dict[str, Any] = {"start": start, "hops": hops, "allowed": list(allowed)}
            links, other = _links_of(conn, edges, params)
            sql = f"""
                WITH RECURSIVE walk(node, depth) AS (
                    SELECT CAST(:start AS VARCHAR(128)), 0
                    UNION
                    SELECT {other}, w.depth + 1
                    FROM walk w {links}
                    WHERE w.depth < :hops AND {VISIBLE_END.format(end=other)}
                )
                SELECT node, MIN(depth) AS hops FROM walk GROUP BY node ORDER BY 2, 1
            """
            if limit is not None:
                sql += " LIMIT :limit"
                params["limit"] = limit + 1
            rows = conn.execute(_expanding(sql, params), params).all()
        found = {node: depth for node, depth in rows}
        truncated = limit is not None and len(found) > limit
        if truncated:
            found = dict(list(found.items())[:limit])
        return found, truncated

    def graph_edges_among(
        self, principal: Principal, nodes: Iterable[str], edges: EdgeFilter = ANY_EDGE
    ) -> list[GraphEdge]:
        """Every visible link between two of `nodes` (all of which the caller found visible)."""
        ids = sorted(set(nodes))
        conn, allowed = self._graph_read(principal)
        g = graph_edges
        found: dict[str, GraphEdge] = {}
        with conn:
            node_set = set(ids)
            for batch in chunks(ids, 500):
                query = select(g).where(g.c.source.in_(batch), g.c.marking_key.in_(list(allowed)))
                if len(ids) <= 5000:  # otherwise the targets are checked below
                    query = query.where(g.c.target.in_(ids))
                for row in conn.execute(query):
                    if row.target in node_set:
                        edge = self._graph_edge(row, allowed)
                        found[edge.id] = edge
        return [
            e
            for e in sorted(found.values(), key=lambda e: (e.source, e.target, e.id))
            if e.source in node_set
            and e.target in node_set
            and edges.keeps(e)
            and may_read(principal, e.marking)
        ]

    def graph_edges_by_id(self, principal: Principal, ids: Iterable[str]) -> dict[str, GraphEdge]:
        conn, allowed = self._graph_read(principal)
        g = graph_edges
        found: dict[str, GraphEdge] = {}
        with conn:
            for batch in chunks(sorted(set(ids)), 500):
                rows = conn.execute(
                    select(g).where(g.c.id.in_(batch), g.c.marking_key.in_(list(allowed)))
                )
                for row in rows:
                    edge = self._graph_edge(row, allowed)
                    if may_read(principal, edge.marking):
                        found[edge.id] = edge
        return found

    def graph_paths(
        self,
        principal: Principal,
        source: str,
        target: str,
        max_hops: int,
        edges: EdgeFilter = ANY_EDGE,
        limit: int = 10,
    ) -> list[list[GraphEdge]]:
        """Up to `limit` shortest simple paths from `source` to `target` (both visible to the
        caller), as lists of edges in order. The search from one end only enters entities
        close enough to the other to still reach it in time (a walk back from the other end
        first). Links are undirected here, so the walk back starts from the end with fewer
        links: from a holding company with hundreds of subsidiaries it would cover most of the
        network within the hops (on 1,000,000 edges, 10x to 40x slower than from the leaf)."""
        conn, allowed = self._graph_read(principal)
        with conn:
            swap = _degree(conn, target) > _degree(conn, source)
            start, end = (target, source) if swap else (source, target)
            params: dict[str, Any] = {
                "source": start,
                "target": end,
                "hops": max_hops,
                "allowed": list(allowed),
                "limit": limit,
            }
            find = "strpos" if conn.dialect.name == "postgresql" else "instr"
            links, other = _links_of(conn, edges, params)
            sql = f"""
                WITH RECURSIVE back(node, depth) AS (
                    SELECT CAST(:target AS VARCHAR(128)), 0
                    UNION
                    SELECT {other}, w.depth + 1
                    FROM back w {links}
                    WHERE w.depth < :hops - 1 AND {VISIBLE_END.format(end=other)}
                ),
                dist(node, d) AS (SELECT node, MIN(depth) FROM back GROUP BY node),
                walk(node, depth, nodes, edges) AS (
                    SELECT CAST(:source AS VARCHAR(128)), 0,
                           '/' || CAST(:source AS TEXT) || '/', CAST('' AS TEXT)
                    UNION ALL
                    SELECT {other}, w.depth + 1,
                           w.nodes || {other} || '/', w.edges || x.id || ','
                    FROM walk w {links}
                    JOIN dist ON dist.node = {other}
                    WHERE w.node <> :target AND w.depth + 1 + dist.d <= :hops
                      AND {find}(w.nodes, '/' || {other} || '/') = 0
                )
                SELECT edges FROM walk WHERE node = :target ORDER BY depth, edges LIMIT :limit
            """
            rows = conn.execute(_expanding(sql, params), params).scalars().all()
        wanted = [[eid for eid in row.split(",") if eid] for row in rows]
        if swap:  # found from `target`: each path read backwards runs from `source`
            wanted = [path[::-1] for path in wanted]
        wanted.sort(key=lambda path: (len(path), path))
        by_id = self.graph_edges_by_id(principal, {eid for path in wanted for eid in path})
        return [[by_id[eid] for eid in path] for path in wanted if all(e in by_id for e in path)]

    def graph_owners(
        self, principal: Principal, entity_id: str, max_depth: int = 8
    ) -> list[GraphEdge]:
        """Every current, not denied ownership link above `entity_id` (its owners, their owners,
        ... up to `max_depth` levels), as the reader may see them."""
        conn, allowed = self._graph_read(principal)
        own = EdgeFilter(relations=("ownership",), current_only=True)
        with conn:
            params: dict[str, Any] = {
                "start": entity_id,
                "depth": max_depth,
                "allowed": list(allowed),
            }
            sql = f"""
                WITH RECURSIVE up(node, depth) AS (
                    SELECT CAST(:start AS VARCHAR(128)), 0
                    UNION
                    SELECT e.source, u.depth + 1
                    FROM up u JOIN graph_edges e ON e.target = u.node
                    WHERE u.depth < :depth AND e.hedge <> 'denied' AND {own.sql(params)}
                      AND {VISIBLE_END.format(end="e.source")}
                )
                SELECT DISTINCT node FROM up
            """
            nodes = list(conn.execute(_expanding(sql, params), params).scalars())
        return [
            e
            for e in self.graph_edges_among(principal, nodes, own)
            if e.hedge != "denied" and e.target in nodes
        ]

    def graph_nodes(self, principal: Principal, ids: Iterable[str]) -> dict[str, GraphNode]:
        """Caption, schema, sources and designation of each visible entity of `ids`."""
        wanted = sorted(set(ids))
        s, r, d = t.statements, t.records, t.datasets
        records: dict[str, list[Any]] = {}
        names: dict[str, list[Any]] = {}
        listings: dict[str, set[tuple[str, str]]] = {}
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            allowed = self.readable_markings(conn, principal)  # type: ignore[attr-defined]
            keys = list(allowed)
            for batch in chunks(wanted, 500):
                rows = conn.execute(
                    select(r, d.c.marking_key)
                    .join(d, d.c.name == r.c.dataset)
                    .where(r.c.entity_id.in_(batch), d.c.marking_key.in_(keys))
                )
                for row in rows:
                    records.setdefault(row.entity_id, []).append(row)
                for row in self._sanctions(conn, batch, keys):
                    if may_read(principal, allowed[row.marking_key]):
                        listings.setdefault(row.value, set()).add((row.dataset, row.source_id))
                without = [x for x in batch if x not in records]
                rows = conn.execute(
                    select(s.c.entity_id, s.c.schema, s.c.prop, s.c.value, s.c.dataset)
                    .add_columns(s.c.marking_key)
                    .where(
                        s.c.entity_id.in_(batch),
                        s.c.marking_key.in_(keys),
                        s.c.retracted_at.is_(None),
                        or_(s.c.prop == "name", s.c.entity_id.in_(without)),
                    )
                    .order_by(s.c.entity_id, s.c.prop, s.c.value)
                )
                for row in rows:
                    if may_read(principal, allowed[row.marking_key]):
                        names.setdefault(row.entity_id, []).append(row)
        nodes = {}
        for entity_id in wanted:
            recs, stmts = records.get(entity_id, []), names.get(entity_id, [])
            if not recs and not stmts:
                continue  # hidden or missing
            listed = [x for x in recs if x.delisted_on is None]
            current = listings.get(entity_id, set())
            named = sorted({x.value for x in stmts if x.prop == "name"}, key=lambda n: (len(n), n))
            caption = (listed or recs)[0].caption if recs else (named[0] if named else entity_id)
            nodes[entity_id] = GraphNode(
                id=entity_id,
                caption=caption,
                schema=recs[0].schema if recs else stmts[0].schema,
                datasets=tuple(sorted({x.dataset for x in recs} | {x.dataset for x in stmts})),
                source_ids=tuple(sorted({x.source_id for x in recs})),
                designated=bool(current),
                listings=tuple(sorted(current)),
                markings=tuple(
                    {allowed[x.marking_key] for x in recs} | {allowed[x.marking_key] for x in stmts}
                ),
            )
        return nodes

    @staticmethod
    def _sanctions(conn: Connection, ids: list[str], keys: list[str]) -> list[Any]:
        """Current Sanctions naming any of `ids` in the current version of a list (so from
        records still listed): the designations."""
        s, d = t.statements, t.datasets
        return conn.execute(
            select(s.c.value, s.c.dataset, s.c.source_id, s.c.marking_key)
            .join(d, d.c.name == s.c.dataset)
            .where(
                s.c.schema == "Sanction",
                s.c.prop == "entity",
                s.c.value.in_(ids),
                s.c.marking_key.in_(keys),
                s.c.retracted_at.is_(None),
                s.c.last_version_id == d.c.current_version_id,
            )
        ).all()

    @staticmethod
    def _graph_edge(row: Any, allowed: dict[str, Marking]) -> GraphEdge:
        span = (row.span_start, row.span_end) if row.span_start is not None else None
        return GraphEdge(
            id=row.id,
            source=row.source,
            target=row.target,
            relation=row.relation,
            schema=row.schema,
            rel_entity=row.rel_entity,
            label=row.label,
            percentage=row.percentage,
            start_date=row.start_date,
            end_date=row.end_date,
            hedge=row.hedge,
            confidence=row.confidence,
            marking=allowed[row.marking_key],
            dataset=row.dataset,
            source_id=row.source_id,
            document_id=row.document_id,
            span=span,
            statement_ids=tuple(row.statement_ids.split(",")),
        )
