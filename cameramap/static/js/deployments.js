/* cameramap map: the deployments layer — live facial recognition vans and other temporary systems,
 * each at its place for a time window — with its own marker, a time control and a details box with the
 * published outcome figures and the source. Data enters the page through textContent only. */
import { lang, t, term } from "./i18n.js";
import { control, definitionList, el, getJson, viewBox } from "./mapkit.js";
import { datetimeParam, timeForm } from "./deployments-time.js";

const STYLE = { color: "#86198f", weight: 5, opacity: 0.8, fill: true, fillOpacity: 0.15 };

function when(p) {
  const options = { dateStyle: "medium", timeStyle: "short", timeZone: p.timezone || "UTC" };
  let format;
  try { format = new Intl.DateTimeFormat(lang, options); } catch { format = new Intl.DateTimeFormat("en", options); }
  return t("{start} to {end} ({zone})", {
    start: format.format(new Date(p.start)), end: format.format(new Date(p.end)), zone: p.timezone
  });
}

const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });

function count(value) {
  return typeof value === "number" ? whole.format(value) : value;
}

function sum(a, b) {
  return (a === null || a === undefined) && (b === null || b === undefined) ? null : count((a || 0) + (b || 0));
}

/* Where the record comes from, in words (`reported_by` and the source's kind): a sighting the public
 * reported, the operator's own publication, or another published record. */
export function origin(p) {
  if (p.reported_by === "public") { return t("reported by the public"); }
  return p.source && p.source.kind === "official_registry" ? t("published by the operator")
    : t("from a published record");
}

function sourceNode(source) {
  const node = el("p", "cm-dep-source");
  if (!source) { node.textContent = t("No source named"); return node; }
  const where = source.page ? t("page {page}, row {row}", { page: source.page, row: source.row }) : "";
  node.textContent = t("Source:") + " ";
  if (source.url && /^https?:\/\//.test(source.url)) {
    const link = el("a", null, source.name);
    link.href = source.url;
    link.rel = "noopener noreferrer";
    node.appendChild(link);
  } else {
    node.appendChild(document.createTextNode(source.name));
  }
  if (where) { node.appendChild(document.createTextNode(" (" + where + ")")); }
  return node;
}

/* The details of one deployment (a Feature of /api/v1/deployments). */
export function details(feature) {
  const p = feature.properties || {};
  const box = el("div", "cm-dep-details");
  const heading = el("h3", "cm-dep-heading", p.location_text);
  heading.tabIndex = -1;
  box.appendChild(heading);
  box.appendChild(el("p", null, when(p)));
  if (p.reported_by === "public") {
    box.appendChild(el("p", "cm-dep-public", t("Seen by a member of the public; checked by a moderator.")));
  }
  box.appendChild(definitionList([
    [t("Operator"), p.operator], [t("System"), p.system], [t("Use"), p.use_case],
    // "reported" is only the first step of moderation, not who reported it: the origin says that
    [t("Record"), origin(p)], [t("Status"), p.status === "reported" ? null : term(p.status)],
    [t("Watchlist size"), count(p.watchlist_size)],
    [t("Faces scanned"), count(p.faces_scanned)],
    [t("True alerts"), sum(p.true_alerts_confirmed, p.true_alerts_unconfirmed)],
    [t("False alerts"), sum(p.false_alerts_confirmed, p.false_alerts_unconfirmed)],
    [t("Arrests"), count(p.arrests)]
  ]));
  box.appendChild(sourceNode(p.source));
  return box;
}

function icon() {
  const badge = el("span", "cm-dep-marker", t("LFR"));
  return L.divIcon({ html: badge, className: "cm-dep-icon", iconSize: [34, 22], iconAnchor: [17, 11] });
}

