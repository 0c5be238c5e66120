"""Batch screening (`cordon screen`): inputs in four formats, bad input, resume, parallel runs
that give the same bytes as serial ones, and a 200,000-row file read with bounded memory.

The matcher here is a small stand-in with the engine's surface (`match(query, threshold,
limit)`): these tests are about the runner, not about scores.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from rapidfuzz import fuzz
from typer.testing import CliRunner

from cordon.cli import screen as screen_cli
from cordon.screening.batch import Remembered, ResumeError, run, sidecar_path
from cordon.screening.inputs import (
    InputError,
    RowError,
    imo_valid,
    iter_queries,
    open_input,
    parse_date,
    parse_imo,
)
from cordon.screening.model import Feature, Match, Query

REPO = Path(__file__).resolve().parents[1]

ENTITIES = [
    {
        "id": "NK-kim",
        "schema": "Person",
        "names": ["Kim Jong Un", "김정은"],
        "datasets": ["un_sc_sanctions"],
        "source_ids": ["un:KPi.033"],
    },
    {
        "id": "NK-ri",
        "schema": "Person",
        "names": ["Ri Chol Ho", "Lee Cheol-ho"],
        "datasets": ["us_ofac_sdn"],
        "source_ids": ["ofac:20157"],
    },
    {
        "id": "NK-phoenix",
        "schema": "Vessel",
        "names": ["SEA PHOENIX"],
        "datasets": ["us_ofac_sdn"],
        "source_ids": ["ofac:30001"],
    },
    {
        "id": "NK-korea-kwangson",
        "schema": "Company",
        "names": ["Korea Kwangson Banking Corp"],
        "datasets": ["un_sc_sanctions", "eu_fsf"],
        "source_ids": ["un:KPe.025", "eu:1234"],
    },
]


class FuzzyMatcher:
    """Token-sort ratio over a handful of entities; deterministic, best first."""

    def __init__(self, entities: list[dict] = ENTITIES) -> None:
        self.entities = entities
        self.calls = 0

    def match(self, query: Query, threshold: float, limit: int) -> list[Match]:
        self.calls += 1
        results = []
        for ent in self.entities:
            score = max(
                (fuzz.token_sort_ratio(q, n) / 100 for q in query.names for n in ent["names"]),
                default=0.0,
            )
            if score < 0.3:
                continue
            feature = Feature("name_match", score, "token sort ratio", query.names[0], None)
            results.append(
                Match(
                    ent["id"],
                    score,
                    score >= threshold,
                    ent["names"][0],
                    ent["schema"],
                    ent["datasets"],
                    ent["source_ids"],
                    [feature],
                )
            )
        results.sort(key=lambda m: (-m.score, m.entity_id))
        return results[:limit]


class Interrupted(FuzzyMatcher):
    """Ctrl-C after `after` engine calls (per process: each worker has its own copy; a
    repeated name is answered from memory, without a call)."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after

    def match(self, query: Query, threshold: float, limit: int) -> list[Match]:
        if self.calls >= self.after:
            raise KeyboardInterrupt
        return super().match(query, threshold, limit)


class Failing(FuzzyMatcher):
    def match(self, query: Query, threshold: float, limit: int) -> list[Match]:
        if "boom" in query.names[0].lower():
            raise ValueError("engine bug")
        return super().match(query, threshold, limit)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def many_rows(n: int) -> list[list[str]]:
    names = ["Kim Jong Un", "Ri Chol Ho", "SEA PHOENIX", "Jane Doe", "Korea Kwangson Banking"]
    rows = [["id", "name", "birth_date", "imo"]]
    for i in range(n):
        rows.append([f"c{i}", f"{names[i % len(names)]} {i % 7 or ''}".strip(), "1962", ""])
    return rows


# ------------------------------------------------------------------ value parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1962-05-01", ["1962-05-01"]),
        ("01/05/1962", ["1962-05-01"]),  # day first
        ("1.5.1962", ["1962-05-01"]),
        ("1962", ["1962"]),
        ("05/1962", ["1962-05"]),
        ("01 May 1962", ["1962-05-01"]),
        ("1-May-1962", ["1962-05-01"]),
        ("May 1, 1962", ["1962-05-01"]),
        ("Sept 1962", ["1962-09"]),
        ("circa 1962", ["1962"]),
        ("1960-1962", ["1960", "1961", "1962"]),
        ("1962-05-01T00:00:00", ["1962-05-01"]),
        (dt.date(1962, 5, 1), ["1962-05-01"]),
        (dt.datetime(1962, 5, 1, 12), ["1962-05-01"]),
        (1962, ["1962"]),
        (1962.0, ["1962"]),
        ("31/02/1962", None),
        ("1962-13", None),
        ("0001", None),
        ("yesterday", None),
        ("1962-1990", None),  # a range too wide to mean anything
    ],
)
def test_birth_dates_become_iso_prefixes(text, expected):
    assert parse_date(text) == expected


