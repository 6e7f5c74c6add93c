/* cameramap: the official-vs-observed map. The comparison comes from /api/v1/compare (URL in data-compare);
   popups are built with createElement/textContent. */
(function () {
  "use strict";
  var box = document.getElementById("compare-map");
  if (!box || !window.L) { return; }
  var d = box.dataset;
  var i18n = window.cameramapI18n;  // static/js/i18n.js, loaded by base.html
  var t = i18n.t;
  var status = document.getElementById("compare-map-status");
  var STYLE = {
    matched: { colour: "#15803d", label: t("match") },
    observed_only: { colour: "#b91c1c", label: t("observed but not declared") },
    declared_only: { colour: "#b45309", label: t("declared but not found") }
  };
  var map = L.map(box, { preferCanvas: true, worldCopyJump: true }).setView([0, 0], 2);
  L.tileLayer(d.tiles, { attribution: d.attribution, maxZoom: 19 }).addTo(map);

  function line(parent, text) {
    var p = document.createElement("div");
    p.textContent = text;
    parent.appendChild(p);
  }

  function cameraLink(parent, id, text) {
    if (!id) { return; }
    var a = document.createElement("a");
    a.href = d.cameraPath + encodeURIComponent(id);
    a.textContent = text;
    var row = document.createElement("div");
    row.appendChild(a);
    parent.appendChild(row);
  }

  function popup(p) {
    var root = document.createElement("div");
    root.className = "map-popup";
    line(root, STYLE[p.result].label);
    cameraLink(root, p.declared_camera_id, t("declared #{id}", { id: p.declared_camera_id }));
    cameraLink(root, p.observed_camera_id, t("observed #{id}", { id: p.observed_camera_id }));
    if (p.distance_m !== null) {
      line(root, t("{distance} m apart", { distance: Number(p.distance_m).toLocaleString(i18n.lang) }));
    }
    return root;
  }

  function legend() {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      Object.keys(STYLE).forEach(function (key) {
        var row = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.style.background = STYLE[key].colour;
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(STYLE[key].label));
        div.appendChild(row);
      });
      return div;
    };
    control.addTo(map);
  }

  function draw(body) {
    var layer = L.featureGroup();
    (body.features || []).forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var style = STYLE[p.result] || STYLE.matched;
      L.circleMarker([c[1], c[0]], { radius: 5, weight: 1, color: "#0f172a", fillColor: style.colour, fillOpacity: 0.9 })
        .bindPopup(function () { return popup(p); }).addTo(layer);
      if (p.result === "matched" && p.distance_m > 0) {
        L.polyline([[p.declared_lat, p.declared_lon], [p.observed_lat, p.observed_lon]],
          { color: style.colour, weight: 2 }).addTo(layer);
      }
    });
    layer.addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
    legend();
    if (status) { status.textContent = t("Cameras on the map: {count}.", { count: (body.features || []).length }); }
  }

  fetch(d.compare, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(draw)
    .catch(function () { if (status) { status.textContent = t("The comparison could not be loaded."); } });
})();
