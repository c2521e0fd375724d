"""``geomap assets fetch`` and ``geomap assets status``: front-end files for offline pages.

A page is self-contained (opens offline) when Leaflet and the plugins it uses
are inlined from an asset folder. Wheels built with ``python -m build`` carry
one; a plain install without it, or a newer folium, needs ``geomap assets
fetch`` once: it downloads the files from the npm registry (each tarball
checked against the registry's integrity hash) into the user's cache.

>>> from geomap.cli import build_parser
>>> build_parser().parse_args(["assets", "status", "--json"]).json
True
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._cli_output import add_report_format, examples, group_help, print_report

__all__ = ["assets_fetch_command", "assets_status", "assets_status_command", "register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``assets`` sub-command with ``fetch`` and ``status``."""
    p = subparsers.add_parser(
        "assets",
        help="fetch the front-end files (Leaflet, plugins) that make pages open offline",
        description=(
            "Manage the front-end files that geomap inlines into its HTML pages so that "
            "they open without internet."
        ),
        epilog=examples("geomap assets fetch", "geomap assets status"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="assets_command", metavar="ACTION")
    p.set_defaults(func=lambda args: group_help(p))

    fetch = sub.add_parser(
        "fetch",
        help="download the files from the npm registry into the user cache (once)",
        description=(
            "Download the exact versions of Leaflet and the plugins folium pages load from "
            "the npm registry, check each tarball against the registry's integrity hash, and "
            "keep the needed files with a manifest of sha256 sums in the user cache "
            "(<GEOMAP_CACHE>/assets). A second run with everything in place uses no network. "
            "The registry is GEOMAP_NPM_REGISTRY, else npm's own setting "
            "(NPM_CONFIG_REGISTRY, ~/.npmrc), else the public registry."
        ),
        epilog=examples(
            "geomap assets fetch && geomap assets status",
            "geomap assets fetch --registry https://registry.npmjs.org --dest ./assets",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fetch.add_argument(
        "--dest",
        default=None,
        metavar="DIR",
        help="asset folder (default: GEOMAP_ASSETS if set, else the user cache)",
    )
    fetch.add_argument(
        "--registry", default=None, metavar="URL", help="npm registry URL (default: see above)"
    )
    fetch.add_argument("--force", action="store_true", help="download everything again")
    fetch.add_argument("--quiet", action="store_true", help="print only problems")
    fetch.set_defaults(func=assets_fetch_command)

    status = sub.add_parser(
        "status",
        help="show which asset folder pages use and whether it is complete (exit 1 if not)",
        description=(
            "List the folders geomap looks in for front-end files, the one in use, and whether "
            "it covers every file the installed folium's pages load (sha256 checked). "
            "Exit 0 when pages will be self-contained, 1 when they will need internet."
        ),
        epilog=examples("geomap assets status", "geomap assets status --json | jq .in_use"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_report_format(status)
    status.set_defaults(func=assets_status_command)


def assets_fetch_command(args: argparse.Namespace) -> int:
    """Handle ``geomap assets fetch``; 0 when complete, 2 on failure (one line on stderr)."""
    from . import _asset_fetch
    from ._assets import user_assets_dir
    from ._errors import FetchError, InputError
    from ._io import check_writable_dir
    from ._npm_registry import RegistryError, registry_url

    try:
        registry = registry_url(args.registry)
    except RegistryError as exc:
        raise InputError(f"--registry: {exc}") from None
    from .settings import settings

    # an asset folder set by GEOMAP_ASSETS is the only one pages use: fill that one
    dest = Path(args.dest or settings.assets_dir or user_assets_dir()).expanduser()
    check_writable_dir(dest, "--dest")
    previous = _asset_fetch.REGISTRY
    _asset_fetch.REGISTRY = registry
    try:
        code = _asset_fetch.update(
            dest, force=args.force, quiet=args.quiet, prog="geomap assets fetch"
        )
    except OSError as exc:
        raise FetchError(
            f"cannot write the assets in {str(dest)!r}: {exc.strerror or exc}"
        ) from None
    finally:
        _asset_fetch.REGISTRY = previous
    if code:
        return 2  # the reason was printed on one line
    if not args.quiet:
        print(f"pages are now self-contained (assets in {dest})")
    return 0


def assets_status() -> dict[str, Any]:
    """What ``geomap assets status`` shows, as a JSON-ready dict."""
    import folium

    from . import _assets
    from ._asset_fetch import discover_urls

    in_use = _assets.find_assets_dir()
    wanted = discover_urls()
    folders = []
    for label, path in _assets.asset_dirs():
        manifest = _assets._load_manifest(path) if (path / _assets.MANIFEST).is_file() else {}
        entries = manifest.get("assets", {})
        ok = {
            url
            for url, e in entries.items()
            if _assets._read_verified(path, e.get("path", ""), e.get("sha256")) is not None
        }
        folders.append(
            {
                "where": label,
                "path": str(path),
                "manifest": bool(manifest),
                "in_use": in_use is not None and path.resolve() == in_use.resolve(),
                "files": len(entries),
                "verified": len(ok),
                "covered": len(ok & set(wanted)),
                "missing": sorted(set(wanted) - ok),
            }
        )
    if in_use is not None and not any(f["in_use"] for f in folders):  # settings.assets_dir
        folders.insert(0, {"where": "settings.assets_dir", "path": str(in_use), "in_use": True})
    used = next((f for f in folders if f["in_use"]), None)
    complete = bool(used and used.get("manifest") and not used.get("missing"))
    return {
        "folium": folium.__version__,
        "needed": len(wanted),
        "in_use": str(in_use) if in_use else None,
        "self_contained": complete,
        "folders": folders,
    }


def assets_status_command(args: argparse.Namespace) -> int:
    """Handle ``geomap assets status``; 0 when pages are self-contained, else 1."""
    info = assets_status()
    print_report(args, info, _status_lines)
    return 0 if info["self_contained"] else 1


def _status_lines(info: dict[str, Any]) -> list[str]:
    """The human report of :func:`assets_status`."""
    out = [f"folium {info['folium']} pages load {info['needed']} front-end file(s)"]
    for f in info["folders"]:
        mark = "*" if f["in_use"] else " "
        if not f.get("manifest", True):
            state = "none"
        elif "covered" not in f:
            state = "set by settings.assets_dir"
        else:
            state = f"{f['covered']}/{info['needed']} needed file(s) present and verified"
        out.append(f"{mark} {f['where']:<14} {f['path']}: {state}")
    if info["self_contained"]:
        out.append("pages are self-contained (they open offline)")
    else:
        out.append(
            "pages need internet: run `geomap assets fetch` once to make them self-contained"
        )
    return out
