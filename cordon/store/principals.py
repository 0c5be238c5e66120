"""Store methods for who is who: agencies, users, API keys and UI sessions.

Secrets never reach the database in the clear: API keys and session tokens are 256 random bits,
stored as their SHA-256; passwords are stretched with scrypt. A key or session that is expired,
revoked, or whose user is disabled authenticates nobody.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from cordon.policy import NODE_ADMIN, NON_AGENCIES, Principal, Role
from cordon.store import tables as t

KEY_PREFIX = "cdn"
SESSION_HOURS = 12
# How long a verified API key is trusted without asking the database again. Within this process a
# revocation or a disabled user takes effect at once; another process (the CLI revoking a key
# while the server runs) is seen within this many seconds.
KEY_CACHE_SECONDS = 5.0
_AGENCY_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RESERVED_CODES = NON_AGENCIES | {"NOBODY"}


class PrincipalError(ValueError):
    """An agency, user or key request that cannot be honoured (names the offending field)."""


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    id: str
    email: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return "scrypt$16384$8$1$" + base64.b64encode(salt).decode() + "$" + digest.hex()


def check_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        _, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
        )
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


class PrincipalsMixin:
    """Mixed into `Store`: relies on its engine, transaction and clock helpers."""

    # -- agencies and users -------------------------------------------------------------------

    def add_agency(self, code: str, name: str, country: str | None = None) -> bool:
        code = code.strip().upper()
        if not _AGENCY_CODE.match(code) or code in RESERVED_CODES:
            raise PrincipalError(f"agency code {code!r}: expected 2-16 capitals, e.g. USA, MYS")
        if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
            raise PrincipalError(f"country {country!r}: expected an ISO 3166 alpha-2 code")
        with self.transaction() as conn:
            if conn.execute(select(t.agencies.c.code).where(t.agencies.c.code == code)).first():
                return False
            conn.execute(
                t.agencies.insert().values(
                    code=code,
                    name=name,
                    country=country.lower() if country else None,
                    created_at=self._now(),
                )
            )
            self._audit(conn, NODE_ADMIN, "agency.add", code, {"name": name})
            return True

    def add_user(
        self, email: str, agency: str, role: str | Role, password: str | None = None
    ) -> bool:
        email = email.strip().lower()
        if not _EMAIL.match(email):
            raise PrincipalError(f"email {email!r} is not an email address")
        try:
            role = Role(role)
        except ValueError:
            raise PrincipalError(
                f"role {role!r}: expected one of {', '.join(r.value for r in Role)}"
            ) from None
        with self.transaction() as conn:
            agency = agency.strip().upper()
            if not conn.execute(select(t.agencies).where(t.agencies.c.code == agency)).first():
                raise PrincipalError(f"agency {agency!r} does not exist (cordon agencies add)")
            if conn.execute(select(t.users.c.email).where(t.users.c.email == email)).first():
                return False
            conn.execute(
                t.users.insert().values(
                    email=email,
                    agency=agency,
                    role=role.value,
                    created_at=self._now(),
                    password_hash=hash_password(password) if password else None,
                )
            )
            self._audit(conn, NODE_ADMIN, "user.add", email, {"agency": agency, "role": role})
            return True

    def set_password(self, email: str, password: str) -> None:
        with self.transaction() as conn:
            done = conn.execute(
                update(t.users)
                .where(t.users.c.email == email.lower())
                .values(password_hash=hash_password(password))
            )
            if not done.rowcount:
                raise PrincipalError(f"no user {email!r}")
            self._audit(conn, NODE_ADMIN, "user.password", email.lower(), {})

    def disable_user(self, email: str) -> None:
        with self.transaction() as conn:
            done = conn.execute(
                update(t.users)
                .where(t.users.c.email == email.lower())
                .values(disabled_at=self._now())
            )
            if not done.rowcount:
                raise PrincipalError(f"no user {email!r}")
            self._audit(conn, NODE_ADMIN, "user.disable", email.lower(), {})
        self._forget_keys()

    def principal(self, email: str) -> Principal | None:
        with self.engine.connect() as conn:
            return self._principal(conn, email)

    @staticmethod
    def _principal(conn: Connection, email: str) -> Principal | None:
        row = conn.execute(
            select(t.users).where(t.users.c.email == email.lower(), t.users.c.disabled_at.is_(None))
        ).first()
        return Principal(agency=row.agency, user=row.email, role=Role(row.role)) if row else None

    def agencies(self, principal: Principal) -> list[dict[str, Any]]:
        """The partnership as `principal` may see it: members see every agency, and the users
        of their own agency; the public sees nothing."""
        if not principal.is_partner and principal != NODE_ADMIN:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.agencies).order_by(t.agencies.c.code)).all()
            users = conn.execute(
                select(t.users)
                .where(t.users.c.agency == principal.agency)
                .order_by(t.users.c.email)
            ).all()
        return [
            {
                "code": a.code,
                "name": a.name,
                "country": a.country,
                "users": [{"email": u.email, "role": u.role} for u in users if u.agency == a.code],
            }
            for a in rows
        ]

    # -- API keys -----------------------------------------------------------------------------

    def create_api_key(self, email: str, days: int = 90) -> str:
        """A new key for `email`; the only time the key exists in the clear is this return."""
        if days < 1:
            raise PrincipalError(f"--days {days}: a key must be valid for at least one day")
        key_id = secrets.token_hex(6)
        key = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        now = self._now()
        with self.transaction() as conn:
            if self._principal(conn, email) is None:
                raise PrincipalError(f"no active user {email!r}")
            conn.execute(
                t.api_keys.insert().values(
                    id=key_id,
                    email=email.lower(),
                    key_hash=_sha256(key),
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
            )
            self._audit(conn, NODE_ADMIN, "key.create", key_id, {"user": email.lower()})
        return key

    def revoke_api_key(self, key_id: str) -> bool:
        with self.transaction() as conn:
            done = conn.execute(
                update(t.api_keys)
                .where(t.api_keys.c.id == key_id, t.api_keys.c.revoked_at.is_(None))
                .values(revoked_at=self._now())
            )
            if done.rowcount:
                self._audit(conn, NODE_ADMIN, "key.revoke", key_id, {})
        self._forget_keys()
        return bool(done.rowcount)

    def api_keys(self, email: str) -> list[ApiKeyInfo]:
        k = t.api_keys
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(k).where(k.c.email == email.lower()).order_by(k.c.created_at)
            ).all()
        return [
            ApiKeyInfo(
                r.id,
                r.email,
                self._utc(r.created_at),
                self._utc(r.expires_at),
                self._utc(r.revoked_at),
                self._utc(r.last_used_at),
            )
            for r in rows
        ]

    def authenticate_key(self, key: str) -> Principal | None:
        """The principal behind a bearer key, or None for any key that is not valid now.

        A valid key is remembered for `KEY_CACHE_SECONDS` (never past its expiry): a busy API
        client would otherwise pay two queries on every request before any work is done."""
        if not key.startswith(KEY_PREFIX + "_"):
            return None
        digest = _sha256(key)
        cache = self._key_cache()
        hit = cache.get(digest)
        if hit is not None and hit[1] > time.monotonic():
            return hit[0]
        k = t.api_keys
        with self.engine.connect() as conn:
            row = conn.execute(select(k).where(k.c.key_hash == digest)).first()
            if row is None or row.revoked_at is not None:
                return None
            remaining = (self._utc(row.expires_at) - self._now()).total_seconds()
            if remaining <= 0:
                return None
            principal = self._principal(conn, row.email)
        if principal is not None:
            if len(cache) > 10_000:  # only valid keys get here; a bound all the same
                cache.clear()
            cache[digest] = (principal, time.monotonic() + min(KEY_CACHE_SECONDS, remaining))
        return principal

    def _key_cache(self) -> dict[str, tuple[Principal, float]]:
        cache = getattr(self, "_verified_keys", None)
        if cache is None:
            cache = self._verified_keys = {}
        return cache

    def _forget_keys(self) -> None:
        """Revocations and disabled users take effect at once in this process."""
        self._key_cache().clear()

    # -- sessions -----------------------------------------------------------------------------

    def login(self, email: str, password: str) -> str | None:
        """A session token for a correct password, else None (the same for unknown users)."""
        with self.transaction() as conn:
            row = conn.execute(
                select(t.users).where(
                    t.users.c.email == email.strip().lower(), t.users.c.disabled_at.is_(None)
                )
            ).first()
            stored = row.password_hash if row is not None else None
            if not check_password(password, stored or _DUMMY_HASH) or row is None:
                return None
            token = secrets.token_urlsafe(32)
            now = self._now()
            conn.execute(
                t.sessions.insert().values(
                    token_hash=_sha256(token),
                    email=row.email,
                    created_at=now,
                    expires_at=now + timedelta(hours=SESSION_HOURS),
                )
            )
            principal = Principal(agency=row.agency, user=row.email, role=Role(row.role))
            self._audit(conn, principal, "session.login", row.email, {})
            return token

    def session_principal(self, token: str) -> Principal | None:
        s = t.sessions
        with self.engine.connect() as conn:
            row = conn.execute(select(s).where(s.c.token_hash == _sha256(token))).first()
            if row is None or row.revoked_at is not None:
                return None
            if self._utc(row.expires_at) <= self._now():
                return None
            return self._principal(conn, row.email)

    def logout(self, token: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                update(t.sessions)
                .where(t.sessions.c.token_hash == _sha256(token))
                .values(revoked_at=self._now())
            )


# Compared against when the user does not exist, so a wrong email costs as long as a wrong
# password and sign-in is no user-existence oracle.
_DUMMY_HASH = hash_password(secrets.token_hex(8))
