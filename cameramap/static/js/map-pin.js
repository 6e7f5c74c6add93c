/* cameramap map: the pin the search drops on its answer (an address or a place), with the answer's
 * label beside it on the map and, in the toolbar, the same label with a button that removes the pin
 * (reachable by keyboard; the label is also announced). One pin at a time; text only in the DOM. */
import { t } from "./i18n.js";
import { el } from "./mapkit.js";

const L = window.L;

/* The pin of `map`; `box` (a toolbar element) shows its label and the remove button. */
export function createPin(map) {
  let marker = null;
  let answer = null;
  const box = el("p", "cm-pin-note");
  box.setAttribute("aria-live", "polite");

  function clear(focusAfter) {
    if (marker) { marker.remove(); }
    marker = null;
    answer = null;
    box.textContent = "";
    box.dispatchEvent(new CustomEvent("cm-pin"));  // the list measures from the pin, else the centre
    if (focusAfter && typeof focusAfter.focus === "function") { focusAfter.focus(); }
  }

  function show(place, focusAfter) {
    clear();
    answer = { lat: place.lat, lon: place.lon, label: String(place.label || "") };
    const icon = L.divIcon({ className: "cm-pin", html: el("span", "cm-pin-head"), iconSize: [22, 30], iconAnchor: [11, 30] });
    marker = L.marker([place.lat, place.lon], { icon, interactive: false, keyboard: false, zIndexOffset: 1000 });
    if (answer.label) {
      marker.bindTooltip(el("span", null, answer.label),
        { permanent: true, direction: "top", offset: [0, -30], className: "cm-pin-label" });
    }
    marker.addTo(map);
    box.appendChild(el("span", "cm-pin-text", t("Pinned: {label}", { label: answer.label || t("search result") })));
    const remove = el("button", "cm-pin-remove", t("Remove pin"));
    remove.type = "button";
    remove.addEventListener("click", () => clear(focusAfter));
    box.appendChild(document.createTextNode(" "));
    box.appendChild(remove);
    box.dispatchEvent(new CustomEvent("cm-pin"));
  }

  return { box, show, clear, current: () => (answer ? Object.assign({}, answer) : null) };
}
