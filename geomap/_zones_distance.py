"""Distances to the border for :mod:`geomap.zones`: places, settlements and sector length.

Every distance is geodesic (:func:`geomap._geodesy.distances_to_geometry_km`):
points directly, areas by their outline (0 when they touch the source).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ._errors import ZoneError
from ._geodesy import distances_to_geometry_km, geodesic_area_km2, geodesic_length_km
from ._zones_buffer import _polygonal, _source_geometry

__all__ = ["distances_from_sector"]


def distances_from_sector(points: Any, sector: Any) -> np.ndarray:
    """Geodesic distance (km) from each point to a sector, line or polygon (0 inside polygons).

    Each point is measured in an azimuthal-equidistant frame centred at the
    point itself, so the distances are geodesic.

    Parameters
    ----------
    points : GeoDataFrame, GeoSeries, sequence of points or array
        Points as a GeoDataFrame/GeoSeries, shapely points or an (n, 2)
        lon/lat array.
    sector : GeoDataFrame or shapely geometry
        A GeoDataFrame with a CRS, or a lon/lat geometry.

    Returns
    -------
    numpy.ndarray
        One distance in km per point.

    Examples
    --------
    >>> import shapely
    >>> line = shapely.LineString([(30.0, 50.0), (40.0, 50.0)])
    >>> distances_from_sector([(35.0, 50.0)], line).round(3).tolist()
    [0.0]
    """
    if isinstance(sector, gpd.GeoDataFrame | gpd.GeoSeries):
        geom, _, _ = _source_geometry(sector, None)
    else:
        geom = sector
    return distances_to_geometry_km(points, geom)


def _lines_length_km(geom: BaseGeometry) -> float:
    lines = [
        g
        for g in getattr(geom, "geoms", [geom])
        if g.geom_type in ("LineString", "MultiLineString")
    ]
    return round(sum(geodesic_length_km(g) for g in lines), 3)


def _place_distances(geoms: Sequence[BaseGeometry], src: BaseGeometry) -> np.ndarray:
    """Geodesic km from each place to the source: points directly, areas by their outline (0 if touching)."""
    out = np.full(len(geoms), np.nan)
    pts = [
        i
        for i, g in enumerate(geoms)
        if g is not None and not g.is_empty and g.geom_type == "Point"
    ]
    if pts:
        out[pts] = distances_to_geometry_km([geoms[i] for i in pts], src)
    for i, g in enumerate(geoms):
        if i in pts or g is None or g.is_empty:
            continue
        if g.intersects(src):
            out[i] = 0.0
        else:
            out[i] = float(
                np.min(distances_to_geometry_km(shapely.get_coordinates(g.boundary), src))
            )
    return out


def _holds(zone: BaseGeometry, geom: BaseGeometry | None) -> bool:
    """Whether a zone holds a place: a point inside, or an area overlapping by 1 km² or more."""
    if geom is None or geom.is_empty or not zone.intersects(geom):
        return False
    if geom.geom_type == "Point":
        return True
    return geodesic_area_km2(_polygonal(shapely.intersection(zone, geom))) >= 1.0


def _places_in_zones(
    places: gpd.GeoDataFrame, ztab: gpd.GeoDataFrame, src: BaseGeometry
) -> gpd.GeoDataFrame:
    if not isinstance(places, gpd.GeoDataFrame):
        msg = "places must be a GeoDataFrame (e.g. from geomap.places_from_text)"
        raise ZoneError(msg)
    out = places.copy()
    if out.crs is None:
        out = out.set_crs(4326)
    elif out.crs.to_epsg() != 4326:
        out = out.to_crs(4326)
    geoms = list(out.geometry)
    out["distance_to_border_km"] = np.round(_place_distances(geoms, src), 3)
    for d in sorted(ztab["depth_km"].unique()):
        zone = shapely.union_all(list(ztab.loc[ztab["depth_km"] == d, "geometry"]))
        shapely.prepare(zone)
        out[f"in_{d:g}km"] = np.array([_holds(zone, g) for g in geoms], dtype=bool)
    return out
