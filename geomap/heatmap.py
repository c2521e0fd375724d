"""Where and when places are named: a time heatmap of a corpus's place mentions.

:func:`heatmap_from_mentions` turns the mentions table written by
:func:`geomap.corpus.corpus_to_parquet` into a folium map with a time slider
(``folium.plugins.HeatMapWithTime``, one frame per day or ISO week) and a
panel listing the most-named places of the period on screen;
:func:`top_places_from_mentions` gives that table as a DataFrame.

By default countries ("Ukraine", "Russia") and metonyms ("Kyiv said") are left
out: they name governments or whole states, not where something happened.

>>> import geopandas as gpd, pandas as pd
>>> from shapely.geometry import Point
>>> m = gpd.GeoDataFrame({
...     "article_id": ["a", "a", "b"], "date": pd.to_datetime(["2024-08-06", "2024-08-06", "2024-08-07"]),
...     "place_id": ["1", "2", "1"], "name": ["Sudzha", "Sumy", "Sudzha"],
...     "kind": ["town", "city", "town"], "country": ["RU", "UA", "RU"],
...     "admin1": ["Kursk Oblast", "Sumy Oblast", "Kursk Oblast"], "role": ["place"] * 3,
...     "lat": [51.19, 50.91, 51.19], "lon": [35.27, 34.80, 35.27]},
...     geometry=[Point(35.27, 51.19), Point(34.80, 50.91), Point(35.27, 51.19)], crs="EPSG:4326")
>>> top_places_from_mentions(m, by="week")[["period", "rank", "name", "mentions"]].values.tolist()
[['2024-08-05/2024-08-11', 1, 'Sudzha', 2], ['2024-08-05/2024-08-11', 2, 'Sumy', 1]]
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from branca.element import Element, MacroElement
from folium.plugins import HeatMapWithTime
from jinja2 import Template

from . import _maps_style as sty
from ._errors import DataError, InputError
from ._io import _special_kind
from ._log import get_logger
from ._safe_render import LiteralElement, safe_root

__all__ = ["heatmap_from_mentions", "periods_from_dates", "top_places_from_mentions"]

log = get_logger("heatmap")

#: Kinds shown by default (countries name states, not where things happen).
DEFAULT_KINDS = ("oblast", "raion", "city", "town", "village")
_KINDS = ("country", *DEFAULT_KINDS)
_REQUIRED = ("article_id", "date", "place_id", "name", "kind", "role", "lat", "lon")
UNDATED = "undated"
#: Leaflet pane of the vector basemap, under the tile pane (z-index 200): tiles cover
#: it where they load, and it shows wherever they do not (offline).
_BASEMAP_PANE = "geomapBasemap"


def _load(mentions: Any) -> pd.DataFrame:
    if isinstance(mentions, str | os.PathLike):
        path = Path(mentions)
        if path.exists() and not path.is_file():  # a FIFO would block the reader
            kind = "a directory" if path.is_dir() else _special_kind(path.stat().st_mode)
            msg = f"mentions file {str(path)!r} is {kind}, not a regular file; give the GeoParquet written by `geomap corpus`"
            raise InputError(msg)
        if not path.is_file():
            msg = f"mentions file {str(path)!r} does not exist; run `geomap corpus ... -o {path.name}` first"
            raise InputError(msg)
        try:  # only the columns the map needs: the sentences stay on disk
            import pyarrow.parquet as papq

            names = papq.read_schema(path).names
            wanted = [c for c in (*_REQUIRED, "admin1", "country") if c in names]
            mentions = pd.read_parquet(path, columns=wanted)
        except Exception as exc:
            msg = f"cannot read {str(path)!r} as Parquet ({exc}); give the GeoParquet written by `geomap corpus`"
            raise DataError(" ".join(msg.split())) from None
    if not isinstance(mentions, pd.DataFrame):
        msg = f"mentions must be a (Geo)DataFrame or a GeoParquet path, got {type(mentions).__name__}; pass the corpus output"
        raise InputError(msg)
    missing = [c for c in _REQUIRED if c not in mentions.columns]
    if missing:
        msg = f"the mentions table lacks column(s) {', '.join(missing)}; give the output of `geomap corpus`"
        raise DataError(msg)
    return mentions


def _filter(df: pd.DataFrame, include_metonyms: bool, kinds: Iterable[str] | None) -> pd.DataFrame:
    keep = df["lat"].notna() & df["lon"].notna()
    if not include_metonyms:
        keep &= df["role"].astype(str) != "metonym"
    kinds = DEFAULT_KINDS if kinds is None else tuple(kinds)
    unknown = sorted(set(kinds) - set(_KINDS))
    if unknown:
        msg = f"unknown kind(s) {', '.join(map(repr, unknown))}; choose from {', '.join(_KINDS)}"
        raise InputError(msg)
    if kinds:
        keep &= df["kind"].astype(str).isin(kinds)
    return df[keep]


def periods_from_dates(dates: Iterable[Any], *, by: str = "day") -> list[tuple[dt.date, str]]:
    """Every period (start day, label) from the first date to the last, gaps included.

    Weeks are ISO weeks (Monday to Sunday), labelled as ISO intervals.

    Parameters
    ----------
    dates : iterable of date-like
        Dates in any order; values that are no dates are skipped.
    by : {"day", "week"}
        Length of a period.

    Returns
    -------
    list of tuple of (datetime.date, str)
        The first day and label of each period, in order; empty without a date.

    Raises
    ------
    InputError
        When ``by`` is neither "day" nor "week".

    Examples
    --------
    >>> periods_from_dates(["2024-08-09", "2024-08-13"], by="week")
    [(datetime.date(2024, 8, 5), '2024-08-05/2024-08-11'), (datetime.date(2024, 8, 12), '2024-08-12/2024-08-18')]
    """
    if by not in ("day", "week"):
        msg = f"by must be 'day' or 'week', got {by!r}"
        raise InputError(msg)
    days = pd.to_datetime(pd.Series(list(dates)), errors="coerce").dropna().dt.date
    if days.empty:
        return []
    first, last = _period_start(min(days), by), _period_start(max(days), by)
    step = dt.timedelta(days=1 if by == "day" else 7)
    out = []
    d = first
    while d <= last:
        out.append((d, _label(d, by)))
        d += step
    return out


def _period_start(d: dt.date, by: str) -> dt.date:
    return d if by == "day" else d - dt.timedelta(days=d.weekday())


def _label(d: dt.date, by: str) -> str:
    return (
        d.isoformat()
        if by == "day"
        else f"{d.isoformat()}/{(d + dt.timedelta(days=6)).isoformat()}"
    )


def _with_periods(
    df: pd.DataFrame, by: str
) -> tuple[pd.DataFrame, list[tuple[dt.date | None, str]], int]:
    """Rows with a ``period`` label; the ordered periods; how many undated rows were dropped."""
    if by not in ("day", "week"):
        msg = f"by must be 'day' or 'week', got {by!r}"
        raise InputError(msg)
    dates = pd.to_datetime(df["date"], errors="coerce")
    dated = dates.notna()
    if not dated.any():
        return df.assign(period=UNDATED), [(None, UNDATED)], 0
    df = df[dated]
    days = dates[dated].dt.date
    starts = [_period_start(d, by) for d in days]
    periods: list[tuple[dt.date | None, str]] = list(periods_from_dates(days, by=by))
    return df.assign(period=[_label(s, by) for s in starts]), periods, int((~dated).sum())


def top_places_from_mentions(
    mentions: Any,
    *,
    by: str = "day",
    top: int = 10,
    include_metonyms: bool = False,
    kinds: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The ``top`` most-named places of each period.

    Parameters
    ----------
    mentions : GeoDataFrame or path
        The table written by :func:`geomap.corpus.corpus_to_parquet`.
    by : {"day", "week"}
        Period length (ISO weeks start on Monday).
    top : int
        Places kept per period.
    include_metonyms : bool
        Count "Kyiv said"-style mentions too (default False).
    kinds : list of str, optional
        Kinds of place counted (default: all but countries).

    Returns
    -------
    DataFrame
        ``period``, ``rank``, ``place_id``, ``name``, ``kind``, ``admin1``,
        ``country``, ``mentions``, ``articles``, periods in time order, then
        most mentions first (ties: more articles, then name). Mentions
        without a date are left out unless no mention has one (one period
        ``"undated"``).
    """
    if not isinstance(top, int) or top < 1:
        msg = f"top must be a positive integer, got {top!r}"
        raise InputError(msg)
    df = _filter(_load(mentions), include_metonyms, kinds)
    df, periods, _ = _with_periods(df, by)
    return _top(df, periods, top)


