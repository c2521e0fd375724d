"""Great-circle distances of the parser, all in one place.

They are haversine distances on a sphere of :data:`EARTH_RADIUS_KM` (the mean
radius, as :mod:`geomap._geodesy` uses in metres).

Two entry points: :func:`_candidate_distances` (every candidate of every ambiguous
mention against the article's anchors, one numpy matrix per article) and
:func:`_nearest_km` (one point against an anchor array, with numpy).
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .score import _Context

__all__ = ["EARTH_RADIUS_KM"]

#: Radius of the sphere the parser measures on, km.
EARTH_RADIUS_KM = 6371.0


def _anchor_array(ctx: _Context) -> np.ndarray | None:
    anchor_set = sorted(set(ctx.anchor_lonlat))
    return np.radians(np.asarray(anchor_set, dtype=float)) if anchor_set else None


#: Most cells of one candidates-by-anchors matrix; a bigger batch goes article by article.
_MAX_CELLS = 2_000_000


def _candidate_distances(
    ent, art, sent, amb, anchors, ents, mj=None
) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle km from each settlement candidate of each ambiguous mention to the anchors.

    ``ent``, ``art``, ``sent`` and ``amb`` hold, per candidate of a batch of articles
    (sorted by article), its entity, its article, the sentence of its mention and
    whether that mention is ambiguous (two candidates or more); ``anchors[k]`` is
    article k's (sorted anchor (lon, lat) list, sentence -> its anchors, and per anchor
    the one mention that put it there or -1); ``ents`` is the scorer's
    :class:`~geomap.geoparse.score._Entities`; ``mj`` (optional) the index of each
    candidate's mention in its article: an anchor that mention alone put there is not
    measured for it (a mention is no other place for itself).  Returns two arrays, km
    per candidate: to the nearest anchor of the mention's own sentence and to the
    nearest anchor of its article; ``inf`` for candidates of unambiguous mentions,
    for candidates that are no settlement and for anchors over 200 km apart in
    latitude alone (distances only score below that).  One candidates-by-anchors
    matrix for the batch, anchors padded to the longest list.
    """
    if len(anchors) == 1:
        return _one_article(ent, sent, amb, anchors[0], ents, mj)
    n = len(ent)
    d_local = np.full(n, math.inf)
    d_any = np.full(n, math.inf)
    has = np.array([bool(a[0]) for a in anchors], dtype=bool)
    rows = np.flatnonzero(amb & ents.settlement[ent] & has[art]) if n else ()
    if not len(rows):
        return d_local, d_any
    width = max(len(a[0]) for a in anchors)
    if len(rows) * width > _MAX_CELLS and len(anchors) > 1:
        bounds = np.searchsorted(art, np.arange(len(anchors) + 1))
        for k, (a, b) in enumerate(itertools.pairwise(bounds)):
            one = _candidate_distances(
                ent[a:b],
                art[a:b] * 0,
                sent[a:b],
                amb[a:b],
                [anchors[k]],
                ents,
                None if mj is None else mj[a:b],
            )
            d_local[a:b], d_any[a:b] = one
        return d_local, d_any
    alo, ala, cala, valid, local, local_of, owner = _anchor_table(anchors, width)
    a_r = art[rows]
    rad = ents.rad[ent[rows]]
    lo, la, cla = rad[:, 0:1], rad[:, 1:2], rad[:, 2:3]
    dla = ala[a_r] - la
    s1 = np.sin(dla / 2)
    s2 = np.sin((alo[a_r] - lo) / 2)
    h = s1 * s1 + (cla * cala[a_r]) * (s2 * s2)
    # over 200 km apart in latitude alone: no evidence either way (and padding: none)
    h[(np.abs(dla) > _FAR_RAD) | ~valid[a_r]] = 2.0
    if mj is not None:
        h[owner[a_r] == mj[rows][:, None]] = 2.0  # the mention's own anchor
    # the anchors of each candidate's own sentence
    keys = zip(a_r.tolist(), sent[rows].tolist(), strict=True)
    in_sent = local[[local_of.get(key, 0) for key in keys]]
    inf, km = math.inf, _hav_km
    h_any = np.minimum(h.min(axis=1), 2.0).tolist()
    h_loc = np.where(in_sent, h, 2.0).min(axis=1).tolist()
    d_any[rows] = [km(x) if x <= 1.0 else inf for x in h_any]
    d_local[rows] = [km(x) if x <= 1.0 else inf for x in h_loc]
    return d_local, d_any


