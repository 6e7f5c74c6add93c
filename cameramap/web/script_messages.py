"""Every string our scripts show, in English: the msgids of the scripts' catalogue (see i18n.js).

A script calls `cameramapI18n.t("English {name}", {name: value})`; tests/functional/test_i18n.py
checks that every such call names a message listed here.
"""

from __future__ import annotations

from .terms import N_

SCRIPT_MESSAGES = (
    # submit.js
    N_("Drag to set the direction"),
    N_("The camera (drag to move)"),
    N_("Camera {id}: {what}, {distance} m away"),
    N_("view"),
    N_("Type an address or a place first."),
    N_("Looking…"),
    N_("Address search is not available on this server; click the map or type coordinates."),
    N_("Found: {label}. Check the pin, drag it if needed."),
    N_("Address search is unavailable right now; click the map instead."),
    N_("No place matched."),
    N_("No place matched. Did you mean: {places}?"),
    N_("Address search failed; click the map instead."),
    N_("Uploading and removing hidden data…"),
    N_("The photo was not accepted."),
    N_("Photo attached ({width}×{height}, hidden data removed)."),
    N_("The photo could not be uploaded."),
    N_("Place the camera on the map first."),
    N_("There are cameras within 50 m: choose one, or “No, it is a different camera”."),
    # pow-form.js
    N_("the anti-spam challenge could not be fetched ({status})"),
    N_("the anti-spam challenge has no solution"),
    N_("the anti-spam worker failed"),
    N_("Checking you are not a robot (a few seconds)…"),
    N_("Sending…"),
    N_("Could not send: {error}"),
    # operator_map.js
    N_("Status"),
    N_("Capabilities"),
    N_("First seen"),
    N_("{capability} ({confidence})"),
    N_("{capability} ({confidence}, operator-wide)"),
    N_("Cameras in view: {shown} of {total} shown; zoom in to see all."),
    N_("Cameras in view: {count}."),
    N_("The cameras could not be loaded."),
    # stats_map.js
    N_("no data"),
    N_("Cameras"),
    N_("per km²"),
    N_("per 1,000 residents"),
    N_("operator unknown"),
    N_("all areas"),
    N_("The areas could not be loaded."),
    # compare_map.js
    N_("match"),
    N_("observed but not declared"),
    N_("declared but not found"),
    N_("declared #{id}"),
    N_("observed #{id}"),
    N_("{distance} m apart"),
    N_("Cameras on the map: {count}."),
    N_("The comparison could not be loaded."),
)
