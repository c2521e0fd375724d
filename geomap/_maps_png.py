"""The static PNG of an article map (matplotlib, no pyplot state).

:func:`_figure_from_layers` draws the layers of :class:`geomap.maps.MapLayers`
as the HTML page shows them: basemap with area names, named oblasts, zones,
occupied area and front line, borders, the sector, the settlements in the
zones, the named places (labels decluttered), a legend, a scale bar measured
on the ellipsoid, the headline and the attribution. :func:`geomap.maps.map_to_png`
writes it.

Every string drawn goes through :func:`geomap._maps_style.mpl_text`: a ``$`` in
an article is never mathtext.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely

from . import _basemap as bm
from . import _maps_style as sty
from ._maps_folium import _SETTLEMENT_KINDS, BASEMAP_TOLERANCE_M, LAYER_TOLERANCE_M, _focus_bounds
from .article import _is_point

if TYPE_CHECKING:
    from .maps import MapLayers

__all__: list[str] = []

_NICE_KM = (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
#: Where the map sits in the figure (left, bottom, width, height as fractions).
_AXES = (0.02, 0.06, 0.74, 0.785)  # below a title and up to three lines of summary


@dataclass
class _View:
    """The PNG's projection (LAEA at the focus) and its box, in metres and in lon/lat."""

    crs: Any
    fwd: Any
    inv: Any
    box: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax (metres)
    box_ll: Any  # lon/lat polygon around the box, with a margin

    def proj(self, geoms: Any, tol: float = LAYER_TOLERANCE_M) -> gpd.GeoSeries:
        """Lon/lat geometries clipped to the view, projected, simplified by ``tol`` metres."""
        s = gpd.GeoSeries([g for g in geoms if g is not None and not g.is_empty], crs=4326)
        s = s[s.intersects(self.box_ll)].clip_by_rect(*self.box_ll.bounds).to_crs(self.crs)
        s = s[~s.is_empty]
        return s.simplify(tol) if tol else s

    def inside(self, x: float, y: float) -> bool:
        xmin, ymin, xmax, ymax = self.box
        return xmin <= x <= xmax and ymin <= y <= ymax


def _png_view(layers: MapLayers, *, width_in: float, height_in: float) -> _View:
    """Frame every named place and the zones, at the axes' aspect ratio."""
    from pyproj import CRS, Transformer

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
    ax_w, ax_h = width_in * _AXES[2], height_in * _AXES[3]
    w, h = xmax - xmin, ymax - ymin
    if w / h < ax_w / ax_h:
        grow = (h * ax_w / ax_h - w) / 2
        xmin, xmax = xmin - grow, xmax + grow
    else:
        grow = (w * ax_h / ax_w - h) / 2
        ymin, ymax = ymin - grow, ymax + grow
    view = shapely.box(xmin, ymin, xmax, ymax)
    box_ll = shapely.box(*gpd.GeoSeries([view], crs=crs).to_crs(4326).total_bounds).buffer(1.0)
    return _View(crs, fwd, inv, (xmin, ymin, xmax, ymax), box_ll)


def _figure_from_layers(layers: MapLayers, *, width_in: float, height_in: float) -> Any:
    """A matplotlib Figure (no pyplot state) drawing the layers of a map."""
    from matplotlib import patheffects
    from matplotlib.figure import Figure

    v = _png_view(layers, width_in=width_in, height_in=height_in)
    fig = Figure(figsize=(width_in, height_in))
    ax = fig.add_axes(_AXES)
    ax.set_facecolor(sty.MAP_BACKGROUND)
    handles: list[Any] = []
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    _png_basemap(ax, layers, v)
    _png_oblasts(ax, layers, v, handles)
    _png_zones(ax, layers, v, handles)
    _png_frontline(ax, layers, v, handles)
    _png_borders(ax, layers, v, handles)
    _png_settlements(ax, layers, v, handles)
    named_labels = _png_places(ax, layers, v, handles, halo)
    xmin, ymin, xmax, ymax = v.box
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    bm.declutter_png_labels(fig, named_labels)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _png_scale_bar(ax, v, halo)
    _png_text(fig, layers, handles)
    return fig


def _png_basemap(ax: Any, layers: MapLayers, v: _View) -> None:
    """Countries, oblast edges, main rivers and the names of countries and oblasts."""
    from . import data

    c = data.countries(worldview=layers.worldview)
    for code, geom in zip(c["iso2"], c.geometry, strict=True):
        s = v.proj([geom], BASEMAP_TOLERANCE_M)
        if len(s):
            fill = sty.BASEMAP["fill"].get(code, sty.BASEMAP["fill"]["*"])
            s.plot(ax=ax, color=fill, edgecolor=sty.BASEMAP["country_edge"], linewidth=0.6)
    ob = data.oblasts(worldview=layers.worldview)
    v.proj(list(ob.geometry.boundary), BASEMAP_TOLERANCE_M).plot(
        ax=ax, color=sty.BASEMAP["oblast_edge"], linewidth=0.5
    )
    rivers = v.proj(bm.river_lines(tuple(v.box_ll.bounds)), BASEMAP_TOLERANCE_M)
    if len(rivers):
        rivers.plot(ax=ax, color=sty.BASEMAP["river"]["color"], linewidth=0.9, alpha=0.8)
    _png_area_labels(ax, layers, v.fwd, v.box)


