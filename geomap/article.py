"""The article pipeline: article → places → border sector → zones → report → front line.

One analysis shared by ``geomap map`` (:func:`geomap.maps.map_article`) and
``geomap zone --article``, so both draw the same zones for the same article:

- **places**: :func:`geomap.places_from_text`;
- **depths**: the ones given, else the depths of a zone, belt or strip the
  article states (up to :data:`AUTO_DEPTH_MAX_KM`), else
  ``settings.default_depths_km``;
- **sector**: ``along="auto"`` takes the border oblasts the article names
  (:func:`geomap.zones.along_from_places`: the far side from ``side`` first,
  then near-side oblasts whose stretch the far side does not cover); with a
  front line, an automatic sector leaves out the stretches inside the
  occupied area (:func:`geomap.zones.sector_outside`); named oblasts or a
  border (``"RU-UA"``) are taken as given;
- **zones** and their **report**: :func:`geomap.zones.buffer_zones` and
  :func:`geomap.zones.zone_report`;
- **front line**: the snapshot's lines and each named point's distance to it.

>>> a = analysis_from_text("A 30-kilometre security zone along the border with the Kursk region.")
>>> a.depths, a.depth_source, a.along
([30.0], 'article', ['Kursk Oblast'])
>>> a.zones[["depth_km", "side"]].to_dict("records")
[{'depth_km': 30.0, 'side': 'UA'}]
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from ._errors import GeomapError, InputError, ZoneError
from ._io import decode_text

if TYPE_CHECKING:
    from .zones import ZoneReport

__all__ = ["AUTO_DEPTH_MAX_KM", "ArticleAnalysis", "analysis_from_text"]

#: Distances stated in an article above this (km) are not taken as zone depths.
AUTO_DEPTH_MAX_KM = 100.0
#: Stretches of an automatic sector shorter than this (km) left outside the occupied area
#: are slivers where the front line stops short of the border.
_SLIVER_KM = 2.0
_COUNTRY_WORDS = {"RU": "Russia", "UA": "Ukraine", "BY": "Belarus"}
_ADJECTIVES = {"RU": "Russian", "UA": "Ukrainian", "BY": "Belarusian"}


class _NoBorderOblast(ZoneError):
    """An automatic sector found no border oblast in the article; ``note`` says so for a map."""

    def __init__(self, message: str, *, note: str):
        super().__init__(message)
        self.note = note


@dataclass
class ArticleAnalysis:
    """What an article says about the border, measured: places, sector, zones, front line.

    Attributes
    ----------
    text : str or None
        The article (None when zones were asked for without one).
    places : GeoDataFrame or None
        :func:`geomap.places_from_text` output plus ``distance_to_border_km``
        (to the sector, else to Ukraine's border with RU and BY) and, with
        zones, one ``in_<d>km`` column per depth; None without an article.
    depths : list of float
        Zone depths (km).
    depth_source : str
        ``"given"``, ``"article"`` or ``"default"``.
    along : list of str or None
        Oblasts (or borders) of the sector; None when no zones were built.
    side : str or None
        Country the zones reach into (``"UA"``, ``"RU"``...), ``"both"``, or
        None (zones not clipped to a country).
    worldview : str
        Border convention used.
    report : ZoneReport or None
        :func:`geomap.zones.zone_report` of the zones.
    sector_lines : GeoDataFrame or None
        The border sector (:func:`geomap.zones.border_sector`, occupied
        stretches removed for an automatic sector with a front line).
    frontline : GeoDataFrame or None
        Front-line areas (:func:`geomap.frontline.frontline_from_file`).
    frontline_lines : GeoDataFrame or None
        The front line itself (:func:`geomap.frontline.frontline_to_lines`).
    frontline_distances_km : ndarray or None
        Geodesic km from each named point place to the front line (NaN for
        areas), aligned with ``places``; None without a front line.
    notes : list of str
        What was not built and why.
    border_label : str
        The sector in words ("the border of Kursk and Belgorod oblasts").
    depth_phrases : list of str
        The article's phrases that stated the depths ("10-15 km").
    lang : str
        The article's language (``"en"``, ``"ru"``, ``"uk"``).
    """

    text: str | None
    places: gpd.GeoDataFrame | None
    depths: list[float]
    depth_source: str
    along: list[str] | None
    side: str | None
    worldview: str
    report: ZoneReport | None = None
    sector_lines: gpd.GeoDataFrame | None = None
    frontline: gpd.GeoDataFrame | None = None
    frontline_lines: gpd.GeoDataFrame | None = None
    frontline_distances_km: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    border_label: str = "the border"
    depth_phrases: list[str] = field(default_factory=list)
    lang: str = "en"

    @property
    def zones(self) -> gpd.GeoDataFrame | None:
        """The zone table (one row per depth and side, EPSG:4326) or None."""
        return None if self.report is None else self.report.zones

    @property
    def sector(self) -> Any:
        """The sector geometry the zones were built from (lon/lat) or None."""
        return None if self.report is None else self.report.zones.attrs.get("source")


def analysis_from_text(
    text: str | bytes | None,
    *,
    along: str | Sequence[str] | None = "auto",
    depths: Any = None,
    side: str | None = "UA",
    countries: Sequence[str] = ("RU", "UA"),
    mode: str = "rings",
    frontline: Any = None,
    worldview: str | None = None,
    places: gpd.GeoDataFrame | None = None,
    require_zones: bool = False,
) -> ArticleAnalysis:
    """Analyse an article: its places, the border sector it names, zones, front line.

    Parameters
    ----------
    text : str, bytes or None
        The article (English, Russian or Ukrainian; untrusted). None for
        zones along a named sector without an article.
    along : "auto", str, list of str or None
        Border sector: ``"auto"`` takes the border oblasts the article names
        (both sides of the border, see :func:`geomap.zones.along_from_places`);
        or oblast names / a border such as ``"RU-UA"``; None or ``"none"``
        for no zones.
    depths : number, list or str, optional
        Zone depths in km ("10,20,30"). Default: the depths the article
        states (up to :data:`AUTO_DEPTH_MAX_KM`), else
        ``settings.default_depths_km``.
    side : str or None
        Country the zones reach into (``"UA"``, ``"RU"``...; with
        ``along="auto"`` one of ``countries``), ``"both"``, or None /
        ``"none"`` for zones not clipped to a country.
    countries : pair of str
        The border the sector lies on (default RU-UA).
    mode : {"rings", "bands"}
        Nested zones 0-d, or bands 0-d1, d1-d2, ...
    frontline : path, date, GeoDataFrame, optional
        A front-line snapshot file, a cached snapshot date (YYYY-MM-DD) or
        :func:`geomap.frontline.frontline_from_file` output.
    worldview : {"de_jure", "de_facto"}, optional
        Border convention (default from settings).
    places : GeoDataFrame, optional
        Places already parsed from ``text`` (saves parsing twice).
    require_zones : bool
        Raise :class:`~geomap.ZoneError` when no zones can be built (no border
        oblast named, or all of it occupied) instead of noting it in ``notes``.

    Returns
    -------
    ArticleAnalysis

    Raises
    ------
    ZoneError
        An unknown side or oblast; with ``require_zones``, no sector.

    Examples
    --------
    >>> a = analysis_from_text("Shelling hit Vovchansk, near the Belgorod region.")
    >>> a.along, a.depth_source, len(a.zones)
    (['Belgorod Oblast'], 'default', 3)
    >>> analysis_from_text("Shelling hit Vovchansk.", along="Kursk Oblast", depths=5).depths
    [5.0]
    """
    from . import data

    view = data.resolve_worldview(worldview)
    if text is not None:
        text = _check_text(text)
        if places is None:
            from .geoparse import places_from_text

            places = places_from_text(text, worldview=view)
    out = _analysis(text, places, side=side, countries=countries, view=view, depths=depths)
    out.frontline = _resolve_frontline(frontline)
    out.sector_lines = _sector_or_note(along, out, countries=countries, require=require_zones)
    _zones(out, mode=mode)
    _front_line(out)
    return out


def _analysis(
    text: str | None,
    places: gpd.GeoDataFrame | None,
    *,
    side: str | None,
    countries: Sequence[str],
    view: str,
    depths: Any,
) -> ArticleAnalysis:
    """The analysis before its sector: side checked, depths resolved."""
    depth_list, depth_source, phrases = _resolve_depths(depths, places)
    return ArticleAnalysis(
        text=text,
        places=places,
        depths=depth_list,
        depth_source=depth_source,
        along=None,
        side=side,  # checked by _sector_or_note
        worldview=view,
        depth_phrases=phrases,
        lang=str(places.attrs.get("lang") or "en") if places is not None else "en",
    )


def _sector_or_note(
    along: str | Sequence[str] | None,
    a: ArticleAnalysis,
    *,
    countries: Sequence[str],
    require: bool,
) -> gpd.GeoDataFrame | None:
    """The sector of ``a`` (sets ``a.side``); None with a note in ``a.notes`` when there is none.

    With ``require`` no sector is a :class:`~geomap.ZoneError` instead.
    """
    pair = tuple(str(c).strip().upper() for c in countries)
    auto = isinstance(along, str) and along.strip().lower() == "auto"
    a.side = _side_code(a.side, pair, auto=auto)
    try:
        sector = _sector(
            along,
            a.places,
            side=a.side,
            countries=pair,
            view=a.worldview,
            front=a.frontline,
            notes=a.notes,
        )
    except _NoBorderOblast as exc:
        if require:
            raise
        a.notes.append(exc.note)
        return None
    if sector is None and require:
        raise ZoneError(a.notes[-1])
    return sector


def _zones(a: ArticleAnalysis, *, mode: str) -> None:
    """Build the zones and their report along ``a.sector_lines`` (else distances to the border)."""
    from .zones import buffer_zones, zone_report

    sector = a.sector_lines
    if sector is None:
        if a.places is not None:
            a.places = a.places.copy()
            a.places["distance_to_border_km"] = _distance_to_ua_border(a.places, a.worldview)
        return
    zones = buffer_zones(sector, a.depths, side=a.side, mode=mode, worldview=a.worldview)
    a.report = zone_report(zones, places=a.places, worldview=a.worldview)
    if a.places is not None:
        a.places = a.report.places
    label = str(sector.attrs.get("sector", ""))
    a.along = [s for s in label.split(", ") if s] or None
    a.border_label = _along_label(label.split(", "))


def _front_line(a: ArticleAnalysis) -> None:
    """The front line of ``a.frontline`` and each named point's distance to it."""
    if a.frontline is None:
        return
    from .frontline import frontline_to_lines
    from .zones import distances_from_sector

    try:
        a.frontline_lines = frontline_to_lines(a.frontline, worldview=a.worldview)
    except GeomapError as exc:
        a.notes.append(f"Front line not drawn: {exc}")
        return
    if a.places is None:
        return
    out = np.full(len(a.places), np.nan)
    is_pt = _is_point(a.places.geometry)
    geoms = [g for g in a.frontline_lines.geometry if g is not None and not g.is_empty]
    if is_pt.any() and geoms:
        line = shapely.union_all(geoms)
        out[is_pt] = distances_from_sector(list(a.places.geometry[is_pt]), line)
    a.frontline_distances_km = np.round(out, 3)


def _side_code(side: str | None, pair: tuple[str, ...], *, auto: bool) -> str | None:
    """``side`` normalised: a country code, ``"both"`` or None.

    An automatic sector picks oblasts by side, so there the side must be a
    country of the border; along named oblasts any country code goes (zones
    into a third country are refused by :func:`geomap.zones.buffer_zones`).

    >>> _side_code(" ua", ("RU", "UA"), auto=True), _side_code("Both", (), auto=True)
    ('UA', 'both')
    >>> _side_code("none", ("RU", "UA"), auto=True), _side_code("by", ("RU", "UA"), auto=False)
    (None, 'BY')
    """
    if side is None or str(side).strip().lower() == "none":
        return None
    code = str(side).strip()
    if code.lower() == "both":
        return "both"
    if auto and code.upper() not in pair:
        msg = f"unknown side {side!r}; use {', '.join(pair)}, both or none"
        raise ZoneError(msg)
    return code.upper()


def _sector(
    along: str | Sequence[str] | None,
    places: gpd.GeoDataFrame | None,
    *,
    side: str | None,
    countries: tuple[str, ...],
    view: str,
    front: gpd.GeoDataFrame | None,
    notes: list[str],
) -> gpd.GeoDataFrame | None:
    """The border sector the zones follow (None, with a note saying why, when there is none).

    An automatic sector leaves out the stretches in the occupied area of ``front``.
    """
    from .zones import along_from_places, border_sector

    if along is None or (isinstance(along, str) and along.strip().lower() in ("", "none")):
        notes.append("No zones drawn (none requested).")
        return None
    if not (isinstance(along, str) and along.strip().lower() == "auto"):
        names = along if isinstance(along, str) else [str(a) for a in along]
        return border_sector(names, countries=countries, worldview=view)
    if places is None:
        msg = "--along auto needs an article; pass --article FILE (or - for stdin)"
        raise ZoneError(msg)
    try:
        found = along_from_places(places, side=side, countries=countries, worldview=view)
    except ZoneError as exc:
        pair = "–".join(_COUNTRY_WORDS.get(c, c) for c in countries)
        far = " or ".join(
            _ADJECTIVES.get(c, c) for c in countries if side in (None, "both") or c != side
        )
        note = (
            f"No zones drawn: the article names no {far} oblast on the {pair} border "
            "(give --along NAMES)."
        )
        raise _NoBorderOblast(str(exc), note=note) from None
    sector = border_sector(found, countries=countries, worldview=view)
    return sector if front is None else _outside_occupied(sector, front, notes)


def _outside_occupied(
    sector: gpd.GeoDataFrame, front: gpd.GeoDataFrame, notes: list[str]
) -> gpd.GeoDataFrame | None:
    """The sector without the stretches inside the occupied area of ``front`` (None if none left).

    Zones are about a border a state holds: "Донеччина" must not draw a zone along the
    Donetsk–Rostov border inside land occupied since 2014. ``--along NAMES`` draws anyway.
    """
    from .zones import sector_outside

    occupied = front[front["status"] == "occupied"] if "status" in front.columns else front
    geoms = [g for g in occupied.geometry if g is not None and not g.is_empty]
    if not geoms:
        return sector
    area = shapely.union_all(geoms).buffer(0.002)  # about 200 m: the line along its edge too
    free = sector_outside(sector, area)
    if "length_km" in free.columns:
        free = free[free["length_km"] >= _SLIVER_KM]
    before = float(sector["length_km"].sum()) if "length_km" in sector.columns else 0.0
    after = float(free["length_km"].sum()) if len(free) and "length_km" in free.columns else 0.0
    if after < max(1.0, 0.05 * before):
        notes.append(
            "No zones drawn: the border the article names lies in occupied territory on the "
            "front line's date (give --along NAMES to draw it anyway)."
        )
        return None
    if before - after >= 1.0:
        notes.append(
            f"Zones leave out {before - after:,.0f} km of the border that lies in occupied "
            "territory on the front line's date."
        )
    return free


def _check_text(text: Any) -> str:
    if isinstance(text, bytes | bytearray):
        return decode_text(bytes(text))
    if not isinstance(text, str):
        msg = f"text must be str or UTF-8 bytes, got {type(text).__name__}; pass the article text"
        raise InputError(msg)
    return text


def _resolve_depths(
    depths: Any, places: gpd.GeoDataFrame | None
) -> tuple[list[float], str, list[str]]:
    """(depths, where they come from, the article's phrases): given, stated, else default."""
    from .settings import settings
    from .zones import parse_depths

    if depths is not None:
        return parse_depths(depths), "given", []
    # only the depths of a zone, belt or strip: never an advance or a distance from a place
    distances = places.attrs.get("distances", []) if places is not None else []
    stated = [
        d
        for d in distances
        if d.get("role", "depth") == "depth" and 0 < d["km"] <= AUTO_DEPTH_MAX_KM
    ]
    if stated:
        phrases = list(dict.fromkeys(d["phrase"] for d in stated))
        return parse_depths([d["km"] for d in stated]), "article", phrases
    return parse_depths(settings.default_depths_km), "default", []


def _resolve_frontline(frontline: Any) -> gpd.GeoDataFrame | None:
    from .frontline import cached_snapshot, frontline_from_file

    if frontline is None:
        return None
    if isinstance(frontline, gpd.GeoDataFrame):
        if frontline.crs is None:
            msg = "the front-line GeoDataFrame has no CRS; read it with frontline_from_file"
            raise InputError(msg)
        return frontline.to_crs(4326) if frontline.crs.to_epsg() != 4326 else frontline
    arg = os.fspath(frontline)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(arg)) and not Path(arg).exists():
        return frontline_from_file(cached_snapshot(str(arg)))
    return frontline_from_file(arg)


