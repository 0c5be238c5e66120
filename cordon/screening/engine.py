"""The screening engine: candidate search over the index, then the scorer on each candidate.

`Screener.from_store(store)` loads (or builds) the index for what the principal may read;
`match(query)` returns the best matches with explanations. The same engine serves the CLI batch
runner, the REST API and the benchmark, so there is one scorer and one set of results.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from operator import itemgetter

from rapidfuzz.fuzz import ratio

from cordon.names import scripts, vessels
from cordon.policy import SYSTEM, Principal, most_restrictive
from cordon.screening import DEFAULT_THRESHOLD
from cordon.screening.forms import ORG, PERSON, VESSEL, NameForm, forms, kind_of, loose, token_key
from cordon.screening.index import TYPO_MIN, WHOLE, Index, clean_number, deletes, load_or_build
from cordon.screening.inputs import parse_country
from cordon.screening.model import SCHEMA_ALIASES, Match, Query
from cordon.screening.names_score import vowelless
from cordon.screening.scorer import Evidence, PreparedQuery, score_target
from cordon.screening.targets import Target
from cordon.store import Store

CANDIDATE_NAMES = 40  # name forms scored per query, best token overlap first
KEEP_SHARE = 0.5  # ...and only those with at least this share of the best overlap
# Results scoring below this (or below the threshold, if lower) are not reported: at 0.5 half
# of the query's name found no partner, which is noise, not a lead.
REPORT_FLOOR = 0.5
COMMON_HITS = 300  # a token finding more names than this only adds weight to known candidates
TYPO_CACHE = 50_000  # query tokens whose one-typo neighbours are remembered
HITS_CACHE = 20_000  # query tokens whose name ids are remembered
# Scores this close are a tie in all but name: the candidate whose written name is closer to the
# query's, letter by letter, is ranked first ("Kwang yok" is Kwang Hyok before Kwang Yon). The
# reported score is never changed by this.
TIE_BREAK = 0.005
WEAK_HIT = 0.8  # a hit through a loose Korean key or a one-letter typo, against an exact one


TokenHits = tuple[set[int], set[int]]  # name ids one query token finds: exact, weak


class Screener:
    def __init__(self, index: Index) -> None:
        self.index = index
        weights = index.weights
        # Per name id: token count (ranking ties) and token weights (scoring), computed once.
        self._sizes = [len(form.tokens) for _, form, _ in index.names]
        self._name_weights = [
            tuple(weights.get(t, 1.0) for t in form.tokens) for _, form, _ in index.names
        ]
        self._typos: dict[tuple[str, str], tuple[str, ...]] = {}
        self._hits: dict[tuple[str, str, str, str | None], TokenHits] = {}
        self._positions = {}
        for i, target in enumerate(index.targets):
            for member in target.members or {target.id}:
                self._positions[member] = i

    @classmethod
    def from_store(
        cls, store: Store, principal: Principal = SYSTEM, resolved: bool = True
    ) -> Screener:
        """The engine over what `principal` may read; `resolved` applies cross-list merges."""
        return cls(load_or_build(store, principal, resolved))

    def position(self, entity_id: str) -> int:
        """Index of the target holding `entity_id` (itself or the cluster it was merged into)."""
        return self._positions[entity_id]

    # -- query preparation --------------------------------------------------------------------

    def prepare(self, query: Query) -> PreparedQuery:
        schema = SCHEMA_ALIASES.get(query.schema.lower(), query.schema) if query.schema else ""
        schema = schema or "LegalEntity"
        # An untyped query (LegalEntity) is compared as a person, a company and a vessel alike.
        kinds = [kind_of(schema)] if schema != "LegalEntity" else [PERSON, ORG, VESSEL]
        name_forms: list[NameForm] = []
        for name in query.names:
            for kind in kinds:
                name_forms.extend(forms(name, kind))
        weights = [tuple(self.index.weights.get(t, 1.0) for t in f.tokens) for f in name_forms]
        countries = frozenset(c for c in map(parse_country, query.countries) if c)
        imo = frozenset(i for i in (vessels.clean_imo(v) for v in query.imo) if i)
        return PreparedQuery(
            kind=kinds[0] if len(kinds) == 1 else "any",
            schema=schema,
            forms=name_forms,
            weights=weights,
            birth_dates=tuple(d for d in query.birth_dates if d[:4].isdigit()),
            countries=countries,
            imo=imo,
            passports=frozenset(clean_number(p) for p in query.passports if clean_number(p)),
            identifiers=frozenset(
                n for n in (clean_number(i) for i in query.identifiers) if len(n) >= 5
            ),
        )

    # -- candidates ---------------------------------------------------------------------------

    def candidate_names(self, prepared: PreparedQuery, floor: float = 0.0) -> dict[int, list[int]]:
        """Target index -> name ids worth scoring, from token, key and typo lookups.

        Hit sets are taken rarest first; a common one (a frequent surname) only adds weight to
        names a rarer token already found, so its thousands of names are never all scored.
        """
        index = self.index
        hits: list[tuple[set[int], float, object]] = []
        seen_forms: set[tuple[str, ...]] = set()
        for f, (form, weights) in enumerate(zip(prepared.forms, prepared.weights, strict=True)):
            if form.tokens not in seen_forms:
                seen_forms.add(form.tokens)
                hits.extend(
                    (ids, w, (f, group)) for ids, w, group in self._term_hits(form, weights)
                )
        # A name scores about the share of the query's weight its hits cover, at most (hits
        # count at full weight, typos at WEAK_HIT; only a typo pair worth EDIT1 can score a
        # little more): below `floor`, skip. And only names with at least KEEP_SHARE of the
        # best overlap.
        lightest = min((sum(w) for w in prepared.weights), default=1.0) or 1.0
        need = floor * lightest
        reach = reachable(hits)
        overlap: dict[int, float] = defaultdict(float)
        for (name_ids, w, _), most in zip(hits, reach, strict=True):
            if most < need - 1e-9 or (len(name_ids) > COMMON_HITS and overlap):
                # A name first found here cannot reach `need` any more (or the token is too
                # common to open new names): only names already found gain weight.
                for name_id in [n for n in overlap if n in name_ids]:
                    overlap[name_id] += w
                continue
            for name_id in name_ids:
                overlap[name_id] += w
        top = max(overlap.values(), default=0.0)
        keep = max(top * KEEP_SHARE, need)
        kept = [item for item in overlap.items() if item[1] >= keep]
        if len(kept) > CANDIDATE_NAMES:
            # By weight first (at C speed), then the tie-break on the few left: ties go to
            # names of the query's length (VICTORY before VICTORY STAR LINE).
            pool = heapq.nlargest(3 * CANDIDATE_NAMES, kept, key=itemgetter(1))
            sizes = self._sizes
            lengths = {len(f.tokens) for f in prepared.forms}
            if len(lengths) == 1:
                n = lengths.pop()
                ranked = [(w - 0.01 * abs(sizes[i] - n), i, w) for i, w in pool]
            else:
                ranked = [
                    (w - 0.01 * min(abs(sizes[i] - n) for n in lengths), i, w) for i, w in pool
                ]
            kept = [(i, w) for _, i, w in heapq.nlargest(CANDIDATE_NAMES, ranked)]
        by_target: dict[int, list[int]] = {}
        target_of = index.names
        # In name id order: of a designee's names that compare alike (AL-NAIMI, A. Rahman and
        # A. Rahman al-Naimi), the same one explains the match in every process.
        for name_id, _ in sorted(kept):
            by_target.setdefault(target_of[name_id][0], []).append(name_id)
        for numbers, table in (
            (prepared.imo, index.imo),
            (prepared.passports, index.passports),
            (prepared.identifiers, index.identifiers),
        ):
            for number in numbers:
                for t_idx in table.get(number, ()):
                    by_target.setdefault(t_idx, [])
        return by_target

    def _term_hits(
        self, form: NameForm, weights: tuple[float, ...]
    ) -> list[tuple[set[int], float, int]]:
        """(name ids, weight, group) per query token, rarest first: exact spellings, Korean
        keys and surname classes at the token's weight; loose Korean keys and one-typo
        neighbours, weaker evidence, at WEAK_HIT of it. Joined tokens and hull numbers on top.
        A name is in at most one set of a group (a token's exact and weak hits are disjoint)."""
        postings = self.index.postings[form.kind]
        empty: tuple[int, ...] = ()
        per_token: list[tuple[set[int], float, int]] = []
        for i, token in enumerate(form.tokens):
            exact, weak = self._token_hits(form.kind, token, form.keys[i], form.classes[i])
            if exact:
                per_token.append((exact, weights[i], i))
            if weak:
                per_token.append((weak, weights[i] * WEAK_HIT, i))
        n = len(form.tokens)
        if n == 1 and form.kind == PERSON:  # KIMJONGUN: KIM, Jong Un written as one word
            whole = postings.get(WHOLE + form.tokens[0], empty)
            if whole:
                per_token.append((set(whole), weights[0], -3))
        if n > 1:
            joined = postings.get(form.joined, empty)
            if joined:
                per_token.append((set(joined), max(weights), -1))
            if n > 2:  # two adjacent tokens written as one on the list (Kwang Il / Kwangil)
                for i in range(n - 1):
                    pair = form.tokens[i] + form.tokens[i + 1]
                    found = set(postings.get(pair, empty))
                    if form.korean:
                        found.update(postings.get(loose(token_key(pair)), empty))
                    if found:
                        per_token.append((found, max(weights[i], weights[i + 1]), n + i))
        if form.number:
            numbered = postings.get("#" + form.number, empty)
            if numbered:
                per_token.append((set(numbered), 0.5, -2))
        per_token.sort(key=lambda item: len(item[0]))
        return per_token

    def _token_hits(self, kind: str, token: str, key: str, surname_class: str | None) -> TokenHits:
        """Name ids one query token finds (exact, weak), remembered across queries: a
        customer file repeats its given names and surnames thousands of times."""
        cache_key = (kind, token, key, surname_class)
        cached = self._hits.get(cache_key)
        if cached is not None:
            return cached
        postings = self.index.postings[kind]
        empty: tuple[int, ...] = ()
        exact = set(postings.get(token, empty))
        weak: set[int] = set()
        if key[0] == "~":
            exact.update(postings.get(key, empty))
            weak.update(postings.get(loose(key), empty))
        if surname_class:
            exact.update(postings.get("^" + surname_class, empty))
        if len(token) >= TYPO_MIN:
            for variant in self._typo_tokens(token, kind):
                weak.update(postings[variant])
        elif len(token) == 2 and vowelless(token):
            # KM for KIM, PK for PAK: a short word that lost its vowel, as the scorer reads it.
            for variant in self.index.deletions.get(token, ()):
                if len(variant) == 3 and variant in postings:
                    weak.update(postings[variant])
        weak -= exact
        if len(self._hits) >= HITS_CACHE:
            self._hits.clear()
        result = self._hits[cache_key] = (exact, weak)  # shared: never changed
        return result

    def _typo_tokens(self, token: str, kind: str) -> tuple[str, ...]:
        """Listed tokens of this kind one edit from `token` (through the deletion table)."""
        cached = self._typos.get((kind, token))
        if cached is not None:
            return cached
        deletions = self.index.deletions
        found: set[str] = set(deletions.get(token, ()))  # the query lost a letter
        for variant in deletes(token):
            found.update(deletions.get(variant, ()))  # substitution / transposition
            found.add(variant)  # the query has an extra letter
        found.discard(token)
        postings = self.index.postings[kind]
        if len(self._typos) >= TYPO_CACHE:
            self._typos.clear()
        # Sorted: candidate ties are then broken alike in every process (string hashing
        # differs between processes, e.g. Spark's Python workers and the driver).
        result = self._typos[(kind, token)] = tuple(sorted(t for t in found if t in postings))
        return result

    # -- matching -----------------------------------------------------------------------------

    def match(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[Match]:
        prepared = self.prepare(query)
        scored = []
        floor = min(threshold, REPORT_FLOOR)
        for t_idx, name_ids in self.candidate_names(prepared, floor).items():
            target = self.index.targets[t_idx]
            names = self._names_for(target, name_ids)
            score, evidence = score_target(prepared, target, names, floor)
            if score > 0.0 and score >= floor:
                scored.append((score, t_idx, evidence))
        self._rank(scored)
        return [
            self._result(self.index.targets[t_idx], score, evidence, threshold)
            for score, t_idx, evidence in scored[:limit]
        ]

    def match_exhaustive(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[Match]:
        """Score every target without the candidate index: the reference the index's recall
        is tested against (slow: for tests and benchmarks only)."""
        prepared = self.prepare(query)
        kinds = {f.kind for f in prepared.forms}
        scored = []
        for t_idx, target in enumerate(self.index.targets):
            if prepared.forms and kind_of(target.schema) not in kinds and not prepared.imo:
                continue  # no name form of the query could be compared with this target
            score, evidence = score_target(prepared, target, self._names_for(target, []))
            if score > 0.0:
                scored.append((score, t_idx, evidence))
        self._rank(scored)
        return [
            self._result(self.index.targets[t_idx], score, evidence, threshold)
            for score, t_idx, evidence in scored[:limit]
        ]

    def _rank(self, scored: list[tuple[float, int, Evidence]]) -> None:
        targets = self.index.targets
        scored.sort(
            key=lambda item: (-(item[0] + TIE_BREAK * closeness(item[2])), targets[item[1]].id)
        )

    def _names_for(self, target: Target, name_ids: list[int]):  # type: ignore[no-untyped-def]
        if name_ids:
            names, weights = self.index.names, self._name_weights
            return [(names[n][1], names[n][2], weights[n]) for n in name_ids]
        # Found by identifier only: every name, for the explanation.
        weights_of = self.index.weights
        picked = [(f, False) for f in target.names] + [(f, True) for f in target.weak]
        return [(f, weak, tuple(weights_of.get(t, 1.0) for t in f.tokens)) for f, weak in picked]

    @staticmethod
    def _result(target: Target, score: float, evidence: Evidence, threshold: float) -> Match:
        return Match(
            entity_id=target.id,
            score=score,
            match=score >= threshold,
            caption=target.caption,
            schema=target.schema,
            datasets=sorted(target.datasets),
            source_ids=sorted(target.source_ids),
            explanation=evidence.features(),
            marking=most_restrictive(target.markings).label if target.markings else "",
        )

    def search(self, text: str, limit: int = 10) -> list[Match]:
        """Free-text name search: the same scorer, no threshold."""
        return self.match(Query(id="search", schema="LegalEntity", names=(text,)), 0.0, limit)


# One name per script whose transliterator ICU builds on first use (Chinese: ~90 ms).
WARM_NAMES = ("Иван Петров", "Олена Їжак", "محمد علي", "王小明", "김정은", "Γιώργος", "דוד לוי")


def warm_up(countries: bool = True) -> None:
    """Build the lookup tables the first query of each kind would otherwise build for itself:
    FollowTheMoney's country names (~1.5 s and ~60 MB, on the first country given by name;
    a batch whose input has no country column skips them) and ICU's transliterators. Called
    before batch workers are forked (they share the tables copy-on-write) and before a server
    worker takes its first request."""
    if countries:
        parse_country("Germany")
    for name in WARM_NAMES:
        scripts.to_latin(name)


def reachable(hits: list[tuple[set[int], float, object]]) -> list[float]:
    """Per hit set, the most weight a name first found there can still gather: the heaviest
    set of each group from there on, summed. Names that cannot reach the floor are never
    opened, which changes no result (they would be dropped at the end) and spares the
    bookkeeping for the thousands of names a common given name finds."""
    best: dict[object, float] = {}
    total = 0.0
    reach = [0.0] * len(hits)
    for k in range(len(hits) - 1, -1, -1):
        _, w, group = hits[k]
        before = best.get(group, 0.0)
        if w > before:
            best[group] = w
            total += w - before
        reach[k] = total
    return reach


def closeness(evidence: Evidence) -> float:
    """How close, letter by letter, the query's name is to the listed name it was scored
    against: each query token's best similarity with a listed token, averaged (0..1)."""
    if evidence.name is None:
        return 0.0
    query, listed = evidence.name[2].tokens, evidence.name[3].tokens
    if not query or not listed:
        return 0.0
    return sum(max(ratio(q, t) for t in listed) for q in query) / (100.0 * len(query))
