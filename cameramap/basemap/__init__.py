"""The self-served basemap: OSM extract -> vector tiles (MVT) in one PMTiles archive; no Flask."""

DEFAULT_MINZOOM, DEFAULT_MAXZOOM = 10, 15  # the zooms an archive holds unless told (build.py)
