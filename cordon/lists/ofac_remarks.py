"""OFAC's remarks grammar: one free-text field that carries most of a designee's identifiers.

OFAC's legacy CSV packs dates of birth, passports, registration numbers, vessel IMO numbers,
crypto wallets, weak aliases, sanction provisions and "Linked To" relations into the remarks
column as ``;``-separated items (``DOB 01 Jan 1962; Passport 123 (Korea, North); ...``). The XML
export carries the same items as typed elements, which the XML reader turns back into the same
items so both formats go through this one grammar and yield the same values.

The grammar is a table of ``(regex, handler)`` rules, compiled once into a single alternation
that picks the rule for each item (one scan per item, not one per rule). An item no rule
understands, or whose value does not clean, is kept verbatim as a note: nothing is dropped.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# --- result -----------------------------------------------------------------------------------


@dataclass(slots=True)
class IdDoc:
    """An identity or registration document: becomes a property and, for personal documents,
    a Passport/Identification entity."""

    label: str  # OFAC's own label, e.g. "Passport", "National ID No."
    number: str
    original: str
    prop: str  # designee property that carries the number (falls back per schema)
    kind: str  # "passport", "identification" or "" (property only)
    country: str | None = None
    issued: str | None = None  # ISO date
    expires: str | None = None


@dataclass(slots=True)
class Remarks:
    """Everything read from one entry's remarks, sorted by where it goes."""

    props: list[tuple[str, str, str]] = field(default_factory=list)  # designee (prop, value, orig)
    ids: list[IdDoc] = field(default_factory=list)
    wallets: list[tuple[str, str, str]] = field(default_factory=list)  # (currency, address, orig)
    # Names to resolve against the list: (kind, name, original); kind "link" or "operator".
    links: list[tuple[str, str, str]] = field(default_factory=list)
    sanction: list[tuple[str, str, str]] = field(default_factory=list)  # Sanction (prop, v, orig)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (text without "alt.", original)

    def add(self, prop: str, value: str, original: str) -> None:
        self.props.append((prop, value, original))


Handler = Callable[[re.Match[str], str, Remarks], bool]

# --- dates ------------------------------------------------------------------------------------

MONTHS = {
    name.lower(): num
    for num in range(1, 13)
    for name in (calendar.month_abbr[num], calendar.month_name[num])
}
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_RE = re.compile(
    rf"^(?:(?P<d>\d{{1,2}})\s+)?(?:(?P<m>{_MONTH_RE})\.?\s+)?(?P<y>\d{{4}})$", re.IGNORECASE
)
RANGE_RE = re.compile(r"^(?P<a>.+?)\s*(?:\bto\b|-)\s*(?P<b>.+)$", re.IGNORECASE)
CIRCA_RE = re.compile(r"^(?:circa|approximately|approx\.|about)\s+", re.IGNORECASE)
MAX_RANGE_YEARS = 10
DateParts = tuple[int, int | None, int | None]  # year, month, day


def parse_date(text: str) -> DateParts | None:
    """(year, month, day) of "01 Jan 1962", "Jan 1962" or "1962"; None for anything else."""
    m = DATE_RE.match(text.strip())
    if m is None:
        return None
    year = int(m.group("y"))
    month = MONTHS[m.group("m").lower()] if m.group("m") else None
    day = int(m.group("d")) if m.group("d") else None
    if day is not None and month is None:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
        return None
    return year, month, day


def iso(parts: DateParts) -> str:
    year, month, day = parts
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_dates(text: str) -> list[str] | None:
    """ISO values for an OFAC date expression, or None when it is not one.

    "circa 1962" gives 1962. A range gives every year in it when it spans whole years (and at
    most ten of them), every month when it spans whole months of one year, else its two ends.
    """
    text = CIRCA_RE.sub("", text.strip()).strip().rstrip(".")
    single = parse_date(text)
    if single is not None:
        return [iso(single)]
    m = RANGE_RE.match(text)
    if m is None:
        return None
    start, end = parse_date(m.group("a")), parse_date(m.group("b"))
    if start is None or end is None or (start[0], start[1] or 1) > (end[0], end[1] or 12):
        return None
    return expand_range(start, end)


def expand_range(start: DateParts, end: DateParts) -> list[str]:
    (y1, m1, d1), (y2, m2, d2) = start, end
    whole_years = (m1 in (None, 1) and d1 in (None, 1)) and (m2 in (None, 12) and d2 in (None, 31))
    if whole_years and y2 - y1 <= MAX_RANGE_YEARS:
        return [f"{y:04d}" for y in range(y1, y2 + 1)]
    if y1 == y2 and m1 is not None and m2 is not None:
        last = calendar.monthrange(y2, m2)[1]
        if d1 in (None, 1) and d2 in (None, last):
            return [f"{y1:04d}-{m:02d}" for m in range(m1, m2 + 1)]
    return [iso(start), iso(end)]


