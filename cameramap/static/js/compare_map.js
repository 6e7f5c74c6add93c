/* cameramap: the official-vs-observed map (a module on mapkit.js). The comparison comes from
   /api/v1/compare (URL in data-compare); popups are built with createElement/textContent. */
import { lang, t } from "./i18n.js";
import { createMap, el, getJson, swatchLegend } from "./mapkit.js";

const box = document.getElementById("compare-map");
const STYLE = {
  matched: { colour: "#15803d", label: "match" },
  observed_only: { colour: "#b91c1c", label: "observed but not declared" },
  declared_only: { colour: "#b45309", label: "declared but not found" }
};
const LABELS = { matched: () => t("match"), observed_only: () => t("observed but not declared"),
  declared_only: () => t("declared but not found") };

function cameraLink(parent, href, text) {
  const a = el("a", null, text);
  a.href = href;
  const row = el("div");
  row.appendChild(a);
  parent.appendChild(row);
}

function popup(p, cfg) {
  const root = el("div", "map-popup");
  root.appendChild(el("div", null, (LABELS[p.result] || LABELS.matched)()));
  if (p.declared_camera_id) {
    cameraLink(root, cfg.cameraPath + encodeURIComponent(p.declared_camera_id), t("declared #{id}", { id: p.declared_camera_id }));
  }
  if (p.observed_camera_id) {
    cameraLink(root, cfg.cameraPath + encodeURIComponent(p.observed_camera_id), t("observed #{id}", { id: p.observed_camera_id }));
  }
  if (p.distance_m !== null) {
    root.appendChild(el("div", null, t("{distance} m apart", { distance: Number(p.distance_m).toLocaleString(lang) })));
  }
  return root;
}

function draw(map, cfg, body, status) {
  const layer = L.featureGroup();
  (body.features || []).forEach((f) => {
    const p = f.properties, c = f.geometry.coordinates;
    const style = STYLE[p.result] || STYLE.matched;
    L.circleMarker([c[1], c[0]], { radius: 5, weight: 1, color: "#0f172a", fillColor: style.colour, fillOpacity: 0.9 })
      .bindPopup(() => popup(p, cfg)).addTo(layer);
    if (p.result === "matched" && p.distance_m > 0) {
      L.polyline([[p.declared_lat, p.declared_lon], [p.observed_lat, p.observed_lon]],
        { color: style.colour, weight: 2 }).addTo(layer);
    }
  });
  layer.addTo(map);
  if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
  swatchLegend(map, Object.keys(STYLE).map((key) => [STYLE[key].colour, LABELS[key]()]));
  if (status) { status.textContent = t("Cameras on the map: {count}.", { count: (body.features || []).length }); }
}

if (box && window.L) {
  const { map, cfg } = createMap(box, { leaflet: { preferCanvas: true }, label: t("Map of the comparison") });
  const status = document.getElementById("compare-map-status");
  getJson(box.dataset.compare, undefined, "application/geo+json")
    .then((body) => draw(map, cfg, body, status))
    .catch(() => { if (status) { status.textContent = t("The comparison could not be loaded."); } });
}
