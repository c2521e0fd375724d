"""Maps: an article as an interactive HTML map, a static PNG, and inline in Jupyter.

:func:`map_article` reads an article, finds the places it names
(:func:`geomap.places_from_text`), builds buffer zones along the border
oblasts it names (:mod:`geomap.zones`), optionally overlays a front-line
snapshot (:mod:`geomap.frontline`) and returns a :class:`folium.Map` with:

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

import contextlib
import functools
import html as _html
import itertools
import json
import math
import os
import re
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, MacroElement
from folium import plugins
from folium.template import Template

from . import _basemap as bm
from . import _maps_style as sty
from ._errors import GeomapError, InputError, ZoneError
from ._io import atomic_write, decode_text
from ._log import get_logger
from ._safe_render import safe_root

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

#: Distances stated in an article above this (km) are not taken as zone depths.
AUTO_DEPTH_MAX_KM = 100.0
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
#: Up to this many named places get a permanent label (beyond it: cities only).
MAX_LABELS = 30
#: Sentences shown per place in a popup.
_MAX_SENTENCES = 5
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
_SOURCE_LABEL = {
    "deepstate": "DeepStateMap",
    "deepstate-mirror": "DeepStateMap (daily mirror)",
    "isw": "ISW",
    "user": "user file",
}
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


# --------------------------------------------------------------------- layers
@dataclass
class MapLayers:
    """Everything a map of an article shows, before styling.

    Attributes
    ----------
    text : str
        The article.
    headline : str
        Its first line (cut to 140 characters).
    places : GeoDataFrame
        :func:`geomap.places_from_text` output plus ``distance_to_border_km``
        and, with zones, one ``in_<d>km`` column per depth.
    depths : list of float
        Zone depths (km).
    depth_source : str
        ``"given"``, ``"article"`` or ``"default"``.
    depth_phrases : list of str
        The article's phrases that stated the depths ("10-15 km").
    lang : str
        The article's language (``"en"``, ``"ru"``, ``"uk"``): the basemap
        names countries, oblasts and settlements in it.
    along : list of str or None
        Oblasts (or borders) of the sector; None when no zones were drawn.
    side : str
        Country the zones reach into (``"UA"``, ``"RU"`` or ``"both"``).
    report : ZoneReport or None
        :func:`geomap.zones.zone_report` of the zones.
    frontline : GeoDataFrame or None
        Front-line areas (:func:`geomap.frontline.frontline_from_file`).
    frontline_lines : GeoDataFrame or None
        The front line itself (:func:`geomap.frontline.frontline_to_lines`).
    notes : list of str
        What was not drawn and why (shown in the title block).
    """

    text: str
    headline: str
    places: gpd.GeoDataFrame
    depths: list[float]
    depth_source: str
    along: list[str] | None
    side: str
    worldview: str
    report: Any = None
    frontline: gpd.GeoDataFrame | None = None
    frontline_lines: gpd.GeoDataFrame | None = None
    notes: list[str] = field(default_factory=list)
    border_label: str = "the border"
    depth_phrases: list[str] = field(default_factory=list)
    lang: str = "en"

    @property
    def zones(self) -> gpd.GeoDataFrame | None:
        """The zone table (one row per depth and side) or None."""
        return None if self.report is None else self.report.zones

    @property
    def sector(self) -> Any:
        """The sector geometry the zones were built from (lon/lat) or None."""
        return None if self.report is None else self.report.zones.attrs.get("source")

    def summary_lines(self) -> list[str]:
        """Plain-text lines for the title block."""
        lines = []
        shown = self.places[self.places["kind"] != "country"]
        if len(shown):
            counts = shown["kind"].value_counts()
            parts = [
                f"{counts[k]} {k if counts[k] == 1 else _plural(k)}"
                for k in ("oblast", "raion", "city", "town", "village")
                if k in counts
            ]
            lines.append("Named in the article: " + ", ".join(parts) + ".")
        else:
            lines.append("The article names no place the gazetteer knows.")
        if self.report is not None:
            z = self.report.zones
            into = " and ".join(_country_name(s) for s in dict.fromkeys(z["side"]))
            depths = ", ".join(sty.fmt_depth(d) for d in self.depths)
            origin = {
                "article": "depths stated in the article",
                "default": "default depths",
                "given": "depths as requested",
            }[self.depth_source]
            if self.depth_source == "article" and self.depth_phrases:
                origin += ": " + ", ".join(f"“{p}”" for p in self.depth_phrases[:4])
            lines.append(f"Zones {depths} km into {into} along {self.border_label} ({origin}).")
            widest = z[z["depth_km"] == z["depth_km"].max()]
            lines.append(
                f"The {sty.fmt_depth(widest['depth_km'].iloc[0])} km zone: "
                f"{sty.fmt_area(widest['area_km2'].sum())}, {_settlement_counts(widest)}."
            )
        if self.frontline is not None:
            lines.append(f"Occupied area: {_frontline_label(self.frontline)}.")
        lines.extend(self.notes)
        return lines

    def attribution(self) -> list[str]:
        """Attribution items for the title block and the PNG."""
        from .data import ATTRIBUTION

        items = [ATTRIBUTION]
        if self.frontline is not None:
            items.append(f"Front line: {_frontline_label(self.frontline)}")
        items.append("Map: geomap")
        return items


def _plural(kind: str) -> str:
    return {"city": "cities", "oblast": "oblasts", "raion": "raions"}.get(kind, kind + "s")


def _country_name(code: str) -> str:
    return _country_names().get(str(code), str(code))


_COUNTRY_NAMES: dict[str, str] = {}


def _country_names() -> dict[str, str]:
    if not _COUNTRY_NAMES:
        from .data import countries

        c = countries()
        _COUNTRY_NAMES.update(dict(zip(c["iso2"], c["name"], strict=True)))
    return _COUNTRY_NAMES


def _frontline_label(gdf: gpd.GeoDataFrame) -> str:
    sources = [str(s) for s in dict.fromkeys(gdf["source"])] if "source" in gdf else []
    label = ", ".join(_SOURCE_LABEL.get(s, s) for s in sources) or "front-line file"
    dates = pd.to_datetime(gdf["date"]).dropna() if "date" in gdf else pd.Series([], dtype=object)
    if len(dates):
        label += f", {dates.max():%Y-%m-%d}"
    return label


def _headline(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            if len(line) > 140:
                cut = line[:130].rsplit(" ", 1)[0]
                line = cut + "…"
            return line
    return "Untitled article"


def _check_text(text: Any) -> str:
    if isinstance(text, bytes | bytearray):
        return decode_text(bytes(text))
    if not isinstance(text, str):
        msg = f"text must be str or UTF-8 bytes, got {type(text).__name__}; pass the article text"
        raise InputError(msg)
    return text


def _resolve_depths(depths: Any, places: gpd.GeoDataFrame) -> tuple[list[float], str, list[str]]:
    from .settings import settings
    from .zones import parse_depths

    if depths is not None:
        return parse_depths(depths), "given", []
    # only the depths of a zone, belt or strip: never an advance or a distance from a place
    stated = [
        d
        for d in places.attrs.get("distances", [])
        if d.get("role", "depth") == "depth" and 0 < d["km"] <= AUTO_DEPTH_MAX_KM
    ]
    if stated:
        phrases = list(dict.fromkeys(d["phrase"] for d in stated))
        return parse_depths([d["km"] for d in stated]), "article", phrases
    return parse_depths(settings.default_depths_km), "default", []


def _resolve_frontline(frontline: Any) -> gpd.GeoDataFrame | None:
    from .frontline import cached_snapshot, frontline_from_file

    if frontline is None:
        return None
    if isinstance(frontline, gpd.GeoDataFrame):
        if frontline.crs is None:
            msg = "the front-line GeoDataFrame has no CRS; read it with frontline_from_file"
            raise InputError(msg)
        return frontline.to_crs(4326) if frontline.crs.to_epsg() != 4326 else frontline
    arg = os.fspath(frontline)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(arg)) and not Path(arg).exists():
        return frontline_from_file(cached_snapshot(arg))
    return frontline_from_file(arg)


def _along_label(along: list[str]) -> str:
    """Readable sector: "the border of Kursk and Belgorod oblasts", "the RU–UA border".

    >>> _along_label(["Kursk Oblast", "Belgorod Oblast"])
    'the border of Kursk and Belgorod oblasts'
    >>> _along_label(["RU–UA"])
    'the RU–UA border'
    """
    names = [a for a in along if a]
    whole = [n for n in names if re.fullmatch(r"[A-Z]{2}(?:[-–][A-Z]{2})?", n)]
    parts = [f"the {n} border" for n in whole]
    obl = [n for n in names if n not in whole]
    if obl:
        if all(n.endswith(" Oblast") for n in obl) and len(obl) > 1:
            short = [n.removesuffix(" Oblast") for n in obl]
            parts.insert(0, f"the border of {', '.join(short[:-1])} and {short[-1]} oblasts")
        elif len(obl) > 1:
            parts.insert(0, f"the border of {', '.join(obl[:-1])} and {obl[-1]}")
        else:
            parts.insert(0, f"the border of {obl[0]}")
    return " and ".join(parts) or "the border"


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
    from . import data
    from .geoparse import places_from_text
    from .zones import along_from_places, border_sector, buffer_zones, zone_report

    text = _check_text(text)
    view = data.resolve_worldview(worldview)
    if places is None:
        places = places_from_text(text, worldview=view)
    depth_list, depth_source, phrases = _resolve_depths(depths, places)
    side_code = str(side).strip()
    side_code = "both" if side_code.lower() == "both" else side_code.upper()
    if side_code not in ("UA", "RU", "both"):
        msg = f"unknown side {side!r}; use UA, RU or both"
        raise ZoneError(msg)

    notes: list[str] = []
    along_list: list[str] | None = None
    if along is None or (isinstance(along, str) and along.strip().lower() in ("", "none")):
        notes.append("No zones drawn (none requested).")
    elif isinstance(along, str) and along.strip().lower() == "auto":
        try:
            along_list = along_from_places(
                places, side=side_code, countries=("RU", "UA"), worldview=view
            )
        except ZoneError:
            far = {"UA": "Russian", "RU": "Ukrainian", "both": "Russian or Ukrainian"}[side_code]
            notes.append(
                f"No zones drawn: the article names no {far} oblast on the Russia–Ukraine "
                "border (give --along NAMES)."
            )
    else:
        along_list = (
            [p.strip() for p in re.split(r"[,;\n]+", along) if p.strip()]
            if isinstance(along, str)
            else [str(a) for a in along]
        )

    front = _resolve_frontline(frontline)
    report = None
    border_label = "the border"
    if along_list:
        sector = border_sector(along_list, worldview=view)
        if front is not None and isinstance(along, str) and along.strip().lower() == "auto":
            sector = _outside_occupied(sector, front, notes)
        if sector is None:
            along_list = None
    if along_list:
        zones = buffer_zones(sector, depth_list, side=side_code, worldview=view)
        report = zone_report(zones, places=places, worldview=view)
        placed = report.places
        border_label = _along_label([*sector.attrs.get("sector", "").split(", ")])
        along_list = [s for s in sector.attrs.get("sector", "").split(", ") if s] or along_list
    else:
        placed = places.copy()
        placed["distance_to_border_km"] = _distance_to_ua_border(placed, view)

    lines = None
    if front is not None:
        from .frontline import frontline_to_lines

        try:
            lines = frontline_to_lines(front, worldview=view)
        except GeomapError as exc:
            notes.append(f"Front line not drawn: {exc}")
    return MapLayers(
        text=text,
        headline=_headline(text),
        places=placed,
        depths=depth_list,
        depth_source=depth_source,
        along=along_list,
        side=side_code,
        worldview=view,
        report=report,
        frontline=front,
        frontline_lines=lines,
        notes=notes,
        border_label=border_label,
        depth_phrases=phrases,
        lang=str(places.attrs.get("lang") or "en"),
    )


def _outside_occupied(sector: gpd.GeoDataFrame, front: gpd.GeoDataFrame, notes: list[str]):
    """The sector without the stretches inside the occupied area of ``front`` (None if none left).

    Zones are about a border a state holds: "Донеччина" must not draw a zone along the
    Donetsk–Rostov border inside land occupied since 2014. ``--along NAMES`` draws anyway.
    """
    from .zones import sector_outside

    occupied = front[front["status"] == "occupied"] if "status" in front.columns else front
    geoms = [g for g in occupied.geometry if g is not None and not g.is_empty]
    if not geoms:
        return sector
    area = shapely.union_all(geoms).buffer(0.002)  # about 200 m: the line along its edge too
    free = sector_outside(sector, area)
    if "length_km" in free.columns:  # slivers where the front line stops short of the border
        free = free[free["length_km"] >= 2.0]
    before = float(sector["length_km"].sum()) if "length_km" in sector.columns else 0.0
    after = float(free["length_km"].sum()) if len(free) and "length_km" in free.columns else 0.0
    if after < max(1.0, 0.05 * before):
        notes.append(
            "No zones drawn: the border the article names lies in occupied territory on the "
            "front line's date (give --along NAMES to draw it anyway)."
        )
        return None
    if before - after >= 1.0:
        notes.append(
            f"Zones leave out {before - after:,.0f} km of the border that lies in occupied "
            "territory on the front line's date."
        )
    return free


def _is_point(geoms) -> np.ndarray:
    return np.array(
        [g is not None and not g.is_empty and g.geom_type == "Point" for g in geoms], dtype=bool
    )


def _distance_to_ua_border(places: gpd.GeoDataFrame, view: str) -> np.ndarray:
    """Geodesic km from each point place to Ukraine's land border with RU and BY."""
    from .zones import border_sector, distances_from_sector

    out = np.full(len(places), np.nan)
    is_pt = _is_point(places.geometry)
    if is_pt.any():
        line = shapely.union_all(list(border_sector("UA", worldview=view).geometry))
        out[is_pt] = distances_from_sector(list(places.geometry[is_pt]), line)
    return np.round(out, 3)


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


