"""The street network in memory: node and segment arrays, one scipy csgraph per profile.

Every way is cut into straight node-to-node segments, so a segment's geometry is its two nodes and
exposure along it is an interval of one straight line. Lengths are geodesic metres on WGS84.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from pyproj import Geod
from scipy.sparse import csr_matrix
from scipy.spatial import cKDTree

from .profiles import BACKWARD, FORWARD, SPEED_KMH

EARTH_RADIUS_M = 6_371_008.8
GEOD = Geod(ellps="WGS84")
WayTuple = tuple[Sequence[int], Sequence[Sequence[float]], int, float]
MIN_WEIGHT = 1e-3  # csgraph reads a stored zero as "no edge"


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def unit_xyz(lon, lat) -> np.ndarray:
    """Points on the unit sphere: chord distances rank like distances on the ground."""
    lon, lat = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


@dataclass
class ProfileGraph:
    """A directed graph of one profile: CSR adjacency whose entries map back to segments."""

    profile: str
    matrix: csr_matrix  # data: segment length (m)
    segment: np.ndarray  # the segment of each CSR entry
    nodes: np.ndarray  # nodes with at least one edge of this profile
    tree: cKDTree
    seconds: np.ndarray  # travel time of each CSR entry

    _reverse: csr_matrix | None = None

    @property
    def reverse(self) -> csr_matrix:
        """The graph with every edge turned round (distances *to* a node)."""
        if self._reverse is None:
            self._reverse = self.matrix.transpose().tocsr()
        return self._reverse


@dataclass
class Network:
    """Nodes (lon, lat) and straight segments (a -> b) with the profiles' direction bits."""

    lon: np.ndarray
    lat: np.ndarray
    seg_a: np.ndarray
    seg_b: np.ndarray
    length: np.ndarray
    access: np.ndarray
    car_kmh: np.ndarray
    _graphs: dict[str, ProfileGraph] = field(default_factory=dict, repr=False)

    @classmethod
    def from_ways(cls, ways: Iterable[WayTuple]) -> Network:
        """Ways as (OSM node ids, [(lon, lat)], access bits, car km/h)."""
        index: dict[int, int] = {}
        lon: list[float] = []
        lat: list[float] = []
        seg_a: list[int] = []
        seg_b: list[int] = []
        access: list[int] = []
        kmh: list[float] = []
        for nodes, coords, bits, car in ways:
            ids = []
            for node, (x, y) in zip(nodes, coords, strict=True):
                if node not in index:
                    index[node] = len(lon)
                    lon.append(x)
                    lat.append(y)
                ids.append(index[node])
            seg_a += ids[:-1]
            seg_b += ids[1:]
            access += [bits] * (len(ids) - 1)
            kmh += [car] * (len(ids) - 1)
        return cls.from_arrays(np.array(lon, float), np.array(lat, float), np.array(seg_a, np.int64),
                               np.array(seg_b, np.int64), np.array(access, np.int64), np.array(kmh, float))

    @classmethod
    def from_arrays(cls, lon, lat, seg_a, seg_b, access, car_kmh) -> Network:
        keep = seg_a != seg_b
        seg_a, seg_b, access, car_kmh = seg_a[keep], seg_b[keep], access[keep], car_kmh[keep]
        _, _, length = GEOD.inv(lon[seg_a], lat[seg_a], lon[seg_b], lat[seg_b])
        return cls(lon, lat, seg_a, seg_b, np.asarray(length, float), access, car_kmh)

    @property
    def size(self) -> tuple[int, int]:
        return len(self.lon), len(self.seg_a)

    def graph(self, profile: str) -> ProfileGraph:
        if profile not in self._graphs:
            self._graphs[profile] = self._build(profile)
        return self._graphs[profile]

    def _build(self, profile: str) -> ProfileGraph:
        ids = np.arange(len(self.seg_a))
        fwd = (self.access & FORWARD[profile]) != 0
        back = (self.access & BACKWARD[profile]) != 0
        rows = np.concatenate([self.seg_a[fwd], self.seg_b[back]])
        cols = np.concatenate([self.seg_b[fwd], self.seg_a[back]])
        seg = np.concatenate([ids[fwd], ids[back]])
        # Parallel segments between the same two nodes: keep the shortest (CSR would add them up).
        order = np.lexsort((self.length[seg], cols, rows))
        rows, cols, seg = rows[order], cols[order], seg[order]
        first = np.ones(len(rows), bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        rows, cols, seg = rows[first], cols[first], seg[first]
        n = len(self.lon)
        indptr = np.zeros(n + 1, np.int64)
        np.add.at(indptr, rows + 1, 1)
        matrix = csr_matrix((np.maximum(self.length[seg], MIN_WEIGHT), cols, np.cumsum(indptr)), shape=(n, n))
        nodes = np.unique(np.concatenate([rows, cols]))
        tree = cKDTree(unit_xyz(self.lon[nodes], self.lat[nodes]))
        speeds = self.car_kmh[seg] if profile == "car" else np.full(len(seg), SPEED_KMH[profile])
        return ProfileGraph(profile, matrix, seg, nodes, tree, self.length[seg] / (speeds / 3.6))

    def nearest(self, profile: str, lon: float, lat: float) -> tuple[int, float]:
        """The profile's node nearest to a point, and its distance in metres."""
        graph = self.graph(profile)
        if not len(graph.nodes):
            return -1, float("inf")
        _, i = graph.tree.query(unit_xyz([lon], [lat])[0])
        node = int(graph.nodes[int(i)])
        return node, float(haversine_m(lon, lat, self.lon[node], self.lat[node]))
