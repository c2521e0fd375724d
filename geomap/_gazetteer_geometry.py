"""Geometry of gazetteer entities: the polygons of countries and oblasts, candidate frames.

>>> from geomap.gazetteer import lookup
>>> candidates_to_frame(lookup("Sumy", limit=2)).geom_type.tolist()
['Point', 'MultiPolygon']
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from . import data

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from ._gazetteer_query import Candidate

__all__ = ["candidates_to_frame"]


@functools.cache
def _area_frames(worldview: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ob = data.oblasts(worldview=worldview)
    co = data.countries(worldview=worldview)
    oblast_geoms = dict(zip(ob["code"], ob.geometry, strict=True))
    far = data.data_dir() / "world_admin1.parquet"
    if far.exists():  # units abroad (Irkutsk Oblast, Alaska): simplified, for containment
        import geopandas as gpd

        wa = gpd.read_parquet(far)
        oblast_geoms.update(zip(wa["code"], wa.geometry, strict=True))
    return oblast_geoms, dict(zip(co["iso2"], co.geometry, strict=True))


def _area_geometry(kind: str, ident: str, worldview: str):
    oblast_geoms, country_geoms = _area_frames(worldview)
    if kind == "country":
        return country_geoms.get(ident.removeprefix("C-"))
    return oblast_geoms.get(ident)


def candidates_to_frame(cands: list[Candidate]) -> gpd.GeoDataFrame:
    """Candidates as a GeoDataFrame (EPSG:4326) with their geometries.

    Parameters
    ----------
    cands : list of Candidate
        Candidates, as :func:`lookup` returns them.

    Returns
    -------
    GeoDataFrame
        One row per candidate: the fields of ``Candidate.to_dict()`` and the
        geometry.
    """
    import geopandas as gpd

    recs = [c.to_dict() for c in cands]
    geoms = [c.geometry for c in cands]
    return gpd.GeoDataFrame(recs, geometry=geoms, crs="EPSG:4326")
