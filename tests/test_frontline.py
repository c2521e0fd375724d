"""Reading front-line snapshots of every source, measuring and comparing them."""

from __future__ import annotations

import json
import logging

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _frontline_fixtures import (
    CADR,
    CITIES,
    CRIMEA,
    GREY,
    LIBERATED,
    deepstate_snapshot,
    isw_layer,
    kml_text,
    mirror_snapshot,
    occupied_main,
    write_json,
    write_kmz,
)
from shapely.geometry import Point

from geomap import DataError, InputError
from geomap.frontline import (
    frontline_diff,
    frontline_from_file,
    frontline_markers_from_file,
    frontline_to_geojson,
    geodesic_area_km2,
    occupied_area_km2,
    occupied_outside_ukraine_km2,
    occupied_series,
    occupied_union,
)


def _equal_area_km2(geom) -> float:
    """Independent check: area in the EPSG:6933 equal-area projection."""
    return float(gpd.GeoSeries([geom], crs=4326).to_crs(6933).area.iloc[0]) / 1e6


def _covers(gdf, city: str, status: str = "occupied") -> bool:
    union = occupied_union(gdf, statuses=(status,))
    return bool(union.covers(Point(CITIES[city])))


# --------------------------------------------------------------------------- DeepStateMap API


@pytest.fixture
def deepstate_file(tmp_path):
    return write_json(tmp_path / "deepstate_20250522_1747900000.geojson", deepstate_snapshot())


def test_deepstate_statuses_names_and_pre2022(deepstate_file):
    gdf = frontline_from_file(deepstate_file)
    assert list(gdf.columns) == ["date", "source", "status", "name", "pre2022", "geometry"]
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["source"]) == {"deepstate"}
    by_name = gdf.set_index("name")
    assert by_name.loc["Occupied", "status"] == "occupied"
    assert by_name.loc["Occupied Crimea", "status"] == "occupied"
    assert by_name.loc["CADR and CALR", "status"] == "occupied"
    assert by_name.loc["Unknown status", "status"] == "contested"
    assert by_name.loc["Liberated", "status"] == "liberated"
    # held since 2014-15 stays distinguishable
    assert bool(by_name.loc["Occupied Crimea", "pre2022"]) is True
    assert bool(by_name.loc["CADR and CALR", "pre2022"]) is True
    assert bool(by_name.loc["Occupied", "pre2022"]) is False
    assert str(gdf["date"].iloc[0].date()) == "2025-05-22"


def test_deepstate_quirks_are_handled(deepstate_file):
    gdf = frontline_from_file(deepstate_file)
    # Transnistria is not a control area of this war; the decoy is outside the region
    assert "Transnistria" not in set(gdf["name"])
    assert gdf.attrs["dropped_unknown"] == 1
    assert gdf.attrs["dropped_outside"] == 1
    assert gdf.attrs["skipped_points"] == 2
    # z = 0 is dropped; the grey zone keeps only its real polygon
    assert not any(shapely.has_z(g) for g in gdf.geometry)
    grey = gdf.loc[gdf["status"] == "contested", "geometry"].iloc[0]
    assert grey.equals(shapely.Polygon(GREY))
    assert gdf.total_bounds[0] > 30 and gdf.total_bounds[2] < 41


def test_deepstate_cities(deepstate_file):
    gdf = frontline_from_file(deepstate_file)
    assert _covers(gdf, "Sevastopol") and _covers(gdf, "Donetsk")
    assert not _covers(gdf, "Kharkiv") and not _covers(gdf, "Zaporizhzhia")
    assert not _covers(gdf, "Kharkiv", "liberated")


def test_deepstate_wrapped_last_response(tmp_path):
    # /api/history/last wraps the collection as {"id": ..., "map": {...}}
    path = write_json(tmp_path / "last.json", deepstate_snapshot(wrapped=True))
    gdf = frontline_from_file(path)
    assert set(gdf["source"]) == {"deepstate"}
    assert str(gdf["date"].iloc[0].date()) == "2025-05-22"  # from the unix id


def test_deepstate_double_encoded(tmp_path):
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(json.dumps(deepstate_snapshot())), encoding="utf-8")
    assert len(frontline_from_file(path, date="2025-01-02")) == 5


def test_markers(deepstate_file):
    markers = frontline_markers_from_file(deepstate_file)
    assert sorted(markers["kind"]) == ["attack_direction", "marker"]
    assert set(markers.geometry.geom_type) == {"Point"}
    assert "999th Imaginary Brigade" in set(markers["name"])


# --------------------------------------------------------------------------- mirror


