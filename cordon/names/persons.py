"""Person-name particles: Arabic articles and Abd/Abu compounds, Malay and South Asian
patronymic connectors, honorifics, initials.

All functions take folded tokens (``normalize.tokens``).

``join_particles`` gives one canonical spelling to the ways an Arabic compound name is
written. Canonical form: the particle fused to its noun with the article removed, and a final
h after a vowel dropped (Abdullah = Abdulla):

=====================================================  ===================
written                                                canonical
=====================================================  ===================
abd al rahman, abd al-rahman, abdul rahman,            abdrahman
abdulrahman, abdel rahman, abdelrahman, abdalrahman,
abdurrahman, abdur rahman, abd ar rahman, abdrahman
abdullah, abdallah, abd allah, abdulla, abdellah       abdla
abu bakr, abu al bakr, abubakr                         abubakr
al rawi, al-rawi, el rawi, ar rawi (sun letter)        alrawi
adbul rahman, abudl rahman, badur rahman (two          abdrahman
adjacent letters of the particle swapped)
=====================================================  ===================

A one-word "al..." (alrawi) is left as it is: the article cannot be told from names such as
Ali or Alan. ``strip_particles`` drops articles and patronymic connectors instead, for a
comparison that ignores them ("Mohd Najib bin Abdul Razak" -> mohd najib abdul razak).
"""

from __future__ import annotations

import re

__all__ = [
    "ABD_PARTICLES",
    "ABU_PARTICLES",
    "ARTICLES",
    "HONORIFICS",
    "MUHAMMAD_VARIANTS",
    "PATRONYMIC_CONNECTORS",
    "canonical_given",
    "initials",
    "join_particles",
    "strip_honorifics",
    "strip_particles",
]

# Arabic definite article, plain and assimilated to a following "sun letter" (ar-Rahman).
ARTICLES = frozenset(("al", "el", "ul", "il", "ol"))
_SUN_ARTICLES = frozenset(("ar", "as", "ash", "at", "ath", "ad", "adh", "az", "an", "ad", "ed",
                           "er", "es", "et", "en", "ez", "ur", "us", "un", "ud"))  # fmt: skip
ABD_PARTICLES = frozenset(("abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdu", "abdur",
                           "abdus", "abdun", "abdul", "abdool", "abdil"))  # fmt: skip
ABU_PARTICLES = frozenset(("abu", "abou", "abo", "abul", "abou"))
# "bin", "binti" (Malay), "bte"/"bt"/"b" (their abbreviations), "ibn"/"bint"/"ben" (Arabic),
# "ould" (Mauritanian), "a/l", "a/p" (anak lelaki / anak perempuan, Malaysian Indians),
# "s/o", "d/o" (son of / daughter of). Folded, "a/l" is the two tokens "a l".
PATRONYMIC_CONNECTORS = frozenset(("bin", "binti", "binte", "bte", "bt", "b", "ibn", "bint",
                                   "ben", "ould", "walad", "a l", "a p", "s o", "d o", "son of",
                                   "daughter of"))  # fmt: skip
_CONNECTOR_PAIRS = frozenset(tuple(c.split()) for c in PATRONYMIC_CONNECTORS if " " in c)
_CONNECTOR_WORDS = frozenset(c for c in PATRONYMIC_CONNECTORS if " " not in c)
# Connectors that are also given names or letters: only inside a name, never first or last.
_AMBIGUOUS_CONNECTORS = frozenset(("b", "bt", "ben", "walad"))

# Titles before or after a name. Two-word titles whose words are also names (Tan Sri, Toh
# Puan) are matched as pairs only.
HONORIFICS = frozenset(
    (
        "haji", "hajji", "hajjah", "hajah", "hj", "datuk", "dato", "datin", "tun", "puan", "tuan",
        "encik", "cik", "tengku", "tunku", "pehin", "dr", "sheikh", "shaykh", "sheik", "mullah",
        "mulla", "maulana", "maulvi", "mawlawi", "qari", "hafiz", "sayyid", "syed", "mr", "mrs",
        "mme", "gen", "general", "col", "colonel", "capt", "captain", "prof", "ustadz", "ustaz",
        "kyai",
    )
)  # fmt: skip
_HONORIFIC_PAIRS = frozenset(
    (
        ("tan", "sri"),
        ("toh", "puan"),
        ("dato", "sri"),
        ("dato", "seri"),
        ("datuk", "seri"),
        ("datuk", "sri"),
        ("datin", "seri"),
    )
)
MUHAMMAD_VARIANTS = frozenset(
    (
        "muhammad", "mohammad", "mohammed", "muhammed", "mohamed", "mohamad", "muhamad",
        "mohamud", "mohamoud", "mahomed", "mohd", "muhd", "mohd", "md", "mhd", "mohammod",
        "muhammet", "mehmet", "mohammadu", "muhammadu", "mouhamed", "mouhammad", "mokhammad",
        "magomed", "mukhammad", "mukhammed",
    )
)  # fmt: skip
_GIVEN_CANON = {v: "muhammad" for v in MUHAMMAD_VARIANTS}
_GIVEN_CANON.update(
    {
        "ahmed": "ahmad", "ahmet": "ahmad", "akhmad": "ahmad", "akhmed": "ahmad",
        "hussein": "husayn", "husein": "husayn", "hussain": "husayn", "husain": "husayn",
        "hossein": "husayn", "hosein": "husayn", "huseyin": "husayn", "husseini": "husayni",
        "hasan": "hasan", "hassan": "hasan", "hasen": "hasan", "osama": "usama",
        "usamah": "usama", "omar": "umar", "umer": "umar", "othman": "uthman", "osman": "uthman",
        "usman": "uthman", "yousef": "yusuf", "yousuf": "yusuf", "youssef": "yusuf",
        "yusef": "yusuf", "yussuf": "yusuf", "khaled": "khalid", "khalid": "khalid",
        "saeed": "said", "sayed": "said", "saleh": "salih", "salah": "salah",
        "ibrahim": "ibrahim", "ebrahim": "ibrahim", "abraham": "ibrahim",
        "mahmoud": "mahmud", "mahmood": "mahmud", "mustafa": "mustafa", "mostafa": "mustafa",
        "moustafa": "mustafa", "mustapha": "mustafa", "ismail": "ismail", "esmail": "ismail",
        "ismael": "ismail", "abdallah": "abdla", "abdullah": "abdla", "abdulla": "abdla",
    }
)  # fmt: skip

