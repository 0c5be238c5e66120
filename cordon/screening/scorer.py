"""The scorer: one query against one listed designee, with every step explained.

The score is the best name similarity (or a strong identifier match), then adjusted by
qualifiers that can only lower it, except an exact birth date which confirms a name match:

| feature                 | effect                                                         |
|-------------------------|----------------------------------------------------------------|
| name_match              | base score: token-aligned similarity of the best name pair    |
|                         | (at least 0.70 when spelled one letter from the listed name;   |
|                         | at most 0.70 for a one-word alias of a longer-named person)    |
| weak_alias_match        | base score x 0.9 (the list itself calls the alias weak);       |
|                         | a person's one-word weak alias (MARIA, GEORGE): at most 0.70   |
| imo_match / passport    | base 0.99 / 0.95 on its own; identical IMO + name -> 1.0        |
| imo_conflict            | both sides give an IMO and none agree: -0.40                   |
| passport_conflict       | both give passports and none agree: -0.10 (people hold several)|
| birth_date_exact        | same full date: +0.03 (never above 0.99)                       |
| birth_date_near         | same year, one year apart, or the whole date one digit off: -0.05 |
| birth_date_conflict     | 2-3 years apart: -0.20; more: -0.35                            |
| country_mismatch        | nationality/country sets disjoint: -0.10 (never positive)      |
| schema_mismatch         | a person against a company or vessel: -0.50                    |
| vessel_number_mismatch  | SEA PHOENIX 2 vs SEA PHOENIX 3: -0.40; one side unnumbered: -0.08 |
| legal_form_mismatch     | LLC vs JSC: -0.03                                              |

Scores live in [0, 1]; 1.0 is reserved for identical identity evidence (a strong identifier
and the same name). DEFAULT_THRESHOLD in cordon.screening is where an alert is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from cordon.screening.forms import ORG, PERSON, VESSEL, NameForm, token_key
from cordon.screening.index import Target
from cordon.screening.model import Feature
from cordon.screening.names_score import SPELLED_NEAR, NameScore, align, one_letter_apart

WEAK_FACTOR = 0.9
WEAK_WORD = 0.7  # the most a person's one-word weak alias can score: below the threshold
JOINED = 0.97
IMO_SCORE, PASSPORT_SCORE, ID_SCORE = 0.99, 0.95, 0.9
CAP = 0.99
BIRTH_DATE_EXACT = 0.03


@dataclass(slots=True)
class PreparedQuery:
    """A query with its names turned into forms and token weights, done once per query."""

    kind: str
    schema: str
    forms: list[NameForm]
    weights: list[tuple[float, ...]]
    birth_dates: tuple[str, ...]
    countries: frozenset[str]
    imo: frozenset[str]
    passports: frozenset[str]
    identifiers: frozenset[str]
    # (query form index, list name tokens) -> NameScore: one query meets the same list name
    # under many designees (aliases shared by merged and unmerged records).
    memo: dict[tuple[int, tuple[str, ...]], NameScore] = field(default_factory=dict)


def compare_names(
    q: NameForm, qw: tuple[float, ...], t: NameForm, tw: tuple[float, ...]
) -> NameScore:
    """Align tokens; also try given names joined (Jong Un / Jongun) when counts differ."""
    best = align(q, t, qw, tw)
    if best.score >= 0.999 or len(q.tokens) == len(t.tokens):
        return best
    # THAEPYONGSAN / THAE PYONG SAN, KIMJONGUN / KIM, Jong Un: the same letters, spaced apart.
    if (
        q.joined == t.joined
        or (len(q.tokens) == 1 and q.joined in t.written_whole)
        or (len(t.tokens) == 1 and t.joined in q.written_whole)
    ):
        return NameScore(JOINED, ((q.joined, t.joined, JOINED),), (), ())
    for q2, qw2 in joined_variants(q, qw, t):
        score = align(q2, t, qw2, tw)
        if score.score > best.score:
            best = score
    for t2, tw2 in joined_variants(t, tw, q):
        score = align(q, t2, qw, tw2)
        if score.score > best.score:
            best = score
    return best


def joined_variants(
    form: NameForm, w: tuple[float, ...], other: NameForm
) -> list[tuple[NameForm, tuple[float, ...]]]:
    """`form` with two adjacent tokens joined, for each join that could pair with a token of
    `other` (same first letter, length within one): Jong Un / Jongun, Abdul Rahman /
    Abdulrahman. Joins that cannot pair with anything are not tried."""
    n = len(form.tokens)
    if n < 2 or n > 5:
        return []
    shapes = _shapes(other.tokens)
    # Korean names on both sides: a join pairs when its phonetic key (o/u merged) meets one
    # of the other's, however differently spelled (Dongmyeong / Tong-myong, Cheolsung /
    # Ch'ol-song).
    sounds = _sounds(other.keys) if form.korean and other.korean else ()
    out = []
    korean = form.korean and other.korean
    for i in range(n - 1):
        if not korean and (len(form.tokens[i]) == 1 or len(form.tokens[i + 1]) == 1):
            continue  # an initial is not half of a given name (Ahmed A is not Ahmeda)
        joined = form.tokens[i] + form.tokens[i + 1]
        size = len(joined)
        key = token_key(joined) if form.korean else joined
        if (joined[0], size) not in shapes and not (sounds and key.replace("o", "u") in sounds):
            continue
        tokens = (*form.tokens[:i], joined, *form.tokens[i + 2 :])
        keys = (*form.keys[:i], key, *form.keys[i + 2 :])
        classes = (*form.classes[:i], None, *form.classes[i + 2 :])
        weights = (*w[:i], max(w[i], w[i + 1]), *w[i + 2 :])
        variant = NameForm(
            form.text,
            form.kind,
            tokens,
            keys,
            classes,
            form.legal_form,
            form.number,
            form.korean,
            form.near,
            form.han,
            form.spelled,
        )
        out.append((variant, weights))
    return out


@lru_cache(maxsize=8192)
def _shapes(tokens: tuple[str, ...]) -> frozenset[tuple[str, int]]:
    """(first letter, length +-1) of each token: what a joined token must look like to pair."""
    return frozenset((tok[0], len(tok) + d) for tok in tokens for d in (-1, 0, 1))


@lru_cache(maxsize=8192)
def _sounds(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(k.replace("o", "u") for k in keys if k[0] == "~")


class Evidence:
    """What a score was made of; its explanation (the features, with their words) is only
    written when asked for, i.e. for the matches actually reported."""

    __slots__ = ("_features", "adjustments", "id_features", "name")

    def __init__(
        self,
        name: tuple[float, NameScore, NameForm, NameForm, bool] | None,
        id_features: list[Feature],
        adjustments: list[Feature],
    ) -> None:
        self.name = name
        self.id_features = id_features
        self.adjustments = adjustments
        self._features: list[Feature] | None = None

    def features(self) -> list[Feature]:
        if self._features is None:
            out: list[Feature] = []
            if self.name is not None:
                out.append(name_feature(*self.name))
            out.extend(self.id_features)
            out.extend(f for f in self.adjustments if f not in out)
            self._features = out
        return self._features


def score_target(
    query: PreparedQuery,
    target: Target,
    names: list[tuple[NameForm, bool, tuple[float, ...]]],
    floor: float = 0.0,
) -> tuple[float, Evidence]:
    """The score and its evidence. A caller that drops scores below `floor` gets, for a
    target that cannot reach it even with a confirming birth date, the unqualified score and
    no qualifiers: most candidates of a clean customer end there."""
    best = name_evidence(query, names, target)
    base = best[0] if best is not None else 0.0
    id_base, id_features, strong_id = identifier_evidence(query, target)
    score = max(base, id_base)
    if score <= 0.0:
        return 0.0, Evidence(best, id_features, [])
    if score + BIRTH_DATE_EXACT < floor:  # the only qualifier that raises a score
        return score, Evidence(best, id_features, [])
    adjustments = qualifiers(query, target, (best[2], best[3]) if best is not None else None)
    adjustments += [f for f in id_features if f.effect < 0]  # conflicting identifiers
    evidence = Evidence(best, id_features, adjustments)
    score += sum(f.effect for f in adjustments)
    exact_name = best is not None and best[1].score >= 0.999
    if strong_id and exact_name and not any(f.effect < 0 for f in adjustments):
        return 1.0, evidence
    return max(0.0, min(CAP, score)), evidence


def name_evidence(
    query: PreparedQuery,
    names: list[tuple[NameForm, bool, tuple[float, ...]]],
    target: Target | None = None,
) -> tuple[float, NameScore, NameForm, NameForm, bool] | None:
    """The best pair of a query name and a list name: (value, comparison, query form, list
    form, weak alias), or None when no name pair scores."""
    best: tuple[float, NameScore, NameForm, NameForm, bool] | None = None
    memo = query.memo
    for n, (q, qw) in enumerate(zip(query.forms, query.weights, strict=True)):
        for t, weak, tw in names:
            if q.kind != t.kind:
                continue
            result = memo.get((n, t.tokens))
            if result is None:
                result = memo[(n, t.tokens)] = compare_names(q, qw, t, tw)
            if result.score < SPELLED_NEAR and one_letter_apart(q.spelled, t.spelled):
                result = result.raised()
            value = result.score * (WEAK_FACTOR if weak else 1.0)
            if one_word_person(t) and (weak or word_alias(t, target)):
                value = min(value, WEAK_WORD)
            if (
                best is None
                or value > best[0]
                or (value == best[0] and agreement(q, t) > agreement(best[2], best[3]))
            ):
                best = (value, result, q, t, weak)
    if best is None or best[0] <= 0.0:
        return None
    return best


def agreement(q: NameForm, t: NameForm) -> int:
    """Between list names that compare alike ("ASIA BRIDGE", "ASIA BRIDGE 2"), the one whose
    hull number and legal form agree with the query's explains the match."""
    return (q.number == t.number) + (q.legal_form == t.legal_form)


