/* cameramap map: a camera's details, built node by node from its full record (/api/v1/cameras/<id>),
 * shown in the details panel. No HTML string is ever built from data. In embed mode every link opens
 * a new tab (the embedding site's frame must not navigate to our pages, which forbid framing). */
import { t, term } from "./i18n.js";
import { el } from "./mapkit.js";
import { voiceBox } from "./map-voice.js";

let newTab = false;

/* Links open a new tab from now on (embed mode). */
export function linksInNewTab(on) { newTab = !!on; }

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

/* A link to one of our pages: a new tab in embed mode. */
export function pageLink(href, text, className) {
  var a = el("a", className, text);
  a.href = href;
  if (newTab) { a.target = "_blank"; a.rel = "noopener"; }
  return a;
}

/* A vocabulary value as words in the page's language. */
function words(value) {
  return term(value);
}

function row(list, label, value) {
  if (value === undefined || value === null || value === "") { return; }
  list.appendChild(el("dt", null, label));
  list.appendChild(el("dd", null, value));
}

function directionText(p) {
  if (!p.camera_direction) { return null; }
  var text = p.camera_direction + "°";
  if (Array.isArray(p.bearings) && p.bearings.some(function (b) { return b.width > 0; })) {
    return t("{direction} (sector)", { direction: text });
  }
  return text;
}

/* Where our pages are (the shell's settings; defaults for pages that do not say). */
var paths = { operator: "/operators/", about: "/about", map: "/" };

export function setPaths(next) {
  Object.keys(next || {}).forEach(function (k) { if (next[k]) { paths[k] = next[k]; } });
}

/* The OpenStreetMap object of a source record ("node/123"), or null. */
export function osmObject(source) {
  var match = /^(node|way|relation)\/([0-9]+)$/.exec(String(source.source_id || ""));
  return source.kind === "osm" && match ? { type: match[1], id: match[2] } : null;
}

function operatorNode(operator) {
  if (!operator || !operator.name) { return null; }
  var span = el("span", "cm-operator");
  if (/^[0-9]+$/.test(String(operator.id))) {
    span.appendChild(pageLink(paths.operator + operator.id, operator.name, "cm-operator-link"));
  } else {
    span.appendChild(document.createTextNode(operator.name));
  }
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
    item.appendChild(document.createTextNode(" — " + words(c.confidence || "claimed")));
    if (c.inherited) { item.appendChild(el("span", "cm-muted", " (" + t("operator-wide") + ")")); }
    var evidence = c.evidence || {};
    var text = evidence.text || (evidence.kind ? words(evidence.kind) : null);
    var href = httpUrl(evidence.url);
    if (href) {
      item.appendChild(document.createTextNode("; " + t("evidence:") + " "));
      item.appendChild(externalLink(href, text || t("link")));
    } else if (text) {
      item.appendChild(document.createTextNode("; " + t("evidence:") + " " + text));
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
    if (s.licence) { item.appendChild(document.createTextNode(" — " + t("licence {licence}", { licence: s.licence }))); }
    if (s.source_id) { item.appendChild(el("span", "cm-muted", " · " + s.source_id)); }
    if (s.missing_from_source) { item.appendChild(el("span", "cm-muted", " · " + t("no longer in source"))); }
    var osm = osmObject(s);
    if (osm) {
      var links = el("span", "cm-osm");
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(externalLink("https://www.openstreetmap.org/" + osm.type + "/" + osm.id,
        t("this {type} on OpenStreetMap", { type: osm.type })));
      links.appendChild(document.createTextNode(" · "));
      links.appendChild(externalLink("https://www.openstreetmap.org/edit?" + osm.type + "=" + osm.id,
        t("edit on OpenStreetMap")));
      item.appendChild(links);
    }
    list.appendChild(item);
  });
  return list;
}

