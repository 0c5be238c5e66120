"""The screening benchmark's own pieces: query generation, ground truth and metrics.

None of this needs nomenklatura or a store: the DPRK generator and the ground truth read the
shared list files with cordon's parsers (cached under the system temp dir after the first run).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest
from rapidfuzz.distance import OSA

from benchmarks.screening import korean, metrics, queries
from benchmarks.screening.engines import Hit, best_pairs_jw, watchman_tokens
from benchmarks.screening.metrics import Timing, f1_from_rates, outcome, summarise
from benchmarks.screening.queries import Case, Generator, loose_person_keys
from benchmarks.screening.truth import fold, load_truth, token_key
from cordon.screening.model import Query
from tests.paths import REPO

# Lower bounds well under what the generator makes from the shared lists (see the README).
MIN_SIZES = {
    "romanization": 400,
    "surname_variant": 200,
    "given_name_join": 120,
    "reordered": 120,
    "typo": 450,
    "listed_alias": 250,
    "legal_form": 250,
    "vessel_variant": 200,
    "imo_only": 100,
    "hangul": 5,
    "lookalike_negative": 450,
    "dob_conflict": 180,
}


@pytest.fixture(scope="module")
def truth():  # type: ignore[no-untyped-def]
    return load_truth()


@pytest.fixture(scope="module")
def cases(truth):  # type: ignore[no-untyped-def]
    return Generator(truth).cases()


def digest(cases: list[Case]) -> str:
    h = hashlib.sha256()
    for c in cases:
        q = c.query
        h.update(
            repr(
                (
                    c.category,
                    q.id,
                    q.schema,
                    q.names,
                    q.birth_dates,
                    q.imo,
                    c.expected,
                    sorted(c.accept),
                )
            ).encode()
        )
    return h.hexdigest()


def test_generator_is_deterministic(cases) -> None:  # type: ignore[no-untyped-def]
    """Another process, another hash seed: the very same cases."""
    code = (
        "from benchmarks.screening.truth import load_truth\n"
        "from benchmarks.screening.queries import Generator\n"
        "from tests.test_bench_screening import digest\n"
        "print(digest(Generator(load_truth()).cases()))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    out = (
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    assert out == digest(cases)


def test_every_category_with_sensible_size(cases) -> None:  # type: ignore[no-untyped-def]
    sizes = Counter(c.category for c in cases)
    assert set(sizes) == set(queries.DPRK_CATEGORIES)
    for category, minimum in MIN_SIZES.items():
        assert sizes[category] >= minimum, (category, sizes[category])
    assert 3_500 <= sum(sizes.values()) <= 4_300
    ids = [c.query.id for c in cases]
    assert len(ids) == len(set(ids))


def test_expected_records_exist_and_are_dprk(truth, cases) -> None:  # type: ignore[no-untyped-def]
    for c in cases:
        if c.category in ("lookalike_negative", "dob_conflict"):
            assert c.expected is None
            continue
        assert c.expected in truth.records, c
        assert c.expected in c.accept
        assert c.accept == truth.accept(c.expected)
        rec = truth.records[c.expected]
        if c.category == "hangul":
            assert any(fold(n) == fold(c.query.names[0]) for n in rec.all_names())
        else:
            assert rec.is_dprk and rec.dataset in ("un_sc_sanctions", "us_ofac_sdn"), c
        if c.category == "imo_only":
            assert c.query.schema == "Vessel" and not c.query.names
            assert any(i in c.query.imo[0] for i in rec.imo)


def test_variants_are_not_listed_names(truth, cases) -> None:  # type: ignore[no-untyped-def]
    for c in cases:
        if c.category in ("listed_alias", "hangul", "imo_only", "dob_conflict"):
            continue
        name = c.query.names[0]
        assert fold(name) not in truth.by_name, c
        if c.category != "reordered":  # a reordering keeps the tokens, by definition
            assert token_key(name) not in truth.by_tokens, c


def test_listed_aliases_are_listed_for_their_record(truth, cases) -> None:  # type: ignore[no-untyped-def]
    for c in cases:
        if c.category == "listed_alias":
            rec = truth.records[c.expected]
            assert fold(c.query.names[0]) in {fold(n) for n in rec.all_names()}
            assert truth.clusters_named(c.query.names[0]) == {truth.cluster_of[c.expected]}


def test_typos_are_one_edit(cases) -> None:  # type: ignore[no-untyped-def]
    for c in cases:
        if c.category == "typo":
            base = c.note.split(" -> ")[0]
            assert OSA.distance(base, c.query.names[0]) == 1, c


def test_lookalike_negatives_are_not_listed(truth, cases) -> None:  # type: ignore[no-untyped-def]
    """Checked here from scratch: no listed name (any list, any name kind) with the same folded
    tokens, and for people no listed person of the same surname class whose given name is
    within one edit after romanisation folding."""
    listed_tokens = set()
    person_keys: dict[int, set[str]] = {}
    for rec in truth.records.values():
        for name in rec.all_names():
            listed_tokens.add(token_key(name))
            if rec.is_person:
                for cls, given in loose_person_keys(name):
                    person_keys.setdefault(cls, set()).add(given)
    negatives = [c for c in cases if c.category == "lookalike_negative"]
    kinds = Counter(c.note.split(":")[0] for c in negatives)
    assert kinds["person"] >= 250 and kinds["company"] >= 100 and kinds["vessel"] >= 80
    one_word = [c for c in negatives if c.note.startswith("person: one word")]
    assert len(one_word) >= 80 and all(len(c.query.names[0].split()) == 1 for c in one_word)
    for c in negatives:
        name = c.query.names[0]
        assert token_key(name) not in listed_tokens, c
        if c.query.schema == "Person":
            for cls, given in loose_person_keys(name):
                for other in person_keys.get(cls, ()):
                    assert OSA.distance(given, other) > 1, (c, other)


def test_dob_conflicts_conflict(truth, cases) -> None:  # type: ignore[no-untyped-def]
    by_name = {}
    for rec in truth.records.values():
        for name in rec.all_names():
            by_name.setdefault(fold(name), set()).add(truth.cluster_of[rec.source_id])
    for c in (c for c in cases if c.category == "dob_conflict"):
        clusters = by_name[fold(c.query.names[0])]
        assert len(clusters) == 1  # the listed name of exactly one designee
        (cluster,) = clusters
        years = [int(d[:4]) for d in truth.cluster_birth_dates(cluster)]
        assert years and all(abs(int(c.query.birth_dates[0][:4]) - y) >= 20 for y in years)


def test_yente_pairs_resolve(truth) -> None:  # type: ignore[no-untyped-def]
    cases, stats = queries.yente_cases(truth, quick=True)
    positives = [c for c in cases if c.positive]
    assert stats.pairs == 683
    assert len(positives) >= 670
    assert all(c.expected.startswith("un:") for c in positives)
    assert sum(1 for c in cases if c.category == "negatives_global") == queries.QUICK_NEGATIVES
    again, _ = queries.yente_cases(truth, quick=True)
    assert [c.query for c in again] == [c.query for c in cases]


def test_korean_respelling() -> None:
    import random

    rng = random.Random(1)
    parts, sep = korean.split_given("Ch'o'l-ho")
    assert sep == "hyphen" and korean.parse_syllable(parts[0]) == [("CH", "EO", "L")]
    assert korean.respell_given(parts, "rr", rng) == ["cheol", "ho"]
    assert korean.respell_given(parts, "dprk", rng) == ["chol", "ho"]
    assert korean.person_key("RI, Chol Ho") == korean.person_key("Lee Cheol-ho")
    assert korean.person_key("Yi Ch'ŏl-ho") == korean.person_key("RI CHOL HO")
    assert korean.split_person("TAN, Wee Beng") is None


def test_watchman_port_splits_apostrophes_and_ignores_class_pairs() -> None:
    assert watchman_tokens("RI, Yo'ng-kil", True, False) == ("yo", "ng", "kil", "ri")
    assert best_pairs_jw(("kim",), ("kim",)) == pytest.approx(1.0)
    # Ri and Lee are never compared (first letters in different classes).
    assert best_pairs_jw(("ri",), ("lee",)) == 0.0


def _case(qid: str, category: str, expected: str | None) -> Case:
    accept = frozenset({expected}) if expected else frozenset()
    return Case("toy", category, Query(qid, names=("x",)), expected, accept)


def test_metrics_on_a_toy_example() -> None:
    cases = [
        _case("p1", "pos", "a"),  # right first, above threshold
        _case("p2", "pos", "b"),  # right but second, above threshold
        _case("p3", "pos", "c"),  # a wrong record first and alerting; the right one below
        _case("p4", "pos", "d"),  # nothing
        _case("n1", "neg", None),  # alerts
        _case("n2", "neg", None),  # quiet
        _case("n3", "neg", None),
        _case("n4", "neg", None),
    ]
    hits = {
        "p1": [Hit("e1", ("a",), 0.9)],
        "p2": [Hit("e9", ("z",), 0.95), Hit("e2", ("b",), 0.8)],
        "p3": [Hit("e8", ("y",), 0.75), Hit("e3", ("c",), 0.6)],
        "p4": [],
        "n1": [Hit("e7", ("q",), 0.71)],
        "n2": [Hit("e6", ("r",), 0.69)],
        "n3": [],
        "n4": [],
    }
    out = {c.query.id: outcome(c, hits[c.query.id], 0.7, [["a"], ["b"]]) for c in cases}
    assert [out[f"p{i}"].top1 for i in range(1, 5)] == [True, False, False, False]
    assert [out[f"p{i}"].hit for i in range(1, 5)] == [True, True, False, False]
    assert out["p3"].alerted and out["p3"].wrong_alert and not out["p2"].wrong_alert
    assert out["n1"].alerted and not out["n2"].alerted
    assert out["p1"].in_candidates and not out["p3"].in_candidates

    timings = {("toy", "pos"): Timing(2.0, 1.0, 4), ("toy", "neg"): Timing(1.0, 0.0, 4)}
    rows = {r.category: r for r in summarise(cases, out, timings, "toy")}
    pos = rows["pos"]
    assert pos.top1 == 0.25 and pos.recall == 0.5 and pos.false_alerts == 0.25
    assert pos.qps == 2.0 and pos.qps_with_candidates == pytest.approx(4 / 3)
    # TP 2, FN 2, FP = 1 wrong alert + 1 negative alert (of 4): precision 1/2, F1 4 / (4+2+2)
    assert pos.precision == pytest.approx(0.5)
    assert pos.f1 == pytest.approx(0.5)
    assert pos.f1_balanced == pytest.approx(0.5)  # as many negatives as positives here
    assert rows["neg"].false_alerts == 0.25 and rows["neg"].top1 is None
    assert rows["all"].f1 == pytest.approx(0.5)

    # A sampled engine: rates scale to the full counts.
    assert f1_from_rates(0.5, 0.0, 0.25, 4, 4) == pytest.approx((2 / 3, 4 / 7))
    assert f1_from_rates(1.0, 0.0, 0.0, 10, 1000) == (1.0, 1.0)
    assert f1_from_rates(0.0, 0.0, 0.0, 10, 10) == (0.0, 0.0)


def test_resolution_agreement_counts_record_pairs() -> None:
    """Truth: {a, b, c} one designee, {d} another. The engine holds {a, b}, {c, d}: one of the
    truth's three pairs merged, and one merge (c, d) the truth does not make."""
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    agreement = metrics.resolution_agreement([{"a", "b"}, {"c", "d", "x"}], truth)
    assert agreement == metrics.Agreement(truth_pairs=3, merged=1, beyond=1)
