"""The schema: typed SQLAlchemy 2.x models for places, units, agents, petitions and clocks.

Read top to bottom it tells the domain (BRIEF.md): places → units → agents → petitioners
and agreements → matters and their submissions → the append-only event log → clocks,
supervision and extensions → users, settings and the calendar.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.vocab import (
    AgentCategory,
    AgentStatus,
    BonusKind,
    CalendarSource,
    Channel,
    ClockKind,
    ClockState,
    ClusterKind,
    ContentType,
    DayBasis,
    DeliveryMethod,
    Gender,
    MatterState,
    Rating,
    Role,
    Topic,
    TownKind,
    TriageOutcome,
    UnitLevel,
    Urgency,
    VillageKind,
)
from db.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum_type(enum_cls: type[enum.Enum]) -> Enum:
    """Store enums as their values in a plain string column (no native DB enum to migrate)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dt.date: Date(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        **{
            e: _enum_type(e)
            for e in (
                AgentCategory,
                AgentStatus,
                BonusKind,
                CalendarSource,
                Channel,
                ClockKind,
                ClockState,
                ClusterKind,
                ContentType,
                DayBasis,
                DeliveryMethod,
                Gender,
                MatterState,
                Rating,
                Role,
                Topic,
                TownKind,
                TriageOutcome,
                UnitLevel,
                Urgency,
                VillageKind,
            )
        },
    }


# --- places -------------------------------------------------------------------------


class District(Base):
    __tablename__ = "districts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # GB/T 2260 code, e.g. 500107
    name: Mapped[str] = mapped_column(String(64))


class Town(Base):
    """A town (镇) or sub-district (街道)."""

    __tablename__ = "towns"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[TownKind]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    villages: Mapped[list[Village]] = relationship(back_populates="town")


class Village(Base):
    """A village (村) or community (社区)."""

    __tablename__ = "villages"
    id: Mapped[int] = mapped_column(primary_key=True)
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[VillageKind]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    town: Mapped[Town] = relationship(back_populates="villages")


class Cluster(Base):
    """A residential cluster (居民聚集点): a villager group or a housing estate. WGS-84."""

    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ClusterKind]
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    households: Mapped[int] = mapped_column(Integer)
    population: Mapped[int] = mapped_column(Integer)


# --- handling units -----------------------------------------------------------------


class Unit(Base):
    """A handling unit (承办单位)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[UnitLevel]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    #: Deactivated units keep their history but take no new matters or liaisons.
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- agents -------------------------------------------------------------------------


class Agent(Base):
    """An online petition agent (网上信访代理员). Coordinates of the post are WGS-84."""

    __tablename__ = "agents"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    gender: Mapped[Gender]
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    email: Mapped[str | None] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(200))
    category: Mapped[AgentCategory] = mapped_column(index=True)
    is_public_servant: Mapped[bool] = mapped_column(Boolean)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    online_capable: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[AgentStatus] = mapped_column(index=True)
    joined_on: Mapped[dt.date]
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class AgentStatusChange(Base):
    """One step of an agent's status lifecycle; the current status is the last of these."""

    __tablename__ = "agent_status_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    from_status: Mapped[AgentStatus | None]
    to_status: Mapped[AgentStatus]
    effective_on: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime]


class TrainingSession(Base):
    __tablename__ = "training_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date]
    title: Mapped[str] = mapped_column(String(120))
    trainer: Mapped[str] = mapped_column(String(64))


class TrainingRecord(Base):
    """An agent's attendance at a training session and whether they passed."""

    __tablename__ = "training_records"
    __table_args__ = (UniqueConstraint("session_id", "agent_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    passed: Mapped[bool] = mapped_column(Boolean)


# --- petitioners and agreements -----------------------------------------------------


class Petitioner(Base):
    __tablename__ = "petitioners"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))


class AgencyAgreement(Base):
    """代理委托书: without one an agent may not file in the petitioner's name."""

    __tablename__ = "agency_agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    petitioner_id: Mapped[int] = mapped_column(ForeignKey("petitioners.id"))
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    signed_on: Mapped[dt.date]
    scope: Mapped[str] = mapped_column(String(200))


# --- matters and submissions --------------------------------------------------------


