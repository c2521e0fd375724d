"""The front line over time page in headless Chromium, offline from file://.

A reader moves the slider (keyboard and the ◀ ▶ buttons) and what is shown
changes: the date, the occupied area, the changed pieces drawn; popups give
km² by oblast. The browser resolves no host name (tests/_browser.py), so the
page must be self-contained.
"""

from __future__ import annotations

import pytest
from _frontline_fixtures import mirror_snapshot, write_json

from geomap._assets import assets_available
from geomap.maps import map_to_html

try:
    from tests._browser import Browser
    from tests.test_frontline_map import real_snapshots
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from _browser import Browser
    from test_frontline_map import real_snapshots

from geomap.frontline_time import frontline_map

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not assets_available(), reason="front-end assets not fetched; run tools/fetch_assets.py"
    ),
]

STATE_JS = """
var api = window.geomapFrontline || {};
var panel = document.querySelector('.geomap-time');
return {
    step: api.step, date: api.date, pieces: api.pieces,
    shown: document.querySelector('.geomap-time-date').textContent,
    area: document.querySelector('.geomap-time-area').textContent,
    change: document.querySelector('.geomap-time-change').textContent,
    slider: document.querySelector('.geomap-time-range').value,
    paths: document.querySelectorAll('.leaflet-overlay-pane path').length,
    external: Array.from(document.querySelectorAll('script[src],link[href],img[src]'))
        .map(e => e.src || e.href).filter(u => /^https?:/.test(u)),
    panelDate: panel.getAttribute('data-date')
};
"""
#: open the popup of the largest changed piece on screen; return its text
POPUP_JS = """
var map = window[Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)];
var best = null, size = -1;
map.eachLayer(function (l) {
    if (l.feature && l.feature.properties && l.feature.properties.k && l.getBounds) {
        var b = l.getBounds(), s = (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth());
        if (s > size) { size = s; best = l; }
    }
});
if (!best) { return null; }
best.openPopup(best.getBounds().getCenter());
var el = best.getPopup().getElement();
var text = el ? el.textContent : "";
best.closePopup();
return text;
"""


@pytest.fixture(scope="module")
def browser():
    with Browser(width=1280, height=860) as b:
        yield b


def _km2(value: float) -> str:
    return f"{round(value):,} km²"


def _check_slider(browser, m, path, shot):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    steps = m.steps
    n = len(steps)
    page = browser.open(path, wait_for="window.geomapFrontline", screenshot=shot)
    assert page.js_errors == []
    d = browser.driver
    seen = []
    state = d.execute_script(STATE_JS)
    assert state["external"] == []
    for i in range(n - 1, -1, -1):  # the page opens on the latest date; go back one by one
        row = steps.iloc[i]
        day = f"{row['date']:%Y-%m-%d}"
        assert state["step"] == i and state["slider"] == str(i)
        assert state["shown"] == state["date"] == state["panelDate"] == day
        assert _km2(row["area_km2"]) in state["area"]
        assert state["pieces"] == row["pieces"]
        if i:
            prev = f"{steps['date'].iloc[i - 1]:%Y-%m-%d}"
            assert f"Since {prev}: +{_km2(row['gained_km2'])}" in state["change"]
            # previous outline + occupied area + every piece, each at least one path
            assert state["paths"] >= 2 + row["pieces"]
            if row["pieces"]:
                popup = d.execute_script(POPUP_JS)
                assert "km²" in popup and f"{prev} → {day}" in popup and "Total" in popup
                top = m.changes[i]["oblast"].iloc[0]
                assert top in popup  # km² per oblast in the popup
        else:
            assert "First date" in state["change"]
        seen.append((state["shown"], state["area"], state["paths"]))
        if i:
            d.find_element(By.CSS_SELECTOR, ".geomap-time-range").send_keys(Keys.ARROW_LEFT)
            state = d.execute_script(STATE_JS)
    assert len({s[0] for s in seen}) == n and len({s[1] for s in seen}) == n
    # the ▶ button goes forward again, and stops at the last date
    for _ in range(n + 1):
        d.find_element(By.CSS_SELECTOR, ".geomap-time-next").click()
    state = d.execute_script(STATE_JS)
    assert state["step"] == n - 1 and state["shown"] == seen[0][0]
    assert d.find_element(By.CSS_SELECTOR, ".geomap-time-next").get_attribute("disabled")
    errors = d.execute_script("return window.__geomapErrors || [];")
    assert errors == []


def test_slider_changes_what_is_shown(browser, tmp_path):
    files = []
    for day, edge in (("2025-03-01", 36.5), ("2025-05-22", 36.2), ("2025-08-01", 36.35)):
        name = f"deepstatemap_data_{day.replace('-', '')}.geojson"
        files.append(write_json(tmp_path / name, mirror_snapshot(day, east_edge=edge)))
    m = frontline_map(files)
    path = map_to_html(m, tmp_path / "time.html")
    _check_slider(browser, m, path, tmp_path / "time.png")
    # one gain then one loss: the pieces of the two steps have the two colours
    assert m.steps["gained_km2"].iloc[1] > 0 and m.steps["lost_km2"].iloc[2] > 0


def test_real_snapshots_in_chromium(browser, tmp_path):
    paths = real_snapshots()
    m = frontline_map(paths)
    path = map_to_html(m, tmp_path / "real_time.html")
    _check_slider(browser, m, path, tmp_path / "real_time.png")


def test_user_layers_extend_the_page(browser, tmp_path):
    import folium

    files = []
    for day, edge in (("2025-03-01", 36.5), ("2025-05-22", 36.2)):
        name = f"deepstatemap_data_{day.replace('-', '')}.geojson"
        files.append(write_json(tmp_path / name, mirror_snapshot(day, east_edge=edge)))
    m = frontline_map(files, by=None)
    group = folium.FeatureGroup(name="mine").add_to(m)
    folium.Marker([48.0159, 37.8028], popup="Donetsk").add_to(group)
    folium.LayerControl().add_to(m)
    path = map_to_html(m, tmp_path / "mine.html")
    page = browser.open(
        path,
        wait_for="window.geomapFrontline",
        evaluate={
            "markers": "document.querySelectorAll('.leaflet-marker-icon').length",
            "overlays": "document.querySelectorAll('.leaflet-control-layers-overlays label').length",
        },
    )
    assert page.js_errors == []
    assert page.values == {"markers": 1, "overlays": 1}
    browser.driver.execute_script("geomapFrontline.show(0)")
    state = browser.driver.execute_script(STATE_JS)
    assert state["shown"] == "2025-03-01" and state["pieces"] == 0
