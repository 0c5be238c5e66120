"""The three engines, one interface: `screen(query) -> list[Hit]`, best first.

- `CordonEngine`: cordon's own `Screener.match(query, threshold=0.0, limit=10)`: candidate
  search and scoring together, timed together.
- `LogicV2Engine`: OpenSanctions' nomenklatura `logic-v2` (yente's default matcher), scoring
  cordon's candidates, threshold 0.70 (yente's default).
- `JaroWinklerEngine`: a watchman-style Jaro-Winkler token matcher scoring the same candidates,
  threshold 0.85.

Candidate generation is identical for logic-v2 and Jaro-Winkler: cordon's top K=20 for each
query (`Screener.candidates(query, k)` when cordon has it, else the top 20 of
`match(query, threshold=0.0, limit=20)`). Their timings are for scoring only; the benchmark
adds cordon's candidate time per query to report a like-for-like figure.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz.distance import JaroWinkler

from benchmarks.screening.truth import words
from cordon.policy import SYSTEM
from cordon.screening.model import Query
from cordon.store import Store

K = 20  # candidates per query handed to logic-v2 and Jaro-Winkler
LIMIT = 10  # results kept per query and engine


class Hit(NamedTuple):
    entity_id: str
    source_ids: tuple[str, ...]
    score: float


class CandidateRef(NamedTuple):
    """One of cordon's candidates: its entity id, schema and the source records it holds."""

    entity_id: str
    schema: str
    source_ids: tuple[str, ...]


@dataclass(slots=True)
class Candidate:
    """A candidate entity as the other engines see it: FtM schema and properties."""

    entity_id: str
    schema: str
    properties: dict[str, list[str]]
    source_ids: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# cordon


def _ref(item: Any, screener: Any) -> CandidateRef:
    """A candidate from whatever `candidates()` yields: a Match, an id, or (id, score)."""
    if hasattr(item, "entity_id"):
        return CandidateRef(
            item.entity_id, getattr(item, "schema", ""), tuple(getattr(item, "source_ids", ()))
        )
    entity_id = item if isinstance(item, str) else str(item[0])
    index = getattr(screener, "index", None)
    if index is not None and hasattr(screener, "position"):
        target = index.targets[screener.position(entity_id)]
        return CandidateRef(target.id, target.schema, tuple(sorted(target.source_ids)))
    return CandidateRef(entity_id, "", ())


class CordonEngine:
    """cordon's screener, plus the candidate lists the other engines score."""

    name = "cordon"

    def __init__(self, screener: Any, threshold: float, label: str = "cordon") -> None:
        self.screener = screener
        self.threshold = threshold
        self.label = label
        self.native_candidates = callable(getattr(screener, "candidates", None))

    def screen(self, query: Query) -> list[Hit]:
        return self.run(query)[0]

    def run(self, query: Query) -> tuple[list[Hit], float, list[CandidateRef], float]:
        """(hits, seconds for match, candidates, seconds for the candidates)."""
        if self.native_candidates:
            start = time.perf_counter()
            matches = self.screener.match(query, threshold=0.0, limit=LIMIT)
            match_s = time.perf_counter() - start
            start = time.perf_counter()
            found = self.screener.candidates(query, K)
            cand_s = time.perf_counter() - start
            candidates = [_ref(c, self.screener) for c in found]
        else:
            start = time.perf_counter()
            matches = self.screener.match(query, threshold=0.0, limit=K)
            match_s = cand_s = time.perf_counter() - start
            candidates = [_ref(m, self.screener) for m in matches]
            matches = matches[:LIMIT]
        hits = [Hit(m.entity_id, tuple(m.source_ids), float(m.score)) for m in matches]
        return hits, match_s, candidates, cand_s


