"""Linking: each group of person, organisation or vessel mentions is screened, once, against
every loaded entity with the screening engine (`cordon.screening`), so a link has the same
score and explanation a screening hit would have.

The query is the group's longest name (titles dropped), typed by its label, with the context
the sentence gives: an IMO number beside a vessel, a passport number or birth year beside a
person. Those can only confirm or contradict identity (the scorer's own rules); nationality and
country words in the text are never used: a country is not evidence about a person.

An organisation the text names as a country's own ("Japan's Ministry of Defense") is not
linked to a listed entity of other countries only (the DPRK's ministry of the same name).

Decision: the best match at or above `LINK_THRESHOLD` is the link, unless a different entity
scores within `AMBIGUOUS_MARGIN` of it (then nothing is linked and the explanation names both),
and a one-word person name ("Kim") is never linked on its own, nor a one-word organisation or
vessel name that the scorer finds only as a variant of a listed name (`ONE_WORD_SCORE`).
Where the name scorer rates the group below the threshold but the gazetteer found one of
exactly one entity's listed names written in the text, that entity is linked at
`GAZETTEER_SCORE`. Every decision is explained in a final `link_decision` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from followthemoney.types import registry

from cordon.documents.coref import TITLES
from cordon.documents.model import (
    IDENTIFIER,
    LINKABLE,
    LOCATION,
    ORG,
    PERSON,
    SCHEMA_OF_LABEL,
    VESSEL,
    Mention,
)
from cordon.names.normalize import fold
from cordon.screening.engine import Screener
from cordon.screening.model import Feature, Match, Query

LINK_THRESHOLD = 0.8
AMBIGUOUS_MARGIN = 0.02
ONE_WORD_SCORE = 0.95  # a one-word name ("KUALA" of a dateline) only as a listed name
GAZETTEER_SCORE = 0.9  # a listed name written exactly, where the name scorer rated it lower
_POSSESSIVE = re.compile(r"['’]s\s+(?:the\s+)?$")
_BORN = re.compile(r"\bborn\b[^.;]{0,40}?\b(1[89]\d\d|20[0-2]\d)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


def _decision(detail: str, effect: float = 0.0) -> dict[str, Any]:
    return {
        "feature": "link_decision",
        "effect": effect,
        "detail": detail,
        "query": None,
        "candidate": None,
    }


def link(screener: Screener, text: str, mentions: list[Mention], sentences: list[Sentence]) -> None:
    """Set entity_id, caption, source_ids, score and explanation on linkable mentions."""
    by_group: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.label in LINKABLE and mention.group is not None:
            by_group.setdefault(mention.group, []).append(mention)
    for members in by_group.values():
        _link_group(screener, text, members, mentions, sentences)


def _link_group(
    screener: Screener,
    text: str,
    members: list[Mention],
    mentions: list[Mention],
    sentences: list[Sentence],
) -> None:
    label = members[0].label
    name = max((m.text for m in members), key=lambda t: (len(_words(t)), len(t)))
    words = _words(name)
    context = _context(text, members, mentions, sentences)
    query = Query(
        id="mention",
        schema=SCHEMA_OF_LABEL[label],
        names=(" ".join(words) or name,),
        imo=tuple(context["imo"]) if label == VESSEL else (),
        passports=tuple(context["passport"]) if label == PERSON else (),
        birth_dates=tuple(context["born"]) if label == PERSON else (),
    )
    matches = screener.match(query, threshold=LINK_THRESHOLD, limit=3)
    best = matches[0] if matches else None
    explanation = [f.to_dict() for f in best.explanation] if best else []
    linked: Match | None = None
    listed = {c for m in members for c in m.candidates}  # gazetteer: a listed name, exactly
    owner = _owner_country(text, members, mentions) if label == ORG else None
    elsewhere = _elsewhere(screener, owner, best, listed)
    if elsewhere:
        explanation.append(_decision(elsewhere))
    elif (best is None or best.score < LINK_THRESHOLD) and len(listed) == 1:
        linked = _exact(screener, listed.pop(), best, name)
        explanation.append(linked.explanation[-1].to_dict())
    elif best is None or best.score < LINK_THRESHOLD:
        shown = f" (best: {best.caption} at {best.score:.2f})" if best else ""
        explanation.append(_decision(f"no entity scores {LINK_THRESHOLD} or more{shown}"))
    elif label == PERSON and len(words) < 2 and not context["imo"] and not context["passport"]:
        explanation.append(
            _decision(f"one word ({name!r}) is not enough to name a person; not linked")
        )
    elif len(words) < 2 and best.score < ONE_WORD_SCORE and not context["imo"]:
        explanation.append(
            _decision(
                f"one word ({name!r}) written otherwise than any listed name ({best.caption} "
                f"at {best.score:.2f}, under {ONE_WORD_SCORE}); not linked"
            )
        )
    elif len(matches) > 1 and best.score - matches[1].score < AMBIGUOUS_MARGIN:
        explanation.append(
            _decision(
                f"ambiguous: {best.caption} ({best.score:.2f}) and {matches[1].caption} "
                f"({matches[1].score:.2f}) score alike; not linked"
            )
        )
    else:
        linked = best
        used = [k for k in ("imo", "passport", "born") if context[k]]
        detail = f"linked: {best.caption} scores {best.score:.2f} (threshold {LINK_THRESHOLD})"
        if used:
            detail += "; context used: " + ", ".join(used)
        explanation.append(_decision(detail, round(best.score, 4)))
    for mention in members:
        mention.explanation = explanation
        mention.score = linked.score if linked else (best.score if best else None)
        if linked is not None:
            mention.entity_id = linked.entity_id
            mention.caption = linked.caption
            mention.source_ids = list(linked.source_ids)


def _owner_country(text: str, members: list[Mention], mentions: list[Mention]) -> str | None:
    """The country a place written as its owner puts an organisation in: "Japan's Ministry of
    Defense", "Malaysia's Home Ministry" (a government body's name is its country's own)."""
    places = {m.end: m for m in mentions if m.label == LOCATION}
    for member in members:
        head = _POSSESSIVE.search(text, max(0, member.start - 10), member.start)
        place = places.get(head.start()) if head else None
        code = registry.country.clean(place.text) if place else None
        if code:
            return code
    return None


