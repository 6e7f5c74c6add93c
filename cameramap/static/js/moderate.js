/* cameramap moderation (a module on mapkit.js): preview maps (submissions in red, nearby cameras in
   blue) drawn from the page's JSON data with textContent-only tooltips, and "select all" for batch
   actions. */
import { createMap, el } from "./mapkit.js";

function preview(box) {
  const source = document.getElementById(box.id + "-data");
  const data = source ? JSON.parse(source.textContent) : { submissions: [], cameras: [] };
  const { map } = createMap(box, { leaflet: { scrollWheelZoom: false } });
  const bounds = [];
  const draw = (items, style) => items.forEach((item) => {
    L.circleMarker([item.lat, item.lon], style).bindTooltip(el("span", null, item.label)).addTo(map);
    bounds.push([item.lat, item.lon]);
  });
  draw(data.cameras, { radius: 7, color: "#1d4ed8", fillOpacity: 0.6 });
  draw(data.submissions, { radius: 8, color: "#b91c1c", fillOpacity: 0.8 });
  if (bounds.length) { map.fitBounds(bounds, { maxZoom: 18, padding: [20, 20] }); }
}

if (window.L) { document.querySelectorAll(".preview-map").forEach(preview); }

const all = document.getElementById("select-all");
if (all) {
  all.addEventListener("change", () => {
    document.querySelectorAll("#batch-form input[name='ids']").forEach((box) => { box.checked = all.checked; });
  });
}
