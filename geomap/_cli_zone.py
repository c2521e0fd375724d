"""``geomap zone``: buffer zones along a border sector, with what they swallow.

>>> from geomap.cli import main
>>> main(["zone", "--along", "Kursk Oblast", "--depth", "10", "--format", "csv"])
depth_km,inner_km,side,sector,area_km2,areas_by_oblast,...
10,0,UA,Kursk Oblast,2256...,"{""Sumy Oblast"": 2256...}",...
0
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

from ._cli_output import TABLE, examples, render_table, report_written, resolve_format
from ._errors import ZoneError
from ._io import check_outputs, open_output

__all__ = ["register", "zone_command"]

_FORMATS = (TABLE, "geojson", "csv", "json")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``zone`` sub-command."""
    p = subparsers.add_parser(
        "zone",
        help="buffer zones along a border sector: area, oblasts, settlements, population",
        description=(
            "Build zones within given geodesic depths of the border along chosen oblasts "
            "(on either side) and report what each holds: area per oblast, settlements and "
            "population, and the places an article names. Depths are exact to 0.01 %%."
        ),
        epilog=examples(
            'geomap zone --along "Kursk Oblast" --depth 10,20   # a table on a terminal',
            'geomap zone --along "Kursk Oblast,Belgorod Oblast,Bryansk Oblast" '
            "--depth 10,20,30 -o zones.geojson",
            "geomap zone --along auto --article news.txt --format json",
            'geomap zone --along "Sumy" --side RU --mode bands --depth 5,15 --format csv',
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--along",
        metavar="NAMES|auto",
        help=(
            "comma-separated oblasts (any spelling, either side of the border), a whole border "
            "(RU-UA, BY-UA, UA), or 'auto' to take the border oblasts the --article names "
            "(default: auto with --article)"
        ),
    )
    p.add_argument(
        "--article", metavar="FILE|-", help="article text (UTF-8) to check places against"
    )
    p.add_argument(
        "--depth",
        metavar="KM,...",
        help=(
            "zone depths in km, comma-separated (default: the depths the --article states, "
            "else from settings: 10,20,30)"
        ),
    )
    p.add_argument(
        "--side",
        default="UA",
        metavar="UA|RU|both|none",
        help="country the zones reach into (default UA); 'both' for both sides",
    )
    p.add_argument(
        "--mode",
        choices=("rings", "bands"),
        default="rings",
        help="rings: 0-10, 0-20, ...; bands: 0-10, 10-20, ... (default rings)",
    )
    p.add_argument(
        "--countries",
        default="RU,UA",
        metavar="CC,CC",
        help="the border the oblasts lie on (default RU,UA; e.g. BY,UA)",
    )
    p.add_argument(
        "--format",
        choices=_FORMATS,
        default=None,
        help=(
            "output format (default: from the -o extension, else geojson; a table on a terminal)"
        ),
    )
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout ('-')"
    )
    p.add_argument(
        "--worldview",
        choices=("de_jure", "de_facto"),
        default=None,
        help="border convention (default from settings: de_jure, Crimea in Ukraine)",
    )
    p.set_defaults(func=zone_command)


def _read_article(arg: str) -> str:
    from ._io import read_article

    return read_article(arg)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output and args.output != "-":
        ext = Path(args.output).suffix.lower().lstrip(".")
        if ext in ("csv", "json"):
            return ext
    return resolve_format(None, "geojson", output=args.output)


def _csv_text(report) -> str:
    buf = io.StringIO()
    props = report.zone_properties()
    fields = list(props[0]) if props else []
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in props:
        out = {}
        for k, v in row.items():
            if isinstance(v, dict):
                v = json.dumps(v, ensure_ascii=False)
            elif isinstance(v, list):
                v = "; ".join(str(x) for x in v)
            elif isinstance(v, float) and v.is_integer():
                v = int(v)
            out[k] = v
        writer.writerow(out)
    return buf.getvalue()


def zone_command(args: argparse.Namespace) -> int:
    """Handle ``geomap zone``; return the exit status.

    The zones come from :func:`geomap.article.analysis_from_text`, the analysis
    ``geomap map`` draws: the same depths (those the article states unless
    --depth is given), the same ``auto`` sector and the same side handling.
    """
    import sys

    from .article import analysis_from_text

    check_outputs({"-o": args.output}, inputs=[args.article])
    fmt = _format(args)
    countries = tuple(c.strip().upper() for c in args.countries.split(",") if c.strip())
    along = args.along
    if along is None and args.article is None:
        msg = "no sector given; pass --along NAMES (e.g. 'Kursk Oblast,Belgorod Oblast') or --article FILE"
        raise ZoneError(msg)
    text = _read_article(args.article) if args.article is not None else None
    analysis = analysis_from_text(
        text,
        along="auto" if along is None else along,
        depths=args.depth,
        side=args.side,
        countries=countries,
        mode=args.mode,
        worldview=args.worldview,
        require_zones=True,
    )
    report = analysis.report
    if report is None:  # require_zones raises first; kept for type checkers
        raise ZoneError("no zones built; give --along NAMES")
    if analysis.depth_source == "article":
        said = ", ".join(f"“{p}”" for p in analysis.depth_phrases[:4])
        depths = ", ".join(f"{d:g}" for d in analysis.depths)
        print(f"geomap: depths {depths} km, as the article states ({said})", file=sys.stderr)
    if fmt == TABLE:
        text = _table(report)
    elif fmt == "geojson":
        text = json.dumps(report.to_geojson(), ensure_ascii=False) + "\n"
    elif fmt == "json":
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = _csv_text(report)
    with open_output(args.output, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    n = len(report.zones)
    report_written(args.output, f"{n} zone{'s' if n != 1 else ''}, {fmt}")
    return 0


def _table(report) -> str:
    """The zones as a human table, with a title naming the sector."""
    rows = []
    for props in report.zone_properties():
        row = dict(props)
        row["depth"] = f"{props.get('inner_km', 0):g}-{props['depth_km']:g} km"
        row["largest"] = props.get("largest") or []
        rows.append(row)
    columns = {
        "depth": "depth",
        "side": "side",
        "area_km2": "area km²",
        "settlements": "settlements",
        "population": "population",
        "largest": "largest settlements",
    }
    if any("places" in r for r in rows):
        columns["places"] = "article places"
    n = len(rows)
    title = (
        f"{n} zone{'s' if n != 1 else ''} along {report.sector} "
        f"({report.sector_length_km:,.0f} km of border)"
    )
    return render_table(rows, columns, title=title)
