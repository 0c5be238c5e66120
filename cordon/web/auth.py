"""Who is asking, and each route's access rule.

Every route depends on exactly one of the rules below (`tests/test_routes.py` fails on a route
without one). A rule resolves the caller from `Authorization: Bearer <key>` or the UI session
cookie; a presented credential that is not valid is refused outright rather than downgraded to
anonymous, so a revoked key fails loudly. Cookie-authenticated writes must come from this
node's own pages (Origin check), which with SameSite=Strict cookies stops cross-site requests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from cordon.policy import ANONYMOUS, Principal, Role

SESSION_COOKIE = "cordon_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": 'Bearer realm="cordon"'})


def caller(request: Request) -> Principal:
    """The principal behind the request (cached on it), ANONYMOUS without credentials."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    store = request.app.state.store
    header = request.headers.get("authorization")
    principal = ANONYMOUS
    if header:
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise _unauthorized("expected 'Authorization: Bearer <key>'")
        found = store.authenticate_key(key.strip())
        if found is None:
            raise _unauthorized("invalid, expired or revoked API key")
        principal = found
    elif token := request.cookies.get(SESSION_COOKIE):
        found = store.session_principal(token)
        if found is None and _browsing(request):
            request.state.principal = ANONYMOUS  # a page load: show the page, offer sign-in
            return ANONYMOUS
        if found is None:
            raise _unauthorized("session expired; sign in again")
        if request.method not in SAFE_METHODS and not _same_origin(request):
            raise HTTPException(403, detail="cross-origin request refused")
        principal = found
    request.state.principal = principal
    return principal


def _browsing(request: Request) -> bool:
    """A browser loading a page (not an API client), which must still reach the sign-in page
    with an expired cookie."""
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return False
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


# -- the access rules: each route depends on one of these ----------------------------------------
# They are coroutines although they block for a moment: they read the key cache or one indexed
# row, which costs less than the trip through the thread pool a plain function would take on
# every request (FastAPI runs plain dependencies there).


async def public(request: Request) -> Principal:
    """Anyone, signed in or not; what they get is still filtered by `may_read`."""
    return caller(request)


async def partner(request: Request) -> Principal:
    """A signed-in member of an agency of the partnership."""
    return _partner(request)


async def releaser(request: Request) -> Principal:
    """A releaser or admin of an agency: may widen markings and derive releasable versions."""
    principal = _partner(request)
    if principal.role not in (Role.RELEASER, Role.ADMIN):
        raise HTTPException(403, detail="this needs the releaser role")
    return principal


async def node(request: Request) -> Principal:
    """A partner node's service account (or any partner member) pulling its agency's feed."""
    return _partner(request)


def _partner(request: Request) -> Principal:
    principal = caller(request)
    if not principal.is_partner:
        raise _unauthorized("sign in or send an API key")
    return principal


ACCESS_RULES: dict[Callable[[Request], Awaitable[Principal]], str] = {
    public: "public",
    partner: "partner",
    releaser: "releaser",
    node: "node",
}
