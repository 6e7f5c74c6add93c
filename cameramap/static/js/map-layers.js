/* cameramap map: marker shapes, view cones and cluster circles, drawn on Leaflet's canvas renderer. */
import { t } from "./i18n.js";

var MARKERS = {
  fixed: { label: "Fixed camera", color: "#2563eb", shape: "circle" },
  dome: { label: "Dome camera", color: "#0d9488", shape: "square" },
  panning: { label: "Panning (PTZ) camera", color: "#7c3aed", shape: "diamond" },
  ALPR: { label: "Licence plate reader (ALPR)", color: "#dc2626", shape: "triangle" },
  guard: { label: "Guard", color: "#ea580c", shape: "hexagon" },
  unknown: { label: "Camera, type unknown", color: "#475569", shape: "circle" }
};
/* Every capability the registry records (the Filters panel's list, in its order): a badge beside the
 * marker, graded by confidence (claimed: dashed ring; likely: solid ring; confirmed: filled), and a
 * layer button in the legend. Their names come from term(). */
var BADGES = {
  face_recognition: { symbol: "☺", color: "#be185d" },
  licence_plate_recognition: { symbol: "#", color: "#b45309" },
  ptz_zoom: { symbol: "Z", color: "#047857" },
  night_vision: { symbol: "☾", color: "#1e293b" },
  audio: { symbol: "♪", color: "#0e7490" },
  analytics: { symbol: "A", color: "#86198f" },
  central_platform_link: { symbol: "⇄", color: "#4338ca" }
};
var CONFIDENCES = ["claimed", "likely", "confirmed"];
var BADGE_RADIUS = 5.5;
var REMOVED = { label: "Removed (kept for the record)", color: "#9ca3af" };
var CLUSTER = { label: "Group of cameras (click to zoom in)", color: "#1e3a8a" };
var DEFAULT_CONE = 60;
var DEFAULT_REACH_M = 20;
var RADIUS = 6;

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

/* The English labels above are msgids (web/terms.py MARKER_LABELS, web/script_messages.py); these
 * give them in the page's language, once its catalogue is loaded. */
function label(kind) {
  return t((MARKERS[kind] || MARKERS.unknown).label);
}

function removedLabel() { return t("Removed (kept for the record)"); }

function clusterLabel() { return t("Group of cameras (click to zoom in)"); }

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

/* How far a camera sees on the ground: height / tan(tilt), else a default; in metres. */
export function reachMetres(p) {
  var h = typeof p.height === "number" ? p.height : null;
  var tilt = typeof p.camera_angle === "number" ? p.camera_angle : null;
  if (h && h > 0 && tilt && tilt > 0 && tilt < 90) {
    return Math.min(Math.max(h / Math.tan((tilt * Math.PI) / 180), 5), 80);
  }
  return DEFAULT_REACH_M;
}

function metresPerPixel(map, lat) {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (256 * Math.pow(2, map.getZoom()));
}

/* The sectors to draw: the camera's bearings, or a full circle for domes and PTZ without one. */
export function sectors(p) {
  var list = [];
  (Array.isArray(p.bearings) ? p.bearings : []).forEach(function (item) {
    /* a map view's [degrees, width] pair, or a full record's {degrees, width} */
    var b = Array.isArray(item) ? { degrees: item[0], width: item[1] } : (item || {});
    if (typeof b.degrees !== "number" || !isFinite(b.degrees)) { return; }
    var width = (typeof b.width === "number" && b.width > 0) ? Math.min(b.width, 360) : DEFAULT_CONE;
    list.push({ degrees: b.degrees, width: width });
  });
  var kind = p.camera_type || p.marker;
  if (!list.length && (kind === "dome" || kind === "panning")) {
    list.push({ degrees: 0, width: 360 });
  }
  return list;
}

