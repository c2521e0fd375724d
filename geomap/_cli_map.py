"""``geomap map``: an article as an interactive HTML map (and a PNG).

With no article the bundled sample article is mapped (what ``make demo`` runs).

>>> import tempfile, pathlib
>>> from geomap.cli import main
>>> out = pathlib.Path(tempfile.mkdtemp()) / "m.html"
>>> main(["map", "-o", str(out), "--along", "none", "--cdn"])
0
>>> out.stat().st_size > 10_000
True
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._cli_frontline_map import NEAREST, nearest_frontline
from ._cli_output import examples, report_written
from ._errors import InputError
from ._io import check_outputs, open_output

__all__ = ["map_command", "register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``map`` sub-command."""
    p = subparsers.add_parser(
        "map",
        help="turn an article into an interactive HTML map (and a PNG)",
        description=(
            "Map the places an article names, buffer zones along the border oblasts it names, "
            "and optionally the front line, as one self-contained HTML page that opens offline. "
            "With no ARTICLE the bundled sample article is mapped. An article that names no "
            "place the gazetteer knows is refused (exit 2) unless --along NAMES or --frontline "
            "gives something to draw, or --allow-empty asks for the empty map anyway."
        ),
        epilog=examples(
            "geomap map                                   # the sample article -> map.html",
            "geomap map news.txt -o news.html --png news.png",
            'geomap map news.txt --depth 10,20,30,50 --along "Kursk Oblast,Belgorod Oblast"',
            "geomap map news.txt --side both --frontline deepstatemap_data_20250522.geojson",
            "geomap map news.txt --date 2025-05-22 --frontline   # nearest cached snapshot",
            "cat news.txt | geomap map - -o news.html --tiles osm",
            "geomap map news.txt --tiles 'https://tile.example/{z}/{x}/{y}.png' "
            "--attribution '(c) Example'",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "article",
        nargs="?",
        metavar="ARTICLE",
        help="article text file (UTF-8, or UTF-16) or - for standard input (default: the sample article)",
    )
    p.add_argument(
        "-o",
        "--output",
        default="map.html",
        metavar="FILE",
        help="HTML page to write, atomically, or - for standard output (default map.html)",
    )
    p.add_argument(
        "--depth",
        metavar="KM,...",
        help="zone depths in km (default: the distances the article states, else 10,20,30)",
    )
    p.add_argument(
        "--along",
        default="auto",
        metavar="auto|NAMES|none",
        help=(
            "border sector: 'auto' (the border oblasts the article names), comma-separated "
            "oblasts or a border such as RU-UA, or 'none' for no zones (default auto)"
        ),
    )
    p.add_argument(
        "--side",
        default="UA",
        metavar="UA|RU|both",
        help="country the zones reach into (default UA)",
    )
    p.add_argument(
        "--frontline",
        nargs="?",
        const=NEAREST,
        metavar="FILE|DATE",
        help=(
            "front-line snapshot file, or a date (YYYY-MM-DD) fetched into the cache if needed; "
            "with no value, the cached snapshot nearest the article's date (--date, else a web "
            "page's publication date, else a date in the file name, else the latest)"
        ),
    )
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the article's date (picks the front line by date)"
    )
    p.add_argument("--png", metavar="FILE", help="also write a static PNG map here")
    p.add_argument(
        "--tiles",
        metavar="NAME|URL",
        help=(
            "tiles for online use: osm, light, a folium tiles name, or a tile URL with "
            "{z}/{x}/{y} (a URL needs --attribution); the page shows them while they load "
            "and keeps the vector basemap offline"
        ),
    )
    p.add_argument(
        "--attribution",
        metavar="TEXT",
        help="attribution shown for a --tiles URL, as its provider asks (e.g. '(c) OpenStreetMap')",
    )
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help="write the map even when the article names no place and nothing else is drawn",
    )
    p.add_argument(
        "--cdn",
        action="store_true",
        help="link Leaflet from its CDN instead of inlining it (smaller page, needs internet)",
    )
    p.add_argument(
        "--worldview",
        choices=("de_jure", "de_facto"),
        default=None,
        help="border convention (default from settings: de_jure, Crimea in Ukraine)",
    )
    p.set_defaults(func=map_command)


