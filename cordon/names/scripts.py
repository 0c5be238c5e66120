"""Script detection and transliteration to Latin.

``detect(text)`` names the dominant script of the letters; ``to_latin(text)`` gives Latin
renderings, best first. Runs of different scripts in one string are rendered separately
("Jin Tiesan (金铁三)" keeps its Latin part and renders the Han part).

Renderings per script:

========  ===================================================================================
Hangul    cordon.names.korean: DPRK list style, MR (ASCII), RR, OFAC, ROK (see that module)
Han       ICU Han-Latin/Names (pinyin), tones removed, one syllable per word ("xi jin ping");
          then the family name + joined given name for 2-4 character names ("xi jinping").
          No Korean (Hanja) or Japanese readings: those need reading tables cordon lacks.
Cyrillic  ICU Russian-Latin/BGN (Ukrainian-Latin/BGN when Ukrainian letters occur, ICU's
          generic Cyrillic-Latin for other languages), ASCII-folded; then cordon's own
          English-style table (Dmitry, Yury, Shchukin: й -> y, ий/ый at the end -> y, х -> kh)
Arabic    a small table of common name words (Muhammad, Abd, Allah, Hasan ...) where a word is
          in it, else ICU Arabic-Latin; then plain ICU. ICU writes consonants only where the
          text has no vowel marks ("mhmd"), so unlisted Arabic names render poorly: known gap.
Greek     ICU Greek-Latin/UNGEGN, ASCII-folded
Hebrew    ICU Hebrew-Latin, ASCII-folded (consonants only, poor, like Arabic)
Thai      ICU Thai-Latin, ASCII-folded
Other     ICU Any-Latin, ASCII-folded (kana, Devanagari, Georgian, Armenian ...)
========  ===================================================================================

Transliterator instances are created once per id and reused.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cordon.names import korean

__all__ = ["SCRIPTS", "detect", "script_of", "to_latin", "transliterate"]

SCRIPTS = ("Latin", "Cyrillic", "Arabic", "Hangul", "Han", "Greek", "Hebrew", "Thai", "Other")

# (first code point, last code point, script); searched in order, so keep it sorted by start.
_RANGES = (
    (0x0041, 0x024F, "Latin"),
    (0x0250, 0x02AF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08FF, "Arabic"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1C80, 0x1C8F, "Cyrillic"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x2C60, 0x2C7F, "Latin"),
    (0x2DE0, 0x2DFF, "Cyrillic"),
    (0x3005, 0x3007, "Han"),
    (0x3130, 0x318F, "Hangul"),
    (0x3400, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xA640, 0xA69F, "Cyrillic"),
    (0xA720, 0xA7FF, "Latin"),
    (0xA960, 0xA97F, "Hangul"),
    (0xAB30, 0xAB6F, "Latin"),
    (0xAC00, 0xD7AF, "Hangul"),
    (0xD7B0, 0xD7FF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
    (0xFB00, 0xFB06, "Latin"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF21, 0xFF5A, "Latin"),
    (0x20000, 0x3134F, "Han"),
)


@lru_cache(maxsize=65_536)
def script_of(ch: str) -> str | None:
    """Script of one character, None for anything that is not a letter (digits, punctuation,
    spaces, marks)."""
    if not ch.isalpha():
        return None
    cp = ord(ch)
    if cp < 0x80:
        return "Latin"
    for lo, hi, name in _RANGES:
        if cp < lo:
            break
        if cp <= hi:
            return name
    return "Other"


def detect(text: str) -> str:
    """Dominant script among the letters of ``text``: one of SCRIPTS, or "Mixed" when two
    scripts each hold at least 30 % of the letters. Text without letters counts as "Latin"."""
    if text.isascii():
        return "Latin"
    counts: dict[str, int] = {}
    total = 0
    for ch in text:
        s = script_of(ch)
        if s is not None:
            counts[s] = counts.get(s, 0) + 1
            total += 1
    if not total:
        return "Latin"
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[1][1] >= 0.3 * total:
        return "Mixed"
    return ranked[0][0]


# --- ICU --------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _icu(tid: str):
    import icu  # PyICU; imported lazily so that plain-ASCII work never loads it

    return icu.Transliterator.createInstance(tid)


def transliterate(text: str, tid: str) -> str:
    """Run an ICU transform (e.g. "Any-Latin; Latin-ASCII") on ``text``; cached instances."""
    return _icu(tid).transliterate(text)


_DROP = str.maketrans({"·": None, "ʹ": None, "ʺ": None, "ʼ": None, "ʿ": None, "ʾ": None})


def _clean(text: str) -> str:
    return " ".join(text.translate(_DROP).split())


# --- Cyrillic -------------------------------------------------------------------------------

_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
# cordon's English-style rendering of Russian/Ukrainian (passport and press practice).
_CYR_EN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi",
    "є": "ye", "ґ": "g", "ў": "w",
}  # fmt: skip
_CYR_END_Y = re.compile(r"(?:ий|ый|ій)\b")


def _cyrillic(text: str) -> list[str]:
    low = text.lower()
    letters = {c for c in low if c.isalpha()}
    if letters & _UKRAINIAN:
        first = transliterate(text, "Ukrainian-Latin/BGN; Latin-ASCII")
    elif letters <= _RUSSIAN:
        first = transliterate(text, "Russian-Latin/BGN; Latin-ASCII")
    else:
        first = transliterate(text, "Any-Latin; Latin-ASCII")
    out = [_clean(first)]
    words = []
    for word in text.split():
        plain = "".join(_CYR_EN.get(c, c) for c in _CYR_END_Y.sub("y", word.lower()))
        if any(ord(c) > 0x7F for c in plain):
            plain = transliterate(plain, "Any-Latin; Latin-ASCII")
        if word.isupper() and len(word) > 1:
            plain = plain.upper()
        elif word[:1].isupper():
            plain = plain[:1].upper() + plain[1:]
        words.append(plain)
    second = _clean(" ".join(words))
    if second.lower() != out[0].lower().replace("'", ""):
        out.append(second)
    return out


# --- Arabic ---------------------------------------------------------------------------------

# Common name words in their usual English spelling; written for cordon (not an exhaustive
# list). Keys are Arabic words after _ar_norm (hamza forms of alef -> ا, ة -> ه, ى -> ي).
_AR_NAMES = {
    "محمد": "Muhammad", "احمد": "Ahmad", "محمود": "Mahmud", "علي": "Ali", "حسن": "Hasan",
    "حسين": "Husayn", "عبد": "Abd", "الله": "Allah", "عبدالله": "Abdallah", "عمر": "Umar",
    "عثمان": "Uthman", "ابراهيم": "Ibrahim", "اسماعيل": "Ismail", "يوسف": "Yusuf",
    "خالد": "Khalid", "سعيد": "Said", "صالح": "Salih", "مصطفي": "Mustafa", "عادل": "Adil",
    "جمال": "Jamal", "كمال": "Kamal", "طارق": "Tariq", "طه": "Taha", "ياسين": "Yasin",
    "سلطان": "Sultan", "سليمان": "Sulayman", "صدام": "Saddam", "عزت": "Izzat", "هاني": "Hani",
    "حامد": "Hamid", "حمد": "Hamad", "حمزه": "Hamza", "فاضل": "Fadil", "رشيد": "Rashid",
    "ناصر": "Nasir", "منصور": "Mansur", "سالم": "Salim", "عيسي": "Isa", "موسي": "Musa",
    "يحيي": "Yahya", "زكريا": "Zakariya", "جعفر": "Jafar", "عباس": "Abbas", "فيصل": "Faysal",
    "فهد": "Fahd", "نور": "Nur", "الدين": "al-Din", "عمار": "Ammar", "ماجد": "Majid",
    "مجيد": "Majid", "رحمن": "Rahman", "الرحمن": "al-Rahman", "العزيز": "al-Aziz",
    "عزيز": "Aziz", "كريم": "Karim", "الكريم": "al-Karim", "رزاق": "Razzaq",
    "الرزاق": "al-Razzaq", "قادر": "Qadir", "القادر": "al-Qadir", "ابو": "Abu", "بن": "bin",
    "ابن": "ibn", "بنت": "bint", "اسامه": "Usama", "بكر": "Bakr", "ابوبكر": "Abu Bakr",
    "مالك": "Malik", "انور": "Anwar", "امين": "Amin", "فاطمه": "Fatima", "عائشه": "Aisha",
    "زينب": "Zaynab", "مريم": "Maryam", "خديجه": "Khadija", "هدي": "Huda", "سميره": "Samira",
    "رغد": "Raghad", "رنا": "Rana", "حلا": "Hala", "ساجده": "Sajida", "خوله": "Khawla",
    "نايف": "Nayif", "غازي": "Ghazi", "سعد": "Saad", "سيف": "Sayf", "حكمت": "Hikmat",
    "برزان": "Barzan", "وطبان": "Watban", "سبعاوي": "Sabawi", "قصي": "Qusay", "عدي": "Uday",
    "التكريتي": "al-Tikriti", "الدوري": "al-Duri", "الراوي": "al-Rawi", "حسان": "Hassan",
}  # fmt: skip
_AR_NORM = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_AR_MARKS = re.compile("[\u064b-\u065f\u0670]")


def _ar_norm(word: str) -> str:
    return _AR_MARKS.sub("", word.translate(_AR_NORM))


def _arabic(text: str) -> list[str]:
    icu_all = _clean(transliterate(text, "Arabic-Latin; Latin-ASCII"))
    words = text.split()
    if any(_ar_norm(w) in _AR_NAMES for w in words):
        parts = []
        for w in words:
            known = _AR_NAMES.get(_ar_norm(w))
            if known is None and _ar_norm(w).startswith("ال") and _ar_norm(w)[2:] in _AR_NAMES:
                known = "al-" + _AR_NAMES[_ar_norm(w)[2:]]
            parts.append(known or _clean(transliterate(w, "Arabic-Latin; Latin-ASCII")))
        first = " ".join(parts)
        return [first, icu_all] if first != icu_all else [first]
    return [icu_all]


# --- Han ------------------------------------------------------------------------------------


_HAN_CHUNK = re.compile(
    r"[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)


# Toneless pinyin syllables: every reading ICU's "Han-Latin/Names; Latin-ASCII" gives the CJK
# unified ideographs U+4E00-U+9FA5 (tests/test_names_scripts.py rebuilds the table).
_PINYIN_TABLE = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai
    can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua
    chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de
    den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan
    fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua
    guai guan guang gui gun guo ha hai han hang hao he hei hen heng hm hong hou hu hua huai
    huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka
    kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan
    lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun
    luo m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na
    nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan
    nue nun nuo o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi
    qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
    rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang
    shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou
    su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan
    tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong
    xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai
    zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu
    zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
"""
PINYIN = frozenset(_PINYIN_TABLE.split())


