"""The public progress page: the right pair shows progress without personal data; a wrong
pair looks like an unknown case; guessing is slowed down."""

import dataclasses
import datetime as dt
import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, update

from core.cases import progress
from core.cases.progress import (
    FIRST_WAIT_SECONDS,
    FREE_ATTEMPTS,
    GLOBAL_FAILURES_PER_MINUTE,
    MAX_DELAY_SECONDS,
    LookupResult,
    client_from_request,
    client_tag,
    lookup,
    purge_old_failures,
)
from core.cases.query_code import hash_query_code, query_code_matches
from core.cases.triage import TriageDecision, triage
from core.cases.workflow import record_reply
from core.config import AppConfig, ConfigError, lookup_key
from core.vocab import MatterState, TriageOutcome
from db.models import LookupFailure, Matter
from tests.factories import make_matter, make_place
from tests.intake_fixtures import ACTOR, TODAY, build_place, petitioner, registered

NOW = dt.datetime(2026, 3, 16, 4, 0, tzinfo=dt.UTC)
ME = "198.51.100.7"
ATTACKER = "203.0.113.66"


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def _lookup(database, case_number, code, now=NOW, client=None):
    with database.write() as s:
        return lookup(s, case_number, code, now, client)


@pytest.fixture
def simple(database):
    """A place for matters made directly (not through intake)."""
    with database.write() as s:
        return make_place(s)


def _case_with_code(database, simple) -> tuple[str, str]:
    """A matter and its query code."""
    with database.write() as s:
        matter = make_matter(s, simple, received=TODAY)
        case, code = matter.case_number, f"CODE{matter.id:04d}"
        s.execute(
            update(Matter)
            .where(Matter.id == matter.id)
            .values(query_code_hash=hash_query_code(case, code))
        )
    return case, code


def test_the_right_pair_shows_stage_dates_unit_and_reply_but_nothing_personal(database, place):
    saved = registered(database, place, petitioners=[petitioner(7)])
    result = _lookup(database, saved.case_number, saved.query_code.lower())
    assert result.view.stage is MatterState.REGISTERED and result.retry_after_seconds == 0
    assert result.view.reply_text is None
    person = petitioner(7)
    shown = " ".join(str(v) for v in dataclasses.asdict(result.view).values())
    for secret in (person.name, person.id_number, person.phone):
        assert secret not in shown


def test_the_reply_and_handling_unit_appear_once_given(database, place):
    saved = registered(database, place)
    matter_id = saved.matter_id
    with database.write() as s:
        triage(
            s,
            matter_id,
            s.get(Matter, matter_id).version,
            TriageDecision(TriageOutcome.ASSIGN_UNIT, unit_id=place.department_id),
            ACTOR,
            TODAY,
        )
    with database.write() as s:
        record_reply(s, matter_id, s.get(Matter, matter_id).version, "已督促支付工资。", ACTOR)
    view = _lookup(database, saved.case_number, saved.query_code).view
    assert (view.stage, view.handling_unit, view.reply_text) == (
        MatterState.REPLIED,
        "区人力社保局",
        "已督促支付工资。",
    )
    assert view.accepted_on and view.replied_on


def test_a_wrong_code_and_an_unknown_case_get_the_same_answer(database, simple):
    case, code = _case_with_code(database, simple)
    wrong_code = _lookup(database, case, "AAAAAAAA")
    unknown = _lookup(database, "500107-2026-999999", code)
    assert wrong_code == unknown
    assert wrong_code.view is None and wrong_code.retry_after_seconds == 0


