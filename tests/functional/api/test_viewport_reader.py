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


def test_views_read_through_the_pool_their_backend_keeps(database_url, backend):
    """PostgreSQL: a pool of their own whose sessions plan the views' prepared statements once
    (generic plans); SQLite: the engine's own pool."""
    from types import SimpleNamespace

    from cameramap.storage.database import Database

    database = Database()
    database.init_app(SimpleNamespace(config={"DATABASE_URL": database_url}, extensions={},
                                      teardown_appcontext=lambda _function: None))
    try:
        reads = database.read_bind()
        assert reads is database.read_bind()  # made once
        if backend == "postgresql":
            assert reads is not database.engine
            with reads.connect() as connection:
                assert connection.exec_driver_sql("SHOW plan_cache_mode").scalar() == "force_generic_plan"
            with database.engine.connect() as connection:
                assert connection.exec_driver_sql("SHOW plan_cache_mode").scalar() == "auto"
        else:
            assert reads is database.engine
    finally:
        if reads is not database.engine:
            reads.dispose()
        database.engine.dispose()
