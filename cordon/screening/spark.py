"""Batch screening on Apache Spark: the embedded engine's scorer, run over partitions.

`screen(spark, matcher, INPUT, OUT)` is what `cordon screen --engine spark` does:

1. Read INPUT (CSV or Parquet; a local path or any Hadoop-compatible URI: hdfs://, s3a://,
   abfss://, gs://...) with the same column mapping as the embedded reader
   (`cordon.screening.inputs`), all CSV cells as text.
2. Number the rows 1..N in file order exactly as the embedded reader does (CSV rows that are
   all blank are not rows), without funnelling the file through one task: each input split
   counts its rows, the driver turns the counts into offsets.
3. Range-partition by row number into `partitions` slices, so every core gets work even when
   the input is one small file, and part files come out in row order.
4. Broadcast the matcher (the screening index built from the store, plus the agency's reviewed
   hits) once; each Python worker unpickles it once and keeps it for every task it runs.
5. Score each row with `cordon.screening.batch.screen_record`, the function the embedded runner
   calls, and encode it with the same encoder: the JSONL output is byte for byte the embedded
   engine's, split into part files (`cat OUT/part-*` is the embedded output).

Parquet output has one row per input row (`id`, `row`, `hit`, `top_score`, `matches` as nested
structs with the explanation, `warnings`, `error`) for downstream Spark/SQL jobs.
"""

from __future__ import annotations

import gc
import json
import math
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from cordon.screening.batch import Matcher, Remembered, Summary, _encode, screen_record
from cordon.screening.inputs import (
    ENCODING_SAMPLE,
    InputError,
    _detect_format,
    _map_columns,
    _pick_delimiter,
    clean_text,
    open_input,
)

ROWS_PER_PARTITION = 50_000  # a slice of work: ~30 s of one core, small enough to rebalance
MIN_PARTITIONS_PER_CORE = 2
OUTPUT_FORMATS = ("jsonl", "parquet")
INPUT_FORMATS = ("csv", "parquet")
_CSV_ENCODINGS = {"utf-8": "UTF-8", "cp1252": "windows-1252", "utf-16": "UTF-16"}


# ---------------------------------------------------------------- input


@dataclass
class SparkInput:
    """An input as a DataFrame, with the embedded reader's column mapping."""

    uri: str
    format: str
    columns: list[str]  # as the header names them (cleaned), in file order
    fields: dict[str, list[int]]  # canonical field -> column positions
    df: Any  # pyspark DataFrame, columns c0..cN in file order
    warnings: list[str] = field(default_factory=list)

    @property
    def ignored_columns(self) -> list[str]:
        used = {i for idxs in self.fields.values() for i in idxs}
        return [c for i, c in enumerate(self.columns) if i not in used]


def is_uri(location: str) -> bool:
    """hdfs://, s3a://, file:/... (a Windows drive letter is a path, not a scheme)."""
    scheme = urlparse(location).scheme
    return len(scheme) > 1


def local_path(location: str) -> Path | None:
    if not is_uri(location):
        return Path(location)
    parsed = urlparse(location)
    return Path(parsed.path) if parsed.scheme == "file" else None


def detect_format(location: str, given: str | None = None) -> str:
    """csv or parquet: as given, else from a local file's content, else from the name."""
    if given:
        if given not in INPUT_FORMATS:
            raise InputError(
                f"--input-format {given!r}: expected one of {', '.join(INPUT_FORMATS)}"
            )
        return given
    path = local_path(location)
    if path is not None and path.is_dir():
        data = sorted(
            p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_"))
        )
        if not data:
            raise InputError(f"{location}: an empty folder (CSV or Parquet files expected)")
        path = data[0]
    if path is not None and path.is_file():
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
        fmt = _detect_format(path, head)
    else:
        name = location.rstrip("/").rsplit("/", 1)[-1].lower()
        fmt = "parquet" if name.endswith((".parquet", ".pq")) else "csv"
        if not name.endswith((".parquet", ".pq", ".csv", ".tsv", ".txt", ".csv.gz")):
            raise InputError(
                f"{location}: cannot tell CSV from Parquet by the name; "
                "say --input-format csv or --input-format parquet"
            )
    if fmt not in INPUT_FORMATS:
        raise InputError(
            f"{location}: {fmt.upper()} input; --engine spark reads CSV or Parquet "
            "(convert it, or screen it with the embedded engine)"
        )
    return fmt