def test_a_clients_repeated_failures_are_slowed_down_and_the_wait_grows(database, simple):
    case, code = _case_with_code(database, simple)
    for _ in range(FREE_ATTEMPTS - 1):
        assert _lookup(database, case, "WRONG", client=ME).retry_after_seconds == 0
    last_free = _lookup(database, case, "WRONG", client=ME)
    assert last_free.retry_after_seconds == FIRST_WAIT_SECONDS
    during = _lookup(database, case, code, NOW + dt.timedelta(seconds=10), client=ME)
    assert during.view is None and during.retry_after_seconds == FIRST_WAIT_SECONDS - 10
    after = NOW + dt.timedelta(seconds=FIRST_WAIT_SECONDS)
    next_wrong = _lookup(database, case, "WRONG", after, client=ME)
    assert next_wrong.retry_after_seconds == 2 * FIRST_WAIT_SECONDS  # the wait grows
    later = after + dt.timedelta(seconds=2 * FIRST_WAIT_SECONDS)
    assert _lookup(database, case, code, later, client=ME).view is not None


def test_others_guesses_never_keep_the_petitioner_out(database, simple):
    case, code = _case_with_code(database, simple)
    for n in range(50):
        assert _lookup(database, case, "WRONG", client=f"203.0.113.{n}").view is None
    mine = _lookup(database, case, code, client=ME)
    assert mine.view is not None and mine.view.case_number == case
    assert mine.retry_after_seconds == 0
    assert 0 < mine.delay_seconds <= MAX_DELAY_SECONDS, "a small delay, never a refusal"


def test_one_client_guessing_across_many_cases_waits_and_another_client_does_not(database, simple):
    cases = [_case_with_code(database, simple) for _ in range(FREE_ATTEMPTS + 3)]
    answers = [_lookup(database, c, "WRONG", client=ATTACKER) for c, _code in cases]
    assert [a.retry_after_seconds > 0 for a in answers[FREE_ATTEMPTS:]] == [True] * 3
    case, code = cases[-1]
    refused = _lookup(database, case, code, client=ATTACKER)
    assert refused.view is None and refused.retry_after_seconds > 0, "nothing compared"
    other = _lookup(database, case, code, client=ME)
    assert other.view is not None and other.retry_after_seconds == 0


def test_an_ipv6_client_is_one_client_across_its_64(database, simple):
    cases = [_case_with_code(database, simple) for _ in range(FREE_ATTEMPTS + 1)]
    for n, (case, _code) in enumerate(cases):
        result = _lookup(database, case, "WRONG", client=f"2001:db8:1:2::{n + 1:x}")
    assert result.retry_after_seconds > 0
    assert client_tag("2001:db8:1:2::1") == client_tag("2001:db8:1:2:ffff::9")
    assert client_tag("::ffff:198.51.100.7") == client_tag("198.51.100.7")


def test_many_failures_overall_slow_every_answer_a_little(database, simple):
    case, code = _case_with_code(database, simple)
    with database.write() as s:
        for n in range(2 * GLOBAL_FAILURES_PER_MINUTE):
            s.add(LookupFailure(case_number=f"X-{n}", failed_at=NOW, client=f"c{n}"))
    result = _lookup(database, case, code, NOW + dt.timedelta(seconds=5), client=ME)
    assert result.view is not None and result.retry_after_seconds == 0
    assert 1 <= result.delay_seconds <= MAX_DELAY_SECONDS
    a_minute_later = NOW + dt.timedelta(minutes=2)
    assert _lookup(database, case, code, a_minute_later, client=ME).delay_seconds == 0


def test_the_client_is_taken_from_the_proxy_headers_only_when_the_proxy_is_trusted():
    headers = {"X-Forwarded-For": "198.51.100.9, 203.0.113.5", "X-Real-IP": "203.0.113.6"}
    assert client_from_request(headers, "10.0.0.2", trusted_proxy=False) == "10.0.0.2"
    assert client_from_request(headers, "10.0.0.2", trusted_proxy=True) == "203.0.113.5"
    real_ip_only = {"x-real-ip": "203.0.113.6"}
    assert client_from_request(real_ip_only, "10.0.0.2", trusted_proxy=True) == "203.0.113.6"
    assert client_from_request({}, None, trusted_proxy=True) is None


