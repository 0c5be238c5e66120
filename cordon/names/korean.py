"""Korean names: Hangul decomposition, romanization in six styles, and a phonetic key.

All tables here are written for cordon from the published rules of each system
(McCune-Reischauer 1939, the ROK Revised Romanization of 2000, the DPRK "Rules of the Latin
Alphabetical Transcriptions of the Korean Language") and from how the UN, OFAC and UK lists
print DPRK names.

Systems (``romanize(hangul, system)``), for 리철호 and 김정은:

mr        Ri Ch'ŏl-ho, Kim Chŏng-ŭn. Breves ŏ ŭ; apostrophe after aspirates (ch' k' t' p');
          given name hyphenated; k/t/p/ch voiced to g/d/b/j after a vowel, n, m, ng (after l
          only k->g, p->b); 시 = shi; the family name 이 = Yi.
mr_ascii  Ri Ch'ol-ho, Kim Chong-un. mr without breves, apostrophes kept.
rr        Ri Cheol-ho, Gim Jeong-eun. eo/eu digraphs, g d b j initials, no apostrophes, given
          name hyphenated, no sound change across given-name syllables; 이 = I.
dprk      Ri Chol Ho, Kim Jong Un. As printed on the UN list: each given-name syllable a
          capitalised word, ㅈ = j, no breves or apostrophes, first given syllable voiceless,
          later ones voiced as in mr. (The official kh/th/ph aspirates are not used on the
          lists, so not here; key() and is_korean() accept them.)
ofac      RI, Ch'o'l-ho, KIM, Cho'ng-u'n. OFAC SDN style: FAMILY, given; MR apostrophes for
          aspirates, o' u' in place of ŏ ŭ; every given syllable as if word-initial (no
          voicing), hyphenated.
rok       Lee Cheol-ho, Kim Jeong-eun. South Korean passport practice: RR, the initial-sound
          rule (리 -> 이, 림 -> 임, 로 -> 노) on the family name and the first given syllable,
          and the usual family-name spellings (Lee, Park, Choi, Jung, Yoo, Lim ...).

Outside personal names (``name=False``: companies, places, vessels) words are romanized with
the sound changes each system writes: final consonant + ㅇ liaison (박은 Pagŭn / Bageun), nasal
assimilation (백마 Paengma), ㄴㄹ/ㄹㄴ/ㄹㄹ -> ll (천리마 Ch'ŏllima), ㅁ/ㅇ + ㄹ -> n (종로
Chongno), MR voicing and MR's n'g separator (한글 Han'gŭl).

``key(token)`` is a phonetic key so that the romanizations of the same Hangul meet. It works on
a folded token (ASCII a-z), in this order; keys are for equality tests only:

1. h after a vowel and before a consonant (not w/y) or at the end is dropped: Oh -> o,
   Ahn -> an, Hahn -> han, Suh -> su (ROK spellings; no system writes such an h).
2. Vowels, repeated until nothing changes: eui, ui, ee, yi, ie -> i (Heui = Hui = Hee;
   Sooil -> Suil -> Sil); eo -> o (ŏ folds to o: Cheol = Chol); eu -> u (Eun = Un);
   oo, ou -> u but oung -> ong (Yoo = Yu, Sou = Su, Young = Yong); weo -> wo;
   wae, we, oi -> oe (Choi = Choe = Chwe); ai -> ae (Paik = Paek); wu, woo -> u (Woo = U);
   ae and oe are read as units (ae+eu is not e+eu).
3. Consonants, once, left to right: tch, ch, j -> c (ㅈ ㅊ ㅉ meet: Jong = Chong);
   k, g, kk, kh, q -> k (so ng -> nk; DPRK official kh = k); t, d, tt, th -> t;
   p, b, pp, ph, f -> p (Phil = Pil); s, ss, sh -> s (Shin = Sin); r, rh, l -> l.
4. Assimilation across syllables: nl, ln -> ll (Chonri = Ch'ŏlli); kl, nkl -> kn
   (Kukryol = Kungnyŏl, Jongro = Chongno); nkn -> kn, nkm -> km (Paekma = Paengma);
   ml, pl, pn -> mn; pm -> mm; tn -> nn; tm -> nm; tc -> c (K'ŭt-chyup = Keutjyup).
5. Doubled letters collapse (kk, ss, ll, nn -> one letter).
6. Initial-sound rule at the start of the token: l before i/y is dropped, n before i/y is
   dropped, l before another vowel -> n: Ri = I = Lee = Yi; Ryu = Yu; Rim = Im = Lim;
   Ryong = Yong = Nyong; Ro = No; Ra = Na.

Decisions: ㅓ/ㅗ and ㅡ/ㅜ meet because the ASCII forms of MR already merge them (ŏ -> o,
ŭ -> u). The ROK habit of writing ㅓ as u (Chul, Sung, Hyun, Kyung) does *not* meet ``key``
(Chul could be 출), but meets ``loose_key``, which also merges o and u and should count as
weaker evidence. The initial-sound rule applies at the start of a token only: the DPRK writes
Ryong where the ROK writes Yong (룡/용), so ``key("ryong") == key("yong")``; a joined given
name keeps its inner r (``key("chunryong") != key("chunyong")``), as ROK Hangul keeps 룡 inside
a given name. Keys are not identities: 정은 and 전근 share "conkun". Family names are compared
by ``surname_class``, not by key (Park and Pak have different keys but the same class).
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "COMPOUND_SURNAMES",
    "HANGUL_SURNAMES",
    "SURNAME_CLASSES",
    "SYSTEMS",
    "compose",
    "decompose",
    "hangul_key",
    "has_hangul",
    "is_hangul",
    "is_korean",
    "is_korean_name",
    "joined_key",
    "key",
    "loose_key",
    "romanizations",
    "romanize",
    "segment",
    "split_name",
    "surname_class",
    "syllables_latin",
]

SYSTEMS = ("mr", "mr_ascii", "rr", "dprk", "ofac", "rok")

# --- Hangul syllable arithmetic -----------------------------------------------------------

S_BASE = 0xAC00
N_MEDIALS = 21
N_FINALS = 28
N_SYLLABLES = 19 * N_MEDIALS * N_FINALS  # 11,172

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

# initial indexes used by the rules
I_G, I_N, I_D, I_R, I_M, I_B, I_S, I_IEUNG, I_J = 0, 2, 3, 5, 6, 7, 9, 11, 12
# medial indexes
M_I, M_WI = 20, 16
M_Y_VOWELS = frozenset((2, 3, 6, 7, 12, 17, 20))  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ (initial-sound rule)
F_NG = 21


def is_hangul(ch: str) -> bool:
    """True for a precomposed Hangul syllable (U+AC00..U+D7A3)."""
    return S_BASE <= ord(ch) < S_BASE + N_SYLLABLES


def has_hangul(text: str) -> bool:
    return any(S_BASE <= ord(c) < S_BASE + N_SYLLABLES for c in text)


def decompose(syllable: str) -> tuple[int, int, int] | None:
    """(initial, medial, final) indexes of a Hangul syllable, None for anything else."""
    code = ord(syllable) - S_BASE
    if not 0 <= code < N_SYLLABLES:
        return None
    return (
        code // (N_MEDIALS * N_FINALS),
        (code % (N_MEDIALS * N_FINALS)) // N_FINALS,
        code % N_FINALS,
    )


def compose(initial: int, medial: int, final: int = 0) -> str:
    return chr(S_BASE + (initial * N_MEDIALS + medial) * N_FINALS + final)


# --- romanization tables ------------------------------------------------------------------

# Initials: RR, MR (word-initial / voiceless), MR voiced, DPRK, DPRK voiced.
_INITIAL_ROWS = (
    # jamo  rr    mr     mr_v   dprk  dprk_v
    ("ㄱ", "g", "k", "g", "k", "g"),
    ("ㄲ", "kk", "kk", "kk", "kk", "kk"),
    ("ㄴ", "n", "n", "n", "n", "n"),
    ("ㄷ", "d", "t", "d", "t", "d"),
    ("ㄸ", "tt", "tt", "tt", "tt", "tt"),
    ("ㄹ", "r", "r", "r", "r", "r"),
    ("ㅁ", "m", "m", "m", "m", "m"),
    ("ㅂ", "b", "p", "b", "p", "b"),
    ("ㅃ", "pp", "pp", "pp", "pp", "pp"),
    ("ㅅ", "s", "s", "s", "s", "s"),
    ("ㅆ", "ss", "ss", "ss", "ss", "ss"),
    ("ㅇ", "", "", "", "", ""),
    ("ㅈ", "j", "ch", "j", "j", "j"),
    ("ㅉ", "jj", "tch", "tch", "jj", "jj"),
    ("ㅊ", "ch", "ch'", "ch'", "ch", "ch"),
    ("ㅋ", "k", "k'", "k'", "k", "k"),
    ("ㅌ", "t", "t'", "t'", "t", "t"),
    ("ㅍ", "p", "p'", "p'", "p", "p"),
    ("ㅎ", "h", "h", "h", "h", "h"),
)
INITIAL_RR = tuple(r[1] for r in _INITIAL_ROWS)
INITIAL_MR = tuple(r[2] for r in _INITIAL_ROWS)
INITIAL_MR_V = tuple(r[3] for r in _INITIAL_ROWS)
INITIAL_DPRK = tuple(r[4] for r in _INITIAL_ROWS)
INITIAL_DPRK_V = tuple(r[5] for r in _INITIAL_ROWS)
# DPRK official transcription writes the aspirates kh th ph; only is_korean/key accept them.
INITIAL_DPRK_OFFICIAL = {15: "kh", 16: "th", 17: "ph"}

# Medials: RR, MR.
_MEDIAL_ROWS = (
    ("ㅏ", "a", "a"),
    ("ㅐ", "ae", "ae"),
    ("ㅑ", "ya", "ya"),
    ("ㅒ", "yae", "yae"),
    ("ㅓ", "eo", "ŏ"),
    ("ㅔ", "e", "e"),
    ("ㅕ", "yeo", "yŏ"),
    ("ㅖ", "ye", "ye"),
    ("ㅗ", "o", "o"),
    ("ㅘ", "wa", "wa"),
    ("ㅙ", "wae", "wae"),
    ("ㅚ", "oe", "oe"),
    ("ㅛ", "yo", "yo"),
    ("ㅜ", "u", "u"),
    ("ㅝ", "wo", "wŏ"),
    ("ㅞ", "we", "we"),
    ("ㅟ", "wi", "wi"),
    ("ㅠ", "yu", "yu"),
    ("ㅡ", "eu", "ŭ"),
    ("ㅢ", "ui", "ŭi"),
    ("ㅣ", "i", "i"),
)
MEDIAL_RR = tuple(r[1] for r in _MEDIAL_ROWS)
MEDIAL_MR = tuple(r[2] for r in _MEDIAL_ROWS)

# Finals: the representative sound written before a consonant or at the end (RR = MR), and its
# class (K N T L M P NG) for the assimilation rules.
_FINAL_ROWS = (
    ("", "", ""),
    ("ㄱ", "k", "K"),
    ("ㄲ", "k", "K"),
    ("ㄳ", "k", "K"),
    ("ㄴ", "n", "N"),
    ("ㄵ", "n", "N"),
    ("ㄶ", "n", "N"),
    ("ㄷ", "t", "T"),
    ("ㄹ", "l", "L"),
    ("ㄺ", "k", "K"),
    ("ㄻ", "m", "M"),
    ("ㄼ", "l", "L"),
    ("ㄽ", "l", "L"),
    ("ㄾ", "l", "L"),
    ("ㄿ", "p", "P"),
    ("ㅀ", "l", "L"),
    ("ㅁ", "m", "M"),
    ("ㅂ", "p", "P"),
    ("ㅄ", "p", "P"),
    ("ㅅ", "t", "T"),
    ("ㅆ", "t", "T"),
    ("ㅇ", "ng", "NG"),
    ("ㅈ", "t", "T"),
    ("ㅊ", "t", "T"),
    ("ㅋ", "k", "K"),
    ("ㅌ", "t", "T"),
    ("ㅍ", "p", "P"),
    ("ㅎ", "t", "T"),
)
FINAL_REP = tuple(r[1] for r in _FINAL_ROWS)
FINAL_CLASS = tuple(r[2] for r in _FINAL_ROWS)
_CLASS_OF_SOUND = {"ng": "NG", "n": "N", "m": "M", "l": "L", "k": "K", "t": "T", "p": "P", "": ""}

# Liaison: final + ㅇ -> (final left behind, initial carried over; None = silent ㅎ).
LIAISON = {
    1: (0, 0),
    2: (0, 1),
    3: (1, 10),
    4: (0, 2),
    5: (4, 12),
    6: (0, 2),
    7: (0, 3),
    8: (0, 5),
    9: (8, 0),
    10: (8, 6),
    11: (8, 7),
    12: (8, 10),
    13: (8, 16),
    14: (8, 17),
    15: (0, 5),
    16: (0, 6),
    17: (0, 7),
    18: (17, 10),
    19: (0, 9),
    20: (0, 10),
    22: (0, 12),
    23: (0, 14),
    24: (0, 15),
    25: (0, 16),
    26: (0, 17),
    27: (0, None),
}

# --- surnames -----------------------------------------------------------------------------

# Two-syllable family names; 남궁 황보 제갈 독고 사공 are taken as family names in 3-syllable
# names too, the others (ambiguous with one-syllable names) only in 4-syllable names.
COMPOUND_SURNAMES = frozenset(("남궁", "황보", "제갈", "독고", "사공", "선우", "서문", "동방"))
_COMPOUND_ALWAYS = frozenset(("남궁", "황보", "제갈", "독고", "사공"))

HANGUL_SURNAMES = (
    frozenset(
        [
            "김",
            "이",
            "리",
            "박",
            "최",
            "정",
            "강",
            "조",
            "윤",
            "장",
            "임",
            "림",
            "한",
            "오",
            "서",
            "신",
            "권",
            "황",
            "안",
            "송",
            "류",
            "유",
            "전",
            "홍",
            "고",
            "문",
            "양",
            "량",
            "손",
            "배",
            "백",
            "허",
            "남",
            "심",
            "노",
            "로",
            "하",
            "곽",
            "성",
            "차",
            "주",
            "우",
            "구",
            "민",
            "진",
            "나",
            "라",
            "지",
            "엄",
            "채",
            "원",
            "천",
            "방",
            "공",
            "현",
            "함",
            "변",
            "염",
            "렴",
            "여",
            "려",
            "추",
            "도",
            "소",
            "석",
            "선",
            "설",
            "마",
            "길",
            "연",
            "련",
            "위",
            "표",
            "명",
            "기",
            "반",
            "왕",
            "금",
            "옥",
            "육",
            "륙",
            "인",
            "맹",
            "제",
            "모",
            "탁",
            "국",
            "어",
            "은",
            "편",
            "용",
            "룡",
            "예",
            "경",
            "봉",
            "사",
            "부",
            "가",
            "복",
            "태",
            "목",
            "형",
            "피",
            "두",
            "감",
            "음",
            "빈",
            "동",
            "온",
            "호",
            "범",
            "좌",
            "팽",
            "승",
            "간",
            "상",
            "갈",
            "단",
            "견",
            "당",
            "화",
            "창",
            "옹",
            "순",
            "빙",
            "종",
            "풍",
            "개",
            "계",
            "갑",
            "탄",
            "묵",
            "평",
            "즙",
            "편",
        ]
    )
    | COMPOUND_SURNAMES
)

# ROK passport spellings of family names (used by the "rok" system).
_ROK_SURNAME = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang", "조": "Cho",
    "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin",
    "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "유": "Yoo", "전": "Jeon", "홍": "Hong",
    "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo",
    "남": "Nam", "심": "Shim", "노": "Noh", "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha",
    "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na", "지": "Ji",
    "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang", "공": "Kong",
    "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo", "추": "Choo", "도": "Do",
    "석": "Seok", "소": "So", "선": "Sun", "설": "Seol", "마": "Ma", "길": "Gil", "연": "Yeon",
    "위": "Wi", "표": "Pyo", "명": "Myung", "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Keum",
    "옥": "Ok", "육": "Yook", "인": "In", "맹": "Maeng", "제": "Je", "모": "Mo", "탁": "Tak",
    "국": "Kook", "어": "Eo", "은": "Eun", "편": "Pyun", "용": "Yong", "계": "Kye", "태": "Tae",
    "경": "Kyung", "봉": "Bong", "예": "Ye", "남궁": "Namgung", "황보": "Hwangbo",
    "제갈": "Jegal", "선우": "Sunwoo", "독고": "Dokgo", "사공": "Sagong",
}  # fmt: skip

# Surname classes: folded spellings that may write the same family name. A class match is
# evidence, never identity (정 and 종 both fold to "jong").
SURNAME_CLASSES: dict[str, tuple[str, ...]] = {
    "kim": ("kim", "gim", "ghim", "keem"),
    "ri": ("ri", "rhee", "lee", "yi", "i", "li", "rhie", "yee", "rhi"),
    "pak": ("pak", "park", "bak", "bahk", "pakk", "baak"),
    "choe": ("choe", "choi", "chwe", "choy", "choei"),
    "jo": ("jo", "cho", "joe"),
    "o": ("o", "oh"),
    "ryu": ("ryu", "yu", "yoo", "you", "rhyu", "lyu", "ryoo", "lyoo"),
    "rim": ("rim", "lim", "im", "yim", "leem", "rhim"),
    "jong": ("jong", "jeong", "chung", "cheong", "chong", "jung", "joung"),
    "jon": ("jon", "jun", "chon", "jeon", "chun", "cheon"),
    "han": ("han", "hahn"),
    "kang": ("kang", "gang", "kahng"),
    "ko": ("ko", "go", "koh", "goh"),
    "ju": ("ju", "joo", "chu", "choo"),
    "ryang": ("ryang", "yang", "lyang"),
    "ro": ("ro", "no", "roh", "noh", "rho"),
    "son": ("son", "sohn", "sun", "seon"),
    "sin": ("sin", "shin", "shinn"),
    "hyon": ("hyon", "hyun", "hyeon", "hyoun"),
    "kwon": ("kwon", "gwon", "kweon", "gweon"),
    "kye": ("kye", "gye"),
    "jang": ("jang", "chang"),
    "yun": ("yun", "yoon", "youn"),
    "hwang": ("hwang", "whang"),
    "song": ("song", "sung", "seong"),
    "mun": ("mun", "moon"),
    "ryom": ("ryom", "yeom", "yom", "ryeom", "lyom", "youm"),
    "hong": ("hong",),
    "an": ("an", "ahn"),
    "ho": ("ho", "heo", "hur", "huh"),
    "so": ("so", "seo", "suh"),
    "paek": ("paek", "baek", "paik", "baik"),
    "pae": ("pae", "bae"),
    "min": ("min",),
    "na": ("na", "ra", "la", "rha"),
    "kil": ("kil", "gil"),
    "cha": ("cha",),
    "chae": ("chae", "chai"),
    "ji": ("ji", "chi", "jee"),
    "kwak": ("kwak", "gwak", "kwack"),
    "pang": ("pang", "bang"),
    "ku": ("ku", "koo", "gu", "goo"),
    "u": ("u", "woo", "wu"),
    "sim": ("sim", "shim"),
    "nam": ("nam",),
    "om": ("om", "eom", "um", "uhm"),
    "won": ("won", "weon"),
    "ki": ("ki", "gi", "kee"),
    "pyon": ("pyon", "byun", "byeon", "pyun", "byon", "pyeon"),
    "tak": ("tak", "tahk"),
    "ok": ("ok",),
    "yon": ("yon", "yeon", "ryon", "ryeon"),
    "wi": ("wi", "wee"),
    "myong": ("myong", "myung", "myeong"),
    "yo": ("yo", "yeo", "ryo", "ryeo"),
    "ryong": ("ryong", "yong", "lyong"),
    "sok": ("sok", "seok"),
    "kong": ("kong", "gong"),
    "to": ("to", "do", "doh"),
    "jin": ("jin", "chin"),
    "pyo": ("pyo",),
    "sol": ("sol", "seol", "sul"),
    "ma": ("ma",),
    "mo": ("mo",),
    "yuk": ("yuk", "yook", "ryuk"),
    "in": ("in",),
    "maeng": ("maeng",),
    "wang": ("wang",),
    "kum": ("kum", "keum", "geum"),
    "pan": ("pan", "ban"),
    "kuk": ("kuk", "kook", "guk"),
    "kyong": ("kyong", "kyung", "gyeong", "kyeong"),
    "pong": ("pong", "bong"),
    "pu": ("pu", "bu"),
    "pok": ("pok", "bok"),
    "che": ("che", "je"),
    "tong": ("tong", "dong"),
    "ha": ("ha",),
    "ham": ("ham", "hahm"),
    "tae": ("tae",),
    "ye": ("ye",),
    "namgung": ("namgung", "namkung", "namkoong"),
    "hwangbo": ("hwangbo", "hwangpo"),
    "chegal": ("chegal", "jegal"),
    "sonu": ("sonu", "seonu", "sunwoo"),
    "tokko": ("tokko", "dokgo", "dokko"),
    "sagong": ("sagong", "sakong"),
}
_SURNAME_OF: dict[str, str] = {}
for _cls, _spellings in SURNAME_CLASSES.items():
    for _sp in _spellings:
        if _sp.isalpha():
            _SURNAME_OF.setdefault(_sp, _cls)


# --- romanization -------------------------------------------------------------------------


def _initial_sound_rule(ini: int, med: int) -> int:
    """ROK 두음법칙 on a word-initial syllable: ㄹ -> ㅇ before i/y, else ㄴ; ㄴ -> ㅇ before
    i/y."""
    if ini == I_R:
        return I_IEUNG if med in M_Y_VOWELS else I_N
    if ini == I_N and med in M_Y_VOWELS:
        return I_IEUNG
    return ini


def _medial(med: int, system: str) -> str:
    if system == "rr" or system == "rok":
        return MEDIAL_RR[med]
    mr = MEDIAL_MR[med]
    if system == "mr":
        return mr
    if system == "ofac":
        return mr.replace("ŏ", "o'").replace("ŭ", "u'")
    return mr.replace("ŏ", "o").replace("ŭ", "u")


def _initial(ini: int, med: int, system: str, voiced: bool) -> str:
    if system == "rr" or system == "rok":
        return INITIAL_RR[ini]
    if system == "dprk":
        return INITIAL_DPRK_V[ini] if voiced else INITIAL_DPRK[ini]
    out = INITIAL_MR_V[ini] if voiced else INITIAL_MR[ini]
    if ini == I_S and system in ("mr", "mr_ascii") and med in (M_I, M_WI):
        out = "sh"
    return out


def _voiced_after(final_class: str, ini: int) -> bool:
    """MR voicing of ㄱ ㄷ ㅂ ㅈ after the previous syllable's (surface) final."""
    if ini not in (I_G, I_D, I_B, I_J):
        return False
    if final_class in ("", "N", "M", "NG"):
        return True
    return final_class == "L" and ini in (I_G, I_B)


