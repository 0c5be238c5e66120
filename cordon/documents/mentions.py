"""Mentions from three sources, merged: the NER model, the gazetteer, and patterns (vessels,
identifiers). Where they overlap, a pattern identifier wins over everything, a gazetteer hit (a
listed name, with its list's schema) over the model, and a vessel pattern over the model (which
has no vessel label and calls ships people or organisations).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from cordon.documents.model import DATE, LOCATION, MONEY, ORG, PERSON, VESSEL, Mention

NER_LABELS = {
    "PERSON": PERSON,
    "ORG": ORG,
    "GPE": LOCATION,
    "LOC": LOCATION,
    "FAC": LOCATION,
    "DATE": DATE,
    "MONEY": MONEY,
}  # NORP (nationalities, religions) is left out on purpose: never a risk signal
PRIORITY = {"pattern": 3, "gazetteer": 2, "vessel": 1, "ner": 0, "coref": 0}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:'s|’s|'|’|\s|[.,;:\-–—(\[])+$")

# "the tanker Rye Song Gang 1", "vessel Wan Heng 11", "M/V Light", "MV Jie Shun"
_VESSEL_WORD = r"(?:[A-Z][A-Za-z0-9-]*|\d{1,3}|No\.?\s*\d{1,3}|[IVX]{1,4})"
_VESSEL_CUE = re.compile(
    r"\b(?:(?:oil |cargo |chemical |bulk |LPG )?(?:tanker|vessel|ship|freighter|carrier|"
    r"trawler|barge)s?|M/?[VT]|MV|MT|ship-to-ship transfers? (?:from|with|to)(?: the)?)"
    r"\s+(?:(?:named|called)\s+)?[\"“']?"
    rf"(?P<name>[A-Z][A-Za-z0-9-]*(?:\s+{_VESSEL_WORD}){{0,4}})"
)
_VESSEL_IMO = re.compile(
    rf"(?P<name>[A-Z][A-Za-z0-9-]*(?:\s+{_VESSEL_WORD}){{0,4}})[\"”']?\s*\(\s*IMO\b"
)
_NOT_VESSEL_START = frozenset({"The", "A", "An", "In", "On", "At", "From", "To", "Its", "Their"})

# Amounts of money: a currency sign or code before the number, or a currency word after it.
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|mn|bn|m|k)\b)?"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY_WORD = (
    r"(?:(?:US |U\.S\. |Hong Kong |Singapore )?dollars|euros?|yuan|renminbi|won|ringgit|yen|"
    r"pounds(?: sterling)?|roubles|rubles|dirhams?|rupees|baht|dong|rupiah|pesos|francs)"
)
_MONEY = re.compile(
    r"(?<![\w$€£¥])(?:(?:US|HK|S|A|NZ|C)\$|USD|EUR|GBP|CNY|RMB|HKD|SGD|JPY|KRW|KPW|MYR|RM|"
    rf"[$€£¥₩])\s?(?:{_NUMBER}){_SCALE}(?!\w)"
    rf"|(?<![\w.,])(?:{_NUMBER}){_SCALE}\s(?:{_CURRENCY_WORD})\b"
    r"|\b(?:tens|hundreds|millions|billions|thousands)\s+of\s+(?:(?:millions|thousands|"
    rf"billions)\s+of\s+)?{_CURRENCY_WORD}\b"
)
_NOT_MONEY = re.compile(r"per ?cent|percent|%", re.IGNORECASE)
# Words that qualify an amount or a date rather than being part of it.
_APPROXIMATE = re.compile(
    r"^(?:about|around|approximately|roughly|nearly|almost|some|at least|at most|"
    r"more than|less than|fewer than|over|under|up to|as much as|as many as)\s+",
    re.IGNORECASE,
)


def from_model(docs: Iterable[tuple[int, Doc]], text: str) -> list[Mention]:
    """Entity spans of the parsed chunks, trimmed of articles, possessives and punctuation."""
    found = []
    for offset, doc in docs:
        for ent in doc.ents:
            label = NER_LABELS.get(ent.label_)
            if label is None:
                continue
            if label == MONEY and _NOT_MONEY.search(ent.text):
                continue  # "95 per cent" is a share, not an amount
            mention = _trimmed(ent, offset, label, text)
            if mention is not None:
                found.append(mention)
    return found


def _trimmed(ent: Span, offset: int, label: str, text: str) -> Mention | None:
    start, end = offset + ent.start_char, offset + ent.end_char
    piece = text[start:end]
    if "\n" in piece.strip():
        piece = piece.strip().split("\n")[0]  # a heading run into the next line
        end = start + len(text[start:end]) - len(text[start:end].lstrip()) + len(piece)
    lead = _LEADING.match(text[start:end]) if label != DATE else None
    if lead:
        start += lead.end()
    if label in (DATE, MONEY):
        lead = _APPROXIMATE.match(text[start:end])
        if lead and lead.end() < end - start:
            start += lead.end()
    trail = _TRAILING.search(text[start:end]) if label != MONEY else None
    if trail and trail.start() > 0:
        end = start + trail.start()
    if text.count("(", start, end) > text.count(")", start, end):
        cut = text.rfind("(", start, end)
        end = start + len(text[start:cut].rstrip())
    if end <= start or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return Mention(text=text[start:end], label=label, start=start, end=end, origin="ner")


def vessels(text: str) -> list[Mention]:
    """Vessel names after a cue word or before an IMO number."""
    found = {}
    for pattern in (_VESSEL_CUE, _VESSEL_IMO):
        for m in pattern.finditer(text):
            start, end = m.span("name")
            words = m.group("name").split()
            while words and words[0] in _NOT_VESSEL_START:
                start += len(words[0]) + 1
                words = words[1:]
            if not words:
                continue
            end = start + len(" ".join(words))
            if text[start:end] != " ".join(words):
                end = start + len(text[start:end].rstrip())
            found.setdefault(start, Mention(text[start:end], VESSEL, start, end, "vessel"))
    return list(found.values())


def money(text: str) -> list[Mention]:
    """Amounts with their currency ("$450,000", "2.3 million euros", "US$1.2m"): the small
    model leaves the sign out or misses amounts written with a currency word."""
    return [Mention(m.group(), MONEY, m.start(), m.end(), "pattern") for m in _MONEY.finditer(text)]


def propagate(text: str, mentions: list[Mention]) -> list[Mention]:
    """Where a name was found once, its other occurrences are the same name: "KKBC" split from
    "... Corporation (KKBC)" is a mention again at "KKBC denied it", which neither the model nor
    the gazetteer (no one-word name under five letters) finds. Only names that cannot be an
    ordinary word: several words, an acronym, or a listed name."""
    names = {
        m.text: m
        for m in mentions
        if m.label in (PERSON, ORG, VESSEL)
        and m.origin != "pattern"
        and (" " in m.text or (m.text.isupper() and len(m.text) > 1) or m.origin == "gazetteer")
    }
    if not names:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?!\w)"
    )
    added = []
    for hit in pattern.finditer(text):
        i = bisect_right(taken, (hit.start(), len(text) + 1))
        if i and taken[i - 1][1] > hit.start():
            continue
        if i < len(taken) and taken[i][0] < hit.end():
            continue
        source = names[hit.group()]
        added.append(
            Mention(
                hit.group(),
                source.label,
                hit.start(),
                hit.end(),
                "coref",
                candidates=list(source.candidates),
            )
        )
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end)) if added else mentions


def merge(*sources: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: higher-priority sources first, longer spans first;
    a lower-priority mention overlapping a kept one is dropped."""
    pool = [m for source in sources for m in source]
    pool.sort(key=lambda m: (-PRIORITY[m.origin], -(m.end - m.start), m.start))
    kept: list[Mention] = []
    starts: list[int] = []  # starts and ends of the kept mentions, in text order
    ends: list[int] = []
    for mention in pool:
        i = bisect_right(starts, mention.start)
        if i and ends[i - 1] > mention.start:
            continue  # overlaps the kept mention starting before it
        if i < len(starts) and starts[i] < mention.end:
            continue  # overlaps the kept mention starting after it
        starts.insert(i, mention.start)
        ends.insert(i, mention.end)
        kept.append(mention)
    kept.sort(key=lambda m: (m.start, m.end))
    return kept
