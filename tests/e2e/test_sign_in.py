"""Sign-in in a real browser: deep links are guarded and the session survives a reload."""

import pytest

from tests.e2e.browser import settle, shot, sign_in

pytestmark = pytest.mark.e2e


def test_deep_link_needs_sign_in_and_the_session_survives_a_reload(page, console_url):
    page.goto(f"{console_url}/deadlines")
    settle(page)
    page.get_by_role("textbox", name="密码").wait_for()
    assert page.locator('[data-testid="stMetric"]').count() == 0, "the page ran signed out"
    shot(page, "sign-in")

    sign_in(page, "supervisor")
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    assert "/deadlines" in page.url
    shot(page, "deadlines")

    page.reload()
    settle(page)
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=30_000)
    assert page.get_by_role("textbox", name="密码").count() == 0


def test_a_wrong_password_says_so(page, console_url):
    page.goto(console_url)
    settle(page)
    sign_in(page, "clerk", "not-the-password")
    page.get_by_text("用户名或密码不正确").wait_for(timeout=15_000)
