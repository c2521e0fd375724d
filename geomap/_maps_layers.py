"""The overlays of an article's HTML page, as folium layers.

:func:`geomap.maps.map_article` adds them in this order: the vector basemap
with its place names and the international borders, the oblasts the article
names, one layer per zone depth and the border sector, the occupied area and
the front line, the settlements inside the zones (clustered), and the places
the article names on top. Every text reaches the page escaped
(:func:`geomap._maps_style.esc`) inside script-safe JSON; popups and tooltips
are bound from feature properties, never compiled from the article.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import folium
import numpy as np
import pandas as pd
import shapely
from folium import plugins

from . import _basemap as bm
from . import _maps_style as sty
from ._maps_folium import (
    _SETTLEMENT_KINDS,
    BORDER_TOLERANCE_M,
    LAYER_TOLERANCE_M,
    PRECISION,
    _basemap,
    _basemap_window,
    _collection,
    _display,
    _feature,
    _script_json,
    _VectorLayer,
)
from ._maps_text import (
    _country_name,
    _frontline_label,
    _place_popup,
    _settlement_counts,
    _zone_popup,
)
from .article import _is_point

if TYPE_CHECKING:
    from .maps import ArticleMap, MapLayers

__all__ = ["MAX_LABELS"]

#: Up to this many named places get a permanent label (beyond it: cities only).
MAX_LABELS = 30


def _add_basemap(m: ArticleMap, layers: MapLayers, focus: tuple[float, ...], legend: list) -> None:
    """The vector basemap, its place names and the international borders of the region."""
    from . import data

    _VectorLayer(
        _basemap(layers.worldview, focus),
        name="Basemap (countries, oblasts)",
        style=sty.BASEMAP["style"],
        interactive=False,
    ).add_to(m)
    folium.map.CustomPane("geomapLabels", z_index=450, pointer_events=False).add_to(m)
    window = _basemap_window(focus)
    rows = bm.label_rows(layers.worldview, window, focus, layers.lang)
    bm.BasemapLabels(_script_json(rows), name="Place names", pane="geomapLabels").add_to(m)
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


def _add_oblasts(
    m: ArticleMap, layers: MapLayers, cols: list[tuple[float, str]], legend: list
) -> None:
    """The oblasts the article names (popup: the sentences naming them)."""
    ob = layers.places[layers.places["kind"] == "oblast"]
    if not len(ob):
        return
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


def _add_zones(m: ArticleMap, layers: MapLayers, legend: list) -> None:
    """One layer per zone depth, widest first so the narrow ones are on top; the sector."""
    report = layers.report
    if report is None:
        return
    z = report.zones
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
    if src is None:
        return
    tip = f"Border sector: {report.sector} ({sty.fmt_km(report.sector_length_km, 0)})"
    geom = _display([src], BORDER_TOLERANCE_M)[0]
    if geom is not None:
        _VectorLayer(
            _collection([_feature(geom, {"t": sty.esc(tip)})]),
            name="Border sector",
            style=sty.STYLE["sector"],
        ).add_to(m)
        legend.append(("line", "Border sector of the zones", sty.STYLE["sector"]))


def _add_places(
    m: ArticleMap, layers: MapLayers, cols: list[tuple[float, str]], legend: list
) -> None:
    """The settlements and raions the article names, as labelled points on top."""
    places = layers.places
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
            label = "Raion named (centre only)" if kind == "raion" else f"{kind.capitalize()} named"
            legend.append(("dot", label, {"color": "#ffffff", **sty.KIND_STYLE[kind]}))
    if (pts.get("role") == "metonym").any():
        legend.append(
            (
                "dot",
                "Named as a government (metonym)",
                {"color": "#555555", **sty.KIND_STYLE["metonym"]},
            )
        )


def _add_frontline(m: ArticleMap, layers: MapLayers, legend: list) -> None:
    """The occupied, contested and liberated areas and the front line itself."""
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
    """The settlements inside the zones (exact positions only), clustered."""
    if layers.report is None:
        return
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
