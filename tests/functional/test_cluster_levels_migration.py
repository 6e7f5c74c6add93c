"""Migrations 0017 and 0019 move the cluster index to new levels with the cameras already there, and back."""

from __future__ import annotations

from collections import Counter

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from cameramap.domain.records import Actor
from cameramap.services.registry.cameras import add_camera, apply_changes
from cameramap.storage import cellsql, clusters
from cameramap.storage.database import alembic_config, upgrade
from cameramap.storage.models import Camera
from tests.databases import migrated_engine

LEVELS_0007 = (4, 6, 8, 10, 12, 14, 16, 18)  # the levels of migrations 0007 to 0016
LEVELS_0017 = (5, 8, 11, 14, 17)  # migrations 0017 and 0018
POINTS = [(24.94 + i * 0.013, 60.17 + (i % 7) * 0.011) for i in range(25)]


def _migrate(engine, direction: str, revision: str) -> None:
    with engine.begin() as conn:
        getattr(command, direction)(alembic_config(conn), revision)


def _per_level(engine) -> Counter:
    """Cameras counted per level (each level must count every camera once)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT level, sum(count) FROM camera_cells GROUP BY level")).all()
    return Counter({int(level): int(total) for level, total in rows})


def _cells(engine, level: int) -> set[tuple[int, int, int]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT x, y, count FROM camera_cells WHERE level = :level"),
                            {"level": level}).all()
    return {(int(x), int(y), int(n)) for x, y, n in rows}


def _expected(points: list[tuple[float, float]], level: int) -> set[tuple[int, int, int]]:
    cells = Counter((clusters.cell_x(lon, level), clusters.cell_y(lat, level)) for lon, lat in points)
    return {(x, y, n) for (x, y), n in cells.items()}


def _assert_counted(engine, points: list[tuple[float, float]], levels) -> None:
    """Every level counts every camera once, each in its own cell."""
    assert _per_level(engine) == Counter(dict.fromkeys(levels, len(points)))
    for level in levels:
        assert _cells(engine, level) == _expected(points, level)


@pytest.mark.parametrize(("before", "levels"), [("0014", LEVELS_0007), ("0018", LEVELS_0017)])
def test_the_cells_move_to_the_new_levels_and_back(tmp_path, before, levels):
    with migrated_engine(tmp_path, "cluster_levels") as engine:
        _migrate(engine, "downgrade", before)
        with Session(engine) as session:
            for lon, lat in POINTS:  # written by the triggers of `before`, at its levels
                add_camera(session, {"lon": lon, "lat": lat, "camera_type": "dome"}, Actor("moderator", "t"))
            session.commit()
        assert _per_level(engine) == Counter(dict.fromkeys(levels, len(POINTS)))
        upgrade(engine)
        _assert_counted(engine, POINTS, cellsql.LEVELS)
        with Session(engine) as session:  # the new triggers count a new camera at the new levels
            add_camera(session, {"lon": 25.1, "lat": 60.3}, Actor("moderator", "t"))
            session.commit()
        points = [*POINTS, (25.1, 60.3)]
        _assert_counted(engine, points, cellsql.LEVELS)
        with Session(engine) as session:  # the new levels' update and delete paths: one moved, one gone
            first, second = session.scalars(select(Camera).order_by(Camera.id).limit(2)).all()
            apply_changes(session, first, {"lon": 25.3, "lat": 60.4}, Actor("moderator", "t"))
            session.execute(text("DELETE FROM cameras WHERE id = :id"), {"id": second.id})
            session.commit()
        points = [(25.3, 60.4), *points[2:]]
        _assert_counted(engine, points, cellsql.LEVELS)
        _migrate(engine, "downgrade", before)
        _assert_counted(engine, points, levels)