def _read_article(arg: str | None) -> str:
    from ._io import read_article, read_text_file
    from .data import data_dir

    if arg is None:
        return read_text_file(data_dir() / "sample_article.txt")
    return read_article(arg)


def _inputs(args: argparse.Namespace) -> list[str | Path | None]:
    """The files ``map`` reads (the sample article, a cached front line), without fetching."""
    import re

    from .data import data_dir

    article = args.article if args.article is not None else data_dir() / "sample_article.txt"
    frontline = args.frontline
    if frontline == NEAREST and not Path(frontline).exists():
        return [article, nearest_frontline(args)]
    if frontline and re.fullmatch(r"\d{4}-\d{2}-\d{2}", frontline) and not Path(frontline).exists():
        from .frontline import cached_snapshot

        try:
            frontline = cached_snapshot(frontline)
        except InputError:
            frontline = None  # not cached yet: nothing to compare with
    return [article, frontline]


def _frontline_arg(arg: str | None, args: argparse.Namespace | None = None):
    import re

    if arg is None:
        return None
    if arg == NEAREST and args is not None and not Path(arg).exists():
        return nearest_frontline(args, say=True)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", arg) and not Path(arg).exists():
        from .frontline import cached_snapshot, fetch_snapshot

        try:
            return cached_snapshot(arg)
        except InputError:
            return fetch_snapshot(date=arg)
    if not Path(arg).exists():
        msg = f"front-line file {arg!r} does not exist; give a snapshot file or a date (YYYY-MM-DD)"
        raise InputError(msg)
    return arg


def _places_or_refuse(text: str, args: argparse.Namespace):
    """The article's places; refuse (exit 2) a map with nothing on it unless asked for."""
    from .data import resolve_worldview
    from .geoparse import places_from_text

    places = places_from_text(text, worldview=resolve_worldview(args.worldview))
    if args.allow_empty or (places["kind"] != "country").any():
        return places
    along = (args.along or "").strip().lower()
    if args.frontline or along not in ("", "auto", "none"):
        return places  # zones along the named oblasts, or the front line, are drawn
    shown = "the article" if args.article in (None, "-") else repr(args.article)
    msg = (
        f"no places found in {shown}: it names no place the gazetteer knows, so the map "
        "would be empty; pass --allow-empty to write it anyway, or --along NAMES / "
        "--frontline FILE to draw zones or the front line"
    )
    raise InputError(msg)


def map_command(args: argparse.Namespace) -> int:
    """Handle ``geomap map``; return the exit status."""
    from .maps import _tile_layer, html_from_map, map_article, map_to_png

    check_outputs({"-o": args.output, "--png": args.png}, inputs=_inputs(args), stdout=("-o",))
    if args.tiles:
        _tile_layer(args.tiles, args.attribution)  # a tile URL needs its attribution
    text = _read_article(args.article)
    places = _places_or_refuse(text, args)
    m = map_article(
        text,
        places=places,
        depths=args.depth,
        along=args.along,
        side=args.side,
        frontline=_frontline_arg(args.frontline, args),
        tiles=args.tiles,
        tiles_attribution=args.attribution,
        self_contained=not args.cdn,
        worldview=args.worldview,
    )
    n = int((places["kind"] != "country").sum())
    what = f"{n} place{'s' if n != 1 else ''}"
    if args.png:
        png = map_to_png(m, args.png)
        report_written(png, f"PNG map, {what}")
    page = html_from_map(m)
    with open_output(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)
    report_written(args.output, f"HTML map, {what}")
    for note in m.layers.notes:
        print(f"geomap: note: {note}", file=sys.stderr)
    return 0
