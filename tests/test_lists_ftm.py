"""FollowTheMoney JSON-lines parser, on the real OpenSanctions samples (yente fixtures)."""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cordon.lists import ftm
from cordon.lists.errors import LoadError
from cordon.lists.formats import read_head
from cordon.lists.records import Draft, ParsedList, Record
from tests.paths import FIXTURES, LISTS

ZALA = LISTS / "opensanctions" / "zala.entities.ftm.json"
EU_SAMPLE = LISTS / "opensanctions" / "eu_fsf_sample.entities.ftm.json"


@pytest.fixture(scope="module")
def zala() -> ParsedList:
    return ftm.parse(ZALA)


@pytest.fixture(scope="module")
def zala_by_id(zala: ParsedList) -> dict[str, Record]:
    return {r.source_id: r for r in zala.records}


def values(draft: Draft, prop: str) -> list[str]:
    return [v for p, v, _ in draft.values if p == prop]


def entity(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "test-1",
        "schema": "Person",
        "properties": {"name": ["Test Person"]},
        "last_seen": "2025-01-02T03:04:05",
    }
    base.update(overrides)
    return base


def write_lines(tmp_path: Path, *lines: str, name: str = "t.entities.ftm.json") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_zala(zala: ParsedList) -> None:
    assert zala.dataset == "zala"
    assert zala.publisher == "OpenSanctions"
    assert zala.published == date(2026, 4, 29)  # the newest last_seen in the file
    assert zala.format == ftm.FORMAT.name
    assert len(zala.records) == 91
    assert Counter(r.main.schema for r in zala.records) == {
        "Sanction": 41,
        "Ownership": 14,
        "Company": 11,
        "Address": 11,
        "Person": 6,
        "Family": 4,
        "Directorship": 3,
        "Passport": 1,
    }


def test_entities_keep_their_ids(zala: ParsedList) -> None:
    lines = [json.loads(line) for line in ZALA.read_text("utf-8").splitlines() if line.strip()]
    for obj, record in zip(lines, zala.records, strict=True):
        assert record.source_id == f"os:{obj['id']}"
        assert [(d.id, d.schema) for d in record.entities] == [(obj["id"], obj["schema"])]


def test_values_are_all_kept(zala: ParsedList) -> None:
    """Every property value is added (one Company.phone that FtM cannot clean aside)."""
    lines = [json.loads(line) for line in ZALA.read_text("utf-8").splitlines() if line.strip()]
    total = sum(len(vs) for obj in lines for vs in obj["properties"].values())
    kept = sum(len(r.main.values) for r in zala.records)
    assert kept == total - 1


def test_relations_point_at_entities(zala: ParsedList) -> None:
    ids = {r.main.id for r in zala.records}
    sanctions = [r.main for r in zala.records if r.main.schema == "Sanction"]
    assert all(set(values(s, "entity")) <= ids for s in sanctions)


def test_person(zala_by_id: dict[str, Record]) -> None:
    person = zala_by_id["os:NK-2Tbri3s6GgNtAwsSXh4qpL"].main
    assert person.schema == "Person"
    assert "Maria Aleksandrovna Osetrova" in values(person, "name")
    assert values(person, "birthDate") == ["1988-01-07"]
    assert values(person, "innCode") == ["183116181362"]
    assert values(person, "country") == ["ru"]


