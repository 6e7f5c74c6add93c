"""`cameramap compare`: an official registry against observed cameras, as counts and CSV."""

from __future__ import annotations

import click

from ..domain.errors import DomainError
from ..extensions import db
from ..services.accountability import compare as service
from .transaction import unit_of_work_command


@click.command("compare")
@click.option("--official", required=True, help="The declaring source (name or id): an official registry.")
@click.option("--observed", required=True, help="The observing source (name or id), e.g. OpenStreetMap.")
@click.option("--distance", default=service.DEFAULT_DISTANCE_M, show_default=True, type=float,
              help="Matching distance in metres.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write every row as CSV here ('-' for standard output).")
@unit_of_work_command
def compare_command(official: str, observed: str, distance: float, csv_path: str | None) -> None:
    """List cameras that match, observed but not declared, and declared but not found."""
    try:
        result = service.compare(db.session(), official, observed, distance)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    counts = result.counts()
    if csv_path:
        with click.open_file(csv_path, "wb") as handle:
            handle.write(service.to_csv(result).encode("utf-8"))
    echo = click.echo if csv_path != "-" else (lambda text: click.echo(text, err=True))
    echo(f"{result.official.name} (declared) vs {result.observed.name} (observed), "
         f"within {result.distance_m:g} m:")
    echo(f"  match: {counts['matched']}")
    echo(f"  observed but not declared: {counts['observed_only']}")
    echo(f"  declared but not found: {counts['declared_only']}")


def register(group: click.Group) -> None:
    group.add_command(compare_command)
