/* cameramap: the map of one operator's cameras on its page (a module on mapkit.js).
   Settings come from data- attributes (server settings only; data-operator is the operator's id);
   cameras from the GeoJSON API; popups are built with createElement/textContent, never from HTML. */
import { t, term } from "./i18n.js";
import { createMap, definitionList, el, getJson, viewBox } from "./mapkit.js";

const COLOURS = { verified: "#15803d", reported: "#1d4ed8", disputed: "#b45309", removed: "#6b7280" };
const box = document.getElementById("operator-map");

function popup(feature, cfg) {
  const p = feature.properties;
  const root = el("div", "map-popup");
  const link = el("a", null, "#" + p.id + " (" + term(p.marker) + ")");
  link.href = cfg.cameraPath + encodeURIComponent(p.id);
  root.appendChild(link);
  root.appendChild(definitionList([
    [t("Status"), p.status ? term(p.status) : ""],
    [t("Capabilities"), (p.capabilities || []).map((c) => {
      const values = { capability: term(c.capability), confidence: term(c.confidence) };
      return c.inherited ? t("{capability} ({confidence}, operator-wide)", values) : t("{capability} ({confidence})", values);
    }).join("; ")],
    [t("First seen"), p.first_seen]
  ]));
  return root;
}

function start() {
  const { map, cfg } = createMap(box, { leaflet: { preferCanvas: true }, label: t("Map of this operator's cameras") });
  const status = document.getElementById("operator-map-status");
  const layer = L.layerGroup().addTo(map);
  let pending = null;

  function draw(body) {
    layer.clearLayers();
    (body.features || []).forEach((f) => {
      const c = f.geometry.coordinates;
      L.circleMarker([c[1], c[0]], {
        radius: 5, weight: 1, color: "#0f172a", fillOpacity: 0.85,
        fillColor: COLOURS[f.properties.status] || COLOURS.reported
      }).bindPopup(() => popup(f, cfg)).addTo(layer);
    });
    if (status) {
      status.textContent = body.numberMatched > body.numberReturned
        ? t("Cameras in view: {shown} of {total} shown; zoom in to see all.", { shown: body.numberReturned, total: body.numberMatched })
        : t("Cameras in view: {count}.", { count: body.numberReturned });
    }
  }

  function load() {
    const q = new URLSearchParams({ operator: box.dataset.operator, limit: String(cfg.limit) });
    q.set("bbox", viewBox(map).map((v) => v.toFixed(6)).join(","));
    if (pending) { pending.abort(); }
    pending = new AbortController();
    getJson(cfg.api + "?" + q.toString(), pending.signal, "application/geo+json")
      .then(draw)
      .catch((err) => {
        if (err.name !== "AbortError" && status) { status.textContent = t("The cameras could not be loaded."); }
      });
  }

  map.on("moveend", load);
  load();
}

if (box && window.L) { start(); }
