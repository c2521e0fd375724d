"""Parsing articles into the mentions table: one typed row per place mention (private).

:func:`_mentions_table` runs the geoparser on a batch of articles (one by
one when the batch fails, so one bad article is listed as a failure and the
others kept) and lays the places out in the columns of
:data:`MENTION_COLUMNS`, in corpus order; :func:`_to_geo` adds the point
geometry.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._corpus_read import Article, _one_line
from ._errors import GeomapError
from ._log import get_logger

__all__ = ["MENTION_COLUMNS", "_Options", "_empty_table", "_failure", "_mentions_table", "_to_geo"]

log = get_logger("corpus")

#: Columns of the mentions table, in order (``geometry`` last).
MENTION_COLUMNS = (
    "article_id", "path", "date", "url", "title", "place_id", "name", "kind", "country",
    "admin1", "geonameid", "population", "confidence", "role", "mention_text", "start", "end",
    "sentence", "lat", "lon", "geometry",
)  # fmt: skip
_STRING_COLUMNS = (
    "article_id", "path", "url", "title", "place_id", "name", "kind", "country", "admin1", "role",
    "mention_text", "sentence",
)  # fmt: skip


@dataclass(frozen=True)
class _Options:
    worldview: str | None = None
    include_metonyms: bool = True
    min_confidence: float = 0.0


def _mentions_table(
    arts: list[Article], opts: _Options
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The mentions of ``arts`` (without geometry) and the failures, in article order."""
    from .geoparse import places_from_texts

    failures = [_failure(a, a.error) for a in arts if a.error is not None or a.text is None]
    ok = [a for a in arts if a.error is None and a.text is not None]
    kw: dict[str, Any] = {"worldview": opts.worldview, "include_metonyms": opts.include_metonyms,
          "min_confidence": opts.min_confidence}  # fmt: skip
    try:
        places = [places_from_texts([a.text for a in ok], **kw)]
        parsed = [ok]
    except Exception:  # one bad article: parse them one by one to find it
        places, parsed = [], []
        for a in ok:
            try:
                places.append(places_from_texts([a.text], **kw))
                parsed.append([a])
            except Exception as exc:
                err = exc if isinstance(exc, GeomapError) else f"{type(exc).__name__}: {exc}"
                log.debug("article %s failed", a.article_id, exc_info=True)
                failures.append(_failure(a, f"parser error: {_one_line(err)}"))
    order = {a.article_id: i for i, a in enumerate(arts)}
    failures.sort(key=lambda f: order[f["article_id"]])
    return _mention_rows(places, parsed), failures


def _failure(a: Article, error: str | None) -> dict[str, Any]:
    return {"article_id": a.article_id, "path": a.path, "error": _one_line(error or "no text")}


def _mention_rows(places: list[gpd.GeoDataFrame], batches: list[list[Article]]) -> pd.DataFrame:
    cols: dict[str, list] = {c: [] for c in MENTION_COLUMNS if c != "geometry"}
    doc_index: list[int] = []
    first = 0
    for gdf, batch in zip(places, batches, strict=True):
        names = list(gdf.columns)
        for row in gdf.itertuples(index=False, name=None):
            rec = dict(zip(names, row, strict=True))
            a = batch[rec["doc"]]
            gid = rec["geonameid"]
            gid = None if gid is None or gid != gid else int(gid)
            lat, lon = rec["lat"], rec["lon"]
            if not (lat == lat and lon == lon) and rec["geometry"] is not None:
                pt = rec["geometry"].representative_point()  # no point given: one inside the shape
                lat, lon = pt.y, pt.x
            for m in rec["mentions"]:
                doc_index.append(first + rec["doc"])
                for key, value in (
                    ("article_id", a.article_id), ("path", a.path), ("date", a.date), ("url", a.url),
                    ("title", a.title), ("place_id", rec["id"]), ("name", rec["name"]),
                    ("kind", rec["kind"]), ("country", rec["country"]), ("admin1", rec["admin1"]),
                    ("geonameid", gid), ("population", rec["population"]),
                    ("confidence", rec["confidence"]), ("role", m.get("role", rec["role"])),
                    ("mention_text", m["text"]), ("start", m["start"]), ("end", m["end"]),
                    ("sentence", m["sentence"]), ("lat", lat), ("lon", lon),
                ):  # fmt: skip
                    cols[key].append(value)
        first += len(batch)
    frame = _typed_frame(cols)
    if len(frame):
        keys = (frame["place_id"].to_numpy(dtype=object).astype(str), frame["end"].to_numpy(),
                frame["start"].to_numpy(), np.asarray(doc_index))  # fmt: skip
        frame = frame.take(np.lexsort(keys)).reset_index(drop=True)
    return frame


def _typed_frame(cols: dict[str, list]) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for c in MENTION_COLUMNS:
        if c == "geometry":
            continue
        values = cols[c]
        if c in _STRING_COLUMNS:
            out[c] = pd.array(
                [None if v is None or pd.isna(v) else str(v) for v in values], dtype="string"
            )
        elif c == "date":
            nat = np.datetime64("NaT", "ms")
            out[c] = np.array([nat if v is None else np.datetime64(v, "ms") for v in values],
                              dtype="datetime64[ms]")  # fmt: skip
        elif c in ("geonameid", "population"):
            out[c] = pd.array(
                [None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64"
            )
        elif c in ("start", "end"):
            out[c] = np.asarray(values, dtype="int64")
        else:
            out[c] = np.asarray(values, dtype="float64")
    return pd.DataFrame(out)


@functools.cache
def _wgs84() -> Any:
    import pyproj

    return pyproj.CRS.from_epsg(4326)


def _to_geo(table: pd.DataFrame) -> gpd.GeoDataFrame:
    """Add the point geometry (from lat/lon) to a mentions table."""
    lat = table["lat"].to_numpy(dtype="float64")
    lon = table["lon"].to_numpy(dtype="float64")
    geoms = shapely.points(lon, lat) if len(table) else np.array([], dtype=object)
    if len(table):
        geoms[np.isnan(lat) | np.isnan(lon)] = None
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geoms, index=table.index, crs=_wgs84()))


def _empty_table() -> pd.DataFrame:
    return _mention_rows([], [])
