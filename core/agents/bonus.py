"""The bonus ledger (以奖代补, BRIEF §4): what each non-public-servant agent is paid, and why.

Rules, as the scheme states them (seed 002):
- ¥10 per successfully proxied submission: the agent's own filing that opened a matter
  (not a repeat filing), the matter accepted or handled locally (`ACCEPTED_OUTCOMES`, not
  withdrawn) and its written reply delivered. A matter pays once, to its first filing.
- on top, one of: ¥5 when the final rating is "basically satisfied", or ¥20 when it is
  "satisfied" and the petition has ceased. "Satisfied" without cessation earns no extra:
  the scheme ties the ¥20 to cessation and names nothing else. The final rating is the
  agent rating if recorded, else the unit rating (`performance.final_rating`).
- quarters: the ¥10 falls in the quarter of the delivery, the rating bonus in the quarter
  of the rating (``rated_at``; the delivery's when no time was recorded) — each is paid
  when the event that earns it happens.
- public servants get no money; `appraisal_list` shows them with the same figures.

The ledger is derived from the case records, never edited: `compute_quarter` rebuilds an
open quarter from scratch. `approve_quarter` freezes it and every quarter before it. What
the records say later about a frozen quarter (a backdated rating, a corrected delivery)
is settled by ADJUSTMENT entries in the first open quarter after the frozen ones, each
naming the submission and, in its note, the kind of payment it corrects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from core.agents.performance import ACCEPTED_OUTCOMES, final_rating
from core.errors import UserError
from core.export import xlsx_bytes
from core.policy import actor_name, require
from core.quarters import next_quarter, parse_quarter, quarter_last_day, quarter_of
from core.timeutil import OFFICE_TZ
from core.today import moment_on
from core.today import today as office_today
from core.users import UserView
from core.vocab import BonusKind, MatterState, Rating
from db.models import Agent, BonusEntry, Matter, QuarterApproval, Submission

AMOUNTS_YUAN = {
    BonusKind.PROXIED: 10,
    BonusKind.BASICALLY_SATISFIED: 5,
    BonusKind.SATISFIED_CEASED: 20,
}
PAID_KINDS = tuple(AMOUNTS_YUAN)


@dataclass(frozen=True)
class Entitlement:
    """One payment the case records justify, whether or not the agent is paid money."""

    agent_id: int
    public_servant: bool
    submission_id: int
    matter_id: int
    kind: BonusKind
    amount_yuan: int
    quarter: str


def rating_bonus_kind(rating: Rating | None, ceased: bool) -> BonusKind | None:
    if rating is Rating.BASICALLY_SATISFIED:
        return BonusKind.BASICALLY_SATISFIED
    if rating is Rating.SATISFIED and ceased:
        return BonusKind.SATISFIED_CEASED
    return None


def entitlements(session: Session) -> list[Entitlement]:
    """Every payment earned so far, for all agents and quarters."""
    stmt = (
        select(Submission.id, Submission.agent_id, Agent.is_public_servant, Matter)
        .join(Matter, Submission.matter_id == Matter.id)
        .join(Agent, Submission.agent_id == Agent.id)
        .where(
            Submission.is_repeat.is_(False),
            Matter.triage_outcome.in_(ACCEPTED_OUTCOMES),
            Matter.state != MatterState.WITHDRAWN,
            Matter.delivered_at.is_not(None),
        )
        .order_by(Submission.submitted_at, Submission.id)
    )
    found: list[Entitlement] = []
    paid_matters: set[int] = set()
    for submission_id, agent_id, public_servant, m in session.execute(stmt):
        if m.id in paid_matters:
            continue  # the matter was opened by an earlier filing: it pays once
        paid_matters.add(m.id)
        earned = [(BonusKind.PROXIED, m.delivered_at)]
        kind = rating_bonus_kind(final_rating(m.agent_rating, m.unit_rating), m.ceased)
        if kind is not None:
            earned.append((kind, m.rated_at or m.delivered_at))
        found += [
            Entitlement(
                agent_id,
                public_servant,
                submission_id,
                m.id,
                k,
                AMOUNTS_YUAN[k],
                quarter_of(moment),
            )
            for k, moment in earned
        ]
    return found


# --- planning a quarter ---------------------------------------------------------------


@dataclass(frozen=True)
class PlannedEntry:
    agent_id: int
    kind: BonusKind
    amount_yuan: int
    submission_id: int
    matter_id: int
    note: str = ""


def frozen_through(session: Session) -> str | None:
    """The last approved quarter; it and every quarter before it are frozen."""
    return session.scalar(select(func.max(QuarterApproval.quarter)))


def _adjustments(session: Session, earned: list[Entitlement], frozen: str) -> list[PlannedEntry]:
    """What the records now say is owed for frozen quarters, minus what was paid in them."""
    owed: dict[tuple[int, BonusKind], int] = defaultdict(int)
    whose: dict[tuple[int, BonusKind], tuple[int, int]] = {}
    for e in earned:
        if not e.public_servant and e.quarter <= frozen:
            owed[e.submission_id, e.kind] += e.amount_yuan
            whose[e.submission_id, e.kind] = (e.agent_id, e.matter_id)
    paid: dict[tuple[int, BonusKind], int] = defaultdict(int)
    for entry in session.scalars(select(BonusEntry).where(BonusEntry.quarter <= frozen)):
        corrected = BonusKind(entry.note) if entry.kind is BonusKind.ADJUSTMENT else entry.kind
        paid[entry.submission_id, corrected] += entry.amount_yuan
        whose.setdefault((entry.submission_id, corrected), (entry.agent_id, entry.matter_id))
    return [
        PlannedEntry(
            whose[key][0],
            BonusKind.ADJUSTMENT,
            owed[key] - paid[key],
            key[0],
            whose[key][1],
            note=key[1].value,
        )
        for key in sorted(set(owed) | set(paid))
        if owed[key] != paid[key]
    ]


def plan_quarter(session: Session, quarter: str, frozen: str | None) -> list[PlannedEntry]:
    """The entries `quarter` should hold, given the quarters frozen through `frozen`."""
    earned = entitlements(session)
    planned = [
        PlannedEntry(e.agent_id, e.kind, e.amount_yuan, e.submission_id, e.matter_id)
        for e in earned
        if not e.public_servant and e.quarter == quarter
    ]
    if frozen is not None and quarter == next_quarter(frozen):
        planned += _adjustments(session, earned, frozen)
    return planned


# --- compute, approve ---------------------------------------------------------------


@dataclass(frozen=True)
class QuarterSummary:
    quarter: str
    entries: int
    total_yuan: int
    approved: bool


def _ensure_open(session: Session, quarter: str) -> str | None:
    parse_quarter(quarter)
    frozen = frozen_through(session)
    if frozen is not None and quarter <= frozen:
        raise UserError("error.quarter_frozen", "quarter", quarter=quarter, frozen=frozen)
    return frozen


def compute_quarter(session: Session, quarter: str, actor: UserView) -> QuarterSummary:
    """(Re)build an open quarter's ledger from the case records; running it twice is harmless."""
    require(actor, "bonus.compute")
    frozen = _ensure_open(session, quarter)
    planned = plan_quarter(session, quarter, frozen)
    session.execute(delete(BonusEntry).where(BonusEntry.quarter == quarter))
    if planned:
        created_at = moment_on(office_today(session))
        session.execute(
            insert(BonusEntry),
            [{**asdict(p), "quarter": quarter, "created_at": created_at} for p in planned],
        )
    return QuarterSummary(quarter, len(planned), sum(p.amount_yuan for p in planned), False)


