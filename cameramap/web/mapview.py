"""The map page as a folium shell: the site bar, our vendored Leaflet, the map module and its settings.

No data and no user text: the module (static/js/map.js) reads its settings from a JSON block and asks
the API for cameras. The shell runs no inline script but folium's own `L.map(...)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

LEAFLET = "vendor/leaflet-1.9.4"
STATIC_JS = ("leaflet", f"{LEAFLET}/leaflet.js")
STATIC_CSS = ("leaflet_css", f"{LEAFLET}/leaflet.css")
MODULE = "js/map.js"
FONT_CSS = "css/font.css"  # the font stack, shared with the site pages (templates/base.html)
OWN_CSS = "css/map.css"
BASEMAP_CSS = "css/basemap.css"
CONFIG_ID = "cameramap-config"
WORLD = (-180.0, -85.0, 180.0, 85.0)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class ShellConfig:
    """What the shell needs: server settings and numbers only, never camera data or user text.

    `static` is the URL prefix of our static folder (e.g. "/static"); `api`, `camera_path`,
    `sources_path`, `feed`, `operators` and `streets` are the server's own paths; `extent` is (west, south,
    east, north) or None. `lang` is the page's language code, `title` the page title in it (our own
    words, escaped here), `i18n` the path of the scripts' catalogue for `lang` and `languages`
    (code, own name) pairs for the switch. `chrome` is the site bar: trusted HTML rendered by an
    autoescaping Jinja template (our own words and paths only). One cached shell per language.
    Without `tile_url` the background is the app's own vector basemap at `basemap` (data up to
    `basemap_maxzoom`, drawn by the vendored client at `basemap_client`); `streets` is the
    gazetteer's street lines, drawn when no background can be shown. `challenge` and `pow_worker` are
    the proof of work's challenge endpoint and worker script ("I saw it too" and reports in the panel).
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
    chrome: str = ""
    feed: str = "/feeds/cameras.atom"
    operators: str = "/api/v1/operators"
    heading: str = "Surveillance camera map"
    basemap: str = "/basemap.pmtiles"
    basemap_maxzoom: int = 15
    basemap_client: str = ""
    streets: str = "/api/v1/streets"
    operator_path: str = "/operators/"
    about: str = "/about"
    challenge: str = "/api/v1/challenge"
    pow_worker: str = "/static/js/pow-worker.js"


