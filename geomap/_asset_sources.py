"""Which npm package and file stand behind each CDN URL a folium page loads.

:func:`discover_urls` lists the URLs (from the installed folium and the plugins
geomap uses); :func:`resolve_url` maps one to its npm package, exact version and
path, or says why it cannot. Fetching and checking is :mod:`geomap._asset_fetch`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

__all__ = [
    "CDNJS_TO_NPM",
    "GEOMAP_PLUGINS",
    "Source",
    "all_plugin_names",
    "discover_urls",
    "resolve_url",
]

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
        return Source("npm", *EXPLICIT[url])
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
