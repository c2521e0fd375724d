"""Border sectors for :mod:`geomap.zones`: which stretch of border an ``along`` request means.

Resolves oblast names (any spelling the gazetteer knows) and whole borders
(``"RU-UA"``, ``"UA"``) to the labelled border lines of
:mod:`geomap._zones_border`, cuts a sector outside given areas
(:func:`sector_outside`) and picks the border oblasts an article names
(:func:`along_from_places`, with :func:`_uncovered` for the near side).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
from shapely.geometry.base import BaseGeometry

from . import data
from ._errors import PlaceNotFoundError, ZoneError
from ._geodesy import geodesic_length_km
from ._zones_border import WAR_COUNTRIES, _labelled_borders, _stretches, border_oblasts

__all__ = ["along_from_places", "border_sector", "sector_outside"]


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


def _sector_request(
    along: Any, pair: frozenset[str], *, side_of: str | None, view: str
) -> tuple[set[frozenset[str]], set[str], list[str]]:
    """(whole borders, chosen oblasts, label parts) an ``along`` request of :func:`border_sector` means."""
    pairs: set[frozenset[str]] = set()
    chosen: set[str] = set()
    label_parts: list[str] = []
    if along is None:
        pairs.add(pair)
        label_parts.append(_fmt_pair(pair))
        return pairs, chosen, label_parts
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
        name, cc = _resolve_oblast(item, side_of=side_of, worldview=view, border_names=border_names)
        if name not in border_names:
            raise _not_on_border(item, name, cc, pair, on_pair, view)
        chosen.add(name)
        if name not in label_parts:
            label_parts.append(name)
    return pairs, chosen, label_parts


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
    pairs, chosen, label_parts = _sector_request(along, pair, side_of=side_of, view=view)
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


def _named_oblasts(
    places: Any, wanted: list[str], near_side: list[str]
) -> tuple[list[str], list[str]]:
    """(oblasts of ``wanted`` the places name, else those their settlements lie in; named ``near_side`` ones)."""
    if places is None or len(places) == 0:
        return [], []
    kinds = places["kind"].astype(str)
    named = set(places.loc[kinds == "oblast", "name"])
    found = [n for n in wanted if n in named]
    if not found and "admin1" in places.columns:
        local = places.loc[kinds.isin(["raion", "city", "town", "village"]), "admin1"]
        found = [n for n in wanted if n in set(local.dropna())]
    # border oblasts named on the near side too ("обстрелы в Сумской и Харьковской
    # областях"): their stretch of the border is the same line, seen from the other side
    return found, [n for n in near_side if n in named]


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
    found, near = _named_oblasts(places, wanted, on.get(code, []))
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
