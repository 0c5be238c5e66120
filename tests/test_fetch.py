"""`cordon lists fetch`: offline it fails clearly and changes nothing; from a mirror it loads."""

from __future__ import annotations

import functools
import json
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from typer.testing import CliRunner

from cordon.cli.main import app
from tests.paths import LISTS

runner = CliRunner()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(tmp_path: Path, mirror: str) -> dict[str, str]:
    return {
        "CORDON_HOME": str(tmp_path / "home"),
        "CORDON_DATABASE_URL": f"sqlite:///{tmp_path / 'cordon.db'}",
        "CORDON_LISTS_MIRROR": mirror,
    }


def test_offline_fetch_fails_clearly_and_changes_nothing(tmp_path: Path):
    env = env_for(tmp_path, f"http://127.0.0.1:{closed_port()}")
    result = runner.invoke(app, ["lists", "fetch", "--only", "un"], env=env)
    assert result.exit_code == 1
    assert "cannot reach 127.0.0.1" in result.output
    assert "nothing was changed" in result.output
    status = runner.invoke(app, ["lists", "status", "--json"], env=env)
    assert json.loads(status.output) == []
    assert list((tmp_path / "home" / "downloads").iterdir()) == []


def test_fetch_from_a_mirror_loads_the_files(tmp_path: Path):
    mirror = tmp_path / "mirror" / "un"
    mirror.mkdir(parents=True)
    (mirror / "consolidated.xml").symlink_to(LISTS / "un" / "consolidated.xml")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path / "mirror"))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = env_for(tmp_path, f"http://127.0.0.1:{server.server_address[1]}")
        result = runner.invoke(app, ["lists", "fetch", "--only", "un"], env=env)
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    status = runner.invoke(app, ["lists", "status", "--json"], env=env)
    [row] = json.loads(status.output)
    assert (row["dataset"], row["records"]) == ("un_sc_sanctions", 1003)


def test_unknown_source_is_refused(tmp_path: Path):
    result = runner.invoke(app, ["lists", "fetch", "--only", "nowhere"], env=env_for(tmp_path, ""))
    assert result.exit_code == 1 and "unknown source" in result.output