def test_mirror_file(tmp_path):
    path = write_json(
        tmp_path / "deepstatemap_data_20250301.geojson", mirror_snapshot("2025-03-01")
    )
    gdf = frontline_from_file(path)
    assert len(gdf) == 1
    assert gdf.loc[0, "source"] == "deepstate-mirror"
    assert gdf.loc[0, "status"] == "occupied"
    assert pd.isna(gdf.loc[0, "pre2022"])
    assert str(gdf.loc[0, "date"].date()) == "2025-03-01"
    assert gdf.geometry.iloc[0].geom_type == "MultiPolygon"


def test_mirror_and_api_agree(tmp_path, deepstate_file):
    mirror = frontline_from_file(
        write_json(tmp_path / "deepstatemap_data_20250522.geojson", mirror_snapshot("2025-05-22"))
    )
    api = frontline_from_file(deepstate_file)
    assert occupied_area_km2(mirror) == pytest.approx(occupied_area_km2(api), rel=1e-9)


# --------------------------------------------------------------------------- ISW


def test_isw_layers_by_file_name(tmp_path):
    control = frontline_from_file(
        write_json(
            tmp_path / "isw_assessed_russian_control_2025-05-22.geojson", isw_layer([CRIMEA, CADR])
        )
    )
    advances = frontline_from_file(
        write_json(tmp_path / "ISW_AssessedRussianAdvanceInUkraine.geojson", isw_layer([GREY]))
    )
    claims = frontline_from_file(
        write_json(
            tmp_path / "VIEW_ClaimedRussianTerritoryinUkraine_isw.geojson", isw_layer([GREY])
        )
    )
    before = frontline_from_file(
        write_json(
            tmp_path / "isw_russian_controlled_before_february_24_2022.geojson", isw_layer([CRIMEA])
        )
    )
    assert set(control["source"]) == {"isw"}
    assert set(control["status"]) == {"occupied"} and len(control) == 2
    assert str(control["date"].iloc[0].date()) == "2025-05-22"
    assert set(advances["status"]) == {"contested"}
    assert set(claims["status"]) == {"contested"}
    assert "claimed" in claims["name"].iloc[0].lower()
    assert bool(before["pre2022"].iloc[0]) is True


def test_isw_truncated_page(tmp_path):
    path = write_json(tmp_path / "isw_control.geojson", isw_layer([CRIMEA], truncated=True))
    with pytest.raises(DataError, match="exceededTransferLimit"):
        frontline_from_file(path)


def test_isw_unknown_layer_needs_status(tmp_path):
    path = write_json(tmp_path / "isw_layer.geojson", isw_layer([CRIMEA]))
    with pytest.raises(DataError, match="which ISW layer"):
        frontline_from_file(path)
    gdf = frontline_from_file(path, status="contested")
    assert set(gdf["status"]) == {"contested"}


# --------------------------------------------------------------------------- user files


def test_user_geojson_status_from_properties(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "my area", "status": "Occupied"},
                "geometry": {"type": "Polygon", "coordinates": [CADR]},
            },
            {
                "type": "Feature",
                "properties": {"name": "grey zone"},
                "geometry": {"type": "Polygon", "coordinates": [GREY]},
            },
            {
                "type": "Feature",
                "properties": {"name": "something"},
                "geometry": {"type": "Polygon", "coordinates": [LIBERATED]},
            },
        ],
    }
    gdf = frontline_from_file(write_json(tmp_path / "mine.geojson", doc))
    assert gdf["status"].tolist() == ["occupied", "contested", "occupied"]
    assert gdf.attrs["status_assumed"] == 1
    assert set(gdf["source"]) == {"user"}
    assert gdf["date"].isna().all()


def test_invalid_geometry_is_repaired_and_reported(tmp_path, caplog):
    bowtie = [[37.0, 47.0], [38.0, 48.0], [38.0, 47.0], [37.0, 48.0], [37.0, 47.0]]
    doc = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [bowtie]},
    }
    with caplog.at_level(logging.WARNING, logger="geomap.frontline"):
        gdf = frontline_from_file(write_json(tmp_path / "bowtie.geojson", doc))
    assert gdf.attrs["repaired"] == 1
    assert gdf.geometry.is_valid.all()
    # the two triangles of the bow-tie, a quarter of the square each
    square = geodesic_area_km2(shapely.box(37, 47, 38, 48))
    assert occupied_area_km2(gdf) == pytest.approx(square / 2, rel=0.01)
    assert "repaired 1" in caplog.text