def approve_quarter(session: Session, quarter: str, actor: UserView) -> QuarterSummary:
    """A supervisor's approval: recompute, then freeze the quarter (and all before it).

    Refused before the quarter has ended, and while an earlier quarter with payments is
    still open (approve in order, or its payments would turn into adjustments).
    """
    require(actor, "bonus.approve")
    frozen = _ensure_open(session, quarter)
    today = office_today(session)
    if quarter_last_day(quarter) >= today:
        raise UserError("error.quarter_not_over", "quarter", quarter=quarter)
    earlier = sorted(
        {e.quarter for e in entitlements(session) if not e.public_servant}
        | set(session.scalars(select(BonusEntry.quarter).distinct()))
    )
    pending = [q for q in earlier if q < quarter and (frozen is None or q > frozen)]
    if pending:
        raise UserError("error.earlier_quarter_open", "quarter", quarter=pending[0])
    summary = compute_quarter(session, quarter, actor)
    session.add(
        QuarterApproval(
            quarter=quarter,
            approved_by=actor_name(actor),
            approved_at=moment_on(today),  # the office's today: a demo approves on its own
            total_yuan=summary.total_yuan,
        )
    )
    session.flush()
    return QuarterSummary(quarter, summary.entries, summary.total_yuan, True)


def reconcile(session: Session, quarter: str) -> pd.DataFrame:
    """Stored entries against what the case records give now, per submission and kind.

    Expected empty for an open quarter just computed. For an approved quarter the rows are
    the corrections the records received after approval: each is settled by an ADJUSTMENT
    in the first open quarter.
    """
    parse_quarter(quarter)
    earlier_approved = session.scalar(
        select(func.max(QuarterApproval.quarter)).where(QuarterApproval.quarter < quarter)
    )
    key = ["agent_id", "submission_id", "kind"]
    expected = pd.DataFrame(
        [asdict(p) for p in plan_quarter(session, quarter, earlier_approved)],
        columns=[*key, "amount_yuan"],
    )
    stored = pd.DataFrame(
        session.execute(
            select(
                BonusEntry.agent_id,
                BonusEntry.submission_id,
                BonusEntry.kind,
                BonusEntry.amount_yuan,
            ).where(BonusEntry.quarter == quarter)
        ).all(),
        columns=[*key, "amount_yuan"],
    )
    sums = [f.groupby(key, as_index=False)["amount_yuan"].sum() for f in (stored, expected)]
    both = sums[0].merge(sums[1], on=key, how="outer", suffixes=("_ledger", "_records"))
    both = both.fillna({"amount_yuan_ledger": 0, "amount_yuan_records": 0})
    both["difference"] = both["amount_yuan_records"] - both["amount_yuan_ledger"]
    both = both[both["difference"] != 0].astype({"difference": int})
    both["kind"] = both["kind"].map(lambda k: BonusKind(k).value)
    both = both.rename(
        columns={"amount_yuan_ledger": "ledger_yuan", "amount_yuan_records": "records_yuan"}
    ).reset_index(drop=True)
    return _readable(session, both)


