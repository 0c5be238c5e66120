"""HTML pages: the node's front page and sign-in, and what every page shares (`render`,
`signed_in`). Jinja2 autoescapes everything rendered; the pages' own routes live in the
`pages_*` modules, one per area of the workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from cordon.lists import status as list_status
from cordon.policy import Principal
from cordon.web.auth import SESSION_COOKIE, _same_origin, public

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")


def render(
    request: Request,
    template: str,
    principal: Principal,
    nav: str = "",
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page with the signed-in principal (`me`) and the current navigation entry."""
    return templates.TemplateResponse(
        request, template, {"me": principal, "nav": nav, **context}, status_code=status_code
    )


def signed_in(request: Request, principal: Principal) -> RedirectResponse | None:
    """Pages for partners send everyone else to sign in, then back to where they were."""
    if principal.is_partner:
        return None
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def not_found(request: Request, principal: Principal, what: str) -> HTMLResponse:
    """Hidden and missing answer alike."""
    return render(request, "not_found.html", principal, status_code=404, what=what)


def _safe_next(target: str | None) -> str:
    """Only a path on this node: never an absolute or scheme-relative URL (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def index(request: Request, principal: Principal = Depends(public)) -> HTMLResponse:
        store = request.app.state.store
        rows = list_status.status(store, principal)
        store.audit(principal, "page.index", "/", {})
        return render(
            request, "index.html", principal, datasets=rows, agencies=store.agencies(principal)
        )

    @pages.get("/login", response_class=HTMLResponse)
    def login_form(
        request: Request, next: str | None = None, principal: Principal = Depends(public)
    ) -> HTMLResponse:
        return render(request, "login.html", principal, error=None, next=_safe_next(next))

    @pages.post("/login", response_model=None)
    def login(
        request: Request,
        email: Annotated[str, Form(max_length=255)],
        password: Annotated[str, Form(max_length=1024)],
        next: Annotated[str, Form(max_length=2000)] = "/",
        principal: Principal = Depends(public),
    ) -> Response:
        if not _same_origin(request):
            return Response("cross-origin sign-in refused", status_code=403)
        token = request.app.state.store.login(email, password)
        if token is None:
            return render(
                request,
                "login.html",
                principal,
                status_code=401,
                error="Unknown email or wrong password.",
                next=_safe_next(next),
            )
        response = RedirectResponse(_safe_next(next), status_code=303)
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
