"""``geomap frontline map``: the front line over time as one HTML page with a date slider.

Also :func:`nearest_frontline`, which ``geomap map --frontline`` (no value)
uses to pick the cached snapshot nearest to the article's date.

>>> import tempfile, pathlib
>>> from geomap.cli import main
>>> from geomap.frontline import _demo_file
>>> out = pathlib.Path(tempfile.mkdtemp()) / "t.html"
>>> a, b = _demo_file(date="2025-03-01"), _demo_file(date="2025-05-22", east=38.1)
>>> main(["frontline", "map", str(a), str(b), "--by", "none", "-o", str(out), "--cdn"])
0
>>> "geomapFrontline" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._cli_output import examples, report_written
from ._validate import nonnegative_float

__all__ = ["NEAREST", "article_date", "nearest_frontline", "register"]

#: ``geomap map --frontline`` given without a value: the snapshot nearest the article's date.
NEAREST = "nearest"

_EPILOG = examples(
    "geomap frontline fetch --date 2025-03-01; geomap frontline fetch --date 2025-05-22",
    "geomap frontline map 2025-03-01 2025-05-22 -o frontline.html",
    "geomap frontline map deepstatemap_data_2024*.geojson -o 2024.html --min-area 1",
)


def register(sub: Any, cache_opts: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``geomap frontline map`` to the ``frontline`` sub-parsers."""
    p = sub.add_parser(
        "map",
        help="the front line over time: an HTML page with a date slider and the changes",
        description=(
            "One self-contained HTML page showing the occupied area at each date with a\n"
            "slider, and what changed since the previous date: newly occupied in red, no\n"
            "longer occupied in blue, with km² per oblast in the popups. Opens offline."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("snapshots", nargs="+", metavar="FILE_OR_DATE", help="snapshots, any order")
    cache_opts(p)
    p.add_argument(
        "--by",
        choices=["oblast", "none"],
        default="oblast",
        help="split the changes by oblast in the popups (default) or not",
    )
    p.add_argument(
        "--min-area",
        type=nonnegative_float,
        default=0.1,
        metavar="KM2",
        help="leave out changes smaller than this (default 0.1 km²: digitising slivers)",
    )
    p.add_argument(
        "--tolerance-m",
        type=nonnegative_float,
        default=200.0,
        metavar="M",
        help="display simplification in metres (default 200; areas use full geometries)",
    )
    p.add_argument("--title", help="headline of the page (default: Occupied territory over time)")
    p.add_argument("--worldview", choices=("de_jure", "de_facto"), default=None)
    p.add_argument(
        "--cdn", action="store_true", help="link Leaflet from its CDN (smaller, needs internet)"
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="HTML page to write ('-' for stdout)"
    )
    p.set_defaults(func=_cmd_map)


def _cmd_map(args: argparse.Namespace) -> int:
    from ._cli_frontline import _check, _read
    from ._io import open_output
    from .frontline_time import frontline_map
    from .maps import html_from_map

    _check(args, *args.snapshots)
    frames = [_read(arg, args) for arg in args.snapshots]
    m = frontline_map(
        frames,
        by=None if args.by == "none" else "oblast",
        min_area_km2=args.min_area,
        tolerance_m=args.tolerance_m,
        title=args.title,
        worldview=args.worldview,
        self_contained=not args.cdn,
    )
    page = html_from_map(m)
    with open_output(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)
    steps = m.steps
    span = f"{steps['date'].iloc[0]:%Y-%m-%d} to {steps['date'].iloc[-1]:%Y-%m-%d}"
    report_written(args.output, f"{len(steps)} snapshots, {span}")
    return 0


# ------------------------------------------------------------ geomap map --frontline
def article_date(date: str | None, article: str | None) -> tuple[dt.date | None, str]:
    """The article's date and where it came from.

    ``--date``, else the publication date of a saved web page (its
    ``article:published_time`` or similar meta tag), else a date in the file
    name or its folders (``2025-05-20_sumy.txt``, ``2025/05/20/a.txt``).

    >>> article_date(None, "news/2025-05-20_sumy.txt")
    (datetime.date(2025, 5, 20), 'the file name')
    >>> article_date("2025-05-21", None)
    (datetime.date(2025, 5, 21), '--date')
    """
    from ._corpus_read import _date_from_name, _date_from_value
    from ._errors import InputError

    if date:
        try:
            return dt.date.fromisoformat(date.strip()), "--date"
        except ValueError:
            msg = f"--date {date!r} is not a date; use YYYY-MM-DD"
            raise InputError(msg) from None
    if not article or article == "-":
        return None, ""
    path = Path(article)
    if path.is_file():
        from ._html_text import article_from_html, looks_like_html
        from ._io import read_text_file

        text = read_text_file(path)
        if path.suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(text):
            day = _date_from_value(article_from_html(text, extract=False).date)
            if day is not None:
                return day, "the page's publication date"
    day = _date_from_name(str(article).replace(os.sep, "/"))
    return (day, "the file name") if day is not None else (None, "")


def nearest_frontline(args: argparse.Namespace, *, say: bool = False) -> Path:
    """The cached snapshot nearest the article's date (``geomap map --frontline``).

    With no article date, the latest cached snapshot. ``say`` prints which
    snapshot was chosen and why on stderr.
    """
    from .frontline import nearest_cached_snapshot

    day, origin = article_date(getattr(args, "date", None), args.article)
    path, got = nearest_cached_snapshot(day)
    if say:
        if day is None:
            why = "the latest cached snapshot (no article date: give --date YYYY-MM-DD)"
        elif got == day:
            why = f"the article's date (from {origin})"
        else:
            gap = abs((got - day).days)
            why = (
                f"the cached snapshot nearest the article's date {day} (from {origin}), "
                f"{gap} day{'s' if gap != 1 else ''} {'before' if got < day else 'after'}"
            )
        print(f"geomap: note: front line of {got}: {why}", file=sys.stderr)
    return path
