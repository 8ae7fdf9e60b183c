"""Helpers for driving the console in Chromium."""

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def settle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (typing earlier loses input)."""
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout)


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
