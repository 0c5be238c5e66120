"""The candidate index: every name and alias of every listed designee, built from the store.

Lookups are by token, by Korean phonetic key (strict, and loose with o/u merged for ROK
spellings such as Cheolsung), by Korean surname class and by one-deletion neighbours (so a
one-letter typo still finds its name), per kind of name (person, organisation, vessel), plus
exact lookups by IMO, passport and other identifier numbers. The index is a cache: it is
persisted under CORDON_HOME keyed by the dataset versions it was built from, and rebuilt when
any of them changes.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from followthemoney import model

from cordon.names import vessels
from cordon.policy import SYSTEM, Principal
from cordon.screening.clusters import clusters, merge_targets
from cordon.screening.forms import ORG, PERSON, VESSEL, NameForm, forms, kind_of, loose, token_key
from cordon.screening.targets import Target
from cordon.store import Store

NAME_PROPS = ("name", "alias", "previousName")
WEAK_PROPS = ("weakAlias",)
FACT_PROPS = frozenset(
    {
        *NAME_PROPS,
        *WEAK_PROPS,
        "birthDate",
        "nationality",
        "citizenship",
        "country",
        "jurisdiction",
        "imoNumber",
        "passportNumber",
        "idNumber",
        "registrationNumber",
        "leiCode",
        "mmsi",
        "callSign",
    }
)
TARGET_SCHEMAS = ("LegalEntity", "Vessel", "Airplane")
INDEX_VERSION = 14
TYPO_MIN = 3  # tokens this long or longer are found with one typo
WHOLE = "="  # term prefix of a person's whole name as one word, family name first


def is_target(schema: str) -> bool:
    obj = model.get(schema)
    return obj is not None and any(obj.is_a(s) for s in TARGET_SCHEMAS)


def clean_number(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


@dataclass
class Index:
    state: dict  # the list versions and merges it was built from
    targets: list[Target]
    names: list[tuple[int, NameForm, bool]]  # (target index, form, weak)
    postings: dict[str, dict[str, list[int]]]  # kind -> token / key / class -> name ids
    deletions: dict[str, list[str]]  # one-deletion variant -> tokens
    weights: dict[str, float]  # token -> informativeness in [0.35, 1]
    imo: dict[str, list[int]]
    passports: dict[str, list[int]]
    identifiers: dict[str, list[int]]

    @property
    def size(self) -> int:
        return len(self.targets)


def deletes(token: str) -> Iterable[str]:
    return (token[:i] + token[i + 1 :] for i in range(len(token)))


def gather(store: Store, principal: Principal) -> list[Target]:
    """Targets from the store: one per listed designee, with its screening-relevant facts."""
    targets: dict[str, Target] = {}
    for entity_id, schema, prop, value, dataset, source_id, marking in store.listed_facts(
        principal, FACT_PROPS
    ):
        if not is_target(schema):
            continue
        target = targets.get(entity_id)
        if target is None:
            target = targets[entity_id] = Target(id=entity_id, schema=schema, caption="")
        target.datasets.add(dataset)
        target.source_ids.add(source_id)
        target.markings.add(marking)
        add_fact(target, prop, value)
    for target in targets.values():
        target.caption = caption(target)
        kind = kind_of(target.schema)
        for text, weak in sorted(target.raw_names):
            for form in forms(text, kind):
                (target.weak if weak else target.names).append(form)
    return [targets[k] for k in sorted(targets)]


def caption(target: Target) -> str:
    """The list's own name, Latin script first; an alias only when there is no name."""
    pool = target.primary or {n for n, weak in target.raw_names if not weak}
    pool = pool or {n for n, _ in target.raw_names}
    return min(pool, key=lambda n: (not n.isascii(), len(n), n)) if pool else target.id


def add_fact(target: Target, prop: str, value: str) -> None:
    if prop in NAME_PROPS:
        target.raw_names.add((value, False))
        if prop == "name":
            target.primary.add(value)
    elif prop in WEAK_PROPS:
        target.raw_names.add((value, True))
    elif prop == "birthDate":
        target.birth_dates.add(value)
    elif prop in ("nationality", "citizenship", "country", "jurisdiction"):
        target.countries.add(value)
    elif prop == "imoNumber":
        imo = vessels.clean_imo(value)
        if imo:
            target.imo.add(imo)
    elif prop == "passportNumber":
        target.passports.add(clean_number(value))
    else:
        number = clean_number(value)
        if len(number) >= 5:
            target.identifiers.add(number)


