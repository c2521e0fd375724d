"""Front-line files on disk: GeoJSON, KML, KMZ and GeoPackage, and DeepStateMap markers (private).

Only regular files are read (a FIFO, socket or device is refused before it
is opened, so nothing blocks), no bigger than
:data:`~geomap._frontline_sources.MAX_SNAPSHOT_BYTES`; a KMZ's KML is
unpacked with declared and streamed size caps (:mod:`geomap._zipsafe`).
:func:`_as_frame` takes a front-line table or a file to read, as the
measuring and drawing functions do.
Everything else is in :mod:`geomap._frontline_sources` (the table),
:mod:`geomap._frontline_schemas` (what each source's features mean) and
:mod:`geomap._frontline_shapes` (geometry parsing and repairs).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._errors import DataError, InputError
from ._frontline_schemas import (
    _clean_text,
    _deepstate_row,
    _isw_layer,
    _split_deepstate_name,
    _user_status,
)
from ._frontline_shapes import _in_region, _is_lonlat, _polygonal, _shape, _Stats
from ._frontline_sources import (
    MARKER_COLUMNS,
    MAX_SNAPSHOT_BYTES,
    STATUSES,
    _day,
    _feature_date,
    _features_of,
    _finish,
    _load_json,
    date_from_name,
    normalize_source,
    read_payload,
)
from ._io import read_regular_file, regular_file_size

__all__ = ["markers_from_path", "read_path"]


_GPKG_MAGIC = b"SQLite format 3\x00"


def _sniff(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head.startswith(_GPKG_MAGIC) or suffix == ".gpkg":
        return "gpkg"
    if head.startswith(b"PK") or suffix == ".kmz":
        return "kmz"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".kml" or stripped.startswith(b"<"):
        return "kml"
    if suffix in (".geojson", ".json") or stripped[:1] in (b"{", b"["):
        return "geojson"
    if not stripped:
        return "geojson"  # empty: reported by the GeoJSON reader
    return "unknown"


def _read_ogr(path: Path | str, label: str, kind: str) -> gpd.GeoDataFrame:
    import warnings

    import pyogrio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as exc:
        msg = f"{label} is not a readable {kind.upper()} file ({_short(exc)}); re-export or re-download it"
        raise DataError(msg) from None
    frames = []
    for layer in layers:
        try:
            frame = pyogrio.read_dataframe(path, layer=layer)
        except Exception as exc:
            msg = f"{label} layer {layer!r} cannot be read ({_short(exc)}); re-export the file"
            raise DataError(msg) from None
        if len(frame) and isinstance(frame, gpd.GeoDataFrame):
            if frame.crs is not None and not _is_lonlat(frame.crs):
                frame = frame.to_crs("EPSG:4326")
            elif frame.crs is None:
                frame = frame.set_crs("EPSG:4326")
            else:
                frame = frame.set_crs("EPSG:4326", allow_override=True)
            frame["_layer"] = layer
            frames.append(frame)
    if not frames:
        msg = f"{label} has no features; check the file"
        raise DataError(msg)
    return pd.concat(frames, ignore_index=True)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


def _rows_from_frame(
    frame: gpd.GeoDataFrame,
    *,
    label: str,
    source: str | None,
    date: pd.Timestamp | None,
    status: str | None,
    stats: _Stats,
) -> tuple[list[dict[str, Any]], str]:
    names = None
    for key in ("name", "Name", "NAME"):
        if key in frame.columns:
            names = frame[key].fillna("").astype(str)
            break
    if names is None:
        names = pd.Series([""] * len(frame))
    src = source or ("deepstate" if names.str.contains("///", regex=False).any() else "user")
    rows: list[dict[str, Any]] = []
    for (_, rec), raw in zip(frame.iterrows(), names, strict=True):
        geom = rec.geometry
        if (
            not isinstance(geom, shapely.Geometry) or geom.is_empty
        ):  # None or NaN from a broken file
            stats.dropped_broken += 1
            continue
        if not np.isfinite(shapely.get_coordinates(geom)).all():
            stats.dropped_broken += 1
            stats.notes.append("a position is not finite (NaN or Infinity)")
            continue
        poly = _polygonal(shapely.force_2d(geom))
        if poly is None:
            stats.skipped_points += 1
            continue
        pre2022 = None
        row_status: str | None
        row_name: str
        props = {k: v for k, v in rec.items() if k != "geometry" and not _isna(v)}
        if src == "deepstate":
            got = _deepstate_row(raw)
            if got is None:
                stats.dropped_unknown += 1
                continue
            row_status, pre2022, row_name = got
        elif src == "isw":
            layer = _isw_layer(raw) or _isw_layer(str(props.get("_layer", ""))) or _isw_layer(label)
            if layer is None and status is None:
                msg = f"cannot tell which ISW layer {label} is; pass status=... or name the file after the layer"
                raise DataError(msg)
            row_status, pre2022, row_name = layer if layer else (None, None, raw)
        else:
            row_name = _clean_text(raw)
            row_status = _user_status(props, row_name)
            if row_status is None and status is None:
                row_status = "occupied"
                stats.status_assumed += 1
        rows.append(
            {
                "date": date or _feature_date(props),
                "source": src,
                "status": status or row_status,
                "name": row_name,
                "pre2022": pre2022,
                "geometry": poly,
            }
        )
    return rows, src


def _isna(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _regular_size(p: Path) -> int:
    """Size of ``p``; InputError unless it is an existing regular file under the size limit."""
    return regular_file_size(
        p,
        what="front-line file",
        give="a GeoJSON, KML, KMZ or GeoPackage file",
        max_bytes=MAX_SNAPSHOT_BYTES,
        too_big=DataError,
        cut="clip it first",
    )


def read_path(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    date: Any = None,
    status: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a GeoJSON / KML / KMZ / GeoPackage file into the front-line table."""
    p = Path(path)
    label = repr(str(p))
    size = _regular_size(p)
    with p.open("rb") as fh:
        head = fh.read(64)
    kind = _sniff(p, head)
    src = normalize_source(source)
    if status is not None and status not in STATUSES:
        msg = f"status {status!r} is not one of {', '.join(STATUSES)}; pass a valid status"
        raise InputError(msg)
    if kind == "geojson":
        data = read_regular_file(p, max_bytes=MAX_SNAPSHOT_BYTES, what="front-line file")
        return read_payload(data, name=str(p), source=src, date=date, status=status)
    if kind == "unknown":
        msg = f"{label} is not GeoJSON, KML, KMZ or GeoPackage; convert it (e.g. with ogr2ogr)"
        raise DataError(msg)
    file_date = _day(date) if date is not None else date_from_name(p.name)
    if date is not None and file_date is None:
        msg = f"date {date!r} is not a date; use YYYY-MM-DD"
        raise InputError(msg)
    if size == 0:
        msg = f"{label} is empty; re-download it or check the path"
        raise DataError(msg)
    if kind == "kmz":
        from ._zipsafe import kml_from_kmz

        with kml_from_kmz(p, label=label, max_bytes=MAX_SNAPSHOT_BYTES) as kml:
            frame = _read_ogr(kml, label, "kmz")
    else:
        frame = _read_ogr(p, label, kind)
    stats = _Stats()
    rows, src_used = _rows_from_frame(
        frame, label=label, source=src, date=file_date, status=status, stats=stats
    )
    return _finish(rows, stats, label=label, src=src_used, crs=None)


