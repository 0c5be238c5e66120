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
| two letters without a vowel, one letter short (Nm/Nam)| 0.55     |
| two different Korean syllables (Yong/Byong)| 0.00       |

(In a Korean name with one mistyped token, korean.near_korean_name, two different syllables
fall back to the edit rows: the typo may have broken a syllable. A name written in Chinese
characters is read as pinyin, and two different pinyin syllables (Ming / Ping) are another
name too: the edit rows do not apply to them.)

Given names written joined, hyphenated or split (Jong Un / Jong-un / Jongun) are compared by
also trying the forms with adjacent tokens joined; between Korean names, a join is tried when
its phonetic key (o/u merged) meets one of the other name's (Dongmyeong / Tong-myong).

A person is not named by one word of a longer listed name: against a query of one word, the
words only the list has cost their full weight, as the syllables only the list has do in a
Korean name, so "Kim", "Mohammed" or "Abdullah" alone raise no alert however many designees
carry them. Such a word is reported as a lead (about 0.5 against a name of two words); a
listed one-word name matches in full here, and the scorer caps a one-word alias of a person
listed in more words (cordon.screening.scorer.word_alias). A
company or vessel is often written by its distinctive word alone (KANGBONG for KANGBONG
TRADING CORPORATION): there the usual cost of a missing word applies.

A company or vessel that agrees with a listed one only on generic words (TRADING, KOREA,
INTERNATIONAL, STAR: cordon.names.orgs.GENERIC_WORDS) while the listed name's own word goes
unmatched scores at most GENERIC_ONLY, a lead: KOREA TRADING COMPANY is not KOREA TANGUN
TRADING CORPORATION. A word of its own on both sides (TANGUN, GREEN PINE) keeps the score. A
listed name made only of generic words is that firm's name only as a whole: leaving out one of
its words is the same (GENERIC_ONLY), unless the word is one a writer drops from the same
firm's name (COMPANY; TRADING or INTERNATIONAL at its end: cordon.names.orgs.droppable).
NATIONAL INSURANCE COMPANY is not KOREAN NATIONAL INSURANCE COMPANY, KOREA BANK not KOREA
TRADING BANK; KOREA MINING DEVELOPMENT is KOREA MINING DEVELOPMENT TRADING CORPORATION.

Where order makes the name, pairs out of order count less: the given-name syllables of a
Korean name (Yong Sik is not Sik Yong; the family name may stand first or last) do not pair at
all, the words of a vessel's name count half (HE CHANG is not CHENG HE). A Korean name has no
middle names, so a syllable only the list has costs its full weight, and two unpaired
syllables one letter apart (Ho / Cho) earn a small credit (0.1) that ranks candidates but
never makes an alert.

A name spelled one letter away from a listed name, as a whole (JANG, Song Shol / JANG, Song
Chol; PO CHO / PO CHON), scores at least SPELLED_NEAR. Token by token such a name may look like
another name (Shol is no Korean syllable, Cho and Chon are two), but a one-letter slip is the
likeliest reading, so it ranks above names that merely share a surname. SPELLED_NEAR stays
below the default threshold even with an exact birth date: a lead for review, never an alert,
because one letter also turns one Korean name into another (Song Chol / Pong Chol).
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from cordon.names.orgs import GENERIC_WORDS, ORG_STOPWORDS, droppable
from cordon.names.scripts import PINYIN
from cordon.screening.forms import PERSON, VESSEL, NameForm

EXTRA_TARGET_WEIGHT = 0.25  # how much one unmatched list token (a middle name) costs
EXTRA_TARGET_MORE = 0.5  # ...and each further one: a name mostly unmatched is another name
EXTRA_FULL = 1.0  # a token only the list has where no middle name explains it (see align)
OUT_OF_ORDER_KOREAN = 0.0  # Korean given-name syllables paired in another order: no match
OUT_OF_ORDER_VESSEL = 0.5  # vessel name words paired in another order: half a match
IDENTICAL = 1.0
SURNAME = 0.97
KEY = 0.95
EDIT1 = 0.90
LOOSE_KEY = 0.85
OTHER_SYLLABLE = 0.0
NEAR_SYLLABLE = 0.1  # ...one letter apart: a credit that ranks, never a pair (near_syllables)
EDIT1_FOUR = 0.80
EDIT2 = 0.80
INITIAL = 0.60
EDIT1_SHORT = 0.55
SPELLED_NEAR = 0.70
SPELLED_MIN = 5  # letters a name needs before one of them can be called a slip
GENERIC_ONLY = 0.70  # a company or vessel that agrees with a listed one only on generic words
GENERIC = GENERIC_WORDS | ORG_STOPWORDS


