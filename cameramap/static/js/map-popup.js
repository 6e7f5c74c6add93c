/* cameramap map: DOM helpers (text only) and the camera popup, built node by node from the full record
 * (/api/v1/cameras/<id>) fetched when the popup opens. No HTML string is ever built from data. */
(function () {
  "use strict";

  var parts = window.cameramapParts = window.cameramapParts || {};

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

  function facts(p) {
    var list = el("dl");
    row(list, "Type", [p.surveillance_type, p.camera_type].filter(Boolean).map(words).join(", "));
    row(list, "Mount", p.camera_mount ? words(p.camera_mount) : null);
    row(list, "Direction", directionText(p));
    var operator = operatorNode(p.operator);
    if (operator) {
      list.appendChild(el("dt", null, "Operator"));
      var dd = el("dd");
      dd.appendChild(operator);
      list.appendChild(dd);
    }
    row(list, "Area", p.surveillance_zone ? words(p.surveillance_zone) : null);
    row(list, "Status", p.status);
    row(list, "Notes", p.notes);
    return list;
  }

  function popupContent(feature, markers, cameraPath) {
    var p = feature.properties || {};
    var kind = markers[p.marker] ? p.marker : "unknown";
    var box = el("article", "cm-popup");
    box.setAttribute("data-camera-id", String(feature.id));
    box.appendChild(el("h2", null, markers[kind].label));
    if (p.status === "removed") {
      box.appendChild(el("p", "cm-removed", "Removed" + (p.removed_at ? " on " + p.removed_at : "")));
    }
    box.appendChild(facts(p));
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
      more.href = cameraPath + id;
      box.appendChild(more);
    }
    return box;
  }

  /* Bind a popup that shows "Loading…" and then the full record of camera `id`. */
  function bindDetailPopup(marker, id, options) {
    marker.bindPopup(function () { return el("p", "cm-loading", "Loading…"); },
      { maxWidth: 340, minWidth: 220 });
    marker.on("popupopen", function (event) {
      var popup = event.popup;
      fetch(options.api + "/" + encodeURIComponent(id),
        { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("the server answered " + response.status); }
          return response.json();
        })
        .then(function (detail) {
          popup.setContent(popupContent(detail, options.markers, options.cameraPath));
        })
        .catch(function (error) {
          popup.setContent(el("p", "cm-error", "Could not load this camera: " + error.message));
        });
    });
  }

  parts.popup = {
    el: el, words: words, httpUrl: httpUrl, popupContent: popupContent, bindDetailPopup: bindDetailPopup
  };
}());
