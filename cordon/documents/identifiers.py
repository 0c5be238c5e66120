"""Identifier mentions found by pattern: IMO numbers (check digit verified), passport numbers
(after the word passport), phone numbers (international form or after a cue word) and email
addresses. Patterns, not the NER model: the model does not know these, and a wrong IMO check
digit is evidence that the number is not an IMO number at all.
"""

from __future__ import annotations

import re

from cordon.documents.model import IDENTIFIER, Mention
from cordon.names.vessels import imo_valid

_IMO = re.compile(r"\bIMO(?:\s*(?:No\.?|number|#))?[\s:.-]*(\d{7})\b", re.IGNORECASE)
_PASSPORT = re.compile(
    r"\bpassports?(?:\s+(?:no\.?|number|#|numbered))?[\s:#.]+(?=[A-Z0-9]*\d)([A-Z]{0,3}\d[A-Z0-9]{4,11})\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
_PHONE_INTL = re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){2,5}(?!\w)")
_PHONE_CUE = re.compile(
    r"\b(?:tel|telephone|phone|mobile|cell|fax)(?:\s*(?:no\.?|number))?[\s.:]*"
    r"(\(?\d{2,5}\)?(?:[\s.-]?\d{2,5}){1,4})(?!\w)",
    re.IGNORECASE,
)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def find_identifiers(text: str) -> list[Mention]:
    """Every identifier mention in the text, in order of position."""
    found: list[Mention] = []
    for m in _IMO.finditer(text):
        number = m.group(1)
        if imo_valid(number):
            found.append(_mention(text, m.start(), m.end(), "imo", number))
    for m in _PASSPORT.finditer(text):
        found.append(_mention(text, m.start(1), m.end(1), "passport", m.group(1).upper()))
    for m in _EMAIL.finditer(text):
        found.append(_mention(text, m.start(), m.end(), "email", m.group().lower()))
    for m in _PHONE_INTL.finditer(text):
        digits = _digits(m.group())
        end = m.end()
        if m.group().count(")") > m.group().count("("):
            end -= 1  # "(tel. +852 2345 6789)": the bracket closes the aside, not the number
        if 8 <= len(digits) <= 15:
            found.append(_mention(text, m.start(), end, "phone", "+" + digits))
    for m in _PHONE_CUE.finditer(text):
        digits = _digits(m.group(1))
        if 7 <= len(digits) <= 15:
            found.append(_mention(text, m.start(1), m.end(1), "phone", digits))
    found.sort(key=lambda x: (x.start, -x.end))
    kept: list[Mention] = []
    for mention in found:  # the international form and the cue form may find one number twice
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _mention(text: str, start: int, end: int, kind: str, value: str) -> Mention:
    return Mention(
        text=text[start:end],
        label=IDENTIFIER,
        start=start,
        end=end,
        origin="pattern",
        kind=kind,
        value=value,
    )
