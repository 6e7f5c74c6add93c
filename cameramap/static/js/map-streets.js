/* cameramap map: the nearest street of the cameras in the list ("Fixed camera — Aleksanterinkatu 52").
 * The server names them for a whole page of cameras at once (GET /api/v1/cameras, each feature's
 * `nearest_street`, from its reverse geocoder): the list asks once for the cameras it shows that it
 * has not asked about yet, and keeps the answers for the page's life. */
import { getJson } from "./mapkit.js";

const PAGE = 150;
const known = new Map();   // camera id -> street (null: none near)
let asking = null;         // the ids of the request under way

/* The street of camera `id` as far as known: a name, null (none near) or undefined (not asked). */
export function streetOf(id) {
  return known.get(String(id));
}

/* Ask for the streets of those of `ids` not known yet (one request); `done()` runs when they came. */
export function fetchStreets(config, ids, done) {
  const wanted = ids.map(String).filter((id) => /^[0-9]+$/.test(id) && !known.has(id)).slice(0, PAGE);
  if (!wanted.length || asking) { return; }
  asking = wanted;
  const q = new URLSearchParams();
  q.set("filter", "id IN (" + wanted.join(",") + ")");
  q.set("status", config.statuses.join(","));  // removed ones are listed too when the filters show them
  q.set("limit", String(wanted.length));
  getJson(config.api + "?" + q.toString(), undefined, "application/geo+json")
    .then((page) => {
      (page.features || []).forEach((f) => {
        const street = (f.properties || {}).nearest_street;
        known.set(String(f.id), typeof street === "string" && street ? street : null);
      });
    })
    .catch(() => { /* these cameras are listed without a street */ })
    .then(() => {
      wanted.forEach((id) => { if (!known.has(id)) { known.set(id, null); } });
      asking = null;
      done();
    });
}
