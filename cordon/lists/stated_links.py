"""Links a list states only in prose: "KOMID is the parent company of Tosong Technology Trading
Corporation", "works on behalf of the Ministry of Atomic Energy Industry", "a representative for
Ilsim International Bank".

The UN and UK lists have no field for associations; their narrative summaries (UN COMMENTS1,
UK "Other Information") name them. A link is taken only where a fixed cue names its kind and
the words next to it are, exactly, the name, alias or acronym of one other record of the same
list. A sentence that hedges ("we suspect", "believed to", "reportedly") or negates ("no
longer") yields nothing, since a list's own link is asserted. The sentence is kept as the
link's original text, so the graph shows the list's words as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cordon.lists.records import Draft, Record, short_hash

NAME_PROPS = ("name", "alias", "previousName")  # weak aliases are too loose to link by
ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&\-]{1,11})\)")
SENTENCE = re.compile(r"[^.;]+(?:\.(?=\S)[^.;]*)*[.;]?")
HEDGED = re.compile(
    r"\b(suspect\w*|believed|reportedly|alleged\w*|probably|possibly|may have|might|"
    r"likely|said to|appears? to|suggest\w*)\b",
    re.I,
)
NEGATED = re.compile(r"\b(not|no longer|never|den(?:y|ies|ied))\b", re.I)
MAX_NAME_WORDS = 12


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that names a link of `schema`: the record fills `record_prop`, the name next to
    the cue `other_prop` (before the cue when `named_before`, as the sentence's subject)."""

    pattern: re.Pattern[str]
    schema: str
    role: str
    record_prop: str
    other_prop: str
    named_before: bool = False


def _cue(phrase: str, schema: str, role: str, ends: str, before: bool = False) -> Cue:
    record_prop, other_prop = ends.split()
    return Cue(re.compile(rf"\b{phrase}\b", re.I), schema, role, record_prop, other_prop, before)


BEHALF = r"(?:acts? |working |works |operat\w+ )?(?:for or )?on behalf of"
CUES = (
    _cue(r"is the parent company of", "Ownership", "parent company", "asset owner", before=True),
    _cue(r"(?:a |the )?subsidiary of", "Ownership", "subsidiary of", "asset owner"),
    _cue(r"subordinate to", "UnknownLink", "subordinate to", "subject object"),
    _cue(BEHALF, "UnknownLink", "acts on behalf of", "subject object"),
    _cue(r"representative (?:for|of)", "Representation", "representative", "agent client"),
    _cue(r"(?:is |was |are )?used by", "UnknownLink", "used by", "subject object"),
    _cue(r"front (?:company )?(?:for|of)", "UnknownLink", "front company of", "subject object"),
    _cue(
        r"taken over (?:many of )?the activities of",
        "UnknownLink",
        "took over activities of",
        "subject object",
    ),
    _cue(r"(?:associated|affiliated) with", "UnknownLink", "associated with", "subject object"),
)


def key(name: str) -> str:
    return " ".join(re.sub(r"[^\w&\-']+", " ", name).split()).casefold()


class ListNames:
    """Every name, alias and acronym of a list's records: a name that belongs to one record."""

    def __init__(self, records: Iterable[Record]) -> None:
        owners: dict[str, set[str]] = {}
        for record in records:
            main = record.main
            for prop, value, _ in main.values:
                if prop not in NAME_PROPS:
                    continue
                forms = [value, ACRONYM.sub("", value)]
                forms += [m.group(1) for m in ACRONYM.finditer(value)]
                for form in forms:
                    if len(k := key(form)) > 2:
                        owners.setdefault(k, set()).add(main.id)
        self.unique = {k: next(iter(ids)) for k, ids in owners.items() if len(ids) == 1}

    def _one(self, words: list[str]) -> str | None:
        text = " ".join(words)
        if len(words) == 1 and not ACRONYM.fullmatch(f"({words[0].strip('.,')})"):
            return None  # a one-word name links only as an acronym written in capitals
        return self.unique.get(key(re.sub(r"^the\s+", "", text, flags=re.I)))

    def after(self, text: str) -> list[str]:
        """The records named right after a cue: 'X', 'X and Y', 'X, Y and Z'."""
        found = []
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+", text)[:4]:
            words = part.split()[:MAX_NAME_WORDS]
            for n in range(len(words), 0, -1):
                if (hit := self._one(words[:n])) is not None:
                    found.append(hit)
                    break
            else:
                break  # the names end where a part is no name
        return found

    def before(self, text: str) -> list[str]:
        """The record named as the whole subject before a cue ('KOMID is the parent ...')."""
        words = text.split()
        hit = self._one(words) if 0 < len(words) <= MAX_NAME_WORDS else None
        return [hit] if hit else []


def links_in(record: Record, text: str, names: ListNames) -> list[Draft]:
    """The link entities that `text` (the record's own narrative) states."""
    main = record.main
    drafts: dict[str, Draft] = {}
    for match in SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if not sentence or HEDGED.search(sentence) or NEGATED.search(sentence):
            continue
        for cue in CUES:
            for hit in cue.pattern.finditer(sentence):
                if cue.named_before:
                    # "X is the parent company of <this record>", not of some third record
                    named = names.after(sentence[hit.end() :].lstrip(" :"))
                    if any(o != main.id for o in named):
                        continue
                    others = names.before(sentence[: hit.start()])
                else:
                    others = names.after(sentence[hit.end() :].lstrip(" :"))
                for other in others:
                    if other == main.id:
                        continue
                    link_id = f"{main.id}-stated-{short_hash(cue.role, other)}"
                    if link_id in drafts:
                        continue
                    draft = drafts[link_id] = Draft(link_id, cue.schema)
                    draft.add(cue.record_prop, main.id)
                    draft.add(cue.other_prop, other)
                    draft.add("role", cue.role, sentence)
    return list(drafts.values())


def add_stated_links(records: list[Record]) -> None:
    """Add to each record the links its notes state."""
    names = ListNames(records)
    for record in records:
        notes = [value for prop, value, _ in record.main.values if prop == "notes"]
        for text in notes:
            record.entities.extend(links_in(record, text, names))
