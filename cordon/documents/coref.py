"""Coreference, light: mentions of the same thing within one document share a group.

Rules, in order, for each person, organisation, vessel or place mention (text order):

1. the same words as an earlier mention (folded, titles such as Mr or General left out);
2. an acronym of an earlier organisation ("RGB" after "Reconnaissance General Bureau");
3. a part of exactly one earlier, longer name of the same label ("Jong Nam" after
   "Mr Kim Jong Nam"); a part of two different names ("Kim" after Kim Jong Un and Kim Jong Nam)
   starts a group of its own rather than guessing;
4. otherwise a new group.

After linking, groups linked to the same entity are joined (`join_linked`).
"""

from __future__ import annotations

from cordon.documents.model import NAMED, ORG, PERSON, Mention
from cordon.names.normalize import fold

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "sir",
        "madam",
        "president",
        "chairman",
        "leader",
        "minister",
        "director",
        "comrade",
        "marshal",
        "premier",
        "ambassador",
        "the",
        "a",
        "an",
    ]
)
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de", "la"})


def words(text: str) -> tuple[str, ...]:
    tokens = fold(text).split()
    kept = [t for t in tokens if t not in TITLES]
    return tuple(kept or tokens)


def acronym(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in _ACRONYM_SKIP)


def relabel(mentions: list[Mention]) -> None:
    """A model mention with the same words as a listed name found in the document takes the
    list's label ("Glocom" tagged PERSON by the model, ORG by the list)."""
    listed = {words(m.text): m.label for m in mentions if m.origin in ("gazetteer", "vessel")}
    for mention in mentions:
        if mention.origin in ("ner", "coref") and mention.label in NAMED:
            mention.label = listed.get(words(mention.text), mention.label)


def group(mentions: list[Mention]) -> None:
    """Set `group` on every named mention (other mentions get a group of their own)."""
    relabel(mentions)
    groups: list[tuple[str, tuple[str, ...]]] = []  # group id -> (label, longest words)
    exact: dict[tuple[str, tuple[str, ...]], int] = {}
    acronyms: dict[str, int] = {}
    for mention in mentions:
        if mention.label not in NAMED:
            mention.group = len(groups)
            groups.append((mention.label, ()))
            continue
        w = words(mention.text)
        found = exact.get((mention.label, w))
        if found is None and mention.label == ORG and len(w) == 1:
            found = acronyms.get(w[0])
        if found is None and mention.label in (PERSON, ORG) and w:
            wider = {
                g
                for g, (label, longest) in enumerate(groups)
                if label == mention.label and len(longest) > len(w) and _part_of(w, longest)
            }
            if len(wider) == 1:
                found = wider.pop()
        if found is None and mention.label in (PERSON, ORG) and len(w) > 1:
            # the short form came first ("Jong Nam" ... "Kim Jong Nam"): the same, if unique
            narrower = {
                g
                for g, (label, shorter) in enumerate(groups)
                if label == mention.label
                and shorter
                and len(shorter) < len(w)
                and _part_of(shorter, w)
                and (len(shorter) > 1 or mention.label == PERSON)
            }
            if len(narrower) == 1:
                found = narrower.pop()
        if found is None:
            found = len(groups)
            groups.append((mention.label, w))
            if mention.label == ORG and len(w) >= 2:
                acronyms.setdefault(acronym(w), found)
        elif len(w) > len(groups[found][1]):
            groups[found] = (mention.label, w)
        exact.setdefault((mention.label, w), found)
        mention.group = found
    _renumber(mentions)


def _part_of(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    """Every word of `part` in `whole`, in the same order."""
    it = iter(whole)
    return all(word in it for word in part)


def join_linked(mentions: list[Mention]) -> None:
    """Groups whose mentions were linked to the same entity are one group."""
    first: dict[str, int] = {}
    remap: dict[int, int] = {}
    for mention in mentions:
        if mention.entity_id and mention.group is not None:
            target = first.setdefault(mention.entity_id, mention.group)
            if target != mention.group:
                remap[mention.group] = target
    for mention in mentions:
        if mention.group in remap:
            mention.group = remap[mention.group]
    _renumber(mentions)


def _renumber(mentions: list[Mention]) -> None:
    """Groups numbered 0, 1, 2... in order of first mention."""
    numbers: dict[int, int] = {}
    for mention in mentions:
        if mention.group is not None:
            mention.group = numbers.setdefault(mention.group, len(numbers))