_ABD_RE = re.compile(r"^abd(?:(?:ou|u|e|a|o|i)(?:sh|th|dh|l|r|s|t|d|z|n))?([a-z]{2,})$")
_ABU_RE = re.compile(r"^ab(?:u|ou|o)l([a-z]{3,})$")


def _drop_h(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("h") and word[-2] in "aeiou" else word


def _strip_article(word: str) -> str:
    """ "allah" -> "lah", "alrahman" -> "rahman" (only after a particle that requires one)."""
    for art in ("al", "el", "ul"):
        if word.startswith(art) and len(word) > len(art) + 2:
            return word[len(art) :]
    return word


def _is_article(tok: str, nxt: str | None) -> bool:
    if nxt is None:
        return False
    if tok in ARTICLES:
        return True
    return tok in _SUN_ARTICLES and nxt.startswith(tok[1:]) and len(nxt) > len(tok)


_ABD_COMPOUND_RE = re.compile(r"^abd(?:ou|u|e|a|o|i)(?:sh|th|dh|l|r|s|t|d|z|n)[a-z]{2,}$")


def _unswap_abd(tok: str, has_next: bool) -> str:
    """An Abd particle typed with two adjacent letters swapped as the particle: "adbul",
    "abudl", "badur" before a name, "badullah" as a compound; any other token unchanged.
    Only swaps among the first five letters that give a particle (before another token) or
    a particle-and-article compound count: "badawi" and "badr" stay as they are, and a
    three-letter token must keep its first letter ("adb", not "bad")."""
    head = tok[:5]
    if len(tok) < 3 or "b" not in head or "d" not in head or "a" not in head:
        return tok
    if tok in ABD_PARTICLES or _ABD_RE.match(tok):
        return tok
    for i in range(min(len(tok) - 1, 4)):
        if tok[i] == tok[i + 1] or (len(tok) == 3 and i == 0):
            continue
        fixed = tok[:i] + tok[i + 1] + tok[i] + tok[i + 2 :]
        if (has_next and fixed in ABD_PARTICLES) or _ABD_COMPOUND_RE.match(fixed):
            return fixed
    return tok


def join_particles(tokens: list[str]) -> list[str]:
    """Canonical spelling of Arabic particles (see the module doc)."""
    out: list[str] = []
    tokens = [_unswap_abd(t, k + 1 < len(tokens)) for k, t in enumerate(tokens)]
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if nxt is not None and (tok in ABD_PARTICLES or tok in ABU_PARTICLES):
            j = i + 1
            if _is_article(tokens[j], tokens[j + 1] if j + 1 < n else None):
                j += 1
            stem = _strip_article(tokens[j])
            head = "abd" if tok in ABD_PARTICLES else "abu"
            out.append(_drop_h(head + stem))
            i = j + 1
            continue
        if nxt is not None and _is_article(tok, nxt):
            out.append("al" + nxt)
            i += 2
            continue
        m = _ABD_RE.match(tok)
        if m:
            out.append(_drop_h("abd" + m.group(1)))
        else:
            m = _ABU_RE.match(tok)
            out.append("abu" + m.group(1) if m else tok)
        i += 1
    return out


def strip_particles(tokens: list[str]) -> list[str]:
    """Drop Arabic articles and patronymic connectors (bin, binti, ibn, a/l ...).

    Connectors that may be names or initials (b, bt, ben) go only when they are neither the
    first nor the last token. Returns the tokens unchanged if nothing would be left.
    """
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        inner = i > 0 and i < n - 1
        if i + 1 < n and (tok, nxt) in _CONNECTOR_PAIRS and i > 0 and i + 1 < n - 1:
            i += 2
            continue
        if tok in _CONNECTOR_WORDS and (inner or tok not in _AMBIGUOUS_CONNECTORS) and n > 1:
            i += 1
            continue
        if _is_article(tok, nxt):
            i += 1
            continue
        out.append(tok)
        i += 1
    return out or list(tokens)


def strip_honorifics(tokens: list[str]) -> list[str]:
    """Drop titles (Haji, Datuk, Tan Sri, Sheikh, Dr ...); never empties a name."""
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        if i + 1 < n and (tokens[i], tokens[i + 1]) in _HONORIFIC_PAIRS:
            i += 2
            continue
        if tokens[i] not in HONORIFICS:
            out.append(tokens[i])
        i += 1
    return out or list(tokens)


def canonical_given(token: str) -> str:
    """One spelling for the commonest variant-rich given names (Mohd/Mohamed -> muhammad,
    Hussein -> husayn, Youssef -> yusuf ...); other tokens unchanged."""
    return _GIVEN_CANON.get(token, token)


def initials(tokens: list[str]) -> list[str]:
    """First letters: ["kim", "jong", "un"] -> ["k", "j", "u"]."""
    return [t[0] for t in tokens if t]
