"""OpenAPI paths and schemas of /api/v1/vendors, technology with no place and vendor partnerships."""

from __future__ import annotations

from typing import Any

from ...domain.accountability import DocumentKind, VendorKind
from ...domain.technology import PartnershipKind, TechnologyKind, TechnologyStatus
from ...domain.texts import N_
from ..schemas import ID, NULLABLE_DATE, NULLABLE_TEXT, TEXT, Schema, array, enum, obj, ref
from .parts import error_response, ok, operation, path_parameter

PARTIAL_DATE: Schema = {"type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                        "description": N_("as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD")}
REF = obj({"id": ID, "name": TEXT, "url": TEXT})
NULLABLE_REF: Schema = {"oneOf": [REF, {"type": "null"}]}
EVIDENCE = array(obj({"kind": enum(DocumentKind), "title": TEXT, "url": NULLABLE_TEXT,
                      "published_on": NULLABLE_DATE}))
VENDOR_FIELDS: dict[str, Schema] = {
    "id": ID, "name": TEXT, "kind": enum(VendorKind), "maker": NULLABLE_REF, "country": NULLABLE_TEXT,
    "website": NULLABLE_TEXT, "notes": NULLABLE_TEXT, "url": TEXT, "updated_at": NULLABLE_DATE,
}

COMPONENTS: dict[str, Schema] = {
    "TechnologyClaim": obj({
        "technology": enum(TechnologyKind),
        "status": {**enum(TechnologyStatus), "description": N_("in_use (the operator says so, or a court or "
                      "regulator found it), trial, ended, or reported (only by others)")},
        "since": PARTIAL_DATE, "until": PARTIAL_DATE, "summary": NULLABLE_TEXT,
        "operator": NULLABLE_REF, "vendor": NULLABLE_REF, "evidence": EVIDENCE,
    }, description=N_("technology with no place on the map (face search, body-worn cameras, vans...), "
                      "claimed of an operator and/or the vendor supplying it")),
    "Partnership": obj({"kind": enum(PartnershipKind), "since": PARTIAL_DATE, "until": PARTIAL_DATE,
                        "summary": NULLABLE_TEXT, "partner": REF, "evidence": EVIDENCE}),
    "Vendor": obj({**VENDOR_FIELDS, "partners": array(REF), "technology": array(enum(TechnologyKind))}),
    "VendorList": obj({"vendors": array(ref("Vendor")), "numberReturned": {"type": "integer", "minimum": 0},
                       "timeStamp": {"type": "string", "format": "date-time"}}),
    "VendorDetail": obj({
        **VENDOR_FIELDS, "systems": array(REF),
        "operators": array(obj({"id": ID, "name": TEXT, "url": TEXT,
                                "camera_count": {"type": "integer", "minimum": 0}})),
        "technology": array(ref("TechnologyClaim")), "partnerships": array(ref("Partnership")),
    }),
}


def vendor_paths() -> dict[str, Any]:
    return {
        "/vendors": operation(N_("Vendors and systems with their partners and the technology claimed of "
                                 "them"), [],
                              {"200": ok("application/json", ref("VendorList"), N_("Every vendor")),
                               "400": error_response("400")}, "operators", "listVendors"),
        "/vendors/{vendor_id}": operation(
            N_("One vendor or system: its systems, operators, technology with no place and partnerships"),
            [path_parameter("vendor_id", N_("the vendor's id"))],
            {"200": ok("application/json", ref("VendorDetail"), N_("The vendor")),
             "400": error_response("400"), "404": error_response("404")}, "operators", "getVendor"),
    }
