"""The readable basemap of geomap's pages: labels, rivers and the tile/vector switch.

Three pieces used by :func:`geomap.maps.map_article`:

- :func:`label_rows` picks the names the offline basemap shows from the
  bundled data: countries, oblasts and settlements (by population tier), in
  the page's language, each with the zoom levels at which it appears;
- :class:`BasemapLabels` draws them as a Leaflet layer (a small inline script,
  no library) that shows a label only when it collides with nothing already
  placed (cluster bubbles, the places the article names, bigger names), and
  moves the permanent labels of the named places off cluster bubbles and off
  each other (the map container's ``data-geomap-labels`` is ``"done"`` once
  the labels of the current view are final);
- :class:`TileSwitch` lets the page choose its basemap: while the tile layer
  loads tiles, the vector fill, the basemap labels and the rivers are hidden
  (tiles carry their own); when tiles fail before any loads (offline), the
  tile layer (and the mini map) is removed and the vector basemap stays.

Every name reaches the page HTML-escaped (:func:`geomap._maps_style.esc`)
inside script-safe JSON; no text is compiled as a template.

>>> rows = label_rows("de_jure", (30.0, 45.0, 40.0, 52.0), (34.0, 50.0, 36.0, 51.0), "uk")
>>> [r[2] for r in rows if r[3] == "o" and r[2].startswith("Сум")]
['Сумська область']
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from . import _maps_style as sty

__all__ = [
    "BasemapLabels",
    "TileSwitch",
    "area_labels",
    "declutter_png_labels",
    "label_rows",
    "river_lines",
    "settlement_min_zoom",
]

#: (population at least, first zoom level with a label) for settlements, biggest first.
SETTLEMENT_TIERS = (
    (1_000_000, 5),
    (300_000, 6),
    (100_000, 7),
    (30_000, 8),
    (10_000, 9),
    (3_000, 10),
    (1_000, 11),
    (1, 12),
)
#: Settlements are labelled from this population up in the whole window, from the
#: second up within ``_NEAR_MARGIN`` of the focus, and all (population known) within
#: ``_CLOSE_MARGIN`` (margins in degrees of the lon/lat window, not distances).
_FAR_MIN_POPULATION = 30_000
_NEAR_MIN_POPULATION = 3_000
_NEAR_MARGIN = 2.0
_CLOSE_MARGIN = 0.6
#: Zoom ranges of country and oblast labels.
_COUNTRY_ZOOMS = (3, 7)
_OBLAST_ZOOMS = (6, 9)
_MAX_ZOOM = 18
#: Label coordinates keep 3 decimals (about 100 m).
_LABEL_PRECISION = 3


def settlement_min_zoom(population: float) -> int | None:
    """First zoom level at which a settlement of this population gets a label.

    >>> settlement_min_zoom(2_952_301), settlement_min_zoom(60_127), settlement_min_zoom(0)
    (5, 8, None)
    """
    pop = float(population or 0)
    for floor, zoom in SETTLEMENT_TIERS:
        if pop >= floor:
            return zoom
    return None


def _pick(row: Any, lang: str) -> str:
    """The name of a row in the page language (``name_uk``/``name_ru``), else ``name``."""
    if lang in ("uk", "ru"):
        local = getattr(row, f"name_{lang}", None)
        if isinstance(local, str) and local.strip():
            return local.strip()
    return str(row.name)


def _inside(lon: float, lat: float, window) -> bool:
    return window[0] <= lon <= window[2] and window[1] <= lat <= window[3]


@functools.cache
def label_rows(
    worldview: str, window: tuple[float, ...], focus: tuple[float, ...], lang: str
) -> list[list[Any]]:
    """Basemap labels ``[lat, lon, html, cls, min_zoom, max_zoom]``, most important first.

    ``cls`` is ``"c"`` (country), ``"o"`` (oblast) or ``"s1"``–``"s4"``
    (settlement size classes). Settlements with an exact position and a known
    population inside ``window`` are kept: from 30,000 people in the whole
    window, from 3,000 near ``focus`` and all close to it; Ukrainian city
    districts that GeoNames lists as settlements are left out. ``html`` is escaped.
    """
    from . import data

    lang = lang if lang in ("uk", "ru") else "en"
    out: list[tuple[float, list[Any]]] = []
    for r in data.countries(worldview=worldview).itertuples():
        if _inside(r.lon, r.lat, window):
            row = [r.lat, r.lon, sty.esc(_pick(r, lang)), "c", *_COUNTRY_ZOOMS]
            out.append((0.0, row))
    for r in data.oblasts(worldview=worldview).itertuples():
        if r.kind != "city" and _inside(r.label_lon, r.label_lat, window):  # Kyiv: the city's
            out.append(
                (2.0, [r.label_lat, r.label_lon, sty.esc(_pick(r, lang)), "o", *_OBLAST_ZOOMS])
            )
    s = data.settlements()
    # a Ukrainian place without a KATOTTG record is a city district (Pravyi Bereh in
    # Mariupol, Darnytsia in Kyiv), not a settlement
    district = (s["country"] == "UA") & (s["source"] == "geonames")
    s = s[~s["approx"].astype(bool) & (s["population"].fillna(0) > 0) & ~district]
    pop = s["population"]

    def within(margin: float) -> pd.Series:
        return s["lon"].between(focus[0] - margin, focus[2] + margin) & s["lat"].between(
            focus[1] - margin, focus[3] + margin
        )

    keep = s["lon"].between(window[0], window[2]) & s["lat"].between(window[1], window[3])
    keep &= (
        (pop >= _FAR_MIN_POPULATION)
        | ((pop >= _NEAR_MIN_POPULATION) & within(_NEAR_MARGIN))
        | within(_CLOSE_MARGIN)
    )
    s = s[keep].sort_values(["population", "id"], ascending=[False, True])
    for r in s.itertuples():
        zoom = settlement_min_zoom(r.population)
        if zoom is None:
            continue
        cls = "s1" if zoom <= 6 else "s2" if zoom <= 8 else "s3" if zoom <= 10 else "s4"
        prio = 1.0 if zoom <= 6 else 3.0
        out.append((prio, [r.lat, r.lon, sty.esc(_pick(r, lang)), cls, zoom, _MAX_ZOOM]))
    out.sort(key=lambda item: item[0])  # stable: population order kept inside a class
    rows = [row for _, row in out]
    for row in rows:
        row[0] = round(float(row[0]), _LABEL_PRECISION)
        row[1] = round(float(row[1]), _LABEL_PRECISION)
    return rows


def area_labels(worldview: str, lang: str) -> list[tuple[float, float, str, str]]:
    """``(lon, lat, name, "c" or "o")`` of countries and oblasts, raw text (for the PNG)."""
    from . import data

    lang = lang if lang in ("uk", "ru") else "en"
    out = [
        (r.lon, r.lat, _pick(r, lang), "c")
        for r in data.countries(worldview=worldview).itertuples()
    ]
    out += [
        (r.label_lon, r.label_lat, _pick(r, lang), "o")
        for r in data.oblasts(worldview=worldview).itertuples()
        if r.kind != "city"
    ]
    return out


#: Offsets (points) and alignment tried in turn for a PNG label: right, then left, above, below.
_PNG_SPOTS = (
    ((6, 4), "left"),
    ((6, -11), "left"),
    ((-6, 4), "right"),
    ((-6, -11), "right"),
    ((0, 9), "center"),
    ((0, -17), "center"),
)


def declutter_png_labels(fig: Any, labels: list[Any]) -> None:
    """Move each matplotlib annotation to the first spot free of markers and earlier labels.

    A label with no free spot keeps its first one.
    """
    if len(labels) < 2:
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    renderer = FigureCanvasAgg(fig).get_renderer()
    r = 5.5 * fig.dpi / 72  # marker radius in pixels
    markers = []  # the other places' markers are obstacles too
    for ann in labels:
        x, y = ann.axes.transData.transform(ann.xy)
        markers.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    placed: list[Any] = []
    for i, ann in enumerate(labels):
        others = placed + markers[:i] + markers[i + 1 :]
        for offset, align in _PNG_SPOTS:
            ann.xyann = offset
            ann.set_horizontalalignment(align)
            box = ann.get_window_extent(renderer).expanded(1.04, 1.1)
            if not any(box.overlaps(other) for other in others):
                break
        else:
            ann.xyann, align = _PNG_SPOTS[0]
            ann.set_horizontalalignment(align)
            box = ann.get_window_extent(renderer)
        placed.append(box)


@functools.cache
def river_lines(window: tuple[float, ...]) -> list[Any]:
    """The bundled river lines crossing ``window`` (lon/lat, clipped), or [] without data."""
    import shapely

    from . import data

    rivers = data.rivers()
    if rivers is None or not len(rivers):
        return []
    box = shapely.box(*window)
    geoms = [shapely.clip_by_rect(g, *window) for g in rivers.geometry if g.intersects(box)]
    return [g for g in geoms if not g.is_empty and np.isfinite(g.length)]


_LABELS_JS = """
var geomapLabelLayer = L.Layer.extend({
  initialize: function (rows, pane) { this._rows = rows; this._pane = pane; },
  onAdd: function (map) {
    this._el = L.DomUtil.create("div", "geomap-base-labels", map.getPane(this._pane));
    map.on("zoomend moveend resize layeradd", this._later, this);
    map.on("zoomstart", this._hide, this);
    this._later();
  },
  onRemove: function (map) {
    map.off("zoomend moveend resize layeradd", this._later, this);
    map.off("zoomstart", this._hide, this);
    clearTimeout(this._t);
    clearTimeout(this._t2);
    L.DomUtil.remove(this._el);
  },
  _hide: function () { this._el.style.display = "none"; },
  _later: function () {
    // now, and again once cluster bubbles have finished their zoom animation
    var self = this, c = this._map.getContainer();
    clearTimeout(this._t);
    clearTimeout(this._t2);
    c.setAttribute("data-geomap-labels", "pending");
    this._t = setTimeout(function () { self._draw(); }, 80);
    this._t2 = setTimeout(function () {
      self._draw();
      c.setAttribute("data-geomap-labels", "done");
    }, 450);
  },
  _draw: function () {
    var map = this._map;
    if (!map) { return; }
    var z = map.getZoom(), view = map.getBounds().pad(0.05), c = map.getContainer();
    var cr = c.getBoundingClientRect(), boxes = [];
    function hit(b) {
      for (var i = 0; i < boxes.length; i++) {
        var o = boxes[i];
        if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) { return true; }
      }
      return false;
    }
    function rect(el, pad) {
      var r = el.getBoundingClientRect();
      return [r.left - cr.left - pad, r.top - cr.top - pad, r.right - cr.left + pad,
              r.bottom - cr.top + pad];
    }
    c.querySelectorAll(".marker-cluster, path.geomap-place").forEach(function (el) {
      boxes.push(rect(el, 2));
    });
    var tips = [];
    map.eachLayer(function (l) {
      var t = l.getTooltip && l.getTooltip();
      if (t && t.options.permanent && t.getElement() && map.hasLayer(t) &&
          /geomap-label/.test(t.options.className || "")) { tips.push([l, t]); }
    });
    tips.sort(function (a, b) { return (b[0].options.radius || 0) - (a[0].options.radius || 0); });
    tips.forEach(function (lt) {
      var t = lt[1], r = null, d = (lt[0].options.radius || 5) + 1, f = 23;
      // beside the marker; then clear of a cluster bubble centred on it (40 px wide)
      var dirs = [["right", [d, 0]], ["left", [-d, 0]], ["top", [0, -d]], ["bottom", [0, d]],
                  ["right", [f, 0]], ["left", [-f, 0]], ["top", [0, -f]], ["bottom", [0, f]]];
      for (var i = 0; i < dirs.length && !r; i++) {
        t.options.direction = dirs[i][0];
        t.options.offset = L.point(dirs[i][1]);
        t.update();
        var b = rect(t.getElement(), 1);
        if (!hit(b)) { r = b; }
      }
      if (!r) {
        t.options.direction = "right";
        t.options.offset = L.point(d, 0);
        t.update();
        r = rect(t.getElement(), 1);
      }
      boxes.push(r);
    });
    var html = [], shown = 0, size = {c: 13, o: 12, s1: 13, s2: 12, s3: 11, s4: 10.5};
    for (var i = 0; i < this._rows.length && shown < 400; i++) {
      var row = this._rows[i];
      if (z < row[4] || z > row[5] || !view.contains([row[0], row[1]])) { continue; }
      var p = map.latLngToContainerPoint([row[0], row[1]]);
      var fs = size[row[3]], w = row[2].length * fs * (row[3] === "c" ? 0.75 : 0.58) + 4;
      var h = fs * 1.3, area = row[3] === "c" || row[3] === "o", side = "";
      var b = area ? [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2]
                   : [p.x - 3, p.y - h / 2, p.x + 7 + w, p.y + h / 2];
      if (hit(b) && !area) {
        b = [p.x - 7 - w, p.y - h / 2, p.x + 3, p.y + h / 2];
        side = " gl-left";
      }
      if (hit(b)) { continue; }
      boxes.push(b);
      shown++;
      var lp = map.containerPointToLayerPoint(p);
      html.push('<div class="geomap-base-label gl-' + row[3] + side + '" style="left:' +
                Math.round(lp.x) + "px;top:" + Math.round(lp.y) + 'px"><span>' + row[2] +
                "</span></div>");
    }
    this._el.innerHTML = html.join("");
    this._el.style.display = "";
  }
});
"""


class BasemapLabels(Layer):
    """Zoom-dependent, collision-free basemap labels (an overlay in the layer control).

    ``rows`` come from :func:`label_rows`; their text is already escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}
        var {{ this.get_name() }} = new geomapLabelLayer({{ this.rows_json }}, {{ this.pane|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, rows_json: str, *, name: str, pane: str):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "labels"
        self.js = _LABELS_JS
        self.rows_json = rows_json
        self.pane = pane


class TileSwitch(MacroElement):
    """Tiles when they load, the vector basemap when they fail (offline).

    The map container gets the class ``geomap-tiles-on`` while tiles are
    shown (CSS then hides the vector fill, basemap labels and rivers) and
    ``data-geomap-basemap`` = ``"tiles"`` or ``"vector"``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
          var map = {{ this._parent.get_name() }}, tiles = {{ this.tiles.get_name() }};
          var c = map.getContainer(), ok = 0, bad = 0;
          function show(on) {
            L.DomUtil[on ? "addClass" : "removeClass"](c, "geomap-tiles-on");
            c.setAttribute("data-geomap-basemap", on ? "tiles" : "vector");
          }
          show(false);
          tiles.on("tileload", function () { ok++; if (map.hasLayer(tiles)) { show(true); } });
          tiles.on("tileerror", function () {
            bad++;
            if (!ok && bad >= 2 && map.hasLayer(tiles)) {
              map.removeLayer(tiles);
              // the mini map would stay a blank box: hide it too
              c.querySelectorAll(".leaflet-control-minimap").forEach(function (e) {
                e.style.display = "none";
              });
            }
          });
          tiles.on("remove", function () { show(false); });
          tiles.on("add", function () { if (ok) { show(true); } });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, tiles: Any):
        super().__init__()
        self._name = "tileswitch"
        self.tiles = tiles
