"""Optional checks against real DeepStateMap mirror snapshots.

They run only where the read-only reference folder exists next to the
repository (``<repo>/../shared/reference/deepstate``) and skip cleanly
elsewhere. Nothing from that folder is copied: the tests read it in place
(the fetch test serves it from a local HTTP server into a temporary cache).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from _frontline_fixtures import CITIES, LocalServer, serve
from pyproj import Geod
from shapely.geometry import shape

from geomap.frontline import (
    fetch_snapshot,
    frontline_diff,
    frontline_from_file,
    frontline_to_lines,
    frontline_zones,
    occupied_area_km2,
    occupied_series,
    occupied_union,
)

REPO = Path(__file__).resolve().parents[1]
REF = REPO / ".." / "shared" / "reference" / "deepstate"


def _ref(day: str) -> Path:
    path = REF / f"deepstatemap_data_{day.replace('-', '')}.geojson"
    if not path.is_file():
        pytest.skip(f"reference snapshot {path.name} not available")
    return path


pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="no reference DeepStateMap snapshots here")


def _independent_area_km2(path: Path) -> float:
    """Geodesic area straight from the JSON with pyproj.Geod, without geomap."""
    geod = Geod(ellps="WGS84")
    doc = json.loads(path.read_text(encoding="utf-8"))
    total = 0.0
    for feat in doc["features"]:
        geom = shape(feat["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            rings = [poly.exterior, *poly.interiors]
            areas = [abs(geod.geometry_area_perimeter(shapely.Polygon(r))[0]) for r in rings]
            total += areas[0] - sum(areas[1:])
    return total / 1e6


def test_occupied_area_on_2025_05_22():
    path = _ref("2025-05-22")
    gdf = frontline_from_file(path)
    area = occupied_area_km2(gdf)
    assert area == pytest.approx(_independent_area_km2(path), rel=0.01)
    assert 110_000 <= area <= 120_000
    assert gdf.attrs["repaired"] == 0 and str(gdf["date"].iloc[0].date()) == "2025-05-22"


def test_cities_inside_and_outside():
    union = occupied_union(frontline_from_file(_ref("2025-05-22")))
    for city in ("Sevastopol", "Donetsk"):
        assert union.contains(shapely.Point(CITIES[city])), city
    for city in ("Kharkiv", "Zaporizhzhia", "Kyiv"):
        assert not union.contains(shapely.Point(CITIES[city])), city


def test_diff_spring_2025_is_a_gain():
    pieces, table = frontline_diff(_ref("2025-03-01"), _ref("2025-05-22"))
    attrs = pieces.attrs
    assert attrs["gained_km2"] > attrs["lost_km2"] and attrs["net_km2"] > 0
    assert attrs["net_km2"] == pytest.approx(
        occupied_area_km2(_ref("2025-05-22")) - occupied_area_km2(_ref("2025-03-01")), rel=1e-3
    )
    assert table["oblast"].iloc[0] == "Donetsk Oblast"  # where most ground changed hands
    assert table["gained_km2"].sum() == pytest.approx(attrs["gained_km2"], rel=1e-9)


def test_series_over_the_reference_dates():
    files = sorted(REF.glob("deepstatemap_data_*.geojson"))
    series = occupied_series(files)
    assert series["date"].is_monotonic_increasing and len(series) == len(files)
    assert series["area_km2"].between(100_000, 130_000).all()


def test_front_line_is_not_the_border_or_the_coast():
    lines = frontline_to_lines(frontline_from_file(_ref("2025-05-22")))
    total = float(lines["length_km"].sum())
    # the whole outline of the occupied area is ~4,000 km; the front about 1,100-1,200
    assert 900 <= total <= 1_500
    assert lines["length_km"].iloc[0] >= 0.8 * total  # one main line, few fragments


def test_artillery_zone():
    snap = frontline_from_file(_ref("2025-05-22"))
    lines = frontline_to_lines(snap)
    zones = frontline_zones(snap, [25], lines=lines)
    lines_km = float(lines["length_km"].sum())
    area = float(zones["area_km2"].iloc[0])
    assert 0.5 * 25 * lines_km <= area <= 1.05 * 25 * lines_km


def test_fetch_the_real_files_from_a_local_server(tmp_path):
    body = _ref("2025-05-22").read_bytes()
    name = "deepstatemap_data_20250522.geojson"
    with serve(LocalServer(routes={f"/{name}": (200, body)})) as srv:
        path = fetch_snapshot(
            source="mirror", date="2025-05-22", cache_dir=tmp_path, base_url=srv.url
        )
    assert path.read_bytes() == body
    assert occupied_area_km2(path) == pytest.approx(occupied_area_km2(_ref("2025-05-22")))