class EntityCache:
    """Candidate data for logic-v2 and Jaro-Winkler, read from the store once and kept.

    A cordon result may stand for several source records merged into one designee; the other
    engines then see the union of those records' properties (as yente sees OpenSanctions'
    merged entities), read with `Store.entities` for the records' entity ids.
    """

    PROPS = words(
        """name alias weakAlias previousName firstName lastName middleName fatherName secondName
        birthDate nationality country citizenship gender imoNumber mmsi passportNumber idNumber
        registrationNumber jurisdiction flag"""
    )

    def __init__(self, store: Store) -> None:
        self.store = store
        self.data: dict[tuple[str, tuple[str, ...]], Candidate] = {}
        self.entities: dict[str, tuple[str, dict[str, list[str]]]] = {}  # id -> schema, props
        self.entity_of: dict[str, str] = {}  # source id -> entity id
        self._absent: set[str] = set()
        self.seconds = 0.0

    def prefetch(self) -> None:
        """Every listed designee's properties in one pass over the store's listed facts (what
        `Store.entities` returns for them, minus delisted records), so the run does not read
        candidates one query at a time."""
        start = time.perf_counter()
        for entity_id, schema, prop, value, _dataset, source_id, _v in self.store.listed_facts(
            SYSTEM, frozenset(self.PROPS)
        ):
            entry = self.entities.setdefault(entity_id, (schema, {}))
            bucket = entry[1].setdefault(prop, [])
            if value not in bucket:
                bucket.append(value)
            if source_id:
                self.entity_of.setdefault(source_id, entity_id)
        self.seconds += time.perf_counter() - start

    def _load(self, ids: Sequence[str]) -> None:
        missing = [i for i in ids if i not in self.entities and i not in self._absent]
        for i in range(0, len(missing), 500):
            for entity in self.store.entities(SYSTEM, missing[i : i + 500]):
                props = entity.properties
                self.entities[entity.id] = (
                    entity.schema,
                    {p: props[p] for p in self.PROPS if p in props},
                )
        # Ids the store does not know (e.g. a cluster id of cordon's own) are not asked again.
        self._absent.update(i for i in missing if i not in self.entities)

    def fetch(self, refs: Sequence[CandidateRef]) -> list[Candidate]:
        start = time.perf_counter()
        keys = [(r.entity_id, tuple(r.source_ids)) for r in refs]
        missing = [(k, r) for k, r in zip(keys, refs, strict=True) if k not in self.data]
        if missing:
            unknown = sorted(
                {s for _, r in missing for s in r.source_ids} - set(self.entity_of) - self._absent
            )
            if unknown:
                self.entity_of.update(self.store.resolve_many(SYSTEM, unknown))
                self._absent.update(s for s in unknown if s not in self.entity_of)
            self._load(
                sorted(
                    {
                        self.entity_of[s]
                        for _, r in missing
                        for s in r.source_ids
                        if s in self.entity_of
                    }
                    | {r.entity_id for _, r in missing}
                )
            )
            for key, ref in missing:
                members = [ref.entity_id] + [
                    self.entity_of[s] for s in ref.source_ids if s in self.entity_of
                ]
                props: dict[str, list[str]] = {}
                schema = ref.schema
                for member in dict.fromkeys(members):
                    if member not in self.entities:
                        continue
                    member_schema, member_props = self.entities[member]
                    if member == ref.entity_id and not schema:
                        schema = member_schema
                    for prop, values in member_props.items():
                        bucket = props.setdefault(prop, [])
                        bucket.extend(v for v in values if v not in bucket)
                self.data[key] = Candidate(
                    ref.entity_id, schema or "LegalEntity", props, tuple(ref.source_ids)
                )
        self.seconds += time.perf_counter() - start
        return [self.data[k] for k in keys]

    def dated(self, hit: Hit) -> bool:
        """Whether a result (already fetched) carries a birth date."""
        cand = self.data.get((hit.entity_id, tuple(hit.source_ids)))
        return bool(cand and cand.properties.get("birthDate"))


# ---------------------------------------------------------------------------------------------
# FollowTheMoney helpers shared by logic-v2 and the Jaro-Winkler baseline

_QUERY_SCHEMA = {"Aircraft": "Airplane", "Airplane": "Airplane"}


def ftm_schema(name: str) -> str:
    return _QUERY_SCHEMA.get(name, name)


@lru_cache(maxsize=256)
def _can_match(query_schema: str, candidate_schema: str) -> bool:
    """yente's candidate filter: the candidate's schema is matchable for the query's."""
    from followthemoney import model

    q = model.get(query_schema)
    c = model.get(candidate_schema)
    if q is None or c is None:
        return False
    try:
        return c in q.matchable_schemata
    except Exception:  # pragma: no cover - older FtM
        return q.can_match(c)