def test_imo_numbers_need_their_check_digit():
    assert imo_valid("9074729")
    assert parse_imo("IMO 9074729") == "9074729"
    assert parse_imo("imo:9074729") == "9074729"
    assert parse_imo(9074729.0) == "9074729"
    assert parse_imo("9074728") is None
    assert parse_imo("123") is None


# ------------------------------------------------------------------ formats


def test_csv_with_synonyms_semicolons_and_per_row_warnings(tmp_path: Path):
    path = write_csv(
        tmp_path / "in.csv",
        [
            ["Customer ID", "Full Name", "Date of Birth", "Country", "IMO Number", "Schema"],
            ["c1", "Kim Jong Un", "08/01/1984", "North Korea", "", "person"],
            ["c2", "SEA PHOENIX", "", "", "IMO 9074729", "Vessel"],
            ["", "Ri, Chol Ho", "31/02/1962", "Narnia", "9074728", ""],
            ["c4", '"Kim; Jong Un"', "", '"KP; cn"', "", "Aircraft"],
        ],
        delimiter=";",
    )
    inp = open_input(path)
    assert inp.format == "csv" and inp.delimiter == ";"
    rows = list(inp.rows())
    kim, vessel, ri, listy = (r.item for r in rows)
    assert kim == Query(
        id="c1",
        schema="Person",
        names=("Kim Jong Un",),
        birth_dates=("1984-01-08",),
        countries=("kp",),
    )
    assert vessel.schema == "Vessel" and vessel.imo == ("9074729",)
    assert ri.id == "3"  # no id: the row number
    assert ri.names == ("Ri, Chol Ho",) and ri.birth_dates == () and ri.imo == ()
    assert ri.countries == ()
    assert any("31/02/1962" in w for w in rows[2].warnings)
    assert any("Narnia" in w for w in rows[2].warnings)
    assert any("9074728" in w for w in rows[2].warnings)
    # A semicolon in a name cell is not a list; in a country cell it is.
    assert listy.names == ("Kim; Jong Un",) and listy.countries == ("kp", "cn")
    assert listy.schema == "Airplane"


def test_first_and_last_name_columns_make_a_person(tmp_path: Path):
    path = write_csv(
        tmp_path / "people.csv",
        [["First_Name", "Last_Name", "DOB", "passport_number"], ["Chol Ho", "Ri", "1962", "P1"]],
    )
    (row,) = list(open_input(path).rows())
    assert row.item.names == ("Chol Ho Ri",)
    assert row.item.schema == "Person"
    assert row.item.passports == ("P1",)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-16", "\t"), ("utf-8", "|"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str):
    text = delimiter.join(["id", "name", "nationality"]) + "\r\n"
    text += delimiter.join(["1", "Đoàn Văn Hùng", "Viet Nam"]) + "\r\n"
    text += delimiter.join(["2", "리철호", "KP"]) + "\r\n"
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    rows = [item for _, item in iter_queries(path)]
    assert [q.names for q in rows] == [("Đoàn Văn Hùng",), ("리철호",)]
    assert [q.countries for q in rows] == [("vn",), ("kp",)]