# --- splitting --------------------------------------------------------------------------------

SPLIT_RE = re.compile(r"\s*;\s*")
ALT_RE = re.compile(r"^alt\.\s+", re.IGNORECASE)


def strip_alt(item: str) -> str:
    """An item without OFAC's "alt." marker (for another value of the same kind)."""
    return ALT_RE.sub("", item, count=1)


def split_remarks(text: str | None) -> list[str]:
    """The items of a remarks field; OFAC ends the whole field with one '.', which is dropped."""
    if not text:
        return []
    text = text.strip()
    if text.endswith(".") and not text.endswith("..."):
        text = text[:-1]
    return [item for item in SPLIT_RE.split(text) if item]


# --- handlers ---------------------------------------------------------------------------------


def value(m: re.Match[str]) -> str:
    return m.group("v").strip()


def prop_handler(prop: str) -> Handler:
    """A handler adding the rule's value to one designee property."""

    def handle(m: re.Match[str], seg: str, out: Remarks) -> bool:
        out.add(prop, value(m), seg)
        return True

    return handle


def date_handler(prop: str, target: str = "props") -> Handler:
    """A handler adding a date expression (one or several ISO values) to a property."""

    def handle(m: re.Match[str], seg: str, out: Remarks) -> bool:
        dates = parse_dates(value(m))
        if dates is None:
            return False
        bucket = out.sanction if target == "sanction" else out.props
        bucket.extend((prop, date, seg) for date in dates)
        return True

    return handle


def sanction_handler(prop: str) -> Handler:
    """A handler adding the whole item to a property of the Sanction entity."""

    def handle(m: re.Match[str], seg: str, out: Remarks) -> bool:
        out.sanction.append((prop, m.groupdict().get("v") or m.group(0), seg))
        return True

    return handle


def link_handler(kind: str) -> Handler:
    def handle(m: re.Match[str], seg: str, out: Remarks) -> bool:
        out.links.append((kind, value(m), seg))
        return True

    return handle


def handle_alias(m: re.Match[str], seg: str, out: Remarks) -> bool:
    """Quoted a.k.a. items in remarks are OFAC's "weak" aliases; f.k.a. is a previous name."""
    kind = m.group("k").lower()
    prop = {"a": "weakAlias", "f": "previousName", "n": "alias"}[kind]
    out.add(prop, value(m), seg)
    return True


def handle_imo(m: re.Match[str], seg: str, out: Remarks) -> bool:
    out.add("imoNumber", f"IMO {m.group('v')}", seg)
    return True


def handle_wallet(m: re.Match[str], seg: str, out: Remarks) -> bool:
    out.wallets.append((m.group("c").upper(), value(m), seg))
    return True


def handle_phone(m: re.Match[str], seg: str, out: Remarks) -> bool:
    out.add("phone", value(m), seg)
    return True


def handle_gender(m: re.Match[str], seg: str, out: Remarks) -> bool:
    out.add("gender", value(m).lower(), seg)
    return True


def handle_website(m: re.Match[str], seg: str, out: Remarks) -> bool:
    out.add("website", value(m), seg)
    return True


def handle_email(m: re.Match[str], seg: str, out: Remarks) -> bool:
    out.add("email", value(m), seg)
    return True


# --- identification documents -----------------------------------------------------------------

