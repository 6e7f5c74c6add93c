/* cameramap map: the view — snapped outward to whole tiles for the request, and kept in the URL hash
 * as #zoom/lat/lon. */
import { fitExtent } from "./mapkit.js";

/* The view snapped outward to whole tiles of `zoom`: [west, south, east, north]. */
export function tileBox(map, zoom) {
  const n = Math.pow(2, Math.round(zoom));
  const b = map.getBounds();
  const tx = (lon) => Math.floor((Math.min(Math.max(lon, -180), 180) + 180) / 360 * n);
  const ty = (lat) => {
    const phi = Math.min(Math.max(lat, -85.0511287798), 85.0511287798) * Math.PI / 180;
    return Math.floor((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 * n);
  };
  const lon = (x) => x / n * 360 - 180;
  const lat = (y) => Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))) * 180 / Math.PI;
  const x0 = Math.max(tx(b.getWest()), 0), x1 = Math.min(tx(b.getEast()), n - 1);
  const y0 = Math.max(ty(b.getNorth()), 0), y1 = Math.min(ty(b.getSouth()), n - 1);
  return [lon(x0), lat(y1 + 1), lon(x1 + 1), lat(y0)];
}

export function parseHash(hash) {
  const bits = String(hash || "").replace(/^#/, "").split("/");
  if (bits.length !== 3) { return null; }
  const zoom = parseInt(bits[0], 10), lat = parseFloat(bits[1]), lon = parseFloat(bits[2]);
  if (!isFinite(zoom) || !isFinite(lat) || !isFinite(lon)) { return null; }
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180 || zoom < 0 || zoom > 22) { return null; }
  return { zoom, lat, lon };
}

export function formatHash(map) {
  const center = map.getCenter().wrap();
  const zoom = map.getZoom();
  const digits = Math.max(0, Math.ceil(Math.log(Math.pow(2, zoom)) / Math.LN10));
  return "#" + zoom + "/" + center.lat.toFixed(digits) + "/" + center.lng.toFixed(digits);
}

/* The view from the hash, else the registry's extent, else the world. */
export function initialView(map, config) {
  const fromHash = parseHash(window.location.hash);
  if (fromHash) {
    map.setView([fromHash.lat, fromHash.lon], fromHash.zoom, { animate: false });
  } else if (!fitExtent(map, Array.isArray(config.extent) ? config.extent : null, { padding: 24, maxZoom: 17 })) {
    map.setView([20, 0], 2, { animate: false });
  }
}

export function onHashChange(map) {
  const view = parseHash(window.location.hash);
  if (view && window.location.hash !== formatHash(map)) { map.setView([view.lat, view.lon], view.zoom); }
}