def has_han(text: str) -> bool:
    """True when ``text`` holds Chinese characters (its Latin rendering is pinyin)."""
    return not text.isascii() and _HAN_CHUNK.search(text) is not None


def _han(text: str) -> list[str]:
    first = _clean(
        _HAN_CHUNK.sub(
            lambda m: " " + transliterate(m.group(), "Han-Latin/Names; Latin-ASCII") + " ", text
        )
        .replace("( ", "(")
        .replace(" )", ")")
    )
    out = [first]
    words = text.split()
    if len(words) == 1 and 2 <= len(words[0]) <= 4 and all(script_of(c) == "Han" for c in words[0]):
        syl = first.split()
        if len(syl) == len(words[0]):
            joined = syl[0] + " " + "".join(syl[1:])
            if joined != first:
                out.append(joined)
    return out


# --- dispatch -------------------------------------------------------------------------------

_ICU_IDS = {
    "Greek": "Greek-Latin/UNGEGN; Latin-ASCII",
    "Hebrew": "Hebrew-Latin; Latin-ASCII",
    "Thai": "Thai-Latin; Latin-ASCII",
    "Other": "Any-Latin; Latin-ASCII",
}


def _render(script: str, text: str) -> list[str]:
    if script == "Hangul":
        if any(0x1100 <= ord(c) <= 0x11FF or 0x3130 <= ord(c) <= 0x318F for c in text):
            text = unicodedata.normalize("NFC", text)
        if korean.has_hangul(text):
            return list(korean.romanizations(text))
        return [_clean(transliterate(text, "Any-Latin; Latin-ASCII"))]
    if script == "Han":
        return _han(text)
    if script == "Cyrillic":
        return _cyrillic(text)
    if script == "Arabic":
        return _arabic(text)
    return [_clean(transliterate(text, _ICU_IDS.get(script, _ICU_IDS["Other"])))]


