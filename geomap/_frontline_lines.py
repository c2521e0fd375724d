"""The front line as lines and buffer zones: where an occupied area's edge is front, not border.

The drawing half of :mod:`geomap.frontline` (which re-exports
:func:`frontline_to_lines` and :func:`frontline_zones`): each ring of the occupied
area is classified edge by edge (on Ukraine's outline or a state border: no
front), short gaps smoothed, and zones built on the ellipsoid along what is left.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.polygon import orient

from ._errors import DataError, InputError
from ._frontline_files import _as_frame, _snapshot_date
from ._frontline_geom import _GEOD, _local_crs, _safe, _to, geodesic_area_km2, occupied_union
from ._frontline_shapes import _polygonal
from ._log import get_logger

__all__ = ["frontline_to_lines", "frontline_zones"]

log = get_logger("frontline")

#: Outline pieces this close to a land-border line are border, the rest coast (m).
_BORDER_SNAP_M = 2_000.0
#: A ring edge whose midpoint is this close to Ukraine's outline runs along it (m).
_ON_OUTLINE_M = 30.0
#: Longest edge (degrees, ~500 m) kept before projecting lon/lat outlines; this
#: only adds vertices so that a long edge stays where it is drawn in lon/lat.
_DENSIFY_DEG = 0.005


def _countries(worldview: str | None, countries: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if countries is None:
        from . import data

        countries = data.countries(worldview=worldview)
    if countries.crs is None:
        msg = "countries GeoDataFrame has no CRS; set it (EPSG:4326)"
        raise InputError(msg)
    return countries.to_crs("EPSG:4326")


def _borders(worldview: str | None, borders: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    if borders is None:
        from . import data

        borders = data.borders(worldview=worldview)
    if borders.crs is None:
        msg = "borders GeoDataFrame has no CRS; set it (EPSG:4326)"
        raise InputError(msg)
    return borders.to_crs("EPSG:4326")


def _ukraine(countries: gpd.GeoDataFrame, window_ll) -> gpd.GeoSeries:
    """Ukraine's land from ``countries`` (all rows when there is no ``iso2`` column)."""
    if "iso2" in countries.columns and (countries["iso2"] == "UA").any():
        countries = countries[countries["iso2"] == "UA"]
    return countries.geometry[countries.intersects(window_ll)]


def _runs(mask: np.ndarray) -> list[tuple[int, int, bool]]:
    """(start, stop, value) runs of a boolean array."""
    if not len(mask):
        return []
    edges = np.flatnonzero(np.diff(mask.astype(np.int8))) + 1
    starts = np.r_[0, edges]
    stops = np.r_[edges, len(mask)]
    return [(int(a), int(b), bool(mask[a])) for a, b in zip(starts, stops, strict=True)]


def _smooth(mask: np.ndarray, seg_len: np.ndarray, *, max_gap: float, closed: bool) -> np.ndarray:
    """Fill non-front runs shorter than ``max_gap`` metres that lie between front runs."""
    mask = mask.copy()
    runs = _runs(mask)
    for k, (a, b, value) in enumerate(runs):
        if value or seg_len[a:b].sum() >= max_gap:
            continue
        inner = 0 < k < len(runs) - 1
        wraps = closed and len(runs) > 2
        if inner or wraps:
            mask[a:b] = True
    return mask


def _classify_ring(
    coords: np.ndarray,
    *,
    ua,
    outline_tree: shapely.STRtree,
    coast_tree: shapely.STRtree | None,
    tol: float,
    probe: float,
) -> np.ndarray:
    """Tell for each segment of a ring (interior on the left) whether it is front line."""
    p, q = coords[:-1], coords[1:]
    d = q - p
    length = np.hypot(d[:, 0], d[:, 1])
    length[length == 0] = 1.0
    normal = np.column_stack([d[:, 1], -d[:, 0]]) / length[:, None]  # points outward
    mid = (p + q) / 2.0
    out_pt = mid + normal * probe
    in_pt = mid - normal * probe
    faces_ukraine = shapely.contains_xy(ua, out_pt[:, 0], out_pt[:, 1])
    mids = shapely.points(mid)
    near_idx, _ = outline_tree.query(mids, predicate="dwithin", distance=tol)
    near = np.zeros(len(mid), dtype=bool)
    near[np.unique(near_idx)] = True
    front = faces_ukraine.copy()
    check = np.flatnonzero(front & near)
    if len(check):
        pts_out = shapely.points(out_pt[check])
        pts_in = shapely.points(in_pt[check])
        _, d_out = outline_tree.query_nearest(pts_out, return_distance=True, all_matches=False)
        _, d_in = outline_tree.query_nearest(pts_in, return_distance=True, all_matches=False)
        # an edge close to the border or coast is front line only when it faces
        # inland: stepping out of the occupied area moves away from the outline
        front[check] = d_out > d_in
    # an edge that runs on Ukraine's outline is border or coast, never front (a probe
    # across a meander of the ~10 m border can land back in Ukraine)
    on_idx, _ = outline_tree.query(mids, predicate="dwithin", distance=_ON_OUTLINE_M)
    front[np.unique(on_idx)] = False
    if coast_tree is not None:
        # no land front runs along a coast: drop edges near it whichever way they face
        coast_idx, _ = coast_tree.query(mids, predicate="dwithin", distance=tol)
        front[np.unique(coast_idx)] = False
    return front