def _romanize_word(sylls: list[tuple[int, int, int]], system: str) -> str:
    """One word (no spaces) with the sound changes of ``system`` between its syllables."""
    n = len(sylls)
    ini = [s[0] for s in sylls]
    med = [s[1] for s in sylls]
    fin = [s[2] for s in sylls]
    ini_o: list[str | None] = [None] * n
    fin_o: list[str | None] = [None] * n
    voiced = [False] * n
    silent = [False] * n
    if system == "rok":
        ini[0] = _initial_sound_rule(ini[0], med[0])
    for i in range(n - 1):
        f, nx = fin[i], ini[i + 1]
        if f and nx == I_IEUNG and f != F_NG:
            rest, moved = LIAISON[f]
            fin[i] = rest
            if moved is None:
                silent[i + 1] = True
            else:
                ini[i + 1] = moved
                voiced[i + 1] = _voiced_after(FINAL_CLASS[rest], moved) or not rest
            continue
        cls = FINAL_CLASS[f]
        if nx in (I_N, I_M):
            if cls == "K":
                fin_o[i] = "ng"
            elif cls == "T":
                fin_o[i] = "n"
            elif cls == "P":
                fin_o[i] = "m"
            elif cls == "L" and nx == I_N:
                ini_o[i + 1] = "l"
        elif nx == I_R:
            if cls in ("N", "L"):
                fin_o[i] = "l"
                ini_o[i + 1] = "l"
            elif cls in ("M", "NG"):
                ini_o[i + 1] = "n"
            elif cls == "K":
                fin_o[i], ini_o[i + 1] = "ng", "n"
            elif cls == "P":
                fin_o[i], ini_o[i + 1] = "m", "n"
            elif cls == "T":
                fin_o[i], ini_o[i + 1] = "n", "n"
        surface = _CLASS_OF_SOUND[fin_o[i]] if fin_o[i] is not None else FINAL_CLASS[fin[i]]
        voiced[i + 1] = _voiced_after(surface, nx)
    parts: list[str] = []
    for i in range(n):
        if ini_o[i] is not None:
            head = ini_o[i]
        elif silent[i]:
            head = ""
        else:
            head = _initial(ini[i], med[i], system, voiced[i])
        tail = fin_o[i] if fin_o[i] is not None else FINAL_REP[fin[i]]
        # MR separates n + g with an apostrophe (so that it does not read as ng)
        if (
            i + 1 < n
            and tail == "n"
            and system in ("mr", "mr_ascii", "ofac")
            and (ini_o[i + 1] or _initial(ini[i + 1], med[i + 1], system, voiced[i + 1])) == "g"
        ):
            tail = "n'"
        parts.append(head + _medial(med[i], system) + tail)
    return "".join(parts)