def one_word_person(t: NameForm) -> bool:
    """A person's name of one word. As a weak alias (MARIA, GEORGE, ABU MANSOUR) it is a lead
    at most: OFAC calls weak aliases broad, and one such word names thousands of people."""
    return len(t.tokens) == 1 and t.kind == PERSON


def word_alias(t: NameForm, target: Target | None) -> bool:
    """A one-word alias of a person the lists name in more words: UN and UK give TANTOUSH,
    Ibrahim Ali Abu Bakr the alias 'Abd al-Rahman (OFAC marks it weak), which alone names
    thousands. A designee listed under one word (HIDAYATULLAH) keeps its one-word aliases."""
    return (
        target is not None
        and t.text not in target.primary
        and any(len(name.split()) > 1 for name in target.primary)
    )


def name_feature(value: float, result: NameScore, q: NameForm, t: NameForm, weak: bool) -> Feature:
    why = ""
    if weak:
        why = " (the list marks this alias as weak"
        why += f"; one word of it is a lead at most: {WEAK_WORD})" if one_word_person(t) else ")"
    elif one_word_person(t) and value <= WEAK_WORD < result.score:
        why = f" (a one-word alias of a designee listed in more words: a lead at most: {WEAK_WORD})"
    return Feature(
        name="weak_alias_match" if weak else "name_match",
        effect=value,
        detail=result.detail() + why,
        query=q.text,
        candidate=t.text,
    )


