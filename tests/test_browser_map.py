"""The sample map in headless Chromium, offline from file://.

The browser resolves no host name (tests/_browser.py), so these pages must be
self-contained: Leaflet and its plugins are inlined from the asset cache.
"""

from __future__ import annotations

import http.server
import io
import struct
import threading

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


# ----------------------------------------------------------------- basemap
#: visible basemap labels by class, their texts, and overlaps between any two visible labels
LABELS_JS = """
var c = document.querySelector('.leaflet-container'), cr = c.getBoundingClientRect();
function inView(r) {
    return r.width > 0 && r.right > cr.left && r.left < cr.right && r.bottom > cr.top
        && r.top < cr.bottom;
}
var out = {c: [], o: [], s: [], boxes: []};
document.querySelectorAll('.geomap-base-label').forEach(function (el) {
    var span = el.querySelector('span'), r = span.getBoundingClientRect();
    if (!inView(r)) { return; }
    var cls = /gl-c/.test(el.className) ? 'c' : /gl-o/.test(el.className) ? 'o' : 's';
    out[cls].push(span.textContent);
    out.boxes.push([span.textContent, r.left, r.top, r.right, r.bottom]);
});
document.querySelectorAll('.leaflet-tooltip.geomap-label').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (inView(r)) { out.boxes.push(['named:' + el.textContent, r.left, r.top, r.right, r.bottom]); }
});
document.querySelectorAll('.marker-cluster').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (inView(r)) { out.boxes.push(['cluster', r.left, r.top, r.right, r.bottom]); }
});
return out;
"""


