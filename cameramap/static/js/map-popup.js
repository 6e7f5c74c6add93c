/* cameramap map: DOM helpers (text only) and the camera popup, built node by node from the full record
 * (/api/v1/cameras/<id>) fetched when the popup opens. No HTML string is ever built from data.
 * Words come from i18n.js: t(English message, {name: value}) and term(vocabulary value). */
(function () {
  "use strict";

  var parts = window.cameramapParts = window.cameramapParts || {};
  var t = function (message, values) { return window.cameramapI18n.t(message, values); };
  var term = function (value) { return window.cameramapI18n.term(value); };

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
    row(list, t("Status"), p.status ? words(p.status) : null);
    row(list, t("Notes"), p.notes);
    return list;
  }

  function popupContent(feature, markers, cameraPath) {
    var p = feature.properties || {};
    var kind = markers[p.marker] ? p.marker : "unknown";
    var box = el("article", "cm-popup");
    box.setAttribute("data-camera-id", String(feature.id));
    box.appendChild(el("h2", null, t(markers[kind].label)));
    if (p.status === "removed") {
      box.appendChild(el("p", "cm-removed", p.removed_at ? t("Removed on {date}", { date: p.removed_at }) : t("Removed")));
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
    var id = String(feature.id);
    if (/^[0-9]+$/.test(id)) {
      var more = el("a", "cm-more", t("Everything we know about this camera"));
      more.href = cameraPath + id;
      box.appendChild(more);
    }
    return box;
  }

  /* Bind a popup that shows "Loading…" and then the full record of camera `id`. */
  function bindDetailPopup(marker, id, options) {
    marker.bindPopup(function () { return el("p", "cm-loading", t("Loading…")); },
      { maxWidth: 340, minWidth: 220 });
    marker.on("popupopen", function (event) {
      var popup = event.popup;
      fetch(options.api + "/" + encodeURIComponent(id),
        { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(t("the server answered {status}", { status: response.status })); }
          return response.json();
        })
        .then(function (detail) {
          popup.setContent(popupContent(detail, options.markers, options.cameraPath));
        })
        .catch(function (error) {
          popup.setContent(el("p", "cm-error", t("Could not load this camera: {error}", { error: error.message })));
        });
    });
  }

  parts.popup = {
    el: el, words: words, t: t, httpUrl: httpUrl, popupContent: popupContent, bindDetailPopup: bindDetailPopup
  };
}());
