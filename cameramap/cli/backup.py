"""`cameramap backup OUT` and `cameramap restore IN`: consistent copies of the registry database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..domain.errors import DomainError
from ..services import backup as service


def _url() -> str:
    return str(current_app.config["DATABASE_URL"])


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(out: Path) -> None:
    """Write a consistent copy of the live database to OUT (SQLite file or pg_dump custom format)."""
    try:
        result = service.backup(_url(), out)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"backup of the {result.backend} database written to {result.path} ({result.size} bytes)")
    click.echo(f"photos are files: copy {current_app.config.get('MEDIA_DIR') or 'the media folder'} too")


@click.command("restore")
@click.argument("src", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore_command(src: Path, force: bool) -> None:
    """Restore the database from a backup IN made by `cameramap backup` (same backend)."""
    try:
        backend = service.restore(_url(), src, force=force)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"restored the {backend} database from {src}; run `cameramap db upgrade` if it is older")


def register(group: click.Group) -> None:
    group.add_command(backup_command)
    group.add_command(restore_command)