def _top(df: pd.DataFrame, periods: list, top: int) -> pd.DataFrame:
    cols = [
        "period",
        "rank",
        "place_id",
        "name",
        "kind",
        "admin1",
        "country",
        "mentions",
        "articles",
    ]
    if df.empty:
        return pd.DataFrame({c: [] for c in cols})
    extra = {c: "first" for c in ("name", "kind", "admin1", "country") if c in df.columns}
    g = (
        df.groupby(["period", "place_id"], sort=False)
        .agg(
            mentions=("article_id", "size"),
            articles=("article_id", "nunique"),
            **{c: (c, how) for c, how in extra.items()},
        )
        .reset_index()
    )
    order = {label: i for i, (_, label) in enumerate(periods)}
    g["_p"] = g["period"].map(order)
    g["_name"] = g["name"].astype(str)
    g = g.sort_values(["_p", "mentions", "articles", "_name", "place_id"],
                      ascending=[True, False, False, True, True], kind="mergesort")  # fmt: skip
    g["rank"] = g.groupby("_p").cumcount() + 1
    g = g[g["rank"] <= top]
    for c in cols:
        if c not in g.columns:
            g[c] = None
    out = g[cols].reset_index(drop=True)
    out["mentions"] = out["mentions"].astype("int64")
    out["articles"] = out["articles"].astype("int64")
    out["rank"] = out["rank"].astype("int64")
    return out


