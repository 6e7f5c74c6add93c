"""`cameramap operators load FILE`: documented operator facts (vendors, claims, documents, contracts,
technology with no place, vendor partnerships)."""

from __future__ import annotations

from pathlib import Path

import click

from ..domain.errors import DomainError
from ..extensions import db
from ..services.accountability.seed import load_seed
from .transaction import unit_of_work_command


@click.group("operators")
def operators_group() -> None:
    """Operator accountability records."""


@operators_group.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@unit_of_work_command
def load_command(path: Path) -> None:
    """Create or update the vendors and operators a YAML file documents (see data/operators/)."""
    try:
        s = load_seed(db.session(), path)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"vendors {s.vendors}, operators {s.operators} ({s.changed} changed), claims {s.claims}, "
               f"documents {s.documents}, contracts {s.contracts}, technology {s.technology}, "
               f"partnerships {s.partnerships}")


def register(group: click.Group) -> None:
    group.add_command(operators_group)
