"""Bad input through `cordon lists load`: a clear error naming the file, exit 1, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cordon.cli.main import app
from tests.hostile import LAUGHS, XXE
from tests.paths import LISTS

runner = CliRunner()

UN = LISTS / "un" / "consolidated.xml"


def cases() -> dict[str, tuple[str, bytes, str]]:
    """name -> (file name, content, a phrase the error must contain)."""
    un = UN.read_bytes()
    sdn_rows = (LISTS / "ofac" / "sdn.csv").read_bytes().splitlines(keepends=True)
    conlist = (LISTS / "uk" / "ConList.xlsx").read_bytes()
    return {
        "empty": ("empty.xml", b"", "empty"),
        "unknown": ("notes.dat", b"just some words, not a list\n", "unknown list format"),
        "truncated-xml": ("un.xml", un[: len(un) // 2], "line"),
        "xxe": ("xxe.xml", XXE, "refused"),
        "billion-laughs": ("laughs.xml", LAUGHS, "refused"),
        "utf16-csv": (
            "sdn.csv",
            b"".join(sdn_rows[:50]).decode("ascii").encode("utf-16"),
            "sdn.csv",
        ),
        "open-quote-csv": (
            "sdn.csv",
            b"".join(sdn_rows[:20]) + b'99999,"NEVER CLOSED,-0- \r\n',
            "line",
        ),
        "truncated-xlsx": ("ConList.xlsx", conlist[: len(conlist) // 2], "ConList.xlsx"),
    }


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    env = {"CORDON_HOME": str(home), "CORDON_DATABASE_URL": f"sqlite:///{home / 'c.db'}"}
    result = runner.invoke(app, ["lists", "load", str(UN)], env=env)
    assert result.exit_code == 0, result.output
    return env


@pytest.mark.parametrize("case", list(cases()))
def test_bad_file_is_refused_and_changes_nothing(case: str, env: dict[str, str], tmp_path: Path):
    name, content, phrase = cases()[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = runner.invoke(app, ["lists", "status", "--json"], env=env).output
    result = runner.invoke(app, ["lists", "load", str(path)], env=env)
    assert result.exit_code == 1, result.output
    assert str(path) in result.output
    assert phrase.lower() in result.output.lower(), result.output
    assert "nothing was changed" in result.output
    after = runner.invoke(app, ["lists", "status", "--json"], env=env).output
    assert json.loads(after) == json.loads(before)


def test_missing_path(env: dict[str, str], tmp_path: Path):
    result = runner.invoke(app, ["lists", "load", str(tmp_path / "nope.xml")], env=env)
    assert result.exit_code == 1 and "no such file" in result.output
