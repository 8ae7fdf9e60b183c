"""The scheme's controlled vocabulary (BRIEF §2-§7).

Every enumeration here is stored by its value in the database, so values are stable
identifiers: rename a member's label in the i18n catalogs, never its value.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    CLERK = "clerk"  # 登记员 / 办信员
    SUPERVISOR = "supervisor"  # 督办 / 科室负责人
    TRAINER = "trainer"  # 培训员
    ADMIN = "admin"
    UNIT_LIAISON = "unit_liaison"  # 承办单位联络员


class UnitLevel(enum.StrEnum):
    DISTRICT_DEPARTMENT = "district_department"
    TOWN_GOVERNMENT = "town_government"
    VILLAGE_COMMITTEE = "village_committee"
    INFORMATION_CENTRE = "information_centre"


class TownKind(enum.StrEnum):
    SUBDISTRICT = "subdistrict"  # 街道
    TOWN = "town"  # 镇


class VillageKind(enum.StrEnum):
    COMMUNITY = "community"  # 社区
    VILLAGE = "village"  # 村


class ClusterKind(enum.StrEnum):
    HOUSING_ESTATE = "housing_estate"  # 小区
    VILLAGER_GROUP = "villager_group"  # 村民小组


class AgentCategory(enum.StrEnum):
    CIVIL_SERVANT = "civil_servant"
    INSTITUTION_STAFF = "institution_staff"
    VILLAGE_CADRE = "village_cadre"
    GRADUATE_OFFICIAL = "graduate_official"
    GROUP_LEADER = "group_leader"
    VOLUNTEER = "volunteer"
    DEPUTY = "deputy"
    PROPERTY_STAFF = "property_staff"
    RESIDENT = "resident"
    LAWYER = "lawyer"


#: Categories whose members are public servants by default (no bonus, annual appraisal).
PUBLIC_SERVANT_CATEGORIES = frozenset(
    {AgentCategory.CIVIL_SERVANT, AgentCategory.INSTITUTION_STAFF}
)


class AgentStatus(enum.StrEnum):
    TRAINEE = "trainee"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RETIRED = "retired"


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


class Channel(enum.StrEnum):
    AGENT_ONLINE = "agent_online"
    AGENT_PAPER = "agent_paper"  # via the mass-service information system
    WALK_IN = "walk_in"
    LETTER = "letter"
    PHONE = "phone"
    WEB_DIRECT = "web_direct"
    VIDEO = "video"


AGENT_CHANNELS = frozenset({Channel.AGENT_ONLINE, Channel.AGENT_PAPER})


class ContentType(enum.StrEnum):
    REQUEST = "request"  # 求决
    APPEAL = "appeal"  # 申诉
    SUGGESTION = "suggestion"  # 意见建议
    ACCUSATION = "accusation"  # 揭发控告
    CONSULTATION = "consultation"  # 咨询


class Topic(enum.StrEnum):
    LAND = "land"
    LABOUR = "labour"
    CONSTRUCTION = "construction"
    ENVIRONMENT = "environment"
    AGRICULTURE = "agriculture"
    CIVIL_AFFAIRS = "civil_affairs"
    HEALTH = "health"
    EDUCATION = "education"
    LAW_RELATED = "law_related"
    ENTERPRISE = "enterprise"
    OTHER = "other"


class Urgency(enum.StrEnum):
    URGENT = "urgent"  # 1 day
    CONSULTATION = "consultation"  # 5 days
    GENERAL = "general"  # 15 days
    INVESTIGATION = "investigation"  # 30 days


class RiskSignal(enum.StrEnum):
    COLLECTIVE = "collective"
    SKIP_LEVEL = "skip_level"
    REPEAT = "repeat"
    EMOTION = "emotion"


class MatterState(enum.StrEnum):
    """Workflow states of a matter (BRIEF §6)."""

    REGISTERED = "registered"
    TRIAGED = "triaged"
    NOT_ACCEPTED = "not_accepted"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    IN_HANDLING = "in_handling"
    REPLIED = "replied"
    DELIVERED = "delivered"
    RATED = "rated"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


#: States in which a matter is still being worked on by the office or a unit.
OPEN_STATES = frozenset(
    {
        MatterState.REGISTERED,
        MatterState.TRIAGED,
        MatterState.ACCEPTED,
        MatterState.ASSIGNED,
        MatterState.IN_HANDLING,
        MatterState.REPLIED,
        MatterState.DELIVERED,
    }
)


class TriageOutcome(enum.StrEnum):
    """The seven 'look at the problem' outcomes (BRIEF §6)."""

    HANDLE_LOCALLY = "handle_locally"
    ASSIGN_UNIT = "assign_unit"
    COORDINATE = "coordinate"
    OTHER_CHANNEL = "other_channel"
    ALREADY_HANDLING = "already_handling"
    REVIEW = "review"
    CONCLUDED_OR_UNREASONABLE = "concluded_or_unreasonable"


class BonusKind(enum.StrEnum):
    """Why an agent was paid (以奖代补, BRIEF §4)."""

    PROXIED = "proxied"  # ¥10 per successfully proxied submission
    BASICALLY_SATISFIED = "basically_satisfied"  # +¥5
    SATISFIED_CEASED = "satisfied_ceased"  # +¥20
    ADJUSTMENT = "adjustment"  # a correction to an approved quarter


class ReviewLevel(enum.IntEnum):
    ORIGINAL = 0
    REVIEW = 1  # 复查
    RE_REVIEW = 2  # 复核 (final)


class Rating(enum.StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"


class DeliveryMethod(enum.StrEnum):
    """How the written reply reached the petitioner (送达方式)."""

    IN_PERSON = "in_person"  # 当面送达
    POST = "post"  # 邮寄送达
    ONLINE = "online"  # 网上送达


class DayBasis(enum.StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class ClockKind(enum.StrEnum):
    ACCEPTANCE = "acceptance"
    REPLY = "reply"
    CONCLUSION = "conclusion"
    SUPERVISION = "supervision"
    REVIEW_REQUEST_WINDOW = "review_request_window"
    REVIEW_ANSWER = "review_answer"
    RE_REVIEW_REQUEST_WINDOW = "re_review_request_window"
    RE_REVIEW_ANSWER = "re_review_answer"
    INTERNAL_ASSIGN = "internal_assign"
    INTERNAL_FEEDBACK = "internal_feedback"
    INTERNAL_CHECK = "internal_check"
    INTERNAL_REPLY = "internal_reply"
    PACKAGE = "package"  # a leader's case package (领导包案): its own time limit


class ClockState(enum.StrEnum):
    RUNNING = "running"
    MET = "met"
    BREACHED = "breached"
    CANCELLED = "cancelled"


class CalendarSource(enum.StrEnum):
    OFFICIAL = "official"  # seeded from the State Council schedule (chinesecalendar)
    ADMIN = "admin"  # entered by an administrator
