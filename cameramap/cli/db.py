"""`cameramap db upgrade` and `cameramap demo`."""

from __future__ import annotations

import click

from ..extensions import db, engine
from ..services.demo import load_demo
from ..storage.database import upgrade
from .operators import echo_demo_operators
from .serve import demo_basemap
from .streets import demo_streets
from .transaction import unit_of_work_command


@click.group("db")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade")
@unit_of_work_command
def upgrade_command() -> None:
    """Create or migrate the schema to the newest revision."""
    upgrade(engine())
    click.echo(f"database is up to date: {_where()}")


@click.command("demo")
@click.option("--force", is_flag=True, help="Import even when the registry holds cameras.")
@unit_of_work_command
def demo_command(force: bool) -> None:
    """Load the Helsinki OpenStreetMap demo cameras (ODbL) and the operator files shipped in
    data/operators/ (when no operator is known), and build the Helsinki basemap if missing."""
    summary = load_demo(db.session(), only_if_empty=not force)
    demo_basemap()
    demo_streets(db.session())
    cameras = summary.cameras
    if cameras is None:
        click.echo("the registry already holds cameras; no camera loaded (use --force)")
    else:
        click.echo(f"demo: read {cameras.read}, created {cameras.created}, "
                   f"updated {cameras.updated}, unchanged {cameras.unchanged}")
    echo_demo_operators(summary.operator_files)


def _where() -> str:
    return db.backend.location(engine().url)


def register(group: click.Group) -> None:
    group.add_command(db_group)
    group.add_command(demo_command)
