"""Maps: an article as an interactive HTML map, a static PNG, and inline in Jupyter.

:func:`map_article` analyses an article with
:func:`geomap.article.analysis_from_text` (the places it names, buffer zones
along the border oblasts it names, optionally a front-line snapshot: the same
analysis ``geomap zone --article`` reports) and returns a :class:`folium.Map`
with:

- a light vector basemap of country and oblast outlines (no tile server
  needed; tiles are an option when online);
- international borders, the oblasts the article names (popup: the sentences
  that name them), the settlements and raions it names (markers by kind;
  popup: sentences, distance to the border, zones holding them);
- the border sector and one layer per buffer zone (tooltip: area,
  settlements, population), the settlements inside the zones (clustered),
  the occupied area and the front line when given;
- a title block with the headline, what was drawn and the data attribution,
  a legend, a layer control, scale, measure and full-screen controls.

:func:`map_to_html` writes it atomically. Pages are deterministic (folium's
random element ids are replaced by a counter), so the same inputs give
byte-identical HTML; by default they are self-contained (Leaflet and plugins
inlined from the asset cache, see :mod:`geomap._assets`), so a saved map
opens offline from ``file://``. Geometries are simplified for display only
(in a projected CRS); every measurement is made on the full geometries.

:func:`map_to_png` draws the same layers with matplotlib: basemap, zones,
occupied area, markers, legend, a scale bar and the attribution.

This module renders; its pieces live beside it: the overlays of the page in
:mod:`geomap._maps_layers`, the shared folium elements, display geometry and
basemap in :mod:`geomap._maps_folium`, the title block and popups in
:mod:`geomap._maps_text`, the PNG in :mod:`geomap._maps_png`.

Article text is untrusted: everything it contributes to the page (headline,
sentences, names) is HTML-escaped, and per-feature tooltips and popups are
bound from JSON data, never from code built out of the text.

>>> from geomap.maps import map_article
>>> m = map_article("Drones hit Sumy and Okhtyrka in Sumy Oblast near the Kursk region.",
...                 self_contained=False)
>>> m.layers.depths, m.layers.along
([10.0, 20.0, 30.0], ['Kursk Oblast', 'Sumy Oblast'])
>>> [name for name in m.layer_names() if name.startswith("Zone")]
['Zone 0–30 km', 'Zone 0–20 km', 'Zone 0–10 km']
"""

from __future__ import annotations

import html as _html
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element
from folium import plugins

from . import _basemap as bm
from . import _maps_style as sty
from ._errors import InputError
from ._io import atomic_write
from ._log import get_logger

# names that moved out of this module stay importable from it (benchmarks, tests, notebooks)
from ._maps_folium import (  # noqa: F401
    BASEMAP_PRECISION,
    BASEMAP_TOLERANCE_M,
    BORDER_TOLERANCE_M,
    LAYER_TOLERANCE_M,
    PRECISION,
    _basemap,
    _basemap_window,
    _collection,
    _display,
    _feature,
    _FitBounds,
    _focus_bounds,
    _HtmlControl,
    _script_json,
    _seeded_ids,
    _Setup,
    _VectorLayer,
    _Zoom,
)
from ._maps_layers import (  # noqa: F401
    MAX_LABELS,
    _add_basemap,
    _add_frontline,
    _add_oblasts,
    _add_places,
    _add_settlements,
    _add_zones,
)
from ._maps_png import _figure_from_layers
from ._maps_text import _attribution, _headline, _summary_lines, _zone_columns
from ._safe_render import safe_root
from .article import AUTO_DEPTH_MAX_KM, ArticleAnalysis, analysis_from_text  # noqa: F401

__all__ = [
    "ArticleMap",
    "MapLayers",
    "html_from_map",
    "map_article",
    "map_layers_from_text",
    "map_to_html",
    "map_to_png",
]

log = get_logger("maps")

