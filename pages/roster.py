"""Agent roster (issue 5): search and filter, the agent page, add and edit, status,
training, Excel/CSV import, performance and the bonus ledger. Bodies live in
`console/views/roster/`; this file only checks access, loads the places and routes tabs."""

import streamlit as st

from console import runtime
from console.i18n import current_language, t
from console.views.roster import add, detail, listing, performance, training, transfer
from console.views.roster.common import keep_state
from core.access import may
from core.agents.search import AgentFilter, search_agents
from core.places import places
from core.vocab import AgentStatus

user = runtime.require_page("roster")
keep_state()
today = runtime.office_today()
with runtime.database().read() as session:
    place_list = places(session)
    counts = search_agents(session, page_size=1).total
    active = search_agents(session, AgentFilter(status=AgentStatus.ACTIVE), page_size=1).total

st.title(t("roster_page.title"))
st.caption(t("roster_page.caption", total=counts, active=active))

TABS = ["roster", "detail"]
if may(user, "roster.edit"):
    TABS.append("add")
TABS.append("training")
if may(user, "roster.import"):
    TABS.append("import")
TABS.append("performance")

# One tab runs at a time (lazy tabs); the key carries the language so labels always match.
tab_key = f"rp_tab_{current_language()}"
labels = {name: t(f"roster_page.tab.{name}") for name in TABS}
tabs = dict(zip(TABS, st.tabs(list(labels.values()), key=tab_key, on_change="rerun"), strict=True))

if tabs["roster"].open:
    with tabs["roster"]:
        listing.render(place_list, (tab_key, labels["detail"]))
if tabs["detail"].open:
    with tabs["detail"]:
        detail.render(user, place_list, today)
if "add" in tabs and tabs["add"].open:
    with tabs["add"]:
        add.render(user, place_list, today)
if tabs["training"].open:
    with tabs["training"]:
        training.render(user, today)
if "import" in tabs and tabs["import"].open:
    with tabs["import"]:
        transfer.render(user)
if tabs["performance"].open:
    with tabs["performance"]:
        performance.render(user, today)
