"""`cordon screen --engine spark`: Spark (local mode) and the embedded engine give the same
lines, matches, scores and explanations on the same input, from CSV and Parquet, through the
API and the CLI; a missing pyspark or Java is one clear message.

The store holds the real UN and OFAC lists (tests/paths.py), resolved across lists; inputs
are generated from them (benchmarks/rows.py: listed names as clerks write them, invented
negatives, malformed dates, unknown schemas). One SparkSession serves the whole module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks import rows as gen
from cordon.lists import service
from cordon.policy import Principal
from cordon.screening import resolve, reviews
from cordon.screening import spark as spark_job
from cordon.screening.batch import run
from cordon.screening.engine import Screener
from cordon.screening.inputs import InputError
from cordon.screening.model import Query
from cordon.screening.reviews import ReviewBook, ReviewedMatcher
from cordon.screening.spark_session import SparkUnavailable, require_java, session
from cordon.store import Store
from tests.paths import LISTS

USA = Principal("USA", "analyst@usa.example")
ROWS = 2_500


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("CORDON_HOME", str(home))
    store = Store(f"sqlite:///{home / 'cordon.db'}")
    service.load(store, [LISTS / "un", LISTS / "ofac"])
    resolve.resolve(store)
    yield home, store
    store.close()
    mp.undo()


@pytest.fixture(scope="module")
def matcher(home) -> ReviewedMatcher:
    """What `cordon screen --as analyst@usa.example` screens with: USA reviewed one hit."""
    _, store = home
    screener = Screener.from_store(store, USA)
    kim = Query(id="r", schema="Person", names=("Kim Jong Un",))
    [best, *_] = screener.match(kim)
    reviews.mark(store, USA, kim, best.entity_id, "our customer, born 1990")
    return ReviewedMatcher(screener, ReviewBook.load(store, USA))


@pytest.fixture(scope="module")
def spark():
    try:
        require_java()
    except SparkUnavailable as exc:
        pytest.fail(f"the Spark tests need Java 17 or 21: {exc}")
    conf = {"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"}
    s = session("local[2]", "cordon-tests", conf, quiet=True)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def input_csv(home, matcher: ReviewedMatcher, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated rows (a fifth of them listed names) plus the reviewed counterparty."""
    path = tmp_path_factory.mktemp("in") / "customers.csv"
    rows = list(gen.generate(matcher.matcher.index.targets, ROWS, positive_share=0.2))
    rows.insert(7, {"id": "reviewed", "name": "Kim Jong Un", "schema": "Person"})
    gen.write_csv(iter(rows), path)
    return path


def embedded(matcher, path: Path, out: Path, threshold: float = 0.75, limit: int = 5):  # type: ignore[no-untyped-def]
    summary = run(lambda: matcher, path, out, threshold, limit, workers=1, resume=False)
    return summary, out.read_bytes()


def concatenated(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("part-*")))


def test_spark_writes_the_embedded_lines_byte_for_byte(spark, matcher, input_csv, tmp_path):
    summary, expected = embedded(matcher, input_csv, tmp_path / "embedded.jsonl")
    out = tmp_path / "spark"
    result = spark_job.screen(spark, matcher, str(input_csv), str(out), 0.75, 5, partitions=5)
    assert concatenated(out) == expected
    # The input is not trivial: hits, reviewed hits, warnings and error lines all occur.
    lines = [json.loads(line) for line in expected.splitlines()]
    assert len(lines) == ROWS + 1 and summary.hits > 100
    assert any("error" in line for line in lines) and any("warnings" in line for line in lines)
    [reviewed] = [line for line in lines if line["id"] == "reviewed"]
    assert reviewed["matches"][0]["reviewed"]["reason"] == "our customer, born 1990"
    assert not reviewed["matches"][0]["match"]
    assert len(list(out.glob("part-*"))) == 5  # slices of rows, in row order
    assert (result.rows, result.hits, result.errors, result.warned) == (
        summary.rows,
        summary.hits,
        summary.errors,
        summary.warned,
    )


def test_other_thresholds_and_limits_agree(spark, matcher, input_csv, tmp_path):
    _, expected = embedded(matcher, input_csv, tmp_path / "e.jsonl", threshold=0.9, limit=2)
    out = tmp_path / "spark"
    spark_job.screen(spark, matcher, str(input_csv), str(out), 0.9, 2)
    assert concatenated(out) == expected


