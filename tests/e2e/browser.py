"""Helpers for driving the console in Chromium."""

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def settle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (typing earlier loses input)."""
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout)


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, username: str, password: str = "demo12345") -> None:
    page.get_by_role("textbox", name="用户名").fill(username)
    page.get_by_role("textbox", name="密码").fill(password)
    page.get_by_role("button", name="登录").click()
    settle(page)


def open_case(page, case_number: str) -> None:
    """Open a matter on the queue page by typing its case number into the lookup (typed
    again if a rerun still under way swallowed it)."""
    heading = page.get_by_role("heading").filter(has_text=case_number).first
    for _attempt in range(3):
        settle(page)
        lookup = page.get_by_role("textbox", name="案号查询")
        lookup.fill(case_number)
        lookup.press("Enter")
        settle(page)
        try:
            heading.wait_for(timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - typed during a rerun: type it again
            continue


def widget(page, key: str):
    """The element of the widget with this Streamlit key (rendered as class st-key-<key>)."""
    return page.locator(f".st-key-{key}")
