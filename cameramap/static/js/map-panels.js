/* cameramap map: the panels (filters, list, share, a camera's details) in one sheet beside the map
 * (a bottom sheet on a phone, a column on a wide screen), never over a control. One panel at a time;
 * opening one moves focus into it, Escape or its close button closes it and returns focus to where it
 * came from (the toolbar button, or the list item that opened a camera's details). Also the site
 * menu button of a phone. */
import { t } from "./i18n.js";
import { el } from "./mapkit.js";

const panels = {};
let sheet = null;
let current = null;   // name of the open panel
let back = null;      // { panel, focus } to restore when the details close

function setButton(name, open) {
  const button = panels[name] && panels[name].button;
  if (button) { button.setAttribute("aria-expanded", String(open)); }
}

function focusInto(name) {
  const heading = panels[name].section.querySelector(".cm-details-heading") || panels[name].heading;
  heading.focus({ preventScroll: true });
}

/* The sheet inside `stage` (after the map, so the map shrinks to make room). */
export function createSheet(stage) {
  sheet = el("div", "cm-sheet");
  sheet.hidden = true;
  stage.appendChild(sheet);
  document.addEventListener("keydown", onKey);
  return sheet;
}

/* A panel with a heading and a close button; `button` (a toolbar toggle) opens and closes it. */
export function addPanel(name, title, button) {
  const section = el("section", "cm-panel cm-panel-" + name);
  section.id = "cm-panel-" + name;
  section.hidden = true;
  const head = el("div", "cm-panel-head");
  const heading = el("h2", null, title);
  heading.id = section.id + "-title";
  heading.tabIndex = -1;
  section.setAttribute("aria-labelledby", heading.id);
  const close = el("button", "cm-close", "×");
  close.type = "button";
  close.setAttribute("aria-label", t("Close"));
  close.title = t("Close");
  close.addEventListener("click", () => closePanel(name, true));
  head.appendChild(heading);
  head.appendChild(close);
  const body = el("div", "cm-panel-body");
  section.appendChild(head);
  section.appendChild(body);
  sheet.appendChild(section);
  panels[name] = { section, heading, body, button, onOpen: null, onClose: null };
  if (button) {
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", section.id);
    button.addEventListener("click", () => (current === name ? closePanel(name, true) : openPanel(name)));
  }
  return panels[name];
}

/* The sheet opened or closed: a "cm-sheet" event on the document ({ detail: { open } }), for the legend. */
function announce(open) {
  document.dispatchEvent(new CustomEvent("cm-sheet", { detail: { open } }));
}

export function isOpen(name) { return current === name; }

/* Close whichever panel is open, remembering none (on a phone the legend takes the room). */
export function closeAll() {
  back = null;
  if (current) { closePanel(current, false); }
}

/* Open panel `name`; `opener` gets focus back when it closes (the details remember the panel too). */
export function openPanel(name, opener, focus = true) {
  if (name !== "details") { back = null; }
  if (current && current !== name) {
    if (name === "details" && current !== "details") { back = { panel: current, focus: opener || null }; }
    hide(current);
  } else if (name === "details" && current !== "details") {
    back = { panel: null, focus: opener || document.activeElement };
  }
  const panel = panels[name];
  panel.section.hidden = false;
  if (sheet.hidden) { announce(true); }
  sheet.hidden = false;
  document.documentElement.classList.add("cm-sheet-open");
  current = name;
  setButton(name, true);
  if (panel.onOpen) { panel.onOpen(); }
  if (focus) { focusInto(name); }
}

function hide(name) {
  panels[name].section.hidden = true;
  setButton(name, false);
  if (panels[name].onClose) { panels[name].onClose(); }
  if (current === name) { current = null; }
}

/* Close panel `name`; with `restore`, focus goes back where it came from. */
export function closePanel(name, restore) {
  if (current !== name) { return; }
  hide(name);
  let target = panels[name].button;
  if (name === "details" && back) {
    const saved = back;
    back = null;
    if (saved.panel) { openPanel(saved.panel, null, false); }
    target = saved.focus && saved.focus.isConnected ? saved.focus : again(saved);
  }
  if (!current) {
    sheet.hidden = true;
    document.documentElement.classList.remove("cm-sheet-open");
    announce(false);
  }
  if (restore && target && typeof target.focus === "function") { target.focus({ preventScroll: true }); }
}

/* The opener of the details after its panel was drawn again: the same camera's item, else the heading. */
function again(saved) {
  if (!saved.panel) { return null; }
  const id = saved.focus && saved.focus.dataset ? saved.focus.dataset.cameraId : null;
  const section = panels[saved.panel].section;
  return (id && section.querySelector('[data-camera-id="' + CSS.escape(id) + '"]')) || panels[saved.panel].heading;
}

function onKey(event) {
  if (event.key !== "Escape" || event.defaultPrevented) { return; }
  if (closeMenu(true)) { event.preventDefault(); return; }
  if (current) {
    event.preventDefault();
    closePanel(current, true);
  }
}

/* ---------- the site menu on a phone ---------- */

let menuButton = null;

function closeMenu(restore) {
  if (!menuButton || menuButton.getAttribute("aria-expanded") !== "true") { return false; }
  menuButton.setAttribute("aria-expanded", "false");
  document.documentElement.classList.remove("cm-menu-open");
  if (restore) { menuButton.focus(); }
  return true;
}

/* The menu button of the site bar (if the page has one) shows and hides the site's links. */
export function siteMenu() {
  menuButton = document.querySelector(".cm-menu-button");
  if (!menuButton) { return; }
  menuButton.hidden = false;
  menuButton.addEventListener("click", () => {
    const open = menuButton.getAttribute("aria-expanded") !== "true";
    menuButton.setAttribute("aria-expanded", String(open));
    document.documentElement.classList.toggle("cm-menu-open", open);
  });
}
