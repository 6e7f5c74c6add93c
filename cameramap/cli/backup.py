"""`cameramap backup OUT` and `cameramap restore IN`: consistent copies of the registry database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, has_app_context

from ..domain.errors import DomainError
from ..services import backup as service


def _config() -> dict[str, Any]:
    """The settings as create_app reads them, without creating the app: that would migrate (or
    seed) the database first, and fail when a restore target does not exist yet."""
    if has_app_context():
        return dict(current_app.config)
    from .. import config as settings

    return settings.load(Flask("cameramap").instance_path)


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(out: Path) -> None:
    """Write a consistent copy of the live database to OUT (SQLite file or pg_dump custom format)."""
    config = _config()
    try:
        result = service.backup(str(config["DATABASE_URL"]), out)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"backup of the {result.backend} database written to {result.path} ({result.size} bytes)")
    click.echo(f"photos are files: copy {config.get('MEDIA_DIR') or 'the media folder'} as well")


@click.command("restore")
@click.argument("src", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
def restore_command(src: Path, force: bool) -> None:
    """Restore the database from a backup IN made by `cameramap backup` (same backend)."""
    try:
        backend = service.restore(str(_config()["DATABASE_URL"]), src, force=force)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"restored the {backend} database from {src}; `cameramap db upgrade` brings an older "
               "schema up to date")


def register(group: click.Group) -> None:
    group.add_command(backup_command)
    group.add_command(restore_command)
