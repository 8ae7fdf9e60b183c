"""Entry point: `streamlit run console/app.py` (or `petition-console run`).

A thin router: set up the page, resolve the signed-in user, register the pages that
user's role may open and run the selected one. Signed out, every page is registered
hidden so deep links land on the sign-in form instead of running the page.
"""

from __future__ import annotations

import threading

import streamlit as st

from console import auth, runtime, shell
from console.i18n import t
from console.navigation import PAGES, PageSpec
from console.widgets import progress_reporter
from core.access import may_open
from core.startup import needs_demo_seed, seed_demo_district
from core.users import UserView


def _page(spec: PageSpec, *, default: bool = False) -> st.Page:
    return st.Page(
        spec.path,
        title=t(f"nav.{spec.key}"),
        icon=spec.icon,
        url_path=spec.key,
        default=default,
    )


def _navigation(user: UserView | None) -> tuple[st.Page, dict[str, st.Page]]:
    """The selected page and the registered ones by key (all of them, hidden, signed out)."""
    if user is None:
        specs = list(PAGES)
    else:
        specs = [spec for spec in PAGES if spec.public or may_open(user.role, spec.key)]
    pages = {spec.key: _page(spec, default=i == 0) for i, spec in enumerate(specs)}
    position = "hidden" if user is None else "sidebar"
    return st.navigation(list(pages.values()), position=position), pages


def _sign_in_screen(authenticator, handed_over, pages: dict[str, st.Page]) -> UserView | None:
    st.title(t("app.title"))
    st.caption(t("app.tagline"))
    for spec in PAGES:
        if spec.public:
            st.page_link(pages[spec.key], label=t(f"nav.{spec.key}"), icon=spec.icon)
    if runtime.config().demo_mode:
        from db.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

        st.info(t("auth.demo_notice", password=DEMO_PASSWORD))
        st.table(
            {
                t("auth.username"): [a[0] for a in DEMO_ACCOUNTS],
                t("auth.role"): [t(f"Role.{a[1]}") for a in DEMO_ACCOUNTS],
            }
        )
    return auth.sign_in_form(authenticator, handed_over)


def main() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon="📮", layout="wide")
    _ensure_demo_district()
    shell.language_switch()
    authenticator, handed_over = auth.authenticator()
    user = auth.resolve_user()
    page, pages = _navigation(user)
    spec = next((s for s in PAGES if s.key == page.url_path), None) or PAGES[0]
    if user is None and not spec.public:
        user = _sign_in_screen(authenticator, handed_over, pages)
        if user is None:
            return
    if user is not None:
        if auth.password_gate(user):  # a temporary password is changed before anything else
            auth.sign_out_button(authenticator)
            return
        shell.render(user, lambda: auth.sign_out_button(authenticator))
    page.run()


@st.cache_resource
def _seeding_lock() -> threading.Lock:
    return threading.Lock()


def _ensure_demo_district() -> None:
    """First start in demo mode: fill the demo district, with a progress bar.

    The lock keeps two browsers opened at the same moment from seeding twice.
    """
    config, database = runtime.config(), runtime.database()
    if not needs_demo_seed(database, config):
        return
    with _seeding_lock():
        if needs_demo_seed(database, config):
            bar = st.progress(0.0, text=t("shell.seeding"))
            seed_demo_district(database, config, progress=progress_reporter(bar))
            bar.empty()


main()
