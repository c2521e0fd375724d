"""The zone report for :mod:`geomap.zones`: what falls inside each zone.

:func:`zone_report` gives each zone its geodesic area (in all and per
oblast), the settlements inside (counted, with population; villages known
only by their hromada centre and city districts apart) and, for places an
article names, their distance to the border and the zones holding them.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from . import data
from ._errors import ZoneError
from ._geodesy import GEOD, distances_to_geometry_km, geodesic_area_km2
from ._zones_buffer import _polygonal, _source_geometry
from ._zones_distance import _lines_length_km, _places_in_zones

__all__ = ["ZoneReport", "zone_report"]


@dataclass
class ZoneReport:
    """What a set of zones swallows.

    Attributes
    ----------
    zones : GeoDataFrame
        One row per zone: ``depth_km``, ``inner_km``, ``side``, ``sector``,
        ``area_km2`` (geodesic), ``areas_by_oblast`` (dict name -> km²),
        ``settlements`` (count with an exact location), ``settlements_approx``
        (villages only known by their hromada centre, not in the population),
        ``population`` (sum over exact settlements), ``largest`` (up to 10
        largest settlement names), ``city_districts`` (city districts listed
        as places, "Saltivka (Kharkiv)") and ``population_city_districts``
        (their population, not in ``population``), ``geometry``.
    settlements : GeoDataFrame
        Settlements inside the widest zone of each side: ``name``, ``kind``,
        ``country``, ``oblast``, ``population``, ``approx``, ``distance_km``
        to the sector, ``zone_km`` (depth of the narrowest zone holding it),
        ``side``, ``geometry``; nearest first.
    places : GeoDataFrame or None
        The given places with ``distance_to_border_km`` and one boolean
        column ``in_<depth>km`` per depth (True if any zone of that depth
        holds the place).
    sector_length_km : float
        Geodesic length of the source lines (0 for points).
    """

    zones: gpd.GeoDataFrame
    settlements: gpd.GeoDataFrame
    places: gpd.GeoDataFrame | None = None
    sector_length_km: float = 0.0
    sector: str = ""
    meta: dict = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """The zone table without geometry."""
        return pd.DataFrame(self.zones.drop(columns="geometry"))

    def zone_properties(self) -> list[dict[str, Any]]:
        """JSON-ready properties of each zone (with the places it holds, if any)."""
        out = []
        for rec in self.summary().to_dict(orient="records"):
            props = {k: _jsonable(v) for k, v in rec.items()}
            if self.places is not None and "name" in self.places.columns:
                col = f"in_{rec['depth_km']:g}km"
                props["places"] = [str(n) for n in self.places.loc[self.places[col], "name"]]
            out.append(props)
        return out

    def to_geojson(self, *, precision: int = 6) -> dict[str, Any]:
        """The zones as a GeoJSON FeatureCollection (dict).

        Each feature carries the :meth:`zone_properties`; the foreign member
        ``sector`` holds the sector line, its label and length.
        """
        feats = [
            {"type": "Feature", "properties": props, "geometry": _geojson_geom(g, precision)}
            for props, g in zip(self.zone_properties(), self.zones.geometry, strict=True)
        ]
        src = self.zones.attrs.get("source")
        return {
            "type": "FeatureCollection",
            "features": feats,
            "sector": {
                "label": self.sector,
                "length_km": self.sector_length_km,
                "geometry": _geojson_geom(src, precision) if src is not None else None,
            },
            "attribution": data.ATTRIBUTION,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything but geometries as a JSON-ready dict: sector, zones, settlements, places."""
        sett = []
        for rec in self.settlements.to_dict(orient="records"):
            geom = rec.pop("geometry")
            rec = {k: _jsonable(v) for k, v in rec.items()}
            rec["lat"], rec["lon"] = round(geom.y, 6), round(geom.x, 6)
            sett.append(rec)
        places = None
        if self.places is not None:
            keep = [c for c in self.places.columns if c not in ("geometry", "mentions")]
            places = [
                {k: _jsonable(v) for k, v in r.items()}
                for r in pd.DataFrame(self.places[keep]).to_dict(orient="records")
            ]
        return {
            "sector": {"label": self.sector, "length_km": self.sector_length_km},
            "zones": self.zone_properties(),
            "settlements": sett,
            "places": places,
            "attribution": data.ATTRIBUTION,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _geojson_geom(geom: BaseGeometry, precision: int) -> dict[str, Any]:
    import json

    rounded = shapely.transform(geom, lambda xy: np.round(xy, precision))
    return json.loads(shapely.to_geojson(rounded))


@functools.cache
def _city_sections() -> np.ndarray:
    """For each settlement, the city it is probably a district of ("" if none).

    The GeoNames extract lists some city districts as settlements (Saltivka in
    Kharkiv, Zarichnyi in Sumy) with their own population. A Ukrainian place
    without a KATOTTG record (every real Ukrainian settlement has one) is
    taken for a district of a KATOTTG-matched city of 100,000+ when it lies
    within the city's radius (its area at 3,000 people per km², as a disc)
    and is smaller than the city.
    """
    st = data.settlements()
    parent = np.full(len(st), "", dtype=object)
    best = np.full(len(st), np.inf)
    lon = st.geometry.x.to_numpy()
    lat = st.geometry.y.to_numpy()
    pop = st["population"].to_numpy(dtype=float)
    ua = (st["country"] == "UA").to_numpy() & (pop > 0)
    unmatched = (st["source"] == "geonames").to_numpy()
    cities = np.flatnonzero(ua & ~unmatched & (pop >= 100_000))
    cand = np.flatnonzero(ua & unmatched)
    for i in cities:
        radius_m = math.sqrt(pop[i] / (3_000.0 * math.pi)) * 1e3
        n = len(cand)
        _, _, d = GEOD.inv(np.full(n, lon[i]), np.full(n, lat[i]), lon[cand], lat[cand])
        hit = (d <= radius_m) & (pop[cand] < pop[i]) & (d < best[cand])
        parent[cand[hit]] = st["name"].iloc[i]
        best[cand[hit]] = d[hit]
    return parent


def _report_inputs(
    zones: Any, source: Any, worldview: str | None
) -> tuple[gpd.GeoDataFrame, BaseGeometry, str, str]:
    """(zones in EPSG:4326, source geometry, sector label, worldview) for :func:`zone_report`."""
    if not isinstance(zones, gpd.GeoDataFrame) or "depth_km" not in zones.columns:
        msg = "zone_report needs the GeoDataFrame returned by buffer_zones; build zones first"
        raise ZoneError(msg)
    if zones.crs is None:
        msg = "the zones have no CRS; pass the GeoDataFrame returned by buffer_zones"
        raise ZoneError(msg)
    view = data.resolve_worldview(worldview or zones.attrs.get("worldview"))
    if source is None:
        source = zones.attrs.get("source")
    if source is None:
        msg = "the zones carry no source line; pass source= (the sector they were built from)"
        raise ZoneError(msg)
    src, label, _ = _source_geometry(source, view)
    label = label or str(zones.attrs.get("sector", ""))
    if zones.crs.to_epsg() != 4326:
        zones = zones.to_crs(4326)
    return zones, src, label, view


def _zone_records(
    zones: gpd.GeoDataFrame,
    ob: gpd.GeoDataFrame,
    st: gpd.GeoDataFrame,
    section_of: np.ndarray,
    label: str,
) -> tuple[list[dict[str, Any]], list[np.ndarray]]:
    """One report row per zone, and the mask of the settlements inside each."""
    names = st["name"].to_numpy(dtype=object)
    is_section = section_of != ""
    approx = st["approx"].to_numpy(dtype=bool)
    xs, ys = st.geometry.x.to_numpy(), st.geometry.y.to_numpy()

    recs = []
    members: list[np.ndarray] = []
    for row in zones.itertuples():
        geom = row.geometry
        shapely.prepare(geom)
        by_ob = {}
        for name, poly in zip(*_near(ob, geom), strict=True):
            a = geodesic_area_km2(_polygonal(shapely.intersection(poly, geom)))
            if a >= 0.05:
                by_ob[name] = round(a, 1)
        inside = shapely.contains_xy(geom, xs, ys)
        if row.side != "none":
            inside &= (st["country"] == row.side).to_numpy()
        members.append(inside)
        exact = inside & ~approx
        districts = exact & is_section
        counted = exact & ~is_section
        top = st[counted].nlargest(10, "population")
        recs.append(
            {
                "depth_km": row.depth_km,
                "inner_km": row.inner_km,
                "side": row.side,
                "sector": getattr(row, "sector", "") or label,
                "area_km2": round(geodesic_area_km2(geom), 1),
                "areas_by_oblast": dict(sorted(by_ob.items(), key=lambda kv: -kv[1])),
                "settlements": int(counted.sum()),
                "settlements_approx": int((inside & approx).sum()),
                "population": int(st.loc[counted, "population"].sum()),
                "largest": [str(n) for n in top["name"]],
                "city_districts": [
                    f"{n} ({c})"
                    for n, c in zip(names[districts], section_of[districts], strict=True)
                ],
                "population_city_districts": int(st.loc[districts, "population"].sum()),
                "geometry": geom,
            }
        )
    return recs, members


def _settlements_inside(
    ztab: gpd.GeoDataFrame,
    members: list[np.ndarray],
    st: gpd.GeoDataFrame,
    section_of: np.ndarray,
    src: BaseGeometry,
) -> gpd.GeoDataFrame:
    """Settlements inside the widest zone of each side, with ``zone_km`` and ``distance_km``, nearest first."""
    parts = []
    for side in ztab["side"].unique():
        hit = np.zeros(len(st), dtype=bool)
        zone_km = np.full(len(st), np.nan)
        idx = np.flatnonzero((ztab["side"] == side).to_numpy())
        for i in sorted(idx, key=lambda k: -ztab["depth_km"].iloc[k]):
            hit |= members[i]
            zone_km[members[i]] = ztab["depth_km"].iloc[i]
        sub = st[hit].copy()
        sub["zone_km"] = zone_km[hit]
        sub["side"] = side
        sub["section_of"] = section_of[hit]
        parts.append(sub)
    cols = [
        "name", "kind", "country", "oblast", "population", "approx", "section_of",
        "distance_km", "zone_km", "side", "geometry",
    ]  # fmt: skip
    sett = gpd.GeoDataFrame(
        pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326"
    )
    sett["distance_km"] = distances_to_geometry_km(sett, src).round(3) if len(sett) else []
    sett = sett[cols].sort_values(["distance_km", "name"], ignore_index=True)
    return sett


def zone_report(
    zones: gpd.GeoDataFrame,
    *,
    places: gpd.GeoDataFrame | None = None,
    source: Any = None,
    worldview: str | None = None,
) -> ZoneReport:
    """Area, oblasts, settlements and named places inside each zone.

    Parameters
    ----------
    zones : GeoDataFrame
        From :func:`buffer_zones`.
    places : GeoDataFrame, optional
        Places to check, e.g. from :func:`geomap.places_from_text` (points or
        polygons with a CRS; every column is kept).
    source : optional
        The sector or line the zones were built from (default:
        ``zones.attrs["source"]``), for distances.
    worldview : str, optional
        Oblast shapes for the per-oblast areas (default: the zones' worldview).

    Returns
    -------
    ZoneReport

    Notes
    -----
    Settlements come from :func:`geomap.data.settlements`. About 23,000
    Ukrainian villages are known only from the KATOTTG codifier and placed at
    their hromada centre (``approx=True``, no population): they are counted
    separately (``settlements_approx``) and never in ``population``. The
    GeoNames extract also lists some city districts as if they were
    settlements (Saltivka in Kharkiv, Zarichnyi in Sumy; ``section_of``
    names the city): they are never counted in ``settlements`` or
    ``population`` (their people are in the city's figure) but listed in
    ``city_districts`` with their total in ``population_city_districts``,
    which tells when part of a city lies in a zone its centre is outside.

    Examples
    --------
    >>> from geomap.zones import buffer_zones
    >>> z = buffer_zones("Kursk Oblast", [10], side="UA")
    >>> r = zone_report(z)
    >>> list(r.zones["areas_by_oblast"].iloc[0])
    ['Sumy Oblast']
    >>> bool(r.settlements["distance_km"].max() <= 10.01)
    True
    """
    zones, src, label, view = _report_inputs(zones, source, worldview)
    ob = data.oblasts(worldview=view)
    st = data.settlements()
    section_of = _city_sections()
    recs, members = _zone_records(zones, ob, st, section_of, label)
    ztab = gpd.GeoDataFrame(recs, geometry="geometry", crs="EPSG:4326")
    ztab.attrs.update(
        {k: v for k, v in zones.attrs.items() if k in ("source", "sector", "worldview")}
    )
    sett = _settlements_inside(ztab, members, st, section_of, src)
    placed = _places_in_zones(places, ztab, src) if places is not None else None
    return ZoneReport(
        zones=ztab,
        settlements=sett,
        places=placed,
        sector_length_km=_lines_length_km(src),
        sector=label,
        meta={"worldview": view},
    )


def _near(frame: gpd.GeoDataFrame, geom: BaseGeometry) -> tuple[list[str], list[BaseGeometry]]:
    sub = frame[frame.intersects(geom)]
    return list(sub["name"]), list(sub.geometry)
