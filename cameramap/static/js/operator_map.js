/* cameramap: the map of one operator's cameras on its page.
   Settings come from data- attributes (server settings only); cameras from the GeoJSON API;
   popups are built with createElement/textContent, never from HTML strings. */
(function () {
  "use strict";
  var box = document.getElementById("operator-map");
  if (!box || !window.L) { return; }
  var d = box.dataset;
  var i18n = window.cameramapI18n;  // static/js/i18n.js, loaded by base.html
  var t = i18n.t;
  var status = document.getElementById("operator-map-status");
  var COLOURS = { verified: "#15803d", reported: "#1d4ed8", disputed: "#b45309", removed: "#6b7280" };

  var map = L.map(box, { preferCanvas: true, worldCopyJump: true });
  L.tileLayer(d.tiles, { attribution: d.attribution, maxZoom: 19 }).addTo(map);
  var extent = (d.extent || "").split(",").map(Number);
  if (extent.length === 4 && extent.every(isFinite)) {
    map.fitBounds([[extent[1], extent[0]], [extent[3], extent[2]]], { padding: [20, 20], maxZoom: 17 });
  } else {
    map.setView([0, 0], 2);
  }
  var layer = L.layerGroup().addTo(map);
  var pending = null;

  function term(list, name, value) {
    if (value === null || value === undefined || value === "") { return; }
    var dt = document.createElement("dt");
    dt.textContent = name;
    var dd = document.createElement("dd");
    dd.textContent = String(value);
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function popup(feature) {
    var p = feature.properties;
    var root = document.createElement("div");
    root.className = "map-popup";
    var link = document.createElement("a");
    link.href = d.cameraPath + encodeURIComponent(p.id);
    link.textContent = "#" + p.id + " (" + i18n.term(p.marker) + ")";
    root.appendChild(link);
    var list = document.createElement("dl");
    term(list, t("Status"), p.status ? i18n.term(p.status) : "");
    term(list, t("Capabilities"), (p.capabilities || []).map(function (c) {
      var values = { capability: i18n.term(c.capability), confidence: i18n.term(c.confidence) };
      return c.inherited ? t("{capability} ({confidence}, operator-wide)", values) : t("{capability} ({confidence})", values);
    }).join("; "));
    term(list, t("First seen"), p.first_seen);
    root.appendChild(list);
    return root;
  }

  function draw(body) {
    layer.clearLayers();
    (body.features || []).forEach(function (f) {
      var c = f.geometry.coordinates;
      L.circleMarker([c[1], c[0]], {
        radius: 5, weight: 1, color: "#0f172a", fillOpacity: 0.85,
        fillColor: COLOURS[f.properties.status] || COLOURS.reported
      }).bindPopup(function () { return popup(f); }).addTo(layer);
    });
    if (status) {
      status.textContent = body.numberMatched > body.numberReturned
        ? t("Cameras in view: {shown} of {total} shown; zoom in to see all.", { shown: body.numberReturned, total: body.numberMatched })
        : t("Cameras in view: {count}.", { count: body.numberReturned });
    }
  }

  function load() {
    var b = map.getBounds();
    var west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
    var south = Math.max(-90, b.getSouth()), north = Math.min(90, b.getNorth());
    var url = d.api + "?operator=" + encodeURIComponent(d.operator) + "&limit=" + encodeURIComponent(d.limit) +
      "&bbox=" + [west, south, east, north].map(function (v) { return v.toFixed(6); }).join(",");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(draw)
      .catch(function (err) {
        if (err.name !== "AbortError" && status) { status.textContent = t("The cameras could not be loaded."); }
      });
  }

  map.on("moveend", load);
  load();
})();
