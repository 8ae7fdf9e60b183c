"""Printable notices: DOCX filled from the matter, from built-in or admin templates."""

import io

import pytest
from docx import Document

from core.cases.notices import NoticeKind, default_template, install_template, render_notice
from core.cases.triage import TriageDecision, triage
from core.errors import UserError
from core.vocab import TriageOutcome
from db.models import Matter
from tests.intake_fixtures import ACTOR, TODAY, build_place, registered

REASON = "该事项已于2025年6月办结，信访人未提出新的事实和理由"
REDIRECT = "如对处理意见不服，可向区人民政府申请复查"


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def _text(docx_bytes: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs)


def _decided(database, place, decision, **overrides):
    saved = registered(database, place, **overrides)
    with database.write() as s:
        triage(s, saved.matter_id, s.get(Matter, saved.matter_id).version, decision, ACTOR, TODAY)
    return saved


def test_the_non_acceptance_notice_names_the_case_the_reason_and_where_to_go(
    database, place, tmp_path
):
    saved = _decided(
        database,
        place,
        TriageDecision(
            TriageOutcome.CONCLUDED_OR_UNREASONABLE, reason=REASON, redirect_to=REDIRECT
        ),
    )
    with database.read() as s:
        text = _text(render_notice(s, saved.matter_id, tmp_path))
    assert "不予受理告知书" in text
    for expected in (saved.case_number, REASON, REDIRECT, "张1"):
        assert expected in text
    assert "{{" not in text


def test_the_acceptance_notice_names_the_unit_and_the_limit(database, place, tmp_path):
    saved = _decided(
        database, place, TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id)
    )
    with database.read() as s:
        text = _text(render_notice(s, saved.matter_id, tmp_path))
    assert "受理告知书" in text and "不予受理" not in text
    assert saved.case_number in text and "区人力社保局" in text
    assert "2026年03月31日前作出答复" in text  # 15 days from acceptance on 16 March


def test_an_admins_template_replaces_the_built_in_one(database, place, tmp_path):
    saved = _decided(database, place, TriageDecision(TriageOutcome.COORDINATE))
    document = Document(io.BytesIO(default_template(NoticeKind.ACCEPTANCE)))
    document.add_paragraph("本区特别提示：案号 {{ case_number }}")
    document.save(tmp_path / f"{NoticeKind.ACCEPTANCE.value}.docx")
    with database.read() as s:
        text = _text(render_notice(s, saved.matter_id, tmp_path))
    assert f"本区特别提示：案号 {saved.case_number}" in text


def test_an_undecided_matter_has_no_notice(database, place, tmp_path):
    saved = registered(database, place)
    with pytest.raises(UserError) as raised, database.read() as s:
        render_notice(s, saved.matter_id, tmp_path)
    assert raised.value.key == "error.notice_not_decided"


def test_an_administrator_replaces_a_template_and_a_broken_one_is_refused(tmp_path):
    from core.cases.notices import (
        NoticeKind,
        current_template,
        default_template,
        install_template,
        reset_template,
    )

    kind = NoticeKind.ACCEPTANCE
    assert current_template(kind, tmp_path) == default_template(kind)
    edited = default_template(NoticeKind.NON_ACCEPTANCE)
    install_template(kind, edited, tmp_path)
    assert current_template(kind, tmp_path) == edited
    with pytest.raises(UserError) as refused:
        install_template(kind, b"not a word file", tmp_path)
    assert refused.value.key == "error.template_invalid"
    assert current_template(kind, tmp_path) == edited, "a broken upload changes nothing"
    reset_template(kind, tmp_path)
    assert current_template(kind, tmp_path) == default_template(kind)


HOSTILE_SUMMARY = (
    "张某&李某拖欠工资 <3个月> a<b>c \"引号\" '单' </w:t></w:r></w:p><w:p><w:r><w:t>伪造段落"
)


def test_a_summary_with_markup_prints_as_typed_and_keeps_the_rest_of_the_notice(
    database, place, tmp_path
):
    plain = _decided(
        database, place, TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id)
    )
    saved = _decided(
        database,
        place,
        TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
        summary=HOSTILE_SUMMARY,
    )
    with database.read() as s:
        hostile = Document(io.BytesIO(render_notice(s, saved.matter_id, tmp_path))).paragraphs
        normal = Document(io.BytesIO(render_notice(s, plain.matter_id, tmp_path))).paragraphs
    assert len(hostile) == len(normal)  # no paragraph added by the fragment
    body = next(p.text for p in hostile if "提出的信访事项" in p.text)
    assert f"（{HOSTILE_SUMMARY}）" in body
    assert body.startswith("您于2026年03月15日提出的信访事项")
    assert "交由区人力社保局办理" in body and "依法受理" in body
    assert not any(p.text == "伪造段落" for p in hostile)


def test_an_admins_template_still_renders_with_escaping(database, place, tmp_path):
    document = Document(io.BytesIO(default_template(NoticeKind.ACCEPTANCE)))
    document.add_paragraph(
        "{% if handling_unit %}承办：{{ handling_unit }}{% endif %} 摘要：{{ summary }}"
    )
    data = io.BytesIO()
    document.save(data)
    install_template(NoticeKind.ACCEPTANCE, data.getvalue(), tmp_path)
    saved = _decided(
        database,
        place,
        TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
        summary="甲&乙<丙>",
    )
    with database.read() as s:
        text = _text(render_notice(s, saved.matter_id, tmp_path))
    assert "承办：区人力社保局 摘要：甲&乙<丙>" in text