function facts(p) {
  var list = el("dl");
  row(list, t("Type"), [p.surveillance_type, p.camera_type].filter(Boolean).map(words).join(", "));
  row(list, t("Mount"), p.camera_mount ? words(p.camera_mount) : null);
  row(list, t("Direction"), directionText(p));
  var operator = operatorNode(p.operator);
  if (operator) {
    list.appendChild(el("dt", null, t("Operator")));
    var dd = el("dd");
    dd.appendChild(operator);
    list.appendChild(dd);
  }
  row(list, t("Area"), p.surveillance_zone ? words(p.surveillance_zone) : null);
  row(list, t("Notes"), p.notes);
  return list;
}

var STATUS_NOTES = {
  reported: () => t("Someone says it is there; nobody has checked it yet."),
  confirming: () => t("Someone says it is there; visitors are confirming it, not yet enough to call it verified."),
  verified: () => t("A moderator or several independent visitors checked it."),
  disputed: () => t("Someone reported it is not there or is described wrongly; being looked at."),
  removed: () => t("The camera is gone; it stays on record.")
};

/* The status in words, what it means in one line, and where verification is explained. */
function statusNode(p, confirmed) {
  var box = el("p", "cm-status-line");
  box.appendChild(el("span", "cm-status-badge cm-status-" + (STATUS_NOTES[p.status] ? p.status : "unknown"), words(p.status)));
  var note = p.status === "reported" && confirmed ? "confirming" : p.status;
  if (STATUS_NOTES[note]) { box.appendChild(document.createTextNode(" " + STATUS_NOTES[note]() + " ")); }
  box.appendChild(pageLink(paths.about + "#verification", t("How verification works"), "cm-verification"));
  return box;
}

/* The camera's accepted photo (a path on our own server, never another host's), or null. */
function photoNode(photo) {
  if (!photo || typeof photo.url !== "string" || !/^\/(?!\/)/.test(photo.url)) { return null; }
  var figure = el("figure", "cm-photo");
  var img = el("img");
  img.src = photo.url;
  img.alt = t("Photo sent by a visitor");
  if (photo.width > 0 && photo.height > 0) { img.width = photo.width; img.height = photo.height; }
  img.decoding = "async";
  figure.appendChild(img);
  return figure;
}

export function detailContent(feature, markers, cameraPath) {
  var p = feature.properties || {};
  var kind = markers[p.marker] ? p.marker : "unknown";
  var box = el("article", "cm-popup");
  box.setAttribute("data-camera-id", String(feature.id));
  var heading = el("h2", "cm-details-heading", t(markers[kind].label));
  heading.tabIndex = -1;
  box.appendChild(heading);
  if (p.status === "removed") {
    box.appendChild(el("p", "cm-removed", p.removed_at ? t("Removed on {date}", { date: p.removed_at }) : t("Removed")));
  }
  var id = String(feature.id);
  var numeric = /^[0-9]+$/.test(id);
  if (p.nearest_street) { box.appendChild(el("p", "cm-street", p.nearest_street)); }
  var photo = photoNode(p.photo);
  if (photo) { box.appendChild(photo); }
  var line = p.status ? statusNode(p) : null;
  if (line) { box.appendChild(line); }
  if (numeric) {
    box.appendChild(voiceBox(id, p.status, function (count, status) {  // a confirmation: the line says so
      if (!line || !line.isConnected) { return; }
      var next = statusNode(Object.assign({}, p, { status }), count);
      line.replaceWith(next);
      line = next;
    }));
  }
  box.appendChild(facts(p));
  if (Array.isArray(p.capabilities) && p.capabilities.length) {
    box.appendChild(el("h3", null, t("Capabilities")));
    box.appendChild(capabilityList(p.capabilities));
  }
  if (Array.isArray(p.sources) && p.sources.length) {
    box.appendChild(el("h3", null, t("Sources")));
    box.appendChild(sourceList(p.sources));
  }
  if (numeric) {
    box.appendChild(pageLink(cameraPath + id, t("Everything we know about this camera"), "cm-more"));
  }
  return box;
}

/* The full record of camera `id`. */
export function fetchDetail(api, id) {
  return fetch(api + "/" + encodeURIComponent(id), { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(t("the server answered {status}", { status: response.status })); }
      return response.json();
    });
}
