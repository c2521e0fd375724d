"""Great-circle distances of the parser, all in one place.

They are haversine distances on a sphere of :data:`EARTH_RADIUS_KM` (the mean
radius, as :mod:`geomap._geodesy` uses in metres).

Two entry points: :func:`_candidate_distances` (every candidate of every ambiguous
mention against the article's anchors, plain floats: the lists are short) and
:func:`_nearest_km` (one point against an anchor array, with numpy).
"""

from __future__ import annotations

import math

import numpy as np

from ._lexicon import _SETTLEMENT_KINDS
from .score import _Context

__all__ = ["EARTH_RADIUS_KM"]

#: Radius of the sphere the parser measures on, km.
EARTH_RADIUS_KM = 6371.0


def _anchor_array(ctx: _Context) -> np.ndarray | None:
    anchor_set = sorted(set(ctx.anchor_lonlat))
    return np.radians(np.asarray(anchor_set, dtype=float)) if anchor_set else None


def _candidate_distances(mentions, allowed, sent_anchors, ctx, kinds, rad):
    """Great-circle km from each settlement candidate of each ambiguous mention to the anchors.

    Returns two dicts, mention index -> list of km per candidate: to the nearest
    anchor of the mention's own sentence and to the nearest anchor of the article;
    ``inf`` for candidates that are no settlement and for anchors over 200 km away
    (distances only score below that).  ``rad`` holds each entity's
    (lon, lat, cos lat) in radians.  Plain floats: the lists are short, and array
    set-up would cost more than the arithmetic.
    """
    anchor_set = sorted(set(ctx.anchor_lonlat))
    d_local: dict[int, list[float]] = {}
    d_any: dict[int, list[float]] = {}
    if not anchor_set:
        return d_local, d_any
    radians, sin, cos = math.radians, math.sin, math.cos
    anchors = []
    for lon, lat in anchor_set:
        la = radians(lat)
        anchors.append((radians(lon), la, cos(la)))
    col_of = {p: c for c, p in enumerate(anchor_set)}
    cols_of_sent: dict[int, set[int]] = {}
    inf = math.inf
    done: dict[tuple, tuple[list[float], list[float]]] = {}
    for j, m in enumerate(mentions):
        cands = allowed[j] or m.entries
        if len(cands) < 2:
            continue
        # the same candidates in the same sentence: the same lists (a long sentence repeats names)
        key = (m.first.sent, tuple(i for i, _, _ in cands))
        seen = done.get(key)
        if seen is not None:
            d_any[j] = seen[0]
            if seen[1]:
                d_local[j] = seen[1]
            continue
        cols = cols_of_sent.get(m.first.sent)
        if cols is None:  # once per sentence: a long sentence has many mentions
            local = sent_anchors.get(m.first.sent)
            cols = cols_of_sent[m.first.sent] = {col_of[p] for p in local} if local else set()
        far_any: list[float] = []
        far_local: list[float] = []
        for i, _, _ in cands:
            if kinds[i] not in _SETTLEMENT_KINDS:
                far_any.append(inf)
                far_local.append(inf)
                continue
            lo, la, cla = rad[i]
            h_any = h_local = 2.0
            for c, (alo, ala, cala) in enumerate(anchors):
                if abs(ala - la) > _FAR_RAD:
                    continue  # over 200 km apart in latitude alone: no evidence either way
                h = sin((ala - la) / 2) ** 2 + cla * cala * sin((alo - lo) / 2) ** 2
                if h < h_any:
                    h_any = h
                if c in cols and h < h_local:
                    h_local = h
            far_any.append(_hav_km(h_any) if h_any <= 1.0 else inf)
            far_local.append(_hav_km(h_local) if cols and h_local <= 1.0 else inf)
        d_any[j] = far_any
        if cols:
            d_local[j] = far_local
        done[key] = (far_any, far_local if cols else [])
    return d_local, d_any


#: Beyond this latitude difference (radians, 200 km) a distance earns no score.
_FAR_RAD = 200.0 / EARTH_RADIUS_KM


def _hav_km(h: float) -> float:
    """Haversine term -> great-circle km."""
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def _nearest_km(lon: float, lat: float, anchors: np.ndarray) -> float:
    """Great-circle km from (lon, lat) to the nearest of ``anchors`` (radians, lon/lat rows)."""
    lo, la = math.radians(lon), math.radians(lat)
    dphi = anchors[:, 1] - la
    dl = anchors[:, 0] - lo
    a = np.sin(dphi / 2) ** 2 + math.cos(la) * np.cos(anchors[:, 1]) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a.min(), 0.0, 1.0))))
