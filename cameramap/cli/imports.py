"""`cameramap import PATH`: read any supported file, store its cameras, print a summary and a report."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.geo import BBox
from ..domain.records import SourceSpec
from ..domain.vocabulary import SourceKind
from ..extensions import db, settings
from ..importers.items import Reading, ReadOptions
from ..importers.mapping import Mapping, load_mapping
from ..importers.registry import ALIASES, FORMATS, open_file
from ..services.geocoding import point_lookup
from ..services.imports.runs import latest_runs, mark_interrupted
from ..services.imports.store import ImportOptions, ImportReport, import_items
from .import_summary import accepted, echo_summary
from .transaction import unit_of_work_command

EVIDENCE = {"osm": "osm_tag", "crowd": "observation"}
OSM_FORMATS = {"overpass", "osm_pbf", "osm_xml"}


def _spec(path: Path, fmt: str, mapping: Mapping, name: str | None, kind: str | None,
          licence: str | None, attribution: str | None, url: str | None) -> SourceSpec:
    given = mapping.source
    return SourceSpec(
        name=name or given.get("name") or path.stem,
        kind=kind or given.get("kind") or ("osm" if fmt in OSM_FORMATS else "open_data"),
        url=url or given.get("url"), licence=licence or given.get("licence"),
        attribution=attribution or given.get("attribution"),
    )


def _within(text: str | None) -> BBox | None:
    """--within: a bbox, else the bounds of a named area (or area layer)."""
    if not text:
        return None
    if text.count(",") == 3:
        return BBox.parse(text, "within")
    from ..services.stats.areas import area_bounds  # shapely, pyproj: on first use

    return area_bounds(db.session(), text)


def _run(reading: Reading, spec: SourceSpec, options: ImportOptions) -> ImportReport:
    from rich.console import Console  # on an import, not in every process the CLI starts
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task(f"importing {spec.name}", total=reading.total or None)
        options.on_batch = lambda _summary: progress.update(task, completed=reading.position())
        options.checkpoints = session = db.session()  # this command commits each batch (its unit of work)
        # and in a second session, on the same engine, where the backend writes in two
        with Session(session.get_bind().engine) as lane:
            options.lane = lane
            return import_items(session, spec, reading.items, options)


def _echo_runs() -> None:
    session = db.session()
    mark_interrupted(session)
    runs = latest_runs(session)
    if runs:
        click.echo("run\tstatus\tstarted\tfinished\tsource\tfile\tcounts")
    else:
        click.echo("no import runs yet")
    for run, source in runs:
        finished = run.finished_at.strftime("%Y-%m-%d %H:%M:%S") if run.finished_at else "-"
        summary = run.summary or {}
        counts = ", ".join(f"{key} {summary[key]}" for key in ("read", "created", "updated")
                           if key in summary)
        click.echo(f"{run.id}\t{run.status}\t{run.started_at:%Y-%m-%d %H:%M:%S}\t{finished}\t{source}\t"
                   f"{run.path or '-'}\t{counts}")


@click.command("import")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--runs", "list_runs", is_flag=True, help="List the latest import runs instead, and mark "
              "runs killed mid-way as interrupted.")
@click.option("--source", "source_name", help="Source name (default: the mapping's, else the file name).")
@click.option("--source-kind", type=click.Choice([k.value for k in SourceKind]))
@click.option("--licence", help="Licence of the data, e.g. ODbL-1.0 or CC-BY-4.0.")
@click.option("--attribution", help="Attribution text the licence asks for.")
@click.option("--url", help="Where the data was published.")
@click.option("--format", "fmt", type=click.Choice(sorted({*FORMATS, *ALIASES})), help="Override detection.")
@click.option("--crs", help="CRS of projected X/Y columns or of a file without one, e.g. EPSG:2056.")
@click.option("--encoding", help="Text encoding (default: detected).")
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False),
              help="A dataset mapping profile (YAML or TOML), see data/README.md.")
@click.option("--swap-xy", is_flag=True, help="Swap every coordinate pair (for files with lat/lon swapped).")
@click.option("--header/--no-header", default=None,
              help="CSV: the first row is (or is not) a header row (default: detected).")
@click.option("--keep-outliers", is_flag=True,
              help="Keep rows far outside where the rest of the file lies, flagged (default: rejected).")
@click.option("--within", "within_text", metavar="BBOX|AREA",
              help="Where the file's cameras lie (minlon,minlat,maxlon,maxlat or an area name from "
                   "`cameramap areas list`): picks the reading of spreadsheet-mangled numbers inside it.")
@click.option("--dry-run", is_flag=True, help="Do everything, report, then roll back.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), help="Write a JSON report here.")
@click.option("--conflate-distance", default=15.0, show_default=True, type=float,
              help="Link to another source's camera within this many metres (0: never).")
@click.option("--partial", is_flag=True, help="The file holds part of the source: mark nothing missing.")
@click.option("--replace", is_flag=True,
              help="Confirm that this file replaces its source's records (more than half may go missing).")
@click.option("--batch-size", default=50000, show_default=True, type=click.IntRange(1, 100_000),
              help="Rows read ahead and written per commit (a source's first import into PostgreSQL, "
              "with nothing to conflate, commits half-batches in two sessions at once).")
@unit_of_work_command
def import_command(path: Path | None, list_runs: bool, source_name, source_kind, licence, attribution, url,
                   fmt, crs, encoding, mapping_path, swap_xy, header, keep_outliers, within_text, dry_run,
                   report_path, conflate_distance, partial, replace, batch_size) -> None:
    """Import cameras from a CSV/TSV, GeoJSON, Shapefile, GeoPackage, KML/KMZ or OpenStreetMap file."""
    if list_runs:
        _echo_runs()
        return
    if path is None:
        raise click.UsageError("Missing argument 'PATH' (or --runs to list the import runs).")
    try:
        mapping = load_mapping(mapping_path) if mapping_path else Mapping()
        kind = source_kind or mapping.source.get("kind")
        title = source_name or mapping.source.get("name") or ""
        options = ReadOptions(format=fmt, crs=crs or mapping.crs, encoding=encoding, mapping=mapping,
                              swap_xy=swap_xy or mapping.swap_xy, dataset=f"{title} {path.stem}".strip(),
                              evidence_kind=EVIDENCE.get(kind or "", "official_registry"), header=header,
                              keep_outliers=keep_outliers, within=_within(within_text))
        reading = open_file(path, options)
        spec = _spec(path, reading.format, mapping, source_name, kind, licence, attribution, url)
        run_options = ImportOptions(batch_size=batch_size, complete=not partial, dry_run=dry_run,
                                    replace=replace,
                                    conflate_m=conflate_distance or None,
                                    geocode=point_lookup(db.session(), settings()),
                                    path=str(path), format=reading.format)
        report = _run(reading, spec, run_options)
    except DomainError as err:
        raise click.ClickException(err.message) from None
    report.warnings[:0] = [f"{reading.format}: {w}" for w in reading.warnings]
    echo_summary(report, options.swap_xy, report_path)
    if report_path:
        Path(report_path).write_bytes(report.to_json())
        click.echo(f"report written to {report_path}")
    if report.summary.read and not accepted(report):
        raise click.ClickException(f"no row of {path.name} could be read as a camera: all "
                                   f"{report.summary.read} rows were rejected (reasons above)")


def register(group: click.Group) -> None:
    group.add_command(import_command)
