"""STIX 2.1 bundles to and from cordon's model: the partner wire format.

Pure functions over statements (no store, no web) so that the TAXII server, exports, imports and
federation all speak the same STIX. Design choices, and why:

* **FollowTheMoney rides along, losslessly.** STIX has no company registration numbers, vessels,
  ownership percentages or sanctions, so every exported object carries its FtM entity (schema,
  asserted ``properties`` and every statement with hedge, confidence and source) in a
  property-extension (`FTM_EXTENSION_ID`) whose extension-definition is in the bundle. Import
  reads the statements back from it, so a cordon-to-cordon round trip gives the same statements.
* **Markings travel as [official OASIS TLP 2.0 id, cordon marking id]**; see `stix_markings`.
  Import is default deny: an object without a TLP marking, with granular markings, or with a
  marking reference cordon cannot read is refused (ValueError naming the object and field), and
  the whole bundle with it, because a half-imported bundle is worse than none.
* **Hedges never harden.** Hedged statements keep their hedge in the extension. ``properties``
  (what an FtM consumer such as Aleph or yente reads) holds asserted values only. A relationship
  with any hedged statement additionally gets a ``confidence`` capped by its weakest hedge
  (`HEDGE_CONFIDENCE_CAP`, the STIX None/Low/Med/High scale), a description that starts with
  the hedge, and a ``note`` labelled ``cordon-hedge`` pointing at it, so that a plain STIX
  consumer (OpenCTI, MISP) cannot read "alleged" as "asserted".
* **Deterministic ids** (uuid5 over node + entity + schema + marking) so a re-export is stable and
  partners deduplicate by id. The STIX validator only recommends UUIDv4 ids for SDOs (a SHOULD,
  reported as a warning); stable ids matter more for federation and recall.

FtM schema to STIX mapping (`stix_type`, `RELATIONSHIP_TYPES`):

============================================  ============================================
FollowTheMoney schema                         STIX 2.1 object
============================================  ============================================
Person                                        identity, identity_class ``individual``
Organization, Company, PublicBody             identity, identity_class ``organization``
LegalEntity                                   identity, identity_class ``unknown``
other Things (Vessel, Airplane, Address, ..)  identity, identity_class ``unknown``
Ownership owner -> asset                      relationship ``owns``
Directorship director -> organization         relationship ``director-of``
Control controller -> entity                  relationship ``controls``
Family person -> relative                     relationship ``family-of``
Associate person -> associate                 relationship ``associate-of``
Membership member -> organization             relationship ``member-of``
Employment employee -> employer               relationship ``employed-by``
Representation agent -> client                relationship ``acts-on-behalf-of``
UnknownLink subject -> object                 relationship ``related-to``
other edges (Payment, Occupancy, ...)         relationship ``related-to`` (FtM edge ends)
Sanction, Passport, Identification, other     note, object_refs = the entities it is about
non-edge Intervals
============================================  ============================================

Address stays an identity rather than a STIX ``location``: a location needs a country, region or
coordinates that real list addresses lack (9 of 741 UN addresses), and a STIX type chosen per
value would make an object's id change type when an address gains a country.

On import, plain STIX (no cordon extension) maps back: identity ``individual`` -> Person,
``organization``/``group`` -> Organization, anything else -> LegalEntity, with ``name`` and
``description`` as ``notes``; relationships by the same table (unknown types -> UnknownLink with
``role``); identities that only author other objects (``created_by_ref``) are authors, not
intelligence; reports and plain notes come back as `ParsedReport` / `ParsedNote`; every other
type is listed in `ParsedBundle.skipped` with the reason.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from followthemoney import model
from followthemoney.schema import Schema
from followthemoney.types import registry

from cordon.model.entities import Entity
from cordon.model.markings import Marking, MarkingError, Tlp
from cordon.model.statements import Hedge, Source, Statement
from cordon.sharing.stix_markings import (
    CORDON_NAMESPACE,
    MARKING_DEFINITIONS_CREATED,
    MARKING_EXTENSION_ID,
    PUBLIC_MARKING,
    TLP_ALIASES,
    check_tlp_definition,
    marking_id,
    marking_objects,
    marking_refs,
    parse_marking_definition,
)

FTM_EXTENSION_ID = "extension-definition--bb417225-e3a6-45ff-8257-6a9bf67e85a4"
CORDON_PROJECT_ID = "identity--8ec321e7-e747-48d6-a5f5-159dbc7ffeb3"
DEFINITIONS_CREATED = MARKING_DEFINITIONS_CREATED
HEDGE_LABEL = "cordon-hedge"

RELATIONSHIP_TYPES: dict[str, str] = {
    "Ownership": "owns",
    "Directorship": "director-of",
    "Control": "controls",
    "Family": "family-of",
    "Associate": "associate-of",
    "Membership": "member-of",
    "Employment": "employed-by",
    "Representation": "acts-on-behalf-of",
    "UnknownLink": "related-to",
}
"""FtM edge schema -> STIX relationship_type (source = FtM edge source, target = edge target)."""

_SCHEMA_FOR_RELATIONSHIP = {rtype: schema for schema, rtype in RELATIONSHIP_TYPES.items()}

IDENTITY_CLASSES: dict[str, str] = {
    "Person": "individual",
    "Organization": "organization",
    "Company": "organization",
    "PublicBody": "organization",
}
_SCHEMA_FOR_IDENTITY_CLASS = {
    "individual": "Person",
    "organization": "Organization",
    "group": "Organization",
}

HEDGE_CONFIDENCE_CAP: dict[Hedge, int] = {
    Hedge.ASSERTED: 100,
    Hedge.REPORTED: 50,  # "Med" on the STIX None/Low/Med/High scale
    Hedge.ALLEGED: 15,  # "Low"
    Hedge.SPECULATIVE: 15,  # "Low"
    Hedge.DENIED: 0,  # "None": the source says it is not so
}
"""Ceiling of a relationship's STIX ``confidence`` under its weakest hedge."""

