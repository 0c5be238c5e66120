"""Realistic screening rows: customers, counterparties and vessels, a few of them listed.

A bank's or a customs service's file is mostly people, companies and ships that are on no list,
with the occasional designee written the way clerks write names: upper case, surname first, a
letter wrong, the legal form dropped, with or without a birth date. `generate(targets, n)`
yields such rows (id, name, schema, birth_date, nationality, imo, passport) from a fixed seed:

- positives (`positive_share`, default 3 %): a listed name of a random designee, as listed or
  reordered, upper-cased, with one letter changed or the legal form dropped, sometimes with the
  designee's own birth date, nationality or IMO number;
- negatives: invented names from a pool of given names and surnames of many languages,
  invented companies (two words and a legal form) and vessels, with random birth dates and
  nationalities (a nationality never raises a score in cordon, so drawing it at random from a
  list that includes sanctioned states changes nothing but realism);
- a few rows a real file has: a malformed birth date (a warning) or an unknown schema (an
  error line), so both engines must agree on those too.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from cordon.screening.targets import Target


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COLUMNS = ("id", "name", "schema", "birth_date", "nationality", "imo", "passport")
GIVEN = words(
    "James Maria Mohammed Wei Olga Ahmed Fatima Carlos Ana Hiroshi Yuki Ivan Elena Pierre "
    "Sophie Juan Lucia Ali Aisha Chen Min Ji-woo Seo-yeon David Sarah Omar Layla Raj Priya "
    "Thomas Anna Mehmet Zeynep Kofi Ama Pablo Isabel Dmitri Natalia Hans Greta Arjun Deepa "
    "Nguyen Linh Tariq Noor Samuel Grace Kwame Abena Javier Camila Andrei Irina Mateo Valentina "
    "Yusuf Mariam Jakub Zofia Lars Ingrid Marco Giulia Tomasz Agnieszka Emre Elif Hamid Shirin"
)
FAMILY = words(
    "Smith Garcia Wang Ivanov Müller Tanaka Kowalski Hernandez Nguyen Okafor Rossi Dubois "
    "Johansson Novak Yilmaz Haddad Khan Patel Silva Santos Andersen Petrov Fischer Suzuki "
    "Moreau Lopez Martinez Schmidt Popescu Horvat Kovacs Jensen Nielsen Costa Ferreira "
    "Mendoza Rahman Hussain Chowdhury Mensah Boateng Kariuki Mwangi Otieno Adeyemi Okonkwo "
    "Cohen Levi Friedman Almeida Barbosa Rocha Sato Watanabe Yamamoto Zhang Liu Chen Huang "
    "Zhao Wu Zhou Sun Ma Hu Guo Lin Park Choi Jung Kang Cho Yoon Jang Lim Han Shin"
)
COMPANY_WORDS = words(
    "Global Pacific Atlantic Northern Eastern Golden Silver Star Union United Royal Prime "
    "Delta Alpha Omega Orient Sunrise Harbor Summit Pioneer Crescent Evergreen Horizon "
    "Meridian Continental Imperial Liberty Phoenix Falcon Eagle Lotus Jade Coral Cedar"
)
COMPANY_TRADES = words(
    "Trading Shipping Logistics Holdings Industries Textiles Electronics Foods Minerals "
    "Petroleum Chemicals Machinery Marine Freight Import Export Investment Construction "
    "Pharma Agro Metals Energy Technologies Consulting Fisheries Timber"
)
LEGAL_FORMS = ("Ltd", "LLC", "Co., Ltd.", "GmbH", "S.A.", "Inc.", "Pte Ltd", "FZE", "JSC", "BV")
VESSEL_WORDS = words(
    "Ocean Sea Star Glory Fortune Harmony Pearl Wind Wave Spirit Voyager Princess Queen "
    "Dragon Tiger Lion Hope Grace Victory Unity Blue Bright Lucky Rich Grand Great"
)
COUNTRIES = words(
    "us gb de fr cn jp kr kp ru in br mx ng ke za eg tr ir ae sg my id vn ph th pk bd "
    "it es pl nl se no ua ca au ar cl co pe"
)
SCHEMA_OF = {"Person": "Person", "Vessel": "Vessel"}


def imo_number(rng: random.Random) -> str:
    """A random IMO number with a valid check digit."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(5)]
    check = sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return "".join(map(str, digits)) + str(check)