def _csv_dialect(spark: Any, location: str) -> tuple[str, str, list[str]]:
    """(delimiter, encoding, warnings) decided as the embedded reader decides them: from the
    local file itself, or from the first lines of a remote one (read as UTF-8)."""
    path = local_path(location)
    if path is not None and path.is_file():
        inp = open_input(path)
        return inp.delimiter, inp.encoding, list(inp.warnings)
    lines = [r[0] for r in spark.read.text(location).limit(200).collect()]
    sample = "\n".join(lines)[:ENCODING_SAMPLE].lstrip("\ufeff")
    if not sample.strip():
        raise InputError(f"{location}: no lines to read (a header row is expected)")
    return _pick_delimiter(sample + "\n"), "utf-8", []


def read_input(
    spark: Any, location: str, input_format: str | None = None, multiline: bool = False
) -> SparkInput:
    """Open INPUT as a DataFrame with the embedded reader's column mapping; InputError when
    nothing in it can be screened (naming the file and its columns)."""
    from cordon.screening.inputs import SCREENABLE, _describe

    fmt = detect_format(location, input_format)
    path = local_path(location)
    if path is not None and not path.exists():
        raise InputError(f"{location}: cannot read: No such file or directory")
    warnings: list[str] = []
    try:
        if fmt == "csv":
            delimiter, encoding, warnings = _csv_dialect(spark, location)
            reader = (
                spark.read.option("header", True)
                .option("sep", delimiter)
                .option("quote", '"')
                .option("escape", '"')  # RFC 4180 doubled quotes, as Python's csv module
                .option("encoding", _CSV_ENCODINGS.get(encoding, encoding))
                .option("multiLine", multiline)
                .option("inferSchema", False)
                .option("mode", "PERMISSIVE")
            )
            df = reader.csv(location)
        else:
            df = spark.read.parquet(location)
    except Exception as exc:  # Spark's AnalysisException: path not found, unreadable file
        if type(exc).__name__ in ("AnalysisException", "Py4JJavaError", "IllegalArgumentException"):
            raise InputError(
                f"{location}: cannot read as {fmt.upper()}: {first_line(exc)}"
            ) from None
        raise
    columns = [clean_text(c).lstrip("\ufeff") for c in df.columns]
    df = df.toDF(*[f"c{i}" for i in range(len(columns))])  # by position: any header works
    fields = _map_columns(columns)
    if not any(f in fields for f in SCREENABLE):
        raise InputError(_describe(Path(location), columns))
    return SparkInput(location, fmt, columns, fields, df, warnings)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# ---------------------------------------------------------------- numbering


def numbered(
    inp: SparkInput, partitions: int | None, default_parallelism: int
) -> tuple[Any, int, int]:
    """(DataFrame of `row` + the mapped columns, range-partitioned by row and sorted within
    each slice; the number of rows; the number of slices)."""
    from pyspark.sql import functions as F

    df = inp.df
    if inp.format == "csv":
        # An all-blank CSV row is not a row (as in the embedded reader).
        cells = F.concat_ws("", *[F.col(c) for c in df.columns])
        df = df.where(cells.rlike(r"(?U)\S"))
    used = sorted({i for idxs in inp.fields.values() for i in idxs})
    df = df.select(F.monotonically_increasing_id().alias("_mid"), *[f"c{i}" for i in used])
    split = F.shiftright(F.col("_mid"), 33).alias("_split")
    counts = sorted((r["_split"], r["count"]) for r in df.groupBy(split).count().collect())
    offsets, total = [], 0
    for split_id, count in counts:
        offsets.append((split_id, total))
        total += count
    spark = df.sparkSession
    base = spark.createDataFrame(offsets or [(0, 0)], "_split long, _base long")
    row = (F.col("_base") + F.col("_mid").bitwiseAND((1 << 33) - 1) + 1).alias("row")
    df = df.join(F.broadcast(base), F.shiftright(F.col("_mid"), 33) == F.col("_split"))
    df = df.select(row, *[f"c{i}" for i in used])
    if partitions is None:
        partitions = max(
            default_parallelism * MIN_PARTITIONS_PER_CORE, math.ceil(total / ROWS_PER_PARTITION)
        )
    partitions = max(1, partitions)
    df = df.repartitionByRange(partitions, "row").sortWithinPartitions("row")
    return df, total, partitions


