"""`cameramap basemap build FILE.osm.pbf`: the self-served vector basemap (PMTiles)."""

from __future__ import annotations

import click

from ..basemap import DEFAULT_MAXZOOM, DEFAULT_MINZOOM
from ..domain.errors import DomainError
from ..extensions import settings
from ..services import basemap
from .transaction import unit_of_work_command


@click.group("basemap")
def basemap_group() -> None:
    """The vector basemap the app serves itself (no tile server needed)."""


@basemap_group.command("build")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", type=click.Path(dir_okay=False),
              help="Archive to write; default: the one the app serves (BASEMAP_PATH).")
@click.option("--minzoom", default=DEFAULT_MINZOOM, show_default=True, type=click.IntRange(0, 18))
@click.option("--maxzoom", default=DEFAULT_MAXZOOM, show_default=True, type=click.IntRange(0, 18))
@unit_of_work_command
def build_command(file: str, out: str | None, minzoom: int, maxzoom: int) -> None:
    """Build a PMTiles archive of streets, buildings, water, parks and place labels from FILE."""
    target = out or str(basemap.archive_path(settings()))
    try:
        stats = basemap.build(file, target, minzoom, maxzoom,
                              lambda z, n: click.echo(f"\r  zoom {z}: {n:,} tiles   ", nl=False, err=True))
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo("", err=True)
    click.echo(f"basemap built: {stats.tiles:,} tiles, zooms {stats.minzoom}-{stats.maxzoom}, "
               f"{stats.bytes / 1024:,.0f} KiB (largest tile {stats.largest_tile / 1024:,.1f} KiB) "
               f"in {stats.seconds:.1f} s -> {stats.path}")


def register(group: click.Group) -> None:
    group.add_command(basemap_group)
