"""`cordon extract` and `cordon ingest` end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cordon.lists import service as lists
from cordon.sharing.demo import create_demo
from cordon.store import Store
from tests import docfiles
from tests.paths import LISTS

TEXT = (
    "Ships and front companies\n\n"
    "Korea Ryonbong General Corporation is allegedly owned by Tanchon Commercial Bank. "
    "The vessel Chong Chon Gang (IMO 7937317) was inspected in Panama.\n"
)


@pytest.fixture
def home(tmp_path):
    url = f"sqlite:///{tmp_path / 'cordon.db'}"
    store = Store(url)
    lists.load(store, [LISTS / "un"])
    create_demo(store)
    store.close()
    env = {**os.environ, "CORDON_HOME": str(tmp_path), "CORDON_DATABASE_URL": url}
    env.pop("CORDON_USER", None)
    return tmp_path, env


def cordon(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cordon.cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_extract_json_stores_nothing(home):
    folder, env = home
    path = folder / "report.txt"
    path.write_text(TEXT)
    done = cordon(env, "extract", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    mentions = {m["text"]: m for m in data["mentions"]}
    assert mentions["Korea Ryonbong General Corporation"]["source_ids"]
    assert mentions["IMO 7937317"]["label"] == "identifier"
    vessel = mentions["Chong Chon Gang"]
    assert (
        vessel["label"] == "vessel" and TEXT[vessel["start"] : vessel["end"]] == "Chong Chon Gang"
    )
    [claim] = data["claims"]
    assert (claim["subject"]["text"], claim["predicate"], claim["hedge"]) == (
        "Tanchon Commercial Bank",
        "owns_or_controls",
        "alleged",
    )
    assert {"start", "end", "text"} <= set(claim["evidence"]) and "attribution" in claim
    store = Store(env["CORDON_DATABASE_URL"])
    assert store.documents(store.principal("analyst@usa.example")) == []
    store.close()


def test_ingest_a_folder_stores_the_good_and_names_the_bad(home):
    folder, env = home
    docs = folder / "docs"
    docs.mkdir()
    (docs / "report.txt").write_text(TEXT)
    (docs / "data.txt").write_bytes(docfiles.BINARY)
    (docs / "scan.pdf").write_bytes(docfiles.blank_pdf())
    (docs / "note.docx").write_bytes(docfiles.docx_bytes([TEXT.replace("\n", " ")]))
    done = cordon(
        env, "ingest", str(docs), "--as", "analyst@usa.example", "--marking", "TLP:AMBER REL TO MYS"
    )
    assert done.returncode == 1
    assert (
        "data.txt: binary data" in done.stderr
        and "scan.pdf: this PDF has no text layer" in done.stderr
    )
    assert "2 stored under TLP:AMBER REL TO MYS ORIG USA" in done.stdout
    again = cordon(env, "ingest", str(docs / "report.txt"), "--as", "analyst@usa.example")
    assert again.returncode == 0 and "already stored" in again.stdout
    store = Store(env["CORDON_DATABASE_URL"])
    stored = store.documents(store.principal("analyst@mys.example"))
    assert sorted(d.format for d in stored) == ["docx", "txt"]
    assert all(d.claims == 1 for d in stored)
    store.close()


def test_size_limit_and_no_agency(home):
    folder, env = home
    path = folder / "big.txt"
    path.write_text("word " * 400)
    limited = cordon(
        {**env, "CORDON_MAX_DOCUMENT_BYTES": "1000"},
        "ingest",
        str(path),
        "--as",
        "analyst@usa.example",
    )
    assert limited.returncode == 1 and "over the limit of 1,000" in limited.stderr
    anonymous = cordon(env, "ingest", str(path))
    assert anonymous.returncode == 2 and "--as" in anonymous.stderr
