"""Name forms: a name prepared once for comparison, on the list side at index time and on the
query side per query. Everything expensive (folding, transliteration, Korean keys, legal forms,
vessel numbers) happens here, so the scorer only compares small tuples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cordon.names import korean, orgs, persons, scripts, vessels
from cordon.names.normalize import fold, name_order

PERSON, ORG, VESSEL = "person", "org", "vessel"
# "KOREA KWANGSON BANKING CORPORATION (KKBC)": an acronym in a closing parenthesis hides the
# legal form before it. Other notes ("AL-HARAMAIN FOUNDATION (KENYA)") name another branch.
TRAILING_ACRONYM = re.compile(r"^(?P<head>.*\w.*?)\s*\((?P<note>[\w.&'-]{2,12})\)\s*$")


@dataclass(frozen=True, slots=True)
class NameForm:
    text: str  # as written, for explanations
    kind: str  # person | org | vessel
    tokens: tuple[str, ...]  # folded tokens (orgs: without legal form; vessels: without number)
    keys: tuple[str, ...]  # per token: the Korean phonetic key where the token reads as Korean
    classes: tuple[str | None, ...]  # per token: Korean surname class
    legal_form: str | None = None
    number: str | None = None
    korean: bool = False  # the whole name reads as a Korean personal name
    near: bool = False  # ...all but one mistyped token (korean.near_korean_name)
    han: bool = False  # written in Chinese characters: the tokens are pinyin syllables
    spelled: str = ""  # the written name folded, in its own order: for letter-level comparison

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def written_whole(self) -> tuple[str, ...]:
        """The name written as one word: as ordered and, for a person, family name first
        ("KIM, Jong Un" is read Jong Un KIM; a payment field may carry KIMJONGUN)."""
        if self.kind != PERSON or len(self.tokens) < 2:
            return (self.joined,)
        return (self.joined, self.tokens[-1] + "".join(self.tokens[:-1]))


def kind_of(schema: str) -> str:
    if schema in ("Person",):
        return PERSON
    if schema in ("Vessel", "Airplane"):
        return VESSEL
    return ORG


@lru_cache(maxsize=100_000)
def token_key(token: str) -> str:
    """The Korean phonetic key for tokens that read as romanized Korean, else the token."""
    if len(token) > 1 and korean.is_korean(token):
        return "~" + korean.key(token)
    return token


def syllable_key(token: str) -> str:
    """``token_key`` inside a Korean name, where a lone vowel is a syllable (O, U, I: 오, 우,
    이), not an initial."""
    if len(token) == 1 and token in "aeiou":
        return "~" + korean.key(token)
    return token_key(token)


def loose(key: str) -> str:
    """The loose term of a Korean key ("~chol" -> "%chul"): o and u merged, for ROK
    spellings (Chul / Chol, Sung / Song, Cheolsung / Ch'ol-song)."""
    return "%" + key[1:].replace("o", "u")


def renderings(text: str) -> list[str]:
    """Latin renderings of a name: itself, or its transliterations (Hangul: several systems)."""
    if text.isascii():
        return [text]
    return scripts.to_latin(text) or [text]


def forms(text: str, kind: str) -> list[NameForm]:
    """Every comparable form of one written name (several for non-Latin scripts)."""
    result: list[NameForm] = []
    seen: set[tuple[str, ...]] = set()
    for written in written_forms(text, kind):
        for latin in renderings(written):
            form = build(written, latin, kind)
            if form is not None and form.tokens not in seen:
                seen.add(form.tokens)
                result.append(form)
    return result


def written_forms(text: str, kind: str) -> list[str]:
    """The name as written and, for an organisation or vessel, without a closing note in
    parentheses, so "Banking Corp" meets "BANKING CORPORATION (KKBC)" with its legal form."""
    found = TRAILING_ACRONYM.match(text) if kind != PERSON else None
    if found and is_acronym(found["note"], found["head"]):
        return [text, found["head"]]
    return [text]


def is_acronym(note: str, head: str) -> bool:
    """Whether `note` abbreviates `head`: its letters, in order, among the head's, starting
    with the head's first letter (KKBC, DICO, ISWAP; not KENYA after AL-HARAMAIN)."""
    letters = [c for c in fold(note) if c.isalpha()]
    words = fold(head).split()
    if len(letters) < 2 or not words or letters[0] != words[0][0]:
        return False
    rest = iter(" ".join(words))
    return all(c in rest for c in letters)


def build(text: str, latin: str, kind: str) -> NameForm | None:
    # People: "FAMILY, Given" is read as "Given FAMILY", so particles join the right name.
    tokens = name_order(latin) if kind == PERSON else fold(latin).split()
    legal_form = number = None
    # Korean keys only for names that read as Korean as a whole: single tokens such as "ali"
    # or "amin" also segment into Korean syllables. People: also with one mistyped token.
    korean_name = near = False
    if kind == ORG:
        tokens, legal_form = orgs.split_legal_form(tokens)
    elif kind == VESSEL:
        tokens, number = vessels.split_vessel(tokens)
    else:
        korean_name, near = korean.reading(tokens)
        if not (korean_name or near):
            # Arabic particles (Abd al-Rahman / Abdulrahman); never inside a Korean name,
            # where "Il" is a syllable, not the article (not even with a typo elsewhere).
            tokens = persons.join_particles(tokens)
    if not tokens:
        return None
    tokens_t = tuple(tokens[:12])  # a name of 10,000 characters compares as its first words
    if kind != PERSON:
        korean_name = korean.is_korean_name(tokens_t)
    korean_name = korean_name or near
    return NameForm(
        text=text,
        kind=kind,
        tokens=tokens_t,
        keys=tuple(syllable_key(t) for t in tokens_t) if korean_name else tokens_t,
        classes=tuple(
            korean.surname_class(t) if kind == PERSON and korean_name else None for t in tokens_t
        ),
        legal_form=legal_form,
        number=number,
        korean=korean_name,
        near=near,
        han=scripts.has_han(text),
        spelled=fold(text),
    )
