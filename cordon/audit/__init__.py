"""The audit chain: each entry's hash covers its content and the previous entry's hash, so an
edited, removed or reordered entry breaks every hash after it. Signing checkpoints and the
partner-facing views come with the sharing issue; the chain itself starts here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    at: str  # ISO timestamp, UTC
    agency: str
    user: str
    action: str
    object: str
    detail: dict[str, Any]
    prev_hash: str
    hash: str


def entry_hash(
    prev_hash: str, at: str, agency: str, user: str, action: str, obj: str, detail: dict[str, Any]
) -> str:
    body = json.dumps(
        [prev_hash, at, agency, user, action, obj, detail],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def verify(entries: Iterable[Entry]) -> list[str]:
    """Problems found in the chain, in order; an empty list means it is intact."""
    problems = []
    prev = GENESIS
    expected_seq = None
    for e in entries:
        if expected_seq is not None and e.seq != expected_seq:
            problems.append(f"entry {e.seq}: expected sequence number {expected_seq}")
        if e.prev_hash != prev:
            problems.append(f"entry {e.seq}: does not follow the previous entry")
        if entry_hash(e.prev_hash, e.at, e.agency, e.user, e.action, e.object, e.detail) != e.hash:
            problems.append(f"entry {e.seq}: content does not match its hash")
        prev = e.hash
        expected_seq = e.seq + 1
    return problems
