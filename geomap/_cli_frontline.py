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

from ._cli_output import TABLE, add_format, examples, render_table, report_written, resolve_format
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
        epilog=examples(
            "geomap frontline fetch --date 2025-05-22",
            "geomap frontline load 2025-05-22",
            "geomap frontline diff 2025-03-01 2025-05-22 --format csv -o diff.csv",
            "geomap frontline map 2025-03-01 2025-05-22 -o frontline.html",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=lambda args: _usage(parser))
    sub = parser.add_subparsers(dest="frontline_command", metavar="ACTION")

    _register_tables(sub)
    _register_geometry(sub)

    from ._cli_frontline_map import register as register_map

    register_map(sub, _cache_opts)


def _cache_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache", metavar="DIR", help="cache root (default: the geomap cache)")
    p.add_argument(
        "--source",
        choices=["deepstate", "mirror", "deepstate-mirror", "isw", "user"],
        help="schema of the files / cache folder for dates (default: detect; mirror first)",
    )


def _action(sub: Any, name: str, help: str, *lines: str) -> argparse.ArgumentParser:
    """A ``frontline`` action whose ``--help`` ends with the example ``lines``."""
    return sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=examples(*lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _register_tables(sub: Any) -> None:
    """``load``, ``fetch``, ``diff`` and ``series``."""
    p = _action(
        sub,
        "load",
        "read a snapshot and summarise or convert it",
        "geomap frontline load 2025-05-22                # a summary table on a terminal",
        "geomap frontline load snapshot.geojson --format json",
        "geomap frontline load 2025-05-22 --status occupied --format geojson -o occ.geojson",
    )
    p.add_argument("file", help="GeoJSON/KML/KMZ/GeoPackage file, or a cached date YYYY-MM-DD")
    _cache_opts(p)
    p.add_argument("--date", help="date of the snapshot (default: from the file)")
    p.add_argument("--status", choices=["occupied", "contested", "liberated"])
    add_format(p, ("json", "geojson", "csv"))
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_load)

    p = _action(
        sub,
        "fetch",
        "download a snapshot into the cache and print its path",
        "geomap frontline fetch                          # the latest day",
        "geomap frontline fetch --date 2025-05-22 --source deepstate",
    )
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

    p = _action(
        sub,
        "diff",
        "area gained and lost between two snapshots, by oblast",
        "geomap frontline diff 2025-03-01 2025-05-22      # a table on a terminal",
        "geomap frontline diff a.geojson b.geojson --format json",
        "geomap frontline diff 2025-03-01 2025-05-22 --format geojson -o changes.geojson",
    )
    p.add_argument("a", help="earlier snapshot: file or cached date")
    p.add_argument("b", help="later snapshot: file or cached date")
    _cache_opts(p)
    p.add_argument("--by", choices=["oblast", "none"], default="oblast")
    p.add_argument(
        "--min-area",
        type=nonnegative_float,
        default=0.0,
        metavar="KM2",
        help="leave out pieces smaller than this, km² (default 0)",
    )
    add_format(p, ("csv", "geojson", "json"))
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_diff)

    p = _action(
        sub,
        "series",
        "occupied area over time",
        "geomap frontline series 2025-03-01 2025-04-01 2025-05-22",
        "geomap frontline series deepstatemap_data_2025*.geojson --format csv -o area.csv",
    )
    p.add_argument("snapshots", nargs="+", metavar="FILE_OR_DATE")
    _cache_opts(p)
    add_format(p, ("csv", "json"))
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.set_defaults(func=_cmd_series)


