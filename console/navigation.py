"""The page registry: every page file, its URL and icon; access comes from `core.access`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"


@dataclass(frozen=True)
class PageSpec:
    key: str  # also the access key in core.access.PAGE_ROLES and the i18n key nav.<key>
    file: str
    icon: str
    public: bool = False  # needs no sign-in

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "overview.py", ":material/dashboard:"),
    PageSpec("intake", "intake.py", ":material/edit_note:"),
    PageSpec("queue", "queue.py", ":material/inbox:"),
    PageSpec("deadlines", "deadlines.py", ":material/alarm:"),
    PageSpec("packaged", "packaged.py", ":material/flag:"),
    PageSpec("roster", "roster.py", ":material/badge:"),
    PageSpec("coverage", "coverage.py", ":material/map:"),
    PageSpec("users", "users.py", ":material/manage_accounts:"),
    PageSpec("units", "units.py", ":material/account_tree:"),
    PageSpec("places", "places.py", ":material/location_city:"),
    PageSpec("progress", "progress.py", ":material/search:", public=True),
)
