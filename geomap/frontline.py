"""The front line: occupied territory from DeepStateMap, its mirror, ISW or your own file.

Read a snapshot into a GeoDataFrame (EPSG:4326) with one row per area::

    date      day of the snapshot (datetime64, NaT when unknown)
    source    "deepstate", "deepstate-mirror", "isw" or "user"
    status    "occupied", "contested" or "liberated"
    name      the area's English name in the source (e.g. "Occupied Crimea")
    pre2022   True for areas held since 2014-15 (Crimea, CADR and CALR), <NA> if unknown
    geometry  2-D Polygon / MultiPolygon

then measure it (:func:`occupied_area_km2`, within Ukraine's internationally
recognised borders; :func:`occupied_outside_ukraine_km2` gives what a source
draws beyond them, on the neighbours' land), compare two dates
(:func:`frontline_diff`), follow it over time (:func:`occupied_series`), draw
the front line itself (:func:`frontline_to_lines`) and the strips along it
(:func:`frontline_zones`, built with :mod:`geomap.zones`). :func:`fetch_snapshot` downloads and caches
snapshots.

Areas are measured on the WGS84 ellipsoid with :class:`pyproj.Geod`; buffers
and line clean-up work in a local Lambert azimuthal equal-area projection
centred on the data, never in degrees.

>>> from geomap.frontline import frontline_from_file, occupied_area_km2, _demo_file
>>> gdf = frontline_from_file(_demo_file())
>>> gdf[["source", "status", "name"]].iloc[0].tolist()
['deepstate-mirror', 'occupied', 'Occupied']
>>> round(occupied_area_km2(gdf))
8376
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from . import _frontline_files as _files
from . import _frontline_sources as _src
from ._errors import InputError
from ._frontline_fetch import cached_snapshot, fetch_snapshot, nearest_cached_snapshot
from ._frontline_files import _as_frame, _snapshot_date
from ._frontline_geom import _safe, geodesic_area_km2, occupied_union
from ._frontline_lines import frontline_to_lines, frontline_zones
from ._frontline_shapes import _polygonal
from ._io import atomic_write
from ._log import get_logger

__all__ = [
    "DEFAULT_DEEPSTATE_URL",
    "DEFAULT_MIRROR_URL",
    "STATUSES",
    "cached_snapshot",
    "fetch_snapshot",
    "frontline_diff",
    "frontline_from_file",
    "frontline_markers_from_file",
    "frontline_to_geojson",
    "frontline_to_lines",
    "frontline_zones",
    "geodesic_area_km2",
    "nearest_cached_snapshot",
    "occupied_area_km2",
    "occupied_outside_ukraine_km2",
    "occupied_series",
    "occupied_union",
]

log = get_logger("frontline")

STATUSES = _src.STATUSES
DEFAULT_DEEPSTATE_URL = _src.DEFAULT_DEEPSTATE_URL
DEFAULT_MIRROR_URL = _src.DEFAULT_MIRROR_URL

# --------------------------------------------------------------------------- reading


def frontline_from_file(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    date: Any = None,
    status: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a front-line snapshot (GeoJSON, KML, KMZ or GeoPackage).

    Parameters
    ----------
    path : path-like
        A DeepStateMap API snapshot (``/api/history/{id}/geojson``), a daily
        mirror file (``deepstatemap_data_YYYYMMDD.geojson``), an ISW
        feature-service GeoJSON layer, or any GeoJSON / KML / KMZ / GeoPackage
        of areas.
    source : {"deepstate", "deepstate-mirror", "isw", "user"}, optional
        Force the schema; by default it is detected from the content and name.
    date : str or date-like, optional
        Date of the snapshot; by default taken from the file name
        (``YYYYMMDD``, ``YYYY-MM-DD``, or a DeepStateMap unix id) or the features.
    status : {"occupied", "contested", "liberated"}, optional
        Status to give every area (for a user file or an ISW layer whose kind
        cannot be told from its name).

    Returns
    -------
    GeoDataFrame
        EPSG:4326 with columns ``date, source, status, name, pre2022, geometry``.
        ``attrs`` counts what was fixed or left out: ``repaired`` (invalid
        geometries fixed with :func:`shapely.make_valid`), ``dropped_outside``
        (polygons outside the region, e.g. decoys), ``dropped_unknown``
        (DeepStateMap polygons that are not control areas, e.g. Transnistria),
        ``dropped_broken``, ``skipped_points`` (unit and arrow markers; read them
        with :func:`frontline_markers_from_file`) and ``status_assumed``.

    Raises
    ------
    InputError
        The path does not exist or an option is invalid.
    DataError
        The file is empty, corrupt, truncated, of the wrong schema or CRS.

    Examples
    --------
    >>> gdf = frontline_from_file(_demo_file(date="2025-03-01"))
    >>> str(gdf["date"].iloc[0].date()), gdf.crs.to_epsg()
    ('2025-03-01', 4326)
    """
    return _files.read_path(path, source=source, date=date, status=status)