def _romanize_syllable(syl: tuple[int, int, int], system: str, voiced: bool = False) -> str:
    ini, med, fin = syl
    return _initial(ini, med, system, voiced) + _medial(med, system) + FINAL_REP[fin]


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _sylls(word: str) -> list[tuple[int, int, int]]:
    return [s for s in (decompose(c) for c in word) if s is not None]


def split_name(hangul: str) -> tuple[str, list[str]] | None:
    """(family name, given-name syllables) when ``hangul`` reads as a Korean personal name.

    A name is one word of 2-4 syllables that starts with a known family name (남궁 etc. taken as
    one family name as described at COMPOUND_SURNAMES), or 2-3 words whose first word is a
    known family name of 1-2 syllables. Anything else (a company, a place) returns None.
    """
    words = hangul.split()
    if not words or not all(all(is_hangul(c) for c in w) for w in words):
        return None
    if len(words) == 1:
        w = words[0]
        if not 2 <= len(w) <= 4:
            return None
        if len(w) >= 3 and (
            w[:2] in _COMPOUND_ALWAYS or (len(w) == 4 and w[:2] in COMPOUND_SURNAMES)
        ):
            return w[:2], list(w[2:])
        if w[0] in HANGUL_SURNAMES:
            return w[0], list(w[1:])
        return None
    if len(words) > 3 or len(words[0]) > 2 or words[0] not in HANGUL_SURNAMES:
        return None
    given = "".join(words[1:])
    if not 1 <= len(given) <= 4:
        return None
    return words[0], list(given)


