"""The node's Ed25519 key: one identity per node, used to sign what leaves it or must outlive it.

Audit checkpoints are signed with it so a rewrite of the log is detected by anyone holding the
public key; federation signs bundles with the same key so partners know which node sent them.
Nothing here knows about audit or federation: it signs and verifies bytes.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cordon import config


class NodeKey:
    """An Ed25519 private key with its public half as base64 of the raw 32 bytes."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private = private_key
        raw = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key_b64 = base64.b64encode(raw).decode("ascii")

    @classmethod
    def generate(cls) -> NodeKey:
        """A fresh key that lives only in memory (tests, benchmarks)."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: bytes) -> NodeKey:
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the node key must be an Ed25519 private key")
        return cls(key)

    @classmethod
    def load(cls, path: Path | str | None = None) -> NodeKey:
        """The key at `path` (default: CORDON_HOME/node_key.pem); FileNotFoundError if absent."""
        return cls.from_pem(Path(path or config.node_key_path()).read_bytes())

    @classmethod
    def load_or_create(cls, path: Path | str | None = None) -> NodeKey:
        """Load the node's key, creating it on first use. The file is created exclusively with
        mode 0600 from the start (never written then chmod-ed), so the private key is never
        readable by others, and two processes starting at once end up with the same key."""
        path = Path(path or config.node_key_path())
        try:
            return cls.load(path)
        except FileNotFoundError:
            pass
        key = cls.generate()
        pem = key._private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process won the race: use its key
            return cls.load(path)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        return key

    def sign(self, data: bytes) -> str:
        """Base64 of the 64-byte Ed25519 signature of `data`."""
        return base64.b64encode(self._private.sign(data)).decode("ascii")

    def __repr__(self) -> str:  # never print the private half
        return f"NodeKey(public={self.public_key_b64})"


def verify_signature(public_key_b64: str, data: bytes, signature_b64: str) -> bool:
    """True only for a well-formed key and a valid signature of exactly `data`; malformed input
    is a failed verification, not an error, because it comes from the data being checked."""
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        public.verify(base64.b64decode(signature_b64, validate=True), data)
    except (InvalidSignature, ValueError, binascii.Error, TypeError):
        return False
    return True
