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
