"""Deployment configuration from the environment (12-factor style), read in one place.

| variable | meaning | default |
|---|---|---|
| DATABASE_URL | SQLAlchemy URL (``postgresql+psycopg://user@host/db``) | SQLite under data/ |
| PETITION_MODE | ``demo`` or ``production`` | demo on SQLite default, else production |
| PETITION_COOKIE_KEY | secret for the sign-in cookie, >= 32 characters | generated in demo mode |
| PETITION_ADMIN_USER / PETITION_ADMIN_PASSWORD | first admin, created if no user exists | none |
| PETITION_DEMO_SEED / PETITION_DEMO_ITEMS | demo district generator inputs | 2026 / 3000 |
| PETITION_LOOKUP_KEY | secret of the query-code hashes, >= 32 characters | generated in demo mode |
| PETITION_TRUSTED_PROXY | 1: take the client address from X-Forwarded-For / X-Real-IP | off |
| PETITION_DB_POOL_SIZE / _MAX_OVERFLOW / _POOL_TIMEOUT | PostgreSQL pool per process:
  kept connections, extra ones under load, seconds to wait | 20 / 10 / 30 |
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
MIN_LOOKUP_KEY_LENGTH = 32
_TRUE = frozenset({"1", "true", "yes", "on"})


class ConfigError(RuntimeError):
    """A setting is missing or wrong. The text is English (logs); `key` and `params` let
    the command line say it in the operator's language (``config.*`` in the catalogs)."""

    def __init__(self, message: str, key: str = "", **params) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class AppConfig:
    database_url: str
    demo_mode: bool
    #: As set (PETITION_COOKIE_KEY); only serving pages needs it: `require_cookie_key`.
    cookie_key: str | None = None
    admin_user: str | None = None
    admin_password: str | None = None
    demo_seed: int = 2026
    demo_items: int = 3000
    cookie_name: str = "petition_console_auth"
    #: The request's X-Forwarded-For / X-Real-IP name the client (the office's reverse proxy
    #: sets them); off, they are ignored, as anyone could send them.
    trusted_proxy: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AppConfig:
        env = os.environ if env is None else env
        demo = _demo_mode(env)
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            demo_mode=demo,
            cookie_key=env.get("PETITION_COOKIE_KEY") or None,
            trusted_proxy=(env.get("PETITION_TRUSTED_PROXY") or "").strip().lower() in _TRUE,
            admin_user=env.get("PETITION_ADMIN_USER") or None,
            admin_password=env.get("PETITION_ADMIN_PASSWORD") or None,
            demo_seed=_int(env, "PETITION_DEMO_SEED", 2026),
            demo_items=_int(env, "PETITION_DEMO_ITEMS", 3000),
        )


def _demo_mode(env: Mapping[str, str]) -> bool:
    url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    mode = env.get("PETITION_MODE") or ("demo" if url == DEFAULT_DATABASE_URL else "production")
    if mode not in {"demo", "production"}:
        raise ConfigError(
            f"PETITION_MODE must be 'demo' or 'production', not {mode!r}",
            "config.bad_mode",
            value=mode,
        )
    return mode == "demo"


def lookup_key(env: Mapping[str, str] | None = None) -> bytes:
    """The server secret of the query-code hashes (PETITION_LOOKUP_KEY).

    Without it a copy of the database cannot be checked against candidate codes. Demo mode
    keeps a generated key beside the embedded database; production requires the variable.
    Changing the key makes every stored query code unusable."""
    env = os.environ if env is None else env
    key = env.get("PETITION_LOOKUP_KEY", "")
    if key:
        if len(key) < MIN_LOOKUP_KEY_LENGTH:
            raise ConfigError(
                f"PETITION_LOOKUP_KEY must be at least {MIN_LOOKUP_KEY_LENGTH} characters",
                "config.lookup_key_short",
                n=MIN_LOOKUP_KEY_LENGTH,
            )
        return key.encode()
    if not _demo_mode(env):
        raise ConfigError(
            "production mode needs PETITION_LOOKUP_KEY (at least 32 characters)",
            "config.lookup_key_missing",
            n=MIN_LOOKUP_KEY_LENGTH,
        )
    return _demo_secret("lookup.key").encode()


