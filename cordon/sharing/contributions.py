"""An agency's own intelligence: FollowTheMoney lines or STIX bundles -> marked items.

Contributed facts about a designee the contributor can see attach to that designee's entity
(by entity id or source record id such as ``un:KPi.033``); anything else becomes an entity of
the contributing agency's own namespace, so agencies can never write into each other's ids.
References between contributed entities (an Ownership's owner and asset) are mapped the same way.
A whole contribution is checked before anything is written and stored in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from followthemoney import model, registry

from cordon.lists.errors import LoadError
from cordon.model.markings import Marking
from cordon.model.statements import Hedge
from cordon.policy import Principal
from cordon.sharing import stix
from cordon.store import Store
from cordon.store.items import Fact, NewItem

ITEM_NAMESPACE = uuid.UUID("6c6a3f0e-2f7c-4c1e-9d9a-0c0d0e0f1a2b")
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportReport:
    contribution: str
    items: list[str]
    attached: dict[str, str]  # input id -> existing entity it attached to
    created: list[str]  # entity ids new to the store


def item_id(kind: str, agency: str, entity_id: str, marking: Marking) -> str:
    """Stable: the same agency's facts on the same entity under the same marking are one item,
    which is also its STIX id on the wire."""
    return f"{kind}--{uuid.uuid5(ITEM_NAMESPACE, f'{agency}|{entity_id}|{marking.key}')}"


def derived_item_id(item: str, marking: Marking) -> str:
    """The releasable version of `item` under `marking`: stable, same STIX type."""
    kind = item.split("--", 1)[0]
    return f"{kind}--{uuid.uuid5(ITEM_NAMESPACE, f'derived|{item}|{marking.key}')}"


def parse_ftm(data: bytes, name: str) -> list[dict[str, Any]]:
    """FtM entities, one JSON object per line; errors name the file and line."""
    if len(data) > MAX_BYTES:
        raise LoadError(name, f"larger than {MAX_BYTES // 2**20} MiB; split the contribution")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(name, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    entities = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(name, f"not JSON: {exc.msg}", line=number) from None
        entities.append(_check_entity(obj, name, number))
    if not entities:
        raise LoadError(name, "no entities in the file")
    return entities


def _check_entity(obj: Any, name: str, line: int) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise LoadError(name, "expected a JSON object per line", line=line)
    ref = obj.get("id")
    if not isinstance(ref, str) or not ref.strip():
        raise LoadError(name, "entity without an 'id'", line=line)
    schema = model.get(obj.get("schema") or "")
    if schema is None:
        raise LoadError(name, f"unknown schema {obj.get('schema')!r}", line=line, record=ref)
    props = obj.get("properties") or {}
    if not isinstance(props, dict):
        raise LoadError(name, "'properties' must be an object", line=line, record=ref)
    for prop, values in props.items():
        if schema.get(prop) is None:
            raise LoadError(name, f"{schema.name} has no property {prop!r}", line=line, record=ref)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise LoadError(name, f"property {prop!r}: expected a list of strings", line=line)
    extra = obj.get("cordon") or {}
    hedge = _hedge(extra.get("hedge", Hedge.ASSERTED.value), name, line)
    hedges = {
        prop: {value: _hedge(h, name, line) for value, h in per_value.items()}
        for prop, per_value in (extra.get("hedges") or {}).items()
    }
    return {
        "id": ref.strip(),
        "schema": schema.name,
        "properties": props,
        "hedge": hedge,
        "hedges": hedges,
    }


def _hedge(value: object, name: str, line: int) -> Hedge:
    try:
        return Hedge(value)
    except ValueError:
        allowed = ", ".join(h.value for h in Hedge)
        raise LoadError(name, f"hedge {value!r}: expected one of {allowed}", line=line) from None


def plan(
    store: Store, principal: Principal, entities: list[dict[str, Any]], marking: Marking
) -> tuple[list[NewItem], dict[str, str], list[str]]:
    """Items for `entities`, with every id resolved as the contributor sees the store."""
    agency = principal.agency
    refs = [e["id"] for e in entities]
    pointed = [
        value.strip()
        for e in entities
        for prop, values in e["properties"].items()
        if model[e["schema"]].get(prop).type == registry.entity
        for value in values
    ]
    every = list(dict.fromkeys(refs + pointed))
    local = {ref: f"{agency.lower()}-{ref}" for ref in every}
    known = store.resolve_many(principal, every + list(local.values()))
    ids: dict[str, str] = {}
    attached: dict[str, str] = {}
    for ref in every:
        if ref in known:
            ids[ref] = known[ref]
            if ref in refs:
                attached[ref] = known[ref]
        else:
            ids[ref] = known.get(local[ref], local[ref])
    created = sorted({ids[r] for r in refs if r not in attached and local[r] not in known})
    items: dict[str, NewItem] = {}
    for entity in entities:
        schema = model[entity["schema"]]
        entity_id = ids[entity["id"]]
        facts = []
        for prop_name, values in entity["properties"].items():
            prop = schema.get(prop_name)
            hedges = entity.get("hedges", {}).get(prop_name, {})
            for raw in values:
                value = raw.strip()
                if prop.type == registry.entity:
                    value = ids.get(value, value)
                if value:
                    hedge = hedges.get(raw, entity.get("hedge", Hedge.ASSERTED))
                    facts.append(Fact(prop_name, value, hedge))
        iid = item_id(stix.stix_type(schema.name), agency, entity_id, marking)
        if iid in items:
            items[iid].facts.extend(facts)
        else:
            items[iid] = NewItem(iid, entity_id, schema.name, marking, facts)
    return list(items.values()), attached, created


def contribute(
    store: Store, principal: Principal, data: bytes, name: str, marking: Marking
) -> ImportReport:
    """Import FtM lines or a STIX 2.1 bundle as `principal`'s agency, under `marking`."""
    contribution = hashlib.sha256(data).hexdigest()
    if _looks_like_bundle(data):
        entities = entities_from_bundle(data, name, marking)
    else:
        entities = parse_ftm(data, name)
    items, attached, created = plan(store, principal, entities, marking)
    ids = store.add_items(principal, contribution, items)
    return ImportReport(contribution, ids, attached, created)


