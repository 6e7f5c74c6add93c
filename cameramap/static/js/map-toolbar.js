/* cameramap map: the toolbar (search, panel toggles, status, filter chips, the search's pin), the panels
 * in the sheet, the map's own controls and the legend, and setting the filters. */
import { t } from "./i18n.js";
import { el } from "./mapkit.js";
import { pageLink } from "./map-details.js";
import { button, legend, locateButton, searchBox } from "./map-controls.js";
import * as filtering from "./map-filters.js";
import { addPanel, createSheet } from "./map-panels.js";
import { setupRoutes } from "./map-route.js";
import { setupCoverage } from "./map-coverage.js";
import { createPin } from "./map-pin.js";
import { select } from "./map-camera.js";
import { draw, refreshList } from "./map-draw.js";
import { load, requestUrl } from "./map-load.js";
import { page, setStatus, state, ui } from "./map-state.js";
import { writeUrl } from "./map-url.js";

function toolbar() {
  const main = document.getElementById("cm-main");
  const stage = main.querySelector(".cm-stage");
  const tools = el("div", "cm-tools");
  const buttons = el("div", "cm-buttons");
  const names = { filters: t("Filters"), list: t("List"), legend: t("Legend"), share: t("Share") };
  const toggles = {};
  Object.keys(names).forEach((name) => {
    toggles[name] = button(names[name], "cm-toggle cm-toggle-" + name);
    buttons.appendChild(toggles[name]);
  });
  ui.status = el("p", "cm-status", t("Loading cameras…"));
  ui.status.setAttribute("role", "status");
  ui.chips = el("div", "cm-chips");
  ui.pin = createPin(page.map);
  ui.pin.box.addEventListener("cm-pin", () => refreshList());
  tools.append(searchBox(page.config, page.map, ui.pin), buttons, ui.status, ui.chips, ui.pin.box);
  if (page.filters.embed) {
    ui.larger = pageLink(window.location.pathname, t("View larger map"), "cm-larger");
    ui.larger.target = "_blank";
    ui.larger.rel = "noopener";
    tools.appendChild(ui.larger);
  }
  main.insertBefore(tools, stage);
  return { stage, toggles };
}

export function addControls() {
  const { map, config } = page;
  const { stage, toggles } = toolbar();
  createSheet(stage);
  ui.panels = {
    filters: addPanel("filters", t("Filters"), toggles.filters),
    list: addPanel("list", t("Cameras in this view"), toggles.list),
    share: addPanel("share", t("Share this view"), toggles.share),
    details: addPanel("details", t("Camera details"), null)
  };
  ui.panels.details.heading.classList.add("cm-visually-hidden");
  ui.panels.list.onOpen = refreshList;
  ui.panels.details.onClose = () => { state.selected = null; select(null); writeUrl(); };
  ui.panels.share.onOpen = writeUrl;
  ui.filterForm = el("form", "cm-filters");
  ui.panels.filters.body.appendChild(ui.filterForm);
  locateButton(map, setStatus).addTo(map);
  L.control.scale({ position: "bottomleft" }).addTo(map);
  ui.legend = legend(map, toggles.legend, window.matchMedia("(min-width: 640px)").matches,
    (only) => setFilters(Object.assign({}, page.filters, { only: page.filters.only === only ? "" : only })));
  if (!page.filters.embed) { setupRoutes(map, config); setupCoverage(map, config, ui.legend.box); }
  setFilters(page.filters, false);
  filtering.loadOperators(config).then(() => setFilters(page.filters, false));
}

function setFilters(next, reload = true) {
  page.filters = next;
  filtering.buildFilters(ui.filterForm, page.config, next, setFilters);
  filtering.renderChips(ui.chips, next, setFilters);
  if (ui.legend) { ui.legend.select(next.only); }
  if (reload) {
    writeUrl();
    if (page.lastCollection && requestUrl() === state.lastUrl && !state.error) { draw(page.lastCollection); }
    load();
  }
}
