"""Hedges and attribution, read from cue *scopes* in the dependency parse.

A hedge cue governs part of a sentence, not all of it: "allegedly" the verb (or adjective) it
modifies, "said to be" / "believed to" / "denied" the clause under the verb, "according to X"
the clause it is attached to, "alleged" the noun phrase it qualifies. A claim is hedged by the
cues whose scope holds the claim's predicate word; with several, the weakest wins (asserted <
reported < alleged < speculative < denied), so a hedge is never lost on the way. A cue outside
the claim's scope ("X, who allegedly met Y, is a director of Z") leaves the claim as it is.

Attribution is the source the sentence gives for the claim: the object of "according to", or
the subject of the reporting verb whose clause holds the claim ("Reuters reported that...").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

ASSERTED, REPORTED, ALLEGED, SPECULATIVE, DENIED = (
    "asserted",
    "reported",
    "alleged",
    "speculative",
    "denied",
)
ORDER = (ASSERTED, REPORTED, ALLEGED, SPECULATIVE, DENIED)  # later is weaker

# Adverbs and adjectives: the scope is what they modify.
MODIFIERS = {
    "allegedly": ALLEGED,
    "purportedly": ALLEGED,
    "supposedly": ALLEGED,
    "reportedly": REPORTED,
    "possibly": SPECULATIVE,
    "probably": SPECULATIVE,
    "perhaps": SPECULATIVE,
    "likely": SPECULATIVE,
    "apparently": SPECULATIVE,
    "presumably": SPECULATIVE,
    "alleged": ALLEGED,
    "suspected": ALLEGED,
    "purported": ALLEGED,
    "reputed": ALLEGED,
    "rumoured": ALLEGED,
    "rumored": ALLEGED,
}
MODALS = {"may": SPECULATIVE, "might": SPECULATIVE, "could": SPECULATIVE}
# Verbs: the scope is the verb's clause (its subtree). Used with "to" (said to be), "that"
# (it is believed that), or with a subject (X said that, X denied).
VERBS = {
    "say": REPORTED,
    "said": REPORTED,
    "says": REPORTED,
    "saying": REPORTED,
    "told": REPORTED,
    "tell": REPORTED,
    "report": REPORTED,
    "reported": REPORTED,
    "reports": REPORTED,
    "reporting": REPORTED,
    "stated": REPORTED,
    "states": REPORTED,
    "confirmed": REPORTED,
    "announced": REPORTED,
    "wrote": REPORTED,
    "noted": REPORTED,
    "added": REPORTED,
    "cited": REPORTED,
    "quoted": REPORTED,
    "describes": REPORTED,
    "described": REPORTED,
    "describe": REPORTED,
    "state": REPORTED,
    "confirm": REPORTED,
    "confirms": REPORTED,
    "announce": REPORTED,
    "announces": REPORTED,
    "write": REPORTED,
    "writes": REPORTED,
    "insisted": REPORTED,
    "insists": REPORTED,
    "testified": REPORTED,
    "claimed": ALLEGED,
    "claims": ALLEGED,
    "claim": ALLEGED,
    "alleged": ALLEGED,
    "alleges": ALLEGED,
    "allege": ALLEGED,
    "accused": ALLEGED,
    "accuses": ALLEGED,
    "suspected": ALLEGED,
    "suspect": ALLEGED,
    "suspects": ALLEGED,
    "accuse": ALLEGED,
    "believed": SPECULATIVE,
    "believe": SPECULATIVE,
    "believes": SPECULATIVE,
    "thought": SPECULATIVE,
    "think": SPECULATIVE,
    "thinks": SPECULATIVE,
    "understood": SPECULATIVE,
    "suggested": SPECULATIVE,
    "suggests": SPECULATIVE,
    "suggest": SPECULATIVE,
    "indicate": SPECULATIVE,
    "indicates": SPECULATIVE,
    "indicated": SPECULATIVE,
    "speculated": SPECULATIVE,
    "appears": SPECULATIVE,
    "appeared": SPECULATIVE,
    "seems": SPECULATIVE,
    "seemed": SPECULATIVE,
    "denied": DENIED,
    "denies": DENIED,
    "deny": DENIED,
    "denying": DENIED,
    "rejected": DENIED,
    "rejects": DENIED,
    "refuted": DENIED,
    "dismissed": DENIED,
}
# Verbs that report only when what they report is a clause ("investigators found that X owns
# Y", "..., investigators found."), not with an object ("police found the passport").
CLAUSE_VERBS = {
    "found": REPORTED,
    "finds": REPORTED,
    "concluded": REPORTED,
    "concludes": REPORTED,
    "determined": REPORTED,
    "discovered": REPORTED,
    "revealed": REPORTED,
    "reveals": REPORTED,
    "showed": REPORTED,
    "show": REPORTED,
    "shows": REPORTED,
    "established": REPORTED,
    "learned": REPORTED,
}
# "said to be" reads as alleged, not reported: no one is named as saying it.
PASSIVE_HEARSAY = {"said": ALLEGED, "reported": REPORTED, "alleged": ALLEGED}
NEGATIONS = frozenset({"not", "never", "n't", "no"})


# Dependencies that open a clause of its own: a negation, modal or adverb on the main verb does
# not reach into a relative or adverbial clause ("X, which is believed to ..., did not reply"),
# nor into an apposition that describes one of its arguments ("X, a director of Y, allegedly
# met Z"). A conjoined verb without a subject of its own shares the cue ("allegedly bought and
# operated"); one with its own subject is another clause.
CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "xcomp", "appos"})
# What describes the subject of a hearsay or belief verb is not what is said or believed:
# "X, who has represented Y, is said to have moved" hedges the move, not the representing.
DESCRIPTIONS = frozenset({"appos", "relcl", "acl"})


@dataclass(frozen=True, slots=True)
class Scope:
    hedge: str
    cue: str
    first: int  # token indexes of the scope (inclusive), in the parsed chunk
    last: int
    attribution: str | None = None
    head: int | None = None  # narrow scopes: the verb whose own clause is governed
    excluded: tuple[tuple[int, int], ...] = ()  # token spans inside first..last left out

    def holds(self, token: Token) -> bool:
        if not self.first <= token.i <= self.last:
            return False
        if any(a <= token.i <= b for a, b in self.excluded):
            return False
        if self.head is None:
            return True
        while token.i != self.head:
            if token.dep_ in CLAUSES or token.head == token:
                return False
            if token.dep_ == "conj" and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in token.children
            ):
                return False
            token = token.head
        return True


def scopes(sentence: Span) -> list[Scope]:
    """Every hedge cue in the sentence with the tokens it governs."""
    found: list[Scope] = []
    for token in sentence:
        word = token.lower_
        if word == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            head = token.head if token.head != token else token
            source = [c for c in token.nbor().children if c.dep_ == "pobj"]
            found.append(
                Scope(
                    REPORTED,
                    "according to",
                    *_span(head, sentence),
                    attribution=_phrase(source[0]) if source else None,
                )
            )
        elif word in MODIFIERS and token.dep_ in ("advmod", "amod", "acomp", "npadvmod"):
            head = token.head
            found.append(Scope(MODIFIERS[word], token.text, *_span(head, sentence), head=head.i))
        elif word in MODALS and token.dep_ == "aux":
            head = token.head
            found.append(Scope(MODALS[word], token.text, *_span(head, sentence), head=head.i))
        elif word in VERBS and token.pos_ in ("VERB", "AUX") and token.dep_ != "amod":
            found.append(_verb_scope(token, sentence, VERBS[word]))
        elif word in CLAUSE_VERBS and token.pos_ == "VERB" and _reports_a_clause(token):
            found.append(_verb_scope(token, sentence, CLAUSE_VERBS[word]))
        elif word in NEGATIONS and token.dep_ == "neg":
            head = token.head
            found.append(Scope(DENIED, token.text, *_span(head, sentence), head=head.i))
    return found


def _reports_a_clause(verb: Token) -> bool:
    """ "found that ...", or the reporting verb after what it reports ("..., they found.")."""
    if any(c.dep_ == "ccomp" for c in verb.children) or verb.dep_ == "parataxis":
        return True
    if verb.dep_ == "ccomp" and verb.i > verb.head.i:
        return True
    if any(c.dep_ in ("dobj", "attr", "dative") for c in verb.children):
        return False
    after = [t for t in verb.doc[verb.i + 1 : verb.sent.end] if not t.is_punct]
    return not after  # the sentence ends with it


def _verb_scope(verb: Token, sentence: Span, hedge: str) -> Scope:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    to_clause = any(c.dep_ == "xcomp" for c in verb.children)
    if (passive or to_clause) and verb.lower_ in PASSIVE_HEARSAY and hedge != DENIED:
        hedge = PASSIVE_HEARSAY[verb.lower_]  # "is said to be": hearsay with no one named
    speaker = None
    named = [s for s in subjects if s.dep_ == "nsubj" and s.lower_ not in ("it", "which", "that")]
    named.sort(key=lambda s: abs(s.i - verb.i))  # a misparse may give two: the nearest speaks
    if named and not passive:
        speaker = _phrase(named[0])
    agents = [c for c in verb.children if c.dep_ == "agent"]
    if agents and not speaker:
        objs = [c for c in agents[0].children if c.dep_ == "pobj"]
        speaker = _phrase(objs[0]) if objs else None
    scope_head = verb
    if verb.dep_ == "parataxis" or (verb.dep_ == "ccomp" and verb.i > verb.head.i):
        scope_head = verb.head  # "X is a front for Y, officials said": the clause before
    first, last = _span(scope_head, sentence)
    excluded = []
    if speaker and named:
        # the speaker is not inside what they say, before or after it
        excluded.append((named[0].left_edge.i, named[0].right_edge.i))
    if scope_head is verb and (passive or to_clause):
        for subject in subjects:  # "X, a director of Y, is believed to ...": about X's act
            excluded.extend(
                (c.left_edge.i, c.right_edge.i) for c in subject.children if c.dep_ in DESCRIPTIONS
            )
    return Scope(hedge, verb.text, first, last, attribution=speaker, excluded=tuple(excluded))


def _span(head: Token, sentence: Span) -> tuple[int, int]:
    return max(head.left_edge.i, sentence.start), min(head.right_edge.i, sentence.end - 1)


def _phrase(token: Token) -> str:
    doc = token.doc
    return doc[token.left_edge.i : token.right_edge.i + 1].text.strip()


def weakest(hedges: list[str]) -> str:
    return max(hedges, key=ORDER.index, default=ASSERTED)
