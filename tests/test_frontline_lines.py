"""The front line as lines (borders and coasts removed) and zones along it, on bundled data."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from _frontline_fixtures import mirror_snapshot, write_json
from pyproj import Geod

from geomap import DataError, InputError
from geomap.data import borders, countries
from geomap.frontline import (
    frontline_from_file,
    frontline_to_lines,
    frontline_zones,
    occupied_union,
)

GEOD = Geod(ellps="WGS84")


def _ua():
    c = countries()
    return shapely.union_all(list(c.loc[c["iso2"] == "UA", "geometry"]))


def _snapshot(geom) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"date": [np.datetime64("2025-05-22")], "source": ["user"], "status": ["occupied"]},
        geometry=[geom],
        crs=4326,
    )


def _metres(geoms, crs="+proj=laea +lat_0=48.5 +lon_0=37.5 +datum=WGS84 +units=m"):
    return gpd.GeoSeries(list(geoms), crs=4326).to_crs(crs)


def test_box_against_border_and_coast():
    # occupied = Ukraine east of 37.5E and south of 49.5N: its edge runs along
    # the Russian border (east) and the Azov coast (south); the front is only the
    # two straight box edges across Ukrainian land
    box = shapely.box(37.5, 46.0, 41.0, 49.5)
    occ = shapely.intersection(_ua(), box)
    lines = frontline_to_lines(_snapshot(occ))
    assert list(lines.columns) == ["date", "source", "length_km", "geometry"]
    assert lines.crs.to_epsg() == 4326
    got = lines["length_km"].sum()
    inside = shapely.intersection(box.boundary, _ua())
    expected = GEOD.geometry_length(inside) / 1000
    # within tolerance_km (5) of the coast and where the free strip between the
    # box edge and the border is narrower than that, edges are dropped
    assert expected - 30 <= got <= expected + 1
    assert lines["length_km"].iloc[0] >= 0.9 * expected
    finer = frontline_to_lines(_snapshot(occ), tolerance_km=1.0)
    # (the ~10 m border meanders where the box edge meets it: up to 4 km dropped there)
    assert expected - 4 <= finer["length_km"].sum() <= expected + 1
    # every vertex of the front lies on the box edges, none on the border or coast
    verts = shapely.points(shapely.get_coordinates(lines.union_all()))
    d = _metres(verts).distance(_metres([shapely.segmentize(box.boundary, 0.01)]).iloc[0])
    assert d.max() < 50
    assert np.isclose(
        lines["length_km"].iloc[0], GEOD.geometry_length(lines.geometry.iloc[0]) / 1000
    )


def test_narrow_strip_along_the_border_keeps_its_inland_edge():
    # a 4 km deep occupied strip along the Russian border in Sumy oblast: the
    # front is its inland edge, not the border itself
    window = shapely.box(34.0, 50.9, 35.4, 51.6)
    ru_ua = borders()
    ru_ua = ru_ua[(ru_ua["left"] + ru_ua["right"]).isin(["RUUA", "UARU"])]
    border = shapely.intersection(ru_ua.union_all(), window)
    local = "+proj=laea +lat_0=51.2 +lon_0=34.7 +datum=WGS84 +units=m"
    strip_m = _metres([border], local).buffer(4_000).iloc[0]
    strip = gpd.GeoSeries([strip_m], crs=local).to_crs(4326).iloc[0]
    occ = shapely.intersection(shapely.intersection(strip, _ua()), window)
    lines = frontline_to_lines(_snapshot(occ))
    # the strip's inland edge: a 4 km offset of the ~10 m border is much smoother (shorter)
    # than the border itself, so measure the edge, not the border
    edge = shapely.intersection(shapely.intersection(strip.boundary, _ua()), window)
    edge_km = GEOD.geometry_length(edge) / 1000
    assert lines["length_km"].sum() >= 0.8 * edge_km
    verts = shapely.points(shapely.get_coordinates(lines.union_all()))
    dist = _metres(verts, local).distance(_metres([border], local).iloc[0]) / 1000
    assert 3.5 <= float(np.median(dist)) <= 4.5
    # the simple rule "drop everything near a border" would have lost all of it
    assert (dist < 5).mean() > 0.8


def test_no_front_inside_an_island_of_occupation():
    # an occupied square deep inside Ukraine: its whole perimeter is front line
    sq = shapely.box(33.0, 48.0, 33.5, 48.3)
    lines = frontline_to_lines(_snapshot(sq))
    assert len(lines) == 1
    assert lines["length_km"].iloc[0] == pytest.approx(
        GEOD.geometry_length(sq.boundary) / 1000, rel=1e-3
    )


def test_lines_options_and_errors(tmp_path):
    sq = shapely.box(33.0, 48.0, 33.5, 48.3)
    with pytest.raises(InputError, match="0 or more"):
        frontline_to_lines(_snapshot(sq), tolerance_km=-1)
    empty = _snapshot(sq).assign(status="contested")
    with pytest.raises(DataError, match="no occupied area"):
        frontline_to_lines(empty)
    assert frontline_to_lines(_snapshot(sq), min_length_km=1e4).empty


def test_zones_along_the_front(tmp_path):
    path = write_json(
        tmp_path / "deepstatemap_data_20250522.geojson", mirror_snapshot("2025-05-22")
    )
    snap = frontline_from_file(path)
    lines = frontline_to_lines(snap)
    free = frontline_zones(snap, [10, 25])
    assert free["depth_km"].tolist() == [10.0, 25.0]
    assert set(free["part"]) == {"free"} and set(free["side"]) == {"UA"}
    assert free["area_km2"].is_monotonic_increasing
    assert free["sector"].iloc[0] == "front line 2025-05-22"
    occ = occupied_union(snap)
    # the free side does not reach into the occupied area, the occupied side stays in it
    overlap = shapely.intersection(free.geometry.iloc[1], occ)
    assert overlap.area < 1e-6
    occupied = frontline_zones(snap, [25], side="occupied", lines=lines)
    assert occupied.geometry.iloc[0].difference(occ.buffer(1e-6)).area < 1e-9
    both = frontline_zones(snap, [25], side="both", lines=lines)
    assert both["area_km2"].iloc[0] == pytest.approx(
        free["area_km2"].iloc[1] + occupied["area_km2"].iloc[0], rel=0.01
    )
    bands = frontline_zones(snap, [10, 25], mode="bands", lines=lines)
    assert bands["inner_km"].tolist() == [0.0, 10.0]
    with pytest.raises(InputError, match="side="):
        frontline_zones(snap, [10], side="left")


def test_zone_report_works_on_front_zones(tmp_path):
    from geomap.zones import zone_report

    path = write_json(
        tmp_path / "deepstatemap_data_20250522.geojson", mirror_snapshot("2025-05-22")
    )
    zones = frontline_zones(frontline_from_file(path), [10])
    report = zone_report(zones)
    assert len(report.settlements)
    assert float(report.settlements["distance_km"].max()) <= 10.01
