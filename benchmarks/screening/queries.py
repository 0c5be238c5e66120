"""Query sets: yente's labelled UN pairs and synthetic negatives, and a generated DPRK set.

Every case is (set, category, Query, expected source id or None). `accept` holds the expected
record and every record of the same designee on other lists (see `truth.py`): a screener that
ranks the OFAC record of a UN designee first, or an entity merging both, is right.

The DPRK set is generated deterministically (fixed seed, one random stream per category) from
the UN list (KPi/KPe records) and OFAC SDN DPRK entries (DPRK* programmes, or NPWMD with a
North Korean nationality; vessels with IMO numbers). Variants are never listed names: a
variant that happens to be listed, or that another designee also carries, is dropped, so each
category tests what its name says. Hangul queries are the Hangul names the lists themselves
publish (UK OFSI aliases): Hangul is never generated from a romanised name (that would be
circular).
"""

from __future__ import annotations

import csv
import hashlib
import pickle
import random
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from benchmarks.screening import korean
from benchmarks.screening.truth import (
    MATCHING,
    Rec,
    Truth,
    dates_compatible,
    fold,
    is_hangul,
    is_latin,
    token_key,
    words,
)
from cordon.screening.model import Query

SEED = 20260817
YENTE = "yente_un"
DPRK = "dprk"
NEGATIVE_CATEGORIES = ("negatives_global", "negatives_us", "lookalike_negative", "dob_conflict")
DPRK_POSITIVE = (
    "romanization",
    "surname_variant",
    "given_name_join",
    "reordered",
    "typo",
    "listed_alias",
    "legal_form",
    "vessel_variant",
    "imo_only",
    "hangul",
)
DPRK_CATEGORIES = (*DPRK_POSITIVE, "lookalike_negative", "dob_conflict")
QUICK_NEGATIVES = 5_000  # per yente negatives file in --quick


@dataclass(frozen=True, slots=True)
class Case:
    qset: str
    category: str
    query: Query
    expected: str | None  # a source id such as un:KPi.033; None: nothing should alert
    accept: frozenset[str] = field(default_factory=frozenset)
    note: str = ""  # the listed name a variant came from, the variant kind...

    @property
    def positive(self) -> bool:
        return self.expected is not None


def _rng(*parts: object) -> random.Random:
    """An independent, stable random stream (str seeds hash the same in every process)."""
    return random.Random(":".join(str(p) for p in (SEED, *parts)))


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _country(value: str) -> str | None:
    from followthemoney import registry

    value = (value or "").strip()
    return registry.country.clean(value) if value else None


def _row_query(qid: str, row: dict[str, str]) -> Query:
    dob = (row.get("date_of_birth") or "").strip()
    country = _country(row.get("nationality") or "")
    return Query(
        id=qid,
        schema="Person",
        names=(row["full_name"].strip(),),
        birth_dates=(dob,) if _ISO_DATE.match(dob) else (),
        countries=(country,) if country else (),
    )


# ---------------------------------------------------------------------------------------------
# yente: UN treated/untreated pairs and synthetic negatives


@dataclass
class YenteStats:
    pairs: int = 0
    resolved: Counter = field(default_factory=Counter)  # how each pair resolved (or didn't)
    negatives: dict[str, int] = field(default_factory=dict)  # file -> rows used


def resolve_un(
    truth: Truth, row: dict[str, str], index: dict[str, set[str]]
) -> tuple[str | None, str]:
    """The UN record of a clean (untreated) yente row: exact folded name, then the birth date
    (exact, else compatible such as 1958 / 1958-09); without a date the name must be unique."""
    sids = index.get(fold(row["full_name"]), set())
    if not sids:
        return None, "no UN record with this name (delisted?)"
    dob = (row.get("date_of_birth") or "").strip()
    if dob:
        exact = sorted(s for s in sids if dob in truth.records[s].birth_dates)
        compatible = sorted(
            s for s in sids if any(dates_compatible(dob, d) for d in truth.records[s].birth_dates)
        )
        for found, how in ((exact, "name + birth date"), (compatible, "name + compatible date")):
            if len({truth.cluster_of[s] for s in found}) == 1:
                return found[0], how
            if len(found) > 1:
                return None, "ambiguous: several UN records"
        return None, "birth date differs"
    if len({truth.cluster_of[s] for s in sids}) == 1:
        return sorted(sids)[0], "name (no birth date), unique"
    return None, "ambiguous: several UN records"


