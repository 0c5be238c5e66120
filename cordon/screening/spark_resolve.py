"""Customer-file resolution on Spark: `cordon dedupe INPUT --engine spark`.

The same functions as the embedded job (`cordon.screening.dedupe`), distributed:

1. rows are read and numbered as `cordon screen --engine spark` reads them, then parsed on
   the executors (`parse_record`, the embedded parser);
2. each row's block keys (the screening index's terms) are computed on the executors and
   grouped by Spark; blocks of 2..MAX_BLOCK rows give ordered pairs, deduplicated by Spark;
3. each pair is compared with `dedupe.compare` (the screening scorer and resolution's
   `judge`), each row screened against the lists with `dedupe.list_links`, both against the
   broadcast matcher;
4. the links, few by construction (only judged-same pairs), come back to the driver, which
   joins them into clusters (`dedupe.clusters`) and writes them as JSON lines.

Steps 1-3 are the work that grows with the file; step 4 grows with the number of links.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from cordon.screening import dedupe
from cordon.screening.engine import Screener
from cordon.screening.inputs import parse_record
from cordon.screening.model import Query
from cordon.screening.spark import _matcher, _records, check_out, numbered, read_input


@dataclass
class DedupeSummary:
    rows: int
    pairs: int
    links: int
    clusters: int
    elapsed: float
    partitions: int


def _parties(fields: dict[str, list[int]]):  # type: ignore[no-untyped-def]
    def run(rows):  # type: ignore[no-untyped-def]
        for number, record in _records(rows, fields):
            try:
                item = parse_record(number, record).item
            except Exception:  # an unreadable row links to nothing (as embedded)
                continue
            if isinstance(item, Query):
                yield number, dedupe.Party(number, item).to_json()

    return run


def resolve_file(
    spark: Any,
    screener: Screener,
    input_location: str,
    out_location: str,
    *,
    partitions: int | None = None,
    input_format: str | None = None,
    overwrite: bool = False,
) -> DedupeSummary:
    """Cluster the rows of INPUT (and the designees they are); JSON lines under OUT."""
    from pyspark.sql import functions as F

    started = time.perf_counter()
    inp = read_input(spark, input_location, input_format)
    check_out(out_location, input_location, overwrite)
    sc = spark.sparkContext
    broadcast = sc.broadcast(screener)
    key = f"dedupe-{id(broadcast)}-{time.time()}"
    try:
        df, total, slices = numbered(inp, partitions, sc.defaultParallelism)
        parties = spark.createDataFrame(
            df.rdd.mapPartitions(_parties(inp.fields)), "row long, party string"
        ).cache()

        def keys(rows):  # type: ignore[no-untyped-def]
            matcher = _matcher(broadcast, key)
            for item in rows:
                party = dedupe.Party.from_json(item["party"])
                for k in dedupe.block_keys(party, matcher):
                    yield k, party.row

        blocks = (
            spark.createDataFrame(parties.rdd.mapPartitions(keys), "key string, row long")
            .groupBy("key")
            .agg(F.collect_list("row").alias("rows"))
            .where(F.size("rows").between(2, dedupe.MAX_BLOCK))
        )
        pairs = spark.createDataFrame(
            blocks.rdd.flatMap(lambda b: dedupe.pairs_of(list(b["rows"]))), "a long, b long"
        ).distinct()
        left = parties.withColumnRenamed("row", "a").withColumnRenamed("party", "pa")
        right = parties.withColumnRenamed("row", "b").withColumnRenamed("party", "pb")
        payloads = pairs.join(left, "a").join(right, "b")

        def compared(rows):  # type: ignore[no-untyped-def]
            matcher = _matcher(broadcast, key)
            for item in rows:
                a = dedupe.Party.from_json(item["pa"])
                b = dedupe.Party.from_json(item["pb"])
                found = dedupe.compare(a, b, matcher)
                if found is not None:
                    yield json.dumps(found)

        def listed(rows):  # type: ignore[no-untyped-def]
            matcher = _matcher(broadcast, key)
            for item in rows:
                party = dedupe.Party.from_json(item["party"])
                for found in dedupe.list_links(party, matcher):
                    yield json.dumps(found)

        pair_count = pairs.count()
        links = [json.loads(t) for t in payloads.rdd.mapPartitions(compared).collect()]
        links += [json.loads(t) for t in parties.rdd.mapPartitions(listed).collect()]
        linked = sorted(
            {
                int(n[len(dedupe.ROW) :])
                for item in links
                for n in (item["left"], item["right"])
                if n.startswith(dedupe.ROW)
            }
        )
        wanted = spark.createDataFrame([(r,) for r in linked] or [(0,)], "row long")
        members = {
            r["row"]: dedupe.Party.from_json(r["party"])
            for r in parties.join(F.broadcast(wanted), "row").collect()
        }
        result = dedupe.clusters(links, members, screener)
        lines = spark.createDataFrame([(dedupe.encode(c),) for c in result] or [], "value string")
        mode = "overwrite" if overwrite else "errorifexists"
        lines.coalesce(1).write.mode(mode).option("lineSep", "\n").text(out_location)
        parties.unpersist()
    finally:
        broadcast.unpersist()
    return DedupeSummary(
        rows=total,
        pairs=pair_count,
        links=len(links),
        clusters=len(result),
        elapsed=time.perf_counter() - started,
        partitions=slices,
    )
