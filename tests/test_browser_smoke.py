"""A folium page with geomap's plugins, made self-contained, works in headless Chromium.

The browser resolves no host name (see tests/_browser.py), so any file the
page still wanted from a CDN would show up as an error here.
"""

from __future__ import annotations

import hashlib
import json
import struct

import folium
import pytest
from folium import plugins

from geomap._assets import assets_available, inline_assets

try:
    from tests._browser import Browser, serve_dir
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from _browser import Browser, serve_dir

pytestmark = pytest.mark.browser

needs_assets = pytest.mark.skipif(
    not assets_available(), reason="front-end assets not fetched; run tools/fetch_assets.py"
)

OVERLAYS = ["Test oblast", "Settlements"]
#: a 1x1 light-grey PNG, used as every tile of the minimap
BLANK_TILE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN48eIFAAV0ArnZwsdlAAAAAElFTkSuQmCC"
)


def _square(lon: float, lat: float, size: float) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _smoke_map() -> folium.Map:
    m = folium.Map(location=[50.5, 36.0], zoom_start=7, tiles=None)
    m.options["maxZoom"] = 18  # MarkerCluster needs it; tiles=None sets none
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "west"}, "geometry": _square(34, 50, 1.5)},
            {"type": "Feature", "properties": {"name": "east"}, "geometry": _square(36, 50, 1.5)},
        ],
    }
    folium.GeoJson(
        geojson,
        name=OVERLAYS[0],
        style_function=lambda _f: {"color": "#c00000", "fillColor": "#ff8080", "weight": 3},
        tooltip=folium.GeoJsonTooltip(fields=["name"]),
    ).add_to(m)
    cluster = plugins.MarkerCluster(name=OVERLAYS[1]).add_to(m)
    for i in range(6):
        folium.Marker([50.2 + 0.02 * i, 35.0 + 0.02 * i], tooltip=f"place {i}").add_to(cluster)
    folium.Marker(
        [51.2, 37.0], icon=folium.Icon(color="red", icon="info-sign"), tooltip="lone"
    ).add_to(m)
    folium.Marker([49.6, 34.5], icon=folium.Icon(prefix="fa", icon="star")).add_to(m)
    folium.Marker([51.1, 34.6], tooltip="default icon").add_to(m)
    plugins.Fullscreen().add_to(m)
    plugins.MeasureControl().add_to(m)
    # the minimap needs a tile layer: one blank data: tile, so no network is used
    plugins.MiniMap(tile_layer=folium.TileLayer(tiles=BLANK_TILE, attr="blank")).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


CHECKS = {
    "leaflet": "typeof L",
    "jquery": "typeof jQuery",
    "overlays": (
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(l => l.textContent.trim())"
    ),
    "paths": "document.querySelectorAll('path.leaflet-interactive').length",
    "clusters": "document.querySelectorAll('.marker-cluster').length",
    "fullscreen": "document.querySelectorAll('.leaflet-control-zoom-fullscreen').length",
    "measure": "document.querySelectorAll('.leaflet-control-measure').length",
    "minimap": "document.querySelectorAll('.leaflet-control-minimap').length",
    "icons_ok": (
        "Array.from(document.querySelectorAll('img.leaflet-marker-icon'))"
        ".map(i => i.complete && i.naturalWidth > 0)"
    ),
    "fa_fonts": (
        "Array.from(document.fonts).filter("
        "f => f.family.includes('Font Awesome 6 Free') && f.status === 'loaded').length"
    ),
    "external": (
        "Array.from(document.querySelectorAll('script[src],link[href]'))"
        ".map(e => e.src || e.href).filter(u => /^https?:/.test(u))"
    ),
}


@pytest.fixture(scope="module")
def browser():
    with Browser(width=900, height=650) as b:
        yield b


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    if not assets_available():
        pytest.skip("front-end assets not fetched; run tools/fetch_assets.py")
    html = inline_assets(_smoke_map().get_root().render())
    path = tmp_path_factory.mktemp("smoke") / "map.html"
    path.write_text(html, encoding="utf-8")
    return path


@needs_assets
def test_self_contained_map_renders_offline(browser, page_file, tmp_path):
    shot = tmp_path / "map.png"
    page = browser.open(
        page_file,
        evaluate=CHECKS,
        wait_for=f"{CHECKS['clusters']} > 0 && {CHECKS['fa_fonts']} > 0",
        screenshot=shot,
    )
    assert page.js_errors == []
    v = page.values
    assert v["leaflet"] == "object"
    assert v["jquery"] == "function"
    assert v["overlays"] == OVERLAYS
    assert v["paths"] >= 2  # the two GeoJSON squares
    assert v["clusters"] >= 1
    assert (v["fullscreen"], v["measure"], v["minimap"]) == (1, 1, 1)
    assert v["icons_ok"] and all(v["icons_ok"])  # default marker images from data: URIs
    assert v["fa_fonts"] >= 1  # the star icon's font, from a data: URI
    assert v["external"] == []
    assert _png_size(shot) == (900, 650)


