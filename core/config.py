"""Deployment configuration from the environment (12-factor style), read in one place.

| variable | meaning | default |
|---|---|---|
| DATABASE_URL | SQLAlchemy URL (``postgresql+psycopg://user@host/db``) | SQLite under data/ |
| PETITION_MODE | ``demo`` or ``production`` | demo on SQLite default, else production |
| PETITION_COOKIE_KEY | secret for the sign-in cookie, >= 32 characters | generated in demo mode |
| PETITION_ADMIN_USER / PETITION_ADMIN_PASSWORD | first admin, created if no user exists | none |
| PETITION_DEMO_SEED / PETITION_DEMO_ITEMS | demo district generator inputs | 2026 / 3000 |
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'petition.db'}"
MIN_COOKIE_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class AppConfig:
    database_url: str
    demo_mode: bool
    cookie_key: str
    admin_user: str | None = None
    admin_password: str | None = None
    demo_seed: int = 2026
    demo_items: int = 3000
    cookie_name: str = "petition_console_auth"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AppConfig:
        env = os.environ if env is None else env
        url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
        mode = env.get("PETITION_MODE") or ("demo" if url == DEFAULT_DATABASE_URL else "production")
        if mode not in {"demo", "production"}:
            raise ConfigError(f"PETITION_MODE must be 'demo' or 'production', not {mode!r}")
        demo = mode == "demo"
        return cls(
            database_url=url,
            demo_mode=demo,
            cookie_key=_cookie_key(env, demo),
            admin_user=env.get("PETITION_ADMIN_USER") or None,
            admin_password=env.get("PETITION_ADMIN_PASSWORD") or None,
            demo_seed=_int(env, "PETITION_DEMO_SEED", 2026),
            demo_items=_int(env, "PETITION_DEMO_ITEMS", 3000),
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, not {raw!r}") from None


def _cookie_key(env: Mapping[str, str], demo: bool) -> str:
    key = env.get("PETITION_COOKIE_KEY", "")
    if key:
        if len(key) < MIN_COOKIE_KEY_LENGTH:
            raise ConfigError(
                f"PETITION_COOKIE_KEY must be at least {MIN_COOKIE_KEY_LENGTH} characters"
            )
        return key
    if not demo:
        raise ConfigError("production mode needs PETITION_COOKIE_KEY (at least 32 characters)")
    # Demo: a key kept beside the embedded database, so sign-ins survive a restart.
    path = DATA_DIR / "cookie.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
