"""Where the shared, read-only test data lives: beside the repository, never copied into it."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LISTS = SHARED / "data" / "lists"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

if not LISTS.is_dir():
    raise RuntimeError(f"shared test data not found at {LISTS}: the tests read it in place")
