/* cameramap: the choropleth of cameras per area. Areas and figures come from /api/v1/stats/areas
   (URL in data-areas); labels and popups are built with createElement/textContent. */
(function () {
  "use strict";
  var box = document.getElementById("stats-map");
  if (!box || !window.L) { return; }
  var d = box.dataset;
  var i18n = window.cameramapI18n;  // static/js/i18n.js, loaded by base.html
  var t = i18n.t;
  var metric = d.metric === "per_1000" ? "per_1000_residents" : d.metric;
  var status = document.getElementById("stats-map-status");
  var COLOURS = ["#fff7ec", "#fdd49e", "#fc8d59", "#d7301f", "#7f0000"];
  var map = L.map(box, { worldCopyJump: true }).setView([0, 0], 2);
  L.tileLayer(d.tiles, { attribution: d.attribution, maxZoom: 19 }).addTo(map);

  function breaks(values) {
    /* Quantile class limits, without repeats (one area or equal values give a single class). */
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var out = [];
    for (var i = 1; i < COLOURS.length; i++) {
      var v = sorted[Math.min(sorted.length - 1, Math.floor(i * sorted.length / COLOURS.length))];
      if (v > 0 && out.indexOf(v) < 0 && v < sorted[sorted.length - 1]) { out.push(v); }
    }
    return out;
  }

  function shade(index, limits) {
    return COLOURS[Math.round(index * (COLOURS.length - 1) / Math.max(1, limits.length))];
  }

  function colour(value, limits) {
    if (value === null || value === undefined) { return "#e5e7eb"; }
    var i = 0;
    while (i < limits.length && value >= limits[i]) { i++; }
    return limits.length ? shade(i, limits) : COLOURS[COLOURS.length - 1];
  }

  function format(value) {
    if (value === null || value === undefined) { return t("no data"); }
    return Number(value).toLocaleString(i18n.lang, { maximumFractionDigits: 2 });
  }

  function row(list, name, value) {
    var dt = document.createElement("dt");
    dt.textContent = name;
    var dd = document.createElement("dd");
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function popup(p) {
    var root = document.createElement("div");
    root.className = "map-popup";
    var title = document.createElement("strong");
    title.textContent = p.name;
    root.appendChild(title);
    var list = document.createElement("dl");
    row(list, t("Cameras"), format(p.cameras));
    row(list, t("per km²"), format(p.per_km2));
    row(list, t("per 1,000 residents"), format(p.per_1000_residents));
    Object.keys(p.capabilities || {}).forEach(function (key) {
      row(list, i18n.term(key), format(p.capabilities[key]));
    });
    (p.operators || []).slice(0, 3).forEach(function (op) {
      row(list, op.name || t("operator unknown"), format(op.cameras));
    });
    root.appendChild(list);
    return root;
  }

  function legend(limits) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var head = document.createElement("strong");
      head.textContent = d.metricLabel;
      div.appendChild(head);
      for (var i = 0; i <= limits.length; i++) {
        var line = document.createElement("div");
        var swatch = document.createElement("i");
        swatch.style.background = limits.length ? shade(i, limits) : COLOURS[COLOURS.length - 1];
        line.appendChild(swatch);
        var text = !limits.length ? t("all areas") : i === 0 ? "< " + format(limits[0])
          : i < limits.length ? format(limits[i - 1]) + " – " + format(limits[i]) : "≥ " + format(limits[i - 1]);
        line.appendChild(document.createTextNode(text));
        div.appendChild(line);
      }
      return div;
    };
    control.addTo(map);
  }

  function draw(body) {
    var values = body.features.map(function (f) { return f.properties[metric]; })
      .filter(function (v) { return v !== null && v !== undefined; });
    var limits = breaks(values.length ? values : [0]);
    var layer = L.geoJSON(body, {
      style: function (f) {
        return { color: "#334155", weight: 1, fillOpacity: 0.7, fillColor: colour(f.properties[metric], limits) };
      },
      onEachFeature: function (f, l) { l.bindPopup(function () { return popup(f.properties); }); }
    }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
    legend(limits);
    if (status) { status.textContent = body.features.length + " areas."; }
  }

  fetch(d.areas, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(draw)
    .catch(function () { if (status) { status.textContent = t("The areas could not be loaded."); } });
})();
