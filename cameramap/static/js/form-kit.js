/* cameramap anonymous forms (submit.js, sighting.js): the parts both have — the script-only controls,
   the typed coordinates and the map click, "use my location", the address look-up's request, and the
   photo uploaded first (cleaned on the server) with its preview. Text enters the page as textContent. */
import { t } from "./i18n.js";

/* `value` as the text of the element `id`, if the page has one. */
export function say(id, value) { const node = document.getElementById(id); if (node) { node.textContent = value; } }

/* The position typed in the form ("60,17": a decimal comma), or null when it is not a place. */
export function typedPoint(el) {
  const lat = parseFloat(el.lat.value.replace(",", ".")), lon = parseFloat(el.lon.value.replace(",", "."));
  return isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? L.latLng(lat, lon) : null;
}

/* The controls that need this script, shown. */
export function showScripted() {
  document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });
}

/* A click on `map` or typed coordinates call `place(latlng, zoom)`. */
export function placeOnMap(form, map, place, minZoom) {
  const el = form.elements;
  map.on("click", function (event) { place(event.latlng); });
  [el.lat, el.lon].forEach(function (input) {
    input.addEventListener("change", function () {
      const p = typedPoint(el);
      if (p) { place(p, Math.max(map.getZoom(), minZoom)); }
    });
  });
}

/* "Use my location": asked only when the visitor presses the button; `place(latlng)` puts the pin there. */
export function myLocation(place) {
  document.getElementById("my-location").addEventListener("click", function () {
    if (!navigator.geolocation) { say("geocode-status", t("Your browser cannot tell where you are.")); return; }
    say("geocode-status", t("Looking…"));
    navigator.geolocation.getCurrentPosition(function (position) {
      place(L.latLng(position.coords.latitude, position.coords.longitude));
      say("geocode-status", t("Your location, to about {metres} m: check the pin and drag it if needed.",
        { metres: Math.round(position.coords.accuracy) }));
    }, function () { say("geocode-status", t("Could not find where you are.")); },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
}

/* Address look-up through the server's geocoder: `answer(response, query)` reads what it says. */
export function addressSearch(form, answer) {
  document.getElementById("locate-button").addEventListener("click", function (event) {
    event.preventDefault();
    const query = form.elements.address.value.trim();
    if (!query) { say("geocode-status", t("Type an address or a place first.")); return; }
    say("geocode-status", t("Looking…"));
    fetch(form.dataset.geocodeUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return answer(response, query); })
      .catch(function () { say("geocode-status", t("Address search failed; click the map instead.")); });
  });
}

/* The geocoder's place, if it found one: said, and handed to `place(latlng)`. */
export function foundPlace(body, query, place) {
  if (!body || body.status !== "ok" || !isFinite(body.lat)) { return false; }
  say("geocode-status", t("Found: {label}. Check the pin, drag it if needed.", { label: body.label || query }));
  place(L.latLng(body.lat, body.lon));
  return true;
}

/* The photo goes first to the server, which removes its hidden data; the form keeps its token.
   `attached(body)` follows when the server took it. */
export function uploadPhoto(form, attached) {
  const el = form.elements;
  el.photo.addEventListener("change", function () {
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
        preview(file);
        if (attached) { attached(answer.body); }
      })
      .catch(function () { say("photo-status", t("The photo could not be uploaded.")); });
  });
}

function preview(file) {
  const reader = new FileReader(), image = document.getElementById("photo-preview");
  reader.onload = function () { image.src = reader.result; image.hidden = false; };
  reader.readAsDataURL(file);
  document.getElementById("photo-attached").hidden = false;
}

/* Remove the photo: forget its token (`forget()` clears what else the form keeps of it). */
export function removePhoto(form, forget) {
  const el = form.elements;
  document.getElementById("remove-photo").addEventListener("click", function (event) {
    event.preventDefault();
    el.photo_token.value = ""; el.photo.value = "";
    if (forget) { forget(); }
    document.getElementById("photo-preview").hidden = true;
    document.getElementById("photo-attached").hidden = true;
    say("photo-status", t("The photo was removed."));
    el.photo.focus();
  });
}
