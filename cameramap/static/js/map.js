/* cameramap map page: asks the API for the view snapped to the tile grid (/api/v1/cameras?bbox=&zoom=),
 * draws points or server-side clusters on a canvas, and keeps view and filters in the URL.
 * Needs i18n.js, map-layers.js, map-popup.js and map-controls.js (loaded first); its words come from
 * the scripts' catalogue of the page's language (config.i18n), loaded before the controls are built. */
(function () {
  "use strict";

  var parts = window.cameramapParts;
  var i18n = window.cameramapI18n;
  var t = i18n.t;
  var FILTERS = ["capability", "surveillance_type", "camera_type", "operator", "source"];
  var state = {
    featureCount: 0, numberMatched: 0, numberReturned: 0, clusterCount: 0, clustered: false,
    loads: 0, loading: false, error: null, lastUrl: null, drawnAt: 0, requestedAt: 0
  };
  var map = null, config = null, layer = null, renderer = null, CameraMarker = null;
  var markers = {}, features = [], controller = null, filters = null;
  var ui = {};

  function setStatus(text, isError) {
    if (!ui.status) { return; }
    ui.status.textContent = text;
    ui.status.classList.toggle("cm-error", !!isError);
  }

  /* ---------- filters <-> the page's query string ---------- */

  function readQuery() {
    var q = new URLSearchParams(window.location.search);
    var f = { status: [], embed: q.get("embed") === "1" };
    var status = (q.get("status") || "").split(",").filter(function (s) { return config.statuses.indexOf(s) >= 0; });
    f.status = status;
    FILTERS.forEach(function (name) { f[name] = (q.get(name) || "").trim(); });
    return f;
  }

  function filterPairs() {
    var pairs = [];
    if (filters.status.length) { pairs.push(["status", filters.status.join(",")]); }
    FILTERS.forEach(function (name) { if (filters[name]) { pairs.push([name, filters[name]]); } });
    return pairs;
  }

  function pageUrl() {
    var q = new URLSearchParams();
    filterPairs().forEach(function (p) { q.append(p[0], p[1]); });
    if (filters.embed) { q.set("embed", "1"); }
    var search = q.toString();
    return window.location.pathname + (search ? "?" + search : "") + formatHash();
  }

  function writeUrl() {
    var next = pageUrl();
    if (next !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", next);
    }
    if (ui.sharePanel) { parts.controls.renderShare(ui.sharePanel, window.location.href); }
    parts.controls.updateLanguageLinks(ui.languages, next);
  }

  /* ---------- the request: the view snapped outward to whole tiles ---------- */

  function tileBox(zoom) {
    var n = Math.pow(2, zoom);
    var b = map.getBounds();
    function tx(lon) { return Math.floor((Math.min(Math.max(lon, -180), 180) + 180) / 360 * n); }
    function ty(lat) {
      var phi = Math.min(Math.max(lat, -85.0511287798), 85.0511287798) * Math.PI / 180;
      return Math.floor((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2 * n);
    }
    function lon(x) { return x / n * 360 - 180; }
    function lat(y) { return Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))) * 180 / Math.PI; }
    var x0 = Math.max(tx(b.getWest()), 0), x1 = Math.min(tx(b.getEast()), n - 1);
    var y0 = Math.max(ty(b.getNorth()), 0), y1 = Math.min(ty(b.getSouth()), n - 1);
    return [lon(x0), lat(y1 + 1), lon(x1 + 1), lat(y0)];
  }

  function requestUrl() {
    var zoom = Math.max(0, Math.min(22, Math.round(map.getZoom())));
    var q = new URLSearchParams();
    q.set("bbox", tileBox(zoom).map(String).join(","));
    q.set("zoom", String(zoom));
    q.set("brief", "1");
    q.set("limit", String(config.limit));
    q.set("status", (filters.status.length ? filters.status : config.statuses).join(","));
    FILTERS.forEach(function (name) { if (filters[name]) { q.set(name, filters[name]); } });
    return config.api + "?" + q.toString();
  }

  function load() {
    var url = requestUrl();
    state.requestedAt = performance.now();
    if (url === state.lastUrl && !state.error) {  // the same tiles: what is drawn is still right
      state.loads += 1;
      state.drawnAt = performance.now();
      refreshList();
      return;
    }
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var mine = controller;
    state.loading = true;
    state.lastUrl = url;
    fetch(url, { signal: mine.signal, headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(t("the server answered {status}", { status: response.status })); }
        return response.json();
      })
      .then(function (collection) {
        if (mine !== controller) { return; }
        draw(collection);
        state.error = null;
        state.loading = false;
        state.loads += 1;
        state.drawnAt = performance.now();
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        state.error = String(error && error.message ? error.message : error);
        state.loading = false;
        state.loads += 1;
        setStatus(t("Could not load cameras: {error}", { error: state.error }), true);
      });
  }

  /* ---------- drawing ---------- */

  function makeMarker(feature) {
    var coords = feature.geometry && feature.geometry.coordinates;
    if (!Array.isArray(coords) || typeof coords[0] !== "number" || typeof coords[1] !== "number") {
      return null;
    }
    var p = feature.properties || {};
    var latlng = [coords[1], coords[0]];
    if (p.cluster) {
      var cluster = new CameraMarker(latlng, parts.layers.clusterOptions(p, renderer));
      cluster.on("click", function () { zoomInto(feature); });
      return cluster;
    }
    var marker = new CameraMarker(latlng, parts.layers.pointOptions(p, renderer));
    parts.popup.bindDetailPopup(marker, String(feature.id), {
      api: config.api, markers: parts.layers.MARKERS, cameraPath: config.cameraPath
    });
    return marker;
  }

  function zoomInto(feature) {
    var b = feature.bbox || (feature.properties || {}).bbox;
    var coords = feature.geometry.coordinates;
    if (Array.isArray(b) && b.length === 4 && (b[2] - b[0] > 1e-6 || b[3] - b[1] > 1e-6)) {
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [40, 40], maxZoom: 19 });
    } else {
      map.setView([coords[1], coords[0]], Math.min(map.getZoom() + 3, 19));
    }
  }

  function draw(collection) {
    var list = Array.isArray(collection.features) ? collection.features : [];
    var next = {};
    var points = 0, clusters = 0;
    list.forEach(function (feature) {
      var id = String(feature.id);
      var signature = JSON.stringify(feature.properties) + feature.geometry.coordinates;
      var old = markers[id];
      var marker = (old && old.cmSignature === signature) ? old : makeMarker(feature);
      if (!marker) { return; }
      marker.cmSignature = signature;
      marker.cmFeature = feature;
      next[id] = marker;
      if (feature.properties && feature.properties.cluster) { clusters += 1; } else { points += 1; }
    });
    // Markers that stay are left alone, so an open popup survives the reload its autopan causes.
    Object.keys(markers).forEach(function (id) {
      if (next[id] !== markers[id]) { layer.removeLayer(markers[id]); }
    });
    Object.keys(next).forEach(function (id) {
      if (!layer.hasLayer(next[id])) { layer.addLayer(next[id]); }
    });
    markers = next;
    features = list;
    state.featureCount = points + clusters;
    state.clusterCount = clusters;
    state.clustered = !!collection.clustered;
    state.numberReturned = typeof collection.numberReturned === "number" ? collection.numberReturned : list.length;
    state.numberMatched = typeof collection.numberMatched === "number" ? collection.numberMatched : points;
    report(points, clusters);
    refreshList();
  }

  function report(points, clusters) {
    var total = state.numberMatched;
    var values = { total: total, groups: clusters, points: points };
    if (state.clustered) {
      setStatus(points ? t("{total} cameras in this area, in {groups} groups and {points} single cameras. Zoom in for more detail.", values)
        : t("{total} cameras in this area, in {groups} groups. Zoom in for more detail.", values));
    } else if (total > points) {
      setStatus(t("Showing {points} of {total} cameras in this view. Zoom in to see all.", values));
    } else {
      setStatus(points === 1 ? t("1 camera in this view.") : t("{points} cameras in this view.", values));
    }
  }

  function refreshList() {
    if (!ui.listPanel || ui.listPanel.hidden) { return; }
    var bounds = map.getBounds();
    var entries = [];
    Object.keys(markers).forEach(function (id) {
      var marker = markers[id];
      if (!bounds.contains(marker.getLatLng())) { return; }
      var p = marker.cmFeature.properties || {};
      if (p.cluster) {
        entries.push({ text: t("Group of {count} cameras — zoom in", { count: p.count }),
          action: function () { zoomInto(marker.cmFeature); } });
      } else {
        entries.push({ text: t("{label} #{id} ({status})", { label: parts.layers.label(p.marker), id: id, status: i18n.term(p.status) }),
          action: function () { openPopup(id); } });
      }
    });
    parts.controls.renderList(ui.listPanel, entries, state.numberMatched);
  }

  /* ---------- the view in the URL hash: #zoom/lat/lon ---------- */

  function parseHash(hash) {
    var bits = String(hash || "").replace(/^#/, "").split("/");
    if (bits.length !== 3) { return null; }
    var zoom = parseInt(bits[0], 10), lat = parseFloat(bits[1]), lon = parseFloat(bits[2]);
    if (!isFinite(zoom) || !isFinite(lat) || !isFinite(lon)) { return null; }
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180 || zoom < 0 || zoom > 22) { return null; }
    return { zoom: zoom, lat: lat, lon: lon };
  }

  function formatHash() {
    var center = map.getCenter().wrap();
    var zoom = map.getZoom();
    var digits = Math.max(0, Math.ceil(Math.log(Math.pow(2, zoom)) / Math.LN10));
    return "#" + zoom + "/" + center.lat.toFixed(digits) + "/" + center.lng.toFixed(digits);
  }

  function initialView() {
    var fromHash = parseHash(window.location.hash);
    if (fromHash) {
      map.setView([fromHash.lat, fromHash.lon], fromHash.zoom, { animate: false });
    } else if (Array.isArray(config.extent) && config.extent.length === 4) {
      var e = config.extent;
      map.fitBounds([[e[1], e[0]], [e[3], e[2]]], { padding: [24, 24], maxZoom: 17, animate: false });
    } else {
      map.setView([20, 0], 2, { animate: false });
    }
  }

  function onHashChange() {
    var view = parseHash(window.location.hash);
    if (view && window.location.hash !== formatHash()) { map.setView([view.lat, view.lon], view.zoom); }
  }

  /* ---------- entry point ---------- */

  function addControls() {
    var c = parts.controls;
    ui.onListOpen = refreshList;
    c.control("topright", function () { return c.titleBox(config, ui); }).addTo(map);
    c.control("topleft", function () { return c.searchBox(config, map); }).addTo(map);
    c.control("topleft", function () { return c.locateButton(map, setStatus); }).addTo(map);
    c.control("bottomright", function () { return c.legend(parts.layers); }).addTo(map);
    c.translateLeaflet(map);
    c.buildFilters(ui.filterPanel, config, filters, function (next) {
      next.embed = filters.embed;
      filters = next;
      writeUrl();
      load();
    });
  }

  /* Positions the view at once; builds the controls and asks for cameras once the page's words are in
   * (they stay English if the catalogue cannot be had). */
  function attach(leafletMap, options) {
    map = leafletMap;
    config = options || {};
    config.limit = config.limit || 1000;
    config.cameraPath = config.cameraPath || "/cameras/";
    config.statuses = config.statuses || ["reported", "verified", "disputed", "removed"];
    config.geocode = config.geocode || "/api/v1/geocode";
    filters = readQuery();
    if (filters.embed) { document.documentElement.classList.add("cm-embed"); }
    CameraMarker = parts.layers.defineLayers();
    renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    layer = L.layerGroup().addTo(map);
    initialView();
    var words = config.i18n ? i18n.load(config.i18n) : Promise.resolve(t);
    return words.then(start);
  }

  function start() {
    addControls();
    writeUrl();
    map.on("moveend", function () { writeUrl(); load(); refreshList(); });
    window.addEventListener("hashchange", onHashChange);
    load();
  }

  function openPopup(id) {
    var marker = markers[String(id)];
    if (!marker || marker.options.cluster) { return false; }
    marker.openPopup();
    return true;
  }

  function pointOf(id) {
    var marker = markers[String(id)];
    if (!marker) { return null; }
    var p = map.latLngToContainerPoint(marker.getLatLng());
    var rect = map.getContainer().getBoundingClientRect();
    return { x: rect.left + p.x, y: rect.top + p.y };
  }

  // Test hooks as well as a small public handle for embedding pages.
  window.cameramap = {
    attach: attach, state: state, openPopup: openPopup, pointOf: pointOf,
    getMap: function () { return map; },
    markerOf: function (id) { return markers[String(id)] || null; },
    features: function () { return features; }
  };
}());