def yente_cases(
    truth: Truth, quick: bool = False, matching: Path = MATCHING
) -> tuple[list[Case], YenteStats]:
    stats = YenteStats()
    index: dict[str, set[str]] = defaultdict(set)
    for rec in truth.records.values():
        if rec.dataset == "un_sc_sanctions" and rec.is_person:
            for name in rec.all_names():
                index[fold(name)].add(rec.source_id)
    with (matching / "yente_positives_un_untreated.csv").open(encoding="utf-8") as fh:
        clean = list(csv.DictReader(fh))
    with (matching / "yente_positives_un_treated.csv").open(encoding="utf-8") as fh:
        noisy = list(csv.DictReader(fh))
    if len(clean) != len(noisy):
        raise ValueError("yente treated/untreated files are not row-aligned")
    cases: list[Case] = []
    stats.pairs = len(clean)
    for i, (row, treated) in enumerate(zip(clean, noisy, strict=True)):
        sid, how = resolve_un(truth, row, index)
        stats.resolved[how] += 1
        if sid is None:
            continue
        cases.append(
            Case(
                YENTE,
                "un_pairs",
                _row_query(f"yente-pos-{i}", treated),
                sid,
                truth.accept(sid),
                note=row["full_name"],
            )
        )
    for label in ("global", "us"):
        path = matching / f"yente_negatives_{label}.csv"
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        picked = range(len(rows))
        if quick and len(rows) > QUICK_NEGATIVES:
            picked = sorted(_rng("yente", label).sample(range(len(rows)), QUICK_NEGATIVES))
        stats.negatives[path.name] = len(picked)
        for i in picked:
            cases.append(
                Case(
                    YENTE, f"negatives_{label}", _row_query(f"yente-neg-{label}-{i}", rows[i]), None
                )
            )
    return cases, stats


# ---------------------------------------------------------------------------------------------
# DPRK generator


GENERIC_ORG_WORDS = frozenset(
    words(
        """korea korean north dprk democratic peoples people republic trading trade general
    corporation corp company co ltd limited llc inc group of the and shipping shpg maritime bank
    international industrial industry development commercial joint venture jv technology
    technical economic economics import export export-import management ship navigation
    investment foreign overseas materials equipment association bureau department center centre
    office committee commission ministry administration institute academy agency enterprise
    enterprises service services energy mining oil first second national state branch pte sa
    gmbh holdings holding marine transport logistics factory works for in"""
    )
)
PUBLIC_BODY_WORDS = frozenset(
    words(
        """bank commission administration ministry department bureau committee academy army force
    forces university institute office association party organization center centre studio
    group government navy guard college union council agency"""
    )
)
# Legal forms recognised at the end of a name, and the ones a variant may swap in.
LEGAL_FORMS = words(
    "CO., LTD.|CO., LTD|CO. LTD.|CO LTD|CO. LIMITED|COMPANY LIMITED|CORPORATION|CORP.|CORP|"
    "COMPANY|CO.|CO|LIMITED|LTD.|LTD|LLC|INC.|INC",
    "|",
)
LEGAL_SWAPS = words(
    "Corporation|Corp.|Co.|Co., Ltd|Company|Limited|Ltd|LLC|Company Limited|Co Ltd", "|"
)
_LEGAL_END = re.compile(
    r"[\s,]+("
    + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)
ROMAN = dict(enumerate(words("I II III IV V VI VII VIII IX X XI XII"), start=1))
VESSEL_PREFIXES = ("MV", "M/V", "M.V.")
_VESSEL_PREFIX = re.compile(r"^(M/?V|M\.V\.|MT|M/T)\s+", re.IGNORECASE)
_VESSEL_NUMBER = re.compile(r"\s+(?:NO\.?\s*)?(\d{1,3}|[IVX]{1,4})$", re.IGNORECASE)


def split_legal_form(name: str) -> tuple[str, str | None]:
    m = _LEGAL_END.search(name)
    if m and m.start() > 0:
        return name[: m.start()].rstrip(" ,"), m.group(1)
    return name, None


def vessel_core(name: str) -> tuple[str, str | None]:
    """A vessel name without prefix (MV, M/V) and trailing number, and the number."""
    name = _VESSEL_PREFIX.sub("", name.strip())
    m = _VESSEL_NUMBER.search(name)
    if m:
        num = m.group(1).upper()
        if num.isdigit():
            return name[: m.start()].strip(), str(int(num))
        roman = {v: k for k, v in ROMAN.items()}
        if num in roman:
            return name[: m.start()].strip(), str(roman[num])
    return name, None