class NameScore:
    """A name comparison: the score, and what paired with what (worked out only when asked:
    most comparisons never reach an explanation)."""

    __slots__ = ("_raw", "_uq", "_ut", "generic", "near", "pairs_", "score", "spelled_near")

    def __init__(
        self,
        score: float,
        pairs: tuple[tuple[str, str, float], ...] = (),
        unmatched_query: tuple[str, ...] = (),
        unmatched_target: tuple[str, ...] = (),
        near: tuple[tuple[str, str], ...] = (),
        raw: tuple | None = None,
    ) -> None:
        self.score = score
        self.pairs_ = pairs
        self._uq = unmatched_query
        self._ut = unmatched_target
        self.near = near  # unpaired Korean syllables one letter apart
        self._raw = raw  # (query tokens, list tokens, [(i, j, sim)], used_q, used_t)
        self.spelled_near = False  # raised to SPELLED_NEAR: one letter from the listed name
        self.generic = False  # lowered to GENERIC_ONLY: only generic words agree

    def raised(self) -> NameScore:
        """This comparison, scored SPELLED_NEAR because the names are spelled one letter
        apart (a copy: the comparison itself is shared between list names)."""
        self._expand()
        out = NameScore(SPELLED_NEAR, self.pairs_, self._uq, self._ut, self.near)
        out.spelled_near = True
        return out

    def _expand(self) -> None:
        if self._raw is not None:
            qt, tt, matches, used_q, used_t = self._raw
            self.pairs_ = tuple((qt[i], tt[j], sim) for i, j, sim in matches)
            self._uq = tuple(tok for i, tok in enumerate(qt) if i not in used_q)
            self._ut = tuple(tok for j, tok in enumerate(tt) if j not in used_t)
            self._raw = None

    @property
    def pairs(self) -> tuple[tuple[str, str, float], ...]:
        """(query token, list token, similarity)"""
        self._expand()
        return self.pairs_

    @property
    def unmatched_query(self) -> tuple[str, ...]:
        self._expand()
        return self._uq

    @property
    def unmatched_target(self) -> tuple[str, ...]:
        self._expand()
        return self._ut

    def detail(self) -> str:
        parts = []
        for q, t, sim in self.pairs:
            parts.append(f"{q}={t}" if sim == 1.0 else f"{q}~{t} ({sim:.2f})")
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_target:
            parts.append("list only: " + " ".join(self.unmatched_target))
        if self.near:
            parts.append(
                "different syllables one letter apart (a small credit): "
                + ", ".join(f"{a}/{b}" for a, b in self.near)
            )
        if self.generic:
            parts.append(
                "only generic words agree and a word that makes the listed name is missing:"
                f" at most {GENERIC_ONLY} (a lead, below the default threshold)"
            )
        if self.spelled_near:
            parts.append(
                f"the whole name is one letter from the listed spelling: raised to {SPELLED_NEAR}"
                " (a slip, or another name: for review, below the default threshold)"
            )
        return "; ".join(parts)


def token_sim(
    a: str,
    b: str,
    ka: str,
    kb: str,
    ca: str | None,
    cb: str | None,
    lenient: bool = False,
    han: bool = False,
) -> float:
    if a == b:
        return IDENTICAL
    if ca is not None and ca == cb:
        return SURNAME
    if ka[0] == "~" and kb[0] == "~":
        sim = korean_sim(ka, kb)
        if sim > 0.0 or not lenient:
            return sim
        # A name known to carry a typo elsewhere: a syllable may be broken too (Myongc-hin).
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return INITIAL if a[0] == b[0] else 0.0
    shortest = min(la, lb)
    if shortest < 3:
        # Two letters and no vowel: a word that lost one (Nm / Nam, Kl / Kil).
        short = a if la == 2 else b
        if la + lb == 5 and vowelless(short) and OSA.distance(a, b, score_cutoff=1) == 1:
            return EDIT1_SHORT
        return 0.0
    if abs(la - lb) > 2 or (han and a in PINYIN and b in PINYIN):
        return 0.0
    dist = OSA.distance(a, b, score_cutoff=2)  # a swap of two letters is one edit
    if dist == 1:
        return EDIT1 if shortest >= 5 else EDIT1_FOUR if shortest == 4 else EDIT1_SHORT
    if dist == 2 and shortest >= 7:
        return EDIT2
    return 0.0


def one_letter_apart(a: str, b: str) -> bool:
    """Whether two folded spellings differ by one letter (added, dropped, changed or two
    swapped), both long enough for that to be a slip, and not by a number (a hull number or
    a year is never a typo)."""
    if abs(len(a) - len(b)) > 1 or OSA.distance(a, b, score_cutoff=1) != 1:
        return False
    letters_a, letters_b = a.replace(" ", ""), b.replace(" ", "")
    return (
        letters_a != letters_b  # a space is no letter: joined given names score as such
        and min(len(letters_a), len(letters_b)) >= SPELLED_MIN
        and [c for c in a if c.isdigit()] == [c for c in b if c.isdigit()]
    )


