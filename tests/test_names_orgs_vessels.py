"""cordon.names.orgs and cordon.names.vessels: legal forms, vessel names, IMO numbers."""

from __future__ import annotations

import re

import pytest

from cordon.names import (
    LEGAL_FORMS,
    ORG_STOPWORDS,
    clean_imo,
    imo_valid,
    split_legal_form,
    split_vessel,
    tokens,
)
from cordon.names.orgs import droppable, legal_form_class
from tests.paths import LISTS


@pytest.mark.parametrize(
    ("name", "core", "form"),
    [
        ("Alpha Trading LLC", ["alpha", "trading"], "llc"),
        ("Alfa Trading OOO", ["alfa", "trading"], "llc"),
        ("ООО «Альфа Трейдинг»", ["alfa", "treyding"], "llc"),
        ("OOO Romashka", ["romashka"], "llc"),
        ("TOV Agro-Invest", ["agro", "invest"], "llc"),
        ("Siemens GmbH", ["siemens"], "llc"),
        ("Korea Mirae Shipping Co. Ltd", ["korea", "mirae", "shipping"], "ltd"),
        ("OCEAN MARITIME MANAGEMENT COMPANY LIMITED", ["ocean", "maritime", "management"], "ltd"),
        ("KINGLY WON INTERNATIONAL CO., LTD", ["kingly", "won", "international"], "ltd"),
        ("Leader International Trading Limited", ["leader", "international", "trading"], "ltd"),
        ("Acme Pte. Ltd.", ["acme"], "ltd"),
        ("Maju Jaya Sdn. Bhd.", ["maju", "jaya"], "ltd"),
        ("PT Maju Jaya", ["maju", "jaya"], "ltd"),
        ("PAO NK Rosneft", ["nk", "rosneft"], "jsc"),
        ("ПАО НК Роснефть", ["nk", "rosneft"], "jsc"),
        ("Gazprom Neft PJSC", ["gazprom", "neft"], "jsc"),
        ("Aeroflot Russian Airlines JSC", ["aeroflot", "russian", "airlines"], "jsc"),
        ("Banco Exterior S.A.", ["banco", "exterior"], "jsc"),
        ("Grupo Acme S.A. de C.V.", ["grupo", "acme"], "jsc"),
        ("Deutsche Bank AG", ["deutsche", "bank"], "jsc"),
        ("Toyota Kabushiki Kaisha", ["toyota"], "jsc"),
        ("BP p.l.c.", ["bp"], "plc"),
        ("KOREA TANGUN TRADING CORPORATION", ["korea", "tangun", "trading"], "corp"),
        ("Ryonha Machinery Corp.", ["ryonha", "machinery"], "corp"),
        ("NOMCHONGANG TRADING CO.", ["nomchongang", "trading"], "corp"),
        ("Apple Inc.", ["apple"], "corp"),
        ("Gulf Star FZE", ["gulf", "star"], "fze"),
        ("Blue Ocean FZ-LLC", ["blue", "ocean"], "fze"),
        ("Smith & Jones LLP", ["smith", "and", "jones"], "lp"),
        ("華信船務(香港)有限公司", ["hua", "xin", "chuan", "wu", "xiang", "gang"], "ltd"),
        ("CHOSUN CHAWO'N KAEBAL T'UJA HOESA", ["chosun", "chawon", "kaebal", "tuja"], "corp"),
        ("GREEN PINE ASSOCIATED CORPORATION", ["green", "pine", "associated"], "corp"),
        ("BANK OF EAST LAND", ["bank", "of", "east", "land"], None),
        ("Limited", ["limited"], None),  # nothing but a legal form: kept
        ("", [], None),
    ],
)
def test_split_legal_form(name: str, core: list[str], form: str | None) -> None:
    assert split_legal_form(tokens(name)) == (core, form)


def test_alpha_and_alfa_meet_on_form() -> None:
    a = split_legal_form(tokens("Alpha Trading LLC"))
    b = split_legal_form(tokens("Alfa Trading OOO"))
    assert a[1] == b[1] == "llc" and a[0][1:] == b[0][1:]


def test_legal_form_table() -> None:
    assert legal_form_class("co ltd") == legal_form_class("company limited") == "ltd"
    assert legal_form_class("ooo") == legal_form_class("ооо") == legal_form_class("llc")
    assert legal_form_class("tov") == legal_form_class("тов") == "llc"
    assert {
        legal_form_class(f) for f in ("jsc", "ao", "zao", "oao", "pao", "pjsc", "ojsc", "cjsc")
    } == {"jsc"}
    assert legal_form_class("aktsionernoye obshchestvo") == "jsc"
    assert legal_form_class("trading") is None
    assert all(f == " ".join(f.split()) and f == f.lower() for f in LEGAL_FORMS)
    assert {"the", "of", "and", "&"} <= ORG_STOPWORDS


