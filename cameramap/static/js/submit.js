/* cameramap /submit (a module on mapkit.js): place the camera on a Leaflet map (click or drag), set its
   direction with an arrow, look up an address, upload a photo first (its position is offered, never
   applied silently), show cameras within 50 m, then solve the proof of work and send the form. Data
   from the server enters the page through textContent only. */
import { t, term } from "./i18n.js";
import { createMap } from "./mapkit.js";
import { protect } from "./pow-form.js";

const form = document.getElementById("submit-form");
if (form && window.L) { start(form); }

function start(form) {
  var el = form.elements;
  var ARROW_PX = 70;

  document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });

  var map = createMap(document.getElementById("submit-map"), { maxZoom: 16 }).map;
  var pin = null, handle = null, line = null;
  var nearbyLayer = L.layerGroup().addTo(map);

  function text(id, value) { var node = document.getElementById(id); if (node) { node.textContent = value; } }
  function fixed(value) { return Number(value).toFixed(7); }
  function currentPoint() {
    var lat = parseFloat(el.lat.value.replace(",", ".")), lon = parseFloat(el.lon.value.replace(",", "."));  // "60,17": a decimal comma
    return isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? L.latLng(lat, lon) : null;
  }

  function bearing(from, to) {
    var a = map.latLngToLayerPoint(from), b = map.latLngToLayerPoint(to);
    var degrees = Math.atan2(b.x - a.x, a.y - b.y) * 180 / Math.PI;
    return Math.round((degrees + 360) % 360);
  }

  function placeHandle() {
    if (!pin) { return; }
    var degrees = parseFloat(el.camera_direction.value);
    var origin = map.latLngToLayerPoint(pin.getLatLng());
    var angle = (isFinite(degrees) ? degrees : 0) * Math.PI / 180;
    var end = map.layerPointToLatLng(L.point(origin.x + ARROW_PX * Math.sin(angle), origin.y - ARROW_PX * Math.cos(angle)));
    if (!handle) {
      handle = L.marker(end, { draggable: true, keyboard: false, title: t("Drag to set the direction"),
        icon: L.divIcon({ className: "direction-handle", iconSize: [22, 22] }) }).addTo(map);
      handle.on("drag", function () { el.camera_direction.value = bearing(pin.getLatLng(), handle.getLatLng()); drawLine(); });
      handle.on("dragend", placeHandle);
    } else {
      handle.setLatLng(end);
    }
    handle.setOpacity(isFinite(degrees) ? 1 : 0.55);
    drawLine();
  }

  function drawLine() {
    if (!pin || !handle) { return; }
    var points = [pin.getLatLng(), handle.getLatLng()];
    if (!line) { line = L.polyline(points, { color: "#b91c1c", weight: 3, dashArray: "6 4" }).addTo(map); }
    else { line.setLatLngs(points); }
  }

  function setPoint(latlng, zoom) {
    el.lat.value = fixed(latlng.lat);
    el.lon.value = fixed(latlng.lng);
    if (!pin) {
      pin = L.marker(latlng, { draggable: true, title: t("The camera (drag to move)") }).addTo(map);
      pin.on("dragend", function () { setPoint(pin.getLatLng()); });
      pin.on("drag", placeHandle);
    } else {
      pin.setLatLng(latlng);
    }
    if (zoom) { map.setView(latlng, zoom); }
    placeHandle();
    loadNearby(latlng);
  }

  map.on("click", function (event) { setPoint(event.latlng); });
  map.on("zoomend", placeHandle);
  [el.lat, el.lon].forEach(function (input) {
    input.addEventListener("change", function () { var p = currentPoint(); if (p) { setPoint(p, Math.max(map.getZoom(), 17)); } });
  });
  el.camera_direction.addEventListener("input", placeHandle);

  /* Cameras within 50 m: "is it one of these?" */
  function loadNearby(latlng) {
    var url = form.dataset.nearbyUrl + "?lat=" + encodeURIComponent(fixed(latlng.lat)) + "&lon=" + encodeURIComponent(fixed(latlng.lng));
    fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.ok ? r.json() : { cameras: [] }; })
      .then(function (body) { showNearby(body.cameras || []); })
      .catch(function () { showNearby([]); });
  }

  /* The cameras within 50 m, drawn on the map too: a numbered dot each (its id in the tooltip). */
  function drawNearby(cameras) {
    nearbyLayer.clearLayers();
    cameras.forEach(function (camera) {
      if (typeof camera.lat !== "number" || typeof camera.lon !== "number") { return; }
      var dot = L.circleMarker([camera.lat, camera.lon], {
        radius: 7, color: "#ffffff", weight: 2, fillColor: camera.status === "removed" ? "#9ca3af" : "#7c3aed",
        fillOpacity: 0.95, className: "nearby-camera", interactive: true
      });
      dot.bindTooltip(t("Camera {id}: {what}, {distance} m away", {
        id: camera.id, what: term(camera.camera_type || camera.surveillance_type || "camera"),
        distance: Math.round(camera.distance_m)
      }));
      dot.cameraId = String(camera.id);
      nearbyLayer.addLayer(dot);
    });
  }

  function showNearby(cameras) {
    drawNearby(cameras);
    var box = document.getElementById("nearby"), list = document.getElementById("nearby-list");
    var fallback = document.getElementById("same-as-default");
    list.replaceChildren();
    cameras.forEach(function (camera) {
      var item = document.createElement("li"), label = document.createElement("label"), radio = document.createElement("input");
      radio.type = "radio"; radio.name = "same_as"; radio.value = camera.id;
      label.appendChild(radio);
      var what = term(camera.camera_type || camera.surveillance_type || "camera");
      var words = " " + t("Camera {id}: {what}, {distance} m away", { id: camera.id, what: what, distance: Math.round(camera.distance_m) });
      if (camera.operator) { words += ", " + camera.operator; }
      label.appendChild(document.createTextNode(words));
      var link = document.createElement("a");
      link.href = form.dataset.cameraUrl + encodeURIComponent(camera.id); link.target = "_blank"; link.rel = "noopener";
      link.textContent = t("view");
      item.appendChild(label); item.appendChild(document.createTextNode(" ")); item.appendChild(link);
      list.appendChild(item);
    });
    box.querySelectorAll("input[value='new']").forEach(function (r) { r.checked = false; });
    box.hidden = cameras.length === 0;
    if (fallback) { fallback.disabled = cameras.length > 0; }
  }

  /* Address look-up through the server's geocoder, if it has one. */
  document.getElementById("locate-button").addEventListener("click", function (event) {
    event.preventDefault();
    var query = el.address.value.trim();
    if (!query) { text("geocode-status", t("Type an address or a place first.")); return; }
    text("geocode-status", t("Looking…"));
    fetch(form.dataset.geocodeUrl + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404 || response.status === 405) {
          text("geocode-status", t("Address search is not available on this server; click the map or type coordinates."));
          return null;
        }
        return response.json();
      })
      .then(function (body) {
        if (!body) { return; }
        if (body.status === "ok" && isFinite(body.lat)) {
          text("geocode-status", t("Found: {label}. Check the pin, drag it if needed.", { label: body.label || query }));
          setPoint(L.latLng(body.lat, body.lon), 18);
        } else if (body.status === "unavailable") {
          text("geocode-status", t("Address search is unavailable right now; click the map instead."));
        } else {
          var labels = (body.candidates || []).slice(0, 3).map(function (c) { return c.label; });
          text("geocode-status", labels.length ? t("No place matched. Did you mean: {places}?", { places: labels.join("; ") }) : t("No place matched."));
        }
      })
      .catch(function () { text("geocode-status", t("Address search failed; click the map instead.")); });
  });

  /* The photo is uploaded first: cleaned on the server, and its position offered. */
  el.photo.addEventListener("change", function () {
    var file = el.photo.files && el.photo.files[0];
    if (!file) { return; }
    var data = new FormData();
    data.append("photo", file);
    text("photo-status", t("Uploading and removing hidden data…"));
    fetch(form.dataset.photoUrl, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": el.csrf_token.value, Accept: "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) { text("photo-status", answer.body.message || t("The photo was not accepted.")); el.photo.value = ""; return; }
        el.photo_token.value = answer.body.photo_token;
        el.photo.value = "";
        text("photo-status", t("Photo attached ({width}×{height}, hidden data removed).", { width: answer.body.width, height: answer.body.height }));
        preview(file);
        offer(answer.body.photo_location);
      })
      .catch(function () { text("photo-status", t("The photo could not be uploaded.")); });
  });

  function preview(file) {
    var reader = new FileReader(), image = document.getElementById("photo-preview");
    reader.onload = function () { image.src = reader.result; image.hidden = false; };
    reader.readAsDataURL(file);
    document.getElementById("photo-attached").hidden = false;
  }

  /* Remove the photo: forget its token and position (the server does the same without JavaScript). */
  document.getElementById("remove-photo").addEventListener("click", function (event) {
    event.preventDefault();
    el.photo_token.value = ""; el.photo_lat.value = ""; el.photo_lon.value = ""; el.photo.value = "";
    var image = document.getElementById("photo-preview");
    image.removeAttribute("src"); image.hidden = true;
    document.getElementById("photo-attached").hidden = true;
    document.getElementById("photo-offer").hidden = true;
    text("photo-status", t("The photo was removed."));
    el.photo.focus();
  });

  /* "Use my location": asked only when the visitor presses the button. */
  document.getElementById("my-location").addEventListener("click", function () {
    if (!navigator.geolocation) { text("geocode-status", t("Your browser cannot tell where you are.")); return; }
    text("geocode-status", t("Looking…"));
    navigator.geolocation.getCurrentPosition(function (position) {
      setPoint(L.latLng(position.coords.latitude, position.coords.longitude), 18);
      text("geocode-status", t("Your location, to about {metres} m: check the pin and drag it if needed.",
        { metres: Math.round(position.coords.accuracy) }));
    }, function () { text("geocode-status", t("Could not find where you are.")); },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  function offer(location) {
    var box = document.getElementById("photo-offer");
    if (!location) { box.hidden = true; return; }
    el.photo_lat.value = fixed(location.lat); el.photo_lon.value = fixed(location.lon);
    text("photo-offer-position", fixed(location.lat) + ", " + fixed(location.lon));
    box.hidden = false;
  }

  document.getElementById("use-photo-position").addEventListener("click", function (event) {
    event.preventDefault();
    setPoint(L.latLng(parseFloat(el.photo_lat.value), parseFloat(el.photo_lon.value)), 18);
    document.getElementById("photo-offer").hidden = true;
  });

  /* Before sending: a position, and an answer to "is it one of these?". */
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.formNoValidate) { return; }
    var box = document.getElementById("nearby");
    var answered = box.hidden || box.querySelector("input[name='same_as']:checked");
    var message = !currentPoint() ? t("Place the camera on the map first.") :
      (!answered ? t("There are cameras within 50 m: choose one, or “No, it is a different camera”.") : "");
    if (message) {
      event.preventDefault();
      event.stopImmediatePropagation();
      text("pow-status", message);
    }
  });
  protect(form, document.getElementById("pow-status"));

  var initial = currentPoint();
  if (initial) { map.setView(initial, 18); setPoint(initial); } else { lastView(map); }
  window.cameramapSubmit = { map: map, nearby: function () { return nearbyLayer.getLayers().map(function (l) { return l.cameraId; }); } };
}

/* Where the visitor last looked on the main map (this browser only; never sent), else the registry's
   extent the map was created with. */
function lastView(map) {
  try {
    var view = JSON.parse(window.localStorage.getItem("cameramap:view") || "null");
    if (view && isFinite(view.lat) && isFinite(view.lon) && isFinite(view.zoom)) {
      map.setView([view.lat, view.lon], Math.min(Math.max(view.zoom, 3), 18));
    }
  } catch (e) { /* storage unavailable: the extent it is */ }
}