def test_eu_fsf_sample() -> None:
    parsed = ftm.parse(EU_SAMPLE)  # 7 entities, no newline after the last one
    assert parsed.dataset == "eu_fsf_sample"
    assert parsed.published == date(2024, 6, 1)
    assert Counter(r.main.schema for r in parsed.records) == {
        "Person": 4,
        "Organization": 2,
        "Address": 1,
    }
    org = next(r.main for r in parsed.records if r.main.id == "NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert "Общество с ограниченной ответственностью “Интер Тобако”" in values(org, "name")
    assert values(org, "registrationNumber") == ["808000714"]


def test_sniff() -> None:
    assert ftm.sniff(ZALA, read_head(ZALA))
    assert ftm.sniff(EU_SAMPLE, read_head(EU_SAMPLE))
    for other in (LISTS / "un" / "consolidated.xml", FIXTURES / "eu_fsf_sample.xml"):
        assert not ftm.sniff(other, read_head(other))
    assert not ftm.sniff(ZALA, b"")
    assert not ftm.sniff(ZALA, b'{"id": 1, "name": "not ftm"}\n')
    assert not ftm.sniff(ZALA, b"\xff\xfe{\x00")


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "arr.json"
    path.write_text(json.dumps([entity(), entity(id="test-2")]), encoding="utf-8")
    assert ftm.sniff(path, read_head(path))
    parsed = ftm.parse(path)
    assert [r.source_id for r in parsed.records] == ["os:test-1", "os:test-2"]


def test_blank_lines_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.ftm.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(entity()).encode() + b"\n\n\r\n")
    assert ftm.sniff(path, read_head(path))
    assert [r.source_id for r in ftm.parse(path).records] == ["os:test-1"]


def test_unknown_property_is_skipped_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    props = {"name": ["Test Person"], "favouriteColour": ["blue", "green"]}
    path = write_lines(tmp_path, json.dumps(entity(properties=props)))
    with caplog.at_level(logging.WARNING, logger="cordon.lists.ftm"):
        parsed = ftm.parse(path)
    assert parsed.records[0].main.values == [("name", "Test Person", "Test Person")]
    assert "Person.favouriteColour unknown (2)" in caplog.text


def test_no_last_seen(tmp_path: Path) -> None:
    obj = entity()
    del obj["last_seen"]
    assert ftm.parse(write_lines(tmp_path, json.dumps(obj))).published is None


def test_malformed_line_reports_line_number(tmp_path: Path) -> None:
    path = write_lines(tmp_path, json.dumps(entity()), "", '{"id": "x", "schema": "Pers')
    with pytest.raises(LoadError, match="invalid JSON") as exc:
        ftm.parse(path)
    assert exc.value.line == 3
    assert exc.value.path == str(path)


def test_truncated_real_file(tmp_path: Path) -> None:
    data = ZALA.read_bytes()
    path = tmp_path / "zala.entities.ftm.json"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match="invalid JSON") as exc:
        ftm.parse(path)
    assert exc.value.line == data[: len(data) // 2].count(b"\n") + 1


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ({"schema": "Person", "properties": {}}, "no id"),
        ({"id": "x-1", "properties": {}}, "no schema"),
        ({"id": "x-1", "schema": "Spaceship", "properties": {}}, "unknown FollowTheMoney schema"),
        ({"id": "x 1", "schema": "Person", "properties": {}}, "characters outside"),
        ({"id": "x-1", "schema": "Person", "properties": ["name"]}, "not an object"),
        (["not", "an", "object"], "expected a JSON object"),
    ],
    ids=["no-id", "no-schema", "unknown-schema", "bad-id", "bad-properties", "not-object"],
)
def test_bad_entity(tmp_path: Path, obj: object, message: str) -> None:
    path = write_lines(tmp_path, json.dumps(entity()), json.dumps(obj))
    with pytest.raises(LoadError, match=message) as exc:
        ftm.parse(path)
    assert exc.value.line == 2


def test_duplicate_id(tmp_path: Path) -> None:
    path = write_lines(tmp_path, json.dumps(entity()), json.dumps(entity()))
    with pytest.raises(LoadError, match="duplicate"):
        ftm.parse(path)


@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["empty", "blank"])
def test_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "e.ftm.json"
    path.write_bytes(content)
    with pytest.raises(LoadError, match="file is empty"):
        ftm.parse(path)


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "u.ftm.json"
    path.write_bytes(json.dumps(entity()).encode("utf-16"))
    with pytest.raises(LoadError, match="UTF-16"):
        ftm.parse(path)


def test_latin1_is_named(tmp_path: Path) -> None:
    path = tmp_path / "l.ftm.json"
    line = json.dumps(entity(properties={"name": ["José"]}), ensure_ascii=False)
    path.write_bytes((json.dumps(entity(id="ok")) + "\n" + line + "\n").encode("latin-1"))
    with pytest.raises(LoadError, match="not valid UTF-8") as exc:
        ftm.parse(path)
    assert exc.value.line == 2
