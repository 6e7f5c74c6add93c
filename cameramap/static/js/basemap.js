/* cameramap basemap (ES module): the map's background.

   addBasemap(L, map, cfg) adds and returns the base layer:
   - cfg.tileUrl set: raster tiles from that URL template (an operator's opt-in);
   - otherwise the app's own vector basemap, cfg.basemap (a PMTiles archive read with HTTP range
     requests), drawn by the vendored protomaps-leaflet (global `protomapsL`) with the style below.
   When the background cannot be shown (no archive, the server or tile server down, the client
   missing) the map says so in a visible notice and draws the street lines it knows from the
   gazetteer (cfg.streets, GET ?bbox= -> GeoJSON) instead. Nothing here contacts a host that
   cfg does not name; texts go through cfg.t (English -> the page's language) and textContent.

   cfg: { tileUrl, basemap, basemapMaxZoom, attribution, streets, t } */

const LAND = "#f2efe9";
const WATER = "#aad3df";
const GREEN = "#d3e5c5";
const BUILDING = "#dcd3cb";
const STREET = { major: "#fbd99b", medium: "#fff3c4", minor: "#ffffff", service: "#ffffff" };
const CASING = "#c4bcb3";
const STREET_WIDTH = { major: [1.5, 14], medium: [1, 12], minor: [0.6, 9], service: [0.3, 5], path: [0.3, 2] };
const RASTER_FAILURES = 4; // tile errors before a raster background counts as unavailable
const STREETS_MIN_ZOOM = 12;
const NOTICE = "The background map could not be loaded; only the streets known to this server are drawn.";

function widthFor(kind, extra) {
  const [low, high] = STREET_WIDTH[kind] || STREET_WIDTH.minor;
  return (zoom) => {
    const share = Math.max(0, Math.min(1, (zoom - 12) / 6));
    return low + (high - low) * share * share + (extra || 0);
  };
}

function ofClass(kinds) {
  return (zoom, feature) => kinds.includes(feature.props["class"]);
}

/* The paint and label rules of our five layers (cameramap/basemap/features.py). */
export function basemapStyle(P) {
  const streetRules = [];
  for (const kind of ["service", "minor", "medium", "major"]) {
    streetRules.push({ dataLayer: "streets", filter: ofClass([kind]),
      symbolizer: new P.LineSymbolizer({ color: CASING, width: widthFor(kind, 1.2), lineCap: "round" }) });
  }
  for (const kind of ["service", "minor", "medium", "major"]) {
    streetRules.push({ dataLayer: "streets", filter: ofClass([kind]),
      symbolizer: new P.LineSymbolizer({ color: STREET[kind], width: widthFor(kind), lineCap: "round" }) });
  }
  return {
    backgroundColor: LAND,
    paintRules: [
      { dataLayer: "parks", symbolizer: new P.PolygonSymbolizer({ fill: GREEN }) },
      { dataLayer: "water", symbolizer: new P.PolygonSymbolizer({ fill: WATER }) },
      { dataLayer: "buildings", symbolizer: new P.PolygonSymbolizer({ fill: BUILDING, stroke: "#cbbfb4", width: 0.5 }) },
      { dataLayer: "streets", filter: ofClass(["path"]),
        symbolizer: new P.LineSymbolizer({ color: "#b9aa9a", width: widthFor("path"), dash: [2, 2] }) },
      { dataLayer: "streets", filter: ofClass(["rail"]),
        symbolizer: new P.LineSymbolizer({ color: "#9a928a", width: 1.2, dash: [4, 3] }) },
      ...streetRules,
    ],
    labelRules: [
      { dataLayer: "places", symbolizer: new P.CenteredTextSymbolizer({
        labelProps: ["name"], fill: "#3f3a36", stroke: LAND, width: 2.5, font: "600 13px sans-serif" }) },
      { dataLayer: "streets", minzoom: 15, filter: ofClass(["major", "medium", "minor", "path"]),
        symbolizer: new P.LineLabelSymbolizer({
          labelProps: ["name"], fill: "#4b4540", stroke: "#ffffff", width: 2, font: "11px sans-serif" }) },
    ],
  };
}

/* The visible notice (a Leaflet control with role=status), shown once. */
function showNotice(L, map, cfg) {
  const container = map.getContainer();
  if (container.querySelector(".cm-basemap-notice")) { return; }
  const Notice = L.Control.extend({
    onAdd() {
      const box = L.DomUtil.create("div", "cm-basemap-notice");
      box.setAttribute("role", "status");
      box.textContent = (cfg.t || ((m) => m))(NOTICE);
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  new Notice({ position: "bottomleft" }).addTo(map);
  container.classList.add("cm-no-basemap");
}

/* The gazetteer's street lines for the view, re-asked after every move (at street zooms). */
function drawKnownStreets(L, map, cfg) {
  if (!cfg.streets) { return null; }
  const layer = L.geoJSON(null, {
    renderer: L.svg(), // its own SVG, under the cameras' canvas
    style: { color: "#8a8178", weight: 2, opacity: 0.9, className: "cm-known-street" },
    onEachFeature(feature, line) {
      const name = document.createElement("span");
      name.textContent = feature.properties && feature.properties.name ? String(feature.properties.name) : "";
      line.bindTooltip(name, { sticky: true });
    },
  }).addTo(map);
  layer.bringToBack && layer.bringToBack();
  let asked = 0;
  const refresh = () => {
    if (map.getZoom() < STREETS_MIN_ZOOM) { layer.clearLayers(); return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
    const mine = ++asked;
    fetch(`${cfg.streets}?bbox=${bbox}`, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((body) => {
        if (!body || mine !== asked) { return; }
        layer.clearLayers();
        layer.addData(body);
      })
      .catch(() => {});
  };
  map.on("moveend", refresh);
  refresh();
  return layer;
}

function fallBack(L, map, cfg, failed) {
  if (failed && map.hasLayer(failed)) { map.removeLayer(failed); }
  showNotice(L, map, cfg);
  return drawKnownStreets(L, map, cfg);
}

/* Resolves true when `url` answers a range request with a PMTiles header. */
export function archiveAnswers(url) {
  return fetch(url, { headers: { Range: "bytes=0-126" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.arrayBuffer() : new ArrayBuffer(0)))
    .then((bytes) => new TextDecoder().decode(new Uint8Array(bytes, 0, Math.min(7, bytes.byteLength))) === "PMTiles")
    .catch(() => false);
}

function addRaster(L, map, cfg) {
  const layer = L.tileLayer(cfg.tileUrl, { maxZoom: 19, attribution: cfg.attribution || "" }).addTo(map);
  let errors = 0, loaded = 0;
  layer.on("tileload", () => { loaded += 1; });
  layer.on("tileerror", () => {
    errors += 1;
    if (errors === RASTER_FAILURES && loaded === 0) { fallBack(L, map, cfg, layer); }
  });
  return layer;
}

function addVector(L, map, cfg) {
  const P = window.protomapsL;
  if (!P || !cfg.basemap) { fallBack(L, map, cfg, null); return null; }
  const layer = P.leafletLayer({
    url: cfg.basemap, maxDataZoom: cfg.basemapMaxZoom || 15, maxZoom: 19,
    attribution: cfg.attribution || "", ...basemapStyle(P),
  }).addTo(map);
  archiveAnswers(cfg.basemap).then((ok) => { if (!ok) { fallBack(L, map, cfg, layer); } });
  return layer;
}

export function addBasemap(L, map, cfg) {
  const options = cfg || {};
  return options.tileUrl ? addRaster(L, map, options) : addVector(L, map, options);
}
