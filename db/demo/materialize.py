"""Turn matter plans into rows: matters, submissions, petitioners, agreements, the event log,
extensions, supervision notices and the case-number sequences.

Matters get ids and case numbers in received order ("500107-<year>-<6 digits>" per year);
every matter gets the events of its whole history, each with the state before and after,
so the last event's after-state is the matter's state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.cases.query_code import ALPHABET, LENGTH, hash_query_code
from core.config import lookup_key
from core.vocab import Channel
from core.vocab import MatterState as S
from db.demo.context import SeedContext, to_local
from db.demo.places import DISTRICT_CODE
from db.demo.plan import MatterPlan
from db.demo.units import LIAISON_UNIT
from db.models import (
    AgencyAgreement,
    CaseNumberSequence,
    Extension,
    Matter,
    MatterEvent,
    Petitioner,
    Submission,
    SubmissionPetitioner,
    SupervisionNotice,
)

CLERK, SUPERVISOR, LIAISON, SYSTEM = "clerk", "supervisor", "liaison", "system"
ONLINE = (Channel.AGENT_ONLINE, Channel.WEB_DIRECT)
SCOPE = "代为反映{topic}相关诉求，跟踪办理进度，送达书面答复意见书并收集评价"
TOPIC_WORDS = {
    "land": "征地拆迁",
    "labour": "劳动社保",
    "construction": "城乡建设",
    "environment": "生态环境",
    "agriculture": "农业农村",
    "civil_affairs": "民政救助",
    "health": "卫生健康",
    "education": "教育",
    "law_related": "涉法涉诉",
    "enterprise": "企业改制",
    "other": "其他",
}
EVENT_KIND = {
    S.REGISTERED: "registered",
    S.TRIAGED: "triaged",
    S.NOT_ACCEPTED: "not_accepted",
    S.ACCEPTED: "accepted",
    S.ASSIGNED: "assigned",
    S.IN_HANDLING: "handling_started",
    S.REPLIED: "replied",
    S.DELIVERED: "delivered",
    S.RATED: "rated",
    S.CLOSED: "closed",
    S.WITHDRAWN: "withdrawn",
}


def write_plans(ctx: SeedContext, plans: list[MatterPlan]) -> dict[str, str]:
    """Adds every row to `ctx.rows`; returns case numbers by story key ("yuan", "lin")."""
    rng = ctx.rng("query-codes")
    key = lookup_key()  # resolved once for the ~3,000 codes
    units = ctx.facts["units_by_code"]
    plans = sorted(plans, key=lambda p: (p.received_at, p.key))
    ids = {p.key: i for i, p in enumerate(plans, start=1)}
    per_year: dict[int, int] = {}
    petitioner_ids: dict[int, int] = {}
    agreements: dict[tuple[int, int], int] = {}
    events: list[dict[str, Any]] = []
    stories: dict[str, str] = {}
    for p in plans:
        matter_id = ids[p.key]
        year = to_local(p.received_at).year
        per_year[year] = per_year.get(year, 0) + 1
        case_number = f"{DISTRICT_CODE}-{year}-{per_year[year]:06d}"
        code = p.query_code or "".join(rng.choice(ALPHABET) for _ in range(LENGTH))
        if "story" in p.reasons:
            stories[p.reasons["story"]] = case_number
        for person in p.people:
            if id(person) not in petitioner_ids:
                petitioner_ids[id(person)] = len(petitioner_ids) + 1
                person.id = petitioner_ids[id(person)]
                ctx.add(
                    Petitioner,
                    {
                        "id": person.id,
                        "name": person.name,
                        "id_number": person.id_number,
                        "phone": person.phone,
                        "address": person.address,
                        "village_id": person.village_id,
                    },
                )
        unit = units[p.unit_code] if p.unit_code and S.ASSIGNED in p.times else None
        accused = units[p.accused_unit_code] if p.accused_unit_code else None
        t = p.times
        rated = S.RATED in t
        ctx.add(
            Matter,
            {
                "id": matter_id,
                "case_number": case_number,
                "query_code_hash": hash_query_code(case_number, code, key),
                "state": p.state,
                "content_type": p.content_type,
                "topic": p.topic,
                "urgency": p.urgency,
                "summary": p.summary,
                "full_text": p.full_text,
                "town_id": p.town_id,
                "village_id": p.village_id,
                "cluster_id": p.cluster_id,
                "headcount": p.headcount,
                "is_collective": p.headcount >= 5,
                "risk_collective": p.risk_collective,
                "risk_skip_level": p.risk_skip_level,
                "risk_repeat": len(p.filings) > 1,
                "risk_emotion": p.risk_emotion,
                "agent_proxied": p.agent_proxied,
                "received_at": p.received_at,
                "registered_at": t[S.REGISTERED],
                "triage_outcome": p.outcome if S.TRIAGED in t else None,
                "triage_note": p.triage_note if S.TRIAGED in t else None,
                "redirect_to": p.redirect_to if S.TRIAGED in t else None,
                "accepted_at": t.get(S.ACCEPTED),
                "unit_id": unit["id"] if unit else None,
                "accused_unit_id": accused["id"] if accused else None,
                "assigned_at": t.get(S.ASSIGNED),
                "linked_matter_id": ids.get(p.linked_key) if p.linked_key else None,
                "review_level": p.review_level,
                "reply_text": p.reply_text if S.REPLIED in t else None,
                "replied_at": t.get(S.REPLIED),
                "delivered_at": t.get(S.DELIVERED),
                "unit_rating": p.unit_rating if rated else None,
                "agent_rating": p.agent_rating if rated else None,
                "ceased": p.ceased if rated else False,
                "rated_at": t.get(S.RATED),
                "closed_at": t.get(S.CLOSED),
                "version": 1,
            },
        )
        submission_ids = _submissions(ctx, rng, p, matter_id, agreements)
        events.extend(
            _events(
                rng,
                p,
                matter_id,
                case_number,
                unit,
                submission_ids,
                ids.get(p.linked_key) if p.linked_key else None,
                ctx.cutoff,
            )
        )
        if p.extension:
            days, approved, reason = p.extension
            ctx.add(
                Extension,
                {
                    "id": len(ctx.rows[Extension]) + 1,
                    "matter_id": matter_id,
                    "days": days,
                    "reason": reason,
                    "approved_by": SUPERVISOR,
                    "approved_at": approved,
                },
            )
        for issued, due_on, text, answered, answer in p.supervision:
            ctx.add(
                SupervisionNotice,
                {
                    "id": len(ctx.rows[SupervisionNotice]) + 1,
                    "matter_id": matter_id,
                    "unit_id": unit["id"],
                    "text": text,
                    "issued_at": issued,
                    "issued_by": SUPERVISOR,
                    "due_on": due_on,
                    "answered_at": answered,
                    "answer": answer,
                },
            )
    events.sort(key=lambda e: (e["occurred_at"], e["matter_id"], e.pop("_seq")))
    for i, e in enumerate(events, start=1):
        e["id"] = i
        ctx.add(MatterEvent, e)
    for year, last in sorted(per_year.items()):
        ctx.add(
            CaseNumberSequence, {"district_code": DISTRICT_CODE, "year": year, "last_value": last}
        )
    return stories


def _submissions(ctx, rng, p: MatterPlan, matter_id: int, agreements) -> list[int]:
    out = []
    for n, filing in enumerate(p.filings):
        sub_id = len(ctx.rows[Submission]) + 1
        person = p.people[0]
        agreement_id = None
        if filing.agent_id is not None:
            key = (filing.agent_id, person.id)
            if key not in agreements:
                signed = to_local(filing.at).date() - dt.timedelta(days=rng.randint(0, 5))
                agreements[key] = len(ctx.rows[AgencyAgreement]) + 1
                ctx.add(
                    AgencyAgreement,
                    {
                        "id": agreements[key],
                        "number": f"JLPWT-{signed.year}-{agreements[key]:05d}",
                        "petitioner_id": person.id,
                        "agent_id": filing.agent_id,
                        "signed_on": signed,
                        "scope": p.reasons.get("scope") or SCOPE.format(topic=TOPIC_WORDS[p.topic]),
                    },
                )
            agreement_id = agreements[key]
        if filing.channel in ONLINE:
            recorded_at, recorded_by = filing.at, SYSTEM
        elif n == 0:
            # Paper forms, letters, calls and visits are typed in just before registration.
            entered = p.times[S.REGISTERED] - dt.timedelta(minutes=rng.randint(1, 20))
            recorded_at, recorded_by = max(filing.at, entered), CLERK
        else:
            recorded_at, recorded_by = filing.at + dt.timedelta(minutes=rng.randint(5, 60)), CLERK
        recorded_at = min(recorded_at, ctx.cutoff - dt.timedelta(minutes=1))
        recorded_at = max(recorded_at, filing.at)
        ctx.add(
            Submission,
            {
                "id": sub_id,
                "matter_id": matter_id,
                "channel": filing.channel,
                "agent_id": filing.agent_id,
                "agreement_id": agreement_id,
                "entered_for_paper_agent": filing.channel is Channel.AGENT_PAPER,
                "is_repeat": filing.is_repeat,
                "headcount": p.headcount if n == 0 or p.headcount >= 5 else 1,
                "submitted_at": filing.at,
                "recorded_at": recorded_at,
                "recorded_by": recorded_by,
            },
        )
        people = p.people if n == 0 else p.people[:1]
        for person in people:
            ctx.add(
                SubmissionPetitioner,
                {
                    "submission_id": sub_id,
                    "petitioner_id": person.id,
                    "is_representative": person.is_representative,
                },
            )
        out.append(sub_id)
    return out


def _iso(value):
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _events(rng, p: MatterPlan, matter_id, case_number, unit, submission_ids, linked_id, cutoff):
    out: list[dict[str, Any]] = []
    liaison_unit = unit is not None and unit["code"] == LIAISON_UNIT

    def add(kind, actor, at, before, after, reason=None, delay_min=(0, 15)):
        recorded = at + dt.timedelta(minutes=rng.randint(*delay_min))
        out.append(
            {
                "matter_id": matter_id,
                "kind": kind,
                "actor": actor,
                "occurred_at": at,
                "recorded_at": recorded,
                "reason": p.reasons.get(kind, reason),
                "before": {k: _iso(v) for k, v in before.items()},
                "after": {k: _iso(v) for k, v in after.items()},
                "_seq": len(out),
            }
        )

    prev = None
    channel = p.filings[0].channel
    for step, at in sorted(p.times.items(), key=lambda kv: kv[1]):
        before = {"state": prev.value if prev else None}
        after: dict[str, Any] = {"state": step.value}
        actor, reason = CLERK, None
        if step is S.REGISTERED:
            actor = SYSTEM if channel in ONLINE else CLERK
            after |= {
                "case_number": case_number,
                "channel": channel.value,
                "topic": p.topic.value,
                "urgency": p.urgency.value,
                "agent_proxied": p.agent_proxied,
                "headcount": p.headcount,
                "risk_collective": p.risk_collective,
                "risk_skip_level": p.risk_skip_level,
                "risk_emotion": p.risk_emotion,
            }
            if p.review_level:
                after |= {"review_level": p.review_level, "linked_matter_id": linked_id}
        elif step is S.TRIAGED:
            after["triage_outcome"] = p.outcome.value if p.outcome else None
        elif step is S.NOT_ACCEPTED:
            after |= {"triage_outcome": p.outcome.value, "redirect_to": p.redirect_to}
            if linked_id:
                after["linked_matter_id"] = linked_id
            reason = p.triage_note
        elif step is S.ACCEPTED:
            after["accepted_at"] = at
        elif step is S.ASSIGNED:
            before["unit_id"] = None
            after |= {"unit_id": unit["id"], "unit_code": unit["code"], "assigned_at": at}
        elif step is S.IN_HANDLING:
            actor = LIAISON if liaison_unit else SYSTEM
        elif step is S.REPLIED:
            actor = LIAISON if liaison_unit else CLERK
            after["replied_at"] = at
        elif step is S.DELIVERED:
            after["delivered_at"] = at
        elif step is S.RATED:
            after |= {
                "unit_rating": _iso(p.unit_rating and p.unit_rating.value),
                "agent_rating": p.agent_rating.value if p.agent_rating else None,
                "ceased": p.ceased,
            }
        elif step is S.WITHDRAWN:
            reason = p.withdraw_reason
        delay = (30, 600) if step in (S.DELIVERED, S.RATED) else (0, 15)
        add(EVENT_KIND[step], actor, at, before, after, reason, delay)
        prev = step
    if p.extension:
        days, approved, reason = p.extension
        s = p.state_at(approved).value
        add(
            "extension_approved",
            SUPERVISOR,
            approved,
            {"state": s, "extension_days": 0},
            {"state": s, "extension_days": days},
            reason,
        )
    for issued, due_on, text, _answered, _answer in p.supervision:
        s = p.state_at(issued).value
        add(
            "supervision_issued",
            SUPERVISOR,
            issued,
            {"state": s},
            {"state": s, "unit_id": unit["id"], "supervision_due_on": due_on},
            text,
        )
    for n, (filing, sub_id) in enumerate(zip(p.filings[1:], submission_ids[1:])):
        s = p.state_at(filing.at).value
        add(
            "repeat_filed",
            SYSTEM if filing.channel in ONLINE else CLERK,
            filing.at,
            {"state": s, "risk_repeat": n > 0},
            {
                "state": s,
                "risk_repeat": True,
                "submission_id": sub_id,
                "channel": filing.channel.value,
            },
            "同一事项重复反映",
        )
    # No record lands after the seeding cut-off or before what it records.
    for e in out:
        latest = min(e["recorded_at"], cutoff - dt.timedelta(minutes=1))
        e["recorded_at"] = max(e["occurred_at"], latest)
    return out
