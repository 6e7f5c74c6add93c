"""OpenAPI paths and schemas of /api/v1/deployments (and the OGC collection's parameters)."""

from __future__ import annotations

from typing import Any

from ...domain.deployments import OUTCOME_FIELDS
from ...domain.texts import N_
from ...domain.timefilter import DATETIME_PATTERN
from ...domain.vocabulary import CameraStatus
from .. import schemas
from ..schemas import ID, NULLABLE_NUMBER, NULLABLE_TEXT, TEXT, Schema, array, enum, obj, ref
from .parts import camera_filters, error_response, ok, operation, paging, path_parameter, query

NULLABLE_COUNT: Schema = {"type": ["integer", "null"], "minimum": 0}
INSTANT: Schema = {"type": "string", "format": "date-time"}
DATETIME_TEXT = N_("deployments whose window meets this RFC 3339 instant (2025-01-08T12:00:00Z), date "
                   "(2025-01-08: the whole UTC day) or interval a/b with an open end as '..' (2025-01-01/..)")
SOURCE = {"oneOf": [obj({"name": TEXT, "kind": TEXT, "licence": NULLABLE_TEXT, "url": NULLABLE_TEXT,
                         "attribution": NULLABLE_TEXT, "page": NULLABLE_COUNT, "row": NULLABLE_COUNT}),
                    {"type": "null"}]}
PROPERTIES: dict[str, Schema] = {
    "location_text": TEXT, "location_status": enum(("placed", "pending")),
    "start": INSTANT, "end": INSTANT, "timezone": TEXT, "local_start": INSTANT, "local_end": INSTANT,
    "hours": {"type": "number", "minimum": 0}, "status": enum(CameraStatus), "operator": NULLABLE_TEXT,
    "system": NULLABLE_TEXT, "vendor": NULLABLE_TEXT, "use_case": NULLABLE_TEXT, "threshold": NULLABLE_NUMBER,
    **{name: NULLABLE_COUNT for name in OUTCOME_FIELDS},
    "marker": {"oneOf": [{"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                         {"type": "null"}]},
    "source": SOURCE,
    "reported_by": {**enum(("published", "public")),
                    "description": N_("public: a sighting from the public, accepted by a moderator (its "
                                      "source kind is crowd); published: a record from a published source")},
}
GEOMETRY: Schema = {"oneOf": [{"type": "object", "required": ["type", "coordinates"],
                               "properties": {"type": enum(("Point", "LineString", "MultiLineString",
                                                            "Polygon", "MultiPolygon"))}},
                              {"type": "null"}],
                    "description": N_("where (lon/lat); null while the published location awaits "
                                      "geocoding")}
REVISION = obj({"id": ID, "action": TEXT, "date": {"type": ["string", "null"], "format": "date"},
                "actor_kind": TEXT, "reason": NULLABLE_TEXT})


def _feature(properties: dict[str, Schema]) -> Schema:
    return obj({"type": {"const": "Feature"}, "id": ID, "geometry": GEOMETRY, "properties": obj(properties)})


NULLABLE_RATIO: Schema = {"type": ["number", "null"], "minimum": 0}
TALLY = obj({
    "month": {"type": "string",
              "description": N_("YYYY-MM (local to the published time zone), or 'total'")},
    "deployments": {"type": "integer", "minimum": 0}, "hours": {"type": "number", "minimum": 0},
    **{name: {"type": "integer", "minimum": 0} for name in ("faces_scanned", "true_alerts", "false_alerts",
                                                             "arrests")},
    "faces_per_true_alert": NULLABLE_RATIO, "false_alert_rate": NULLABLE_RATIO,
    "arrests_per_deployment": NULLABLE_RATIO,
}, description=N_("Ratios count only the deployments that published both figures they divide."))

COMPONENTS: dict[str, Schema] = {
    "DeploymentTally": TALLY,
    "DeploymentFigures": obj({"months": array(ref("DeploymentTally")), "total": ref("DeploymentTally")}),
    "Deployment": _feature(PROPERTIES),
    "DeploymentDetail": _feature({**PROPERTIES, "revisions": array(REVISION)}),
    "DeploymentCollection": schemas.collection("features", ref("Deployment")),
}


def filters() -> list[dict[str, Any]]:
    """bbox, datetime, operator, status (the OGC collection takes the same)."""
    bbox, operator = camera_filters()[0], camera_filters()[1]
    status = query("status", {"type": "array", "items": enum(CameraStatus)},
                   N_("moderation status; repeat or comma-separate for OR"), style="form", explode=True)
    operator = {**operator, "description": N_("operator's exact name; repeat for OR (a blank value counts "
                                              "as absent)")}
    moment = query("datetime", {"type": "string", "pattern": DATETIME_PATTERN}, DATETIME_TEXT,
                   example="2025-01-08T12:00:00Z/..")
    return [bbox, moment, operator, status]


def deployment_paths(max_limit: int, default_limit: int) -> dict[str, Any]:
    geojson = "application/geo+json"
    listing = operation(
        N_("Deployments of temporary systems (live facial recognition vans), earliest first"),
        [*filters(), *paging(max_limit, default_limit)],
        {"200": ok(geojson, ref("DeploymentCollection"), N_("A page of deployments")),
         "400": error_response("400")}, "deployments", "listDeployments")
    one = operation(
        N_("One deployment with its outcomes, source and revisions"),
        [path_parameter("deployment_id", N_("the deployment's id"))],
        {"200": ok(geojson, ref("DeploymentDetail"), N_("The deployment")), "404": error_response("404")},
        "deployments", "getDeployment")
    operator = [query("operator", {"type": "string"},
                      N_("one operator's exact name (all operators when absent)"))]
    figures = operation(
        N_("Accountability figures: deployments per month, hours, faces scanned per true alert, false-alert "
           "rate, arrests per deployment (removed records are not counted)"), operator,
        {"200": ok("application/json", ref("DeploymentFigures"), N_("Per month and in all")),
         "400": error_response("400")}, "deployments", "getDeploymentFigures")
    figures_csv = operation(
        N_("The same figures as CSV (one row per month, then the total)"), operator,
        {"200": ok("text/csv", {"type": "string"}, N_("CSV with a header row")),
         "400": error_response("400")},
        "deployments", "getDeploymentFiguresCsv")
    return {"/deployments": listing, "/deployments/figures": figures, "/deployments/figures.csv": figures_csv,
            "/deployments/{deployment_id}": one}
