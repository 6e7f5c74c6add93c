/* cameramap /submit/sighting (a module on mapkit.js and form-kit.js): "a camera van is here now". Place
   the van on a Leaflet map (click, drag, "use my location" or an address), attach a photo (cleaned on the
   server first), send the browser's time zone with the form, then solve the proof of work and send it. The
   form works without this script; data from the server enters the page through textContent only. */
import { t } from "./i18n.js";
import { createMap } from "./mapkit.js";
import { addressSearch, foundPlace, myLocation, placeOnMap, removePhoto, say, showScripted, typedPoint,
  uploadPhoto } from "./form-kit.js";
import { protect } from "./pow-form.js";

const form = document.getElementById("sighting-form");
if (form && window.L) { start(form); }

function start(form) {
  const el = form.elements;
  showScripted();
  try { el.timezone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { el.timezone.value = ""; }
  const map = createMap(document.getElementById("sighting-map"), { maxZoom: 16 }).map;
  let pin = null;

  function place(latlng, zoom) {
    el.lat.value = latlng.lat.toFixed(7); el.lon.value = latlng.lng.toFixed(7);
    if (pin) { pin.setLatLng(latlng); } else {
      pin = L.marker(latlng, { draggable: true, title: t("The van (drag to move)") }).addTo(map);
      pin.on("dragend", function () { place(pin.getLatLng()); });
    }
    if (zoom) { map.setView(latlng, zoom); }
  }
  placeOnMap(form, map, place, 16);
  myLocation(function (latlng) { place(latlng, 17); });
  addressSearch(form, function (response, query) {
    return (response.ok ? response.json() : Promise.resolve(null)).then(function (body) {
      if (!foundPlace(body, query, function (latlng) { place(latlng, 17); })) { say("geocode-status", t("No place matched.")); }
    });
  });
  uploadPhoto(form);
  removePhoto(form);
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.formNoValidate) { return; }
    if (typedPoint(el)) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    const given = el.lat.value.trim() || el.lon.value.trim();  // typed, but not a place: say what is wrong
    say("pow-status", given ? t("Latitude goes from -90 to 90 and longitude from -180 to 180: check the coordinates.")
      : t("Place the van on the map first."));
    if (given) { el.lat.focus(); }
  });
  protect(form, document.getElementById("pow-status"));
  const initial = typedPoint(el);
  if (initial) { place(initial, 16); }
  window.cameramapSighting = { map: map };
}
