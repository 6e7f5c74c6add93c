"""Moderator sessions (OWASP ASVS 3.x): held server-side, ended at log-out, a new session and CSRF token
at log-in, a remember-me token per log-in, nothing derived from the client's address in the cookie,
and log-in attempts bounded per account across many addresses."""

from __future__ import annotations

import hashlib

import pytest

from cameramap.protection.ratelimits import limiter
from cameramap.services.moderation import accounts
from tests.functional.moderation.conftest import PASSWORD
from tests.functional.submissions.helpers import csrf_token

ADDRESS, BROWSER = "203.0.113.7", "Mozilla/5.0 (test browser)"


def login(client, name: str = "mod-ann", password: str = PASSWORD, remember: bool = False,
          address: str = ADDRESS):
    environ = {"REMOTE_ADDR": address}
    headers = {"User-Agent": BROWSER}
    token = csrf_token(client.get("/moderate/login", environ_overrides=environ, headers=headers)
                       .get_data(as_text=True))
    data = {"name": name, "password": password, "csrf_token": token} | ({"remember": "y"} if remember else {})
    return client.post("/moderate/login", data=data, environ_overrides=environ, headers=headers)


def cookie(client, name: str) -> str | None:
    found = client.get_cookie(name)
    return found.value if found else None


def session_data(app, client) -> dict:
    return app.session_interface.get_signing_serializer(app).loads(cookie(client, "session"))


def logged_in(app, **cookies: str) -> bool:
    """Whether a fresh client carrying only these cookies reaches the queue."""
    fresh = app.test_client()
    for name, value in cookies.items():
        fresh.set_cookie(name, value)
    return fresh.get("/moderate").status_code == 200


def logout(client) -> None:
    token = csrf_token(client.get("/moderate").get_data(as_text=True))
    assert client.post("/moderate/logout", data={"csrf_token": token}).status_code == 303


def test_logout_ends_the_session_and_the_remember_cookie(sclient, submission_app, moderator):
    assert login(sclient, remember=True).status_code == 303
    old_session, old_remember = cookie(sclient, "session"), cookie(sclient, "remember_token")
    assert old_session and old_remember
    assert logged_in(submission_app, session=old_session)
    assert logged_in(submission_app, remember_token=old_remember)
    logout(sclient)
    assert not logged_in(submission_app, session=old_session)
    assert not logged_in(submission_app, remember_token=old_remember)


def test_remember_token_is_new_at_every_login(submission_app, session, moderator):
    first, second = submission_app.test_client(), submission_app.test_client()
    login(first, remember=True)
    login(second, remember=True)
    assert cookie(first, "remember_token") != cookie(second, "remember_token")
    logout(first)  # ends one log-in only
    assert logged_in(submission_app, remember_token=cookie(second, "remember_token"))


def test_login_starts_a_new_session_with_a_new_csrf_token(sclient, submission_app, moderator):
    sclient.get("/moderate/login")
    before = session_data(submission_app, sclient)
    assert before.get("csrf_token")
    with sclient.session_transaction() as stored:
        stored["planted"] = "by someone before the log-in"
    login(sclient)
    after = session_data(submission_app, sclient)
    assert "planted" not in after
    sclient.get("/moderate")
    assert session_data(submission_app, sclient)["csrf_token"] != before["csrf_token"]


def test_the_session_cookie_holds_nothing_derived_from_the_address(sclient, submission_app, moderator):
    login(sclient, remember=True)
    data = session_data(submission_app, sclient)
    flask_login_id = hashlib.sha512(f"{ADDRESS}|{BROWSER}".encode()).hexdigest()
    values = " ".join(str(value) for value in data.values())
    assert flask_login_id not in values and ADDRESS not in values
    assert not data.get("_id")
    assert data["_user_id"] and not data["_user_id"].isdigit()  # a session token, not the account id


def test_a_new_password_or_disabling_ends_other_sessions(submission_app, session, moderator):
    first, second = submission_app.test_client(), submission_app.test_client()
    login(first)
    login(second)
    accounts.set_password(session, moderator, "another long password")
    assert first.get("/moderate").status_code == 302 and second.get("/moderate").status_code == 302
    login(first, password="another long password")
    accounts.set_active(session, moderator, False)
    assert first.get("/moderate").status_code == 302
    assert login(first, password="another long password").status_code == 200


@pytest.fixture
def account_limited(submission_app, configure):
    configure(submission_app, RATE_LIMIT_LOGIN="1000 per hour", RATE_LIMIT_LOGIN_ACCOUNT="3 per hour")
    limiter.reset()
    yield submission_app
    limiter.reset()


def test_guesses_from_many_addresses_are_bounded_per_account(account_limited, session, moderator):
    accounts.add_moderator(session, "mod-bob", PASSWORD)
    client = account_limited.test_client()
    for n in range(3):
        assert login(client, password=f"guess {n}", address=f"198.51.100.{n}").status_code == 200
    refused = login(client, address="198.51.100.99")  # even the right password waits
    assert refused.status_code == 429
    assert login(client, name="mod-bob", address="198.51.100.99").status_code == 303


def test_successful_logins_do_not_spend_the_account_budget(account_limited, session, moderator):
    for _ in range(5):
        assert login(account_limited.test_client()).status_code == 303
