"""Long work speaks the user's language: every stage the demo seeding and the clock rebuild
report is a catalog key with Chinese text, never a raw key or an English stage name."""

import re

from console.i18n import catalogs, translate
from core.config import AppConfig
from core.startup import migrate_and_prepare, seed_demo_district
from db.session import Database
from tests.conftest import DEMO_TODAY


def test_seeding_reports_its_stages_in_chinese(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    config = AppConfig(database_url=url, demo_mode=True, cookie_key="k" * 40, demo_items=150)
    database = Database.connect(url)
    migrate_and_prepare(database, config)
    messages: list[str] = []
    seed_demo_district(
        database, config, today=DEMO_TODAY, progress=lambda _f, message: messages.append(message)
    )
    database.dispose()
    assert messages, "the seeding reports its progress"
    zh = catalogs()["zh"]
    for message in set(messages):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", message):
            continue  # a day of the simulated office
        assert message in zh, f"stage {message!r} has no catalog text"
        assert not re.search(r"[A-Za-z]", translate(message, "zh")), message
