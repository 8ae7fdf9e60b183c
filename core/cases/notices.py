"""Printable notices in Chinese: 受理告知书 and 不予受理告知书, as DOCX.

Templates are Word files with Jinja placeholders (docxtpl), so an administrator can change
the wording in Word: a file named ``<kind>.docx`` in the template folder (default
``data/templates/``) replaces the built-in template, which `default_template` builds with
python-docx (offer it as the starting point to edit). Placeholders: see `NoticeContext`.
Values are XML-escaped when rendered (Jinja autoescape), so they always print as typed.
"""

from __future__ import annotations

import enum
import functools
import io
from dataclasses import asdict, dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docxtpl import DocxTemplate
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.config import DATA_DIR
from core.errors import UserError
from core.export import printable
from core.timeutil import local_date
from core.vocab import ClockKind, MatterState
from db.models import (
    Clock,
    District,
    Matter,
    Petitioner,
    Submission,
    SubmissionPetitioner,
    Town,
    Unit,
)

TEMPLATE_DIR = DATA_DIR / "templates"
#: The clocks whose due date the acceptance notice promises, first found wins.
_ANSWER_CLOCKS = (ClockKind.REPLY, ClockKind.REVIEW_ANSWER, ClockKind.RE_REVIEW_ANSWER)


class NoticeKind(enum.StrEnum):
    ACCEPTANCE = "acceptance_notice"  # 受理告知书
    NON_ACCEPTANCE = "non_acceptance_notice"  # 不予受理告知书
    WRITTEN_REPLY = "written_reply"  # 书面答复意见书 (core.cases.replies.render_written_reply)


@dataclass(frozen=True)
class NoticeContext:
    """The placeholders a template may use, e.g. ``{{ case_number }}``."""

    office: str
    case_number: str
    petitioner: str
    received_on: str
    decided_on: str
    summary: str
    handling_unit: str
    answer_due: str
    conclusion_due: str
    reason: str
    redirect_to: str
    # the written reply only (core.cases.replies): the unit's reply and its date
    reply_text: str = ""
    replied_on: str = ""


_TEXT = {
    NoticeKind.ACCEPTANCE: (
        "信访事项受理告知书",
        [
            "{{ petitioner }}：",
            "您于{{ received_on }}提出的信访事项（{{ summary }}），本机关已于{{ decided_on }}"
            "依法受理，交由{{ handling_unit }}办理。",
            "承办单位将于{{ answer_due }}前作出答复，并于{{ conclusion_due }}前办结。",
            "您可凭案号 {{ case_number }} 和查询码查询办理进度。",
        ],
    ),
    NoticeKind.NON_ACCEPTANCE: (
        "信访事项不予受理告知书",
        [
            "{{ petitioner }}：",
            "您于{{ received_on }}提出的信访事项（{{ summary }}），经审查，本机关于"
            "{{ decided_on }}决定不予受理。",
            "理由：{{ reason }}",
            "建议您：{{ redirect_to }}",
        ],
    ),
    NoticeKind.WRITTEN_REPLY: (
        "信访事项书面答复意见书",
        [
            "{{ petitioner }}：",
            "您于{{ received_on }}提出的信访事项（{{ summary }}），由{{ handling_unit }}办理。"
            "现答复如下：",
            "{{ reply_text }}",
            "答复日期：{{ replied_on }}",
        ],
    ),
}


def default_template(kind: NoticeKind | str) -> bytes:
    """The built-in template of a notice as DOCX bytes (the file an admin starts from).

    Built once per process: a DOCX holds the time it was written, so two builds a second
    apart differ byte for byte."""
    return _built_in(NoticeKind(kind))


