"""The Chinese interface shows no English (#14): every page, for every role that may open it,
rendered with AppTest; every visible text collected — titles, headers, markdown, captions,
alerts, metric labels and values, button and widget labels, placeholders, help texts,
options as formatted, table headers and text cells, tab and expander labels, the sidebar —
and each run of Latin letters checked against a short allow list.

Allowed: the names of file formats and coordinate systems (Excel, Word, CSV, WGS-84, …),
units of measure, the language switch's "English", and code-like tokens matched by pattern
(upper-case letters, digits and hyphens: case numbers' parts, agent and unit codes such as
JLP-0012 or D-PNR, query codes, quarters such as 2026Q3). The demo accounts' usernames and
password are allowed too: the trainer's script and the users page name what one types to
sign in. Raw i18n keys (dotted lower case) and snake_case names are never allowed.

The page is also run once more with every empty picker whose options are its values set to
its first choice, so the panels such a picker opens (the triage panel of a case, a packaged
matter) are checked as well.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from console.navigation import PAGES
from core.access import may_open
from core.vocab import Role
from db.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.test_app import signed_in

ROOT = Path(__file__).resolve().parents[1]

#: Words a Chinese user reads as they are.
ALLOWED_WORDS = frozenset(
    {"Excel", "Word", "CSV", "WGS-84", "GCJ-02", "BD-09", "GPS", "km", "m", "English"}
)
#: What one types to sign in to the demo district (named by the trainer's script and listed
#: on the users page): data, not interface words.
SIGN_IN_WORDS = frozenset({username for username, *_ in DEMO_ACCOUNTS} | {DEMO_PASSWORD})
#: Code-like tokens: upper-case letters, digits and hyphens (D-PNR, JLP-0012, T-500107002,
#: 500107-2026-000123, YUANDAYE, 2026Q3).
CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
#: A number with a unit of measure (15m, 1.5km).
MEASURE = re.compile(r"\d+(?:\.\d+)?(?:km|m)")
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
RAW_KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
SNAKE = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+")
#: Markup that is not shown as text: colour directives (:red[…], :orange-badge[…]),
#: material icons (:material/lock:), and the Word templates' placeholders ({{ case_number }}),
#: which an administrator types into the template exactly as shown.
MARKUP = [
    (re.compile(r":[a-z]+(?:-badge|-background)?\["), ""),
    (re.compile(r":material/[a-z_]+:"), ""),
    (re.compile(r"\{\{\s*[a-z_]+\s*\}\}"), ""),
    (re.compile(r"\.(?:docx|xlsx|csv)\b"), ""),
]
TABBED_PAGES = {"intake": "intake_tab", "roster": "rp_tab_zh"}
TEXT_FIELDS = ("label", "body", "placeholder", "help", "text", "caption")


def visible_texts(node, out: list[tuple[str, str]]) -> None:
    """(where, text) for every text a user can see under `node`."""
    if isinstance(node, Block):
        if getattr(node, "label", None):
            out.append((node.type, node.label))
        for child in node.children.values():
            visible_texts(child, out)
        return
    kind, proto = node.type, node.proto
    if kind == "arrow_data_frame" or kind == "dataframe":
        frame = node.value
        out.extend((f"{kind} header", str(c)) for c in frame.columns)
        for column in frame.columns:
            values = frame[column].dropna()
            out.extend((f"{kind} cell", v) for v in values.unique()[:300] if isinstance(v, str))
        return
    for name in TEXT_FIELDS:
        value = getattr(proto, name, None)
        if isinstance(value, str) and value:
            out.append((f"{kind}.{name}", value))
    options = getattr(proto, "options", None)
    if options is not None and not isinstance(options, str):
        for option in options:
            text = option if isinstance(option, str) else getattr(option, "content", "")
            if isinstance(text, str) and text:
                out.append((f"{kind} option", text))
    if kind == "metric":
        out.append(("metric value", str(node.value)))


def offences(text: str) -> list[str]:
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    found = []
    for token in TOKEN.findall(text):
        token = token.strip(".-")
        if not re.search(r"[A-Za-z]", token):
            continue
        if token in ALLOWED_WORDS or token in SIGN_IN_WORDS:
            continue
        if CODE.fullmatch(token) or MEASURE.fullmatch(token):
            continue
        if RAW_KEY.fullmatch(token):
            found.append(f"raw key {token!r}")
        elif SNAKE.fullmatch(token):
            found.append(f"snake_case {token!r}")
        else:
            found.append(f"Latin {token!r}")
    return found


def check(at: AppTest, where: str, problems: set[str]) -> None:
    assert not at.exception, (where, at.exception)
    texts: list[tuple[str, str]] = []
    visible_texts(at._tree, texts)
    for kind, text in texts:
        for offence in offences(text):
            problems.add(f"{where} · {kind}: {offence} in {text[:120]!r}")
    for widget in [*at.selectbox, *at.multiselect]:
        if not widget.proto.placeholder:
            problems.add(f"{where} · {widget.type} {widget.label!r}: Streamlit's English default")


def pick_first_choices(at: AppTest) -> bool:
    """Set every empty picker to its first choice: opens the panels pickers lead to."""
    picked = False
    for box in at.selectbox:
        if box.value is not None or not box.options or box.disabled:
            continue
        # AppTest sets a choice by its shown text: only pickers whose options are their
        # values (case numbers and the like) can be set this way.
        if _shows_its_value(box):
            box.select_index(0)
            picked = True
    return picked


def _shows_its_value(box) -> bool:
    try:
        return all(str(box.format_func(option)) == option for option in box.options[:3])
    except Exception:  # noqa: BLE001 - a format_func that needs the raw value
        return False


def run_views(at: AppTest, where: str, problems: set[str]) -> None:
    check(at, where, problems)
    if pick_first_choices(at):
        at.run()
        check(at, f"{where} (picked)", problems)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_the_chinese_interface_shows_no_english(console_env, role):
    problems: set[str] = set()
    for spec in PAGES:
        if not may_open(role, spec.key):
            continue
        at = signed_in(role)
        at.switch_page(str(spec.path))
        at.run()
        run_views(at, spec.key, problems)
        tab_key = TABBED_PAGES.get(spec.key)
        if tab_key is None:
            continue
        for tab in [tab.label for tab in at.tabs][1:]:
            at = signed_in(role)
            at.session_state[tab_key] = tab
            at.switch_page(str(spec.path))
            at.run()
            run_views(at, f"{spec.key} / {tab}", problems)
    assert not problems, "\n".join(sorted(problems))


@pytest.mark.parametrize(
    "text",
    [
        "Choose an option",
        "No results",
        "clocks.loaded",
        "village_id",
        "由 office.supervisor 审核",
        "合计 None",
    ],
)
def test_the_checker_catches_english_keys_and_snake_case(text):
    assert offences(text)


@pytest.mark.parametrize(
    "text",
    [
        "案件编号 500107-2026-000123 · 查询码 YUANDAYE",
        "代理员 JLP-0012 · 区规划和自然资源局（D-PNR）",
        "导出 Excel",
        "上传 Word 模板（.docx）",
        "坐标系 WGS-84、GCJ-02",
        "步行 15 分钟（约 1.2km）",
        ":red[● 已超期] :material/lock:",
        "2026Q3 已审核",
        "以 liaison_pnr 登录，密码 " + DEMO_PASSWORD,
    ],
)
def test_the_checker_allows_codes_formats_and_units(text):
    assert offences(text) == []


@pytest.mark.parametrize("role", [Role.CLERK, Role.TRAINER], ids=["clerk", "trainer"])
def test_the_triage_panel_shows_labelled_people_their_village_and_masks_per_core(console_env, role):
    from core.cases.detail import FULL_CONTACT_ROLES

    at = signed_in(role)
    at.session_state["intake_tab"] = "待导访"
    at.switch_page(str(ROOT / "pages" / "intake.py"))
    at.run()
    people = None
    for index in range(len(at.selectbox(key="tr_case").options)):
        at.selectbox(key="tr_case").select_index(index).run()
        assert not at.exception, at.exception
        people = next(d.value for d in at.dataframe if "身份证号码" in d.value.columns)
        if people["身份证号码"].notna().all() and people["联系电话"].notna().all():
            break  # an item whose petitioners gave an ID and a phone (not every one does)
    assert people is not None
    assert list(people.columns) == ["姓名", "身份证号码", "联系电话", "住址", "村（社区）", "代表"]
    assert people["村（社区）"].str.len().gt(0).all(), "the village by name, never its id"
    masked = role not in FULL_CONTACT_ROLES
    assert bool(people["身份证号码"].str.contains(r"\*").all()) is masked
    assert bool(people["联系电话"].str.contains(r"\*").all()) is masked
    from console.i18n import translate

    assert any(c.value == translate("queue.masked") for c in at.caption) is masked
