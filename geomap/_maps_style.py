"""Colours, escaping and the small HTML blocks (title, legend) of geomap's maps.

One place for every style decision, shared by the interactive map
(:mod:`geomap.maps`) and the static PNG, so both look alike.

Article text is untrusted. Every piece of it that ends up in a page goes
through :func:`esc`, which escapes HTML and also the characters that would
end or interpolate a JavaScript template literal (folium puts tooltips and
popups inside backquoted strings). It also drops the Unicode bidirectional
controls, so a right-to-left override in an article cannot reorder the map
title or a popup. Text drawn by matplotlib (the PNG) goes through
:func:`mpl_text`, which makes ``$`` literal (no mathtext).

>>> esc("<img src=x onerror=alert(1)> `${1}`")
'&lt;img src=x onerror=alert(1)&gt; &#96;&#36;{1}&#96;'
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "BASEMAP",
    "CHANGE_STYLE",
    "CLUSTER",
    "KIND_STYLE",
    "MAP_BACKGROUND",
    "PAGE_CSS",
    "STATUS_STYLE",
    "STYLE",
    "esc",
    "fmt_area",
    "fmt_depth",
    "fmt_int",
    "fmt_km",
    "legend_html",
    "mpl_text",
    "plain_text",
    "sentence_html",
    "title_html",
    "zone_colors",
]

#: Sea / outside-the-data colour of the map background.
MAP_BACKGROUND = "#dce6ee"

#: Light vector basemap: land fill per country (others: ``"*"``) and outline colours.
BASEMAP: dict[str, Any] = {
    "fill": {"UA": "#fbf6e4", "RU": "#ececec", "BY": "#efefef", "*": "#f6f6f4"},
    "country_edge": "#a0a0a0",
    "oblast_edge": "#c2c2c2",
    "river": {"color": "#5b9bd0", "weight": 1.6, "opacity": 0.85, "className": "geomap-river"},
    "style": {"weight": 0.8, "fillOpacity": 1.0, "opacity": 1.0, "className": "geomap-basemap"},
}

#: Bubbles of clustered settlements: the zone palette (edge colour), not the plugin's greens.
CLUSTER = {
    "fill": "rgba(255,255,255,.92)",
    "edge": "#b3541e",
    "halo": "rgba(179,84,30,.22)",
    "text": "#6b2f0e",
}

#: Leaflet path styles (also read by the PNG renderer).
STYLE: dict[str, dict[str, Any]] = {
    "border": {"color": "#3b3b3b", "weight": 1.8, "opacity": 0.9, "fill": False},
    "sector": {"color": "#6a1b9a", "weight": 4, "opacity": 0.9, "fill": False},
    "oblast": {"color": "#1f4e9c", "weight": 2, "fillColor": "#4f81c7", "fillOpacity": 0.12},
    "frontline": {"color": "#7b1010", "weight": 2.5, "opacity": 0.95, "fill": False},
    "zone_edge": {"color": "#b3541e", "weight": 1, "opacity": 0.8},
}

#: Occupied / contested / liberated areas of a front-line snapshot.
STATUS_STYLE: dict[str, dict[str, Any]] = {
    "occupied": {"color": "#a61c1c", "fillColor": "#d94a3d", "fillOpacity": 0.28, "weight": 1},
    "contested": {"color": "#6d6d6d", "fillColor": "#9e9e9e", "fillOpacity": 0.3, "weight": 1},
    "liberated": {"color": "#1e7b45", "fillColor": "#4caf72", "fillOpacity": 0.25, "weight": 1},
}

#: Changes between two snapshots (a red / blue pair that colour-blind readers tell
#: apart) and the previous snapshot's outline, on the front line over time page.
CHANGE_STYLE: dict[str, dict[str, Any]] = {
    "gained": {"color": "#67000d", "weight": 1, "fillColor": "#cb181d", "fillOpacity": 0.8},
    "lost": {"color": "#08306b", "weight": 1, "fillColor": "#2171b5", "fillOpacity": 0.8},
    "previous": {"color": "#4a1010", "weight": 1.4, "dashArray": "5 4", "fill": False},
}

#: Markers of the places an article names, by kind (radius in pixels).
KIND_STYLE: dict[str, dict[str, Any]] = {
    "city": {"fillColor": "#08306b", "radius": 8},
    "town": {"fillColor": "#2171b5", "radius": 6},
    "village": {"fillColor": "#6baed6", "radius": 5},
    "raion": {"fillColor": "#6a51a3", "radius": 7},
    "metonym": {"fillColor": "#ffffff", "radius": 6},
}

#: Colours of nested zones, innermost first (a sequential orange-red ramp).
_ZONE_RAMP = ("#c62828", "#ef6c00", "#f9a825", "#fdd835", "#fff176", "#fff59d")


def zone_colors(depths: Sequence[float]) -> dict[float, str]:
    """A colour per zone depth: the narrowest zone is the darkest.

    >>> zone_colors([30, 10, 20])
    {10.0: '#c62828', 20.0: '#ef6c00', 30.0: '#f9a825'}
    """
    ordered = sorted({float(d) for d in depths})
    return {d: _ZONE_RAMP[min(i, len(_ZONE_RAMP) - 1)] for i, d in enumerate(ordered)}


# ---------------------------------------------------------------- escaping
_JS_TEMPLATE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})
#: Unicode bidirectional controls (embeddings, overrides, isolates, marks): removed.
_BIDI = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C], None
)


def plain_text(value: Any) -> str:
    """``value`` as text without bidirectional control characters.

    A right-to-left override (U+202E) would otherwise reverse the rest of a
    title; right-to-left scripts still display right to left without them.

    >>> plain_text("Sumy \u202eKharkiv\u202c \u2066x\u2069")
    'Sumy Kharkiv x'
    """
    return str(value).translate(_BIDI)


def mpl_text(value: Any) -> str:
    """``value`` for a matplotlib text, label or legend entry: shown literally.

    matplotlib reads text between two ``$`` as mathtext, so an article with
    ``$x$`` or ``$^x_{`` would be typeset or crash the PNG; each ``$`` is
    escaped (matplotlib then draws it as a plain ``$``), bidi controls dropped.

    >>> print(mpl_text("costs $5 and $^x_{"))
    costs \\$5 and \\$^x_{
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return plain_text(value).replace("$", "\\$")


def esc(value: Any) -> str:
    """Escape any value for HTML text or attributes, and for JS template literals.

    ``None`` and NaN become an empty string.

    >>> esc('Sumy "City" & <b>')
    'Sumy &quot;City&quot; &amp; &lt;b&gt;'
    >>> esc(None)
    ''
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(plain_text(value), quote=True).translate(_JS_TEMPLATE)


def _finite(value: Any) -> float | None:
    """``value`` as a finite float, or None when missing or not a number."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def fmt_int(value: Any) -> str:
    """Integer with thousands separators (``"–"`` for missing).

    >>> fmt_int(1234567.0)
    '1,234,567'
    """
    v = _finite(value)
    return "–" if v is None else f"{round(v):,}"


def fmt_km(value: Any, digits: int = 1) -> str:
    """Distance in km (``"–"`` for missing).

    >>> fmt_km(12.345)
    '12.3 km'
    """
    v = _finite(value)
    return "–" if v is None else f"{v:,.{digits}f} km"


def fmt_area(value: Any) -> str:
    """Area in km² with thousands separators.

    >>> fmt_area(5123.4)
    '5,123 km²'
    """
    return f"{fmt_int(value)} km²"


def fmt_depth(value: float) -> str:
    """A depth without a trailing ``.0`` (``10`` or ``12.5``)."""
    return f"{float(value):g}"


def sentence_html(sentence: str, spans: Iterable[tuple[int, int]], *, max_chars: int = 360) -> str:
    """A sentence, escaped, with the given character spans wrapped in ``<mark>``.

    Long sentences are cut to about ``max_chars`` around the first span.

    >>> sentence_html("Drones hit <Sumy> at night.", [(12, 16)])
    'Drones hit &lt;<mark>Sumy</mark>&gt; at night.'
    """
    spans = sorted((max(0, a), min(len(sentence), b)) for a, b in spans if b > a)
    lo, hi = 0, len(sentence)
    if len(sentence) > max_chars:
        first = spans[0][0] if spans else 0
        lo = max(0, first - max_chars // 3)
        hi = min(len(sentence), lo + max_chars)
    out = ["…" if lo > 0 else ""]
    pos = lo
    for a, b in spans:
        if a < pos or b > hi:
            continue
        out.append(esc(sentence[pos:a]))
        out.append(f"<mark>{esc(sentence[a:b])}</mark>")
        pos = b
    out.append(esc(sentence[pos:hi]))
    out.append("…" if hi < len(sentence) else "")
    return "".join(out)


# ----------------------------------------------------------- HTML blocks
_SWATCH = (
    '<span style="display:inline-block;width:18px;height:12px;margin-right:6px;'
    'vertical-align:middle;{css}"></span>'
)


def _swatch(kind: str, style: dict[str, Any]) -> str:
    color = style.get("color", "#333")
    if kind == "line":
        dash = "dashed" if style.get("dashArray") else "solid"
        css = f"height:0;border-top:{max(2, round(style.get('weight', 2)))}px {dash} {color};"
    elif kind == "dot":
        r = int(style.get("radius", 5))
        css = (
            f"width:{2 * r}px;height:{2 * r}px;border-radius:50%;margin:0 {9 - r + 6}px 0 {9 - r}px;"
            f"background:{style.get('fillColor', color)};border:1.5px solid {color};"
        )
    elif kind == "cluster":
        css = (
            "width:14px;height:14px;border-radius:50%;margin:0 8px 0 2px;"
            f"background:{CLUSTER['fill']};border:2px solid {CLUSTER['edge']};"
            f"box-shadow:0 0 0 3px {CLUSTER['halo']};"
        )
    else:
        fill = style.get("fillColor", color)
        css = f"background:{fill};opacity:{0.35 + float(style.get('fillOpacity', 0.3)):.2f};border:1.5px solid {color};"
    return _SWATCH.format(css=css)


def legend_html(
    entries: Iterable[tuple[str, str, dict[str, Any]]], *, title: str = "Legend"
) -> str:
    """A legend block: one row per ``(kind, label, style)``.

    ``kind`` is ``"line"``, ``"area"``, ``"dot"`` or ``"cluster"``; labels are
    escaped here.

    >>> "Border" in legend_html([("line", "Border", {"color": "#000"})])
    True
    """
    rows = [
        f'<div class="geomap-legend-row">{_swatch(kind, style)}{esc(label)}</div>'
        for kind, label, style in entries
    ]
    return f'<div class="geomap-legend-title">{esc(title)}</div>' + "".join(rows)


def title_html(headline: str, lines: Iterable[str], attribution: Iterable[str]) -> str:
    """The title block: headline, summary lines and attribution, each escaped.

    >>> "&lt;b&gt;" in title_html("<b>", [], [])
    True
    """
    body = "".join(f'<div class="geomap-title-line">{esc(line)}</div>' for line in lines)
    attr = " · ".join(esc(a) for a in attribution)
    return (
        f'<div class="geomap-title-head">{esc(headline)}</div>{body}'
        f'<div class="geomap-title-attr">{attr}</div>'
    )


#: CSS for the title block, legend and popups (no external resources).
PAGE_CSS = f"""
.leaflet-container {{ background: {MAP_BACKGROUND}; font: 13px/1.35 "Helvetica Neue", Arial, sans-serif; }}
.geomap-title {{ background: rgba(255,255,255,.94); padding: 8px 11px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); max-width: 360px; }}
.geomap-title-head {{ font-weight: 700; font-size: 15px; margin-bottom: 4px; }}
.geomap-title-line {{ font-size: 12px; color: #333; margin-top: 2px; }}
.geomap-title-attr {{ font-size: 10.5px; color: #666; margin-top: 6px; }}
.geomap-legend {{ background: rgba(255,255,255,.94); padding: 7px 10px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); font-size: 12px; line-height: 18px; max-width: 260px; }}
.geomap-legend-title {{ font-weight: 700; margin-bottom: 3px; }}
.leaflet-tooltip.geomap-label {{ background: transparent; border: 0; box-shadow: none; padding: 0 2px;
  font-weight: 600; font-size: 12px; color: #1a1a1a;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }}
.leaflet-tooltip.geomap-label::before {{ display: none; }}
.geomap-popup h4 {{ margin: 0 0 4px; font-size: 14px; }}
.geomap-popup .meta {{ color: #444; margin-bottom: 4px; }}
.geomap-popup .why {{ color: #777; font-size: 11px; margin-top: 4px; }}
.geomap-popup blockquote {{ margin: 4px 0; padding-left: 7px; border-left: 3px solid #c9c9c9; color: #222; }}
.geomap-popup mark {{ background: #ffe082; padding: 0 1px; }}
.geomap-popup ul {{ margin: 2px 0 2px 16px; padding: 0; }}
.geomap-base-labels {{ position: absolute; left: 0; top: 0; }}
.geomap-base-label {{ position: absolute; width: 0; height: 0; pointer-events: none; color: #2b2b2b;
  font-size: 11px; line-height: 1.2; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.geomap-base-label span {{ position: absolute; left: 6px; top: 0; white-space: nowrap;
  transform: translateY(-50%); }}
.geomap-base-label::before {{ content: ""; position: absolute; left: -3px; top: -3px; width: 4px;
  height: 4px; border-radius: 50%; background: #4a4a4a; border: 1px solid #fff; }}
.geomap-base-label.gl-left span {{ left: auto; right: 6px; }}
.geomap-base-label.gl-c span, .geomap-base-label.gl-o span {{ left: 0; transform: translate(-50%, -50%); }}
.geomap-base-label.gl-c::before, .geomap-base-label.gl-o::before {{ display: none; }}
.geomap-base-label.gl-c {{ font-size: 13px; font-weight: 600; letter-spacing: .14em;
  text-transform: uppercase; color: #7a7a7a; }}
.geomap-base-label.gl-o {{ font-size: 12px; font-style: italic; color: #6a6a6a; }}
.geomap-base-label.gl-s1 {{ font-size: 13px; font-weight: 700; color: #1e1e1e; }}
.geomap-base-label.gl-s2 {{ font-size: 12px; font-weight: 600; }}
.geomap-base-label.gl-s3 {{ font-size: 11px; }}
.geomap-base-label.gl-s4 {{ font-size: 10.5px; color: #4a4a4a; }}
.geomap-tiles-on path.geomap-basemap {{ fill-opacity: 0; }}
.geomap-tiles-on .geomap-base-labels, .geomap-tiles-on path.geomap-river {{ display: none; }}
.leaflet-container .marker-cluster {{ background-color: {CLUSTER["halo"]}; }}
.leaflet-container .marker-cluster div {{ background-color: {CLUSTER["fill"]};
  border: 2px solid {CLUSTER["edge"]}; color: {CLUSTER["text"]}; font-weight: 700;
  width: 26px; height: 26px; }}
.leaflet-container .marker-cluster span {{ line-height: 26px; }}
"""
