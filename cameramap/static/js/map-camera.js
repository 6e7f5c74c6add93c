/* cameramap map: the camera whose details are open — its ring on the map, the details panel filled from
 * /api/v1/cameras/<id>, and the camera kept in view above the sheet. */
import { t } from "./i18n.js";
import { el } from "./mapkit.js";
import * as layers from "./map-layers.js";
import { detailContent, fetchDetail } from "./map-details.js";
import { closePanel, isOpen, openPanel } from "./map-panels.js";
import { page, state, ui } from "./map-state.js";
import { writeUrl } from "./map-url.js";

export function openDetails(id, opener) {
  const marker = page.markers[String(id)];
  if (!marker || marker.options.cluster) { return false; }
  const panel = ui.panels.details;
  const map = page.map;
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
  fetchDetail(page.config.api, id)
    .then((detail) => detailContent(detail, layers.MARKERS, page.config.cameraPath))
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
export function select(latlng) {
  if (ui.ring) { ui.ring.remove(); ui.ring = null; }
  if (!latlng) { return; }
  ui.ring = L.circleMarker(latlng, { renderer: page.renderer, radius: 13, color: "#b45309", weight: 3, fill: false,
    interactive: false }).addTo(page.map);
}

export function closeDetails() {
  closePanel("details", true);
}