def test_user_geojson_in_web_mercator_is_reprojected(tmp_path):
    merc = gpd.GeoSeries([shapely.Polygon(CADR)], crs=4326).to_crs(3857).iloc[0]
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(merc)}
        ],
    }
    gdf = frontline_from_file(write_json(tmp_path / "merc.geojson", doc))
    assert gdf.geometry.iloc[0].equals_exact(shapely.Polygon(CADR), 1e-6)


def test_kml_and_kmz(tmp_path):
    kml = kml_text(
        [("Окуповано /// Occupied", occupied_main()), ("Статус невідомий /// Unknown status", GREY)]
    )
    kml_path = tmp_path / "export_2025-05-22.kml"
    kml_path.write_text(kml, encoding="utf-8")
    kmz_path = write_kmz(tmp_path / "export.kmz", kml)
    for path in (kml_path, kmz_path):
        gdf = frontline_from_file(path)
        assert sorted(gdf["status"]) == ["contested", "occupied"]
        assert set(gdf["source"]) == {"deepstate"}
        assert _covers(gdf, "Donetsk")
    assert str(frontline_from_file(kml_path)["date"].iloc[0].date()) == "2025-05-22"


def test_user_kml_without_status_words(tmp_path):
    path = tmp_path / "drawn.kml"
    path.write_text(kml_text([("Area A", CADR)]), encoding="utf-8")
    gdf = frontline_from_file(path, date="2024-02-24")
    assert gdf["status"].tolist() == ["occupied"] and gdf.attrs["status_assumed"] == 1
    assert str(gdf["date"].iloc[0].date()) == "2024-02-24"


def test_geopackage_is_reprojected(tmp_path):
    gdf_in = gpd.GeoDataFrame(
        {"name": ["occupied", "contested"]},
        geometry=[shapely.Polygon(CADR), shapely.Polygon(GREY)],
        crs=4326,
    ).to_crs(3857)
    path = tmp_path / "areas.gpkg"
    gdf_in.to_file(path, driver="GPKG")
    gdf = frontline_from_file(path)
    assert gdf.crs.to_epsg() == 4326
    assert gdf["status"].tolist() == ["occupied", "contested"]
    assert gdf.geometry.iloc[0].equals_exact(shapely.Polygon(CADR), 1e-6)


# --------------------------------------------------------------------------- bad input


