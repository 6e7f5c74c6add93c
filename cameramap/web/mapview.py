"""The map page as a folium shell: our vendored Leaflet, map.js, the basemap module and hand-over calls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from markupsafe import escape

LEAFLET = "vendor/leaflet-1.9.4"
STATIC_JS = ("leaflet", f"{LEAFLET}/leaflet.js")
STATIC_CSS = ("leaflet_css", f"{LEAFLET}/leaflet.css")
PROTOMAPS_JS = ("protomaps_leaflet", "vendor/protomaps-leaflet-5.1.0/protomaps-leaflet.js")
BASEMAP_MODULE = "js/basemap.js"
BASEMAP_CSS = ("cameramap_basemap_css", "css/basemap.css")
OWN_JS = ("js/i18n.js", "js/map-layers.js", "js/map-popup.js", "js/map-controls.js", "js/map.js")
OWN_CSS = "css/map.css"
WORLD = (-180.0, -85.0, 180.0, 85.0)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class ShellConfig:
    """What the shell needs: server settings and numbers only, never camera data or user text.

    `static` is the URL prefix of our static folder (e.g. "/static"); `api`, `camera_path` and
    `sources_path` are the server's own paths; `extent` is (west, south, east, north) or None.
    `lang` is the page's language code, `title` the page title in it (our own words, escaped here),
    `i18n` the path of the scripts' catalogue for `lang` and `languages` (code, own name) pairs for
    the switch: one cached shell per language. Without `tile_url` the background is the app's own
    vector basemap at `basemap` (data up to `basemap_maxzoom`); `streets` is the gazetteer's street
    lines, drawn when no background can be shown.
    """

    tile_url: str
    tile_attribution: str
    static: str
    api: str
    camera_path: str
    sources_path: str
    limit: int
    statuses: tuple[str, ...]
    extent: tuple[float, float, float, float] | None
    geocode: str = "/api/v1/geocode"
    vocabularies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    lang: str = "en"
    title: str = "cameramap · surveillance camera map"
    i18n: str = "/i18n/en.json"
    languages: tuple[tuple[str, str], ...] = ()
    basemap: str = "/basemap.pmtiles"
    basemap_maxzoom: int = 15
    streets: str = "/api/v1/streets"


class Attach(JSCSSMixin):
    """Hands the folium map object and a numeric/server-side config to `cameramap.attach`.

    As a child of the map it renders after it, so map.js/map.css load after Leaflet's files.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            cameramap.attach({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, options: dict[str, object], static: str) -> None:
        super().__init__()
        self._name = "CameramapAttach"
        self.options = options
        self.default_js = [(f"cameramap_js_{i}", f"{static}/{path}") for i, path in enumerate(OWN_JS)]
        self.default_css = [("cameramap_css", f"{static}/{OWN_CSS}")]


class Basemap(MacroElement):
    """A module script that adds the background (static/js/basemap.js) to the folium map."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <script type="module">
        import { addBasemap } from {{ this.module|tojson }};
        addBasemap(L, window[{{ this._parent.get_name()|tojson }}],
                   Object.assign({{ this.options|tojson }}, {t: (m) => window.cameramapI18n.t(m)}));
        </script>
        {% endmacro %}
        """
    )

    def __init__(self, options: dict[str, object], module: str) -> None:
        super().__init__()
        self._name = "CameramapBasemap"
        self.options = options
        self.module = module


def _basemap_options(config: ShellConfig) -> dict[str, object]:
    return {"tileUrl": config.tile_url, "attribution": config.tile_attribution,
            "basemap": "" if config.tile_url else config.basemap,
            "basemapMaxZoom": int(config.basemap_maxzoom), "streets": config.streets}


def _options(config: ShellConfig) -> dict[str, object]:
    extent = [round(float(v), 7) for v in config.extent] if config.extent else None
    return {
        "api": config.api, "cameraPath": config.camera_path,
        "sourcesPath": config.sources_path, "limit": int(config.limit),
        "statuses": list(config.statuses), "extent": extent, "geocode": config.geocode,
        "lang": config.lang, "i18n": config.i18n, "languages": [list(pair) for pair in config.languages],
        **{name: list(values) for name, values in config.vocabularies},
    }


def _center(config: ShellConfig) -> tuple[list[float], int]:
    west, south, east, north = config.extent or WORLD
    return [(south + north) / 2, (west + east) / 2], (2 if config.extent is None else 12)


def build_map(config: ShellConfig) -> folium.Map:
    """The folium Map for `config` (our JS positions the view from the hash or the extent)."""
    location, zoom = _center(config)
    fmap = folium.Map(
        location=location, zoom_start=zoom, tiles=None, max_zoom=19,
        prefer_canvas=True, control_scale=True, world_copy_jump=True,
    )
    # Instance attributes: the class-level lists point at CDNs and must never be used.
    fmap.default_js = [(STATIC_JS[0], f"{config.static}/{STATIC_JS[1]}")]
    if not config.tile_url:
        fmap.default_js.append((PROTOMAPS_JS[0], f"{config.static}/{PROTOMAPS_JS[1]}"))
    fmap.default_css = [(STATIC_CSS[0], f"{config.static}/{STATIC_CSS[1]}"),
                        (BASEMAP_CSS[0], f"{config.static}/{BASEMAP_CSS[1]}")]
    fmap.get_root().title = escape(config.title)  # branca does not escape it
    fmap.add_child(Attach(_options(config), config.static))
    fmap.add_child(Basemap(_basemap_options(config), f"{config.static}/{BASEMAP_MODULE}"))
    return fmap


@lru_cache(maxsize=64)
def render_shell(config: ShellConfig) -> str:
    """The page HTML for `config` with `<html lang>`, rendered once per distinct config."""
    if not LANGUAGE_CODE.match(config.lang):
        raise ValueError(f"not a language code: {config.lang!r}")
    html = build_map(config).get_root().render()
    return html.replace("<html>", f'<html lang="{config.lang}">', 1)
