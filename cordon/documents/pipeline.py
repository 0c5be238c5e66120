"""The extractor: text in, grouped and linked mentions and hedged claims out. Pure: it stores
nothing (`cordon extract` prints its result; `service.ingest` stores it)."""

from __future__ import annotations

import re

from cordon.documents import claims as claim_reader
from cordon.documents import coref, identifiers, language, linking, mentions, nlp
from cordon.documents.gazetteer import Gazetteer
from cordon.documents.linking import Sentence
from cordon.documents.model import Extraction
from cordon.policy import SYSTEM, Principal
from cordon.screening.engine import Screener
from cordon.store import Store

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n{2,}")


class Extractor:
    def __init__(self, screener: Screener | None, model: str | None = None) -> None:
        self.screener = screener
        self.gazetteer = Gazetteer(screener.index) if screener is not None else None
        self.model = model or nlp.model_name()
        self.nlp = nlp.load(self.model)

    @classmethod
    def from_store(
        cls, store: Store, principal: Principal = SYSTEM, model: str | None = None
    ) -> Extractor:
        """Linking and the gazetteer over what `principal` may read."""
        return cls(Screener.from_store(store, principal), model)

    def extract(self, text: str) -> Extraction:
        notes: list[str] = []
        readable, looks = language.check(text, self.nlp.lang)
        found_ids = identifiers.find_identifiers(text)
        listed = self.gazetteer.mentions(text) if self.gazetteer is not None else []
        if readable:
            docs = list(nlp.parse(self.nlp, text))
            from_model = mentions.from_model(docs, text)
            vessels = mentions.vessels(text)
            sentences = [
                Sentence(offset + s.start_char, offset + s.end_char)
                for offset, doc in docs
                for s in doc.sents
            ]
        else:
            docs, from_model, vessels = [], [], []
            sentences = _plain_sentences(text)
            notes.append(
                f"unsupported language: the text reads as {looks}, and the model "
                f"{self.model} reads {self.nlp.lang!r}; only listed names (gazetteer) and "
                "identifiers were looked for, and no claims were read"
            )
        merged = mentions.merge(found_ids, mentions.money(text), listed, vessels, from_model)
        merged = mentions.propagate(text, merged)
        coref.group(merged)
        if self.screener is not None:
            linking.link(self.screener, text, merged, sentences)
            coref.join_linked(merged)
        else:
            notes.append("no entities loaded: mentions are not linked")
        found_claims = claim_reader.extract(docs, text, merged) if readable else []
        return Extraction(
            text=text,
            mentions=merged,
            claims=found_claims,
            language=looks if not readable else self.nlp.lang,
            notes=notes,
            model=self.model,
        )


def _plain_sentences(text: str) -> list[Sentence]:
    result, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        result.append(Sentence(start, m.start()))
        start = m.end()
    if start < len(text):
        result.append(Sentence(start, len(text)))
    return result