_PANEL_CSS = """
<style>
.geomap-top{position:fixed;top:10px;right:10px;z-index:1000;max-height:70vh;max-width:360px;
overflow:auto;background:rgba(255,255,255,.94);border:1px solid #999;border-radius:4px;
padding:6px 8px;font:12px/1.35 system-ui,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.25)}
.geomap-top h4{margin:0 0 4px;font-size:13px}.geomap-top table{border-collapse:collapse;width:100%}
.geomap-top th,.geomap-top td{padding:1px 4px;border-bottom:1px solid #e3e3e3;text-align:left}
.geomap-top td.n{text-align:right}.geomap-top .note{color:#555;margin-top:4px}
.geomap-top tr.per td{background:#f2f2f2;font-weight:600}
</style>
"""

_SYNC_JS = Template(
    """
{% macro script(this, kwargs) %}
(function() {
    var map = {{ this.map_name }};
    var panel = document.getElementById("{{ this.panel_id }}");
    if (!panel) { return; }
    var labels = {{ this.labels }};
    var all = panel.querySelector("input.geomap-all");
    function show(t) {
        var i = t - 1;
        var showAll = all && all.checked;
        panel.querySelectorAll("tr[data-period]").forEach(function(tr) {
            tr.style.display = (showAll || +tr.dataset.period === i) ? "" : "none";
        });
        var cap = panel.querySelector(".geomap-period");
        if (cap) { cap.textContent = showAll ? "all periods" : (labels[i] || ""); }
    }
    if (map.timeDimension) {
        map.timeDimension.on("timeload", function(e) { show(e.time); });
        if (all) { all.addEventListener("change", function() { show(map.timeDimension.getCurrentTime()); }); }
        show(map.timeDimension.getCurrentTime());
    }
})();
{% endmacro %}
"""
)