# --------------------------------------------------------------------------- markers


def markers_from_path(path: str | os.PathLike[str], *, date: Any = None) -> gpd.GeoDataFrame:
    """Unit and attack-direction markers (points and lines) of a DeepStateMap snapshot."""
    p = Path(path)
    label = repr(str(p))
    _regular_size(p)
    doc = _load_json(
        read_regular_file(p, max_bytes=MAX_SNAPSHOT_BYTES, what="front-line file"), label
    )
    feats = _features_of(doc, label)
    day = _day(date) if date is not None else date_from_name(p.name, unix=True)
    rows = []
    for feat in feats:
        if not isinstance(feat, dict) or not feat.get("geometry"):
            continue
        geom = _shape(feat["geometry"], _Stats())
        if geom is None:
            continue
        if geom.is_empty or _polygonal(geom) is not None or not _in_region(geom):
            continue
        props = feat.get("properties") or {}
        uk, en, _key = _split_deepstate_name(str(props.get("name") or ""))
        kind = "attack_direction" if en.lower().startswith("direction of attack") else "marker"
        rows.append(
            {
                "date": day,
                "source": "deepstate",
                "kind": kind,
                "name": en,
                "name_uk": uk,
                "geometry": geom,
            }
        )
    frame = pd.DataFrame(rows, columns=MARKER_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _as_frame(snapshot: Any) -> gpd.GeoDataFrame:
    """A front-line table in EPSG:4326 from a table (checked) or a file path (read)."""
    if isinstance(snapshot, gpd.GeoDataFrame):
        missing = {"status", "geometry"} - set(snapshot.columns)
        if missing:
            msg = f"GeoDataFrame lacks column {sorted(missing)[0]!r}; read it with frontline_from_file"
            raise InputError(msg)
        if snapshot.crs is None:
            msg = "GeoDataFrame has no CRS; set it (EPSG:4326) before measuring"
            raise InputError(msg)
        return snapshot if snapshot.crs.to_epsg() == 4326 else snapshot.to_crs("EPSG:4326")
    if isinstance(snapshot, str | os.PathLike):
        return read_path(snapshot)
    msg = f"expected a front-line GeoDataFrame or a file path, got {type(snapshot).__name__}; read it with frontline_from_file"
    raise InputError(msg)


def _snapshot_date(gdf: gpd.GeoDataFrame) -> pd.Timestamp | None:
    """The latest date of a front-line table, None when it has none."""
    if "date" not in gdf.columns:
        return None
    dates = pd.to_datetime(gdf["date"]).dropna()
    return dates.max() if len(dates) else None
