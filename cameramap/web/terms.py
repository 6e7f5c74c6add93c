"""Vocabulary values as words in the page's language: the `term` template filter."""

from __future__ import annotations

from flask_babel import get_locale, gettext


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction (pybabel's `ngettext` keyword); the scripts' catalogue
    carries its forms per plural category of each language (i18n.py)."""
    return singular, plural


# value -> English words (the msgid). Values missing here are shown with _ as spaces.
TERMS = {
    # camera status
    "reported": N_("reported"), "verified": N_("verified"), "disputed": N_("disputed"),
    "removed": N_("removed"),
    # surveillance, surveillance:type, camera:type
    "public": N_("public"), "outdoor": N_("outdoor"), "indoor": N_("indoor"),
    "camera": N_("camera"), "ALPR": N_("ALPR"), "guard": N_("guard"),
    "gunshot_detector": N_("gunshot detector"), "webcam": N_("webcam"),
    "fixed": N_("fixed"), "dome": N_("dome"), "panning": N_("panning (PTZ)"),
    "panorama": N_("panorama"), "doorbell": N_("doorbell"),
    # camera:mount, surveillance:zone
    "wall": N_("wall"), "pole": N_("pole"), "ceiling": N_("ceiling"), "street_lamp": N_("street lamp"),
    "building": N_("building"), "traffic_signal": N_("traffic signal"), "town": N_("town"),
    "traffic": N_("traffic"), "parking": N_("parking"), "shop": N_("shop"), "bank": N_("bank"),
    "entrance": N_("entrance"), "area": N_("area"),
    # capabilities and confidence
    "face_recognition": N_("face recognition"),
    "licence_plate_recognition": N_("licence plate recognition"), "ptz_zoom": N_("pan, tilt and zoom"),
    "night_vision": N_("night vision"), "audio": N_("audio"), "analytics": N_("analytics"),
    "central_platform_link": N_("central platform link"),
    "claimed": N_("claimed"), "likely": N_("likely"), "confirmed": N_("confirmed"),
    "confirmed by some": N_("confirmed by some"), "unconfirmed": N_("unconfirmed"),
    # evidence, sources, operators
    "osm_tag": N_("OSM tag"), "photo": N_("photo"), "sign": N_("sign"), "datasheet": N_("datasheet"),
    "procurement_record": N_("procurement record"), "foi_answer": N_("FOI answer"),
    "official_registry": N_("official registry"), "news": N_("news"), "observation": N_("observation"),
    "open_data": N_("open data"), "osm": N_("OpenStreetMap"), "crowd": N_("crowd-sourced"),
    "police": N_("police"), "municipal": N_("municipal"), "transport": N_("transport"),
    "government": N_("government"), "private": N_("private"), "retail": N_("retail"),
    "education": N_("education"), "other": N_("other"), "unknown": N_("unknown"),
    # who changed a camera, and how
    "moderator": N_("moderator"), "admin": N_("admin"), "import": N_("import"),
    "submission": N_("submission"), "system": N_("system"), "create": N_("created"), "update": N_("updated"),
    "status": N_("status changed"), "revert": N_("reverted"),
    # submissions
    "new": N_("new camera"), "confirmation": N_("confirmation"), "sighting": N_("camera van sighting"),
    "pending": N_("pending"),
    "approved": N_("approved"), "merged": N_("merged"), "rejected": N_("rejected"),
    "form": N_("form"), "api": N_("API"), "noscript": N_("form without JavaScript"),
    # vendors and documents (operator pages)
    "vendor": N_("vendor"), "official_statement": N_("official statement"),
    "court_ruling": N_("court ruling"), "report": N_("report"),
    # technology with no place, its status, vendor partnerships (operator and vendor pages)
    "retrospective_face_search": N_("retrospective face search"),
    "scraped_face_search": N_("face search against scraped photos"),
    "mobile_live_face_recognition": N_("live face recognition from vans"),
    "operator_initiated_face_recognition": N_("face recognition on officers' phones"),
    "body_worn_camera": N_("body-worn cameras"), "face_recognition_glasses": N_("face recognition glasses"),
    "drone_camera": N_("drone cameras"), "in_use": N_("in use"), "trial": N_("trial"), "ended": N_("ended"),
    "partnership": N_("partnership"), "integration": N_("integration"), "reseller": N_("reseller"),
    "investment": N_("investment"), "regulator_decision": N_("regulator's decision"),
    "since": N_("since"), "until": N_("until"), "summary": N_("summary"), "evidence": N_("evidence"),
    # operator record fields (its history)
    "name": N_("name"), "kind": N_("kind"), "jurisdiction": N_("jurisdiction"), "website": N_("website"),
    "data_controller": N_("data controller"), "legal_basis": N_("legal basis"),
    "retention_period": N_("retention period"), "access_contact": N_("access requests"),
    # camera record fields (revision changes)
    "surveillance": N_("surveillance"), "surveillance_type": N_("surveillance type"),
    "surveillance_zone": N_("area watched"), "camera_type": N_("camera type"),
    "camera_mount": N_("mount"), "camera_direction": N_("direction"), "camera_angle": N_("tilt"),
    "height": N_("height"), "manufacturer": N_("manufacturer"), "model": N_("model"),
    "operator_id": N_("operator"), "operator_name": N_("operator"), "notes": N_("notes"),
    "lat": N_("latitude"), "lon": N_("longitude"), "first_seen": N_("first seen"),
    "last_verified": N_("last verified"), "removed_at": N_("removed on"),
}

# Map marker classes (the camera page's heading and the map legend, static/js/map.js).
MARKER_LABELS = {
    "fixed": N_("Fixed camera"), "dome": N_("Dome camera"), "panning": N_("Panning (PTZ) camera"),
    "ALPR": N_("Licence plate reader (ALPR)"), "guard": N_("Guard"), "unknown": N_("Camera, type unknown"),
}

# Kinds of public reports (services.submissions.confirmations.REPORT_KINDS has the same keys).
REPORT_LABELS = {
    "gone": N_("The camera is gone"), "wrong_direction": N_("It points in another direction"),
    "wrong_operator": N_("Another organisation operates it"), "other": N_("Something else is wrong"),
}


def report_kind_label(kind: object) -> str:
    """A report kind as a sentence in the page's language."""
    text = str(kind)
    return gettext(REPORT_LABELS[text]) if text in REPORT_LABELS else text.replace("_", " ")


# What went wrong with a form field, for pages in other languages than English (the services and the
# JSON API explain errors in English, with the exact detail).
FIELD_HINTS = {
    "lat": N_("Enter the latitude as a number between -90 and 90, or place the camera on the map."),
    "lon": N_("Enter the longitude as a number between -180 and 180, or place the camera on the map."),
    "camera_direction": N_("Give the direction in degrees from north (0–360, e.g. 90 or 90;180) or as a "
                           "compass point such as NE."),
    "surveillance_type": N_("Choose a value from the list."),
    "camera_type": N_("Choose a value from the list."),
    "camera_mount": N_("Choose a value from the list."),
    "surveillance_zone": N_("Choose a value from the list."),
    "operator": N_("The operator's name is too long (at most 300 characters)."),
    "notes": N_("The notes are too long (at most 2000 characters)."),
    "capabilities": N_("Check the capabilities: at most 300 characters about what you saw for each."),
    "evidence": N_("Check the capabilities: at most 300 characters about what you saw for each."),
    "camera_id": N_("Choose one of the cameras listed, or “No, it is a different camera”."),
    "photo": N_("The photo could not be used: send a JPEG, PNG or WebP image that is not too large."),
    "kind": N_("Choose what is wrong from the list."),
}


def field_error(message: str, parameter: str | None) -> str:
    """An error for a form page: the service's English detail, or a hint in the page's language."""
    locale = get_locale()
    if locale is None or locale.language == "en" or parameter not in FIELD_HINTS:
        return message
    return gettext(FIELD_HINTS[parameter])


def term(value: object) -> str:
    """A vocabulary value in the page's language: licence_plate_recognition -> распознавание номеров."""
    if value is None:
        return ""
    text = str(value)
    return gettext(TERMS[text]) if text in TERMS else text.replace("_", " ")


def value_term(value: object) -> object:
    """A recorded value: translated when it is a vocabulary value, else shown exactly as stored."""
    return gettext(TERMS[value]) if isinstance(value, str) and value in TERMS else value


def marker_label(english: object) -> str:
    """The page heading for a marker class, given its English label (MARKER_LABELS)."""
    text = str(english)
    return gettext(text) if text in MARKER_LABELS.values() else text


# A revision's reason as the importer writes it (services/imports/writer.py): prefix, source name, suffix.
REASONS = ((("imported from ", ""), N_("imported from %(source)s")),
           (("source ", " changed its record"), N_("source %(source)s changed its record")))
# What `cameramap operators load` records (the second: as it said before).
OPERATOR_FILE_REASONS = (N_("loaded from an operator file"), "loaded from a seed file")


def revision_reason(reason: object, actor_kind: object = "import") -> str:
    """A revision's recorded reason in the page's language when the importer wrote it (the source's name
    stays as recorded); any other reason (a moderator's words) exactly as stored."""
    text = "" if reason is None else str(reason)
    if actor_kind != "import":
        return text
    if text in OPERATOR_FILE_REASONS:
        return gettext(OPERATOR_FILE_REASONS[0])
    for (prefix, suffix), message in REASONS:
        if text.startswith(prefix) and text.endswith(suffix) and len(text) > len(prefix) + len(suffix):
            return gettext(message, source=text[len(prefix):len(text) - len(suffix)])
    return text