def _looks_like_bundle(data: bytes) -> bool:
    head = data[:4096].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return head.startswith("{") and '"bundle"' in head and '"type"' in head


def entities_from_bundle(data: bytes, name: str, marking: Marking) -> list[dict[str, Any]]:
    """A STIX 2.1 bundle as FtM entity dicts for `plan`. The contribution's marking applies to
    every object; an object marked stricter than that is refused rather than widened."""
    try:
        parsed = stix.from_bundle(json.loads(data), default_originator=marking.originator)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(name, f"not JSON: {exc}") from None
    except ValueError as exc:
        raise LoadError(name, str(exc)) from None
    entities = []
    for obj in parsed.objects:
        if obj.marking.tlp.rank > marking.tlp.rank:
            raise LoadError(
                name,
                f"object is marked {obj.marking.tlp.value}, stricter than the contribution's "
                f"{marking.label}; import it under a marking at least as strict",
                record=obj.stix_id,
            )
        props: dict[str, list[str]] = {}
        hedges: dict[str, dict[str, Hedge]] = {}
        for value in obj.values:
            props.setdefault(value.prop, []).append(value.value)
            hedges.setdefault(value.prop, {})[value.value] = value.hedge
        entities.append(
            {
                "id": obj.entity_id,
                "schema": obj.schema,
                "properties": props,
                "hedge": Hedge.ASSERTED,
                "hedges": hedges,
            }
        )
    if not entities:
        raise LoadError(name, "the bundle holds no objects cordon can store")
    return entities