# ------------------------------------------------------------- popup content
def _sentences_html(text: str, mentions: list[dict[str, Any]]) -> str:
    """Blockquotes of the sentences naming a place, mentions marked."""
    by_sentence: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for m in mentions or []:
        sentence = str(m.get("sentence", ""))
        start, end = int(m.get("start", 0)), int(m.get("end", 0))
        pos = m.get("sentence_start")
        if pos is None or text[pos : pos + len(sentence)] != sentence:
            pos = text.rfind(sentence, 0, start + len(sentence)) if sentence else -1
        pos = int(pos)
        key = (pos, sentence)
        if pos >= 0 and pos + len(sentence) >= end:
            by_sentence.setdefault(key, []).append((start - pos, end - pos))
        else:
            by_sentence.setdefault(key, [])
    items = list(by_sentence.items())
    out = [
        f"<blockquote>{sty.sentence_html(sentence, spans)}</blockquote>"
        for (_, sentence), spans in items[:_MAX_SENTENCES]
    ]
    if len(items) > _MAX_SENTENCES:
        out.append(f"<div>… and {len(items) - _MAX_SENTENCES} more sentences</div>")
    return "".join(out)


def _zone_columns(places: pd.DataFrame) -> list[tuple[float, str]]:
    cols = []
    for c in places.columns:
        m = re.fullmatch(r"in_([0-9.]+)km", str(c))
        if m:
            cols.append((float(m.group(1)), c))
    return sorted(cols)