def _readable(session: Session, differences: pd.DataFrame) -> pd.DataFrame:
    """The differences with what people read: the agent's code and name and the matter's
    case number beside the internal ids (#14: never a table of ids alone)."""
    agents = _agent_names(session)
    submissions = {int(i) for i in differences["submission_id"].dropna()}
    cases = pd.DataFrame(
        session.execute(
            select(Submission.id, Matter.case_number)
            .join(Matter, Submission.matter_id == Matter.id)
            .where(Submission.id.in_(submissions))
        ).all()
        if submissions
        else [],
        columns=["submission_id", "case_number"],
    )
    out = differences.merge(agents, on="agent_id", how="left").merge(
        cases, on="submission_id", how="left"
    )
    return out.fillna({"case_number": "", "code": "", "name": ""})


def latest_ledger_quarter(session: Session, before: str | None = None) -> str | None:
    """The newest quarter that has ledger entries (up to `before`, included), if any: where
    the bonus ledger opens, never on an empty quarter."""
    stmt = select(func.max(BonusEntry.quarter))
    if before is not None:
        stmt = stmt.where(BonusEntry.quarter <= before)
    return session.scalar(stmt)


# --- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterState:
    quarter: str
    approved_by: str | None
    approved_at: dt.datetime | None
    approved_total_yuan: int | None
    frozen: bool


def quarter_state(session: Session, quarter: str) -> QuarterState:
    parse_quarter(quarter)
    approval = session.get(QuarterApproval, quarter)
    frozen = frozen_through(session)
    return QuarterState(
        quarter,
        approval.approved_by if approval else None,
        approval.approved_at if approval else None,
        approval.total_yuan if approval else None,
        frozen is not None and quarter <= frozen,
    )


LEDGER_COLUMNS = [
    "entry_id",
    "agent_id",
    "code",
    "name",
    "kind",
    "amount_yuan",
    "submission_id",
    "matter_id",
    "case_number",
    "corrects",
    "created_at",
]


def ledger(session: Session, quarter: str) -> pd.DataFrame:
    """Every entry of a quarter: who, how much, for which submission and matter; for an
    adjustment, ``corrects`` names the kind of payment it corrects."""
    parse_quarter(quarter)
    stmt = (
        select(BonusEntry, Agent.code, Agent.name, Matter.case_number)
        .join(Agent, BonusEntry.agent_id == Agent.id)
        .outerjoin(Matter, BonusEntry.matter_id == Matter.id)
        .where(BonusEntry.quarter == quarter)
        .order_by(Agent.code, BonusEntry.submission_id, BonusEntry.id)
    )
    rows = [
        (
            e.id,
            e.agent_id,
            code,
            name,
            e.kind.value,
            e.amount_yuan,
            e.submission_id,
            e.matter_id,
            case_number,
            e.note if e.kind is BonusKind.ADJUSTMENT else "",
            e.created_at,
        )
        for e, code, name, case_number in session.execute(stmt)
    ]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


FIGURE_COLUMNS = ["proxied", "basically_satisfied", "satisfied_ceased"]


