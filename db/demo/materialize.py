"""Turn matter plans into rows: matters, submissions, petitioners, agreements, the event log,
extensions, supervision notices and the case-number sequences.

Matters get ids and case numbers in received order ("500107-<year>-<6 digits>" per year);
every matter gets the events of its whole history, built with the use cases' own code
(`core.cases.workflow.step_event`): same kinds, same before/after fields, and the matter row
is what replaying its events gives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.cases.intake import REGISTERED_FIELDS
from core.cases.query_code import ALPHABET, LENGTH, hash_query_code
from core.cases.workflow import plain, step_changes, step_event
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
        linked_id = ids.get(p.linked_key) if p.linked_key else None
        if linked_id is not None and linked_id >= matter_id:
            # rows go in in id order: a link must point at a matter already written
            raise ValueError(f"matter plan {p.key} links to a later matter ({p.linked_key})")
        unit = units[p.unit_code] if p.unit_code and S.ASSIGNED in p.times else None
        accused = units[p.accused_unit_code] if p.accused_unit_code else None
        t = p.times
        rated = S.RATED in t
        row = ctx.add(
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
                "linked_matter_id": linked_id,
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
        notice_ids = [
            len(ctx.rows[SupervisionNotice]) + n for n in range(1, len(p.supervision) + 1)
        ]
        matter_events, fields = _events(rng, p, row, unit, submission_ids, notice_ids, ctx.cutoff)
        events.extend(matter_events)
        # the row is what its event log says (`core.cases.replay` checks this)
        row.update({name: value for name, value in fields.items() if name in row})
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


def _events(rng, p: MatterPlan, row: dict[str, Any], unit, submission_ids, notice_ids, cutoff):
    """The matter's event log, built like the use cases build it (`core.cases.workflow`):
    the registration's fields, then one event per step named after the state it leads to,
    holding the before/after of exactly the fields the step changes. Returns the events and
    the matter's fields as the last event leaves them (the row is written from them)."""
    out: list[dict[str, Any]] = []
    liaison_unit = unit is not None and unit["code"] == LIAISON_UNIT
    matter_id = row["id"]

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
                "before": {k: plain(v) for k, v in before.items()},
                "after": {k: plain(v) for k, v in after.items()},
                "_seq": len(out),
            }
        )

    channel = p.filings[0].channel
    t = p.times
    current = {
        **{name: row[name] for name in REGISTERED_FIELDS},
        "state": S.REGISTERED,
        "registered_at": t[S.REGISTERED],
        "ceased": False,
    }
    for step, at in sorted(t.items(), key=lambda kv: kv[1]):
        actor, reason, delay = CLERK, None, (0, 15)
        if step is S.REGISTERED:
            actor = SYSTEM if channel in ONLINE else CLERK
            after = {name: current[name] for name in REGISTERED_FIELDS}
            # a registration is dated when the item was received, like `core.cases.intake`
            add("registered", actor, p.received_at, {}, after)
            continue
        changes: dict[str, Any] = {}
        if step is S.TRIAGED:
            changes = {"triage_outcome": p.outcome, "triage_note": p.triage_note}
            if p.redirect_to:
                changes["redirect_to"] = p.redirect_to
            if p.state is S.NOT_ACCEPTED:
                reason = p.triage_note
        elif step is S.ASSIGNED:
            changes = step_changes(step, at, unit_id=unit["id"])
        elif step is S.REPLIED:
            actor = LIAISON if liaison_unit else CLERK
            changes = step_changes(step, at, reply_text=p.reply_text)
        elif step is S.RATED:
            changes = step_changes(
                step,
                at,
                unit_rating=p.unit_rating,
                agent_rating=p.agent_rating,
                ceased=p.ceased,
            )
        else:
            changes = step_changes(step, at)
        if step is S.IN_HANDLING:
            actor = LIAISON if liaison_unit else SYSTEM
        elif step is S.WITHDRAWN:
            reason = p.withdraw_reason
        if step in (S.DELIVERED, S.RATED):
            delay = (30, 600)
        kind, before, after = step_event(current, step, changes)
        current.update(after)
        add(kind, actor, at, before, after, reason, delay)
    if p.extension:
        days, approved, reason = p.extension
        add("extension_approved", SUPERVISOR, approved, {}, {"extension_days": days}, reason)
    for n, (issued, due_on, text, answered, _answer) in enumerate(p.supervision, start=1):
        notice = {"notice_id": notice_ids[n - 1]}
        add(
            "supervision_issued",
            SUPERVISOR,
            issued,
            {},
            {**notice, "unit_id": unit["id"], "due_on": due_on},
            text,
        )
        if answered is not None:
            on_time = to_local(answered).date() <= due_on
            actor = LIAISON if liaison_unit else CLERK
            add("supervision_answered", actor, answered, {}, {**notice, "on_time": on_time})
    for filing, _sub_id in zip(p.filings[1:], submission_ids[1:], strict=True):
        add(
            "repeat_filed",
            SYSTEM if filing.channel in ONLINE else CLERK,
            filing.at,
            {},
            {
                "channel": filing.channel,
                "agent_id": filing.agent_id,
                "headcount": p.headcount if p.headcount >= 5 else 1,
            },
        )
    # No record lands after the seeding cut-off or before what it records.
    for e in out:
        latest = min(e["recorded_at"], cutoff - dt.timedelta(minutes=1))
        e["recorded_at"] = max(e["occurred_at"], latest)
    return out, current
