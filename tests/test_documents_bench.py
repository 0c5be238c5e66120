"""The document benchmark's gold data and scorer (benchmarks/documents), without the model: every
annotation points at text that is there, the texts are not the corpus articles, and a perfect
extraction scores perfectly."""

from __future__ import annotations

import re

import pytest

from benchmarks.documents import evaluate
from benchmarks.documents.gold import DOCS, HELD_OUT, Doc
from cordon.documents.model import Claim, ClaimEnd, Extraction, Mention
from tests.paths import SHARED

ALL = DOCS + HELD_OUT
SOURCE_ID = re.compile(r"^(un|ofac|uk|eu|os):\S+$")


def test_ids_are_unique_and_links_are_source_ids():
    assert len({d.id for d in ALL}) == len(ALL)
    for doc in ALL:
        for m in doc.mentions:
            links = (m.link,) if isinstance(m.link, str) else m.link or ()
            assert all(SOURCE_ID.match(x) for x in links), (doc.id, m)
            assert m.label in evaluate.LABELS, (doc.id, m)


@pytest.mark.parametrize("doc", ALL, ids=[d.id for d in ALL])
def test_every_annotation_is_in_its_text(doc: Doc):
    spans = evaluate.gold_spans(doc)  # raises on a surface not in the text
    assert all(doc.text[s.start : s.end] == s.text for s in spans)
    evaluate.gold_claims(doc, spans)  # raises on an end that is no mention or a vague `where`


def test_the_corpus_articles_are_not_gold():
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}

    corpus = set()
    for path in (SHARED / "corpus").glob("*.txt"):
        corpus |= shingles(path.read_text())
    for doc in ALL:
        assert not shingles(doc.text) & corpus, doc.id


def perfect(doc: Doc) -> Extraction:
    """An extraction that says exactly what the gold says."""
    spans = evaluate.gold_spans(doc)
    mentions = []
    for s in spans:
        mentions.append(
            Mention(
                s.text,
                s.label,
                s.start,
                s.end,
                "ner",
                entity_id=s.link[0] if s.link else None,
                source_ids=list(s.link or ()),
            )
        )
    first = {s.text: s for s in spans}
    claims = []
    for g in evaluate.gold_claims(doc, spans):
        subject, obj = first[g.claim.subject], first[g.claim.object]
        start = doc.text.rfind(". ", 0, g.at) + 1
        end = doc.text.find(". ", g.at)
        claims.append(
            Claim(
                ClaimEnd(subject.text, subject.start, subject.end, subject.label),
                g.claim.predicate,
                ClaimEnd(obj.text, obj.start, obj.end, obj.label),
                g.claim.hedge,
                (start, end if end >= 0 else len(doc.text)),
                "",
                attribution=g.claim.attribution,
            )
        )
    return Extraction(doc.text, mentions, claims, "en")


def test_a_perfect_extraction_scores_perfectly():
    score = evaluate.Score()
    for doc in ALL:
        evaluate.score_doc(doc, perfect(doc), score)
    assert evaluate.by_label(score)["all"]["f1"] == 1.0
    assert score.link_right == score.link_judged > 0
    assert score.claims_matched == score.claims_gold == score.claims_predicted > 0
    assert score.hedge_right == score.claims_matched and score.hedged_as_asserted == 0
    assert not score.errors


def test_a_hedged_claim_emitted_as_asserted_is_counted():
    doc = next(d for d in DOCS if d.id == "sister")
    result = perfect(doc)
    for claim in result.claims:
        claim.hedge = "asserted"
    score = evaluate.Score()
    evaluate.score_doc(doc, result, score)
    hedged = sum(c.hedge != "asserted" for c in doc.claims)
    assert hedged and score.hedged_as_asserted == hedged
