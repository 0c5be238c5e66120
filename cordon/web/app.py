"""FastAPI application: the UI pages, `/api/v1/` and `/taxii2/`, each route behind one access
rule from `cordon.web.auth`. Routes call services and the store's principal-taking methods."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cordon import __version__, config
from cordon.audit.nodekey import NodeKey
from cordon.policy import SYSTEM
from cordon.sharing import stix
from cordon.store import Store
from cordon.web import (
    api,
    documents,
    graph,
    pages,
    pages_analysis,
    pages_search,
    pages_workspace,
    screening,
    screenings,
    sharing,
    sync,
    taxii,
    workspace,
)
from cordon.web.screening_jobs import Jobs

HERE = Path(__file__).resolve().parent


def create_app(store: Store | None = None) -> FastAPI:
    app = FastAPI(
        title="cordon",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.store = store or Store()
    app.state.node_key = NodeKey.load_or_create(config.node_key_path())
    app.state.node_identity = stix.NodeIdentity(
        node=config.node_name(), agency=config.node_agency()
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router())
    app.include_router(api.router())
    app.include_router(sharing.router())
    screeners = app.state.screeners = screening.ScreenerCache(app.state.store)
    app.include_router(screening.router(screeners))
    app.include_router(documents.router(screeners))
    app.include_router(taxii.router())
    app.include_router(sync.router())
    app.include_router(graph.router())
    jobs = Jobs(app.state.store, screeners)
    app.include_router(pages_search.router())
    app.include_router(pages_workspace.router())
    app.include_router(pages_analysis.router(jobs))
    app.include_router(workspace.router())
    app.include_router(screenings.router(jobs))
    return app


def create_served_app() -> FastAPI:
    """The app as `cordon serve` runs it, once per worker process: the screening engine is
    loaded before the worker takes its first request (seconds, from the persisted index), so
    no user's request waits for it, and no worker answers slowly while its peers are warm."""
    app = create_app()
    app.state.screeners.get(SYSTEM)
    return app
