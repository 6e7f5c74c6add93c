/* cameramap map: the "How watched is my route?" panel. A route drawn on the map or a GPX file goes to
 * POST /api/v1/exposure; from/to (an address or a point picked on the map) go to POST /api/v1/routes,
 * which answers the shortest and the least-watched route. The watched stretches are drawn in red with
 * the summary beside them. Nothing of a route goes into the URL, the browser's storage or a log: it
 * lives in this page's memory until the page is left. */
import { t, tn } from "./i18n.js";
import { el } from "./mapkit.js";
import { addPanel, isOpen, openPanel } from "./map-panels.js";
import { failure } from "./route-errors.js";
import { comparison, figures, routeLine, vanNotes } from "./route-format.js";
import { askedTime, gpxLine, ownForm, place, routeForm } from "./route-form.js";
import { RouteLayers, lineSwatch } from "./route-layers.js";

const state = { mode: null, busy: false, answer: null, kind: null };
const ui = {};
let map = null, layers = null, base = "";

function say(text, isError) {
  ui.status.textContent = text;
  ui.status.classList.toggle("cm-error", !!isError);
}

/* ---------- what a map click does: add a point, set an end, or nothing ---------- */

function setMode(mode) {
  state.mode = mode;
  ui.own.draw.setAttribute("aria-pressed", String(mode === "draw"));
  ui.route.picks.forEach((b) => b.setAttribute("aria-pressed", String(mode === "pick-" + b.dataset.pick)));
  map.getContainer().classList.toggle("cm-route-picking", !!mode);
  if (mode) { map.doubleClickZoom.disable(); } else { map.doubleClickZoom.enable(); }  // quick clicks add points
  if (mode === "draw") { say(t("Click the map to add points; then press “Measure this route”.")); }
  if (mode === "pick-from") { say(t("Click the map where the route starts.")); }
  if (mode === "pick-to") { say(t("Click the map where the route ends.")); }
}

function onMapClick(event) {
  if (state.mode === "draw") {
    layers.addPoint(event.latlng);
    say(tn("{count} point drawn.", "{count} points drawn.", layers.points.length));
  } else if (state.mode && state.mode.indexOf("pick-") === 0) {
    const input = state.mode === "pick-from" ? ui.route.from : ui.route.to;
    input.value = event.latlng.lat.toFixed(5) + ", " + event.latlng.lng.toFixed(5);
    setMode(null);
    say("");
    input.focus({ preventScroll: true });
  }
}

/* ---------- asking the server ---------- */

function post(path, body, type) {
  const headers = { Accept: "application/json" };
  if (type) { headers["Content-Type"] = type; }
  return fetch(base + path, { method: "POST", body, headers, credentials: "same-origin", cache: "no-store" })
    .catch(() => { throw new Error(t("Could not reach the server; check the connection.")); })
    .then((response) => response.json().catch(() => ({})).then((data) => {
      if (!response.ok) { throw new Error(failure(response.status, data)); }
      return data;
    }));
}

function ask(path, body, type, show) {
  if (state.busy) { return; }
  state.busy = true;
  say(t("Measuring…"));
  post(path, body, type)
    .then((answer) => {
      state.answer = answer;
      show(answer);
      ui.status.scrollIntoView({ block: "start" });  // the summary below it comes into view
    })
    .catch((error) => {
      say(error.message, true);
      ui.status.scrollIntoView({ block: "nearest" });  // on a phone the panel's foot is out of view
    })
    .then(() => { state.busy = false; });
}

/* ---------- the answers ---------- */

function keyItem(kind, text) {
  const item = el("li");
  item.append(lineSwatch(kind), document.createTextNode(" " + text));
  return item;
}

function resultSection(title, kind, exposure, route) {
  const section = el("section", "cm-route-result cm-route-result-" + kind);
  const heading = el("h3", null, title);
  section.append(heading, figures(exposure, route));
  const key = el("ul", "cm-route-key");
  key.append(keyItem(kind, t("the route")), keyItem("watched", t("in view of cameras")));
  section.appendChild(key);
  return section;
}

function showExposure(exposure, coordinates) {
  state.kind = "exposure";
  layers.clearResults();
  layers.drawPath(coordinates, exposure, "own");
  layers.fit();
  ui.results.textContent = "";
  const summary = el("p", "cm-route-summary", t("Your route: {figures}", {
    figures: routeLine({ length_m: exposure.length_m, exposure }) }));
  ui.results.append(summary, ...vanNotes([exposure]), resultSection(t("Your route"), "own", exposure, null));
  say(t("Measured. The stretches in view of cameras are red on the map."));
}

