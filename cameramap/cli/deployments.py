"""`cameramap deployments import FILE`: published deployment records (CSV, XLSX, PDF tables)."""

from __future__ import annotations

from pathlib import Path

import click

from ..domain.errors import DomainError
from ..domain.records import SourceSpec
from ..extensions import db, settings
from ..importers.deployment_mapping import load_deployment_mapping
from ..importers.deployment_rows import read_rows
from ..importers.tables import TABLE_FORMATS, read_table
from ..services.deployments.imports import DeploymentImportReport, import_deployments
from ..services.geocoding import point_lookup
from .transaction import unit_of_work_command


@click.group("deployments")
def deployments_group() -> None:
    """Deployments of mobile systems such as live facial recognition vans."""


def _echo(report: DeploymentImportReport) -> None:
    click.echo(f"read {report.read}, created {report.created}, updated {report.updated}, "
               f"unchanged {report.unchanged}, pending location {report.pending_location}, "
               f"rejected {len(report.rejected)}")
    for row in report.rejected:
        page = f"page {row['page']} " if row["page"] else ""
        click.echo(f"  {page}row {row['row']}: {row['code']}: {row['message']}")
    for row in report.pending:
        page = f"page {row['page']} " if row["page"] else ""
        click.echo(f"  {page}row {row['row']}: not placed yet: {row['location']}")


@deployments_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", "mapping_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The columns of the published table (YAML), see data/README.md.")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), help="Override detection.")
@click.option("--source", "source_name", help="Source name (default: the mapping's, else the file name).")
@click.option("--url", help="Where the document was published.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Write a JSON report here.")
@unit_of_work_command
def import_command(path: Path, mapping_path: str, fmt: str | None, source_name: str | None,
                   url: str | None, report_path: str | None) -> None:
    """Import a force's published deployment table; re-importing updates, never duplicates."""
    try:
        mapping = load_deployment_mapping(mapping_path)
        given = mapping.source
        spec = SourceSpec(name=source_name or given.get("name") or path.stem,
                          kind=given.get("kind", "official_registry"), url=url or given.get("url"),
                          licence=given.get("licence"), attribution=given.get("attribution"))
        _fmt, rows = read_table(path, {mapping.columns["date"], mapping.columns["location"]},
                                fmt or mapping.format, mapping.encoding, mapping.sheet)
        report = import_deployments(db.session(), spec, read_rows(rows, mapping),
                                    point_lookup(db.session(), settings()))
    except DomainError as err:
        raise click.ClickException(err.message) from None
    _echo(report)
    if report_path:
        Path(report_path).write_bytes(report.to_json())
        click.echo(f"report written to {report_path}")


def register(group: click.Group) -> None:
    group.add_command(deployments_group)
