"""First-level regions placed at their administrative centre.

Used by ``data/build_data.py``. A region's point in the gazetteer (the ``lat``/``lon``
of ``admin1.parquet`` and ``world_admin1.parquet``) is where a reader, a reporter or
an encyclopedia puts the region: its administrative centre ("Rostov Oblast" at
Rostov-on-Don, "Krasnodar Krai" at Krasnodar), as raions are placed at theirs. The
polygon still gives the region's extent; the point is only its marker, and the label
point stays (``label_lat``/``label_lon``) for writing the name on a map. Natural Earth's
label point, kept before, lies up to 500 km from the centre (Irkutsk Oblast), 90-145 km
for Odesa, Krasnodar, Voronezh and Rostov.

The centre is the settlement whose name is the region's stem ("Kursk" of "Kursk
Oblast"), or the one :data:`CENTRES` names where the two differ, found in the
settlement tables of the same country, inside the region or within
:data:`NEAR_KM` of it (Kyiv for Kyiv Oblast, Saint Petersburg for Leningrad Oblast),
the most populous first. A region with no such settlement (the US states) keeps
its label point.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import shapely

from geomap._geodesy import distances_to_geometry_km
from geomap._translit import normalize

__all__ = ["CENTRES", "NEAR_KM", "at_centres"]

#: Administrative centres whose name is not the region's stem (ISO 3166-2 -> English name).
CENTRES = {
    "UA-07": "Lutsk",
    "UA-12": "Dnipro",
    "UA-21": "Uzhhorod",
    "UA-35": "Kropyvnytskyi",
    "UA-43": "Simferopol",
    "RU-AD": "Maykop",
    "RU-AL": "Gorno-Altaysk",
    "RU-AMU": "Blagoveshchensk",
    "RU-ALT": "Barnaul",
    "RU-BA": "Ufa",
    "RU-BU": "Ulan-Ude",
    "RU-CE": "Grozny",
    "RU-CHU": "Anadyr",
    "RU-CU": "Cheboksary",
    "RU-DA": "Makhachkala",
    "RU-IN": "Magas",
    "RU-KB": "Nalchik",
    "RU-KC": "Cherkessk",
    "RU-KHM": "Khanty-Mansiysk",
    "RU-KK": "Abakan",
    "RU-KL": "Elista",
    "RU-KO": "Syktyvkar",
    "RU-KR": "Petrozavodsk",
    "RU-KAM": "Petropavlovsk-Kamchatsky",
    "RU-LEN": "Saint Petersburg",
    "RU-ME": "Yoshkar-Ola",
    "RU-MO": "Saransk",
    "RU-MOS": "Moscow",
    "RU-NEN": "Naryan-Mar",
    "RU-PER": "Perm",
    "RU-PRI": "Vladivostok",
    "RU-SA": "Yakutsk",
    "RU-SAK": "Yuzhno-Sakhalinsk",
    "RU-SE": "Vladikavkaz",
    "RU-SVE": "Yekaterinburg",
    "RU-TA": "Kazan",
    "RU-TY": "Kyzyl",
    "RU-UD": "Izhevsk",
    "RU-YAN": "Salekhard",
    "RU-YEV": "Birobidzhan",
    "RU-ZAB": "Chita",
}

#: A centre may lie just outside its region (a federal city, a city of special status).
NEAR_KM = 60.0

_STEM = re.compile(r"\s+(Oblast|Krai|Region|Autonomous Okrug|Autonomous Oblast)$")


def _centre_name(code: str, name: str) -> str:
    return CENTRES.get(code) or _STEM.sub("", name)


def at_centres(units: gpd.GeoDataFrame, settlements: list[pd.DataFrame]) -> gpd.GeoDataFrame:
    """``units`` with ``lat``/``lon`` moved to each region's administrative centre.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Regions (``code``, ``name``, ``kind``, ``country``, ``lat``, ``lon``, polygons, EPSG:4326).
    settlements : list of pandas.DataFrame
        Settlement tables (``name``, ``alt``, ``country``, ``lat``, ``lon``, ``population``).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy; regions whose centre is not found keep their point. ``label_lat`` and
        ``label_lon`` keep the label point, where maps write the region's name.
    """
    pool = pd.concat(
        [s[["name", "alt", "country", "lat", "lon", "population"]] for s in settlements]
    )
    pool = pool.assign(population=pd.to_numeric(pool["population"], errors="coerce").fillna(0))
    by_name: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    for r in pool.itertuples():
        for n in {r.name, *str(r.alt or "").split("|")}:
            if n:
                by_name.setdefault((r.country, normalize(n)), []).append(
                    (r.population, r.lat, r.lon)
                )
    out = units.copy()
    out["label_lat"], out["label_lon"] = out["lat"], out["lon"]  # where the name is drawn
    for i, (code, name, kind, cc) in enumerate(
        zip(out["code"], out["name"], out["kind"], out["country"], strict=True)
    ):
        if kind != "oblast":
            continue
        found = by_name.get((cc, normalize(_centre_name(code, name))), [])
        for _pop, lat, lon in sorted(found, reverse=True):
            if _near(out.geometry.iloc[i], lat, lon):
                out.iloc[i, out.columns.get_loc("lat")] = lat
                out.iloc[i, out.columns.get_loc("lon")] = lon
                break
    return out


def _near(geom, lat: float, lon: float) -> bool:
    """The point lies in ``geom`` or within :data:`NEAR_KM` of it (on the ellipsoid)."""
    pt = shapely.Point(lon, lat)
    return (
        bool(geom.contains(pt)) or float(distances_to_geometry_km([(lon, lat)], geom)[0]) <= NEAR_KM
    )
