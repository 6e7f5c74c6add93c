"""`cameramap gazetteer build FILE` and `cameramap geocode "ADDRESS"` / `--reverse LAT,LON`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from ..domain.errors import DomainError
from ..domain.geo import Point
from ..extensions import db, settings
from ..geocoding.base import Candidate
from ..services import geocoding
from ..services.imports.pending import listing
from ..services.imports.placing import retry_all
from .geocode_batch import geocode_file
from .transaction import unit_of_work_command


@click.group("gazetteer")
def gazetteer_group() -> None:
    """The offline gazetteer (address points and streets) used for geocoding."""


def _progress(stage: str, count: int) -> None:
    what = "OSM objects read" if stage == "read" else "rows stored"
    click.echo(f"\r  {count:,} {what}   ", nl=False, err=True)


@gazetteer_group.command("build")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Rebuild even when this very file was the last build.")
@unit_of_work_command
def build_command(file: str, force: bool) -> None:
    """Build the gazetteer from an OSM extract (.osm.pbf, .osm) or an address CSV."""
    try:
        summary = geocoding.build_gazetteer(db.session(), file, force=force, progress=_progress)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo("", err=True)
    state = "unchanged (same file as the last build)" if summary.unchanged else "built"
    click.echo(f"gazetteer {state}: {summary.addresses:,} addresses, {summary.streets:,} street lines, "
               f"{summary.places:,} places from {summary.source} (build {summary.build_id[:12]})")


def _line(candidate: Candidate) -> str:
    return (f"{candidate.label}\n  lon {candidate.point.lon:.7f}  lat {candidate.point.lat:.7f}  "
            f"precision {candidate.precision.value}  score {candidate.score:.2f}  ({candidate.source})")


def _reverse(text: str, as_json: bool) -> None:
    parts = text.split(",")
    if len(parts) != 2:
        raise click.BadParameter("write the point as LAT,LON", param_hint="--reverse")
    point = Point.checked(parts[1], parts[0])
    answer = geocoding.reverse(db.session(), point, settings())
    if as_json:
        click.echo(orjson.dumps(answer.to_dict()).decode())
        return
    if answer.address is None and answer.street is None:
        click.echo("nothing known near this point")
        sys.exit(1)
    for candidate, distance in ((answer.address, answer.address_distance_m),
                                (answer.street, answer.street_distance_m)):
        if candidate is not None:
            click.echo(f"{_line(candidate)}  {distance:.0f} m away")


def _forward(text: str, as_json: bool) -> None:
    result = geocoding.forward(db.session(), text, settings())
    if as_json:
        click.echo(orjson.dumps(result.to_dict()).decode())
    elif result.best is not None:
        click.echo(_line(result.best))
    else:
        click.echo(f"{result.status.value.replace('_', ' ')}: {result.message}")
        for candidate in result.candidates:
            click.echo(f"  candidate: {_line(candidate)}")
    if not result.ok:
        sys.exit(1)


def _pending(as_json: bool) -> None:
    rows = listing(db.session())
    if as_json:
        click.echo(orjson.dumps(rows).decode())
        return
    for r in rows:
        click.echo(f"{r['source']}, row {r['row']} (id {r['source_id']}): {r['address']}  "
                   f"[{r['attempts']} attempt(s): {r['reason']}]")
    click.echo(f"{len(rows)} import row(s) need a location"
               + ("; place them with --retry-pending once a gazetteer is built or an online geocoder "
                  "configured" if rows else ""))


@click.command("geocode")
@click.argument("address", required=False)
@click.option("--reverse", "reverse_point", metavar="LAT,LON", help="Label a point instead.")
@click.option("--pending", is_flag=True, help="List the imported rows waiting as 'needs location'.")
@click.option("--retry-pending", is_flag=True, help="Retry records waiting as 'needs location'.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option("--batch", "batch", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Geocode every row of a CSV file (writes FILE.geocoded.csv, see --output).")
@click.option("--column", help="With --batch: the address column (default: detected by its name).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --batch: where to write the file with lon, lat, precision and score added.")
@click.option("--encoding", default="utf-8-sig", show_default=True, help="With --batch: the file's encoding.")
@unit_of_work_command
def geocode_command(address: str | None, reverse_point: str | None, pending: bool, retry_pending: bool,
                    as_json: bool, batch: Path | None, column: str | None, output: Path | None,
                    encoding: str) -> None:
    """Geocode ADDRESS (prints precision and score), label a point with --reverse LAT,LON, or geocode
    a whole CSV file with --batch FILE.csv."""
    try:
        if batch:
            target = output or batch.with_name(f"{batch.stem}.geocoded.csv")
            counts = geocode_file(batch, target, column, encoding)
            click.echo(f"{sum(counts.values())} rows written to {target}: "
                       + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(counts.items())))
        elif retry_pending:
            session = db.session()  # committed as it goes: online lookups are slow
            counts = retry_all(session, settings(), checkpoint=session.commit)
            click.echo(", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
        elif pending:
            _pending(as_json)
        elif reverse_point:
            _reverse(reverse_point, as_json)
        elif address:
            _forward(address, as_json)
        else:
            raise click.UsageError("give an ADDRESS, --reverse LAT,LON, --pending or --retry-pending")
    except DomainError as err:
        raise click.ClickException(err.message) from None


def register(group: click.Group) -> None:
    group.add_command(gazetteer_group)
    group.add_command(geocode_command)
