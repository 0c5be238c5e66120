"""The document extractor on the real lists: gazetteer (romanization-aware, where the model
misses names), identifiers, grouping, linking with explanations, claims with hedge scopes and
attribution, unsupported languages, and the two corpus articles as unseen input."""

from __future__ import annotations

import pytest

from cordon.documents import identifiers
from cordon.documents.hedges import ORDER
from cordon.documents.model import Extraction
from cordon.documents.pipeline import Extractor
from cordon.lists import service
from cordon.screening import resolve
from cordon.store import Store
from tests.paths import LISTS, SHARED

CORPUS = SHARED / "corpus"


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    home = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("CORDON_HOME", str(home))
    store = Store(f"sqlite:///{home / 'cordon.db'}")
    service.load(store, [LISTS])
    resolve.resolve(store)
    yield Extractor.from_store(store)
    store.close()
    mp.undo()


def mention(result: Extraction, text: str):
    found = [m for m in result.mentions if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in result.mentions]}"
    return found[0]


def claims(result: Extraction) -> dict[tuple[str, str, str], dict]:
    return {
        (c.subject.text, c.predicate, c.object.text): c.to_dict(result.text) for c in result.claims
    }


# -- mentions and linking ------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Ri Won Ho", "RI Won-ho", "Ri Wŏn-ho", "Ri Won-Ho"])
def test_designated_names_are_found_in_any_romanization(extractor: Extractor, written: str):
    result = extractor.extract(f"The delegation was led by {written}, officials said.")
    found = mention(result, written)
    assert found.label == "person"
    assert "un:KPi.033" in found.source_ids
    assert found.explanation[-1]["feature"] == "link_decision"


def test_the_gazetteer_finds_what_the_model_misses(extractor: Extractor):
    text = "Funds reached Ri Won Ho via Dandong; ri won ho was not named."
    assert "Ri Won Ho" not in [e.text for e in extractor.nlp(text).ents]  # the model misses it
    found = mention(extractor.extract(text), "Ri Won Ho")
    assert found.origin == "gazetteer" and found.label == "person"
    assert "un:KPi.033" in found.source_ids
    # lower-case words are not a name
    assert not [m for m in extractor.extract(text).mentions if m.text == "ri won ho"]


def test_hangul_names_are_found_in_text_the_model_cannot_read(extractor: Extractor):
    result = extractor.extract(
        "조선 대표단은 리원호 가 이끌었다. 리원호 는 평양에서 왔다. 이것은 한국어입니다."
    )
    assert any("unsupported language" in n for n in result.notes)
    assert not result.claims
    hangul = [m for m in result.mentions if m.text.startswith("리원호")]
    assert hangul and "un:KPi.033" in hangul[0].source_ids


def test_unsupported_latin_language_is_said_and_not_parsed(extractor: Extractor):
    text = (
        "La société Korea Mining Development Trading Corporation est une entreprise qui "
        "vend des armes et des missiles dans plusieurs pays selon les enquêteurs des Nations unies."
    )
    result = extractor.extract(text)
    assert result.language.startswith("Latin script, not en")
    assert any("unsupported language" in n for n in result.notes)
    assert mention(result, "Korea Mining Development Trading Corporation").entity_id


def test_identifiers_with_offsets_and_imo_check_digit():
    text = (
        "The tanker (IMO 9223708) and a ship with IMO 9223709; passport no. 836210029, "
        "tel. +60 3-2141 9118, email kim@example.com.my"
    )
    found = {m.kind: m for m in identifiers.find_identifiers(text)}
    assert found["imo"].value == "9223708" and text[found["imo"].start : found["imo"].end] == (
        "IMO 9223708"
    )
    assert [m.value for m in identifiers.find_identifiers(text) if m.kind == "imo"] == ["9223708"]
    assert found["passport"].value == "836210029"
    assert found["phone"].value == "+60321419118"
    assert found["email"].value == "kim@example.com.my"


def test_vessel_with_its_imo_is_linked_with_the_imo_as_context(extractor: Extractor):
    result = extractor.extract(
        "Inspectors boarded the vessel Chong Chon Gang (IMO 7937317) in Panama in 2013."
    )
    vessel = mention(result, "Chong Chon Gang")
    assert vessel.label == "vessel" and vessel.entity_id and vessel.score == 1.0
    assert "imo" in vessel.explanation[-1]["detail"]


