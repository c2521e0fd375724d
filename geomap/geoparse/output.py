"""Resolved mentions to output rows, GeoDataFrames and JSON-ready records.

The rows become records (:class:`PlaceRecords`, no pandas needed) or one
GeoDataFrame built in a single pass: point geometries in one ``shapely.points``
call, the CRS object made once per process, no re-validation of the geometry
column. geopandas, pandas and shapely are imported only when a frame is built.
"""

from __future__ import annotations

import bisect
import functools
import math
import operator
import sys
from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from ..gazetteer import Gazetteer
from .doc import MAX_SENTENCE_CHARS, Mention

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = ["PlaceRecords", "places_to_records"]

_COLUMNS = [
    "name",
    "kind",
    "country",
    "admin1",
    "geonameid",
    "id",
    "confidence",
    "role",
    "reason",
    "n_mentions",
    "mentions",
    "lat",
    "lon",
    "population",
    "approx",
]


def _entity_fields(gaz: Gazetteer, idx: int) -> dict[str, Any]:
    """The fixed output fields of entity ``idx`` (memoised per gazetteer)."""
    key = ("entity", idx)
    fields = gaz.parser_memo.get(key)
    if fields is None:
        c = gaz.candidate(idx)
        fields = gaz.parser_memo[key] = {
            "name": c.name,
            "kind": c.kind,
            "country": c.country,
            "admin1": c.admin1,
            "geonameid": int(c.id) if c.id.isdigit() else None,
            "id": c.id,
            "lat": c.lat,
            "lon": c.lon,
            "population": c.population,
            "approx": c.approx,
        }
    return fields


def _drop_all(ms: list[Mention], dropped: list[Mention] | None, rule: str, detail: str) -> None:
    if dropped is not None:
        for m in ms:
            m.traced(("output", rule, detail))
            dropped.append(m)


def _rows(
    mentions,
    gaz: Gazetteer,
    text: str,
    sents,
    include_metonyms: bool,
    min_conf: float,
    dropped: list[Mention] | None = None,
):
    by_ent: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.chosen is not None:
            by_ent[m.chosen].append(m)
    rows = []
    ents = []
    excerpts: dict[tuple[int, int], str] = {}  # one string per sentence, shared by its mentions
    chunks: dict[tuple[int, int], list[int]] = {}  # a long sentence's pieces, shared likewise
    for idx, ms in by_ent.items():
        role = "metonym" if all(m.metonym for m in ms) else "place"
        if role == "metonym" and not include_metonyms:
            _drop_all(ms, dropped, "metonyms_left_out", "only named as a metonym")
            continue
        conf = max(m.score for m in ms)
        conf = max(0.0, min(1.0, conf))
        if len(ms) > 1:
            conf = min(1.0, conf + 0.03 * (len(ms) - 1))
        if conf < min_conf:
            _drop_all(ms, dropped, "below_min_confidence", f"confidence {conf:.3f} < {min_conf}")
            continue
        mlist = []
        for m in ms:
            a, b = _excerpt(text, sents[m.first.sent], m.start, m.end, chunks)
            sentence = excerpts.get((a, b))
            if sentence is None:
                sentence = excerpts[(a, b)] = text[a:b]
            mlist.append(
                {
                    "text": sys.intern(text[m.start : m.end]),
                    "start": m.start,
                    "end": m.end,
                    "sentence": sentence,
                    "sentence_start": a,
                    "role": "metonym" if m.metonym else "place",
                }
            )
        reason = ms[0].reason
        if role == "metonym":
            reason = "named as a government or institution (metonym); " + reason
        fields = _entity_fields(gaz, idx)
        rows.append(
            {
                "name": fields["name"],
                "kind": fields["kind"],
                "country": fields["country"],
                "admin1": fields["admin1"],
                "geonameid": fields["geonameid"],
                "id": fields["id"],
                "confidence": round(conf, 3),
                "role": role,
                "reason": reason,
                "n_mentions": len(mlist),
                "mentions": mlist,
                "lat": fields["lat"],
                "lon": fields["lon"],
                "population": fields["population"],
                "approx": fields["approx"],
            }
        )
        ents.append(idx)
    order = sorted(range(len(rows)), key=lambda j: rows[j]["mentions"][0]["start"])
    return [rows[j] for j in order], [ents[j] for j in order]