def _romanize_name(family: str, given: list[str], system: str) -> str:
    fam_sylls = _sylls(family)
    g_sylls = _sylls("".join(given))
    if system == "rok":
        fam = _ROK_SURNAME.get(family)
        if fam is None and len(fam_sylls) == 1:
            fam = _ROK_SURNAME.get(compose(_initial_sound_rule(fam_sylls[0][0], fam_sylls[0][1]),
                                           fam_sylls[0][1], fam_sylls[0][2]))  # fmt: skip
        if fam is None:
            fam = _cap(_romanize_word(fam_sylls, "rok"))
    elif family == "이" and system in ("mr", "mr_ascii", "ofac"):
        fam = "Yi"
    else:
        fam = _cap(_romanize_word(fam_sylls, system))
    parts: list[str] = []
    prev_final = ""
    for k, syl in enumerate(g_sylls):
        if k == 0 and system == "rok":
            syl = (_initial_sound_rule(syl[0], syl[1]), syl[1], syl[2])
        voiced = (
            k > 0 and system in ("mr", "mr_ascii", "dprk") and _voiced_after(prev_final, syl[0])
        )
        parts.append(_romanize_syllable(syl, system, voiced))
        prev_final = FINAL_CLASS[syl[2]]
    if not parts:
        return fam.upper() if system == "ofac" else fam
    if system == "dprk":
        return fam + " " + " ".join(_cap(p) for p in parts)
    given_text = _cap("-".join(parts))
    if system == "ofac":
        return fam.upper() + ", " + given_text
    return fam + " " + given_text


