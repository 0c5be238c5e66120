"""Loading the whole shared lists folder through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cordon.cli.main import app
from cordon.lists import service
from cordon.policy import SYSTEM
from cordon.store import Store
from tests.paths import LISTS

runner = CliRunner()

EXPECTED = {
    "un_sc_sanctions": (1003, {"Person": 730, "Organization": 273}),
    "us_ofac_sdn": (8976, None),
    "us_ofac_cons": (442, None),
    "gb_hmt_sanctions": (4688, {"Person": 3663, "Organization": 1010, "Vessel": 15}),
    "gb_fcdo_sanctions": (5302, {"Person": 3754, "Organization": 1087, "Vessel": 461}),
    "zala": (91, None),
    "eu_fsf_sample": (7, None),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """CORDON_HOME / CORDON_DATABASE_URL pointing at a store with every shared list loaded."""
    home = tmp_path_factory.mktemp("home")
    if request.param == "sqlite":
        url = f"sqlite:///{home / 'cordon.db'}"
        cleanup = None
    else:
        import uuid

        from sqlalchemy import create_engine, text

        from tests.conftest import PG_URL, pg_schema_url

        schema = f"cordon_test_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = pg_schema_url(schema)

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

    env = {"CORDON_HOME": str(home), "CORDON_DATABASE_URL": url}
    result = runner.invoke(app, ["lists", "load", str(LISTS)], env=env)
    assert result.exit_code == 0, result.output
    yield env
    if cleanup:
        cleanup()


def status(env: dict[str, str]) -> dict[str, dict]:
    result = runner.invoke(app, ["lists", "status", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return {row["dataset"]: row for row in json.loads(result.output)}


def test_status_counts(loaded):
    rows = status(loaded)
    for dataset, (records, schemas) in EXPECTED.items():
        assert rows[dataset]["records"] == records, dataset
        if schemas:
            assert rows[dataset]["schemas"] == schemas, dataset
    assert set(rows["un_sc_sanctions"]) >= {
        "dataset",
        "publisher",
        "version",
        "published",
        "records",
        "schemas",
    }
    assert rows["un_sc_sanctions"]["published"] == "2026-02-27"


def test_non_sdn_list_has_two_versions_newer_current(loaded):
    row = status(loaded)["us_ofac_cons"]
    assert row["versions"] == 2
    assert row["published"] == "2026-01-08"  # the XML release is newer than the CSV one


def test_un_dprk_designations(loaded):
    store = Store(loaded["CORDON_DATABASE_URL"])
    try:
        listed = next(e for e in store.datasets(SYSTEM) if e.name == "un_sc_sanctions")
        assert listed.listed == 1003
        kpi = [f"un:KPi.{n:03d}" for n in range(1, 200)]
        found = [ref for ref in kpi if store.resolve(SYSTEM, ref)]
        assert len(found) == 80
    finally:
        store.close()


def test_every_record_reachable_by_source_id(loaded):
    store = Store(loaded["CORDON_DATABASE_URL"])
    try:
        expected = {
            record.source_id: record.main.id
            for parsed in service.parse_all([LISTS])
            for record in parsed.records
        }
        assert len(expected) > 20_000
        found = store.resolve_many(SYSTEM, list(expected))
        assert {ref: found.get(ref) for ref in expected} == expected
        assert store.resolve(SYSTEM, "ofac:12210") == "ofac-12210"
    finally:
        store.close()


def test_show_by_source_id(loaded):
    result = runner.invoke(app, ["show", "un:KPi.033", "--json"], env=loaded)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "un-KPi.033" and data["schema"] == "Person"
    assert "un:KPi.033" in data["source_ids"]
    assert all(s["marking"] == "TLP:CLEAR ORIG PUBLIC" for s in data["statements"])
    assert any(a["schema"] == "Sanction" for a in data["adjacent"])
    missing = runner.invoke(app, ["show", "un:KPi.999"], env=loaded)
    assert missing.exit_code == 1 and "no entity" in missing.output


def test_reload_unchanged_is_a_no_op(loaded):
    before = status(loaded)
    result = runner.invoke(app, ["lists", "load", str(LISTS)], env=loaded)
    assert result.exit_code == 0, result.output
    assert "loaded" not in result.output.replace("Lists loaded", "")
    assert status(loaded) == before


def test_diff_shows_changes_between_non_sdn_releases(loaded):
    result = runner.invoke(app, ["lists", "diff", "us_ofac_cons", "--json"], env=loaded)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["version"] == "2026-01-08" and report["previous"].startswith("sha256:")
    counted = {
        k: sum(1 for c in report["changes"] if c["change"] == k)
        for k in ("added", "changed", "removed")
    }
    assert counted["added"] + counted.get("relisted", 0) == report["added"]
    assert counted["changed"] == report["changed"] and counted["removed"] == report["removed"]


def test_bad_file_in_a_folder_changes_nothing(loaded, tmp_path: Path):
    before = status(loaded)
    folder = tmp_path / "lists"
    folder.mkdir()
    newer = (
        (LISTS / "un" / "consolidated.xml")
        .read_bytes()
        .replace(b'dateGenerated="2026-02-27', b'dateGenerated="2026-03-27', 1)
    )
    (folder / "un.xml").write_bytes(newer)  # a valid newer release that must not be stored
    (folder / "broken.xml").write_bytes((LISTS / "un" / "consolidated.xml").read_bytes()[:5000])
    result = runner.invoke(app, ["lists", "load", str(folder)], env=loaded)
    assert result.exit_code == 1
    assert "broken.xml" in result.output and "nothing was changed" in result.output
    assert status(loaded) == before
