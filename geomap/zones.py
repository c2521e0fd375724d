"""Border sectors and buffer zones: exact, explained and quantified.

Answer "what would a security zone along the border with Kursk, Belgorod and
Bryansk look like, and what does it swallow?" in three steps:

1. :func:`border_sector` — the part of an international border that runs
   along chosen oblasts (on either side), or a whole border (``"RU-UA"``,
   ``"BY-UA"``, ``"UA"``), as merged lines with their geodesic length.
2. :func:`buffer_zones` — everything within given depths (km) of the sector
   (or of any line or polygon, e.g. a front line), on one side or both,
   as nested rings (0-10, 0-20, ...) or bands (10-20), clipped to the
   chosen country.
3. :func:`zone_report` — area per zone and per oblast, settlements inside
   with population and distance to the sector, and the places an article
   names with their distance to the border and the zones holding them.

Distances are geodesic. Lines are cut into pieces of at most 100 km and each
piece is buffered, segment by segment, in an azimuthal-equidistant projection
centred on it, with arcs fine enough that the zone edge is within 0.01 % of
the depth of the true geodesic distance (checked in the tests with
:class:`pyproj.Geod` along the whole 2,000 km RU-UA border; the limit is
0.05 %). Areas come from :meth:`pyproj.Geod.geometry_area_perimeter`.

A border segment belongs to the oblast (on each side) whose polygon is
nearest to it, within 2 km. Ukraine's land borders are the ~10 m
OpenStreetMap lines of :func:`geomap.data.borders`; the oblasts along them are
Natural Earth's, fitted to those lines when the data is built (along border
rivers the line follows the Ukrainian bank, a few hundred metres from the
polygons at most).

>>> from geomap.zones import border_sector, buffer_zones
>>> sector = border_sector("Kursk Oblast, Belgorod Oblast, Bryansk Oblast")
>>> round(float(sector["length_km"].sum()))
1238
>>> zones = buffer_zones(sector, [10, 20], side="UA")
>>> zones[["depth_km", "inner_km", "side"]].values.tolist()
[[10.0, 0.0, 'UA'], [20.0, 0.0, 'UA']]
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from . import data
from ._errors import PlaceNotFoundError, ZoneError
from ._geodesy import (
    GEOD,
    aeqd_proj_for,
    buffers_geodesic,
    densify_lonlat,
    distances_to_geometry_km,
    geodesic_area_km2,
    geodesic_length_km,
    proj_geom,
)
from ._log import get_logger

__all__ = [
    "WAR_COUNTRIES",
    "ZoneReport",
    "along_from_places",
    "border_oblasts",
    "border_sector",
    "buffer_zones",
    "distances_from_sector",
    "parse_depths",
    "sector_outside",
    "zone_report",
]

log = get_logger("zones")

#: Countries whose mutual borders the zone tools know by heart.
WAR_COUNTRIES = ("UA", "RU", "BY")
#: How far (km) an oblast polygon may lie from a border line and still own it.
_OWN_TOL_KM = 2.0
#: Border lines are labelled in steps of about this many degrees (~200 m).
_LABEL_STEP_DEG = 0.002
_DEPTH_HINT = "give depths like 10,20,30"


# ------------------------------------------------------------------ depths
def parse_depths(depths: Any, *, max_km: float | None = None) -> list[float]:
    """Validate buffer depths (km): a number, a list, or text like ``"10,20,30"``.

    Parameters
    ----------
    depths : float, sequence of float or str
        The depths in km; text is split on commas.
    max_km : float, optional
        The largest depth allowed (default ``settings.max_depth_km``, 500 km).

    Returns
    -------
    list of float
        The distinct depths, sorted; each a finite number above 0 and at most
        ``max_km``.

    Raises
    ------
    ZoneError
        When a depth is no number, not positive or too deep.

    Examples
    --------
    >>> parse_depths("30, 10,20")
    [10.0, 20.0, 30.0]
    >>> parse_depths(-5)
    Traceback (most recent call last):
    ...
    geomap._errors.ZoneError: depth -5 km is not positive; give depths like 10,20,30
    """
    from .settings import settings

    limit = float(settings.max_depth_km if max_km is None else max_km)
    if depths is None:
        msg = f"no depth given; {_DEPTH_HINT}"
        raise ZoneError(msg)
    if isinstance(depths, str):
        text = re.sub(r"(?i)\s*(km|км)\b", "", depths)
        items: list[Any] = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    elif isinstance(depths, Iterable):
        items = list(depths)
    else:
        items = [depths]
    if not items:
        msg = f"no depth given; {_DEPTH_HINT}"
        raise ZoneError(msg)
    out: list[float] = []
    for item in items:
        text = item.strip().lower().removesuffix("km").strip() if isinstance(item, str) else item
        if isinstance(text, bool):
            msg = f"depth {item!r} is not a number; {_DEPTH_HINT}"
            raise ZoneError(msg)
        try:
            value = float(text)
        except (TypeError, ValueError):
            msg = f"depth {item!r} is not a number; {_DEPTH_HINT}"
            raise ZoneError(msg) from None
        shown = f"{value:g}"
        if not math.isfinite(value):
            msg = f"depth {shown} is not a finite number; {_DEPTH_HINT}"
            raise ZoneError(msg)
        if value <= 0:
            msg = f"depth {shown} km is not positive; {_DEPTH_HINT}"
            raise ZoneError(msg)
        if value > limit:
            msg = f"depth {shown} km exceeds the {limit:g} km limit; give depths up to {limit:g} km"
            raise ZoneError(msg)
        out.append(value)
    return sorted(set(out))


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


# ------------------------------------------------------------ along names
_PAIR_RE = re.compile(r"^\s*([A-Za-z]{2})\s*[-–—/]\s*([A-Za-z]{2})\s*$")


def _country_code(text: str) -> str | None:
    t = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", t) and t.upper() in WAR_COUNTRIES:
        return t.upper()
    return None


def _whole_border(item: str) -> list[frozenset[str]] | None:
    """Country pairs meant by a whole-border item ("RU-UA", "BY-UA", "UA"), else None."""
    m = _PAIR_RE.match(item)
    if m:
        a, b = _country_code(m.group(1)), _country_code(m.group(2))
        if a and b and a != b:
            return [frozenset((a, b))]
        msg = (
            f"unknown border {item.strip()!r}; use a pair of {', '.join(WAR_COUNTRIES)} "
            "such as 'RU-UA' or 'BY-UA', or oblast names"
        )
        raise ZoneError(msg)
    code = _country_code(item)
    if code:
        return [frozenset((code, other)) for other in WAR_COUNTRIES if other != code]
    return None


def _split_along(along: Any) -> list[str]:
    if isinstance(along, str):
        items = [p.strip() for p in re.split(r"[,;\n]+", along)]
    elif isinstance(along, Iterable):
        items = [str(p).strip() for p in along]
    else:
        msg = f"'along' must be oblast names or a border like 'RU-UA', got {type(along).__name__}"
        raise ZoneError(msg)
    return [p for p in items if p]


def _oblast_not_found(name: str, exc: PlaceNotFoundError, border_names: list[str], worldview: str):
    """A PlaceNotFoundError for an oblast name, with oblast suggestions."""
    from rapidfuzz import fuzz, process

    from .gazetteer import lookup

    sugg: list[str] = []
    # "Glushkovsky district", "Sumy city": the oblast they lie in
    try:
        top = lookup(name, limit=1, worldview=worldview)[0]
        if top.admin1 and top.kind != "country":
            sugg.append(top.admin1)
    except PlaceNotFoundError:
        pass
    for s in exc.suggestions:
        try:
            cand = lookup(s, kind="oblast", limit=1, worldview=worldview)[0]
        except PlaceNotFoundError:
            continue
        if cand.name not in sugg:
            sugg.append(cand.name)
    for best, _score, _ in process.extract(
        name, border_names, scorer=fuzz.WRatio, limit=2, score_cutoff=60
    ):
        if best not in sugg:
            sugg.append(best)
    sugg = sugg[:3]
    hint = (
        f"; did you mean {', '.join(repr(s) for s in sugg)}?" if sugg else "; give an oblast name"
    )
    msg = f"no oblast named {name!r} in the gazetteer{hint}"
    return PlaceNotFoundError(msg, query=name, suggestions=sugg)


def _resolve_oblast(
    name: str, *, side_of: str | None, worldview: str, border_names: list[str]
) -> tuple[str, str]:
    """(canonical oblast name, country) for any spelling of an oblast."""
    from .gazetteer import lookup

    try:
        cand = lookup(name, kind="oblast", country=side_of, limit=1, worldview=worldview)[0]
    except PlaceNotFoundError as exc:
        raise _oblast_not_found(name, exc, border_names, worldview) from None
    return cand.name, cand.country


def _fmt_pair(pair: Iterable[str]) -> str:
    return "–".join(sorted(pair, key=lambda c: (c != "RU", c)))


# ------------------------------------------------------------------ sector
def border_sector(
    along: str | Sequence[str] | None = None,
    *,
    countries: Sequence[str] = ("RU", "UA"),
    side_of: str | None = None,
    worldview: str | None = None,
    by_oblast: bool = False,
) -> gpd.GeoDataFrame:
    """The part of an international border along chosen oblasts, as merged lines.

    Parameters
    ----------
    along : str or list of str, optional
        Oblast names in any spelling the gazetteer knows, on either side
        ("Kursk Oblast, Belgorod region, Брянская область" or "Sumy"), or
        whole borders: ``"RU-UA"``, ``"BY-UA"``, or one country code
        (``"UA"``: its land border with both others). ``None`` means the
        whole border between ``countries``. Comma-separated text or a list.
    countries : pair of str
        ISO alpha-2 codes of the border the oblasts lie on (default RU-UA).
    side_of : str, optional
        Resolve oblast names only among this country's oblasts.
    worldview : {"de_jure", "de_facto"}, optional
        Border convention (default from settings); de facto adds the Crimea
        isthmus to the RU-UA border.
    by_oblast : bool
        One row per stretch with the same pair of oblasts instead of one row
        per merged line.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per merged line: ``left`` and ``right`` (ISO2),
        ``left_oblasts`` and ``right_oblasts`` (names joined by ", " in order
        along the line), ``status`` ("international", or "disputed" for the
        Crimea isthmus in the de facto view), ``length_km`` (geodesic),
        ``geometry`` (LineString).
        ``attrs["sector"]`` holds a readable label.

    Raises
    ------
    PlaceNotFoundError
        An unknown name (with suggestions).
    ZoneError
        An oblast that does not touch the border (the message lists those
        that do), or an empty request.

    Examples
    --------
    >>> s = border_sector("Sumy Oblast")
    >>> s[["left", "right", "left_oblasts", "right_oblasts"]].values.tolist()
    [['RU', 'UA', 'Bryansk Oblast, Kursk Oblast, Belgorod Oblast', 'Sumy Oblast']]
    >>> round(float(s.length_km.iloc[0]))
    572
    """
    view = data.resolve_worldview(worldview)
    pair = frozenset(c.upper() for c in countries)
    if len(pair) != 2 or not pair <= set(WAR_COUNTRIES):
        msg = f"countries {tuple(countries)!r} is not a pair of {', '.join(WAR_COUNTRIES)}; use e.g. ('RU', 'UA')"
        raise ZoneError(msg)
    side_of = side_of.upper() if side_of else None
    labelled = _labelled_borders(view)
    pairs: set[frozenset[str]] = set()
    chosen: set[str] = set()
    label_parts: list[str] = []
    if along is None:
        pairs.add(pair)
        label_parts.append(_fmt_pair(pair))
    else:
        items = _split_along(along)
        if not items:
            msg = "empty sector: no oblast or border given; give names like 'Kursk Oblast,Belgorod Oblast' or 'RU-UA'"
            raise ZoneError(msg)
        on_pair = border_oblasts(tuple(pair), worldview=view)
        border_names = [n for names in on_pair.values() for n in names]
        for item in items:
            whole = _whole_border(item)
            if whole:
                pairs.update(whole)
                label_parts.extend(_fmt_pair(p) for p in whole)
                continue
            name, cc = _resolve_oblast(
                item, side_of=side_of, worldview=view, border_names=border_names
            )
            if name not in border_names:
                raise _not_on_border(item, name, cc, pair, on_pair, view)
            chosen.add(name)
            if name not in label_parts:
                label_parts.append(name)
    rows = []
    for lab in labelled:
        key = frozenset((lab.left, lab.right))
        if key in pairs:
            mask = np.ones(len(lab.left_ob), dtype=bool)
        elif key == pair and chosen:
            mask = np.isin(lab.left_ob, list(chosen)) | np.isin(lab.right_ob, list(chosen))
        else:
            continue
        rows.extend(_stretches(lab, mask, by_oblast=by_oblast))
    if not rows:
        msg = f"empty sector: {', '.join(label_parts)!r} selects no border line; give border oblasts or 'RU-UA'"
        raise ZoneError(msg)
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf.attrs["sector"] = ", ".join(label_parts)
    gdf.attrs["worldview"] = view
    return gdf


def sector_outside(sector: gpd.GeoDataFrame, areas: BaseGeometry) -> gpd.GeoDataFrame:
    """The stretches of ``sector`` outside ``areas`` (e.g. the occupied territory), lengths redone.

    Parameters
    ----------
    sector : GeoDataFrame
        A border sector (:func:`border_sector`), EPSG:4326.
    areas : shapely geometry
        The lon/lat areas to cut out.

    Returns
    -------
    GeoDataFrame
        The sector's rows and ``attrs`` with the stretches outside ``areas``
        and their lengths measured again; rows left with no line are dropped.
    """
    out = sector.copy()
    out["geometry"] = [g.difference(areas) if g is not None else g for g in out.geometry]
    out = out[[g is not None and not g.is_empty for g in out.geometry]].copy()
    if "length_km" in out.columns:
        out["length_km"] = [geodesic_length_km(g) for g in out.geometry]
    out.attrs = dict(sector.attrs)
    return out


def _not_on_border(item, name, cc, pair, on_pair, view) -> ZoneError:
    others = []
    for other in WAR_COUNTRIES:
        if other == cc:
            continue
        p = frozenset((cc, other))
        if p != pair and name in border_oblasts(tuple(p), worldview=view).get(cc, []):
            others.append(p)
    listed = on_pair.get(cc) or [n for names in on_pair.values() for n in names]
    where = f"the {_fmt_pair(pair)} border"
    hint = ""
    if others:
        codes = tuple(sorted(others[0]))
        hint = (
            f"; it lies on the {' and '.join(_fmt_pair(p) for p in others)} "
            f"border{'s' if len(others) > 1 else ''}: pass countries={codes} "
            f"(--countries {','.join(codes)})"
        )
    shown = repr(item) if item == name else f"{item!r} ({name})"
    msg = f"{shown} does not touch {where}{hint}; border oblasts there: {', '.join(listed)}"
    return ZoneError(msg)


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


def _uncovered(
    near: list[str], far: list[str], *, countries: Sequence[str], worldview: str | None
) -> list[str]:
    """The near-side oblasts whose stretch of border the far-side ones do not already cover."""
    if not near:
        return []
    if not far:
        return list(near)
    covered = border_sector(far, countries=countries, worldview=worldview).geometry.iloc[0]
    cover = covered.buffer(1e-4)  # about 10 m: the same line, not another one
    out = []
    for name in near:
        line = border_sector([name], countries=countries, worldview=worldview).geometry.iloc[0]
        if line.length and line.difference(cover).length > 0.05 * line.length:
            out.append(name)
    return out


def along_from_places(
    places: gpd.GeoDataFrame,
    *,
    side: str | None = "UA",
    countries: Sequence[str] = ("RU", "UA"),
    worldview: str | None = None,
) -> list[str]:
    """The border oblasts an article names, on either side of the border.

    Oblasts the article names come first, those on the far side from ``side``
    first, then those on ``side`` itself (the same border, seen from the other
    side: an article about "Сумская и Харьковская области" gets the sector of
    their border); when it names none on the border,
    the oblasts of the settlements and raions it names are used. For
    ``side="UA"`` a sector along Russian oblasts is returned (the zone then
    runs into Ukraine); for ``"both"`` or None, oblasts of either country.

    Parameters
    ----------
    places : GeoDataFrame
        From :func:`geomap.places_from_text` (columns ``name``, ``kind``,
        ``country``, ``admin1``).
    side : {"UA", "RU", "both"} or None
        The country the zone runs into; the sector follows the other
        country's oblasts ("both" or None: either country's).
    countries : sequence of str
        The two countries of the border.
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).

    Returns
    -------
    list of str
        Canonical oblast names in order along the border.

    Raises
    ------
    ZoneError
        The places include no border oblast on that side.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"name": ["Kursk Oblast", "Sumy"], "kind": ["oblast", "city"],
    ...                   "country": ["RU", "UA"], "admin1": ["Kursk Oblast", "Sumy Oblast"]})
    >>> along_from_places(p, side="UA")
    ['Kursk Oblast']
    >>> along_from_places(p, side="RU")
    ['Sumy Oblast']
    >>> q = pd.DataFrame({"name": ["Sumy Oblast", "Kharkiv Oblast"], "kind": ["oblast", "oblast"],
    ...                   "country": ["UA", "UA"], "admin1": ["Sumy Oblast", "Kharkiv Oblast"]})
    >>> along_from_places(q, side="UA")
    ['Sumy Oblast', 'Kharkiv Oblast']
    """
    pair = [c.upper() for c in countries]
    on = border_oblasts(tuple(pair), worldview=worldview)
    code = str(side).upper() if side is not None else "BOTH"
    far = [c for c in pair if c != code] if code in pair else pair
    wanted = [n for c in far for n in on.get(c, [])]
    if places is None or len(places) == 0:
        found: list[str] = []
    else:
        kinds = places["kind"].astype(str)
        named = set(places.loc[kinds == "oblast", "name"])
        found = [n for n in wanted if n in named]
        if not found and "admin1" in places.columns:
            local = places.loc[kinds.isin(["raion", "city", "town", "village"]), "admin1"]
            found = [n for n in wanted if n in set(local.dropna())]
        # border oblasts named on the near side too ("обстрелы в Сумской и Харьковской
        # областях"): their stretch of the border is the same line, seen from the other side
        near = [n for c in pair if c == code for n in on.get(c, []) if n in named]
        found += _uncovered(near, found, countries=pair, worldview=worldview)
    if not found:
        where = " or ".join(far)
        example = ", ".join(wanted[:2])
        msg = (
            f"the article names no oblast of {where} on the {_fmt_pair(pair)} border; "
            f"give --along NAMES such as {example!r}"
        )
        raise ZoneError(msg)
    return found


# ------------------------------------------------------------------- zones
def _source_geometry(
    source: Any, worldview: str | None
) -> tuple[BaseGeometry, str, tuple[str, ...]]:
    """(lon/lat geometry, label, countries either side) of any zone source."""
    if isinstance(source, str) or (
        isinstance(source, Sequence) and source and all(isinstance(s, str) for s in source)
    ):
        source = border_sector(source, worldview=worldview)
    label = ""
    sides: tuple[str, ...] = ()
    if isinstance(source, gpd.GeoDataFrame | gpd.GeoSeries):
        if source.crs is None:
            msg = "the zone source has no CRS; set one (e.g. gdf.set_crs(4326)) before buffering"
            raise ZoneError(msg)
        label = str(source.attrs.get("sector", ""))
        if isinstance(source, gpd.GeoDataFrame) and {"left", "right"} <= set(source.columns):
            sides = tuple(dict.fromkeys([*source["right"], *source["left"]]))
        geoms = source.to_crs(4326).geometry if source.crs.to_epsg() != 4326 else source.geometry
        geom = shapely.union_all([g for g in geoms if g is not None and not g.is_empty])
    elif isinstance(source, BaseGeometry):
        geom = source
        minx, miny, maxx, maxy = geom.bounds if not geom.is_empty else (0, 0, 0, 0)
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            msg = "the zone source geometry is not in lon/lat degrees; pass a GeoDataFrame with its CRS"
            raise ZoneError(msg)
    else:
        msg = f"cannot buffer a {type(source).__name__}; pass a border sector, GeoDataFrame or shapely geometry"
        raise ZoneError(msg)
    if geom is None or geom.is_empty:
        msg = "empty sector: the zone source has no geometry; give a non-empty line or polygon"
        raise ZoneError(msg)
    return geom, label, sides


def _side_list(side: str | None, sides: tuple[str, ...]) -> list[str | None]:
    if side is None or str(side).lower() == "none":
        return [None]
    s = str(side).strip()
    if s.lower() == "both":
        return list(sides or ("UA", "RU"))
    code = s.upper()
    valid = set(data.countries()["iso2"])
    if code not in valid:
        msg = f"unknown side {side!r}; use a country code such as 'UA' or 'RU', 'both' or None"
        raise ZoneError(msg)
    return [code]


@functools.cache
def _country_geom(code: str, worldview: str) -> BaseGeometry:
    c = data.countries(worldview=worldview)
    geom = shapely.union_all(list(c.loc[c["iso2"] == code, "geometry"]))
    shapely.prepare(geom)
    return geom


def buffer_zones(
    source: Any,
    depths_km: Any,
    *,
    side: str | None = "UA",
    mode: str = "rings",
    worldview: str | None = None,
) -> gpd.GeoDataFrame:
    """Zones within given geodesic depths of a border sector, line or polygon.

    Parameters
    ----------
    source : GeoDataFrame, GeoSeries, shapely geometry or str
        A :func:`border_sector`, any lines or polygons with a CRS (a front
        line, occupied areas), a lon/lat shapely geometry, or the ``along``
        text of a border sector ("Kursk Oblast, Belgorod Oblast"). For
        polygons the zones lie outside the polygon.
    depths_km : number, list or str
        Depths in km ("10,20,30"); see :func:`parse_depths`.
    side : str or None
        Country to clip to ("UA", "RU", "BY", ...), ``"both"`` (the two
        countries of the sector, else UA and RU) or None (no clipping).
    mode : {"rings", "bands"}
        ``"rings"``: nested zones 0-d; ``"bands"``: 0-d1, d1-d2, ...
    worldview : {"de_jure", "de_facto"}, optional
        Country shapes to clip to.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per depth and side: ``depth_km``, ``inner_km``,
        ``side`` (ISO2 or "none"), ``sector`` (label), ``geometry``.
        ``attrs["source"]`` keeps the source geometry for :func:`zone_report`.

    Raises
    ------
    ZoneError
        Bad depths, unknown side or mode, empty source, or a zone that is
        empty on the chosen side.

    Examples
    --------
    >>> import shapely
    >>> z = buffer_zones(shapely.Point(36.25, 50.0), "5, 10", side=None, mode="bands")
    >>> z[["depth_km", "inner_km", "side"]].values.tolist()
    [[5.0, 0.0, 'none'], [10.0, 5.0, 'none']]
    """
    view = data.resolve_worldview(worldview)
    depths = parse_depths(depths_km)
    if mode not in ("rings", "bands"):
        msg = f"unknown zone mode {mode!r}; use 'rings' (0-10, 0-20) or 'bands' (0-10, 10-20)"
        raise ZoneError(msg)
    geom, label, sides = _source_geometry(source, view)
    side_codes = _side_list(side, sides)
    interior = shapely.union_all(
        [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    )
    buffers = dict(zip(depths, buffers_geodesic(geom, depths), strict=True))
    rows = []
    for code in side_codes:
        clip = _country_geom(code, view) if code else None
        prev = 0.0
        for d in depths:
            inner = prev if mode == "bands" else 0.0
            zone = buffers[d]
            if clip is not None:
                zone = shapely.intersection(zone, clip)
            if inner > 0:
                zone = shapely.difference(zone, buffers[inner])
            if not interior.is_empty:
                zone = shapely.difference(zone, interior)
            zone = _polygonal(zone)
            if zone.is_empty:
                where = f"in {code}" if code else "anywhere"
                hint = (
                    f"the sector lies between {' and '.join(sides)}"
                    if sides
                    else "check the source"
                )
                msg = f"the {inner:g}-{d:g} km zone {where} is empty; {hint}: use side 'both' or another country"
                raise ZoneError(msg)
            rows.append(
                {
                    "depth_km": d,
                    "inner_km": inner,
                    "side": code or "none",
                    "sector": label,
                    "geometry": zone,
                }
            )
            prev = d
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf.attrs["source"] = geom
    gdf.attrs["sector"] = label
    gdf.attrs["worldview"] = view
    return gdf


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts of an overlay result (drops slivers of lines and points)."""
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


