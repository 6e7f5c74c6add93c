/* cameramap map: the toolbar's search box (the geocoder), the locate button and the legend (a map
 * control; open at first on a wide screen, one tap away on a phone). Text only in the DOM. */
import { t, term } from "./i18n.js";
import { control, el } from "./mapkit.js";
import * as layers from "./map-layers.js";
import { closeAll } from "./map-panels.js";

export function button(text, className, onClick) {
  const b = el("button", className, text);
  b.type = "button";
  if (onClick) { b.addEventListener("click", onClick); }
  return b;
}

/* The geocoder's search box; `pin` (map-pin.js), when given, marks the answer. */
export function searchBox(config, map, pin) {
  const form = el("form", "cm-search");
  form.setAttribute("role", "search");
  const input = el("input");
  input.type = "search";
  input.placeholder = t("Search an address or place");
  input.setAttribute("aria-label", t("Search an address or place"));
  const go = el("button", "cm-go", t("Search"));
  go.type = "submit";
  const results = el("ul", "cm-results");
  form.append(input, go, results);
  function show(c) {
    map.setView([c.lat, c.lon], c.precision === "city" ? 12 : 17);
    results.textContent = "";
    if (pin) { pin.show(c, input); }
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!input.value.trim()) { return; }
    results.textContent = "";
    fetch(config.geocode + "?q=" + encodeURIComponent(input.value.trim()), { credentials: "same-origin" })
      .then((r) => r.json())
      .then((answer) => {
        if (typeof answer.lat === "number" && typeof answer.lon === "number") { show(answer); return; }
        const candidates = Array.isArray(answer.candidates) ? answer.candidates.slice(0, 5) : [];
        if (!candidates.length) { results.appendChild(el("li", "cm-muted", t("No place found."))); }
        candidates.forEach((c) => {
          const item = el("li");
          item.appendChild(button(c.label, "cm-candidate", () => show(c)));
          results.appendChild(item);
        });
      })
      .catch(() => { results.appendChild(el("li", "cm-error", t("Search failed."))); });
  });
  return form;
}

export function locateButton(map, setStatus) {
  return control("topleft", () => {
    const wrap = el("div", "cm-locate leaflet-bar leaflet-control");
    const b = button("◎", "cm-locate-button", () => {
      if (!navigator.geolocation) { setStatus(t("Your browser cannot tell where you are."), true); return; }
      navigator.geolocation.getCurrentPosition((pos) => {
        map.setView([pos.coords.latitude, pos.coords.longitude], 16);
      }, () => { setStatus(t("Could not find where you are."), true); }, { timeout: 10000 });
    });
    b.setAttribute("aria-label", t("Show where I am"));
    b.title = t("Show where I am");
    wrap.appendChild(b);
    return wrap;
  });
}

function canvas(width) {
  const node = el("canvas", "cm-swatch");
  node.setAttribute("aria-hidden", "true");
  const ratio = window.devicePixelRatio || 1;
  node.width = width * ratio;
  node.height = 18 * ratio;
  node.style.width = width + "px";
  const ctx = node.getContext("2d");
  if (ctx) { ctx.scale(ratio, ratio); }
  return { node, ctx };
}

function swatch(kind, removed) {
  const { node, ctx } = canvas(18);
  if (!ctx) { return node; }
  const style = layers.markerStyle(kind, removed);
  ctx.beginPath();
  layers.tracePath(ctx, style.shape, 9, 9, layers.RADIUS);
  ctx.globalAlpha = style.fillOpacity;
  ctx.fillStyle = style.fillColor;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.weight;
  ctx.stroke();
  return node;
}

/* A badge as drawn beside a marker. */
function badgeSwatch(capability, confidence) {
  const { node, ctx } = canvas(18);
  if (ctx) { layers.drawBadge(ctx, capability, confidence, 9, 9); }
  return node;
}

/* A view cone as drawn at street zoom: a wedge, or a full circle. */
function coneSwatch(full) {
  const { node, ctx } = canvas(18);
  if (!ctx) { return node; }
  ctx.beginPath();
  if (full) { ctx.arc(9, 9, 8, 0, Math.PI * 2); } else { ctx.moveTo(3, 15); ctx.arc(3, 15, 15, -Math.PI / 2, 0); ctx.closePath(); }
  ctx.globalAlpha = 0.3;
  ctx.fillStyle = layers.MARKERS.fixed.color;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = layers.MARKERS.fixed.color;
  ctx.stroke();
  return node;
}

/* The deployments layer's van badge, as drawn on the map (deployments.js), smaller. */
function vanSwatch() {
  const badge = el("span", "cm-dep-marker cm-legend-van", t("LFR"));
  badge.setAttribute("aria-hidden", "true");
  return badge;
}

function entry(list, attributes, picture, label) {
  const item = el("li");
  Object.keys(attributes).forEach((name) => item.setAttribute(name, attributes[name]));
  item.appendChild(picture);
  item.appendChild(el("span", null, label));
  list.appendChild(item);
  return item;
}

