"""STIX 2.1 marking-definitions for cordon markings: official TLP 2.0 objects + a cordon marking.

A STIX TLP marking only says "TLP:AMBER"; a cordon marking also says who originated the item, the
partner agencies it is releasable to and, for RED, the named recipients. Both travel: every data
object carries ``object_marking_refs = [<OASIS TLP 2.0 id>, <cordon marking id>]`` so a plain STIX
consumer still sees the right TLP, and a cordon node reconstructs the exact `Marking`.

The TLP 2.0 ids are the ones OASIS publishes (``oasis-open/cti-stix-common-objects``,
``extension-definition-specifications/tlp-2.0/``), never invented ones: products that mint their
own (OpenCTI's AMBER+STRICT, TLP 1.0 WHITE for CLEAR) break interoperability, so those are only
accepted as aliases on import.
"""

from __future__ import annotations

import uuid
from typing import Any

from cordon.model.markings import CLEAR, Marking, MarkingError, Tlp

# Namespace of every deterministic (uuid5) STIX id cordon mints. Fixed forever: changing it
# would give every object a new id and break partners' deduplication.
CORDON_NAMESPACE = uuid.UUID("a422d880-3019-4786-960d-902812a30656")

# OASIS TLP 2.0 marking-definitions (extension-definition--60a3c5c5-..., created 2022-10-01).
TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED = "2022-10-01T00:00:00.000Z"
TLP2_IDS: dict[Tlp, str] = {
    Tlp.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    Tlp.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    Tlp.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    Tlp.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    Tlp.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

# TLP 1.0 ids built into the STIX 2.1 specification (section 7.2.1.4), accepted on import only.
TLP1_IDS: dict[str, Tlp] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,  # TLP:WHITE
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,
}
# OpenCTI's own TLP:AMBER+STRICT id (no TLP 1.0 equivalent exists), seen in the wild.
OPENCTI_AMBER_STRICT_ID = "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37"

TLP_ALIASES: dict[str, Tlp] = {
    **{stix_id: tlp for tlp, stix_id in TLP2_IDS.items()},
    **TLP1_IDS,
    OPENCTI_AMBER_STRICT_ID: Tlp.AMBER_STRICT,
}
"""Every marking-definition id read as a TLP label on import (official 2.0 ids and aliases)."""

# The cordon marking extension: originator, REL TO and RED recipients on a marking-definition.
MARKING_EXTENSION_ID = "extension-definition--769a8f72-2884-4f64-bf43-7341f664743f"
MARKING_DEFINITIONS_CREATED = "2026-01-01T00:00:00.000Z"


def tlp_id(tlp: Tlp) -> str:
    """The official OASIS TLP 2.0 marking-definition id of a label."""
    return TLP2_IDS[tlp]


def tlp_definition(tlp: Tlp) -> dict[str, Any]:
    """The OASIS TLP 2.0 marking-definition object, exactly as published."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_IDS[tlp],
        "created": TLP2_CREATED,
        "name": f"TLP:{tlp.value}",
        "extensions": {
            TLP2_EXTENSION_ID: {
                "extension_type": "property-extension",
                "tlp_2_0": tlp.value.lower(),
            }
        },
    }


def marking_id(marking: Marking) -> str:
    """Deterministic id of the cordon marking-definition: one marking, one id, on every node."""
    return f"marking-definition--{uuid.uuid5(CORDON_NAMESPACE, 'marking:' + marking.label)}"


def marking_definition(marking: Marking) -> dict[str, Any]:
    """The cordon marking-definition for a marking.

    It has no ``created_by_ref`` and a fixed ``created`` so that the same marking is byte-identical
    whichever node exports it (marking-definitions cannot be versioned in STIX). It is itself
    marked with its TLP label, because recipient lists are as sensitive as the data.
    """
    ext: dict[str, Any] = {
        "extension_type": "property-extension",
        "tlp": marking.tlp.value.lower(),
        "originator": marking.originator,
    }
    if marking.rel_to:
        ext["rel_to"] = sorted(marking.rel_to)
    if marking.recipients:
        ext["recipients"] = sorted(marking.recipients)
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id(marking),
        "created": MARKING_DEFINITIONS_CREATED,
        "name": marking.label,
        "object_marking_refs": [tlp_id(marking.tlp)],
        "extensions": {MARKING_EXTENSION_ID: ext},
    }


def marking_refs(marking: Marking) -> list[str]:
    """``object_marking_refs`` of a data object under this marking: [TLP id, cordon marking id]."""
    return [tlp_id(marking.tlp), marking_id(marking)]


def marking_objects(marking: Marking) -> list[dict[str, Any]]:
    """The marking-definitions a bundle must include for objects under this marking."""
    return [tlp_definition(marking.tlp), marking_definition(marking)]


def check_tlp_definition(obj: dict[str, Any]) -> None:
    """Refuse a marking-definition that reuses an official TLP id for something else."""
    tlp = TLP_ALIASES.get(obj.get("id", ""))
    if tlp is None:
        return
    name = obj.get("name")
    legacy = (obj.get("definition") or {}).get("tlp")
    names = {f"TLP:{tlp.value}"} | ({"TLP:WHITE"} if tlp is Tlp.CLEAR else set())
    if name is not None and name.upper() not in names:
        raise ValueError(f"{obj['id']}: name: {name!r} on the id of TLP:{tlp.value}")
    if legacy is not None and f"TLP:{str(legacy).upper()}" not in names:
        raise ValueError(f"{obj['id']}: definition.tlp: {legacy!r} on the id of TLP:{tlp.value}")


def parse_marking_definition(obj: dict[str, Any]) -> Marking | None:
    """The cordon `Marking` carried by a marking-definition, or None if it is not a cordon one."""
    ext = (obj.get("extensions") or {}).get(MARKING_EXTENSION_ID)
    if ext is None:
        return None
    obj_id = obj.get("id", "?")
    if not isinstance(ext, dict):
        raise ValueError(f"{obj_id}: extensions.{MARKING_EXTENSION_ID}: not an object")
    try:
        label = str(ext["tlp"]).upper()
        tlp = Tlp.CLEAR if label == "WHITE" else Tlp(label)
        return Marking(
            tlp=tlp,
            originator=str(ext["originator"]),
            rel_to=frozenset(_strings(ext.get("rel_to", []), obj_id, "rel_to")),
            recipients=frozenset(_strings(ext.get("recipients", []), obj_id, "recipients")),
        )
    except KeyError as exc:
        field = exc.args[0]
        raise ValueError(f"{obj_id}: extensions.{MARKING_EXTENSION_ID}.{field}: missing") from None
    except (MarkingError, ValueError) as exc:
        if str(exc).startswith(obj_id):
            raise
        raise ValueError(f"{obj_id}: extensions.{MARKING_EXTENSION_ID}: {exc}") from None


def _strings(value: Any, obj_id: str, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{obj_id}: extensions.{MARKING_EXTENSION_ID}.{field}: not a list")
    return value


PUBLIC_MARKING = CLEAR
"""Marking of cordon's own definitional objects (extension-definitions, the project identity)."""