def _overlaps(boxes, slack: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap by more than ``slack`` pixels (clusters among themselves
    are the plugin's business)."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0] == b[0] == "cluster":
                continue
            if (
                min(a[3], b[3]) - max(a[1], b[1]) > slack
                and min(a[4], b[4]) - max(a[2], b[2]) > slack
            ):
                found.append((a[0], b[0]))
    return found


LABELS_DONE = "document.querySelector('.leaflet-container').getAttribute('data-geomap-labels')"


def _labels_when_placed(browser) -> dict:
    """The labels once the page has placed them for the current view (see _basemap.py)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser.driver, 20, poll_frequency=0.1).until(
        lambda d: d.execute_script(f"return {LABELS_DONE};") == "done"
    )
    return browser.driver.execute_script(LABELS_JS)


def _set_view(browser, lat: float, lon: float, zoom: int) -> dict:
    browser.driver.execute_script(f"{MAP_JS}.setView([{lat}, {lon}], {zoom}, {{animate: false}});")
    assert browser.driver.execute_script(f"return {LABELS_DONE};") == "pending"
    return _labels_when_placed(browser)


def test_offline_basemap_labels_countries_oblasts_settlements(browser, sample):
    _, path = sample
    browser.open(path, wait_for="document.querySelectorAll('.geomap-base-label').length > 0")
    first = _labels_when_placed(browser)  # as the page opens: Sumy clear of its bubble
    assert any(b[0] == "named:Sumy" for b in first["boxes"]) and _overlaps(first["boxes"]) == []
    labels = _set_view(browser, 50.0, 34.0, 6)  # Ukraine and its neighbours
    assert {"Ukraine", "Russia", "Belarus"} <= set(labels["c"])
    assert "Kharkiv Oblast" in labels["o"] and len(labels["o"]) >= 10
    assert {"Dnipro", "Odesa", "Lviv"} <= set(labels["s"]) and len(labels["s"]) >= 10
    assert _overlaps(labels["boxes"]) == []
    # zoomed in on Sumy: small towns appear, countries and oblasts give way
    near = _set_view(browser, 50.91, 34.80, 10)
    assert near["c"] == [] and near["o"] == []
    assert len(set(near["s"]) - set(labels["s"])) >= 5  # towns too small for zoom 6
    assert {"Lebedyn", "Bilopillia"} & set(near["s"]) and len(near["s"]) >= 8
    # the article's Sumy is labelled once (its own label), clear of the cluster bubbles
    assert "Sumy" not in near["s"] and any(b[0] == "named:Sumy" for b in near["boxes"])
    assert _overlaps(near["boxes"]) == []


def test_named_places_labels_do_not_collide(browser, tmp_path):
    text = (
        "Russian forces press on Pokrovsk and Myrnohrad\n\n"
        "Russian troops advanced on the outskirts of Pokrovsk and cut a road to Myrnohrad; "
        "fighting went on near Rodynske and Selydove in Donetsk Oblast."
    )
    path = map_to_html(map_article(text), tmp_path / "pokrovsk.html")
    page = browser.open(path, wait_for=CHECKS["places"] + " > 0")
    assert page.js_errors == []
    for zoom in (9, 11):
        labels = _set_view(browser, 48.29, 37.18, zoom)
        named = {b[0] for b in labels["boxes"] if b[0].startswith("named:")}
        assert {"named:Pokrovsk", "named:Myrnohrad"} <= named
        assert _overlaps(labels["boxes"]) == []
        assert len(labels["s"]) >= 5  # the towns around them are named too


def test_ukrainian_article_gets_ukrainian_basemap_names(browser, tmp_path):
    text = "Дрони атакували Суми\n\nУ Сумській області дрони атакували Суми та Охтирку."
    path = map_to_html(map_article(text, along=None), tmp_path / "uk.html")
    browser.open(path, wait_for="document.querySelectorAll('.geomap-base-label').length > 0")
    labels = _set_view(browser, 50.0, 34.0, 6)
    assert "Україна" in labels["c"] and "Харківська область" in labels["o"]
    assert "Харків" in labels["s"]


class _TileHandler(http.server.BaseHTTPRequestHandler):
    """Serves one PNG for every tile path: a stand-in for the tile host."""

    tile = b""
    requests = 0

    def do_GET(self):
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def tile_server():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (256, 256), TILE_RGB).save(buf, format="PNG")
    handler = type("Tiles", (_TileHandler,), {"tile": buf.getvalue(), "requests": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


#: colour of the stand-in tiles: a green no other layer of the page uses
TILE_RGB = (40, 190, 70)
#: share of the map view covered by loaded tile images (grid of sample points)
TILE_COVER_JS = (
    "var map = "
    + MAP_JS
    + """, c = map.getContainer(), cr = c.getBoundingClientRect();
var imgs = Array.from(c.querySelectorAll('.leaflet-tile-pane img.leaflet-tile-loaded'))
    .filter(function (i) { return !i.closest('.leaflet-control-minimap'); })
    .map(function (i) { return i.getBoundingClientRect(); });
var hit = 0, n = 0;
for (var x = 0.5; x < 40; x++) { for (var y = 0.5; y < 30; y++) {
    var px = cr.left + cr.width * x / 40, py = cr.top + cr.height * y / 30;
    n++;
    if (imgs.some(function (r) { return px >= r.left && px < r.right && py >= r.top && py < r.bottom; })) { hit++; }
} }
var base = c.querySelector('path.geomap-basemap');
return {cover: hit / n, tiles: imgs.length, mode: c.getAttribute('data-geomap-basemap'),
        fill: base ? getComputedStyle(base).fillOpacity : null,
        labels: Array.from(c.querySelectorAll('.geomap-base-labels'))
            .filter(function (e) { return e.offsetParent !== null; }).length};
"""
)


def _tile_pixel_share(path) -> float:
    """Share of a screenshot's pixels that show the tile green (also under translucent layers)."""
    from PIL import Image

    img = Image.open(path).convert("RGB")
    px = list(zip(*(iter(img.tobytes()),) * 3, strict=True))
    green = sum(1 for r, g, b in px if g > r + 45 and g > b + 45)
    return green / len(px)


def test_tiles_from_a_local_tile_server_cover_the_view(browser, tile_server, tmp_path):
    base, handler = tile_server
    m = map_article(SAMPLE, tiles=base + "{z}/{x}/{y}.png", tiles_attribution="stand-in tiles")
    path = map_to_html(m, tmp_path / "tiles.html")
    shot = tmp_path / "tiles.png"
    page = browser.open(
        path,
        wait_for="document.querySelector('.leaflet-container').getAttribute("
        "'data-geomap-basemap') === 'tiles' && document.querySelectorAll("
        "'.leaflet-tile-pane img.leaflet-tile-loaded').length > 4",
        screenshot=shot,
    )
    assert page.js_errors == []
    assert handler.requests >= 4
    v = browser.driver.execute_script(TILE_COVER_JS)
    assert v["mode"] == "tiles" and v["tiles"] >= 4
    assert v["cover"] >= 0.95  # tile images under the whole view
    assert v["fill"] == "0" and v["labels"] == 0  # the vector fill and labels give way
    share = _tile_pixel_share(shot)
    assert share >= 0.6, f"tiles visible over {share:.0%} of the window"


def test_tiles_unreachable_fall_back_to_the_vector_basemap(browser, tmp_path):
    m = map_article(SAMPLE, tiles="osm")  # the browser resolves no tile host: offline
    path = map_to_html(m, tmp_path / "osm.html")
    page = browser.open(
        path,
        wait_for="document.querySelector('.leaflet-container').getAttribute("
        "'data-geomap-basemap') === 'vector' && document.querySelectorAll("
        "'.geomap-base-label').length > 0",
    )
    # only the tiles themselves failed to load; no script error
    errors = [e.lower() for e in page.js_errors]
    assert errors and all("tile" in e and "failed to load" in e for e in errors)
    v = browser.driver.execute_script(TILE_COVER_JS)
    assert v["mode"] == "vector" and v["fill"] == "1" and v["labels"] == 1
    layers = f"var n = 0; {MAP_JS}.eachLayer(function (l) {{ n += l instanceof L.TileLayer; }});"
    assert browser.driver.execute_script(layers + " return n;") == 0  # the tile layer is gone
    minimap = "document.querySelector('.leaflet-control-minimap').style.display"
    assert browser.driver.execute_script(f"return {minimap};") == "none"  # no blank mini map