def frontline_to_lines(
    gdf: Any,
    *,
    tolerance_km: float = 5.0,
    min_length_km: float = 1.0,
    countries: gpd.GeoDataFrame | None = None,
    borders: gpd.GeoDataFrame | None = None,
    worldview: str | None = None,
) -> gpd.GeoDataFrame:
    """The front line: the edge of occupied territory that is not a border or a coast.

    Every edge of the occupied area (after union) is classified by what lies
    just outside it: only edges that face Ukrainian land (``iso2 == "UA"`` in
    :func:`geomap.data.countries`) count. Near Ukraine's outline the source's
    outline and the bundled one differ by a few km, so within ``tolerance_km``
    of a coast no edge counts, and within ``tolerance_km`` of a land border
    (:func:`geomap.data.borders`) an edge counts only when it faces inland,
    away from the border: the source's copy of the border is dropped, while a
    narrow occupied strip along the border keeps its front. Work is done in a local Lambert
    azimuthal equal-area projection; lengths are geodesic (WGS84).

    Parameters
    ----------
    gdf : GeoDataFrame or path
        A snapshot.
    tolerance_km : float
        Width of the band along borders and coasts where edges are judged by
        the way they face.
    min_length_km : float
        Drop pieces shorter than this (gaps shorter than it are closed first).
    countries : GeoDataFrame, optional
        Land polygons with ``iso2`` to use instead of the bundled ones.
    borders : GeoDataFrame, optional
        International land-border lines to use instead of the bundled ones;
        Ukraine's outline away from them is treated as coast.
    worldview : str, optional
        Worldview of the bundled data (default from settings).

    Returns
    -------
    GeoDataFrame
        EPSG:4326 LineStrings with ``date, source, length_km``, longest first.

    Examples
    --------
    >>> land = gpd.GeoDataFrame({"iso2": ["UA", "RU"]},
    ...     geometry=[shapely.box(30, 44, 39, 53), shapely.box(39, 44, 45, 53)], crs=4326)
    >>> border = gpd.GeoDataFrame(geometry=[shapely.LineString([(39, 44), (39, 53)])], crs=4326)
    >>> from geomap.frontline import _demo_file, frontline_from_file
    >>> demo = frontline_from_file(_demo_file(east=39.0))
    >>> lines = frontline_to_lines(demo, countries=land, borders=border)
    >>> round(float(lines["length_km"].sum()))  # west, north, south sides; not the border
    407
    """
    frame = _as_frame(gdf)
    if tolerance_km < 0 or min_length_km < 0:
        msg = "tolerance_km and min_length_km must be 0 or more; give positive distances"
        raise InputError(msg)
    occ = occupied_union(frame)
    if occ.is_empty:
        msg = "the snapshot has no occupied area, so it has no front line; check its status column"
        raise DataError(msg)
    minx, miny, maxx, maxy = occ.bounds
    if maxx - minx > 90.0 or maxy - miny > 45.0:
        msg = (
            f"the occupied area spans {maxx - minx:.0f} x {maxy - miny:.0f} degrees of lon/lat, "
            "far beyond a front line; clip the snapshot to the war's region first"
        )
        raise DataError(msg)
    land = _countries(worldview, countries)
    border_lines = _borders(worldview, borders)
    local = _local_crs(occ)
    tol = tolerance_km * 1000.0
    # densify first so long lon/lat edges keep their shape when projected
    occ_m = _to(shapely.segmentize(occ, _DENSIFY_DEG), "EPSG:4326", local)
    window = occ_m.envelope.buffer(tol * 4 + 50_000)
    window_ll = _to(window, local, "EPSG:4326")
    ua_ll = _ukraine(land, window_ll)
    ua = shapely.union_all(
        [shapely.intersection(g, window) for g in ua_ll.to_crs(local).make_valid()]
    )
    if ua.is_empty:
        msg = "the occupied area does not touch Ukraine's land in the countries given; check them"
        raise DataError(msg)
    shapely.prepare(ua)
    pieces = []
    for part in shapely.get_parts(shapely.segmentize(ua.boundary, 2_000.0)):
        xy = shapely.get_coordinates(part)
        pieces.extend(shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1)))
    outline = np.array(pieces, dtype=object)
    tree = shapely.STRtree(outline)
    # the coast: outline pieces away from every international land border
    bord_ll = border_lines.geometry[border_lines.intersects(window_ll)]
    coast_tree = None
    if len(outline):
        if len(bord_ll):
            bord_m = shapely.union_all(list(bord_ll.to_crs(local)))
            on_border = shapely.dwithin(outline, bord_m, _BORDER_SNAP_M)
        else:
            on_border = np.zeros(len(outline), dtype=bool)
        if (~on_border).any():
            coast_tree = shapely.STRtree(outline[~on_border])
    probe = max(min(250.0, tol / 4.0), 1.0)
    step = 500.0
    segments = []
    for poly in shapely.get_parts(occ_m):
        poly = orient(poly, 1.0)  # interior on the left of every ring
        for ring in [poly.exterior, *poly.interiors]:
            coords = shapely.get_coordinates(shapely.segmentize(ring, step))
            if len(coords) < 3:
                continue
            front = _classify_ring(
                coords, ua=ua, outline_tree=tree, coast_tree=coast_tree, tol=tol, probe=probe
            )
            seg_len = np.hypot(*(coords[1:] - coords[:-1]).T)
            front = _smooth(front, seg_len, max_gap=min_length_km * 1000.0, closed=True)
            for a, b, value in _runs(front):
                if value:
                    segments.append(shapely.LineString(coords[a : b + 1]))
    parts = []
    if segments:
        merged = shapely.line_merge(shapely.MultiLineString(segments))
        parts = [p for p in shapely.get_parts(merged) if p.length >= min_length_km * 1000.0]
    lines = gpd.GeoSeries(parts, crs=local).to_crs("EPSG:4326")
    date = _snapshot_date(frame)
    sources = ",".join(sorted(set(frame["source"]))) if "source" in frame.columns else ""
    out = gpd.GeoDataFrame(
        {
            "date": pd.Series([date] * len(lines), dtype="datetime64[ns]"),
            "source": [sources] * len(lines),
            "length_km": [_GEOD.geometry_length(g) / 1000.0 for g in lines],
        },
        geometry=lines.reset_index(drop=True),
        crs="EPSG:4326",
    )
    return out.sort_values("length_km", ascending=False).reset_index(drop=True)