def _case_like(text: str, model: str) -> str:
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return text.upper()
    return text


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


class Generator:
    """Builds the DPRK cases. One instance per truth; `cases()` is deterministic."""

    def __init__(self, truth: Truth) -> None:
        self.t = truth
        self.persons: list[Rec] = []
        self.orgs: list[Rec] = []
        self.vessels: list[Rec] = []
        for rec in sorted(truth.records.values(), key=lambda r: r.source_id):
            if rec.dataset not in ("un_sc_sanctions", "us_ofac_sdn") or not rec.is_dprk:
                continue
            if rec.is_person:
                self.persons.append(rec)
            elif rec.is_org:
                self.orgs.append(rec)
            elif rec.is_vessel and rec.imo:
                self.vessels.append(rec)
        # Loose Korean keys of every listed person name (all lists): (surname class, canon).
        self.korean_keys: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for rec in truth.records.values():
            if not rec.is_person:
                continue
            for name in rec.all_names():
                for cls, given in loose_person_keys(name):
                    self.korean_keys[cls][given].add(truth.cluster_of[rec.source_id])
        self.vessel_cores: list[str] = sorted(
            {
                korean.canon(vessel_core(n)[0])
                for r in truth.records.values()
                if r.is_vessel
                for n in r.all_names()
                if is_latin(n)
            }
        )
        self.listed_tokens: list[str] = sorted(
            {korean.canon(tok) for name in truth.by_name for tok in name.split() if len(tok) >= 3}
        )
        self.listed_joined: set[str] = {korean.canon(name) for name in truth.by_name}

    # -- checks -------------------------------------------------------------------------------

    def listed(self, name: str) -> bool:
        return fold(name) in self.t.by_name or token_key(name) in self.t.by_tokens

    def other_clusters(self, name: str, sid: str) -> set[str]:
        own = self.t.cluster_of[sid]
        found = self.t.clusters_named(name) | self.t.clusters_with_tokens(name)
        for cls, given in loose_person_keys(name):
            found |= self.korean_keys.get(cls, {}).get(given, set())
        return found - {own}

    def fresh_variant(self, variant: str, sid: str) -> bool:
        """A variant worth a query: not a listed string, and not another designee's name."""
        return not self.listed(variant) and not self.other_clusters(variant, sid)

    def base_names(self, rec: Rec, aliases: bool = True) -> list[str]:
        """Latin names of a record that belong to its designee alone."""
        names = [rec.primary] if rec.primary else []
        if aliases:
            names += [n for n in rec.names + rec.aliases if n not in names]
        out = []
        for name in names:
            if not is_latin(name) or len(fold(name)) < 3:
                continue
            if self.other_clusters(name, rec.source_id):
                continue
            out.append(name)
        return out

    def korean_bases(self) -> Iterator[tuple[Rec, str, tuple[str, str, str]]]:
        for rec in self.persons:
            for name in self.base_names(rec):
                split = korean.split_person(name)
                if split is not None:
                    yield rec, name, split

    # -- categories ---------------------------------------------------------------------------

    def romanization(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("romanization")
        for rec, name, (surname, given, _layout) in self.korean_bases():
            parts, _ = korean.split_given(given)  # type: ignore[misc]
            base_letters = fold(given).replace(" ", "")
            styles = list(korean.STYLES)
            rng.shuffle(styles)
            made = 0
            for style in styles * 2:  # a second pass reads ambiguous syllables differently
                if made >= 4:
                    break
                syllables = korean.respell_given(parts, style, rng)
                if fold("".join(syllables)) == base_letters:
                    continue  # only the separators or case changed: not a respelling
                if style == "dprk":
                    text = f"{surname.upper()} {korean.join_given(syllables, 'space', True)}"
                elif style == "ofac":
                    text = f"{surname.upper()}, {korean.join_given(syllables, 'hyphen', False)}"
                else:
                    sep = "hyphen" if style == "mr" or rng.random() < 0.6 else "joined"
                    text = f"{_title(surname)} {korean.join_given(syllables, sep, False)}"
                if self.fresh_variant(text, rec.source_id):
                    made += 1
                    yield rec, self.person_query(rec, text), f"{name} -> {style}"

    def surname_variant(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("surname_variant")
        for rec, name, (surname, given, layout) in self.korean_bases():
            cls = korean.surname_class(surname)
            others = [s for s in korean.SURNAME_CLASSES[cls] if fold(s) != fold(surname)]  # type: ignore[index]
            rng.shuffle(others)
            made = 0
            for other in others:
                if made >= 2:
                    break
                new = _case_like(other, surname) if surname[1:2].isupper() else _title(other)
                text = {
                    "comma": f"{new}, {given}",
                    "first": f"{new} {given}",
                    "last": f"{given} {new}",
                }[layout]
                if self.fresh_variant(text, rec.source_id):
                    made += 1
                    yield rec, self.person_query(rec, text), name

    def given_name_join(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("given_name_join")
        for rec, name, (surname, given, layout) in self.korean_bases():
            parts, sep = korean.split_given(given)  # type: ignore[misc]
            if len(parts) < 2:
                continue
            upper = given.isupper()
            targets = [s for s in ("space", "hyphen", "joined") if s != sep]
            rng.shuffle(targets)
            for target in targets:
                new_given = korean.join_given([p.lower() for p in parts], target, upper)
                text = {
                    "comma": f"{surname}, {new_given}",
                    "first": f"{surname} {new_given}",
                    "last": f"{new_given} {surname}",
                }[layout]
                if self.fresh_variant(text, rec.source_id):
                    yield rec, self.person_query(rec, text), f"{name} -> {target}"

    def reordered(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("reordered")
        for rec in self.persons:
            for name in self.base_names(rec):
                split = korean.split_person(name)
                if split is not None:
                    surname, given, layout = split
                elif "," in name:
                    surname, given = (x.strip() for x in name.split(",", 1))
                    layout = "comma"
                else:
                    continue  # a non-Korean name without a comma: no telling the family name
                if not surname or not given:
                    continue
                # Only the order changes: "KIM, Jong Un" and "KIM JONG UN" are one order.
                if layout == "last":
                    options = [f"{surname}, {given}", f"{surname} {given}"]
                else:
                    options = [f"{given} {surname}", f"{_title(given)} {_title(surname)}"]
                text = rng.choice(options)
                if fold(text) in self.t.by_name or self.other_clusters(text, rec.source_id):
                    continue
                yield rec, self.person_query(rec, text), name

    def typo(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("typo")
        bases: list[tuple[Rec, str]] = []
        for rec in self.persons:
            bases += [(rec, n) for n in self.base_names(rec)[:2]]
        for rec in self.orgs + self.vessels:
            bases += [(rec, n) for n in self.base_names(rec, aliases=False)]
        for rec, name in bases:
            for _attempt in range(10):
                text, kind = one_typo(name, rng)
                if text and self.fresh_variant(text, rec.source_id):
                    yield rec, self.query_for(rec, text), f"{name} -> {kind}"
                    break

    def listed_alias(self) -> Iterator[tuple[Rec, Query, str]]:
        for rec in self.persons + self.orgs + self.vessels:
            primary = fold(rec.primary or "")
            for alias in [*rec.names, *rec.aliases, *rec.previous_names]:
                if not is_latin(alias) or fold(alias) == primary or len(fold(alias)) < 3:
                    continue
                if self.other_clusters(alias, rec.source_id):
                    continue
                yield rec, self.query_for(rec, alias), "alias"

    def legal_form(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("legal_form")
        for rec in self.orgs:
            for rank, name in enumerate(self.base_names(rec)[:2]):
                core, form = split_legal_form(name)
                options: list[str] = []
                if form is not None:
                    options += [f"{core} {s}" for s in LEGAL_SWAPS if fold(s) != fold(form)]
                    if len(core.split()) >= 2:
                        options.append(core)
                else:
                    tokens = set(fold(name).split())
                    if tokens & PUBLIC_BODY_WORDS:
                        continue  # a ministry or a bank does not become a "Co., Ltd"
                    options += [
                        f"{name} Co., Ltd",
                        f"{name} Company",
                        f"{name} LLC",
                        f"{name} Corporation",
                    ]
                rng.shuffle(options)
                made = 0
                for option in options:
                    text = _case_like(option, name)
                    if made < 2 - rank and self.fresh_variant(text, rec.source_id):
                        made += 1
                        yield rec, self.query_for(rec, text), name

    def vessel_variant(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("vessel_variant")
        listed_numbers: dict[str, set[str | None]] = defaultdict(set)
        for r in self.t.records.values():
            if r.is_vessel:
                for n in r.all_names():
                    core, num = vessel_core(n)
                    listed_numbers[fold(core)].add(num)
        for rec in self.vessels:
            name = rec.primary
            if not name:
                continue
            core, num = vessel_core(name)
            options: list[tuple[str, str]] = []
            prefix = rng.choice(VESSEL_PREFIXES)
            if _VESSEL_PREFIX.match(name):
                options.append((_VESSEL_PREFIX.sub("", name), "prefix removed"))
            else:
                options.append((f"{prefix} {name}", "prefix added"))
            if num is not None:
                n = int(num)
                forms = [f"{core} NO. {n}", f"{core} NO.{n}"]
                if n in ROMAN:
                    forms.append(f"{core} {ROMAN[n]}")
                options.append((rng.choice(forms), "number format"))
            elif listed_numbers[fold(core)] == {None}:
                # A number added to a vessel listed without one ("SEA PHOENIX" -> "SEA PHOENIX
                # II"): kept only when no vessel of that name is listed with any number.
                n = rng.choice([2, 2, 3])
                form = rng.choice([f"{core} {ROMAN[n]}", f"{core} {n}", f"{core} NO. {n}"])
                options.append((form, "number added"))
            toks = core.split()
            if len(toks) >= 2:
                options.append(
                    (
                        (toks[0] + "".join(w.lower() for w in toks[1:])).upper()
                        + (f" {num}" if num else ""),
                        "syllables joined",
                    )
                )
            for text, kind in options:
                if self.fresh_variant(text, rec.source_id):
                    yield rec, self.query_for(rec, text), f"{name} -> {kind}"

    def imo_only(self) -> Iterator[tuple[Rec, Query, str]]:
        for i, rec in enumerate(self.vessels):
            for imo in rec.imo:
                value = f"IMO {imo}" if i % 2 == 0 else imo
                yield rec, Query(id="", schema="Vessel", imo=(value,)), imo

    def hangul(self) -> Iterator[tuple[Rec, Query, str]]:
        for rec in sorted(self.t.records.values(), key=lambda r: r.source_id):
            for name in rec.all_names():
                if is_hangul(name) and not self.other_clusters(name, rec.source_id):
                    yield rec, self.query_for(rec, name), rec.primary or ""

    def dob_conflict(self) -> Iterator[tuple[Rec, Query, str]]:
        rng = _rng("dob_conflict")
        for rec in self.persons:
            dates = self.t.cluster_birth_dates(self.t.cluster_of[rec.source_id])
            years = [int(d[:4]) for d in dates if d[:4].isdigit()]
            if not rec.birth_dates or not years:
                continue
            own = rec.birth_dates[0]
            for name in self.base_names(rec)[:2]:  # the listed name, and one listed alias
                shifts = [25, -25]
                rng.shuffle(shifts)
                for shift in shifts:
                    year = int(own[:4]) + shift
                    if 1900 <= year <= 2008 and all(abs(year - y) >= 20 for y in years):
                        date = f"{year:04d}{own[4:]}"
                        query = Query(id="", schema="Person", names=(name,), birth_dates=(date,))
                        yield rec, query, f"listed {', '.join(dates)}"
                        break

    def lookalike_negative(self) -> Iterator[tuple[Rec | None, Query, str]]:
        yield from self._lookalike_persons()
        yield from self._lookalike_orgs()
        yield from self._lookalike_vessels()
        yield from self._one_word_persons()

    def _one_word_persons(self, count: int = 100) -> Iterator[tuple[None, Query, str]]:
        """A listed person's family name alone (KIM) or given name written as one word
        (JONGSU): files often carry one word for a name, and it names nobody."""
        rng = _rng("lookalike", "one word")
        surnames: set[str] = set()
        givens: set[str] = set()
        for _rec, _name, (surname, given, _layout) in self.korean_bases():
            parts, _ = korean.split_given(given)  # type: ignore[misc]
            surnames.add(surname.upper())
            if len(parts) > 1:
                givens.add(re.sub(r"['’]", "", "".join(parts)).upper())
        words = sorted(w for w in surnames if not self.listed(w))
        fresh = sorted(w for w in givens if not self.listed(w))
        words += rng.sample(fresh, min(max(0, count - len(words)), len(fresh)))
        for word in words:
            query = Query(id="", schema="Person", names=(word,))
            yield None, query, "person: one word of a listed name"

    def _lookalike_persons(self, count: int = 320) -> Iterator[tuple[None, Query, str]]:
        rng = _rng("lookalike", "person")
        surnames: list[str] = []
        givens: list[tuple[int, str]] = []
        syllables: set[str] = set()
        for _rec, _name, (surname, given, _layout) in self.korean_bases():
            cls = korean.surname_class(surname)
            surnames.append(_title(surname))
            givens.append((cls, given))  # type: ignore[arg-type]
            parts, _ = korean.split_given(given)  # type: ignore[misc]
            syllables.update(_title(p) for p in parts if "'" not in p and "’" not in p)
        surnames = sorted(set(surnames))
        givens = sorted(set(givens))
        pool = sorted(syllables)
        made, attempts = 0, 0
        while made < count and attempts < count * 50:
            attempts += 1
            surname = rng.choice(surnames)
            cls = korean.surname_class(surname)
            if rng.random() < 0.5:
                given_cls, given = rng.choice(givens)
                if given_cls == cls:
                    continue
                kind = "person: listed given name, other surname"
            else:
                given = " ".join(rng.sample(pool, 2))
                kind = "person: recombined syllables"
            parts = [p for p in re.split(r"[\s\-]+", given) if p]
            text = (
                f"{surname.upper()} {' '.join(p.upper() for p in parts)}"
                if rng.random() < 0.5
                else f"{surname.upper()}, {korean.join_given(parts, 'space', False)}"
            )
            if not self.person_unlisted(text):
                continue
            made += 1
            yield None, Query(id="", schema="Person", names=(text,)), kind

    def person_unlisted(self, text: str) -> bool:
        """Not listed, and no listed person has the same surname class and a given name
        within one edit of it after romanisation folding (that would be a variant)."""
        if self.listed(text):
            return False
        for cls, given in loose_person_keys(text):
            for listed_given in self.korean_keys.get(cls, {}):
                if Levenshtein.distance(given, listed_given, score_cutoff=1) <= 1:
                    return False
        return True

    def _word_pool(self) -> list[str]:
        pool: set[str] = set()
        for _rec, _name, (_s, given, _l) in self.korean_bases():
            parts, _ = korean.split_given(given)  # type: ignore[misc]
            pool.update(fold(p) for p in parts if len(fold(p)) >= 2)
        return sorted(pool)

    def _fresh_word(self, word: str) -> bool:
        """No listed token (any list) within one edit of it after romanisation folding."""
        return not _within_one(korean.canon(word), self.listed_tokens)

    def _lookalike_orgs(self, count: int = 160) -> Iterator[tuple[None, Query, str]]:
        rng = _rng("lookalike", "org")
        pool = self._word_pool()
        skeletons = []
        for rec in self.orgs:
            name = rec.primary
            if not name:
                continue
            toks = name.split()
            distinct = [i for i, w in enumerate(toks) if fold(w) not in GENERIC_ORG_WORDS]
            if distinct and len(toks) >= 2:
                skeletons.append((toks, distinct))
        made, attempts = 0, 0
        while made < count and attempts < count * 50:
            attempts += 1
            toks, distinct = rng.choice(skeletons)
            new_word = (rng.choice(pool) + rng.choice(pool)).upper()
            if not self._fresh_word(new_word):
                continue
            out = [w for i, w in enumerate(toks) if i not in distinct[1:]]
            out[distinct[0]] = new_word
            text = " ".join(out)
            if self.listed(text) or korean.canon(text) in self.listed_joined:
                continue
            made += 1
            yield (
                None,
                Query(id="", schema="Organization", names=(text,)),
                (f"company: distinctive word replaced | {' '.join(toks)}"),
            )

    def _lookalike_vessels(self, count: int = 110) -> Iterator[tuple[None, Query, str]]:
        rng = _rng("lookalike", "vessel")
        pool = self._word_pool()
        made, attempts = 0, 0
        while made < count and attempts < count * 50:
            attempts += 1
            a, b = rng.sample(pool, 2)
            core = f"{a} {b}".upper()
            if _within_one(korean.canon(core), self.vessel_cores):
                continue
            text = core + (f" {rng.randint(1, 30)}" if rng.random() < 0.5 else "")
            if self.listed(text):
                continue
            made += 1
            yield None, Query(id="", schema="Vessel", names=(text,)), "vessel: recombined syllables"

    # -- helpers ------------------------------------------------------------------------------

    def person_query(self, rec: Rec, text: str) -> Query:
        return Query(id="", schema="Person", names=(text,))

    def query_for(self, rec: Rec, text: str) -> Query:
        schema = "Person" if rec.is_person else "Vessel" if rec.is_vessel else "Organization"
        return Query(id="", schema=schema, names=(text,))

    def cases(self) -> list[Case]:
        producers: dict[str, Callable[[], Iterable[tuple[Rec | None, Query, str]]]] = {
            c: getattr(self, c) for c in DPRK_CATEGORIES
        }
        out: list[Case] = []
        for category, produce in producers.items():
            seen: set[tuple] = set()
            n = 0
            for rec, query, note in produce():
                key = (tuple(fold(x) for x in query.names), query.birth_dates, query.imo)
                if key in seen:
                    continue
                seen.add(key)
                qid = f"dprk-{category}-{n}"
                n += 1
                q = Query(
                    qid,
                    query.schema,
                    query.names,
                    query.birth_dates,
                    query.countries,
                    query.imo,
                    query.passports,
                    query.identifiers,
                )
                if rec is None or category == "dob_conflict":
                    out.append(Case(DPRK, category, q, None, frozenset(), note))
                else:
                    out.append(
                        Case(DPRK, category, q, rec.source_id, self.t.accept(rec.source_id), note)
                    )
        return out


def _within_one(text: str, choices: list[str]) -> bool:
    found = process.extractOne(text, choices, scorer=Levenshtein.distance, score_cutoff=1)
    return found is not None


def loose_person_keys(name: str) -> set[tuple[int, str]]:
    """(surname class, canonical rest) for every way a name could be split into a Korean
    surname and the rest, without requiring the rest to parse as syllables."""
    keys: set[tuple[int, str]] = set()
    if "," in name:
        head, rest = (x.strip() for x in name.split(",", 1))
        cls = korean.surname_class(head)
        if cls is not None and rest:
            keys.add((cls, korean.canon(rest)))
        return keys
    tokens = name.split()
    if len(tokens) < 2:
        return keys
    for surname, rest in ((tokens[0], tokens[1:]), (tokens[-1], tokens[:-1])):
        cls = korean.surname_class(surname)
        if cls is not None:
            keys.add((cls, korean.canon(" ".join(rest))))
    return keys


_TYPO_LETTERS = "abcdefghijklmnoprstuwy"


def one_typo(name: str, rng: random.Random) -> tuple[str | None, str]:
    """One substitution, deletion, insertion or transposition at a random letter."""
    letters = [i for i, c in enumerate(name) if c.isalpha() and c.isascii()]
    if len(letters) < 4:
        return None, ""
    kind = rng.choice(["substitution", "deletion", "insertion", "transposition"])
    i = rng.choice(letters)
    ch = name[i]

    def cased(c: str) -> str:
        return c.upper() if ch.isupper() else c

    if kind == "substitution":
        new = rng.choice([c for c in _TYPO_LETTERS if c != ch.lower()])
        return name[:i] + cased(new) + name[i + 1 :], kind
    if kind == "deletion":
        left = name[i - 1] if i > 0 else " "
        right = name[i + 1] if i + 1 < len(name) else " "
        if not left.isalpha() and not right.isalpha():
            return None, ""  # never delete a one-letter word ("O", "U")
        return name[:i] + name[i + 1 :], kind
    if kind == "insertion":
        return name[: i + 1] + cased(rng.choice(_TYPO_LETTERS)) + name[i + 1 :], kind
    if i + 1 >= len(name) or not name[i + 1].isalpha() or name[i + 1].lower() == ch.lower():
        return None, ""
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :], kind


def _generator_key(truth_key: str) -> str:
    digest = hashlib.sha256(truth_key.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def dprk_cases(truth: Truth, cache_key: str | None = None) -> list[Case]:
    """The generated DPRK set; cached under the system temp dir (never in the repository)
    when `cache_key` (the truth's key) is given."""
    if cache_key is None:
        return Generator(truth).cases()
    path = Path(tempfile.gettempdir()) / f"cordon-bench-dprk-{_generator_key(cache_key)}.pickle"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:
            path.unlink(missing_ok=True)
    cases = Generator(truth).cases()
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(cases, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return cases


def sizes(cases: Iterable[Case]) -> dict[tuple[str, str], int]:
    return dict(Counter((c.qset, c.category) for c in cases))