def _zones_of(row: pd.Series, cols: list[tuple[float, str]]) -> list[float]:
    return [d for d, c in cols if bool(row.get(c, False))]


def _place_popup(row: pd.Series, layers: MapLayers, cols: list[tuple[float, str]]) -> str:
    kind = str(row["kind"])
    meta = [kind]
    if kind != "oblast" and isinstance(row.get("admin1"), str) and row["admin1"]:
        meta.append(str(row["admin1"]))
    meta.append(_country_name(row.get("country", "")))
    pop = row.get("population")
    if kind in ("city", "town", "village") and pop and float(pop) > 0:
        meta.append(f"population {sty.fmt_int(pop)}")
    parts = [
        f'<div class="geomap-popup"><h4>{sty.esc(row["name"])}</h4>',
        f'<div class="meta">{" · ".join(sty.esc(x) for x in meta)}</div>',
    ]
    if row.get("role") == "metonym":
        parts.append("<div><i>Named as a government or institution (metonym).</i></div>")
    if bool(row.get("approx", False)):
        parts.append("<div><i>Location approximate (centre of its unit).</i></div>")
    if kind == "raion" and getattr(row.get("geometry"), "geom_type", "Point") == "Point":
        parts.append(
            "<div><i>Centre only: the bundled data has no boundary for this raion.</i></div>"
        )
    dist = row.get("distance_to_border_km")
    where = "the border sector" if layers.report is not None else "Ukraine's border with RU/BY"
    if dist is not None and not (isinstance(dist, float) and math.isnan(dist)):
        parts.append(f"<div>Distance to {sty.esc(where)}: {sty.esc(sty.fmt_km(dist))}</div>")
    if cols:
        inside = _zones_of(row, cols)
        verb = "Overlaps" if kind == "oblast" else "Inside"
        if inside:
            shown = ", ".join(sty.fmt_depth(d) for d in inside)
            parts.append(f"<div>{verb} zones: {sty.esc(shown)} km</div>")
        else:
            parts.append("<div>Outside every zone</div>")
    n = int(row.get("n_mentions", 0) or 0)
    parts.append(f"<div>Named {n} time{'s' if n != 1 else ''}:</div>")
    parts.append(_sentences_html(layers.text, row.get("mentions") or []))
    why = f"confidence {float(row.get('confidence', 0)):.2f} · {row.get('reason', '')}"
    parts.append(f'<div class="why">{sty.esc(why)}</div></div>')
    return "".join(parts)


