"""Which of several same-name places lies nearest the others of its sentence (stage 7 helpers).

"Russian units pressed near Verkhnokamianske, Hryhorivka and Serebrianka, towards
Siversk": of the dozens of Hryhorivkas, several may lie "near a place named in the
same sentence" (within 60 km); the one a few km from Siversk, not one 36 km off, is
meant.  :func:`nearest_namesakes` marks the clearly nearest candidate of each
mention (the ``nearest_namesake`` feature of :data:`~geomap.geoparse.score.FEATURES`),
:func:`near_name` names the place it is nearest to for ``--explain``, and
:func:`anchor_list` gives the distances the anchors with the one mention that put
each there (a mention is no other place for itself).
"""

from __future__ import annotations

import math

import numpy as np

from .distance import _nearest_km
from .score import NEAREST_MARGIN_KM, NEAREST_WITHIN_KM, _Context

__all__ = ["anchor_list", "near_name", "nearest_namesakes"]


def anchor_list(ctx: _Context, sent_anchors: dict[int, list[tuple[float, float]]]):
    """The article's sorted anchors, its sentences' anchors, and per anchor its one mention.

    The mention that alone put an anchor there (-1 when several did) is not measured
    against it: a mention whose namesakes all lie in one oblast anchors there, and is
    no other place for itself.
    """
    points = sorted(set(ctx.anchor_lonlat))
    owners = [ctx.anchor_owners.get(p, ()) for p in points]
    return points, sent_anchors, [next(iter(o)) if len(o) == 1 else -1 for o in owners]


def nearest_namesakes(d_local: np.ndarray, offs: np.ndarray, settlement: np.ndarray) -> np.ndarray:
    """Per candidate, whether it is clearly the nearest of its mention's namesakes.

    Nearness is measured to the places named in the mention's own sentence (the
    article's other places are weaker evidence: a village by a town the article
    names elsewhere is as likely as one by the town its sentence names, which
    may be ambiguous and so unmeasured).  The nearest is clear when it lies within
    :data:`NEAREST_WITHIN_KM` of one and the next settlement
    of the name lies :data:`NEAREST_MARGIN_KM` farther and at
    least twice as far.
    """
    nearest = np.zeros(len(d_local), dtype=bool)
    ns = np.diff(offs)
    several = np.flatnonzero(ns > 1)
    if not len(several):
        return nearest
    d = np.where(settlement, d_local, math.inf)
    rep = np.repeat(np.arange(len(ns)), ns)
    order = np.lexsort((d, rep))  # by mention, nearest first
    starts = offs[:-1][several]
    first, second = order[starts], order[starts + 1]
    d1, d2 = d[first], d[second]
    clear = (d1 < NEAREST_WITHIN_KM) & (d2 >= d1 + NEAREST_MARGIN_KM) & (d2 >= 2 * d1)
    nearest[first[clear]] = True
    return nearest


def near_name(points: list, ctx: _Context, lon: float, lat: float, j: int) -> str:
    """The name of the place of ``points`` nearest to (lon, lat), for the reason.

    ``points`` are the anchors of a sentence; mention ``j``'s own anchor is left out.
    """
    pts = sorted({p for p in points if ctx.anchor_owners.get(p) != {j}})
    if not pts:
        return "the places named"
    rad = np.radians(np.asarray(pts, dtype=float))
    k = min(range(len(pts)), key=lambda c: _nearest_km(lon, lat, rad[c : c + 1]))
    return ctx.anchor_names.get(pts[k], "the places named")
