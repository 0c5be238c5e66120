"""Organisation names: legal forms in many languages and organisation stop words.

``LEGAL_FORMS`` maps a legal form, as folded tokens joined by spaces, to a class. Classes group
forms that a screening analyst treats as the same kind of company, across languages and scripts
(``fold`` renders ООО as "ooo", 有限公司 as "you xian gong si"):

=========  =====================================================================================
class      forms (examples)
=========  =====================================================================================
llc        LLC, limited liability company, OOO/ООО (RU), TOV/ТОВ (UA), TOO/ТОО (KZ), MChJ (UZ),
           MMC (AZ), GmbH, UG, SARL, EURL, SRL, Sp. z o.o., s.r.o., d.o.o., Kft, Ltda, Lda,
           S. de R.L., SL/SLU, WLL, SPC, yugen kaisha, godo kaisha
ltd        Ltd, Limited, Co. Ltd, Company Limited, Pte Ltd, Pty Ltd, Pvt Ltd, Private Limited,
           Sdn Bhd, Bhd, PT (ID), BV, Oy, ApS, Ltd. Şti., yuhan hoesa (KR), you xian gong si (CN)
jsc        JSC, AO, ZAO, OAO, PAO, PJSC, OJSC, CJSC, PAT/PrAT/AT (UA), AD (BG/RS), AG, SA, S.A.,
           SpA, NV, AS, A/S, AB, ASA, Oyj, Gulf shareholding forms (PSC, QSC, KSC, BSC, SAOG,
           SAOC), SA de CV, SAS, kabushiki kaisha, KK, chusik hoesa (KR), gufen youxian gongsi
           (CN), aktsionernoye obshchestvo (all spellings), joint stock company
plc        PLC, public limited company, Tbk
corp       Corporation, Corp, Incorporated, Inc, Company, Co, hoesa (KR), gong si (CN)
lp         LP, LLP, LLLP, KG, GmbH & Co KG, CV (NL/ID), limited partnership, SCS, OHG, SNC
fze        FZE, FZCO, FZC, FZ-LLC, free zone establishment/company
est        Establishment, Est, sole proprietorship, IP (RU), EIRELI
=========  =====================================================================================

Forms are matched as whole token sequences at the end of a folded name and, for forms that
are written first (ooo, zao, pao, pt, tov, kabushiki kaisha ...: ``PREFIX_FORMS``), at its start.
A name that is nothing but a legal form keeps it as its core.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "GENERIC_WORDS",
    "LEGAL_FORMS",
    "ORG_STOPWORDS",
    "PREFIX_FORMS",
    "droppable",
    "legal_form_class",
    "split_legal_form",
]

_FORMS: dict[str, tuple[str, ...]] = {
    "llc": (
        "llc", "l l c", "limited liability company", "limited liability co", "ltd liability co",
        "ooo", "ооо", "tov", "тов", "too", "тоо", "mchj", "mmc", "gmbh", "g m b h", "mbh",
        "ug", "ug haftungsbeschrankt", "sarl", "s a r l", "eurl", "srl", "s r l", "sp z o o",
        "spolka z o o", "spzoo", "sro", "s r o", "spol s r o", "doo", "d o o", "kft", "ltda",
        "cia ltda", "lda", "s de rl", "s de r l", "s de rl de cv", "s de r l de c v", "sl", "slu",
        "s l", "wll", "w l l", "spc", "yugen kaisha", "godo kaisha", "yk", "gk",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu",
        "obshchestvo s ogranichennoj otvetstvennostju",
        "tovarystvo z obmezhenoyu vidpovidalnistyu",
        "limited liability partnership company",
    ),
    "ltd": (
        "ltd", "limited", "co ltd", "co limited", "company limited", "company ltd",
        "limited company", "ltd co", "pte ltd", "pte limited", "pte", "pty ltd", "pty limited",
        "pty", "pvt ltd", "pvt limited", "private limited", "private ltd", "pvt", "sdn bhd",
        "sdn berhad", "bhd", "berhad", "pt", "bv", "b v", "besloten vennootschap", "oy", "aps",
        "ltd sti", "limited sirketi", "ltd sirketi", "yuhan hoesa", "you xian gong si",
        "youxian gongsi", "co pte ltd", "co pvt ltd",
    ),
    "jsc": (
        "jsc", "j s c", "ao", "zao", "oao", "pao", "pjsc", "ojsc", "cjsc", "pjs", "jsco",
        "joint stock company", "joint stock co", "public joint stock company",
        "closed joint stock company", "open joint stock company", "private joint stock company",
        "aktsionernoye obshchestvo", "aktsionernoe obshchestvo", "aktsionernoe obshestvo",
        "publichnoye aktsionernoye obshchestvo", "publichnoe aktsionernoe obshchestvo",
        "zakrytoye aktsionernoye obshchestvo", "zakrytoe aktsionernoe obshchestvo",
        "otkrytoye aktsionernoye obshchestvo", "otkrytoe aktsionernoe obshchestvo",
        "pat", "prat", "at", "ad", "ag", "a g", "aktiengesellschaft", "sa", "s a", "spa", "s p a",
        "nv", "n v", "as", "a s", "ab", "asa", "oyj", "psc", "p s c", "qsc", "qpsc", "q s c",
        "ksc", "kscc", "k s c", "bsc", "b s c", "saog", "saoc", "sa de cv", "s a de c v",
        "sas", "s a s", "sasu", "sapi de cv", "sociedad anonima", "societe anonyme",
        "kabushiki kaisha", "kabushiki gaisha", "kk", "k k", "chusik hoesa", "jusik hoesa",
        "gufen youxian gongsi", "gu fen you xian gong si", "anonim sirketi", "as sirketi",
    ),
    "plc": ("plc", "p l c", "public limited company", "public company limited", "tbk", "pcl"),
    "corp": (
        "corporation", "corp", "incorporated", "inc", "company", "co", "hoesa", "gong si",
        "gongsi", "compagnie", "cie", "compania", "cia", "companhia", "kompaniya",
    ),
    "lp": (
        "lp", "l p", "llp", "l l p", "lllp", "kg", "gmbh co kg", "gmbh and co kg", "cv", "c v",
        "limited partnership", "scs", "ohg", "snc", "vof",
    ),
    "fze": (
        "fze", "fzco", "fzc", "fz llc", "fzllc", "fz co", "free zone establishment",
        "free zone company", "fzd", "dmcc",
    ),
    "est": ("est", "establishment", "ip", "eireli", "sole proprietorship"),
}  # fmt: skip

LEGAL_FORMS: dict[str, str] = {}
for _cls, _forms in _FORMS.items():
    for _f in _forms:
        LEGAL_FORMS.setdefault(_f, _cls)

# Forms also written before the name (ООО "Ромашка", PT Maju Jaya, 株式会社 ...).
PREFIX_FORMS = frozenset(
    (
        "ooo", "ооо", "oao", "zao", "ao", "pao", "pjsc", "ojsc", "cjsc", "jsc", "tov", "тов",
        "too", "тоо", "pat", "prat", "mchj", "mmc", "pt", "cv", "kabushiki kaisha", "kk",
        "chusik hoesa", "jusik hoesa", "yuhan hoesa", "ip", "sc", "ud", "llc",
    )
)  # fmt: skip
_PREFIX_CLASS = {"sc": "corp", "ud": "corp"}

# Words that carry little weight in organisation names; left in the core (the scorer decides).
ORG_STOPWORDS = frozenset(
    (
        "the", "of", "and", "&", "for", "in", "at", "a", "an", "de", "del", "la", "le", "les",
        "des", "du", "der", "die", "das", "und", "et", "y", "e", "i", "di", "da", "do", "dos",
        "van", "von", "al", "el",
    )
)  # fmt: skip

# Words of company and vessel names that say what or where, not which: thousands of unlisted
# firms are a "Korea Trading Company" or an "International Shipping". A name that agrees with a
# listed one only on such words names nobody (cordon.screening.names_score). A word missing
# here only keeps the usual scoring, so the list errs towards alerts.
GENERIC_WORDS = frozenset(
    (
        # what a company does or how big it wants to sound
        "trading", "trade", "traders", "international", "intl", "group", "holding", "holdings",
        "industrial", "industries", "industry", "shipping", "logistics", "global", "general",
        "import", "export", "commercial", "development", "investment", "technology",
        "services", "service", "enterprise", "enterprises", "marine", "maritime", "petroleum",
        "oil", "energy", "construction", "engineering", "electronics", "chemical", "mining",
        "metals", "equipment", "supply", "solutions", "systems", "consulting", "management",
        "agency", "center", "centre", "finance", "financial", "capital", "credit", "insurance",
        "bank", "banking", "joint", "venture", "associated", "united", "company", "corporation",
        "ship", "shpg", "navigation", "transport", "factory", "works", "materials", "technical",
        "economic", "economics", "foreign", "branch", "first", "second",
        # what a public body is
        "ministry", "bureau", "department", "committee", "commission", "office", "institute",
        "administration", "association", "academy", "state",
        # where
        "korea", "korean", "dprk", "choson", "chosun", "democratic", "peoples", "republic",
        "pyongyang", "china", "chinese", "hong", "kong", "hongkong", "singapore", "asia",
        "asian", "pacific", "europe", "euro", "east", "west", "north", "south", "eastern",
        "western", "northern", "southern", "middle", "far", "world", "overseas", "national",
        # how ships are named
        "sea", "ocean", "star", "golden", "gold", "glory", "lucky", "victory", "express",
        "fortune", "great", "new", "royal",
    )
)  # fmt: skip

# Of the generic words, those a writer of the same firm's name often leaves out: its legal
# shape anywhere, and what kind of business it is at the end of the name (KOREA MINING
# DEVELOPMENT [TRADING] CORPORATION, but not KOREA [TRADING] BANK). The rest (KOREAN, NATIONAL,
# INSURANCE, CREDIT) are what a name made only of generic words is made of: without one it is
# another firm's name (NATIONAL INSURANCE COMPANY is not KOREAN NATIONAL INSURANCE COMPANY,
# CREDIT BANK not FIRST CREDIT BANK).
DROPPABLE_WORDS = ORG_STOPWORDS | frozenset(
    (
        "company", "corporation", "corp", "co", "group", "holding", "holdings", "enterprise",
        "enterprises", "branch",
    )
)  # fmt: skip
DROPPABLE_AT_END = frozenset(
    ("trading", "trade", "traders", "international", "intl", "joint", "venture")
)


def droppable(tokens: tuple[str, ...], i: int) -> bool:
    """Whether a name's `i`th word may be missing from another writing of the same name."""
    word = tokens[i]
    if word in DROPPABLE_WORDS:
        return True
    return word in DROPPABLE_AT_END and all(
        t in DROPPABLE_WORDS or t in DROPPABLE_AT_END for t in tokens[i + 1 :]
    )


