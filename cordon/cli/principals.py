"""`cordon agencies`, `cordon users`, `cordon keys`: the node operator's administration.

Whoever runs these has the node's database in hand, so they act as the node's administrator;
every change is written to the audit log all the same.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from cordon.cli.common import console, errors, open_store
from cordon.policy import NODE_ADMIN
from cordon.store.principals import PrincipalError

agencies_app = typer.Typer(help="Partner agencies on this node.", no_args_is_help=True)
users_app = typer.Typer(help="Users of the partner agencies.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys (Authorization: Bearer <key>).", no_args_is_help=True)


def _refused(exc: Exception) -> typer.Exit:
    errors.print(f"[red]error:[/] {exc}", highlight=False)
    return typer.Exit(1)


@agencies_app.command("add")
def agencies_add(
    code: Annotated[str, typer.Argument(help="Agency code, e.g. USA, MYS, GBR-OFSI")],
    name: Annotated[str | None, typer.Option(help="Full name")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2 country")] = None,
) -> None:
    """Add a partner agency."""
    try:
        created = open_store().add_agency(code, name or code.upper(), country)
    except PrincipalError as exc:
        raise _refused(exc) from None
    console.print(f"agency {code.upper()} {'added' if created else 'exists already'}")


@agencies_app.command("list")
def agencies_list() -> None:
    """The partnership on this node."""
    store = open_store()
    table = Table(title="Agencies")
    for col in ("code", "name", "country"):
        table.add_column(col)
    for agency in store.agencies(NODE_ADMIN):
        table.add_row(agency["code"], agency["name"], agency["country"] or "")
    console.print(table)


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument()],
    agency: Annotated[str, typer.Option(help="Agency code")],
    role: Annotated[str, typer.Option(help="analyst | releaser | admin | node")] = "analyst",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a UI sign-in password from stdin")
    ] = False,
) -> None:
    """Add a user; without a password the user works through API keys only."""
    password = _password_from_stdin() if password_stdin else None
    try:
        created = open_store().add_user(email, agency, role, password=password)
    except PrincipalError as exc:
        raise _refused(exc) from None
    console.print(f"user {email.lower()} {'added' if created else 'exists already'}")


def _password_from_stdin() -> str:
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise _refused(ValueError("a password needs at least 10 characters"))
    return password


@users_app.command("password")
def users_password(email: Annotated[str, typer.Argument()]) -> None:
    """Set a user's UI sign-in password, read from stdin."""
    try:
        open_store().set_password(email, _password_from_stdin())
    except PrincipalError as exc:
        raise _refused(exc) from None
    console.print(f"password of {email.lower()} set")


@users_app.command("disable")
def users_disable(email: Annotated[str, typer.Argument()]) -> None:
    """Disable a user at once: their keys and sessions stop working."""
    try:
        open_store().disable_user(email)
    except PrincipalError as exc:
        raise _refused(exc) from None
    console.print(f"user {email.lower()} disabled")


@keys_app.command("create")
def keys_create(
    email: Annotated[str, typer.Argument()],
    days: Annotated[int, typer.Option(help="Days until the key expires")] = 90,
) -> None:
    """Create an API key; it is printed once, as the last line, and stored only hashed."""
    try:
        key = open_store().create_api_key(email, days=days)
    except PrincipalError as exc:
        raise _refused(exc) from None
    console.print(f"key for {email.lower()}, valid {days} days; store it now, it is not kept:")
    print(key)


@keys_app.command("list")
def keys_list(email: Annotated[str, typer.Argument()]) -> None:
    """A user's keys (ids only; the keys themselves are not stored)."""
    table = Table(title=f"API keys of {email}")
    for col in ("id", "created", "expires", "revoked", "last used"):
        table.add_column(col)
    for k in open_store().api_keys(email):
        table.add_row(
            k.id,
            k.created_at.isoformat(timespec="seconds"),
            k.expires_at.isoformat(timespec="seconds"),
            k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "",
            k.last_used_at.isoformat(timespec="seconds") if k.last_used_at else "",
        )
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The id shown by `keys list`")]) -> None:
    """Revoke a key at once."""
    if not open_store().revoke_api_key(key_id):
        raise _refused(ValueError(f"no active key {key_id!r}"))
    console.print(f"key {key_id} revoked")