# ------------------------------------------------------------------ report
def distances_from_sector(points: Any, sector: Any) -> np.ndarray:
    """Geodesic distance (km) from each point to a sector, line or polygon (0 inside polygons).

    Each point is measured in an azimuthal-equidistant frame centred at the
    point itself, so the distances are geodesic.

    Parameters
    ----------
    points : GeoDataFrame, GeoSeries, sequence of points or array
        Points as a GeoDataFrame/GeoSeries, shapely points or an (n, 2)
        lon/lat array.
    sector : GeoDataFrame or shapely geometry
        A GeoDataFrame with a CRS, or a lon/lat geometry.

    Returns
    -------
    numpy.ndarray
        One distance in km per point.

    Examples
    --------
    >>> import shapely
    >>> line = shapely.LineString([(30.0, 50.0), (40.0, 50.0)])
    >>> distances_from_sector([(35.0, 50.0)], line).round(3).tolist()
    [0.0]
    """
    if isinstance(sector, gpd.GeoDataFrame | gpd.GeoSeries):
        geom, _, _ = _source_geometry(sector, None)
    else:
        geom = sector
    return distances_to_geometry_km(points, geom)


@dataclass
class ZoneReport:
    """What a set of zones swallows.

    Attributes
    ----------
    zones : GeoDataFrame
        One row per zone: ``depth_km``, ``inner_km``, ``side``, ``sector``,
        ``area_km2`` (geodesic), ``areas_by_oblast`` (dict name -> km²),
        ``settlements`` (count with an exact location), ``settlements_approx``
        (villages only known by their hromada centre, not in the population),
        ``population`` (sum over exact settlements), ``largest`` (up to 10
        largest settlement names), ``city_districts`` (city districts listed
        as places, "Saltivka (Kharkiv)") and ``population_city_districts``
        (their population, not in ``population``), ``geometry``.
    settlements : GeoDataFrame
        Settlements inside the widest zone of each side: ``name``, ``kind``,
        ``country``, ``oblast``, ``population``, ``approx``, ``distance_km``
        to the sector, ``zone_km`` (depth of the narrowest zone holding it),
        ``side``, ``geometry``; nearest first.
    places : GeoDataFrame or None
        The given places with ``distance_to_border_km`` and one boolean
        column ``in_<depth>km`` per depth (True if any zone of that depth
        holds the place).
    sector_length_km : float
        Geodesic length of the source lines (0 for points).
    """

    zones: gpd.GeoDataFrame
    settlements: gpd.GeoDataFrame
    places: gpd.GeoDataFrame | None = None
    sector_length_km: float = 0.0
    sector: str = ""
    meta: dict = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """The zone table without geometry."""
        return pd.DataFrame(self.zones.drop(columns="geometry"))

    def zone_properties(self) -> list[dict[str, Any]]:
        """JSON-ready properties of each zone (with the places it holds, if any)."""
        out = []
        for rec in self.summary().to_dict(orient="records"):
            props = {k: _jsonable(v) for k, v in rec.items()}
            if self.places is not None and "name" in self.places.columns:
                col = f"in_{rec['depth_km']:g}km"
                props["places"] = [str(n) for n in self.places.loc[self.places[col], "name"]]
            out.append(props)
        return out

    def to_geojson(self, *, precision: int = 6) -> dict[str, Any]:
        """The zones as a GeoJSON FeatureCollection (dict).

        Each feature carries the :meth:`zone_properties`; the foreign member
        ``sector`` holds the sector line, its label and length.
        """
        feats = [
            {"type": "Feature", "properties": props, "geometry": _geojson_geom(g, precision)}
            for props, g in zip(self.zone_properties(), self.zones.geometry, strict=True)
        ]
        src = self.zones.attrs.get("source")
        return {
            "type": "FeatureCollection",
            "features": feats,
            "sector": {
                "label": self.sector,
                "length_km": self.sector_length_km,
                "geometry": _geojson_geom(src, precision) if src is not None else None,
            },
            "attribution": data.ATTRIBUTION,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything but geometries as a JSON-ready dict: sector, zones, settlements, places."""
        sett = []
        for rec in self.settlements.to_dict(orient="records"):
            geom = rec.pop("geometry")
            rec = {k: _jsonable(v) for k, v in rec.items()}
            rec["lat"], rec["lon"] = round(geom.y, 6), round(geom.x, 6)
            sett.append(rec)
        places = None
        if self.places is not None:
            keep = [c for c in self.places.columns if c not in ("geometry", "mentions")]
            places = [
                {k: _jsonable(v) for k, v in r.items()}
                for r in pd.DataFrame(self.places[keep]).to_dict(orient="records")
            ]
        return {
            "sector": {"label": self.sector, "length_km": self.sector_length_km},
            "zones": self.zone_properties(),
            "settlements": sett,
            "places": places,
            "attribution": data.ATTRIBUTION,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | np.ndarray):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _geojson_geom(geom: BaseGeometry, precision: int) -> dict[str, Any]:
    import json

    rounded = shapely.transform(geom, lambda xy: np.round(xy, precision))
    return json.loads(shapely.to_geojson(rounded))


def _lines_length_km(geom: BaseGeometry) -> float:
    lines = [
        g
        for g in getattr(geom, "geoms", [geom])
        if g.geom_type in ("LineString", "MultiLineString")
    ]
    return round(sum(geodesic_length_km(g) for g in lines), 3)


@functools.cache
def _city_sections() -> np.ndarray:
    """For each settlement, the city it is probably a district of ("" if none).

    The GeoNames extract lists some city districts as settlements (Saltivka in
    Kharkiv, Zarichnyi in Sumy) with their own population. A Ukrainian place
    without a KATOTTG record (every real Ukrainian settlement has one) is
    taken for a district of a KATOTTG-matched city of 100,000+ when it lies
    within the city's radius (its area at 3,000 people per km², as a disc)
    and is smaller than the city.
    """
    st = data.settlements()
    parent = np.full(len(st), "", dtype=object)
    best = np.full(len(st), np.inf)
    lon = st.geometry.x.to_numpy()
    lat = st.geometry.y.to_numpy()
    pop = st["population"].to_numpy(dtype=float)
    ua = (st["country"] == "UA").to_numpy() & (pop > 0)
    unmatched = (st["source"] == "geonames").to_numpy()
    cities = np.flatnonzero(ua & ~unmatched & (pop >= 100_000))
    cand = np.flatnonzero(ua & unmatched)
    for i in cities:
        radius_m = math.sqrt(pop[i] / (3_000.0 * math.pi)) * 1e3
        n = len(cand)
        _, _, d = GEOD.inv(np.full(n, lon[i]), np.full(n, lat[i]), lon[cand], lat[cand])
        hit = (d <= radius_m) & (pop[cand] < pop[i]) & (d < best[cand])
        parent[cand[hit]] = st["name"].iloc[i]
        best[cand[hit]] = d[hit]
    return parent


def _place_distances(geoms: Sequence[BaseGeometry], src: BaseGeometry) -> np.ndarray:
    """Geodesic km from each place to the source: points directly, areas by their outline (0 if touching)."""
    out = np.full(len(geoms), np.nan)
    pts = [
        i
        for i, g in enumerate(geoms)
        if g is not None and not g.is_empty and g.geom_type == "Point"
    ]
    if pts:
        out[pts] = distances_to_geometry_km([geoms[i] for i in pts], src)
    for i, g in enumerate(geoms):
        if i in pts or g is None or g.is_empty:
            continue
        if g.intersects(src):
            out[i] = 0.0
        else:
            out[i] = float(
                np.min(distances_to_geometry_km(shapely.get_coordinates(g.boundary), src))
            )
    return out


def zone_report(
    zones: gpd.GeoDataFrame,
    *,
    places: gpd.GeoDataFrame | None = None,
    source: Any = None,
    worldview: str | None = None,
) -> ZoneReport:
    """Area, oblasts, settlements and named places inside each zone.

    Parameters
    ----------
    zones : GeoDataFrame
        From :func:`buffer_zones`.
    places : GeoDataFrame, optional
        Places to check, e.g. from :func:`geomap.places_from_text` (points or
        polygons with a CRS; every column is kept).
    source : optional
        The sector or line the zones were built from (default:
        ``zones.attrs["source"]``), for distances.
    worldview : str, optional
        Oblast shapes for the per-oblast areas (default: the zones' worldview).

    Returns
    -------
    ZoneReport

    Notes
    -----
    Settlements come from :func:`geomap.data.settlements`. About 23,000
    Ukrainian villages are known only from the KATOTTG codifier and placed at
    their hromada centre (``approx=True``, no population): they are counted
    separately (``settlements_approx``) and never in ``population``. The
    GeoNames extract also lists some city districts as if they were
    settlements (Saltivka in Kharkiv, Zarichnyi in Sumy; ``section_of``
    names the city): they are never counted in ``settlements`` or
    ``population`` (their people are in the city's figure) but listed in
    ``city_districts`` with their total in ``population_city_districts``,
    which tells when part of a city lies in a zone its centre is outside.

    Examples
    --------
    >>> z = buffer_zones("Kursk Oblast", [10], side="UA")
    >>> r = zone_report(z)
    >>> list(r.zones["areas_by_oblast"].iloc[0])
    ['Sumy Oblast']
    >>> bool(r.settlements["distance_km"].max() <= 10.01)
    True
    """
    if not isinstance(zones, gpd.GeoDataFrame) or "depth_km" not in zones.columns:
        msg = "zone_report needs the GeoDataFrame returned by buffer_zones; build zones first"
        raise ZoneError(msg)
    if zones.crs is None:
        msg = "the zones have no CRS; pass the GeoDataFrame returned by buffer_zones"
        raise ZoneError(msg)
    view = data.resolve_worldview(worldview or zones.attrs.get("worldview"))
    if source is None:
        source = zones.attrs.get("source")
    if source is None:
        msg = "the zones carry no source line; pass source= (the sector they were built from)"
        raise ZoneError(msg)
    src, label, _ = _source_geometry(source, view)
    label = label or str(zones.attrs.get("sector", ""))
    if zones.crs.to_epsg() != 4326:
        zones = zones.to_crs(4326)
    ob = data.oblasts(worldview=view)
    st = data.settlements()
    section_of = _city_sections()
    names = st["name"].to_numpy(dtype=object)
    is_section = section_of != ""
    approx = st["approx"].to_numpy(dtype=bool)
    xs, ys = st.geometry.x.to_numpy(), st.geometry.y.to_numpy()

    recs = []
    members: list[np.ndarray] = []
    for row in zones.itertuples():
        geom = row.geometry
        shapely.prepare(geom)
        by_ob = {}
        for name, poly in zip(*_near(ob, geom), strict=True):
            a = geodesic_area_km2(_polygonal(shapely.intersection(poly, geom)))
            if a >= 0.05:
                by_ob[name] = round(a, 1)
        inside = shapely.contains_xy(geom, xs, ys)
        if row.side != "none":
            inside &= (st["country"] == row.side).to_numpy()
        members.append(inside)
        exact = inside & ~approx
        districts = exact & is_section
        counted = exact & ~is_section
        top = st[counted].nlargest(10, "population")
        recs.append(
            {
                "depth_km": row.depth_km,
                "inner_km": row.inner_km,
                "side": row.side,
                "sector": getattr(row, "sector", "") or label,
                "area_km2": round(geodesic_area_km2(geom), 1),
                "areas_by_oblast": dict(sorted(by_ob.items(), key=lambda kv: -kv[1])),
                "settlements": int(counted.sum()),
                "settlements_approx": int((inside & approx).sum()),
                "population": int(st.loc[counted, "population"].sum()),
                "largest": [str(n) for n in top["name"]],
                "city_districts": [
                    f"{n} ({c})"
                    for n, c in zip(names[districts], section_of[districts], strict=True)
                ],
                "population_city_districts": int(st.loc[districts, "population"].sum()),
                "geometry": geom,
            }
        )
    ztab = gpd.GeoDataFrame(recs, geometry="geometry", crs="EPSG:4326")
    ztab.attrs.update(
        {k: v for k, v in zones.attrs.items() if k in ("source", "sector", "worldview")}
    )

    parts = []
    for side in ztab["side"].unique():
        hit = np.zeros(len(st), dtype=bool)
        zone_km = np.full(len(st), np.nan)
        idx = np.flatnonzero((ztab["side"] == side).to_numpy())
        for i in sorted(idx, key=lambda k: -ztab["depth_km"].iloc[k]):
            hit |= members[i]
            zone_km[members[i]] = ztab["depth_km"].iloc[i]
        sub = st[hit].copy()
        sub["zone_km"] = zone_km[hit]
        sub["side"] = side
        sub["section_of"] = section_of[hit]
        parts.append(sub)
    cols = [
        "name", "kind", "country", "oblast", "population", "approx", "section_of",
        "distance_km", "zone_km", "side", "geometry",
    ]  # fmt: skip
    sett = gpd.GeoDataFrame(
        pd.concat(parts, ignore_index=True), geometry="geometry", crs="EPSG:4326"
    )
    sett["distance_km"] = distances_to_geometry_km(sett, src).round(3) if len(sett) else []
    sett = sett[cols].sort_values(["distance_km", "name"], ignore_index=True)

    placed = _places_in_zones(places, ztab, src) if places is not None else None
    return ZoneReport(
        zones=ztab,
        settlements=sett,
        places=placed,
        sector_length_km=_lines_length_km(src),
        sector=label,
        meta={"worldview": view},
    )


def _near(frame: gpd.GeoDataFrame, geom: BaseGeometry) -> tuple[list[str], list[BaseGeometry]]:
    sub = frame[frame.intersects(geom)]
    return list(sub["name"]), list(sub.geometry)


def _holds(zone: BaseGeometry, geom: BaseGeometry | None) -> bool:
    """Whether a zone holds a place: a point inside, or an area overlapping by 1 km² or more."""
    if geom is None or geom.is_empty or not zone.intersects(geom):
        return False
    if geom.geom_type == "Point":
        return True
    return geodesic_area_km2(_polygonal(shapely.intersection(zone, geom))) >= 1.0


def _places_in_zones(
    places: gpd.GeoDataFrame, ztab: gpd.GeoDataFrame, src: BaseGeometry
) -> gpd.GeoDataFrame:
    if not isinstance(places, gpd.GeoDataFrame):
        msg = "places must be a GeoDataFrame (e.g. from geomap.places_from_text)"
        raise ZoneError(msg)
    out = places.copy()
    if out.crs is None:
        out = out.set_crs(4326)
    elif out.crs.to_epsg() != 4326:
        out = out.to_crs(4326)
    geoms = list(out.geometry)
    out["distance_to_border_km"] = np.round(_place_distances(geoms, src), 3)
    for d in sorted(ztab["depth_km"].unique()):
        zone = shapely.union_all(list(ztab.loc[ztab["depth_km"] == d, "geometry"]))
        shapely.prepare(zone)
        out[f"in_{d:g}km"] = np.array([_holds(zone, g) for g in geoms], dtype=bool)
    return out