class _TableSync(MacroElement):
    """Show only the rows of the period on the time slider."""

    def __init__(self, map_name: str, panel_id: str, labels: list[str]):
        super().__init__()
        self._name = "TableSync"
        self._template = _SYNC_JS
        self.map_name = map_name
        self.panel_id = panel_id
        self.labels = json.dumps(labels)


def _panel_html(
    table: pd.DataFrame, periods: list, panel_id: str, title: str, notes: list[str]
) -> str:
    esc = sty.esc  # HTML-escaped, bidi controls dropped
    index = {label: i for i, (_, label) in enumerate(periods)}
    rows = []
    for label, grp in table.groupby("period", sort=False):
        i = index[label]
        rows.append(
            f'<tr class="per" data-period="{i}"><td colspan="4">{esc(str(label))}</td></tr>'
        )
        for r in grp.itertuples(index=False):
            where = (
                r.admin1 if isinstance(r.admin1, str) and r.admin1 != r.name else (r.country or "")
            )
            rows.append(
                f'<tr data-period="{i}"><td class="n">{int(r.rank)}</td><td>{esc(str(r.name))}</td>'
                f'<td>{esc(str(where or ""))}</td><td class="n">{int(r.mentions)}</td></tr>'
            )
    if not rows:
        rows.append('<tr><td colspan="4">no place mentions</td></tr>')
    note = "".join(f'<div class="note">{esc(n)}</div>' for n in notes)
    toggle = (
        '<label><input type="checkbox" class="geomap-all"> all periods</label>'
        if len(periods) > 1
        else ""
    )
    return (
        f'<div class="geomap-top" id="{panel_id}"><h4>{esc(title)}: '
        f'<span class="geomap-period">{esc(periods[0][1] if len(periods) == 1 else "all periods")}</span></h4>'
        f"{toggle}<table><thead><tr><th>#</th><th>place</th><th>where</th><th>mentions</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}</div>"
    )


def _stable_ids(root: Element) -> None:
    """Give every element of the page a deterministic id, so equal inputs give equal HTML."""
    counter = 0
    stack = [root]
    seen: set[int] = set()
    while stack:
        el = stack.pop(0)
        if id(el) in seen:
            continue
        seen.add(id(el))
        el._id = f"{counter:032x}"
        counter += 1
        if isinstance(el, HeatMapWithTime):
            el._control_name = el.get_name() + "Control"
        stack.extend(el._children.values())


def _add_basemap(fmap: folium.Map, focus: tuple[float, float, float, float]) -> None:
    """Add the offline vector basemap of :mod:`geomap._maps_folium` around ``focus`` (lon/lat box)."""
    from . import _maps_style as sty
    from ._maps_folium import _basemap, _VectorLayer
    from .data import resolve_worldview

    folium.map.CustomPane(_BASEMAP_PANE, z_index=150, pointer_events=False).add_to(fmap)
    _VectorLayer(_basemap(resolve_worldview(None), focus), name="Basemap (countries, oblasts)",
                 style=sty.BASEMAP["style"], interactive=False, control=False,
                 pane=_BASEMAP_PANE).add_to(fmap)  # fmt: skip
    css = f"<style>.leaflet-container{{background:{sty.MAP_BACKGROUND}}}</style>"
    root: Any = fmap.get_root()
    root.header.add_child(LiteralElement(css), name="geomap_basemap_css")


