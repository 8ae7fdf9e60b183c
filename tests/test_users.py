import pytest

from core.errors import UserError
from core.users import (
    create_user,
    credentials,
    locked_until,
    record_failed_sign_in,
    record_successful_sign_in,
)
from core.vocab import Role


def test_five_wrong_passwords_lock_the_account(database):
    with database.write() as s:
        create_user(s, "clerk1", "correct-horse", Role.CLERK)
    for attempt in range(4):
        with database.write() as s:
            assert record_failed_sign_in(s, "clerk1") is None, attempt
    with database.write() as s:
        until = record_failed_sign_in(s, "clerk1")
    assert until is not None
    with database.read() as s:
        assert locked_until(s, "clerk1") == until
        # the sign-in form gets a hash that the real password no longer matches
        import bcrypt

        stored = credentials(s)["usernames"]["clerk1"]["password"]
        assert not bcrypt.checkpw(b"correct-horse", stored.encode())


def test_success_resets_the_count(database):
    with database.write() as s:
        create_user(s, "clerk2", "correct-horse", Role.CLERK)
    for _ in range(4):
        with database.write() as s:
            record_failed_sign_in(s, "clerk2")
    with database.write() as s:
        record_successful_sign_in(s, "clerk2")
    with database.write() as s:
        assert record_failed_sign_in(s, "clerk2") is None


@pytest.mark.parametrize(
    "username,password,role,key",
    [
        ("X", "long-enough", "clerk", "error.username_format"),
        ("okname", "short", "clerk", "error.password_short"),
        ("okname", "long-enough", "boss", "error.unknown_role"),
        ("okname", "long-enough", "unit_liaison", "error.liaison_needs_unit"),
    ],
)
def test_create_user_refuses_bad_input(database, username, password, role, key):
    with database.write() as s, pytest.raises(UserError) as err:
        create_user(s, username, password, role)
    assert err.value.key == key
