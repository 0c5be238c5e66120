"""Every route of the app has exactly one explicit access rule, and this table is the list.

A new route fails here until it is added below with its rule; a route that depends on no rule,
on two, or on another than the table says, fails too. The framework's own routes (the OpenAPI
document and the docs page) and the static mount are listed separately. Every `/api/v1/` and
`/taxii2/` route is in the OpenAPI document; the HTML pages are left out of it on purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import Depends, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from cordon.store import Store
from cordon.web.app import create_app
from cordon.web.auth import ACCESS_RULES

COLLECTION = "/taxii2/api/collections/{collection_id}"

# (method, path) -> the name of its rule in cordon.web.auth.ACCESS_RULES
ROUTES: dict[tuple[str, str], str] = {
    # HTML pages
    ("GET", "/"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "public",
    ("GET", "/search"): "public",
    ("GET", "/entity/{ref}"): "public",
    ("GET", "/lists"): "public",
    ("GET", "/watchlist"): "public",  # partner pages: the public is sent to sign in
    ("GET", "/items"): "public",
    ("GET", "/audit"): "public",
    ("GET", "/graph"): "public",
    ("GET", "/screening"): "public",
    ("GET", "/screening/{job_id}"): "public",
    ("GET", "/documents"): "public",
    ("GET", "/documents/{doc_id}"): "public",
    # reads
    ("GET", "/api/v1/me"): "partner",
    ("GET", "/api/v1/datasets"): "public",
    ("GET", "/api/v1/agencies"): "partner",
    ("GET", "/api/v1/entities/{ref}"): "public",
    ("GET", "/api/v1/audit"): "partner",
    # contributions and originator control
    ("POST", "/api/v1/import"): "partner",
    ("POST", "/api/v1/statements"): "partner",
    ("GET", "/api/v1/items"): "partner",
    ("GET", "/api/v1/items/{item_id}"): "partner",
    ("POST", "/api/v1/items/{item_id}/marking"): "partner",
    ("POST", "/api/v1/items/{item_id}/retract"): "partner",
    ("POST", "/api/v1/items/{item_id}/derive"): "releaser",
    ("GET", "/api/v1/export"): "partner",
    # screening
    ("POST", "/api/v1/match"): "partner",
    ("GET", "/api/v1/search"): "partner",
    ("POST", "/api/v1/screenings"): "partner",
    ("GET", "/api/v1/screenings"): "partner",
    ("GET", "/api/v1/screenings/{job_id}"): "partner",
    ("GET", "/api/v1/screenings/{job_id}/results"): "partner",
    ("POST", "/api/v1/reviews"): "partner",
    # analyst workspace
    ("GET", "/api/v1/entities"): "public",
    ("GET", "/api/v1/watches"): "partner",
    ("POST", "/api/v1/watches"): "partner",
    ("DELETE", "/api/v1/watches/{entity_id}"): "partner",
    ("GET", "/api/v1/alerts"): "partner",
    ("POST", "/api/v1/alerts/seen"): "partner",
    ("GET", "/api/v1/lists/changes"): "public",
    # graph
    ("GET", "/api/v1/graph/neighbourhood"): "partner",
    ("GET", "/api/v1/graph/paths"): "partner",
    ("GET", "/api/v1/graph/exposure"): "partner",
    ("GET", "/api/v1/graph/ownership"): "partner",
    # documents
    ("POST", "/api/v1/documents"): "partner",
    ("GET", "/api/v1/documents"): "partner",
    ("GET", "/api/v1/documents/{doc_id}"): "partner",
    ("POST", "/api/v1/claims/{claim_id}/accept"): "partner",
    ("POST", "/api/v1/claims/{claim_id}/reject"): "partner",
    # TAXII 2.1
    ("GET", "/taxii2/"): "partner",
    ("GET", "/taxii2/api/"): "partner",
    ("GET", "/taxii2/api/collections/"): "partner",
    ("GET", f"{COLLECTION}/"): "partner",
    ("GET", f"{COLLECTION}/objects/"): "partner",
    ("GET", f"{COLLECTION}/manifest/"): "partner",
    ("GET", f"{COLLECTION}/objects/{{object_id}}/"): "partner",
    ("GET", f"{COLLECTION}/objects/{{object_id}}/versions/"): "partner",
    # federation
    ("GET", "/api/v1/node"): "public",
    ("GET", "/api/v1/sync/feed"): "node",
}

# Routes FastAPI itself adds: public, holding nothing but the API's description.
FRAMEWORK = {
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/docs"),
    ("GET", "/docs/oauth2-redirect"),
}
# Mounts: path -> the directory served (public files, no data).
MOUNTS = {"/static": Path("cordon/web/static")}
HTML_PAGES = {
    "/",
    "/login",
    "/logout",
    "/search",
    "/entity/{ref}",
    "/lists",
    "/watchlist",
    "/items",
    "/audit",
    "/graph",
    "/screening",
    "/screening/{job_id}",
    "/documents",
    "/documents/{doc_id}",
}


@pytest.fixture
def app(sqlite_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setenv("CORDON_HOME", str(tmp_path))
    return create_app(sqlite_store)


def rules_in(dependant: Dependant) -> Iterator[Callable]:
    """Every access rule anywhere in a route's dependency tree."""
    for dep in dependant.dependencies:
        if dep.call in ACCESS_RULES:
            yield dep.call
        yield from rules_in(dep)