def heatmap_from_mentions(
    mentions: Any,
    *,
    by: str = "day",
    top: int = 10,
    include_metonyms: bool = False,
    kinds: Iterable[str] | None = None,
    radius: int = 30,
    title: str = "Most-named places",
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """A time-slider heatmap of place mentions with the most-named places per period.

    Each frame is one day or ISO week; each place is one point weighted by
    its number of mentions in that period (scaled by the largest count of any
    place in any period, so frames compare). The panel at the top right lists
    the ``top`` places of the period on the slider (or of all periods).

    Parameters
    ----------
    mentions : GeoDataFrame or path
        The table written by :func:`geomap.corpus.corpus_to_parquet`.
    by : {"day", "week"}
        Frame length.
    top : int
        Places listed per period.
    include_metonyms : bool
        Count "Kyiv said"-style mentions too (default False).
    kinds : list of str, optional
        Kinds of place shown (default: all but countries).
    radius : int
        Heat radius in pixels.
    title : str
        Heading of the table panel.
    tiles : str or None
        folium tile layer for online use (None for none). The offline vector
        basemap of :func:`geomap.map_article` (countries, oblasts) is always
        drawn beneath it and shows wherever tiles do not load.

    Returns
    -------
    folium.Map
        Save it with ``.save("heat.html")``. Rendering the same table twice
        gives the same HTML.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": ["a", "b"], "date": ["2024-08-06", "2024-08-08"],
    ...     "place_id": ["1", "1"], "name": ["Sudzha"] * 2, "kind": ["town"] * 2,
    ...     "role": ["place"] * 2, "lat": [51.19] * 2, "lon": [35.27] * 2})
    >>> fmap = heatmap_from_mentions(m, by="day")
    >>> "2024-08-07" in fmap.get_root().render()
    True
    """
    if not isinstance(top, int) or top < 1:
        msg = f"top must be a positive integer, got {top!r}"
        raise InputError(msg)
    raw = _load(mentions)
    df = _filter(raw, include_metonyms, kinds)
    df, periods, n_undated = _with_periods(df, by)
    table = _top(df, periods, top)

    labels = [label for _, label in periods]
    counts = (
        df.groupby(["period", "place_id"], sort=False)
        .agg(n=("article_id", "size"), lat=("lat", "first"), lon=("lon", "first"))
        .reset_index()
    )
    vmax = float(counts["n"].max()) if len(counts) else 1.0
    frames: dict[str, list[list[float]]] = {label: [] for label in labels}
    for r in counts.sort_values(["period", "place_id"], kind="mergesort").itertuples(index=False):
        frames[r.period].append(
            [round(float(r.lat), 5), round(float(r.lon), 5), round(float(r.n) / vmax, 4)]
        )
    data = [frames[label] for label in labels]

    fmap = folium.Map(location=[49.0, 33.0], zoom_start=6, tiles=tiles, control_scale=True)
    safe_root(fmap)  # place names and titles are never compiled as templates
    focus = (33.0, 49.0, 33.0, 49.0)  # a point in Ukraine: the basemap always covers it
    if len(counts):
        focus = (float(counts["lon"].min()), float(counts["lat"].min()),
                 float(counts["lon"].max()), float(counts["lat"].max()))  # fmt: skip
    _add_basemap(fmap, focus)
    HeatMapWithTime(data, index=labels, name="mentions", radius=radius, max_opacity=0.75,
                    min_opacity=0.05, auto_play=False, position="bottomleft").add_to(fmap)  # fmt: skip
    if len(counts):
        fmap.fit_bounds([[float(counts["lat"].min()), float(counts["lon"].min())],
                         [float(counts["lat"].max()), float(counts["lon"].max())]])  # fmt: skip

    notes = [
        f"{len(df):,} mentions of {df['place_id'].nunique():,} places in "
        f"{df['article_id'].nunique():,} articles; weights = mentions per {by if labels != [UNDATED] else 'corpus'}"
    ]
    if n_undated:
        notes.append(f"{n_undated:,} mentions without a date are not shown")
    if not include_metonyms:
        notes.append("metonyms ('Kyiv said') left out")
    if kinds is None:
        notes.append("countries left out")
    panel_id = "geomap-top-places"
    root: Any = fmap.get_root()
    root.header.add_child(LiteralElement(_PANEL_CSS), name="geomap_top_css")
    root.html.add_child(LiteralElement(_panel_html(table, periods, panel_id, title, notes)),
                                   name="geomap_top_panel")  # fmt: skip
    _stable_ids(fmap.get_root())
    fmap.add_child(_TableSync(fmap.get_name(), panel_id, labels))
    _stable_ids(fmap.get_root())
    return fmap
