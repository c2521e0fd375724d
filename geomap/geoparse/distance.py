"""Great-circle distances of the parser, all in one place: haversine on a sphere of
:data:`EARTH_RADIUS_KM` (the mean radius, as :mod:`geomap._geodesy` uses in metres).

Two entry points: :func:`_candidate_distances` (every candidate of every ambiguous
mention against the article's anchors, one numpy matrix per article) and
:func:`_nearest_km` (one point against an anchor array, with numpy).
"""

from __future__ import annotations

import math

import numpy as np

from .score import _Context

__all__ = ["EARTH_RADIUS_KM"]

#: Radius of the sphere the parser measures on, km.
EARTH_RADIUS_KM = 6371.0


def _anchor_array(ctx: _Context) -> np.ndarray | None:
    anchor_set = sorted(set(ctx.anchor_lonlat))
    return np.radians(np.asarray(anchor_set, dtype=float)) if anchor_set else None


def _candidate_distances(ent, sent, amb, sent_anchors, ctx, ents) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle km from each settlement candidate of each ambiguous mention to the anchors.

    ``ent``, ``sent`` and ``amb`` hold, per candidate of the article, its entity, the
    sentence of its mention and whether that mention is ambiguous (two candidates or
    more); ``ents`` is the scorer's :class:`~geomap.geoparse.score._Entities`.
    Returns two arrays, km per candidate: to the nearest anchor of the mention's own
    sentence and to the nearest anchor of the article; ``inf`` for candidates of
    unambiguous mentions, for candidates that are no settlement and for anchors over
    200 km apart in latitude alone (distances only score below that).  One
    candidates-by-anchors matrix per article.
    """
    n = len(ent)
    d_local = np.full(n, math.inf)
    d_any = np.full(n, math.inf)
    anchor_set = sorted(set(ctx.anchor_lonlat))
    rows = np.flatnonzero(amb & ents.settlement[ent]) if anchor_set and n else ()
    if not len(rows):
        return d_local, d_any
    # the anchors' radians and cosines as the scalar code computes them (math, not numpy)
    alo, ala, cala = [], [], []
    for lon, lat in anchor_set:
        la = math.radians(lat)
        alo.append(math.radians(lon))
        ala.append(la)
        cala.append(math.cos(la))
    alo_a, ala_a, cala_a = np.array(alo), np.array(ala), np.array(cala)
    rad = ents.rad[ent[rows]]
    lo, la, cla = rad[:, 0:1], rad[:, 1:2], rad[:, 2:3]
    dla = ala_a - la
    s1 = np.sin(dla / 2)
    s2 = np.sin((alo_a - lo) / 2)
    h = s1 * s1 + (cla * cala_a) * (s2 * s2)
    # over 200 km apart in latitude alone: no evidence either way
    h[np.abs(dla) > _FAR_RAD] = 2.0
    # the anchors of each candidate's own sentence
    col_of = {p: c for c, p in enumerate(anchor_set)}
    local = np.zeros((len(sent_anchors) + 1, len(anchor_set)), dtype=bool)
    row_of: dict[int, int] = {}
    for k, (si, pts) in enumerate(sent_anchors.items()):
        row_of[si] = k
        local[k, [col_of[p] for p in pts]] = True
    none = len(sent_anchors)
    in_sent = local[[row_of.get(si, none) for si in sent[rows].tolist()]]
    inf, km = math.inf, _hav_km
    h_any = np.minimum(h.min(axis=1), 2.0).tolist()
    h_loc = np.where(in_sent, h, 2.0).min(axis=1).tolist()
    d_any[rows] = [km(x) if x <= 1.0 else inf for x in h_any]
    d_local[rows] = [km(x) if x <= 1.0 else inf for x in h_loc]
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
