"""Ground truth for the screening benchmark, read from the list files with cordon's parsers.

The benchmark needs to know, independently of any engine, which source records describe the
same designee (so an engine that ranks the OFAC record of a UN designee first is not marked
wrong), which names are listed at all (so a generated negative really is not listed), and the
facts each record carries. Records are linked into designee clusters by rules strict enough to
be obviously right:

- a UK OFSI record naming its UN reference (`unscId`) joins that UN record;
- a UK Sanctions List row joins the OFSI record of its OFSI Group ID;
- vessels with the same IMO number are one vessel;
- people with the same folded full name (name or alias, in any token order: "KONY, Salim" and
  "SALIM KONY") and compatible birth dates (one date a prefix of the other, e.g. "1964" and
  "1964-07-17") are one person; a record without any birth date joins them when all dated
  records of that name agree (one designee), and undated records of the same name of three or
  more tokens are one person;
- organisations with the same folded main name are one organisation (aliases are not enough:
  distinct groups share aliases such as "ANSAR AL-SUNNA").

Everything here is plain Python over parsed records; nothing depends on cordon's screening code.
"""

from __future__ import annotations

import pickle
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists"
MATCHING = Path(__file__).resolve().parents[3] / "shared" / "data" / "matching"

PERSON = "Person"
VESSEL = "Vessel"
ORG_SCHEMAS = {"Organization", "Company", "LegalEntity", "PublicBody"}

_APOSTROPHES = re.compile(r"[’'ʼ‘`´ʻ]")
_NON_WORD = re.compile(r"[^\w]+|_")
# Letters NFKD does not decompose (watchman's Đoàn problem), folded explicitly.
_SPECIAL = str.maketrans(
    dict(zip("đĐłŁøØıßæÆœŒ", [*"dDlLoOi", "ss", "ae", "AE", "oe", "OE"], strict=True))
)
_LATIN = re.compile(r"[A-Za-z]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def words(text: str, sep: str | None = None) -> tuple[str, ...]:
    """A word list written as one string (tables stay readable)."""
    return tuple(w.strip() for w in text.split(sep) if w.strip())


@lru_cache(maxsize=500_000)
def fold(text: str) -> str:
    """Lower case, ASCII-folded where Latin, apostrophes deleted (not split), other
    punctuation to spaces, whitespace collapsed. Non-Latin letters are kept as they are."""
    text = text.translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def token_key(text: str) -> tuple[str, ...]:
    """Order-free key of a name: its sorted folded tokens."""
    return tuple(sorted(fold(text).split()))


def is_latin(text: str) -> bool:
    return bool(_LATIN.search(text)) and not _HANGUL.search(text)


def is_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text)) and not _LATIN.search(text)


def imo_digits(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) == 7 else None


def dates_compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


@dataclass
class Rec:
    """What the benchmark needs to know about one source record's designee."""

    source_id: str
    dataset: str
    schema: str
    names: list[str] = field(default_factory=list)  # `name` values, in file order
    aliases: list[str] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    previous_names: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # nationality + country
    imo: list[str] = field(default_factory=list)  # 7 digits
    passports: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    unsc_ids: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)  # UK Sanctions List -> OFSI Group ID

    @property
    def primary(self) -> str | None:
        """The first Latin-script name, as the publisher put it."""
        return next((n for n in self.names if is_latin(n)), None)

    def strong_names(self) -> list[str]:
        return [*self.names, *self.aliases]

    def all_names(self) -> list[str]:
        return [*self.names, *self.aliases, *self.weak_aliases, *self.previous_names]

    @property
    def is_person(self) -> bool:
        return self.schema == PERSON

    @property
    def is_vessel(self) -> bool:
        return self.schema == VESSEL

    @property
    def is_org(self) -> bool:
        return self.schema in ORG_SCHEMAS

    @property
    def is_dprk(self) -> bool:
        if self.source_id.startswith(("un:KPi.", "un:KPe.")):
            return True
        if any(p.startswith("DPRK") for p in self.programs):
            return True
        if any("korea" in p.lower() and "democratic" in p.lower() for p in self.programs):
            return True
        return "NPWMD" in self.programs and "kp" in self.countries


_PROPS = {
    "name": "names",
    "alias": "aliases",
    "weakAlias": "weak_aliases",
    "previousName": "previous_names",
    "birthDate": "birth_dates",
    "nationality": "countries",
    "country": "countries",
    "passportNumber": "passports",
}


def record_from_parsed(record) -> Rec:  # type: ignore[no-untyped-def]
    main = record.main
    rec = Rec(record.source_id, "", main.schema)
    for prop, value, _ in main.values:
        attr = _PROPS.get(prop)
        if attr is not None:
            values = getattr(rec, attr)
            if value not in values:
                values.append(value)
        elif prop == "imoNumber":
            digits = imo_digits(value)
            if digits and digits not in rec.imo:
                rec.imo.append(digits)
    for draft in record.entities[1:]:
        if draft.schema != "Sanction":
            continue
        for prop, value, _ in draft.values:
            if prop == "program":
                rec.programs.append(value)
            elif prop == "unscId":
                rec.unsc_ids.append(value.strip())
            elif prop == "recordId":
                rec.group_ids.append(value.strip())
    return rec


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Truth:
    records: dict[str, Rec]
    cluster_of: dict[str, str]  # source id -> cluster id
    members: dict[str, frozenset[str]]  # cluster id -> source ids
    by_name: dict[str, set[str]]  # folded full name (any name kind) -> cluster ids
    by_tokens: dict[tuple[str, ...], set[str]]  # sorted folded tokens -> cluster ids
    key: str = ""  # identifies the list files and code this truth was built from

    def accept(self, source_id: str) -> frozenset[str]:
        """The source record plus every record of the same designee on other lists."""
        return self.members[self.cluster_of[source_id]]

    def clusters_named(self, name: str) -> set[str]:
        return self.by_name.get(fold(name), set())

    def clusters_with_tokens(self, name: str) -> set[str]:
        return self.by_tokens.get(token_key(name), set())

    def cluster_records(self, cluster: str) -> list[Rec]:
        return [self.records[s] for s in sorted(self.members[cluster])]

    def cluster_birth_dates(self, cluster: str) -> list[str]:
        return sorted({d for r in self.cluster_records(cluster) for d in r.birth_dates})

    def unique_name(self, name: str, source_id: str) -> bool:
        """Whether this name (folded) belongs to this record's designee only."""
        return self.clusters_named(name) <= {self.cluster_of[source_id]}


