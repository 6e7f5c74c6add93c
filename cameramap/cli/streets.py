"""`cameramap streets import FILE` and `cameramap streets info`: the network for exposure and routes."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..extensions import db
from ..services.exposure import streets as service
from ..storage.streets import network_row
from .transaction import unit_of_work_command


@click.group("streets")
def streets_group() -> None:
    """The street network (foot, bike, car) that exposure and routing use."""


@streets_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-buildings", is_flag=True, help="Skip building footprints (sectors are then not cut).")
@unit_of_work_command
def import_command(path: Path, no_buildings: bool) -> None:
    """Replace the street network by an OSM file's (PBF or XML), with its building footprints."""
    try:
        summary = service.import_streets(db.session(), path, buildings=not no_buildings)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"streets version {summary.version}: {summary.ways} ways, {summary.buildings} buildings "
               f"({summary.cut} ways cut at the extract's edge)")


@streets_group.command("info")
@with_appcontext
def info_command() -> None:
    """The loaded network: version, source, ways and buildings."""
    row = network_row(db.session())
    if row is None:
        click.echo("no street network; load one with `cameramap streets import FILE`")
        return
    click.echo(f"version {row.version}: {row.ways} ways, {row.buildings} buildings from {row.source} "
               f"({row.imported_at:%Y-%m-%d %H:%M})")


def demo_streets(session: Session) -> None:
    """Load Helsinki's streets from the demo extract when no network is loaded (the caller commits)."""
    summary = service.load_demo_streets(session)
    if summary is not None:
        click.echo(f"loaded the Helsinki street network: {summary.ways} ways, {summary.buildings} buildings")


def register(group: click.Group) -> None:
    group.add_command(streets_group)