# OFAC label -> (designee property, document entity kind). Personal documents also become a
# Passport / Identification entity (number, country, issue and expiry dates).
PASSPORT = "passport"
IDENT = "identification"
ID_LABELS: dict[str, tuple[str, str]] = {
    "Passport": ("passportNumber", PASSPORT),
    "Passport No.:": ("passportNumber", PASSPORT),
    "Diplomatic Passport": ("passportNumber", PASSPORT),
    "Diplomatic Passport Laissez-Passer": ("passportNumber", PASSPORT),
    "Passport Booklet": ("passportNumber", PASSPORT),
    "Passport Booklet:": ("passportNumber", PASSPORT),
    "British National Overseas Passport": ("passportNumber", PASSPORT),
    "Stateless Person Passport": ("passportNumber", PASSPORT),
    "Travel Document Number": ("passportNumber", PASSPORT),
    "National ID No.": ("idNumber", IDENT),
    "National ID No.:": ("idNumber", IDENT),
    "National Foreign ID Number": ("idNumber", IDENT),
    "Cedula No.": ("idNumber", IDENT),
    "D.N.I.": ("idNumber", IDENT),
    "Identification Number": ("idNumber", IDENT),
    "Personal ID Card": ("idNumber", IDENT),
    "Kenyan ID No.": ("idNumber", IDENT),
    "Numero de Identidad": ("idNumber", IDENT),
    "Bosnian Personal ID No.": ("idNumber", IDENT),
    "Moroccan Personal ID No.": ("idNumber", IDENT),
    "Turkish Identification Number": ("idNumber", IDENT),
    "Citizen's Card Number": ("idNumber", IDENT),
    "C.U.R.P.": ("idNumber", IDENT),
    "C.U.R.P. #": ("idNumber", IDENT),
    "C.U.I.": ("idNumber", IDENT),
    "C.U.I.P.": ("idNumber", IDENT),
    "Credencial electoral": ("idNumber", IDENT),
    "Electoral Registry No.": ("idNumber", IDENT),
    "I.F.E.": ("idNumber", IDENT),
    "LE Number": ("idNumber", IDENT),
    "Tazkira National ID Card": ("idNumber", IDENT),
    "UAE Identification": ("idNumber", IDENT),
    "CNP (Personal Numerical Code)": ("idNumber", IDENT),
    "N.I.E.": ("idNumber", IDENT),
    "Refugee ID Card": ("idNumber", IDENT),
    "Stateless Person ID Card": ("idNumber", IDENT),
    "Residency Number": ("idNumber", IDENT),
    "Romanian Permanent Resident CAN": ("idNumber", IDENT),
    "Birth Certificate Number": ("idNumber", IDENT),
    "Driver's License No.": ("idNumber", IDENT),
    "Cartilla de Servicio Militar Nacional": ("idNumber", IDENT),
    "VisaNumberID": ("idNumber", IDENT),
    "Immigration No.": ("idNumber", IDENT),
    "Seafarer's Identification Document": ("idNumber", IDENT),
    "Public Security and Immigration No.": ("idNumber", IDENT),
    "SRE Permit No.": ("idNumber", IDENT),
    "Pilot License Number": ("idNumber", IDENT),
    "Tarjeta Profesional": ("idNumber", IDENT),
    "SSN": ("socialSecurityNumber", IDENT),
    "Tax ID No.": ("taxNumber", ""),
    "NIT #": ("taxNumber", ""),
    "RUC #": ("taxNumber", ""),
    "RIF #": ("taxNumber", ""),
    "R.F.C.": ("taxNumber", ""),
    "R.F.C. #": ("taxNumber", ""),
    "RFC": ("taxNumber", ""),
    "C.U.I.T.": ("taxNumber", ""),
    "C.I.F.": ("taxNumber", ""),
    "RTN": ("taxNumber", ""),
    "RSIN": ("taxNumber", ""),
    "US FEIN": ("taxNumber", ""),
    "Italian Fiscal Code": ("taxNumber", ""),
    "Italian Fiscal Code:": ("taxNumber", ""),
    "Fiscal Code": ("taxNumber", ""),
    "Romanian Tax Registration": ("taxNumber", ""),
    "Paraguayan tax identification number": ("taxNumber", ""),
    "Numero Unico de Identificacao Tributaria (NUIT)": ("taxNumber", ""),
    "V.A.T. Number": ("vatCode", ""),
    "Registration ID": ("registrationNumber", ""),
    "Registration Number": ("registrationNumber", ""),
    "Company Number": ("registrationNumber", ""),
    "UK Company Number": ("registrationNumber", ""),
    "Company ID: No.": ("registrationNumber", ""),
    "Commercial Registry Number": ("registrationNumber", ""),
    "Business Registration Number": ("registrationNumber", ""),
    "Business Registration Document #": ("registrationNumber", ""),
    "Business Number": ("registrationNumber", ""),
    "Folio Mercantil No.": ("registrationNumber", ""),
    "Matricula Mercantil No": ("registrationNumber", ""),
    "Public Registration Number": ("registrationNumber", ""),
    "Trade License No.": ("registrationNumber", ""),
    "Tourism License No.": ("registrationNumber", ""),
    "License": ("licenseNumber", ""),
    "C.R. No.": ("registrationNumber", ""),
    "Romanian C.R.": ("registrationNumber", ""),
    "Chamber of Commerce Number": ("registrationNumber", ""),
    "Dubai Chamber of Commerce Membership No.": ("registrationNumber", ""),
    "Istanbul Chamber of Comm. No.": ("registrationNumber", ""),
    "Certificate of Incorporation Number": ("registrationNumber", ""),
    "Central Registration System Number": ("registrationNumber", ""),
    "Enterprise Number": ("registrationNumber", ""),
    "Branch Unit Number": ("registrationNumber", ""),
    "Registered Charity No.": ("registrationNumber", ""),
    "File Number": ("registrationNumber", ""),
    "MSB Registration Number": ("registrationNumber", ""),
    "Afghan Money Service Provider License Number": ("licenseNumber", ""),
    "Government Gazette Number": ("okpoCode", ""),
    "Unified Social Credit Code (USCC)": ("uscCode", ""),
    "United Social Credit Code Certificate (USCCC)": ("uscCode", ""),
    "Legal Entity Number": ("leiCode", ""),
    "SWIFT/BIC": ("swiftBic", ""),
    "D-U-N-S Number": ("dunsCode", ""),
    "BIK (RU)": ("bikCode", ""),
    "ISIN": ("isinCode", ""),
    "Identification Number ISIN:": ("isinCode", ""),
    "Equity Ticker": ("ticker", ""),
    "Aircraft Tail Number": ("registrationNumber", ""),
    "Previous Aircraft Tail Number": ("registrationNumber", ""),
    "Aircraft Manufacturer's Serial Number (MSN)": ("serialNumber", ""),
    "Aircraft Construction Number (also called L/N or S/N or F/N)": ("serialNumber", ""),
    "Aircraft Serial Identification": ("serialNumber", ""),
}
ID_LABELS_BY_KEY = {label.lower(): label for label in ID_LABELS}
# Number (which may carry a check digit such as "D489833(9)"), then optional "(Region)",
# "(Country)", "issued DATE", "expires DATE", in OFAC's fixed order.
ID_REST_RE = re.compile(
    r"^(?P<number>(?:[^()]|\(\w\)){1,40}?)"
    r"(?:\s+\((?P<region>[^()]+)\))??(?:\s+\((?P<country>[^()]+)\))?"
    r"(?:\s+issued\s+(?P<issued>[^()]+?))?(?:\s+expires\s+(?P<expires>[^()]+?))?$"
)
# An identifier has no run of lower-case letters: "Passport issued in Sarajevo" has no number.
WORDS_RE = re.compile(r"[a-z]{3,}")
ALNUM_RE = re.compile(r"[A-Za-z0-9].*[A-Za-z0-9]")


