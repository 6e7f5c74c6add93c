/* cameramap map: the page's URL — filters in the query, the selected camera, the view in the hash — and
 * what follows it: the feed link, the share panel, the larger-map link and the language switch. */
import * as filtering from "./map-filters.js";
import { isOpen } from "./map-panels.js";
import { feedUrl, renderShare, updateAlternate } from "./map-share.js";
import { formatHash, tileBox } from "./map-view.js";
import { page, state, ui } from "./map-state.js";

function pageUrl(withEmbed) {
  const q = new URLSearchParams();
  filtering.filterPairs(page.filters).forEach((p) => q.append(p[0], p[1]));
  if (state.selected) { q.set("camera", state.selected); }
  if (withEmbed && page.filters.embed) { q.set("embed", "1"); }
  const search = q.toString();
  return window.location.pathname + (search ? "?" + search : "") + formatHash(page.map);
}

/* The view, for the submit form's map to start from (this browser's storage only; never sent). */
function rememberView() {
  try {
    const c = page.map.getCenter().wrap();
    window.localStorage.setItem("cameramap:view", JSON.stringify({ lat: c.lat, lon: c.lng, zoom: page.map.getZoom() }));
  } catch { /* storage unavailable */ }
}

export function writeUrl() {
  const next = pageUrl(true);
  if (next !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(null, "", next);
  }
  rememberView();
  const feed = feedUrl(page.config, tileBox(page.map, page.map.getZoom()));
  updateAlternate(feed);
  if (isOpen("share")) { renderShare(ui.panels.share.body, window.location.href, feed); }
  if (ui.larger) { ui.larger.href = pageUrl(false); }
  document.querySelectorAll("header a[hreflang]").forEach((a) => {
    const url = new URL(pageUrl(false), window.location.href);
    url.searchParams.set("lang", a.getAttribute("hreflang"));
    a.href = url.pathname + url.search + url.hash;
  });
}