# ---------------------------------------------------------------- executors

# Per Python worker: job key -> the matcher, unpickled once and kept for later tasks.
_MATCHERS: dict[str, Matcher] = {}


def _matcher(broadcast: Any, key: str) -> Matcher:
    matcher = _MATCHERS.get(key)
    if matcher is None:
        _MATCHERS.clear()  # another job's index: let it go
        matcher = _MATCHERS[key] = broadcast.value
        # Millions of long-lived objects: out of the collector's sight, as in the embedded
        # runner, so full collections neither walk nor copy them.
        gc.collect()
        gc.freeze()
    return matcher


def _records(rows: Iterator[Any], fields: dict[str, list[int]]) -> Iterator[tuple[int, dict]]:
    """(row, record) pairs from Spark rows (`row`, c0..cN), shaped as the embedded reader's
    records: canonical field -> cell values, missing cells as None."""
    picks = [(f, [f"c{i}" for i in idxs]) for f, idxs in fields.items()]
    for item in rows:
        data = item.asDict()
        yield data["row"], {f: [data[c] for c in cols] for f, cols in picks}


def _screened(
    broadcast: Any,
    fields: dict[str, list[int]],
    threshold: float,
    limit: int,
    counters: dict[str, Any],
    shape: Callable[[dict[str, Any], bool], Any],
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The partition function: Spark rows -> `shape(line, hit)` per row, in row order, with
    the embedded runner's `screen_record` (the same parser, matcher call and sorting)."""

    key = uuid.uuid4().hex

    def run(rows: Iterator[Any]) -> Iterator[Any]:
        cpu = time.process_time()
        matcher = Remembered(_matcher(broadcast, key))  # repeats within the partition
        done = hits = errors = warned = 0
        try:
            for number, record in _records(rows, fields):
                line, hit = screen_record(matcher, number, record, threshold, limit)
                done += 1
                hits += hit
                errors += "error" in line
                warned += "warnings" in line
                yield shape(line, hit)
        finally:
            counters["rows"].add(done)
            counters["hits"].add(hits)
            counters["errors"].add(errors)
            counters["warned"].add(warned)
            counters["cpu"].add(time.process_time() - cpu)

    return run


def jsonl_line(line: dict[str, Any], hit: bool) -> str:
    return _encode(line)


def parquet_schema() -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    text = StringType()
    feature = StructType(
        [
            StructField("feature", text),
            StructField("effect", DoubleType()),
            StructField("detail", text),
            StructField("query", text),
            StructField("candidate", text),
        ]
    )
    reviewed = StructType(
        [StructField(k, text) for k in ("decision", "reason", "by", "at", "expires_at")]
    )
    match = StructType(
        [
            StructField("entity_id", text),
            StructField("score", DoubleType()),
            StructField("match", BooleanType()),
            StructField("caption", text),
            StructField("schema", text),
            StructField("datasets", ArrayType(text)),
            StructField("source_ids", ArrayType(text)),
            StructField("explanation", ArrayType(feature)),
            StructField("marking", text),
            StructField("reviewed", reviewed),
        ]
    )
    return StructType(
        [
            StructField("id", text),
            StructField("row", LongType()),
            StructField("hit", BooleanType()),
            StructField("top_score", DoubleType()),
            StructField("matches", ArrayType(match)),
            StructField("warnings", ArrayType(text)),
            StructField("error", text),
        ]
    )


def parquet_row(line: dict[str, Any], hit: bool) -> tuple:
    """An output line as a Parquet row: the same values, nested, plus `hit` and `top_score`
    (the best score, reviewed or not) for downstream filters."""
    matches = [
        {**m, "marking": m.get("marking"), "reviewed": m.get("reviewed")} for m in line["matches"]
    ]
    return (
        line["id"],
        line["row"],
        hit,
        max((m["score"] for m in matches), default=None),
        matches,
        line.get("warnings"),
        line.get("error"),
    )


# ---------------------------------------------------------------- the job


@dataclass
class SparkSummary(Summary):
    partitions: int = 0
    output_format: str = "jsonl"
    master: str = ""
    cores: int = 0  # default parallelism of the session: the cores the job could use
    worker_cpu: float = 0.0  # CPU seconds the Python workers spent (index load and scoring)


def screen(
    spark: Any,
    matcher: Matcher,
    input_location: str,
    out_location: str,
    threshold: float,
    limit: int = 5,
    *,
    output_format: str = "jsonl",
    partitions: int | None = None,
    input_format: str | None = None,
    multiline: bool = False,
    overwrite: bool = False,
    inp: SparkInput | None = None,
    setup_seconds: float = 0.0,
) -> SparkSummary:
    """Screen every row of INPUT on Spark; write part files under OUT (a folder or URI).

    Raises InputError (unreadable input, nothing to screen, OUT exists without `overwrite`)
    before anything is screened. `setup_seconds` is the time the caller spent building the
    matcher, reported as setup.
    """
    if output_format not in OUTPUT_FORMATS:
        raise InputError(f"--format {output_format!r}: expected one of {', '.join(OUTPUT_FORMATS)}")
    started = time.perf_counter()
    inp = inp or read_input(spark, input_location, input_format, multiline)
    check_out(out_location, input_location, overwrite)
    sc = spark.sparkContext
    setup_started = time.perf_counter()
    broadcast = sc.broadcast(matcher)
    df, total, slices = numbered(inp, partitions, sc.defaultParallelism)
    setup = setup_seconds + time.perf_counter() - setup_started
    counters = {k: sc.accumulator(0) for k in ("rows", "hits", "errors", "warned")}
    counters["cpu"] = sc.accumulator(0.0)
    mode = "overwrite" if overwrite else "errorifexists"
    try:
        if output_format == "jsonl":
            fn = _screened(broadcast, inp.fields, threshold, limit, counters, jsonl_line)
            lines = spark.createDataFrame(
                df.rdd.mapPartitions(fn).map(lambda v: (v,)), "value string"
            )
            lines.write.mode(mode).option("lineSep", "\n").text(out_location)
        else:
            fn = _screened(broadcast, inp.fields, threshold, limit, counters, parquet_row)
            rows = spark.createDataFrame(
                df.rdd.mapPartitions(fn), parquet_schema(), verifySchema=False
            )
            rows.write.mode(mode).parquet(out_location)
    finally:
        broadcast.unpersist()
    summary = SparkSummary(
        rows=counters["rows"].value,
        hits=counters["hits"].value,
        errors=counters["errors"].value,
        warned=counters["warned"].value,
        elapsed=time.perf_counter() - started + setup_seconds,
        setup=setup,
        total=total,
        complete=True,
        input_warnings=list(inp.warnings),
        partitions=slices,
        output_format=output_format,
        master=sc.master,
        cores=sc.defaultParallelism,
        worker_cpu=counters["cpu"].value,
    )
    return summary


def check_out(out_location: str, input_location: str, overwrite: bool) -> None:
    path = local_path(out_location)
    if path is None:
        return  # remote: Spark refuses an existing OUT itself unless overwriting
    source = local_path(input_location)
    if source is not None and source.exists() and path.resolve() == source.resolve():
        raise InputError(f"{out_location}: the output would overwrite the input")
    if path.exists() and not overwrite:
        raise InputError(f"{out_location} exists; use --force to replace it")
    if path.exists() and path.is_file():
        raise InputError(f"{out_location} is a file; --engine spark writes a folder of part files")


def read_jsonl_output(location: str | Path) -> list[dict[str, Any]]:
    """Every line of a local JSONL output folder, in part order (for tests and tools)."""
    lines = []
    for part in sorted(Path(location).glob("part-*")):
        with open(part, encoding="utf-8") as fh:
            lines.extend(json.loads(line) for line in fh if line.strip())
    return lines
