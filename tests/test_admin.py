"""Administration use cases (issue 13): users, units and places, on SQLite and PostgreSQL.

Every rule is in core and holds for any caller: administrators only, the last active
administrator stays, a unit with open matters stays active, every change is logged."""

from __future__ import annotations

import datetime as dt

import bcrypt
import pytest
from sqlalchemy import select

from core.admin import places as admin_places
from core.admin import units as admin_units
from core.admin import users as admin_users
from core.errors import UserError, ValidationErrors
from core.users import create_user, credentials, get_user, record_failed_sign_in
from core.vocab import MatterState, Role, UnitLevel
from db.models import Cluster, Unit, User
from tests.actors import ADMIN, CLERK, SUPERVISOR, actor
from tests.factories import make_matter, make_place

DAY = dt.date(2026, 10, 12)


@pytest.fixture
def office(database):
    """The place of the factories and one real administrator (plus a clerk)."""
    with database.write() as s:
        place = make_place(s)
        create_user(s, "admin", "admin-password", Role.ADMIN)
        create_user(s, "clerk", "clerk-password", Role.CLERK)
        ids = place.unit.id, place.town_unit.id, place.town.id, place.village.id
    return database, ids


def _user(s, username) -> User:
    return s.scalar(select(User).where(User.username == username))


def test_create_a_liaison_with_a_temporary_password_logged(office):
    database, (unit_id, *_rest) = office
    with database.write() as s:
        admin_users.create_account(
            s, ADMIN, "liaison2", "temp-pass-1", Role.UNIT_LIAISON, unit_id=unit_id
        )
    with database.read() as s:
        user = _user(s, "liaison2")
        assert user.unit_id == unit_id and user.must_change_password and user.is_active
        assert get_user(s, "liaison2").must_change_password
        log = admin_users.user_history(s, ADMIN, "liaison2")
        assert set(log["field"]) >= {"role", "unit_id", "is_active", "password"}
        assert set(log["actor"]) == {"admin"}
        assert "temp-pass-1" not in set(log["new_value"].dropna())
        table = admin_users.users_table(s, ADMIN).set_index("username")
        assert table.loc["liaison2", "unit"] == "区人力社保局"


def test_a_liaison_needs_a_unit(office):
    database, _ = office
    with database.write() as s, pytest.raises(UserError) as err:
        admin_users.create_account(s, ADMIN, "liaison3", "temp-pass-1", Role.UNIT_LIAISON)
    assert err.value.key == "error.liaison_needs_unit"


@pytest.mark.parametrize("who", [CLERK, SUPERVISOR, actor("liaison", unit_id=1)])
def test_only_administrators_manage_users_units_places(office, who):
    database, (unit_id, _t, town_id, _v) = office
    calls = [
        lambda s: admin_users.create_account(s, who, "newbie", "long-enough", Role.CLERK),
        lambda s: admin_users.set_active(s, who, "clerk", False),
        lambda s: admin_users.unlock(s, who, "clerk"),
        lambda s: admin_users.set_temporary_password(s, who, "clerk", "long-enough"),
        lambda s: admin_users.users_table(s, who),
        lambda s: admin_units.set_unit_active(s, who, unit_id, False),
        lambda s: admin_units.rename_unit(s, who, unit_id, "新名称"),
        lambda s: admin_places.update_town(s, who, town_id, name="x镇", lat=29.5, lon=106.5),
    ]
    for call in calls:
        with database.write() as s, pytest.raises(UserError) as err:
            call(s)
        assert err.value.key == "error.not_allowed"


def test_disable_and_enable_never_delete(office):
    database, _ = office
    with database.write() as s:
        admin_users.set_active(s, ADMIN, "clerk", False)
    with database.read() as s:
        assert _user(s, "clerk") is not None and not _user(s, "clerk").is_active
        assert get_user(s, "clerk") is None, "a disabled user cannot sign in"
        assert "clerk" not in credentials(s)["usernames"]
    with database.write() as s:
        admin_users.set_active(s, ADMIN, "clerk", True)
    with database.read() as s:
        assert get_user(s, "clerk") is not None
        log = admin_users.user_history(s, ADMIN, "clerk")
        assert list(log["new_value"]) == ["true", "false"]