def query_properties(query: Query) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    if query.names:
        props["name"] = list(query.names)
    if query.birth_dates:
        props["birthDate"] = list(query.birth_dates)
    if query.countries:
        props["nationality" if query.schema == "Person" else "country"] = list(query.countries)
    if query.imo:
        props["imoNumber"] = list(query.imo)
    if query.passports:
        props["passportNumber"] = list(query.passports)
    if query.identifiers:
        props["idNumber" if query.schema == "Person" else "registrationNumber"] = list(
            query.identifiers
        )
    return props


# ---------------------------------------------------------------------------------------------
# nomenklatura logic-v2


class LogicV2Engine:
    name = "logic-v2"
    threshold = 0.70

    def __init__(self) -> None:
        import nomenklatura
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig

        self.model = model
        self.algorithm = get_algorithm("logic-v2")
        self.config = ScoringConfig.defaults()
        self.version = getattr(nomenklatura, "__version__", "?")
        self._entities: dict[str, Any] = {}
        self._serial = 0

    def _make(self, entity_id: str, schema: str, props: dict[str, list[str]]) -> Any:
        schema_obj = self.model.get(schema) or self.model.get("LegalEntity")
        entity = self.model.make_entity(schema_obj)
        entity.id = entity_id
        for prop, values in props.items():
            if schema_obj.get(prop) is not None:
                entity.add(prop, values, quiet=True)
        return entity

    def candidate(self, cand: Candidate) -> Any:
        # One proxy per entity id, built once: logic-v2 caches name analysis by entity id.
        entity = self._entities.get(cand.entity_id)
        if entity is None:
            entity = self._make(cand.entity_id, cand.schema, cand.properties)
            self._entities[cand.entity_id] = entity
        return entity

    def warm_up(self) -> None:
        """The first compare loads rigour's tables (~5 s): keep it out of the timings."""
        a = self._make("warm-a", "Person", {"name": ["Kim Jong Un"], "birthDate": ["1984"]})
        b = self._make("warm-b", "Person", {"name": ["KIM Jong-un"], "alias": ["김정은"]})
        self.algorithm.compare(a, b, self.config)

    def score(self, query: Query, candidates: Sequence[Candidate]) -> list[Hit]:
        self._serial += 1  # a distinct id per query entity, or logic-v2's cache answers
        q = self._make(
            f"q-{self._serial}-{query.id}", ftm_schema(query.schema), query_properties(query)
        )
        hits = []
        for cand in candidates:
            if not _can_match(q.schema.name, self.candidate(cand).schema.name):
                continue
            result = self.algorithm.compare(q, self.candidate(cand), self.config)
            hits.append(Hit(cand.entity_id, cand.source_ids, float(result.score)))
        hits.sort(key=lambda h: -h.score)
        return hits[:LIMIT]


# ---------------------------------------------------------------------------------------------
# watchman-style Jaro-Winkler baseline

# First-letter phonetic classes (watchman `phonetics.go`): token pairs whose first letters fall
# in different classes are never compared.
_CLASSES = ["aeiouy", "bfpv", "cgjkqsxz", "dt", "l", "mn", "r", "hw"]
_CLASS_OF = {ch: i for i, letters in enumerate(_CLASSES) for ch in letters}
_PUNCT = re.compile(r"[^\w\s]|_")
_COMPANY_SUFFIXES = re.compile(
    r"\s+(co|corp|corporation|company|llc|ltd|limited|inc|incorporated|gmbh|sa|sa de cv|plc|"
    r"co ltd|pte ltd|pte)$"
)
LENGTH_CUTOFF = 0.9  # LENGTH_DIFFERENCE_CUTOFF_FACTOR
LENGTH_PENALTY = 0.3  # LENGTH_DIFFERENCE_PENALTY_WEIGHT
LETTER_PENALTY = 0.9  # DIFFERENT_LETTER_PENALTY_WEIGHT
UNMATCHED_INDEX_WEIGHT = 0.15  # UNMATCHED_INDEX_TOKEN_WEIGHT
# Entity-level weights (watchman `pkg/search/similarity.go`): name 35, dates 15, critical
# identifiers 50 (an exact identifier returns 1.0 at once).
W_NAME, W_DATE, W_ID = 35.0, 15.0, 50.0


