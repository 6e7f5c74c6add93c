"""The self-served basemap: OSM extract -> vector tiles (MVT) in one PMTiles archive; no Flask."""
