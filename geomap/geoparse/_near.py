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
import re

import numpy as np

from .distance import _nearest_km
from .score import (
    NEAREST_MARGIN_KM,
    NEAREST_WITHIN_KM,
    STATED_APPROX_KM,
    STATED_SLACK,
    STATED_WITHIN_KM,
    _Context,
)
from .stated import distances_from_text

__all__ = ["anchor_list", "near_name", "nearest_namesakes", "stated_fit", "stated_links"]

#: a unit of distance (else no "N km from Y" between two names)
_UNIT_RE = re.compile(r"km|kilomet|км|кілометр|километр", re.IGNORECASE)


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


def _sorted_points(points: list, ctx: _Context) -> tuple[list, np.ndarray]:
    """A sentence's anchors sorted and unique, and in radians, computed once per list and article."""
    hit = ctx.sorted_points.get(id(points))
    if hit is not None and hit[0] is points:
        return hit[1], hit[2]
    pts = sorted(set(points))
    rad = np.radians(np.asarray(pts, dtype=float)).reshape(-1, 2)
    ctx.sorted_points[id(points)] = (points, pts, rad)
    return pts, rad


def near_name(points: list, ctx: _Context, lon: float, lat: float, j: int) -> str:
    """The name of the place of ``points`` nearest to (lon, lat), for the reason.

    ``points`` are the anchors of a sentence; mention ``j``'s own anchor is left out.
    The distances to all of them are one array step, read nearest first (a long
    sentence may hold thousands).
    """
    pts, rad = _sorted_points(points, ctx)
    if not pts:
        return "the places named"
    lo, la = math.radians(lon), math.radians(lat)
    h = (
        np.sin((rad[:, 1] - la) / 2) ** 2
        + math.cos(la) * np.cos(rad[:, 1]) * np.sin((rad[:, 0] - lo) / 2) ** 2
    )
    for k in np.argsort(h, kind="stable").tolist():
        if ctx.anchor_owners.get(pts[k]) != {j}:
            return ctx.anchor_names.get(pts[k], "the places named")
    return "the places named"


#: "Dobropillia, about 13 km from Polohy": the distance belongs to the name just before it, at
#: most this many characters before the number ...
STATED_BEFORE_CHARS = 60
#: ... and is measured from the name that follows the unit within this many characters.
STATED_AFTER_CHARS = 30


def stated_links(mentions: list, text: str) -> list[tuple[int, int, float]]:
    """``(j, k, km)`` for each "X, about N km from Y" of ``text``: mention j lies N km from mention k.

    Distances with the role ``from_place`` of
    :func:`~geomap.geoparse.stated.distances_from_text`, between the mention just
    before the number (no other between, same sentence, within
    :data:`STATED_BEFORE_CHARS`) and the one just after the unit (within
    :data:`STATED_AFTER_CHARS`: "from", "від", "north-east of the city of").
    """
    if len(mentions) < 2:
        return []
    out: dict[int, tuple[int, int, float]] = {}
    gap_max = STATED_BEFORE_CHARS + STATED_AFTER_CHARS + 40  # room for the number and unit
    for k in range(1, len(mentions)):
        m, y = mentions[k - 1], mentions[k]
        if (
            y.start - m.end > gap_max
            or m.first.sent != y.first.sent
            or not _UNIT_RE.search(text, m.end, y.start)
        ):
            continue
        # the distances of the text around the two names (their words of role included)
        lo = max(0, m.start - 60)
        for d in distances_from_text(text[lo : y.end + 30]):
            s = lo + d["start"]
            e = text.find(d["phrase"], s) + len(d["phrase"])
            if (
                d["role"] == "from_place"
                and m.end <= s <= m.end + STATED_BEFORE_CHARS
                and e <= y.start <= e + STATED_AFTER_CHARS
            ):
                out.setdefault(s, (k - 1, k, d["km"]))
    return [out[s] for s in sorted(out)]


def stated_fit(
    links: list[tuple[int, int, float]],
    offs: np.ndarray,
    ent: np.ndarray,
    best: dict[int, int],
    ents,
) -> tuple[np.ndarray, dict[int, tuple[float, float, int]]]:
    """Which candidates lie at the distance the text states from the place it names.

    ``links`` hold ``(j, k, km)`` with batch-wide mention indices; ``best[k]`` is the
    row of mention k's best candidate so far: the place measured from.  A candidate
    fits when it lies within :data:`~geomap.geoparse.score.STATED_SLACK` of the
    stated km (plus :data:`~geomap.geoparse.score.STATED_APPROX_KM` for an
    approximate position).  Returns the mask per candidate and, per fitting row,
    (km it lies from the place, km stated, entity of the place).
    """
    fit = np.zeros(len(ent), dtype=bool)
    found: dict[int, tuple[float, float, int]] = {}
    for j, k, km in links:
        y = int(ent[best[k]])
        if not ents.settlement[y]:
            continue
        lon, lat = _lonlat(ents, y)
        here = np.radians(np.array([[lon, lat]]))
        for r in range(offs[j], offs[j + 1]):
            i = int(ent[r])
            if not ents.settlement[i]:
                continue
            d = _nearest_km(*_lonlat(ents, i), here)
            slack = STATED_SLACK * km + STATED_WITHIN_KM + STATED_APPROX_KM * bool(ents.approx[i])
            if abs(d - km) <= slack:
                fit[r] = True
                found[r] = (d, km, y)
    return fit, found


def _lonlat(ents, i: int) -> tuple[float, float]:
    lon, lat, _ = ents.rad[i]
    return math.degrees(lon), math.degrees(lat)