def test_mentions_of_one_person_share_a_group(extractor: Extractor):
    result = extractor.extract(
        "Mr Kim Jong Nam was killed at the airport. Police said Jong Nam had travelled "
        "alone. Kim Jong Un did not comment, and Kim stayed silent."
    )
    assert mention(result, "Kim Jong Nam").group == mention(result, "Jong Nam").group
    assert mention(result, "Kim Jong Un").group != mention(result, "Kim Jong Nam").group
    kim = [m for m in result.mentions if m.text == "Kim"]
    assert not kim or kim[0].group not in (
        mention(result, "Kim Jong Un").group,
        mention(result, "Kim Jong Nam").group,
    )


def test_a_single_word_person_name_is_not_linked(extractor: Extractor):
    result = extractor.extract("Ri Won Ho arrived on Monday. Later, Kim left for Dandong.")
    kim = [m for m in result.mentions if m.text == "Kim"]
    assert all(m.entity_id is None for m in kim)


def test_acronyms_join_their_organisation(extractor: Extractor):
    result = extractor.extract(
        "Agents of the Reconnaissance General Bureau (RGB) were seen. The RGB denied it."
    )
    groups = {m.group for m in result.mentions if "RGB" in m.text or "Bureau" in m.text}
    assert len(groups) == 1


# -- claims and hedges -------------------------------------------------------------------------


HEDGED = [
    ("Korea Ryonbong General Corporation is allegedly owned by Ocean Maritime Management.",
     "alleged", None),
    ("Reuters reported that Ocean Maritime Management owns Korea Ryonbong General Corporation.",
     "reported", "Reuters"),
    ("According to a UN panel report, Korea Ryonbong General Corporation is run by Ocean "
     "Maritime Management.", "reported", "a UN panel report"),
    ("Ocean Maritime Management, which is believed to control Korea Ryonbong General "
     "Corporation, did not reply.", "speculative", None),
    ("Ocean Maritime Management may own Korea Ryonbong General Corporation.", "speculative", None),
    ("Ocean Maritime Management denied that it owns Korea Ryonbong General Corporation.",
     "denied", "Ocean Maritime Management"),
    ("Ocean Maritime Management does not own Korea Ryonbong General Corporation.", "denied", None),
    ("Korea Ryonbong General Corporation is said to be owned by Ocean Maritime Management.",
     "alleged", None),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "hedge", "attribution"), HEDGED)
def test_hedges_come_from_the_cue_scope(
    extractor: Extractor, sentence: str, hedge: str, attribution: str | None
):
    result = extractor.extract(sentence)
    [claim] = [c for c in result.claims if c.predicate == "owns_or_controls"]
    assert claim.subject.text == "Ocean Maritime Management"
    assert claim.object.text == "Korea Ryonbong General Corporation"
    assert claim.hedge == hedge
    assert claim.attribution == attribution
    assert result.text[claim.evidence[0] : claim.evidence[1]] == sentence


def test_a_hedge_outside_the_claims_scope_does_not_apply(extractor: Extractor):
    text = (
        "Ri Won Ho, who allegedly met officials in Dandong, is a director of Korea Mining "
        "Development Trading Corporation."
    )
    found = claims(extractor.extract(text))
    key = ("Ri Won Ho", "director_of", "Korea Mining Development Trading Corporation")
    assert found[key]["hedge"] == "asserted"


def test_no_hedged_claim_is_emitted_as_asserted(extractor: Extractor):
    for sentence, hedge, _ in HEDGED:
        for claim in extractor.extract(sentence).claims:
            assert claim.hedge != "asserted", sentence
            assert ORDER.index(claim.hedge) >= ORDER.index(hedge) or claim.hedge == hedge


def test_front_company_apposition_and_location(extractor: Extractor):
    text = (
        "Pyongyang-based Korea Mining Development Trading Corporation set up Hong Kong "
        "Electronics, a front company for the Reconnaissance General Bureau, which is based "
        "in Kuala Lumpur."
    )
    found = claims(extractor.extract(text))
    assert (
        found[("Hong Kong Electronics", "front_company_of", "Reconnaissance General Bureau")][
            "hedge"
        ]
        == "asserted"
    )


