/* cameramap: the small map on a camera's page (a module on mapkit.js) — the camera and its view cone.
   The camera comes from the element's data-camera (JSON of numbers and vocabulary values, read as
   data only); the cone from its bearings, as on the main map (map-layers.js). */
import { t, term } from "./i18n.js";
import { createMap } from "./mapkit.js";
import { MARKERS, reachMetres, sectors } from "./map-layers.js";

const L = window.L;
const EARTH = 6378137;

/* The point `metres` away from [lat, lon] towards `bearing` degrees (clockwise from north). */
function offset(lat, lon, bearing, metres) {
  const a = (bearing * Math.PI) / 180;
  const dLat = (metres * Math.cos(a)) / EARTH;
  const dLon = (metres * Math.sin(a)) / (EARTH * Math.cos((lat * Math.PI) / 180));
  return [lat + (dLat * 180) / Math.PI, lon + (dLon * 180) / Math.PI];
}

/* A sector as a polygon: the camera, then its arc every few degrees. */
export function conePolygon(lat, lon, sector, metres) {
  const points = sector.width >= 360 ? [] : [[lat, lon]];
  const start = sector.degrees - Math.min(sector.width, 360) / 2;
  const steps = Math.max(4, Math.ceil(Math.min(sector.width, 360) / 5));
  for (let i = 0; i <= steps; i++) {
    points.push(offset(lat, lon, start + (i * Math.min(sector.width, 360)) / steps, metres));
  }
  return points;
}

function draw(node) {
  let camera;
  try { camera = JSON.parse(node.dataset.camera || "{}"); } catch { return; }
  if (typeof camera.lat !== "number" || typeof camera.lon !== "number") { return; }
  const reach = reachMetres(camera);
  const { map } = createMap(node, { label: t("Map of this camera and where it looks"), scale: true });
  const colour = (MARKERS[camera.marker] || MARKERS.unknown).color;
  const cones = sectors(camera).map((s) => L.polygon(conePolygon(camera.lat, camera.lon, s, reach), {
    color: colour, weight: 1, fillOpacity: 0.25, interactive: false, className: "cm-cone"
  }).addTo(map));
  L.circleMarker([camera.lat, camera.lon], {
    radius: 7, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 1, interactive: false,
    className: "cm-camera-point"
  }).addTo(map);
  const bounds = L.latLngBounds([[camera.lat, camera.lon]]);
  cones.forEach((c) => bounds.extend(c.getBounds()));
  map.fitBounds(bounds.pad(0.6), { maxZoom: 19, animate: false });
  node.setAttribute("aria-label", t("Map of this camera and where it looks") + ": " + term(camera.marker));
  window.cameramapCamera = { map, cones: cones.length, reach };
}

const node = document.getElementById("camera-map");
if (node && L) { draw(node); }