def _along_label(along: list[str]) -> str:
    """Readable sector: "the border of Kursk and Belgorod oblasts", "the RU–UA border".

    >>> _along_label(["Kursk Oblast", "Belgorod Oblast"])
    'the border of Kursk and Belgorod oblasts'
    >>> _along_label(["RU–UA"])
    'the RU–UA border'
    """
    names = [a for a in along if a]
    whole = [n for n in names if re.fullmatch(r"[A-Z]{2}(?:[-–][A-Z]{2})?", n)]
    parts = [f"the {n} border" for n in whole]
    obl = [n for n in names if n not in whole]
    if obl:
        if all(n.endswith(" Oblast") for n in obl) and len(obl) > 1:
            short = [n.removesuffix(" Oblast") for n in obl]
            parts.insert(0, f"the border of {', '.join(short[:-1])} and {short[-1]} oblasts")
        elif len(obl) > 1:
            parts.insert(0, f"the border of {', '.join(obl[:-1])} and {obl[-1]}")
        else:
            parts.insert(0, f"the border of {obl[0]}")
    return " and ".join(parts) or "the border"


def _is_point(geoms: Any) -> np.ndarray:
    return np.array(
        [g is not None and not g.is_empty and g.geom_type == "Point" for g in geoms], dtype=bool
    )


def _distance_to_ua_border(places: gpd.GeoDataFrame, view: str) -> np.ndarray:
    """Geodesic km from each point place to Ukraine's land border with RU and BY."""
    from .zones import border_sector, distances_from_sector

    out = np.full(len(places), np.nan)
    is_pt = _is_point(places.geometry)
    if is_pt.any():
        line = shapely.union_all(list(border_sector("UA", worldview=view).geometry))
        out[is_pt] = distances_from_sector(list(places.geometry[is_pt]), line)
    return np.round(out, 3)