def test_family_from_a_possessive(extractor: Extractor):
    text = "Kim Jong Un's estranged half-brother Kim Jong Nam was killed in Kuala Lumpur."
    found = claims(extractor.extract(text))
    assert ("Kim Jong Nam", "family_of", "Kim Jong Un") in found


def test_claims_need_named_ends_of_the_right_kind(extractor: Extractor):
    result = extractor.extract(
        "Tillerson welcomed the stand on radical groups with ties to ISIS. "
        "The police were in front of the Reconnaissance General Bureau office."
    )
    assert not result.claims


# -- the corpus (unseen input) -----------------------------------------------------------------


def test_spy_nest_article(extractor: Extractor):
    text = (CORPUS / "2017-03-north-korean-spy-nest-in-malaysia.txt").read_text()
    result = extractor.extract(text)
    kim = mention(result, "Kim Jong Un")
    assert "ofac:20157" in kim.source_ids
    glocom = [m for m in result.mentions if m.text == "Glocom"]
    assert glocom and all(m.label == "organization" for m in glocom)
    assert len({m.group for m in glocom}) == 1
    assert any(m.entity_id for m in glocom)
    found = claims(result)
    front = found[("Glocom", "front_company_of", "RGB")]
    assert front["hedge"] == "reported"
    assert "United Nations report" in front["attribution"]
    assert ("Jong Nam", "family_of", "Kim Jong Un") in found
    assert not [m for m in result.mentions if m.text in ("North Korean", "Malaysian")]


def test_tillerson_article(extractor: Extractor):
    text = (CORPUS / "2017-08-08-us-seeks-malaysia-help-on-north-korea.txt").read_text()
    result = extractor.extract(text)
    assert mention(result, "Glocom").label == "organization"
    assert all(c.hedge in ORDER for c in result.claims)
    assert ("Tillerson", "associate_of", "ISIS") not in claims(result)


# -- scopes, cues and mentions added with the benchmark (benchmarks/documents) ----------------


DESCRIBED = [
    # what describes a subject is not what a raising verb, an adverb or a negation hedges
    "Ri Won Ho, a director of Korea Mining Development Trading Corporation, is believed to have "
    "left Damascus.",
    "Ri Won Ho, a director of Korea Mining Development Trading Corporation, allegedly met buyers "
    "in Damascus.",
    "Ri Won Ho, a director of Korea Mining Development Trading Corporation, was not named.",
    "Ri Won Ho, who is a director of Korea Mining Development Trading Corporation, is said to "
    "have moved to Beirut.",
]


@pytest.mark.parametrize("sentence", DESCRIBED)
def test_a_description_of_the_subject_keeps_its_own_hedge(extractor: Extractor, sentence: str):
    found = claims(extractor.extract(sentence))
    key = ("Ri Won Ho", "director_of", "Korea Mining Development Trading Corporation")
    assert found[key]["hedge"] == "asserted"


def test_a_reporting_frame_covers_the_whole_clause(extractor: Extractor):
    text = (
        "Ri Won Ho, a director of Korea Mining Development Trading Corporation, travelled to "
        "Damascus, investigators found."
    )
    found = claims(extractor.extract(text))
    claim = found[("Ri Won Ho", "director_of", "Korea Mining Development Trading Corporation")]
    assert claim["hedge"] == "reported" and claim["attribution"] == "investigators"


