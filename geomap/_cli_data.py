"""``geomap data update`` and ``geomap data info``: the GeoNames cache and the bundled data.

>>> from geomap.cli import main
>>> main(["data", "info", "--cache", "/nonexistent"])  # doctest: +ELLIPSIS
bundled data: ...
0
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

from ._cli_output import add_report_format, examples, group_help, print_report

__all__ = ["data_info", "data_info_command", "data_update_command", "register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``data`` sub-command with ``update`` and ``info``."""
    p = subparsers.add_parser(
        "data",
        help="download the full GeoNames dumps into the cache, or show what data is in use",
        description="Manage geomap's data: the bundled set and the optional GeoNames cache.",
        epilog=examples("geomap data info", "geomap data update --countries UA"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="data_command", metavar="ACTION")
    p.set_defaults(func=lambda args: group_help(p))

    up = sub.add_parser(
        "update",
        help="download and verify the GeoNames country dumps (adds every village to the gazetteer)",
        description=(
            "Download the official GeoNames country dumps (<base>/<CC>.zip), verify them "
            "(zip integrity, expected table, row schema, the server's checksum when offered), "
            "keep the populated places of the covered regions and cache them in "
            "<cache>/geonames/<CC>.places.parquet. A failed download never replaces a good "
            "cached file. GeoNames data: CC-BY 4.0."
        ),
        epilog=examples(
            "geomap data update                        # UA, RU and BY",
            "geomap data update --countries UA --base-url ./dumps --quiet",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    up.add_argument(
        "--countries",
        default="UA,RU,BY",
        metavar="CC,...",
        help="comma-separated ISO codes (default UA,RU,BY)",
    )
    up.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="folder URL (or local folder) holding <CC>.zip (default: download.geonames.org)",
    )
    up.add_argument(
        "--cache", default=None, metavar="DIR", help="cache root (default: GEOMAP_CACHE)"
    )
    up.add_argument(
        "--force", action="store_true", help="download even if the cached copy is current"
    )
    up.add_argument("--quiet", action="store_true", help="no progress bar")
    up.set_defaults(func=data_update_command)

    info = sub.add_parser(
        "info",
        help="show the bundled data, its sources and the GeoNames cache",
        description="Show the bundled data, its sources and checksums, and the GeoNames cache.",
        epilog=examples("geomap data info", "geomap data info --json | jq .geonames"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    info.add_argument(
        "--cache", default=None, metavar="DIR", help="cache root (default: GEOMAP_CACHE)"
    )
    add_report_format(info)
    info.set_defaults(func=data_info_command)


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover


def data_update_command(args: argparse.Namespace) -> int:
    """Handle ``geomap data update``."""
    from ._geonames import geonames_cache_dir, update_geonames
    from ._io import check_writable_dir

    check_writable_dir(geonames_cache_dir(args.cache), "--cache")
    results = update_geonames(
        args.countries,
        base_url=args.base_url,
        cache_dir=args.cache,
        force=args.force,
        verbose=not args.quiet,
    )
    for r in results:
        if r["status"] == "unchanged":
            print(
                f"{r['country']}: unchanged since {r.get('last_modified') or 'last update'} ({r['path']})"
            )
        else:
            print(
                f"{r['country']}: {r['rows_kept']:,} populated places from {r['url']} "
                f"({_size(r['bytes'])}, sha256 {r['sha256'][:16]}..., {r['verified']}) -> {r['path']}"
            )
    print("GeoNames data: CC-BY 4.0, credit 'GeoNames (geonames.org)'.")
    return 0


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def data_info(*, cache_dir: str | None = None) -> dict[str, Any]:
    """Everything ``geomap data info`` shows, as a JSON-ready dict."""
    from . import data
    from ._geonames import geonames_cache_dir, geonames_info

    folder = data.data_dir()
    man = data.manifest()
    files = []
    for name, meta in man.get("files", {}).items():
        path = folder / name
        ok = path.exists() and _sha256(path) == meta.get("sha256")
        files.append(
            {
                "file": name,
                "rows": meta.get("rows"),
                "bytes": meta.get("bytes"),
                "sha256": meta.get("sha256"),
                "ok": ok,
            }
        )
    return {
        "bundled": {"path": str(folder), "files": files, "sources": man.get("sources", {})},
        "worldview": data.resolve_worldview(None),
        "cache": str(geonames_cache_dir(cache_dir).parent),
        "geonames": geonames_info(cache_dir),
        "attribution": data.ATTRIBUTION,
    }


def data_info_command(args: argparse.Namespace) -> int:
    """Handle ``geomap data info``."""
    print_report(args, data_info(cache_dir=args.cache), _info_lines, ensure_ascii=False)
    return 0


def _info_lines(info: dict[str, Any]) -> list[str]:
    """The human report of :func:`data_info`."""
    out = [f"bundled data: {info['bundled']['path']}"]
    for f in info["bundled"]["files"]:
        state = "ok" if f["ok"] else "CHECKSUM MISMATCH (reinstall geomap or run 'make data')"
        out.append(
            f"  {f['file']:<18} {f['rows']:>7,} rows  {_size(f['bytes'] or 0):>9}  sha256 {str(f['sha256'])[:12]}  {state}"
        )
    out.append("sources:")
    for name, src in info["bundled"]["sources"].items():
        out.append(f"  {src.get('spec', name):<26} {src.get('licence', '')}")
    out.append(f"worldview: {info['worldview']}")
    out.append(f"cache: {info['cache']}")
    if not info["geonames"]:
        out.append("GeoNames dumps: none cached (run 'geomap data update' to add every village)")
    else:
        out.append("GeoNames dumps:")
        for g in info["geonames"]:
            state = (
                "ok"
                if g.get("ok")
                else f"UNREADABLE ({g.get('error', 'row count differs')}); run 'geomap data update'"
            )
            out.append(
                f"  {g['country']}  {g.get('rows', 0):>7,} places  downloaded {g.get('downloaded', '?')}  "
                f"from {g.get('url', '?')}  sha256 {str(g.get('sha256', '?'))[:12]}  {state}"
            )
    out.append(f"attribution: {info['attribution']}")
    return out