def test_parquet_in_through_a_uri_and_parquet_out(spark, matcher, tmp_path):
    source = list(gen.generate(matcher.matcher.index.targets, 800, seed=7, positive_share=0.3))
    path = tmp_path / "rows.parquet"
    gen.write_parquet(iter(source), path, batch=300)  # three row groups: three input splits
    _, expected = embedded(matcher, path, tmp_path / "e.jsonl")
    out = tmp_path / "out"
    spark_job.screen(spark, matcher, path.as_uri(), out.as_uri(), 0.75, 5, output_format="parquet")
    table = pq.read_table(out).sort_by("row").to_pylist()
    lines = [json.loads(line) for line in expected.splitlines()]
    assert [r["row"] for r in table] == [line["row"] for line in lines] == list(range(1, 801))
    for got, want in zip(table, lines, strict=True):
        assert got["id"] == want["id"] and got["error"] == want.get("error")
        assert got["warnings"] == want.get("warnings")
        assert got["hit"] == any(m["match"] for m in want["matches"])
        assert len(got["matches"]) == len(want["matches"])
        for g, w in zip(got["matches"], want["matches"], strict=True):
            assert {k: g[k] for k in w if k != "reviewed"} == {
                k: v for k, v in w.items() if k != "reviewed"
            }
    assert sum(r["hit"] for r in table) > 50


def test_csv_dialects_blank_rows_and_quoted_cells(spark, matcher, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "Customer ID;Full Name;Entity Type;Date of Birth;Country\n"
        "1;KIM, Jong Un;individual;8 January 1984;North Korea\n"
        "\n"
        ";;;;\n"
        '2;"Korea Kwangson ""Banking"" Corp";Company;;\n'
        "3;김정은;;;\n"
        "4;   ;;;\n"
        '5;"Smith; John";Person;1970;KP, CN\n',
        encoding="utf-8",
    )
    _, expected = embedded(matcher, path, tmp_path / "e.jsonl")
    out = tmp_path / "spark"
    spark_job.screen(spark, matcher, str(path), str(out), 0.75, 5)
    assert concatenated(out) == expected
    assert [json.loads(line)["id"] for line in expected.splitlines()] == ["1", "2", "3", "4", "5"]


def test_an_input_without_a_name_column_is_refused(spark, matcher, tmp_path):
    path = tmp_path / "nothing.csv"
    path.write_text("ref,amount\n1,20\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no column to screen on.*'ref', 'amount'"):
        spark_job.screen(spark, matcher, str(path), str(tmp_path / "out"), 0.75)
    assert not (tmp_path / "out").exists()


def test_an_existing_output_is_not_overwritten_without_force(spark, matcher, input_csv, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="exists; use --force"):
        spark_job.screen(spark, matcher, str(input_csv), str(out), 0.75)
    assert (out / "keep.txt").read_text() == "mine"


def cli(*args: str, env: dict[str, str] | None = None, code: str | None = None):  # type: ignore[no-untyped-def]
    command = [sys.executable, "-m", "cordon.cli.main", *args]
    if code is not None:
        command = [sys.executable, "-c", code, *args]
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600
    )


def test_the_cli_on_spark_matches_the_cli_embedded(home, input_csv, tmp_path):
    home_dir, _ = home
    env = {"CORDON_HOME": str(home_dir)}
    embedded_out = tmp_path / "embedded.jsonl"
    done = cli("screen", str(input_csv), "--out", str(embedded_out), "--workers", "1", env=env)
    assert done.returncode == 0, done.stderr
    spark_out = tmp_path / "spark"
    args = ("screen", str(input_csv), "--engine", "spark", "--master", "local[2]")
    done = cli(*args, "--out", str(spark_out), "--conf", "spark.ui.enabled=false", env=env)
    assert done.returncode == 0, done.stderr
    assert concatenated(spark_out) == embedded_out.read_bytes()
    assert "spark (local[2], 2 cores)" in done.stdout
    again = cli(*args, "--out", str(spark_out), env=env)
    assert again.returncode == 1 and "exists; use --force" in again.stderr


def test_without_pyspark_the_spark_engine_says_how_to_install_it(input_csv, tmp_path):
    code = (
        "import sys; sys.modules['pyspark'] = None; sys.argv[0] = 'cordon'\n"
        "from cordon.cli.main import app; app()"
    )
    args = ("screen", str(input_csv), "--engine", "spark", "--out", str(tmp_path / "o"))
    done = cli(*args, code=code)
    assert done.returncode == 1
    assert "pip install 'cordon[spark]'" in done.stderr and "Traceback" not in done.stderr


