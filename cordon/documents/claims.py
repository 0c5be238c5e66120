"""Claims: relations of the fixed predicate set (`predicates.py`) between mentions, read from
cue words placed by the dependency parse, with the hedge and attribution of `hedges.py`.

For each cue in a sentence (words inside a mention are names, not cues):

* subject: the mention the cue's phrase is attached to ("Glocom, a front company for ..."), else
  the grammatical subject of the governing verb (through relative pronouns, "to" clauses and
  conjoined verbs), else the nearest mention before the cue;
* object: a possessive on the cue ("Kim Jong Un's half-brother") or the first mention after the
  cue inside the cue's phrase, else the first mention within a few words after it;
* both ends must have the labels the predicate takes, and must be different things (groups).

Every claim keeps its evidence (the sentence's character span) and starts `proposed`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from cordon.documents.hedges import ASSERTED, scopes, weakest
from cordon.documents.model import NAMED, Claim, ClaimEnd, Mention
from cordon.documents.predicates import CUES, FIRST_WORDS, PREDICATES, Cue

NEAR = 6  # tokens after the cue within which a fallback object may lie
MODIFIED = frozenset({"front_company_of"})  # whose object may modify the cue's noun
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_BE_HAVE = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "having"]
)


def extract(docs: Iterable[tuple[int, Doc]], text: str, mentions: list[Mention]) -> list[Claim]:
    named = [m for m in mentions if m.label in NAMED]
    claims: list[Claim] = []
    seen: set[tuple] = set()
    for offset, doc in docs:
        index = _TokenMentions(doc, offset, named)
        for sentence in doc.sents:
            if index.count(sentence) < 2:
                continue
            hedge_scopes = None
            for first, cue, subject, obj in _relations(sentence, index):
                if hedge_scopes is None:
                    hedge_scopes = scopes(sentence)
                applying = [s for s in hedge_scopes if s.holds(first)]
                hedge = weakest([s.hedge for s in applying]) if applying else ASSERTED
                governing = [s for s in applying if s.hedge == hedge]
                sources = [s for s in applying if s.attribution]  # the nearest source speaks
                sources.sort(key=lambda s: s.last - s.first)
                attribution = sources[0].attribution if sources else None
                start = offset + sentence.start_char
                end = offset + sentence.end_char
                end = start + len(text[start:end].rstrip())
                key = (subject.group, cue.predicate, obj.group, start)
                if key in seen:
                    continue
                seen.add(key)
                claims.append(
                    Claim(
                        subject=_end(subject),
                        predicate=cue.predicate,
                        object=_end(obj),
                        hedge=hedge,
                        evidence=(start, end),
                        cue=" ".join(cue.words),
                        attribution=attribution,
                        hedge_cue=governing[0].cue if governing else None,
                    )
                )
    return claims


class _TokenMentions:
    """Which named mention (if any) each token of a parsed chunk belongs to."""

    def __init__(self, doc: Doc, offset: int, mentions: list[Mention]) -> None:
        self.at: dict[int, Mention] = {}
        self.roots: dict[int, Token] = {}
        for mention in mentions:
            start, end = mention.start - offset, mention.end - offset
            if start < 0 or end > len(doc.text):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            for token in span:
                self.at[token.i] = mention
            self.roots[id(mention)] = span.root

    def count(self, sentence: Span) -> int:
        return len({id(self.at[t.i]) for t in sentence if t.i in self.at})

    def of(self, token: Token) -> Mention | None:
        return self.at.get(token.i)

    def root(self, mention: Mention) -> Token | None:
        return self.roots.get(id(mention))


def _relations(
    sentence: Span, index: _TokenMentions
) -> Iterable[tuple[Token, Cue, Mention, Mention]]:
    """(cue token, cue, subject, object) for each relation of the sentence; a subject with
    conjoined names ("X and Y, both representatives of Z") gives one relation per name."""
    for first, cue in _cues(sentence, index):
        ends = _ends(sentence, first, cue, index)
        if ends is None:
            continue
        subject, obj = ends
        yield first, cue, subject, obj
        end = obj if cue.passive else subject
        root = index.root(end)
        if root is None:
            continue
        for token in root.children:
            other = index.of(token) if token.dep_ == "conj" else None
            if other is None or other.label != end.label or other in (subject, obj):
                continue
            if cue.passive:
                yield first, cue, subject, other
            else:
                yield first, cue, other, obj


def _cues(sentence: Span, index: _TokenMentions) -> Iterable[tuple[Token, Cue]]:
    """(first token, cue) for each cue in the sentence, longest cue first at each position."""
    tokens = list(sentence)
    words = [t.lower_ for t in tokens]
    i = 0
    while i < len(tokens):
        if words[i] in FIRST_WORDS and index.of(tokens[i]) is None:
            for cue in CUES:
                n = len(cue.words)
                if tuple(words[i : i + n]) == cue.words and _is_cue(tokens[i], cue):
                    yield tokens[i], cue
                    i += n - 1
                    break
        i += 1


def _is_cue(token: Token, cue: Cue) -> bool:
    """Verbs as verbs, nouns as nouns: "run" the verb, not "a run on the bank"; "in front of"
    is a place."""
    if token.i > 0 and token.nbor(-1).lower_ == "in" and token.lower_ == "front":
        return False
    if cue.shape == "before":
        return token.i > 0 and token.whitespace_ == "" and token.nbor(-1).whitespace_ == ""
    if (cue.predicate == "family_of" and len(cue.words) == 1) or cue.shape == "noun":
        return token.pos_ in ("NOUN", "PROPN") or token.dep_ in ("compound", "appos")
    if len(cue.words) == 1:
        return token.pos_ in ("VERB", "AUX")
    return True


def _ends(
    sentence: Span, first: Token, cue: Cue, index: _TokenMentions
) -> tuple[Mention, Mention] | None:
    last = first.doc[min(first.i + len(cue.words) - 1, sentence.end - 1)]
    if cue.shape == "before":  # "Dalian-based": about the noun "based" qualifies
        noun = last.head if last.dep_ in ("amod", "compound", "acl") else last
        subject = index.of(noun) or _subject(sentence, noun, index)
    else:
        subject = _subject(sentence, first, index)
    obj = _object(sentence, cue, first, last, index, subject)
    if subject is None or obj is None:
        return None
    if cue.passive:
        subject, obj = obj, subject
    takes_subject, takes_object = PREDICATES[cue.predicate]
    if subject.label not in takes_subject or obj.label not in takes_object:
        return None
    if subject is obj or (subject.group is not None and subject.group == obj.group):
        return None
    return subject, obj


def _subject(sentence: Span, cue: Token, index: _TokenMentions) -> Mention | None:
    # 1. the cue's phrase hangs on a mention (apposition, compound, relative clause); when it
    # hangs on an unnamed noun instead ("groups with ties to ISIS") the subject has no name
    token = cue
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head == token:
            break
        came_by, below = token.dep_, token
        token = token.head
        found = index.of(token)
        if found is not None:
            return found
        if came_by == "prep" and token.pos_ == "VERB" and below.lower_ == "as":
            # "X, which the FBI describes as a front for Y": the verb's object is the front
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
            return _named(objects[0], token, index) if objects else None
        if came_by == "prep" and token.pos_ in ("NOUN", "VERB") and token.lower_ not in _BE_HAVE:
            return None  # a prepositional phrase on an unnamed noun or on another verb
    # 2. the subject of the governing verb
    verb = token
    for _ in range(5):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found = _named(child, verb, index)
                if found is not None:
                    return found
        if verb.dep_ == "relcl" and index.of(verb.head) is not None:
            return index.of(verb.head)
        if (
            verb.dep_ not in ("conj", "xcomp", "advcl", "acl", "relcl", "ccomp", "acomp")
            or verb.head == verb
        ):
            break
        verb = verb.head
    # 3. the nearest mention before the cue, in this sentence
    for t in reversed(sentence[: cue.i - sentence.start]):
        found = index.of(t)
        if found is not None:
            return found
    return None


def _named(token: Token, verb: Token, index: _TokenMentions) -> Mention | None:
    """The mention a subject or object stands for: itself, the name heading its phrase, or for
    a relative pronoun the noun its clause describes ("a unit that officials say is controlled
    by Y" -> the unit, or the name the unit is in apposition to)."""
    if token.lower_ in _RELATIVE:
        clause = verb
        for _ in range(4):
            if clause.dep_ != "relcl" and clause.dep_ in ("ccomp", "xcomp", "conj"):
                clause = clause.head
        if clause.dep_ != "relcl":
            return None
        token = clause.head
        found = index.of(token)
        if found is None and token.dep_ == "appos":
            found = index.of(token.head)
        if found is None and token.dep_ == "attr":  # "X is a company that ..."
            subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            found = index.of(subjects[0]) or _within(subjects[0], index) if subjects else None
        return found
    return index.of(token) or _within(token, index)


def _within(token: Token, index: _TokenMentions) -> Mention | None:
    """The mention heading a phrase ("two companies including Glocom" -> Glocom)."""
    for t in token.subtree:
        found = index.of(t)
        if found is not None and index.root(found) is not None:
            return found
    return None


def _object(
    sentence: Span,
    cue: Cue,
    first: Token,
    last: Token,
    index: _TokenMentions,
    subject: Mention | None,
) -> Mention | None:
    if cue.shape == "before":
        found = index.of(first.nbor(-1))
        return found if found is not subject else None
    if cue.shape == "noun":
        # a role noun: the name that qualifies it ("KOMID's representative", "a Foreign Trade
        # Bank official"), or the one its "of"/"for" phrase names ("representative for Y")
        for child in first.children:
            found = index.of(child)
            if child.dep_ in ("poss", "compound", "nmod") and found not in (None, subject):
                return found
        return None
    if cue.shape in ("to", "from"):
        # a transfer: the recipient ("sold the tanker to Y", "paid Y") or the source ("received
        # diesel in a transfer from Y"), in the verb's own clause
        word = "to" if cue.shape == "to" else "from"
        holders, todo = [], [(first, 0)]
        while todo:
            token, depth = todo.pop(0)
            holders.append(token)
            if depth < 3:
                todo.extend(
                    (c, depth + 1) for c in token.children if c.dep_ in ("dobj", "prep", "pobj")
                )
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "dative" and cue.shape == "to":
                    found = index.of(child) or _within(child, index)
                elif child.dep_ == "prep" and child.lower_ == word:
                    objs = [c for c in child.children if c.dep_ == "pobj"]
                    found = (index.of(objs[0]) or _within(objs[0], index)) if objs else None
                else:
                    continue
                if found is not None and found is not subject:
                    return found
        return None
    if len(cue.words) == 1 and cue.predicate != "family_of":
        # a bare verb ("X owns Y", "X heads Y"): its direct object, nothing looser
        for child in first.children:
            if child.dep_ in ("dobj", "dative"):
                for t in (child, *(c for c in child.children if c.dep_ == "conj")):
                    found = index.of(t)
                    if found is not None and found is not subject:
                        return found
        return None
    if cue.predicate in MODIFIED and cue.words[-1] not in ("for", "of", "by"):
        # "a RGB-controlled front company": the object qualifies the cue's noun
        head = first.head if first.dep_ in ("amod", "compound") else first
        if cue.words[-1] != first.lower_:
            head = last
        for t in head.subtree:
            found = index.of(t)
            if t.i < first.i and found is not None and found is not subject:
                return found
        return None
    # a possessive on the cue word or the noun it qualifies: "Kim Jong Un's half-brother"
    for holder in (first, first.head):
        for child in holder.children:
            if child.dep_ == "poss":
                found = index.of(child)
                if found is not None and found is not subject:
                    return found
    # the first mention after the cue inside the cue's phrase (or its head's)
    for head in (last, first, first.head):
        lo, hi = head.left_edge.i, head.right_edge.i
        for t in sentence[last.i + 1 - sentence.start :]:
            if t.i > hi:
                break
            found = index.of(t)
            if found is not None and found is not subject and t.i >= lo:
                return found
    for t in sentence[last.i + 1 - sentence.start : last.i + 1 + NEAR - sentence.start]:
        found = index.of(t)
        if found is not None and found is not subject:
            return found
    return None


def _end(mention: Mention) -> ClaimEnd:
    return ClaimEnd(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        label=mention.label,
        entity_id=mention.entity_id,
        group=mention.group,
    )
