"""Claim review: an analyst accepts (optionally editing) or rejects a proposed claim.

An accepted claim becomes items of the document's agency under the document's marking: a
relationship entity (Ownership, Directorship, Employment, Representation, Family, Associate,
Membership, or UnknownLink with a role for "front company of" and "shipment or transfer to"), or
for `located_in` a country or address statement on the subject. Every statement names the
document and the evidence's character span as its source and keeps the claim's hedge. An end
that was not linked to a known entity becomes a new entity (its name as the document wrote it).

Hedges never harden by accident: editing the predicate or an entity keeps the hedge; a firmer
hedge than the text's (alleged -> asserted) must be set explicitly, with a reason, and the audit
entry records it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from followthemoney import registry

from cordon.documents.hedges import ORDER
from cordon.documents.model import LOCATION, ORG, SCHEMA_OF_LABEL
from cordon.documents.predicates import PREDICATES
from cordon.model.markings import Marking
from cordon.model.statements import Hedge
from cordon.policy import Principal
from cordon.sharing.contributions import item_id
from cordon.sharing.stix import stix_type
from cordon.store import Store
from cordon.store.documents import ClaimRecord, ReviewError
from cordon.store.items import Fact, NewItem, NotVisible

# predicate -> (schema, source property, target property, (extra property, value) or None)
RELATIONSHIPS: dict[str, tuple[str, str, str, tuple[str, str] | None]] = {
    "owns_or_controls": ("Ownership", "owner", "asset", None),
    "front_company_of": ("UnknownLink", "subject", "object", ("role", "front company of")),
    "director_of": ("Directorship", "director", "organization", None),
    "employee_of": ("Employment", "employee", "employer", None),
    "representative_of": ("Representation", "agent", "client", None),
    "family_of": ("Family", "person", "relative", None),
    "associate_of": ("Associate", "person", "associate", None),
    "member_of": ("Membership", "member", "organization", None),
    "transferred_to": ("UnknownLink", "subject", "object", ("role", "shipment or transfer to")),
}
# How much weight a statement from an accepted claim carries, by hedge (STIX caps it further).
CONFIDENCE = {"asserted": 90, "reported": 60, "alleged": 40, "speculative": 30, "denied": 10}


@dataclass(frozen=True, slots=True)
class ClaimEdit:
    subject_entity: str | None = None
    object_entity: str | None = None
    predicate: str | None = None
    hedge: str | None = None
    reason: str | None = None


def accept(
    store: Store, principal: Principal, claim_id: int, edit: ClaimEdit | None = None
) -> dict[str, Any]:
    edit = edit or ClaimEdit()
    record = _record(store, principal, claim_id)
    claim = record.claim
    predicate = edit.predicate or claim["predicate"]
    if predicate not in PREDICATES and predicate != "located_in":
        raise ReviewError(f"predicate {predicate!r}: one of {', '.join(PREDICATES)}", 422)
    hedge = edit.hedge or claim["hedge"]
    if hedge not in ORDER:
        raise ReviewError(f"hedge {hedge!r}: one of {', '.join(ORDER)}", 422)
    hardened = ORDER.index(hedge) < ORDER.index(claim["hedge"])
    if hardened and not (edit.reason and edit.reason.strip()):
        raise ReviewError(
            f"the text says {claim['hedge']!r}; setting {hedge!r} needs a reason", 422
        )
    subject = _end(store, principal, claim["subject"], edit.subject_entity)
    obj = _end(store, principal, claim["object"], edit.object_entity)
    items = build_items(record, predicate, hedge, subject, obj)
    review: dict[str, Any] = {"predicate": predicate, "hedge": hedge}
    if predicate != claim["predicate"]:
        review["predicate_was"] = claim["predicate"]
    if hedge != claim["hedge"]:
        review["hedge_was"] = claim["hedge"]
        review["hedge_hardened"] = hardened
        review["reason"] = edit.reason
    for name, given in (
        ("subject_entity", edit.subject_entity),
        ("object_entity", edit.object_entity),
    ):
        if given:
            review[name] = given
    span = (claim["evidence"]["start"], claim["evidence"]["end"])
    ids = store.review_claim(principal, claim_id, "accepted", review, items, span)
    return {"id": claim_id, "status": "accepted", "items": ids, **review}


def reject(
    store: Store, principal: Principal, claim_id: int, reason: str | None = None
) -> dict[str, Any]:
    _record(store, principal, claim_id)
    review = {"reason": reason} if reason else {}
    store.review_claim(principal, claim_id, "rejected", review, [])
    return {"id": claim_id, "status": "rejected", **review}


def _record(store: Store, principal: Principal, claim_id: int) -> ClaimRecord:
    record = store.claim(principal, claim_id)
    if record is None:
        raise NotVisible(f"claim {claim_id}")
    return record


@dataclass(frozen=True, slots=True)
class _End:
    entity_id: str | None  # a known entity, or None: a new one is made from the mention
    schema: str
    text: str
    label: str


def _end(store: Store, principal: Principal, end: dict[str, Any], given: str | None) -> _End:
    ref = given or end.get("entity_id")
    label = end.get("label", ORG)
    if ref:
        entity = store.entity(principal, ref)
        if entity is None:
            raise ReviewError(f"no entity {ref!r}", 422)
        return _End(entity.id, entity.schema, end["text"], label)
    return _End(None, SCHEMA_OF_LABEL.get(label, "LegalEntity"), end["text"], label)


def build_items(
    record: ClaimRecord, predicate: str, hedge: str, subject: _End, obj: _End
) -> list[NewItem]:
    """The items an accepted claim becomes (new end entities first)."""
    doc = record.document
    marking = doc.marking
    agency = marking.originator
    confidence = CONFIDENCE[hedge]
    evidence = record.claim["evidence"]["text"][:1000]
    items: list[NewItem] = []
    ids = []
    for end in (subject, obj):
        if end.entity_id is None and end.label == LOCATION:
            ids.append(None)
            continue
        entity_id = end.entity_id or _new_entity_id(agency, doc.id, end.text)
        if end.entity_id is None:
            items.append(_item(agency, entity_id, end.schema, marking, [Fact("name", end.text)]))
        ids.append(entity_id)
    subject_id, object_id = ids
    if predicate == "located_in":
        country = registry.country.clean(obj.text)
        prop, value = ("country", country) if country else ("address", obj.text)
        fact = Fact(prop, value, Hedge(hedge), confidence)
        items.append(_item(agency, subject_id or "", subject.schema, marking, [fact]))
        return items
    if object_id is None:
        raise ReviewError(f"{predicate}: the object must be a person, organisation or vessel", 422)
    schema, source_prop, target_prop, extra = RELATIONSHIPS[predicate]
    if schema == "Associate" and not (subject.schema == obj.schema == "Person"):
        schema, source_prop, target_prop, extra = (
            "UnknownLink",
            "subject",
            "object",
            (
                "role",
                "associate of",
            ),
        )
    if schema == "Family":
        extra = ("relationship", record.claim.get("cue") or "relative")
    rel_id = f"{agency.lower()}-{doc.id}-claim-{record.id}"
    facts = [
        Fact(source_prop, subject_id or "", Hedge(hedge), confidence),
        Fact(target_prop, object_id, Hedge(hedge), confidence),
        Fact("summary", evidence, Hedge(hedge), confidence),
    ]
    if extra:
        facts.append(Fact(extra[0], extra[1], Hedge(hedge), confidence))
    if doc.source:
        facts.append(Fact("publisher", doc.source[:500], Hedge(hedge), confidence))
    items.append(_item(agency, rel_id, schema, marking, facts))
    return items


def _new_entity_id(agency: str, doc_id: str, text: str) -> str:
    digest = hashlib.sha1(f"{doc_id}|{text.casefold()}".encode()).hexdigest()[:16]
    return f"{agency.lower()}-doc-{digest}"


def _item(agency: str, entity_id: str, schema: str, marking: Marking, facts: list[Fact]) -> NewItem:
    return NewItem(
        item_id=item_id(stix_type(schema), agency, entity_id, marking),
        entity_id=entity_id,
        schema=schema,
        marking=marking,
        facts=facts,
    )


__all__ = ["CONFIDENCE", "RELATIONSHIPS", "ClaimEdit", "accept", "reject"]