@lru_cache(maxsize=400_000)
def watchman_tokens(name: str, person: bool, company: bool) -> tuple[str, ...]:
    """watchman's preparation: "SURNAME, Given" -> "Given SURNAME" (people), lower case,
    punctuation (apostrophes included: "Yo'ng" -> "yo ng") to spaces, NFD minus marks, company
    suffixes dropped. Stop words are not removed (watchman guesses the language first)."""
    if person and name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    text = unicodedata.normalize("NFD", name.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = " ".join(_PUNCT.sub(" ", text).split())
    if company:
        text = _COMPANY_SUFFIXES.sub("", text)
    return tuple(text.split())


def _custom_jw(a: str, b: str) -> float:
    score = JaroWinkler.similarity(a, b, prefix_weight=0.1)
    ratio = min(len(a), len(b)) / max(len(a), len(b))
    if ratio < LENGTH_CUTOFF:
        score *= 1.0 - (1.0 - ratio) * LENGTH_PENALTY
    if a[0] != b[0]:
        score *= LETTER_PENALTY
    return score


def best_pairs_jw(search: Sequence[str], indexed: Sequence[str]) -> float:
    if not search or not indexed:
        return 0.0
    pairs = []
    for i, s in enumerate(search):
        cs = _CLASS_OF.get(s[0], -1)
        for j, t in enumerate(indexed):
            if cs != _CLASS_OF.get(t[0], -2) and s[0] != t[0]:
                continue
            pairs.append((_custom_jw(s, t), i, j))
    pairs.sort(reverse=True)
    used_s: set[int] = set()
    used_i: set[int] = set()
    total = 0.0
    matched_len = 0
    for score, i, j in pairs:
        if i in used_s or j in used_i:
            continue
        used_s.add(i)
        used_i.add(j)
        total += score * (len(search[i]) + len(indexed[j]))
        matched_len += len(indexed[j])
    search_len = sum(len(s) for s in search)
    index_len = sum(len(t) for t in indexed)
    average = total / (search_len + matched_len)
    penalty = 1.0 - UNMATCHED_INDEX_WEIGHT * (index_len - matched_len) / index_len
    return average * penalty


def _combinations(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The tokens, plus short tokens (<= 3 chars) glued to the next and to the previous one
    (watchman's `GenerateWordCombinations`: rescues "Jong Nam" / "Jongnam")."""
    out = [tokens]
    if len(tokens) > 1 and any(len(t) <= 3 for t in tokens):
        forward: list[str] = []
        i = 0
        while i < len(tokens):
            if len(tokens[i]) <= 3 and i + 1 < len(tokens):
                forward.append(tokens[i] + tokens[i + 1])
                i += 2
            else:
                forward.append(tokens[i])
                i += 1
        backward: list[str] = []
        for t in tokens:
            if len(t) <= 3 and backward:
                backward[-1] += t
            else:
                backward.append(t)
        for combo in (tuple(forward), tuple(backward)):
            if combo not in out:
                out.append(combo)
    return out


def name_score(query_tokens: tuple[str, ...], cand_tokens: tuple[str, ...]) -> float:
    return max(
        best_pairs_jw(s, c) for s in _combinations(query_tokens) for c in _combinations(cand_tokens)
    )


def _digits(values: Sequence[str]) -> set[str]:
    return {re.sub(r"\D", "", v) for v in values if re.sub(r"\D", "", v)}


def _date_score(query_dates: Sequence[str], cand_dates: Sequence[str]) -> float:
    best = 0.0
    for a in query_dates:
        for b in cand_dates:
            if a.startswith(b) or b.startswith(a):
                return 1.0
            try:
                gap = abs(int(a[:4]) - int(b[:4]))
            except ValueError:
                continue
            best = max(best, 1.0 - min(gap, 5) / 5)
    return best


class JaroWinklerEngine:
    """watchman's name path as the anchors describe it (reorder, punctuation to spaces,
    first-letter class filter, length and first-letter penalties, length-weighted best-pair
    alignment, glued short tokens, unmatched-indexed-token penalty), and its entity score as
    a weighted mean over what both sides carry: name 35, birth date 15, IMO/passport 50 (an
    exact identifier short-circuits to 1.0). Nationality is ignored. Threshold 0.85."""

    name = "jaro-winkler"
    threshold = 0.85

    def score(self, query: Query, candidates: Sequence[Candidate]) -> list[Hit]:
        person = query.schema == "Person"
        company = query.schema in ("Organization", "Company", "LegalEntity")
        q_names = [watchman_tokens(n, person, company) for n in query.names]
        q_names = [t for t in q_names if t]
        q_ids = _digits(query.imo) | _digits(query.passports)
        hits = []
        qschema = ftm_schema(query.schema)
        for cand in candidates:
            if not _can_match(qschema, cand.schema):
                continue
            props = cand.properties
            c_ids = _digits(props.get("imoNumber", [])) | _digits(props.get("passportNumber", []))
            if q_ids and q_ids & c_ids:
                hits.append(Hit(cand.entity_id, cand.source_ids, 1.0))
                continue
            c_person = cand.schema == "Person"
            c_company = not c_person and cand.schema != "Vessel"
            weights = 0.0
            total = 0.0
            if q_names:
                c_names = [
                    watchman_tokens(n, c_person, c_company)
                    for p in ("name", "alias", "weakAlias", "previousName")
                    for n in props.get(p, [])
                ]
                best = max((name_score(q, c) for q in q_names for c in c_names if c), default=0.0)
                weights += W_NAME
                total += W_NAME * best
            q_dates, c_dates = query.birth_dates, props.get("birthDate", [])
            if q_dates and c_dates:
                weights += W_DATE
                total += W_DATE * _date_score(q_dates, c_dates)
            if q_ids and c_ids:
                weights += W_ID  # both carry an identifier and they differ
            score = total / weights if weights else 0.0
            hits.append(Hit(cand.entity_id, cand.source_ids, score))
        hits.sort(key=lambda h: -h.score)
        return hits[:LIMIT]


# ---------------------------------------------------------------------------------------------
# Until cordon's engine lands: its placeholder, fed with entities read from the store


def placeholder_entities(store: Store) -> list[dict[str, Any]]:
    """Entity dicts for the placeholder `Screener(entities)`, from the store's listed facts."""
    entities: dict[str, dict[str, Any]] = {}
    props = frozenset({"name", "alias", "weakAlias", "previousName", "imoNumber"})
    for entity_id, schema, prop, value, dataset, source_id, _v in store.listed_facts(SYSTEM, props):
        ent = entities.setdefault(
            entity_id,
            {"id": entity_id, "schema": schema, "names": [], "datasets": [], "source_ids": []},
        )
        if prop != "imoNumber" and value not in ent["names"]:
            ent["names"].append(value)
        if dataset not in ent["datasets"]:
            ent["datasets"].append(dataset)
        if source_id and source_id not in ent["source_ids"]:
            ent["source_ids"].append(source_id)
    return [e for e in entities.values() if e["names"]]


class FastPlaceholder:
    """What cordon's placeholder engine did (score = best token_sort_ratio over name pairs,
    no candidate search), vectorised with rapidfuzz so a development run does not take hours.
    Used only while `Screener.from_store` is not available."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        import numpy as np

        self._entities = entities
        self._names: list[str] = []
        starts = []
        for ent in entities:  # every entity has a name: its names are one slice
            starts.append(len(self._names))
            self._names.extend(" ".join(sorted(n.split())) for n in ent["names"])
        self._starts = np.array(starts)

    def match(self, query: Query, threshold: float = 0.0, limit: int = 5) -> list[Any]:
        import numpy as np
        from rapidfuzz import fuzz, process

        from cordon.screening.model import Feature, Match

        best = np.zeros(len(self._entities))
        for q in query.names:
            scores = process.cdist(
                [" ".join(sorted(q.split()))], self._names, scorer=fuzz.ratio, dtype=np.uint8
            )[0]
            best = np.maximum(best, np.maximum.reduceat(scores, self._starts) / 100.0)
        out = []
        for i in np.argsort(-best, kind="stable")[:limit]:
            ent = self._entities[i]
            score = float(best[i])
            if score <= 0.0:
                break
            out.append(
                Match(
                    ent["id"],
                    score,
                    score >= threshold,
                    ent["names"][0],
                    ent["schema"],
                    ent["datasets"],
                    ent["source_ids"],
                    [Feature("name_match", score, "fuzzy")],
                )
            )
        return out
