/* cameramap map page (an ES module): asks the API for the view snapped to the tile grid
 * (/api/v1/cameras?bbox=&zoom=), draws points or server-side clusters on a canvas, and keeps view and
 * filters in the URL. Its settings come from the JSON block the shell carries (mapview.py); its words
 * from the scripts' catalogue of the page's language, loaded before the controls are built. */
import { load as loadWords, t, tn, term } from "./i18n.js";
import { el, setupMap } from "./mapkit.js";
import * as layers from "./map-layers.js";
import { detailContent, fetchDetail, linksInNewTab, pageLink, setPaths } from "./map-details.js";
import { button, legend, locateButton, searchBox } from "./map-controls.js";
import * as filtering from "./map-filters.js";
import { addPanel, closePanel, createSheet, isOpen, openPanel, siteMenu } from "./map-panels.js";
import { setupRoutes } from "./map-route.js";
import { setupCoverage } from "./map-coverage.js";
import { feedUrl, renderList, renderShare, updateAlternate } from "./map-share.js";
import { createPin } from "./map-pin.js";
import { fetchStreets, streetOf } from "./map-streets.js";
import { setVoicePaths } from "./map-voice.js";
import { formatHash, initialView, onHashChange, tileBox } from "./map-view.js";
import { addDeployments } from "./deployments.js";

const state = {
  featureCount: 0, numberMatched: 0, numberReturned: 0, clusterCount: 0, clustered: false,
  loads: 0, loading: false, error: null, lastUrl: null, drawnAt: 0, requestedAt: 0, selected: null,
  layer: "", layerCount: 0, pending: null
};
let map = null, config = null, layer = null, renderer = null, CameraMarker = null;
let markers = {}, features = [], controller = null, filters = null, lastCollection = null;
const ui = {};

function setStatus(text, isError, note) {
  if (!ui.status) { return; }
  ui.status.textContent = text;
  if (note) { ui.status.appendChild(el("span", "cm-status-note", " " + note)); }
  ui.status.classList.toggle("cm-error", !!isError);
}

/* ---------- the page's URL: filters in the query, the view in the hash ---------- */

function pageUrl(withEmbed) {
  const q = new URLSearchParams();
  filtering.filterPairs(filters).forEach((p) => q.append(p[0], p[1]));
  if (state.selected) { q.set("camera", state.selected); }
  if (withEmbed && filters.embed) { q.set("embed", "1"); }
  const search = q.toString();
  return window.location.pathname + (search ? "?" + search : "") + formatHash(map);
}

/* The view, for the submit form's map to start from (this browser's storage only; never sent). */
function rememberView() {
  try {
    const c = map.getCenter().wrap();
    window.localStorage.setItem("cameramap:view", JSON.stringify({ lat: c.lat, lon: c.lng, zoom: map.getZoom() }));
  } catch { /* storage unavailable */ }
}

function writeUrl() {
  const next = pageUrl(true);
  if (next !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(null, "", next);
  }
  rememberView();
  const feed = feedUrl(config, tileBox(map, map.getZoom()));
  updateAlternate(feed);
  if (isOpen("share")) { renderShare(ui.panels.share.body, window.location.href, feed); }
  if (ui.larger) { ui.larger.href = pageUrl(false); }
  document.querySelectorAll("header a[hreflang]").forEach((a) => {
    const url = new URL(pageUrl(false), window.location.href);
    url.searchParams.set("lang", a.getAttribute("hreflang"));
    a.href = url.pathname + url.search + url.hash;
  });
}

/* ---------- the request and the drawing ---------- */

function requestUrl() {
  const zoom = Math.max(0, Math.min(22, Math.round(map.getZoom())));
  const q = new URLSearchParams();
  q.set("bbox", tileBox(map, zoom).map(String).join(","));
  q.set("zoom", String(zoom));
  q.set("limit", String(config.limit));
  q.set("status", filtering.statuses(filters, config).join(","));
  filtering.FILTERS.forEach((name) => { if (filters[name]) { q.set(name, filters[name]); } });
  return config.api + "?" + q.toString();
}

function finished(error) {
  state.error = error;
  state.loading = false;
  state.loads += 1;
  state.drawnAt = performance.now();
}

