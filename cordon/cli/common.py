"""What every command shares: the store, the principal it reads as, and error reporting."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from cordon.lists.errors import LoadError
from cordon.policy import SYSTEM, Principal
from cordon.store import Store

# Piped output (logs, CI) gets wide tables instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True, soft_wrap=True)


def open_store() -> Store:
    return Store()


def principal_for(store: Store, email: str | None) -> Principal:
    """`--as EMAIL` (or CORDON_USER) reads as that user; otherwise only public data is shown."""
    email = email or os.environ.get("CORDON_USER")
    if not email:
        return SYSTEM
    principal = store.principal(email)
    if principal is None:
        errors.print(f"[red]error:[/] no user {email!r} (create one with `cordon demo`)")
        raise typer.Exit(2)
    return principal


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the errors users can cause into one clear line and a non-zero exit."""
    try:
        yield
    except LoadError as exc:
        errors.print(f"[red]error:[/] {exc}", highlight=False, markup=True)
        errors.print("nothing was changed.")
        raise typer.Exit(1) from None
