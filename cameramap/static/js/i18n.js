/* cameramap: the scripts' translations (an ES module). Pages rendered by Jinja carry them in
   <script type="application/json" id="cameramap-i18n"> (English -> the page's language); the map shell
   calls load("/i18n/<lang>.json"). t(message, values) takes the English message (listed in
   cameramap/web/script_messages.py), e.g. "Sending {count}", and returns its translation with {names}
   replaced by the values; unknown messages stay English. tn(singular, plural, count, values) picks the
   plural form for `count` in the page's language with Intl.PluralRules (Russian has three).
   term(value) gives a vocabulary value (dome, ALPR, face_recognition, verified…) as words in the page's
   language (cameramap/web/terms.py). Use the results with textContent only. */

const messages = {};
const terms = {};
const plurals = {};
const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

export const lang = document.documentElement.lang || "en";
const rules = new Intl.PluralRules(lang);

function take(body) {
  Object.assign(messages, (body && body.messages) || {});
  Object.assign(terms, (body && body.terms) || {});
  Object.assign(plurals, (body && body.plurals) || {});
}

const node = document.getElementById("cameramap-i18n");
if (node) {
  try { take(JSON.parse(node.textContent)); } catch { /* English it is */ }
}

function fill(text, values) {
  if (!values) { return text; }
  return text.replace(/\{(\w+)\}/g, (all, name) => (has(values, name) ? String(values[name]) : all));
}

export function t(message, values) {
  return fill(has(messages, message) && messages[message] ? messages[message] : message, values);
}

/* The form of `singular`/`plural` for `count` ({count} in the text is the number). */
export function tn(singular, plural, count, values) {
  const forms = has(plurals, singular) ? plurals[singular] : null;
  const category = rules.select(count);
  const english = count === 1 ? singular : plural;
  const text = forms ? (forms[category] || forms.many || forms.other || english) : english;
  return fill(text, Object.assign({ count: count }, values || {}));
}

export function term(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return has(terms, text) && terms[text] ? terms[text] : text.replace(/_/g, " ");
}

/* Resolves (never rejects) once the catalogue is in; strings stay English if it cannot be had. */
export function load(url) {
  return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : {}))
    .then((body) => { take(body); return t; })
    .catch(() => t);
}

// For classic scripts that still look for it.
window.cameramapI18n = { t, tn, term, load, lang };
