"""Readers and downloaders for front-line snapshots (private; see :mod:`geomap.frontline`).

Every reader returns the same table: one row per area with ``date``, ``source``,
``status`` (``occupied``, ``contested`` or ``liberated``), ``name``, ``pre2022``
(``True`` for areas held since 2014-15, ``<NA>`` when the source does not say)
and a 2-D polygonal ``geometry`` in EPSG:4326. Problems in the input raise
:class:`~geomap._errors.DataError` with a one-line message; repairs and drops are
counted in ``gdf.attrs`` and logged on ``geomap.frontline``.

Hostile input (geomap issue #11) gives one line too: JSON nested too deeply
for the parser, coordinate arrays deeper than their geometry type allows,
NaN or infinite positions, unknown geometry types and GEOS errors (the
feature is dropped and counted as broken, with the first reason in the
message when nothing is left), and polygons with an edge jumping across the
antimeridian (refused: split them at ±180°). Files on disk are read by
:mod:`geomap._frontline_files`; downloads go through :mod:`geomap._http`.

This module holds the table, source detection, dates and the GeoJSON reader;
what each source's features mean (DeepStateMap names, ISW layers, user
files' status words) is in :mod:`geomap._frontline_schemas`, and geometry
parsing, repairs and the region checks are in :mod:`geomap._frontline_shapes`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import shapely.errors
from pyproj import CRS

from ._errors import DataError, InputError
from ._frontline_schemas import (
    DEEPSTATE_OCCUPIED,
    _deepstate_row,
    _isw_layer,
    _user_name,
    _user_status,
)
from ._frontline_shapes import (
    REGION_BOUNDS,
    _check_antimeridian,
    _check_lonlat,
    _is_lonlat,
    _keep_in_region,
    _polygonal,
    _repair,
    _shape,
    _Stats,
)
from ._log import get_logger

__all__ = [
    "COLUMNS",
    "DEEPSTATE_OCCUPIED",
    "DEFAULT_DEEPSTATE_URL",
    "DEFAULT_MIRROR_URL",
    "MARKER_COLUMNS",
    "REGION_BOUNDS",
    "SOURCES",
    "STATUSES",
    "date_from_name",
    "http_get",
    "read_payload",
]

log = get_logger("frontline")

#: Columns of every front-line table, in order.
COLUMNS = ["date", "source", "status", "name", "pre2022", "geometry"]
#: Columns of the marker (unit / arrow) table.
MARKER_COLUMNS = ["date", "source", "kind", "name", "name_uk", "geometry"]
#: Status values of front-line areas.
STATUSES = ("occupied", "contested", "liberated")
#: Source labels.
SOURCES = ("deepstate", "deepstate-mirror", "isw", "user")
_SOURCE_ALIASES = {
    "deepstate": "deepstate",
    "deepstatemap": "deepstate",
    "api": "deepstate",
    "mirror": "deepstate-mirror",
    "deepstate-mirror": "deepstate-mirror",
    "deepstate_mirror": "deepstate-mirror",
    "isw": "isw",
    "user": "user",
}


#: Upstream endpoints (overridable by parameter or environment variable).
DEFAULT_DEEPSTATE_URL = "https://deepstatemap.live/api/history"
DEFAULT_MIRROR_URL = "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data"


#: Largest snapshot accepted, bytes (DeepStateMap snapshots are ~1 MB).
MAX_SNAPSHOT_BYTES = 200 * 1024 * 1024

_MIRROR_RE = re.compile(r"deepstatemap_data_(\d{8})")
_YMD_RE = re.compile(r"(?<!\d)(20\d{2})-?(\d{2})-?(\d{2})(?!\d)")
_UNIX_RE = re.compile(r"(?<!\d)(1[4-9]\d{8})(?!\d)")


# --------------------------------------------------------------------------- sources and dates


def normalize_source(source: str | None) -> str | None:
    """Map a source label or alias to its canonical name (None stays None)."""
    if source is None:
        return None
    key = str(source).strip().lower()
    if key not in _SOURCE_ALIASES:
        msg = f"unknown front-line source {source!r}; use one of {', '.join(SOURCES)}"
        raise InputError(msg)
    return _SOURCE_ALIASES[key]


def date_from_name(name: str, *, unix: bool = False) -> pd.Timestamp | None:
    """Date encoded in a file name (``YYYYMMDD``, ``YYYY-MM-DD`` or a unix id).

    >>> str(date_from_name("deepstatemap_data_20250522.geojson").date())
    '2025-05-22'
    >>> date_from_name("notes.geojson") is None
    True
    """
    m = _YMD_RE.search(name)
    if m:
        try:
            return pd.Timestamp(dt.date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            pass
    if unix:
        m = _UNIX_RE.search(name)
        if m:
            return _day(dt.datetime.fromtimestamp(int(m[1]), tz=dt.UTC))
    return None


def _day(value: Any) -> pd.Timestamp | None:
    """A naive day-precision Timestamp from many date spellings (None if unknown)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000.0 if value > 1e11 else float(value)
        try:
            value = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if ts is pd.NaT:
        return None
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


