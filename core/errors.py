"""Errors that use cases raise for the user to read.

Each carries a message key from the i18n catalogs plus parameters, so the shell can say it
in the user's language; `field` names the form field it belongs next to, if any.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


class UserError(Exception):
    """A request the rules refuse: nothing was changed."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.params = params


class ConcurrentEditError(UserError):
    """Somebody else changed the record since it was loaded."""

    def __init__(self) -> None:
        super().__init__("error.concurrent_edit")


@dataclass
class ValidationErrors(Exception):
    """Several field errors at once, so a form can show each next to its field."""

    errors: list[UserError] = dc_field(default_factory=list)

    def add(self, key: str, field: str | None = None, **params: Any) -> None:
        self.errors.append(UserError(key, field, **params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise self
