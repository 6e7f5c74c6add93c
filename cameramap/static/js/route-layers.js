/* cameramap route panel: what it draws on the map. The points of a route being drawn (each map click
 * adds one), the measured routes (the shortest dashed grey, the least watched or the user's own blue)
 * and, over them, the stretches in view of cameras in red. Everything stays in this page's memory. */

const L = window.L;
export const COLOURS = { shortest: "#475569", least: "#1d4ed8", own: "#1d4ed8", watched: "#dc2626" };

export class RouteLayers {
  constructor(map) {
    this.map = map;
    this.results = L.layerGroup().addTo(map);
    this.drawing = L.layerGroup().addTo(map);
    this.points = [];
  }

  /* The drawn route so far: a line through the points and a dot at each. */
  addPoint(latlng) {
    this.points.push([latlng.lat, latlng.lng]);
    this.redrawPoints();
  }

  undoPoint() {
    this.points.pop();
    this.redrawPoints();
  }

  clearPoints() {
    this.points = [];
    this.redrawPoints();
  }

  redrawPoints() {
    this.drawing.clearLayers();
    if (this.points.length > 1) {
      L.polyline(this.points, { color: COLOURS.own, weight: 3, dashArray: "4 6", interactive: false })
        .addTo(this.drawing);
    }
    this.points.forEach((p) => {
      L.circleMarker(p, { radius: 4, color: COLOURS.own, weight: 2, fillColor: "#fff", fillOpacity: 1, interactive: false })
        .addTo(this.drawing);
    });
  }

  /* [[lon, lat], ...] of the drawn points, as the API takes them. */
  lineString() {
    return { type: "LineString", coordinates: this.points.map((p) => [p[1], p[0]]) };
  }

  clearResults() { this.results.clearLayers(); }

  /* A route or track (`coordinates` [[lon, lat]...], or null) with its watched stretches. */
  drawPath(coordinates, exposure, kind) {
    const latlngs = (coordinates || []).map((c) => [c[1], c[0]]);
    const style = { color: COLOURS[kind], weight: kind === "shortest" ? 4 : 5, opacity: 0.85, interactive: false,
      cmKind: kind };
    if (kind === "shortest") { style.dashArray = "8 6"; }
    const line = latlngs.length > 1 ? L.polyline(latlngs, style).addTo(this.results) : null;
    const watched = exposure && exposure.watched && Array.isArray(exposure.watched.coordinates)
      ? exposure.watched.coordinates : [];
    watched.forEach((part) => {
      L.polyline(part.map((c) => [c[1], c[0]]), { color: COLOURS.watched, weight: 7, opacity: 0.9, interactive: false,
        cmKind: "watched-" + kind }).addTo(this.results);
    });
    return line;
  }

  /* What is drawn: the kind of each line ("shortest", "least", "own", "watched-<kind>"). */
  drawn() { return this.results.getLayers().map((layer) => layer.options.cmKind); }

  /* Fit the map to what was drawn, clear of the boxes over the map (the legend, if open). */
  fit() {
    const layers = this.results.getLayers();
    if (!layers.length) { return; }
    const bounds = L.featureGroup(layers).getBounds();
    if (bounds.isValid()) { this.map.fitBounds(bounds, Object.assign({ maxZoom: 18 }, clearOf(this.map))); }
  }
}

/* fitBounds' padding: 30 px all round, more on the side where the legend covers the map (beside it on a
 * wide map, above it on a narrow one) and left of a wide control in the top-left corner. */
export function clearOf(map) {
  const pad = { left: 30, top: 30, right: 30, bottom: 30 };
  const legend = document.getElementById("cm-legend");
  if (legend && !legend.hidden && legend.getClientRects().length) {
    const area = map.getContainer().getBoundingClientRect();
    const box = legend.getBoundingClientRect();
    if (area.width - box.width >= 240) {
      pad.right = Math.max(pad.right, Math.round(area.right - box.left) + 10);
    } else {
      pad.bottom = Math.max(pad.bottom, Math.round(area.bottom - box.top) + 10);
    }
  }
  const corner = map.getContainer().querySelector(".leaflet-top.leaflet-left");
  const controls = corner ? corner.getBoundingClientRect() : null;
  const area = map.getContainer().getBoundingClientRect();
  // a wide control there (the deployments box), not just the zoom buttons, on a map wide enough to spare it
  if (controls && controls.width > 100 && area.width - controls.width - pad.right >= 240) {
    pad.left = Math.max(pad.left, Math.round(controls.right - area.left) + 10);
  }
  return { paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom] };
}

/* A swatch of a line's colour (for the panel's key). */
export function lineSwatch(kind) {
  const swatch = document.createElement("span");
  swatch.className = "cm-route-swatch cm-route-swatch-" + kind;
  swatch.setAttribute("aria-hidden", "true");
  return swatch;
}