def test_cp1252_file_is_read_with_a_warning(tmp_path: Path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("name,country\nJosé Müller,Deutschland\n".encode("cp1252"))
    inp = open_input(path)
    assert inp.encoding == "cp1252" and "not UTF-8" in inp.warnings[0]
    (row,) = list(inp.rows())
    assert row.item.names == ("José Müller",)


def test_a_stray_non_utf8_line_is_read_as_cp1252_with_a_row_warning(tmp_path: Path):
    path = tmp_path / "mixed.csv"
    good = b"".join(b"Person Number %06d\n" % i for i in range(60_000))  # past the 1 MB sample
    path.write_bytes(b"name\n" + good + b"Jos\xe9 M\xfcller\nRi Chol Ho\n")
    inp = open_input(path)
    assert inp.encoding == "utf-8" and not inp.warnings
    rows = list(inp.rows(skip=59_999))
    assert [r.item.names for r in rows] == [
        ("Person Number 059999",),
        ("José Müller",),
        ("Ri Chol Ho",),
    ]
    assert [bool(r.warnings) for r in rows] == [False, True, False]


def test_one_column_csv_keeps_commas_inside_names(tmp_path: Path):
    path = tmp_path / "names.csv"
    path.write_text("name\nKIM, Jong Un\nRI, Chol Ho\n", encoding="utf-8")
    assert [q.names for _, q in iter_queries(path)] == [("KIM, Jong Un",), ("RI, Chol Ho",)]


def test_xlsx_first_sheet_with_typed_cells(tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Date of Birth", "IMO", "Nationality", "Schema", "ignored"])
    ws.append(["Kim Jong Un", dt.datetime(1984, 1, 8), None, "KP", "Person", "x"])
    ws.append([None, None, None, None, None, None])  # an empty row is not a row
    ws.append(["SEA PHOENIX", None, 9074729, None, "Vessel", "y"])
    ws.append(["Unknown Thing", None, None, None, "Spaceship", None])
    wb.create_sheet("other").append(["name"])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    inp = open_input(path)
    assert inp.format == "xlsx" and inp.ignored_columns == ["ignored"]
    assert inp.total_rows() == 4
    rows = list(inp.rows())
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].item.birth_dates == ("1984-01-08",) and rows[0].item.countries == ("kp",)
    assert rows[1].item.imo == ("9074729",)
    assert isinstance(rows[2].item, RowError) and "Spaceship" in rows[2].item.message


def test_jsonl_objects_lists_and_broken_lines(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    objects = [
        {"id": 7, "name": ["Kim Jong Un", "김정은"], "dob": "1984", "country": ["KP"]},
        {"id": "q2", "schema": "Vessel", "properties": {"name": ["SEA PHOENIX"], "imoNumber": []}},
        {"id": "q3", "properties": {"name": ["Ri Chol Ho"], "birthDate": ["1962-05-01"]}},
    ]
    text = "\n".join(json.dumps(o, ensure_ascii=False) for o in objects)
    text += '\n\n{"id": "q4", "name": "broken\n[1, 2]\n{"id": "q6", "name": "Lone \\ud800 half"}\n'
    path.write_text(text, encoding="utf-8")
    rows = list(open_input(path).rows())
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].item.id == "7" and rows[0].item.names == ("Kim Jong Un", "김정은")
    assert rows[0].item.countries == ("kp",)
    assert rows[1].item.schema == "Vessel" and rows[1].item.names == ("SEA PHOENIX",)
    assert rows[2].item.birth_dates == ("1962-05-01",)
    assert isinstance(rows[3].item, RowError) and isinstance(rows[4].item, RowError)
    assert rows[5].item.names == ("Lone half",)  # a lone surrogate cannot reach the output


def test_parquet_is_read_by_row_group_and_skips_whole_groups(tmp_path: Path):
    table = pa.table(
        {
            "ID": [f"p{i}" for i in range(10)],
            "names": [[f"Person {i}", f"Alias {i}"] for i in range(10)],
            "birth_date": [dt.date(1960 + i, 1, 2) for i in range(10)],
            "other": list(range(10)),
        }
    )
    path = tmp_path / "in.parquet"
    pq.write_table(table, path, row_group_size=3)
    inp = open_input(path)
    assert inp.format == "parquet" and inp.total_rows() == 10
    rows = list(inp.rows())
    assert rows[0].item.names == ("Person 0", "Alias 0")
    assert rows[9].item.birth_dates == ("1969-01-02",)
    assert [r.number for r in inp.rows(skip=4)] == [5, 6, 7, 8, 9, 10]
    assert [r.item.id for r in inp.rows(skip=4)][:2] == ["p4", "p5"]


# ------------------------------------------------------------------ bad input


def test_file_without_a_name_column_is_refused_naming_its_columns(tmp_path: Path):
    path = write_csv(tmp_path / "customers.csv", [["id", "email", "city"], ["1", "a@b", "X"]])
    with pytest.raises(InputError) as err:
        open_input(path)
    message = str(err.value)
    assert "customers.csv" in message and "'email'" in message and "'city'" in message


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n  \n", "empty"),
        ("array.json", b'[{"name": "x"}]', "JSON Lines"),
        ("nothing.jsonl", b"not json\n", "no JSON object"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "spreadsheet"),
        ("broken.parquet", b"PAR1 garbage", "Parquet"),
        ("gzipped.csv", b"\x1f\x8b\x08\x00garbage", "not a text file"),
    ],
)
def test_unreadable_files_give_one_clear_error(tmp_path: Path, name, content, phrase):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=phrase) as err:
        open_input(path)
    assert name in str(err.value)


