"""Geodesic buffer zones for :mod:`geomap.zones`: depths, sources, sides and clipping.

:func:`buffer_zones` buffers any source (a border sector, a front line, a
lon/lat geometry or the ``along`` text of a sector) with
:func:`geomap._geodesy.buffers_geodesic` and clips each zone to the chosen
country; :func:`parse_depths` validates the depths.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from . import data
from ._errors import ZoneError
from ._geodesy import buffers_geodesic
from ._zones_sector import border_sector

__all__ = ["buffer_zones", "parse_depths"]

_DEPTH_HINT = "give depths like 10,20,30"


# ------------------------------------------------------------------ depths
def parse_depths(depths: Any, *, max_km: float | None = None) -> list[float]:
    """Validate buffer depths (km): a number, a list, or text like ``"10,20,30"``.

    Parameters
    ----------
    depths : float, sequence of float or str
        The depths in km; text is split on commas.
    max_km : float, optional
        The largest depth allowed (default ``settings.max_depth_km``, 500 km).

    Returns
    -------
    list of float
        The distinct depths, sorted; each a finite number above 0 and at most
        ``max_km``.

    Raises
    ------
    ZoneError
        When a depth is no number, not positive or too deep.

    Examples
    --------
    >>> parse_depths("30, 10,20")
    [10.0, 20.0, 30.0]
    >>> parse_depths(-5)
    Traceback (most recent call last):
    ...
    geomap._errors.ZoneError: depth -5 km is not positive; give depths like 10,20,30
    """
    from .settings import settings

    limit = float(settings.max_depth_km if max_km is None else max_km)
    if depths is None:
        msg = f"no depth given; {_DEPTH_HINT}"
        raise ZoneError(msg)
    if isinstance(depths, str):
        text = re.sub(r"(?i)\s*(km|км)\b", "", depths)
        items: list[Any] = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    elif isinstance(depths, Iterable):
        items = list(depths)
    else:
        items = [depths]
    if not items:
        msg = f"no depth given; {_DEPTH_HINT}"
        raise ZoneError(msg)
    out: list[float] = []
    for item in items:
        text = item.strip().lower().removesuffix("km").strip() if isinstance(item, str) else item
        if isinstance(text, bool):
            msg = f"depth {item!r} is not a number; {_DEPTH_HINT}"
            raise ZoneError(msg)
        try:
            value = float(text)
        except (TypeError, ValueError):
            msg = f"depth {item!r} is not a number; {_DEPTH_HINT}"
            raise ZoneError(msg) from None
        shown = f"{value:g}"
        if not math.isfinite(value):
            msg = f"depth {shown} is not a finite number; {_DEPTH_HINT}"
            raise ZoneError(msg)
        if value <= 0:
            msg = f"depth {shown} km is not positive; {_DEPTH_HINT}"
            raise ZoneError(msg)
        if value > limit:
            msg = f"depth {shown} km exceeds the {limit:g} km limit; give depths up to {limit:g} km"
            raise ZoneError(msg)
        out.append(value)
    return sorted(set(out))


# ------------------------------------------------------------------- zones
def _source_geometry(
    source: Any, worldview: str | None
) -> tuple[BaseGeometry, str, tuple[str, ...]]:
    """(lon/lat geometry, label, countries either side) of any zone source."""
    if isinstance(source, str) or (
        isinstance(source, Sequence) and source and all(isinstance(s, str) for s in source)
    ):
        source = border_sector(source, worldview=worldview)
    label = ""
    sides: tuple[str, ...] = ()
    if isinstance(source, gpd.GeoDataFrame | gpd.GeoSeries):
        if source.crs is None:
            msg = "the zone source has no CRS; set one (e.g. gdf.set_crs(4326)) before buffering"
            raise ZoneError(msg)
        label = str(source.attrs.get("sector", ""))
        if isinstance(source, gpd.GeoDataFrame) and {"left", "right"} <= set(source.columns):
            sides = tuple(dict.fromkeys([*source["right"], *source["left"]]))
        geoms = source.to_crs(4326).geometry if source.crs.to_epsg() != 4326 else source.geometry
        geom = shapely.union_all([g for g in geoms if g is not None and not g.is_empty])
    elif isinstance(source, BaseGeometry):
        geom = source
        minx, miny, maxx, maxy = geom.bounds if not geom.is_empty else (0, 0, 0, 0)
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            msg = "the zone source geometry is not in lon/lat degrees; pass a GeoDataFrame with its CRS"
            raise ZoneError(msg)
    else:
        msg = f"cannot buffer a {type(source).__name__}; pass a border sector, GeoDataFrame or shapely geometry"
        raise ZoneError(msg)
    if geom is None or geom.is_empty:
        msg = "empty sector: the zone source has no geometry; give a non-empty line or polygon"
        raise ZoneError(msg)
    return geom, label, sides


def _side_list(side: str | None, sides: tuple[str, ...]) -> list[str | None]:
    if side is None or str(side).lower() == "none":
        return [None]
    s = str(side).strip()
    if s.lower() == "both":
        return list(sides or ("UA", "RU"))
    code = s.upper()
    valid = set(data.countries()["iso2"])
    if code not in valid:
        msg = f"unknown side {side!r}; use a country code such as 'UA' or 'RU', 'both' or None"
        raise ZoneError(msg)
    return [code]


@functools.cache
def _country_geom(code: str, worldview: str) -> BaseGeometry:
    c = data.countries(worldview=worldview)
    geom = shapely.union_all(list(c.loc[c["iso2"] == code, "geometry"]))
    shapely.prepare(geom)
    return geom


def _cut_zone(
    buffers: dict[float, BaseGeometry],
    depth: float,
    inner: float,
    *,
    clip: BaseGeometry | None,
    interior: BaseGeometry,
) -> BaseGeometry:
    """The ``inner``-``depth`` km zone: clipped to the country, minus the source's own polygons."""
    zone = buffers[depth]
    if clip is not None:
        zone = shapely.intersection(zone, clip)
    if inner > 0:
        zone = shapely.difference(zone, buffers[inner])
    if not interior.is_empty:
        zone = shapely.difference(zone, interior)
    return _polygonal(zone)