def _register_geometry(sub: Any) -> None:
    """``line``, ``zone`` and ``markers``."""
    p = _action(
        sub,
        "line",
        "the front line itself as GeoJSON lines",
        "geomap frontline line 2025-05-22 -o line.geojson",
        "geomap frontline line snapshot.geojson --tolerance-km 2 -o - | jq '.features | length'",
    )
    p.add_argument("file", help="snapshot file or cached date")
    _cache_opts(p)
    p.add_argument("--tolerance-km", type=nonnegative_float, default=5.0, metavar="KM")
    p.add_argument("--min-length-km", type=nonnegative_float, default=1.0, metavar="KM")
    p.add_argument("-o", "--output", required=True, help="output GeoJSON ('-' for stdout)")
    p.set_defaults(func=_cmd_line)

    p = _action(
        sub,
        "zone",
        "strips within given distances of the front line",
        "geomap frontline zone 2025-05-22 --km 10 25 -o strips.geojson",
        "geomap frontline zone 2025-05-22 --side both --format table -o -",
    )
    p.add_argument("file", help="snapshot file or cached date")
    _cache_opts(p)
    p.add_argument(
        "--km", type=positive_float, nargs="+", default=[25.0], help="depths, km (default 25)"
    )
    p.add_argument("--side", choices=["free", "occupied", "both"], default="free")
    add_format(p, ("geojson", "csv", "json"))
    p.add_argument("-o", "--output", required=True, help="output file ('-' for stdout)")
    p.set_defaults(func=_cmd_zone)

    p = _action(
        sub,
        "markers",
        "unit and attack-direction markers of a DeepStateMap snapshot",
        "geomap frontline markers 2025-05-22                # a table on a terminal",
        "geomap frontline markers snapshot.geojson -o markers.geojson",
    )
    p.add_argument("file", help="snapshot file or cached date")
    _cache_opts(p)
    add_format(p, ("geojson",))
    p.add_argument("-o", "--output", help="output GeoJSON (default: stdout)")
    p.set_defaults(func=_cmd_markers)


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


def _emit(text: str, output: str | None, what: str = "") -> None:
    """Write ``text`` to ``output`` (stdout for ``None``/``-``) and report a file written."""
    if not text.endswith("\n"):
        text += "\n"
    with open_output(output, "w", encoding="utf-8") as fh:
        fh.write(text)
    report_written(output, what)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


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
    fmt = resolve_format(args.format, "json", output=args.output)
    what = f"{_plural(len(gdf), 'area')}, {fmt}"
    if fmt == "geojson":
        _emit(frontline_to_geojson(gdf), args.output, what)
        return 0
    areas = geodesic_areas_km2(gdf.geometry).tolist()
    if fmt == "csv":
        table = gdf.drop(columns=gdf.geometry.name).assign(area_km2=areas)
        _emit(_csv(table), args.output, what)
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
    if fmt == TABLE:
        rows = [{"status": k, "area_km2": v} for k, v in by_status.items()]
        rows += [
            {"status": "occupied before 2022", "area_km2": summary["occupied_before_2022_km2"]}
        ]
        title = (
            f"front line of {summary['date']} ({summary['source']}): "
            f"{_plural(len(gdf), 'area')} in {summary['file']}"
        )
        _emit(
            render_table(rows, {"status": "status", "area_km2": "area km²"}, title=title),
            args.output,
            what,
        )
        return 0
    _emit(json.dumps(summary, ensure_ascii=False, indent=2), args.output, what)
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
    fmt = resolve_format(args.format, "csv", output=args.output)
    span = f"{_day(attrs['date_from'])} to {_day(attrs['date_to'])}"
    if fmt == "geojson":
        _emit(frontline_to_geojson(pieces), args.output, f"{_plural(len(pieces), 'piece')}, {span}")
        return 0
    what = f"{_plural(len(table), 'oblast')}, {span}, {fmt}"
    if fmt == "json":
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
        _emit(json.dumps(doc, ensure_ascii=False, indent=2), args.output, what)
        return 0
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
    full = pd.concat([table, total], ignore_index=True)
    if fmt == TABLE:
        title = f"occupied area change {span}: net {attrs['net_km2']:+,.1f} km², by oblast"
        cols = {
            "oblast": "oblast",
            "gained_km2": "gained km²",
            "lost_km2": "lost km²",
            "net_km2": "net km²",
        }
        _emit(render_table(full.to_dict("records"), cols, title=title), args.output, what)
    else:
        _emit(_csv(full), args.output, what)
    return 0


