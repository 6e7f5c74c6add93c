"""`cameramap backup OUT` and `cameramap restore IN`: consistent copies of the registry database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, has_app_context

from ..config import Settings, SettingsError, load
from ..domain.errors import DomainError
from ..extensions import settings
from ..services import backup as service


def _config() -> Settings:
    """The settings as create_app reads them, without creating the app: that would migrate (or
    seed) the database first, and fail when a restore target does not exist yet."""
    if has_app_context():
        return settings()
    try:
        return load(Flask("cameramap").instance_path)[0]
    except SettingsError as err:
        raise click.ClickException(str(err)) from None


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(out: Path) -> None:
    """Write a consistent copy of the live database to OUT (SQLite file or pg_dump custom format)."""
    config = _config()
    try:
        result = service.backup(config.database_url, out)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"backup of the {result.backend} database written to {result.path} ({result.size} bytes)")
    click.echo(f"photos are files: copy {config.media_dir} as well")


@click.command("restore")
@click.argument("src", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore_command(src: Path, force: bool) -> None:
    """Restore the database from a backup IN made by `cameramap backup` (same backend)."""
    try:
        backend = service.restore(_config().database_url, src, force=force)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"restored the {backend} database from {src}; `cameramap db upgrade` brings an older "
               "schema up to date")


def register(group: click.Group) -> None:
    group.add_command(backup_command)
    group.add_command(restore_command)