/* The capability badges: one "only …" layer button each, then what the three gradings mean. */
function capabilitySection(box, onLayer) {
  box.appendChild(el("h3", "cm-legend-sub", t("What they can do")));
  const list = el("ul", "cm-legend-capabilities");
  const buttons = {};
  Object.keys(layers.BADGES).forEach((name) => {
    const b = button("", "cm-layer", () => onLayer(name));
    b.setAttribute("data-layer", name);
    b.setAttribute("aria-pressed", "false");
    b.append(badgeSwatch(name, "confirmed"), el("span", null, term(name)));
    b.title = t("Show only cameras with: {capability}", { capability: term(name) });
    const item = el("li");
    item.setAttribute("data-capability", name);
    item.appendChild(b);
    list.appendChild(item);
    buttons[name] = b;
  });
  box.appendChild(list);
  box.appendChild(el("p", "cm-legend-note", t("Press one to show only those cameras; groups then show their share.")));
  const grades = el("ul", "cm-legend-confidence");
  layers.CONFIDENCES.forEach((c) => {
    entry(grades, { "data-confidence": c }, badgeSwatch("face_recognition", c), term(c) + " — " + CONFIDENCE_NOTES[c]());
  });
  box.appendChild(grades);
  return buttons;
}

const CONFIDENCE_NOTES = {
  claimed: () => t("dashed ring: someone says so"),
  likely: () => t("solid ring: strong signs"),
  confirmed: () => t("filled: documented")
};

function legendBox(onLayer) {
  const box = el("section", "cm-legend leaflet-control");
  box.id = "cm-legend";
  box.setAttribute("aria-labelledby", "cm-legend-title");
  const title = el("h2", "cm-legend-title", t("Legend"));
  title.id = "cm-legend-title";
  box.appendChild(title);
  const list = el("ul");
  Object.keys(layers.MARKERS).forEach((k) => entry(list, { "data-marker": k }, swatch(k, false), layers.label(k)));
  entry(list, { "data-marker": "removed" }, swatch("unknown", true), layers.removedLabel());
  entry(list, { "data-marker": "deployment" }, vanSwatch(),
    t("{badge}: a live facial recognition van (the Deployments layer)", { badge: t("LFR") }));
  box.appendChild(list);
  const cluster = el("p", "cm-legend-note");
  const dot = el("span", "cm-cluster-dot", "12");
  dot.setAttribute("aria-hidden", "true");
  cluster.appendChild(dot);
  cluster.appendChild(document.createTextNode(" " + layers.clusterLabel()));
  box.appendChild(cluster);
  const cones = el("ul", "cm-legend-cones");
  entry(cones, { "data-cone": "wedge" }, coneSwatch(false), t("Where a camera looks (close up)"));
  entry(cones, { "data-cone": "circle" }, coneSwatch(true), t("Dome or PTZ camera that can look all around"));
  box.appendChild(cones);
  const buttons = capabilitySection(box, onLayer);
  return { box, buttons };
}

/* A function that keeps the legend from its corner up to the map's top at most (on a phone, under
 * half the screen), scrolling beyond. */
function fitter(map, box, wide) {
  return () => {
    if (box.hidden) { return; }
    const room = box.getBoundingClientRect().bottom - map.getContainer().getBoundingClientRect().top - 10;
    const cap = wide.matches ? room : Math.min(room, window.innerHeight * 0.45);
    box.style.maxHeight = Math.max(80, Math.floor(cap)) + "px";
  };
}

/* The legend in the map's corner and the toolbar button that shows or hides it; its capability
 * buttons call `onLayer(name)`. Returns { box, select(name) } (select marks the pressed layer). */
export function legend(map, toggle, open, onLayer) {
  let built = null;
  control("bottomright", () => { built = legendBox(onLayer || (() => {})); return built.box; }).addTo(map);
  const box = built.box;
  const wide = window.matchMedia("(min-width: 640px)");
  const fit = fitter(map, box, wide);
  function set(next) {
    box.hidden = !next;
    toggle.setAttribute("aria-expanded", String(next));
    if (next) { fit(); }
  }
  // On a wide screen an open panel narrows the map: the legend steps aside until the panel closes.
  // On a phone the legend and the panels share the little room: opening one closes the other.
  let stowed = false;
  toggle.setAttribute("aria-controls", box.id);
  toggle.addEventListener("click", () => {
    stowed = false;
    if (box.hidden && !wide.matches) { closeAll(); }
    set(box.hidden);
  });
  set(open);
  document.addEventListener("cm-sheet", (event) => {
    if (event.detail.open && !box.hidden) {
      stowed = wide.matches;
      set(false);
    } else if (!event.detail.open && stowed) {
      stowed = false;
      set(true);
    }
  });
  map.on("resize", fit);
  return {
    box,
    select(name) {
      Object.keys(built.buttons).forEach((k) => built.buttons[k].setAttribute("aria-pressed", String(k === name)));
    }
  };
}
