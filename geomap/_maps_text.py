"""The words of an article map: its title block, attribution and popups.

Used by the HTML page (:mod:`geomap.maps`) and the PNG
(:mod:`geomap._maps_png`). Everything the article contributes (headline,
sentences, names) is HTML-escaped here (:func:`geomap._maps_style.esc`) before
it reaches a page.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from . import _maps_style as sty

if TYPE_CHECKING:
    import geopandas as gpd

    from .maps import MapLayers

__all__: list[str] = []

#: Sentences shown per place in a popup.
_MAX_SENTENCES = 5
_SOURCE_LABEL = {
    "deepstate": "DeepStateMap",
    "deepstate-mirror": "DeepStateMap (daily mirror)",
    "isw": "ISW",
    "user": "user file",
}


def _plural(kind: str) -> str:
    return {"city": "cities", "oblast": "oblasts", "raion": "raions"}.get(kind, kind + "s")


def _country_name(code: str) -> str:
    return _country_names().get(str(code), str(code))


_COUNTRY_NAMES: dict[str, str] = {}


def _country_names() -> dict[str, str]:
    if not _COUNTRY_NAMES:
        from .data import countries

        c = countries()
        _COUNTRY_NAMES.update(dict(zip(c["iso2"], c["name"], strict=True)))
    return _COUNTRY_NAMES


def _frontline_label(gdf: gpd.GeoDataFrame) -> str:
    sources = [str(s) for s in dict.fromkeys(gdf["source"])] if "source" in gdf else []
    label = ", ".join(_SOURCE_LABEL.get(s, s) for s in sources) or "front-line file"
    dates = pd.to_datetime(gdf["date"]).dropna() if "date" in gdf else pd.Series([], dtype=object)
    if len(dates):
        label += f", {dates.max():%Y-%m-%d}"
    return label


def _headline(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            if len(line) > 140:
                cut = line[:130].rsplit(" ", 1)[0]
                line = cut + "…"
            return line
    return "Untitled article"


# ---------------------------------------------------------------- title block
def _summary_lines(layers: MapLayers) -> list[str]:
    """Plain-text lines for the title block."""
    lines = []
    shown = layers.places[layers.places["kind"] != "country"]
    if len(shown):
        counts = shown["kind"].value_counts()
        parts = [
            f"{counts[k]} {k if counts[k] == 1 else _plural(k)}"
            for k in ("oblast", "raion", "city", "town", "village")
            if k in counts
        ]
        lines.append("Named in the article: " + ", ".join(parts) + ".")
    else:
        lines.append("The article names no place the gazetteer knows.")
    if layers.report is not None:
        z = layers.report.zones
        into = " and ".join(_country_name(s) for s in dict.fromkeys(z["side"]))
        depths = ", ".join(sty.fmt_depth(d) for d in layers.depths)
        origin = {
            "article": "depths stated in the article",
            "default": "default depths",
            "given": "depths as requested",
        }[layers.depth_source]
        if layers.depth_source == "article" and layers.depth_phrases:
            origin += ": " + ", ".join(f"“{p}”" for p in layers.depth_phrases[:4])
        lines.append(f"Zones {depths} km into {into} along {layers.border_label} ({origin}).")
        widest = z[z["depth_km"] == z["depth_km"].max()]
        lines.append(
            f"The {sty.fmt_depth(widest['depth_km'].iloc[0])} km zone: "
            f"{sty.fmt_area(widest['area_km2'].sum())}, {_settlement_counts(widest)}."
        )
    if layers.frontline is not None:
        lines.append(f"Occupied area: {_frontline_label(layers.frontline)}.")
    lines.extend(layers.notes)
    return lines


def _attribution(layers: MapLayers) -> list[str]:
    """Attribution items for the title block and the PNG."""
    from .data import ATTRIBUTION

    items = [ATTRIBUTION]
    if layers.frontline is not None:
        items.append(f"Front line: {_frontline_label(layers.frontline)}")
    items.append("Map: geomap")
    return items


# ------------------------------------------------------------- popup content
def _sentences_html(text: str, mentions: list[dict[str, Any]]) -> str:
    """Blockquotes of the sentences naming a place, mentions marked."""
    by_sentence: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for m in mentions or []:
        sentence = str(m.get("sentence", ""))
        start, end = int(m.get("start", 0)), int(m.get("end", 0))
        pos = m.get("sentence_start")
        if pos is None or text[pos : pos + len(sentence)] != sentence:
            pos = text.rfind(sentence, 0, start + len(sentence)) if sentence else -1
        pos = int(pos)
        key = (pos, sentence)
        if pos >= 0 and pos + len(sentence) >= end:
            by_sentence.setdefault(key, []).append((start - pos, end - pos))
        else:
            by_sentence.setdefault(key, [])
    items = list(by_sentence.items())
    out = [
        f"<blockquote>{sty.sentence_html(sentence, spans)}</blockquote>"
        for (_, sentence), spans in items[:_MAX_SENTENCES]
    ]
    if len(items) > _MAX_SENTENCES:
        out.append(f"<div>… and {len(items) - _MAX_SENTENCES} more sentences</div>")
    return "".join(out)


def _zone_columns(places: pd.DataFrame) -> list[tuple[float, str]]:
    cols = []
    for c in places.columns:
        m = re.fullmatch(r"in_([0-9.]+)km", str(c))
        if m:
            cols.append((float(m.group(1)), c))
    return sorted(cols)


def _zones_of(row: pd.Series, cols: list[tuple[float, str]]) -> list[float]:
    return [d for d, c in cols if bool(row.get(c, False))]


def _place_popup(row: pd.Series, layers: MapLayers, cols: list[tuple[float, str]]) -> str:
    kind = str(row["kind"])
    meta = [kind]
    if kind != "oblast" and isinstance(row.get("admin1"), str) and row["admin1"]:
        meta.append(str(row["admin1"]))
    meta.append(_country_name(row.get("country", "")))
    pop = row.get("population")
    if kind in ("city", "town", "village") and pop and float(pop) > 0:
        meta.append(f"population {sty.fmt_int(pop)}")
    parts = [
        f'<div class="geomap-popup"><h4>{sty.esc(row["name"])}</h4>',
        f'<div class="meta">{" · ".join(sty.esc(x) for x in meta)}</div>',
    ]
    if row.get("role") == "metonym":
        parts.append("<div><i>Named as a government or institution (metonym).</i></div>")
    if bool(row.get("approx", False)):
        parts.append("<div><i>Location approximate (centre of its unit).</i></div>")
    if kind == "raion" and getattr(row.get("geometry"), "geom_type", "Point") == "Point":
        parts.append(
            "<div><i>Centre only: the bundled data has no boundary for this raion.</i></div>"
        )
    dist = row.get("distance_to_border_km")
    where = "the border sector" if layers.report is not None else "Ukraine's border with RU/BY"
    if dist is not None and not (isinstance(dist, float) and math.isnan(dist)):
        parts.append(f"<div>Distance to {sty.esc(where)}: {sty.esc(sty.fmt_km(dist))}</div>")
    if cols:
        inside = _zones_of(row, cols)
        verb = "Overlaps" if kind == "oblast" else "Inside"
        if inside:
            shown = ", ".join(sty.fmt_depth(d) for d in inside)
            parts.append(f"<div>{verb} zones: {sty.esc(shown)} km</div>")
        else:
            parts.append("<div>Outside every zone</div>")
    n = int(row.get("n_mentions", 0) or 0)
    parts.append(f"<div>Named {n} time{'s' if n != 1 else ''}:</div>")
    parts.append(_sentences_html(layers.text, row.get("mentions") or []))
    why = f"confidence {float(row.get('confidence', 0)):.2f} · {row.get('reason', '')}"
    parts.append(f'<div class="why">{sty.esc(why)}</div></div>')
    return "".join(parts)


def _settlement_counts(z: pd.Series | pd.DataFrame) -> str:
    """Both settlement counts of a zone row (or rows), and what the population sums.

    >>> _settlement_counts(pd.Series({"settlements": 96, "settlements_approx": 1170,
    ...                               "population": 1234}))
    '96 settlements with exact positions and 1,170 more located only by their hromada centre; population 1,234 (exact settlements with a known population)'
    """
    exact = int(np.sum(z["settlements"]))
    approx = int(np.sum(z["settlements_approx"])) if "settlements_approx" in z else 0
    text = f"{sty.fmt_int(exact)} settlements with exact positions"
    if approx:
        text += f" and {sty.fmt_int(approx)} more located only by their hromada centre"
    pop = sty.fmt_int(int(np.sum(z["population"])))
    return f"{text}; population {pop} (exact settlements with a known population)"


def _zone_popup(z: pd.Series, layers: MapLayers) -> str:
    into = _country_name(z["side"]) if z["side"] != "none" else "both sides"
    head = f"{sty.fmt_depth(z['inner_km'])}–{sty.fmt_depth(z['depth_km'])} km zone, {into}"
    parts = [
        f'<div class="geomap-popup"><h4>{sty.esc(head)}</h4>',
        f"<div>Area: {sty.esc(sty.fmt_area(z['area_km2']))}</div>",
        f"<div>{sty.esc(_settlement_counts(z).capitalize())}</div>",
    ]
    by_ob = z.get("areas_by_oblast") or {}
    if by_ob:
        items = "".join(
            f"<li>{sty.esc(k)}: {sty.esc(sty.fmt_area(v))}</li>" for k, v in by_ob.items()
        )
        parts.append(f"<div>By oblast:</div><ul>{items}</ul>")
    largest = list(z.get("largest") or [])
    if largest:
        parts.append(f"<div>Largest: {sty.esc(', '.join(largest[:8]))}</div>")
    cols = dict((d, c) for d, c in _zone_columns(layers.places))
    col = cols.get(float(z["depth_km"]))
    if col is not None:
        named = layers.places[layers.places[col] & (layers.places["kind"] != "country")]
        if len(named):
            parts.append(f"<div>Named places inside: {sty.esc(', '.join(named['name']))}</div>")
    parts.append("</div>")
    return "".join(parts)
