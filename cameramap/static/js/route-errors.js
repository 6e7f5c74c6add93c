/* cameramap route panel: a failed answer of POST /api/v1/routes or /api/v1/exposure as one plain sentence
 * in the page's language, chosen by the JSON error's code and parameter ({"error", "message",
 * "parameter"}); the API's own (English) message is shown only when no sentence fits. Text only. */
import { t } from "./i18n.js";

const AT_END = {
  address_not_found: {
    from: () => t("The start address was not found. Try another spelling, or pick the start on the map."),
    to: () => t("The end address was not found. Try another spelling, or pick the end on the map."),
  },
  no_street_near: {
    from: () => t("There is no street near the start for this way of travelling. Pick a point closer to a street."),
    to: () => t("There is no street near the end for this way of travelling. Pick a point closer to a street."),
  },
  invalid_parameter: {
    from: () => t("The start is not a place this map understands. Type an address or pick it on the map."),
    to: () => t("The end is not a place this map understands. Type an address or pick it on the map."),
  },
};

/* The sentence for an answer with HTTP `status` and JSON body `data` (possibly {}). */
export function failure(status, data) {
  const code = (data && data.error) || "";
  const parameter = (data && data.parameter) || "";
  if (status === 429) { return t("Too many requests from your network right now; try again in a while."); }
  if (AT_END[code] && AT_END[code][parameter]) { return AT_END[code][parameter](); }
  if (code === "unreachable") { return t("No route joins the start and the end on the streets for this way of travelling."); }
  if (status === 404) { return t("Routes cannot be measured on this server: it has no street network."); }
  if (status === 413) { return t("The file is too large."); }
  if (data && data.message) { return t("Could not measure: {error}", { error: data.message }); }
  return t("Could not measure: {error}", { error: t("the server answered {status}", { status }) });
}
