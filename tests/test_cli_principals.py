"""`cordon agencies`, `users`, `keys`: the operator's administration, end to end."""

from __future__ import annotations

import time
from pathlib import Path

from typer.testing import CliRunner

from cordon.cli.main import app
from cordon.store import Store, principals

runner = CliRunner()


def test_agencies_users_keys(tmp_path: Path, monkeypatch):
    env = {"CORDON_HOME": str(tmp_path), "CORDON_DATABASE_URL": f"sqlite:///{tmp_path}/c.db"}

    def cordon(*args: str, stdin: str | None = None):
        return runner.invoke(app, list(args), env=env, input=stdin)

    assert cordon("agencies", "add", "GBR", "--country", "gb").exit_code == 0
    assert "exists already" in cordon("agencies", "add", "gbr").output
    refused = cordon("agencies", "add", "PUBLIC")
    assert refused.exit_code == 1 and "agency code" in refused.output
    assert (
        cordon("users", "add", "a@gbr.example", "--agency", "GBR", "--role", "releaser").exit_code
        == 0
    )
    bad_role = cordon("users", "add", "b@gbr.example", "--agency", "GBR", "--role", "king")
    assert bad_role.exit_code == 1 and "role" in bad_role.output
    created = cordon("keys", "create", "a@gbr.example", "--days", "30")
    key = created.output.strip().splitlines()[-1]
    store = Store(env["CORDON_DATABASE_URL"])
    principal = store.authenticate_key(key)
    assert principal is not None and (principal.agency, principal.role) == ("GBR", "releaser")
    key_id = key.split("_")[1]
    assert key_id in cordon("keys", "list", "a@gbr.example").output
    assert key not in cordon("keys", "list", "a@gbr.example").output
    assert cordon("keys", "revoke", key_id).exit_code == 0
    assert Store(env["CORDON_DATABASE_URL"]).authenticate_key(key) is None  # a new process
    # a running server trusts a key it verified for KEY_CACHE_SECONDS, then asks again
    assert store.authenticate_key(key) is not None
    later = time.monotonic() + principals.KEY_CACHE_SECONDS + 1
    monkeypatch.setattr(principals.time, "monotonic", lambda: later)
    assert store.authenticate_key(key) is None
    assert cordon("users", "password", "a@gbr.example", stdin="short\n").exit_code == 1
    assert cordon("users", "password", "a@gbr.example", stdin="long enough pw\n").exit_code == 0
    assert store.login("a@gbr.example", "long enough pw")
    assert cordon("users", "disable", "a@gbr.example").exit_code == 0
    assert store.login("a@gbr.example", "long enough pw") is None
    assert "intact" in cordon("audit", "verify").output
    store.close()