class Matter(Base):
    """A petition matter (信访事项): the grievance that gets handled.

    Its state only ever changes together with a `MatterEvent` in the same transaction
    (enforced in `db.guards`). `version` makes concurrent edits fail instead of overwrite.
    """

    __tablename__ = "matters"
    __table_args__ = (
        CheckConstraint("headcount >= 1", name="headcount_positive"),
        CheckConstraint("review_level BETWEEN 0 AND 2", name="review_level_range"),
        # an accusation never goes to the unit it accuses (BRIEF §10; seed 001)
        CheckConstraint(
            "unit_id IS NULL OR accused_unit_id IS NULL OR unit_id <> accused_unit_id",
            name="accused_unit_not_handler",
        ),
        # one review (复查) and one re-review (复核) per original: concurrent requests race here
        Index(
            "ux_matters_one_review_per_level",
            "linked_matter_id",
            "review_level",
            unique=True,
            sqlite_where=sql_text("review_level > 0"),
            postgresql_where=sql_text("review_level > 0"),
        ),
        Index("ix_matters_state_received", "state", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), unique=True)
    query_code_hash: Mapped[str] = mapped_column(String(128))
    state: Mapped[MatterState]
    content_type: Mapped[ContentType]
    topic: Mapped[Topic]
    urgency: Mapped[Urgency]
    summary: Mapped[str] = mapped_column(String(200))
    full_text: Mapped[str] = mapped_column(Text, default="")
    town_id: Mapped[int] = mapped_column(ForeignKey("towns.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"))
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    is_collective: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_collective: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_skip_level: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_emotion: Mapped[bool] = mapped_column(Boolean, default=False)
    agent_proxied: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[dt.datetime]
    registered_at: Mapped[dt.datetime]
    triage_outcome: Mapped[TriageOutcome | None]
    triage_note: Mapped[str | None] = mapped_column(Text)  # reason, or guidance given
    redirect_to: Mapped[str | None] = mapped_column(String(200))  # body and procedure instead
    accepted_at: Mapped[dt.datetime | None]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    accused_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    assigned_at: Mapped[dt.datetime | None]
    linked_matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    review_level: Mapped[int] = mapped_column(Integer, default=0)
    reply_text: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    #: who handed the written reply over and how (migration 0005)
    delivered_by_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    delivery_method: Mapped[DeliveryMethod | None]
    unit_rating: Mapped[Rating | None]
    agent_rating: Mapped[Rating | None]
    ceased: Mapped[bool] = mapped_column(Boolean, default=False)
    rated_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    submissions: Mapped[list[Submission]] = relationship(
        back_populates="matter", order_by="Submission.submitted_at"
    )


class Submission(Base):
    """One filing of a matter: by whom, through which channel, on whose behalf.

    The first submission opens the matter; repeat filings point at the matter they repeat
    (`is_repeat`), so bonuses count submissions while handling counts matters.
    """

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    channel: Mapped[Channel]
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agency_agreements.id"))
    entered_for_paper_agent: Mapped[bool] = mapped_column(Boolean, default=False)
    is_repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[dt.datetime]
    recorded_at: Mapped[dt.datetime]
    recorded_by: Mapped[str] = mapped_column(String(64))
    matter: Mapped[Matter] = relationship(back_populates="submissions")
    petitioners: Mapped[list[SubmissionPetitioner]] = relationship()


class SubmissionPetitioner(Base):
    __tablename__ = "submission_petitioners"
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    petitioner_id: Mapped[int] = mapped_column(ForeignKey("petitioners.id"), primary_key=True)
    is_representative: Mapped[bool] = mapped_column(Boolean, default=False)