def birth_date(rng: random.Random) -> str:
    return f"{rng.randint(1940, 2004):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def typo(name: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 6:
        return name
    i = rng.choice(letters[1:-1])
    return name[:i] + rng.choice("aeiounrstl") + name[i + 1 :]


def variant(name: str, schema: str, rng: random.Random) -> str:
    """How a clerk writes a listed name."""
    roll = rng.random()
    if roll < 0.35:
        return name
    if roll < 0.55:
        return name.upper()
    if roll < 0.7 and schema == "Person" and " " in name:
        parts = name.replace(",", "").split()
        return " ".join(parts[1:] + parts[:1])
    if roll < 0.85:
        return typo(name, rng)
    for form in (" LIMITED", " LTD", " LLC", " CO., LTD.", " CORPORATION", " COMPANY"):
        if name.upper().endswith(form):
            return name[: -len(form)].rstrip(" ,")
    return name.title()


def listed(targets: Sequence[Target]) -> list[tuple[Target, list[str]]]:
    """Designees with a Latin-script name to draw from."""
    out = []
    for target in targets:
        names = sorted(n for n, weak in target.raw_names if not weak and n.isascii())
        if names:
            out.append((target, names))
    return out


def positive(pool: list[tuple[Target, list[str]]], rng: random.Random) -> dict[str, str]:
    target, names = rng.choice(pool)
    schema = SCHEMA_OF.get(target.schema, "Company" if target.schema != "LegalEntity" else "")
    row = {"name": variant(rng.choice(names), target.schema, rng), "schema": schema}
    if target.birth_dates and rng.random() < 0.5:
        row["birth_date"] = sorted(target.birth_dates)[0]
    if target.countries and rng.random() < 0.3:
        row["nationality"] = sorted(target.countries)[0]
    if target.imo and rng.random() < 0.5:
        row["imo"] = sorted(target.imo)[0]
    return row


def negative(rng: random.Random) -> dict[str, str]:
    roll = rng.random()
    if roll < 0.6:
        given = rng.choice(GIVEN)
        if rng.random() < 0.2:
            given += " " + rng.choice(GIVEN)
        family = rng.choice(FAMILY)
        name = f"{family}, {given}" if rng.random() < 0.3 else f"{given} {family}"
        row = {"name": name, "schema": "Person" if rng.random() < 0.8 else ""}
        if rng.random() < 0.6:
            row["birth_date"] = birth_date(rng)
        if rng.random() < 0.5:
            row["nationality"] = rng.choice(COUNTRIES)
        if rng.random() < 0.1:
            row["passport"] = (
                f"{rng.choice('ABCDEFGHKLMNPRSTUVXYZ')}{rng.randint(1000000, 9999999)}"
            )
        return row
    if roll < 0.92:
        words = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_TRADES)}"
        row = {"name": f"{words} {rng.choice(LEGAL_FORMS)}", "schema": "Company"}
        if rng.random() < 0.4:
            row["nationality"] = rng.choice(COUNTRIES)
        return row
    name = f"{rng.choice(VESSEL_WORDS)} {rng.choice(VESSEL_WORDS)}".upper()
    if rng.random() < 0.3:
        name += f" {rng.randint(1, 99)}"
    row = {"name": name, "schema": "Vessel"}
    if rng.random() < 0.7:
        row["imo"] = imo_number(rng)
    return row


def oddity(rng: random.Random) -> dict[str, str]:
    """What real files also hold: a date that is not one, a schema nobody screens for."""
    row = negative(rng)
    if rng.random() < 0.5:
        row["birth_date"] = rng.choice(("unknown", "31/02/1970", "19xx"))
    else:
        row["schema"] = rng.choice(("Trust", "Animal"))
    return row


def generate(
    targets: Sequence[Target],
    n: int,
    seed: int = 20261124,
    positive_share: float = 0.03,
    odd_share: float = 0.005,
) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    pool = listed(targets)
    for i in range(1, n + 1):
        roll = rng.random()
        if roll < positive_share:
            row = positive(pool, rng)
        elif roll < positive_share + odd_share:
            row = oddity(rng)
        else:
            row = negative(rng)
        yield {"id": f"C{i:09d}", **row}


def write_csv(rows: Iterator[dict[str, str]], path: Path) -> int:
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_parquet(rows: Iterator[dict[str, str]], path: Path, batch: int = 100_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, str]] = []
        for row in rows:
            chunk.append({c: row.get(c) for c in COLUMNS})
            if len(chunk) == batch:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema), row_group_size=batch)
                count += len(chunk)
                chunk = []
        if chunk:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
    return count
