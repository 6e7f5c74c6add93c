"""`cameramap import`'s console summary: counts, rejection reasons, hints and a few notes."""

from __future__ import annotations

import click

from ..services.imports.store import ImportReport

NOTES_SHOWN = 3


def _rows(numbers: list[int], most: int = 5) -> str:
    shown = ", ".join(map(str, numbers[:most])) + (", …" if len(numbers) > most else "")
    return f"row {shown}" if len(numbers) == 1 else f"rows {shown}"


def echo_summary(report: ImportReport, swapped: bool, report_path: str | None) -> None:
    s = report.summary
    prefix = "dry run, nothing stored: " if report.dry_run else ""
    click.echo(f"{prefix}read {s.read}, created {s.created}, updated {s.updated}, unchanged {s.unchanged}, "
               f"conflated {s.conflated}, needs location {s.needs_location}, "
               f"rejected {sum(s.rejected.values())}, missing from source {s.missing_from_source}")
    for code, count in sorted(s.rejected.items()):
        rows = [r["row"] for r in report.rejected if r["reason"] == code]
        click.echo(f"  rejected {code}: {count} ({_rows(rows)})")
    if s.needs_location and not report.dry_run:
        click.echo(f"  {s.needs_location} row(s) wait in the 'needs location' queue: `cameramap geocode "
                   "--pending` lists them, `--retry-pending` places them once a gazetteer is built or "
                   "an online geocoder configured")
    _echo_hints(report, swapped)
    for warning in report.warnings:
        click.echo(f"  note: {warning}")
    _echo_row_notes(report, report_path)


def _counted(count: int, thing: str) -> str:
    return f"{count} {thing}{'' if count == 1 else 's'}" if count else ""


def _echo_row_notes(report: ImportReport, report_path: str | None) -> None:
    """How many rows were rejected, annotated or kept as outliers, a few notes, and where the rest is."""
    s = report.summary
    counts = [_counted(len(report.notes), "note"), _counted(sum(s.rejected.values()), "rejected row"),
              _counted(len(report.outliers), "outlier")]
    if not any(counts):
        return
    for note in report.notes[:NOTES_SHOWN]:
        click.echo(f"  note on row {note['row']}: {note['note']}")
    where = (f"every row's reason is in {report_path}" if report_path
             else "rerun with --report FILE.json for every row's reason, note and suggested reading")
    click.echo(f"  {', '.join(c for c in counts if c)}: {where}")


def _echo_hints(report: ImportReport, swapped: bool) -> None:
    s = report.summary
    if s.rejected.get("swapped_coordinates") and not swapped:
        click.echo("  hint: latitude and longitude look swapped; rerun with --swap-xy")
    if s.rejected.get("mangled_number"):
        click.echo("  hint: spreadsheet-mangled coordinates with several readings; --within BBOX|AREA "
                   "chooses the reading inside the area")
    if s.rejected.get("outlier"):
        click.echo("  hint: rows far from the rest of the file were rejected; --keep-outliers keeps them, "
                   "flagged")
    for kind, count in sorted(s.repaired.items()):
        shown = "; ".join(report.repairs.get(kind, [])[:2])
        click.echo(f"  repaired {count} coordinate cells ({kind.replace('_', ' ')}), e.g. {shown}")
    if s.outliers_kept:
        kept = [o["row"] for o in report.outliers if o.get("kept")]
        click.echo(f"  kept {s.outliers_kept} outlier(s) far from the other rows, flagged for review "
                   f"({_rows(kept)}): their notes say why")


def accepted(report: ImportReport) -> int:
    """Rows stored, linked, queued for a location or found unchanged (a re-import of the same file)."""
    s = report.summary
    return s.created + s.updated + s.unchanged + s.conflated + s.needs_location