class MatterEvent(Base):
    """The append-only event log: every change to a matter, who made it and why.

    `occurred_at` is when it happened in the world (a letter's postmark, a phone call),
    `recorded_at` when it was entered. Rows are never updated or deleted (`db.guards`).
    """

    __tablename__ = "matter_events"
    __table_args__ = (Index("ix_matter_events_matter_occurred", "matter_id", "occurred_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[dt.datetime]
    recorded_at: Mapped[dt.datetime]
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    matter: Mapped[Matter] = relationship()


class RecordAccess(Base):
    """A read of a full record by a unit liaison (BRIEF §10: such reads are logged)."""

    __tablename__ = "record_accesses"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    accessed_at: Mapped[dt.datetime]


class CaseNumberSequence(Base):
    """The last case number handed out per district and year (atomic increment)."""

    __tablename__ = "case_number_sequences"
    district_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class LookupFailure(Base):
    """A wrong case-number/query-code pair on the public progress page (for slowing down).

    `client` identifies the requester (a keyed hash of its address), so one client's guesses
    slow that client down, not the petitioner."""

    __tablename__ = "lookup_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[str] = mapped_column(String(32), index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(index=True)
    client: Mapped[str | None] = mapped_column(String(64), index=True)


class RoutingRule(Base):
    """Who handles what where: topic × town → suggested unit (town empty = district-wide)."""

    __tablename__ = "routing_rules"
    __table_args__ = (UniqueConstraint("topic", "town_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[Topic]
    town_id: Mapped[int | None] = mapped_column(ForeignKey("towns.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(64))


# --- agent bonuses ------------------------------------------------------------------


class BonusEntry(Base):
    """One line of the bonus ledger: an amount in whole yuan, and what it was paid for."""

    __tablename__ = "bonus_entries"
    __table_args__ = (Index("ix_bonus_entries_quarter_agent", "quarter", "agent_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7))  # e.g. 2026Q3
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    kind: Mapped[BonusKind]
    amount_yuan: Mapped[int] = mapped_column(Integer)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"))
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]


class QuarterApproval(Base):
    """A quarter's ledger approved by a supervisor: frozen from then on."""

    __tablename__ = "quarter_approvals"
    quarter: Mapped[str] = mapped_column(String(7), primary_key=True)
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[dt.datetime]
    total_yuan: Mapped[int] = mapped_column(Integer)


# --- clocks, supervision, extensions ------------------------------------------------


class DeadlineRule(Base):
    """A legal or internal time limit that admins may change (BRIEF §7).

    `key` names the rule (e.g. ``reply.general``); each change bumps `version` and is kept
    in `DeadlineRuleChange`, and clocks record the version they were computed from.
    """

    __tablename__ = "deadline_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(48), unique=True)
    clock_kind: Mapped[ClockKind]
    days: Mapped[int] = mapped_column(Integer)
    basis: Mapped[DayBasis]
    roll_over_holiday: Mapped[bool] = mapped_column(Boolean, default=True)
    max_extension_days: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(64))


class DeadlineRuleChange(Base):
    __tablename__ = "deadline_rule_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("deadline_rules.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime]
    clocks_recomputed: Mapped[int] = mapped_column(Integer, default=0)


class Clock(Base):
    """One legal clock on one matter: from which rule, on which day basis, due when."""

    __tablename__ = "clocks"
    __table_args__ = (
        Index("ix_clocks_state_due", "state", "due_on"),
        # "open on a day" = running, or stopped after it: both sides by index (0004)
        Index("ix_clocks_met_at", "met_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    kind: Mapped[ClockKind]
    rule_key: Mapped[str] = mapped_column(String(48))
    rule_version: Mapped[int] = mapped_column(Integer)
    basis: Mapped[DayBasis]
    days: Mapped[int] = mapped_column(Integer)
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    started_on: Mapped[dt.date]
    due_on: Mapped[dt.date]
    state: Mapped[ClockState]
    met_at: Mapped[dt.datetime | None]
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    supervision_notice_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_notices.id"))


class SupervisionNotice(Base):
    """督办单: the office presses a unit on a matter, with a deadline of its own."""

    __tablename__ = "supervision_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    text: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime]
    issued_by: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[dt.date]
    answered_at: Mapped[dt.datetime | None]
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    #: closed without an answer because its matter was closed or withdrawn
    closed_at: Mapped[dt.datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}


class MatterPackage(Base):
    """领导包案 (seed 001, "four fixes"): a leader takes charge of a major matter with
    measures, a time limit and a responsible person. One package per matter; every change
    is a `MatterEvent` ("packaged" / "package_changed") with its before and after."""

    __tablename__ = "matter_packages"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), unique=True)
    leader: Mapped[str] = mapped_column(String(100))
    measures: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date]
    responsible: Mapped[str] = mapped_column(String(100))
    packaged_at: Mapped[dt.datetime]
    packaged_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}


class Extension(Base):
    """An approved extension of the conclusion limit (at most once, at most 30 days)."""

    __tablename__ = "extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), unique=True)
    days: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[dt.datetime]


# --- users, settings, calendar ------------------------------------------------------


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[Role]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    password_hash: Mapped[str] = mapped_column(String(128))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    #: Set with a temporary password: the console asks for a new one before anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_sign_in_at: Mapped[dt.datetime | None]


class ChangeLog(Base):
    """Who changed which field of a non-matter record, when, from what to what, and why:
    settings, routing rules, agents' fields, petitioners' identity, users and units.
    Append-only, like the matters' event log."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_key", "changed_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_key: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime]
    reason: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """Office-specific settings in one place (mode, simulated today, thresholds, radius)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(64))


class CalendarDay(Base):
    """A day that differs from the plain Monday-Friday rule: a holiday or a make-up workday.

    Days not listed are working days from Monday to Friday and rest days at weekends.
    """

    __tablename__ = "calendar_days"
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    is_working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(64))
    source: Mapped[CalendarSource]


class CalendarYear(Base):
    """Whether a year's official schedule is in `calendar_days` (else dates are provisional)."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    verified: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[CalendarSource]
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(64))