def build(targets: list[Target], state: dict[str, int]) -> Index:
    names: list[tuple[int, NameForm, bool]] = []
    kinds = (PERSON, ORG, VESSEL)
    postings: dict[str, dict[str, list[int]]] = {k: defaultdict(list) for k in kinds}
    imo: dict[str, list[int]] = defaultdict(list)
    passports: dict[str, list[int]] = defaultdict(list)
    identifiers: dict[str, list[int]] = defaultdict(list)
    df: dict[str, int] = defaultdict(int)
    for t_idx, target in enumerate(targets):
        for forms_, weak in ((target.names, False), (target.weak, True)):
            for form in forms_:
                name_id = len(names)
                names.append((t_idx, form, weak))
                kind_postings = postings[form.kind]
                for term in terms(form):
                    kind_postings[term].append(name_id)
                for token in set(form.tokens):
                    df[token] += 1
        for number in target.imo:
            imo[number].append(t_idx)
        for number in target.passports:
            passports[number].append(t_idx)
        for number in target.identifiers:
            identifiers[number].append(t_idx)
    deletions: dict[str, list[str]] = defaultdict(list)
    # tokens and joined names; not Korean keys (~, %), classes (^), hull numbers (#) or whole
    # names family name first (=)
    for token in {t for kind_postings in postings.values() for t in kind_postings}:
        if len(token) >= TYPO_MIN and token[0] not in "~%^#=":
            for variant in deletes(token):
                deletions[variant].append(token)
    total = max(len(names), 1)
    weights = {tok: weight(n, total) for tok, n in df.items()}
    return Index(
        state=state,
        targets=targets,
        names=names,
        postings={k: dict(v) for k, v in postings.items()},
        deletions=dict(deletions),
        weights=weights,
        imo=dict(imo),
        passports=dict(passports),
        identifiers=dict(identifiers),
    )


def weight(df: int, total: int) -> float:
    """Informativeness of a token: 1.0 for rare ones, down to 0.35 for the most common."""
    share = df / total
    if share <= 0.001:
        return 1.0
    return max(0.35, 1.0 - 0.22 * math.log10(share / 0.001))


def terms(form: NameForm) -> set[str]:
    """What a name is found by: its tokens, Korean keys (strict and loose) and surname
    classes, its joined given names (so that Jong Un finds Jongun) and the whole name as one
    word (KIMJONGUN)."""
    found = set(form.tokens)
    if form.number:
        found.add("#" + form.number)  # hull numbers: VICTORY 2 is found among many VICTORYs
    keys = [k for k in form.keys if k[0] == "~"]
    found.update("^" + c for c in form.classes if c)
    if 1 < len(form.tokens) <= 6:
        found.add(form.joined)
        # A person's name as one word, family name first: found by a one-word query only
        # (WHOLE), and not through the typo table, which would grow by a tenth for it.
        found.update(WHOLE + whole for whole in form.written_whole[1:])
        for i in range(len(form.tokens) - 1):
            found.add(form.tokens[i] + form.tokens[i + 1])
        if form.korean:
            keys.extend(token_key(whole) for whole in form.written_whole)
            keys.extend(
                token_key(a + b) for a, b in zip(form.tokens, form.tokens[1:], strict=False)
            )
    found.update(k for k in keys if k[0] == "~")
    found.update(loose(k) for k in keys if k[0] == "~")
    return found


def index_path(store: Store, principal: Principal, resolved: bool) -> Path:
    from cordon import config

    folder = config.home() / "index"
    folder.mkdir(parents=True, exist_ok=True)
    key = f"{store.url}|{principal.agency}|{principal.user}|{resolved}"
    tag = hashlib.sha1(key.encode()).hexdigest()
    return folder / f"screening-{tag[:16]}.pickle"


def load_or_build(store: Store, principal: Principal = SYSTEM, resolved: bool = True) -> Index:
    """The persisted index if it matches the store's list versions and merges, else a build."""
    state: dict = {"lists": store.list_state(principal)}
    if resolved:
        state["resolutions"] = [r.id for r in store.resolutions(principal)]
    path = index_path(store, principal, resolved)
    if path.exists():
        try:
            with open(path, "rb") as fh:
                version, index = pickle.load(fh)
            if version == INDEX_VERSION and index.state == state:
                return index
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            pass  # a cache: rebuild on any doubt
    targets = gather(store, principal)
    for target in targets:
        target.members.add(target.id)
    if resolved:
        targets = merge_targets(targets, clusters(store, principal, targets))
    index = build(targets, state)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        pickle.dump((INDEX_VERSION, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return index


__all__ = ["Index", "Target", "build", "gather", "load_or_build"]
