"""`cameramap export`: cameras with source and licence per record, as GeoJSON, CSV, GeoPackage or KML."""

from __future__ import annotations

import click

from ..domain.errors import DomainError
from ..domain.geo import BBox
from ..extensions import db
from ..services.exports.formats import FORMATS, export_cameras
from .transaction import unit_of_work_command


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="geojson", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--bbox", help="minlon,minlat,maxlon,maxlat")
@click.option("--source", help="Only cameras with a record from this source.")
@unit_of_work_command
def export_command(fmt: str, output: str, bbox: str | None, source: str | None) -> None:
    """Export cameras (each with its sources and licences)."""
    try:
        count = export_cameras(db.session(), fmt, output, BBox.parse(bbox) if bbox else None, source)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"exported {count} cameras to {output}")


def register(group: click.Group) -> None:
    group.add_command(export_command)