def frontline_zones(
    gdf: Any,
    depths_km: Any = (25.0,),
    *,
    side: str = "free",
    mode: str = "rings",
    lines: gpd.GeoDataFrame | None = None,
    tolerance_km: float = 5.0,
    worldview: str | None = None,
) -> gpd.GeoDataFrame:
    """Zones within given distances of the front line (e.g. tube-artillery range).

    The front line (:func:`frontline_to_lines`) is buffered with
    :func:`geomap.zones.buffer_zones` (geodesic depths, clipped to Ukraine), then
    split by the occupied area, so :func:`geomap.zones.zone_report` works on
    the result (areas and settlements per zone).

    Parameters
    ----------
    gdf : GeoDataFrame or path
        A snapshot.
    depths_km : number, list or str
        Distances from the front line, km ("10, 25"); see
        :func:`geomap.zones.parse_depths`.
    side : {"free", "occupied", "both"}
        The Ukrainian-held side (what the other side's guns reach), the
        occupied side, or both.
    mode : {"rings", "bands"}
        Nested zones 0-d, or bands between successive depths.
    lines : GeoDataFrame, optional
        The front line, if already computed.
    tolerance_km, worldview
        Passed to :func:`frontline_to_lines` and the zones.

    Returns
    -------
    GeoDataFrame
        EPSG:4326; one row per depth: ``depth_km, inner_km, side`` (country
        clipped to, "UA"), ``sector`` ("front line YYYY-MM-DD"), ``part``
        (free / occupied / both), ``area_km2`` (geodesic), ``geometry``;
        ``attrs["source"]`` is the front line.

    Examples
    --------
    >>> from geomap.frontline import _demo_file
    >>> z = frontline_zones(_demo_file(), [10, 25])
    >>> z[["depth_km", "part"]].values.tolist(), bool(z["area_km2"].is_monotonic_increasing)
    ([[10.0, 'free'], [25.0, 'free']], True)
    """
    from .zones import buffer_zones

    frame = _as_frame(gdf)
    if side not in ("free", "occupied", "both"):
        msg = f"side={side!r} is not valid; use 'free', 'occupied' or 'both'"
        raise InputError(msg)
    if lines is None:
        lines = frontline_to_lines(frame, tolerance_km=tolerance_km, worldview=worldview)
    if lines.empty:
        msg = "the snapshot has no front line to measure from; check its occupied areas"
        raise DataError(msg)
    date = _snapshot_date(frame)
    source = gpd.GeoDataFrame(geometry=lines.geometry.reset_index(drop=True), crs=lines.crs)
    source.attrs["sector"] = "front line" + (f" {date:%Y-%m-%d}" if date is not None else "")
    zones = buffer_zones(source, depths_km, side="UA", mode=mode, worldview=worldview)
    occ = occupied_union(frame)
    geoms = []
    for zone in zones.geometry:
        if side == "free":
            zone = _safe(shapely.difference, zone, occ)
        elif side == "occupied":
            zone = _safe(shapely.intersection, zone, occ)
        geoms.append(_polygonal(zone) or shapely.Polygon())
    out = zones.drop(columns=zones.geometry.name).assign(
        part=side, area_km2=[geodesic_area_km2(g) for g in geoms]
    )
    out = gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    out.attrs.update(zones.attrs)
    return out
