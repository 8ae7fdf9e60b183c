"""Two console servers on two ports against one PostgreSQL (issue #15): what one process
writes the other sees and edits, and a stale page on either is refused, not overwriting.

PostgreSQL only (the embedded SQLite database is one file for one server): skipped with a
reason without TEST_DATABASE_URL or without Debian's Chromium. Select with `-k postgresql`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.vocab import MatterState
from db.models import Matter, MatterEvent
from db.session import Database
from tests.demo_data import new_matter
from tests.e2e.browser import open_case, settle, shot, sign_in, widget
from tests.e2e.conftest import serve_consoles

pytestmark = pytest.mark.e2e

CONCURRENT = "已被他人修改"  # in t("error.concurrent_edit")
STARTED, REPLIED = "已开始办理。", "答复已录入。"  # t("queue.started"), t("queue.replied")
REPLY_A = "甲服务器：已派员现场核实，路灯三日内修复。"
REPLY_B = "乙服务器：此答复基于过时页面，不应保存。"


def _matter(url: str, matter_id: int) -> tuple[Matter, list[str]]:
    database = Database.connect(url)
    with database.read() as s:
        matter = s.get(Matter, matter_id)
        s.expunge(matter)
        kinds = list(
            s.scalars(
                select(MatterEvent.kind)
                .where(MatterEvent.matter_id == matter_id)
                .order_by(MatterEvent.id)
            )
        )
    database.dispose()
    return matter, kinds


def _queue(new_page, base: str, username: str):
    page = new_page()
    page.goto(f"{base}/queue")
    settle(page)
    sign_in(page, username)
    page.get_by_role("textbox", name="案号查询").wait_for(timeout=30_000)
    return page


def _shows(page, case: str, state: str, text: str | None = None) -> None:
    """The opened matter's record reads "<case> · <state>" (and shows `text`)."""
    record = page.get_by_role("heading").filter(has_text=f"{case} · {state}")
    record.first.wait_for(timeout=15_000)
    if text is not None:
        shown = page.locator('[data-testid="stMarkdownContainer"]').get_by_text(text)
        shown.first.wait_for(timeout=15_000)


def _click(page, key: str) -> None:
    widget(page, key).locator("button").click()


def test_two_servers_share_one_postgresql(browser, postgres_demo_url, new_page):
    case, matter_id = new_matter(postgres_demo_url, MatterState.ASSIGNED)
    summary = _matter(postgres_demo_url, matter_id)[0].summary
    with serve_consoles(postgres_demo_url, count=2) as (server_a, server_b):
        assert server_a != server_b
        a = _queue(new_page, server_a, "clerk")
        b = _queue(new_page, server_b, "admin")

        # registered elsewhere (core, as the intake page does), visible on A and on B
        open_case(a, case)
        _shows(a, case, "已交办", summary)
        open_case(b, case)
        _shows(b, case, "已交办", summary)

        # editable through B: start handling; the database holds it at once
        _click(b, f"qu_start_{matter_id}")
        b.get_by_text(STARTED).first.wait_for(timeout=15_000)
        _shows(b, case, "办理中")
        matter, kinds = _matter(postgres_demo_url, matter_id)
        assert matter.state is MatterState.IN_HANDLING
        version = matter.version

        # A's copy is stale until it reloads; then both show the matter as it now stands
        _click(a, "qu_refresh")
        _shows(a, case, "办理中")

        # A replies first; B, still showing the version before A's reply, is refused
        widget(a, f"qu_reply_{matter_id}").locator("textarea").fill(REPLY_A)
        _click(a, f"qu_do_reply_{matter_id}")
        a.get_by_text(REPLIED).first.wait_for(timeout=15_000)
        shot(a, "two-servers-a-replied")

        widget(b, f"qu_reply_{matter_id}").locator("textarea").fill(REPLY_B)
        _click(b, f"qu_do_reply_{matter_id}")
        b.get_by_text(CONCURRENT).first.wait_for(timeout=15_000)
        _shows(b, case, "已答复", REPLY_A)  # B now shows A's reply, its own is gone
        shot(b, "two-servers-b-refused")

    matter, after = _matter(postgres_demo_url, matter_id)
    assert matter.state is MatterState.REPLIED
    assert matter.reply_text == REPLY_A
    assert matter.version == version + 1, "B's stale reply changed nothing"
    assert len(after) == len(kinds) + 1, (kinds, after)