def _one_article(ent, sent, amb, anchors, ents, mj=None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_candidate_distances` of one article: the same arithmetic, in fewer array steps.

    The anchors' rows broadcast against the candidates instead of being gathered
    per candidate, and none is padding; each distance is the same float.
    """
    n = len(ent)
    d_local = np.full(n, math.inf)
    d_any = np.full(n, math.inf)
    anchor_set, sent_anchors, *own = anchors
    rows = np.flatnonzero(amb & ents.settlement[ent]) if n and anchor_set else ()
    if not len(rows):
        return d_local, d_any
    alo, ala, cala = np.array(_anchor_radians(anchor_set))
    rad = ents.rad[ent[rows]]
    lo, la, cla = rad[:, 0:1], rad[:, 1:2], rad[:, 2:3]
    dla = ala - la
    s1 = np.sin(dla / 2)
    s2 = np.sin((alo - lo) / 2)
    h = s1 * s1 + (cla * cala) * (s2 * s2)
    # over 200 km apart in latitude alone: no evidence either way
    h[np.abs(dla) > _FAR_RAD] = 2.0
    if mj is not None:  # the mention's own anchor
        owner = np.array(list(own[0]) if own else [-1] * len(anchor_set), dtype=np.int64)
        h[owner == mj[rows][:, None]] = 2.0
    # the anchors of each candidate's own sentence
    col_of = {p: c for c, p in enumerate(anchor_set)}
    none = [False] * len(anchor_set)
    local: dict[int, list[bool]] = {}
    for si, pts in sent_anchors.items():
        row = local[si] = none.copy()
        for p in pts:
            row[col_of[p]] = True
    in_sent = np.array([local.get(si, none) for si in sent[rows].tolist()], dtype=bool)
    inf, km = math.inf, _hav_km
    h_any = np.minimum(h.min(axis=1), 2.0).tolist()
    h_loc = np.where(in_sent, h, 2.0).min(axis=1).tolist()
    d_any[rows] = [km(x) if x <= 1.0 else inf for x in h_any]
    d_local[rows] = [km(x) if x <= 1.0 else inf for x in h_loc]
    return d_local, d_any


def _anchor_radians(anchor_set) -> tuple[list[float], list[float], list[float]]:
    """Lon, lat and cos lat of each anchor in radians (math, as the scalar code computed them)."""
    lo, la, cla = [], [], []
    for lon, lat in anchor_set:
        lat_r = math.radians(lat)
        lo.append(math.radians(lon))
        la.append(lat_r)
        cla.append(math.cos(lat_r))
    return lo, la, cla


def _anchor_table(anchors, width: int):
    """Per article, its anchors' radians padded to ``width``, and which anchors are local.

    The radians are lon, lat and cos lat (math, as the scalar code computed
    them) with a flag for which are real; per (article, sentence) with anchors,
    a row of ``local`` marks them (row 0: none); ``owner`` holds per anchor the
    one mention that put it there (-1: several or unknown, -2: padding).
    """
    alo, ala, cala, valid, owner = [], [], [], [], []
    local = [[False] * width]
    local_of: dict[tuple[int, int], int] = {}
    pad = [0.0] * width
    for k, (anchor_set, sent_anchors, *own) in enumerate(anchors):
        lo_k, la_k, cla_k = _anchor_radians(anchor_set)
        fill = pad[len(anchor_set) :]
        alo.append(lo_k + fill)
        ala.append(la_k + fill)
        cala.append(cla_k + fill)
        valid.append([True] * len(anchor_set) + [False] * len(fill))
        owner.append((list(own[0]) if own else [-1] * len(anchor_set)) + [-2] * len(fill))
        col_of = {p: c for c, p in enumerate(anchor_set)}
        for si, pts in sent_anchors.items():
            row = [False] * width
            for p in pts:
                row[col_of[p]] = True
            local_of[k, si] = len(local)
            local.append(row)
    return (
        np.array(alo),
        np.array(ala),
        np.array(cala),
        np.array(valid, dtype=bool),
        np.array(local, dtype=bool),
        local_of,
        np.array(owner, dtype=np.int64),
    )


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
