"""Border labelling for :mod:`geomap.zones`: the oblast on each side of every border segment.

The lines between Ukraine, Russia and Belarus (:func:`geomap.data.borders`)
are densified in steps of about 200 m and each segment gets the oblast (on
each side) whose polygon is nearest to it, within 2 km; runs of selected
segments become the rows of a border sector.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from . import data
from ._geodesy import aeqd_proj_for, densify_lonlat, geodesic_length_km, proj_geom

__all__ = ["WAR_COUNTRIES", "border_oblasts"]

#: Countries whose mutual borders the zone tools know by heart.
WAR_COUNTRIES = ("UA", "RU", "BY")
#: How far (km) an oblast polygon may lie from a border line and still own it.
_OWN_TOL_KM = 2.0
#: Border lines are labelled in steps of about this many degrees (~200 m).
_LABEL_STEP_DEG = 0.002


# ------------------------------------------------------- border labelling
@dataclass(frozen=True)
class _Labelled:
    """One border line densified, with the oblast on each side of every segment."""

    left: str
    right: str
    status: str
    xy: np.ndarray  # (n, 2) lon/lat vertices
    left_ob: np.ndarray  # (n-1,) oblast name per segment ("" if none)
    right_ob: np.ndarray


def _label_side(mid: np.ndarray, polys: Sequence[BaseGeometry], names: Sequence[str]) -> np.ndarray:
    """Name of the nearest oblast polygon (within the tolerance) for each projected midpoint.

    A point inside a polygon is at distance 0 from it; otherwise its distance
    is that to the nearest boundary segment (an STRtree over all of them).
    """
    labels = np.full(len(mid), "", dtype=object)
    if not len(polys) or not len(mid):
        return labels
    for name, poly in zip(names, polys, strict=True):
        shapely.prepare(poly)
        labels[shapely.contains_xy(poly, mid[:, 0], mid[:, 1])] = name
    rest = np.flatnonzero(labels == "")
    if not len(rest):
        return labels
    starts, ends, owner = [], [], []
    for k, poly in enumerate(polys):
        for ring in shapely.get_rings(shapely.get_parts(poly)):
            xy = shapely.get_coordinates(ring)
            starts.append(xy[:-1])
            ends.append(xy[1:])
            owner.append(np.full(len(xy) - 1, k))
    segs = shapely.linestrings(np.stack([np.vstack(starts), np.vstack(ends)], axis=1))
    tree = shapely.STRtree(segs)
    pi, si = tree.query_nearest(
        shapely.points(mid[rest]), max_distance=_OWN_TOL_KM * 1e3, all_matches=False
    )
    labels[rest[pi]] = np.asarray(names, dtype=object)[np.concatenate(owner)[si]]
    return labels


def _fill_gaps(labels: np.ndarray) -> np.ndarray:
    """Give unlabelled segments the label of the nearest labelled neighbour."""
    s = pd.Series(labels).replace("", np.nan)
    if s.isna().all():
        return labels
    return s.ffill().bfill().to_numpy(dtype=object)


@functools.cache
def _labelled_borders(worldview: str) -> tuple[_Labelled, ...]:
    """Every border line between two of UA, RU, BY, labelled with its oblasts."""
    out = []
    borders = data.borders(worldview=worldview)
    obl = data.oblasts(worldview=worldview)
    for row in borders.itertuples():
        if row.left not in WAR_COUNTRIES or row.right not in WAR_COUNTRIES:
            continue
        for line in getattr(row.geometry, "geoms", [row.geometry]):
            dense = densify_lonlat(line, _LABEL_STEP_DEG)
            xy = np.asarray(dense.coords)[:, :2]
            proj = aeqd_proj_for(dense)
            px, py = proj(xy[:, 0], xy[:, 1])
            mid = np.column_stack([(px[:-1] + px[1:]) / 2, (py[:-1] + py[1:]) / 2])
            near = obl[obl.intersects(shapely.box(*dense.bounds))]
            sides = []
            for cc in (row.left, row.right):
                sub = near[near["country"] == cc]
                polys = [proj_geom(g, proj) for g in sub.geometry]
                sides.append(_fill_gaps(_label_side(mid, polys, list(sub["name"]))))
            out.append(_Labelled(row.left, row.right, row.status, xy, sides[0], sides[1]))
    return tuple(out)


def border_oblasts(
    pair: Sequence[str] = ("RU", "UA"), *, worldview: str | None = None
) -> dict[str, list[str]]:
    """Oblasts along the border between two countries, per country, in order along the line.

    Parameters
    ----------
    pair : sequence of str
        The two countries' ISO alpha-2 codes (default Russia and Ukraine).
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).

    Returns
    -------
    dict of str to list of str
        For each country of ``pair``, the canonical names of its oblasts on
        the border.

    Examples
    --------
    >>> border_oblasts(("RU", "UA"))["UA"]
    ['Chernihiv Oblast', 'Sumy Oblast', 'Kharkiv Oblast', 'Luhansk Oblast', 'Donetsk Oblast']
    """
    view = data.resolve_worldview(worldview)
    want = {c.upper() for c in pair}
    out: dict[str, list[str]] = {c: [] for c in sorted(want)}
    for lab in _labelled_borders(view):
        if {lab.left, lab.right} != want:
            continue
        for cc, labels in ((lab.left, lab.left_ob), (lab.right, lab.right_ob)):
            for name in labels:
                if name and name not in out[cc]:
                    out[cc].append(name)
    return out


def _stretches(lab: _Labelled, mask: np.ndarray, *, by_oblast: bool) -> list[dict]:
    """Maximal runs of selected segments as output rows."""
    if by_oblast:
        key = np.array(
            [f"{a}|{b}" for a, b in zip(lab.left_ob, lab.right_ob, strict=True)], dtype=object
        )
    else:
        key = np.zeros(len(mask), dtype=object)
    rows = []
    n = len(mask)
    i = 0
    while i < n:
        if not mask[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and mask[j + 1] and key[j + 1] == key[i]:
            j += 1
        # drop the labelling vertices again (exactly on the original straight segments)
        geom = shapely.simplify(shapely.LineString(lab.xy[i : j + 2]), 1e-9)
        rows.append(
            {
                "left": lab.left,
                "right": lab.right,
                "left_oblasts": ", ".join(dict.fromkeys(x for x in lab.left_ob[i : j + 1] if x)),
                "right_oblasts": ", ".join(dict.fromkeys(x for x in lab.right_ob[i : j + 1] if x)),
                "status": lab.status,
                "length_km": round(geodesic_length_km(geom), 3),
                "geometry": geom,
            }
        )
        i = j + 1
    return rows