def _cmd_series(args: argparse.Namespace) -> int:
    import pandas as pd

    from .frontline import occupied_series

    _check(args, *args.snapshots)
    frames = [_read(arg, args) for arg in args.snapshots]
    series = occupied_series(frames)
    fmt = resolve_format(args.format, "csv", output=args.output)
    what = f"{_plural(len(series), 'date')}, {fmt}"
    if fmt == TABLE:
        rows = [
            {
                **r,
                "date": _day(r["date"]),
                "change_km2": None if pd.isna(r["change_km2"]) else r["change_km2"],
            }
            for r in series.to_dict("records")
        ]
        cols = {
            "date": "date",
            "area_km2": "occupied km²",
            "change_km2": "change km²",
            "source": "source",
        }
        title = f"occupied area at {_plural(len(rows), 'date')}"
        _emit(render_table(rows, cols, title=title), args.output, what)
    elif fmt == "json":
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
        _emit(json.dumps(rows, ensure_ascii=False, indent=2), args.output, what)
    else:
        _emit(_csv(series), args.output, what)
    return 0


def _cmd_line(args: argparse.Namespace) -> int:
    from .frontline import frontline_to_geojson, frontline_to_lines

    _check(args, args.file)
    lines = frontline_to_lines(
        _read(args.file, args),
        tolerance_km=args.tolerance_km,
        min_length_km=args.min_length_km,
    )
    total = float(lines["length_km"].sum())
    _emit(
        frontline_to_geojson(lines), args.output, f"{_plural(len(lines), 'line')}, {total:.1f} km"
    )
    return 0


def _cmd_zone(args: argparse.Namespace) -> int:
    from .frontline import frontline_to_geojson, frontline_zones

    _check(args, args.file)
    zones = frontline_zones(_read(args.file, args), args.km, side=args.side)
    fmt = resolve_format(args.format, "geojson", output=args.output)
    what = f"{_plural(len(zones), 'zone')}, {fmt}"
    rows = [
        {"depth_km": r.depth_km, "side": r.side, "area_km2": _r(r.area_km2)}
        for r in zones.itertuples(index=False)
    ]
    if fmt == "geojson":
        _emit(frontline_to_geojson(zones), args.output, what)
    elif fmt == "csv":
        _emit(_csv(zones.drop(columns=zones.geometry.name)), args.output, what)
    elif fmt == TABLE:
        cols = {"depth_km": "depth km", "side": "side", "area_km2": "area km²"}
        title = f"{_plural(len(rows), 'zone')} along the front line of {args.file}"
        _emit(render_table(rows, cols, title=title), args.output, what)
    else:
        _emit(json.dumps(rows, indent=2), args.output, what)
    return 0


def _cmd_markers(args: argparse.Namespace) -> int:
    from .frontline import frontline_markers_from_file, frontline_to_geojson

    (path,) = _check(args, args.file)
    markers = frontline_markers_from_file(path)
    fmt = resolve_format(args.format, "geojson", output=args.output)
    if fmt == TABLE:
        rows = [
            {**r, "lat": g.y if g is not None else None, "lon": g.x if g is not None else None}
            for r, g in zip(
                markers.drop(columns=markers.geometry.name).to_dict("records"),
                markers.geometry,
                strict=True,
            )
        ]
        cols = [c for c in markers.columns if c != markers.geometry.name] + ["lat", "lon"]
        for r in rows:
            if "date" in r:
                r["date"] = _day(r["date"])
        text = render_table(rows, cols, title=f"{_plural(len(rows), 'marker')} in {path}")
        _emit(text, args.output)
        return 0
    _emit(frontline_to_geojson(markers), args.output, f"{_plural(len(markers), 'marker')}, geojson")
    return 0