def frontline_markers_from_file(
    path: str | os.PathLike[str], *, date: Any = None
) -> gpd.GeoDataFrame:
    """Unit and attack-direction markers of a DeepStateMap API snapshot.

    Polygons are left to :func:`frontline_from_file`.

    Parameters
    ----------
    path : path-like
        The snapshot file (GeoJSON, as the DeepStateMap API serves it).
    date : date-like, optional
        Date of the snapshot; read from the file or its name when omitted.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, columns ``date, source, kind`` (``"attack_direction"`` or
        ``"marker"``), ``name`` (English), ``name_uk`` and ``geometry``
        (points, or lines for drawn arrows).

    Examples
    --------
    >>> frontline_markers_from_file(_demo_file()).empty
    True
    """
    return _files.markers_from_path(path, date=date)


# --------------------------------------------------------------------------- areas


def occupied_area_km2(
    gdf: Any, *, statuses: Sequence[str] = ("occupied",), clip: bool = True
) -> float:
    """Occupied area of a snapshot in km² (geodesic, WGS84; overlaps counted once).

    Parameters
    ----------
    gdf : GeoDataFrame or path
        A table from :func:`frontline_from_file` (or a file to read).
    statuses : sequence of str
        Which statuses to count; add ``"contested"`` for the grey zone too.
    clip : bool
        Leave out what the source draws on the land of Ukraine's neighbours
        (beyond the de jure border at about 10 m resolution, see
        :func:`geomap.data.borders`); :func:`occupied_outside_ukraine_km2`
        gives that part. Water beyond the coast that the source draws is kept.
        ``False`` measures the source's polygons as they are.

    Returns
    -------
    float
        The area in km².

    Examples
    --------
    >>> round(occupied_area_km2(_demo_file()))
    8376
    """
    union = occupied_union(gdf, statuses=statuses)
    if clip:
        union = _split_ukraine(union)[0]
    return geodesic_area_km2(union)


def occupied_outside_ukraine_km2(gdf: Any, *, statuses: Sequence[str] = ("occupied",)) -> float:
    """Area (km²) a snapshot draws on the land of Ukraine's neighbours (Russia, Belarus...).

    Coarse borders make a source's polygons overlap the neighbours by a few
    km²; :func:`occupied_area_km2` and :func:`frontline_diff` leave it out.

    Parameters
    ----------
    gdf : GeoDataFrame or path
        A table from :func:`frontline_from_file` (or a file to read).
    statuses : sequence of str
        Which statuses to count (default only ``"occupied"``).

    Returns
    -------
    float
        The area in km² outside Ukraine's de jure border on land.

    Examples
    --------
    >>> occupied_outside_ukraine_km2(_demo_file())
    0.0
    """
    return geodesic_area_km2(_split_ukraine(occupied_union(gdf, statuses=statuses))[1])