function load() {
  const url = requestUrl();
  state.requestedAt = performance.now();
  if (url === state.lastUrl && !state.error) {  // the same tiles: what is drawn is still right
    finished(null);
    refreshList();
    return;
  }
  if (controller) { controller.abort(); }
  controller = new AbortController();
  const mine = controller;
  state.loading = true;
  state.lastUrl = url;
  fetch(url, { signal: mine.signal, headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) { throw new Error(t("the server answered {status}", { status: response.status })); }
      return response.json();
    })
    .then((collection) => {
      if (mine !== controller) { return; }
      draw(collection);
      finished(null);
    })
    .catch((error) => {
      if (error && error.name === "AbortError") { return; }
      finished(String(error && error.message ? error.message : error));
      setStatus(t("Could not load cameras: {error}", { error: state.error }), true);
    });
}

function makeMarker(feature) {
  const coords = feature.geometry && feature.geometry.coordinates;
  if (!Array.isArray(coords) || typeof coords[0] !== "number" || typeof coords[1] !== "number") { return null; }
  const p = feature.properties || {};
  const latlng = [coords[1], coords[0]];
  if (p.cluster) {
    const cluster = new CameraMarker(latlng, layers.clusterOptions(p, renderer, filters.only));
    cluster.on("click", () => zoomInto(feature));
    return cluster;
  }
  const marker = new CameraMarker(latlng, layers.pointOptions(p, renderer));
  marker.on("click", () => openDetails(String(feature.id), map.getContainer()));
  return marker;
}

function zoomInto(feature) {
  const b = feature.bbox || (feature.properties || {}).bbox;
  const coords = feature.geometry.coordinates;
  if (Array.isArray(b) && b.length === 4 && (b[2] - b[0] > 1e-6 || b[3] - b[1] > 1e-6)) {
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [40, 40], maxZoom: 19 });
  } else {
    map.setView([coords[1], coords[0]], Math.min(map.getZoom() + 3, 19));
  }
}

/* How many cameras of `feature` the capability layer keeps (all when none is selected). */
function layerMatches(feature) {
  const p = feature.properties || {};
  if (p.cluster) { return filters.only ? layers.clusterMatches(p, filters.only) : p.count; }
  return !filters.only || layers.hasCapability(p, filters.only) ? 1 : 0;
}

function draw(collection) {
  lastCollection = collection;
  const list = Array.isArray(collection.features) ? collection.features : [];
  const next = {};
  let points = 0, clusters = 0, matching = 0, answered = 0;
  list.forEach((feature) => {
    const id = String(feature.id);
    if (!(feature.properties || {}).cluster) { answered += 1; }
    const matches = layerMatches(feature);
    if (!matches) { return; }
    matching += matches;
    const signature = filters.only + JSON.stringify(feature.properties) + feature.geometry.coordinates;
    const old = markers[id];
    const marker = (old && old.cmSignature === signature) ? old : makeMarker(feature);
    if (!marker) { return; }
    marker.cmSignature = signature;
    marker.cmFeature = feature;
    next[id] = marker;
    if (feature.properties && feature.properties.cluster) { clusters += 1; } else { points += 1; }
  });
  Object.keys(markers).forEach((id) => { if (next[id] !== markers[id]) { layer.removeLayer(markers[id]); } });
  Object.keys(next).forEach((id) => { if (!layer.hasLayer(next[id])) { layer.addLayer(next[id]); } });
  markers = next;
  features = list;
  state.featureCount = points + clusters;
  state.layer = filters.only;
  state.layerCount = matching;
  state.clusterCount = clusters;
  state.clustered = !!collection.clustered;
  state.numberReturned = typeof collection.numberReturned === "number" ? collection.numberReturned : list.length;
  state.numberMatched = typeof collection.numberMatched === "number" ? collection.numberMatched : points;
  report(answered);
  refreshList();
  if (state.pending && markers[state.pending]) {
    const id = state.pending;
    state.pending = null;
    openDetails(id, null);
  }
}

/* The count, and what it counts. */
function report(points) {
  const total = state.numberMatched;
  let text;
  if (state.clustered) {
    text = tn("{count} camera in this area, shown in groups. Zoom in for more detail.",
      "{count} cameras in this area, shown in groups. Zoom in for more detail.", total);
  } else if (total > points) {
    text = tn("Showing {points} of {count} camera in this view. Zoom in to see all.",
      "Showing {points} of {count} cameras in this view. Zoom in to see all.", total, { points });
  } else {
    text = tn("{count} camera in this view.", "{count} cameras in this view.", total);
  }
  if (filters.only) {
    text += " " + tn("With {capability}: {count} camera.", "With {capability}: {count} cameras.", state.layerCount,
      { capability: term(filters.only) });
  }
  const removed = filtering.statuses(filters, config).indexOf("removed") >= 0;
  const note = filtering.narrowed(filters) ? t("Only cameras that match the filters are counted.")
    : (removed ? "" : t("Removed cameras are not counted."));
  setStatus(text, false, note);
}

