/* cameramap map: drawing an answer of the API — points and server-side clusters as canvas markers (kept
 * when unchanged), then the count in the status line (map-count.js) and the list of the cameras in view. */
import { lang, t, tn, term } from "./i18n.js";
import { report } from "./map-count.js";
import * as layers from "./map-layers.js";
import { isOpen } from "./map-panels.js";
import { renderList } from "./map-share.js";
import { fetchStreets, streetOf } from "./map-streets.js";
import { openDetails } from "./map-camera.js";
import { page, state, ui } from "./map-state.js";

function makeMarker(feature) {
  const coords = feature.geometry && feature.geometry.coordinates;
  if (!Array.isArray(coords) || typeof coords[0] !== "number" || typeof coords[1] !== "number") { return null; }
  const p = feature.properties || {};
  const latlng = [coords[1], coords[0]];
  if (p.cluster) {
    const cluster = new page.CameraMarker(latlng, layers.clusterOptions(p, page.renderer, page.filters.only));
    cluster.on("click", () => zoomInto(feature));
    return cluster;
  }
  const marker = new page.CameraMarker(latlng, layers.pointOptions(p, page.renderer));
  marker.on("click", () => openDetails(String(feature.id), page.map.getContainer()));
  return marker;
}

function zoomInto(feature) {
  const b = feature.bbox || (feature.properties || {}).bbox;
  const coords = feature.geometry.coordinates;
  if (Array.isArray(b) && b.length === 4 && (b[2] - b[0] > 1e-6 || b[3] - b[1] > 1e-6)) {
    page.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [40, 40], maxZoom: 19 });
  } else {
    page.map.setView([coords[1], coords[0]], Math.min(page.map.getZoom() + 3, 19));
  }
}

/* How many cameras of `feature` the capability layer keeps (all when none is selected). */
function layerMatches(feature) {
  const p = feature.properties || {};
  const only = page.filters.only;
  if (p.cluster) { return only ? layers.clusterMatches(p, only) : p.count; }
  return !only || layers.hasCapability(p, only) ? 1 : 0;
}

/* The markers of `list` by id (an unchanged one is kept), and what they count. */
function markersOf(list) {
  const next = {};
  const counts = { points: 0, clusters: 0, matching: 0, answered: 0 };
  list.forEach((feature) => {
    const id = String(feature.id);
    if (!(feature.properties || {}).cluster) { counts.answered += 1; }
    const matches = layerMatches(feature);
    if (!matches) { return; }
    counts.matching += matches;
    const signature = page.filters.only + JSON.stringify(feature.properties) + feature.geometry.coordinates;
    const old = page.markers[id];
    const marker = (old && old.cmSignature === signature) ? old : makeMarker(feature);
    if (!marker) { return; }
    marker.cmSignature = signature;
    marker.cmFeature = feature;
    next[id] = marker;
    if (feature.properties && feature.properties.cluster) { counts.clusters += 1; } else { counts.points += 1; }
  });
  return { next, counts };
}

export function draw(collection) {
  page.lastCollection = collection;
  const list = Array.isArray(collection.features) ? collection.features : [];
  const { next, counts } = markersOf(list);
  const layer = page.layer, markers = page.markers;
  Object.keys(markers).forEach((id) => { if (next[id] !== markers[id]) { layer.removeLayer(markers[id]); } });
  Object.keys(next).forEach((id) => { if (!layer.hasLayer(next[id])) { layer.addLayer(next[id]); } });
  page.markers = next;
  page.features = list;
  state.featureCount = counts.points + counts.clusters;
  state.layer = page.filters.only;
  state.layerCount = counts.matching;
  state.clusterCount = counts.clusters;
  state.clustered = !!collection.clustered;
  state.numberReturned = typeof collection.numberReturned === "number" ? collection.numberReturned : list.length;
  state.numberMatched = typeof collection.numberMatched === "number" ? collection.numberMatched : counts.points;
  state.answered = counts.answered;
  report();
  refreshList();
  if (state.pending && page.markers[state.pending]) {
    const id = state.pending;
    state.pending = null;
    openDetails(id, null);
  }
}

/* Where the list measures from: the search's pin when there is one, else the map's centre. */
function origin() {
  const pin = ui.pin ? ui.pin.current() : null;
  return pin ? { at: L.latLng(pin.lat, pin.lon), pin: true } : { at: page.map.getCenter(), pin: false };
}

/* "40 m from the pin", "1.2 km from the map centre", in the page's language. */
function distanceText(metres, fromPin) {
  const near = metres < 1000;
  const distance = new Intl.NumberFormat(lang, { maximumFractionDigits: near ? 0 : 1 }).format(near ? metres : metres / 1000);
  if (fromPin) { return near ? t("{distance} m from the pin", { distance }) : t("{distance} km from the pin", { distance }); }
  return near ? t("{distance} m from the map centre", { distance }) : t("{distance} km from the map centre", { distance });
}

/* The list of what is in view, nearest first (to the pin, else the centre), each with its distance;
 * entries that would still read the same also carry the camera's number. */
export function refreshList() {
  if (!isOpen("list")) { return; }
  const bounds = page.map.getBounds();
  const from = origin();
  const entries = [];
  Object.keys(page.markers).forEach((id) => {
    const marker = page.markers[id];
    if (!bounds.contains(marker.getLatLng())) { return; }
    const p = marker.cmFeature.properties || {};
    const metres = from.at.distanceTo(marker.getLatLng());
    if (p.cluster) {
      entries.push({ metres, text: tn("Group of {count} camera — zoom in", "Group of {count} cameras — zoom in", p.count),
        action: () => zoomInto(marker.cmFeature) });
    } else {
      entries.push({ id, metres, text: listText(id, p), action: (opener) => openDetails(id, opener) });
    }
  });
  entries.sort((a, b) => a.metres - b.metres || String(a.id).localeCompare(String(b.id)));
  const seen = {};
  entries.forEach((e) => { e.text += " · " + distanceText(e.metres, from.pin); seen[e.text] = (seen[e.text] || 0) + 1; });
  entries.forEach((e) => { if (e.id && seen[e.text] > 1) { e.text += " · " + t("camera #{id}", { id: e.id }); } });
  renderList(ui.panels.list.body, entries, state.numberMatched);
  fetchStreets(page.config, entries.filter((e) => e.id).map((e) => e.id), refreshList);
}

/* "Fixed camera — Aleksanterinkatu 52 (verified)": the street once the server named it. */
function listText(id, p) {
  const street = streetOf(id);
  const values = { label: layers.label(p.marker), id, status: term(p.status), street };
  return street ? t("{label} — {street} ({status})", values) : t("{label} #{id} ({status})", values);
}