def _excerpt(
    text: str,
    sentence: tuple[int, int],
    start: int,
    end: int,
    chunks: dict[tuple[int, int], list[int]] | None = None,
) -> tuple[int, int]:
    """The span of the sentence a mention carries: the sentence, or a piece of it.

    A sentence longer than :data:`MAX_SENTENCE_CHARS` is cut, at spaces where
    it can, into pieces of at most that many characters; a mention carries the
    piece it lies in, so the mentions of one piece share one string and what the
    output holds stays linear in the input (a 19 MB one-sentence article). A
    mention across two pieces gets a window of its own around it.

    >>> _excerpt("Drones hit Sumy.", (0, 16), 11, 15)
    (0, 16)
    >>> t = "word " * 20_000
    >>> a, b = _excerpt(t, (0, len(t)), 50_000, 50_004)
    >>> a <= 50_000 and b >= 50_004 and b - a <= MAX_SENTENCE_CHARS, t[a - 1], t[b]
    (True, ' ', ' ')
    >>> _excerpt(t, (0, len(t)), 50_010, 50_014) == (a, b)  # a neighbour shares the piece
    True
    """
    a, b = sentence
    a, b = max(0, min(a, start)), min(len(text), max(b, end))
    if b - a <= MAX_SENTENCE_CHARS:
        return a, b
    starts = (chunks if chunks is not None else {}).get((a, b))
    if starts is None:
        starts = _pieces(text, a, b)
        if chunks is not None:
            chunks[(a, b)] = starts
    k = bisect.bisect_right(starts, start) - 1
    lo = starts[k]
    hi = starts[k + 1] - 1 if k + 1 < len(starts) else b
    if end <= hi:
        return lo, hi
    return _window(text, a, b, start, end)


def _pieces(text: str, a: int, b: int) -> list[int]:
    """Start offsets of the pieces of ``text[a:b]``: at most MAX_SENTENCE_CHARS, cut at spaces."""
    starts = [a]
    pos = a
    while b - pos > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", pos + MAX_SENTENCE_CHARS // 2, pos + MAX_SENTENCE_CHARS)
        pos = cut + 1 if cut > pos else pos + MAX_SENTENCE_CHARS
        starts.append(pos)
    return starts


