"""Name normalisation: one folded ASCII form for every way a name can be written.

``fold(text)``:

1. NFKC (full-width letters, ligatures, compatibility forms), then text in other scripts is
   rendered in Latin by ``scripts.to_latin`` (first rendering: DPRK style for Hangul, pinyin
   for Han, BGN for Russian ...), then casefold (ß -> ss).
2. Letters without a decomposition are mapped explicitly (Đ/đ -> d, ø -> o, æ -> ae, œ -> oe,
   ł -> l, þ -> th, ı -> i, ə -> e ...); then NFKD and combining marks are dropped
   (ŏ -> o, ŭ -> u, ễ -> e).
3. Apostrophes and their look-alikes (' ’ ‘ ʼ ʻ ` ´ ′ ʹ ʿ ʾ ·) are deleted, not turned into a
   space, so "Yo'ng" -> "yong" and "Ch'ol" -> "chol" stay one word. "&" becomes "and".
   Control characters are dropped; every other punctuation mark or symbol (hyphens, commas,
   dots, slashes, brackets, quotes) becomes a space; Unicode digits become ASCII digits.
4. Whitespace collapses. The result holds only [a-z0-9 ].

ASCII input takes a fast path (one ``str.translate``); results are cached.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cordon.names import scripts

__all__ = ["APOSTROPHES", "fold", "name_order", "tokens"]

APOSTROPHES = "'`´‘’‛′ʼʻʽʹʿʾˈ՚'·"

_ASCII: dict[int, str | None] = {}
for _c in range(128):
    _ch = chr(_c)
    if "a" <= _ch <= "z" or "0" <= _ch <= "9":
        continue
    if "A" <= _ch <= "Z":
        _ASCII[_c] = _ch.lower()
    elif _ch in "'`":
        _ASCII[_c] = None
    elif _ch == "&":
        _ASCII[_c] = " and "
    elif _c < 32 or _c == 127:
        _ASCII[_c] = " " if _ch in "\t\n\r\x0b\x0c" else None
    else:
        _ASCII[_c] = " "
_ASCII_TABLE = str.maketrans(_ASCII)

# Letters that NFKD does not reduce to ASCII (lower case: applied after casefold).
_SPECIAL = {
    "đ": "d", "ð": "d", "ɖ": "d", "ɗ": "d", "ø": "o", "ǿ": "o", "æ": "ae", "ǽ": "ae", "œ": "oe",
    "ł": "l", "ƚ": "l", "þ": "th", "ı": "i", "ȷ": "j", "ə": "e", "ǝ": "e", "ɛ": "e", "ɔ": "o",
    "ŋ": "ng", "ħ": "h", "ŧ": "t", "ĸ": "k", "ſ": "s", "ƒ": "f", "ɓ": "b", "ƙ": "k", "ƴ": "y",
    "ʃ": "sh", "ʒ": "zh", "ɣ": "gh", "ß": "ss", "ĳ": "ij", "ŀ": "l", "ɨ": "i", "ʉ": "u",
    "ɐ": "a", "ɑ": "a", "ʊ": "u", "ɪ": "i", "ʏ": "y", "ꞌ": None,
}  # fmt: skip
for _a in APOSTROPHES:
    _SPECIAL[_a] = None
_SPECIAL_TABLE = str.maketrans(_SPECIAL)
_APOS_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES))
_APOS_RE = re.compile("[" + re.escape(APOSTROPHES) + "]")
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")

_CACHE_LIMIT = 512  # longer strings are folded without caching


# Characters that may belong to a non-Latin script (everything from Greek on, except the Latin
# Extended Additional block used by Vietnamese); only these are looked at one by one.
_MAYBE_FOREIGN = re.compile("[\u0370-\u1dff\u1f00-\U0010ffff]")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _needs_script(s: str) -> bool:
    return any(
        scripts.script_of(m.group()) not in (None, "Latin") for m in _MAYBE_FOREIGN.finditer(s)
    )


def _fold_unicode(text: str) -> str:
    if _APOS_RE.search(text):
        text = text.translate(_APOS_TABLE)
    s = unicodedata.normalize("NFKC", text)
    if _needs_script(s):
        s = scripts.to_latin(s)[0]
    s = s.casefold()
    if _SPECIAL_RE.search(s):
        s = s.translate(_SPECIAL_TABLE)
    s = _MARKS.sub("", unicodedata.normalize("NFKD", s))
    if s.isascii():
        return " ".join(s.translate(_ASCII_TABLE).split())
    out: list[str] = []
    for ch in s:
        if ch < "\x80":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Mn" or cat == "Me" or cat == "Cf":
            continue  # combining marks, zero-width joiners, bidi controls
        if cat == "Nd":
            out.append(str(unicodedata.digit(ch)))
        elif cat[0] == "L":
            low = ch.lower()
            out.append(low if low.isascii() else " ")
        else:
            out.append(" ")  # separators, symbols, other punctuation
    return " ".join("".join(out).translate(_ASCII_TABLE).split())


@lru_cache(maxsize=200_000)
def _fold_cached(text: str) -> str:
    if text.isascii():
        return " ".join(text.translate(_ASCII_TABLE).split())
    return _fold_unicode(text)


def fold(text: str) -> str:
    """Fold a name to lower-case ASCII words (see the module doc). ``fold("Đoàn Thị Hương")``
    -> "doan thi huong"; ``fold("RI, Ch'ŏl-ho")`` -> "ri chol ho"; ``fold("리철호")`` ->
    "ri chol ho"."""
    if len(text) > _CACHE_LIMIT:
        if text.isascii():
            return " ".join(text.translate(_ASCII_TABLE).split())
        return _fold_unicode(text)
    return _fold_cached(text)


def tokens(text: str) -> list[str]:
    """The words of ``fold(text)``."""
    return fold(text).split()


_COMMAS = (",", "،", "，", "、")


def name_order(text: str) -> list[str]:
    """Tokens in "given ... family" order for a "FAMILY, Given Middle" name.

    When the text has exactly one comma and it separates two non-empty parts, the part after
    the comma comes first ("KIM, Jong Un" -> ["jong", "un", "kim"]); otherwise ``tokens(text)``.
    """
    if not any(c in text for c in _COMMAS):
        return tokens(text)
    s = text
    for c in _COMMAS[1:]:
        s = s.replace(c, ",")
    if s.count(",") != 1:
        return tokens(text)
    before, after = s.split(",")
    head, tail = tokens(after), tokens(before)
    if not head or not tail:
        return tokens(text)
    return head + tail
