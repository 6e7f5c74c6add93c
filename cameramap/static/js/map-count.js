/* cameramap map: the status line — how many cameras lie inside the visible map (not the larger
 * tile-aligned area the view asks for), and, when a capability finds none, whether any camera in the
 * registry has it. Points and groups wholly inside or outside the view are counted from the answer
 * drawn; only when a group straddles the edge is the API asked for the count of the visible bbox
 * (numberMatched of /api/v1/cameras?bbox=&limit=1). */
import { t, tn, term } from "./i18n.js";
import * as layers from "./map-layers.js";
import * as filtering from "./map-filters.js";
import { page, setStatus, state } from "./map-state.js";

const nowhere = {};  // capability -> true when no camera of any status has it (asked once per page)
let controller = null;

/* The visible bounds as [west, south, east, north], inside the world. */
function visibleBox() {
  const b = page.map.getBounds();
  const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v));
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)];
}

/* What the answer drawn says of `bounds`: each point inside counts one; a group counts whole when its
 * cameras' extent lies inside, not at all when outside; `partial` when one straddles the edge. */
export function countIn(features, bounds, only) {
  const counted = { total: 0, layer: 0, partial: false };
  features.forEach((f) => {
    const p = f.properties || {};
    const b = Array.isArray(f.bbox) ? f.bbox : null;
    if (p.cluster && b) {
      const extent = L.latLngBounds([b[1], b[0]], [b[3], b[2]]);
      if (bounds.contains(extent)) {
        counted.total += p.count;
        counted.layer += only ? layers.clusterMatches(p, only) : p.count;
      } else if (bounds.intersects(extent)) { counted.partial = true; }
      return;
    }
    const c = f.geometry && f.geometry.coordinates;
    if (!Array.isArray(c) || !bounds.contains([c[1], c[0]])) { return; }
    counted.total += 1;
    if (!only || layers.hasCapability(p, only)) { counted.layer += 1; }
  });
  return counted;
}

function ask(pairs, signal) {
  const q = new URLSearchParams(pairs);
  q.set("limit", "1");
  return fetch(page.config.api + "?" + q.toString(), { signal, headers: { Accept: "application/geo+json" },
    credentials: "same-origin" })
    .then((r) => { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then((body) => (typeof body.numberMatched === "number" ? body.numberMatched : 0));
}

/* The API's count of the visible bbox with the filters (and, with `capability`, that one too). */
function askVisible(signal, capability) {
  const { filters, config } = page;
  const pairs = [["bbox", visibleBox().join(",")], ["status", filtering.statuses(filters, config).join(",")]];
  filtering.FILTERS.forEach((name) => { if (filters[name] && !(capability && name === "capability")) { pairs.push([name, filters[name]]); } });
  if (capability) { pairs.push(["capability", capability]); }
  return ask(pairs, signal);
}

/* The capability chosen (the layer, else the filter) when none of the registry's cameras has it. */
function missingCapability(signal) {
  const name = page.filters.only || page.filters.capability;
  if (!name) { return Promise.resolve(null); }
  if (nowhere[name] !== undefined) { return Promise.resolve(nowhere[name] ? name : null); }
  return ask([["capability", name], ["status", page.config.statuses.join(",")]], signal)
    .then((n) => { nowhere[name] = n === 0; return n === 0 ? name : null; });
}

/* Count what is in view and say so in the status line (asking the API only when it must). */
export function report() {
  if (controller) { controller.abort(); }
  controller = new AbortController();
  const mine = controller;
  const only = page.filters.only;
  const counted = countIn(page.features, page.map.getBounds(), only);
  let exact = Promise.resolve(counted);
  if (counted.partial) {
    setStatus(t("Counting the cameras in this view…"), false);
    const layerCount = only && (!page.filters.capability || page.filters.capability === only)
      ? askVisible(mine.signal, only) : Promise.resolve(null);
    exact = Promise.all([askVisible(mine.signal, null), layerCount])
      .then(([total, layer]) => ({ total, layer: layer === null ? counted.layer : layer }));
  }
  exact
    .then((c) => (c.layer === 0 || c.total === 0 ? missingCapability(mine.signal) : Promise.resolve(null))
      .then((missing) => { if (mine === controller) { say(c, missing); } }))
    .catch((error) => {  // the count could not be had: what the answer drawn tells, as a floor
      if (mine === controller && (!error || error.name !== "AbortError")) { say(counted, null); }
    });
}

/* The count, and what it counts. */
function say(c, missing) {
  const filters = page.filters;
  state.visibleCount = c.total;
  state.visibleLayerCount = c.layer;
  let text = state.clustered
    ? tn("{count} camera in this view, shown in groups. Zoom in for more detail.",
      "{count} cameras in this view, shown in groups. Zoom in for more detail.", c.total)
    : tn("{count} camera in this view.", "{count} cameras in this view.", c.total);
  if (!state.clustered && state.numberMatched > state.answered) {  // a truncated answer
    text = tn("Showing {points} of {count} camera in this view. Zoom in to see all.",
      "Showing {points} of {count} cameras in this view. Zoom in to see all.", state.numberMatched,
      { points: state.answered });
  }
  if (filters.only) {
    text += " " + tn("With {capability}: {count} camera.", "With {capability}: {count} cameras.", c.layer,
      { capability: term(filters.only) });
  }
  if (missing) { text += " " + t("No camera in the registry has {capability}.", { capability: term(missing) }); }
  const removed = filtering.statuses(filters, page.config).indexOf("removed") >= 0;
  const note = filtering.narrowed(filters) ? t("Only cameras that match the filters are counted.")
    : (removed ? "" : t("Removed cameras are not counted."));
  setStatus(text, false, note);
}
