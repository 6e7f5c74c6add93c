/* cameramap map: the list of cameras in view, and sharing — this view's link, the Atom feed of the
 * area in view ("follow this area", also as <link rel="alternate"> in the head) and the embed snippet.
 * Text only in the DOM; the snippet is shown as text, never parsed. */
import { lang, t } from "./i18n.js";
import { el } from "./mapkit.js";
import { button } from "./map-controls.js";

const LIST_MAX = 150;

/* The feed of new and removed cameras in `box` ([west, south, east, north]). */
export function feedUrl(config, box) {
  const bbox = box.map((v) => v.toFixed(4)).join(",");
  return new URL(config.feed + "?bbox=" + encodeURIComponent(bbox), window.location.href).href;
}

/* Keep <link rel="alternate" type="application/atom+xml"> pointing at the area in view. */
export function updateAlternate(href) {
  let link = document.head.querySelector("link[rel=alternate][type='application/atom+xml']");
  if (!link) {
    link = el("link");
    link.rel = "alternate";
    link.type = "application/atom+xml";
    link.title = t("New cameras in this area (Atom feed)");
    document.head.appendChild(link);
  }
  link.href = href;
}

function copyRow(panel, text, label) {
  const area = el("textarea", "cm-snippet", text);
  area.readOnly = true;
  area.rows = text.length > 80 ? 4 : 2;
  area.setAttribute("aria-label", label);
  panel.appendChild(area);
  panel.appendChild(button(t("Copy"), "cm-copy", () => {
    area.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(() => {}); }
  }));
}

/* Text for a double-quoted HTML attribute of the embed snippet. */
function attribute(text) {
  return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function renderShare(panel, pageUrl, feed) {
  panel.textContent = "";
  panel.appendChild(el("h3", null, t("Link to this view")));
  const link = new URL(pageUrl);
  link.searchParams.set("lang", lang);  // as the embed code: the link opens in the language it was shared in
  copyRow(panel, link.href, t("Link to this view"));
  panel.appendChild(el("h3", null, t("Follow this area")));
  const follow = el("p");
  const a = el("a", "cm-feed", t("New and removed cameras in this area (Atom feed)"));
  a.href = feed;
  a.type = "application/atom+xml";
  follow.appendChild(a);
  panel.appendChild(follow);
  panel.appendChild(el("h3", null, t("Embed this map")));
  const embed = new URL(pageUrl);
  embed.searchParams.set("embed", "1");
  embed.searchParams.set("lang", lang);
  const snippet = '<iframe src="' + embed.href.replace(/"/g, "%22") + '" width="640" height="480" ' +
    'style="border:0" loading="lazy" title="' + attribute(t("Surveillance camera map")) + '"></iframe>';
  copyRow(panel, snippet, t("Embed code"));
}

/* The list of what is in view: one button per camera (data-camera-id) or group. */
export function renderList(panel, entries, total) {
  const active = document.activeElement;
  const focused = panel.contains(active) && active.dataset ? active.dataset.cameraId : null;
  panel.textContent = "";
  const list = el("ul");
  entries.slice(0, LIST_MAX).forEach((entry) => {
    const item = el("li");
    const b = button(entry.text, "cm-list-item", (event) => entry.action(event.currentTarget));
    if (entry.id) { b.setAttribute("data-camera-id", entry.id); }
    item.appendChild(b);
    list.appendChild(item);
  });
  panel.appendChild(list);
  const again = focused && list.querySelector('[data-camera-id="' + CSS.escape(focused) + '"]');
  if (again) { again.focus({ preventScroll: true }); }  // the view moved: keep the keyboard's place
  if (entries.length > LIST_MAX) {
    panel.appendChild(el("p", "cm-muted", t("and {count} more; zoom in.", { count: entries.length - LIST_MAX })));
  } else if (!entries.length) {
    panel.appendChild(el("p", "cm-muted", total ? t("Zoom in to list cameras.") : t("No camera in this view.")));
  }
}
