"""Scoring an extraction against the gold annotations of `gold.py`.

Mentions: a predicted mention is right (strict) when its span and label equal a gold mention's;
lenient counts an overlapping span of the same label (one to one). Linking is judged on the gold
person / organization / vessel mentions that a predicted mention overlaps: right when the gold
designee's record is among the link's `source_ids`, or when a name on no list is left unlinked.
Claims: right when the predicate is the same, both ends fall on gold mentions of the same
referents (coreference keys) and the evidence sentence holds the gold `where`; hedge and
attribution are then compared on the matched claims.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from benchmarks.documents.gold import ASSERTED, C, Doc
from cordon.documents.model import Extraction

LABELS = ("person", "organization", "vessel", "location", "date", "money", "identifier")
LINKABLE = ("person", "organization", "vessel")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str
    link: tuple[str, ...] | None = None  # gold: acceptable source ids; None: on no list
    ref: str = ""


@dataclass(frozen=True)
class GoldClaim:
    claim: C
    subject: str  # refs
    object: str
    at: int  # offset of `where`


@dataclass
class Score:
    """Counts summed over documents; rates computed at the end."""

    tp: Counter = field(default_factory=Counter)  # strict, by label
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    lenient_tp: Counter = field(default_factory=Counter)
    lenient_fp: Counter = field(default_factory=Counter)
    lenient_fn: Counter = field(default_factory=Counter)
    link_judged: int = 0
    link_right: int = 0
    links_made: int = 0  # on gold linkable mentions
    links_made_right: int = 0
    designee_mentions: int = 0  # gold mentions of a designee (found or not)
    designee_linked: int = 0
    nil_mentions: int = 0
    nil_linked: int = 0  # names on no list that were linked (false links)
    spurious_links: int = 0  # links on predicted mentions that match no gold mention
    claims_gold: int = 0
    claims_predicted: int = 0
    claims_matched: int = 0
    hedge_right: int = 0
    hedged_as_asserted: int = 0
    hedge_confusion: Counter = field(default_factory=Counter)  # (gold, predicted)
    attribution_judged: int = 0
    attribution_right: int = 0
    errors: list[str] = field(default_factory=list)


def gold_spans(doc: Doc) -> list[Span]:
    """Every whole-word occurrence of each annotated surface not inside a longer one."""
    taken: list[Span] = []
    for m in sorted(doc.mentions, key=lambda m: -len(m.surface)):
        pattern = re.compile(r"(?<!\w)" + re.escape(m.surface) + r"(?!\w)")
        link = (m.link,) if isinstance(m.link, str) else m.link
        ref = m.ref or (link[0] if link else m.surface)
        found = 0
        for hit in pattern.finditer(doc.text):
            if any(hit.start() < s.end and s.start < hit.end() for s in taken):
                continue
            taken.append(Span(hit.start(), hit.end(), m.label, m.surface, link, ref))
            found += 1
        if not found:
            raise ValueError(f"{doc.id}: {m.surface!r} is not in the text")
    return sorted(taken, key=lambda s: s.start)


def gold_claims(doc: Doc, spans: list[Span]) -> list[GoldClaim]:
    refs = {s.text: s.ref for s in spans}
    result = []
    for c in doc.claims:
        at = doc.text.find(c.where)
        if at < 0 or doc.text.find(c.where, at + 1) >= 0:
            raise ValueError(f"{doc.id}: {c.where!r} must occur once in the text")
        for end in (c.subject, c.object):
            if end not in refs:
                raise ValueError(f"{doc.id}: claim end {end!r} is not an annotated mention")
        result.append(GoldClaim(c, refs[c.subject], refs[c.object], at))
    return result


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _ref_at(spans: list[Span], start: int, end: int) -> str | None:
    best = None
    for s in spans:
        if _overlap(s.start, s.end, start, end):
            size = min(s.end, end) - max(s.start, start)
            if best is None or size > best[0]:
                best = (size, s.ref)
    return best[1] if best else None


def score_doc(doc: Doc, result: Extraction, score: Score) -> None:
    spans = gold_spans(doc)
    predicted = [m for m in result.mentions if m.label in LABELS]
    # strict
    exact = {(s.start, s.end, s.label) for s in spans}
    for m in predicted:
        if (m.start, m.end, m.label) in exact:
            score.tp[m.label] += 1
        else:
            score.fp[m.label] += 1
            score.errors.append(f"{doc.id}: extra {m.label} {m.text!r}")
    found = {(m.start, m.end, m.label) for m in predicted}
    for s in spans:
        if (s.start, s.end, s.label) not in found:
            score.fn[s.label] += 1
            score.errors.append(f"{doc.id}: missed {s.label} {s.text!r}")
    # lenient, one to one
    used: set[int] = set()
    for s in spans:
        hit = next(
            (
                i
                for i, m in enumerate(predicted)
                if i not in used and m.label == s.label and _overlap(s.start, s.end, m.start, m.end)
            ),
            None,
        )
        if hit is None:
            score.lenient_fn[s.label] += 1
        else:
            used.add(hit)
            score.lenient_tp[s.label] += 1
    for i, m in enumerate(predicted):
        if i not in used:
            score.lenient_fp[m.label] += 1
    # linking
    for s in spans:
        if s.label not in LINKABLE:
            continue
        if s.link:
            score.designee_mentions += 1
        else:
            score.nil_mentions += 1
        over = [m for m in predicted if _overlap(s.start, s.end, m.start, m.end)]
        if not over:
            continue
        m = max(over, key=lambda m: min(m.end, s.end) - max(m.start, s.start))
        score.link_judged += 1
        if m.entity_id:
            score.links_made += 1
        if s.link:
            right = bool(m.entity_id) and bool(set(s.link) & set(m.source_ids))
            score.designee_linked += right
        else:
            right = m.entity_id is None
            score.nil_linked += not right
        score.link_right += right
        score.links_made_right += right and bool(m.entity_id)
        if not right:
            shown = f"{m.caption} {m.source_ids[:2]}" if m.entity_id else "nothing"
            score.errors.append(f"{doc.id}: link {s.text!r} -> {shown}, gold {s.link}")
    for m in predicted:
        if m.entity_id and not any(_overlap(s.start, s.end, m.start, m.end) for s in spans):
            score.spurious_links += 1
            score.errors.append(f"{doc.id}: link on a non-mention {m.text!r} -> {m.caption}")
    # claims
    gold = gold_claims(doc, spans)
    score.claims_gold += len(gold)
    score.claims_predicted += len(result.claims)
    open_gold = list(gold)
    for claim in result.claims:
        subject = _ref_at(spans, claim.subject.start, claim.subject.end)
        obj = _ref_at(spans, claim.object.start, claim.object.end)
        start, end = claim.evidence
        match = next(
            (
                g
                for g in open_gold
                if g.claim.predicate == claim.predicate
                and g.subject == subject
                and g.object == obj
                and start <= g.at < end
            ),
            None,
        )
        shown = f"{claim.subject.text!r} {claim.predicate} {claim.object.text!r} [{claim.hedge}]"
        if match is None:
            score.errors.append(f"{doc.id}: extra claim {shown}")
            continue
        open_gold.remove(match)
        score.claims_matched += 1
        want = match.claim.hedge
        score.hedge_confusion[(want, claim.hedge)] += 1
        if claim.hedge == want:
            score.hedge_right += 1
        else:
            score.errors.append(f"{doc.id}: hedge of {shown}, gold {want}")
        if want != ASSERTED and claim.hedge == ASSERTED:
            score.hedged_as_asserted += 1
        score.attribution_judged += 1
        if match.claim.attribution is None:
            ok = claim.attribution is None
        else:
            ok = match.claim.attribution.lower() in (claim.attribution or "").lower()
        score.attribution_right += ok
        if not ok:
            score.errors.append(
                f"{doc.id}: attribution of {shown}: {claim.attribution!r}, "
                f"gold {match.claim.attribution!r}"
            )
    for g in open_gold:
        c = g.claim
        score.errors.append(
            f"{doc.id}: missed claim {c.subject!r} {c.predicate} {c.object!r} [{c.hedge}]"
        )


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def by_label(score: Score) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = defaultdict(dict)
    for label in (*LABELS, "all"):
        if label == "all":
            tp, fp, fn = (sum(c.values()) for c in (score.tp, score.fp, score.fn))
            ltp, lfp, lfn = (
                sum(c.values()) for c in (score.lenient_tp, score.lenient_fp, score.lenient_fn)
            )
        else:
            tp, fp, fn = score.tp[label], score.fp[label], score.fn[label]
            ltp, lfp, lfn = (
                score.lenient_tp[label],
                score.lenient_fp[label],
                score.lenient_fn[label],
            )
        p, r, f = prf(tp, fp, fn)
        rows[label] = {
            "gold": tp + fn,
            "predicted": tp + fp,
            "precision": p,
            "recall": r,
            "f1": f,
            "lenient_f1": prf(ltp, lfp, lfn)[2],
        }
    return rows
