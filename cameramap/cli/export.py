"""`cameramap export`: cameras with source and licence per record, as GeoJSON, CSV, GeoPackage or KML."""

from __future__ import annotations

import click

from ..domain.errors import DomainError
from ..domain.geo import BBox
from ..extensions import db
from ..services.exports.formats import FORMATS
from ..services.exports.output import STDOUT, export_file
from .transaction import unit_of_work_command


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Default: the one the file's extension names (.geojson/.json, .csv, .gpkg, .kml), "
                   "else geojson.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (replaced when it exists); '-' for standard output (not gpkg).")
@click.option("--bbox", help="minlon,minlat,maxlon,maxlat")
@click.option("--source", help="Only cameras with a record from this source.")
@unit_of_work_command
def export_command(fmt: str | None, output: str, bbox: str | None, source: str | None) -> None:
    """Export cameras (each with its sources and licences)."""
    try:
        fmt, count = export_file(db.session(), fmt, output, click.open_file(STDOUT, "wb"),
                                 BBox.parse(bbox) if bbox else None, source)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    where = "standard output" if output == STDOUT else output
    click.echo(f"exported {count} cameras to {where} ({fmt})", err=output == STDOUT)


def register(group: click.Group) -> None:
    group.add_command(export_command)