_HEDGE_ORDER = list(Hedge)  # asserted < reported < alleged < speculative < denied: weaker
_STIX_ID = re.compile(
    r"^(?P<type>[a-z0-9][a-z0-9-]*[a-z0-9])--"
    r"(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
_FTM_ID = re.compile(r"^[A-Za-z0-9.\-]+$")
_META_TYPES = {"marking-definition", "extension-definition", "language-content"}
_SDO_SRO_TYPES = {
    "attack-pattern",
    "campaign",
    "course-of-action",
    "grouping",
    "identity",
    "incident",
    "indicator",
    "infrastructure",
    "intrusion-set",
    "location",
    "malware",
    "malware-analysis",
    "note",
    "observed-data",
    "opinion",
    "report",
    "threat-actor",
    "tool",
    "vulnerability",
    "relationship",
    "sighting",
}


# --------------------------------------------------------------------------------------------
# Public data shapes


@dataclass(frozen=True, slots=True)
class NodeIdentity:
    """The cordon node that writes a bundle: its STIX ``identity`` and every ``created_by_ref``."""

    node: str  # stable node name, e.g. "cordon.treasury.example"
    agency: str  # the agency running it, e.g. "USA"
    name: str = ""  # display name; the node name when empty

    @property
    def stix_id(self) -> str:
        return f"identity--{uuid.uuid5(CORDON_NAMESPACE, 'node:' + self.node)}"


@dataclass(frozen=True, slots=True)
class StixItem:
    """One entity's statements under one marking, to become one STIX object.

    ``item_id`` None means the deterministic `item_stix_id`; a caller that stores ids passes
    them, and the type prefix must be `stix_type` of the schema.
    """

    item_id: str | None
    entity_id: str
    schema: str
    statements: Sequence[Statement]
    modified: datetime
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """One property value read from a bundle, with how firmly and where it was said."""

    prop: str
    value: str
    hedge: Hedge = Hedge.ASSERTED
    confidence: int = 100
    source: Source | None = None  # None for plain STIX (no cordon extension)
    original_value: str | None = None
    schema: str | None = None  # the statement's own schema when it differs from the object's
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(slots=True)
class ParsedObject:
    """A STIX object read as an FtM entity (identities, relationships, FtM-carrying notes)."""

    stix_id: str
    stix_type: str
    entity_id: str
    schema: str
    values: list[ParsedValue]
    marking: Marking
    modified: datetime
    created: datetime
    created_by: str | None = None

    @property
    def properties(self) -> dict[str, list[str]]:
        """All values, hedged ones included: read `values` for the hedges."""
        props: dict[str, list[str]] = {}
        for v in self.values:
            if v.value not in props.setdefault(v.prop, []):
                props[v.prop].append(v.value)
        return props

    def statements(self, source: Source | None = None) -> list[Statement]:
        """Statements under the object's marking; ``source`` stands in where none was sent."""
        fallback = source or Source(dataset="stix", record_id=self.stix_id)
        return [
            Statement(
                entity_id=self.entity_id,
                schema=v.schema or self.schema,
                prop=v.prop,
                value=v.value,
                source=v.source or fallback,
                marking=self.marking,
                original_value=v.original_value,
                confidence=v.confidence,
                hedge=v.hedge,
                first_seen=v.first_seen,
                last_seen=v.last_seen,
            )
            for v in self.values
        ]


@dataclass(frozen=True, slots=True)
class ParsedNote:
    stix_id: str
    content: str
    abstract: str | None
    object_refs: tuple[str, ...]
    labels: tuple[str, ...]
    marking: Marking
    modified: datetime
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedReport:
    stix_id: str
    name: str
    published: datetime
    object_refs: tuple[str, ...]
    description: str | None
    marking: Marking
    modified: datetime
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class Author:
    """An identity that wrote objects (``created_by_ref``): provenance, not intelligence."""

    stix_id: str
    name: str
    identity_class: str | None
    marking: Marking
    node: str | None = None  # set for cordon nodes
    agency: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An object cordon has no mapping for: reported, never silently dropped."""

    stix_id: str
    stix_type: str
    reason: str


@dataclass(slots=True)
class ParsedBundle:
    bundle_id: str
    objects: list[ParsedObject] = field(default_factory=list)
    notes: list[ParsedNote] = field(default_factory=list)
    reports: list[ParsedReport] = field(default_factory=list)
    authors: dict[str, Author] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def statements(self) -> list[Statement]:
        return [s for obj in self.objects for s in obj.statements()]


# --------------------------------------------------------------------------------------------
# Ids and types


def stix_type(schema: str) -> str:
    """The STIX type an FtM schema exports as: identity, relationship or note."""
    sch = _schema(schema)
    if sch.edge:
        return "relationship"
    if sch.is_a("Thing"):
        return "identity"
    return "note"


def relationship_type(schema: str) -> str:
    return RELATIONSHIP_TYPES.get(schema, "related-to")


def item_stix_id(identity: NodeIdentity, entity_id: str, schema: str, marking: Marking) -> str:
    """Deterministic id of an entity's object under one marking, as exported by one node."""
    name = "\x1f".join(("item", identity.node, entity_id, schema, marking.key))
    return f"{stix_type(schema)}--{uuid.uuid5(CORDON_NAMESPACE, name)}"


def entity_stix_id(entity_id: str) -> str:
    """Deterministic identity id for a relationship end that is not in the bundle."""
    return f"identity--{uuid.uuid5(CORDON_NAMESPACE, 'entity:' + entity_id)}"


def timestamp(value: datetime) -> str:
    """STIX timestamp (UTC, millisecond precision); naive datetimes are taken as UTC."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_timestamp(text: Any, obj_id: str, field_name: str) -> datetime:
    if not isinstance(text, str):
        raise ValueError(f"{obj_id}: {field_name}: missing or not a timestamp")
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z", text)
    if not match:
        raise ValueError(f"{obj_id}: {field_name}: not a STIX timestamp: {text!r}")
    try:
        base = datetime.strptime(match[1], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{obj_id}: {field_name}: not a STIX timestamp: {text!r}") from None
    frac = (match[2] or ".0")[1:7].ljust(6, "0")
    return base.replace(microsecond=int(frac))


# --------------------------------------------------------------------------------------------
# Export


def identity_object(identity: NodeIdentity) -> dict[str, Any]:
    """The node's own identity (identity_class organization), marked TLP:CLEAR by its agency."""
    marking = Marking(tlp=Tlp.CLEAR, originator=identity.agency)
    return {
        "type": "identity",
        "spec_version": "2.1",
        "id": identity.stix_id,
        "created": DEFINITIONS_CREATED,
        "modified": DEFINITIONS_CREATED,
        "name": identity.name or identity.node,
        "identity_class": "organization",
        "object_marking_refs": marking_refs(marking),
        "extensions": {
            FTM_EXTENSION_ID: {
                "extension_type": "property-extension",
                "cordon_node": {"node": identity.node, "agency": marking.originator},
            }
        },
    }


def definition_objects() -> list[dict[str, Any]]:
    """cordon's own identity and extension-definitions: the same in every bundle, every node."""
    refs = marking_refs(PUBLIC_MARKING)
    common = {
        "spec_version": "2.1",
        "created": DEFINITIONS_CREATED,
        "modified": DEFINITIONS_CREATED,
        "object_marking_refs": refs,
    }
    project = {
        "type": "identity",
        "id": CORDON_PROJECT_ID,
        "name": "cordon",
        "description": "Open platform for sharing sanctions-enforcement intelligence.",
        "identity_class": "system",
        **common,
    }
    ftm = {
        "type": "extension-definition",
        "id": FTM_EXTENSION_ID,
        "created_by_ref": CORDON_PROJECT_ID,
        "name": "cordon FollowTheMoney entity",
        "description": "The FollowTheMoney entity a STIX object stands for, with per-statement "
        "hedge, confidence and source, so that sanctions facts STIX cannot express survive.",
        "schema": _FTM_EXTENSION_SCHEMA,
        "version": "1.0.0",
        "extension_types": ["property-extension"],
        **common,
    }
    marking = {
        "type": "extension-definition",
        "id": MARKING_EXTENSION_ID,
        "created_by_ref": CORDON_PROJECT_ID,
        "name": "cordon releasability marking",
        "description": "TLP 2.0 label plus originator, REL TO partner agencies and RED "
        "recipients. Default deny: only the listed agencies may receive the marked objects.",
        "schema": _MARKING_EXTENSION_SCHEMA,
        "version": "1.0.0",
        "extension_types": ["property-extension"],
        **common,
    }
    return [project, ftm, marking]


def to_bundle(
    items: Iterable[StixItem],
    identity: NodeIdentity,
    refs: Mapping[str, str] | None = None,
    extra: Iterable[dict[str, Any]] = (),
    markings: Iterable[Marking] = (),
) -> dict[str, Any]:
    """A STIX 2.1 bundle of the items, authored by ``identity``.

    ``refs`` maps entity ids to the STIX ids relationship and note ends point at; ends missing
    there resolve to an item of the same entity in this bundle (same marking first), then to
    `entity_stix_id`. ``extra`` objects (from `note` / `report`) are appended; the markings
    they use must be among the items' or in ``markings``. Retracted statements are not exported.
    """
    items = list(items)
    resolved = _resolve_items(items, identity)
    ends = _end_index(resolved)
    for entity_id, ref in (refs or {}).items():
        ends[f"ref\x1f{entity_id}"] = (ref, None)
    used: dict[str, Marking] = {marking_id(PUBLIC_MARKING): PUBLIC_MARKING}
    node = identity_object(identity)
    node_marking = Marking(tlp=Tlp.CLEAR, originator=identity.agency)
    used[marking_id(node_marking)] = node_marking
    objects: list[dict[str, Any]] = [*definition_objects(), node]
    for item, stix_id, live, marking in resolved:
        used[marking_id(marking)] = marking
        objects.extend(_export_item(item, stix_id, live, marking, identity, ends))
    for marking in markings:
        used[marking_id(marking)] = marking
    objects.extend(extra)
    for obj in objects:
        for ref in obj.get("object_marking_refs", []):
            if ref not in used and ref not in TLP_ALIASES:
                raise ValueError(
                    f"{obj.get('id')}: object_marking_refs: {ref} is not defined; "
                    "pass its Marking in markings="
                )
    mdefs: dict[str, dict[str, Any]] = {}
    for marking in used.values():
        for mdef in marking_objects(marking):
            mdefs[mdef["id"]] = mdef
    everything = [*mdefs.values(), *objects]
    seen: dict[str, dict[str, Any]] = {}
    unique = []
    for obj in everything:
        earlier = seen.get(obj["id"])
        if earlier is None:
            seen[obj["id"]] = obj
            unique.append(obj)
        elif earlier != obj:
            raise ValueError(f"{obj['id']}: id: two different objects share this id")
    digest = "\x1e".join(sorted(f"{o['id']}\x1f{o.get('modified', '')}" for o in unique))
    return {
        "type": "bundle",
        "id": f"bundle--{uuid.uuid5(CORDON_NAMESPACE, 'bundle:' + digest)}",
        "objects": unique,
    }


def note(
    identity: NodeIdentity,
    content: str,
    object_refs: Sequence[str],
    marking: Marking,
    *,
    abstract: str | None = None,
    labels: Sequence[str] = (),
    modified: datetime | None = None,
) -> dict[str, Any]:
    """A STIX note about objects (analyst commentary, partner dissent, hedges)."""
    if not object_refs:
        raise ValueError("a note is about at least one object (object_refs)")
    name = "\x1f".join(("note", identity.node, content, *sorted(object_refs), marking.key))
    when = timestamp(modified or datetime(2026, 1, 1, tzinfo=UTC))
    obj: dict[str, Any] = {
        "type": "note",
        "spec_version": "2.1",
        "id": f"note--{uuid.uuid5(CORDON_NAMESPACE, name)}",
        "created": when,
        "modified": when,
        "created_by_ref": identity.stix_id,
        "content": content,
        "object_refs": list(object_refs),
        "object_marking_refs": marking_refs(marking),
    }
    if abstract:
        obj["abstract"] = abstract
    if labels:
        obj["labels"] = list(labels)
    return obj


def report(
    identity: NodeIdentity,
    name: str,
    published: datetime,
    object_refs: Sequence[str],
    marking: Marking,
    *,
    description: str | None = None,
    document_id: str | None = None,
    modified: datetime | None = None,
) -> dict[str, Any]:
    """A STIX report for a document: what it is and which objects it speaks about."""
    if not object_refs:
        raise ValueError("a report refers to at least one object (object_refs)")
    key = "\x1f".join(("report", identity.node, document_id or name, marking.key))
    when = timestamp(modified or published)
    obj: dict[str, Any] = {
        "type": "report",
        "spec_version": "2.1",
        "id": f"report--{uuid.uuid5(CORDON_NAMESPACE, key)}",
        "created": when,
        "modified": when,
        "created_by_ref": identity.stix_id,
        "name": name,
        "published": timestamp(published),
        "object_refs": list(object_refs),
        "object_marking_refs": marking_refs(marking),
    }
    if description:
        obj["description"] = description
    if document_id:
        obj["external_references"] = [{"source_name": "cordon", "external_id": document_id}]
    return obj


_Resolved = tuple[StixItem, str, list[Statement], Marking]


def _resolve_items(items: list[StixItem], identity: NodeIdentity) -> list[_Resolved]:
    out = []
    for item in items:
        _schema(item.schema)
        live = [s for s in item.statements if s.retracted_at is None]
        if not live:
            raise ValueError(
                f"{item.entity_id}: statements: nothing to export (none, or retracted)"
            )
        markings = {s.marking for s in live}
        if len(markings) != 1:
            raise ValueError(
                f"{item.entity_id}: statements: one item is one marking, got "
                + ", ".join(sorted(m.label for m in markings))
            )
        strays = {s.entity_id for s in live} - {item.entity_id}
        if strays:
            raise ValueError(f"{item.entity_id}: statements: about other entities {sorted(strays)}")
        marking = markings.pop()
        stix_id = item.item_id or item_stix_id(identity, item.entity_id, item.schema, marking)
        match = _STIX_ID.match(stix_id)
        if not match or match["type"] != stix_type(item.schema):
            raise ValueError(
                f"{item.entity_id}: item_id: {stix_id!r} is not a "
                f"{stix_type(item.schema)}--<uuid> id (schema {item.schema})"
            )
        out.append((item, stix_id, live, marking))
    return out


def _end_index(resolved: list[_Resolved]) -> dict[str, tuple[str, Marking | None]]:
    """entity id -> (stix id, marking) of the entity's identity in the bundle (first one)."""
    ends: dict[str, tuple[str, Marking | None]] = {}
    for item, stix_id, _, marking in resolved:
        if stix_id.startswith("identity--"):
            ends.setdefault(item.entity_id, (stix_id, marking))
    # An end with the same marking as the edge is preferred: it is readable by the same readers.
    for item, stix_id, _, marking in resolved:
        if stix_id.startswith("identity--"):
            ends.setdefault(f"{item.entity_id}\x1f{marking.key}", (stix_id, marking))
    return ends


def _end(ends: Mapping[str, tuple[str, Marking | None]], entity_id: str, marking: Marking) -> str:
    hit = (
        ends.get(f"ref\x1f{entity_id}")
        or ends.get(f"{entity_id}\x1f{marking.key}")
        or ends.get(entity_id)
    )
    return hit[0] if hit else entity_stix_id(entity_id)


def _export_item(
    item: StixItem,
    stix_id: str,
    live: list[Statement],
    marking: Marking,
    identity: NodeIdentity,
    ends: Mapping[str, tuple[str, Marking | None]],
) -> list[dict[str, Any]]:
    created = item.created or item.modified
    if timestamp(created) > timestamp(item.modified):
        raise ValueError(f"{stix_id}: created: after modified")
    sch = _schema(item.schema)
    asserted = [s for s in live if s.hedge is Hedge.ASSERTED]
    obj: dict[str, Any] = {
        "type": stix_type(item.schema),
        "spec_version": "2.1",
        "id": stix_id,
        "created": timestamp(created),
        "modified": timestamp(item.modified),
        "created_by_ref": identity.stix_id,
    }
    caption = _caption(item.entity_id, asserted or live)
    extras: list[dict[str, Any]] = []
    if obj["type"] == "identity":
        obj["name"] = caption
        obj["identity_class"] = _identity_class(sch)
        described = [s.value for s in asserted if s.prop in ("summary", "description", "notes")]
        if described:
            obj["description"] = "\n\n".join(dict.fromkeys(described))
    elif obj["type"] == "relationship":
        source = _edge_end(sch, sch.source_prop, live, stix_id)
        target = _edge_end(sch, sch.target_prop, live, stix_id)
        obj["relationship_type"] = relationship_type(item.schema)
        obj["source_ref"] = _end(ends, source, marking)
        obj["target_ref"] = _end(ends, target, marking)
        hedge = max((s.hedge for s in live), key=_HEDGE_ORDER.index)
        confidence = min(s.confidence for s in live)
        if hedge is not Hedge.ASSERTED:
            confidence = min(confidence, HEDGE_CONFIDENCE_CAP[hedge])
            obj["description"] = (
                f"{hedge.value.upper()}, not asserted: the source {hedge.value} this "
                f"{item.schema} ({obj['relationship_type']})."
            )
            extras.append(
                note(
                    identity,
                    f"This {item.schema} is {hedge.value}, not asserted by its source. Per-"
                    "statement hedges are in the cordon FollowTheMoney extension.",
                    [stix_id],
                    marking,
                    abstract=f"Hedged relationship: {hedge.value}",
                    labels=[HEDGE_LABEL, f"hedge-{hedge.value}"],
                    modified=item.modified,
                )
            )
        obj["confidence"] = confidence
    else:
        about = sorted(
            {
                _end(ends, s.value, marking)
                for s in live
                if (prop := sch.get(s.prop)) is not None
                and prop.type == registry.entity
                and not prop.stub
            }
        )
        obj["abstract"] = f"{item.schema}: {caption}"
        obj["content"] = "\n".join(
            f"{s.prop}: {s.value}" + ("" if s.hedge is Hedge.ASSERTED else f" ({s.hedge.value})")
            for s in live
        )
        obj["object_refs"] = about or [identity.stix_id]
    obj["object_marking_refs"] = marking_refs(marking)
    obj["extensions"] = {FTM_EXTENSION_ID: _ftm_extension(item, live, asserted)}
    return [obj, *extras]


def _edge_end(sch: Schema, prop: Any, live: list[Statement], stix_id: str) -> str:
    values = sorted({s.value for s in live if prop is not None and s.prop == prop.name})
    if not values:
        name = prop.name if prop is not None else "?"
        raise ValueError(f"{stix_id}: {sch.name}.{name}: a relationship needs both ends")
    return values[0]


def _caption(entity_id: str, statements: list[Statement]) -> str:
    return Entity.build(entity_id, statements).caption


def _identity_class(sch: Schema) -> str:
    for name, cls in IDENTITY_CLASSES.items():
        if sch.is_a(name):
            return cls
    return "unknown"


def _ftm_extension(
    item: StixItem, live: list[Statement], asserted: list[Statement]
) -> dict[str, Any]:
    properties: dict[str, list[str]] = {}
    for s in sorted(asserted, key=lambda s: (s.prop, s.value)):
        if s.value not in properties.setdefault(s.prop, []):
            properties[s.prop].append(s.value)
    return {
        "extension_type": "property-extension",
        "entity_id": item.entity_id,
        "schema": item.schema,
        "properties": properties,
        "statements": [_statement_json(s, item.schema) for s in live],
    }


def _statement_json(stmt: Statement, schema: str) -> dict[str, Any]:
    src = stmt.source
    source: dict[str, Any] = {"dataset": src.dataset}
    for key, value in (
        ("version", src.version),
        ("record_id", src.record_id),
        ("document_id", src.document_id),
    ):
        if value is not None:
            source[key] = value
    if src.span is not None:
        source["span"] = list(src.span)
    out: dict[str, Any] = {
        "prop": stmt.prop,
        "value": stmt.value,
        "hedge": stmt.hedge.value,
        "confidence": stmt.confidence,
        "source": source,
    }
    if stmt.schema != schema:
        out["schema"] = stmt.schema
    if stmt.original_value is not None:
        out["original_value"] = stmt.original_value
    if stmt.first_seen is not None:
        out["first_seen"] = stmt.first_seen.isoformat()
    if stmt.last_seen is not None:
        out["last_seen"] = stmt.last_seen.isoformat()
    return out


def _schema(name: Any) -> Schema:
    sch = model.get(name) if isinstance(name, str) else None
    if sch is None:
        raise ValueError(f"unknown FollowTheMoney schema {name!r}")
    return sch


# --------------------------------------------------------------------------------------------
# Import


def from_bundle(bundle: Any, default_originator: str | None = None) -> ParsedBundle:
    """Read a STIX 2.1 bundle into cordon's model; refuse it whole if any object is unsafe.

    ``default_originator`` is the agency to record as originator for objects that carry only a
    TLP marking (a plain STIX producer has no cordon marking); without it such objects are
    refused, because cordon never guesses who owns a fact.
    """
    if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
        raise ValueError("not a STIX bundle: type must be 'bundle'")
    bundle_id = bundle.get("id")
    if (
        not isinstance(bundle_id, str)
        or not (m := _STIX_ID.match(bundle_id))
        or (m["type"] != "bundle")
    ):
        raise ValueError(f"{bundle_id!r}: id: not a bundle--<uuid> id")
    if "spec_version" in bundle and bundle["spec_version"] != "2.1":
        raise ValueError(f"{bundle_id}: spec_version: {bundle['spec_version']!r}, need 2.1")
    raw = bundle.get("objects", [])
    if not isinstance(raw, list):
        raise ValueError(f"{bundle_id}: objects: not a list")

    objects = _latest_versions([_check_object(obj, i, bundle_id) for i, obj in enumerate(raw)])
    cordon_markings: dict[str, Marking] = {}
    foreign_markings: set[str] = set()
    for obj in objects:
        if obj["type"] == "marking-definition":
            check_tlp_definition(obj)
            marking = parse_marking_definition(obj)
            if marking is not None:
                cordon_markings[obj["id"]] = marking
            elif obj["id"] not in TLP_ALIASES:
                foreign_markings.add(obj["id"])

    def mark(obj: dict[str, Any]) -> Marking:
        return _object_marking(obj, cordon_markings, default_originator)

    creators = {obj.get("created_by_ref") for obj in objects} - {None}
    out = ParsedBundle(bundle_id=bundle_id)
    entity_ids: dict[str, str] = {}
    relationships: list[dict[str, Any]] = []
    for obj in objects:
        kind, obj_id = obj["type"], obj["id"]
        if kind in ("marking-definition", "extension-definition"):
            continue
        ext = _ftm_ext(obj)
        if kind == "identity" and ext is not None and "cordon_node" in ext:
            out.authors[obj_id] = _node_author(obj, ext, mark(obj))
        elif ext is not None and kind in ("identity", "relationship", "note"):
            parsed = _parse_ftm_object(obj, ext, mark(obj))
            entity_ids[obj_id] = parsed.entity_id
            out.objects.append(parsed)
        elif kind == "identity" and (obj_id in creators or obj_id == CORDON_PROJECT_ID):
            out.authors[obj_id] = Author(
                stix_id=obj_id,
                name=_text(obj, "name"),
                identity_class=obj.get("identity_class"),
                marking=mark(obj),
            )
        elif kind == "identity":
            parsed = _parse_plain_identity(obj, mark(obj))
            entity_ids[obj_id] = parsed.entity_id
            out.objects.append(parsed)
        elif kind == "relationship":
            mark(obj)  # refuse an unmarked relationship even if it ends up skipped
            relationships.append(obj)
        elif kind == "note":
            out.notes.append(_parse_note(obj, mark(obj)))
        elif kind == "report":
            out.reports.append(_parse_report(obj, mark(obj)))
        else:
            out.skipped.append(Skipped(obj_id, kind, f"no cordon mapping for STIX type {kind}"))
    for obj in relationships:
        parsed_or_skip = _parse_plain_relationship(obj, mark(obj), entity_ids, out.authors)
        if isinstance(parsed_or_skip, Skipped):
            out.skipped.append(parsed_or_skip)
        else:
            out.objects.append(parsed_or_skip)
    for obj_id in foreign_markings:
        out.skipped.append(
            Skipped(
                obj_id,
                "marking-definition",
                "not a TLP or cordon marking; objects it marks are refused",
            )
        )
    return out


def _check_object(obj: Any, index: int, bundle_id: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise ValueError(f"{bundle_id}: objects[{index}]: not a JSON object")
    obj_id, kind = obj.get("id"), obj.get("type")
    if not isinstance(obj_id, str) or not (match := _STIX_ID.match(obj_id)):
        raise ValueError(f"{bundle_id}: objects[{index}].id: not a <type>--<uuid> id: {obj_id!r}")
    if kind != match["type"]:
        raise ValueError(f"{obj_id}: type: {kind!r} does not match the id")
    version = obj.get("spec_version")
    if version is None and (kind in _SDO_SRO_TYPES or kind in _META_TYPES):
        raise ValueError(f"{obj_id}: spec_version: missing (STIX 2.1 objects carry '2.1')")
    if version is not None and version != "2.1":
        raise ValueError(f"{obj_id}: spec_version: {version!r}, need 2.1")
    if kind in _SDO_SRO_TYPES:
        parse_timestamp(obj.get("created"), obj_id, "created")
        parse_timestamp(obj.get("modified"), obj_id, "modified")
    if "created_by_ref" in obj and not (
        isinstance(obj["created_by_ref"], str)
        and (ref := _STIX_ID.match(obj["created_by_ref"]))
        and ref["type"] == "identity"
    ):
        raise ValueError(f"{obj_id}: created_by_ref: not an identity id")
    return obj


def _latest_versions(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Several versions of one object in a bundle: keep the latest ``modified``."""
    best: dict[str, dict[str, Any]] = {}
    for obj in objects:
        kept = best.get(obj["id"])
        if kept is None or str(obj.get("modified", "")) > str(kept.get("modified", "")):
            best[obj["id"]] = obj
    return list(best.values())


def _object_marking(
    obj: dict[str, Any], cordon: Mapping[str, Marking], default_originator: str | None
) -> Marking:
    obj_id = obj["id"]
    if obj.get("granular_markings"):
        raise ValueError(f"{obj_id}: granular_markings: not supported; refused (default deny)")
    refs = obj.get("object_marking_refs")
    if refs is None or refs == []:
        raise ValueError(
            f"{obj_id}: object_marking_refs: no TLP marking; unmarked objects are "
            "refused (default deny)"
        )
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise ValueError(f"{obj_id}: object_marking_refs: not a list of ids")
    tlps = {TLP_ALIASES[r] for r in refs if r in TLP_ALIASES}
    ours = {cordon[r] for r in refs if r in cordon}
    unknown = [r for r in refs if r not in TLP_ALIASES and r not in cordon]
    if unknown:
        raise ValueError(f"{obj_id}: object_marking_refs: unknown marking {unknown[0]}; refused")
    if not tlps:
        raise ValueError(f"{obj_id}: object_marking_refs: no TLP marking; refused (default deny)")
    if len(tlps) > 1 or len(ours) > 1:
        raise ValueError(f"{obj_id}: object_marking_refs: conflicting markings; refused")
    tlp = tlps.pop()
    if ours:
        marking = ours.pop()
        if marking.tlp is not tlp:
            raise ValueError(
                f"{obj_id}: object_marking_refs: TLP:{tlp.value} disagrees with "
                f"the cordon marking {marking.label}"
            )
        return marking
    if default_originator is None:
        raise ValueError(
            f"{obj_id}: object_marking_refs: TLP only, no cordon marking naming "
            "the originator; pass default_originator"
        )
    try:
        return Marking(tlp=tlp, originator=default_originator)
    except MarkingError as exc:
        raise ValueError(f"{obj_id}: object_marking_refs: {exc}") from None


def _ftm_ext(obj: dict[str, Any]) -> dict[str, Any] | None:
    exts = obj.get("extensions")
    if exts is None:
        return None
    if not isinstance(exts, dict):
        raise ValueError(f"{obj['id']}: extensions: not an object")
    ext = exts.get(FTM_EXTENSION_ID)
    if ext is not None and not isinstance(ext, dict):
        raise ValueError(f"{obj['id']}: extensions.{FTM_EXTENSION_ID}: not an object")
    return ext


def _node_author(obj: dict[str, Any], ext: dict[str, Any], marking: Marking) -> Author:
    node = ext["cordon_node"]
    where = f"{obj['id']}: extensions.{FTM_EXTENSION_ID}.cordon_node"
    if not isinstance(node, dict) or not all(
        isinstance(node.get(k), str) for k in ("node", "agency")
    ):
        raise ValueError(f"{where}: needs node and agency strings")
    return Author(
        stix_id=obj["id"],
        name=_text(obj, "name"),
        identity_class=obj.get("identity_class"),
        marking=marking,
        node=node["node"],
        agency=node["agency"],
    )


def _parse_ftm_object(obj: dict[str, Any], ext: dict[str, Any], marking: Marking) -> ParsedObject:
    obj_id = obj["id"]
    where = f"{obj_id}: extensions.{FTM_EXTENSION_ID}"
    entity_id = ext.get("entity_id")
    if not isinstance(entity_id, str) or not _FTM_ID.match(entity_id):
        raise ValueError(f"{where}.entity_id: not an FtM entity id: {entity_id!r}")
    try:
        sch = _schema(ext.get("schema"))
    except ValueError as exc:
        raise ValueError(f"{where}.schema: {exc}") from None
    if stix_type(sch.name) != obj["type"]:
        raise ValueError(f"{where}.schema: {sch.name} cannot be a STIX {obj['type']}")
    values: list[ParsedValue] = []
    statements = ext.get("statements")
    if statements is not None:
        if not isinstance(statements, list):
            raise ValueError(f"{where}.statements: not a list")
        values = [
            _parse_value(s, sch, f"{where}.statements[{i}]") for i, s in enumerate(statements)
        ]
    else:
        props = ext.get("properties", {})
        if not isinstance(props, dict):
            raise ValueError(f"{where}.properties: not an object")
        for prop, vals in props.items():
            if sch.get(prop) is None:
                raise ValueError(f"{where}.properties.{prop}: not a {sch.name} property")
            if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                raise ValueError(f"{where}.properties.{prop}: not a list of strings")
            values.extend(ParsedValue(prop=prop, value=v) for v in vals)
    return ParsedObject(
        stix_id=obj_id,
        stix_type=obj["type"],
        entity_id=entity_id,
        schema=sch.name,
        values=values,
        marking=marking,
        modified=parse_timestamp(obj.get("modified"), obj_id, "modified"),
        created=parse_timestamp(obj.get("created"), obj_id, "created"),
        created_by=obj.get("created_by_ref"),
    )


def _parse_value(data: Any, sch: Schema, where: str) -> ParsedValue:
    if not isinstance(data, dict):
        raise ValueError(f"{where}: not an object")
    own = data.get("schema")
    try:
        stmt_schema = _schema(own) if own is not None else sch
    except ValueError as exc:
        raise ValueError(f"{where}.schema: {exc}") from None
    prop, value = data.get("prop"), data.get("value")
    if not isinstance(prop, str) or stmt_schema.get(prop) is None:
        raise ValueError(f"{where}.prop: not a {stmt_schema.name} property: {prop!r}")
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where}.value: not a non-empty string")
    try:
        hedge = Hedge(data.get("hedge", "asserted"))
    except ValueError:
        raise ValueError(f"{where}.hedge: not one of {[h.value for h in Hedge]}") from None
    confidence = data.get("confidence", 100)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int)
        or not (0 <= confidence <= 100)
    ):
        raise ValueError(f"{where}.confidence: not an integer 0-100")
    original = data.get("original_value")
    if original is not None and not isinstance(original, str):
        raise ValueError(f"{where}.original_value: not a string")
    return ParsedValue(
        prop=prop,
        value=value,
        hedge=hedge,
        confidence=confidence,
        source=_parse_source(data.get("source"), f"{where}.source"),
        original_value=original,
        schema=stmt_schema.name if own is not None else None,
        first_seen=_iso(data.get("first_seen"), f"{where}.first_seen"),
        last_seen=_iso(data.get("last_seen"), f"{where}.last_seen"),
    )


def _parse_source(data: Any, where: str) -> Source:
    if not isinstance(data, dict) or not isinstance(data.get("dataset"), str):
        raise ValueError(f"{where}: needs a dataset")
    for key in ("version", "record_id", "document_id"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ValueError(f"{where}.{key}: not a string")
    span = data.get("span")
    if span is not None and not (
        isinstance(span, list) and len(span) == 2 and all(type(x) is int for x in span)
    ):
        raise ValueError(f"{where}.span: not [start, end]")
    try:
        return Source(
            dataset=data["dataset"],
            version=data.get("version"),
            record_id=data.get("record_id"),
            document_id=data.get("document_id"),
            span=(span[0], span[1]) if span else None,
        )
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _iso(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: not an ISO datetime") from None


def _text(obj: dict[str, Any], key: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValueError(f"{obj['id']}: {key}: missing or not a string")
    return value


def _parse_plain_identity(obj: dict[str, Any], marking: Marking) -> ParsedObject:
    """A STIX identity from a non-cordon producer: Person / Organization / LegalEntity."""
    name = _text(obj, "name")
    schema = _SCHEMA_FOR_IDENTITY_CLASS.get(obj.get("identity_class", ""), "LegalEntity")
    values = [ParsedValue(prop="name", value=name.strip(), original_value=name)]
    description = _text(obj, "description", required=False)
    if description.strip():
        values.append(ParsedValue(prop="notes", value=description.strip()))
    return ParsedObject(
        stix_id=obj["id"],
        stix_type="identity",
        entity_id=obj["id"],
        schema=schema,
        values=values,
        marking=marking,
        modified=parse_timestamp(obj.get("modified"), obj["id"], "modified"),
        created=parse_timestamp(obj.get("created"), obj["id"], "created"),
        created_by=obj.get("created_by_ref"),
    )


def _parse_plain_relationship(
    obj: dict[str, Any],
    marking: Marking,
    entity_ids: Mapping[str, str],
    authors: Mapping[str, Author],
) -> ParsedObject | Skipped:
    obj_id = obj["id"]
    rtype = _text(obj, "relationship_type")
    ends = []
    for key in ("source_ref", "target_ref"):
        ref = obj.get(key)
        match = _STIX_ID.match(ref) if isinstance(ref, str) else None
        if not match:
            raise ValueError(f"{obj_id}: {key}: not a STIX id: {ref!r}")
        if ref in entity_ids:
            ends.append(entity_ids[ref])
        elif match["type"] == "identity" and ref not in authors:
            ends.append(ref)  # an identity outside the bundle: its STIX id is its entity id
        else:
            return Skipped(obj_id, "relationship", f"{key} {ref} is not an entity cordon maps")
    schema = _SCHEMA_FOR_RELATIONSHIP.get(rtype, "UnknownLink")
    sch = _schema(schema)
    confidence = obj.get("confidence", 100)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, int)
        or not (0 <= confidence <= 100)
    ):
        raise ValueError(f"{obj_id}: confidence: not an integer 0-100")
    values = [
        ParsedValue(prop=sch.source_prop.name, value=ends[0], confidence=confidence),  # type: ignore[union-attr]
        ParsedValue(prop=sch.target_prop.name, value=ends[1], confidence=confidence),  # type: ignore[union-attr]
    ]
    if schema == "UnknownLink" and rtype != "related-to":
        values.append(ParsedValue(prop="role", value=rtype, confidence=confidence))
    description = _text(obj, "description", required=False)
    if description.strip():
        values.append(ParsedValue(prop="description", value=description.strip()))
    return ParsedObject(
        stix_id=obj_id,
        stix_type="relationship",
        entity_id=obj_id,
        schema=schema,
        values=values,
        marking=marking,
        modified=parse_timestamp(obj.get("modified"), obj_id, "modified"),
        created=parse_timestamp(obj.get("created"), obj_id, "created"),
        created_by=obj.get("created_by_ref"),
    )


def _refs(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    refs = obj.get(key)
    if (
        not isinstance(refs, list)
        or not refs
        or not all(isinstance(r, str) and _STIX_ID.match(r) for r in refs)
    ):
        raise ValueError(f"{obj['id']}: {key}: needs a non-empty list of STIX ids")
    return tuple(refs)


def _parse_note(obj: dict[str, Any], marking: Marking) -> ParsedNote:
    labels = obj.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ValueError(f"{obj['id']}: labels: not a list of strings")
    abstract = obj.get("abstract")
    if abstract is not None and not isinstance(abstract, str):
        raise ValueError(f"{obj['id']}: abstract: not a string")
    return ParsedNote(
        stix_id=obj["id"],
        content=_text(obj, "content"),
        abstract=abstract,
        object_refs=_refs(obj, "object_refs"),
        labels=tuple(labels),
        marking=marking,
        modified=parse_timestamp(obj.get("modified"), obj["id"], "modified"),
        created_by=obj.get("created_by_ref"),
    )


def _parse_report(obj: dict[str, Any], marking: Marking) -> ParsedReport:
    description = obj.get("description")
    if description is not None and not isinstance(description, str):
        raise ValueError(f"{obj['id']}: description: not a string")
    return ParsedReport(
        stix_id=obj["id"],
        name=_text(obj, "name"),
        published=parse_timestamp(obj.get("published"), obj["id"], "published"),
        object_refs=_refs(obj, "object_refs"),
        description=description,
        marking=marking,
        modified=parse_timestamp(obj.get("modified"), obj["id"], "modified"),
        created_by=obj.get("created_by_ref"),
    )


_FTM_EXTENSION_SCHEMA = """\
Property-extension on identity, relationship and note objects. Fields: entity_id (FollowTheMoney
entity id), schema (FtM schema name), properties (FtM properties object: asserted values only),
statements (list of {prop, value, hedge: asserted|reported|alleged|denied, confidence: 0-100,
source: {dataset, version?, record_id?, document_id?, span?: [start, end]}, schema?,
original_value?, first_seen?, last_seen?}). Hedged values appear only in statements and must never
be presented as asserted. On the identity of a cordon node the extension instead holds
cordon_node: {node, agency}."""

_MARKING_EXTENSION_SCHEMA = """\
Property-extension on marking-definition objects. Fields: tlp (clear|green|amber|amber+strict|red,
equal to the TLP 2.0 marking the object also carries), originator (agency code), rel_to (agency
codes the marked objects are releasable to; absent = none beyond the TLP audience), recipients
(named recipients, TLP:RED only). Objects carry object_marking_refs = [OASIS TLP 2.0 id, this
marking's id]."""
