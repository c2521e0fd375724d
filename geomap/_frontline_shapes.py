"""Front-line geometry from GeoJSON: parsing, repair and the region checks (private).

Shared by every front-line reader (:mod:`geomap._frontline_sources`,
:mod:`geomap._frontline_files`). Hostile geometry gives one line: coordinate
arrays deeper than their geometry type allows, NaN or infinite positions and
unknown geometry types drop the feature (counted as broken in :class:`_Stats`,
the first reason noted); invalid polygons are repaired with
:func:`shapely.make_valid`, parts outside :data:`REGION_BOUNDS` dropped, and a
table with no polygon in the region or an edge jumping across the
antimeridian refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import shapely.errors
from pyproj import CRS
from shapely.geometry import shape

from ._errors import DataError

__all__ = [
    "REGION_BOUNDS",
    "_Stats",
    "_check_antimeridian",
    "_check_lonlat",
    "_in_region",
    "_is_lonlat",
    "_keep_in_region",
    "_polygonal",
    "_repair",
    "_shape",
]

#: lon/lat box that any front-line polygon of this war must touch
#: (Ukraine, the Russian border oblasts, Crimea, Transnistria's neighbourhood).
REGION_BOUNDS = (20.0, 40.0, 50.0, 60.0)


_CRS84 = CRS.from_user_input("OGC:CRS84")


@dataclass
class _Stats:
    """Counters reported in ``gdf.attrs``."""

    repaired: int = 0
    dropped_outside: int = 0
    dropped_unknown: int = 0
    dropped_broken: int = 0
    skipped_points: int = 0
    status_assumed: int = 0
    notes: list[str] = field(default_factory=list)

    def as_attrs(self) -> dict[str, int]:
        return {
            "repaired": self.repaired,
            "dropped_outside": self.dropped_outside,
            "dropped_unknown": self.dropped_unknown,
            "dropped_broken": self.dropped_broken,
            "skipped_points": self.skipped_points,
            "status_assumed": self.status_assumed,
        }


#: GeoJSON geometry types, and how deep their coordinate arrays nest.
_COORD_DEPTH = {
    "Point": 1,
    "MultiPoint": 2,
    "LineString": 2,
    "MultiLineString": 3,
    "Polygon": 3,
    "MultiPolygon": 4,
}


#: Deepest GeometryCollection nesting accepted.
_MAX_COLLECTION_DEPTH = 8


def _strip_coords(obj: Any, depth: int = 4) -> Any:
    """Drop z/m from nested GeoJSON coordinates, checking they are finite numbers."""
    if isinstance(obj, list | tuple):
        if obj and all(isinstance(v, int | float) and not isinstance(v, bool) for v in obj):
            if len(obj) < 2:
                raise ValueError("a position needs at least two numbers")
            x, y = float(obj[0]), float(obj[1])
            if not (np.isfinite(x) and np.isfinite(y)):
                raise ValueError("a position is not finite (NaN or Infinity)")
            return [x, y]
        if depth <= 1:
            raise ValueError("coordinates are nested deeper than the geometry type allows")
        return [_strip_coords(v, depth - 1) for v in obj]
    raise ValueError(f"coordinates contain {type(obj).__name__}")


def _geometry_2d(geom: dict[str, Any], level: int = 0) -> dict[str, Any]:
    if not isinstance(geom, dict) or "type" not in geom:
        raise ValueError("geometry is not a GeoJSON object")
    kind = geom["type"]
    if kind == "GeometryCollection":
        if level >= _MAX_COLLECTION_DEPTH:
            raise ValueError("GeometryCollections are nested too deeply")
        parts = geom.get("geometries") or []
        if not isinstance(parts, list):
            raise ValueError("GeometryCollection 'geometries' is not a list")
        return {
            "type": "GeometryCollection",
            "geometries": [_geometry_2d(g, level + 1) for g in parts],
        }
    if not isinstance(kind, str) or kind not in _COORD_DEPTH:
        shown = str(kind)[:40]
        raise ValueError(f"unknown geometry type {shown!r}")
    return {
        "type": kind,
        "coordinates": _strip_coords(geom.get("coordinates", []), _COORD_DEPTH[kind]),
    }


def _fast_polygon(gj: Any):
    """A Polygon from plain GeoJSON polygon coordinates without per-position Python work (None: use the slow path)."""
    if not isinstance(gj, dict) or gj.get("type") != "Polygon":
        return None
    coords = gj.get("coordinates")
    if not isinstance(coords, list) or not coords:
        return None
    rings = []
    for ring in coords:
        if not isinstance(ring, list) or len(ring) < 4:
            return None
        try:
            xy = np.array(ring)
        except (ValueError, TypeError, OverflowError):
            return None
        if xy.dtype.kind not in "if":  # booleans, strings, ragged or nested lists
            return None
        xy = xy.astype(float)
        if xy.ndim != 2 or xy.shape[1] < 2 or not np.isfinite(xy[:, :2]).all():
            return None
        rings.append(xy[:, :2])
    return shapely.Polygon(rings[0], rings[1:])


def _shape(gj: Any, stats: _Stats):
    """A shapely geometry from GeoJSON, or None (counted as broken, first reason noted)."""
    try:
        geom = _fast_polygon(gj)
        if geom is None:
            geom = shape(_geometry_2d(gj))
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            raise ValueError("a position is not finite (NaN or Infinity)")
        return geom
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        why = str(exc) or type(exc).__name__
    except shapely.errors.ShapelyError as exc:
        why = " ".join(str(exc).split())[:120] or type(exc).__name__
    stats.dropped_broken += 1
    if not stats.notes:
        stats.notes.append(why)
    return None


def _polygonal(geom) -> shapely.Geometry | None:
    """The polygonal part of ``geom`` as Polygon/MultiPolygon (None when there is none)."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    if geom.geom_type == "GeometryCollection":
        flat = []
        for p in shapely.get_parts(geom):
            got = _polygonal(p) if p.geom_type == "GeometryCollection" else p
            if got is not None and got.geom_type in ("Polygon", "MultiPolygon"):
                flat.append(got)
        parts = flat
    if not parts:
        return None
    polys = []
    for p in parts:
        polys.extend(shapely.get_parts(p))
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _in_region(geom) -> bool:
    x0, y0, x1, y1 = REGION_BOUNDS
    minx, miny, maxx, maxy = geom.bounds
    return not (maxx < x0 or minx > x1 or maxy < y0 or miny > y1)


