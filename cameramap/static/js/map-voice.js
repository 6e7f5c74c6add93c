/* cameramap map: "I saw it too" and "report a change" inside a camera's details panel. Each solves the
 * proof of work (pow-form.js), posts to the JSON API (/api/v1/cameras/<id>/confirmations or /reports)
 * and says how it went in a status line. Text only in the DOM. */
import { t, tn } from "./i18n.js";
import { el } from "./mapkit.js";
import { solve } from "./pow-form.js";

const REPORT_KINDS = {
  gone: () => t("The camera is gone"),
  wrong_direction: () => t("It points in another direction"),
  wrong_operator: () => t("Another organisation operates it"),
  other: () => t("Something else is wrong")
};

let where = { api: "/api/v1/cameras", challenge: "/api/v1/challenge", worker: "/static/js/pow-worker.js" };

/* Where the API, the challenge and the proof-of-work worker are (the map's settings). */
export function setVoicePaths(next) {
  Object.keys(next || {}).forEach((k) => { if (next[k]) { where[k] = next[k]; } });
}

function button(text, className) {
  const b = el("button", className, text);
  b.type = "button";
  return b;
}

/* Solve, then POST `body` to the camera's `what` (confirmations|reports); resolves the JSON answer. */
function send(id, what, body) {
  return solve(where.challenge, where.worker).then((payload) => fetch(
    where.api + "/" + encodeURIComponent(id) + "/" + what,
    { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Altcha": payload } }
  )).then((response) => response.json().catch(() => ({})).then((answer) => {
    if (response.ok) { return answer; }
    const error = new Error(answer.message || t("the server answered {status}", { status: response.status }));
    error.code = answer.error;
    throw error;
  }));
}

/* Run `work` with `controls` disabled, saying what happens in `status`. */
function sending(status, controls, work, success) {
  controls.forEach((c) => { c.disabled = true; });
  status.classList.remove("cm-error");
  status.textContent = t("Checking you are not a robot (a few seconds)…");
  const enable = () => controls.forEach((c) => { c.disabled = false; });
  return work().then((answer) => { enable(); status.textContent = success(answer); }, (error) => {
    enable();
    status.classList.add("cm-error");
    status.textContent = error.code === "already_confirmed" ? t("You have already confirmed this camera.")
      : t("Could not send: {error}", { error: error.message });
  });
}

function reportForm(id, status, opener) {
  const form = el("form", "cm-report-form");
  form.id = "cm-report-" + id;
  form.hidden = true;
  const kind = el("select");
  kind.name = "kind";
  kind.id = form.id + "-kind";
  Object.keys(REPORT_KINDS).forEach((k) => { const o = el("option", null, REPORT_KINDS[k]()); o.value = k; kind.appendChild(o); });
  const text = el("textarea");
  text.name = "text";
  text.id = form.id + "-text";
  text.rows = 2;
  text.maxLength = 1000;
  const kindLabel = el("label", null, t("What is wrong?"));
  kindLabel.htmlFor = kind.id;
  const textLabel = el("label", null, t("Details (optional)"));
  textLabel.htmlFor = text.id;
  const submit = el("button", "cm-report-send", t("Send report"));
  submit.type = "submit";
  form.append(kindLabel, kind, textLabel, text, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sending(status, [submit, opener], () => send(id, "reports", { kind: kind.value, text: text.value }), () => {
      form.hidden = true;
      opener.setAttribute("aria-expanded", "false");
      text.value = "";
      opener.focus();
      return t("Thank you: a moderator will look at your report.");
    });
  });
  return form;
}

/* The camera's status as the server has it now (a confirmation may have verified it), or null. */
function currentStatus(id) {
  return fetch(where.api + "/" + encodeURIComponent(id), { headers: { Accept: "application/geo+json" },
    credentials: "same-origin", cache: "no-store" })
    .then((response) => (response.ok ? response.json() : null))
    .then((feature) => (feature && feature.properties && feature.properties.status) || null, () => null);
}

/* The buttons (and the report form they open) for camera `id`; none but the report for a removed one.
 * After a confirmation, `onConfirmed(count, status)` gets the count and the camera's status now. */
export function voiceBox(id, status, onConfirmed) {
  const box = el("div", "cm-voice");
  const buttons = el("p", "cm-actions");
  const line = el("p", "cm-voice-status");
  line.setAttribute("role", "status");
  if (status !== "removed") {
    const saw = button(t("I saw it too"), "cm-action cm-saw");
    saw.addEventListener("click", () => sending(line, [saw], () => send(id, "confirmations", {}), (answer) => {
      const count = Number(answer.confirmations) || 1;
      if (onConfirmed) { currentStatus(id).then((now) => onConfirmed(count, now || status)); }
      return tn("Thank you: {count} independent confirmation so far.",
        "Thank you: {count} independent confirmations so far.", count);
    }));
    buttons.appendChild(saw);
  }
  const report = button(t("Report a change"), "cm-action cm-report");
  report.setAttribute("aria-expanded", "false");
  const form = reportForm(id, line, report);
  report.setAttribute("aria-controls", form.id);
  report.addEventListener("click", () => {
    form.hidden = !form.hidden;
    report.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) { form.elements.kind.focus(); }
  });
  buttons.appendChild(report);
  box.append(buttons, form, line);
  return box;
}