/* Adds the layer and its control to `map`; `api` is /api/v1/deployments. Returns test hooks. */
export function addDeployments(map, api) {
  const state = { shown: false, choice: "now", from: "", to: "", count: 0, loads: 0, url: null, error: null };
  const group = L.layerGroup();
  let controller = null, ui = null;

  function hide(marker) {  // the details closed: focus back on the van's marker
    ui.details.hidden = true;
    ui.details.textContent = "";
    const node = marker && marker.getElement && marker.getElement();
    if (node) { node.setAttribute("aria-expanded", "false"); node.focus({ preventScroll: true }); }
  }

  function show(feature, marker) {
    ui.details.textContent = "";
    const node = details(feature);
    const close = el("button", "cm-dep-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", t("Close"));
    close.title = t("Close");
    close.addEventListener("click", () => hide(marker));
    node.addEventListener("keydown", (event) => { if (event.key === "Escape") { hide(marker); } });
    node.prepend(close);
    ui.details.appendChild(node);
    ui.details.hidden = false;
    node.querySelector(".cm-dep-heading").focus({ preventScroll: true });
    if (marker) { marker.getElement().setAttribute("aria-expanded", "true"); }
  }

  function draw(collection) {
    group.clearLayers();
    const list = Array.isArray(collection.features) ? collection.features : [];
    list.forEach((feature) => {
      const p = feature.properties || {};
      if (!Array.isArray(p.marker)) { return; }
      if (feature.geometry && feature.geometry.type !== "Point") { L.geoJSON(feature.geometry, { style: STYLE }).addTo(group); }
      const marker = L.marker([p.marker[1], p.marker[0]], { icon: icon(), title: p.location_text, alt: p.location_text, keyboard: true });
      marker.on("click", () => show(feature, marker));
      marker.addTo(group);
      const node = marker.getElement && marker.getElement();
      if (!node) { return; }
      node.setAttribute("aria-label", t("LFR") + " — " + t("Deployment: {place}", { place: p.location_text }));
      node.addEventListener("keydown", (event) => {  // a role=button: Enter and Space open it
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(feature, marker); }
      });
    });
    state.count = list.length;
    ui.status.textContent = state.count ? t("Deployments in this view: {count}", { count: state.count })
      : t("No deployments in this view at this time.");
  }

  function load() {
    if (!state.shown) {
      group.remove();
      ui.status.textContent = "";
      ui.details.hidden = true;
      state.count = 0;
      state.loads += 1;
      return;
    }
    group.addTo(map);
    const moment = datetimeParam(state.choice, new Date(), state.from, state.to);
    if (!moment) { ui.status.textContent = t("Choose the first and the last day of the range."); return; }
    const q = new URLSearchParams({ bbox: viewBox(map).map((v) => v.toFixed(5)).join(","), datetime: moment, limit: "500" });
    state.url = api + "?" + q.toString();
    if (controller) { controller.abort(); }
    controller = new AbortController();
    getJson(state.url, controller.signal, "application/geo+json")
      .then((collection) => { state.error = null; draw(collection); })
      .catch((error) => {
        if (error && error.name === "AbortError") { return; }
        state.error = String(error.message || error);
        ui.status.textContent = t("Could not load deployments: {error}", { error: state.error });
      })
      .finally(() => { state.loads += 1; });
  }

  // On a phone the top right corner is free; the top left one is where an opened camera is panned beside.
  const corner = window.matchMedia("(max-width: 639px)").matches ? "topright" : "topleft";
  control(corner, () => {
    const box = el("section", "cm-dep leaflet-control");
    const title = el("h2", "cm-dep-title", t("Deployments"));
    title.id = "cm-dep-title";
    box.setAttribute("aria-labelledby", title.id);
    box.appendChild(title);
    const built = timeForm(state, (next) => { Object.assign(state, next); load(); });
    ui = { status: el("p", "cm-dep-status"), details: el("div", "cm-dep-panel") };
    ui.status.setAttribute("role", "status");
    ui.details.hidden = true;
    box.append(built.form, ui.status, ui.details);
    return box;
  }).addTo(map);
  map.on("moveend", () => { if (state.shown) { load(); } });
  return { state, group };
}
