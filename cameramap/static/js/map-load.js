/* cameramap map: asking the API for the view snapped to the tile grid (/api/v1/cameras?bbox=&zoom=) with
 * the filters; one request at a time (a newer one aborts the older), none when the tiles are the same. */
import { t } from "./i18n.js";
import * as filtering from "./map-filters.js";
import { tileBox } from "./map-view.js";
import { draw, refreshList } from "./map-draw.js";
import { report } from "./map-count.js";
import { page, setStatus, state } from "./map-state.js";

let controller = null;

export function requestUrl() {
  const { config, filters, map } = page;
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

export function load() {
  const url = requestUrl();
  state.requestedAt = performance.now();
  if (url === state.lastUrl && !state.error) {  // the same tiles: what is drawn is still right
    finished(null);
    report();  // what is in view changed all the same
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