@functools.cache
def _ukraine_and_neighbours():
    """Ukraine (de jure, 10 m) and the land of the countries around it, prepared."""
    from . import data

    land = data.countries(worldview="de_jure")
    ua = shapely.union_all(list(land.loc[land["iso2"] == "UA", "geometry"]))
    window = shapely.box(*ua.bounds).buffer(1.0)
    near = land[(land["iso2"] != "UA") & land.intersects(window)]
    others = shapely.union_all([shapely.clip_by_rect(g, *window.bounds) for g in near.geometry])
    shapely.prepare(ua)
    shapely.prepare(others)
    return ua, others


def _split_ukraine(geom):
    """``(inside, outside)``: a lon/lat area split at Ukraine's de jure land borders.

    ``outside`` is the part on a neighbour's land and off Ukraine's; the rest
    (Ukraine and water beyond its coast) is ``inside``.
    """
    if geom is None or geom.is_empty:
        return shapely.Polygon(), shapely.Polygon()
    ua, others = _ukraine_and_neighbours()
    beyond = _safe(shapely.difference, geom, ua)
    outside = _polygonal(_safe(shapely.intersection, beyond, others)) or shapely.Polygon()
    if outside.is_empty:
        return geom, outside
    inside = _polygonal(_safe(shapely.difference, geom, outside)) or shapely.Polygon()
    return inside, outside


# --------------------------------------------------------------------------- diff & series


def _regions(by: Any) -> gpd.GeoDataFrame | None:
    if by is None or (isinstance(by, str) and by.lower() in ("none", "")):
        return None
    if isinstance(by, gpd.GeoDataFrame):
        if "name" not in by.columns:
            msg = "regions GeoDataFrame needs a 'name' column; rename its label column"
            raise InputError(msg)
        return by.to_crs("EPSG:4326") if by.crs and by.crs.to_epsg() != 4326 else by
    if isinstance(by, str) and by.lower() == "oblast":
        from .data import oblasts

        # Ukraine's units only: the changes outside Ukraine are reported apart
        return oblasts(worldview="de_jure", countries=("UA",))
    msg = f"by={by!r} is not supported; use 'oblast', None or a GeoDataFrame of regions"
    raise InputError(msg)


def _split_by_region(piece, regions: gpd.GeoDataFrame | None) -> list[tuple[str | None, Any]]:
    if regions is None:
        return [(None, piece)]
    out = []
    covered = []
    for idx in regions.sindex.query(piece, predicate="intersects"):
        reg = regions.geometry.iloc[idx]
        part = _polygonal(_safe(shapely.intersection, piece, reg))
        if part is not None and not part.is_empty:
            out.append((regions["name"].iloc[idx], part))
            covered.append(part)
    if covered:
        rest = _polygonal(_safe(shapely.difference, piece, shapely.union_all(covered)))
    else:
        rest = piece
    if rest is not None and not rest.is_empty:
        out.append((None, rest))
    return out


