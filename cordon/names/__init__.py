"""Name handling for screening: normalisation, scripts, Korean romanization and keys,
organisation legal forms, vessel names and IMO numbers, person-name particles.

Everything here is pure, cached where it pays, and safe on any input string.
"""

from cordon.names.korean import (
    hangul_key,
    is_korean,
    is_korean_name,
    joined_key,
    key,
    loose_key,
    near_korean_name,
    romanize,
    surname_class,
    syllables_latin,
)
from cordon.names.normalize import fold, name_order, tokens
from cordon.names.orgs import LEGAL_FORMS, ORG_STOPWORDS, split_legal_form
from cordon.names.persons import (
    PATRONYMIC_CONNECTORS,
    initials,
    join_particles,
    strip_particles,
)
from cordon.names.scripts import detect, to_latin
from cordon.names.vessels import clean_imo, imo_valid, split_vessel

__all__ = [
    "LEGAL_FORMS",
    "ORG_STOPWORDS",
    "PATRONYMIC_CONNECTORS",
    "clean_imo",
    "detect",
    "fold",
    "hangul_key",
    "imo_valid",
    "initials",
    "is_korean",
    "is_korean_name",
    "join_particles",
    "joined_key",
    "key",
    "loose_key",
    "name_order",
    "near_korean_name",
    "romanize",
    "split_legal_form",
    "split_vessel",
    "strip_particles",
    "surname_class",
    "syllables_latin",
    "to_latin",
    "tokens",
]
