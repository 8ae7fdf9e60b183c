"""After saving, the case number and query code stay on screen with a printable slip."""

from __future__ import annotations

from core.cases.slip import registration_slip_html
from tests.test_intake_page import _fill_walk_in, _fresh_id, _open, _save


def test_the_slip_escapes_everything_it_prints():
    html = registration_slip_html(
        "登记回执<b>", [("案件编号", "500107-2026-000001"), ("查询码", "<script>x</script>")], "&"
    ).decode()
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "登记回执&lt;b&gt;" in html and "<p>&amp;</p>" in html
    assert "500107-2026-000001" in html


def test_saved_registration_keeps_its_slip_until_dismissed(console_env):
    at = _open()
    _fill_walk_in(at, console_env, "楼道照明损坏，请求维修", _fresh_id())
    case = _save(at)
    slips = at.get("download_button")
    assert slips and "登记回执" in slips[0].proto.label
    assert any(case in s.value for s in at.success)
    at.run()  # still there on the next run
    assert at.get("download_button") and any(case in s.value for s in at.success)
    at.button(key="saved_next").click().run()
    assert not at.get("download_button")
    assert at.text_input(key="in_summary").value == ""  # the form is clear