# --------------------------------------------------------------------------- GeoJSON


def _load_json(data: bytes, label: str) -> Any:
    if not data.strip():
        msg = f"{label} is empty; re-download it or check the path"
        raise DataError(msg)
    if b"\x00" in data[:4096]:
        msg = f"{label} is binary, not GeoJSON/KML/GeoPackage; check the file"
        raise DataError(msg)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{label} is not UTF-8 text (byte {exc.start}); give a GeoJSON file"
        raise DataError(msg) from None
    try:
        doc = json.loads(text)
    except RecursionError:
        msg = f"{label} nests JSON arrays or objects too deeply to be GeoJSON; check the file"
        raise DataError(msg) from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            msg = f"{label} ends in the middle of the JSON (truncated at {len(data)} bytes); re-download it"
        else:
            msg = (
                f"{label} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                "re-download it or repair the file"
            )
        raise DataError(msg) from None
    # DeepStateMap responses are sometimes a JSON-encoded string of the JSON.
    if isinstance(doc, str):
        try:
            doc = json.loads(doc)
        except RecursionError:
            msg = f"{label} nests JSON arrays or objects too deeply to be GeoJSON; check the file"
            raise DataError(msg) from None
        except json.JSONDecodeError:
            msg = f"{label} is a JSON string, not a GeoJSON object; give a FeatureCollection"
            raise DataError(msg) from None
    return doc


def _features_of(doc: Any, label: str) -> list[dict[str, Any]]:
    """The feature list of a GeoJSON document (unwrapping DeepStateMap ``{"map": ...}``)."""
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]
    if not isinstance(doc, dict) or "type" not in doc:
        kind = type(doc).__name__ if not isinstance(doc, dict) else "object without 'type'"
        msg = f"{label} is JSON but not GeoJSON (top level is a {kind}); give a FeatureCollection"
        raise DataError(msg)
    kind = doc["type"]
    if kind == "FeatureCollection":
        feats = doc.get("features")
        if not isinstance(feats, list):
            msg = f"{label} is a FeatureCollection without a 'features' list; re-download it"
            raise DataError(msg)
        if not feats:
            msg = f"{label} has no features (an empty FeatureCollection); re-download it"
            raise DataError(msg)
        return feats
    if kind == "Feature":
        return [doc]
    if kind in (
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
    ):
        return [{"type": "Feature", "properties": {}, "geometry": doc}]
    msg = f"{label} has GeoJSON type {kind!r}; give a FeatureCollection of polygons"
    raise DataError(msg)


def _geojson_crs(doc: Any, label: str) -> CRS | None:
    """The CRS named by a (2008-style) ``crs`` member, None when absent."""
    if isinstance(doc, dict) and isinstance(doc.get("map"), dict):
        doc = doc["map"]
    crs = doc.get("crs") if isinstance(doc, dict) else None
    if not crs:
        return None
    name = None
    if isinstance(crs, dict):
        props = crs.get("properties") or {}
        name = props.get("name") or props.get("href")
    if not name:
        msg = f"{label} has a 'crs' member that names no CRS; remove it or name EPSG:4326"
        raise DataError(msg)
    try:
        return CRS.from_user_input(name)
    except Exception:
        msg = f"{label} declares an unknown CRS {name!r}; reproject it to EPSG:4326"
        raise DataError(msg) from None