def _png_area_labels(ax: Any, layers: MapLayers, fwd: Any, box: tuple[float, ...]) -> None:
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


def _png_oblasts(ax: Any, layers: MapLayers, v: _View, handles: list[Any]) -> None:
    """The oblasts the article names."""
    from matplotlib.patches import Patch

    places = layers.places
    named_ob = places[places["kind"] == "oblast"]
    if not len(named_ob):
        return
    st = sty.STYLE["oblast"]
    v.proj(list(named_ob.geometry)).plot(
        ax=ax, color=st["fillColor"], alpha=st["fillOpacity"] + 0.05, edgecolor="none"
    )
    v.proj(list(named_ob.geometry.boundary)).plot(ax=ax, color=st["color"], linewidth=1.2)
    handles.append(
        Patch(
            facecolor=st["fillColor"],
            alpha=0.4,
            edgecolor=st["color"],
            label="Oblast named in the article",
        )
    )


def _png_zones(ax: Any, layers: MapLayers, v: _View, handles: list[Any]) -> None:
    """The zones, widest first."""
    from matplotlib.patches import Patch

    if layers.report is None:
        return
    z = layers.report.zones
    colors = sty.zone_colors(z["depth_km"])
    for depth in sorted(colors, reverse=True):
        s = v.proj(list(z.loc[z["depth_km"] == depth, "geometry"]))
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


def _png_frontline(ax: Any, layers: MapLayers, v: _View, handles: list[Any]) -> None:
    """Occupied, contested and liberated areas (hatched) and the front line."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    front = layers.frontline
    if front is None:
        return
    for status, st in sty.STATUS_STYLE.items():
        rows = front[front["status"] == status]
        if rows.empty:
            continue
        v.proj(list(rows.geometry)).plot(
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
        v.proj(list(layers.frontline_lines.geometry)).plot(ax=ax, color=st["color"], linewidth=1.8)
        handles.append(Line2D([], [], color=st["color"], linewidth=1.8, label="Front line"))


def _png_borders(ax: Any, layers: MapLayers, v: _View, handles: list[Any]) -> None:
    """International borders and the border sector of the zones."""
    from matplotlib.lines import Line2D

    from . import data

    br = data.borders(worldview=layers.worldview)
    v.proj(list(br.geometry)).plot(ax=ax, color=sty.STYLE["border"]["color"], linewidth=1.2)
    handles.append(
        Line2D(
            [], [], color=sty.STYLE["border"]["color"], linewidth=1.2, label="International border"
        )
    )
    if layers.sector is not None:
        st = sty.STYLE["sector"]
        v.proj([layers.sector]).plot(ax=ax, color=st["color"], linewidth=2.6, alpha=0.85)
        handles.append(Line2D([], [], color=st["color"], linewidth=2.6, label="Border sector"))


def _png_settlements(ax: Any, layers: MapLayers, v: _View, handles: list[Any]) -> None:
    """The settlements inside the zones (exact positions only), coloured by zone."""
    from matplotlib.lines import Line2D

    if layers.report is None:
        return
    sett = layers.report.settlements
    sett = sett[~sett["approx"].astype(bool)]
    if not len(sett):
        return
    colors = sty.zone_colors(layers.depths)
    p = sett.to_crs(v.crs)
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


def _png_places(
    ax: Any, layers: MapLayers, v: _View, handles: list[Any], halo: list[Any]
) -> list[Any]:
    """The named settlements and raions as labelled markers; returns the labels."""
    from matplotlib.lines import Line2D

    places = layers.places
    pts = places[places["kind"].isin(_SETTLEMENT_KINDS)]
    pts = pts[_is_point(pts.geometry)]
    seen = set()
    named_labels: list[Any] = []
    for _, row in pts.iterrows():
        x, y = v.fwd.transform(row.geometry.x, row.geometry.y)
        if not v.inside(x, y):
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
    return named_labels


def _png_scale_bar(ax: Any, v: _View, halo: list[Any]) -> None:
    """A scale bar of a round number of km, its length measured on the ellipsoid."""
    from pyproj import Geod

    xmin, ymin, xmax, ymax = v.box
    geod = Geod(ellps="WGS84")
    target_km = (xmax - xmin) / 1e3 / 5
    km = min(_NICE_KM, key=lambda k: abs(k - target_km))
    x0, y0 = xmin + 0.03 * (xmax - xmin), ymin + 0.04 * (ymax - ymin)
    length = km * 1e3
    for _ in range(3):
        (lo0, lo1), (la0, la1) = v.inv.transform([x0, x0 + length], [y0, y0])
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


def _png_text(fig: Any, layers: MapLayers, handles: list[Any]) -> None:
    """The legend, the headline, two summary lines and the attribution."""
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
    fig.text(0.02, 0.905, sub, fontsize=9, va="top", color="#333333", wrap=True)
    fig.text(
        0.98,
        0.02,
        sty.mpl_text(" · ".join(layers.attribution())),
        fontsize=7.5,
        ha="right",
        color="#555555",
    )