#: Leaflet (as folium pins it) + plugins only: no Bootstrap, jQuery or icon fonts, which
#: circle markers do not need and which would triple a self-contained page.
_LEAFLET_JS = [(n, u) for n, u in folium.Map.default_js if n == "leaflet"]
_LEAFLET_CSS = [(n, u) for n, u in folium.Map.default_css if n == "leaflet_css"]
#: Named tile layers offered by ``tiles=`` (any other value is passed to folium).
TILES = {
    "osm": "OpenStreetMap",
    "openstreetmap": "OpenStreetMap",
    "light": "CartoDB positron",
    "cartodb positron": "CartoDB positron",
    "positron": "CartoDB positron",
}


# --------------------------------------------------------------------- layers
@dataclass
class MapLayers(ArticleAnalysis):
    """Everything a map of an article shows, before styling.

    The :class:`~geomap.article.ArticleAnalysis` of the article (its places,
    depths, sector, zones, report and front line; see there for the
    attributes), with the article's headline and the words of the title block.
    """

    text: str
    places: gpd.GeoDataFrame

    @property
    def headline(self) -> str:
        """The article's first line (cut to 140 characters)."""
        return _headline(self.text)

    def summary_lines(self) -> list[str]:
        """Plain-text lines for the title block."""
        return _summary_lines(self)

    def attribution(self) -> list[str]:
        """Attribution items for the title block and the PNG."""
        return _attribution(self)


def map_layers_from_text(
    text: str,
    *,
    depths: Any = None,
    along: str | Sequence[str] | None = "auto",
    side: str = "UA",
    frontline: Any = None,
    worldview: str | None = None,
    places: gpd.GeoDataFrame | None = None,
) -> MapLayers:
    """Parse an article and compute every layer of its map (no styling).

    The analysis is :func:`geomap.article.analysis_from_text`, the one
    ``geomap zone --article`` makes too.

    Parameters
    ----------
    text : str
        The article (English, Russian or Ukrainian; untrusted).
    depths : number, list or str, optional
        Zone depths in km; default the distances the article states, else
        ``settings.default_depths_km`` (see :func:`map_article`).
    along : "auto", str, list of str or None
        Border sector: the oblasts the article names (``"auto"``), oblast
        names or a border such as ``"RU-UA"``; None for no zones.
    side : {"UA", "RU", "both"}
        Country the zones reach into.
    frontline : path, date, GeoDataFrame, optional
        A front-line snapshot file, a cached snapshot date or a table from
        :func:`geomap.frontline.frontline_from_file`.
    worldview : {"de_jure", "de_facto"}, optional
        Border convention.
    places : GeoDataFrame, optional
        Places already parsed from ``text`` (saves parsing twice).

    Returns
    -------
    MapLayers
        The places, sector, zones, zone report and front line of the map,
        with the notes and sources its title block shows.

    Examples
    --------
    >>> layers = map_layers_from_text("Shelling hit Vovchansk, near the Belgorod region.")
    >>> layers.along, layers.depth_source, len(layers.zones)
    (['Belgorod Oblast'], 'default', 3)
    """
    if text is None:
        msg = "text must be str or UTF-8 bytes, got NoneType; pass the article text"
        raise InputError(msg)
    analysis = analysis_from_text(
        text,
        along=along,
        depths=depths,
        side=side,
        frontline=frontline,
        worldview=worldview,
        places=places,
    )
    return MapLayers(**vars(analysis))


