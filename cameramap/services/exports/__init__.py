"""Exports and full dumps of the registry in GeoJSON, CSV, GeoPackage, KML and OSM XML."""