def test_hostile_cells_give_well_defined_rows(tmp_path: Path):
    long_name = "Kim " * 2500  # 10,000 characters
    path = write_csv(
        tmp_path / "hostile.csv",
        [
            ["id", "name", "schema", "imo", "birth_date"],
            ["long", long_name.strip(), "", "", ""],
            ["ctrl", '"Kim\x00 Jong\x07Un\u200b\u202e"', "", "", ""],
            ["empty", "", "", "", ""],
            ["spaces", "   ", "Person", "", ""],
            ["mixed", "Kim Jong Un 김정은 Ким Чен Ын كيم", "", "", ""],
            ["schema", "Somebody", "Martian", "", ""],
            ["imo-only", "", "Vessel", "IMO 9074729", ""],
            ["bad-values", "Kim Jong Un", "", "12345", "not a date"],
        ],
    )
    out = tmp_path / "out.jsonl"
    summary = run(FuzzyMatcher, path, out, threshold=0.8, limit=3, workers=1)
    got = {line["id"]: line for line in lines(out)}
    assert list(got) == [
        "long",
        "ctrl",
        "empty",
        "spaces",
        "mixed",
        "schema",
        "imo-only",
        "bad-values",
    ]
    assert "truncated" in got["long"]["warnings"][0]
    assert got["ctrl"]["matches"][0]["entity_id"] == "NK-kim"
    assert "nothing to screen" in got["empty"]["error"] and got["empty"]["matches"] == []
    assert "nothing to screen" in got["spaces"]["error"]
    assert "error" not in got["mixed"]
    assert "Martian" in got["schema"]["error"]
    assert "error" not in got["imo-only"]
    assert len(got["bad-values"]["warnings"]) == 2
    assert got["bad-values"]["matches"][0]["match"] is True
    assert summary.rows == 8 and summary.errors == 3 and summary.warned == 2
    assert summary.complete


