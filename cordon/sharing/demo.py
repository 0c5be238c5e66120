"""Demo principals for `make run`: two partner agencies, an analyst and a releaser each.

The demo password is public (README) on purpose: it exists so a first-time user can sign in to a
node on their own machine. Production nodes create users with `cordon users add`.
"""

from __future__ import annotations

from cordon.store import Store

DEMO_PASSWORD = "cordon-demo"
DEMO_AGENCIES = [
    ("USA", "US Department of the Treasury (demo)", "us"),
    ("MYS", "Royal Malaysian Customs (demo)", "my"),
]


def create_demo(store: Store) -> list[str]:
    lines = []
    for code, name, country in DEMO_AGENCIES:
        created = store.add_agency(code, name, country)
        lines.append(f"agency {code} ({'created' if created else 'exists'})")
        for role in ("analyst", "releaser"):
            email = f"{role}@{code.lower()}.example"
            if store.add_user(email, code, role, password=DEMO_PASSWORD):
                lines.append(f"  {role} {email} (password {DEMO_PASSWORD!r})")
    return lines