def _settlement_counts(z: pd.Series | pd.DataFrame) -> str:
    """Both settlement counts of a zone row (or rows), and what the population sums.

    >>> _settlement_counts(pd.Series({"settlements": 96, "settlements_approx": 1170,
    ...                               "population": 1234}))
    '96 settlements with exact positions and 1,170 more located only by their hromada centre; population 1,234 (exact settlements with a known population)'
    """
    exact = int(np.sum(z["settlements"]))
    approx = int(np.sum(z["settlements_approx"])) if "settlements_approx" in z else 0
    text = f"{sty.fmt_int(exact)} settlements with exact positions"
    if approx:
        text += f" and {sty.fmt_int(approx)} more located only by their hromada centre"
    pop = sty.fmt_int(int(np.sum(z["population"])))
    return f"{text}; population {pop} (exact settlements with a known population)"


def _zone_popup(z: pd.Series, layers: MapLayers) -> str:
    into = _country_name(z["side"]) if z["side"] != "none" else "both sides"
    head = f"{sty.fmt_depth(z['inner_km'])}–{sty.fmt_depth(z['depth_km'])} km zone, {into}"
    parts = [
        f'<div class="geomap-popup"><h4>{sty.esc(head)}</h4>',
        f"<div>Area: {sty.esc(sty.fmt_area(z['area_km2']))}</div>",
        f"<div>{sty.esc(_settlement_counts(z).capitalize())}</div>",
    ]
    by_ob = z.get("areas_by_oblast") or {}
    if by_ob:
        items = "".join(
            f"<li>{sty.esc(k)}: {sty.esc(sty.fmt_area(v))}</li>" for k, v in by_ob.items()
        )
        parts.append(f"<div>By oblast:</div><ul>{items}</ul>")
    largest = list(z.get("largest") or [])
    if largest:
        parts.append(f"<div>Largest: {sty.esc(', '.join(largest[:8]))}</div>")
    cols = dict((d, c) for d, c in _zone_columns(layers.places))
    col = cols.get(float(z["depth_km"]))
    if col is not None:
        named = layers.places[layers.places[col] & (layers.places["kind"] != "country")]
        if len(named):
            parts.append(f"<div>Named places inside: {sty.esc(', '.join(named['name']))}</div>")
    parts.append("</div>")
    return "".join(parts)


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