@lru_cache(maxsize=50_000)
def romanize(hangul: str, system: str = "dprk", name: bool | None = None) -> str:
    """Romanize Hangul text in ``system`` (one of SYSTEMS).

    ``name``: True = a personal name (family name first, given name per the system's name
    conventions), False = ordinary words (companies, places, vessels) with sound changes, None =
    decide with ``split_name``. Characters that are not Hangul syllables are kept as they are.
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown romanization system {system!r}; expected one of {SYSTEMS}")
    text = " ".join(hangul.split())
    if name is not False:
        parts = split_name(text)
        if parts is not None:
            return _romanize_name(parts[0], parts[1], system)
        if name is True and text:
            words = text.split()
            return _romanize_name(words[0][:1], list("".join(words)[1:]), system)
    out: list[str] = []
    for word in text.split(" "):
        chunks = re.split(r"([가-힣]+)", word)
        rendered = "".join(
            _cap(_romanize_word(_sylls(c), system)) if c and is_hangul(c[0]) else c for c in chunks
        )
        out.append(rendered.upper() if system == "ofac" else rendered)
    return " ".join(out)


@lru_cache(maxsize=50_000)
def romanizations(hangul: str) -> tuple[str, ...]:
    """Latin renderings of Hangul text, best first: DPRK list style, MR (ASCII), RR, OFAC, ROK.

    For a two-syllable word that could be a name or an ordinary word (조선 = Jo Son / Choson)
    the word renderings follow the name renderings.
    """
    text = " ".join(hangul.split())
    out: list[str] = []
    for system in ("dprk", "mr_ascii", "rr", "ofac", "rok"):
        r = romanize(text, system)
        if r not in out:
            out.append(r)
    if split_name(text) is not None and " " not in text and len(text) == 2:
        for system in ("mr_ascii", "rr"):
            r = romanize(text, system, name=False)
            if r not in out:
                out.append(r)
    return tuple(out)


# --- syllable inventory and segmentation --------------------------------------------------

_AD_HOC_VOWELS = {
    4: ("u", "o", "eo"),  # ㅓ: Chul, Sung, Jun
    6: ("yu", "yo", "you", "yeo", "yoe"),  # ㅕ: Hyun, Kyung, Young
    13: ("oo", "u"),  # ㅜ: Joon, Soo, Moon
    17: ("yoo", "you", "yu"),  # ㅠ: Yoo, Yoon
    18: ("eu", "u"),  # ㅡ: Seung, Sung
    19: ("ee", "ui", "eui", "i", "ei"),  # ㅢ: Hee, Hui
    20: ("ee", "i"),  # ㅣ: Lee, Kee
    1: ("ai", "ae", "e"),  # ㅐ: Paik, Chai
    11: ("oi", "oe", "we", "wae"),  # ㅚ: Choi, Chwe
    14: ("wo", "weo", "won"),  # ㅝ
    15: ("we", "wae", "oe"),
    10: ("wae", "we", "oe"),
}
_AD_HOC_INITIALS = {
    0: ("k", "g"), 3: ("t", "d"), 7: ("p", "b"), 12: ("j", "ch"), 5: ("r", "l", "n"),
    9: ("s", "sh"), 14: ("ch",), 15: ("k", "kh"), 16: ("t", "th"), 17: ("p", "ph"),
    13: ("jj", "tch", "j"),
}  # fmt: skip
# Romanized finals: the representative sound and what assimilation turns it into.
_FINAL_FORMS = {"": ("",), "k": ("k", "ng"), "n": ("n", "l"), "t": ("t", "n"), "l": ("l",),
                "m": ("m",), "p": ("p", "m"), "ng": ("ng",)}  # fmt: skip


@lru_cache(maxsize=1)
def syllables_latin() -> frozenset[str]:
    """Every romanized form of every Hangul syllable (lower case, no apostrophes or breves).

    The union over all systems of each syllable alone and in the positions that change it
    (voiced initial, r/l/n for ㄹ, dropped ㄹ/ㄴ before i/y, assimilated finals), the DPRK
    official kh/th/ph, and the usual ROK spellings of vowels (Chul, Young, Joon, Hee, Choi).
    """
    forms: set[str] = set()
    for ini in range(19):
        heads = {
            INITIAL_RR[ini],
            INITIAL_MR[ini].replace("'", ""),
            INITIAL_MR_V[ini].replace("'", ""),
            INITIAL_DPRK[ini],
            INITIAL_DPRK_V[ini],
            INITIAL_DPRK_OFFICIAL.get(ini, INITIAL_DPRK[ini]),
            *_AD_HOC_INITIALS.get(ini, ()),
        }
        for med in range(N_MEDIALS):
            vowels = {
                MEDIAL_RR[med],
                MEDIAL_MR[med].replace("ŏ", "o").replace("ŭ", "u"),
                *_AD_HOC_VOWELS.get(med, ()),
            }
            these = set(heads)
            if ini == I_S and med in (M_I, M_WI):
                these.add("sh")
            if ini in (I_R, I_N) and med in M_Y_VOWELS:
                these.add("")  # initial-sound rule: 리 -> 이, 녀 -> 여
            if ini == I_IEUNG and med == M_I:
                these.add("y")  # Yi
            for rep in set(FINAL_REP):
                for tail in _FINAL_FORMS[rep]:
                    for head in these:
                        for vowel in vowels:
                            forms.add(head + vowel + tail)
    forms.discard("")
    return frozenset(f for f in forms if f.isalpha())


_MAX_SYLLABLE = 8
_MAX_SYLLABLES_PER_TOKEN = 4


@lru_cache(maxsize=200_000)
def segment(token: str) -> tuple[str, ...] | None:
    """Split a folded token into romanized Korean syllables (fewest syllables, longest first).

    None when the token cannot be split into at most four syllables. ``segment("jongun")`` ->
    ("jong", "un"); ``segment("smith")`` -> None.
    """
    n = len(token)
    if not n or n > _MAX_SYLLABLE * _MAX_SYLLABLES_PER_TOKEN:
        return None
    sylls = syllables_latin()
    # best[i] = (number of syllables, split) for token[i:]
    best: list[tuple[int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = (0, ())
    for i in range(n - 1, -1, -1):
        cand = None
        for j in range(min(n, i + _MAX_SYLLABLE), i, -1):
            rest = best[j]
            if rest is None or rest[0] >= _MAX_SYLLABLES_PER_TOKEN:
                continue
            piece = token[i:j]
            if piece in sylls and (cand is None or rest[0] + 1 < cand[0]):
                cand = (rest[0] + 1, (piece, *rest[1]))
        best[i] = cand
    got = best[0]
    return got[1] if got is not None else None


def _plain(token: str) -> str:
    if token.isascii() and token.isalpha() and token.islower():
        return token
    from cordon.names.normalize import fold  # local import: normalize imports this module

    return fold(token).replace(" ", "")


@lru_cache(maxsize=200_000)
def is_korean(token: str) -> bool:
    """True when the (folded) token can be read entirely as romanized Korean syllables."""
    t = _plain(token)
    if not t or not t.isalpha():
        return False
    if t in _SURNAME_OF:
        return True
    return segment(t) is not None


# --- keys ---------------------------------------------------------------------------------

_SILENT_H = re.compile(r"(?<=[aeiou])h(?=[^aeiouwy]|$)")
_VOWELS = {
    "eui": "i", "weo": "wo", "wae": "oe", "woo": "u", "oung": "ong", "eo": "o", "eu": "u",
    "oo": "u", "ou": "u", "ee": "i", "ui": "i", "ie": "i", "yi": "i", "oi": "oe", "ai": "ae",
    "wu": "u", "we": "oe", "ae": "ae", "oe": "oe",  # ae, oe: read as units ("aeeu" = ae+eu)
}  # fmt: skip
_VOWELS_RE = re.compile("|".join(sorted(_VOWELS, key=len, reverse=True)))
_CONSONANTS = {
    "tch": "c", "ch": "c", "j": "c", "sh": "s", "kh": "k", "th": "t", "ph": "p", "rh": "l",
    "g": "k", "q": "k", "d": "t", "b": "p", "f": "p", "r": "l",
}  # fmt: skip
_CONSONANTS_RE = re.compile("|".join(sorted(_CONSONANTS, key=len, reverse=True)))
_ASSIMILATE = {
    "nkn": "kn", "nkm": "km", "nkl": "kn", "kl": "kn", "ml": "mn", "pl": "mn", "pn": "mn",
    "pm": "mm", "tn": "nn", "tm": "nm", "nl": "ll", "ln": "ll", "tc": "c",
}  # fmt: skip
_ASSIMILATE_RE = re.compile("|".join(sorted(_ASSIMILATE, key=len, reverse=True)))
_DOUBLE_RE = re.compile(r"(.)\1+")


def _vowel(m: re.Match[str]) -> str:
    return _VOWELS[m.group()]


def _consonant(m: re.Match[str]) -> str:
    return _CONSONANTS[m.group()]


@lru_cache(maxsize=200_000)
def key(token: str) -> str:
    """Phonetic key of a folded token (see the table at the top of this module)."""
    t = _plain(token)
    if not t:
        return ""
    t = _SILENT_H.sub("", t)
    for _ in range(3):  # vowels to a fixed point: "sooil" -> "suil" -> "sil"
        v = _VOWELS_RE.sub(_vowel, t)
        if v == t:
            break
        t = v
    t = _CONSONANTS_RE.sub(_consonant, t)  # once: "gh" must not become "kh" -> "k"
    t = _ASSIMILATE_RE.sub(lambda m: _ASSIMILATE[m.group()], t)
    t = _DOUBLE_RE.sub(r"\1", t)
    if len(t) > 1:
        head, nxt = t[0], t[1]
        if head == "l":
            t = t[1:] if nxt in "iy" else "n" + t[1:]
        elif head == "n" and nxt in "iy":
            t = t[1:]
    return t


@lru_cache(maxsize=200_000)
def loose_key(token: str) -> str:
    """``key`` with o and u merged: also meets ROK spellings such as Chul, Sung, Hyun, Kyung.

    Weaker evidence than ``key`` (출/철, 중/정 meet too).
    """
    return key(token).replace("o", "u")


def joined_key(tokens: list[str] | tuple[str, ...]) -> str:
    """Key of several tokens written together ("Jong Un", "Jong-un", "Jongun" meet)."""
    return key("".join(tokens))


@lru_cache(maxsize=50_000)
def hangul_key(text: str) -> list[str]:
    """[key of the family name, key of the joined given name] of a Hangul personal name.

    Computed from the jamo through the Revised Romanization table, syllable by syllable, so it
    equals ``key`` of the name's romanization in any system. Text that is not a name gives the
    keys of its words.
    """
    text = " ".join(text.split())
    parts = split_name(text)
    if parts is None:
        return [key(_plain_rr(w)) for w in text.split() if w]
    family, given = parts
    out = [key(_plain_rr(family))]
    if given:
        out.append(key(_plain_rr("".join(given))))
    return out


def _plain_rr(word: str) -> str:
    return (
        "".join(INITIAL_RR[s[0]] + MEDIAL_RR[s[1]] + FINAL_REP[s[2]] for s in _sylls(word))
        or word.lower()
    )


def surname_class(token: str) -> str | None:
    """Class id of a Korean family name ("ri" for Ri/Lee/Yi/Rhee/I/Li/리/이), or None.

    Accepts a folded token or Hangul (a one- or two-syllable family name).
    """
    if not token:
        return None
    if has_hangul(token):
        word = token.strip()
        sylls = _sylls(word)
        if not sylls or len(sylls) > 2:
            return None
        roman = _romanize_word(sylls, "dprk").lower()
        return _SURNAME_OF.get(roman)
    return _SURNAME_OF.get(_plain(token))


def _complete_surname_classes() -> None:
    """Give every system's spelling of every Hangul family name in HANGUL_SURNAMES a class:
    the class of its DPRK spelling (a new class named after that spelling if it has none)."""
    for fam in sorted(HANGUL_SURNAMES):
        sylls = _sylls(fam)
        dprk = _romanize_word(sylls, "dprk").lower()
        cls = _SURNAME_OF.get(dprk)
        if cls is None:
            cls = dprk
            SURNAME_CLASSES.setdefault(cls, (dprk,))
            _SURNAME_OF[dprk] = cls
        for system in SYSTEMS:
            spelled = _romanize_name(fam, [], system).lower().replace("'", "").replace(",", "")
            spelled = spelled.replace("ŏ", "o").replace("ŭ", "u")
            if spelled.isalpha() and spelled not in _SURNAME_OF:
                _SURNAME_OF[spelled] = cls
                SURNAME_CLASSES[cls] = (*SURNAME_CLASSES[cls], spelled)


_complete_surname_classes()


def is_korean_name(tokens: list[str] | tuple[str, ...]) -> bool:
    """True when a folded name reads as a Korean personal name: 1-5 tokens, every token
    romanized Korean, and the first or the last token a known family name.

    Far more selective than ``is_korean`` on single tokens (short tokens such as "ali" or
    "amin" segment as Korean syllables): on the UN list it flags 4 of 2,542 non-DPRK person
    names and recognises every DPRK name written in a Korean romanization.
    """
    if not tokens or len(tokens) > 5:
        return False
    if not all(is_korean(t) for t in tokens):
        return False
    return surname_class(tokens[0]) is not None or surname_class(tokens[-1]) is not None


@lru_cache(maxsize=1)
def _surname_neighbours() -> frozenset[str]:
    """Family names of two letters or more and every one-deletion of them: a token meets a
    family name within one edit when it or one of its deletions is in here."""
    out = set()
    for name in _SURNAME_OF:
        if len(name) >= 2 and name.isalpha():
            out.add(name)
            out.update(name[:i] + name[i + 1 :] for i in range(len(name)))
    return frozenset(out)


def near_surname(token: str) -> bool:
    """Within one edit (substitution, insertion, deletion, swap) of a known family name."""
    if len(token) < 2:
        return False
    near = _surname_neighbours()
    return token in near or any(token[:i] + token[i + 1 :] in near for i in range(len(token)))


def near_korean_name(tokens: list[str] | tuple[str, ...]) -> bool:
    """``is_korean_name``, or a Korean name with one mistyped token: 3-5 tokens, all but one
    romanized Korean, and a known family name at either end (or the mistyped token at an
    end, one edit from a family name: "KMI, Il-Nam").

    Such a name is still read as Korean (keys, surname classes, no Arabic particles: the "Il"
    of "Chuns Il PAK" is a syllable, not the article)."""
    return is_korean_name(tokens) or _one_typo_korean(tokens)


def _one_typo_korean(tokens: list[str] | tuple[str, ...]) -> bool:
    if not 3 <= len(tokens) <= 5:
        return False
    off = [i for i, t in enumerate(tokens) if not is_korean(t)]
    if len(off) != 1:
        return False
    last = len(tokens) - 1
    if off[0] in (0, last) and near_surname(tokens[off[0]]):
        return True
    return any(surname_class(tokens[i]) is not None for i in {0, last} - set(off))


def reading(tokens: list[str] | tuple[str, ...]) -> tuple[bool, bool]:
    """(``is_korean_name``, read as Korean only despite one mistyped token) in one pass."""
    if is_korean_name(tokens):
        return True, False
    return False, _one_typo_korean(tokens)