def vowelless(token: str) -> bool:
    return not any(ch in "aeiouy" for ch in token)


def korean_sim(ka: str, kb: str) -> float:
    """Two tokens that both read as romanized Korean syllables: a spelling difference the
    phonetic key absorbs is the same name; otherwise they are different syllables, i.e. a
    different name (Yong is not a typo of Byong), however few letters differ. A typo that
    breaks the syllables (Jomg) makes the query name non-Korean and takes the edit path."""
    if ka == kb:
        return KEY
    if len(ka) > 2 and ka.replace("o", "u") == kb.replace("o", "u"):
        return LOOSE_KEY  # ROK spellings: Chul / Chol, Sung / Song (not O / U: 오, 우)
    return OTHER_SYLLABLE


def in_order(pairs: list[tuple[int, int]]) -> set[int]:
    """Indices (into `pairs`, sorted by query position) of a longest run of pairs whose list
    positions also increase: the pairs outside it are out of order."""
    n = len(pairs)
    best = [1] * n
    prev = [-1] * n
    for k in range(n):
        for m in range(k):
            if pairs[m][1] < pairs[k][1] and best[m] + 1 > best[k]:
                best[k], prev[k] = best[m] + 1, m
    k = max(range(n), key=best.__getitem__)
    keep = set()
    while k >= 0:
        keep.add(k)
        k = prev[k]
    return keep


def out_of_order(q: NameForm, t: NameForm, pairs: list[tuple[int, int]]) -> set[int]:
    """Pairs (by index into `pairs`) whose tokens come in another order on the two sides,
    where order makes the name: the given-name syllables of a Korean name (Yong Sik is not
    Sik Yong; the family name may stand first or last) and the words of a vessel's name
    (HE CHANG is not CHENG HE)."""
    if len(pairs) < 2:
        return set()
    order = sorted(range(len(pairs)), key=lambda k: pairs[k][0])
    if q.kind == VESSEL:
        ranked = [pairs[k] for k in order]
        keep = in_order(ranked)
        return {order[k] for k in range(len(order)) if k not in keep}
    # Korean: leave out the family name (a surname at an end of both names), then check.
    last_q, last_t = len(q.tokens) - 1, len(t.tokens) - 1
    best: set[int] | None = None
    families = [
        k
        for k, (i, j) in enumerate(pairs)
        if i in (0, last_q) and j in (0, last_t) and q.classes[i] and t.classes[j]
    ] or [-1]
    for family in families:
        rest = [k for k in order if k != family]
        if len(rest) < 2:
            return set()
        keep = in_order([pairs[k] for k in rest])
        out = {rest[k] for k in range(len(rest)) if k not in keep}
        if best is None or len(out) < len(best):
            best = out
    return best or set()


def near_syllables(
    q: NameForm, t: NameForm, qw: tuple[float, ...], used_q: set[int], used_t: set[int]
) -> tuple[float, tuple[tuple[str, str], ...]]:
    """A small credit for unpaired Korean syllables one letter apart (Ho / Cho): a different
    syllable, so they stay unpaired (and the list's one still costs), but a typo is likelier
    than an unrelated syllable, which decides between otherwise equal candidates.
    Returns (credit, the pairs)."""
    credit = 0.0
    near: list[tuple[str, str]] = []
    free_t = [j for j in range(len(t.tokens)) if j not in used_t]
    for i, a in enumerate(q.tokens):
        if i in used_q or q.keys[i][0] != "~":
            continue
        for j in free_t:
            b = t.tokens[j]
            if t.keys[j][0] == "~" and abs(len(a) - len(b)) <= 1 and OSA.distance(a, b) == 1:
                credit += NEAR_SYLLABLE * qw[i]
                near.append((a, b))
                free_t.remove(j)
                break
    return credit, tuple(near)