def handle_id(m: re.Match[str], seg: str, out: Remarks) -> bool:
    label = ID_LABELS_BY_KEY[m.group("label").lower()]
    prop, kind = ID_LABELS[label]
    rest = ID_REST_RE.match(value(m))
    if rest is None:
        return False
    number = rest.group("number").strip()
    if WORDS_RE.search(number) or not ALNUM_RE.search(number):
        return False
    doc = IdDoc(label=label, number=number, original=seg, prop=prop, kind=kind)
    doc.country = rest.group("country")
    for attr in ("issued", "expires"):
        text = rest.group(attr)
        dates = parse_dates(text) if text else None
        if text and dates is None:
            return False
        # A range ("issued 01 Jan 2008 to 31 Dec 2010") stays in the original text only.
        setattr(doc, attr, dates[0] if dates and len(dates) == 1 else None)
    out.ids.append(doc)
    return True


# --- the rule table ---------------------------------------------------------------------------


def _labels_pattern(labels: Iterable[str]) -> str:
    """Alternation of literal labels, longest first, so 'Passport Booklet' beats 'Passport'."""
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


V = r"\s+(?P<v>.+)"  # the value after a label
SANCTION_TEXT = (
    r"Additional Sanctions Information -|Secondary sanctions risk:|"
    r"Transactions Prohibited For Persons Owned or Controlled By U\.S\. Financial Institutions:|"
    r"Executive Order \d+ (?:Directive Determination|Directive Information|information)|"
    r"CAATSA Section \d+ Information:|IFCA Determination -|Purchase/Sales For Divestment Date|"
    r"United States financial institutions are prohibited"
)

