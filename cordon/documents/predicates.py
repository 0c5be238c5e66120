"""The fixed set of claim predicates, and the cue words each is read from.

Subject and object labels (P person, O organisation, V vessel, L location):

=================  ===============================================  =======  =======
predicate          read from                                        subject  object
=================  ===============================================  =======  =======
owns_or_controls   owns, controls, runs, manages; owned by; owner   P O      O V
front_company_of   front (cover, shell) company for                 O V      P O
director_of        director, chairman, head (of); heads; headed by  P        O
employee_of        works for, agent, officer, official (of)         P        P O
representative_of  represents, on behalf of, proxy for              P O      P O
family_of          brother, wife, son... of                         P        P
associate_of       associated with, linked to, ties to, partner of  P O      P O
member_of          member, part, unit, arm, branch of               P O      O
located_in         based, located, registered, operating in; -based P O V    L
transferred_to     shipped, sold, sent, paid (to); received from    P O V    P O V
=================  ===============================================  =======  =======

A cue is a sequence of lower-case words. `passive` cues name the object first in the claim's
sense ("X is owned by Y": Y owns X), so subject and object are swapped. `shape` says where a
cue's object is:

* "" (default): after the cue ("director of Y"), or a bare verb's direct object ("owns Y");
* "noun": a role noun takes only a name that qualifies it ("KOMID's representative", "a
  Foreign Trade Bank official"), never a name that merely follows;
* "to" / "from": a transfer verb's recipient ("sold the tanker to Y", "paid Y") or source
  ("received diesel from Y": Y transferred to the subject);
* "before": the name just before the cue ("Vladivostok-based").
"""

from __future__ import annotations

from dataclasses import dataclass

from cordon.documents.model import LOCATION, ORG, PERSON, VESSEL

ACTORS = frozenset({PERSON, ORG})
PARTIES = frozenset({PERSON, ORG, VESSEL})

# predicate -> (subject labels, object labels)
PREDICATES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "owns_or_controls": (ACTORS, frozenset({ORG, VESSEL})),
    "front_company_of": (frozenset({ORG, VESSEL}), ACTORS),
    "director_of": (frozenset({PERSON}), frozenset({ORG})),
    "employee_of": (frozenset({PERSON}), ACTORS),
    "representative_of": (ACTORS, ACTORS),
    "family_of": (frozenset({PERSON}), frozenset({PERSON})),
    "associate_of": (ACTORS, ACTORS),
    "member_of": (ACTORS, frozenset({ORG})),
    "located_in": (PARTIES, frozenset({LOCATION})),
    "transferred_to": (PARTIES, PARTIES),
}


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]
    predicate: str
    passive: bool = False
    shape: str = ""  # "" | noun | to | from | before: where the object is


def _cues(predicate: str, phrases: str, passive: bool = False, shape: str = "") -> list[Cue]:
    return [Cue(tuple(p.split()), predicate, passive, shape) for p in phrases.split("|")]


CUES: list[Cue] = [
    *_cues(
        "owns_or_controls",
        "owns|own|owned|controls|control|controlled|"
        "runs|run|ran|manages|managed|parent company of|owner of|controller of",
    ),
    *_cues("owns_or_controls", "owner|owners|operator|operators", shape="noun"),
    *_cues("owns_or_controls", "subsidiary|subsidiaries", passive=True, shape="noun"),
    *_cues(
        "owns_or_controls",
        "owned by|controlled by|operated by|run by|managed by|"
        "subsidiary of|belongs to|belonging to|owned and operated by|ultimately owned by",
        passive=True,
    ),
    *_cues(
        "front_company_of",
        "front company for|front company of|front for|front of|"
        "fronts for|cover for|shell company for|shell company of|front company used by|"
        "front firm for|front organisation for|front organization for|front company|front firm",
    ),
    *_cues(
        "director_of",
        "director of|chairman of|chairwoman of|president of|ceo of|"
        "head of|heads|chief executive of|managing director of|chief of|founder of|"
        "general manager of|manager of|directs|head|headed|lead|leads",
    ),
    *_cues("director_of", "director|chairman|president|chief|founder|head|boss", shape="noun"),
    *_cues("director_of", "headed by|directed by|chaired by|founded by|led by", passive=True),
    *_cues(
        "employee_of",
        "works for|worked for|working for|employee of|employees of|"
        "agent of|agents of|agent for|operative of|operatives of|operative for|officer of|"
        "official of|spy for|spies for|worker for|works at|worked at|employed at|"
        "staff of|accountant for|banker for",
    ),
    *_cues(
        "employee_of",
        "official|officials|employee|employees|agent|agents|operative|operatives|officer|"
        "officers|banker|accountant|worker|workers",
        shape="noun",
    ),
    *_cues("employee_of", "employed by|recruited by|hired by", passive=True),
    *_cues(
        "representative_of",
        "representative of|represents|represented|on behalf of|"
        "acting for|acts for|representative for|proxy for|proxy of|intermediary for",
    ),
    *_cues("representative_of", "representative|representatives|envoy", shape="noun"),
    *_cues(
        "family_of",
        "brother of|sister of|half-brother of|son of|daughter of|wife of|"
        "husband of|father of|mother of|nephew of|niece of|cousin of|uncle of|aunt of|"
        "relative of|related to|brother|sister|son|daughter|wife|husband|father|mother|"
        "nephew|niece|cousin|uncle|aunt|brother-in-law|son-in-law|half-brother|half-sister",
    ),
    *_cues(
        "associate_of",
        "associate of|associated with|linked to|links to|ties to|tied to|"
        "connected to|connections to|partner of|business partner of|worked with|works with|"
        "collaborated with|cooperated with|affiliate of|close associate of",
    ),
    *_cues(
        "member_of",
        "member of|members of|part of|unit of|arm of|branch of|division of|affiliated with",
    ),
    *_cues(
        "located_in",
        "based in|located in|headquartered in|registered in|operating in|"
        "operates in|operated in|operating from|operates from|operated from|operating out of|"
        "operates out of|office in|offices in|resides in|resided in|lives in|lived in|"
        "living in|incorporated in|active in|registered at|located at|based at|"
        "branch in|branches in|subsidiary in|factory in|warehouse in",
    ),
    *_cues("located_in", "- based", shape="before"),
    *_cues(
        "transferred_to",
        "shipped to|sold to|transferred to|sent to|delivered to|"
        "supplied to|exported to|transferred funds to|ship-to-ship transfer with|"
        "shipments to|delivery to|wired to|moved funds to",
    ),
    *_cues(
        "transferred_to",
        "transferred|transfers|sent|sends|wired|wires|shipped|ships|sold|sells|delivered|"
        "delivers|supplied|supplies|exported|exports|smuggled|paid|pays|pay",
        shape="to",
    ),
    *_cues(
        "transferred_to",
        "received|receives|bought|buys|purchased|imported|imports|obtained",
        passive=True,
        shape="from",
    ),
]
# Longest cues first, so "front company for" wins over "front for".
CUES.sort(key=lambda c: -len(c.words))
FIRST_WORDS = frozenset(c.words[0] for c in CUES)
