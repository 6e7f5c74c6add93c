"""The map view's reader: on a connection of its own it reads committed, folded cells (camera_cells
alone); inside a transaction that may hold writes it also reads what is not folded in yet."""

from __future__ import annotations

import pytest

from cameramap.domain.geo import BBox
from cameramap.storage import clusters, viewport
from cameramap.storage.grid import cluster_level, region_for_bbox
from cameramap.storage.queries import CameraFilter
from cameramap.storage.reader import Reader
from tests.factories import make_camera

AREA = BBox(24.80, 60.10, 25.10, 60.30)


@pytest.mark.parametrize("zoom", [4, 10, 14])
def test_an_own_connection_reads_what_a_transaction_without_writes_reads(engine, zoom):
    region = region_for_bbox(AREA, cluster_level(zoom))
    level = clusters.indexed(CameraFilter(), region.level)
    with Reader(engine) as own:
        assert not own.in_transaction
        assert "camera_cell_deltas" not in viewport._cells_sql(own.backend.name, 0, False)  # noqa: SLF001
        committed = viewport.version_and_cells(own, CameraFilter(), region, level)
    with engine.connect() as connection, Reader(connection) as inside:
        assert inside.in_transaction
        assert viewport.version_and_cells(inside, CameraFilter(), region, level) == committed


def test_a_transaction_reads_its_own_unfolded_writes(session, connection):
    before = _cells(connection)
    make_camera(session, lon=24.95, lat=60.17)
    session.flush()
    after = _cells(connection)
    assert sum(c.count for c in after) == sum(c.count for c in before) + 1


def _cells(connection) -> list[clusters.ClusterRow]:
    region = region_for_bbox(AREA, cluster_level(12))
    with Reader(connection) as reader:
        return viewport.version_and_cells(reader, CameraFilter(), region,
                                          clusters.indexed(CameraFilter(), region.level))[1]
