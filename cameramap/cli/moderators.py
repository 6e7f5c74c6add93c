"""`cameramap moderator add NAME`: create a moderator account (the password is asked, never an argument)."""

from __future__ import annotations

import click

from ..domain.errors import DomainError
from ..extensions import db
from ..services.moderation import accounts
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


def register(group: click.Group) -> None:
    group.add_command(moderator_group)