def test_only_a_keyed_hash_of_the_client_is_stored(database, simple):
    case, _code = _case_with_code(database, simple)
    _lookup(database, case, "WRONG", client="198.51.100.7")
    with database.read() as s:
        stored = s.scalars(select(LookupFailure.client)).all()
    assert stored == [client_tag("198.51.100.7")]
    assert "198.51.100.7" not in stored[0]
    assert client_tag("198.51.100.7", b"k" * 32) != stored[0]


def test_failures_older_than_a_day_are_purged(database, simple):
    case, _code = _case_with_code(database, simple)
    with database.write() as s:
        s.add(LookupFailure(case_number=case, failed_at=NOW - dt.timedelta(days=2), client="x"))
        s.add(LookupFailure(case_number=case, failed_at=NOW - dt.timedelta(hours=2), client="y"))
    _lookup(database, "UNKNOWN-1", "WRONG", client=ME)
    with database.read() as s:
        kept = s.scalars(select(LookupFailure.client).order_by(LookupFailure.id)).all()
    assert kept == ["y", client_tag(ME)]
    with database.write() as s:
        assert purge_old_failures(s, NOW + dt.timedelta(days=2)) == 2


def test_stored_codes_are_keyed_hashes_not_sha256_of_case_and_code():
    key, other_key = b"a" * 40, b"b" * 40
    stored = hash_query_code("500107-2026-000001", "YUANDAYE", key)
    plain = hashlib.sha256(b"500107-2026-000001:YUANDAYE").hexdigest()
    assert plain not in stored and len(stored) <= 128
    assert query_code_matches("500107-2026-000001", "yuan daye", stored, key)
    assert not query_code_matches("500107-2026-000001", "YUANDAYE", stored, other_key)
    assert not query_code_matches("500107-2026-000002", "YUANDAYE", stored, key)
    assert query_code_matches("500107-2026-000001", "YUANDAYE", plain), "old hashes still work"


def test_production_needs_a_lookup_key():
    env = {"PETITION_MODE": "production", "PETITION_COOKIE_KEY": "k" * 40}
    with pytest.raises(ConfigError, match="PETITION_LOOKUP_KEY"):
        lookup_key(env)
    with pytest.raises(ConfigError, match="PETITION_LOOKUP_KEY"):
        lookup_key({**env, "PETITION_LOOKUP_KEY": "short"})
    assert lookup_key({**env, "PETITION_LOOKUP_KEY": "s" * 32}) == b"s" * 32
    trusted = AppConfig.from_env({**env, "PETITION_LOOKUP_KEY": "s" * 32})
    assert not trusted.trusted_proxy
    proxied = {**env, "PETITION_LOOKUP_KEY": "s" * 32, "PETITION_TRUSTED_PROXY": "1"}
    assert AppConfig.from_env(proxied).trusted_proxy


def test_parallel_guesses_of_one_client_are_all_counted(database, simple, monkeypatch):
    """The old count was racy: 40 parallel requests compared 12 codes against 3 allowed."""
    case, _code = _case_with_code(database, simple)
    compared = []
    real_matches = progress.query_code_matches

    def counting(*args):
        compared.append(1)
        time.sleep(0.01)  # widen the window a race would need
        return real_matches(*args)

    monkeypatch.setattr(progress, "query_code_matches", counting)
    threads = 24
    barrier = threading.Barrier(threads)

    def guess(n: int) -> LookupResult:
        barrier.wait()
        return _lookup(database, case, f"WRONG{n}", client=ATTACKER)

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(guess, range(threads)))
    assert len(compared) == FREE_ATTEMPTS, "no more pairs compared than allowed"
    assert sum(r.retry_after_seconds > 0 for r in results) == threads - FREE_ATTEMPTS + 1
    with database.read() as s:
        recorded = s.scalar(select(func.count()).select_from(LookupFailure))
    assert recorded == len(compared), "every compared guess is counted"