@needs_assets
def test_same_page_over_http(browser, page_file):
    with serve_dir(page_file.parent) as base:
        page = browser.open(base + page_file.name, evaluate={"leaflet": "typeof L"})
    assert page.js_errors == []
    assert page.values["leaflet"] == "object"


def test_cdn_page_fails_offline(browser, tmp_path):
    """Without inlining the page needs the CDNs; the offline browser reports it."""
    path = tmp_path / "cdn.html"
    path.write_text(folium.Map(tiles=None).get_root().render(), encoding="utf-8")
    page = browser.open(path, evaluate={"leaflet": "typeof L"})
    assert page.values["leaflet"] == "undefined"
    assert any("leaflet" in e for e in page.js_errors)


def test_errors_are_collected(browser, tmp_path):
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><head><title>broken</title></head><body><script>"
        "console.error('first problem'); notDefinedAnywhere();"
        "</script></body></html>",
        encoding="utf-8",
    )
    page = browser.open(path)
    assert page.title == "broken"
    assert any("first problem" in e for e in page.js_errors)
    assert any("notDefinedAnywhere" in e for e in page.js_errors)


def test_inlined_script_keeps_its_meaning(browser, tmp_path):
    """End-tag and comment escapes inside an inlined script do not change its values."""
    url = "https://cdn.example.org/npm/lib@1.0.0/lib.js"
    js = (
        b"window.s1 = '</script><script>window.bad = 1;</script>';\n"
        b"window.s2 = '<!-- <script> -->';\n"
        b"window.re = /<\\/script>/.test('</script>');\n"
    )
    root = tmp_path / "assets"
    (root / "npm").mkdir(parents=True)
    (root / "npm/lib.js").write_bytes(js)
    sha = hashlib.sha256(js).hexdigest()
    manifest = {
        "format": 1,
        "assets": {url: {"kind": "js", "path": "npm/lib.js", "sha256": sha, "source": "t"}},
        "files": {"npm/lib.js": sha},
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    page = tmp_path / "page.html"
    html = f'<html><head><script src="{url}"></script></head><body><p>x</p></body></html>'
    page.write_text(inline_assets(html, assets_dir=root), encoding="utf-8")
    result = browser.open(
        page,
        evaluate={
            "s1": "window.s1",
            "s2": "window.s2",
            "re": "window.re",
            "bad": "typeof window.bad",
            "paragraphs": "document.querySelectorAll('p').length",
        },
    )
    assert result.js_errors == []
    assert result.values == {
        "s1": "</script><script>window.bad = 1;</script>",
        "s2": "<!-- <script> -->",
        "re": True,
        "bad": "undefined",
        "paragraphs": 1,
    }


@needs_assets
def test_heatmap_plugins_and_colormap_render_offline(browser, tmp_path):
    import branca.colormap

    m = folium.Map(location=[50.0, 36.0], zoom_start=6, tiles=None)
    m.options["maxZoom"] = 18
    points = [[50.0 + 0.1 * i, 36.0 + 0.1 * i, 1.0] for i in range(10)]
    plugins.HeatMap(points, name="Heat").add_to(m)
    plugins.HeatMapWithTime([points[:5], points[5:]], name="Heat over time").add_to(m)
    plugins.MousePosition().add_to(m)
    branca.colormap.LinearColormap(["#ffffcc", "#800026"], vmin=0, vmax=30).add_to(m)
    path = tmp_path / "heat.html"
    path.write_text(inline_assets(m.get_root().render()), encoding="utf-8")
    page = browser.open(
        path,
        evaluate={
            "heat": "typeof L.heatLayer",
            "timedimension": "typeof L.TimeDimension",
            "d3": "typeof d3",
            "canvases": "document.querySelectorAll('canvas').length",
            "mouse": "document.querySelectorAll('.leaflet-control-mouseposition').length",
        },
        screenshot=tmp_path / "heat.png",
    )
    assert page.js_errors == []
    assert page.values["heat"] == "function"
    assert page.values["timedimension"] == "function"
    assert page.values["d3"] == "object"
    assert page.values["canvases"] >= 1
    assert page.values["mouse"] == 1
