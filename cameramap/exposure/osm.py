"""Read the street network and building footprints of an OSM file (PBF or XML) with pyosmium."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import osmium

from .profiles import access_bits, car_speed

Coords = list[tuple[float, float]]


@dataclass(slots=True)
class Way:
    """A street: OSM node ids and their lon/lat, the profiles' direction bits, the car speed."""

    osm_id: int
    nodes: list[int]
    coords: Coords
    access: int
    car_kmh: float
    highway: str
    name: str | None = None


@dataclass(slots=True)
class Building:
    """A footprint: its outer ring, and its inner rings (courtyards) when it is a multipolygon's."""

    osm_id: int
    ring: Coords
    holes: list[Coords] = field(default_factory=list)


@dataclass
class Extract:
    ways: list[Way] = field(default_factory=list)
    buildings: list[Building] = field(default_factory=list)
    skipped: int = 0  # ways cut or dropped because some of their nodes lie outside the extract


class _Reader(osmium.SimpleHandler):
    def __init__(self, extract: Extract, with_buildings: bool):
        super().__init__()
        self.extract = extract
        self.with_buildings = with_buildings

    def _runs(self, w) -> list[tuple[list[int], Coords]]:
        """The way's runs of nodes that lie inside the extract (a way cut by its edge keeps its inside)."""
        runs: list[tuple[list[int], Coords]] = [([], [])]
        for n in w.nodes:
            if n.location.valid():
                runs[-1][0].append(n.ref)
                runs[-1][1].append((n.location.lon, n.location.lat))
            elif runs[-1][0]:
                runs.append(([], []))
        kept = [run for run in runs if len(run[0]) >= 2]
        if len(kept) != 1 or len(kept[0][0]) != len(w.nodes):
            self.extract.skipped += 1
        return kept

    def way(self, w) -> None:
        tags = w.tags
        if "highway" in tags:
            values = {t.k: t.v for t in tags}
            bits = access_bits(values)
            if not bits or len(w.nodes) < 2:
                return
            for nodes, coords in self._runs(w):
                self.extract.ways.append(Way(w.id, nodes, coords, bits, car_speed(values),
                                             values["highway"], values.get("name")))
        elif self.with_buildings and "building" in tags and tags.get("building") != "no" \
                and len(w.nodes) >= 4 and w.is_closed():
            runs = self._runs(w)
            if len(runs) == 1 and len(runs[0][0]) == len(w.nodes):
                self.extract.buildings.append(Building(w.id, runs[0][1]))

    def area(self, a) -> None:
        """Building relations (type=multipolygon): each outer ring with its courtyards. Closed ways
        come through way() above; an area assembled from one is skipped here."""
        if not self.with_buildings or a.from_way() or a.tags.get("building", "no") == "no":
            return
        for outer in a.outer_rings():
            ring = [(n.lon, n.lat) for n in outer]
            holes = [[(n.lon, n.lat) for n in inner] for inner in a.inner_rings(outer)]
            if len(ring) >= 4:
                self.extract.buildings.append(Building(-a.orig_id(), ring, [h for h in holes if len(h) >= 4]))


def read_streets(path: str | Path, *, buildings: bool = True) -> Extract:
    """Every way usable on foot, by bike or by car, and building footprints (closed ways, and
    multipolygon relations with their courtyards; a relation's OSM id is stored negated)."""
    extract = Extract()
    _Reader(extract, buildings).apply_file(str(path), locations=True, idx="flex_mem")
    return extract
