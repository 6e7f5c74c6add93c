/* cameramap map page (an ES module): asks the API for the view snapped to the tile grid
 * (/api/v1/cameras?bbox=&zoom=), draws points or server-side clusters on a canvas, and keeps view and
 * filters in the URL. Its settings come from the JSON block the shell carries (mapview.py); its words
 * from the scripts' catalogue of the page's language, loaded before the controls are built. The parts:
 * map-state.js (shared state), map-url.js, map-load.js, map-draw.js, map-camera.js, map-toolbar.js. */
import { load as loadWords, t } from "./i18n.js";
import { setupMap } from "./mapkit.js";
import * as layers from "./map-layers.js";
import { fetchDetail, linksInNewTab, setPaths } from "./map-details.js";
import * as filtering from "./map-filters.js";
import { siteMenu } from "./map-panels.js";
import { setVoicePaths } from "./map-voice.js";
import { initialView, onHashChange } from "./map-view.js";
import { addDeployments } from "./deployments.js";
import { closeDetails, openDetails } from "./map-camera.js";
import { refreshList } from "./map-draw.js";
import { load } from "./map-load.js";
import { page, state, ui } from "./map-state.js";
import { addControls } from "./map-toolbar.js";
import { writeUrl } from "./map-url.js";

function start() {
  const { map, config } = page;
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
  const config = page.config = JSON.parse(node.textContent);
  const map = page.map = window[config.map];
  config.limit = config.limit || 1000;
  page.filters = filtering.readQuery(config);
  const asked = new URLSearchParams(window.location.search).get("camera");
  state.pending = /^[0-9]+$/.test(asked || "") ? asked : null;
  setPaths({ operator: config.operatorPath, about: config.about });
  setVoicePaths({ api: config.api, challenge: config.challenge, worker: config.powWorker });
  if (page.filters.embed) {
    document.documentElement.classList.add("cm-embed");
    linksInNewTab(true);
  }
  siteMenu();
  page.CameraMarker = layers.defineLayers();
  page.renderer = L.canvas({ padding: 0.3, tolerance: 4 });
  page.layer = L.layerGroup().addTo(map);
  return loadWords(config.i18n).then(start);
}

function pointOf(id) {
  const marker = page.markers[String(id)];
  if (!marker) { return null; }
  const p = page.map.latLngToContainerPoint(marker.getLatLng());
  const rect = page.map.getContainer().getBoundingClientRect();
  return { x: rect.left + p.x, y: rect.top + p.y };
}

// Test hooks as well as a small public handle for embedding pages.
window.cameramap = {
  state, openDetails, closeDetails, openPopup: openDetails, pointOf,
  getMap: () => page.map,
  pin: () => (ui.pin ? ui.pin.current() : null),
  markerOf: (id) => page.markers[String(id)] || null,
  features: () => page.features
};
document.documentElement.classList.add("cm-js");
attach();