@pytest.mark.parametrize(
    ("name", "core", "number"),
    [
        ("SEA PHOENIX", ["sea", "phoenix"], None),
        ("SEA PHOENIX II", ["sea", "phoenix"], "2"),
        ("Sea Phoenix 2", ["sea", "phoenix"], "2"),
        ("SEA PHOENIX NO. 2", ["sea", "phoenix"], "2"),
        ("Sea Phoenix No.2", ["sea", "phoenix"], "2"),
        ("sea phoenix no2", ["sea", "phoenix"], "2"),
        ("M/V Sea Phoenix 02", ["sea", "phoenix"], "2"),
        ("MV SEA PHOENIX-XII", ["sea", "phoenix"], "12"),
        ("MT Kingdom XX", ["kingdom"], "20"),
        ("HWANG GUM SAN 2", ["hwang", "gum", "san"], "2"),
        ("EVER BRIGHT 88", ["ever", "bright"], "88"),
        ("JH 86", ["jh"], "86"),
        ("CHONG CHON GANG", ["chong", "chon", "gang"], None),
        ("39", ["39"], None),  # only a number: stays the name
        ("MV 39", ["39"], None),
        ("Malcolm X", ["malcolm"], "10"),  # a trailing I-XX is always read as a number
        ("", [], None),
    ],
)
def test_split_vessel(name: str, core: list[str], number: str | None) -> None:
    assert split_vessel(tokens(name)) == (core, number)


# Real vessels from the OFAC SDN file (ent_num, name, IMO).
OFAC_VESSELS = [
    ("17069", "CHONG CHON GANG", "7937317"),
    ("17084", "AM NOK GANG", "8132835"),
    ("17087", "HWANG GUM SAN 2", "8405270"),
    ("17093", "O UN CHONG NYON HO", "8330815"),
    ("19570", "EVER BRIGHT 88", "8914934"),
    ("19589", "CHONG RIM 2", "8916293"),
]


@pytest.mark.parametrize(("ent", "name", "imo"), OFAC_VESSELS)
def test_real_imo_numbers(ent: str, name: str, imo: str) -> None:
    row = next(
        line
        for line in (LISTS / "ofac" / "sdn.csv").read_text(encoding="latin-1").splitlines()
        if line.startswith(f'{ent},"{name}","vessel"')
    )
    assert f"IMO {imo}" in row
    assert imo_valid(imo)
    for text in (
        f"IMO {imo}",
        imo,
        f"IMO: {imo}",
        f"imo{imo}",
        f" IMO  {imo}. ",
        f"IMO {imo[:3]} {imo[3:]}",
    ):
        assert clean_imo(text) == imo, text


def test_every_ofac_vessel_imo_is_valid() -> None:
    text = (LISTS / "ofac" / "sdn.csv").read_text(encoding="latin-1")
    vessels = re.findall(
        r'^\d+,"[^"]*","vessel",.*?Vessel Registration Identification IMO (\d{7})', text, re.M
    )
    assert len(vessels) == 399
    assert all(imo_valid(i) for i in vessels)


def test_corrupted_imo_numbers() -> None:
    assert clean_imo("IMO 9187629") == "9187629"  # SEA PHOENIX's IMO in the reference notes
    assert clean_imo("IMO 9187628") is None  # last digit changed
    assert clean_imo("IMO 9817629") is None  # two digits swapped
    assert clean_imo("IMO 918762") is None  # six digits
    assert clean_imo("IMO 91876290") is None  # eight digits
    assert clean_imo("IMO 9187629 / IMO 8132835") is None  # two numbers
    assert clean_imo("") is None and clean_imo(None) is None and clean_imo("IMO") is None
    assert not imo_valid("abcdefg") and not imo_valid("12345678")


def test_an_acronym_in_parentheses_does_not_hide_the_legal_form():
    from cordon.screening.forms import ORG, PERSON, forms, written_forms

    kkbc = "KOREA KWANGSON BANKING CORPORATION (KKBC)"
    assert written_forms(kkbc, ORG) == [kkbc, "KOREA KWANGSON BANKING CORPORATION"]
    [_, bare] = forms(kkbc, ORG)
    [corp] = forms("Korea Kwangson Banking Corp", ORG)
    assert bare.tokens == corp.tokens and bare.legal_form == corp.legal_form
    # A branch or country in parentheses is another designee, not an abbreviation.
    assert written_forms("AL-HARAMAIN FOUNDATION (KENYA)", ORG) == [
        "AL-HARAMAIN FOUNDATION (KENYA)"
    ]
    assert written_forms("Kim Il (KIS)", PERSON) == ["Kim Il (KIS)"]


@pytest.mark.parametrize(
    ("name", "word", "may_drop"),
    [
        ("korea mining development trading", "trading", True),  # KOMID without its TRADING
        ("korea international chemical joint venture", "venture", True),
        ("korea trading bank", "trading", False),  # KOREA BANK is another bank
        ("korea international chemical joint venture", "international", False),
        ("ministry of state security", "of", True),
        ("korean national insurance", "korean", False),
        ("tangun trading company", "company", True),
    ],
)
def test_which_generic_words_another_writing_of_a_name_may_drop(name, word, may_drop):
    tokens = tuple(name.split())
    assert droppable(tokens, tokens.index(word)) is may_drop
