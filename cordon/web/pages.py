"""HTML pages: the node's front page and sign-in. Jinja2 autoescapes everything rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from cordon.lists import status as list_status
from cordon.policy import Principal
from cordon.web.auth import SESSION_COOKIE, _same_origin, public

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def index(request: Request, principal: Principal = Depends(public)) -> HTMLResponse:
        store = request.app.state.store
        rows = list_status.status(store, principal)
        store.audit(principal, "page.index", "/", {})
        context = {"datasets": rows, "agencies": store.agencies(principal), "me": principal}
        return templates.TemplateResponse(request, "index.html", context)

    @pages.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, _: Principal = Depends(public)) -> HTMLResponse:
        return templates.TemplateResponse(request, "login.html", {"error": None})

    @pages.post("/login", response_model=None)
    def login(
        request: Request,
        email: Annotated[str, Form(max_length=255)],
        password: Annotated[str, Form(max_length=1024)],
        _: Principal = Depends(public),
    ) -> Response:
        if not _same_origin(request):
            return Response("cross-origin sign-in refused", status_code=403)
        token = request.app.state.store.login(email, password)
        if token is None:
            context = {"error": "Unknown email or wrong password."}
            return templates.TemplateResponse(request, "login.html", context, status_code=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            SESSION_COOKIE, token, httponly=True, samesite="strict", secure=_https(request)
        )
        return response

    @pages.post("/logout")
    def logout(request: Request, _: Principal = Depends(public)) -> RedirectResponse:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            request.app.state.store.logout(token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    return pages


def _https(request: Request) -> bool:
    return request.url.scheme == "https"
