"""Configuration from the environment: where the data lives and which database holds it."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """CORDON_HOME: the embedded database, indexes and keys live here."""
    path = Path(os.environ.get("CORDON_HOME") or Path.home() / ".cordon").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """CORDON_DATABASE_URL, else a SQLite file under CORDON_HOME."""
    url = os.environ.get("CORDON_DATABASE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite:///{home() / 'cordon.db'}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def node_key_path() -> Path:
    """This node's Ed25519 private key (PEM, mode 0600): it signs audit checkpoints and, for
    federation, bundles; it lives beside the data so a node keeps one identity across restarts."""
    return home() / "node_key.pem"


def node_name() -> str:
    """CORDON_NODE: this node's name in bundles, feeds and partners' provenance records."""
    return os.environ.get("CORDON_NODE", "cordon")


def node_agency() -> str:
    """CORDON_NODE_AGENCY: the agency operating this node, named in what it publishes."""
    return os.environ.get("CORDON_NODE_AGENCY", "NODE")
