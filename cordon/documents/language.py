"""Is the text in the model's language? A cheap check, so that a Korean or French report is
not fed to an English model as if it were English (which yields confident nonsense).

Script first (cordon.names.scripts); for Latin-script text, the share of the language's most
common function words. When the text is not in the model's language cordon says so and does
what does not depend on the language: the gazetteer (list names, Hangul included),
identifiers (IMO, passport, phone, email). No claims are read from a text the parser cannot read.
"""

from __future__ import annotations

import re

from cordon.names.scripts import detect

# Function words: in English prose about one word in four or five is one of these.
FUNCTION_WORDS = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "a",
            "is",
            "that",
            "for",
            "on",
            "with",
            "as",
            "by",
            "was",
            "were",
            "are",
            "it",
            "from",
            "at",
            "be",
            "has",
            "have",
            "had",
            "this",
            "which",
            "or",
            "an",
            "its",
            "their",
            "his",
            "her",
            "he",
            "she",
            "they",
            "not",
            "but",
            "said",
            "who",
        ]
    ),
}
MIN_SHARE = 0.08
_WORD = re.compile(r"[^\W\d_]+")
SAMPLE = 20_000  # characters looked at


def check(text: str, lang: str) -> tuple[bool, str]:
    """(readable by a model of `lang`, what the text looks like)."""
    sample = text[:SAMPLE]
    script = detect(sample)
    if script not in ("Latin",):
        return False, f"{script} script"
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 20:
        return True, "too short to tell"
    common = FUNCTION_WORDS.get(lang)
    if common is None:
        return True, "Latin script"
    share = sum(w in common for w in words) / len(words)
    if share < MIN_SHARE:
        return False, f"Latin script, not {lang} ({share:.0%} {lang} function words)"
    return True, lang