def frontline_diff(
    a: Any,
    b: Any,
    *,
    by: Any = "oblast",
    min_area_km2: float = 0.0,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Territory that changed hands between two snapshots.

    ``gained`` is area occupied in ``b`` but not in ``a`` (an advance of the
    occupying force), ``lost`` the reverse (liberated or withdrawn). Areas are
    geodesic (WGS84 ellipsoid, :class:`pyproj.Geod`).

    Parameters
    ----------
    a, b : GeoDataFrame or path
        Earlier and later snapshots (see :func:`frontline_from_file`).
    by : "oblast", None or GeoDataFrame
        Split the changes by Ukraine's bundled oblasts (:func:`geomap.data.oblasts`),
        not at all, or by your own regions (a GeoDataFrame with ``name``).
    min_area_km2 : float
        Leave out pieces smaller than this (digitising slivers).

    Returns
    -------
    pieces : GeoDataFrame
        EPSG:4326; columns ``status`` (gained / lost), ``oblast`` (None outside
        every region), ``area_km2``, ``geometry``. ``attrs`` holds
        ``date_from``, ``date_to``, ``gained_km2``, ``lost_km2``, ``net_km2``
        (within Ukraine) and ``outside_gained_km2``, ``outside_lost_km2``
        (on the neighbours' land, left out of the pieces).
    table : DataFrame
        One row per oblast: ``oblast, gained_km2, lost_km2, net_km2``, largest
        change first.

    Examples
    --------
    >>> before = frontline_from_file(_demo_file(date="2025-03-01"))
    >>> after = frontline_from_file(_demo_file(date="2025-05-22", east=38.1))
    >>> pieces, table = frontline_diff(before, after, by=None)
    >>> pieces["status"].tolist(), round(pieces.attrs["net_km2"], -1)
    (['gained'], 840.0)
    """
    fa, fb = _as_frame(a), _as_frame(b)
    if min_area_km2 < 0:
        msg = f"min_area_km2={min_area_km2} is negative; give 0 or more"
        raise InputError(msg)
    ua, ub = occupied_union(fa), occupied_union(fb)
    regions = _regions(by)
    rows = []
    outside = {"gained": 0.0, "lost": 0.0}
    for status, geom in (
        ("gained", _safe(shapely.difference, ub, ua)),
        ("lost", _safe(shapely.difference, ua, ub)),
    ):
        geom = _polygonal(geom)
        if geom is None:
            continue
        inside, beyond = _split_ukraine(geom)
        outside[status] = geodesic_area_km2(beyond)
        for piece in shapely.get_parts(inside):
            for region, part in _split_by_region(piece, regions):
                area = geodesic_area_km2(part)
                if area <= 0 or area < min_area_km2:
                    continue
                rows.append(
                    {"status": status, "oblast": region, "area_km2": area, "geometry": part}
                )
    pieces = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=["status", "oblast", "area_km2", "geometry"]),
        geometry="geometry",
        crs="EPSG:4326",
    )
    pieces["oblast"] = pieces["oblast"].astype(object)
    key = pieces["oblast"].fillna("(outside oblasts)") if len(pieces) else pieces["oblast"]
    table = (
        pieces.assign(oblast=key)
        .pivot_table(index="oblast", columns="status", values="area_km2", aggfunc="sum")
        .reindex(columns=["gained", "lost"])
        .fillna(0.0)
        .rename(columns={"gained": "gained_km2", "lost": "lost_km2"})
        .reset_index()
        if len(pieces)
        else pd.DataFrame(columns=["oblast", "gained_km2", "lost_km2"])
    )
    table.columns.name = None
    table["net_km2"] = table["gained_km2"].astype(float) - table["lost_km2"].astype(float)
    table = (
        table.assign(_order=table["net_km2"].abs())
        .sort_values(["_order", "oblast"], ascending=[False, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    gained = float(pieces.loc[pieces["status"] == "gained", "area_km2"].sum())
    lost = float(pieces.loc[pieces["status"] == "lost", "area_km2"].sum())
    pieces.attrs.update(
        date_from=_snapshot_date(fa),
        date_to=_snapshot_date(fb),
        gained_km2=gained,
        lost_km2=lost,
        net_km2=gained - lost,
        outside_gained_km2=outside["gained"],
        outside_lost_km2=outside["lost"],
    )
    return pieces, table


def occupied_series(
    snapshots: Iterable[Any] | Mapping[Any, Any], *, verbose: bool = False
) -> pd.DataFrame:
    """Occupied area over time.

    Parameters
    ----------
    snapshots : iterable of GeoDataFrame or path, or mapping date -> either
        The snapshots; with a mapping its keys give the dates.
    verbose : bool
        Show a progress bar.

    Returns
    -------
    DataFrame
        ``date, area_km2, change_km2, source, outside_ukraine_km2``, sorted
        by date (``area_km2`` within Ukraine's de jure borders, see
        :func:`occupied_area_km2`; ``change_km2`` is the change from the
        previous row; ``outside_ukraine_km2`` what the snapshot draws on the
        neighbours' land).

    >>> s = occupied_series([_demo_file(date="2025-03-01"), _demo_file(date="2025-05-22", east=38.1)])
    >>> s["change_km2"].round(-1).tolist()
    [nan, 840.0]
    """
    items = (
        list(snapshots.items())
        if isinstance(snapshots, Mapping)
        else [(None, s) for s in snapshots]
    )
    if not items:
        msg = "no snapshots given; pass files, dates or GeoDataFrames"
        raise InputError(msg)
    if verbose:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="snapshots", unit="file")
    rows = []
    for key, snap in items:
        frame = _as_frame(snap)
        day = _src._day(key) if key is not None else _snapshot_date(frame)
        sources = sorted(set(frame["source"])) if "source" in frame.columns else []
        inside, outside = _split_ukraine(occupied_union(frame))
        rows.append(
            {
                "date": day if day is not None else pd.NaT,
                "area_km2": geodesic_area_km2(inside),
                "source": ",".join(sources),
                "outside_ukraine_km2": geodesic_area_km2(outside),
            }
        )
    out = pd.DataFrame(rows)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out = out.sort_values("date", kind="stable").reset_index(drop=True)
    out["change_km2"] = out["area_km2"].diff()
    return out[["date", "area_km2", "change_km2", "source", "outside_ukraine_km2"]]


# --------------------------------------------------------------------------- output


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return None if pd.isna(value) else value.strftime("%Y-%m-%d")
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if np.isnan(value) else round(float(value), 3)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def frontline_to_geojson(gdf: gpd.GeoDataFrame, *, precision: int = 6) -> str:
    """A GeoDataFrame as GeoJSON text (dates as ``YYYY-MM-DD``, NA as null).

    Parameters
    ----------
    gdf : GeoDataFrame
        Any table with a CRS (reprojected to EPSG:4326 when it is another).
    precision : int
        Decimal places of the coordinates (default 6, about 0.1 m).

    Returns
    -------
    str
        A GeoJSON FeatureCollection, one Feature per row.

    Examples
    --------
    >>> text = frontline_to_geojson(frontline_from_file(_demo_file()))
    >>> json.loads(text)["features"][0]["properties"]["date"]
    '2025-05-22'
    """
    frame = gdf.to_crs("EPSG:4326") if gdf.crs is not None and gdf.crs.to_epsg() != 4326 else gdf
    cols = [c for c in frame.columns if c != frame.geometry.name]
    feats = []
    for rec, geom in zip(frame[cols].itertuples(index=False), frame.geometry, strict=True):
        props = {c: _json_value(v) for c, v in zip(cols, rec, strict=True)}
        g = None
        if geom is not None and not geom.is_empty:
            g = mapping(shapely.set_precision(geom, 10.0**-precision, mode="pointwise"))
        feats.append({"type": "Feature", "properties": props, "geometry": g})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)


# --------------------------------------------------------------------------- doctest helpers


def _demo_file(*, date: str = "2025-05-22", east: float = 38.0) -> Path:
    """Write a tiny mirror-style snapshot (37E..``east``, 47N..48N) to a temp dir (reused)."""
    folder = Path(tempfile.gettempdir()) / "geomap-frontline-demo" / f"{date}_{east:g}"
    folder.mkdir(parents=True, exist_ok=True)
    ring = [[37.0, 47.0], [east, 47.0], [east, 48.0], [37.0, 48.0], [37.0, 47.0]]
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    path = folder / f"deepstatemap_data_{date.replace('-', '')}.geojson"
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(doc))
    return path


def _demo_cache() -> Path:
    """A temp cache root holding one mirror snapshot (2025-05-22) (reused)."""
    root = Path(tempfile.gettempdir()) / "geomap-frontline-demo" / "cache"
    folder = root / "frontline" / "mirror"
    folder.mkdir(parents=True, exist_ok=True)
    src = _demo_file()
    with atomic_write(folder / src.name, "wb") as fh:
        fh.write(src.read_bytes())
    return root
