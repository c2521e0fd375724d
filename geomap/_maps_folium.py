"""The folium pieces of geomap's pages, and the geometry they draw.

Shared by the article map (:mod:`geomap.maps`), the front-line time map
(:mod:`geomap.frontline_time`) and the heat map (:mod:`geomap.heatmap`):

- deterministic element ids (:func:`_seeded_ids`), so the same build gives
  the same page;
- display geometry: copies simplified in a projected CRS and rounded
  (:func:`_display`), and GeoJSON features built from them;
- script-safe JSON and the Leaflet elements that bind escaped tooltips and
  popups from feature properties (:class:`_VectorLayer`, :class:`_Setup`,
  :class:`_HtmlControl`, :class:`_FitBounds`, :class:`_Zoom`);
- the offline vector basemap around a focus (:func:`_basemap`) and the focus
  of an article's layers (:func:`_focus_bounds`).

Every measurement is made on the full geometries; simplification is for
display only.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.template import Template

from . import _basemap as bm
from . import _maps_style as sty
from ._geodesy import distances_to_geometry_km

__all__ = [
    "BASEMAP_PRECISION",
    "BASEMAP_TOLERANCE_M",
    "BORDER_TOLERANCE_M",
    "LAYER_TOLERANCE_M",
    "PRECISION",
]

#: Display simplification tolerance (metres) for the basemap and for the data layers.
BASEMAP_TOLERANCE_M = 1000.0
LAYER_TOLERANCE_M = 150.0
#: ... for what follows Ukraine's ~10 m land border (border lines, zones, the sector, named
#: oblasts): its meanders would otherwise weigh more than the rest of the page.
BORDER_TOLERANCE_M = 300.0
#: Decimal places kept in display coordinates (5 = about 1 m; the basemap: 4 = about 10 m).
PRECISION = 5
BASEMAP_PRECISION = 4
#: Projection used to simplify geometries for display (metres, centred on the region).
_DISPLAY_CRS = "+proj=laea +lat_0=50 +lon_0=35 +datum=WGS84 +units=m +no_defs"
#: The basemap covers at least this window (lon/lat): Ukraine, Belarus, western Russia.
_BASEMAP_WINDOW = (20.0, 42.0, 42.5, 54.5)
#: Kinds of named places drawn as points.
_SETTLEMENT_KINDS = ("city", "town", "village", "raion")


# ------------------------------------------------------------ deterministic ids
_ID_LOCK = threading.RLock()


@contextlib.contextmanager
def _seeded_ids(prefix: str) -> Iterator[None]:
    """Give every branca/folium element created inside an id from a counter.

    folium names each element ``<kind>_<32 random hex digits>``; with a counter
    the same build gives the same page, and the page is smaller.
    """
    counter = itertools.count()
    original = Element.__dict__["_generate_id"]

    def _generate_id(cls) -> str:
        return f"{prefix}{next(counter)}"

    # branca has no hook for ids: the classmethod is swapped on the class meanwhile
    # (setattr, as the type of a method does not allow assigning to it)
    with _ID_LOCK:
        setattr(Element, "_generate_id", classmethod(_generate_id))  # noqa: B010
        try:
            yield
        finally:
            setattr(Element, "_generate_id", original)  # noqa: B010


# ----------------------------------------------------------- display geometry
def _display(geoms: Sequence[Any], tolerance_m: float, precision: int = PRECISION) -> list[Any]:
    """Simplified copies of lon/lat geometries for drawing (None for empty ones)."""
    series = gpd.GeoSeries(list(geoms), crs=4326)
    if tolerance_m > 0:
        series = series.to_crs(_DISPLAY_CRS).simplify(tolerance_m, preserve_topology=True)
        series = series.to_crs(4326)
    out: list[Any] = []
    for g in series:
        if g is None or g.is_empty:
            out.append(None)
            continue
        out.append(shapely.transform(g, lambda xy: np.round(xy, precision)))
    return out


def _feature(geom: Any, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


# -------------------------------------------------------------- folium pieces
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def _script_json(value: Any) -> str:
    """Compact JSON that is safe inside a <script> element (no <, >, & or ').

    >>> _script_json({"t": "</script><b>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.translate(_SCRIPT_SAFE)


class _VectorLayer(folium.map.Layer):
    """A GeoJSON layer whose tooltips and popups come from feature properties.

    ``properties.t`` (tooltip), ``properties.l`` (a permanent label, used
    instead of the tooltip) and ``properties.p`` (popup) hold HTML that was
    escaped in Python; ``properties.s`` overrides the layer style and
    ``properties.r`` is the radius of a point.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data_json }}, {
            style: function (f) {
                return Object.assign({}, {{ this.style_json }}, (f.properties || {}).s || {});
            },
            pointToLayer: function (f, ll) {
                return L.circleMarker(ll, {radius: (f.properties || {}).r || 5{% if this.pane %}, pane: {{ this.pane|tojson }}{% endif %}});
            },
            {%- if this.interactive %}
            onEachFeature: geomapBind,
            {%- endif %}
            {%- if this.pane %}
            pane: {{ this.pane|tojson }},
            {%- endif %}
            interactive: {{ this.interactive|tojson }}
        });
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data,
        *,
        name: str,
        style: dict[str, Any],
        interactive: bool = True,
        show: bool = True,
        control: bool = True,
        pane: str | None = None,
    ):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "layer"
        self.pane = pane
        self.data_json = _script_json(data)
        self.style_json = _script_json(style)
        self.interactive = interactive


class _Setup(MacroElement):
    """Page CSS, the shared binding function and the attribution text."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <title>{{ this.title }}</title>
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        function geomapBind(f, layer) {
            var p = f.properties || {};
            var point = f.geometry && f.geometry.type === "Point";
            if (p.l) {
                layer.bindTooltip(p.l, {permanent: true, direction: "right", offset: [5, 0],
                                        className: "geomap-label"});
            } else if (p.t) {
                layer.bindTooltip(p.t, {sticky: !point, direction: "top"});
            }
            if (p.p) { layer.bindPopup(p.p, {maxWidth: 380, maxHeight: 340}); }
        }
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, *, title: str, attribution: str):
        super().__init__()
        self._name = "setup"
        self.title = title  # escaped by the caller
        self.css = sty.PAGE_CSS
        self.attribution = attribution  # escaped by the caller


class _HtmlControl(MacroElement):
    """A Leaflet control showing a fixed block of (already escaped) HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html|tojson }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str):
        super().__init__()
        self._name = "control"
        self.html = html
        self.position = position
        self.css_class = css_class


class _FitBounds(MacroElement):
    """Fit the map to bounds at once (no animation, so the first paint is final)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "fit"
        self.bounds = bounds


class _Zoom(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.zoom({position: "topleft"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


# ------------------------------------------------------------------ basemap
#: The PNG frames the named places within this many km of the zones and oblasts; a place
#: farther off ("Washington may ease the pressure") would shrink the story to a dot.
FRAME_REACH_KM = 1000.0


def _focus_bounds(layers: Any, *, every_place: bool = False) -> tuple[float, float, float, float]:
    """Lon/lat bounds to frame: the zones and named oblasts (else the named points).

    ``every_place`` frames the named points too (the PNG, which cannot pan): those named
    as places (not as a government, "Washington said"), within :data:`FRAME_REACH_KM` of
    the zones and oblasts when there are any.
    """
    geoms = []
    if layers.report is not None:
        geoms.extend(layers.report.zones.geometry)
    places = layers.places
    oblasts = places[places["kind"] == "oblast"]
    geoms.extend(oblasts.geometry)
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    if not geoms or every_place:
        pts = places[places["kind"].isin(_SETTLEMENT_KINDS)]
        if every_place and "role" in pts and (pts["role"] == "place").any():
            pts = pts[pts["role"] == "place"]
        points = [g for g in pts.geometry if g is not None and not g.is_empty]
        if geoms and points:
            core = shapely.box(*shapely.GeometryCollection(geoms).bounds)
            km = distances_to_geometry_km([(p.x, p.y) for p in points], core)
            points = [p for p, d in zip(points, km, strict=True) if d <= FRAME_REACH_KM]
        geoms.extend(points)
    if not geoms:
        return (22.1, 44.3, 40.2, 52.4)  # Ukraine
    minx, miny, maxx, maxy = shapely.GeometryCollection(geoms).bounds
    pad_x, pad_y = max(0.15, (maxx - minx) * 0.04), max(0.1, (maxy - miny) * 0.04)
    return (minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y)


def _basemap_window(focus) -> tuple[float, float, float, float]:
    """The lon/lat window the basemap covers: the focus with a margin, and Ukraine."""
    x0, y0, x1, y1 = _BASEMAP_WINDOW
    return (
        min(x0, focus[0] - 9.0),
        min(y0, focus[1] - 5.0),
        max(x1, focus[2] + 9.0),
        max(y1, focus[3] + 5.0),
    )


@functools.cache
def _basemap_geoms(worldview: str, window: tuple[float, float, float, float]):
    """(country codes, country polygons, oblast edge lines) for the window, display-simplified."""
    from . import data

    box = shapely.box(*window)
    countries = data.countries(worldview=worldview)
    countries = countries[countries.intersects(box)].sort_values("iso2", kind="stable")
    clipped = [shapely.clip_by_rect(g, *window) for g in countries.geometry]
    polys = _display(clipped, BASEMAP_TOLERANCE_M, BASEMAP_PRECISION)
    ob = data.oblasts(worldview=worldview)
    ob = ob[ob.intersects(box)]
    # shared edges once: merge every outline, then simplify the merged lines
    edges = shapely.line_merge(shapely.union_all(list(ob.geometry.boundary)))
    edges = shapely.clip_by_rect(edges, *window)
    lines = _display([edges], BASEMAP_TOLERANCE_M, BASEMAP_PRECISION)[0]
    return list(countries["iso2"]), polys, lines


@functools.cache
def _river_geoms(window: tuple[float, float, float, float]) -> list[Any]:
    """Display-simplified river lines of the window (none when the data has no rivers)."""
    return [
        g for g in _display(bm.river_lines(window), BASEMAP_TOLERANCE_M, BASEMAP_PRECISION) if g
    ]


def _basemap(worldview: str, focus) -> dict[str, Any]:
    """The vector basemap (countries, main rivers, oblast edges) around ``focus``, as GeoJSON."""
    codes, polys, lines = _basemap_geoms(worldview, _basemap_window(focus))
    feats = []
    for code, geom in zip(codes, polys, strict=True):
        if geom is None:
            continue
        fill = sty.BASEMAP["fill"].get(code, sty.BASEMAP["fill"]["*"])
        feats.append(
            _feature(geom, {"s": {"fillColor": fill, "color": sty.BASEMAP["country_edge"]}})
        )
    for geom in _river_geoms(_basemap_window(focus)):
        feats.append(_feature(geom, {"s": sty.BASEMAP["river"]}))
    if lines is not None:
        feats.append(_feature(lines, {"s": {"color": sty.BASEMAP["oblast_edge"], "weight": 0.7}}))
    return _collection(feats)
