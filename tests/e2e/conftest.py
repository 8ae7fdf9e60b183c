"""A real console server and Debian's Chromium for end-to-end tests.

Skipped with a reason when /usr/bin/chromium is missing (`apt-get install chromium`);
browser downloads are impossible here, so Playwright drives the system browser.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_consoles(
    database_url: str, count: int = 1, prefix: Sequence[str] = ()
) -> Iterator[list[str]]:
    """`count` console servers (`streamlit run console/app.py`, demo mode) on free ports
    against one database, started together; yields their base URLs. `prefix` goes before
    the server's command (e.g. `faketime -f ...` to pin its clock)."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        PETITION_MODE="demo",
        PETITION_COOKIE_KEY="e2e-" + "k" * 40,
    )
    servers: list[tuple[str, subprocess.Popen]] = []
    try:
        for _ in range(count):
            port = _free_port()
            server = subprocess.Popen(
                [
                    *prefix,
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(ROOT / "console" / "app.py"),
                    "--server.headless=true",
                    f"--server.port={port}",
                    "--server.address=127.0.0.1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            servers.append((f"http://127.0.0.1:{port}", server))
        deadline = time.monotonic() + 60
        for base, server in servers:
            while time.monotonic() < deadline:
                try:
                    if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                server.kill()
                pytest.fail(f"console did not start: {server.stderr.read().decode()[-2000:]}")
        yield [base for base, _ in servers]
    finally:
        for _, server in servers:
            server.terminate()
        for _, server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="session")
def console_url(demo_database_url):
    with serve_consoles(demo_database_url) as (base,):
        yield base


@pytest.fixture(scope="session")
def postgres_demo_url(postgres_url) -> Iterator[str]:
    """A small demo district on PostgreSQL, in a database of its own beside the session's
    (which other tests expect empty), dropped afterwards. Skips like `postgres_url`."""
    from core.config import AppConfig
    from core.startup import migrate_and_prepare, seed_demo_district
    from db.session import Database
    from tests.conftest import DEMO_ITEMS_FOR_TESTS, DEMO_TODAY

    server = make_url(postgres_url)
    name = f"{server.database}_demo"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        config = AppConfig(
            database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=DEMO_ITEMS_FOR_TESTS
        )
        database = Database.connect(url)
        migrate_and_prepare(database, config)
        seed_demo_district(database, config, today=DEMO_TODAY)
        database.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Pages in contexts of their own (separate cookies: separate users), closed after."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