def _keep_in_region(geom, stats: _Stats):
    """Drop polygon parts entirely outside :data:`REGION_BOUNDS` (decoys, other wars)."""
    parts = list(shapely.get_parts(geom))
    kept = [p for p in parts if _in_region(p)]
    stats.dropped_outside += len(parts) - len(kept)
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def _repair(geom, stats: _Stats):
    if geom.is_valid:
        return geom
    fixed = _polygonal(shapely.make_valid(geom))
    stats.repaired += 1
    return fixed


def _is_lonlat(crs: CRS | None) -> bool:
    if crs is None:
        return True
    try:
        return crs.equals(_CRS84, ignore_axis_order=True) or crs.to_epsg() == 4326
    except Exception:  # pragma: no cover - exotic CRS objects
        return False


def _check_lonlat(gdf: gpd.GeoDataFrame, label: str) -> None:
    minx, miny, maxx, maxy = gdf.total_bounds
    if not (-180.5 <= minx <= maxx <= 180.5 and -90.5 <= miny <= maxy <= 90.5):
        msg = (
            f"{label} has coordinates outside lon/lat range (e.g. x={maxx:.0f}); it is in a "
            "projected CRS without saying so; reproject it to EPSG:4326"
        )
        raise DataError(msg)
    if not any(_in_region(g) for g in gdf.geometry if g is not None):
        swapped = [shapely.transform(g, lambda xy: xy[:, ::-1]) for g in gdf.geometry]
        if any(_in_region(g) for g in swapped):
            msg = f"{label} has its coordinates in lat, lon order; GeoJSON needs lon, lat: swap the axes"
            raise DataError(msg)


def _check_antimeridian(gdf: gpd.GeoDataFrame, label: str) -> None:
    from ._frontline_geom import antimeridian_edge

    hit = antimeridian_edge(gdf.geometry.to_numpy())
    if hit is not None:
        i, x0, x1 = hit
        msg = (
            f"{label} polygon #{i} crosses the antimeridian (an edge from lon {x0:g} to {x1:g}); "
            "split it at ±180° (RFC 7946 §3.1.9) or drop it"
        )
        raise DataError(msg)
