"""cordon.screening.names_score: token alignment rules, on name forms built without a store."""

from __future__ import annotations

from cordon.screening.forms import PERSON, VESSEL, forms
from cordon.screening.names_score import one_letter_apart
from cordon.screening.scorer import compare_names


def score(query: str, listed: str, kind: str = PERSON) -> float:
    q, t = forms(query, kind)[0], forms(listed, kind)[0]
    return compare_names(q, (1.0,) * len(q.tokens), t, (1.0,) * len(t.tokens)).score


def test_korean_joined_given_names_meet_by_sound() -> None:
    # Joined on one side, split on the other, spelled in another system.
    assert score("Kim Dongmyeong", "KIM, Tong-Myo'ng") > 0.9
    assert score("Ri Seongcheol", "RI, So'ng-ch'o'l") > 0.9
    assert score("Mun Jungchul", "MUN, Cho'ng-Ch'o'l") > 0.85  # ROK u for o: loose key


def test_korean_given_syllables_count_only_in_order() -> None:
    assert score("Pak Yong Sik", "PAK, Yong Sik") == 1.0
    assert score("Yong Sik PAK", "PAK Yong Sik") == 1.0  # the family name may move
    assert score("Pak Sik Yong", "PAK, Yong Sik") < 0.75  # Sik Yong is another name


def test_a_korean_syllable_only_the_list_has_is_another_name() -> None:
    assert score("Kim Song", "KIM, Sung Su") < 0.75
    assert score("Kim Chol", "Pyong Chol KIM") < 0.75


def test_lone_vowel_syllables_of_korean_names() -> None:
    assert score("Han Kwon-oo", "HAN, Kwon U") > 0.9  # 우: U / Oo
    assert score("Woo Chong Kuk", "O, Chong Kuk") < 0.75  # 우 and 오 are other names


def test_a_mistyped_korean_name_keeps_its_syllables() -> None:
    # Not "alpak": the Il of a Korean name is no Arabic article, typo or not.
    assert score("PAK, Chuns Il", "PAK CHUN IL") > 0.85


def test_vessel_words_count_in_order() -> None:
    assert score("PYONG THAEK", "THAE PYONG SAN", VESSEL) < 0.75
    assert score("CHON MA SAN", "CHON MA SAN", VESSEL) == 1.0


def test_near_syllables_rank_but_never_pair() -> None:
    near = score("Ho Chun Ryong", "CHO CHUN RYONG")
    other = score("Ho Chun Ryong", "PAK CHUN RYONG")
    assert other < near < 0.75


def test_different_pinyin_syllables_are_another_name() -> None:
    assert score("明 张", "ZHANG, Ping") < 0.75  # 明 Ming is not Ping
    assert score("张明", "ZHANG, Ming") == 1.0
    assert score("Zhang Ming", "ZHANG, Ping") > 0.75  # Latin input: a typo is possible


def test_one_letter_apart_is_a_slip_of_letters_not_of_numbers_or_spaces() -> None:
    assert one_letter_apart("jang song shol", "jang song chol")  # changed
    assert one_letter_apart("po cho", "po chon")  # dropped
    assert one_letter_apart("tw marine pte ltd", "wt marine pte ltd")  # swapped
    assert not one_letter_apart("tong hung 1", "tong hung 2")  # another hull number
    assert not one_letter_apart("kim jongun", "kim jong un")  # a space, which joins score
    assert not one_letter_apart("ri ho", "ri ko")  # too short to call it a slip
    assert not one_letter_apart("pak il kyu", "pak il kyu")