def _demo_secret(name: str) -> str:
    """A secret kept beside the embedded database, so it survives a restart."""
    path = DATA_DIR / name
    if not path.exists():  # written aside and linked: a concurrent start never reads half
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        draft = DATA_DIR / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        draft.write_text(secrets.token_urlsafe(48))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def require_cookie_key(config: AppConfig) -> str:
    """The sign-in cookie's secret, checked when pages are served (`run`, the app) only:
    the other commands (db upgrade, imports, digests …) serve no page and do not ask."""
    return _cookie_key({"PETITION_COOKIE_KEY": config.cookie_key or ""}, config.demo_mode)


def require_lookup_key(config: AppConfig, env: Mapping[str, str] | None = None) -> None:
    """Serving pages in production needs PETITION_LOOKUP_KEY (`lookup_key`): checked when
    the console starts, so a missing key is a clear message then, not an error on the first
    registration or public lookup. Demo mode keeps its generated key (made when first used)."""
    env = os.environ if env is None else env
    if not config.demo_mode or env.get("PETITION_LOOKUP_KEY"):
        lookup_key({**env, "PETITION_MODE": "demo" if config.demo_mode else "production"})


@dataclass(frozen=True)
class PoolOptions:
    """A PostgreSQL engine's connection pool (per process). Each signed-in user's action
    holds one connection for its short transaction: size it for the staff who act at the
    same moment on one server (SQLAlchemy's own 5 + 10 made 20 busy staff wait 30 s)."""

    pool_size: int = 20
    max_overflow: int = 10
    pool_timeout: int = 30


def pool_options(env: Mapping[str, str] | None = None) -> PoolOptions:
    """PETITION_DB_POOL_SIZE, PETITION_DB_MAX_OVERFLOW, PETITION_DB_POOL_TIMEOUT (seconds)."""
    env = os.environ if env is None else env
    defaults = PoolOptions()
    options = PoolOptions(
        pool_size=_int(env, "PETITION_DB_POOL_SIZE", defaults.pool_size),
        max_overflow=_int(env, "PETITION_DB_MAX_OVERFLOW", defaults.max_overflow),
        pool_timeout=_int(env, "PETITION_DB_POOL_TIMEOUT", defaults.pool_timeout),
    )
    for name, value, low in (
        ("PETITION_DB_POOL_SIZE", options.pool_size, 1),
        ("PETITION_DB_MAX_OVERFLOW", options.max_overflow, 0),
        ("PETITION_DB_POOL_TIMEOUT", options.pool_timeout, 1),
    ):
        if value < low:
            raise ConfigError(
                f"{name} must be an integer of at least {low}, not {value}",
                "config.int_too_small",
                name=name,
                value=value,
                low=low,
            )
    return options


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(
            f"{name} must be an integer, not {raw!r}", "config.bad_int", name=name, value=raw
        ) from None


def _cookie_key(env: Mapping[str, str], demo: bool) -> str:
    key = env.get("PETITION_COOKIE_KEY", "")
    if key:
        if len(key) < MIN_COOKIE_KEY_LENGTH:
            raise ConfigError(
                f"PETITION_COOKIE_KEY must be at least {MIN_COOKIE_KEY_LENGTH} characters",
                "config.cookie_key_short",
                n=MIN_COOKIE_KEY_LENGTH,
            )
        return key
    if not demo:
        raise ConfigError(
            "production mode needs PETITION_COOKIE_KEY (at least 32 characters)",
            "config.cookie_key_missing",
            n=MIN_COOKIE_KEY_LENGTH,
        )
    return _demo_secret("cookie.key")  # sign-ins survive a restart
