"""The `cameramap` console script: thin commands over the services."""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask
from flask.cli import FlaskGroup

from .. import create_app
from ..config import SettingsError

# Command -> the module under cameramap.cli whose register() adds it. A command's module is imported
# when the command runs (or --help lists them), so `cameramap serve` forks its workers without the
# importers, geocoders and exporters the other commands bring.
COMMANDS = {
    "db": "db", "demo": "db", "serve": "serve", "backup": "backup", "restore": "backup",
    "gazetteer": "geocode", "geocode": "geocode", "import": "imports", "export": "export",
    "moderator": "moderators", "areas": "areas", "compare": "compare", "operators": "operators",
    "basemap": "basemap", "streets": "streets", "deployments": "deployments",
}


def _app(**_kwargs: object) -> Flask:
    """The app for a command; a bad setting ends the command with its message (exit status 1)."""
    try:
        return create_app()
    except SettingsError as err:
        raise click.ClickException(str(err)) from None


class _Commands(FlaskGroup):
    """Flask's group (it makes the app for each command) with our commands only, each module imported
    when its command is asked for: none of Flask's options (--app, --env-file, --debug) and none of the
    plugins' commands (Flask-Limiter's `limiter`)."""

    def __init__(self, **extra: object) -> None:
        super().__init__(**extra)  # type: ignore[arg-type]
        self.params = [param for param in self.params if param.name not in {"env_file", "app", "debug"}]

    def _register(self, module: str) -> None:
        import_module(f"{__name__}.{module}").register(self)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            self._register(COMMANDS[name])
        return click.Group.get_command(self, ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in sorted(set(COMMANDS.values())):
            self._register(module)
        return click.Group.list_commands(self, ctx)


@click.group(cls=_Commands, create_app=_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """cameramap: a transparency map of surveillance cameras."""