def _runs(text: str) -> list[tuple[str | None, str]]:
    """Split into runs of one script; a run of letters keeps the spaces and punctuation
    between its letters, while neutral characters between two scripts form their own run."""
    runs: list[tuple[str | None, str]] = []
    cur_script: str | None = None
    cur: list[str] = []
    pending: list[str] = []  # neutral characters after the current run's last letter
    for ch in text:
        s = script_of(ch)
        if s is None:
            pending.append(ch)
            continue
        if s == cur_script:
            cur.extend(pending)
        else:
            if cur:
                runs.append((cur_script, "".join(cur)))
            if pending:
                runs.append((None, "".join(pending)))
            cur, cur_script = [], s
        pending = []
        cur.append(ch)
    if cur:
        runs.append((cur_script, "".join(cur)))
    if pending:
        runs.append((None, "".join(pending)))
    return runs


_MAX_RENDERINGS = 8


@lru_cache(maxsize=100_000)
def _to_latin(text: str) -> tuple[str, ...]:
    runs = _runs(text)
    rendered: list[list[str]] = []
    for script, chunk in runs:
        if script is None or script == "Latin":
            rendered.append([chunk])
        else:
            rendered.append(_render(script, chunk) or [chunk])
    first = [r[0] for r in rendered]

    def glue(parts: list[str]) -> str:
        out = ""
        for i, p in enumerate(parts):
            if i and out and p and out[-1].isalnum() and p[0].isalnum():
                out += " "  # keep scripts that touch apart: "KIM김정은" -> "KIM Kim Jong Un"
            out += p
        return " ".join(out.split())

    out = [glue(first)]
    for i, alts in enumerate(rendered):
        for alt in alts[1:]:
            variant = glue([*first[:i], alt, *first[i + 1 :]])
            if variant not in out:
                out.append(variant)
            if len(out) >= _MAX_RENDERINGS:
                return tuple(out)
    return tuple(out)


def to_latin(text: str) -> list[str]:
    """Latin renderings of ``text``, best first; ``[text]`` for text that is already Latin.

    Latin letters with diacritics are left alone here (``normalize.fold`` strips them).
    """
    if text.isascii():
        return [text]
    if all(script_of(c) in (None, "Latin") for c in text):
        return [text]
    if len(text) > 2_000:
        return list(_to_latin.__wrapped__(text))
    return list(_to_latin(text))
