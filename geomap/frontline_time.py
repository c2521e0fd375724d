"""The front line over time: one page with a date slider and the changes in colour.

:func:`frontline_map` takes several front-line snapshots and returns a
:class:`folium.Map` that shows, for the date chosen with a slider:

- the occupied area at that date (with its area in km²);
- what changed since the previous date: newly occupied pieces (``gained``)
  in red and pieces no longer occupied (``lost``) in blue, each with a popup
  giving the piece's area and the km² gained and lost in every oblast
  (:func:`geomap.frontline.frontline_diff`);
- the previous date's occupied area as a dashed outline.

The page reuses the map pieces of :mod:`geomap.maps` (the offline vector
basemap, title block, legend, deterministic self-contained output through
:func:`geomap.maps.map_to_html`) and is rendered through
:class:`geomap._safe_render.SafeFigure`, so no text reaches a template
compiler. The slider is a small inline script; all the data is in the page,
so it works offline from ``file://``. Areas are measured on the full
geometries (geodesic, WGS84); only the drawn copies are simplified.

>>> from geomap.frontline import _demo_file
>>> m = frontline_map([_demo_file(date="2025-03-01"), _demo_file(date="2025-05-22", east=38.1)],
...                   by=None, self_contained=False)
>>> [round(float(a), -1) for a in m.steps["area_km2"]], round(float(m.steps["net_km2"].iloc[1]), -1)
([8380.0, 9210.0], 840.0)
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Mapping
from typing import Any

import folium
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.template import Template

from . import _maps_style as sty
from ._errors import InputError
from ._maps_folium import (
    BASEMAP_PRECISION,
    _basemap,
    _collection,
    _display,
    _feature,
    _FitBounds,
    _HtmlControl,
    _script_json,
    _seeded_ids,
    _Setup,
    _VectorLayer,
    _Zoom,
)
from .maps import ArticleMap

__all__ = ["FrontlineMap", "frontline_map"]

#: Display simplification tolerance (m) of the occupied areas and the changes.
TOLERANCE_M = 200.0
#: Changes smaller than this (km²) are digitising slivers, left out by default.
MIN_AREA_KM2 = 0.1
#: Rows of the per-oblast table in a popup (the largest changes).
_MAX_TABLE_ROWS = 12

_SOURCE_LABEL = {
    "deepstate": "DeepStateMap",
    "deepstate-mirror": "DeepStateMap (daily mirror)",
    "isw": "ISW",
    "user": "user file",
}

_TIME_CSS = """
.geomap-time { background: rgba(255,255,255,.95); padding: 8px 12px 9px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); width: 380px; font-size: 12.5px; }
.geomap-time-head { display: flex; align-items: center; gap: 8px; }
.geomap-time-date { font-weight: 700; font-size: 17px; flex: 1; text-align: center; }
.geomap-time-pos { color: #666; font-size: 11px; }
.geomap-time button { border: 1px solid #bbb; background: #f4f4f4; border-radius: 4px;
  width: 30px; height: 26px; cursor: pointer; font-size: 13px; }
.geomap-time button:disabled { opacity: .35; cursor: default; }
.geomap-time-range { width: 100%; margin: 6px 0 0; }
.geomap-time-ends { display: flex; justify-content: space-between; color: #777; font-size: 10.5px; }
.geomap-time-area { margin-top: 5px; font-size: 13px; }
.geomap-time-change { margin-top: 2px; color: #333; }
.geomap-time .up { color: #a50f15; font-weight: 700; }
.geomap-time .down { color: #08519c; font-weight: 700; }
.geomap-popup table.geomap-change { border-collapse: collapse; margin-top: 3px; }
.geomap-popup table.geomap-change td, .geomap-popup table.geomap-change th
  { padding: 1px 6px; text-align: right; border-bottom: 1px solid #eee; }
.geomap-popup table.geomap-change td:first-child, .geomap-popup table.geomap-change th:first-child
  { text-align: left; }
.geomap-popup table.geomap-change tr.total td { font-weight: 700; border-top: 1px solid #999; }
"""

_PANEL_HTML = (
    '<div class="geomap-time-head">'
    '<button type="button" class="geomap-time-prev" title="previous date">&#9664;</button>'
    '<span class="geomap-time-date"></span><span class="geomap-time-pos"></span>'
    '<button type="button" class="geomap-time-next" title="next date">&#9654;</button></div>'
    '<input type="range" class="geomap-time-range" min="0" step="1" aria-label="date">'
    '<div class="geomap-time-ends"><span class="geomap-time-first"></span>'
    '<span class="geomap-time-last"></span></div>'
    '<div class="geomap-time-area"></div><div class="geomap-time-change"></div>'
)


class FrontlineMap(ArticleMap):
    """A :class:`folium.Map` of the front line over time.

    ``steps`` holds one row per date: ``date``, ``area_km2``, ``gained_km2``,
    ``lost_km2``, ``net_km2`` (NaN on the first date) and ``pieces`` (changed
    pieces drawn); ``changes`` the per-oblast table of each step
    (:func:`geomap.frontline.frontline_diff`), None on the first date.
    """

    steps: pd.DataFrame
    changes: list[pd.DataFrame | None]

    def layer_names(self) -> list[str]:
        """Names of the overlays (the page has no layer control: the slider picks)."""
        return [
            item.layer_name
            for item in self._children.values()
            if isinstance(item, folium.map.Layer)
        ]


class _TimeSlider(MacroElement):
    """The slider control and the script that draws one date at a time."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var steps = {{ this.steps_json }};
            var st = {{ this.styles_json }};
            var group = L.layerGroup().addTo(map);
            var panel = L.control({position: "bottomleft"});
            panel.onAdd = function () {
                var div = L.DomUtil.create("div", "geomap-time");
                div.innerHTML = {{ this.panel_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            panel.addTo(map);
            var root = panel.getContainer();
            function q(c) { return root.querySelector(".geomap-time-" + c); }
            var slider = q("range"), prev = q("prev"), next = q("next");
            slider.max = String(steps.length - 1);
            slider.disabled = steps.length < 2;
            q("first").textContent = steps[0].d;
            q("last").textContent = steps[steps.length - 1].d;
            var api = {steps: steps.length, step: -1, date: null, pieces: 0, layers: 0};
            function bindPiece(step) {
                return function (f, layer) {
                    var p = f.properties;
                    layer.bindTooltip(p.t, {sticky: true, direction: "top"});
                    layer.bindPopup(p.p + step.tab, {maxWidth: 420, maxHeight: 440,
                        autoPanPaddingTopLeft: [10, 190]});
                };
            }
            function show(i) {
                i = Math.max(0, Math.min(steps.length - 1, Math.round(Number(i)) || 0));
                var s = steps[i];
                group.clearLayers();
                if (i > 0) {
                    group.addLayer(L.geoJSON(steps[i - 1].occ, {style: st.previous, interactive: false}));
                }
                var occ = L.geoJSON(s.occ, {style: st.occupied});
                occ.bindTooltip(s.tip, {sticky: true, direction: "top"});
                group.addLayer(occ);
                var pieces = L.geoJSON(s.pieces, {
                    style: function (f) { return st[f.properties.k]; },
                    onEachFeature: bindPiece(s)
                });
                group.addLayer(pieces);
                slider.value = String(i);
                prev.disabled = i === 0;
                next.disabled = i === steps.length - 1;
                q("date").textContent = s.d;
                q("pos").textContent = (i + 1) + " / " + steps.length;
                q("area").innerHTML = s.area;
                q("change").innerHTML = s.change;
                api.step = i; api.date = s.d;
                api.pieces = pieces.getLayers().length;
                api.layers = group.getLayers().length;
                root.setAttribute("data-date", s.d);
            }
            slider.addEventListener("input", function () { show(slider.value); });
            slider.addEventListener("change", function () { show(slider.value); });
            prev.addEventListener("click", function () { show(api.step - 1); });
            next.addEventListener("click", function () { show(api.step + 1); });
            api.show = show;
            window.geomapFrontline = api;
            show(steps.length - 1);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, steps: list[dict[str, Any]], styles: dict[str, Any]):
        super().__init__()
        self._name = "time"
        self.css = _TIME_CSS
        self.panel_html = _PANEL_HTML
        self.steps_json = _script_json(steps)
        self.styles_json = _script_json(styles)


# ------------------------------------------------------------------- inputs
def _snapshots(snapshots: Any) -> list[tuple[pd.Timestamp, Any]]:
    """(date, frame) pairs sorted by date; every snapshot needs a date, one per date."""
    from . import _frontline_sources as _src
    from .frontline import _as_frame, _snapshot_date

    if isinstance(snapshots, Mapping):
        items = list(snapshots.items())
    elif isinstance(snapshots, Iterable) and not isinstance(snapshots, str | bytes | os.PathLike):
        items = [(None, s) for s in snapshots]
    else:
        msg = "snapshots must be a list of files / GeoDataFrames or a mapping date -> snapshot"
        raise InputError(msg)
    if not items:
        msg = "no snapshots given; pass two or more front-line files, dates or GeoDataFrames"
        raise InputError(msg)
    out = []
    for n, (key, snap) in enumerate(items, 1):
        frame = _as_frame(snap)
        day = _src._day(key) if key is not None else _snapshot_date(frame)
        if day is None or pd.isna(day):
            what = os.fspath(snap) if isinstance(snap, str | os.PathLike) else f"snapshot {n}"
            msg = (
                f"{what!s} has no date; name the file with YYYYMMDD or pass a mapping "
                "date -> snapshot"
            )
            raise InputError(msg)
        out.append((pd.Timestamp(day).normalize(), frame))
    out.sort(key=lambda pair: pair[0])
    days = [d for d, _ in out]
    for a, b in itertools.pairwise(days):
        if a == b:
            msg = f"two snapshots of {a:%Y-%m-%d}; give one snapshot per date"
            raise InputError(msg)
    return out


def _source_label(frames: list[Any]) -> str:
    sources: dict[str, None] = {}
    for f in frames:
        if "source" in f.columns:
            sources.update(dict.fromkeys(str(s) for s in f["source"]))
    return ", ".join(_SOURCE_LABEL.get(s, s) for s in sources) or "front-line files"


# ------------------------------------------------------------------- content
def _num(value: float) -> str:
    """km² for a table cell: whole numbers from 10 up, one decimal below, "0" for none.

    >>> _num(2377.65), _num(0.69), _num(0.00005), _num(0.0)
    ('2,378', '0.7', '<0.1', '0')
    """
    v = abs(float(value))
    if v == 0:
        return "0"
    if v < 0.05:
        return "<0.1"
    return f"{v:,.0f}" if v >= 10 else f"{v:.1f}"


def _signed(value: float) -> str:
    """A change with its sign: "+2,378", "−4.3", "0"."""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + _num(value)


def _table_html(table: pd.DataFrame, day_from: str, day_to: str, totals: dict[str, float]) -> str:
    """The per-oblast change table shown under every piece's popup of one step."""
    rows = []
    shown = table.head(_MAX_TABLE_ROWS)
    for r in shown.itertuples(index=False):
        rows.append(
            f"<tr><td>{sty.esc(r.oblast)}</td><td>{_num(r.gained_km2)}</td>"
            f"<td>{_num(r.lost_km2)}</td><td>{_signed(r.net_km2)}</td></tr>"
        )
    more = len(table) - len(shown)
    if more > 0:
        rows.append(f'<tr><td colspan="4">… {more} more oblasts</td></tr>')
    rows.append(
        f'<tr class="total"><td>Total</td><td>{_num(totals["gained_km2"])}</td>'
        f"<td>{_num(totals['lost_km2'])}</td><td>{_signed(totals['net_km2'])}</td></tr>"
    )
    return (
        f'<div class="geomap-popup"><div class="why">Change {day_from} → {day_to} by oblast, km²'
        " (gained = newly occupied, lost = no longer occupied)</div>"
        '<table class="geomap-change"><tr><th>Oblast</th><th>gained</th><th>lost</th>'
        f"<th>net</th></tr>{''.join(rows)}</table></div>"
    )


def _piece_features(pieces, day_from: str, day_to: str, tolerance_m: float) -> list[dict]:
    feats = []
    words = {"gained": "Newly occupied", "lost": "No longer occupied"}
    drawn = _display(pieces.geometry, tolerance_m, BASEMAP_PRECISION)
    for r, geom in zip(pieces.itertuples(index=False), drawn, strict=True):
        if geom is None:
            continue
        where = sty.esc(r.oblast) if isinstance(r.oblast, str) else "outside the oblasts"
        area = sty.fmt_area(r.area_km2) if r.area_km2 >= 1 else f"{r.area_km2:.2f} km²"
        tip = f"{words[r.status]} {day_from} → {day_to}: {area} ({where})"
        popup = (
            f'<div class="geomap-popup"><h4>{words[r.status]} ({r.status})</h4>'
            f'<div class="meta">{where} · {day_from} → {day_to}<br>this piece: {area}</div></div>'
        )
        feats.append(_feature(geom, {"k": r.status, "t": sty.esc(tip), "p": popup}))
    return feats


def _steps(
    snaps: list[tuple[pd.Timestamp, Any]], *, by: Any, min_area_km2: float, tolerance_m: float
) -> tuple[list[dict[str, Any]], pd.DataFrame, list[pd.DataFrame | None], list[Any]]:
    """Per date: the page's data, the summary row, the per-oblast table and the union."""
    from .frontline import _split_ukraine, frontline_diff, geodesic_area_km2, occupied_union

    data: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    tables: list[pd.DataFrame | None] = []
    unions: list[Any] = []
    for i, (day, frame) in enumerate(snaps):
        union = occupied_union(frame)
        unions.append(union)
        area = geodesic_area_km2(_split_ukraine(union)[0])  # within Ukraine, as occupied_area_km2
        d = f"{day:%Y-%m-%d}"
        drawn = _display([union], tolerance_m, BASEMAP_PRECISION)[0]
        step = {
            "d": d,
            "occ": shapely.geometry.mapping(drawn) if drawn is not None else None,
            "tip": sty.esc(f"Occupied on {d}: {sty.fmt_area(area)}"),
            "area": f"Occupied on {d}: <b>{sty.fmt_area(area)}</b>",
            "pieces": _collection([]),
            "tab": "",
        }
        row = {"date": day, "area_km2": area, "gained_km2": float("nan")}
        row.update(lost_km2=float("nan"), net_km2=float("nan"), pieces=0)
        if i == 0:
            step["change"] = "First date: no earlier snapshot to compare with."
            tables.append(None)
        else:
            prev = f"{snaps[i - 1][0]:%Y-%m-%d}"
            pieces, table = frontline_diff(snaps[i - 1][1], frame, by=by, min_area_km2=min_area_km2)
            t = {k: pieces.attrs[k] for k in ("gained_km2", "lost_km2", "net_km2")}
            feats = _piece_features(pieces, prev, d, tolerance_m)
            step["pieces"] = _collection(feats)
            step["tab"] = _table_html(table, prev, d, t)
            step["change"] = (
                f'Since {prev}: <span class="up">+{sty.fmt_area(t["gained_km2"])}</span> newly '
                f'occupied, <span class="down">−{sty.fmt_area(t["lost_km2"])}</span> no longer '
                f"occupied (net {_signed(t['net_km2'])} km²). Click a piece for km² by oblast."
            )
            row.update(t, pieces=len(feats))
            tables.append(table)
        data.append(step)
        rows.append(row)
    return data, pd.DataFrame(rows), tables, unions


def _focus(unions: list[Any]) -> tuple[float, float, float, float]:
    geoms = [u for u in unions if u is not None and not u.is_empty]
    if not geoms:
        return (22.1, 44.3, 40.2, 52.4)  # Ukraine
    minx, miny, maxx, maxy = shapely.GeometryCollection(geoms).bounds
    pad_x, pad_y = max(0.2, (maxx - minx) * 0.05), max(0.15, (maxy - miny) * 0.05)
    return (minx - pad_x, miny - pad_y, maxx + pad_x, maxy + pad_y)


# ------------------------------------------------------------------- the map
def frontline_map(
    snapshots: Iterable[Any] | Mapping[Any, Any],
    *,
    by: Any = "oblast",
    min_area_km2: float = MIN_AREA_KM2,
    tolerance_m: float = TOLERANCE_M,
    title: str | None = None,
    worldview: str | None = None,
    self_contained: bool = True,
) -> FrontlineMap:
    """The front line over time: a map with a date slider and the changes in colour.

    Parameters
    ----------
    snapshots : iterable of GeoDataFrame or path, or mapping date -> either
        Front-line snapshots (:func:`geomap.frontline.frontline_from_file`),
        in any order; each needs a date (from its file or the mapping's key).
    by : "oblast", None or GeoDataFrame
        How the changes are split in the popups (see
        :func:`geomap.frontline.frontline_diff`).
    min_area_km2 : float
        Changes smaller than this are left out of the map and the totals
        (digitising slivers); 0 keeps everything.
    tolerance_m : float
        Display simplification (metres, in a projected CRS); areas are always
        measured on the full geometries.
    title : str, optional
        Headline of the title block (escaped); default "Occupied territory
        over time".
    worldview : {"de_jure", "de_facto"}, optional
        Border convention of the basemap.
    self_contained : bool
        Inline Leaflet when the page is written (see :func:`geomap.map_to_html`).

    Returns
    -------
    FrontlineMap
        A folium Map (write it with :func:`geomap.map_to_html` or ``.save``),
        with ``steps`` (one row per date) and ``changes`` (per-oblast tables).

    Raises
    ------
    InputError
        No snapshots, a snapshot without a date, two of one date, or a bad option.
    """
    from . import data

    for name, value in (("min_area_km2", min_area_km2), ("tolerance_m", tolerance_m)):
        if not isinstance(value, int | float) or not value >= 0 or value == float("inf"):
            msg = f"{name}={value!r} is not a finite number >= 0; give e.g. 0.1"
            raise InputError(msg)
    view = data.resolve_worldview(worldview)
    snaps = _snapshots(snapshots)
    steps, table, changes, unions = _steps(
        snaps, by=by, min_area_km2=float(min_area_km2), tolerance_m=float(tolerance_m)
    )
    with _seeded_ids("t"):
        m = _build(steps, table, snaps, unions, title=title, view=view, min_area=min_area_km2)
    m.steps = table
    m.changes = changes
    m.self_contained = bool(self_contained)
    return m


def _summary(table: pd.DataFrame, min_area_km2: float) -> list[str]:
    first, last = table.iloc[0], table.iloc[-1]
    lines = [
        f"{len(table)} snapshots, {first['date']:%Y-%m-%d} to {last['date']:%Y-%m-%d}: "
        "move the slider to change the date."
    ]
    if len(table) > 1:
        gained, lost = table["gained_km2"].sum(), table["lost_km2"].sum()
        lines.append(
            f"Occupied area {sty.fmt_area(first['area_km2'])} → {sty.fmt_area(last['area_km2'])}; "
            f"step by step {sty.fmt_area(gained)} newly occupied, {sty.fmt_area(lost)} no longer "
            "occupied."
        )
        if min_area_km2 > 0:
            lines.append(f"Changes under {min_area_km2:g} km² (digitising slivers) left out.")
    return lines


def _build(
    steps, table, snaps, unions, *, title: str | None, view: str, min_area: float
) -> FrontlineMap:
    from .data import ATTRIBUTION

    focus = _focus(unions)
    m = FrontlineMap(
        location=[(focus[1] + focus[3]) / 2, (focus[0] + focus[2]) / 2],
        zoom_start=6,
        tiles=None,
        zoom_control=False,
        control_scale=True,
        prefer_canvas=False,
    )
    m.options["maxZoom"] = 16
    m.options["minZoom"] = 4
    m.options["zoomSnap"] = 0.25  # fit the occupied area closely
    m.default_js = [(n, u) for n, u in folium.Map.default_js if n == "leaflet"]
    m.default_css = [(n, u) for n, u in folium.Map.default_css if n == "leaflet_css"]
    headline = title or "Occupied territory over time"
    label = _source_label([f for _, f in snaps])
    attribution = [ATTRIBUTION, f"Front line: {label}", "Map: geomap"]
    _Setup(title=sty.esc(headline), attribution=sty.esc(" · ".join(attribution[:-1]))).add_to(m)
    _HtmlControl(
        sty.title_html(headline, _summary(table, min_area), attribution),
        position="topleft",
        css_class="geomap-title",
    ).add_to(m)
    _Zoom().add_to(m)
    _VectorLayer(
        _basemap(view, focus),
        name="Basemap (countries, oblasts)",
        style={"weight": 0.8, "fillOpacity": 1.0, "opacity": 1.0},
        interactive=False,
        control=False,
    ).add_to(m)
    styles = {"occupied": sty.STATUS_STYLE["occupied"], **sty.CHANGE_STYLE}
    _TimeSlider(steps, styles).add_to(m)
    legend = [
        ("area", "Occupied at the date shown", sty.STATUS_STYLE["occupied"]),
        ("area", "Newly occupied since the previous date", sty.CHANGE_STYLE["gained"]),
        ("area", "No longer occupied since the previous date", sty.CHANGE_STYLE["lost"]),
        ("line", "Occupied area at the previous date", sty.CHANGE_STYLE["previous"]),
    ]
    _HtmlControl(sty.legend_html(legend), position="bottomright", css_class="geomap-legend").add_to(
        m
    )
    bounds = [[round(focus[1], 4), round(focus[0], 4)], [round(focus[3], 4), round(focus[2], 4)]]
    _FitBounds(bounds).add_to(m)
    m._own_children = set(m._children)  # a user's own layers get folium's usual scripts
    return m
