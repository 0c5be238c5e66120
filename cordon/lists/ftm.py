"""FollowTheMoney entity files (OpenSanctions exports, `*.ftm.json`) -> records.

One JSON object per line: {"id", "schema", "properties": {prop: [values]}, ...}. The entities are
already FtM, so they are kept as they are, with their own ids: each one is a Record of one Draft
(source id `os:<id>`). A single JSON array of such objects is read too.

Structural problems (bad JSON, no id or schema, unknown schema, wrong encoding) raise with the
line number. Properties this FtM version does not know, and values that do not clean, are skipped
and reported in one warning per file, so a newer export still loads with nothing dropped silently.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from followthemoney import model

from cordon.lists.errors import LoadError
from cordon.lists.formats import ListFormat
from cordon.lists.records import ID_CHARS, Draft, ParsedList, Record, clean_value
from cordon.lists.safexml import head_text

log = logging.getLogger(__name__)

PUBLISHER = "OpenSanctions"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def sniff(path: Path, head: bytes) -> bool:
    """True when the first non-blank line (or the first array item) looks like an FtM entity."""
    try:
        start = head_text(head).lstrip("\ufeff \t\r\n")
        if start.startswith("["):
            start = start[1:].lstrip()
            return start.startswith("{") and all(k in start for k in ('"id"', '"schema"'))
        line, newline, _ = start.partition("\n")
        if not newline and len(head) >= 65536:
            # The first entity is longer than the head: judge by its keys.
            return line.startswith("{") and all(k in line for k in ('"id"', '"schema"'))
        obj = json.loads(line)
        return isinstance(obj, dict) and {"id", "schema", "properties"} <= obj.keys()
    except Exception:
        return False


def parse(path: Path) -> ParsedList:
    dataset = path.name.split(".", 1)[0]
    skipped: Counter[str] = Counter()
    records: list[Record] = []
    last_seen: list[str] = []
    for where, obj in _objects(path):
        records.append(_record(path, where, obj, skipped))
        if isinstance(seen := obj.get("last_seen"), str):
            last_seen.append(seen)
    if not records:
        raise LoadError(path, "file holds no entities")
    if skipped:
        listed = ", ".join(f"{k} ({n})" for k, n in skipped.most_common())
        log.warning("%s: skipped values FollowTheMoney could not take: %s", path, listed)
    parsed = ParsedList(
        dataset=dataset,
        title=f"OpenSanctions {dataset} (FollowTheMoney)",
        publisher=PUBLISHER,
        files=[path],
        published=_latest_date(last_seen),
        records=records,
        format=FORMAT.name,
    )
    parsed.check_unique()
    return parsed


def _check_encoding(path: Path, head: bytes) -> None:
    if head.startswith(UTF16_BOMS) or head[:64].count(b"\x00") > 8:
        raise LoadError(path, "file is UTF-16 encoded; FollowTheMoney JSON must be UTF-8")


def _decode(path: Path, raw: bytes, line: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError(
            path, "not valid UTF-8 (Latin-1 or Windows-1252 text?)", line=line
        ) from None


def _objects(path: Path) -> Iterator[tuple[dict[str, Any], Any]]:
    """(line number, entity object) pairs from JSON lines, or from a single JSON array.

    JSON lines are streamed: full OpenSanctions exports run to gigabytes.
    """
    with open(path, "rb") as fh:
        head = fh.read(4096)
        _check_encoding(path, head)
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not first and not fh.read(1):
            raise LoadError(path, "file is empty")
        fh.seek(0)
        if first.startswith(b"["):
            yield from _array(path, _decode(path, fh.read(), 1).lstrip("\ufeff"))
            return
        for number, raw in enumerate(fh, start=1):
            line = _decode(path, raw, number)
            if number == 1:
                line = line.lstrip("\ufeff")
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
                raise LoadError(path, msg, line=number) from None
            yield {"line": number}, obj


def _array(path: Path, text: str) -> Iterator[tuple[dict[str, Any], Any]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON: {exc.msg} (column {exc.colno})"
        raise LoadError(path, msg, line=exc.lineno) from None
    if not isinstance(items, list):
        raise LoadError(path, "expected a JSON array of entities")
    # Array items have no line of their own: they are named by position.
    for number, item in enumerate(items, start=1):
        yield {"record": f"array item {number}"}, item


def _record(path: Path, where: dict[str, Any], obj: Any, skipped: Counter[str]) -> Record:
    if not isinstance(obj, dict):
        raise LoadError(path, "expected a JSON object (one entity per line)", **where)
    entity_id, schema = obj.get("id"), obj.get("schema")
    if not isinstance(entity_id, str) or not entity_id:
        raise LoadError(path, "entity has no id", **where)
    where = {"record": entity_id, **where}
    if not isinstance(schema, str) or not schema:
        raise LoadError(path, "entity has no schema", **where)
    if model.get(schema) is None:
        raise LoadError(path, f"unknown FollowTheMoney schema {schema!r}", **where)
    if not ID_CHARS.fullmatch(entity_id):
        raise LoadError(path, "entity id has characters outside [A-Za-z0-9.-]", **where)
    properties = obj.get("properties") or {}
    if not isinstance(properties, dict):
        raise LoadError(path, "'properties' is not an object", **where)
    draft = Draft(entity_id, schema)
    for prop, values in properties.items():
        _add_values(draft, prop, values, skipped)
    return Record(f"os:{entity_id}", [draft])


def _add_values(draft: Draft, prop: str, values: Any, skipped: Counter[str]) -> None:
    if not isinstance(values, list):
        values = [values]
    if draft.schema_obj.get(prop) is None:
        skipped[f"{draft.schema}.{prop} unknown"] += len(values)
        return
    for value in values:
        if value is None or isinstance(value, (dict, list)):
            skipped[f"{draft.schema}.{prop} not a value"] += 1
            continue
        text = str(value).strip()
        if text and clean_value(draft.schema, prop, text) is None:
            skipped[f"{draft.schema}.{prop} does not clean"] += 1
            continue
        draft.add(prop, text)


def _latest_date(stamps: list[str]) -> date | None:
    """The newest last_seen in the file: when OpenSanctions last saw this data published."""
    dates = []
    for stamp in stamps:
        try:
            dates.append(date.fromisoformat(stamp[:10]))
        except ValueError:
            continue
    return max(dates, default=None)


FORMAT = ListFormat(
    name="ftm_json",
    description="FollowTheMoney entities (JSON lines, e.g. OpenSanctions exports)",
    sniff=sniff,
    parse=parse,
)
