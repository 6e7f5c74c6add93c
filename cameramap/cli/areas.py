"""`cameramap areas import FILE` and `cameramap areas list`: polygons for the area statistics."""

from __future__ import annotations

from pathlib import Path

import click

from ..domain.errors import DomainError
from ..extensions import db
from .transaction import unit_of_work_command


@click.group("areas")
def areas_group() -> None:
    """Area layers (districts or any polygons) for /stats."""


@areas_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layer", help="Layer name (default: the file name); a new import replaces the layer.")
@click.option("--name-field", help="Column with the area's name (default: detected).")
@click.option("--code-field", help="Column with the area's unique code (default: detected, else the row).")
@click.option("--population-field", help="Column with the number of residents (default: detected).")
@click.option("--crs", help="CRS of a file that does not declare one, e.g. EPSG:2056.")
@unit_of_work_command
def import_command(path: Path, layer: str | None, name_field: str | None, code_field: str | None,
                   population_field: str | None, crs: str | None) -> None:
    """Load the polygons of a GeoJSON, Shapefile (or zip) or GeoPackage file, reprojected to WGS84."""
    try:
        from ..services.stats import areas as service  # shapely, pyproj, pyogrio: on first use

        summary = service.import_areas(db.session(), path, layer or path.stem, name_field=name_field,
                                       code_field=code_field, population_field=population_field, crs=crs)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    crs = summary.crs or "none, WGS84 assumed"
    click.echo(f"layer {summary.layer!r}: created {summary.created}, updated {summary.updated}, "
               f"removed {summary.removed}, skipped {len(summary.problems)} (file CRS: {crs})")
    for problem in summary.problems:
        click.echo(f"  row {problem['row']}: {problem['reason']}")


@areas_group.command("list")
@unit_of_work_command
def list_command() -> None:
    """Every area layer with its number of areas."""
    from ..services.stats import areas as service

    layers = service.layers(db.session())
    if not layers:
        click.echo("no area layers; load one with `cameramap areas import FILE`")
    for name, count in layers:
        click.echo(f"{name}\t{count}")


def register(group: click.Group) -> None:
    group.add_command(areas_group)
