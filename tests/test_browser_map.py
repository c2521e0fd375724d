"""The sample map in headless Chromium, offline from file://.

The browser resolves no host name (tests/_browser.py), so these pages must be
self-contained: Leaflet and its plugins are inlined from the asset cache.
"""

from __future__ import annotations

import struct

import pytest

from geomap._assets import assets_available
from geomap.data import data_dir
from geomap.maps import map_article, map_to_html

try:
    from tests._browser import Browser
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from _browser import Browser

try:
    from tests.test_maps import INJECTION
except ImportError:
    from test_maps import INJECTION

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not assets_available(), reason="front-end assets not fetched; run tools/fetch_assets.py"
    ),
]

SAMPLE = (data_dir() / "sample_article.txt").read_text(encoding="utf-8")

#: the Leaflet map object of a folium page
MAP_JS = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)]"
CHECKS = {
    "leaflet": "typeof L",
    "overlays": (
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))"
        ".map(l => l.textContent.trim())"
    ),
    "checked": (
        "Array.from(document.querySelectorAll('.leaflet-control-layers-overlays input'))"
        ".filter(i => i.checked).length"
    ),
    "paths": "document.querySelectorAll('path.leaflet-interactive').length",
    "places": "document.querySelectorAll('path.geomap-place').length",
    "title_block": "(document.querySelector('.geomap-title') || {}).textContent || ''",
    "legend": "(document.querySelector('.geomap-legend') || {}).textContent || ''",
    "clusters": "document.querySelectorAll('.marker-cluster').length",
    "scale": "document.querySelectorAll('.leaflet-control-scale').length",
    "fullscreen": "document.querySelectorAll('.leaflet-control-zoom-fullscreen').length",
    "measure": "document.querySelectorAll('.leaflet-control-measure').length",
    "external": (
        "Array.from(document.querySelectorAll('script[src],link[href],img[src]'))"
        ".map(e => e.src || e.href).filter(u => /^https?:/.test(u))"
    ),
}
#: open every popup and tooltip of every layer on the map, one after the other
OPEN_ALL_JS = f"""
var map = {MAP_JS};
var popups = 0, tooltips = 0, texts = [];
map.eachLayer(function (l) {{
    if (l.getTooltip && l.getTooltip()) {{ l.openTooltip(); tooltips++; }}
    if (l.getPopup && l.getPopup()) {{
        l.openPopup();
        popups++;
        var el = l.getPopup().getElement();
        texts.push(el ? el.textContent : "");
        l.closePopup();
    }}
}});
var done = arguments[arguments.length - 1];
setTimeout(function () {{ done([popups, tooltips, texts, document.title]); }}, 700);
"""


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.fixture(scope="module")
def browser():
    with Browser(width=1280, height=860) as b:
        yield b


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    m = map_article(SAMPLE)
    path = map_to_html(m, tmp_path_factory.mktemp("sample") / "sample_map.html")
    return m, path


def test_sample_map_in_chromium(browser, sample, tmp_path):
    m, path = sample
    shot = tmp_path / "sample_map.png"
    page = browser.open(
        path,
        evaluate=CHECKS,
        wait_for=f"{CHECKS['clusters']} > 0 && {CHECKS['places']} > 0",
        screenshot=shot,
    )
    assert page.js_errors == []
    v = page.values
    assert v["leaflet"] == "object"
    assert v["overlays"] == m.layer_names()  # every layer is listed, in order
    assert v["checked"] == len(m.layer_names())
    places = m.layers.places
    named_points = places["kind"].isin(["city", "town", "village", "raion"])
    assert v["places"] == int(named_points.sum()) >= 4  # Sumy, Moscow, Kyiv, Glushkovsky District
    assert v["paths"] > 20
    assert v["clusters"] >= 1
    assert (v["scale"], v["fullscreen"], v["measure"]) == (1, 1, 1)
    assert v["title_block"].startswith("Putin tells the army to carve out a wide buffer zone")
    assert "Natural Earth" in v["title_block"] and "GeoNames" in v["title_block"]
    assert "Zone 0–10 km" in v["legend"] and "Zone 0–30 km" in v["legend"]
    assert v["external"] == []
    assert page.title == m.layers.headline
    assert _png_size(shot) == (1280, 860)


