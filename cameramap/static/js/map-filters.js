/* cameramap map: the filters — read from and written to the page's query string, a form in the
 * filters panel (the operator from the known operators, with their cameras counted), and chips for
 * the active ones (each removable, and "clear all") that stay in view while the panel is closed.
 * Removed cameras are hidden unless asked for. Text only in the DOM. */
import { t, term } from "./i18n.js";
import { el, getJson } from "./mapkit.js";
import { button } from "./map-controls.js";
import { BADGES } from "./map-layers.js";

export const FILTERS = ["capability", "surveillance_type", "camera_type", "operator", "source"];
/* The capability layers ("only face recognition"), one per capability: drawn from what the view's
 * answer carries, so the API is asked the same; `only=` in the page's query. */
export const LAYERS = Object.keys(BADGES);
const operators = new Map();  // id -> { name, count }

/* The statuses drawn when none is asked for: all but removed. */
export function defaultStatuses(config) {
  return config.statuses.filter((s) => s !== "removed");
}

function sameSet(a, b) {
  return a.length === b.length && a.every((x) => b.indexOf(x) >= 0);
}

export function readQuery(config) {
  const q = new URLSearchParams(window.location.search);
  const asked = (q.get("status") || "").split(",").filter((s) => config.statuses.indexOf(s) >= 0);
  const f = { status: sameSet(asked, defaultStatuses(config)) ? [] : asked, embed: q.get("embed") === "1" };
  FILTERS.forEach((name) => { f[name] = (q.get(name) || "").trim(); });
  f.only = LAYERS.indexOf(q.get("only")) >= 0 ? q.get("only") : "";
  return f;
}

/* The statuses to ask the API for. */
export function statuses(filters, config) {
  return filters.status.length ? filters.status : defaultStatuses(config);
}

export function filterPairs(filters) {
  const pairs = [];
  if (filters.status.length) { pairs.push(["status", filters.status.join(",")]); }
  FILTERS.forEach((name) => { if (filters[name]) { pairs.push([name, filters[name]]); } });
  if (filters.only) { pairs.push(["only", filters.only]); }
  return pairs;
}

function field(label, control) {
  const wrap = el("label", "cm-field", label + " ");
  wrap.appendChild(control);
  return wrap;
}

function select(name, options, current) {
  const s = el("select");
  s.name = name;
  s.appendChild(el("option", null, t("any"))).value = "";
  options.forEach(([value, text]) => {
    const o = el("option", null, text);
    o.value = value;
    o.selected = current === value;
    s.appendChild(o);
  });
  if (current && !options.some(([value]) => value === current)) {
    const o = el("option", null, current);  // asked for in the URL, not (yet) a known one
    o.value = current;
    o.selected = true;
    s.appendChild(o);
  }
  return s;
}

function operatorOptions() {
  return Array.from(operators.entries())
    .sort((a, b) => b[1].count - a[1].count || a[1].name.localeCompare(b[1].name))
    .map(([id, o]) => [id, t("{name} ({count})", { name: o.name, count: o.count })]);
}

/* The known operators that have cameras (one request), for the select and the chips. */
export function loadOperators(config) {
  return getJson(config.operators + "?limit=" + encodeURIComponent(config.limit))
    .then((body) => (body.operators || []).forEach((o) => {
      if (o.camera_count > 0) { operators.set(String(o.id), { name: String(o.name), count: o.camera_count }); }
    }))
    .catch(() => {});
}

function vocabulary(values) { return values.map((v) => [v, term(v)]); }

/* Fill `form` with the filter fields for `filters`; `onChange(next)` on every change. */
export function buildFilters(form, config, filters, onChange) {
  form.textContent = "";
  const box = el("fieldset");
  box.appendChild(el("legend", null, t("Status")));
  const shown = statuses(filters, config);
  config.statuses.forEach((s) => {
    const label = el("label", "cm-check");
    const input = el("input");
    input.type = "checkbox";
    input.name = "status";
    input.value = s;
    input.checked = shown.indexOf(s) >= 0;
    label.append(input, document.createTextNode(" " + term(s)));
    box.appendChild(label);
  });
  form.appendChild(box);
  form.appendChild(field(t("Capability"), select("capability", vocabulary(config.capabilities || []), filters.capability)));
  form.appendChild(field(t("Kind"), select("surveillance_type", vocabulary(config.surveillanceTypes || []), filters.surveillance_type)));
  form.appendChild(field(t("Camera type"), select("camera_type", vocabulary(config.cameraTypes || []), filters.camera_type)));
  form.appendChild(field(t("Operator"), select("operator", operatorOptions(), filters.operator)));
  const source = el("input");
  source.type = "text";
  source.name = "source";
  source.value = filters.source || "";
  source.autocomplete = "off";
  form.appendChild(field(t("Source (name or id)"), source));
  form.onchange = () => onChange(readFilters(form, config, filters));
  form.onsubmit = (e) => { e.preventDefault(); onChange(readFilters(form, config, filters)); };
}

function readFilters(form, config, current) {
  const checked = Array.from(form.querySelectorAll("input[name=status]")).filter((b) => b.checked).map((b) => b.value);
  const next = { status: !checked.length || sameSet(checked, defaultStatuses(config)) ? [] : checked,
    embed: current.embed, only: current.only };
  FILTERS.forEach((name) => { next[name] = form.elements[name].value.trim(); });
  return next;
}

function chipLabel(name, value) {
  if (name === "operator") { return t("Operator: {value}", { value: operators.has(value) ? operators.get(value).name : value }); }
  if (name === "source") { return t("Source: {value}", { value }); }
  const labels = { capability: t("Capability"), surveillance_type: t("Kind"), camera_type: t("Camera type") };
  return labels[name] + ": " + term(value);
}

/* The chips of the active filters in `box`; each removes its filter, "clear all" removes them all. */
export function renderChips(box, filters, onChange) {
  box.textContent = "";
  const chips = [];
  if (filters.status.length) {
    chips.push([t("Status: {values}", { values: filters.status.map(term).join(", ") }), { status: [] }]);
  }
  FILTERS.forEach((name) => { if (filters[name]) { chips.push([chipLabel(name, filters[name]), { [name]: "" }]); } });
  if (filters.only) { chips.push([t("Only: {capability}", { capability: term(filters.only) }), { only: "" }]); }
  box.hidden = !chips.length;
  if (!chips.length) { return; }
  const list = el("ul", "cm-chip-list");
  list.setAttribute("aria-label", t("Active filters"));
  chips.forEach(([label, change]) => {
    const item = el("li");
    const chip = button(label + " ×", "cm-chip", () => onChange(Object.assign({}, filters, change)));
    chip.setAttribute("aria-label", t("Remove filter: {filter}", { filter: label }));
    item.appendChild(chip);
    list.appendChild(item);
  });
  box.appendChild(list);
  const cleared = { status: [], embed: filters.embed, only: "" };
  FILTERS.forEach((name) => { cleared[name] = ""; });
  box.appendChild(button(t("Clear all filters"), "cm-chip cm-clear", () => onChange(cleared)));
}

/* True when anything narrows what is counted besides the default (removed cameras hidden). */
export function narrowed(filters) {
  return filters.status.length > 0 || FILTERS.some((name) => filters[name]);
}
