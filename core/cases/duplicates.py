"""Catching repeats before a submission is saved, and the repeat-petition rate.

Two kinds of candidates are shown to the clerk: matters of the same petitioner (same
resident ID, or same name and phone) that are still open or may still be reviewed, and
matters from the same village in the last 90 days whose text is similar. Chinese has no
spaces between words, so similarity compares character bigrams (Dice coefficient) after
normalising away what a retyping changes: full-width forms, case, punctuation, spaces.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from core.cases.intake import SubmissionDraft
from core.cases.workflow import REVIEWABLE_STATES
from core.timeutil import local_date, local_noon_utc
from core.validation import check_phone, check_resident_id, normalise_phone, normalise_resident_id
from core.vocab import OPEN_STATES, MatterState
from db.models import Matter, Petitioner, Submission, SubmissionPetitioner

SIMILAR_WINDOW_DAYS = 90
SIMILARITY_THRESHOLD = 0.5
MAX_SIMILAR = 10


def normalise_text(text: str) -> str:
    """Letters and digits only: NFKC folds full-width to half-width, then case is folded and
    punctuation (Chinese and ASCII), symbols and whitespace are dropped."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def bigrams(text: str) -> set[str]:
    norm = normalise_text(text)
    if len(norm) < 2:
        return {norm} if norm else set()
    return {norm[i : i + 2] for i in range(len(norm) - 1)}


def similarity(a: str | set[str], b: str) -> float:
    """Dice coefficient of the character-bigram sets, 0 (nothing shared) to 1 (same text);
    `a` may be given as its bigrams already, when one text is compared with many."""
    x, y = (a if isinstance(a, set) else bigrams(a)), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


@dataclass(frozen=True)
class Candidate:
    matter_id: int
    case_number: str
    state: MatterState
    summary: str
    received_on: dt.date
    review_level: int
    score: float  # text similarity; 1.0 for a same-petitioner match
    may_repeat: bool  # open: a repeat filing can be linked to it
    may_review: bool  # replied: a review request can be filed on it


@dataclass(frozen=True)
class Candidates:
    same_petitioner: list[Candidate]
    similar: list[Candidate]

    @property
    def any(self) -> bool:
        return bool(self.same_petitioner or self.similar)


def _candidate(matter: Matter, score: float) -> Candidate:
    return Candidate(
        matter_id=matter.id,
        case_number=matter.case_number,
        state=matter.state,
        summary=matter.summary,
        received_on=local_date(matter.received_at),
        review_level=matter.review_level,
        score=round(score, 3),
        may_repeat=matter.state in OPEN_STATES,
        may_review=matter.state in REVIEWABLE_STATES,
    )


def _petitioner_clause(draft: SubmissionDraft):
    clauses = []
    for p in draft.petitioners:
        if p.id_number.strip() and not check_resident_id(p.id_number):
            clauses.append(Petitioner.id_number == normalise_resident_id(p.id_number))
        if p.name.strip() and p.phone.strip() and not check_phone(p.phone):
            clauses.append(
                and_(
                    Petitioner.name == p.name.strip(),
                    Petitioner.phone == normalise_phone(p.phone),
                )
            )
    return or_(*clauses) if clauses else None


def _same_petitioner(
    session: Session, draft: SubmissionDraft, draft_text: set[str]
) -> list[Candidate]:
    clause = _petitioner_clause(draft)
    if clause is None:
        return []
    matters = session.scalars(
        select(Matter)
        .join(Submission, Submission.matter_id == Matter.id)
        .join(SubmissionPetitioner, SubmissionPetitioner.submission_id == Submission.id)
        .join(Petitioner, Petitioner.id == SubmissionPetitioner.petitioner_id)
        .where(clause, Matter.state.in_(OPEN_STATES | REVIEWABLE_STATES))
        .distinct()
        .order_by(Matter.received_at.desc())
    ).all()
    return [_candidate(m, similarity(draft_text, _matter_text(m))) for m in matters]


def _matter_text(matter: Matter) -> str:
    return f"{matter.summary}{matter.full_text}"


def _similar(
    session: Session,
    draft: SubmissionDraft,
    draft_text: set[str],
    today: dt.date,
    exclude: set[int],
) -> list[Candidate]:
    if draft.village_id is None or not draft_text:
        return []
    since = local_noon_utc(today - dt.timedelta(days=SIMILAR_WINDOW_DAYS))
    matters = session.scalars(
        select(Matter).where(Matter.village_id == draft.village_id, Matter.received_at >= since)
    )
    scored = [
        (score, m)
        for m in matters
        if m.id not in exclude
        and (score := similarity(draft_text, _matter_text(m))) >= SIMILARITY_THRESHOLD
    ]
    scored.sort(key=lambda pair: (-pair[0], -pair[1].id))
    return [_candidate(m, score) for score, m in scored[:MAX_SIMILAR]]


def find_candidates(session: Session, draft: SubmissionDraft, today: dt.date) -> Candidates:
    """What the clerk should look at before choosing new matter / repeat / review."""
    draft_text = bigrams(f"{draft.summary}{draft.full_text}")  # once, not per matter compared
    same = _same_petitioner(session, draft, draft_text)
    similar = _similar(session, draft, draft_text, today, {c.matter_id for c in same})
    return Candidates(same, similar)


@dataclass(frozen=True)
class RepeatRate:
    submissions: int
    repeats: int

    @property
    def rate(self) -> float | None:
        return self.repeats / self.submissions if self.submissions else None


def repeat_petition_rate(session: Session, since: dt.date, until: dt.date) -> RepeatRate:
    """Share of submissions received from `since` to `until` (office dates, inclusive) that
    were filed as repeats of an existing matter: counted from the links, never typed in."""
    start = local_noon_utc(since) - dt.timedelta(hours=12)
    end = local_noon_utc(until) + dt.timedelta(hours=12)
    total, repeats = session.execute(
        select(
            func.count(Submission.id),
            func.count(Submission.id).filter(Submission.is_repeat),
        ).where(Submission.submitted_at >= start, Submission.submitted_at < end)
    ).one()
    return RepeatRate(total, repeats)