def test_popups_and_tooltips_open(browser, sample):
    _, path = sample
    browser.open(path, wait_for=CHECKS["places"] + " > 0")
    popups, tooltips, texts, title = browser.driver.execute_async_script(OPEN_ALL_JS)
    assert popups >= 10 and tooltips >= popups
    assert any("Sumy must be ours" in t and "Distance to the border sector" in t for t in texts)
    assert any(t.startswith("0–30 km zone, Ukraine") for t in texts)
    assert title == "Putin tells the army to carve out a wide buffer zone inside Ukraine"


def test_click_on_a_place_opens_its_popup(browser, sample):
    _, path = sample
    browser.open(path, wait_for=CHECKS["places"] + " > 0")
    text = browser.driver.execute_async_script(
        """
        var done = arguments[arguments.length - 1];
        var el = document.querySelector('path.geomap-place');
        el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
        setTimeout(function () {
            var c = document.querySelector('.leaflet-popup-content');
            done(c ? c.innerHTML : null);
        }, 300);
        """
    )
    assert text and "<h4>" in text and "<mark>" in text


def test_injected_article_runs_no_script(browser, tmp_path):
    path = map_to_html(map_article(INJECTION), tmp_path / "injected.html")
    page = browser.open(
        path,
        evaluate={
            "places": CHECKS["places"],
            "scripts": "document.querySelectorAll('script:not([src])').length",
            "imgs": "document.querySelectorAll('img[src=\"x\"]').length",
        },
        wait_for=CHECKS["places"] + " > 0",
    )
    assert page.js_errors == []
    assert page.values["places"] >= 2
    assert page.title.startswith("Shelling hits <b>Sumy</b> <script>")  # shown as text
    popups, tooltips, texts, title = browser.driver.execute_async_script(OPEN_ALL_JS)
    assert popups >= 3 and tooltips >= 3
    assert title != "pwned"
    assert browser.driver.execute_script("return document.title") != "pwned"
    # the markup is displayed as text in the popups, never parsed
    assert any("<script>document.title='pwned'</script>" in t for t in texts)
    assert any("<img src=x onerror=" in t for t in texts)
    assert any("${document.title='pwned'}" in t for t in texts)
    assert (
        browser.driver.execute_script(
            'return document.querySelectorAll(\'img[src="x"], a[href^="javascript:"]\').length'
        )
        == 0
    )


def _user_layers(m) -> None:
    """The standard folium idiom: a user's own layer and marker after map_article."""
    import folium

    group = folium.FeatureGroup(name="My notes").add_to(m)
    folium.Marker([50.91, 34.80], popup="my own note on Sumy").add_to(group)


@pytest.mark.parametrize("own_control", [False, True])
def test_map_can_be_extended_like_any_folium_map(browser, tmp_path, own_control):
    """Layers (and a LayerControl) added to the returned map work: no JS error, listed."""
    import folium

    m = map_article(SAMPLE)
    _user_layers(m)
    if own_control:
        folium.LayerControl().add_to(m)
    path = map_to_html(m, tmp_path / "extended.html")
    page = browser.open(
        path,
        evaluate={
            **CHECKS,
            "controls": "document.querySelectorAll('.leaflet-control-layers').length",
            "markers": "document.querySelectorAll('.leaflet-marker-icon').length",
        },
        wait_for=CHECKS["places"] + " > 0",
    )
    assert page.js_errors == []
    v = page.values
    assert v["controls"] == 1  # one control: geomap's, or the user's when they add one
    assert v["overlays"][-1] == "My notes"
    assert v["overlays"][:-1] == m.layer_names()[:-1]
    assert v["places"] > 0 and v["markers"] >= 1
    assert v["external"] == []
    # the user's popup opens with its text (folium's popup code needs its scripts)
    texts = browser.driver.execute_async_script(OPEN_ALL_JS)[2]
    assert any("my own note on Sumy" in t for t in texts)