def test_the_last_active_administrator_cannot_be_disabled_or_demoted(office):
    database, _ = office
    other = actor("root")  # an acting admin without an account of its own
    for call in (
        lambda s: admin_users.set_active(s, other, "admin", False),
        lambda s: admin_users.set_role(s, other, "admin", Role.CLERK),
    ):
        with database.write() as s, pytest.raises(UserError) as err:
            call(s)
        assert err.value.key == "error.last_admin"
    with database.write() as s:
        admin_users.create_account(s, ADMIN, "admin2", "long-enough", Role.ADMIN)
    with database.write() as s:
        admin_users.set_role(s, other, "admin", Role.SUPERVISOR)
    with database.read() as s:
        assert _user(s, "admin").role is Role.SUPERVISOR
    with database.write() as s, pytest.raises(UserError) as err:
        admin_users.set_active(s, other, "admin2", False)
    assert err.value.key == "error.last_admin"


def test_nobody_disables_their_own_account(office):
    database, _ = office
    with database.write() as s:
        admin_users.create_account(s, ADMIN, "admin2", "long-enough", Role.ADMIN)
    with database.write() as s, pytest.raises(UserError) as err:
        admin_users.set_active(s, ADMIN, "admin", False)
    assert err.value.key == "error.cannot_disable_self"


def test_unlock_lifts_the_lock_and_is_logged(office):
    database, _ = office
    for _ in range(5):
        with database.write() as s:
            record_failed_sign_in(s, "clerk")
    with database.read() as s:
        assert _user(s, "clerk").locked_until is not None
    with database.write() as s:
        admin_users.unlock(s, ADMIN, "clerk")
    with database.read() as s:
        assert _user(s, "clerk").locked_until is None
        log = admin_users.user_history(s, ADMIN, "clerk")
        assert list(log["field"]) == ["locked_until"] and log["new_value"].isna().all()


def test_a_temporary_password_must_be_changed_with_the_old_one(office):
    database, _ = office
    with database.write() as s:
        admin_users.set_temporary_password(s, ADMIN, "clerk", "temporary-1")
    with database.read() as s:
        user = _user(s, "clerk")
        assert user.must_change_password
        assert bcrypt.checkpw(b"temporary-1", user.password_hash.encode())
        me = get_user(s, "clerk")
    with database.write() as s, pytest.raises(UserError) as err:
        admin_users.change_own_password(s, me, "wrong-old", "my-own-secret")
    assert err.value.key == "error.old_password_wrong"
    with database.write() as s, pytest.raises(UserError) as err:
        admin_users.change_own_password(s, me, "temporary-1", "short")
    assert err.value.key == "error.password_short"
    with database.write() as s:
        admin_users.change_own_password(s, me, "temporary-1", "my-own-secret")
    with database.read() as s:
        user = _user(s, "clerk")
        assert not user.must_change_password
        assert bcrypt.checkpw(b"my-own-secret", user.password_hash.encode())
        fields = list(admin_users.user_history(s, ADMIN, "clerk")["new_value"])
        assert fields == ["changed", "temporary"]


