"""The `cameramap` console script: thin commands over the services."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from .. import create_app
from ..config import SettingsError
from . import areas as area_commands
from . import backup as backup_commands
from . import basemap as basemap_commands
from . import compare as compare_commands
from . import db as db_commands
from . import deployments as deployment_commands
from . import export as export_commands
from . import geocode as geocode_commands
from . import imports as import_commands
from . import moderators as moderator_commands
from . import operators as operator_commands
from . import serve as serve_commands
from . import streets as street_commands


def _app(**_kwargs: object) -> Flask:
    """The app for a command; a bad setting ends the command with its message (exit status 1)."""
    try:
        return create_app()
    except SettingsError as err:
        raise click.ClickException(str(err)) from None


class _Commands(FlaskGroup):
    """Flask's group (it makes the app for each command) with our commands only: none of Flask's options
    (--app, --env-file, --debug) and none of the plugins' commands (Flask-Limiter's `limiter`)."""

    def __init__(self, **extra: object) -> None:
        super().__init__(**extra)  # type: ignore[arg-type]
        self.params = [param for param in self.params if param.name not in {"env_file", "app", "debug"}]

    def list_commands(self, ctx: click.Context) -> list[str]:
        return click.Group.list_commands(self, ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return click.Group.get_command(self, ctx, name)


@click.group(cls=_Commands, create_app=_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """cameramap: a transparency map of surveillance cameras."""


for module in (db_commands, serve_commands, backup_commands, geocode_commands, import_commands,
               export_commands, moderator_commands, area_commands, compare_commands,
               operator_commands, basemap_commands, street_commands, deployment_commands):
    module.register(main)