def test_the_nearest_source_is_the_attribution(extractor: Extractor):
    text = (
        "Analysts said Hong Kong Electronics is a company that the FBI describes as a front for "
        "the Reconnaissance General Bureau."
    )
    found = claims(extractor.extract(text))
    claim = found[("Hong Kong Electronics", "front_company_of", "Reconnaissance General Bureau")]
    assert claim["hedge"] == "reported" and claim["attribution"] == "the FBI"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            "Ri Won Ho, KOMID's representative in Syria, left.",
            ("Ri Won Ho", "representative_of", "KOMID"),
        ),
        (
            "Ri Won Ho, a Tanchon Commercial Bank official, left.",
            ("Ri Won Ho", "employee_of", "Tanchon Commercial Bank"),
        ),
        (
            "Tanchon Commercial Bank sold the vessel Chong Chon Gang to Ocean Maritime Management.",
            ("Tanchon Commercial Bank", "transferred_to", "Ocean Maritime Management"),
        ),
        (
            "Ocean Maritime Management received the funds from Tanchon Commercial Bank.",
            ("Tanchon Commercial Bank", "transferred_to", "Ocean Maritime Management"),
        ),
        (
            "The Pyongyang-based Korea Kwangson Banking Corporation opened an account.",
            ("Korea Kwangson Banking Corporation", "located_in", "Pyongyang"),
        ),
    ],
)
def test_role_nouns_transfers_and_based(extractor: Extractor, text: str, key: tuple):
    assert key in claims(extractor.extract(text))


def test_a_role_noun_takes_no_name_that_merely_follows(extractor: Extractor):
    result = extractor.extract("The representative met Ri Won Ho in Dandong.")
    assert not [c for c in result.claims if c.predicate == "representative_of"]


def test_conjoined_subjects_each_get_the_claim(extractor: Extractor):
    text = "Ri Won Ho and Kim Chol Sam, both Foreign Trade Bank representatives, left Dandong."
    found = claims(extractor.extract(text))
    for person in ("Ri Won Ho", "Kim Chol Sam"):
        assert (person, "representative_of", "Foreign Trade Bank") in found


def test_money_with_its_currency_and_without_qualifiers(extractor: Extractor):
    result = extractor.extract(
        "The bank wired about $450,000 in 2018 and at least 2.3 million euros, a 95 per cent "
        "share of its funds, to tens of millions of dollars in accounts."
    )
    money = [m.text for m in result.mentions if m.label == "money"]
    assert money == ["$450,000", "2.3 million euros", "tens of millions of dollars"]


def test_vessels_keep_their_hull_number_and_places_are_not_ships(extractor: Extractor):
    result = extractor.extract(
        "The tanker Yu Jong 2 sailed from Vladivostok to Nampo with the Ji Song 6 (IMO 8898740)."
    )
    yu = mention(result, "Yu Jong 2")
    assert yu.label == "vessel" and "ofac:23736" in yu.source_ids
    assert "ofac:23738" in mention(result, "Ji Song 6").source_ids
    assert not [m for m in result.mentions if m.text == "Vladivostok" and m.label == "vessel"]


def test_an_imo_number_belongs_to_the_vessel_before_it(extractor: Extractor):
    result = extractor.extract(
        "The tanker Yu Jong 2 (IMO 8604917) took diesel from the tanker Ocean Lily off Shanghai."
    )
    assert mention(result, "Yu Jong 2").entity_id
    assert mention(result, "Ocean Lily").entity_id is None


def test_a_listed_name_with_its_acronym_is_two_mentions(extractor: Extractor):
    result = extractor.extract(
        "Korea Kwangson Banking Corporation (KKBC) has a branch in Dandong. KKBC denied it."
    )
    names = [m for m in result.mentions if m.label == "organization"]
    assert [m.text for m in names] == ["Korea Kwangson Banking Corporation", "KKBC", "KKBC"]
    assert len({m.group for m in names}) == 1 and all(m.entity_id for m in names)


def test_a_longer_unlisted_name_is_not_a_listed_one(extractor: Extractor):
    result = extractor.extract("Kim Chol Ho, a cook in Phnom Penh, met Kim Chol Sam last year.")
    assert not [m for m in result.mentions if m.text == "Kim Chol"]
    assert mention(result, "Kim Chol Sam").entity_id
    assert all(m.entity_id is None for m in result.mentions if m.text == "Kim Chol Ho")


def test_a_countrys_own_body_is_not_another_countrys_listed_one(extractor: Extractor):
    result = extractor.extract("Japan's Ministry of Defense said the tanker had left.")
    ministry = mention(result, "Ministry of Defense")
    assert ministry.entity_id is None
    assert "jp" in ministry.explanation[-1]["detail"]
