"""`cameramap moderator add NAME` asks for the password and stores only an argon2 hash."""

from __future__ import annotations

from sqlalchemy import select

from cameramap.cli import main
from cameramap.storage.submissions import Moderator


def test_moderator_add_prompts_for_the_password(app, session):
    runner = app.test_cli_runner()
    secret = "a long enough password"
    result = runner.invoke(
        main, ["moderator", "add", "carol", "--role", "admin"], input=f"{secret}\n{secret}\n"
    )
    assert result.exit_code == 0, result.output
    assert "carol" in result.output and secret not in result.output
    row = session.scalar(select(Moderator).where(Moderator.name == "carol"))
    assert row.role == "admin" and row.password_hash.startswith("$argon2id$")


def test_short_password_is_refused(app, session):
    result = app.test_cli_runner().invoke(main, ["moderator", "add", "dave"], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 12 characters" in result.output


def _run(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(main, ["moderator", *args], input=input)


def test_list_disable_enable_password_and_end_sessions(app, session):
    from cameramap.services.moderation import accounts, sessions

    ann = accounts.add_moderator(session, "ann", "a long enough password")
    sessions.start(session, ann, remember=True)
    token = sessions.start(session, ann, remember=False)
    session.commit()
    listed = _run(app, "list")
    assert listed.exit_code == 0 and "ann\tmoderator\tactive\t2 sessions" in listed.output
    assert "2 sessions of 'ann' ended" in _run(app, "sessions", "ann", "--end").output
    assert sessions.moderator_for(session, token) is None

    token = sessions.start(session, ann, remember=False)
    session.commit()
    assert _run(app, "disable", "ann").exit_code == 0
    session.refresh(ann)
    assert not ann.active and sessions.moderator_for(session, token) is None
    assert "disabled" in _run(app, "list").output
    assert _run(app, "enable", "ann").exit_code == 0
    session.refresh(ann)
    assert ann.active

    token = sessions.start(session, ann, remember=False)
    session.commit()
    changed = _run(app, "password", "ann", input="a brand new password\na brand new password\n")
    assert changed.exit_code == 0 and "1 sessions ended" in changed.output
    assert sessions.moderator_for(session, token) is None
    assert accounts.authenticate(session, "ann", "a brand new password") is not None
    unknown = _run(app, "disable", "nobody")
    assert unknown.exit_code != 0 and "no moderator named 'nobody'" in unknown.output
