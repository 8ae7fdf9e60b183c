"""Written replies (书面答复意见书): the starting text staff reply from, and the Word print.

Reply templates are kept per topic and content type. The change log is their store: an
administrator's edit is a ``change_log`` row (entity ``reply_template``, key
``<topic>/<content_type>``, who, when, old and new text, why), and the template in use is
the newest such row's new text; a blank edit goes back to the built-in starting text of the
content type (`DEFAULT_TEXT`). So every edit is logged by construction and nothing needs a
table of its own.

The unit's written reply prints as Word through the notice machinery
(`core.cases.notices`, kind ``written_reply``): the same editable template, and every value
escaped (user text never becomes markup).
"""

from __future__ import annotations

import io
from dataclasses import asdict

import pandas as pd
from docxtpl import DocxTemplate, Listing
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.cases.notices import TEMPLATE_DIR, NoticeKind, _template, notice_context
from core.cases.workflow import REPLY_TEXT_LIMIT
from core.errors import UserError
from core.export import printable
from core.history import record_change
from core.policy import may_see, require
from core.timeutil import local_date
from core.users import UserView
from core.validation import checked_text, is_blank
from core.vocab import ContentType, MatterState, Topic
from db.models import ChangeLog, Matter

#: change_log entity of reply templates.
REPLY_TEMPLATE = "reply_template"
#: Reply text a template may hold (what a reply may hold).
TEMPLATE_LIMIT = REPLY_TEXT_LIMIT
#: States in which a matter has a written reply to print.
REPLIED_STATES = frozenset(
    {MatterState.REPLIED, MatterState.DELIVERED, MatterState.RATED, MatterState.CLOSED}
)

#: Built-in starting text per content type, until an administrator writes one.
DEFAULT_TEXT = {
    ContentType.REQUEST: (
        "经调查核实，现答复如下：\n一、基本情况：\n二、处理意见：\n"
        "如对本答复意见不服，可自收到本意见书之日起30日内向上一级行政机关请求复查。"
    ),
    ContentType.APPEAL: (
        "经复核相关材料，现答复如下：\n一、申诉事项：\n二、核查结论：\n"
        "如对本答复意见不服，可自收到本意见书之日起30日内请求复查。"
    ),
    ContentType.SUGGESTION: "感谢您提出的意见建议。经研究，现答复如下：\n",
    ContentType.ACCUSATION: (
        "您反映的问题已依照有关规定转有权处理的机关核查。经核查，现答复如下：\n"
    ),
    ContentType.CONSULTATION: "关于您咨询的问题，现答复如下：\n",
}


def template_key(topic: Topic | str, content_type: ContentType | str) -> str:
    return f"{Topic(topic).value}/{ContentType(content_type).value}"


def _stored(session: Session, key: str) -> ChangeLog | None:
    return session.scalars(
        select(ChangeLog)
        .where(ChangeLog.entity == REPLY_TEMPLATE, ChangeLog.entity_key == key)
        .order_by(ChangeLog.changed_at.desc(), ChangeLog.id.desc())
        .limit(1)
    ).first()


def reply_template(session: Session, topic: Topic | str, content_type: ContentType | str) -> str:
    """The text a written reply on this topic and content type starts from."""
    row = _stored(session, template_key(topic, content_type))
    if row is not None and not is_blank(row.new_value):
        return row.new_value
    return DEFAULT_TEXT[ContentType(content_type)]


def reply_templates(session: Session) -> pd.DataFrame:
    """Every topic × content type: topic, content_type, text, custom (an admin wrote it)."""
    rows = session.execute(
        select(ChangeLog.entity_key, ChangeLog.new_value)
        .where(ChangeLog.entity == REPLY_TEMPLATE)
        .order_by(ChangeLog.changed_at, ChangeLog.id)
    ).all()
    latest = {key: text for key, text in rows}  # the newest wins
    records = []
    for topic in Topic:
        for kind in ContentType:
            text = latest.get(template_key(topic, kind))
            custom = not is_blank(text)
            records.append((topic, kind, text if custom else DEFAULT_TEXT[kind], custom))
    return pd.DataFrame(records, columns=["topic", "content_type", "text", "custom"])


def save_reply_template(
    session: Session,
    topic: Topic | str,
    content_type: ContentType | str,
    text: str | None,
    actor: UserView,
    *,
    reason: str | None = None,
) -> bool:
    """An administrator sets the starting text (blank: back to the built-in one); logged
    with who, when, old and new text and why. Returns False when nothing changed."""
    require(actor, "queue.reply_templates")
    try:
        key = template_key(topic, content_type)
    except ValueError:
        raise UserError("error.reply_template_unknown", field="topic") from None
    new = checked_text(text, "text", TEMPLATE_LIMIT, multiline=True) or ""
    why = checked_text(reason, "reason", 1_000, multiline=True)
    row = _stored(session, key)
    old = row.new_value if row is not None else None
    if (old or "") == new:
        return False
    record_change(session, REPLY_TEMPLATE, key, "text", old, new, actor, why)
    return True


def render_written_reply(
    session: Session, matter_id: int, viewer: UserView, template_dir=TEMPLATE_DIR
) -> bytes:
    """The unit's written reply (书面答复意见书) of a replied matter as DOCX bytes, for whoever
    may see the matter. Values are escaped: a reply holding "&", "<w:p>" or "{{ x }}" prints
    as typed; its line breaks print as line breaks."""
    matter = session.get(Matter, matter_id)
    if matter is None or not may_see(viewer, matter):
        # a liaison learns nothing of another unit's matter, not even that it exists
        raise UserError("error.matter_forbidden")
    if matter.state not in REPLIED_STATES or is_blank(matter.reply_text):
        raise UserError("error.written_reply_missing", case=matter.case_number)
    document = DocxTemplate(_template(NoticeKind.WRITTEN_REPLY, template_dir))
    values = asdict(notice_context(session, matter))
    context = {name: printable(value) for name, value in values.items()}
    context["replied_on"] = (
        f"{local_date(matter.replied_at):%Y年%m月%d日}" if matter.replied_at else ""
    )
    context["reply_text"] = Listing(printable(matter.reply_text))
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def written_reply_ready(session: Session, matter_id: int, viewer: UserView) -> bool:
    """Does this user get a written reply to print for this matter (seen, and replied)?"""
    matter = session.get(Matter, matter_id)
    return (
        matter is not None
        and may_see(viewer, matter)
        and matter.state in REPLIED_STATES
        and not is_blank(matter.reply_text)
    )
