"""FastAPI application. Routes call services and the store's principal-taking reads only."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from cordon import __version__
from cordon.lists import status as list_status
from cordon.policy import SYSTEM
from cordon.store import Store
from cordon.web import screening

HERE = Path(__file__).resolve().parent


def create_app(store: Store | None = None) -> FastAPI:
    app = FastAPI(
        title="cordon",
        version=__version__,
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
    )
    app.state.store = store or Store()
    templates = Jinja2Templates(directory=HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # Until sign-in arrives (sharing issue), the web reads as the anonymous public principal:
    # it sees official, TLP:CLEAR list data only.
    principal = SYSTEM

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request) -> HTMLResponse:
        rows = list_status.status(app.state.store, principal)
        agencies = app.state.store.agencies()
        return templates.TemplateResponse(
            request, "index.html", {"datasets": rows, "agencies": agencies}
        )

    @app.get("/api/v1/datasets")
    def datasets() -> list[dict]:
        return list_status.status(app.state.store, principal)

    app.include_router(screening.router(screening.ScreenerCache(app.state.store), principal))

    @app.get("/api/v1/entities/{ref}")
    def entity(ref: str) -> dict:
        found = app.state.store.entity(principal, ref)
        if found is None:
            raise HTTPException(status_code=404, detail="not found")
        return found.to_dict()

    return app
