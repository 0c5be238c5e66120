"""The benchmark's own Korean name rules: surname classes, syllable respelling, canonical keys.

Deliberately independent of `cordon.names.korean`: if the generator and the engine shared one
table, the engine would be graded on its own answers (the anchors' "prototype" row warns about
exactly this). The tables here follow the romanisation notes in
`shared/docs/reference/screening-anchors.md` §9 (McCune-Reischauer, DPRK official, Revised
Romanisation, OFAC's apostrophe-for-breve style and common ROK ad-hoc spellings).

A romanised syllable is parsed into (initial, vowel, final) classes and rendered again in
another system. Listed DPRK spellings are ambiguous (DPRK "o" is 오 or 어, "ch" is ㅈ or ㅊ),
so a parse picks one reading at random (seeded): the respelling is always one a real list,
passport or customer file could carry, though not necessarily of the same Hangul.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

from benchmarks.screening.truth import fold

# Surname classes: spellings of one Korean family name across systems (first = DPRK/UN form).
SURNAME_CLASSES: tuple[tuple[str, ...], ...] = (
    ("Kim", "Gim"),
    ("Ri", "Lee", "Yi", "Rhee", "I", "Li", "Rhie"),
    ("Pak", "Park", "Bak", "Pack"),
    ("Choe", "Choi", "Chwe", "Ch'oe"),
    ("Jo", "Cho"),
    ("O", "Oh"),
    ("Ryu", "Yu", "Yoo", "Lyu"),
    ("Rim", "Lim", "Im"),
    ("Ryang", "Yang"),
    ("Jong", "Chong", "Jeong", "Chung", "Jung"),
    ("Jang", "Chang"),
    ("Jon", "Chon", "Jeon", "Chun"),
    ("Kang", "Gang"),
    ("Kwon", "Gwon"),
    ("Yun", "Yoon"),
    ("Hyon", "Hyun", "Hyeon"),
    ("Ko", "Koh", "Go"),
    ("Mun", "Moon"),
    ("Sin", "Shin"),
    ("So", "Seo", "Suh"),
    ("Paek", "Baek", "Paik"),
    ("Ju", "Chu", "Joo"),
    ("Ro", "No", "Roh"),
    ("An", "Ahn"),
    ("Ho", "Heo", "Hur"),
    ("Han",),
    ("Hwang",),
    ("Song", "Sung"),
    ("Son", "Sohn"),
    ("Ryom", "Yom", "Yeom"),
    ("Ra", "Na"),
    ("Ku", "Koo", "Gu"),
    ("Kye", "Gye"),
    ("Hong",),
    ("Chae",),
    ("Cha",),
    ("Nam",),
    ("Min",),
    ("U", "Woo"),
    ("Pyon", "Byun", "Byeon"),
    ("Tong", "Dong"),
    ("Sim", "Shim"),
    ("Kil", "Gil"),
    ("Ji", "Chi"),
    ("Won",),
    ("Ham",),
    ("Pae", "Bae"),
    ("Kwak", "Gwak"),
    ("Yon", "Yeon"),
    ("Ha",),
    ("Chon",),
)
_SURNAME_CLASS: dict[str, int] = {}
for _i, _cls in enumerate(SURNAME_CLASSES):
    for _s in _cls:
        _SURNAME_CLASS.setdefault(fold(_s).replace(" ", ""), _i)


def surname_class(token: str) -> int | None:
    return _SURNAME_CLASS.get(fold(token).replace(" ", ""))


# ---------------------------------------------------------------------------------------------
# Syllables

_INITIALS = {  # written form -> class (longest first when parsing)
    "kk": "KK",
    "tt": "TT",
    "pp": "PP",
    "ss": "SS",
    "jj": "JJ",
    "tch": "JJ",
    "ch'": "CH",
    "chh": "CH",
    "k'": "KH",
    "kh": "KH",
    "t'": "TH",
    "th": "TH",
    "p'": "PH",
    "ph": "PH",
    "ch": "C?",
    "sh": "S",
    "k": "K",
    "g": "K",
    "t": "T",
    "d": "T",
    "p": "P",
    "b": "P",
    "f": "PH",
    "j": "C",
    "s": "S",
    "h": "H",
    "m": "M",
    "n": "N",
    "r": "R",
    "l": "R",
    "w": "W",
    "y": "Y",
    "": "",
}
_VOWELS = {  # written form (after breve normalisation) -> class
    "yae": "YAE",
    "yŏ": "YEO",
    "yeo": "YEO",
    "you": "YEO",
    "wae": "WAE",
    "wŏ": "WO",
    "weo": "WO",
    "wo": "WO",
    "wa": "WA",
    "we": "WE",
    "wi": "WI",
    "ŭi": "UI",
    "eui": "UI",
    "ui": "UI",
    "ae": "AE",
    "ai": "AE",
    "oe": "OE",
    "ya": "YA",
    "ye": "YE",
    "yo": "YO?",
    "yu": "YU",
    "ŏ": "EO",
    "eo": "EO",
    "ŭ": "EU",
    "eu": "EU",
    "oo": "U",
    "ou": "U",
    "ee": "I",
    "a": "A",
    "e": "E",
    "i": "I",
    "o": "O?",
    "u": "U?",
}
_FINALS = {
    "ng": "NG",
    "n": "N",
    "m": "M",
    "l": "L",
    "r": "L",
    "k": "K",
    "g": "K",
    "p": "P",
    "b": "P",
    "t": "T",
    "d": "T",
    "": "",
}
_INIT_KEYS = sorted(_INITIALS, key=len, reverse=True)
_VOWEL_KEYS = sorted(_VOWELS, key=len, reverse=True)
_FINAL_KEYS = sorted(_FINALS, key=len, reverse=True)

Syllable = tuple[str, str, str]  # (initial class, vowel class, final class)


def _normalise_syllable(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower())
    text = re.sub(r"[’ʼ‘`´]", "'", text)
    # OFAC writes the breve as an apostrophe after the vowel: Myo'ng = myŏng, Hu'i = hŭi;
    # the UN list once puts it before the vowel ("MY’ONG").
    text = re.sub(r"y'o", "yŏ", text)
    text = re.sub(r"o'", "ŏ", text)
    text = re.sub(r"u'", "ŭ", text)
    # An apostrophe anywhere else than after an aspirated consonant is noise.
    return re.sub(r"(?<!ch)(?<![ktp])'", "", text)


def parse_syllable(text: str) -> list[Syllable] | None:
    """All readings of one written syllable, or None when it is not a Korean syllable."""
    s = _normalise_syllable(text)
    readings: list[Syllable] = []
    for ini in _INIT_KEYS:
        if not s.startswith(ini):
            continue
        rest = s[len(ini) :]
        for vow in _VOWEL_KEYS:
            if not rest.startswith(vow):
                continue
            tail = rest[len(vow) :]
            if tail in _FINALS:
                icls, vcls, fcls = _INITIALS[ini], _VOWELS[vow], _FINALS[tail]
                if icls in ("W", "Y"):  # a glide written apart from its vowel: handled above
                    continue
                readings.append((icls, vcls, fcls))
        if readings:
            break
    return readings or None


# How often a DPRK-style "o" stands for 어 rather than 오, by the final that follows it
# (철 chŏl, 석 sŏk, 전 chŏn are common; 호 ho, 조 jo, 동 tong mostly 오).
_EO_BY_FINAL = {"L": 0.9, "K": 0.8, "N": 0.6, "NG": 0.4, "M": 0.5, "P": 0.5, "T": 0.5, "": 0.15}


def _resolve(syl: Syllable, rng: random.Random) -> Syllable:
    """Pick one Hangul reading of an ambiguous romanisation."""
    ini, vow, fin = syl
    if ini == "C?":
        ini = "CH" if rng.random() < 0.6 else "C"
    if vow == "O?":
        vow = "EO" if rng.random() < _EO_BY_FINAL[fin] else "O"
    elif vow == "YO?":
        vow = "YEO" if rng.random() < (0.2 if ini == "R" else 0.7) else "YO"
    elif vow == "U?":
        vow = "EU" if rng.random() < 0.3 else "U"
    return ini, vow, fin


STYLES = ("mr", "ofac", "dprk", "rr", "rok")

_V_MR = {"EO": "ŏ", "EU": "ŭ", "YEO": "yŏ", "WO": "wŏ", "UI": "ŭi"}
_V_OFAC = {"EO": "o'", "EU": "u'", "YEO": "yo'", "WO": "wo'", "UI": "u'i"}
_V_DPRK = {"EO": "o", "EU": "u", "YEO": "yo", "WO": "wo", "UI": "ui"}
_V_RR = {"EO": "eo", "EU": "eu", "YEO": "yeo", "WO": "wo", "UI": "ui"}
_V_ROK = {
    "EO": ("eo", "u", "o"),
    "EU": ("eu", "u"),
    "YEO": ("yeo", "you", "yu"),
    "WO": ("wo",),
    "UI": ("ui", "eui"),
    "U": ("u", "oo"),
    "AE": ("ae",),
}
_V_PLAIN = {
    "A": "a",
    "AE": "ae",
    "YA": "ya",
    "YAE": "yae",
    "E": "e",
    "YE": "ye",
    "O": "o",
    "WA": "wa",
    "WAE": "wae",
    "OE": "oe",
    "YO": "yo",
    "U": "u",
    "WE": "we",
    "WI": "wi",
    "YU": "yu",
    "I": "i",
}

# initial class -> (voiceless, voiced) per system
_I_MR = {
    "K": ("k", "g"),
    "T": ("t", "d"),
    "P": ("p", "b"),
    "C": ("ch", "j"),
    "KH": ("k'",) * 2,
    "TH": ("t'",) * 2,
    "PH": ("p'",) * 2,
    "CH": ("ch'",) * 2,
    "KK": ("kk",) * 2,
    "TT": ("tt",) * 2,
    "PP": ("pp",) * 2,
    "SS": ("ss",) * 2,
    "JJ": ("tch",) * 2,
    "S": ("s", "s"),
    "H": ("h", "h"),
    "M": ("m", "m"),
    "N": ("n", "n"),
    "R": ("r", "r"),
    "": ("", ""),
}
_I_DPRK = {
    **_I_MR,
    "C": ("j", "j"),
    "KH": ("kh",) * 2,
    "TH": ("th",) * 2,
    "PH": ("ph",) * 2,
    "CH": ("ch",) * 2,
    "JJ": ("jj",) * 2,
}
_I_RR = {
    **_I_MR,
    "K": ("g", "g"),
    "T": ("d", "d"),
    "P": ("b", "b"),
    "C": ("j", "j"),
    "KH": ("k",) * 2,
    "TH": ("t",) * 2,
    "PH": ("p",) * 2,
    "CH": ("ch",) * 2,
    "JJ": ("jj",) * 2,
}
_I_ROK = {**_I_RR, "K": ("k", "g"), "S": ("s", "s")}
_F = {"NG": "ng", "N": "n", "M": "m", "L": "l", "K": "k", "P": "p", "T": "t", "": ""}


def render(syl: Syllable, style: str, voiced: bool, rng: random.Random) -> str:
    ini, vow, fin = syl
    if style == "mr":
        i = _I_MR[ini][voiced]
        v = _V_MR.get(vow, _V_PLAIN.get(vow, ""))
        if ini == "S" and vow in ("I", "WI"):
            i = "sh"
    elif style == "ofac":
        i = _I_MR[ini][voiced]
        v = _V_OFAC.get(vow, _V_PLAIN.get(vow, ""))
    elif style == "dprk":
        i = _I_DPRK[ini][voiced]
        v = _V_DPRK.get(vow, _V_PLAIN.get(vow, ""))
    elif style == "rr":
        i = _I_RR[ini][voiced]
        v = _V_RR.get(vow, _V_PLAIN.get(vow, ""))
    else:  # rok ad hoc
        i = _I_ROK[ini][voiced]
        if ini == "S" and vow in ("I", "IN"):
            i = "sh"
        v = rng.choice(_V_ROK[vow]) if vow in _V_ROK else _V_PLAIN.get(vow, "")
        if vow == "EO" and fin == "NG" and rng.random() < 0.5:  # 영 Young, 성 Sung
            v = "u" if ini else "ou"
    return i + v + _F[fin]


def split_given(given: str) -> tuple[list[str], str] | None:
    """Syllables of a given name and how they were separated ("space", "hyphen"), or None
    when the name is not plainly syllabic (e.g. joined "Jongun": no safe split)."""
    parts = [p for p in re.split(r"[\s\-]+", given.strip()) if p]
    if not parts:
        return None
    if any(parse_syllable(p) is None for p in parts):
        return None
    sep = "hyphen" if "-" in given else "space"
    return parts, sep


def respell_given(parts: list[str], style: str, rng: random.Random) -> list[str]:
    out = []
    prev_final = None
    for idx, part in enumerate(parts):
        readings = parse_syllable(part)
        assert readings is not None
        syl = _resolve(rng.choice(readings), rng)
        voiced = idx > 0 and prev_final in ("", "N", "M", "NG", "L")
        if style == "dprk" and idx == 0:
            voiced = False
        out.append(render(syl, style, voiced, rng))
        prev_final = syl[2]
    return out


def join_given(parts: list[str], sep: str, upper: bool) -> str:
    """Space: "Chol Ho"; hyphen: "Chol-ho"; joined: "Cholho" (upper-cased on request)."""
    if sep == "space":
        text = " ".join(p[:1].upper() + p[1:] for p in parts)
    elif sep == "hyphen":
        text = "-".join([parts[0][:1].upper() + parts[0][1:], *[p.lower() for p in parts[1:]]])
    else:
        text = parts[0][:1].upper() + parts[0][1:] + "".join(p.lower() for p in parts[1:])
    return text.upper() if upper else text


# ---------------------------------------------------------------------------------------------
# Person names: split into family and given names, and an aggressive canonical key


def split_person(name: str) -> tuple[str, str, str] | None:
    """(surname, given, layout) of a Korean person name, layout one of "comma" ("KIM, Jong
    Un"), "first" ("KIM JONG UN"), "last" ("JONG UN KIM"); None when not Korean-shaped."""
    if "," in name:
        surname, given = (x.strip() for x in name.split(",", 1))
        if (
            surname
            and " " not in surname
            and surname_class(surname) is not None
            and split_given(given) is not None
        ):
            return surname, given, "comma"
        return None
    tokens = name.split()
    if len(tokens) < 2:
        return None
    if surname_class(tokens[0]) is not None and split_given(" ".join(tokens[1:])):
        return tokens[0], " ".join(tokens[1:]), "first"
    if surname_class(tokens[-1]) is not None and split_given(" ".join(tokens[:-1])):
        return tokens[-1], " ".join(tokens[:-1]), "last"
    return None


_CANON = [
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z]", ""),
        (r"tch|jj", "c"),
        (r"chh|ch|j|ts", "c"),
        (r"kk|kh|k|g|q", "k"),
        (r"tt|th|t|d", "t"),
        (r"pp|ph|p|b|f|v", "p"),
        (r"ss|sh|s|z", "s"),
        (r"l|r", "r"),
        (r"yeo|yo|you|yu|yeu", "yo"),
        (r"eo|eu|ou|oo|o|u", "o"),
        (r"ae|ai|e", "e"),
        (r"ee|y?i", "i"),
        (r"(.)\1+", r"\1"),
    )
]


@lru_cache(maxsize=200_000)
def canon(text: str) -> str:
    """Aggressive romanisation-insensitive form of a romanised word (vowels and consonant
    pairs folded): used only to make sure a generated negative is not a respelling of a
    listed name, never to score."""
    t = fold(text).replace(" ", "")
    for pattern, repl in _CANON:
        t = pattern.sub(repl, t)
    return t


def person_key(name: str) -> tuple[int, str] | None:
    """(surname class, canonical given name) of a Korean-shaped person name."""
    split = split_person(name)
    if split is None:
        return None
    surname, given, _ = split
    cls = surname_class(surname)
    assert cls is not None
    return cls, canon(given)
