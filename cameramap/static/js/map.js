/* cameramap map page: asks /api/v1/cameras for the visible area and draws the answer on a canvas.
 * Every piece of camera data enters the DOM through textContent or element attributes set from
 * checked values; no HTML string is ever built from data. */
(function () {
  "use strict";

  var MARKERS = {
    fixed: { label: "Fixed camera", color: "#2563eb", shape: "circle" },
    dome: { label: "Dome camera", color: "#0d9488", shape: "square" },
    panning: { label: "Panning (PTZ) camera", color: "#7c3aed", shape: "diamond" },
    ALPR: { label: "Licence plate reader (ALPR)", color: "#dc2626", shape: "triangle" },
    guard: { label: "Guard", color: "#ea580c", shape: "hexagon" },
    unknown: { label: "Camera, type unknown", color: "#475569", shape: "circle" }
  };
  var REMOVED = { label: "Removed (kept for the record)", color: "#9ca3af" };
  var DEFAULT_CONE = 60;
  var RADIUS = 6;

  var state = {
    featureCount: 0, numberMatched: 0, numberReturned: 0, loads: 0, loading: false,
    error: null, lastUrl: null
  };
  var map = null;
  var config = null;
  var layer = null;
  var renderer = null;
  var markers = {};
  var controller = null;
  var statusNode = null;

  /* ---------- shapes: one path per marker class, drawn on our canvas and in the legend ---------- */

  function polygon(ctx, x, y, r, sides, rotation) {
    for (var i = 0; i < sides; i++) {
      var a = rotation + (i * 2 * Math.PI) / sides;
      var px = x + r * Math.cos(a);
      var py = y + r * Math.sin(a);
      if (i === 0) { ctx.moveTo(px, py); } else { ctx.lineTo(px, py); }
    }
    ctx.closePath();
  }

  function tracePath(ctx, shape, x, y, r) {
    if (shape === "square") { polygon(ctx, x, y, r * 1.25, 4, Math.PI / 4); }
    else if (shape === "diamond") { polygon(ctx, x, y, r * 1.35, 4, 0); }
    else if (shape === "triangle") { polygon(ctx, x, y + r * 0.25, r * 1.45, 3, -Math.PI / 2); }
    else if (shape === "hexagon") { polygon(ctx, x, y, r * 1.2, 6, 0); }
    else { ctx.arc(x, y, r, 0, Math.PI * 2, false); }
  }

  function coneLength(zoom) {
    if (zoom < 14) { return 0; }
    return Math.min(14 + (zoom - 14) * 6, 34);
  }

  function traceCones(ctx, bearings, x, y, length) {
    for (var i = 0; i < bearings.length; i++) {
      var b = bearings[i];
      if (typeof b.degrees !== "number" || !isFinite(b.degrees)) { continue; }
      var width = (typeof b.width === "number" && b.width > 0) ? Math.min(b.width, 360) : DEFAULT_CONE;
      var middle = ((b.degrees - 90) * Math.PI) / 180;
      var half = ((width / 2) * Math.PI) / 180;
      ctx.moveTo(x, y);
      ctx.arc(x, y, length, middle - half, middle + half, false);
      ctx.closePath();
    }
  }

  function defineLayers() {
    L.Canvas.include({
      _updateCameraMarker: function (marker) {
        if (!this._drawing || marker._empty()) { return; }
        var ctx = this._ctx;
        var p = marker._point;
        var r = Math.max(Math.round(marker._radius), 1);
        var length = marker._coneLength();
        if (length > 0 && marker.options.bearings.length) {
          ctx.beginPath();
          traceCones(ctx, marker.options.bearings, p.x, p.y, length);
          ctx.globalAlpha = 0.22;
          ctx.fillStyle = marker.options.fillColor;
          ctx.fill();
          ctx.globalAlpha = 0.55;
          ctx.strokeStyle = marker.options.fillColor;
          ctx.lineWidth = 1;
          if (ctx.setLineDash) { ctx.setLineDash([]); }
          ctx.stroke();
          ctx.globalAlpha = 1;
        }
        ctx.beginPath();
        tracePath(ctx, marker.options.shape, p.x, p.y, r);
        this._fillStroke(ctx, marker);
      }
    });

    return L.CircleMarker.extend({
      options: { shape: "circle", bearings: [] },
      _coneLength: function () {
        return this._map ? coneLength(this._map.getZoom()) : 0;
      },
      _updateBounds: function () {
        var extent = Math.max(this._radius * 1.5, this._coneLength()) + this._clickTolerance();
        var size = L.point(extent, extent);
        this._pxBounds = L.bounds(this._point.subtract(size), this._point.add(size));
      },
      _updatePath: function () {
        this._renderer._updateCameraMarker(this);
      }
    });
  }

  /* ---------- DOM helpers: text only ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function httpUrl(value) {
    if (typeof value !== "string" || !value) { return null; }
    try {
      var url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function externalLink(href, text) {
    var a = el("a", null, text);
    a.href = href;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  function words(value) {
    return String(value).replace(/_/g, " ");
  }

  function swatch(kind, removed) {
    var canvas = el("canvas", "cm-swatch");
    var ratio = window.devicePixelRatio || 1;
    canvas.width = 18 * ratio;
    canvas.height = 18 * ratio;
    var ctx = canvas.getContext("2d");
    if (!ctx) { return canvas; }
    ctx.scale(ratio, ratio);
    var style = markerStyle(kind, removed);
    ctx.beginPath();
    tracePath(ctx, style.shape, 9, 9, RADIUS);
    ctx.globalAlpha = style.fillOpacity;
    ctx.fillStyle = style.fillColor;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.weight;
    ctx.stroke();
    return canvas;
  }

  /* ---------- controls ---------- */

  function legendControl() {
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("section", "cm-legend leaflet-control");
        box.setAttribute("aria-label", "Legend");
        box.appendChild(el("h2", "cm-legend-title", "Legend"));
        var list = el("ul");
        Object.keys(MARKERS).forEach(function (kind) {
          var item = el("li");
          item.setAttribute("data-marker", kind);
          item.appendChild(swatch(kind, false));
          item.appendChild(el("span", null, MARKERS[kind].label));
          list.appendChild(item);
        });
        var removed = el("li");
        removed.setAttribute("data-marker", "removed");
        removed.appendChild(swatch("unknown", true));
        removed.appendChild(el("span", null, REMOVED.label));
        list.appendChild(removed);
        box.appendChild(list);
        box.appendChild(el("p", "cm-legend-note", "Wedges show the direction a camera faces."));
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Legend();
  }

  function titleControl() {
    var Title = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = el("header", "cm-title leaflet-control");
        box.appendChild(el("h1", null, "cameramap"));
        box.appendChild(el("p", null, "Surveillance cameras, from open data. Click one for details."));
        var nav = el("nav");
        var api = el("a", null, "API");
        api.href = config.api;
        var sources = el("a", null, "Data sources & licences");
        sources.href = config.sourcesPath || "/sources";
        nav.appendChild(api);
        nav.appendChild(document.createTextNode(" · "));
        nav.appendChild(sources);
        box.appendChild(nav);
        statusNode = el("p", "cm-status", "Loading cameras…");
        statusNode.setAttribute("role", "status");
        statusNode.setAttribute("aria-live", "polite");
        box.appendChild(statusNode);
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    return new Title();
  }

  function setStatus(text, isError) {
    if (!statusNode) { return; }
    statusNode.textContent = text;
    statusNode.classList.toggle("cm-error", !!isError);
  }

  /* ---------- popup: built node by node ---------- */

  function row(list, term, value) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", null, term));
    list.appendChild(el("dd", null, value));
  }

  function directionText(p) {
    if (!p.camera_direction) { return null; }
    var text = p.camera_direction + "°";
    if (Array.isArray(p.bearings) && p.bearings.some(function (b) { return b.width > 0; })) {
      text += " (sector)";
    }
    return text;
  }

  function operatorNode(operator) {
    if (!operator || !operator.name) { return null; }
    var span = el("span", "cm-operator", operator.name);
    if (operator.kind && operator.kind !== "unknown") {
      span.appendChild(el("span", "cm-muted", " (" + words(operator.kind) + ")"));
    }
    return span;
  }

  function capabilityList(capabilities) {
    var list = el("ul", "cm-capabilities");
    capabilities.forEach(function (c) {
      var item = el("li");
      item.appendChild(el("strong", null, words(c.capability)));
      item.appendChild(document.createTextNode(" — " + (c.confidence || "claimed")));
      if (c.inherited) { item.appendChild(el("span", "cm-muted", " (operator-wide)")); }
      var evidence = c.evidence || {};
      var text = evidence.text || (evidence.kind ? words(evidence.kind) : null);
      var href = httpUrl(evidence.url);
      if (href) {
        item.appendChild(document.createTextNode("; evidence: "));
        item.appendChild(externalLink(href, text || "link"));
      } else if (text) {
        item.appendChild(document.createTextNode("; evidence: " + text));
      }
      list.appendChild(item);
    });
    return list;
  }

  function sourceList(sources) {
    var list = el("ul", "cm-sources");
    sources.forEach(function (s) {
      var item = el("li");
      var href = httpUrl(s.url);
      item.appendChild(href ? externalLink(href, s.name) : el("span", null, s.name));
      if (s.licence) { item.appendChild(document.createTextNode(" — licence " + s.licence)); }
      if (s.source_id) { item.appendChild(el("span", "cm-muted", " · " + s.source_id)); }
      if (s.missing_from_source) { item.appendChild(el("span", "cm-muted", " · no longer in source")); }
      list.appendChild(item);
    });
    return list;
  }

  function popupContent(feature) {
    var p = feature.properties || {};
    var kind = MARKERS[p.marker] ? p.marker : "unknown";
    var box = el("article", "cm-popup");
    box.setAttribute("data-camera-id", String(feature.id));
    box.appendChild(el("h2", null, MARKERS[kind].label));
    if (p.status === "removed") {
      box.appendChild(el("p", "cm-removed", "Removed" + (p.removed_at ? " on " + p.removed_at : "")));
    }
    var facts = el("dl");
    row(facts, "Type", [p.surveillance_type, p.camera_type].filter(Boolean).map(words).join(", "));
    row(facts, "Mount", p.camera_mount ? words(p.camera_mount) : null);
    row(facts, "Direction", directionText(p));
    var operator = operatorNode(p.operator);
    if (operator) {
      facts.appendChild(el("dt", null, "Operator"));
      var dd = el("dd");
      dd.appendChild(operator);
      facts.appendChild(dd);
    }
    row(facts, "Area", p.surveillance_zone ? words(p.surveillance_zone) : null);
    row(facts, "Status", p.status);
    row(facts, "Notes", p.notes);
    box.appendChild(facts);
    if (Array.isArray(p.capabilities) && p.capabilities.length) {
      box.appendChild(el("h3", null, "Capabilities"));
      box.appendChild(capabilityList(p.capabilities));
    }
    if (Array.isArray(p.sources) && p.sources.length) {
      box.appendChild(el("h3", null, "Sources"));
      box.appendChild(sourceList(p.sources));
    }
    var id = String(feature.id);
    if (/^[0-9]+$/.test(id)) {
      var more = el("a", "cm-more", "Everything we know about this camera");
      more.href = config.cameraPath + id;
      box.appendChild(more);
    }
    return box;
  }

  /* ---------- drawing ---------- */

  function markerStyle(kind, removed) {
    var spec = MARKERS[kind] || MARKERS.unknown;
    return {
      shape: spec.shape,
      color: removed ? "#6b7280" : "#ffffff",
      weight: removed ? 1 : 1.5,
      fillColor: removed ? REMOVED.color : spec.color,
      fillOpacity: removed ? 0.55 : 0.95,
      dashArray: removed ? "2,2" : null
    };
  }

  function featureMarker(CameraMarker, feature) {
    var coords = feature.geometry && feature.geometry.coordinates;
    if (!Array.isArray(coords) || typeof coords[0] !== "number" || typeof coords[1] !== "number") {
      return null;
    }
    var p = feature.properties || {};
    var options = markerStyle(p.marker, p.status === "removed");
    options.renderer = renderer;
    options.radius = RADIUS;
    options.bearings = Array.isArray(p.bearings) ? p.bearings : [];
    var marker = new CameraMarker([coords[1], coords[0]], options);
    marker.bindPopup(function () { return popupContent(feature); }, { maxWidth: 340, minWidth: 220 });
    return marker;
  }

  function draw(CameraMarker, collection) {
    var features = Array.isArray(collection.features) ? collection.features : [];
    var next = {};
    features.forEach(function (feature) {
      var id = String(feature.id);
      var signature = JSON.stringify(feature);
      var old = markers[id];
      if (old && old.cmSignature === signature) {
        next[id] = old;
        return;
      }
      var marker = featureMarker(CameraMarker, feature);
      if (!marker) { return; }
      marker.cmSignature = signature;
      next[id] = marker;
    });
    // Markers that stay are left alone, so an open popup survives the reload its autopan causes.
    Object.keys(markers).forEach(function (id) {
      if (next[id] !== markers[id]) { layer.removeLayer(markers[id]); }
    });
    Object.keys(next).forEach(function (id) {
      if (!layer.hasLayer(next[id])) { layer.addLayer(next[id]); }
    });
    markers = next;
    var drawn = Object.keys(next).length;
    state.featureCount = drawn;
    state.numberReturned = typeof collection.numberReturned === "number" ? collection.numberReturned : drawn;
    state.numberMatched = typeof collection.numberMatched === "number" ? collection.numberMatched : drawn;
    if (state.numberMatched > drawn) {
      setStatus("Showing " + drawn + " of " + state.numberMatched + " cameras in this view. Zoom in to see all.");
    } else {
      setStatus(drawn === 1 ? "1 camera in this view." : drawn + " cameras in this view.");
    }
  }

  /* ---------- fetching ---------- */

  function clamp(value, low, high) { return Math.min(Math.max(value, low), high); }

  function bboxParam() {
    var b = map.getBounds();
    var west = b.getWest();
    var east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    var values = [clamp(west, -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(east, -180, 180), clamp(b.getNorth(), -90, 90)];
    return values.map(function (v) { return v.toFixed(6); }).join(",");
  }

  function load(CameraMarker) {
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var mine = controller;
    var url = config.api + "?bbox=" + bboxParam() + "&limit=" + config.limit;
    if (config.statuses && config.statuses.length) {
      url += "&status=" + config.statuses.map(encodeURIComponent).join(",");
    }
    state.loading = true;
    state.lastUrl = url;
    fetch(url, { signal: mine.signal, headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("the server answered " + response.status); }
        return response.json();
      })
      .then(function (collection) {
        if (mine !== controller) { return; }
        draw(CameraMarker, collection);
        state.error = null;
        state.loading = false;
        state.loads += 1;
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        state.error = String(error && error.message ? error.message : error);
        state.loading = false;
        state.loads += 1;
        setStatus("Could not load cameras: " + state.error, true);
      });
  }

  /* ---------- the view in the URL hash: #zoom/lat/lon ---------- */

  function parseHash(hash) {
    var parts = String(hash || "").replace(/^#/, "").split("/");
    if (parts.length !== 3) { return null; }
    var zoom = parseInt(parts[0], 10);
    var lat = parseFloat(parts[1]);
    var lon = parseFloat(parts[2]);
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

  function writeHash() {
    var hash = formatHash();
    if (hash !== window.location.hash) {
      window.history.replaceState(null, "", hash);
    }
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
    if (view && window.location.hash !== formatHash()) {
      map.setView([view.lat, view.lon], view.zoom);
    }
  }

  /* ---------- entry point ---------- */

  function attach(leafletMap, options) {
    map = leafletMap;
    config = options || {};
    config.limit = config.limit || 1000;
    config.cameraPath = config.cameraPath || "/cameras/";
    var CameraMarker = defineLayers();
    renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    layer = L.layerGroup().addTo(map);
    titleControl().addTo(map);
    legendControl().addTo(map);
    initialView();
    writeHash();
    map.on("moveend", function () {
      writeHash();
      load(CameraMarker);
    });
    window.addEventListener("hashchange", onHashChange);
    load(CameraMarker);
  }

  function openPopup(id) {
    var marker = markers[String(id)];
    if (!marker) { return false; }
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
    markerOf: function (id) { return markers[String(id)] || null; }
  };
}());