def test_a_matcher_failure_on_one_row_is_that_rows_error(tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", [["name"], ["Kim Jong Un"], ["BOOM"], ["Ri Chol Ho"]])
    out = tmp_path / "out.jsonl"
    summary = run(Failing, path, out, threshold=0.8, workers=1)
    got = lines(out)
    assert [g["row"] for g in got] == [1, 2, 3]
    assert "engine bug" in got[1]["error"] and got[2]["matches"]
    assert summary.errors == 1 and summary.hits == 2


# ------------------------------------------------------------------ output, resume, workers


def test_output_lines_follow_design(tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", [["id", "name"], ["a", "Jong Un Kim"], ["b", "Nobody"]])
    out = tmp_path / "out.jsonl"
    summary = run(FuzzyMatcher, path, out, threshold=0.8, limit=2, workers=1)
    first, second = lines(out)
    assert first["id"] == "a" and first["row"] == 1
    match = first["matches"][0]
    assert set(match) >= {
        "entity_id",
        "score",
        "match",
        "caption",
        "schema",
        "datasets",
        "source_ids",
        "explanation",
    }
    assert match["source_ids"] == ["un:KPi.033"] and match["match"] is True
    scores = [m["score"] for m in first["matches"]]
    assert scores == sorted(scores, reverse=True) and len(scores) <= 2
    assert second["id"] == "b"
    assert summary.rows == 2 and summary.hits == 1 and summary.rows_per_second > 0
    state = json.loads(sidecar_path(out).read_text())
    assert state["complete"] and state["rows_done"] == 2 and state["summary"]["hits"] == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_run_resumes_without_gaps_or_repeats(tmp_path: Path, workers: int):
    path = write_csv(tmp_path / "in.csv", many_rows(500))
    reference = tmp_path / "reference.jsonl"
    run(FuzzyMatcher, path, reference, threshold=0.8, workers=1, chunk_rows=16)

    out = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run(lambda: Interrupted(20), path, out, threshold=0.8, workers=workers, chunk_rows=16)
    partial = lines(out)
    assert 0 < len(partial) < 500
    assert [p["row"] for p in partial] == list(range(1, len(partial) + 1))
    state = json.loads(sidecar_path(out).read_text())
    assert not state["complete"] and state["rows_done"] == len(partial)
    with open(out, "a", encoding="utf-8") as fh:  # a torn last write
        fh.write('{"id":"c999","row":')

    summary = run(FuzzyMatcher, path, out, threshold=0.8, workers=workers, chunk_rows=16)
    assert summary.skipped == len(partial) and summary.rows == 500 - len(partial)
    assert out.read_bytes() == reference.read_bytes()


def test_hard_kill_then_resume(tmp_path: Path):
    """The process dies without any cleanup (as with kill -9): the sidecar lags behind."""
    rows = many_rows(300)
    for k, row in enumerate(rows[1:]):
        row[1] += f" {k}"  # every row its own counterparty: one engine call per row
    path = write_csv(tmp_path / "in.csv", rows)
    out = tmp_path / "out.jsonl"
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from tests.test_screen_batch import FuzzyMatcher
        from cordon.screening.batch import run

        class Dies(FuzzyMatcher):
            def match(self, query, threshold, limit):
                if self.calls == 150:
                    os._exit(9)
                return super().match(query, threshold, limit)

        run(Dies, {str(path)!r}, {str(out)!r}, threshold=0.8, workers=1, chunk_rows=16)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True)
    assert proc.returncode == 9, proc.stderr.decode()
    assert len(lines(out)) == 144  # 9 chunks of 16 were written before row 151
    summary = run(FuzzyMatcher, path, out, threshold=0.8, workers=1, chunk_rows=16)
    assert summary.skipped == 144
    assert [line["id"] for line in lines(out)] == [f"c{i}" for i in range(300)]


def test_complete_run_is_not_redone_and_mismatches_are_refused(tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", many_rows(20))
    out = tmp_path / "out.jsonl"
    run(FuzzyMatcher, path, out, threshold=0.8, workers=1)
    before = out.read_bytes()

    def never() -> FuzzyMatcher:
        raise AssertionError("a complete run must not build the matcher")

    again = run(never, path, out, threshold=0.8, workers=1)
    assert again.already_complete and again.skipped == 20 and again.rows == 0
    assert out.read_bytes() == before

    with pytest.raises(ResumeError, match="other settings"):
        run(FuzzyMatcher, path, out, threshold=0.5, workers=1)
    forced = run(FuzzyMatcher, path, out, threshold=0.5, workers=1, resume=False)
    assert forced.rows == 20 and len(lines(out)) == 20

    write_csv(path, many_rows(21))  # the input changed
    with pytest.raises(ResumeError, match="another version"):
        run(FuzzyMatcher, path, out, threshold=0.5, workers=1)

    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text("precious\n")
    with pytest.raises(ResumeError, match="--force"):
        run(FuzzyMatcher, path, foreign, threshold=0.5, workers=1)
    assert foreign.read_text() == "precious\n"


def test_output_never_overwrites_the_input(tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", many_rows(3))
    before = path.read_bytes()
    with pytest.raises(InputError, match="overwrite the input"):
        run(FuzzyMatcher, path, tmp_path / "." / "in.csv", threshold=0.8, resume=False)
    assert path.read_bytes() == before


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", many_rows(2000))
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    s1 = run(FuzzyMatcher, path, one, threshold=0.8, workers=1, chunk_rows=64)
    s2 = run(FuzzyMatcher, path, two, threshold=0.8, workers=2, chunk_rows=64)
    assert one.read_bytes() == two.read_bytes()
    assert (s1.rows, s1.hits, s1.errors) == (s2.rows, s2.hits, s2.errors) == (2000, s1.hits, 0)
    assert s1.hits > 0


def test_a_repeated_counterparty_is_screened_once_and_answered_alike(tmp_path: Path):
    rows = [["id", "name", "nationality"]]
    for i in range(300):
        name = "Korea Kwangson Banking Corp" if i % 3 == 0 else f"Consignee {i % 7}"
        rows.append([f"S{i}", name, "kp" if i % 2 else ""])
    path = write_csv(tmp_path / "shipments.csv", rows)
    matcher = FuzzyMatcher()
    out = tmp_path / "out.jsonl"
    run(lambda: matcher, path, out, threshold=0.8, workers=1, chunk_rows=64)
    answers: dict[tuple[str, str], list] = {}
    for row, line in zip(rows[1:], lines(out), strict=True):
        assert line["id"] == row[0]
        assert line["matches"] == answers.setdefault((row[1], row[2]), line["matches"])
    assert any(a for a in answers.values())
    assert matcher.calls == len(answers)  # one engine call per distinct counterparty


def test_a_remembered_answer_is_not_changed_by_what_a_caller_does_with_it():
    remembered = Remembered(FuzzyMatcher())
    query = Query(id="1", schema="Company", names=("Korea Kwangson Banking Corp",))
    first = remembered.match(query, 0.8, 5)
    first[0].match = False
    first[0].reviewed = {"decision": "false_positive"}
    first[0].explanation.clear()
    again = remembered.match(Query(id="2", schema="Company", names=query.names), 0.8, 5)
    assert again[0].match and again[0].reviewed is None and again[0].explanation
    assert remembered.matcher.calls == 1


def test_progress_reports_rows_and_total(tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", many_rows(1000))
    seen: list[tuple[int, int | None]] = []
    run(
        FuzzyMatcher,
        path,
        tmp_path / "out.jsonl",
        threshold=0.8,
        workers=2,
        chunk_rows=100,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, 1000) and seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_200k_rows_stream_with_bounded_memory(tmp_path: Path):
    path = write_csv(tmp_path / "big.csv", many_rows(200_000))
    small = write_csv(tmp_path / "small.csv", many_rows(2_000))
    out = tmp_path / "out.jsonl"
    script = textwrap.dedent(
        f"""
        import json, resource, sys
        sys.path.insert(0, {str(REPO)!r})
        from cordon.screening.batch import run
        from cordon.screening.model import Match

        class Trivial:
            def match(self, query, threshold, limit):
                return [Match("e1", 0.5, False, "X", "Person", ["un"], ["un:1"])]

        def peak():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

        run(Trivial, {str(small)!r}, {str(out)!r}, 0.8, workers=1, resume=False)  # warm up
        before = peak()
        summary = run(Trivial, {str(path)!r}, {str(out)!r}, 0.8, workers=1, resume=False)
        print(json.dumps({{"growth_mb": peak() - before, "rows": summary.rows,
                          "rate": summary.rows_per_second}}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["rows"] == 200_000
    # The input is ~6 MB on disk; held as parsed rows it would be hundreds of MB.
    assert result["growth_mb"] < 20, result
    with open(out, "rb") as fh:
        assert sum(1 for _ in fh) == 200_000


# ------------------------------------------------------------------ CLI


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(screen_cli, "build_matcher", lambda as_user: FuzzyMatcher())
    app = typer.Typer()
    app.command()(screen_cli.screen)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_cli_writes_jsonl_to_stdout_and_the_summary_to_stderr(cli, tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", [["name", "dob"], ["Kim Jong Un", "1984"], ["X", ""]])
    result = cli(path, "--workers", "1", "--threshold", "0.8")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "2"]
    assert out[0]["matches"][0]["source_ids"] == ["un:KPi.033"]
    assert "rows with hits" in result.stderr


def test_cli_out_file_resume_and_force(cli, tmp_path: Path):
    path = write_csv(tmp_path / "in.csv", many_rows(300))
    out = tmp_path / "out.jsonl"
    first = cli(path, "--out", out, "--workers", "2", "--limit", "2")
    assert first.exit_code == 0, first.output
    assert "rows screened" in first.stdout and len(lines(out)) == 300
    second = cli(path, "--out", out, "--workers", "2", "--limit", "2")
    assert second.exit_code == 0 and "already complete" in second.stdout
    other = cli(path, "--out", out, "--workers", "2", "--limit", "3")
    assert other.exit_code == 1 and "--force" in other.stderr
    forced = cli(path, "--out", out, "--workers", "1", "--limit", "3", "--force")
    assert forced.exit_code == 0 and len(lines(out)) == 300


def test_cli_refuses_a_csv_without_a_name_column(cli, tmp_path: Path):
    path = write_csv(tmp_path / "accounts.csv", [["account", "balance"], ["1", "10"]])
    out = tmp_path / "out.jsonl"
    result = cli(path, "--out", out)
    assert result.exit_code == 1
    assert "accounts.csv" in result.stderr and "'balance'" in result.stderr
    assert not out.exists()


def test_cli_reports_a_missing_file(cli, tmp_path: Path):
    result = cli(tmp_path / "nope.csv")
    assert result.exit_code == 1 and "nope.csv" in result.stderr


def test_default_workers_use_every_available_core():
    assert screen_cli._cores() == len(os.sched_getaffinity(0))
