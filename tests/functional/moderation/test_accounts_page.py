"""The admins' page of moderator accounts: admins add, disable, enable, reset and log out moderators;
moderators get 403 there."""

from __future__ import annotations

import pytest

from cameramap.services.moderation import accounts
from tests.functional.moderation.conftest import PASSWORD
from tests.functional.moderation.test_sessions import login
from tests.functional.submissions.helpers import csrf_token


@pytest.fixture
def admin(session):
    return accounts.add_moderator(session, "adm-zoe", PASSWORD, role="admin")


def post(client, url: str, **data):
    token = csrf_token(client.get("/moderate/accounts").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_moderators_get_403(sclient, moderator, admin):
    login(sclient)
    assert sclient.get("/moderate/accounts").status_code == 403
    token = csrf_token(sclient.get("/moderate").get_data(as_text=True))
    url = f"/moderate/accounts/{admin.id}/disable"
    assert sclient.post(url, data={"csrf_token": token}).status_code == 403
    assert sclient.post("/moderate/accounts", data={"csrf_token": token, "name": "x",
                                                    "password": PASSWORD}).status_code == 403
    assert admin.active and "Accounts" not in sclient.get("/moderate").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(sclient, admin):
    assert sclient.get("/moderate/accounts").status_code == 302


def test_admin_adds_disables_enables_and_resets(sclient, session, submission_app, moderator, admin):
    login(sclient, "adm-zoe")
    assert "/moderate/accounts" in sclient.get("/moderate").get_data(as_text=True)
    added = post(sclient, "/moderate/accounts", name="mod-new", password="a long new password",
                 role="moderator")
    assert added.status_code == 303
    assert "mod-new" in sclient.get("/moderate/accounts").get_data(as_text=True)
    assert accounts.authenticate(session, "mod-new", "a long new password") is not None

    ann = submission_app.test_client()
    login(ann)
    assert ann.get("/moderate").status_code == 200
    assert post(sclient, f"/moderate/accounts/{moderator.id}/disable").status_code == 303
    session.refresh(moderator)
    assert not moderator.active and ann.get("/moderate").status_code == 302
    assert login(ann).status_code == 200  # refused
    assert post(sclient, f"/moderate/accounts/{moderator.id}/enable").status_code == 303
    assert login(ann).status_code == 303

    reset = post(sclient, f"/moderate/accounts/{moderator.id}/password", password="reset by the admin")
    assert reset.status_code == 303
    assert ann.get("/moderate").status_code == 302  # the reset ended Ann's session
    assert login(ann, password="reset by the admin").status_code == 303
    assert post(sclient, f"/moderate/accounts/{moderator.id}/end-sessions").status_code == 303
    assert ann.get("/moderate").status_code == 302


def test_admin_mistakes_are_explained(sclient, session, moderator, admin):
    login(sclient, "adm-zoe")
    short = post(sclient, f"/moderate/accounts/{moderator.id}/password", password="short")
    assert short.status_code == 303
    assert "at least 12 characters" in sclient.get("/moderate/accounts").get_data(as_text=True)
    post(sclient, f"/moderate/accounts/{admin.id}/disable")
    session.refresh(admin)
    assert admin.active and sclient.get("/moderate/accounts").status_code == 200
    duplicate = post(sclient, "/moderate/accounts", name="mod-ann", password="a long new password")
    assert duplicate.status_code == 303
    assert "exists" in sclient.get("/moderate/accounts").get_data(as_text=True)
    assert post(sclient, "/moderate/accounts/999999/disable").status_code == 303


def test_admin_ends_own_other_sessions_but_stays_logged_in(submission_app, session, admin):
    here, elsewhere = submission_app.test_client(), submission_app.test_client()
    login(here, "adm-zoe")
    login(elsewhere, "adm-zoe")
    assert post(here, f"/moderate/accounts/{admin.id}/end-sessions").status_code == 303
    assert here.get("/moderate").status_code == 200 and elsewhere.get("/moderate").status_code == 302
