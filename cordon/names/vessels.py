"""Vessel names and IMO numbers.

``split_vessel(tokens)`` takes a folded vessel name and returns its core words and its hull
number: type prefixes (MV, M/V, MT, M/T, SS, FV, TB, MY, MS, M/S ...) are dropped, and a trailing
number becomes the hull number, written as Arabic digits: "sea phoenix ii", "sea phoenix 2",
"sea phoenix no 2" and "sea phoenix no2" all give (["sea", "phoenix"], "2"). Roman numerals I-XX
are read. A name that is only a number ("39") keeps it as its core.

``clean_imo(text)`` finds the 7-digit IMO ship number in "IMO 9187629", "IMO: 9187629",
"imo9187629" or "9187629" and returns it only when its check digit is right: the first six
digits weighted 7, 6, 5, 4, 3, 2, summed, mod 10, equal the seventh.
"""

from __future__ import annotations

import re

__all__ = ["ROMAN", "VESSEL_PREFIXES", "clean_imo", "hull_number", "imo_valid", "split_vessel"]

# Prefixes as folded token sequences ("M/V" folds to "m v").
VESSEL_PREFIXES = frozenset(
    (
        ("mv",), ("m", "v"), ("mt",), ("m", "t"), ("ss",), ("s", "s"), ("fv",), ("f", "v"),
        ("tb",), ("t", "b"), ("m", "y"), ("ms",), ("m", "s"), ("mts",), ("mfv",), ("sy",),
        ("rv",), ("hmv",), ("motor", "vessel"), ("motor", "tanker"),
    )
)  # fmt: skip

_ROMAN_WORDS = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
]
ROMAN = {w: str(n) for n, w in enumerate(_ROMAN_WORDS, start=1)}
_NUMBER_WORDS = frozenset(("no", "nr", "nro", "num", "number", "n"))
_NO_DIGITS = re.compile(r"^(?:no|nr)(\d+)$")


def hull_number(token: str) -> str | None:
    """ "2" for "2", "02", "ii", "no2"; None for anything else."""
    if token.isdigit():
        return str(int(token))
    if token in ROMAN:
        return ROMAN[token]
    m = _NO_DIGITS.match(token)
    if m:
        return str(int(m.group(1)))
    return None


def split_vessel(tokens: list[str]) -> tuple[list[str], str | None]:
    """(core tokens, hull number or None) of a folded vessel name."""
    core = list(tokens)
    for n in (2, 1):
        if len(core) > n and tuple(core[:n]) in VESSEL_PREFIXES:
            core = core[n:]
            break
    if len(core) < 2:
        return core, None
    number = hull_number(core[-1])
    if number is None:
        return core, None
    core = core[:-1]
    if len(core) > 1 and core[-1] in _NUMBER_WORDS:
        core = core[:-1]
    return core, number


_IMO_TEXT = re.compile(r"(?<!\d)(\d{7})(?!\d)")
_LOOSE_IMO = re.compile(r"^(?:imo\W*)?(?:\d[\s-]?){6}\d$", re.I)


def imo_valid(digits: str) -> bool:
    """True for a 7-digit string whose check digit is right."""
    if len(digits) != 7 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], (7, 6, 5, 4, 3, 2), strict=True))
    return total % 10 == int(digits[6])


def clean_imo(text: str | None) -> str | None:
    """The valid 7-digit IMO number in ``text``, or None (no number, several, or a bad check
    digit)."""
    if not text:
        return None
    s = str(text).strip()
    if len(s) > 64:
        return None
    found = set(_IMO_TEXT.findall(s))
    if not found and _LOOSE_IMO.match(s):
        found = {re.sub(r"\D", "", s)}  # "918 7629", "918-7629"
    if len(found) != 1:
        return None
    digits = found.pop()
    return digits if imo_valid(digits) else None
