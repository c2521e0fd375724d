"""Border sectors, buffer zones and zone reports on the bundled data.

The depth checks measure the zone edges against the sector with
:class:`pyproj.Geod`, independently of how the zones were built.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pyproj
import pytest
import shapely
from shapely.ops import nearest_points

from geomap import data
from geomap._errors import PlaceNotFoundError, ZoneError
from geomap._geodesy import (
    GEOD,
    aeqd_crs,
    buffer_geodesic,
    densify_lonlat,
    distances_to_geometry_km,
    geodesic_area_km2,
)
from geomap.gazetteer import lookup
from geomap.zones import (
    along_from_places,
    border_oblasts,
    border_sector,
    buffer_zones,
    distances_from_sector,
    parse_depths,
    zone_report,
)

KBB = "Kursk Oblast, Belgorod Oblast, Bryansk Oblast"
DEPTHS = (5.0, 15.0, 20.0, 30.0, 50.0)
TOL = 0.0005  # 0.05 % of the depth


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def kbb():
    return border_sector(KBB)


@pytest.fixture(scope="module")
def kbb_zones(kbb):
    return buffer_zones(kbb, DEPTHS, side="UA")


@pytest.fixture(scope="module")
def ruua():
    return border_sector("RU-UA")


@pytest.fixture(scope="module")
def ruua_zones(ruua):
    return buffer_zones(ruua, [5, 20, 50], side="UA")


@pytest.fixture(scope="module")
def kbb_report(kbb_zones):
    return zone_report(kbb_zones)


def _city(name: str):
    return lookup(name, kind="city")[0]


def _reference_km(lon: float, lat: float, line) -> float:
    """Distance from a point to a line the slow way: AEQD at the point, nearest point, Geod.inv."""
    crs = aeqd_crs(lon, lat)
    fwd = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    inv = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    proj = shapely.transform(
        densify_lonlat(line), lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1]))
    )
    near = nearest_points(proj, shapely.Point(0.0, 0.0))[0]
    lon2, lat2 = inv.transform(near.x, near.y)
    return GEOD.inv(lon, lat, lon2, lat2)[2] / 1e3


def _edge_samples(zone, clip, n: int = 200) -> np.ndarray:
    """About n points of the zone's edge that are not on the country's outline."""
    cand = []
    for ring in shapely.get_rings(shapely.get_parts(zone)):
        xy = shapely.get_coordinates(ring)
        cand.extend([xy[:-1], (xy[:-1] + xy[1:]) / 2])  # vertices and the middles of edges
    cand = np.vstack(cand)
    cand = cand[np.linspace(0, len(cand) - 1, min(len(cand), 12 * n)).astype(int)]
    outline = shapely.clip_by_rect(clip.boundary, *zone.bounds)  # the part that can matter
    off_clip = distances_to_geometry_km(cand, outline) > 0.2
    keep = cand[off_clip]
    assert len(keep) >= n // 2, "too few edge points away from the country outline"
    return keep[np.linspace(0, len(keep) - 1, min(n, len(keep))).astype(int)]


# ------------------------------------------------------------------- sectors
def test_kbb_sector_is_one_merged_line_of_1238_km(kbb):
    assert len(kbb) == 1
    row = kbb.iloc[0]
    assert (row.left, row.right) == ("RU", "UA")
    assert row.left_oblasts == "Bryansk Oblast, Kursk Oblast, Belgorod Oblast"
    assert set(row.right_oblasts.split(", ")) == {
        "Chernihiv Oblast",
        "Sumy Oblast",
        "Kharkiv Oblast",
        "Luhansk Oblast",
    }
    assert kbb.crs.to_epsg() == 4326
    assert row.geometry.geom_type == "LineString"
    # Natural Earth 1:10m gave 922 km; the ~10 m OpenStreetMap line (issue #15) 1,238 km
    assert 1220 <= row.length_km <= 1260
    assert math.isclose(row.length_km, GEOD.geometry_length(row.geometry) / 1e3, rel_tol=1e-6)


def test_sector_follows_the_chosen_oblasts(kbb):
    ob = data.oblasts().set_index("name")
    polys = shapely.union_all([ob.at[n, "geometry"] for n in KBB.split(", ")])
    coords = shapely.get_coordinates(kbb.geometry.iloc[0])
    d = distances_to_geometry_km(coords, polys)
    assert d.max() < 2.0
    # and the rest of the RU-UA border (Voronezh, Rostov) is left out
    rostov = ob.at["Rostov Oblast", "geometry"]
    assert distances_to_geometry_km(coords, rostov).min() > 50


def test_any_spelling_gives_the_same_sector(kbb):
    other = border_sector(["Курская область", "Belgorod region", "Bryansk"])
    assert other.geometry.iloc[0].equals(kbb.geometry.iloc[0])


def test_sector_along_a_ukrainian_oblast():
    sumy = border_sector("Sumy Oblast")
    assert sumy.right_oblasts.tolist() == ["Sumy Oblast"]
    assert sumy.left_oblasts.iloc[0] == "Bryansk Oblast, Kursk Oblast, Belgorod Oblast"
    parts = border_sector("Sumy", by_oblast=True)
    assert parts.left_oblasts.tolist() == ["Bryansk Oblast", "Kursk Oblast", "Belgorod Oblast"]
    assert math.isclose(parts.length_km.sum(), sumy.length_km.sum(), rel_tol=1e-6)
    assert 550 < sumy.length_km.sum() < 600  # the surveyed Sumy-Russia border: 563 km


def test_whole_borders(ruua):
    assert len(ruua) == 1
    assert 1990 < ruua.length_km.iloc[0] < 2050  # ~10 m line; surveyed ~1,974 km
    assert border_sector().geometry.iloc[0].equals(ruua.geometry.iloc[0])
    by = border_sector("BY-UA")
    assert (by.left.iloc[0], by.right.iloc[0]) == ("BY", "UA")
    # along the Ukrainian bank of the rivers; the Dnieper and Pripyat leave gaps in the line
    assert 1140 < by.length_km.sum() < 1200
    ua = border_sector("UA")
    assert sorted(set(zip(ua.left, ua.right, strict=True))) == [("BY", "UA"), ("RU", "UA")]
    # oblasts of another border with countries=
    gomel = border_sector("Gomel Oblast", countries=("BY", "UA"))
    assert gomel.left_oblasts.iloc[0] == "Gomel Oblast"


def test_de_facto_adds_the_crimea_isthmus():
    de_jure = border_sector("RU-UA").length_km.sum()
    de_facto = border_sector("RU-UA", worldview="de_facto")
    assert len(de_facto) == 2
    assert de_facto.length_km.sum() > de_jure


def test_border_oblasts_in_order():
    on = border_oblasts(("RU", "UA"))
    assert on["RU"] == [
        "Bryansk Oblast",
        "Kursk Oblast",
        "Belgorod Oblast",
        "Voronezh Oblast",
        "Rostov Oblast",
    ]
    assert on["UA"][0] == "Chernihiv Oblast" and on["UA"][-1] == "Donetsk Oblast"


# ---------------------------------------------------------------- distances
def test_fast_distance_matches_the_reference_method(ruua):
    line = ruua.geometry.iloc[0]
    rng = np.random.default_rng(7)
    pts = np.column_stack([rng.uniform(31, 41, 25), rng.uniform(46.5, 53.5, 25)])
    fast = distances_to_geometry_km(pts, line)
    slow = np.array([_reference_km(x, y, line) for x, y in pts])
    np.testing.assert_allclose(fast, slow, atol=1e-6)


def test_distances_from_sector_accepts_frames_and_points(kbb):
    c = _city("Sumy")
    pts = gpd.GeoDataFrame(geometry=[shapely.Point(c.lon, c.lat)], crs=4326).to_crs(3857)
    a = distances_from_sector(pts, kbb)
    b = distances_from_sector([(c.lon, c.lat)], kbb.to_crs(32636))
    assert a[0] == pytest.approx(b[0], abs=1e-3)


# ------------------------------------------------------------- acceptance
def test_acceptance_cities_and_zones(kbb, kbb_zones):
    zones = kbb_zones.set_index("depth_km").geometry
    got = {}
    for name in ("Sumy", "Kharkiv", "Vovchansk", "Hlukhiv"):
        c = _city(name)
        assert c.country == "UA"
        got[name] = (
            float(distances_from_sector([(c.lon, c.lat)], kbb)[0]),
            shapely.Point(c.lon, c.lat),
        )
    d, p = got["Sumy"]
    assert 27.0 <= d <= 29.5
    assert zones[30.0].contains(p) and not zones[20.0].contains(p)
    d, p = got["Kharkiv"]
    assert 32.5 <= d <= 34.5  # 31.6 km to Natural Earth's line, 33.6 km to the 10 m one
    assert not zones[30.0].contains(p) and zones[50.0].contains(p)
    for name in ("Vovchansk", "Hlukhiv"):
        d, p = got[name]
        assert d < 15.0
        assert zones[15.0].contains(p)


def test_zones_shape(kbb_zones):
    assert kbb_zones.crs.to_epsg() == 4326
    assert kbb_zones.depth_km.tolist() == list(DEPTHS)
    assert (kbb_zones.inner_km == 0).all() and (kbb_zones.side == "UA").all()
    ua = data.countries().set_index("iso2").at["UA", "geometry"]
    for geom in kbb_zones.geometry:
        assert geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon")
        # clipped to Ukraine: nothing of it lies outside by more than a sliver
        assert geodesic_area_km2(geom.difference(ua)) < 0.01
    areas = [geodesic_area_km2(g) for g in kbb_zones.geometry]
    assert areas == sorted(areas)


@pytest.mark.parametrize("depth", [5.0, 20.0, 50.0])
def test_depth_error_kbb(kbb, kbb_zones, depth):
    ua = data.countries().set_index("iso2").at["UA", "geometry"]
    zone = kbb_zones.set_index("depth_km").geometry[depth]
    pts = _edge_samples(zone, ua)
    d = distances_from_sector(pts, kbb)
    err = np.abs(d - depth) / depth
    assert err.max() <= TOL, f"max depth error {err.max():.4%} at {depth} km"


@pytest.mark.parametrize("depth", [5.0, 20.0, 50.0])
def test_depth_error_whole_ru_ua_border(ruua, ruua_zones, depth):
    ua = data.countries().set_index("iso2").at["UA", "geometry"]
    zone = ruua_zones.set_index("depth_km").geometry[depth]
    pts = _edge_samples(zone, ua)
    d = distances_from_sector(pts, ruua)
    err = np.abs(d - depth) / depth
    assert err.max() <= TOL, f"max depth error {err.max():.4%} at {depth} km"


def test_single_projection_would_not_be_exact_enough(ruua):
    """The reason for piecewise buffering: one AEQD for the whole border misses 0.05 %."""
    line = ruua.geometry.iloc[0]
    one = buffer_geodesic(line, 50.0, piece_km=10_000.0)
    pts = shapely.get_coordinates(one.exterior)[::10]
    err = np.abs(distances_to_geometry_km(pts, line) - 50.0) / 50.0
    assert err.max() > TOL
    exact = buffer_geodesic(line, 50.0)
    pts = shapely.get_coordinates(exact.exterior)[::10]
    err = np.abs(distances_to_geometry_km(pts, line) - 50.0) / 50.0
    assert err.max() <= TOL / 5


def test_bands_and_both_sides(kbb):
    bands = buffer_zones(kbb, [10, 20], side="both", mode="bands")
    assert bands[["depth_km", "inner_km", "side"]].values.tolist() == [
        [10.0, 0.0, "UA"],
        [20.0, 10.0, "UA"],
        [10.0, 0.0, "RU"],
        [20.0, 10.0, "RU"],
    ]
    rep = zone_report(bands)
    band = rep.settlements[rep.settlements.zone_km == 20.0]
    assert len(band) and band.distance_km.min() >= 10.0 * (1 - TOL)
    assert band.distance_km.max() <= 20.0 * (1 + TOL)
    ru = rep.settlements[rep.settlements.side == "RU"]
    assert (ru.country == "RU").all() and len(ru)
    assert set(rep.zones.loc[rep.zones.side == "RU", "areas_by_oblast"].iloc[0]) >= {
        "Kursk Oblast",
        "Belgorod Oblast",
        "Bryansk Oblast",
    }


def test_polygon_source_zone_lies_outside_it():
    kharkiv = _city("Kharkiv")
    blob = buffer_geodesic(shapely.Point(kharkiv.lon, kharkiv.lat), 5.0)
    z = buffer_zones(blob, [3], side=None)
    geom = z.geometry.iloc[0]
    assert geodesic_area_km2(geom.intersection(blob)) < 0.01
    pts = shapely.get_coordinates(geom.exterior)[::7]
    d = distances_to_geometry_km(pts, blob)
    np.testing.assert_allclose(d, 3.0, rtol=TOL)


# ------------------------------------------------------------------ report
def test_report_areas_and_settlements(kbb_report):
    z = kbb_report.zones.set_index("depth_km")
    for depth, row in z.iterrows():
        assert set(row.areas_by_oblast) <= {
            "Chernihiv Oblast",
            "Sumy Oblast",
            "Kharkiv Oblast",
            "Luhansk Oblast",
        }
        assert sum(row.areas_by_oblast.values()) == pytest.approx(row.area_km2, rel=0.005)
        assert row.settlements > 0 and row.population > 0
        assert row.side == "UA" and depth > 0
    assert z.area_km2.is_monotonic_increasing
    assert z.settlements.is_monotonic_increasing and z.population.is_monotonic_increasing
    # 5 km along 1,238 km of the ~10 m border (922 km on Natural Earth's): under 5 x length,
    # the line meanders more than a 5 km offset of it does
    assert 0.7 * 1238 * 5 < z.at[5.0, "area_km2"] < 1238 * 5
    s = kbb_report.settlements
    assert (s.distance_km <= s.zone_km * (1 + TOL)).all()
    assert s.distance_km.is_monotonic_increasing
    assert (s.country == "UA").all()
    sumy = s[(s.name == "Sumy") & (s.kind == "city")].iloc[0]
    assert sumy.zone_km == 30.0 and 27 <= sumy.distance_km <= 29.5
    assert "Sumy" in z.at[30.0, "largest"] and "Sumy" not in z.at[20.0, "largest"]
    # city districts (GeoNames sections such as Sumy's Zarichnyi) are dropped by the data recipe
    assert not any(d.endswith("(Sumy)") for d in z.at[30.0, "city_districts"])
    inside = s[s.zone_km <= 30.0]
    exact = inside[~inside.approx & (inside.section_of == "")]
    assert z.at[30.0, "population"] == exact.population.sum()
    assert z.at[30.0, "settlements_approx"] == int(inside.approx.sum())
    assert (inside[inside.approx].population == 0).all()


def test_report_area_matches_an_equal_area_projection(kbb_report):
    geom = kbb_report.zones.geometry.iloc[-1]
    c = geom.centroid
    laea = gpd.GeoSeries([geom], crs=4326).to_crs(
        f"+proj=laea +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m"
    )
    assert kbb_report.zones.area_km2.iloc[-1] == pytest.approx(laea.area.iloc[0] / 1e6, rel=1e-4)


def test_report_serialisations(kbb_report):
    gj = kbb_report.to_geojson()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == len(DEPTHS)
    props = gj["features"][0]["properties"]
    for key in ("depth_km", "side", "area_km2", "areas_by_oblast", "settlements", "population"):
        assert key in props
    assert gj["sector"]["length_km"] == pytest.approx(1238, abs=8)  # 922 on Natural Earth
    d = kbb_report.to_dict()
    assert d["settlements"][0]["distance_km"] <= d["settlements"][-1]["distance_km"]


def test_report_places(kbb_zones):
    names = ["Sumy", "Kharkiv", "Vovchansk", "Kursk Oblast"]
    cands = [lookup(n)[0] for n in names]
    places = gpd.GeoDataFrame(
        {"name": [c.name for c in cands], "kind": [c.kind for c in cands]},
        geometry=[c.geometry for c in cands],
        crs=4326,
    )
    rep = zone_report(kbb_zones, places=places)
    p = rep.places.set_index("name")
    assert p.at["Sumy", "in_30km"] and not p.at["Sumy", "in_20km"]
    assert not p.at["Kharkiv", "in_30km"] and p.at["Kharkiv", "in_50km"]
    assert p.at["Vovchansk", "in_5km"] is np.False_ or p.at["Vovchansk", "in_15km"]
    assert p.at["Kursk Oblast", "distance_to_border_km"] < 1.0
    assert not p.at["Kursk Oblast", "in_50km"]  # touches the zone only along the border
    assert 32.5 <= p.at["Kharkiv", "distance_to_border_km"] <= 34.5  # 31.6 on Natural Earth


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize(
    ("depths", "needle"),
    [
        (-5, "depth -5 km is not positive"),
        ("0", "depth 0 km is not positive"),
        ("10,600", "exceeds the 500 km limit"),
        ("ten", "is not a number"),
        (float("nan"), "not a finite number"),
        ([], "no depth given"),
        ("", "no depth given"),
        (True, "is not a number"),
    ],
)
def test_bad_depths(depths, needle):
    with pytest.raises(ZoneError, match=needle) as exc:
        parse_depths(depths)
    assert ("\n" not in str(exc.value) and "10,20,30" in str(exc.value)) or "500" in str(exc.value)


def test_depth_parsing():
    assert parse_depths("30km, 10 20") == [10.0, 20.0, 30.0]
    assert parse_depths([5, 5.0]) == [5.0]


def test_unknown_oblast_suggests():
    with pytest.raises(PlaceNotFoundError) as exc:
        border_sector("Kurks Oblst, Belgorod Oblast")
    assert "Kursk Oblast" in str(exc.value) and "Kursk Oblast" in exc.value.suggestions
    with pytest.raises(PlaceNotFoundError) as exc:
        border_sector("Belgorot")
    assert "Belgorod Oblast" in exc.value.suggestions


def test_oblast_off_the_border_lists_border_oblasts():
    with pytest.raises(ZoneError) as exc:
        border_sector("Poltava Oblast")
    msg = str(exc.value)
    assert "'Poltava Oblast' does not touch the RU–UA border" in msg
    assert "Sumy Oblast" in msg and "Kharkiv Oblast" in msg and "\n" not in msg
    with pytest.raises(ZoneError, match="BY–UA border") as exc:
        border_sector("Kyiv Oblast")
    with pytest.raises(ZoneError, match="Kursk Oblast"):
        border_sector("Moscow Oblast")


@pytest.mark.parametrize("along", ["", " , ", []])
def test_empty_sector(along):
    with pytest.raises(ZoneError, match="empty sector"):
        border_sector(along)


def test_other_bad_requests(kbb):
    with pytest.raises(ZoneError, match="is empty"):
        buffer_zones(kbb, [10], side="PL")
    with pytest.raises(ZoneError, match="unknown side"):
        buffer_zones(kbb, [10], side="XX")
    with pytest.raises(ZoneError, match="unknown zone mode"):
        buffer_zones(kbb, [10], mode="donut")
    with pytest.raises(ZoneError, match="unknown border"):
        border_sector("RU-XX")
    with pytest.raises(ZoneError, match="no CRS"):
        buffer_zones(gpd.GeoDataFrame(geometry=[shapely.Point(35, 50)]), [10])
    with pytest.raises(ZoneError, match="empty sector"):
        buffer_zones(shapely.LineString(), [10])
    with pytest.raises(ZoneError, match="not a pair"):
        border_sector("Kursk Oblast", countries=("RU", "PL"))


# --------------------------------------------------------------- articles
ARTICLE = (
    "Moscow says it wants a security strip along the border of the Kursk, Belgorod and "
    "Bryansk regions. Officials in Sumy fear the plan; shelling hit Vovchansk in Kharkiv "
    "Oblast again on Tuesday."
)


def test_along_from_an_article():
    geoparse = pytest.importorskip("geomap.geoparse", reason="the geoparser is not there yet")
    places = geoparse.places_from_text(ARTICLE)
    assert along_from_places(places, side="UA") == [
        "Bryansk Oblast",
        "Kursk Oblast",
        "Belgorod Oblast",
    ]
    assert "Kharkiv Oblast" in along_from_places(places, side="RU")
    with pytest.raises(ZoneError, match="names no oblast"):
        along_from_places(places.iloc[0:0], side="UA")
