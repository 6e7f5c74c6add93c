"""OGC API - Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) over the camera registry, at /ogc."""