def _focus_bounds(
    layers: MapLayers, *, every_place: bool = False
) -> tuple[float, float, float, float]:
    """Lon/lat bounds to frame: the zones and named oblasts (else the named points).

    ``every_place`` frames every named point too (the PNG, which cannot pan).
    """
    geoms = []
    if layers.report is not None:
        geoms.extend(layers.report.zones.geometry)
    places = layers.places
    oblasts = places[places["kind"] == "oblast"]
    geoms.extend(oblasts.geometry)
    if not geoms or every_place:
        pts = places[places["kind"].isin(_SETTLEMENT_KINDS)]
        geoms.extend(pts.geometry)
    geoms = [g for g in geoms if g is not None and not g.is_empty]
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
    from . import data

    focus = _focus_bounds(layers)
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

    legend: list[tuple[str, str, dict[str, Any]]] = []
    base = sty.BASEMAP["style"]
    _VectorLayer(
        _basemap(layers.worldview, focus),
        name="Basemap (countries, oblasts)",
        style=base,
        interactive=False,
    ).add_to(m)
    folium.map.CustomPane("geomapLabels", z_index=450, pointer_events=False).add_to(m)
    rows = bm.label_rows(layers.worldview, _basemap_window(focus), focus, layers.lang)
    bm.BasemapLabels(_script_json(rows), name="Place names", pane="geomapLabels").add_to(m)

    # international borders of the region
    window = _basemap_window(focus)
    br = data.borders(worldview=layers.worldview)
    br = br[br["left"].isin(["UA", "RU", "BY"]) | br["right"].isin(["UA", "RU", "BY"])]
    br = br[br.intersects(shapely.box(*window))]
    clipped = [shapely.clip_by_rect(g, *window) for g in br.geometry]
    feats = []
    for (left, right), geom in zip(
        zip(br["left"], br["right"], strict=True),
        _display(clipped, BORDER_TOLERANCE_M),
        strict=True,
    ):
        if geom is not None:
            tip = f"{_country_name(left)} – {_country_name(right)}"
            feats.append(_feature(geom, {"t": sty.esc(tip)}))
    _VectorLayer(
        _collection(feats), name="International borders", style=sty.STYLE["border"]
    ).add_to(m)
    legend.append(("line", "International border", sty.STYLE["border"]))

    places = layers.places
    cols = _zone_columns(places)

    # oblasts named in the article
    ob = places[places["kind"] == "oblast"]
    if len(ob):
        feats = []
        for (_, row), geom in zip(
            ob.iterrows(), _display(ob.geometry, BORDER_TOLERANCE_M), strict=True
        ):
            if geom is None:
                continue
            feats.append(
                _feature(geom, {"t": sty.esc(row["name"]), "p": _place_popup(row, layers, cols)})
            )
        _VectorLayer(
            _collection(feats), name="Oblasts named in the article", style=sty.STYLE["oblast"]
        ).add_to(m)
        legend.append(("area", "Oblast named in the article", sty.STYLE["oblast"]))

    # zones, widest first so the narrow ones are on top
    if layers.report is not None:
        z = layers.report.zones
        colors = sty.zone_colors(z["depth_km"])
        for depth in sorted(colors, reverse=True):
            rows = z[z["depth_km"] == depth]
            feats = []
            for (_, zr), geom in zip(
                rows.iterrows(), _display(rows.geometry, BORDER_TOLERANCE_M), strict=True
            ):
                if geom is None:
                    continue
                into = _country_name(zr["side"]) if zr["side"] != "none" else "both sides"
                tip = (
                    f"{sty.fmt_depth(zr['inner_km'])}–{sty.fmt_depth(depth)} km zone ({into}): "
                    f"{sty.fmt_area(zr['area_km2'])}, {_settlement_counts(zr)}"
                )
                feats.append(_feature(geom, {"t": sty.esc(tip), "p": _zone_popup(zr, layers)}))
            style = {**sty.STYLE["zone_edge"], "fillColor": colors[depth], "fillOpacity": 0.3}
            label = f"Zone 0–{sty.fmt_depth(depth)} km"
            _VectorLayer(_collection(feats), name=label, style=style).add_to(m)
            legend.append(("area", label, style))
        src = layers.sector
        if src is not None:
            length = layers.report.sector_length_km
            tip = f"Border sector: {layers.report.sector} ({sty.fmt_km(length, 0)})"
            geom = _display([src], BORDER_TOLERANCE_M)[0]
            if geom is not None:
                _VectorLayer(
                    _collection([_feature(geom, {"t": sty.esc(tip)})]),
                    name="Border sector",
                    style=sty.STYLE["sector"],
                ).add_to(m)
                legend.append(("line", "Border sector of the zones", sty.STYLE["sector"]))

    # front line
    if layers.frontline is not None:
        _add_frontline(m, layers, legend)

    # settlements inside the zones, clustered
    if settlements and layers.report is not None:
        _add_settlements(m, layers, legend)

    # places named (points), on top
    pts = places[places["kind"].isin(_SETTLEMENT_KINDS)]
    pts = pts[_is_point(pts.geometry)]
    feats = []
    label_all = len(pts) <= MAX_LABELS
    for _, row in pts.iterrows():
        kind = "metonym" if row.get("role") == "metonym" else str(row["kind"])
        ks = sty.KIND_STYLE[kind]
        style = {"fillColor": ks["fillColor"], "radius": ks["radius"]}
        if kind == "metonym":
            style["color"] = "#555555"
        tip = f"{row['name']} ({row['kind']}{', metonym' if kind == 'metonym' else ''})"
        props = {"t": sty.esc(tip), "p": _place_popup(row, layers, cols), "s": style}
        props["r"] = ks["radius"]
        if label_all or kind == "city":
            props["l"] = sty.esc(row["name"])  # a permanent label instead of the hover tooltip
        geom = shapely.transform(row.geometry, lambda xy: np.round(xy, PRECISION))
        feats.append(_feature(geom, props))
    place_style = {
        "color": "#ffffff",
        "weight": 1.5,
        "fillOpacity": 0.95,
        "className": "geomap-place",
    }
    folium.map.CustomPane("geomapPlaces", z_index=640).add_to(m)
    _VectorLayer(
        _collection(feats),
        name="Places named in the article",
        style=place_style,
        pane="geomapPlaces",
    ).add_to(m)
    for kind in ("city", "town", "village", "raion"):
        if (pts["kind"] == kind).any():
            legend.append(
                (
                    "dot",
                    "Raion named (centre only)"
                    if kind == "raion"
                    else f"{kind.capitalize()} named",
                    {"color": "#ffffff", **sty.KIND_STYLE[kind]},
                )
            )
    if (pts.get("role") == "metonym").any():
        legend.append(
            (
                "dot",
                "Named as a government (metonym)",
                {"color": "#555555", **sty.KIND_STYLE["metonym"]},
            )
        )

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
    return m


