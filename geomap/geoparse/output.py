"""Resolved mentions to output rows, GeoDataFrames and JSON-ready records."""

from __future__ import annotations

import bisect
import math
import sys
from collections import defaultdict
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..gazetteer import Gazetteer
from .doc import MAX_SENTENCE_CHARS, Mention

__all__ = ["places_to_records"]

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
    geoms = []
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
        geoms.append(gaz.geometry_of(idx))
    order = sorted(range(len(rows)), key=lambda j: rows[j]["mentions"][0]["start"])
    return [rows[j] for j in order], [geoms[j] for j in order]


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


def _frame(rows: list[dict], geoms: list, extra: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    columns = [*extra, *_COLUMNS]
    cols: dict[str, Any] = {c: [r[c] for r in rows] for c in columns}
    if "population" in cols:  # null where unknown (regions without a figure), else whole
        cols["population"] = pd.array(cols["population"], dtype="Int64")
    return gpd.GeoDataFrame(cols, geometry=geoms, crs="EPSG:4326")


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
