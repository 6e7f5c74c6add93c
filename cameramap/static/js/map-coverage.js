/* cameramap map: the "streets in view of cameras" layer, switched on and off in the legend. Switched on
 * in a wider view, it zooms in to 15 first; its notes ("zoom in", "none here") show over the map, where
 * they are seen even when the legend is scrolled or closed. From zoom 15, it asks GET /api/v1/coverage/segments for the view (the box snapped outward to a 0.01° grid, so
 * that panning repeats URLs the browser and the server have cached) and colours the watched stretches
 * of the foot network. Nothing about the visitor is sent but the box. */
import { t } from "./i18n.js";
import { el } from "./mapkit.js";

const L = window.L;
const MIN_ZOOM = 15;
const GRID = 0.01;
const MAX_SPAN = 0.1;
export const COLOUR = "#c2410c";

const state = { on: false, url: null, drawn: 0, loads: 0 };
let map = null, base = "", layer = null, note = null, toggle = null, controller = null;

function snapped(bounds) {
  const down = (v) => (Math.floor(v / GRID) * GRID).toFixed(2);
  const up = (v) => (Math.ceil(v / GRID) * GRID).toFixed(2);
  return [down(bounds.getWest()), down(bounds.getSouth()), up(bounds.getEast()), up(bounds.getNorth())];
}

function draw(collection) {
  layer.clearLayers();
  let parts = 0;
  (collection.features || []).forEach((feature) => {
    const lines = (feature.geometry && feature.geometry.coordinates) || [];
    parts += lines.length;
    if (lines.length) {
      L.polyline(lines.map((line) => line.map((c) => [c[1], c[0]])),
        { color: COLOUR, weight: 4, opacity: 0.85, interactive: false }).addTo(layer);
    }
  });
  state.drawn = parts;
  note.textContent = parts ? "" : t("No street in this view is in view of a camera.");
}

function refresh() {
  if (!state.on) { return; }
  if (tooWide()) {
    layer.clearLayers();
    state.url = null;
    note.textContent = t("Zoom in to see the streets in view of cameras.");
    return;
  }
  const box = snapped(map.getBounds());
  const url = base + "/coverage/segments?bbox=" + box.join(",") + "&profile=foot";
  if (url === state.url) { return; }
  state.url = url;
  if (controller) { controller.abort(); }
  controller = new AbortController();
  fetch(url, { signal: controller.signal, headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then((response) => response.json().then((body) => {
      if (!response.ok) { throw new Error(body.message || String(response.status)); }
      return body;
    }))
    .then((body) => { state.loads += 1; draw(body); })
    .catch((error) => {
      if (error && error.name === "AbortError") { return; }
      state.url = null;
      layer.clearLayers();
      note.textContent = t("The streets in view could not be loaded: {error}", { error: error.message });
    });
}

function tooWide() {
  const box = snapped(map.getBounds());
  return map.getZoom() < MIN_ZOOM || box[2] - box[0] > MAX_SPAN || box[3] - box[1] > MAX_SPAN;
}

function set(on) {
  state.on = on;
  toggle.setAttribute("aria-pressed", String(on));
  if (on) {
    layer.addTo(map);
    if (tooWide()) {
      map.setZoom(Math.max(MIN_ZOOM, map.getZoom() + 1));  // its moveend draws the layer
      return;
    }
    refresh();
  } else {
    layer.remove();
    layer.clearLayers();
    state.url = null;
    note.textContent = "";
  }
}

/* The layer's section at the end of the legend box. */
export function setupCoverage(leafletMap, config, legendBox) {
  map = leafletMap;
  base = String(config.api || "/api/v1/cameras").replace(/\/cameras\/?$/, "");
  layer = L.layerGroup();
  const swatch = el("span", "cm-coverage-swatch");
  swatch.setAttribute("aria-hidden", "true");
  toggle = el("button", "cm-layer cm-coverage-toggle");
  toggle.type = "button";
  toggle.setAttribute("aria-pressed", "false");
  toggle.append(swatch, el("span", null, t("Streets in view of cameras")));
  toggle.addEventListener("click", () => set(!state.on));
  note = el("p", "cm-map-notice cm-coverage-note");
  note.setAttribute("aria-live", "polite");
  map.getContainer().appendChild(note);  // over the map, top centre
  legendBox.append(el("h3", "cm-legend-sub", t("Layers")), toggle);
  map.on("moveend", refresh);
  window.cameramapCoverage = { state };  // for tests
  return { state, set };
}