def _empty_zone(code: str | None, inner: float, depth: float, sides: tuple[str, ...]) -> ZoneError:
    """The error for a zone left empty on the chosen side."""
    where = f"in {code}" if code else "anywhere"
    hint = f"the sector lies between {' and '.join(sides)}" if sides else "check the source"
    msg = f"the {inner:g}-{depth:g} km zone {where} is empty; {hint}: use side 'both' or another country"
    return ZoneError(msg)


def buffer_zones(
    source: Any,
    depths_km: Any,
    *,
    side: str | None = "UA",
    mode: str = "rings",
    worldview: str | None = None,
) -> gpd.GeoDataFrame:
    """Zones within given geodesic depths of a border sector, line or polygon.

    Parameters
    ----------
    source : GeoDataFrame, GeoSeries, shapely geometry or str
        A :func:`border_sector`, any lines or polygons with a CRS (a front
        line, occupied areas), a lon/lat shapely geometry, or the ``along``
        text of a border sector ("Kursk Oblast, Belgorod Oblast"). For
        polygons the zones lie outside the polygon.
    depths_km : number, list or str
        Depths in km ("10,20,30"); see :func:`parse_depths`.
    side : str or None
        Country to clip to ("UA", "RU", "BY", ...), ``"both"`` (the two
        countries of the sector, else UA and RU) or None (no clipping).
    mode : {"rings", "bands"}
        ``"rings"``: nested zones 0-d; ``"bands"``: 0-d1, d1-d2, ...
    worldview : {"de_jure", "de_facto"}, optional
        Country shapes to clip to.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per depth and side: ``depth_km``, ``inner_km``,
        ``side`` (ISO2 or "none"), ``sector`` (label), ``geometry``.
        ``attrs["source"]`` keeps the source geometry for :func:`zone_report`.

    Raises
    ------
    ZoneError
        Bad depths, unknown side or mode, empty source, or a zone that is
        empty on the chosen side.

    Examples
    --------
    >>> import shapely
    >>> z = buffer_zones(shapely.Point(36.25, 50.0), "5, 10", side=None, mode="bands")
    >>> z[["depth_km", "inner_km", "side"]].values.tolist()
    [[5.0, 0.0, 'none'], [10.0, 5.0, 'none']]
    """
    view = data.resolve_worldview(worldview)
    depths = parse_depths(depths_km)
    if mode not in ("rings", "bands"):
        msg = f"unknown zone mode {mode!r}; use 'rings' (0-10, 0-20) or 'bands' (0-10, 10-20)"
        raise ZoneError(msg)
    geom, label, sides = _source_geometry(source, view)
    side_codes = _side_list(side, sides)
    interior = shapely.union_all(
        [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    )
    buffers = dict(zip(depths, buffers_geodesic(geom, depths), strict=True))
    rows = []
    for code in side_codes:
        clip = _country_geom(code, view) if code else None
        prev = 0.0
        for d in depths:
            inner = prev if mode == "bands" else 0.0
            zone = _cut_zone(buffers, d, inner, clip=clip, interior=interior)
            if zone.is_empty:
                raise _empty_zone(code, inner, d, sides)
            row = {"depth_km": d, "inner_km": inner, "side": code or "none", "sector": label}
            rows.append({**row, "geometry": zone})
            prev = d
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf.attrs.update({"source": geom, "sector": label, "worldview": view})
    return gdf


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts of an overlay result (drops slivers of lines and points)."""
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()