# (feature, query/target attribute, base score on a match, effect of a conflict, noun, strong,
# why a conflict counts as it does)
IDENTIFIERS = (
    ("imo", "imo", IMO_SCORE, -0.40, "IMO number", True, "strong evidence of another vessel"),
    (
        "passport",
        "passports",
        PASSPORT_SCORE,
        -0.10,
        "passport number",
        True,
        "people hold several, so this counts little",
    ),
    ("identifier", "identifiers", ID_SCORE, None, "identification number", False, ""),
)


def identifier_evidence(query: PreparedQuery, target: Target) -> tuple[float, list[Feature], bool]:
    """The best identifier match as a base score; conflicts as (negative) features."""
    features = []
    base = 0.0
    strong = False
    for name, attr, score, conflict, noun, is_strong, why in IDENTIFIERS:
        ours, theirs = getattr(query, attr), getattr(target, attr)
        if not ours or not theirs:
            continue
        common = ours & theirs
        if common:
            number = sorted(common)[0]
            features.append(
                Feature(f"{name}_match", score, f"same {noun} {number}", number, number)
            )
            base, strong = max(base, score), strong or is_strong
        elif conflict is not None:
            features.append(
                Feature(
                    f"{name}_conflict",
                    conflict,
                    f"no {noun} in common: {why}",
                    ", ".join(sorted(ours)),
                    ", ".join(sorted(theirs)),
                )
            )
    return base, features, strong


