/* cameramap: one set-up for every map (the main map and the submit, moderation, operator, stats and
   compare maps). A map element carries its server settings in uniform data attributes:
     data-tile-url, data-tile-attribution  raster tiles, when the operator configured them
     data-basemap, data-basemap-max-zoom    otherwise the app's own vector basemap (basemap.js),
     data-basemap-client, data-streets      its vendored client and the fallback street lines
     data-extent="west,south,east,north"   the first view, if known
     data-api, data-camera-path, data-limit  where cameras come from and where a camera's page is
   Leaflet is the vendored global `L`; everything here builds the DOM with textContent only. */
import { addBasemap } from "./basemap.js";
import { t } from "./i18n.js";

const L = window.L;

/* An element with a class and text (never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
}

export function parseExtent(value) {
  const extent = Array.isArray(value) ? value.map(Number) : String(value || "").split(",").map(Number);
  return extent.length === 4 && extent.every(Number.isFinite) ? extent : null;
}

/* The settings of a map element, from its data attributes. */
export function readConfig(node) {
  const d = node.dataset;
  return {
    tileUrl: d.tileUrl || "", tileAttribution: d.tileAttribution || "", maxZoom: Number(d.maxZoom) || 19,
    basemap: d.basemap || "", basemapMaxZoom: Number(d.basemapMaxZoom) || 15,
    basemapClient: d.basemapClient || "", streets: d.streets || "",
    extent: parseExtent(d.extent), api: d.api || "", cameraPath: d.cameraPath || "/cameras/",
    limit: Number(d.limit) || 1000
  };
}

let client = null;

/* The vendored vector-tile client (a classic script from our own origin), loaded once when needed. */
function loadClient(src) {
  if (window.protomapsL || !src) { return Promise.resolve(); }
  if (!client) {
    client = new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = resolve; // basemap.js then shows its notice and the fallback streets
      document.head.appendChild(script);
    });
  }
  return client;
}

/* The base layer of every map (basemap.js): raster tiles when TILE_URL is set, else our own
   vector basemap; a visible notice and the known streets when neither can be shown. */
export function baseLayer(leaflet, map, cfg) {
  const options = {
    tileUrl: cfg.tileUrl, attribution: cfg.tileAttribution, basemap: cfg.basemap,
    basemapMaxZoom: cfg.basemapMaxZoom, streets: cfg.streets, t
  };
  if (cfg.tileUrl) { return Promise.resolve(addBasemap(leaflet, map, options)); }
  return loadClient(cfg.basemapClient).then(() => addBasemap(leaflet, map, options));
}

/* Base layer, zoom buttons in the page's language and (optionally) a scale, on an existing map. */
export function setupMap(map, cfg, options = {}) {
  baseLayer(L, map, cfg);
  L.control.zoom({ position: "topleft", zoomInTitle: t("Zoom in"), zoomOutTitle: t("Zoom out") }).addTo(map);
  if (options.scale) { L.control.scale({ position: "bottomleft" }).addTo(map); }
  const container = map.getContainer();
  if (!container.hasAttribute("role")) { container.setAttribute("role", "region"); }
  if (!container.hasAttribute("aria-label")) { container.setAttribute("aria-label", options.label || t("Map")); }
  return map;
}

/* Fit the view to [west, south, east, north]; false when there is no extent. */
export function fitExtent(map, extent, options = {}) {
  if (!extent) { return false; }
  map.fitBounds([[extent[1], extent[0]], [extent[3], extent[2]]],
    { padding: [options.padding || 20, options.padding || 20], maxZoom: options.maxZoom || 17, animate: false });
  return true;
}

/* A map on `node` set up from its data attributes; `leaflet` adds Leaflet options. */
export function createMap(node, options = {}) {
  const cfg = Object.assign(readConfig(node), options.config || {});
  const map = L.map(node, Object.assign({ zoomControl: false, worldCopyJump: true }, options.leaflet || {}));
  setupMap(map, cfg, options);
  if (!fitExtent(map, cfg.extent, options)) { map.setView([20, 0], 2); }
  return { map, cfg };
}

/* A Leaflet control whose box `build()` returns; clicks and scrolls stay inside it. */
export function control(position, build) {
  const Control = L.Control.extend({
    options: { position },
    onAdd() {
      const box = build();
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });
  return new Control();
}

/* A legend in a corner: rows of [colour, label], with an optional heading. */
export function swatchLegend(map, rows, heading) {
  return control("bottomright", () => {
    const box = el("div", "map-legend leaflet-control");
    if (heading) { box.appendChild(el("strong", null, heading)); }
    rows.forEach(([colour, label]) => {
      const row = el("div");
      const swatch = el("i");
      swatch.style.background = colour;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(label));
      box.appendChild(row);
    });
    return box;
  }).addTo(map);
}

/* GET JSON from our own API; rejects on an HTTP error. */
export function getJson(url, signal, accept = "application/json") {
  return fetch(url, { signal, headers: { Accept: accept }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) { throw new Error(t("the server answered {status}", { status: response.status })); }
      return response.json();
    });
}

/* The view as [west, south, east, north], clamped to the world. */
export function viewBox(map) {
  const b = map.getBounds();
  return [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())];
}

/* A popup of rows (term, value) under a heading node: text only. */
export function definitionList(rows) {
  const list = el("dl");
  rows.forEach(([name, value]) => {
    if (value === null || value === undefined || value === "") { return; }
    list.appendChild(el("dt", null, name));
    list.appendChild(el("dd", null, value));
  });
  return list;
}
