"""Changed rows, rows gone from the source, duplicates, crashes mid-import, dry runs, geocoding."""

import gc
import threading

import pytest
from sqlalchemy import select

from cameramap.domain.geo import Point
from cameramap.domain.records import SourceSpec
from cameramap.importers.items import ReadOptions
from cameramap.importers.registry import open_file
from cameramap.services.imports.store import ImportOptions, import_items
from cameramap.storage.imports import ImportRun
from cameramap.storage.models import Camera, Provenance

from .helpers import counts, run

HEADER = "id,lat,lon,type,operator\n"


def write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows))
    return path


def test_changed_row_updates_and_gone_row_is_marked(session, tmp_path):
    v1 = write(tmp_path, "v1.csv", ["1,60.17,24.94,dome,City\n", "2,60.18,24.95,fixed,City\n"])
    v2 = write(tmp_path, "v2.csv", ["1,60.17,24.94,PTZ,City\n"])
    run(session, v1, source="city")
    report = run(session, v2, source="city")
    assert (report.summary.updated, report.summary.missing_from_source) == (1, 1)
    one = session.scalars(select(Provenance).where(Provenance.source_record_id == "1")).one()
    assert one.camera.camera_type == "panning"
    assert [r.action for r in one.camera.revisions] == ["create", "update"]
    gone = session.scalars(select(Provenance).where(Provenance.source_record_id == "2")).one()
    assert gone.missing_from_source and gone.camera.status == "reported"
    back = run(session, v1, source="city")
    assert (back.summary.updated, back.summary.unchanged) == (1, 1)
    assert not session.get(Provenance, gone.id).missing_from_source


def test_exact_duplicates_reported_once(session, tmp_path):
    path = write(tmp_path, "dup.csv", ["1,60.17,24.94,dome,City\n", "1,60.17,24.94,dome,City\n",
                                       "1,60.19,24.94,dome,City\n", "x,60.1,24.9,,\n", "x,60.1,24.9,,\n"])
    report = run(session, path)
    assert report.summary.created == 2
    assert report.summary.rejected == {"duplicate_row": 2, "duplicate_id": 1}
    assert [(r["row"], r["reason"]) for r in report.rejected] == [(3, "duplicate_row"), (4, "duplicate_id"),
                                                                  (6, "duplicate_row")]


def test_hostile_rows_leave_a_report_with_row_numbers(session, tmp_path):
    path = write(tmp_path, "bad.csv", ["1,95,8,,\n", "2,NaN,8,,\n", "3,47,8,,\n"])
    report = run(session, path)
    assert report.summary.created == 1
    assert [(r["row"], r["reason"], r["values"]["lat"]) for r in report.rejected] == \
        [(2, "swapped_coordinates", "95"), (3, "non_finite", "NaN")]
    assert b'"swapped_coordinates"' in report.to_json()


def test_crash_keeps_whole_batches_and_rerun_finishes(session, tmp_path):
    path = write(tmp_path, "many.csv", [f"{i},60.{i:04d},24.9,,\n" for i in range(1, 26)])
    items = list(open_file(path).items)

    def interrupted():
        yield from items[:12]
        raise KeyboardInterrupt

    spec = SourceSpec("crashy", "open_data")
    with pytest.raises(KeyboardInterrupt):  # the runner (the test, as `cameramap import`) commits batches
        import_items(session, spec, interrupted(), ImportOptions(batch_size=5, checkpoints=session))
    assert session.scalar(select(Camera.id).order_by(Camera.id.desc()).limit(1)) is not None
    stored = counts(session)[0]
    assert stored == 10  # two whole batches of five, not the partial third
    assert session.scalars(select(ImportRun.status)).all() == ["failed"]
    report = import_items(session, spec, iter(items), ImportOptions(batch_size=5))
    assert (report.summary.unchanged, report.summary.created) == (10, 15)


def test_a_failing_batch_leaves_no_reader_thread_behind(session, tmp_path):
    path = write(tmp_path, "many.csv", [f"{i},60.{i:04d},24.9,,\n" for i in range(1, 2001)])
    before = {t for t in threading.enumerate() if t.name == "import-reader"}

    def fail(summary):
        raise RuntimeError("the batch failed")

    with pytest.raises(RuntimeError) as failed:  # held, as an error report would: its frames stay alive
        import_items(session, SourceSpec("failing", "open_data"), open_file(path).items,
                     ImportOptions(batch_size=100, on_batch=fail))
    leftover = {t for t in threading.enumerate() if t.name == "import-reader"} - before
    for thread in leftover:
        thread.join(timeout=5)
    assert not [t for t in leftover if t.is_alive()], "the reader thread outlived its import"
    assert failed.traceback


def test_an_import_collects_cycles_less_often_and_restores_the_collector(session, tmp_path):
    path = write(tmp_path, "some.csv", [f"{i},60.{i:04d},24.9,,\n" for i in range(1, 301)])
    seen = []
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        import_items(session, SourceSpec("gc", "open_data"), open_file(path).items,
                     ImportOptions(batch_size=100, on_batch=lambda summary: seen.append(gc.get_threshold())))
        assert seen and all(threshold[0] > 700 for threshold in seen)
        assert gc.get_threshold() == (700, 10, 10)
        with pytest.raises(ZeroDivisionError):
            import_items(session, SourceSpec("gc failing", "open_data"), open_file(path).items,
                         ImportOptions(batch_size=100, on_batch=lambda summary: 1 / 0))
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*saved)


def test_dry_run_stores_nothing(session, tmp_path):
    before = counts(session)
    path = write(tmp_path, "dry.csv", ["1,60.17,24.94,dome,City\n"])
    report = run(session, path, dry_run=True)
    assert report.summary.created == 1 and report.dry_run
    assert counts(session) == before


@pytest.mark.parametrize("name", ["empty.csv", "bomb.kml", "latin1.csv"])
def test_whole_file_errors_leave_the_database_untouched(session, tmp_path, name):
    from cameramap.importers.items import FileError

    path = tmp_path / name
    contents = {"empty.csv": b"", "bomb.kml": b'<?xml version="1.0"?><!DOCTYPE k [<!ENTITY a "aa">]><kml/>',
                "latin1.csv": "id,lat,lon,name\n1,47,8,Zürich\n".encode("latin-1")}
    path.write_bytes(contents[name])
    before = counts(session)
    with pytest.raises(FileError):
        run(session, path, read=ReadOptions(encoding="utf-8"))
    assert counts(session) == before


def test_address_rows_use_the_geocoder_hook(session, tmp_path):
    path = tmp_path / "addr.csv"
    path.write_text("id,address,lat,lon\n1,Mannerheimintie 1,,\n2,Nowhere 99,,\n")
    places = {"Mannerheimintie 1": Point(24.9437, 60.1699)}
    report = run(session, path, geocode=places.get)
    assert (report.summary.created, report.summary.needs_location) == (1, 1)
    assert report.needs_location[0]["reason"] == "geocoding_failed"
    link = session.scalars(select(Provenance).where(Provenance.source_record_id == "1")).one()
    assert (link.camera.lon, link.tags["cameramap:geocoded_from"]) == (24.9437, "Mannerheimintie 1")
    without = run(session, path, source="no geocoder")
    assert without.summary.needs_location == 2 and without.needs_location[0]["reason"] == "needs_location"