@functools.cache
def _built_in(kind: NoticeKind) -> bytes:
    title, paragraphs = _TEXT[kind]
    document = Document()
    heading = document.add_paragraph(title)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("案号：{{ case_number }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in paragraphs:
        document.add_paragraph(text)
    for text in ("{{ office }}", "{{ decided_on }}"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _template(kind: NoticeKind, template_dir: Path) -> io.BytesIO:
    override = template_dir / f"{kind.value}.docx"
    return io.BytesIO(override.read_bytes() if override.exists() else default_template(kind))


def current_template(kind: NoticeKind | str, template_dir: Path = TEMPLATE_DIR) -> bytes:
    """The template in use: the administrator's file if there is one, else the built-in."""
    return _template(NoticeKind(kind), template_dir).getvalue()


def install_template(
    kind: NoticeKind | str, data: bytes, template_dir: Path = TEMPLATE_DIR
) -> None:
    """Replace a notice's template after checking it renders (a broken file changes nothing)."""
    kind = NoticeKind(kind)
    sample = {name: f"〔{name}〕" for name in NoticeContext.__dataclass_fields__}
    try:
        DocxTemplate(io.BytesIO(data)).render(sample, autoescape=True)
    except Exception as exc:  # noqa: BLE001 - any parse or Jinja error means "not usable"
        raise UserError("error.template_invalid", detail=str(exc)[:200]) from None
    template_dir.mkdir(parents=True, exist_ok=True)
    (template_dir / f"{kind.value}.docx").write_bytes(data)


def reset_template(kind: NoticeKind | str, template_dir: Path = TEMPLATE_DIR) -> None:
    """Go back to the built-in template."""
    (template_dir / f"{NoticeKind(kind).value}.docx").unlink(missing_ok=True)


def notice_kind(matter: Matter) -> NoticeKind | None:
    """Which notice a matter's decision calls for, if it has been decided."""
    if matter.state is MatterState.NOT_ACCEPTED:
        return NoticeKind.NON_ACCEPTANCE
    return NoticeKind.ACCEPTANCE if matter.accepted_at else None


def _petitioner_line(session: Session, matter: Matter) -> str:
    first = session.execute(
        select(Petitioner.name)
        .join(SubmissionPetitioner, SubmissionPetitioner.petitioner_id == Petitioner.id)
        .join(Submission, Submission.id == SubmissionPetitioner.submission_id)
        .where(Submission.matter_id == matter.id)
        .order_by(
            Submission.submitted_at, SubmissionPetitioner.is_representative.desc(), Petitioner.id
        )
        .limit(1)
    ).scalar()
    name = first or ""
    return f"{name}等{matter.headcount}人" if matter.headcount > 1 else name


def _due(session: Session, matter: Matter, kinds: tuple[ClockKind, ...]) -> str:
    for kind in kinds:
        due = session.scalar(
            select(Clock.due_on).where(Clock.matter_id == matter.id, Clock.kind == kind)
        )
        if due is not None:
            return f"{due:%Y年%m月%d日}"
    return ""


def notice_context(session: Session, matter: Matter) -> NoticeContext:
    unit = session.get(Unit, matter.unit_id) if matter.unit_id else None
    district = session.scalar(
        select(District.name)
        .join(Town, Town.district_id == District.id)
        .where(Town.id == matter.town_id)
    )
    decided = matter.accepted_at or matter.closed_at
    return NoticeContext(
        office=f"{district or ''}信访办公室",
        case_number=matter.case_number,
        petitioner=_petitioner_line(session, matter),
        received_on=f"{local_date(matter.received_at):%Y年%m月%d日}",
        decided_on=f"{local_date(decided):%Y年%m月%d日}" if decided else "",
        summary=matter.summary,
        handling_unit=unit.name if unit else "",
        answer_due=_due(session, matter, _ANSWER_CLOCKS),
        conclusion_due=_due(session, matter, (ClockKind.CONCLUSION,)),
        reason=matter.triage_note or "",
        redirect_to=matter.redirect_to or "",
    )


def render_notice(session: Session, matter_id: int, template_dir: Path = TEMPLATE_DIR) -> bytes:
    """The notice the matter's triage decision calls for, filled in, as DOCX bytes."""
    matter = session.get(Matter, matter_id)
    if matter is None:
        raise UserError("error.matter_unknown", matter_id=matter_id)
    kind = notice_kind(matter)
    if kind is None:
        raise UserError("error.notice_not_decided", case_number=matter.case_number)
    document = DocxTemplate(_template(kind, template_dir))
    # Values are what people typed: escaped, "&", "<" or a piece of WordprocessingML in a
    # summary stay literal text instead of breaking or adding paragraphs; control characters
    # of rows saved before input was checked (XML cannot hold them) print as U+FFFD.
    values = asdict(notice_context(session, matter))
    context = {name: printable(value) for name, value in values.items()}
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
