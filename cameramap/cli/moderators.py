"""`cameramap moderator add|list|disable|enable|password|sessions`: moderator accounts (passwords are
asked, never arguments)."""

from __future__ import annotations

import click

from ..domain.errors import DomainError
from ..extensions import db
from ..services.moderation import accounts, sessions
from .transaction import unit_of_work_command


@click.group("moderator")
def moderator_group() -> None:
    """Moderator accounts."""


@moderator_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="moderator", show_default=True)
@click.password_option("--password", prompt="Password", confirmation_prompt=True,
                       help="Asked interactively when not given (at least 12 characters).")
@unit_of_work_command
def add_command(name: str, role: str, password: str) -> None:
    """Create the moderator NAME."""
    try:
        moderator = accounts.add_moderator(db.session(), name, password, role)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"moderator {moderator.name!r} added with role {moderator.role}")


@moderator_group.command("list")
@unit_of_work_command
def list_command() -> None:
    """Every moderator: name, role, active or disabled, open sessions."""
    session = db.session()
    counts = sessions.open_counts(session)
    for moderator in accounts.all_moderators(session):
        state = "active" if moderator.active else "disabled"
        click.echo(f"{moderator.name}\t{moderator.role}\t{state}\t{counts.get(moderator.id, 0)} sessions")


def _found(name: str):
    try:
        return accounts.find(db.session(), name)
    except DomainError as err:
        raise click.ClickException(err.message) from None


@moderator_group.command("disable")
@click.argument("name")
@unit_of_work_command
def disable_command(name: str) -> None:
    """Disable NAME: no more log-ins, and its sessions end."""
    ended = accounts.set_active(db.session(), _found(name), False)
    click.echo(f"moderator {name!r} disabled; {ended} sessions ended")


@moderator_group.command("enable")
@click.argument("name")
@unit_of_work_command
def enable_command(name: str) -> None:
    """Enable NAME again."""
    accounts.set_active(db.session(), _found(name), True)
    click.echo(f"moderator {name!r} enabled")


@moderator_group.command("password")
@click.argument("name")
@click.password_option("--password", prompt="New password", confirmation_prompt=True,
                       help="Asked interactively when not given (at least 12 characters).")
@unit_of_work_command
def password_command(name: str, password: str) -> None:
    """Set the password of NAME; every session of NAME ends."""
    try:
        ended = accounts.set_password(db.session(), _found(name), password)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"password of {name!r} set; {ended} sessions ended")


@moderator_group.command("sessions")
@click.argument("name")
@click.option("--end", "end", is_flag=True, help="End every session of NAME (log it out everywhere).")
@unit_of_work_command
def sessions_command(name: str, end: bool) -> None:
    """Show (or with --end, end) the open sessions of NAME."""
    moderator = _found(name)
    if end:
        click.echo(f"{sessions.end_all(db.session(), moderator.id)} sessions of {name!r} ended")
    else:
        click.echo(f"{sessions.open_counts(db.session()).get(moderator.id, 0)} open sessions of {name!r}")


def register(group: click.Group) -> None:
    group.add_command(moderator_group)