function showPlan(plan) {
  state.kind = "routes";
  const same = !!(plan.comparison || {}).same_route;
  layers.clearResults();
  layers.drawPath(plan.shortest.geometry.coordinates, plan.shortest.exposure, "shortest");
  if (!same) { layers.drawPath(plan.least_watched.geometry.coordinates, plan.least_watched.exposure, "least"); }
  layers.fit();
  ui.results.textContent = "";
  ui.results.appendChild(el("p", "cm-route-summary", comparison(plan)));
  ui.results.append(...vanNotes([plan.shortest.exposure, same ? null : plan.least_watched.exposure]));
  const empty = { watched_m: 0, watched_share: 0, cameras: [], capabilities: {}, operators: [] };
  ui.results.appendChild(resultSection(t("Shortest route"), "shortest", plan.shortest.exposure || empty, plan.shortest));
  if (!same) {
    ui.results.appendChild(resultSection(t("Least watched route"), "least", plan.least_watched.exposure || empty,
      plan.least_watched));
  }
  say(t("Found. The stretches in view of cameras are red on the map."));
}

/* ---------- the forms ---------- */

/* The time asked (null: now), or undefined after saying that the date and time are missing. */
function chosenTime() {
  const at = askedTime(ui.route.when, ui.route.at);
  if (at === "") {
    say(t("Choose the date and time of the route."), true);
    ui.route.at.focus();
    return undefined;
  }
  return at;
}

function findRoutes(event) {
  event.preventDefault();
  setMode(null);
  const f = ui.route;
  if (!f.from.value.trim() || !f.to.value.trim()) {
    say(t("Give where the route starts and where it ends."), true);
    (f.from.value.trim() ? f.to : f.from).focus();
    return;
  }
  const at = chosenTime();
  if (at === undefined) { return; }
  const body = { from: place(f.from.value), to: place(f.to.value), profile: f.profile.value,
    avoid: f.avoid.value, budget: Number(f.budget.value) };
  if (at) { body.at = at; }  // in the body, never in the URL
  ask("/routes", JSON.stringify(body), "application/json", showPlan);
}

function measureDrawn() {
  if (layers.points.length < 2) {
    say(t("Draw at least two points on the map first."), true);
    return;
  }
  setMode(null);
  const at = chosenTime();
  if (at === undefined) { return; }
  const line = layers.lineString();
  const body = at ? { type: "Feature", properties: { at }, geometry: line } : line;
  ask("/exposure", JSON.stringify(body), "application/geo+json", (answer) => showExposure(answer, line.coordinates));
}

function measureFile(file) {
  if (!file) { return; }
  setMode(null);
  const at = chosenTime();
  if (at === undefined) { return; }
  file.text().then((text) => {
    const form = new FormData();
    form.append("file", file);
    if (at) { form.append("at", at); }
    ask("/exposure", form, null, (answer) => showExposure(answer, gpxLine(text)));
  });
}

function clearAll() {
  setMode(null);
  layers.clearPoints();
  layers.clearResults();
  ui.results.textContent = "";
  ui.own.file.value = "";
  state.answer = null;
  say("");
}

function acceptDrops(node) {
  node.addEventListener("dragover", (event) => { event.preventDefault(); });
  node.addEventListener("drop", (event) => {
    const files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) { return; }
    event.preventDefault();
    if (!isOpen("route")) { openPanel("route", null, false); }
    measureFile(files[0]);
  });
}

function wire() {
  ui.route.form.addEventListener("submit", findRoutes);
  ui.route.picks.forEach((b) => b.addEventListener("click", () => {
    const mode = "pick-" + b.dataset.pick;
    setMode(state.mode === mode ? null : mode);
  }));
  ui.own.draw.addEventListener("click", () => setMode(state.mode === "draw" ? null : "draw"));
  ui.own.undo.addEventListener("click", () => { layers.undoPoint(); });
  ui.own.clear.addEventListener("click", clearAll);
  ui.own.measure.addEventListener("click", measureDrawn);
  ui.own.file.addEventListener("change", () => measureFile(ui.own.file.files[0]));
}

/* The panel and its toolbar button; `config.api` is the cameras endpoint, beside which the others live. */
export function setupRoutes(leafletMap, config) {
  map = leafletMap;
  base = String(config.api || "/api/v1/cameras").replace(/\/cameras\/?$/, "");
  layers = new RouteLayers(map);
  const toggle = el("button", "cm-toggle cm-toggle-route", t("Route"));
  toggle.type = "button";
  toggle.title = t("How watched is my route?");
  document.querySelector(".cm-buttons").appendChild(toggle);
  const panel = addPanel("route", t("How watched is my route?"), toggle);
  ui.route = routeForm();
  ui.own = ownForm();
  ui.status = el("p", "cm-route-status");
  ui.status.setAttribute("role", "status");
  ui.results = el("div", "cm-route-results");
  panel.body.append(el("p", "cm-route-note", t("Nothing about your route is kept: it is measured and forgotten.")),
    ui.route.form, ui.own.box, ui.status, ui.results);
  panel.onClose = () => setMode(null);
  wire();
  map.on("click", onMapClick);
  acceptDrops(map.getContainer());
  acceptDrops(panel.section);
  // For tests: the last answer, the drawn points and what is drawn (this page's memory only).
  window.cameramapRoute = { state, points: () => layers.points.slice(), drawn: () => layers.drawn() };
  return { state, panel };
}