def _figures(items: pd.DataFrame, agents: pd.DataFrame) -> pd.DataFrame:
    """Per agent: how many of each paid kind, adjustments and the yuan total.

    `items` has agent_id, kind, amount_yuan.
    """
    counts = pd.crosstab(items["agent_id"], items["kind"]).reindex(
        columns=FIGURE_COLUMNS, fill_value=0
    )
    adjustment = (
        items[items["kind"] == BonusKind.ADJUSTMENT.value]
        .groupby("agent_id")["amount_yuan"]
        .sum()
        .rename("adjustment_yuan")
    )
    total = items.groupby("agent_id")["amount_yuan"].sum().rename("total_yuan")
    figures = pd.concat([counts, adjustment, total], axis=1).fillna(0).astype(int)
    return agents.merge(figures.reset_index(names="agent_id"), on="agent_id").sort_values(
        "code", ignore_index=True
    )


def _agent_names(session: Session) -> pd.DataFrame:
    return pd.DataFrame(
        session.execute(select(Agent.id, Agent.code, Agent.name)).all(),
        columns=["agent_id", "code", "name"],
    )


def quarter_totals(session: Session, quarter: str) -> pd.DataFrame:
    """The payment list: per paid agent, counts by kind, adjustments and total yuan."""
    return _figures(ledger(session, quarter), _agent_names(session))


def appraisal_list(session: Session, quarter: str) -> pd.DataFrame:
    """Public servants' figures for the annual appraisal: same counts, no money paid
    (``total_yuan`` is what the work would have earned)."""
    parse_quarter(quarter)
    items = pd.DataFrame(
        [
            (e.agent_id, e.kind.value, e.amount_yuan)
            for e in entitlements(session)
            if e.public_servant and e.quarter == quarter
        ],
        columns=["agent_id", "kind", "amount_yuan"],
    )
    return _figures(items, _agent_names(session))


def agent_bonus_by_quarter(session: Session, agent_id: int) -> pd.DataFrame:
    """One agent's ledger totals per quarter, newest first, with whether it is frozen."""
    rows = session.execute(
        select(BonusEntry.quarter, BonusEntry.kind, func.sum(BonusEntry.amount_yuan))
        .where(BonusEntry.agent_id == agent_id)
        .group_by(BonusEntry.quarter, BonusEntry.kind)
    ).all()
    frame = pd.DataFrame(
        [(q, k.value, a) for q, k, a in rows], columns=["quarter", "kind", "amount_yuan"]
    )
    table = frame.pivot_table(
        index="quarter", columns="kind", values="amount_yuan", aggfunc="sum", fill_value=0
    ).reindex(columns=[k.value for k in BonusKind], fill_value=0)
    table.columns = [f"{k}_yuan" for k in table.columns]
    table["total_yuan"] = table.sum(axis=1)
    frozen = frozen_through(session)
    table = table.reset_index().sort_values("quarter", ascending=False, ignore_index=True)
    table["frozen"] = table["quarter"].map(lambda q: frozen is not None and q <= frozen)
    return table.astype({c: int for c in table.columns if c.endswith("_yuan")})


#: Sheet and column names of the ledger workbook (the office's files are in Chinese).
LEDGER_SHEETS = {"ledger": "奖励明细", "totals": "发放汇总", "appraisal": "公职人员考核"}
LEDGER_HEADERS = {
    "entry_id": "序号",
    "agent_id": "代理员ID",
    "code": "代理员编号",
    "name": "姓名",
    "kind": "类别",
    "amount_yuan": "金额(元)",
    "submission_id": "代理记录ID",
    "matter_id": "事项ID",
    "case_number": "事项编号",
    "corrects": "更正项目",
    "created_at": "生成时间",
    "proxied": "成功代理(件)",
    "basically_satisfied": "基本满意(件)",
    "satisfied_ceased": "满意且息诉息访(件)",
    "adjustment_yuan": "调整(元)",
    "total_yuan": "合计(元)",
}
KIND_LABELS = {
    BonusKind.PROXIED.value: "成功代理",
    BonusKind.BASICALLY_SATISFIED.value: "基本满意",
    BonusKind.SATISFIED_CEASED.value: "满意且息诉息访",
    BonusKind.ADJUSTMENT.value: "调整",
}


def ledger_xlsx(session: Session, quarter: str) -> bytes:
    """The quarter's ledger, payment list and appraisal list as one Chinese workbook."""
    entries = ledger(session, quarter)
    for column in ("kind", "corrects"):
        entries[column] = entries[column].map(lambda k: KIND_LABELS.get(k, k))
    entries["created_at"] = entries["created_at"].map(
        lambda t: t.astimezone(OFFICE_TZ).replace(tzinfo=None)  # Excel has no time zones
    )
    sheets = {
        "ledger": entries,
        "totals": quarter_totals(session, quarter),
        "appraisal": appraisal_list(session, quarter),
    }
    return xlsx_bytes(
        {
            LEDGER_SHEETS[name]: frame.rename(columns=LEDGER_HEADERS)
            for name, frame in sheets.items()
        }
    )