def _detect_source(doc: Any, feats: list[dict[str, Any]], label: str, name: str) -> str:
    for f in feats:
        props = f.get("properties") if isinstance(f, dict) else None
        if isinstance(props, dict) and "///" in str(props.get("name") or ""):
            return "deepstate"
    doc_name = str(doc.get("name") or "") if isinstance(doc, dict) else ""
    if _MIRROR_RE.search(name) or _MIRROR_RE.search(doc_name):
        return "deepstate-mirror"
    top = doc.get("properties") if isinstance(doc, dict) else None
    if isinstance(top, dict) and "exceededTransferLimit" in top:
        return "isw"
    if "isw" in re.split(r"[^a-z0-9]+", name.lower()):
        return "isw"
    arcgis = all(
        isinstance(f, dict)
        and isinstance(f.get("properties"), dict)
        and any(k.lower() in ("objectid", "fid") for k in f["properties"])
        for f in feats
    )
    if arcgis and _isw_layer(name + " " + doc_name) is not None:
        return "isw"
    return "user"


def _feature_date(props: dict[str, Any]) -> pd.Timestamp | None:
    for key, value in props.items():
        if str(key).lower() in ("date", "datetime", "editdate", "last_edited_date", "created_date"):
            got = _day(value)
            if got is not None:
                return got
    return None


def read_payload(
    data: bytes,
    *,
    name: str = "<payload>",
    source: str | None = None,
    date: Any = None,
    status: str | None = None,
) -> gpd.GeoDataFrame:
    """Parse GeoJSON bytes of any supported source into the front-line table."""
    label = repr(name)
    doc = _load_json(data, label)
    feats = _features_of(doc, label)
    src = normalize_source(source) or _detect_source(doc, feats, label, Path(name).name)
    crs = _geojson_crs(doc, label)
    _check_document(doc, label, src, crs)
    file_date = _payload_date(doc, name, src, date)
    isw_default = None
    if src == "isw":
        doc_name = str(doc.get("name") or "") if isinstance(doc, dict) else ""
        isw_default = _isw_layer(Path(name).name + " " + doc_name)

    stats = _Stats()
    rows: list[dict[str, Any]] = []
    has_deepstate_names = False
    for i, feat in enumerate(feats):
        poly = _feature_polygon(feat, i, label, stats)
        if poly is None:
            continue
        props = feat.get("properties") or {}
        if src == "deepstate" and "///" in str(props.get("name") or ""):
            has_deepstate_names = True
        fields = _row_fields(props, src, label, status, file_date, isw_default, stats)
        if fields is None:
            continue
        row_status, pre2022, row_name, row_date = fields
        rows.append(
            {
                "date": row_date,
                "source": src,
                "status": status if status is not None else row_status,
                "name": row_name,
                "pre2022": pre2022,
                "geometry": poly,
            }
        )
    if src == "deepstate" and not has_deepstate_names:
        msg = (
            f"{label} has no DeepStateMap 'Ukrainian /// English' names; "
            "for a mirror file use source='deepstate-mirror'"
        )
        raise DataError(msg)
    return _finish(rows, stats, label=label, src=src, crs=crs)


def _check_document(doc: Any, label: str, src: str, crs: CRS | None) -> None:
    """Refuse DeepStateMap files in another CRS and ISW pages cut at the record limit."""
    if crs is not None and src in ("deepstate", "deepstate-mirror") and not _is_lonlat(crs):
        msg = f"{label} declares CRS {crs.name!r}, but {src} files are lon/lat (CRS84); re-download it"
        raise DataError(msg)
    if src == "isw":
        top = doc.get("properties") if isinstance(doc, dict) else None
        if isinstance(top, dict) and top.get("exceededTransferLimit"):
            msg = (
                f"{label} is incomplete: the feature service hit its record limit "
                "(exceededTransferLimit); page through it with resultOffset and merge the pages"
            )
            raise DataError(msg)


