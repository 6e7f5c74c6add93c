/* cameramap /submit (a module on mapkit.js and form-kit.js): place the camera on a Leaflet map (click or
   drag), set its direction with an arrow, look up an address, upload a photo first (its position is
   offered, never applied silently), show cameras within 50 m, then solve the proof of work and send the
   form. Data from the server enters the page through textContent only. */
import { t, term } from "./i18n.js";
import { createMap } from "./mapkit.js";
import { addressSearch, foundPlace, myLocation, placeOnMap, removePhoto, say, showScripted, typedPoint,
  uploadPhoto } from "./form-kit.js";
import { protect } from "./pow-form.js";

const form = document.getElementById("submit-form");
if (form && window.L) { start(form); }

function start(form) {
  var el = form.elements;
  var ARROW_PX = 70;

  showScripted();

  var map = createMap(document.getElementById("submit-map"), { maxZoom: 16 }).map;
  var pin = null, handle = null, line = null;
  var nearbyLayer = L.layerGroup().addTo(map);

  function fixed(value) { return Number(value).toFixed(7); }

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

  placeOnMap(form, map, setPoint, 17);
  map.on("zoomend", placeHandle);
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
  addressSearch(form, function (response, query) {
    if (response.status === 404 || response.status === 405) {
      say("geocode-status", t("Address search is not available on this server; click the map or type coordinates."));
      return null;
    }
    return response.json().then(function (body) {
      if (!body) { return; }
      if (foundPlace(body, query, function (latlng) { setPoint(latlng, 18); })) { return; }
      if (body.status === "unavailable") {
        say("geocode-status", t("Address search is unavailable right now; click the map instead."));
      } else {
        var labels = (body.candidates || []).slice(0, 3).map(function (c) { return c.label; });
        say("geocode-status", labels.length ? t("No place matched. Did you mean: {places}?", { places: labels.join("; ") }) : t("No place matched."));
      }
    });
  });

  /* The photo is uploaded first: cleaned on the server, and its position offered. */
  uploadPhoto(form, function (body) { offer(body.photo_location); });

  /* Remove the photo: forget its token and position (the server does the same without JavaScript). */
  removePhoto(form, function () {
    el.photo_lat.value = ""; el.photo_lon.value = "";
    document.getElementById("photo-preview").removeAttribute("src");
    document.getElementById("photo-offer").hidden = true;
  });

  /* "Use my location": asked only when the visitor presses the button. */
  myLocation(function (latlng) { setPoint(latlng, 18); });

  function offer(location) {
    var box = document.getElementById("photo-offer");
    if (!location) { box.hidden = true; return; }
    el.photo_lat.value = fixed(location.lat); el.photo_lon.value = fixed(location.lon);
    say("photo-offer-position", fixed(location.lat) + ", " + fixed(location.lon));
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
    var message = !typedPoint(el) ? t("Place the camera on the map first.") :
      (!answered ? t("There are cameras within 50 m: choose one, or “No, it is a different camera”.") : "");
    if (message) {
      event.preventDefault();
      event.stopImmediatePropagation();
      say("pow-status", message);
    }
  });
  protect(form, document.getElementById("pow-status"));

  var initial = typedPoint(el);
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