class Raw(Element):
    """Trusted HTML put into the page as it is: never compiled as a Jinja template (branca's Element
    would), so nothing in it can become template code."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._html = html

    def render(self, **kwargs: object) -> str:
        return self._html


class ShellMap(folium.Map):
    """folium's Map without its viewport lock (pinch zoom works), inside our page: the site bar
    (`chrome`), then `<main>` with the page heading, the map and the panels the module fills."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <meta name="viewport" content="width=device-width, initial-scale=1">
        {% endmacro %}

        {% macro html(this, kwargs) %}{% endmacro %}

        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
                {{ this.get_name()|tojson }},
                {
                    center: {{ this.location|tojson }},
                    crs: L.CRS.{{ this.crs }},
                    ...{{this.options|tojavascript}}
                }
            );
        {% endmacro %}
        """
    )

    def __init__(self, chrome: Markup, heading: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.chrome = chrome
        self.heading = heading

    def page_html(self) -> Markup:
        return Markup(
            '{chrome}<main id="cm-main" class="cm-main" tabindex="-1">'
            '<h1 class="cm-visually-hidden">{heading}</h1>'
            '<div class="cm-stage"><div class="folium-map" id="{name}"></div></div></main>'
        ).format(chrome=self.chrome, heading=self.heading, name=self.get_name())

    # branca's MacroElement.render returns nothing, though its base Element.render says str.
    def render(self, **kwargs: object) -> None:  # type: ignore[override]
        super().render(**kwargs)
        # The same name as folium's map <div>, which it replaces in place.
        _figure(self).html.add_child(Raw(self.page_html()), name=self.get_name())


class ModuleHandover(MacroElement):
    """Our stylesheets, the map module and its settings as JSON (`<script type="application/json">`):
    no inline code, so the page runs no script but folium's `L.map` besides files from our origin."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <link rel="stylesheet" href="{{ this.font_css }}">
            <link rel="stylesheet" href="{{ this.css }}">
            <link rel="stylesheet" href="{{ this.basemap_css }}">
            <script type="module" src="{{ this.module }}"></script>
        {% endmacro %}
        """
    )

    def __init__(self, options: dict[str, object], static: str) -> None:
        super().__init__()
        self._name = "CameramapHandover"
        self.options = options
        self.font_css = f"{static}/{FONT_CSS}"
        self.css = f"{static}/{OWN_CSS}"
        self.basemap_css = f"{static}/{BASEMAP_CSS}"
        self.module = f"{static}/{MODULE}"

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # as ShellMap.render
        super().render(**kwargs)
        config = Markup('<script type="application/json" id="{}">{}</script>').format(
            CONFIG_ID, htmlsafe_json_dumps(self.options))
        _figure(self).html.add_child(Raw(config), name=self.get_name())


def _figure(element: Element) -> Figure:
    """The page an element renders into (MacroElement.render has already checked it is one)."""
    root = element.get_root()
    if not isinstance(root, Figure):
        raise TypeError("a map element renders only inside a Figure")
    return root


def _options(config: ShellConfig, map_name: str) -> dict[str, object]:
    extent = [round(float(v), 7) for v in config.extent] if config.extent else None
    return {
        "map": map_name, "tileUrl": config.tile_url, "tileAttribution": config.tile_attribution,
        "api": config.api, "cameraPath": config.camera_path,
        "sourcesPath": config.sources_path, "limit": int(config.limit),
        "statuses": list(config.statuses), "extent": extent, "geocode": config.geocode,
        "feed": config.feed, "operators": config.operators, "operatorPath": config.operator_path,
        "about": config.about, "challenge": config.challenge, "powWorker": config.pow_worker,
        "basemap": "" if config.tile_url else config.basemap, "basemapMaxZoom": int(config.basemap_maxzoom),
        "basemapClient": config.basemap_client, "streets": config.streets,
        "lang": config.lang, "i18n": config.i18n, "languages": [list(pair) for pair in config.languages],
        **{name: list(values) for name, values in config.vocabularies},
    }


def _center(config: ShellConfig) -> tuple[list[float], int]:
    west, south, east, north = config.extent or WORLD
    return [(south + north) / 2, (west + east) / 2], (2 if config.extent is None else 12)


def build_map(config: ShellConfig) -> folium.Map:
    """The folium Map for `config`; the module adds the base layer and positions the view."""
    location, zoom = _center(config)
    fmap = ShellMap(
        Markup(config.chrome), config.heading, location=location, zoom_start=zoom, tiles=None,
        max_zoom=19, prefer_canvas=True, world_copy_jump=True, zoom_control=False,
    )
    # Instance attributes: the class-level lists point at CDNs and must never be used.
    fmap.default_js = [(STATIC_JS[0], f"{config.static}/{STATIC_JS[1]}")]
    fmap.default_css = [(STATIC_CSS[0], f"{config.static}/{STATIC_CSS[1]}")]
    root: Any = fmap.get_root()  # a branca Figure
    root.title = escape(config.title)  # branca does not escape it
    fmap.add_child(ModuleHandover(_options(config, fmap.get_name()), config.static))
    return fmap


@lru_cache(maxsize=64)
def render_shell(config: ShellConfig) -> str:
    """The page HTML for `config` with `<html lang>`, rendered once per distinct config."""
    if not LANGUAGE_CODE.match(config.lang):
        raise ValueError(f"not a language code: {config.lang!r}")
    html = build_map(config).get_root().render()
    return html.replace("<html>", f'<html lang="{config.lang}">', 1)