def test_a_unit_with_open_matters_cannot_be_deactivated(office):
    database, (unit_id, town_unit_id, *_r) = office
    with database.write() as s:
        place = make_place_again(s)
        make_matter(
            s, place, received=DAY, state=MatterState.IN_HANDLING, unit=s.get(Unit, unit_id)
        )
        make_matter(s, place, received=DAY, state=MatterState.ASSIGNED, unit=s.get(Unit, unit_id))
        make_matter(
            s,
            place,
            received=DAY,
            closed=DAY,
            state=MatterState.CLOSED,
            unit=s.get(Unit, town_unit_id),
        )
    with database.write() as s, pytest.raises(UserError) as err:
        admin_units.set_unit_active(s, ADMIN, unit_id, False)
    assert err.value.key == "error.unit_has_open_matters" and err.value.params["count"] == 2
    with database.write() as s:  # closed matters do not hold a unit
        admin_units.set_unit_active(s, ADMIN, town_unit_id, False)
    with database.read() as s:
        assert not s.get(Unit, town_unit_id).is_active
        assert s.get(Unit, unit_id).is_active
        table = admin_units.units_table(s, ADMIN).set_index("unit_id")
        assert table.loc[unit_id, "open_matters"] == 2
        log = admin_units.unit_history(s, ADMIN, "XJW")
        assert list(log["field"]) == ["is_active"]
    # no new liaison for a deactivated unit
    with database.write() as s, pytest.raises(UserError) as err:
        admin_users.create_account(
            s, ADMIN, "liaison4", "long-enough", Role.UNIT_LIAISON, unit_id=town_unit_id
        )
    assert err.value.key == "error.unit_inactive"


def make_place_again(s):
    """The factories' place, re-read (make_place was called by the fixture)."""
    from db.models import District, Town, Village
    from tests.factories import Place

    units = {u.code: u for u in s.scalars(select(Unit))}
    return Place(
        s.scalars(select(District)).one(),
        s.scalars(select(Town)).one(),
        s.scalars(select(Village)).one(),
        units["HRSS"],
        units["XJW"],
    )


def test_add_and_rename_a_unit_logged(office):
    database, (_u, _tu, town_id, _v) = office
    with database.write() as s:
        unit = admin_units.add_unit(s, ADMIN, "d-tax", "区税务局", UnitLevel.DISTRICT_DEPARTMENT)
        unit_id = unit.id
    with database.write() as s:
        admin_units.rename_unit(s, ADMIN, unit_id, "国家税务总局九龙坡区税务局")
    with database.read() as s:
        assert s.get(Unit, unit_id).code == "D-TAX"
        log = admin_units.unit_history(s, ADMIN, "D-TAX")
        renamed = log[log["field"] == "name"].iloc[0]
        assert renamed["old_value"] == "区税务局" and renamed["actor"] == "admin"
    with database.write() as s, pytest.raises(ValidationErrors) as errs:
        admin_units.add_unit(s, ADMIN, "D-TAX", "区人力社保局", UnitLevel.TOWN_GOVERNMENT)
    keys = {e.key for e in errs.value.errors}
    assert keys == {"error.unit_code_taken", "error.unit_name_taken", "error.unit_needs_town"}


def test_closest_units_for_a_typo(office):
    database, _ = office
    with database.read() as s:
        assert admin_units.closest_units(s, "HRS")[0] == ("HRSS", "区人力社保局")
        assert admin_units.closest_units(s, "谢家湾")[0][0] == "XJW"


def test_edit_a_cluster_converts_and_logs(office):
    database, (_u, _tu, town_id, village_id) = office
    with database.write() as s:
        cluster = Cluster(
            village_id=village_id,
            code="500107001001001",
            name="一组",
            kind="villager_group",
            lat=29.5,
            lon=106.5,
            households=10,
            population=30,
        )
        s.add(cluster)
        s.flush()
        cluster_id = cluster.id
    with database.write() as s:
        changed = admin_places.update_cluster(
            s, ADMIN, cluster_id, name="一组", households=12, population=30, lat=29.5, lon=106.5
        )
    assert changed == 1
    with database.write() as s, pytest.raises(ValidationErrors) as errs:
        admin_places.update_cluster(
            s, ADMIN, cluster_id, name="", households=-1, population=30, lat=99, lon=106.5
        )
    assert {e.field for e in errs.value.errors} == {"name", "households", "lat"}
    with database.read() as s:
        assert s.get(Cluster, cluster_id).households == 12
        log = admin_places.place_history(s, ADMIN)
        assert list(log["field"]) == ["households"] and list(log["new_value"]) == ["12"]
        found = admin_places.clusters_table(s, ADMIN, "一组")
        assert list(found["code"]) == ["500107001001001"]
