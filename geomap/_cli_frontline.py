"""``geomap frontline``: read, fetch, compare and draw the front line.

Sub-commands::

    geomap frontline load FILE [--format json|geojson|csv] [-o F]
    geomap frontline fetch [--source deepstate|mirror] [--date YYYY-MM-DD] [--cache DIR] [--force]
    geomap frontline diff A B [--by oblast|none] [--format csv|geojson|json] [-o F]
    geomap frontline series FILES_OR_DATES... [--format csv|json] [-o F]
    geomap frontline line FILE -o F
    geomap frontline zone FILE [--km 25 ...] [--side free|occupied|both] -o F
    geomap frontline markers FILE [-o F]
    geomap frontline map FILES_OR_DATES... -o F.html     (see geomap/_cli_frontline_map.py)

Wherever a FILE is expected a date ``YYYY-MM-DD`` may be given instead; it is
looked up in the cache (``--cache DIR``, default the geomap cache) that
``fetch`` fills.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import InputError
from ._io import check_outputs, check_writable_dir, open_output
from ._validate import nonnegative_float, positive_float

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["register"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register(subparsers: Any) -> None:
    """Add ``geomap frontline`` and its sub-commands to ``subparsers``."""
    parser = subparsers.add_parser(
        "frontline",
        help="read, fetch, compare and draw the front line",
        description="Read, fetch, compare and draw the front line of the war.",
    )
    parser.set_defaults(func=lambda args: _usage(parser))
    sub = parser.add_subparsers(dest="frontline_command", metavar="ACTION")

    def cache_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--cache", metavar="DIR", help="cache root (default: the geomap cache)")
        p.add_argument(
            "--source",
            choices=["deepstate", "mirror", "deepstate-mirror", "isw", "user"],
            help="schema of the files / cache folder for dates (default: detect; mirror first)",
        )

    p = sub.add_parser("load", help="read a snapshot and summarise or convert it")
    p.add_argument("file", help="GeoJSON/KML/KMZ/GeoPackage file, or a cached date YYYY-MM-DD")
    cache_opts(p)
    p.add_argument("--date", help="date of the snapshot (default: from the file)")
    p.add_argument("--status", choices=["occupied", "contested", "liberated"])
    p.add_argument("--format", choices=["json", "geojson", "csv"], default="json")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_load)

    p = sub.add_parser("fetch", help="download a snapshot into the cache and print its path")
    p.add_argument("--source", choices=["deepstate", "mirror"], default="mirror")
    p.add_argument("--date", help="day wanted, YYYY-MM-DD (default: the latest)")
    p.add_argument("--cache", metavar="DIR", help="cache root (default: the geomap cache)")
    p.add_argument("--base-url", help="endpoint to use instead of the default")
    p.add_argument("--refresh", action="store_true", help="download again even if cached")
    p.add_argument(
        "--force",
        action="store_true",
        help="cache the download even if implausible (another date, an area far from the cached days)",
    )
    p.set_defaults(func=_cmd_fetch)

    p = sub.add_parser("diff", help="area gained and lost between two snapshots, by oblast")
    p.add_argument("a", help="earlier snapshot: file or cached date")
    p.add_argument("b", help="later snapshot: file or cached date")
    cache_opts(p)
    p.add_argument("--by", choices=["oblast", "none"], default="oblast")
    p.add_argument(
        "--min-area",
        type=nonnegative_float,
        default=0.0,
        metavar="KM2",
        help="leave out pieces smaller than this, km² (default 0)",
    )
    p.add_argument("--format", choices=["csv", "geojson", "json"], default="csv")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_diff)

    p = sub.add_parser("series", help="occupied area over time")
    p.add_argument("snapshots", nargs="+", metavar="FILE_OR_DATE")
    cache_opts(p)
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_series)

    p = sub.add_parser("line", help="the front line itself as GeoJSON lines")
    p.add_argument("file", help="snapshot file or cached date")
    cache_opts(p)
    p.add_argument("--tolerance-km", type=nonnegative_float, default=5.0, metavar="KM")
    p.add_argument("--min-length-km", type=nonnegative_float, default=1.0, metavar="KM")
    p.add_argument("-o", "--output", required=True, help="output GeoJSON ('-' for stdout)")
    p.set_defaults(func=_cmd_line)

    p = sub.add_parser("zone", help="strips within given distances of the front line")
    p.add_argument("file", help="snapshot file or cached date")
    cache_opts(p)
    p.add_argument(
        "--km", type=positive_float, nargs="+", default=[25.0], help="depths, km (default 25)"
    )
    p.add_argument("--side", choices=["free", "occupied", "both"], default="free")
    p.add_argument("--format", choices=["geojson", "csv", "json"], default="geojson")
    p.add_argument("-o", "--output", required=True, help="output file ('-' for stdout)")
    p.set_defaults(func=_cmd_zone)

    p = sub.add_parser(
        "markers", help="unit and attack-direction markers of a DeepStateMap snapshot"
    )
    p.add_argument("file", help="snapshot file or cached date")
    cache_opts(p)
    p.add_argument("-o", "--output", help="output GeoJSON (default: stdout)")
    p.set_defaults(func=_cmd_markers)

    from ._cli_frontline_map import register as register_map

    register_map(sub, cache_opts)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# --------------------------------------------------------------------------- helpers


def _resolve(arg: str, args: argparse.Namespace) -> Path:
    """A FILE argument: an existing path, or a date looked up in the cache."""
    from .frontline import cached_snapshot

    path = Path(arg)
    if _DATE_RE.match(arg) and not path.exists():
        source = getattr(args, "source", None)
        cache_source = source if source in ("deepstate", "mirror", "deepstate-mirror") else None
        return cached_snapshot(arg, source=cache_source, cache_dir=getattr(args, "cache", None))
    if not path.exists():
        msg = f"{arg!r} is neither a file nor a date (YYYY-MM-DD); check the path"
        raise InputError(msg)
    if path.is_dir():
        msg = f"{arg!r} is a directory; give a GeoJSON, KML, KMZ or GeoPackage file or a date"
        raise InputError(msg)
    return path


def _read(arg: str, args: argparse.Namespace, **kwargs: Any):
    from .frontline import frontline_from_file

    source = getattr(args, "source", None)
    return frontline_from_file(_resolve(arg, args), source=source, **kwargs)


def _check(args: argparse.Namespace, *inputs: str) -> list[Path]:
    """Resolve the input snapshots and check ``-o`` against them before any work."""
    paths = [_resolve(arg, args) for arg in inputs]
    check_outputs({"-o": args.output}, inputs=paths)
    return paths


def _emit(text: str, output: str | None) -> None:
    if not text.endswith("\n"):
        text += "\n"
    with open_output(output, "w", encoding="utf-8") as fh:
        fh.write(text)


def _csv(frame: pd.DataFrame) -> str:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, float_format="%.3f", date_format="%Y-%m-%d", lineterminator="\n")
    return buf.getvalue()


def _day(value: Any) -> str | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _r(x: float) -> float:
    return round(float(x), 3)


# --------------------------------------------------------------------------- commands


def _cmd_load(args: argparse.Namespace) -> int:
    from ._frontline_geom import geodesic_areas_km2
    from .frontline import frontline_to_geojson, occupied_area_km2, occupied_outside_ukraine_km2

    _check(args, args.file)
    gdf = _read(args.file, args, date=args.date, status=args.status)
    if args.format == "geojson":
        _emit(frontline_to_geojson(gdf), args.output)
        return 0
    areas = geodesic_areas_km2(gdf.geometry).tolist()
    if args.format == "csv":
        table = gdf.drop(columns=gdf.geometry.name).assign(area_km2=areas)
        _emit(_csv(table), args.output)
        return 0
    by_status = {
        status: _r(occupied_area_km2(gdf, statuses=(status,)))
        for status in sorted(set(gdf["status"]))
    }
    summary = {
        "file": str(_resolve(args.file, args)),
        "source": ",".join(sorted(set(gdf["source"]))),
        "date": _day(gdf["date"].max()),
        "areas": len(gdf),
        "area_km2_by_status": by_status,
        "occupied_km2": by_status.get("occupied", 0.0),
        "occupied_outside_ukraine_km2": _r(occupied_outside_ukraine_km2(gdf)),
        # null when the source does not say which areas were held before 2022
        "occupied_before_2022_km2": (
            None
            if gdf["pre2022"].isna().all()
            else _r(sum(a for a, p in zip(areas, gdf["pre2022"].fillna(False), strict=True) if p))
        ),
        **{k: int(v) for k, v in gdf.attrs.items()},
    }
    _emit(json.dumps(summary, ensure_ascii=False, indent=2), args.output)
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .frontline import fetch_snapshot
    from .settings import settings

    check_writable_dir(Path(args.cache or settings.cache_dir) / "frontline", "--cache")
    path = fetch_snapshot(
        source=args.source,
        date=args.date,
        cache_dir=args.cache,
        base_url=args.base_url,
        refresh=args.refresh,
        force=args.force,
    )
    print(path)
    return 0


def _cmd_diff(args: argparse.Namespace) -> int:
    import pandas as pd

    from .frontline import frontline_diff, frontline_to_geojson

    _check(args, args.a, args.b)
    a, b = _read(args.a, args), _read(args.b, args)
    pieces, table = frontline_diff(
        a, b, by=None if args.by == "none" else "oblast", min_area_km2=args.min_area
    )
    attrs = pieces.attrs
    if args.format == "geojson":
        _emit(frontline_to_geojson(pieces), args.output)
    elif args.format == "json":
        doc = {
            "date_from": _day(attrs["date_from"]),
            "date_to": _day(attrs["date_to"]),
            "gained_km2": _r(attrs["gained_km2"]),
            "lost_km2": _r(attrs["lost_km2"]),
            "net_km2": _r(attrs["net_km2"]),
            "outside_ukraine": {
                "gained_km2": _r(attrs["outside_gained_km2"]),
                "lost_km2": _r(attrs["outside_lost_km2"]),
            },
            "by_oblast": [
                {
                    "oblast": row.oblast,
                    "gained_km2": _r(row.gained_km2),
                    "lost_km2": _r(row.lost_km2),
                    "net_km2": _r(row.net_km2),
                }
                for row in table.itertuples(index=False)
            ],
        }
        _emit(json.dumps(doc, ensure_ascii=False, indent=2), args.output)
    else:
        total = pd.DataFrame(
            [
                {
                    "oblast": "OUTSIDE UKRAINE (not in TOTAL)",
                    "gained_km2": attrs["outside_gained_km2"],
                    "lost_km2": attrs["outside_lost_km2"],
                    "net_km2": attrs["outside_gained_km2"] - attrs["outside_lost_km2"],
                },
                {
                    "oblast": "TOTAL",
                    "gained_km2": attrs["gained_km2"],
                    "lost_km2": attrs["lost_km2"],
                    "net_km2": attrs["net_km2"],
                },
            ]
        )
        _emit(_csv(pd.concat([table, total], ignore_index=True)), args.output)
    return 0


def _cmd_series(args: argparse.Namespace) -> int:
    import pandas as pd

    from .frontline import occupied_series

    _check(args, *args.snapshots)
    frames = [_read(arg, args) for arg in args.snapshots]
    series = occupied_series(frames)
    if args.format == "json":
        rows = [
            {
                "date": _day(r.date),
                "area_km2": _r(r.area_km2),
                "change_km2": None if pd.isna(r.change_km2) else _r(r.change_km2),
                "source": r.source,
                "outside_ukraine_km2": _r(r.outside_ukraine_km2),
            }
            for r in series.itertuples(index=False)
        ]
        _emit(json.dumps(rows, ensure_ascii=False, indent=2), args.output)
    else:
        _emit(_csv(series), args.output)
    return 0


def _cmd_line(args: argparse.Namespace) -> int:
    from .frontline import frontline_to_geojson, frontline_to_lines

    _check(args, args.file)
    lines = frontline_to_lines(
        _read(args.file, args),
        tolerance_km=args.tolerance_km,
        min_length_km=args.min_length_km,
    )
    _emit(frontline_to_geojson(lines), args.output)
    if args.output not in (None, "-"):
        total = float(lines["length_km"].sum())
        print(f"{len(lines)} lines, {total:.1f} km -> {args.output}", file=sys.stderr)
    return 0


def _cmd_zone(args: argparse.Namespace) -> int:
    from .frontline import frontline_to_geojson, frontline_zones

    _check(args, args.file)
    zones = frontline_zones(_read(args.file, args), args.km, side=args.side)
    if args.format == "geojson":
        _emit(frontline_to_geojson(zones), args.output)
    elif args.format == "csv":
        _emit(_csv(zones.drop(columns=zones.geometry.name)), args.output)
    else:
        rows = [
            {"depth_km": r.depth_km, "side": r.side, "area_km2": _r(r.area_km2)}
            for r in zones.itertuples(index=False)
        ]
        _emit(json.dumps(rows, indent=2), args.output)
    return 0


def _cmd_markers(args: argparse.Namespace) -> int:
    from .frontline import frontline_markers_from_file, frontline_to_geojson

    (path,) = _check(args, args.file)
    markers = frontline_markers_from_file(path)
    _emit(frontline_to_geojson(markers), args.output)
    return 0
