"""Demo principals for `make run`: two partner agencies, one analyst each."""

from __future__ import annotations

from cordon.store import Store

DEMO_AGENCIES = [
    ("USA", "US Department of the Treasury (demo)", "us", "analyst@usa.example"),
    ("MYS", "Royal Malaysian Customs (demo)", "my", "analyst@mys.example"),
]


def create_demo(store: Store) -> list[str]:
    lines = []
    for code, name, country, email in DEMO_AGENCIES:
        created = store.add_agency(code, name, country)
        store.add_user(email, code, "analyst")
        lines.append(f"agency {code} ({'created' if created else 'exists'}), analyst {email}")
    return lines