def align(q: NameForm, t: NameForm, qw: tuple[float, ...], tw: tuple[float, ...]) -> NameScore:
    """Best one-to-one pairing of tokens, greedy on similarity (names have few tokens)."""
    qt, tt = q.tokens, t.tokens
    # The same tokens in any order: the same name, except where order makes the name.
    if qt == tt or (
        len(qt) == len(tt)
        and not (q.kind == VESSEL or (q.korean and t.korean))
        and sorted(qt) == sorted(tt)
    ):
        return NameScore(1.0, tuple((a, a, 1.0) for a in qt), (), ())
    lenient = q.near or t.near
    han = q.han or t.han  # pinyin on one side: two different syllables are another name
    tk, tc = t.keys, t.classes
    t_korean = [k[0] == "~" for k in tk]
    candidates = []
    # token_sim, inlined: this loop is the scorer's hottest.
    for i, a in enumerate(qt):
        ka, ca = q.keys[i], q.classes[i]
        a_korean = ka[0] == "~"
        la = len(a)
        for j, b in enumerate(tt):
            if a == b:
                sim = IDENTICAL
            elif ca is not None and ca == tc[j]:
                sim = SURNAME
            else:
                if a_korean and t_korean[j]:
                    sim = korean_sim(ka, tk[j])
                    if sim > 0.0 or not lenient:
                        if sim > 0.0:
                            candidates.append((sim, -abs(i - j), i, j))
                        continue
                lb = len(b)
                if la == 1 or lb == 1:
                    if a[0] != b[0]:
                        continue
                    sim = INITIAL
                elif la < 3 or lb < 3:
                    # Two letters and no vowel: a word that lost one (Nm / Nam, Kl / Kil).
                    if not (la + lb == 5 and vowelless(a if la == 2 else b)):
                        continue
                    if OSA.distance(a, b, score_cutoff=1) != 1:
                        continue
                    sim = EDIT1_SHORT
                elif la - lb > 2 or lb - la > 2 or (han and a in PINYIN and b in PINYIN):
                    continue
                else:
                    dist = OSA.distance(a, b, score_cutoff=2)  # a swap is one edit
                    if dist == 1:
                        shortest = la if la < lb else lb
                        sim = (
                            EDIT1 if shortest >= 5 else EDIT1_FOUR if shortest == 4 else EDIT1_SHORT
                        )
                    elif dist == 2 and la >= 7 and lb >= 7:
                        sim = EDIT2
                    else:
                        continue
            candidates.append((sim, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    used_q: set[int] = set()
    used_t: set[int] = set()
    matches: list[tuple[int, int, float]] = []
    for sim, _, i, j in candidates:
        if i in used_q or j in used_t:
            continue
        used_q.add(i)
        used_t.add(j)
        matches.append((i, j, sim))
    korean = q.korean and t.korean
    if len(matches) > 1 and (korean or q.kind == VESSEL):
        out = out_of_order(q, t, [(i, j) for i, j, _ in matches])
        if out:
            factor = OUT_OF_ORDER_KOREAN if korean else OUT_OF_ORDER_VESSEL
            kept = []
            for k, (i, j, sim) in enumerate(matches):
                if k not in out:
                    kept.append((i, j, sim))
                elif factor > 0.0:
                    kept.append((i, j, sim * factor))
                else:
                    used_q.discard(i)
                    used_t.discard(j)
            matches = kept
    matched = 0.0
    for i, _, sim in matches:
        matched += sim * qw[i]
    near: tuple[tuple[str, str], ...] = ()
    if korean and len(used_q) < len(qt) and len(used_t) < len(tt):
        credit, near = near_syllables(q, t, qw, used_q, used_t)
        matched += credit
    total = sum(qw)
    penalty = 0.0
    if len(used_t) < len(tt):
        extras = [w for j, w in enumerate(tw) if j not in used_t]
        if (korean and not lenient) or (len(qt) == 1 and q.kind == PERSON):
            # A Korean name has no middle names: a syllable only the list has is another name.
            # Nor does a person named by one word: Kim is not KIM Chang Hyok (a lead at most).
            penalty = sum(extras) * EXTRA_FULL
        else:
            # The heaviest extra token costs EXTRA_TARGET_WEIGHT, each further one more.
            heaviest = max(extras)
            penalty = heaviest * EXTRA_TARGET_WEIGHT + (sum(extras) - heaviest) * EXTRA_TARGET_MORE
    score = matched / (total + penalty) if total else 0.0
    out = NameScore(score, near=near, raw=(qt, tt, matches, used_q, used_t))
    if score > GENERIC_ONLY and q.kind != PERSON and generic_only(qt, tt, used_q, used_t):
        out.score, out.generic = GENERIC_ONLY, True
    return out


def generic_only(
    qt: tuple[str, ...], tt: tuple[str, ...], used_q: set[int], used_t: set[int]
) -> bool:
    """Whether a company or vessel name agrees with a listed one only on generic words while
    the listed one has a word unmatched that a writer would not drop: its own (KOREA TRADING
    COMPANY is not KOREA TANGUN TRADING CORPORATION, STAR is not ORION STAR) or, in a name of
    generic words only, one of those that make it (NATIONAL INSURANCE COMPANY is not KOREAN
    NATIONAL INSURANCE COMPANY). A word of its own on both sides (KANGBONG, GREEN PINE) keeps
    the score, and so does a dropped COMPANY, or TRADING at the end of the name."""
    return all(qt[i] in GENERIC for i in used_q) and any(
        not droppable(tt, j) for j in range(len(tt)) if j not in used_t
    )