function refreshList() {
  if (!isOpen("list")) { return; }
  const bounds = map.getBounds();
  const entries = [];
  Object.keys(markers).forEach((id) => {
    const marker = markers[id];
    if (!bounds.contains(marker.getLatLng())) { return; }
    const p = marker.cmFeature.properties || {};
    if (p.cluster) {
      entries.push({ text: tn("Group of {count} camera — zoom in", "Group of {count} cameras — zoom in", p.count),
        action: () => zoomInto(marker.cmFeature) });
    } else {
      entries.push({ id, text: listText(id, p), action: (opener) => openDetails(id, opener) });
    }
  });
  renderList(ui.panels.list.body, entries, state.numberMatched);
  fetchStreets(config, entries.filter((e) => e.id).map((e) => e.id), refreshList);
}

/* "Fixed camera — Aleksanterinkatu 52 (verified)": the street once the server named it. */
function listText(id, p) {
  const street = streetOf(id);
  const values = { label: layers.label(p.marker), id, status: term(p.status), street };
  return street ? t("{label} — {street} ({status})", values) : t("{label} #{id} ({status})", values);
}

/* ---------- a camera's details ---------- */

function openDetails(id, opener) {
  const marker = markers[String(id)];
  if (!marker || marker.options.cluster) { return false; }
  const panel = ui.panels.details;
  state.selected = String(id);
  select(marker.getLatLng());
  panel.body.textContent = "";
  panel.body.appendChild(el("p", "cm-loading", t("Loading…")));
  openPanel("details", opener || map.getContainer());
  writeUrl();
  const keepInView = () => requestAnimationFrame(() => {  // the sheet took room: the camera stays above it
    map.invalidateSize({ pan: false });
    map.panInside(marker.getLatLng(), { padding: [40, 40] });
  });
  keepInView();
  fetchDetail(config.api, id)
    .then((detail) => detailContent(detail, layers.MARKERS, config.cameraPath))
    .catch((error) => el("p", "cm-error", t("Could not load this camera: {error}", { error: error.message })))
    .then((node) => {
      if (state.selected !== String(id) || !isOpen("details")) { return; }
      const hadFocus = panel.section.contains(document.activeElement);
      panel.body.textContent = "";
      panel.body.appendChild(node);
      const heading = node.querySelector(".cm-details-heading");
      if (hadFocus && heading) { heading.focus({ preventScroll: true }); }
      keepInView();  // the details made the sheet taller
    });
  return true;
}

/* A ring around the camera whose details are open (none when `latlng` is null). */
function select(latlng) {
  if (ui.ring) { ui.ring.remove(); ui.ring = null; }
  if (!latlng) { return; }
  ui.ring = L.circleMarker(latlng, { renderer, radius: 13, color: "#b45309", weight: 3, fill: false, interactive: false })
    .addTo(map);
}

function closeDetails() {
  closePanel("details", true);
}

/* ---------- the page's controls ---------- */

function toolbar() {
  const main = document.getElementById("cm-main");
  const stage = main.querySelector(".cm-stage");
  const tools = el("div", "cm-tools");
  const buttons = el("div", "cm-buttons");
  const names = { filters: t("Filters"), list: t("List"), legend: t("Legend"), share: t("Share") };
  const toggles = {};
  Object.keys(names).forEach((name) => {
    toggles[name] = button(names[name], "cm-toggle cm-toggle-" + name);
    buttons.appendChild(toggles[name]);
  });
  ui.status = el("p", "cm-status", t("Loading cameras…"));
  ui.status.setAttribute("role", "status");
  ui.chips = el("div", "cm-chips");
  ui.pin = createPin(map);
  tools.append(searchBox(config, map, ui.pin), buttons, ui.status, ui.chips, ui.pin.box);
  if (filters.embed) {
    ui.larger = pageLink(window.location.pathname, t("View larger map"), "cm-larger");
    ui.larger.target = "_blank";
    ui.larger.rel = "noopener";
    tools.appendChild(ui.larger);
  }
  main.insertBefore(tools, stage);
  return { stage, toggles };
}