_MERGED_ATTRS = words(
    """names aliases weak_aliases previous_names birth_dates countries imo passports programs
    unsc_ids"""
)


def build_truth(parsed_lists: Iterable) -> Truth:  # type: ignore[type-arg]
    records: dict[str, Rec] = {}
    for parsed in parsed_lists:
        for record in parsed.records:
            if not record.entities:
                continue
            rec = record_from_parsed(record)
            rec.dataset = parsed.dataset
            if record.source_id in records:  # the same list in two formats (OFAC cons CSV+XML)
                old = records[record.source_id]
                for attr in _MERGED_ATTRS:
                    values = getattr(old, attr)
                    values.extend(v for v in getattr(rec, attr) if v not in values)
                continue
            records[record.source_id] = rec

    uf = _UnionFind()
    for sid in records:
        uf.find(sid)
    by_imo: dict[str, list[str]] = defaultdict(list)
    by_strong_name: dict[tuple[bool, str], list[str]] = defaultdict(list)
    for sid, rec in records.items():
        for ref in rec.unsc_ids:
            if f"un:{ref}" in records:
                uf.union(sid, f"un:{ref}")
        if rec.dataset == "gb_fcdo_sanctions":
            for gid in rec.group_ids:
                if f"uk:{gid}" in records and f"uk:{gid}" != sid:
                    uf.union(sid, f"uk:{gid}")
        if rec.is_vessel:
            for imo in rec.imo:
                by_imo[imo].append(sid)
        # People join on any strong name (the birth date guards the link); organisations only
        # on their main names, since aliases such as "ANSAR AL-SUNNA" are shared by distinct
        # groups and would chain them together.
        for name in rec.strong_names() if rec.is_person else rec.names:
            if fold(name):
                # People in any token order ("KONY, Salim" is "SALIM KONY"); names of
                # organisations as written.
                key = " ".join(token_key(name)) if rec.is_person else fold(name)
                by_strong_name[(rec.is_person, key)].append(sid)
    for sids in by_imo.values():
        for other in sids[1:]:
            uf.union(sids[0], other)
    for sids in by_strong_name.values():
        for i, a in enumerate(sids):
            ra = records[a]
            for b in sids[i + 1 :]:
                rb = records[b]
                if ra.is_person and rb.is_person:
                    if any(dates_compatible(x, y) for x in ra.birth_dates for y in rb.birth_dates):
                        uf.union(a, b)
                elif ra.is_org and rb.is_org:
                    uf.union(a, b)
    # A person record without any birth date joins the designee whose other records carry
    # the same full name, when those all agree on the date (one designee); without any date
    # on either side, only names of three or more tokens are specific enough to link.
    for (is_person, key), sids in by_strong_name.items():
        if not is_person:
            continue
        people = [s for s in dict.fromkeys(sids) if records[s].is_person]
        undated = [s for s in people if not records[s].birth_dates]
        dated_roots = {uf.find(s) for s in people if records[s].birth_dates}
        if not undated:
            continue
        if len(dated_roots) == 1:
            for s in undated:
                uf.union(next(iter(dated_roots)), s)
        elif not dated_roots and len(key.split()) >= 3:
            for s in undated[1:]:
                uf.union(undated[0], s)

    cluster_of = {sid: uf.find(sid) for sid in records}
    grouped: dict[str, set[str]] = defaultdict(set)
    for sid, cid in cluster_of.items():
        grouped[cid].add(sid)
    members = {cid: frozenset(s) for cid, s in grouped.items()}
    by_name: dict[str, set[str]] = defaultdict(set)
    by_tokens: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for sid, rec in records.items():
        for name in rec.all_names():
            if fold(name):
                by_name[fold(name)].add(cluster_of[sid])
                by_tokens[token_key(name)].add(cluster_of[sid])
    return Truth(records, cluster_of, members, dict(by_name), dict(by_tokens))


def list_files(lists: Path = LISTS) -> list[Path]:
    from cordon.lists import service

    return service.collect([lists])


def _code_and_data_key(data_sha: str) -> str:
    """Cache key: the list files, this module and cordon's parsers (a parser change rebuilds)."""
    import hashlib

    from cordon.lists import service

    digest = hashlib.sha256(data_sha.encode())
    for path in sorted([Path(__file__), *Path(service.__file__).parent.glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_truth(lists: Path = LISTS, cache: bool = True) -> Truth:
    """Parse every list and build the truth; cached under the system temp dir by content."""
    from cordon.lists import service
    from cordon.lists.records import files_sha256

    files = list_files(lists)
    key = _code_and_data_key(files_sha256(files))
    path = Path(tempfile.gettempdir()) / f"cordon-bench-truth-{key}.pickle"
    if cache and path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a stale or broken cache is rebuilt
            path.unlink(missing_ok=True)
    truth = build_truth(service.parse_all([lists]))
    truth.key = key
    if cache:
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(truth, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return truth