def qualifiers(
    query: PreparedQuery, target: Target, forms: tuple[NameForm, NameForm] | None
) -> list[Feature]:
    out: list[Feature] = []
    if forms is not None:
        out.extend(form_features(*forms))
    date = date_feature(query.birth_dates, target.birth_dates)
    if date is not None:
        out.append(date)
    if query.countries and target.countries and not (query.countries & target.countries):
        out.append(
            Feature(
                "country_mismatch",
                -0.10,
                "the countries given do not overlap with the designation's; "
                "nationality never raises a score",
                ", ".join(sorted(query.countries)),
                ", ".join(sorted(target.countries)),
            )
        )
    mismatch = schema_mismatch(query.kind, query.schema, target.schema)
    if mismatch is not None:
        out.append(mismatch)
    return out


def form_features(q: NameForm, t: NameForm) -> list[Feature]:
    """Hull numbers of vessels and legal forms of companies, which the name tokens leave out."""
    out = []
    if q.kind == VESSEL and (q.number or t.number) and q.number != t.number:
        if q.number and t.number:
            out.append(
                Feature(
                    "vessel_number_mismatch",
                    -0.40,
                    f"hull numbers differ ({q.number} vs {t.number})",
                    q.number,
                    t.number,
                )
            )
        else:
            out.append(
                Feature(
                    "vessel_number_mismatch",
                    -0.08,
                    "only one side gives a hull number",
                    q.number,
                    t.number,
                )
            )
    if q.legal_form and t.legal_form and q.legal_form != t.legal_form:
        out.append(
            Feature(
                "legal_form_mismatch",
                -0.03,
                f"legal forms differ ({q.legal_form} vs {t.legal_form})",
                q.legal_form,
                t.legal_form,
            )
        )
    return out


def schema_mismatch(kind: str, schema: str, target_schema: str) -> Feature | None:
    if schema == "LegalEntity":
        return None
    target_kind = (
        PERSON
        if target_schema == "Person"
        else (VESSEL if target_schema in ("Vessel", "Airplane") else ORG)
    )
    if target_schema == "LegalEntity" and kind != VESSEL:
        return None
    if kind != target_kind:
        return Feature(
            "schema_mismatch",
            -0.50,
            f"a {schema} screened against a {target_schema}",
            schema,
            target_schema,
        )
    return None


def date_feature(query: tuple[str, ...], target: set[str]) -> Feature | None:
    """Birth dates: exact, year-level, near (one year or one digit), or conflicting."""
    if not query or not target:
        return None
    best_rank, best_pair = 9, ("", "")
    for q in query:
        for t in sorted(target):  # sorted: ties show the same date in every process
            rank = date_rank(q, t)
            if rank < best_rank:
                best_rank, best_pair = rank, (q, t)
    q, t = best_pair
    effects = {
        0: ("birth_date_exact", BIRTH_DATE_EXACT, "same date of birth"),
        1: ("birth_date_match", 0.0, "birth dates agree as far as both are known"),
        2: ("birth_date_near", -0.05, "birth dates one year or one digit apart"),
        3: ("birth_date_conflict", -0.20, "birth dates 2 or 3 years apart"),
        4: ("birth_date_conflict", -0.35, "birth dates more than 3 years apart"),
    }
    name, effect, detail = effects[best_rank]
    return Feature(name, effect, detail, q, t)


def date_rank(q: str, t: str) -> int:
    if q == t and len(q) == 10:
        return 0
    common = min(len(q), len(t))
    if q[:common] == t[:common]:
        return 1
    try:
        years = abs(int(q[:4]) - int(t[:4]))
    except ValueError:
        return 4
    if years == 0:
        # Same year, different month/day: a typo or a format mix-up (day/month swapped).
        return 2
    # One digit off across the whole date as far as both give it (1984-02-01 / 1964-02-01),
    # not only in the year: 1984-02-01 / 1964-07-15 differ in five digits, another person.
    if years == 1 or one_digit_off(q[:common], t[:common]):
        return 2
    return 3 if years <= 3 else 4


def one_digit_off(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1