def _window(text: str, a: int, b: int, start: int, end: int) -> tuple[int, int]:
    """A window of at most MAX_SENTENCE_CHARS around one mention, at spaces where it can."""
    room = max(0, MAX_SENTENCE_CHARS - (end - start))
    lo = max(a, start - room // 2)
    hi = min(b, end + room - (start - lo))
    lo = max(a, min(lo, start - (room - (hi - end))))
    if lo > a:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < b:
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


class PlaceRecords(list):
    """JSON-ready place records (a list of dicts) with the ``attrs`` of the frame they mirror.

    What :func:`~geomap.geoparse.records_from_text` returns: equal, as a list, to
    ``places_to_records(places_from_text(...))``; ``attrs`` holds ``lang``,
    ``distances``, ``unresolved`` (and ``dropped`` when explained) as
    ``GeoDataFrame.attrs`` does.
    """

    def __init__(self, records=(), attrs: dict[str, Any] | None = None):
        super().__init__(records)
        self.attrs: dict[str, Any] = dict(attrs or {})


def _records(rows: list[dict]) -> list[dict[str, Any]]:
    """Rows as :func:`places_to_records` gives them back from a frame (NaN -> None, ints)."""
    recs = []
    for r in rows:
        out = {}
        for k in _COLUMNS:
            v = r[k]
            if isinstance(v, float) and math.isnan(v):
                v = None
            elif k in ("geonameid", "population") and v is not None:
                v = int(v)
            out[k] = v
        recs.append(out)
    return recs


@functools.cache
def _wgs84():
    from pyproj import CRS

    return CRS.from_user_input("EPSG:4326")


@functools.cache
def _libs() -> Any:
    """The libraries and classes a frame is built from, imported on the first frame only.

    (An ``import`` in a function costs at each call, a ``from a.b import c`` a few
    microseconds: a frame of one article is built from about twenty of them.)
    """
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely
    from geopandas.array import GeometryArray

    return SimpleNamespace(
        np=np, pd=pd, gpd=gpd, shapely=shapely, GeometryArray=GeometryArray,
        IntegerArray=pd.arrays.IntegerArray, ndarray=np.ndarray,
    )  # fmt: skip


@functools.cache
def _arrow() -> tuple[Any, Any]:
    """The pyarrow module and pandas' ``ArrowStringArray`` (ImportError without pyarrow)."""
    import pyarrow as pa
    from pandas.arrays import ArrowStringArray

    return pa, ArrowStringArray


@functools.cache
def _internals() -> tuple[Any, Any, Any]:
    """The pandas internals of a frame: ``BlockPlacement``, ``new_block``, ``BlockManager``."""
    from pandas._libs.internals import BlockPlacement
    from pandas.core.internals.blocks import new_block
    from pandas.core.internals.managers import BlockManager

    return BlockPlacement, new_block, BlockManager


def _geometries(gaz: Gazetteer, ents: list[int]):
    """Geometries of entities ``ents``: one ``shapely.points`` call, areas put in after.

    A few rows (one article's) take each entity's geometry from the gazetteer's
    cache (:meth:`Gazetteer.geometry_of`, the same point or polygon).
    """
    lib = _libs()
    np = lib.np
    if len(ents) <= _FEW_ROWS:
        geoms = np.empty(len(ents), dtype=object)
        geoms[:] = [gaz.geometry_of(i) for i in ents]
        return lib.GeometryArray(geoms, crs=_wgs84())
    rows = np.asarray(ents, dtype=np.intp)
    geoms = lib.shapely.points(
        gaz.col["lon"][rows].astype(np.float64), gaz.col["lat"][rows].astype(np.float64)
    )
    for j, idx in enumerate(ents):
        area = gaz.area_of(idx)
        if area is not None:
            geoms[j] = area
    return lib.GeometryArray(np.asarray(geoms, dtype=object), crs=_wgs84())


#: Frames of at most this many rows take their geometries from the gazetteer's cache.
_FEW_ROWS = 256


@functools.cache
def _str_dtype():
    """The dtype pandas infers for a column of strings (``str`` in pandas 3, object before)."""
    return _libs().pd.Series(["a", None]).dtype


_NONE = type(None)


def _column(values: Sequence, kinds: set):
    """``values`` (not strings) as the array pandas would infer, without the inference.

    Floats, ints, bools, ints with nulls (float64, NaN) and lists are the cases of
    the output columns; anything else (empty, all None, mixed) is left to pandas.
    """
    np = _libs().np
    if kinds == _FLOAT:
        return np.array(values, dtype=np.float64)
    if kinds == _INT:
        return np.array(values, dtype=np.int64)
    if kinds == _BOOL:
        return np.array(values, dtype=bool)
    if kinds in _NUMBERS_WITH_NONE:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if kinds == _LIST:
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return out
    return None


_FLOAT, _INT, _BOOL, _LIST = {float}, {int}, {bool}, {list}
_NUMBERS_WITH_NONE = ({int, _NONE}, {float, _NONE}, {int, float}, {int, float, _NONE})
_STR, _STR_NONE = {str}, {str, _NONE}


def _columns(rows: list[dict], columns: list[str]) -> dict[str, Any]:
    """The frame's columns as typed arrays; the string columns made in one conversion.

    A column pandas would have to infer itself (see :func:`_column`) stays a list.
    """
    n = len(rows)
    # the rows turned into columns in one pass (C loops: itemgetter, zip)
    get = operator.itemgetter(*columns)
    table = list(zip(*map(get, rows), strict=True)) if n else [()] * len(columns)
    cols: dict[str, Any] = {}
    strings: list[str] = []
    for c, values in zip(columns, table, strict=True):
        kinds = set(map(type, values))
        if kinds in (_STR, _STR_NONE):
            strings.append(c)
            cols[c] = values
        else:
            arr = _column(values, kinds)
            cols[c] = list(values) if arr is None else arr
    if strings:
        flat = [v for c in strings for v in cols[c]]
        dtype = _str_dtype()
        np = _libs().np
        if isinstance(dtype, np.dtype) and dtype.kind == "O":
            both = np.array(flat, dtype=object)
            for k, c in enumerate(strings):
                cols[c] = both[k * n : (k + 1) * n]
        else:
            cols.update(zip(strings, _strings(flat, dtype, len(strings)), strict=True))
    return cols


def _strings(values: list, dtype, parts: int = 1) -> list:
    """``pd.array(values, dtype=dtype)`` for str or None values, cut in ``parts`` equal columns.

    For pyarrow storage, what pandas' ``ArrowStringArray._from_sequence`` ends
    with, without its per-element ``ensure_string_array`` pass (the values are
    already ``str``): one arrow array for all the columns, each column a slice
    of it; any other string storage goes through pandas.
    """
    n = len(values) // parts
    if getattr(dtype, "storage", None) == "pyarrow":
        try:
            pa, ArrowStringArray = _arrow()
            arr = pa.array(values, type=pa.large_string(), from_pandas=True)
            first = ArrowStringArray(arr.slice(0, n), dtype=dtype)
        except (ImportError, TypeError, ValueError, UnicodeError):  # pragma: no cover
            pass
        else:
            try:  # the others as pandas slices one: no dtype checks again
                more = [first._from_pyarrow_array(arr.slice(k * n, n)) for k in range(1, parts)]
            except AttributeError:  # pragma: no cover - a pandas without it
                more = [ArrowStringArray(arr.slice(k * n, n), dtype=dtype) for k in range(1, parts)]
            return [first, *more]
    both = _libs().pd.array(values, dtype=dtype)
    return [both[k * n : (k + 1) * n] for k in range(parts)]


@functools.cache
def _index(columns: tuple[str, ...]):
    """The (immutable) column index of a frame, made once per set of columns."""
    return _libs().pd.Index(list(columns))


def _int64(values: list):
    """Nullable Int64 (null where unknown: regions without a population figure), else whole."""
    lib = _libs()
    mask = lib.np.array([v is None for v in values], dtype=bool)
    data = lib.np.array([0 if v is None else v for v in values], dtype=lib.np.int64)
    return lib.IntegerArray(data, mask)


#: The block layout pandas gave the first frame of each (columns, dtypes), reused after.
_LAYOUTS: dict[tuple, tuple | None] = {}


def _layout_key(cols: dict[str, Any]) -> tuple:
    """What the block layout of a frame of ``cols`` depends on: the names and dtypes."""
    nd = _libs().ndarray
    return tuple(cols), tuple(v.dtype.str if isinstance(v, nd) else type(v) for v in cols.values())


def _layout_of(df) -> tuple | None:
    """Per block of ``df``, its column positions and whether it is 2-D numpy (stacked)."""
    nd = _libs().ndarray
    try:
        blocks = df._mgr.blocks
        return tuple((tuple(int(j) for j in b.mgr_locs), isinstance(b.values, nd)) for b in blocks)
    except AttributeError:  # pragma: no cover - other pandas internals
        return None


def _from_layout(cols: dict[str, Any], layout: tuple | None, n: int) -> gpd.GeoDataFrame:
    """The frame of ``cols`` built from its blocks, laid out as pandas laid out the first one.

    What :func:`_frame` builds through ``DataFrame._from_arrays`` and
    ``GeoDataFrame._from_mgr``, without sorting the columns into blocks again
    (a single article's frame is small: the construction is most of its cost).
    """
    BlockPlacement, new_block, BlockManager = _internals()
    lib = _libs()
    if layout is None:  # pragma: no cover - other pandas internals
        layout = ()
    values = list(cols.values())
    blocks = []
    for locs, stacked in layout:
        arr = _stacked([values[j] for j in locs]) if stacked else values[locs[0]]
        one = len(locs) == 1
        place = BlockPlacement(slice(locs[0], locs[0] + 1) if one else lib.np.array(locs))
        blocks.append(new_block(arr, place, ndim=2))
    axes = [_index(tuple(cols)).view(), _range(n)]
    mgr = BlockManager(tuple(blocks), axes, verify_integrity=False)
    gdf = lib.gpd.GeoDataFrame._from_mgr(mgr, mgr.axes)
    gdf._geometry_column_name = "geometry"
    return gdf


def _range(n: int):
    """``pd.RangeIndex(n)``, without its argument checks."""
    pd = _libs().pd
    try:
        return pd.RangeIndex._simple_new(range(n))
    except AttributeError:  # pragma: no cover - a pandas without it
        return pd.RangeIndex(n)


def _stacked(arrays: list):
    """``np.stack(arrays)`` for 1-D numpy arrays of one dtype and length, without its checks."""
    out = _libs().np.empty((len(arrays), len(arrays[0])), dtype=arrays[0].dtype)
    for k, a in enumerate(arrays):
        out[k] = a
    return out


def _frame(
    rows: list[dict], ents: list[int], gaz: Gazetteer, extra: tuple[str, ...] = ()
) -> gpd.GeoDataFrame:
    """The GeoDataFrame of ``rows`` (EPSG:4326), built once: no set_geometry, no CRS re-check."""
    lib = _libs()
    pd, gpd = lib.pd, lib.gpd
    cols = _columns(rows, [*extra, *_COLUMNS])
    cols["population"] = _int64([r["population"] for r in rows])
    cols["geometry"] = _geometries(gaz, ents)
    df = None
    typed = rows and list not in set(map(type, cols.values()))
    if typed:
        key = _layout_key(cols)
        layout = _LAYOUTS.get(key)
        if layout is not None:
            try:
                return _from_layout(cols, layout, len(rows))
            except (ImportError, AttributeError, TypeError):  # pragma: no cover - other pandas
                _LAYOUTS[key] = None  # its internals differ: the general path from now on
        try:  # typed arrays already: no inference, no copies
            df = pd.DataFrame._from_arrays(
                list(cols.values()),
                columns=_index(tuple(cols)).view(),  # a view: its name is the frame's own
                index=pd.RangeIndex(len(rows)),
                verify_integrity=False,
            )
        except (AttributeError, TypeError):  # pragma: no cover - a pandas without it
            df = None
        else:
            _LAYOUTS.setdefault(key, _layout_of(df))
    if df is None:
        df = pd.DataFrame(cols, copy=False)
    try:  # what geopandas does itself for frames holding one geometry column named "geometry"
        gdf = gpd.GeoDataFrame._from_mgr(df._mgr, df._mgr.axes)
        gdf._geometry_column_name = "geometry"
    except AttributeError:  # pragma: no cover - a pandas without _from_mgr
        gdf = gpd.GeoDataFrame(df, geometry="geometry", crs="EPSG:4326")
    return gdf


def places_to_records(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """JSON-ready records of :func:`places_from_text` output (lat/lon, no geometry).

    Parameters
    ----------
    gdf : GeoDataFrame
        The output of :func:`places_from_text`.

    Returns
    -------
    list of dict
        One dict per row with plain Python values (NaN as None, ids as int).
    """
    import numpy as np

    recs = []
    for r in gdf.drop(columns="geometry").to_dict(orient="records"):
        out = {}
        for k, v in r.items():
            if isinstance(v, np.generic):
                v = v.item()
            if isinstance(v, float) and math.isnan(v):
                v = None
            if k in ("geonameid", "population") and v is not None:
                v = int(v)  # whole numbers even when a null made the column float
            out[k] = v
        recs.append(out)
    return recs