def test_without_java_the_spark_engine_says_so(input_csv, tmp_path):
    args = ("screen", str(input_csv), "--engine", "spark", "--out", str(tmp_path / "o"))
    done = cli(*args, env={"JAVA_HOME": str(tmp_path / "no-jdk")})
    assert done.returncode == 1
    assert "needs a Java runtime" in done.stderr and "no bin/java" in done.stderr


# ---------------------------------------------------------------- customer-file resolution

PARTIES = [
    {"id": "p1", "name": "Sarah Wu", "schema": "Person", "birth_date": "1959-04-21"},
    {"id": "p2", "name": "WU, Sarah", "schema": "Person", "birth_date": "21/04/1959"},
    {"id": "p3", "name": "Sarah Wu", "schema": "Person", "birth_date": "1962-01-01"},
    {"id": "p4", "name": "Korea Kwangson Banking Corp", "schema": "Company"},
    {"id": "p5", "name": "Golden Star Shipping Ltd", "schema": "Company", "nationality": "sg"},
    {"id": "p6", "name": "GOLDEN STAR SHIPPING LTD", "schema": "Company", "nationality": "sg"},
    {"id": "p7", "name": "Golden Star Shipping LLC", "schema": "Company"},
    {"id": "p8", "name": "Ivan Petrov", "schema": "Person", "passport": "AB1234567"},
    {"id": "p9", "name": "Ivan Petrov", "schema": "Person", "passport": "AB 1234567"},
]


@pytest.fixture(scope="module")
def customer_file(matcher, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The parties above, then generated rows and a tenth of them again under other ids."""
    path = tmp_path_factory.mktemp("dedupe") / "customers.csv"
    filler = list(gen.generate(matcher.matcher.index.targets, 600, seed=11, positive_share=0.2))
    again = [{**row, "id": "again-" + row["id"]} for row in filler[::10]]
    gen.write_csv(iter(PARTIES + filler + again), path)
    return path


def test_customer_file_resolution_links_rows_and_designees(matcher, customer_file):
    from cordon.screening import dedupe
    from cordon.screening.inputs import open_input

    result = dedupe.dedupe(open_input(customer_file).rows(), matcher.matcher)
    by_id = {row["id"]: c for c in result for row in c["rows"]}
    # Same person: reordered name, the same birth date written another way.
    assert by_id["p1"] is by_id["p2"] and "p3" not in {r["id"] for r in by_id["p1"]["rows"]}
    [wu] = by_id["p1"]["links"]
    assert wu["method"] == "name_birth_date" and wu["evidence"]["birth_date"] == "1959-04-21"
    # A listed bank: linked to the designee, with the list's record ids.
    bank = by_id["p4"]
    assert any("un:KPe.025" in e["source_ids"] for e in bank["entities"])
    assert {link["method"] for link in bank["links"]} == {"name_exact"}
    # Organisations: the same name and legal form; another legal form is another company.
    assert by_id["p5"] is by_id["p6"] and "p7" not in by_id
    # People with one passport number, however it is written.
    assert by_id["p8"] is by_id["p9"] and by_id["p8"]["links"][0]["method"] == "passport"
    # Every repeated generated row found its twin.
    assert all(f"again-{c}" in by_id for c in ("C000000001", "C000000011", "C000000101"))


def test_customer_file_resolution_on_spark_gives_the_same_clusters(
    spark, matcher, customer_file, tmp_path
):
    from cordon.screening import dedupe
    from cordon.screening.inputs import open_input
    from cordon.screening.spark_resolve import resolve_file

    expected = dedupe.dedupe(open_input(customer_file).rows(), matcher.matcher)
    out = tmp_path / "clusters"
    summary = resolve_file(spark, matcher.matcher, str(customer_file), str(out), partitions=3)
    got = [json.loads(line) for line in concatenated(out).decode().splitlines()]
    assert got == expected and summary.clusters == len(expected) > 60


def test_the_dedupe_command(home, customer_file, tmp_path):
    home_dir, _ = home
    out = tmp_path / "clusters.jsonl"
    done = cli("dedupe", str(customer_file), "--out", str(out), env={"CORDON_HOME": str(home_dir)})
    assert done.returncode == 0, done.stderr
    clusters = [json.loads(line) for line in out.read_text().splitlines()]
    assert clusters[0]["rows"][0]["id"] == "p1" and "clusters" in done.stdout
    again = cli("dedupe", str(customer_file), "--out", str(out), env={"CORDON_HOME": str(home_dir)})
    assert again.returncode == 1 and "exists; use --force" in again.stderr