def _add_frontline(m: ArticleMap, layers: MapLayers, legend: list) -> None:
    from .frontline import geodesic_area_km2

    front = layers.frontline
    if front is None:  # the caller draws a front line only when there is one
        return
    label = _frontline_label(front)
    feats = []
    for status in ("occupied", "contested", "liberated"):
        rows = front[front["status"] == status]
        if rows.empty:
            continue
        union = shapely.union_all([g for g in rows.geometry if g is not None and not g.is_empty])
        geom = _display([union], LAYER_TOLERANCE_M)[0]
        if geom is None:
            continue
        tip = f"{status.capitalize()} ({label}): {sty.fmt_area(geodesic_area_km2(union))}"
        feats.append(_feature(geom, {"t": sty.esc(tip), "s": sty.STATUS_STYLE[status]}))
        legend.append(("area", status.capitalize() + " area", sty.STATUS_STYLE[status]))
    name = f"Occupied area ({label})"
    _VectorLayer(_collection(feats), name=sty.esc(name), style={}).add_to(m)
    lines = layers.frontline_lines
    if lines is not None and len(lines):
        geom = _display([shapely.union_all(list(lines.geometry))], LAYER_TOLERANCE_M)[0]
        if geom is not None:
            dates = pd.to_datetime(front["date"]).dropna() if "date" in front else None
            day = f" {dates.max():%Y-%m-%d}" if dates is not None and len(dates) else ""
            tip = f"Front line{day}: {sty.fmt_km(float(lines['length_km'].sum()), 0)}"
            _VectorLayer(
                _collection([_feature(geom, {"t": sty.esc(tip)})]),
                name=sty.esc(f"Front line{day}"),
                style=sty.STYLE["frontline"],
            ).add_to(m)
            legend.append(("line", "Front line", sty.STYLE["frontline"]))


_CLUSTER_CALLBACK = """function (row) {
    var kinds = ["city", "town", "village"];
    var colors = %s;
    var mk = L.circleMarker([row[0], row[1]], {radius: 4, color: "#333", weight: 1,
        fillColor: colors[String(row[6])] || "#888", fillOpacity: 0.95});
    var tip = "<b>" + row[2] + "</b> (" + kinds[row[3]] + (row[7] ? ", part of " + row[7] : "")
        + ")<br>" + (row[4] > 0 ? "population " + row[4].toLocaleString("en") : "population unknown")
        + "<br>" + row[5].toFixed(1) + " km from the border; " + row[6] + " km zone";
    mk.bindTooltip(tip);
    return mk;
}"""


def _add_settlements(m: ArticleMap, layers: MapLayers, legend: list) -> None:
    st = layers.report.settlements
    st = st[~st["approx"].astype(bool)]
    kinds = {"city": 0, "town": 1, "village": 2}
    rows = []
    for r in st.itertuples():
        rows.append(
            [
                round(r.geometry.y, PRECISION),
                round(r.geometry.x, PRECISION),
                sty.esc(r.name),
                kinds.get(r.kind, 2),
                int(r.population or 0),
                round(float(r.distance_km), 2),
                float(r.zone_km) if float(r.zone_km) % 1 else int(r.zone_km),
                sty.esc(r.section_of) if r.section_of else "",
            ]
        )
    colors = {sty.fmt_depth(d): c for d, c in sty.zone_colors(layers.depths).items()}
    plugins.FastMarkerCluster(
        rows,
        callback=_CLUSTER_CALLBACK % json.dumps(colors, sort_keys=True),
        name=f"Settlements in the zones ({len(rows):,} with exact positions)",
        options={"maxClusterRadius": 45, "disableClusteringAtZoom": 11},
    ).add_to(m)
    legend.append(("cluster", "Settlements in the zones (clustered)", {}))


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