# Order matters: the first rule whose pattern matches an item handles it.
RULES: list[tuple[str, Handler]] = [
    (rf"DOB:?{V}", date_handler("birthDate")),
    (rf"POB:?{V}", prop_handler("birthPlace")),
    (rf"Nationality of Registration{V}", prop_handler("jurisdiction")),
    (r"(?:nationality|Nationality Country):?\s+(?P<v>.+)", prop_handler("nationality")),
    (rf"(?:citizen|Citizenship Country){V}", prop_handler("citizenship")),
    (r"Gender\s+(?P<v>Male|Female)", handle_gender),
    (r"\(Linked To:\s*(?P<v>.+)\)", link_handler("link")),
    (r"Linked To:\s*(?P<v>.+)", link_handler("link")),
    (r"(?P<k>[afn])\.k\.a\.,?\s+'(?P<v>.+)'", handle_alias),
    (r"Vessel Registration Identification\s+(?:IMO\s+)?(?P<v>\d{5,7})", handle_imo),
    (r"(?:Company|Identification) Number\s+IMO\s+(?P<v>\d{5,7})", handle_imo),
    (r"International Maritime Organization No\.\s+\(?(?P<v>\d{7})\)?", handle_imo),
    (rf"MMSI{V}", prop_handler("mmsi")),
    (rf"(?:Former|Other) Vessel Flag{V}", prop_handler("pastFlags")),
    (rf"Other Vessel Call Sign{V}", prop_handler("callSign")),
    (rf"Other Vessel Type{V}", prop_handler("pastTypes")),
    (rf"Vessel Year of Build{V}", date_handler("buildDate")),
    (rf"Aircraft Manufacture Date{V}", date_handler("buildDate")),
    (rf"Aircraft Model{V}", prop_handler("model")),
    (rf"Aircraft Operator{V}", link_handler("operator")),
    (r"Digital Currency Address - (?P<c>[A-Za-z0-9]+)\s+(?P<v>\S+)", handle_wallet),
    (r"(?:Email Address|Email)\s*:?\s*(?P<v>\S+@\S+)", handle_email),
    (r"Website:?\s+(?P<v>\S+)", handle_website),
    (r"(?P<v>\S+)\s+\(website\)", handle_website),
    (r"(?P<v>\S+@\S+)\s+\(email\)", handle_email),
    (
        r"(?:Phone Number|Phone No\.|Phone|Telephone(?: No\.| Number)?|Fax(?: No\.)?)\s*:?\s*"
        r"(?P<v>[-+()\d][-+() \d]*)",
        handle_phone,
    ),
    (rf"Organization Established Date{V}", date_handler("incorporationDate")),
    (rf"Organization Type:{V}", prop_handler("sector")),
    (rf"Target Type{V}", prop_handler("classification")),
    (rf"Listing Date \([^)]*\):?{V}", date_handler("listingDate", "sanction")),
    (rf"Effective Date \([^)]*\):?{V}", date_handler("startDate", "sanction")),
    (r"(?:For|for) more information.*?(?P<v>https?://\S+?)\.?", sanction_handler("programUrl")),
    (rf"(?:{SANCTION_TEXT}).*", sanction_handler("provisions")),
    (rf"(?P<label>{_labels_pattern(ID_LABELS)}){V}", handle_id),
]

NAMED_GROUP_RE = re.compile(r"\(\?P<\w+>")


def _compile_rules() -> tuple[re.Pattern[str], list[tuple[re.Pattern[str], Handler]]]:
    """One master alternation picks the rule; the rule's own pattern then extracts its groups.

    Group names may repeat between rules, so the master copy turns them into plain groups.
    """
    compiled = [(re.compile(rf"^(?:{pat})$", re.IGNORECASE | re.S), fn) for pat, fn in RULES]
    parts = [f"(?P<r{i}>{NAMED_GROUP_RE.sub('(?:', pat)})" for i, (pat, _) in enumerate(RULES)]
    master = re.compile(rf"^(?:{'|'.join(parts)})$", re.IGNORECASE | re.S)
    return master, compiled


MASTER_RE, COMPILED_RULES = _compile_rules()


def parse_item(item: str, out: Remarks) -> None:
    """Route one remarks item to its rule; anything not understood becomes a note."""
    body = strip_alt(item)
    m = MASTER_RE.match(body)
    if m is not None and m.lastgroup is not None:
        pattern, handler = COMPILED_RULES[int(m.lastgroup[1:])]
        rule_match = pattern.match(body)
        if rule_match is not None and handler(rule_match, item, out):
            return
    out.notes.append((body, item))


def parse_items(items: Iterable[str], out: Remarks | None = None) -> Remarks:
    out = out if out is not None else Remarks()
    for item in items:
        item = item.strip()
        if item and item != "-0-":
            parse_item(item, out)
    return out


def parse_remarks(text: str | None, out: Remarks | None = None) -> Remarks:
    """Parse one remarks field (already joined with its comments continuation)."""
    return parse_items(split_remarks(text), out)
