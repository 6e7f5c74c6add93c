/* cameramap: the scripts' translations. Pages rendered by Jinja carry them in
   <script type="application/json" id="cameramap-i18n"> (English -> the page's language); other pages
   (the map shell) call cameramapI18n.load("/i18n/<lang>.json"). t("English {name}", {name: x})
   returns the translation with the values put in; unknown messages stay English. Use the result
   with textContent only. */
(function () {
  "use strict";
  var messages = {};
  var node = document.getElementById("cameramap-i18n");
  if (node) {
    try { messages = JSON.parse(node.textContent) || {}; } catch (error) { messages = {}; }
  }
  var has = Object.prototype.hasOwnProperty;

  function t(message, values) {
    var text = has.call(messages, message) && messages[message] ? messages[message] : message;
    if (!values) { return text; }
    return text.replace(/\{(\w+)\}/g, function (all, name) { return has.call(values, name) ? String(values[name]) : all; });
  }

  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { messages: {} }; })
      .then(function (body) {
        var loaded = body.messages || {};
        Object.keys(loaded).forEach(function (key) { messages[key] = loaded[key]; });
        return t;
      })
      .catch(function () { return t; });
  }

  window.cameramapI18n = { t: t, load: load, lang: document.documentElement.lang || "en" };
})();