def _payload_date(doc: Any, name: str, src: str, date: Any) -> Any:
    """The file's date: ``date`` if given, else the wrapped snapshot id, else the names."""
    file_date = _day(date) if date is not None else None
    if file_date is None and date is not None:
        msg = f"date {date!r} is not a date; use YYYY-MM-DD"
        raise InputError(msg)
    if file_date is None:
        wrapped_id = doc.get("id") if isinstance(doc, dict) and "map" in doc else None
        file_date = (
            _day(int(wrapped_id))
            if isinstance(wrapped_id, int | float) and wrapped_id > 1e9
            else None
        )
    if file_date is None:
        doc_name = str(doc.get("name") or "") if isinstance(doc, dict) else ""
        file_date = date_from_name(Path(name).name, unix=src == "deepstate") or date_from_name(
            doc_name
        )
    return file_date


def _feature_polygon(feat: Any, i: int, label: str, stats: _Stats) -> Any:
    """The polygonal geometry of feature ``i``; None (counted in ``stats``) if it has none."""
    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        msg = f"{label} feature #{i} is not a GeoJSON Feature; repair or re-download the file"
        raise DataError(msg)
    if not isinstance(feat.get("properties") or {}, dict):
        msg = f"{label} feature #{i} has non-object properties; repair the file"
        raise DataError(msg)
    gj = feat.get("geometry")
    if gj is None:
        stats.dropped_broken += 1
        return None
    geom = _shape(gj, stats)
    if geom is None:
        return None
    poly = _polygonal(geom)
    if poly is None:
        stats.skipped_points += 1
    return poly


def _row_fields(
    props: dict[str, Any],
    src: str,
    label: str,
    status: str | None,
    file_date: Any,
    isw_default: tuple[str, bool, str] | None,
    stats: _Stats,
) -> tuple[str | None, bool | None, str, Any] | None:
    """(status, pre2022, name, date) of one feature by its source; None to drop it."""
    if src == "deepstate":
        got = _deepstate_row(str(props.get("name") or ""))
        if got is None:
            stats.dropped_unknown += 1
            return None
        return (*got, file_date)
    if src == "deepstate-mirror":
        if "///" in str(props.get("name") or ""):
            msg = (
                f"{label} is a DeepStateMap API snapshot, not a mirror file; use source='deepstate'"
            )
            raise DataError(msg)
        return "occupied", None, "Occupied", file_date
    if src == "isw":
        layer = None
        for key in ("layer", "Layer", "name", "Name", "title"):
            if props.get(key):
                layer = _isw_layer(str(props[key]))
                if layer:
                    break
        layer = layer or isw_default
        if layer is None and status is None:
            msg = (
                f"cannot tell which ISW layer {label} is; name the file after the layer "
                "(e.g. isw_assessed_control.geojson) or pass status=..."
            )
            raise DataError(msg)
        row_status, pre2022, row_name = layer if layer is not None else (None, None, "")
        return row_status, pre2022, row_name, _feature_date(props) or file_date
    row_name = _user_name(props)
    row_status = _user_status(props, row_name)
    if row_status is None and status is None:
        row_status = "occupied"
        stats.status_assumed += 1
    return row_status, None, row_name, file_date or _feature_date(props)


