/* cameramap /submit/sighting (a module on mapkit.js): "a camera van is here now". Place the van on a
   Leaflet map (click, drag, "use my location" or an address), attach a photo (cleaned on the server
   first), send the browser's time zone with the form, then solve the proof of work and send it. The
   form works without this script; data from the server enters the page through textContent only. */
import { t } from "./i18n.js";
import { createMap } from "./mapkit.js";
import { protect } from "./pow-form.js";

const form = document.getElementById("sighting-form");
if (form && window.L) { start(form); }

function say(id, value) { const node = document.getElementById(id); if (node) { node.textContent = value; } }

function start(form) {
  const el = form.elements;
  document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
  try { el.timezone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { el.timezone.value = ""; }
  const map = createMap(document.getElementById("sighting-map"), { maxZoom: 16 }).map;
  let pin = null;

  function typed() {
    const lat = parseFloat(el.lat.value.replace(",", ".")), lon = parseFloat(el.lon.value.replace(",", "."));  // "60,17": a decimal comma
    return isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? L.latLng(lat, lon) : null;
  }
  function place(latlng, zoom) {
    el.lat.value = latlng.lat.toFixed(7); el.lon.value = latlng.lng.toFixed(7);
    if (pin) { pin.setLatLng(latlng); } else {
      pin = L.marker(latlng, { draggable: true, title: t("The van (drag to move)") }).addTo(map);
      pin.on("dragend", function () { place(pin.getLatLng()); });
    }
    if (zoom) { map.setView(latlng, zoom); }
  }
  map.on("click", function (event) { place(event.latlng); });
  [el.lat, el.lon].forEach(function (input) {
    input.addEventListener("change", function () { const p = typed(); if (p) { place(p, Math.max(map.getZoom(), 16)); } });
  });

  document.getElementById("my-location").addEventListener("click", function () {
    if (!navigator.geolocation) { say("geocode-status", t("Your browser cannot tell where you are.")); return; }
    say("geocode-status", t("Looking…"));
    navigator.geolocation.getCurrentPosition(function (position) {
      place(L.latLng(position.coords.latitude, position.coords.longitude), 17);
      say("geocode-status", t("Your location, to about {metres} m: check the pin and drag it if needed.",
        { metres: Math.round(position.coords.accuracy) }));
    }, function () { say("geocode-status", t("Could not find where you are.")); },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  document.getElementById("locate-button").addEventListener("click", function (event) {
    event.preventDefault();
    const query = el.address.value.trim();
    if (!query) { say("geocode-status", t("Type an address or a place first.")); return; }
    say("geocode-status", t("Looking…"));
    fetch(form.dataset.geocodeUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && body.status === "ok" && isFinite(body.lat)) {
          say("geocode-status", t("Found: {label}. Check the pin, drag it if needed.", { label: body.label || query }));
          place(L.latLng(body.lat, body.lon), 17);
        } else { say("geocode-status", t("No place matched.")); }
      })
      .catch(function () { say("geocode-status", t("Address search failed; click the map instead.")); });
  });

  el.photo.addEventListener("change", function () { upload(form, el); });
  document.getElementById("remove-photo").addEventListener("click", function (event) {
    event.preventDefault();
    el.photo_token.value = ""; el.photo.value = "";
    document.getElementById("photo-preview").hidden = true;
    document.getElementById("photo-attached").hidden = true;
    say("photo-status", t("The photo was removed."));
    el.photo.focus();
  });

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.formNoValidate) { return; }
    if (typed()) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    const given = el.lat.value.trim() || el.lon.value.trim();  // typed, but not a place: say what is wrong
    say("pow-status", given ? t("Latitude goes from -90 to 90 and longitude from -180 to 180: check the coordinates.")
      : t("Place the van on the map first."));
    if (given) { el.lat.focus(); }
  });
  protect(form, document.getElementById("pow-status"));
  const initial = typed();
  if (initial) { place(initial, 16); }
  window.cameramapSighting = { map: map };
}

/* The photo goes first to the server, which removes its hidden data; the form keeps its token. */
function upload(form, el) {
  const file = el.photo.files && el.photo.files[0];
  if (!file) { return; }
  const data = new FormData();
  data.append("photo", file);
  say("photo-status", t("Uploading and removing hidden data…"));
  fetch(form.dataset.photoUrl, { method: "POST", body: data, credentials: "same-origin",
    headers: { "X-CSRFToken": el.csrf_token.value, Accept: "application/json" } })
    .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
    .then(function (answer) {
      el.photo.value = "";
      if (!answer.ok) { say("photo-status", answer.body.message || t("The photo was not accepted.")); return; }
      el.photo_token.value = answer.body.photo_token;
      say("photo-status", t("Photo attached ({width}×{height}, hidden data removed).", { width: answer.body.width, height: answer.body.height }));
      const image = document.getElementById("photo-preview"), reader = new FileReader();
      reader.onload = function () { image.src = reader.result; image.hidden = false; };
      reader.readAsDataURL(file);
      document.getElementById("photo-attached").hidden = false;
    })
    .catch(function () { say("photo-status", t("The photo could not be uploaded.")); });
}