function traceCones(ctx, list, x, y, length) {
  list.forEach(function (s) {
    if (s.width >= 360) { ctx.moveTo(x + length, y); ctx.arc(x, y, length, 0, Math.PI * 2); return; }
    var middle = ((s.degrees - 90) * Math.PI) / 180;
    var half = ((s.width / 2) * Math.PI) / 180;
    ctx.moveTo(x, y);
    ctx.arc(x, y, length, middle - half, middle + half, false);
    ctx.closePath();
  });
}

function drawCones(ctx, marker, p) {
  ctx.beginPath();
  traceCones(ctx, marker.options.sectors, p.x, p.y, marker._coneLength());
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

/* Where badge `i` of a marker at (x, y) sits: in a row up and to the right. */
function badgeCentre(x, y, i) {
  return { x: x + RADIUS + 4 + i * (BADGE_RADIUS * 2 + 1.5), y: y - RADIUS - 3 };
}

/* One badge: the capability's symbol in a ring (claimed: dashed, likely: solid) or a filled disc. */
function drawBadge(ctx, capability, confidence, x, y) {
  var spec = BADGES[capability];
  var filled = confidence === "confirmed";
  ctx.beginPath();
  ctx.arc(x, y, BADGE_RADIUS, 0, Math.PI * 2);
  ctx.fillStyle = filled ? spec.color : "#ffffff";
  ctx.fill();
  ctx.lineWidth = filled ? 1 : 1.6;
  ctx.strokeStyle = filled ? "#ffffff" : spec.color;
  if (ctx.setLineDash) { ctx.setLineDash(confidence === "likely" || filled ? [] : [2, 1.5]); }
  ctx.stroke();
  if (ctx.setLineDash) { ctx.setLineDash([]); }
  ctx.fillStyle = filled ? "#ffffff" : spec.color;
  ctx.font = "700 8px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(spec.symbol, x, y + 0.5);
}

/* The badges of a camera: [{capability, confidence}] for the capabilities in BADGES, strongest
 * confidence of each, in BADGES order; none for PTZ on a panning camera, whose marker says so already. */
function badgesOf(p) {
  var best = {};
  var panning = (p.camera_type || p.marker) === "panning";
  var claims = p.capabilities || [];
  if (!Array.isArray(claims)) {  /* a map view's {capability: confidence} */
    claims = Object.keys(claims).map(function (k) { return { capability: k, confidence: claims[k] }; });
  }
  claims.forEach(function (c) {
    if (!c || !BADGES[c.capability] || (panning && c.capability === "ptz_zoom")) { return; }
    var rank = CONFIDENCES.indexOf(c.confidence);
    if (rank > (best[c.capability] === undefined ? -1 : best[c.capability])) { best[c.capability] = rank; }
  });
  return Object.keys(BADGES).filter(function (k) { return best[k] !== undefined; })
    .map(function (k) { return { capability: k, confidence: CONFIDENCES[best[k]] }; });
}

function drawShare(ctx, marker, p, r) {
  var share = marker.options.share;
  if (share === null || share === undefined) { return; }
  ctx.beginPath();
  ctx.moveTo(p.x, p.y);
  ctx.arc(p.x, p.y, r, -Math.PI / 2, -Math.PI / 2 + share * Math.PI * 2, false);
  ctx.closePath();
  ctx.fillStyle = marker.options.shareColor;
  ctx.fill();
}

function drawCluster(ctx, marker, p) {
  var r = marker._radius;
  ctx.beginPath();
  ctx.arc(p.x, p.y, r + 4, 0, Math.PI * 2);
  ctx.globalAlpha = 0.25;
  ctx.fillStyle = marker.options.fillColor;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.beginPath();
  ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  ctx.fillStyle = marker.options.fillColor;
  ctx.fill();
  drawShare(ctx, marker, p, r);
  ctx.beginPath();
  ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  ctx.lineWidth = 2;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  ctx.fillStyle = "#ffffff";
  var size = r > 16 ? 13 : 11;
  ctx.font = "600 " + (marker.options.label.length > 4 ? size - 2 : size) + "px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(marker.options.label, p.x, p.y + 0.5);
}

function defineLayers() {
  L.Canvas.include({
    _updateCameraMarker: function (marker) {
      if (!this._drawing || marker._empty()) { return; }
      var ctx = this._ctx;
      var p = marker._point;
      if (marker.options.cluster) { drawCluster(ctx, marker, p); return; }
      if (marker._coneLength() > 0 && marker.options.sectors.length) { drawCones(ctx, marker, p); }
      ctx.beginPath();
      tracePath(ctx, marker.options.shape, p.x, p.y, Math.max(Math.round(marker._radius), 1));
      this._fillStroke(ctx, marker);
      marker.options.badges.forEach(function (b, i) {
        var c = badgeCentre(p.x, p.y, i);
        drawBadge(ctx, b.capability, b.confidence, c.x, c.y);
      });
    }
  });

  return L.CircleMarker.extend({
    options: { shape: "circle", sectors: [], reach: DEFAULT_REACH_M, cluster: false, label: "", badges: [],
      share: null, shareColor: "#ffffff" },
    _coneLength: function () {
      if (!this._map || this.options.cluster || this._map.getZoom() < 15) { return 0; }
      var px = this.options.reach / metresPerPixel(this._map, this._latlng.lat);
      return Math.min(Math.max(px, 12), 120);
    },
    _updateBounds: function () {
      var badges = this.options.badges.length ? RADIUS + 4 + this.options.badges.length * (BADGE_RADIUS * 2 + 1.5) : 0;
      var extent = Math.max(this._radius * 1.5 + 4, this._coneLength(), badges) + this._clickTolerance();
      var size = L.point(extent, extent);
      this._pxBounds = L.bounds(this._point.subtract(size), this._point.add(size));
    },
    _updatePath: function () {
      this._renderer._updateCameraMarker(this);
    }
  });
}

function compact(count) {
  if (count >= 1000000) { return (count / 1000000).toFixed(count >= 10000000 ? 0 : 1) + "M"; }
  if (count >= 10000) { return Math.round(count / 1000) + "k"; }
  if (count >= 1000) { return (count / 1000).toFixed(1) + "k"; }
  return String(count);
}

function pointOptions(p, renderer) {
  var options = markerStyle(p.marker, p.status === "removed");
  options.renderer = renderer;
  options.radius = RADIUS;
  options.sectors = sectors(p);
  options.reach = reachMetres(p);
  options.badges = p.status === "removed" ? [] : badgesOf(p);
  return options;
}

/* A cluster's cameras with `capability` (its per-capability counts), 0 when none or not known. */
function clusterMatches(p, capability) {
  var n = p.capabilities && typeof p.capabilities[capability] === "number" ? p.capabilities[capability] : 0;
  return Math.max(0, Math.min(n, typeof p.count === "number" ? p.count : n));
}

/* A cluster circle; with `capability` selected, the share of its cameras that have it as a wedge
 * in the capability's colour and "matching/all" as its label. */
function clusterOptions(p, renderer, capability) {
  var count = typeof p.count === "number" ? p.count : 2;
  var options = {
    renderer: renderer, cluster: true, label: compact(count), fillColor: CLUSTER.color,
    color: "#ffffff", fillOpacity: 0.9, weight: 2,
    radius: Math.min(12 + Math.log(count) / Math.LN10 * 5, 30)
  };
  if (capability && BADGES[capability]) {
    var matches = clusterMatches(p, capability);
    options.share = matches / count;
    options.shareColor = BADGES[capability].color;
    options.label = compact(matches) + "/" + compact(count);
    options.radius = Math.max(options.radius, 15);
  }
  return options;
}

/* True when a camera has `capability` (any confidence). */
function hasCapability(p, capability) {
  return badgesOf(p).some(function (b) { return b.capability === capability; });
}

export { MARKERS, BADGES, CONFIDENCES, RADIUS, label, removedLabel, clusterLabel, tracePath, markerStyle,
  defineLayers, pointOptions, clusterOptions, clusterMatches, hasCapability, badgesOf, badgeCentre, drawBadge };
