"""The plan of one seeded matter, before it becomes rows: who, what, where, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.vocab import (
    Channel,
    ContentType,
    MatterState,
    Rating,
    Topic,
    TriageOutcome,
    Urgency,
)


@dataclass
class PersonPlan:
    name: str
    gender: str
    id_number: str | None
    phone: str | None
    address: str
    village_id: int
    is_representative: bool = False
    id: int = 0  # set when the rows are written


@dataclass
class FilingPlan:
    """One submission of the matter (the first opens it; later ones are repeats)."""

    channel: Channel
    at: dt.datetime
    agent_id: int | None = None
    is_repeat: bool = False


@dataclass
class MatterPlan:
    key: int
    state: MatterState
    topic: Topic
    content_type: ContentType
    urgency: Urgency
    town_id: int
    village_id: int
    cluster_id: int | None
    received_at: dt.datetime
    times: dict[MatterState, dt.datetime]
    filings: list[FilingPlan]
    people: list[PersonPlan]
    summary: str
    full_text: str
    headcount: int = 1
    risk_collective: bool = False
    risk_skip_level: bool = False
    risk_emotion: bool = False
    outcome: TriageOutcome | None = None
    triage_note: str | None = None
    redirect_to: str | None = None
    unit_code: str | None = None
    accused_unit_code: str | None = None
    linked_key: int | None = None
    review_level: int = 0
    reply_text: str | None = None
    unit_rating: Rating | None = None
    agent_rating: Rating | None = None
    ceased: bool = False
    withdraw_reason: str | None = None
    extension: tuple[int, dt.datetime, str] | None = None  # days, approved at, reason
    supervision: list[tuple[dt.datetime, dt.date, str, dt.datetime | None, str | None]] = field(
        default_factory=list
    )  # issued at, due on, text, answered at, answer
    query_code: str | None = None
    #: Reason and actor overrides per event kind (the stories tell their own).
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def agent_proxied(self) -> bool:
        return self.filings[0].agent_id is not None

    def state_at(self, moment: dt.datetime) -> MatterState:
        """The state the matter was in at `moment` (after every step up to it)."""
        current = None
        for step, at in sorted(self.times.items(), key=lambda kv: kv[1]):
            if at <= moment:
                current = step
        return current or MatterState.REGISTERED

    @property
    def last_time(self) -> dt.datetime:
        return max(self.times.values())
