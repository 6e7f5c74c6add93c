"""`cameramap operators load FILE`: documented operator facts (vendors, claims, documents, contracts,
technology with no place, vendor partnerships)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import click

from ..domain.errors import DomainError
from ..extensions import db
from ..services.accountability.seed import SeedSummary, load_seed
from .transaction import unit_of_work_command

# SeedSummary's names of what a file writes, in the order they are printed: (one, several).
NOUNS = {"operators": ("operator", "operators"), "vendors": ("vendor or system", "vendors and systems"),
         "claims": ("capability claim", "capability claims"), "documents": ("document", "documents"),
         "contracts": ("contract", "contracts"), "technology": ("technology claim", "technology claims"),
         "partnerships": ("partnership", "partnerships")}


def _counted(counts: Mapping[str, int]) -> str:
    parts = [f"{count} {NOUNS[name][count != 1]}" for name in NOUNS if (count := counts.get(name, 0))]
    return ", ".join(parts) or "nothing"


def seed_report(name: str, summary: SeedSummary) -> str:
    """One line: what the file added, what it changed of existing records, and what it lists."""
    listed = {noun: getattr(summary, noun) for noun in NOUNS}
    return (f"{name}: added {_counted(summary.added)}; updated {_counted(summary.updated)} "
            f"(the file lists {_counted(listed)})")


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
    click.echo(seed_report(path.name, s))


def echo_demo_operators(files: Mapping[str, SeedSummary]) -> None:
    """What the demo loaded from the operator files shipped with cameramap (nothing: operators known)."""
    for name, summary in files.items():
        click.echo(f"operator file {seed_report(name, summary)}")


def register(group: click.Group) -> None:
    group.add_command(operators_group)