_MAX_FORM = max(len(f.split()) for f in LEGAL_FORMS)
_FORM_TUPLES = {tuple(f.split()): c for f, c in LEGAL_FORMS.items()}
_PREFIX_TUPLES = {tuple(f.split()) for f in PREFIX_FORMS}


def legal_form_class(form: str) -> str | None:
    """Class of a legal form given as folded text ("co ltd" -> "ltd"), None if unknown."""
    return LEGAL_FORMS.get(" ".join(form.split()))


@lru_cache(maxsize=100_000)
def _split(toks: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    core = toks
    found: str | None = None
    # suffixes: repeatedly, longest first ("trading co ltd" -> "trading"; "x gmbh co kg")
    while len(core) > 1:
        for n in range(min(_MAX_FORM, len(core) - 1), 0, -1):
            cls = _FORM_TUPLES.get(core[-n:])
            if cls is not None:
                found = found or cls
                core = core[:-n]
                break
        else:
            break
    # prefixes
    for n in range(min(3, len(core) - 1), 0, -1):
        head = core[:n]
        if head in _PREFIX_TUPLES:
            cls = _FORM_TUPLES.get(head) or _PREFIX_CLASS.get(" ".join(head))
            found = found or cls
            core = core[n:]
            break
    return core, found


def split_legal_form(tokens: list[str]) -> tuple[list[str], str | None]:
    """(core tokens, legal-form class or None) of a folded organisation name.

    ``split_legal_form(["alfa", "trading", "ooo"])`` -> (["alfa", "trading"], "llc");
    ``split_legal_form(["ooo", "romashka"])`` -> (["romashka"], "llc").
    """
    if not tokens:
        return [], None
    core, cls = _split(tuple(tokens))
    return list(core), cls