class ArticleMap(folium.Map):
    """A :class:`folium.Map` of an article that keeps its :class:`MapLayers`.

    It displays inline in Jupyter (self-contained when built so) and
    ``save(path)`` writes it with :func:`map_to_html`.
    """

    layers: MapLayers
    self_contained: bool = True
    #: geomap's layer control, put last when the map is rendered
    _layer_control: Element | None = None
    #: names of the children the builder added (a user's layers are the others)
    _own_children: set[str] | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        safe_root(self)  # article text is never compiled as a template

    # folium's Map.render returns None (it fills the Figure), branca types Element.render as str
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Render with geomap's layer control last, so it lists every overlay.

        Layers a user adds after :func:`map_article` returns (the usual folium
        idiom) are listed too; when the user adds a ``folium.LayerControl`` of
        their own, theirs is the only one on the page.
        """
        own = self._own_children
        if own is not None and set(self._children) - own:
            # a user's layers may need folium's usual scripts (jQuery for popups...)
            self.default_js = list(folium.Map.default_js)
            self.default_css = list(folium.Map.default_css)
        control = self._layer_control
        if control is not None:
            name = control.get_name()
            self._children.pop(name, None)
            theirs = any(isinstance(c, folium.LayerControl) for c in self._children.values())
            if not theirs:
                self._children[name] = control
        super().render(**kwargs)

    def layer_names(self) -> list[str]:
        """Names of the overlays listed in the layer control, in order."""
        return [
            item.layer_name
            for item in self._children.values()
            if isinstance(item, folium.map.Layer) and item.control
        ]

    def _repr_html_(self, **kwargs) -> str:
        srcdoc = _html.escape(html_from_map(self), quote=True)
        return (
            '<div style="width:100%;"><div style="position:relative;width:100%;height:0;'
            f'padding-bottom:60%;"><iframe srcdoc="{srcdoc}" style="position:absolute;'
            'width:100%;height:100%;left:0;top:0;border:none !important;" allowfullscreen '
            "webkitallowfullscreen mozallowfullscreen></iframe></div></div>"
        )

    def save(self, outfile, close_file: bool = True, **kwargs) -> None:
        """Write the page atomically (see :func:`map_to_html`)."""
        map_to_html(self, outfile)


# ------------------------------------------------------------------- building
def map_article(
    text: str,
    *,
    depths: Any = None,
    along: str | Sequence[str] | None = "auto",
    side: str = "UA",
    frontline: Any = None,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    self_contained: bool = True,
    worldview: str | None = None,
    places: gpd.GeoDataFrame | None = None,
    settlements: bool = True,
) -> ArticleMap:
    """An article as an interactive map (a :class:`folium.Map`).

    Parameters
    ----------
    text : str
        The article (English, Russian or Ukrainian; untrusted).
    depths : number, list or str, optional
        Zone depths in km ("10,20,30"). Default: the distances the article
        states (up to 100 km), else ``settings.default_depths_km``.
    along : "auto", str, list of str or None
        Border sector: ``"auto"`` takes the border oblasts the article names
        on the far side from ``side``; or oblast names / a border such as
        ``"RU-UA"``; None for no zones. When "auto" finds none, no zones are
        drawn and the title block says so.
    side : {"UA", "RU", "both"}
        Country the zones reach into.
    frontline : path, date, GeoDataFrame, optional
        A front-line snapshot file, a cached snapshot date (YYYY-MM-DD) or
        :func:`geomap.frontline.frontline_from_file` output.
    tiles : str, optional
        A tile layer for online use ("osm", "light", any folium tiles name, or
        a tile URL such as ``https://tile.example/{z}/{x}/{y}.png``). The page
        chooses: while tiles load they are shown and the vector basemap's
        fill, labels and rivers are hidden; when tiles fail before any loads
        (offline) the tile layer is dropped and the vector basemap stays.
    tiles_attribution : str, optional
        Attribution of a tile URL (required for one: tile providers' terms ask
        for it; named tiles bring their own).
    self_contained : bool
        Inline Leaflet and plugins when the page is written or displayed
        (needs the asset cache; otherwise the page links the CDNs).
    worldview : {"de_jure", "de_facto"}, optional
        Border convention.
    places : GeoDataFrame, optional
        Places already parsed from ``text`` (saves parsing twice).
    settlements : bool
        Draw the settlements inside the zones (clustered).

    Returns
    -------
    ArticleMap
        A folium Map with ``.layers`` (:class:`MapLayers`).

    Examples
    --------
    >>> m = map_article("Drones hit Sumy.", along=None, self_contained=False)
    >>> m.layer_names()
    ['Basemap (countries, oblasts)', 'Place names', 'International borders', 'Places named in the article']
    """
    if tiles:
        _tile_layer(tiles, tiles_attribution)  # a bad tiles value fails before the work
    layers = map_layers_from_text(
        text,
        depths=depths,
        along=along,
        side=side,
        frontline=frontline,
        worldview=worldview,
        places=places,
    )
    with _seeded_ids("g"):
        m = _build(layers, tiles=tiles, tiles_attr=tiles_attribution, settlements=settlements)
    m.self_contained = bool(self_contained)
    return m


def _tile_layer(tiles: str, attribution: str | None = None, **kwargs: Any) -> folium.TileLayer:
    """A folium tile layer for a tiles name or URL; a URL without attribution is refused.

    >>> _tile_layer("osm").tile_name.lower()
    'openstreetmap'
    >>> _tile_layer("https://t.example/{z}/{x}/{y}.png")
    Traceback (most recent call last):
    ...
    geomap._errors.InputError: tile layer 'https://t.example/{z}/{x}/{y}.png' is a URL or an unknown tiles name, and a tile URL needs its attribution; pass --attribution TEXT (tiles_attribution=) or use --tiles osm or light
    """
    name = TILES.get(str(tiles).lower(), str(tiles))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # CartoDB's API-key notice
            return folium.TileLayer(name, attr=attribution or None, **kwargs)
    except ValueError:
        msg = (
            f"tile layer {str(tiles)!r} is a URL or an unknown tiles name, and a tile URL needs "
            "its attribution; pass --attribution TEXT (tiles_attribution=) or use --tiles osm or light"
        )
        raise InputError(msg) from None


def _build(
    layers: MapLayers, *, tiles: str | None, tiles_attr: str | None = None, settlements: bool
) -> ArticleMap:
    focus = _focus_bounds(layers)
    m = _new_map(layers, focus, tiles=tiles, tiles_attr=tiles_attr)
    legend: list[tuple[str, str, dict[str, Any]]] = []
    _add_basemap(m, layers, focus, legend)
    cols = _zone_columns(layers.places)
    _add_oblasts(m, layers, cols, legend)
    if layers.report is not None:
        _add_zones(m, layers, legend)
    if layers.frontline is not None:
        _add_frontline(m, layers, legend)
    if settlements and layers.report is not None:
        _add_settlements(m, layers, legend)
    _add_places(m, layers, cols, legend)
    _add_controls(m, focus, legend, tiles=tiles, tiles_attr=tiles_attr)
    return m


def _new_map(
    layers: MapLayers, focus: tuple[float, ...], *, tiles: str | None, tiles_attr: str | None
) -> ArticleMap:
    """The bare map: Leaflet only, the page setup, the title block, zoom, the tile switch."""
    center = [(focus[1] + focus[3]) / 2, (focus[0] + focus[2]) / 2]
    m = ArticleMap(
        location=center,
        zoom_start=7,
        tiles=None,
        zoom_control=False,
        control_scale=True,
        prefer_canvas=False,
    )
    m.layers = layers
    m.options["maxZoom"] = 18
    m.options["minZoom"] = 3
    m.default_js = list(_LEAFLET_JS)
    m.default_css = list(_LEAFLET_CSS)
    attribution = layers.attribution()
    _Setup(
        title=sty.esc(layers.headline), attribution=sty.esc(" · ".join(attribution[:-1]))
    ).add_to(m)
    _HtmlControl(
        sty.title_html(layers.headline, layers.summary_lines(), attribution),
        position="topleft",
        css_class="geomap-title",
    ).add_to(m)
    _Zoom().add_to(m)
    if tiles:
        bm.TileSwitch(
            _tile_layer(tiles, tiles_attr, name="Tiles", overlay=False, control=True).add_to(m)
        ).add_to(m)
    return m


def _add_controls(
    m: ArticleMap,
    focus: tuple[float, ...],
    legend: list,
    *,
    tiles: str | None,
    tiles_attr: str | None,
) -> None:
    """Full screen, measure, the mini map (with tiles), the legend, layer control and bounds."""
    plugins.Fullscreen(position="topleft").add_to(m)
    plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
        secondary_area_unit="hectares",
    ).add_to(m)
    if tiles:
        plugins.MiniMap(
            tile_layer=_tile_layer(tiles, tiles_attr),
            toggle_display=True,
            position="bottomleft",
        ).add_to(m)
    _HtmlControl(sty.legend_html(legend), position="bottomright", css_class="geomap-legend").add_to(
        m
    )
    m._layer_control = folium.LayerControl(collapsed=False, position="topright").add_to(m)
    bounds = [[round(focus[1], 4), round(focus[0], 4)], [round(focus[3], 4), round(focus[2], 4)]]
    _FitBounds(bounds).add_to(m)
    m._own_children = set(m._children)


# ------------------------------------------------------------------- output
def html_from_map(m: folium.Map, *, self_contained: bool | None = None) -> str:
    """The full HTML page of a map, deterministic; inlined when self-contained.

    Parameters
    ----------
    m : folium.Map
        Any folium map; element ids are numbered, so the same map gives the
        same page.
    self_contained : bool, optional
        Inline the front-end libraries (and fonts) into the page; defaults to
        the map's own setting (True for :func:`map_article` maps).

    Returns
    -------
    str
        The HTML page.
    """
    if self_contained is None:
        self_contained = getattr(m, "self_contained", True)
    with _seeded_ids("r"):
        page = m.get_root().render()
    if self_contained:
        from ._assets import inline_assets

        page = inline_assets(page)
    return page


def map_to_html(
    m: folium.Map, path: str | os.PathLike[str], *, self_contained: bool | None = None
) -> Path:
    """Write a map's page atomically (temporary file + rename); return the path.

    An unwritable destination raises :class:`~geomap.InputError` and leaves
    no file behind.

    Parameters
    ----------
    m : folium.Map
        The map to write.
    path : path-like
        The HTML file to write.
    self_contained : bool, optional
        As :func:`html_from_map` takes it.

    Returns
    -------
    Path
        ``path``, written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> m = map_article("Drones hit Sumy.", along=None, self_contained=False)
    >>> p = map_to_html(m, pathlib.Path(tempfile.mkdtemp()) / "m.html")
    >>> p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    page = html_from_map(m, self_contained=self_contained)
    path = Path(path)
    with atomic_write(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)
    return path


def map_to_png(
    source: Any,
    path: str | os.PathLike[str],
    *,
    width_in: float = 11.0,
    height_in: float = 8.5,
    dpi: int = 150,
    **kwargs: Any,
) -> Path:
    """A clean static map (matplotlib): basemap, zones, front line, places, legend, scale bar.

    Parameters
    ----------
    source : ArticleMap, MapLayers or str
        A map from :func:`map_article`, its layers, or article text (then
        ``kwargs`` are passed to :func:`map_layers_from_text`).
    path : path-like
        Output PNG, written atomically.
    width_in, height_in : float
        Size of the figure in inches (default 11 x 8.5).
    dpi : int
        Pixels per inch (default 150).
    **kwargs
        Options of :func:`map_layers_from_text` when ``source`` is text.

    Returns
    -------
    Path
        ``path``, written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = map_to_png("Drones hit Sumy.", pathlib.Path(tempfile.mkdtemp()) / "m.png", along=None)
    >>> p.read_bytes()[:4]
    b'\\x89PNG'
    """
    if isinstance(source, ArticleMap):
        layers = source.layers
    elif isinstance(source, MapLayers):
        layers = source
    else:
        layers = map_layers_from_text(source, **kwargs)
    path = Path(path)
    fig = _figure_from_layers(layers, width_in=width_in, height_in=height_in)
    with atomic_write(path, "wb") as fh:
        fig.savefig(fh, format="png", dpi=dpi, metadata={"Software": None})
    return path
