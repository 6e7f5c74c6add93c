/* cameramap route panel: its two forms. "Find a less watched way" (from/to as an address or a point
 * picked on the map, profile, what to avoid, the detour allowed) and "Measure your own route" (draw
 * points on the map, or a GPX file). Built with textContent only; autocomplete is off so that the
 * browser keeps no history of the places typed. */
import { t, term } from "./i18n.js";
import { el } from "./mapkit.js";
import { percent } from "./route-format.js";

let ids = 0;

function labelled(labelText, control) {
  ids += 1;
  control.id = control.id || "cm-route-field-" + ids;
  const label = el("label", null, labelText);
  label.htmlFor = control.id;
  const wrap = el("div", "cm-route-field");
  wrap.append(label, control);
  return wrap;
}

function button(text, className, type) {
  const b = el("button", className, text);
  b.type = type || "button";
  return b;
}

function select(name, options, chosen) {
  const node = el("select");
  node.name = name;
  options.forEach(([value, text]) => {
    const option = el("option", null, text);
    option.value = value;
    option.selected = value === chosen;
    node.appendChild(option);
  });
  return node;
}

function placeField(name, labelText) {
  const input = el("input");
  input.type = "text";
  input.name = name;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = t("Address, or “lat, lon”");
  const pick = button(t("Pick on the map"), "cm-route-pick");
  pick.dataset.pick = name;
  pick.setAttribute("aria-pressed", "false");
  const wrap = labelled(labelText, input);
  const row = el("div", "cm-route-place");
  row.append(input, pick);  // the input moves from the field into the row, beside its button
  wrap.appendChild(row);
  return { wrap, input, pick };
}

/* "When": now, or a date and time (the deployments active then count too); the input shows with it. */
function whenFields() {
  const when = select("when", [["now", t("now")], ["at", t("at a date and time")]], "now");
  const at = el("input");
  at.type = "datetime-local";
  at.name = "at";
  at.autocomplete = "off";
  const atField = labelled(t("Date and time"), at);
  atField.hidden = true;
  when.addEventListener("change", () => { atField.hidden = when.value !== "at"; });
  return { when, at, atField };
}

/* The instant asked as RFC 3339 UTC; null for now; "" when a date and time is chosen but not given. */
export function askedTime(when, at) {
  if (when.value !== "at") { return null; }
  const moment = at.value ? new Date(at.value) : null;  // datetime-local: the browser's local time
  return moment && Number.isFinite(moment.getTime()) ? moment.toISOString() : "";
}

/* The routing form: { form, from, to, picks, controls }. */
export function routeForm() {
  const form = el("form", "cm-route-form");
  form.setAttribute("aria-labelledby", "cm-route-find-title");
  const title = el("h3", null, t("Find a less watched way"));
  title.id = "cm-route-find-title";
  const from = placeField("from", t("From"));
  const to = placeField("to", t("To"));
  const profile = select("profile", [["foot", t("on foot")], ["bike", t("by bike")], ["car", t("by car")]], "foot");
  const avoid = select("avoid", [["cameras", t("all cameras")], ["face_recognition", term("face_recognition")],
    ["licence_plate_recognition", term("licence_plate_recognition")]], "cameras");
  const budget = select("budget", ["0", "0.1", "0.25", "0.5", "1"].map((v) => [v, v === "0"
    ? t("none: the shortest route") : t("at most {share} longer", { share: percent(v) })]), "0.25");
  const go = button(t("Find routes"), "cm-route-go", "submit");
  const time = whenFields();
  form.append(title, from.wrap, to.wrap, labelled(t("Travelling"), profile), labelled(t("Avoid"), avoid),
    labelled(t("Detour allowed"), budget), labelled(t("When"), time.when), time.atField, go);
  return { form, from: from.input, to: to.input, picks: [from.pick, to.pick], profile, avoid, budget,
    when: time.when, at: time.at };
}

/* The own-route form: { box, draw, undo, clear, measure, file }. */
export function ownForm() {
  const box = el("section", "cm-route-own");
  box.setAttribute("aria-labelledby", "cm-route-own-title");
  const title = el("h3", null, t("Or measure your own route"));
  title.id = "cm-route-own-title";
  const note = el("p", "cm-route-note",
    t("Press “Draw on the map” and click point by point, or choose a GPX file (or drop it on the map)."));
  const draw = button(t("Draw on the map"), "cm-route-draw");
  draw.setAttribute("aria-pressed", "false");
  const undo = button(t("Undo last point"), "cm-route-undo");
  const clear = button(t("Clear"), "cm-route-clear");
  const measure = button(t("Measure this route"), "cm-route-measure");
  const actions = el("div", "cm-route-actions");
  actions.append(draw, undo, clear, measure);
  const file = el("input");
  file.type = "file";
  file.accept = ".gpx,application/gpx+xml";
  box.append(title, note, actions, labelled(t("GPX file"), file));
  return { box, draw, undo, clear, measure, file };
}

/* "lat, lon" typed or picked: [lon, lat]; anything else is an address for the server's gazetteer. */
export function place(text) {
  const value = String(text || "").trim();
  const match = /^(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)$/.exec(value);
  if (match) {
    const lat = Number(match[1]), lon = Number(match[2]);
    if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) { return [lon, lat]; }
  }
  return value;
}

/* The points of a GPX file's tracks (else its route) as [[lon, lat]...], to draw it. */
export function gpxLine(text) {
  const doc = new DOMParser().parseFromString(text, "application/xml");
  let points = Array.from(doc.getElementsByTagName("trkpt"));
  if (!points.length) { points = Array.from(doc.getElementsByTagName("rtept")); }
  return points.map((p) => [Number(p.getAttribute("lon")), Number(p.getAttribute("lat"))])
    .filter((c) => Number.isFinite(c[0]) && Number.isFinite(c[1]));
}