def _elsewhere(
    screener: Screener, country: str | None, best: Match | None, listed: set[str]
) -> str | None:
    """Why not to link an organisation that the text places in another country than every
    candidate's (None: no objection)."""
    if country is None:
        return None
    ids = {best.entity_id} if best is not None and best.score >= LINK_THRESHOLD else set()
    ids |= listed
    if not ids:
        return None
    targets = [screener.index.targets[screener.position(i)] for i in ids]
    if any(not t.countries or country in t.countries for t in targets):
        return None
    shown = ", ".join(sorted(f"{t.caption} ({', '.join(sorted(t.countries))})" for t in targets))
    return f"the text names it as {country}'s; the listed {shown} is not: not linked"


def _exact(screener: Screener, target_id: str, best: Match | None, name: str) -> Match:
    """A link made on the gazetteer's word: the text writes one of the entity's listed names
    (or aliases) exactly, up to case, accents and romanization. The name scorer may rate the
    pair lower when the list's primary name is longer ("... COMPANY, LIMITED (OMM)")."""
    target = screener.index.targets[screener.position(target_id)]
    scored = (
        f"; the name scorer gave {best.score:.2f}" if best and best.entity_id == target.id else ""
    )
    detail = (
        f"linked: {name!r} is written as a listed name of {target.caption} (gazetteer, "
        f"romanization-aware keys){scored}"
    )
    return Match(
        entity_id=target.id,
        score=GAZETTEER_SCORE,
        match=True,
        caption=target.caption,
        schema=target.schema,
        datasets=sorted(target.datasets),
        source_ids=sorted(target.source_ids),
        explanation=[Feature("link_decision", GAZETTEER_SCORE, detail)],
    )


def _words(text: str) -> list[str]:
    tokens = fold(text).split()
    return [t for t in tokens if t not in TITLES] or tokens


def _context(
    text: str, members: list[Mention], mentions: list[Mention], sentences: list[Sentence]
) -> dict[str, set[str]]:
    """Identifiers and birth years in the sentences of the group's mentions. An IMO number is
    the vessel's written just before it, a passport number the person's ("the tanker X (IMO
    ...)", "X, who holds passport ..."): not every vessel's or person's of the sentence."""
    found: dict[str, set[str]] = {"imo": set(), "passport": set(), "born": set()}
    spans = [s for s in sentences if any(s.start <= m.start < s.end for m in members)]
    owner_label = {"imo": VESSEL, "passport": PERSON}
    for sentence in spans:
        for other in mentions:
            inside = sentence.start <= other.start < sentence.end
            if inside and other.label == IDENTIFIER and other.kind in owner_label:
                before = [
                    m
                    for m in mentions
                    if m.label == owner_label[other.kind] and sentence.start <= m.end <= other.start
                ]
                if not before or max(before, key=lambda m: m.end) in members:
                    found[other.kind].add(other.value or "")
        for m in _BORN.finditer(text, sentence.start, sentence.end):
            found["born"].add(m.group(1))
    return found
