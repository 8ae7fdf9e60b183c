"""Repeat and duplicate detection before saving, and the repeat-petition rate."""

import datetime as dt

import pytest

from core.cases.duplicates import find_candidates, normalise_text, repeat_petition_rate, similarity
from core.cases.intake import Decision
from tests.intake_fixtures import TODAY, build_place, petitioner, registered, walk_in

SUMMARY = "华润二十四城3栋楼顶漏水，物业公司一直不修，要求尽快维修！"
RETYPED = "华润 二十四城 ３栋 楼顶漏水 物业公司一直不修  要求尽快维修。"


@pytest.fixture
def place(database):
    with database.write() as s:
        return build_place(s)


def test_normalising_drops_punctuation_spaces_and_full_width_forms():
    assert normalise_text("ＡＢＣ，１２３！ 你好。") == "abc123你好"
    assert normalise_text(SUMMARY) == normalise_text(RETYPED)


def test_similarity_works_on_chinese_text():
    assert similarity(SUMMARY, RETYPED) == 1.0
    assert similarity(SUMMARY, "区人社局拖欠社保补贴，要求核查发放") < 0.2


def test_a_repeat_typed_with_other_punctuation_and_spacing_is_found(database, place):
    first = registered(
        database, place, summary=SUMMARY, full_text="", petitioners=[petitioner(1)]
    ).matter_id
    registered(
        database,
        place,
        summary="区人社局拖欠社保补贴，要求核查发放",
        full_text="",
        petitioners=[petitioner(2)],
    )
    stranger = walk_in(place, summary=RETYPED, full_text="", petitioners=[petitioner(3)])
    with database.read() as s:
        found = find_candidates(s, stranger, TODAY)
    assert found.same_petitioner == []
    assert [c.matter_id for c in found.similar] == [first]
    assert found.similar[0].score == 1.0 and found.similar[0].may_repeat


def test_similar_matters_are_searched_only_in_the_village_and_the_last_90_days(database, place):
    registered(
        database,
        place,
        summary=SUMMARY,
        petitioners=[petitioner(1)],
        received_on=TODAY - dt.timedelta(days=120),
    )
    registered(
        database,
        place,
        summary=SUMMARY,
        petitioners=[petitioner(2)],
        town_id=place.other_town_id,
        village_id=place.other_village_id,
        cluster_id=None,
    )
    with database.read() as s:
        assert not find_candidates(
            s, walk_in(place, summary=RETYPED, petitioners=[petitioner(3)]), TODAY
        ).any


def test_same_petitioner_by_resident_id_or_by_name_and_phone(database, place):
    by_id = registered(database, place, petitioners=[petitioner(1)]).matter_id
    by_phone = registered(
        database, place, summary="另一件事", petitioners=[petitioner(2, id_number="")]
    ).matter_id
    with database.read() as s:
        same_id = find_candidates(
            s, walk_in(place, petitioners=[petitioner(1, phone="13999999999", name="张一")]), TODAY
        )
        same_phone = find_candidates(
            s,
            walk_in(place, petitioners=[petitioner(2, id_number="", phone="138 0000 0002")]),
            TODAY,
        )
    assert [c.matter_id for c in same_id.same_petitioner] == [by_id]
    assert [c.matter_id for c in same_phone.same_petitioner] == [by_phone]


def test_repeat_rate_is_computed_from_the_links(database, place):
    first = registered(database, place).matter_id
    registered(database, place, Decision.repeat_of(first))
    registered(database, place, summary="别的事")
    registered(database, place, summary="更早的事", received_on=TODAY - dt.timedelta(days=30))
    with database.read() as s:
        rate = repeat_petition_rate(s, TODAY - dt.timedelta(days=7), TODAY)
    assert (rate.submissions, rate.repeats) == (3, 1)
    assert rate.rate == pytest.approx(1 / 3)
