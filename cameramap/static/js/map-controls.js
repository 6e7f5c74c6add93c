/* cameramap map: controls — title and status, language switch, address search, locate me, filters,
 * legend, the list of cameras in view (keyboard and screen reader friendly) and the embed snippet.
 * Text only in the DOM, in the page's language (i18n.js). */
(function () {
  "use strict";

  var parts = window.cameramapParts = window.cameramapParts || {};
  var el = function () { return parts.popup.el.apply(null, arguments); };
  var t = function (message, values) { return window.cameramapI18n.t(message, values); };
  var term = function (value) { return window.cameramapI18n.term(value); };
  var LIST_MAX = 150;

  function control(position, build) {
    var Control = L.Control.extend({
      options: { position: position },
      onAdd: function () {
        var box = build();
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Control();
  }

  function button(text, className, onClick) {
    var b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function toggle(label, panel, onOpen) {
    var b = button(label, "cm-toggle", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      b.setAttribute("aria-expanded", String(open));
      if (open && onOpen) { onOpen(); }
    });
    b.setAttribute("aria-expanded", "false");
    panel.hidden = true;
    return b;
  }

  function titleBox(config, ui) {
    var box = el("header", "cm-title leaflet-control");
    box.appendChild(el("h1", null, "cameramap"));
    box.appendChild(el("p", "cm-chrome", t("Surveillance cameras, from open data. Click one for details.")));
    var nav = el("nav", "cm-chrome");
    var api = el("a", null, "API");
    api.href = config.api;
    var sources = el("a", null, t("Data sources & licences"));
    sources.href = config.sourcesPath || "/sources";
    nav.appendChild(api);
    nav.appendChild(document.createTextNode(" · "));
    nav.appendChild(sources);
    box.appendChild(nav);
    ui.languages = languageSwitch(config);
    if (ui.languages) { box.appendChild(ui.languages); }
    ui.status = el("p", "cm-status", t("Loading cameras…"));
    ui.status.setAttribute("role", "status");
    ui.status.setAttribute("aria-live", "polite");
    box.appendChild(ui.status);
    var tools = el("div", "cm-tools cm-chrome");
    ui.filterPanel = el("form", "cm-panel cm-filters");
    ui.listPanel = el("section", "cm-panel cm-list");
    ui.sharePanel = el("section", "cm-panel cm-share");
    tools.appendChild(toggle(t("Filters"), ui.filterPanel));
    tools.appendChild(toggle(t("List"), ui.listPanel, function () { if (ui.onListOpen) { ui.onListOpen(); } }));
    tools.appendChild(toggle(t("Share / embed"), ui.sharePanel));
    box.appendChild(tools);
    box.appendChild(ui.filterPanel);
    box.appendChild(ui.listPanel);
    box.appendChild(ui.sharePanel);
    return box;
  }

  /* ---------- the language switch: this view and its filters in another language ---------- */

  function languageSwitch(config) {
    var languages = Array.isArray(config.languages) ? config.languages : [];
    if (languages.length < 2) { return null; }
    var nav = el("nav", "cm-languages cm-chrome");
    nav.setAttribute("aria-label", t("Language"));
    languages.forEach(function (pair, i) {
      if (i) { nav.appendChild(document.createTextNode(" · ")); }
      var a = el("a", null, pair[1]);
      a.lang = pair[0];
      a.hreflang = pair[0];
      a.setAttribute("data-lang", pair[0]);
      if (pair[0] === config.lang) { a.setAttribute("aria-current", "true"); }
      nav.appendChild(a);
    });
    return nav;
  }

  /* Point the switch's links at `pageUrl` (path, filters, #zoom/lat/lon) with ?lang=<code>. */
  function updateLanguageLinks(nav, pageUrl) {
    if (!nav) { return; }
    Array.prototype.forEach.call(nav.querySelectorAll("a[data-lang]"), function (a) {
      var url = new URL(pageUrl, window.location.href);
      url.searchParams.set("lang", a.getAttribute("data-lang"));
      a.href = url.pathname + url.search + url.hash;
    });
  }

  /* ---------- filters: reflected in the page's query string by map.js ---------- */

  function select(name, label, values, current) {
    var wrap = el("label", "cm-field", label + " ");
    var s = el("select");
    s.name = name;
    s.appendChild(el("option", null, t("any"))).value = "";
    values.forEach(function (v) {
      var o = el("option", null, term(v));
      o.value = v;
      o.selected = current === v;
      s.appendChild(o);
    });
    wrap.appendChild(s);
    return wrap;
  }

  function textField(name, label, current) {
    var wrap = el("label", "cm-field", label + " ");
    var input = el("input");
    input.type = "text";
    input.name = name;
    input.value = current || "";
    input.autocomplete = "off";
    wrap.appendChild(input);
    return wrap;
  }

  function buildFilters(form, config, filters, onChange) {
    var statuses = el("fieldset");
    statuses.appendChild(el("legend", null, t("Status")));
    config.statuses.forEach(function (s) {
      var label = el("label", "cm-check");
      var box = el("input");
      box.type = "checkbox";
      box.name = "status";
      box.value = s;
      box.checked = !filters.status.length || filters.status.indexOf(s) >= 0;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + term(s)));
      statuses.appendChild(label);
    });
    form.appendChild(statuses);
    form.appendChild(select("capability", t("Capability"), config.capabilities || [], filters.capability));
    form.appendChild(select("surveillance_type", t("Kind"), config.surveillanceTypes || [], filters.surveillance_type));
    form.appendChild(select("camera_type", t("Camera type"), config.cameraTypes || [], filters.camera_type));
    form.appendChild(textField("operator", t("Operator (name or id)"), filters.operator));
    form.appendChild(textField("source", t("Source (name or id)"), filters.source));
    form.addEventListener("change", function () { onChange(readFilters(form, config)); });
    form.addEventListener("submit", function (e) { e.preventDefault(); onChange(readFilters(form, config)); });
  }

  function readFilters(form, config) {
    var checked = Array.prototype.filter.call(form.querySelectorAll("input[name=status]"),
      function (b) { return b.checked; }).map(function (b) { return b.value; });
    return {
      status: checked.length === config.statuses.length ? [] : checked,
      capability: form.elements.capability.value, surveillance_type: form.elements.surveillance_type.value,
      camera_type: form.elements.camera_type.value, operator: form.elements.operator.value.trim(),
      source: form.elements.source.value.trim()
    };
  }

  /* ---------- search (the geocoder) and locate me ---------- */

  function searchBox(config, map) {
    var form = el("form", "cm-search leaflet-control cm-chrome");
    form.setAttribute("role", "search");
    var input = el("input");
    input.type = "search";
    input.placeholder = t("Search an address or place");
    input.setAttribute("aria-label", t("Search an address or place"));
    var results = el("ul", "cm-results");
    form.appendChild(input);
    form.appendChild(button(t("Search"), "cm-go", function () { form.requestSubmit(); }));
    form.appendChild(results);
    function go(c) { map.setView([c.lat, c.lon], c.precision === "city" ? 12 : 17); results.textContent = ""; }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!input.value.trim()) { return; }
      results.textContent = "";
      fetch(config.geocode + "?q=" + encodeURIComponent(input.value.trim()), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (typeof answer.lat === "number" && typeof answer.lon === "number") { go(answer); return; }
          var candidates = Array.isArray(answer.candidates) ? answer.candidates.slice(0, 5) : [];
          if (!candidates.length) { results.appendChild(el("li", "cm-muted", t("No place found."))); }
          candidates.forEach(function (c) {
            var item = el("li");
            item.appendChild(button(c.label, "cm-candidate", function () { go(c); }));
            results.appendChild(item);
          });
        })
        .catch(function () { results.appendChild(el("li", "cm-error", t("Search failed."))); });
    });
    return form;
  }

  function locateButton(map, setStatus) {
    var wrap = el("div", "cm-locate leaflet-bar leaflet-control");
    wrap.appendChild(button("◎", "cm-locate-button", function () {
      if (!navigator.geolocation) { setStatus(t("Your browser cannot tell where you are."), true); return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        map.setView([pos.coords.latitude, pos.coords.longitude], 16);
      }, function () { setStatus(t("Could not find where you are."), true); }, { timeout: 10000 });
    }));
    wrap.firstChild.setAttribute("aria-label", t("Show where I am"));
    wrap.firstChild.title = t("Show where I am");
    return wrap;
  }

  /* Leaflet's own zoom buttons, in the page's language. */
  function translateLeaflet(map) {
    [[".leaflet-control-zoom-in", t("Zoom in")], [".leaflet-control-zoom-out", t("Zoom out")]].forEach(function (pair) {
      var node = map.getContainer().querySelector(pair[0]);
      if (node) { node.title = pair[1]; node.setAttribute("aria-label", pair[1]); }
    });
  }

  /* ---------- the list of what is in view ---------- */

  function renderList(panel, entries, total) {
    panel.textContent = "";
    panel.setAttribute("aria-label", t("Cameras in this view"));
    panel.appendChild(el("h2", null, t("In this view")));
    var list = el("ul");
    entries.slice(0, LIST_MAX).forEach(function (entry) {
      var item = el("li");
      item.appendChild(button(entry.text, "cm-list-item", entry.action));
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (entries.length > LIST_MAX) {
      panel.appendChild(el("p", "cm-muted", t("and {count} more; zoom in.", { count: entries.length - LIST_MAX })));
    } else if (!entries.length) {
      panel.appendChild(el("p", "cm-muted", total ? t("Zoom in to list cameras.") : t("No camera in this view.")));
    }
  }

  /* ---------- share and embed ---------- */

  function renderShare(panel, pageUrl) {
    panel.textContent = "";
    panel.appendChild(el("h2", null, t("Embed this map")));
    var embed = new URL(pageUrl);
    embed.searchParams.set("embed", "1");
    embed.searchParams.set("lang", window.cameramapI18n.lang);
    var snippet = '<iframe src="' + embed.href.replace(/"/g, "%22") + '" width="640" height="480" ' +
      'style="border:0" loading="lazy" title="' + attribute(t("Surveillance camera map")) + '"></iframe>';
    var area = el("textarea", "cm-snippet", snippet);
    area.readOnly = true;
    area.rows = 4;
    area.setAttribute("aria-label", t("Embed code"));
    panel.appendChild(area);
    panel.appendChild(button(t("Copy"), "cm-copy", function () {
      area.select();
      if (navigator.clipboard) { navigator.clipboard.writeText(snippet).catch(function () {}); }
    }));
  }

  /* Text for a double-quoted HTML attribute of the embed snippet (which is shown as text, never parsed). */
  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function legend(layers) {
    var box = el("section", "cm-legend leaflet-control");
    box.setAttribute("aria-label", t("Legend"));
    box.appendChild(el("h2", "cm-legend-title", t("Legend")));
    var list = el("ul");
    function entry(kind, drawKind, removed, label) {
      var item = el("li");
      item.setAttribute("data-marker", kind);
      item.appendChild(swatch(layers, drawKind, removed));
      item.appendChild(el("span", null, label));
      list.appendChild(item);
    }
    Object.keys(layers.MARKERS).forEach(function (k) { entry(k, k, false, layers.label(k)); });
    entry("removed", "unknown", true, layers.removedLabel());
    box.appendChild(list);
    var cluster = el("p", "cm-legend-note");
    var dot = el("span", "cm-cluster-dot", "12");
    dot.setAttribute("aria-hidden", "true");
    cluster.appendChild(dot);
    cluster.appendChild(document.createTextNode(" " + layers.clusterLabel()));
    box.appendChild(cluster);
    box.appendChild(el("p", "cm-legend-note", t("Wedges show where a camera looks; circles, domes.")));
    return box;
  }

  function swatch(layers, kind, removed) {
    var canvas = el("canvas", "cm-swatch");
    var ratio = window.devicePixelRatio || 1;
    canvas.width = 18 * ratio;
    canvas.height = 18 * ratio;
    var ctx = canvas.getContext("2d");
    if (!ctx) { return canvas; }
    ctx.scale(ratio, ratio);
    var style = layers.markerStyle(kind, removed);
    ctx.beginPath();
    layers.tracePath(ctx, style.shape, 9, 9, layers.RADIUS);
    ctx.globalAlpha = style.fillOpacity;
    ctx.fillStyle = style.fillColor;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.weight;
    ctx.stroke();
    return canvas;
  }

  parts.controls = {
    control: control, titleBox: titleBox, updateLanguageLinks: updateLanguageLinks,
    buildFilters: buildFilters, searchBox: searchBox,
    locateButton: locateButton, translateLeaflet: translateLeaflet, renderList: renderList, renderShare: renderShare, legend: legend
  };
}());
