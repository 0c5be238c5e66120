"""The audit chain: each entry's hash covers its content and the previous entry's hash, so an
edited, removed or reordered entry breaks every hash after it. A hash chain alone does not stop
whoever can write the table from rewriting it from some entry on, or cutting its tail; signed
checkpoints do: the node signs the chain head ("seq:hash:at") with its Ed25519 key, and a
verifier holding the public key detects any rewrite or truncation of what a checkpoint covers.

Agencies see the log through `view_of`: their own users' entries in full, and partner reads of
their contributions with the reading user's identity withheld.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cordon.audit.nodekey import NodeKey, verify_signature
from cordon.policy import Principal

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


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement by a node that entry `seq` of its log had hash `hash` at time `at`."""

    seq: int
    hash: str
    at: str
    public_key: str  # base64 raw Ed25519 public key
    signature: str  # base64 signature of checkpoint_message(seq, hash, at)


@dataclass(frozen=True, slots=True)
class ViewEntry:
    """An entry as one agency may see it. `user` is None where it is withheld: a partner's
    analyst reading the viewer's contributions is shown by agency only."""

    seq: int
    at: str
    agency: str
    user: str | None
    action: str
    object: str
    detail: dict[str, Any]

    @property
    def redacted(self) -> bool:
        return self.user is None


@dataclass(slots=True)
class Report:
    """What `verify_log` found: how much it checked, and every problem (empty = intact)."""

    entries: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


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


def checkpoint_message(seq: int, hash: str, at: str) -> bytes:
    """The exact bytes a checkpoint signs."""
    return f"{seq}:{hash}:{at}".encode()


def sign_checkpoint(key: NodeKey, seq: int, hash: str, at: str) -> Checkpoint:
    return Checkpoint(
        seq, hash, at, key.public_key_b64, key.sign(checkpoint_message(seq, hash, at))
    )


def chain_problems(entries: Iterable[Entry]) -> Iterator[str]:
    """Problems in the chain, lazily and in order, so a log of millions streams through."""
    prev = GENESIS
    expected_seq = None
    for e in entries:
        if expected_seq is not None and e.seq != expected_seq:
            yield f"entry {e.seq}: expected sequence number {expected_seq}"
        if e.prev_hash != prev:
            yield f"entry {e.seq}: does not follow the previous entry"
        if entry_hash(e.prev_hash, e.at, e.agency, e.user, e.action, e.object, e.detail) != e.hash:
            yield f"entry {e.seq}: content does not match its hash"
        prev = e.hash
        expected_seq = e.seq + 1


def verify(entries: Iterable[Entry]) -> list[str]:
    """Problems found in the chain, in order; an empty list means it is intact."""
    return list(chain_problems(entries))


def verify_log(
    entries: Iterable[Entry],
    checkpoints: Iterable[Checkpoint],
    public_keys: Iterable[str],
    every: int | None = None,
    max_problems: int = 1000,
) -> Report:
    """Verify the chain and its checkpoints together.

    `entries` must come in sequence order and may be a generator (it is read once). Beyond the
    chain itself this finds checkpoints that do not match the entry at their sequence number
    (the chain was rewritten), checkpoints with a bad signature or signed by a key not in
    `public_keys`, checkpoints beyond the end of the log (its tail was cut), and, when `every`
    is given, a missing automatic checkpoint (one was deleted to hide a rewrite). Stops listing
    after `max_problems`, since one early break can make every later entry a problem.
    """
    trusted = set(public_keys)
    report = Report()
    problems = report.problems
    signed: dict[int, Checkpoint] = {}
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        report.checkpoints += 1
        signed[cp.seq] = cp
        if cp.public_key not in trusted:
            problems.append(
                f"checkpoint at entry {cp.seq}: signed by an unknown key {cp.public_key}"
            )
        elif not verify_signature(
            cp.public_key, checkpoint_message(cp.seq, cp.hash, cp.at), cp.signature
        ):
            problems.append(f"checkpoint at entry {cp.seq}: bad signature")

    last_seq = 0

    def checked(stream: Iterable[Entry]) -> Iterator[Entry]:
        nonlocal last_seq
        for e in stream:
            report.entries += 1
            last_seq = e.seq
            cp = signed.get(e.seq)
            if cp is not None and cp.hash != e.hash:
                problems.append(f"entry {e.seq}: differs from the signed checkpoint")
            elif cp is None and every and e.seq % every == 0:
                problems.append(f"entry {e.seq}: its automatic checkpoint is missing")
            yield e

    for problem in chain_problems(checked(entries)):
        problems.append(problem)
        if len(problems) >= max_problems:
            problems.append(f"stopped after {max_problems} problems")
            return report
    beyond = [seq for seq in signed if seq > last_seq]
    if beyond:
        problems.append(
            f"the log ends at entry {last_seq} but a checkpoint covers entry {max(beyond)}: "
            f"entries {last_seq + 1}..{max(beyond)} were removed"
        )
    return report


def view_of(viewer: Principal, entry: Entry) -> ViewEntry | None:
    """The entry as `viewer`'s agency may see it, or None.

    Its own users' entries in full. Another agency's entry only when it read the viewer's
    contributions (`detail["originators"]` names the viewer's agency), shown by agency with the
    reader withheld and only that fact of the detail kept, so a view never tells one partner
    what a third agency contributed or what the reader searched for beyond the object itself.
    Screening queries stay with the agency that screened: an originator never learns who its
    data was screened against. The node itself and the public see nothing.
    """
    if not viewer.is_partner:
        return None
    if entry.agency == viewer.agency:
        return ViewEntry(
            entry.seq, entry.at, entry.agency, entry.user, entry.action, entry.object, entry.detail
        )
    if entry.action.startswith("screen"):
        return None
    originators = entry.detail.get("originators")
    if not isinstance(originators, list) or viewer.agency not in originators:
        return None
    return ViewEntry(
        entry.seq,
        entry.at,
        entry.agency,
        None,
        entry.action,
        entry.object,
        {"originators": [viewer.agency]},
    )