def api_routes(app: FastAPI) -> dict[tuple[str, str], list[str]]:
    """(method, path) -> the names of the access rules the route depends on."""
    found: dict[tuple[str, str], list[str]] = {}
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        rules = sorted({ACCESS_RULES[rule] for rule in rules_in(context.dependant)})
        for method in context.methods:
            assert (method, context.path) not in found, f"{method} {context.path} twice"
            found[(method, context.path)] = rules
    return found


def test_every_route_has_its_one_listed_rule(app: FastAPI) -> None:
    found = api_routes(app)
    unlisted = sorted(set(found) - set(ROUTES))
    assert not unlisted, f"routes missing from the table in tests/test_routes.py: {unlisted}"
    gone = sorted(set(ROUTES) - set(found))
    assert not gone, f"listed routes the app no longer has: {gone}"
    problems = {route: rules for route, rules in found.items() if rules != [ROUTES[route]]}
    assert not problems, (
        f"each route must depend on exactly its listed access rule (got route: rules): {problems}"
    )


def test_no_route_outside_the_table(app: FastAPI) -> None:
    """Anything that is not an APIRoute is one of the framework's routes or a listed mount."""
    root = Path(__file__).resolve().parents[1]
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            continue
        if isinstance(route, Mount):
            assert route.path in MOUNTS, f"unlisted mount {route.path}"
            assert isinstance(route.app, StaticFiles)
            assert Path(route.app.directory).resolve() == (root / MOUNTS[route.path]).resolve()
            continue
        assert isinstance(route, Route), f"unexpected route type {type(route).__name__}"
        for method in (route.methods or set()) - {"HEAD"}:
            assert (method, route.path) in FRAMEWORK, f"unlisted route {method} {route.path}"


def test_the_rules_are_the_ones_in_auth() -> None:
    assert set(ROUTES.values()) <= set(ACCESS_RULES.values())
    assert len(set(ACCESS_RULES.values())) == len(ACCESS_RULES)


def test_a_route_without_a_rule_fails_the_check(app: FastAPI) -> None:
    """The check itself: a bare route, or one with two rules, is caught."""
    rules = {name: rule for rule, name in ACCESS_RULES.items()}

    @app.get("/api/v1/bare")
    def bare() -> dict[str, str]:
        return {}

    partner, releaser = Depends(rules["partner"]), Depends(rules["releaser"])

    @app.get("/api/v1/twice")
    def twice(_a: object = partner, _b: object = releaser) -> dict[str, str]:
        return {}

    found = api_routes(app)
    assert found[("GET", "/api/v1/bare")] == []
    assert found[("GET", "/api/v1/twice")] == ["partner", "releaser"]


def test_every_api_and_taxii_route_is_in_openapi(app: FastAPI) -> None:
    schema = TestClient(app).get("/api/v1/openapi.json").json()
    documented = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    for method, path in ROUTES:
        if path.startswith(("/api/v1/", "/taxii2/")):
            assert (method, path) in documented, f"{method} {path} is not in the OpenAPI document"
        else:
            assert path in HTML_PAGES
            assert (method, path) not in documented, f"HTML page {method} {path} in the schema"
    assert documented <= set(ROUTES)
