"""Federation between nodes: a signed, resumable feed of what one node released to an agency.

The serving node answers `GET /api/v1/sync/feed` for a partner's node account with pages of
its own items the partner's agency may read (a STIX 2.1 bundle), plus recalls: items that
agency could read and no longer can. Each page is signed with the node's Ed25519 key over its
canonical JSON, including the cursor it continues from, so a page cannot be forged, altered or
replayed out of order. The pulling node verifies the signature against the key it registered
for the partner, applies the page and stores the next cursor in one transaction.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cordon.audit.nodekey import NodeKey, verify_signature
from cordon.policy import Principal
from cordon.sharing import exports, stix
from cordon.store import Store
from cordon.store.items import Fact, NewItem

PAGE = 500


class FederationError(Exception):
    """A pull that cannot go on (bad signature, wrong node, broken page); nothing of the
    failing page was applied."""


@dataclass(frozen=True, slots=True)
class Cursor:
    at: datetime | None = None
    item: str = ""
    recall: int = 0

    def encode(self) -> str:
        raw = json.dumps([self.at.isoformat() if self.at else None, self.item, self.recall])
        return base64.urlsafe_b64encode(raw.encode()).decode()

    @classmethod
    def decode(cls, token: str | None) -> Cursor:
        if not token:
            return cls()
        try:
            at, item, recall = json.loads(base64.urlsafe_b64decode(token.encode()))
            return cls(datetime.fromisoformat(at) if at else None, str(item), int(recall))
        except (ValueError, TypeError):
            raise FederationError(f"not a feed cursor: {token[:40]!r}") from None


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def feed_page(
    store: Store,
    principal: Principal,
    token: str | None,
    identity: stix.NodeIdentity,
    key: NodeKey,
    limit: int = PAGE,
) -> dict[str, Any]:
    """One signed page of this node's own items released to `principal`'s agency."""
    cursor = Cursor.decode(token)
    after = (cursor.at, cursor.item) if cursor.at else None
    items = store.items(principal, after=after, limit=limit + 1, include_pulled=False)
    more = len(items) > limit
    items = items[:limit]
    recalls = store.recalls_for(principal, after_id=cursor.recall)
    last = items[-1] if items else None
    following = Cursor(
        last.modified_at if last else cursor.at,
        last.id if last else cursor.item,
        recalls[-1][0] if recalls else cursor.recall,
    )
    payload = {
        "node": identity.node,
        "agency": identity.agency,
        "for_agency": principal.agency,
        "cursor_in": token or "",
        "cursor": following.encode(),
        "more": more,
        "bundle": exports.stix_bundle(items, identity, store, principal) if items else None,
        "recalls": [item_id for _, item_id, _ in recalls],
    }
    store.audit_read(
        principal,
        "sync.feed",
        principal.agency,
        [i.marking for i in items],
        items=len(items),
        recalls=len(recalls),
    )
    return {"payload": payload, "signature": key.sign(canonical(payload))}


Fetch = Callable[[str | None], dict[str, Any]]


@dataclass
class PullReport:
    pages: int = 0
    items: int = 0
    statements: int = 0
    recalls: int = 0


def pull(store: Store, partner: str, fetch: Fetch, on_page: Callable[[PullReport], None] = print):
    """Pull every page the partner has for us, from the stored cursor on."""
    record = store.partner(partner)
    if record is None:
        raise FederationError(f"no partner {partner!r} (cordon partners add)")
    report = PullReport()
    token = record["cursor"]
    while True:
        page = fetch(token)
        payload = _verified(page, record["public_key"], partner, token)
        items = _items(payload.get("bundle"), partner)
        store.apply_partner_page(
            partner,
            f"sync:{partner}:{payload['cursor'][:40]}",
            items,
            payload["recalls"],
            payload["cursor"],
        )
        report.pages += 1
        report.items += len(items)
        report.statements += sum(len(i.facts) for i in items)
        report.recalls += len(payload["recalls"])
        on_page(report)
        token = payload["cursor"]
        if not payload["more"]:
            return report


def _verified(page: Any, public_key: str, partner: str, token: str | None) -> dict[str, Any]:
    if not isinstance(page, dict) or not isinstance(page.get("payload"), dict):
        raise FederationError(f"{partner}: the feed answered something that is not a page")
    payload = page["payload"]
    signature = page.get("signature")
    if not isinstance(signature, str) or not verify_signature(
        public_key, canonical(payload), signature
    ):
        raise FederationError(f"{partner}: page signature does not verify; nothing applied")
    if payload.get("cursor_in", "") != (token or ""):
        raise FederationError(f"{partner}: page does not continue from our cursor (replay?)")
    if not isinstance(payload.get("recalls"), list) or not isinstance(payload.get("cursor"), str):
        raise FederationError(f"{partner}: page without recalls or cursor")
    return payload


def _items(bundle: Any, partner: str) -> list[NewItem]:
    if bundle is None:
        return []
    try:
        parsed = stix.from_bundle(bundle)
    except ValueError as exc:
        raise FederationError(f"{partner}: bundle refused: {exc}") from None
    return [
        NewItem(
            item_id=obj.stix_id,
            entity_id=obj.entity_id,
            schema=obj.schema,
            marking=obj.marking,
            facts=[
                Fact(v.prop, v.value, v.hedge, v.confidence, v.original_value) for v in obj.values
            ],
        )
        for obj in parsed.objects
    ]