# ---------------------------------------------------------------------- PNG
_NICE_KM = (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def _png_area_labels(ax, layers: MapLayers, fwd, box: tuple[float, ...]) -> None:
    """Country and oblast names (page language) at their label points inside the view."""
    xmin, ymin, xmax, ymax = box
    for lon, lat, name, cls in bm.area_labels(layers.worldview, layers.lang):
        x, y = fwd.transform(lon, lat)
        if not (xmin < x < xmax and ymin < y < ymax):
            continue
        country = cls == "c"
        ax.text(
            x,
            y,
            name.upper() if country else name,
            fontsize=9 if country else 7,
            fontstyle="normal" if country else "italic",
            fontweight="bold" if country else "normal",
            color="#8a8a8a" if country else "#777777",
            ha="center",
            va="center",
            zorder=3,
            parse_math=False,
            clip_on=True,
        )


def _figure_from_layers(layers: MapLayers, *, width_in: float, height_in: float):
    """A matplotlib Figure (no pyplot state) drawing the layers of a map."""
    from matplotlib import patheffects
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from pyproj import CRS, Geod, Transformer

    from . import data

    focus = _focus_bounds(layers, every_place=True)
    lon0, lat0 = (focus[0] + focus[2]) / 2, (focus[1] + focus[3]) / 2
    crs = CRS.from_proj4(
        f"+proj=laea +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m +no_defs"
    )
    fwd = Transformer.from_crs(4326, crs, always_xy=True)
    inv = Transformer.from_crs(crs, 4326, always_xy=True)
    xs, ys = fwd.transform(
        [focus[0], focus[2], focus[0], focus[2], lon0, lon0],
        [focus[1], focus[1], focus[3], focus[3], focus[1], focus[3]],
    )
    xmin, xmax, ymin, ymax = min(xs), max(xs), min(ys), max(ys)
    # match the axes' aspect ratio
    ax_w, ax_h = width_in * 0.74, height_in * 0.80
    w, h = xmax - xmin, ymax - ymin
    if w / h < ax_w / ax_h:
        grow = (h * ax_w / ax_h - w) / 2
        xmin, xmax = xmin - grow, xmax + grow
    else:
        grow = (w * ax_h / ax_w - h) / 2
        ymin, ymax = ymin - grow, ymax + grow
    view = shapely.box(xmin, ymin, xmax, ymax)
    view_ll = shapely.box(*gpd.GeoSeries([view], crs=crs).to_crs(4326).total_bounds).buffer(1.0)

    def proj(geoms, tol: float = LAYER_TOLERANCE_M) -> gpd.GeoSeries:
        s = gpd.GeoSeries([g for g in geoms if g is not None and not g.is_empty], crs=4326)
        s = s[s.intersects(view_ll)].clip_by_rect(*view_ll.bounds).to_crs(crs)
        s = s[~s.is_empty]
        return s.simplify(tol) if tol else s

    fig = Figure(figsize=(width_in, height_in))
    ax = fig.add_axes((0.02, 0.06, 0.74, 0.80))
    ax.set_facecolor(sty.MAP_BACKGROUND)
    handles: list[Any] = []

    c = data.countries(worldview=layers.worldview)
    for code, geom in zip(c["iso2"], c.geometry, strict=True):
        s = proj([geom], BASEMAP_TOLERANCE_M)
        if len(s):
            fill = sty.BASEMAP["fill"].get(code, sty.BASEMAP["fill"]["*"])
            s.plot(ax=ax, color=fill, edgecolor=sty.BASEMAP["country_edge"], linewidth=0.6)
    ob = data.oblasts(worldview=layers.worldview)
    proj(list(ob.geometry.boundary), BASEMAP_TOLERANCE_M).plot(
        ax=ax, color=sty.BASEMAP["oblast_edge"], linewidth=0.5
    )
    rivers = proj(bm.river_lines(tuple(view_ll.bounds)), BASEMAP_TOLERANCE_M)
    if len(rivers):
        rivers.plot(ax=ax, color=sty.BASEMAP["river"]["color"], linewidth=0.9, alpha=0.8)
    _png_area_labels(ax, layers, fwd, (xmin, ymin, xmax, ymax))
    places = layers.places
    named_ob = places[places["kind"] == "oblast"]
    if len(named_ob):
        st = sty.STYLE["oblast"]
        proj(list(named_ob.geometry)).plot(
            ax=ax, color=st["fillColor"], alpha=st["fillOpacity"] + 0.05, edgecolor="none"
        )
        proj(list(named_ob.geometry.boundary)).plot(ax=ax, color=st["color"], linewidth=1.2)
        handles.append(
            Patch(
                facecolor=st["fillColor"],
                alpha=0.4,
                edgecolor=st["color"],
                label="Oblast named in the article",
            )
        )
    if layers.report is not None:
        z = layers.report.zones
        colors = sty.zone_colors(z["depth_km"])
        for depth in sorted(colors, reverse=True):
            s = proj(list(z.loc[z["depth_km"] == depth, "geometry"]))
            s.plot(
                ax=ax,
                color=colors[depth],
                alpha=0.45,
                edgecolor=sty.STYLE["zone_edge"]["color"],
                linewidth=0.6,
            )
        for depth in sorted(colors):
            handles.append(
                Patch(facecolor=colors[depth], alpha=0.6, label=f"Zone 0–{sty.fmt_depth(depth)} km")
            )
    if layers.frontline is not None:
        for status, st in sty.STATUS_STYLE.items():
            rows = layers.frontline[layers.frontline["status"] == status]
            if rows.empty:
                continue
            proj(list(rows.geometry)).plot(
                ax=ax,
                color=st["fillColor"],
                alpha=0.45,
                edgecolor=st["color"],
                linewidth=0.5,
                hatch="///",
            )
            handles.append(
                Patch(
                    facecolor=st["fillColor"],
                    alpha=0.5,
                    hatch="///",
                    edgecolor=st["color"],
                    label=f"{status.capitalize()} area",
                )
            )
        if layers.frontline_lines is not None and len(layers.frontline_lines):
            st = sty.STYLE["frontline"]
            proj(list(layers.frontline_lines.geometry)).plot(
                ax=ax, color=st["color"], linewidth=1.8
            )
            handles.append(Line2D([], [], color=st["color"], linewidth=1.8, label="Front line"))
    br = data.borders(worldview=layers.worldview)
    proj(list(br.geometry)).plot(ax=ax, color=sty.STYLE["border"]["color"], linewidth=1.2)
    handles.append(
        Line2D(
            [], [], color=sty.STYLE["border"]["color"], linewidth=1.2, label="International border"
        )
    )
    if layers.sector is not None:
        st = sty.STYLE["sector"]
        proj([layers.sector]).plot(ax=ax, color=st["color"], linewidth=2.6, alpha=0.85)
        handles.append(Line2D([], [], color=st["color"], linewidth=2.6, label="Border sector"))
    if layers.report is not None:
        sett = layers.report.settlements
        sett = sett[~sett["approx"].astype(bool)]
        if len(sett):
            colors = sty.zone_colors(layers.depths)
            p = sett.to_crs(crs)
            ax.scatter(
                p.geometry.x,
                p.geometry.y,
                s=3,
                c=[colors[d] for d in sett["zone_km"]],
                edgecolors="#333333",
                linewidths=0.2,
                zorder=4,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=3,
                    color="#777777",
                    label="Settlement in a zone",
                )
            )
    pts = places[places["kind"].isin(_SETTLEMENT_KINDS)]
    pts = pts[_is_point(pts.geometry)]
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    seen = set()
    named_labels: list[Any] = []
    for _, row in pts.iterrows():
        x, y = fwd.transform(row.geometry.x, row.geometry.y)
        if not (xmin <= x <= xmax and ymin <= y <= ymax):
            continue
        kind = "metonym" if row.get("role") == "metonym" else str(row["kind"])
        ks = sty.KIND_STYLE[kind]
        edge = "#555555" if kind == "metonym" else "white"
        ax.plot(
            x,
            y,
            "o",
            markersize=ks["radius"] * 1.3,
            color=ks["fillColor"],
            markeredgecolor=edge,
            markeredgewidth=1.2,
            zorder=6,
        )
        named_labels.append(
            ax.annotate(
                sty.mpl_text(row["name"]),
                (x, y),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=9,
                zorder=7,
                path_effects=halo,
                annotation_clip=True,
            )
        )
        if kind not in seen:
            seen.add(kind)
            label = "Named as a government" if kind == "metonym" else f"{kind.capitalize()} named"
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=ks["radius"] * 1.1,
                    color=ks["fillColor"],
                    markeredgecolor=edge,
                    label=label,
                )
            )
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    bm.declutter_png_labels(fig, named_labels)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")

    # scale bar: a round number of km, its length measured on the ellipsoid
    geod = Geod(ellps="WGS84")
    target_km = (xmax - xmin) / 1e3 / 5
    km = min(_NICE_KM, key=lambda k: abs(k - target_km))
    x0, y0 = xmin + 0.03 * (xmax - xmin), ymin + 0.04 * (ymax - ymin)
    length = km * 1e3
    for _ in range(3):
        (lo0, lo1), (la0, la1) = inv.transform([x0, x0 + length], [y0, y0])
        true_m = geod.inv(lo0, la0, lo1, la1)[2]
        length *= km * 1e3 / true_m
    ax.plot(
        [x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt", zorder=8
    )
    ax.plot(
        [x0, x0 + length / 2],
        [y0, y0],
        color="white",
        linewidth=1.5,
        solid_capstyle="butt",
        zorder=9,
    )
    ax.annotate(
        f"{km} km",
        (x0 + length / 2, y0),
        xytext=(0, 5),
        textcoords="offset points",
        ha="center",
        fontsize=9,
        path_effects=halo,
        zorder=9,
    )
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.775, 0.86),
        fontsize=8.5,
        frameon=False,
        title="Legend",
        title_fontsize=10,
        alignment="left",
    )

    # every string drawn goes through sty.mpl_text: '$' in an article is never mathtext
    fig.text(
        0.02,
        0.955,
        sty.mpl_text(layers.headline),
        fontsize=14 if len(layers.headline) <= 85 else 11.5,
        fontweight="bold",
        va="top",
        wrap=True,
    )
    sub = sty.mpl_text(" ".join(layers.summary_lines()[1:3]))
    fig.text(0.02, 0.905, sub, fontsize=9.5, va="top", color="#333333", wrap=True)
    fig.text(
        0.98,
        0.02,
        sty.mpl_text(" · ".join(layers.attribution())),
        fontsize=7.5,
        ha="right",
        color="#555555",
    )
    return fig
