"""Merges, reviewed hits and the audit chain, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from cordon.audit import verify
from cordon.model.markings import CLEAR
from cordon.policy import Principal
from cordon.store import Store
from cordon.store.store import utcnow

USA = Principal("USA", "analyst@usa.example")
MYS = Principal("MYS", "analyst@mys.example")


def merge(left: str, right: str) -> dict:
    return {
        "left_id": left,
        "right_id": right,
        "judgement": "same",
        "method": "imo",
        "score": 99,
        "evidence": {"imo": "9187629"},
    }


def test_merges_are_recorded_and_reversible(store: Store):
    [rid] = store.add_resolutions(USA, [merge("un-KPe.001", "ofac-1")], CLEAR)
    assert [r.right_id for r in store.resolutions(USA)] == ["ofac-1"]
    assert store.undo_resolution(USA, rid)
    assert store.resolutions(USA) == []
    history = store.resolutions(USA, active_only=False)
    assert history[0].undone_at is not None and history[0].evidence == {"imo": "9187629"}


def test_reviews_are_per_agency_and_expire(store: Store):
    soon = utcnow() + timedelta(days=30)
    store.add_review(USA, "cp-1", "un-KPi.033", "false_positive", "different DOB", soon)
    store.add_review(USA, "cp-2", "un-KPi.033", "false_positive", "old", utcnow() - timedelta(1))
    assert [r.counterparty for r in store.active_reviews(USA, ["cp-1", "cp-2"])] == ["cp-1"]
    assert store.active_reviews(MYS, ["cp-1", "cp-2"]) == []


def test_audit_chain_detects_tampering(store: Store):
    for i in range(3):
        store.audit(USA, "screen", f"query-{i}", {"n": i})
    entries = store.audit_entries()
    assert len(entries) == 3 and verify(entries) == []
    edited = [entries[0], dataclasses.replace(entries[1], object="query-x"), entries[2]]
    assert "entry 2: content does not match its hash" in verify(edited)
    assert verify([entries[0], entries[2]])  # a removed entry breaks the chain
    assert verify([entries[1], entries[0], entries[2]])  # so does reordering
