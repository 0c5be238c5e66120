"""Cross-list resolution: records of one designee in several lists become one entity.

Strong identifiers decide (the same valid IMO number; the same passport number with a
compatible name); a near-identical name with the same full birth date supports a merge of people,
and so does the same name with birth dates that agree as far as both are known (years);
an identical name (legal form included) with no conflicting country merges organisations; a
row designated on the UN's behalf merges with the one UN record of the same name listed the
same day; a person listed without a birth date merges with the one designee of the same name
(three words or more).
Every merge is stored with its evidence and can be undone; an analyst's "different" judgement
blocks an automatic merge of that pair for good.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from cordon.model.markings import CLEAR
from cordon.policy import SYSTEM, Principal
from cordon.screening.clusters import Clusters, judged_same, priority
from cordon.screening.engine import Screener
from cordon.screening.model import Feature, Match, Query
from cordon.screening.targets import Target
from cordon.store import Store

NAME_DOB_MIN = 0.92  # people: name similarity needed beside an identical full birth date
SAME_NAME = 0.99  # the same name in any order: with birth dates that agree only as far as
# both are known (years), with none at all, or with the UN listing it was taken from
ORG_NAME_MIN = 0.999  # organisations and vessels: the same name, legal form included


def propose(screener: Screener) -> list[dict]:
    """Automatic merge proposals across datasets, each with its evidence."""
    targets = screener.index.targets
    proposals: dict[tuple[str, str], dict] = {}
    by_imo: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        for imo in target.imo:
            by_imo[imo].append(target)
    for imo, group in by_imo.items():
        for other in group[1:]:
            add(proposals, group[0], other, "imo", 99, {"imo": imo})
    for target in targets:
        for match in screener.match(query_for(target), threshold=0.0, limit=5):
            other = screener.index.targets[screener.position(match.entity_id)]
            if other.id == target.id or not (other.datasets - target.datasets):
                continue
            evidence = judge(target, other, match.score, match.explanation)
            if evidence is not None:
                method, score, detail = evidence
                add(proposals, target, other, method, score, detail)
    return list(proposals.values())


# A Sanction property that cites another list's record, and the source-id prefix it cites.
REFERENCES = {"unscId": "un:", "authorityId": "uk:", "recordId": "uk:"}
REFERENCE_DATASETS = {"gb_hmt_sanctions", "gb_fcdo_sanctions", "un_sc_sanctions"}


def reference_links(store: Store, principal: Principal, screener: Screener) -> list[dict]:
    """Merges the lists state themselves: OFSI rows cite the UN reference number and the UK
    Sanctions List id; UK Sanctions List rows cite the OFSI group id."""
    facts = store.listed_sanction_facts(principal, frozenset(REFERENCES))
    refs = {
        (entity_id, REFERENCES[prop] + value)
        for entity_id, dataset, prop, value in facts
        if dataset in REFERENCE_DATASETS
    }
    cited = store.resolve_many(principal, sorted({ref for _, ref in refs}))
    proposals: dict[tuple[str, str], dict] = {}
    targets = screener.index.targets
    for entity_id, ref in sorted(refs):
        other_id = cited.get(ref)
        if other_id is None or other_id == entity_id:
            continue
        try:
            a = targets[screener.position(entity_id)]
            b = targets[screener.position(other_id)]
        except KeyError:
            continue  # not a screening target (e.g. no name at all)
        add(proposals, a, b, "list_reference", 99, {"cites": ref})
    return list(proposals.values())


# The UK Sanctions List marks the designations it took over from the UN.
UN_SOURCE = "Designation source: UN"
UN_DATASET = "un_sc_sanctions"
CONFLICTS = ("_conflict", "_mismatch")


def un_listing_links(
    store: Store, principal: Principal, screener: Screener, joined: Clusters
) -> list[dict]:
    """A row that says it was designated by the UN but carries no birth date or number to merge
    on (the UK Sanctions List's NA MAN TCHAM) is the UN record of the same name listed the
    same day (TCHAM NA MAN, both 2012-07-18), when exactly one UN record is that. Rows
    already `joined` to it (most, through the OFSI record both cite) are left alone."""
    facts = store.listed_sanction_facts(principal, frozenset({"listingDate", "summary"}))
    listed: dict[str, set[str]] = defaultdict(set)
    from_un: set[str] = set()
    for entity_id, dataset, prop, value in facts:
        if prop == "listingDate":
            listed[entity_id].add(value[:10])
        elif value == UN_SOURCE and dataset != UN_DATASET:
            from_un.add(entity_id)
    targets = screener.index.targets
    proposals: dict[tuple[str, str], dict] = {}
    for entity_id in sorted(from_un):
        try:
            target = targets[screener.position(entity_id)]
        except KeyError:
            continue  # not a screening target (e.g. no name at all)
        found = []
        for match in screener.match(query_for(target), threshold=0.0, limit=5):
            other = targets[screener.position(match.entity_id)]
            days = listed[entity_id] & listed[other.id]
            same = same_name(match)
            if UN_DATASET in other.datasets and days and same is not None and same[1]:
                found.append((other, {"name": same[0].candidate, "listed": min(days)}))
        if len(found) == 1 and joined.find(entity_id) != joined.find(found[0][0].id):
            other, evidence = found[0]
            add(proposals, target, other, "un_listing", 95, {**evidence, "source": UN_SOURCE})
    return list(proposals.values())


def same_name(match: Match) -> tuple[Feature, bool] | None:
    """The name feature of a match on the same name (SAME_NAME), and whether nothing else in
    the match conflicts; None when the names differ."""
    names = {f.name: f for f in match.explanation}
    name = names.get("name_match")
    if name is None or name.effect < SAME_NAME:
        return None
    return name, not any(n.endswith(CONFLICTS) for n in names)


UNDATED_WORDS = 3  # a person listed without a birth date merges only on a name this long


def undated_links(screener: Screener, joined: Clusters) -> list[dict]:
    """A person listed without any birth date and joined to nobody yet (OFAC's AL-IRAQI, Abd
    al-Hadi, also NASHWAN ABD AL-RAZZAQ ABD AL-BAQI) is the designee of the same name in
    another list when the name has at least UNDATED_WORDS words, nothing conflicts, and every
    record of that name found is already `joined` into that one designee: an undated CHOE CHUN
    SIK merges with neither of the two listed, born 1954 and 1963."""
    targets = screener.index.targets
    sizes = Counter(joined.find(t.id) for t in targets)
    proposals: dict[tuple[str, str], dict] = {}
    for target in targets:
        if target.schema != "Person" or target.birth_dates or sizes[joined.find(target.id)] > 1:
            continue
        query = query_for(target)
        if max((len(n.split()) for n in query.names), default=0) < UNDATED_WORDS:
            continue
        found: dict[str, tuple[Target, Feature, bool]] = {}  # by designee: the best record
        for match in screener.match(query, threshold=0.0, limit=10):
            other = targets[screener.position(match.entity_id)]
            same = same_name(match)
            if other.id != target.id and same is not None:
                found.setdefault(joined.find(other.id), (other, *same))
        if len(found) != 1:
            continue  # nobody of that name, or several designees
        [(other, name, clean)] = found.values()
        if clean and other.datasets - target.datasets:
            add(proposals, target, other, "name_undated", 90, {"name": name.detail})
    return list(proposals.values())


def query_for(target: Target) -> Query:
    # The list's own names first; aliases are found from the other record's side as well.
    names = sorted(target.primary)[:3] or sorted({f.text for f in target.names})[:3]
    return Query(
        id=target.id,
        schema=target.schema,
        names=tuple(names),
        birth_dates=tuple(sorted(target.birth_dates)),
        countries=tuple(sorted(target.countries)),
        imo=tuple(sorted(target.imo)),
        passports=tuple(sorted(target.passports)),
    )


def judge(a: Target, b: Target, score: float, features) -> tuple[str, int, dict] | None:  # type: ignore[no-untyped-def]
    names = {f.name: f for f in features}
    if "passport_match" in names and score >= 0.9:
        return "passport", 97, {"passport": names["passport_match"].query, "score": score}
    if "imo_conflict" in names or "schema_mismatch" in names:
        return None
    if a.schema == "Person" or b.schema == "Person":
        name = names.get("name_match")
        if name is None:
            return None
        if "birth_date_exact" in names and name.effect >= NAME_DOB_MIN:
            return (
                "name_birth_date",
                int(score * 100),
                {"name": name.detail, "birth_date": names["birth_date_exact"].query},
            )
        # Lists that know only the year (OFAC's AL-TIKRITI, Qusay Saddam Hussein, 1965 and
        # 1966): the same name, in any order, and no conflicting country.
        if (
            "birth_date_match" in names
            and name.effect >= SAME_NAME
            and "country_mismatch" not in names
        ):
            return (
                "name_birth_year",
                int(score * 100),
                {"name": name.detail, "birth_date": names["birth_date_match"].query},
            )
        return None
    name = names.get("name_match")
    if (
        name is not None
        and name.effect >= ORG_NAME_MIN
        and "country_mismatch" not in names
        and "legal_form_mismatch" not in names
        and "vessel_number_mismatch" not in names
    ):
        return "name_exact", int(score * 100), {"name": name.candidate}
    return None


def add(proposals: dict, a: Target, b: Target, method: str, score: int, evidence: dict) -> None:
    left, right = sorted((a, b), key=priority)
    key = (left.id, right.id)
    if key not in proposals:
        proposals[key] = {
            "left_id": left.id,
            "right_id": right.id,
            "judgement": "same",
            "method": method,
            "score": score,
            "evidence": evidence,
        }


def resolve(store: Store, principal: Principal = SYSTEM) -> list[int]:
    """Record new automatic merges (pairs already judged either way are left alone)."""
    screener = Screener.from_store(store, principal, resolved=False)
    judged = {(r.left_id, r.right_id) for r in store.resolutions(principal, active_only=False)}
    judged |= {(b, a) for a, b in judged}
    proposals = reference_links(store, principal, screener) + propose(screener)
    joined = judged_same(store, principal)
    for p in proposals:
        joined.union(p["left_id"], p["right_id"])
    for link in un_listing_links(store, principal, screener, joined):
        joined.union(link["left_id"], link["right_id"])
        proposals.append(link)
    proposals += undated_links(screener, joined)
    new, seen = [], set(judged)
    for p in proposals:
        if (p["left_id"], p["right_id"]) not in seen:
            seen.add((p["left_id"], p["right_id"]))
            new.append(p)
    return store.add_resolutions(principal, new, CLEAR) if new else []