function addControls() {
  const { stage, toggles } = toolbar();
  createSheet(stage);
  ui.panels = {
    filters: addPanel("filters", t("Filters"), toggles.filters),
    list: addPanel("list", t("Cameras in this view"), toggles.list),
    share: addPanel("share", t("Share this view"), toggles.share),
    details: addPanel("details", t("Camera details"), null)
  };
  ui.panels.details.heading.classList.add("cm-visually-hidden");
  ui.panels.list.onOpen = refreshList;
  ui.panels.details.onClose = () => { state.selected = null; select(null); writeUrl(); };
  ui.panels.share.onOpen = writeUrl;
  ui.filterForm = el("form", "cm-filters");
  ui.panels.filters.body.appendChild(ui.filterForm);
  locateButton(map, setStatus).addTo(map);
  L.control.scale({ position: "bottomleft" }).addTo(map);
  ui.legend = legend(map, toggles.legend, window.matchMedia("(min-width: 640px)").matches,
    (only) => setFilters(Object.assign({}, filters, { only: filters.only === only ? "" : only })));
  if (!filters.embed) { setupRoutes(map, config); setupCoverage(map, config, ui.legend.box); }
  setFilters(filters, false);
  filtering.loadOperators(config).then(() => setFilters(filters, false));
}

function setFilters(next, reload = true) {
  filters = next;
  filtering.buildFilters(ui.filterForm, config, filters, setFilters);
  filtering.renderChips(ui.chips, filters, setFilters);
  if (ui.legend) { ui.legend.select(filters.only); }
  if (reload) {
    writeUrl();
    if (lastCollection && requestUrl() === state.lastUrl && !state.error) { draw(lastCollection); }
    load();
  }
}

/* ---------- entry point ---------- */

function start() {
  setupMap(map, config, { label: t("Map of surveillance cameras") });
  addControls();
  map.invalidateSize({ pan: false });  // the toolbar took its room: the view is set on the map's real size
  initialView(map, config);
  if (state.pending && !window.location.hash) {  // ?camera=<id> alone: go to the camera first
    fetchDetail(config.api, state.pending)
      .then((detail) => {
        const c = detail.geometry.coordinates;
        map.setView([c[1], c[0]], 18);
      })
      .catch(() => { state.pending = null; });
  }
  // The toolbar or the sheet changed the map's size: keep the centre where it was.
  new ResizeObserver(() => map.invalidateSize({ pan: true })).observe(map.getContainer());
  writeUrl();
  map.on("moveend", () => { writeUrl(); load(); refreshList(); });
  window.addEventListener("hashchange", () => onHashChange(map));
  window.cameramap.deployments = addDeployments(map, config.api.replace(/\/cameras$/, "/deployments"));
  load();
}

function attach() {
  const node = document.getElementById("cameramap-config");
  config = JSON.parse(node.textContent);
  map = window[config.map];
  config.limit = config.limit || 1000;
  filters = filtering.readQuery(config);
  const asked = new URLSearchParams(window.location.search).get("camera");
  state.pending = /^[0-9]+$/.test(asked || "") ? asked : null;
  setPaths({ operator: config.operatorPath, about: config.about });
  setVoicePaths({ api: config.api, challenge: config.challenge, worker: config.powWorker });
  if (filters.embed) {
    document.documentElement.classList.add("cm-embed");
    linksInNewTab(true);
  }
  siteMenu();
  CameraMarker = layers.defineLayers();
  renderer = L.canvas({ padding: 0.3, tolerance: 4 });
  layer = L.layerGroup().addTo(map);
  return loadWords(config.i18n).then(start);
}

function pointOf(id) {
  const marker = markers[String(id)];
  if (!marker) { return null; }
  const p = map.latLngToContainerPoint(marker.getLatLng());
  const rect = map.getContainer().getBoundingClientRect();
  return { x: rect.left + p.x, y: rect.top + p.y };
}

// Test hooks as well as a small public handle for embedding pages.
window.cameramap = {
  state, openDetails, closeDetails, openPopup: openDetails, pointOf,
  getMap: () => map,
  pin: () => (ui.pin ? ui.pin.current() : null),
  markerOf: (id) => markers[String(id)] || null,
  features: () => features
};
document.documentElement.classList.add("cm-js");
attach();
