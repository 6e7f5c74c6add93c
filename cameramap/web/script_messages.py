"""Every string our scripts show, in English: the msgids of the scripts' catalogue (see i18n.js).

A script calls `t("English {name}", {name: value})` (static/js/i18n.js); tests/functional/test_i18n.py
checks that every such call names a message listed here. Messages with a number take plural forms:
`tn("{count} camera", "{count} cameras", count)`, listed in SCRIPT_PLURALS.
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
    # basemap.js
    N_("The background map could not be loaded; only the streets known to this server are drawn."),
    N_("The photo was removed."),
    N_("Your location, to about {metres} m: check the pin and drag it if needed."),
    N_("Your browser cannot tell where you are."),  # also map-controls.js
    N_("Could not find where you are."),  # also map-controls.js
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
    N_("Map of this operator's cameras"),
    # stats_map.js
    N_("no data"),
    N_("Cameras"),
    N_("per km²"),
    N_("per 1,000 residents"),
    N_("operator unknown"),
    N_("all areas"),
    N_("The areas could not be loaded."),
    N_("Map of cameras per area"),
    N_("Areas on the map: {count}."),
    # compare_map.js
    N_("match"),
    N_("observed but not declared"),
    N_("declared but not found"),
    N_("declared #{id}"),
    N_("observed #{id}"),
    N_("{distance} m apart"),
    N_("Cameras on the map: {count}."),
    N_("The comparison could not be loaded."),
    N_("Map of the comparison"),
    # mapkit.js (every map)
    N_("Map"),
    # map.js, map-layers.js, map-popup.js, map-controls.js (the map page; also "Status", "Capabilities"
    # above and the marker names of terms.MARKER_LABELS)
    N_("Removed (kept for the record)"),
    N_("Group of cameras (click to zoom in)"),
    N_("{direction} (sector)"),
    N_("operator-wide"),
    N_("evidence:"),
    N_("link"),
    N_("licence {licence}"),
    N_("no longer in source"),
    N_("Type"),
    N_("Mount"),
    N_("Direction"),
    N_("Operator"),
    N_("Area"),
    N_("Notes"),
    N_("Removed on {date}"),
    N_("Removed"),
    N_("Sources"),
    N_("Everything we know about this camera"),
    N_("Loading…"),
    N_("the server answered {status}"),
    N_("Could not load this camera: {error}"),
    N_("Loading cameras…"),
    N_("Filters"),
    N_("List"),
    N_("Share"),
    N_("any"),
    N_("Capability"),
    N_("Kind"),
    N_("Camera type"),
    N_("Source (name or id)"),
    N_("{name} ({count})"),
    N_("Operator: {value}"),
    N_("Source: {value}"),
    N_("Status: {values}"),
    N_("Active filters"),
    N_("Remove filter: {filter}"),
    N_("Clear all filters"),
    N_("Search an address or place"),
    N_("Search"),
    N_("No place found."),
    N_("Search failed."),
    N_("Your browser cannot tell where you are."),
    N_("Could not find where you are."),
    N_("Show where I am"),
    N_("Zoom in"),
    N_("Zoom out"),
    N_("Close"),
    N_("Cameras in this view"),
    N_("Camera details"),
    N_("Share this view"),
    N_("Map of surveillance cameras"),
    N_("View larger map"),
    N_("and {count} more; zoom in."),
    N_("Zoom in to list cameras."),
    N_("No camera in this view."),
    N_("Link to this view"),
    N_("Follow this area"),
    N_("New and removed cameras in this area (Atom feed)"),
    N_("New cameras in this area (Atom feed)"),
    N_("Embed this map"),
    N_("Surveillance camera map"),
    N_("Embed code"),
    N_("Copy"),
    N_("Legend"),
    # map-controls.js: the legend's cones, capability badges and their layers
    N_("Where a camera looks (close up)"),
    N_("Dome or PTZ camera that can look all around"),
    N_("What they can do"),
    N_("Show only cameras with: {capability}"),
    N_("Press one to show only those cameras; groups then show their share."),
    N_("dashed ring: someone says so"),
    N_("solid ring: strong signs"),
    N_("filled: documented"),
    N_("Only: {capability}"),  # map-filters.js
    # map-details.js: status, actions and sources of a camera
    N_("Someone says it is there; nobody has checked it yet."),
    N_("A moderator or several independent visitors checked it."),
    N_("Someone reported it is not there or is described wrongly; being looked at."),
    N_("The camera is gone; it stays on record."),
    N_("How verification works"),
    N_("I saw it too"),
    N_("Report a change"),
    N_("this {type} on OpenStreetMap"),
    N_("edit on OpenStreetMap"),
    N_("Map of this camera and where it looks"),  # camera_map.js
    N_("Could not load cameras: {error}"),
    N_("Only cameras that match the filters are counted."),
    N_("Removed cameras are not counted."),
    N_("{label} #{id} ({status})"),
    N_("{label} — {street} ({status})"),  # the list, with the camera's nearest street (map-streets.js)
    # map-pin.js: the search's pin
    N_("Pinned: {label}"),
    N_("search result"),
    N_("Remove pin"),
    # map-details.js, map-voice.js: the photo, "I saw it too" and "report a change" in the panel
    N_("Photo sent by a visitor"),
    N_("The camera is gone"),
    N_("It points in another direction"),
    N_("Another organisation operates it"),
    N_("Something else is wrong"),
    N_("What is wrong?"),
    N_("Details (optional)"),
    N_("Send report"),
    N_("Thank you: a moderator will look at your report."),
    N_("You have already confirmed this camera."),
)


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction (pybabel's `ngettext` keyword); the scripts' catalogue
    carries its forms per plural category of each language (i18n.py)."""
    return singular, plural


SCRIPT_PLURALS = (
    # map.js
    ngettext("{count} camera in this view.", "{count} cameras in this view."),
    ngettext("Showing {points} of {count} camera in this view. Zoom in to see all.",
             "Showing {points} of {count} cameras in this view. Zoom in to see all."),
    ngettext("{count} camera in this area, shown in groups. Zoom in for more detail.",
             "{count} cameras in this area, shown in groups. Zoom in for more detail."),
    ngettext("Group of {count} camera — zoom in", "Group of {count} cameras — zoom in"),
    ngettext("With {capability}: {count} camera.", "With {capability}: {count} cameras."),
    # map-voice.js
    ngettext("Thank you: {count} independent confirmation so far.",
             "Thank you: {count} independent confirmations so far."),
)
