"""A local metric frame: azimuthal equidistant metres around a centre, through pyproj."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry


@lru_cache(maxsize=64)
def _transformers(lon0: float, lat0: float) -> tuple[Transformer, Transformer]:
    aeqd = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs"
    return (Transformer.from_crs("EPSG:4326", aeqd, always_xy=True),
            Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True))


class LocalFrame:
    """Metres east (x) and north (y) of a centre (azimuthal equidistant on WGS84)."""

    def __init__(self, lon0: float, lat0: float):
        # The centre snaps to a 0.25° grid so that requests in one city share the cached transformers
        # (building one costs tens of milliseconds). Paths span at most 2°, so no point lies more than
        # ~170 km from the centre, where the equidistant projection's sideways scale is off by < 0.01 %.
        self.lon0, self.lat0 = round(lon0 * 4) / 4, round(lat0 * 4) / 4
        self._forward, self._inverse = _transformers(self.lon0, self.lat0)

    @classmethod
    def around(cls, lon: np.ndarray, lat: np.ndarray) -> LocalFrame:
        return cls(float((np.min(lon) + np.max(lon)) / 2), float((np.min(lat) + np.max(lat)) / 2))

    def xy(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._forward.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def lonlat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        lon, lat = self._inverse.transform(np.asarray(x, float), np.asarray(y, float))
        return np.asarray(lon), np.asarray(lat)

    def geometry(self, geometry: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry in this frame."""
        return shapely.transform(geometry, lambda c: np.column_stack(self.xy(c[:, 0], c[:, 1])))
