/* cameramap map: the deployments layer's time control — now, today, this week, upcoming or a date
 * range — and the RFC 3339 `datetime` parameter each choice asks the API for (browser's local days). */
import { t } from "./i18n.js";
import { el } from "./mapkit.js";

export const CHOICES = ["now", "today", "week", "upcoming", "range"];
const LABELS = {
  now: "Active now", today: "Today", week: "This week", upcoming: "Upcoming", range: "Date range"
};

function startOfDay(date) {
  const day = new Date(date.getTime());
  day.setHours(0, 0, 0, 0);
  return day;
}

function addDays(date, days) {
  const next = new Date(date.getTime());
  next.setDate(next.getDate() + days);
  return next;
}

/* A <input type=date> value (yyyy-mm-dd) as the local midnight it names, or null. */
function localDay(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/* The `datetime` value for a choice at `now` (an RFC 3339 instant or interval), or null when a date
 * range is incomplete or inverted. The week runs Monday to Sunday. */
export function datetimeParam(choice, now, from, to) {
  const iso = (d) => d.toISOString();
  if (choice === "now") { return iso(now); }
  if (choice === "upcoming") { return iso(now) + "/.."; }
  const today = startOfDay(now);
  if (choice === "today") { return iso(today) + "/" + iso(new Date(addDays(today, 1).getTime() - 1)); }
  if (choice === "week") {
    const monday = addDays(today, -((today.getDay() + 6) % 7));
    return iso(monday) + "/" + iso(new Date(addDays(monday, 7).getTime() - 1));
  }
  const first = localDay(from), last = localDay(to);
  if (!first || !last || last < first) { return null; }
  return iso(first) + "/" + iso(new Date(addDays(last, 1).getTime() - 1));
}

function dateField(label, name) {
  const wrap = el("label", "cm-dep-date");
  wrap.appendChild(document.createTextNode(t(label) + " "));
  const input = el("input");
  input.type = "date";
  input.name = name;
  wrap.appendChild(input);
  return { wrap, input };
}

/* On a phone, the time choice folds behind a button naming it (the layer's switch and the count stay
 * in view): a disclosure button, Enter or Space opens it. Hidden by CSS on wider screens. */
function foldButton(options) {
  const more = el("button", "cm-dep-more");
  more.type = "button";
  more.setAttribute("aria-expanded", "false");
  more.setAttribute("aria-controls", options.id);
  const chosen = el("span", "cm-dep-chosen");
  const arrow = el("span", "cm-dep-arrow", "▾");
  arrow.setAttribute("aria-hidden", "true");
  more.append(el("span", "cm-visually-hidden", t("When") + ": "), chosen, arrow);
  more.addEventListener("click", () => {
    const open = more.getAttribute("aria-expanded") !== "true";
    more.setAttribute("aria-expanded", String(open));
    arrow.textContent = open ? "▴" : "▾";
  });
  return { more, name: (choice) => { chosen.textContent = t(LABELS[choice]); } };
}

function whenField(initial) {
  const when = el("label", "cm-dep-when");
  when.appendChild(document.createTextNode(t("When") + " "));
  const select = el("select");
  select.name = "when";
  CHOICES.forEach((choice) => {
    const option = el("option", null, t(LABELS[choice]));
    option.value = choice;
    select.appendChild(option);
  });
  select.value = initial.choice || "now";
  when.appendChild(select);
  return { when, select };
}

/* The control's form: a switch for the layer, the time choice and the range's two dates. `onChange`
 * gets {shown, choice, from, to} whenever one of them changes. */
export function timeForm(initial, onChange) {
  const form = el("form", "cm-dep-form");
  form.addEventListener("submit", (event) => event.preventDefault());
  const show = el("label", "cm-dep-show");
  const box = el("input");
  box.type = "checkbox";
  box.checked = !!initial.shown;
  // On a phone the short name stands in (it is part of the long one, the accessible name).
  const short = el("span", "cm-dep-short", t("Facial recognition vans"));
  short.setAttribute("aria-hidden", "true");
  show.append(box, el("span", "cm-dep-long", t("Show deployments (facial recognition vans)")), short);
  const { when, select } = whenField(initial);
  const from = dateField("First day", "from"), to = dateField("Last day", "to");
  const range = el("div", "cm-dep-range");
  range.append(from.wrap, to.wrap);
  const options = el("div", "cm-dep-options");
  options.id = "cm-dep-options";
  options.append(when, range);
  const fold = foldButton(options);
  const head = el("div", "cm-dep-head");
  head.append(show, fold.more);
  form.append(head, options);
  const state = () => ({ shown: box.checked, choice: select.value, from: from.input.value, to: to.input.value });
  const sync = () => {
    range.hidden = select.value !== "range";
    select.disabled = !box.checked;
    fold.name(select.value);
  };
  const changed = () => { sync(); onChange(state()); };
  [box, select, from.input, to.input].forEach((node) => node.addEventListener("change", changed));
  sync();
  return { form, state };
}
