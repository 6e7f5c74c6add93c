/* cameramap: the choropleth of cameras per area (a module on mapkit.js). Areas and figures come from
   /api/v1/stats/areas (URL in data-areas); labels and popups are built with createElement/textContent. */
import { lang, t, term } from "./i18n.js";
import { createMap, definitionList, el, getJson, swatchLegend } from "./mapkit.js";

const box = document.getElementById("stats-map");
const COLOURS = ["#fff7ec", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000"];

/* Quantile class limits, without repeats (one area or equal values give a single class). */
function breaks(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const out = [];
  for (let i = 1; i < COLOURS.length; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor(i * sorted.length / COLOURS.length))];
    if (v > 0 && out.indexOf(v) < 0 && v < sorted[sorted.length - 1]) { out.push(v); }
  }
  return out;
}

function shade(index, limits) {
  return COLOURS[Math.round(index * (COLOURS.length - 1) / Math.max(1, limits.length))];
}

function colour(value, limits) {
  if (value === null || value === undefined) { return "#e5e7eb"; }
  let i = 0;
  while (i < limits.length && value >= limits[i]) { i++; }
  return limits.length ? shade(i, limits) : COLOURS[COLOURS.length - 1];
}

function format(value) {
  if (value === null || value === undefined) { return t("no data"); }
  return Number(value).toLocaleString(lang, { maximumFractionDigits: 2 });
}

function popup(p) {
  const root = el("div", "map-popup");
  root.appendChild(el("strong", null, p.name));
  const rows = [[t("Cameras"), format(p.cameras)], [t("per km²"), format(p.per_km2)],
    [t("per 1,000 residents"), format(p.per_1000_residents)]];
  Object.keys(p.capabilities || {}).forEach((key) => rows.push([term(key), format(p.capabilities[key])]));
  (p.operators || []).slice(0, 3).forEach((op) => rows.push([op.name || t("operator unknown"), format(op.cameras)]));
  root.appendChild(definitionList(rows));
  return root;
}

function legendRows(limits) {
  if (!limits.length) { return [[COLOURS[COLOURS.length - 1], t("all areas")]]; }
  const rows = [];
  for (let i = 0; i <= limits.length; i++) {
    const text = i === 0 ? "< " + format(limits[0])
      : i < limits.length ? format(limits[i - 1]) + " – " + format(limits[i]) : "≥ " + format(limits[i - 1]);
    rows.push([shade(i, limits), text]);
  }
  return rows;
}

function draw(map, body, metric, status) {
  const values = body.features.map((f) => f.properties[metric]).filter((v) => v !== null && v !== undefined);
  const limits = breaks(values.length ? values : [0]);
  const layer = L.geoJSON(body, {
    style: (f) => ({ color: "#334155", weight: 1, fillOpacity: 0.7, fillColor: colour(f.properties[metric], limits) }),
    onEachFeature: (f, l) => { l.bindPopup(() => popup(f.properties)); }
  }).addTo(map);
  if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
  swatchLegend(map, legendRows(limits), box.dataset.metricLabel);
  if (status) { status.textContent = t("Areas on the map: {count}.", { count: body.features.length }); }
}

if (box && window.L) {
  const metric = box.dataset.metric === "per_1000" ? "per_1000_residents" : box.dataset.metric;
  const { map } = createMap(box, { label: t("Map of cameras per area") });
  const status = document.getElementById("stats-map-status");
  getJson(box.dataset.areas, undefined, "application/geo+json")
    .then((body) => draw(map, body, metric, status))
    .catch(() => { if (status) { status.textContent = t("The areas could not be loaded."); } });
}
