/* cameramap moderation: preview maps (submissions in red, nearby cameras in blue) drawn from the
   page's JSON data with textContent-only tooltips, and "select all" for batch actions. */
(function () {
  "use strict";
  document.querySelectorAll(".preview-map").forEach(function (box) {
    if (!window.L) { return; }
    var source = document.getElementById(box.id + "-data");
    var data = source ? JSON.parse(source.textContent) : { submissions: [], cameras: [] };
    var map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.tileAttribution }).addTo(map);
    var bounds = [];
    function tip(label) { var span = document.createElement("span"); span.textContent = label; return span; }
    data.cameras.forEach(function (c) {
      L.circleMarker([c.lat, c.lon], { radius: 7, color: "#1d4ed8", fillOpacity: 0.6 })
        .bindTooltip(tip(c.label)).addTo(map);
      bounds.push([c.lat, c.lon]);
    });
    data.submissions.forEach(function (s) {
      L.circleMarker([s.lat, s.lon], { radius: 8, color: "#b91c1c", fillOpacity: 0.8 })
        .bindTooltip(tip(s.label)).addTo(map);
      bounds.push([s.lat, s.lon]);
    });
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 18, padding: [20, 20] }); } else { map.setView([20, 0], 2); }
  });
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("#batch-form input[name='ids']").forEach(function (box) { box.checked = all.checked; });
    });
  }
})();
