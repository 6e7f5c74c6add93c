/* cameramap: the scripts' translations. Pages rendered by Jinja carry them in
   <script type="application/json" id="cameramap-i18n"> (English -> the page's language); other pages
   (the map shell) call cameramapI18n.load("/i18n/<lang>.json"). cameramapI18n.t(message, values)
   takes the English message (listed in cameramap/web/script_messages.py), e.g. "Sending {count}",
   and returns its translation with {names} replaced by the values; unknown messages stay English.
   cameramapI18n.term(value) gives a vocabulary value (dome, ALPR, face_recognition, verified…)
   as words in the page's language (cameramap/web/terms.py). Use the results with textContent only. */
(function () {
  "use strict";
  var messages = {}, terms = {};
  var has = Object.prototype.hasOwnProperty;

  function take(body) {
    var loaded = (body && body.messages) || {}, words = (body && body.terms) || {};
    Object.keys(loaded).forEach(function (key) { messages[key] = loaded[key]; });
    Object.keys(words).forEach(function (key) { terms[key] = words[key]; });
  }

  var node = document.getElementById("cameramap-i18n");
  if (node) {
    try { take(JSON.parse(node.textContent)); } catch (error) { /* English it is */ }
  }

  function t(message, values) {
    var text = has.call(messages, message) && messages[message] ? messages[message] : message;
    if (!values) { return text; }
    return text.replace(/\{(\w+)\}/g, function (all, name) { return has.call(values, name) ? String(values[name]) : all; });
  }

  function term(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return has.call(terms, text) && terms[text] ? terms[text] : text.replace(/_/g, " ");
  }

  /* Resolves (never rejects) once the catalogue is in; strings stay English if it cannot be had. */
  function load(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (body) { take(body); return t; })
      .catch(function () { return t; });
  }

  window.cameramapI18n = { t: t, term: term, load: load, lang: document.documentElement.lang || "en" };
})();