def _truncated(tmp_path):
    text = json.dumps(mirror_snapshot("2025-05-22"))
    path = tmp_path / "deepstatemap_data_20250522.geojson"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda p: p / "empty.geojson", "is empty"),
        (lambda p: p / "blank.geojson", "is empty"),
        (lambda p: p / "binary.geojson", "binary"),
        (lambda p: p / "garbage.geojson", "not valid JSON"),
        (_truncated, "truncated"),
        (lambda p: p / "list.geojson", "not GeoJSON"),
        (lambda p: p / "topo.geojson", "'Topology'"),
        (lambda p: p / "nofeatures.geojson", "no features"),
        (lambda p: p / "points.geojson", "no occupied/contested/liberated polygons"),
        (lambda p: p / "deepstatemap_data_20250101.geojson", "lon/lat"),
        (lambda p: p / "metres.geojson", "projected CRS"),
        (lambda p: p / "swapped.geojson", "lat, lon order"),
        (lambda p: p / "elsewhere.geojson", "no polygons in the Ukraine region"),
        (lambda p: p / "broken.gpkg", "GPKG"),
        (lambda p: p / "broken.kmz", "KMZ"),
        (lambda p: p / "notes.txt", "not GeoJSON, KML"),
    ],
)
def test_bad_files_get_one_line_errors(tmp_path, make, pattern):
    (tmp_path / "empty.geojson").write_bytes(b"")
    (tmp_path / "blank.geojson").write_text("  \n")
    (tmp_path / "binary.geojson").write_bytes(b"\x00\x01\x02garbage" * 10)
    (tmp_path / "garbage.geojson").write_text('{"type": "FeatureCollection", features: []}')
    write_json(tmp_path / "list.geojson", [1, 2, 3])
    write_json(tmp_path / "topo.geojson", {"type": "Topology", "objects": {}})
    write_json(tmp_path / "nofeatures.geojson", {"type": "FeatureCollection", "features": []})
    write_json(
        tmp_path / "points.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Point", "coordinates": [37, 48]},
                }
            ],
        },
    )
    wrong = mirror_snapshot("2025-01-01")
    wrong["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::3857"
    write_json(tmp_path / "deepstatemap_data_20250101.geojson", wrong)
    metres = [[4e6, 6e6], [4.1e6, 6e6], [4.1e6, 6.1e6], [4e6, 6e6]]
    write_json(tmp_path / "metres.geojson", {"type": "Polygon", "coordinates": [metres]})
    swapped = [[y, x] for x, y in CADR]
    write_json(tmp_path / "swapped.geojson", {"type": "Polygon", "coordinates": [swapped]})
    far = [[-74.1, 40.6], [-73.9, 40.6], [-73.9, 40.8], [-74.1, 40.6]]
    write_json(tmp_path / "elsewhere.geojson", {"type": "Polygon", "coordinates": [far]})
    (tmp_path / "broken.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    (tmp_path / "broken.kmz").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "notes.txt").write_text("Occupied: most of Donetsk oblast")
    path = make(tmp_path)
    with pytest.raises(DataError, match=pattern) as info:
        frontline_from_file(path)
    assert "\n" not in str(info.value) and ";" in str(info.value)


def test_schema_mismatch_with_forced_source(tmp_path):
    mirror = write_json(
        tmp_path / "deepstatemap_data_20250522.geojson", mirror_snapshot("2025-05-22")
    )
    with pytest.raises(DataError, match="no DeepStateMap"):
        frontline_from_file(mirror, source="deepstate")
    api = write_json(tmp_path / "snap.geojson", deepstate_snapshot())
    with pytest.raises(DataError, match="not a mirror file"):
        frontline_from_file(api, source="mirror")


def test_missing_file_and_bad_options(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        frontline_from_file(tmp_path / "nope.geojson")
    path = write_json(
        tmp_path / "deepstatemap_data_20250522.geojson", mirror_snapshot("2025-05-22")
    )
    with pytest.raises(InputError, match="unknown front-line source"):
        frontline_from_file(path, source="wikipedia")
    with pytest.raises(InputError, match="not one of"):
        frontline_from_file(path, status="annexed")
    with pytest.raises(InputError, match="not a date"):
        frontline_from_file(path, date="last tuesday")


def test_input_file_is_not_modified(tmp_path, deepstate_file):
    before = deepstate_file.read_bytes()
    frontline_from_file(deepstate_file)
    frontline_markers_from_file(deepstate_file)
    assert deepstate_file.read_bytes() == before


# --------------------------------------------------------------------------- area, diff, series


def test_geodesic_area_matches_equal_area_projection():
    for geom in (
        shapely.Polygon(CRIMEA),
        shapely.Polygon(occupied_main()),
        shapely.box(22, 44, 41, 53),
    ):
        # densify so geodesic edges and projected straight edges follow the same path
        geom = shapely.segmentize(geom, 0.01)
        assert geodesic_area_km2(geom) == pytest.approx(_equal_area_km2(geom), rel=2e-3)


def test_area_ignores_winding_and_counts_holes_and_overlaps():
    outer = shapely.box(37, 47, 38, 48)
    hole = shapely.box(37.25, 47.25, 37.75, 47.75)
    donut = outer.difference(hole)
    cw = shapely.Polygon(list(donut.exterior.coords)[::-1], [list(donut.interiors[0].coords)])
    expected = _equal_area_km2(outer) - _equal_area_km2(hole)
    assert geodesic_area_km2(donut) == pytest.approx(expected, rel=2e-3)
    assert geodesic_area_km2(cw) == pytest.approx(expected, rel=2e-3)
    frame = gpd.GeoDataFrame(
        {"status": ["occupied", "occupied"]}, geometry=[outer, outer], crs=4326
    )
    assert occupied_area_km2(frame) == pytest.approx(_equal_area_km2(outer), rel=2e-3)


def test_occupied_area_counts_only_occupied(deepstate_file):
    gdf = frontline_from_file(deepstate_file)
    expected = sum(_equal_area_km2(shapely.Polygon(r)) for r in (occupied_main(), CRIMEA, CADR))
    # the synthetic areas reach into Russia: measured as drawn here, clipped to Ukraine by default
    assert occupied_area_km2(gdf, clip=False) == pytest.approx(expected, rel=2e-3)
    outside = occupied_outside_ukraine_km2(gdf)
    assert outside > 0
    assert occupied_area_km2(gdf) + outside == pytest.approx(expected, rel=2e-3)
    with_grey = occupied_area_km2(gdf, statuses=("occupied", "contested"), clip=False)
    assert with_grey - occupied_area_km2(gdf, clip=False) == pytest.approx(
        _equal_area_km2(shapely.Polygon(GREY)), rel=5e-3
    )


def _mirror(tmp_path, day, east_edge):
    return frontline_from_file(
        write_json(
            tmp_path / f"deepstatemap_data_{day.replace('-', '')}.geojson",
            mirror_snapshot(day, east_edge=east_edge),
        )
    )


def test_diff_gain_without_regions(tmp_path):
    a = _mirror(tmp_path, "2025-03-01", 36.5)
    b = _mirror(tmp_path, "2025-05-22", 36.2)
    pieces, table = frontline_diff(a, b, by=None)
    assert pieces["status"].tolist() == ["gained"]
    expected = occupied_area_km2(b) - occupied_area_km2(a)
    assert pieces.attrs["gained_km2"] == pytest.approx(expected, rel=1e-6)
    assert pieces.attrs["lost_km2"] == 0
    assert str(pieces.attrs["date_from"].date()) == "2025-03-01"
    # reversed, the same area is lost
    back, _ = frontline_diff(b, a, by=None)
    assert back["status"].tolist() == ["lost"]
    assert back.attrs["net_km2"] == pytest.approx(-expected, rel=1e-6)
    assert table["net_km2"].sum() == pytest.approx(expected, rel=1e-6)


def test_diff_by_bundled_oblasts(tmp_path):
    a = gpd.GeoDataFrame(
        {"status": ["occupied"]}, geometry=[shapely.box(37.0, 47.5, 38.0, 48.0)], crs=4326
    )
    b = gpd.GeoDataFrame(
        {"status": ["occupied", "occupied"]},
        geometry=[shapely.box(35.8, 47.5, 38.0, 48.0), shapely.box(37.0, 47.5, 37.3, 47.7)],
        crs=4326,
    )
    pieces, table = frontline_diff(a, b)
    gained = shapely.box(35.8, 47.5, 37.0, 48.0)
    assert table["gained_km2"].sum() == pytest.approx(_equal_area_km2(gained), rel=3e-3)
    assert table["lost_km2"].sum() == 0
    names = set(table["oblast"])
    assert {"Zaporizhzhia Oblast", "Donetsk Oblast"} <= names
    assert table["net_km2"].abs().is_monotonic_decreasing
    # every piece lies in the oblast it is labelled with
    from geomap.data import oblasts

    ob = oblasts().set_index("name")
    for row in pieces.itertuples():
        assert ob.at[row.oblast, "geometry"].buffer(1e-6).covers(row.geometry)


def test_diff_by_custom_regions_and_min_area(tmp_path):
    regions = gpd.GeoDataFrame(
        {"name": ["west", "east"]},
        geometry=[shapely.box(30, 40, 36.35, 55), shapely.box(36.35, 40, 45, 55)],
        crs=4326,
    )
    a = _mirror(tmp_path, "2025-03-01", 36.5)
    b = _mirror(tmp_path, "2025-05-22", 36.2)
    _pieces, table = frontline_diff(a, b, by=regions)
    assert sorted(table["oblast"]) == ["east", "west"]
    small = table["gained_km2"].min()
    _pieces2, table2 = frontline_diff(a, b, by=regions, min_area_km2=small + 1)
    assert table2["oblast"].tolist() == [table.loc[table["gained_km2"].idxmax(), "oblast"]]
    with pytest.raises(InputError, match="negative"):
        frontline_diff(a, b, min_area_km2=-1)
    with pytest.raises(InputError, match="not supported"):
        frontline_diff(a, b, by="raion")


def test_series(tmp_path):
    files = [
        tmp_path / "deepstatemap_data_20250522.geojson",
        tmp_path / "deepstatemap_data_20250301.geojson",
    ]
    write_json(files[0], mirror_snapshot("2025-05-22", east_edge=36.2))
    write_json(files[1], mirror_snapshot("2025-03-01", east_edge=36.5))
    s = occupied_series(files)
    assert s["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-05-22"]
    assert np.isnan(s["change_km2"].iloc[0])
    assert s["change_km2"].iloc[1] > 0
    assert s["change_km2"].iloc[1] == pytest.approx(s["area_km2"].diff().iloc[1])
    by_key = occupied_series({"2024-01-01": frontline_from_file(files[1])})
    assert str(by_key["date"].iloc[0].date()) == "2024-01-01"
    with pytest.raises(InputError, match="no snapshots"):
        occupied_series([])


def test_geojson_output_round_trips(tmp_path, deepstate_file):
    gdf = frontline_from_file(deepstate_file)
    out = tmp_path / "out.geojson"
    out.write_text(frontline_to_geojson(gdf), encoding="utf-8")
    back = frontline_from_file(out)
    assert back["status"].tolist() == gdf["status"].tolist()
    assert occupied_area_km2(back) == pytest.approx(occupied_area_km2(gdf), rel=1e-6)
    props = json.loads(out.read_text())["features"][1]["properties"]
    assert props["pre2022"] is True and props["date"] == "2025-05-22"
