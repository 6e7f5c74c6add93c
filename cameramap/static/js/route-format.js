/* cameramap route panel: the words and numbers of an exposure or route answer (POST /api/v1/exposure,
 * /api/v1/routes) in the page's language: "1.8 km", "+17 %", the one-line comparison of two routes and
 * the list of figures (length, share watched, cameras, face recognition, operators). Text nodes only. */
import { lang, t, tn, term } from "./i18n.js";
import { el } from "./mapkit.js";

const one = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

/* 620 m, 1.8 km. */
export function distance(metres) {
  const m = Number(metres) || 0;
  if (m < 1000) { return t("{metres} m", { metres: whole.format(Math.round(m)) }); }
  return t("{km} km", { km: one.format(Math.round(m / 100) / 10) });
}

/* 17 % of a share 0.17 (as the language writes it: 17% in English), signed when asked: +17 %. */
export function percent(share, signed) {
  const format = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0,
    signDisplay: signed ? "exceptZero" : "auto" });
  return format.format(Number(share) || 0);
}

/* 25 min, 1 h 5 min. */
export function duration(seconds) {
  const minutes = Math.max(1, Math.round((Number(seconds) || 0) / 60));
  if (minutes < 60) { return t("{minutes} min", { minutes }); }
  return t("{hours} h {minutes} min", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

function faceCameras(exposure) {
  const face = (exposure.capabilities || {}).face_recognition;
  return face ? face.cameras : 0;
}

function cameraCount(exposure) {
  return Array.isArray(exposure.cameras) ? exposure.cameras.length : 0;
}

const EMPTY = { watched_m: 0, cameras: [], capabilities: {}, operators: [] };

/* "1.8 km, 14 cameras, 620 m watched, 3 with face recognition" */
export function routeLine(route, longer) {
  const exposure = route.exposure || EMPTY;
  const length = distance(route.length_m) + (longer === undefined ? "" : " (" + percent(longer, true) + ")");
  const parts = [length, tn("{count} camera", "{count} cameras", cameraCount(exposure)),
    t("{metres} watched", { metres: distance(exposure.watched_m) })];
  const face = faceCameras(exposure);
  if (face) { parts.push(tn("{count} with face recognition", "{count} with face recognition", face)); }
  return parts.join(", ");
}

/* The one-line comparison of the route plan, and whether the routes differ little. */
export function comparison(plan) {
  const verdict = plan.comparison || {};
  const shortest = t("shortest: {figures}", { figures: routeLine(plan.shortest) });
  if (verdict.same_route) {
    return shortest + ". " + t("The shortest route is already the least watched within the detour allowed.");
  }
  const least = t("least watched: {figures}", { figures: routeLine(plan.least_watched, verdict.longer_share) });
  const text = shortest + "; " + least + ".";
  return verdict.similar ? text + " " + t("The two differ little.") : text;
}

/* "3 cameras", "1 van", "3 cameras, 1 van": who sees the stretches of one capability. */
function viewers(group) {
  const parts = [];
  if (group.cameras || !group.deployments) { parts.push(tn("{count} camera", "{count} cameras", group.cameras)); }
  if (group.deployments) { parts.push(tn("{count} van", "{count} vans", group.deployments)); }
  return parts.join(", ");
}

function row(list, label, value) {
  const text = String(label);
  list.append(el("dt", null, text.charAt(0).toUpperCase() + text.slice(1)), el("dd", null, value));
}

/* The figures of one exposure as a definition list (operators by name, most metres first). */
export function figures(exposure, route) {
  const list = el("dl", "cm-route-figures");
  const length = route ? route.length_m : exposure.length_m;
  row(list, t("Length"), distance(length));
  if (route && route.seconds) { row(list, t("Time"), duration(route.seconds)); }
  row(list, t("In view of cameras"), t("{metres} ({share})",
    { metres: distance(exposure.watched_m), share: percent(exposure.watched_share) }));
  row(list, t("Cameras"), whole.format(cameraCount(exposure)));
  const face = (exposure.capabilities || {}).face_recognition;
  row(list, term("face_recognition"), face ? t("{metres}, {cameras}", {
    metres: distance(face.metres), cameras: viewers(face) }) : t("none"));
  const plates = (exposure.capabilities || {}).licence_plate_recognition;
  if (plates) {
    row(list, term("licence_plate_recognition"), t("{metres}, {cameras}", {
      metres: distance(plates.metres), cameras: tn("{count} camera", "{count} cameras", plates.cameras) }));
  }
  const vans = vanRow(exposure);
  if (vans) { row(list, t("Facial recognition vans"), vans); }
  const operators = (exposure.operators || []).slice().sort((a, b) => b.metres - a.metres);
  row(list, t("Operators"), operators.length ? operators.map((o) => (o.name || t("unnamed operator")) + " ("
    + distance(o.metres) + ")").join(", ") : t("none known"));
  return list;
}

/* "until 8 Jan 2025, 15:47" in the deployment's own time zone (the zone it was published in). */
function until(deployment) {
  const options = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone: deployment.timezone }).format(new Date(deployment.end));
  } catch (error) {
    return new Intl.DateTimeFormat(lang, options).format(new Date(deployment.end));  // an unknown zone
  }
}

/* One note per deployment active on any of the routes (each once): which van, whose, until when. */
export function vanNotes(exposures) {
  const seen = new Map();
  exposures.filter(Boolean).forEach((exposure) => (exposure.deployments || []).forEach((d) => {
    if (!seen.has(d.id)) { seen.set(d.id, d); }
  }));
  return Array.from(seen.values()).map((d) => el("p", "cm-route-van", t(
    "A live facial recognition van is active on the way until {end}: {operator}, {place}.",
    { end: until(d), operator: (d.operator && d.operator.name) || t("unnamed operator"), place: d.location_text })));
}

/* The row of a route's figures: the facial recognition vans that see part of it. */
export function vanRow(exposure) {
  const vans = exposure.deployments || [];
  if (!vans.length) { return null; }
  const metres = vans.reduce((sum, d) => sum + (Number(d.metres) || 0), 0);
  return t("{metres}, {cameras}", { metres: distance(metres), cameras: tn("{count} van", "{count} vans", vans.length) });
}
