/* cameramap map: the toolbar's search box (the geocoder), the locate button and the legend (a map
 * control; open at first on a wide screen, one tap away on a phone). Text only in the DOM. */
import { t } from "./i18n.js";
import { control, el } from "./mapkit.js";
import * as layers from "./map-layers.js";

export function button(text, className, onClick) {
  const b = el("button", className, text);
  b.type = "button";
  if (onClick) { b.addEventListener("click", onClick); }
  return b;
}

export function searchBox(config, map) {
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
  function show(c) { map.setView([c.lat, c.lon], c.precision === "city" ? 12 : 17); results.textContent = ""; }
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

function swatch(kind, removed) {
  const canvas = el("canvas", "cm-swatch");
  canvas.setAttribute("aria-hidden", "true");
  const ratio = window.devicePixelRatio || 1;
  canvas.width = 18 * ratio;
  canvas.height = 18 * ratio;
  const ctx = canvas.getContext("2d");
  if (!ctx) { return canvas; }
  ctx.scale(ratio, ratio);
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
  return canvas;
}

function legendBox() {
  const box = el("section", "cm-legend leaflet-control");
  box.id = "cm-legend";
  box.setAttribute("aria-labelledby", "cm-legend-title");
  const title = el("h2", "cm-legend-title", t("Legend"));
  title.id = "cm-legend-title";
  box.appendChild(title);
  const list = el("ul");
  function entry(kind, drawKind, removed, label) {
    const item = el("li");
    item.setAttribute("data-marker", kind);
    item.appendChild(swatch(drawKind, removed));
    item.appendChild(el("span", null, label));
    list.appendChild(item);
  }
  Object.keys(layers.MARKERS).forEach((k) => entry(k, k, false, layers.label(k)));
  entry("removed", "unknown", true, layers.removedLabel());
  box.appendChild(list);
  const cluster = el("p", "cm-legend-note");
  const dot = el("span", "cm-cluster-dot", "12");
  dot.setAttribute("aria-hidden", "true");
  cluster.appendChild(dot);
  cluster.appendChild(document.createTextNode(" " + layers.clusterLabel()));
  box.appendChild(cluster);
  box.appendChild(el("p", "cm-legend-note cm-legend-more", t("Wedges show where a camera looks; circles, domes.")));
  return box;
}

/* The legend in the map's corner and the toolbar button that shows or hides it. */
export function legend(map, toggle, open) {
  let box = null;
  control("bottomright", () => { box = legendBox(); return box; }).addTo(map);
  function set(next) {
    box.hidden = !next;
    toggle.setAttribute("aria-expanded", String(next));
  }
  toggle.setAttribute("aria-controls", box.id);
  toggle.addEventListener("click", () => set(box.hidden));
  set(open);
  return box;
}
