/* cameramap map: the page's shared state — the counters the tests read, the map and its settings, the
 * filters, the markers drawn and the toolbar's nodes — and the status line under the toolbar. */
import { el } from "./mapkit.js";

/* What was asked for and drawn (window.cameramap.state). */
export const state = {
  featureCount: 0, numberMatched: 0, numberReturned: 0, clusterCount: 0, clustered: false,
  loads: 0, loading: false, error: null, lastUrl: null, drawnAt: 0, requestedAt: 0, selected: null,
  layer: "", layerCount: 0, pending: null, answered: 0, visibleCount: 0, visibleLayerCount: 0
};

/* The Leaflet map and its settings (the shell's JSON block), the filters, and the markers drawn by id. */
export const page = {
  map: null, config: null, filters: null, layer: null, renderer: null, CameraMarker: null,
  markers: {}, features: [], lastCollection: null
};

/* The toolbar's nodes (status, chips, pin, larger-map link), the panels, the legend and the selection ring. */
export const ui = {};

export function setStatus(text, isError, note) {
  if (!ui.status) { return; }
  ui.status.textContent = text;
  if (note) { ui.status.appendChild(el("span", "cm-status-note", " " + note)); }
  ui.status.classList.toggle("cm-error", !!isError);
}
