"""Name similarity with token alignment, and the words that explain it.

Two names are compared token by token. Each query token is paired with at most one list token,
best pairs first; the score is the weighted share of the query that found a partner, lightly
penalised for list tokens left over (a missing middle name costs little, an extra surname in
the query costs a lot). Token pairs score:

| evidence                                   | similarity |
|--------------------------------------------|-----------:|
| identical                                  | 1.00       |
| same Korean surname class (Ri/Lee/Yi)      | 0.97       |
| same Korean phonetic key (Chol/Cheol/Ch'ol)| 0.95       |
| one edit (or swap) apart, both >= 5 letters          | 0.90       |
| Korean keys equal once o/u merge (Chul/Chol)| 0.85       |
| one edit (or swap) apart, 4 letters                  | 0.80       |
| two edits apart, both >= 7 letters         | 0.80       |
| an initial against a name with that letter | 0.60       |
| one edit (or swap) apart, 3 letters                  | 0.55       |
| two different Korean syllables (Yong/Byong)| 0.00       |

Given names written joined, hyphenated or split (Jong Un / Jong-un / Jongun) are compared by
also trying the forms with adjacent tokens joined.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from cordon.screening.forms import NameForm

EXTRA_TARGET_WEIGHT = 0.25  # how much one unmatched list token (a middle name) costs
EXTRA_TARGET_MORE = 0.5  # ...and each further one: a name mostly unmatched is another name
IDENTICAL = 1.0
SURNAME = 0.97
KEY = 0.95
EDIT1 = 0.90
LOOSE_KEY = 0.85
OTHER_SYLLABLE = 0.0
EDIT1_FOUR = 0.80
EDIT2 = 0.80
INITIAL = 0.60
EDIT1_SHORT = 0.55


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    pairs: tuple[tuple[str, str, float], ...]  # (query token, list token, similarity)
    unmatched_query: tuple[str, ...]
    unmatched_target: tuple[str, ...]

    def detail(self) -> str:
        parts = []
        for q, t, sim in self.pairs:
            parts.append(f"{q}={t}" if sim == 1.0 else f"{q}~{t} ({sim:.2f})")
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_target:
            parts.append("list only: " + " ".join(self.unmatched_target))
        return "; ".join(parts)


def token_sim(a: str, b: str, ka: str, kb: str, ca: str | None, cb: str | None) -> float:
    if a == b:
        return IDENTICAL
    if ca is not None and ca == cb:
        return SURNAME
    if ka[0] == "~" and kb[0] == "~":
        return korean_sim(ka, kb)
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return INITIAL if a[0] == b[0] else 0.0
    shortest = min(la, lb)
    if abs(la - lb) > 2 or shortest < 3:
        return 0.0
    dist = OSA.distance(a, b, score_cutoff=2)  # a swap of two letters is one edit
    if dist == 1:
        return EDIT1 if shortest >= 5 else EDIT1_FOUR if shortest == 4 else EDIT1_SHORT
    if dist == 2 and shortest >= 7:
        return EDIT2
    return 0.0


def korean_sim(ka: str, kb: str) -> float:
    """Two tokens that both read as romanized Korean syllables: a spelling difference the
    phonetic key absorbs is the same name; otherwise they are different syllables, i.e. a
    different name (Yong is not a typo of Byong), however few letters differ. A typo that
    breaks the syllables (Jomg) makes the query name non-Korean and takes the edit path."""
    if ka == kb:
        return KEY
    if ka.replace("o", "u") == kb.replace("o", "u"):
        return LOOSE_KEY  # ROK spellings: Chul / Chol, Sung / Song
    return OTHER_SYLLABLE


def align(q: NameForm, t: NameForm, qw: tuple[float, ...], tw: tuple[float, ...]) -> NameScore:
    """Best one-to-one pairing of tokens, greedy on similarity (names have few tokens)."""
    if q.tokens == t.tokens or (
        len(q.tokens) == len(t.tokens) and sorted(q.tokens) == sorted(t.tokens)
    ):
        return NameScore(1.0, tuple((a, a, 1.0) for a in q.tokens), (), ())
    candidates = []
    for i, (a, ka, ca) in enumerate(zip(q.tokens, q.keys, q.classes, strict=True)):
        for j, (b, kb, cb) in enumerate(zip(t.tokens, t.keys, t.classes, strict=True)):
            sim = token_sim(a, b, ka, kb, ca, cb)
            if sim > 0.0:
                candidates.append((sim, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    used_q: set[int] = set()
    used_t: set[int] = set()
    pairs = []
    matched = 0.0
    for sim, _, i, j in candidates:
        if i in used_q or j in used_t:
            continue
        used_q.add(i)
        used_t.add(j)
        pairs.append((q.tokens[i], t.tokens[j], sim))
        matched += sim * qw[i]
    total = sum(qw)
    extras = sorted((w for j, w in enumerate(tw) if j not in used_t), reverse=True)
    penalty = sum(
        w * (EXTRA_TARGET_WEIGHT if k == 0 else EXTRA_TARGET_MORE) for k, w in enumerate(extras)
    )
    score = matched / (total + penalty) if total else 0.0
    return NameScore(
        score=score,
        pairs=tuple(pairs),
        unmatched_query=tuple(tok for i, tok in enumerate(q.tokens) if i not in used_q),
        unmatched_target=tuple(tok for j, tok in enumerate(t.tokens) if j not in used_t),
    )