def _finish(
    rows: list[dict[str, Any]], stats: _Stats, *, label: str, src: str, crs: CRS | None
) -> gpd.GeoDataFrame:
    if not rows:
        why = []
        if stats.skipped_points:
            why.append(f"{stats.skipped_points} point/line features")
        if stats.dropped_unknown:
            why.append(f"{stats.dropped_unknown} polygons of other kinds")
        if stats.dropped_broken:
            first = f": {stats.notes[0]}" if stats.notes else ""
            why.append(f"{stats.dropped_broken} broken geometries{first}")
        detail = f" (only {', '.join(why)})" if why else ""
        msg = f"{label} has no occupied/contested/liberated polygons{detail}; check the file or its source"
        raise DataError(msg)
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs or "EPSG:4326")
    if crs is not None and not _is_lonlat(crs):
        try:
            gdf = gdf.to_crs("EPSG:4326")
        except Exception:
            msg = (
                f"{label} cannot be reprojected from {crs.name!r} to EPSG:4326; reproject it first"
            )
            raise DataError(msg) from None
    else:
        gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    _check_lonlat(gdf, label)
    _check_antimeridian(gdf, label)
    arr = gdf.geometry.to_numpy()
    # vectorised fast path: valid single polygons need no repair and one bounds test
    x0, y0, x1, y1 = REGION_BOUNDS
    simple = shapely.is_valid(arr) & (shapely.get_type_id(arr) == 3)
    b = shapely.bounds(arr)
    inside = ~((b[:, 2] < x0) | (b[:, 0] > x1) | (b[:, 3] < y0) | (b[:, 1] > y1))
    geoms = list(arr)
    stats.dropped_outside += int((simple & ~inside).sum())
    for i in np.flatnonzero(simple & ~inside):
        geoms[i] = None
    for i in np.flatnonzero(~simple):
        g = geoms[i]
        try:
            g = _repair(g, stats)
        except shapely.errors.ShapelyError:
            stats.dropped_broken += 1
            g = None
        geoms[i] = _keep_in_region(g, stats) if g is not None else None
    gdf = gdf.set_geometry(gpd.GeoSeries(geoms, crs="EPSG:4326", index=gdf.index))
    gdf = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]
    if gdf.empty:
        msg = (
            f"{label} has no polygons in the Ukraine region (lon {REGION_BOUNDS[0]:g}-"
            f"{REGION_BOUNDS[2]:g}, lat {REGION_BOUNDS[1]:g}-{REGION_BOUNDS[3]:g}); check its CRS"
        )
        raise DataError(msg)
    return _conform(gdf, stats, label=label)


def _conform(gdf: gpd.GeoDataFrame, stats: _Stats, *, label: str) -> gpd.GeoDataFrame:
    dates = pd.to_datetime(
        pd.Series([d if d is not None else pd.NaT for d in gdf["date"]], index=gdf.index)
    )
    out = gpd.GeoDataFrame(
        {
            "date": dates.astype("datetime64[ns]"),
            "source": gdf["source"].astype(object).to_numpy(),
            "status": gdf["status"].astype(object).to_numpy(),
            "name": gdf["name"].astype(object).to_numpy(),
            "pre2022": pd.array(list(gdf["pre2022"]), dtype="boolean"),
        },
        geometry=gpd.GeoSeries(gdf.geometry.to_numpy(), crs="EPSG:4326"),
    )
    bad = sorted(set(out["status"]) - set(STATUSES))
    if bad:
        msg = f"status {bad[0]!r} is not one of {', '.join(STATUSES)}; pass a valid status"
        raise InputError(msg)
    out.attrs.update(stats.as_attrs())
    if stats.repaired:
        log.warning("%s: repaired %d invalid geometries with make_valid", label, stats.repaired)
    if stats.dropped_outside:
        log.info("%s: dropped %d polygons outside the region", label, stats.dropped_outside)
    if stats.dropped_broken:
        log.warning("%s: dropped %d unreadable geometries", label, stats.dropped_broken)
    if stats.dropped_unknown:
        log.info("%s: skipped %d polygons that are not control areas", label, stats.dropped_unknown)
    if stats.status_assumed:
        log.info("%s: %d polygons have no status; assumed occupied", label, stats.status_assumed)
    return out


# --------------------------------------------------------------------------- HTTP


def http_get(
    url: str, *, timeout: float, user_agent: str, max_bytes: int = MAX_SNAPSHOT_BYTES
) -> bytes:
    """GET ``url`` once (no retries) within a total deadline; FetchError on any failure."""
    from ._http import http_get as _get

    return _get(
        url,
        timeout=timeout,
        max_bytes=max_bytes,
        user_agent=user_agent,
        headers={"Accept": "application/json, */*;q=0.5"},
        hint="check the date or the base URL",
        offline_hint="check the network or use a cached snapshot",
    ).body
