"""The gazetteer: every name and alias of every loaded entity, found in text by Aho-Corasick.

Built from the screening index (itself derived from the store, for what the reader may see), so
it is a cache like the index. Names and text are compared as sequences of *keys*: each word is
folded (`cordon.names.fold`: case, accents, apostrophes, scripts) and, where it reads as
romanized Korean, replaced by its phonetic key (`token_key`), so "Kim Jong Nam", "KIM Chong-nam"
and "Kim Jong-nam" meet although the model may tag none of them. One automaton runs over the
keys of the whole text at C speed; only matches are mapped back to character offsets.

Precision guards, since every list name is a pattern: a name must have two words or more (one
word only for organisations and vessels of 5 letters or more), the words found in the text must
start with a capital letter or digit (small connecting words such as "of" and "and" inside the
name excepted), and a one-word name must not open its sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

import ahocorasick

from cordon.documents.model import ORG, PERSON, VESSEL, Mention
from cordon.names.normalize import fold
from cordon.names.orgs import LEGAL_FORMS
from cordon.screening.forms import ORG as KIND_ORG
from cordon.screening.forms import PERSON as KIND_PERSON
from cordon.screening.forms import TRAILING_ACRONYM, is_acronym, token_key
from cordon.screening.index import Index

SEP = "\x01"
WORD = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*")
SPLIT = re.compile(r"([^\W_]+(?:['’`][^\W_]+)*)")
LABEL_OF_KIND = {KIND_PERSON: PERSON, KIND_ORG: ORG, "vessel": VESSEL}
MIN_SINGLE = 5  # letters of a one-word organisation or vessel name
# One-word names that are everyday English words when capitalised (headlines, titles).
COMMON = frozenset(
    [
        "korea",
        "china",
        "russia",
        "united",
        "national",
        "international",
        "general",
        "trading",
        "company",
        "group",
        "bank",
        "victory",
        "union",
        "central",
        "state",
        "people",
        "peoples",
        "new",
        "world",
        "global",
        "star",
        "ocean",
        "sea",
        "east",
        "west",
        "north",
        "south",
        "golden",
        "great",
        "first",
    ]
)
# Small words written in lower case inside a name ("Ministry of State Security", "Propaganda
# and Agitation Department"), never at its ends.
CONNECTORS = frozenset(
    ["of", "and", "for", "the", "de", "du", "des", "la", "le", "al", "el", "bin", "binti", "van"]
)
_LEGAL_WORDS = frozenset(w for form in LEGAL_FORMS for w in form.split())


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # character offsets in the text
    end: int
    label: str
    targets: tuple[int, ...]  # indexes into Index.targets


def text_key(word: str) -> str:
    """The key sequence of one word of text (a Hangul word may fold to several)."""
    return SEP.join(token_key(w) for w in fold(word).split())


class Gazetteer:
    def __init__(self, index: Index) -> None:
        self.index = index
        self._keys: dict[str, str] = {}
        patterns: dict[str, tuple[str, set[int]]] = {}
        for t_idx, form, weak in index.names:
            if weak:
                continue  # weak aliases ("Mr Kim") are not evidence enough to tag text
            label = LABEL_OF_KIND.get(form.kind, ORG)
            for tokens in _orders(form.text, form.tokens, form.kind, form.number):
                if not _acceptable(tokens, form.kind):
                    continue
                key = SEP + SEP.join(token_key(t) for t in tokens) + SEP
                found = patterns.setdefault(key, (label, set()))
                found[1].add(t_idx)
        self.size = len(patterns)
        automaton = ahocorasick.Automaton()
        for key, (label, targets) in patterns.items():
            automaton.add_word(key, (len(key), label, tuple(sorted(targets))))
        if patterns:
            automaton.make_automaton()
        self._automaton = automaton if patterns else None

    def _key(self, word: str) -> str:
        key = self._keys.get(word)
        if key is None:
            if len(self._keys) > 500_000:
                self._keys.clear()
            key = self._keys[word] = text_key(word) or "_"
        return key

    def find(self, text: str) -> list[Hit]:
        """Longest non-overlapping name matches, left to right."""
        if self._automaton is None:
            return []
        parts = SPLIT.split(text)  # separator, word, separator, word, ..., separator
        words = parts[1::2]
        keys = self._keys
        seq = [keys.get(w) or self._key(w) for w in words]
        line = SEP + SEP.join(seq) + SEP
        raw = list(self._automaton.iter(line))
        if not raw:
            return []
        # key-line offset of each word's first character -> word index
        starts = [1 + n + i for i, n in enumerate(accumulate([0, *map(len, seq[:-1])]))]
        offsets = list(accumulate(map(len, parts), initial=0))
        spans = _Spans(offsets)
        candidates = []
        for end, (length, label, targets) in raw:
            first = bisect_right(starts, end - length + 2) - 1
            last = bisect_right(starts, end - 1) - 1
            candidates.append((first, last, label, targets))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        hits: list[Hit] = []
        taken = -1
        for first, last, label, targets in candidates:
            if first <= taken:
                continue
            if not _looks_like_a_name(text, words, spans, first, last, label):
                continue
            if label == ORG:
                while (
                    last + 1 < len(words)
                    and _legal_word(words[last + 1])
                    and _joined(text, spans, last, _legal_word(words[last]))
                ):
                    last += 1  # the legal form the index left out: "... Trading Corporation"
            start, end = spans[first][0], spans[last][1]
            if text.count("(", start, end) > text.count(")", start, end):
                close = text.find(")", end, end + 2)
                end = close + 1 if close >= 0 else end
            hits.extend(_split_acronym(text, start, end, label, targets))
            taken = last
        return hits

    def mentions(self, text: str) -> list[Mention]:
        result = []
        for hit in self.find(text):
            ids = [self.index.targets[i].id for i in hit.targets]
            result.append(
                Mention(
                    text=text[hit.start : hit.end],
                    label=hit.label,
                    start=hit.start,
                    end=hit.end,
                    origin="gazetteer",
                    candidates=ids,
                )
            )
        return result


def _orders(
    text: str, tokens: tuple[str, ...], kind: str, number: str | None = None
) -> Iterable[tuple[str, ...]]:
    """The word orders a name is written in: as listed, as the index reads it (given names
    first), and for people also family name first (Korean order) and last. A vessel's hull
    number, which the index keeps apart, belongs to the name in text ("Yu Jong 2", "Bokwang
    No. 5"): without it "Vladivostok" would be a ship."""
    if number is not None:
        yield (*tokens, number)
        yield (*tokens, "no", number)
        return
    yield tokens
    if kind != KIND_PERSON:
        return
    written = tuple(fold(text).split())
    if written and len(written) <= 6:
        yield written
    if len(tokens) > 1:
        yield (tokens[-1], *tokens[:-1])
        yield (*tokens[1:], tokens[0])


class _Spans:
    """Word index -> (start, end) character span, from the cumulative lengths of the parts."""

    def __init__(self, offsets: list[int]) -> None:
        self._offsets = offsets

    def __getitem__(self, i: int) -> tuple[int, int]:
        return self._offsets[2 * i + 1], self._offsets[2 * i + 2]


def _split_acronym(
    text: str, start: int, end: int, label: str, targets: tuple[int, ...]
) -> list[Hit]:
    """A listed "BANKING CORPORATION (KKBC)" found as written is two mentions, the name and
    its acronym, as a reader sees them (and as the acronym is mentioned alone later)."""
    found = TRAILING_ACRONYM.match(text[start:end]) if text[end - 1] == ")" else None
    if found is None or not is_acronym(found["note"], found["head"]):
        return [Hit(start, end, label, targets)]
    return [
        Hit(start, start + found.end("head"), label, targets),
        Hit(start + found.start("note"), start + found.end("note"), label, targets),
    ]


def _joined(text: str, spans: _Spans, i: int, abbreviation: bool) -> bool:
    """Word i and the next belong to one name: a full stop between them only closes an
    abbreviation ("Co., Ltd."), not a sentence ("... Department. A spokesman")."""
    gap = text[spans[i][1] : spans[i + 1][0]]
    return len(gap) <= 3 and "\n" not in gap and ("." not in gap or abbreviation)


def _legal_word(word: str) -> bool:
    return word[0].isupper() and fold(word) in _LEGAL_WORDS


def _acceptable(tokens: tuple[str, ...], kind: str) -> bool:
    if not tokens or len(tokens) > 8:
        return False
    if len(tokens) == 1:
        word = tokens[0]
        return kind != KIND_PERSON and len(word) >= MIN_SINGLE and word not in COMMON
    return not all(t in COMMON or len(t) == 1 for t in tokens)


def _capitalised(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or not word[0].isascii()


def _looks_like_a_name(
    text: str, words: list[str], spans: _Spans, first: int, last: int, label: str
) -> bool:
    """Capitalised words (or digits); a one-word name neither opening its sentence nor part
    of a longer proper name ("Royal" in "the Royal Malaysian Police")."""
    inside = words[first + 1 : last]
    if not (_capitalised(words[first]) and _capitalised(words[last])):
        return False
    if not all(_capitalised(word) or word in CONNECTORS for word in inside):
        return False
    if (
        label == PERSON
        and last + 1 < len(words)
        and words[last + 1][0].isupper()
        and text[spans[last][1] : spans[last + 1][0]] in (" ", "-")
    ):
        return False  # the name goes on: "Kim Chol" of "Kim Chol Ho" is someone else
    if first == last:
        for n in (first - 1, first + 1):
            if 0 <= n < len(words) and words[n][0].isupper() and not _legal_word(words[n]):
                gap = text[spans[min(n, first)][1] : spans[max(n, first)][0]]
                if gap.strip() in ("", "-"):
                    return False
        before = text[max(0, spans[first][0] - 3) : spans[first][0]].strip()
        if first == 0 or before.endswith((".", "!", "?", "“", '"')) or before == "":
            return bool(words[first].isupper() and len(words[first]) > 3)
    return True
