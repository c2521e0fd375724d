"""The article map: layers, tooltips, popups, legend, determinism, weight, escaping, output.

These tests read the rendered HTML page (no browser); tests/test_browser_map.py
opens the same pages in headless Chromium.
"""

from __future__ import annotations

import html
import json
import re
import struct

import geopandas as gpd
import pytest
import shapely
from _frontline_fixtures import square_mirror_file

from geomap import InputError, ZoneError
from geomap._assets import assets_available
from geomap.cli import main
from geomap.data import data_dir
from geomap.maps import (
    ArticleMap,
    MapLayers,
    html_from_map,
    map_article,
    map_layers_from_text,
    map_to_html,
    map_to_png,
)

SAMPLE = (data_dir() / "sample_article.txt").read_text(encoding="utf-8")

#: An article that tries to run code in the page, around real place names.
INJECTION = (
    "Shelling hits <b>Sumy</b> <script>document.title='pwned'</script> near the Kursk region\n\n"
    "Drones struck Sumy again overnight <script>document.title='pwned'</script>, officials said. "
    "Residents of Sumy Oblast posted <img src=x onerror=\"document.title='pwned'\"> photos "
    "and [a link](javascript:document.title='pwned'). Shelling in Okhtyrka "
    "`${document.title='pwned'}` went on; \\`); document.title='pwned'; (` was shouted."
)

OVERLAYS_RE = re.compile(r"overlays\s*:\s*\{(.*?)\}", re.S)
NAME_VAR_RE = re.compile(r'("(?:[^"\\]|\\.)*")\s*:\s*(\w+)')


def overlays(page: str) -> dict[str, str]:
    """Layer-control label -> JS variable, from the rendered page."""
    block = OVERLAYS_RE.search(page).group(1)
    return {json.loads(name): var for name, var in NAME_VAR_RE.findall(block)}


def layer_data(page: str, var: str) -> dict:
    """The GeoJSON a vector layer was built from."""
    marker = f"var {var} = L.geoJSON("
    start = page.index(marker) + len(marker)
    data, _ = json.JSONDecoder().raw_decode(page, start)
    return data


def by_label(page: str) -> dict[str, dict]:
    return {
        name: layer_data(page, var)
        for name, var in overlays(page).items()
        if var.startswith("layer_")
    }


@pytest.fixture(scope="module")
def sample_map() -> ArticleMap:
    return map_article(SAMPLE, self_contained=False)


@pytest.fixture(scope="module")
def sample_page(sample_map) -> str:
    return html_from_map(sample_map)


@pytest.fixture(scope="module")
def injected_page() -> str:
    return html_from_map(map_article(INJECTION, self_contained=False))


# ------------------------------------------------------------------ layers
def test_sample_map_layers(sample_map, sample_page):
    layers = sample_map.layers
    assert isinstance(layers, MapLayers)
    # the sample states "10-15 km" and a "30-kilometre strip"; it names Kursk, Belgorod, Bryansk
    assert layers.depths == [10.0, 15.0, 30.0]
    assert layers.depth_source == "article"
    assert sorted(layers.along) == ["Belgorod Oblast", "Bryansk Oblast", "Kursk Oblast"]
    names = sample_map.layer_names()
    assert names[:4] == [
        "Basemap (countries, oblasts)",
        "Place names",
        "International borders",
        "Oblasts named in the article",
    ]
    assert names[4:7] == ["Zone 0–30 km", "Zone 0–15 km", "Zone 0–10 km"]
    assert "Border sector" in names
    assert any(n.startswith("Settlements in the zones (") for n in names)
    assert names[-1] == "Places named in the article"
    # the layer control of the page lists exactly these, in order
    assert list(overlays(sample_page)) == names


def test_oblast_tooltips_and_popups(sample_map, sample_page):
    data = by_label(sample_page)["Oblasts named in the article"]
    places = sample_map.layers.places
    expected = set(places.loc[places["kind"] == "oblast", "name"])
    tips = {f["properties"]["t"] for f in data["features"]}
    assert tips == {html.escape(n) for n in expected}
    sumy = next(f for f in data["features"] if f["properties"]["t"] == "Sumy Oblast")
    popup = sumy["properties"]["p"]
    # the sentence naming it, with the mention marked
    assert "annex <mark>Sumy Oblast</mark>." in popup
    assert "Overlaps zones: 10, 15, 30 km" in popup


def test_place_markers_and_popups(sample_map, sample_page):
    data = by_label(sample_page)["Places named in the article"]
    feats = {f["properties"]["t"]: f for f in data["features"]}
    assert "Sumy (city)" in feats
    assert "Glushkovsky District (raion)" in feats
    # countries are not drawn as markers
    assert not any(t.startswith(("Ukraine", "Russia")) for t in feats)
    sumy = feats["Sumy (city)"]
    lon, lat = sumy["geometry"]["coordinates"]
    assert 34.5 < lon < 35.1 and 50.7 < lat < 51.1
    popup = sumy["properties"]["p"]
    row = sample_map.layers.places.set_index("name").loc["Sumy"]
    assert f"{row['distance_to_border_km']:,.1f} km" in popup
    assert "Distance to the border sector" in popup
    zones = [d for d in (10, 15, 30) if row[f"in_{d}km"]]
    if zones:
        assert "Inside zones: " + ", ".join(map(str, zones)) + " km" in popup
    else:
        assert "Outside every zone" in popup
    assert "<mark>Sumy</mark> must be ours" in popup
    # a raion is a point in the bundled data, and its popup and the legend say so
    assert "Centre only" in feats["Glushkovsky District (raion)"]["properties"]["p"]
    assert "Centre only" not in popup
    assert "Raion named (centre only)" in sample_page
    # kinds get their own marker style
    assert (
        sumy["properties"]["s"]["fillColor"]
        != feats["Glushkovsky District (raion)"]["properties"]["s"]["fillColor"]
    )


def test_zone_tooltips(sample_map, sample_page):
    layers = by_label(sample_page)
    zones = sample_map.layers.report.zones
    for depth in (10, 15, 30):
        (feat,) = layers[f"Zone 0–{depth} km"]["features"]
        tip = feat["properties"]["t"]
        row = zones[zones["depth_km"] == depth].iloc[0]
        assert tip.startswith(f"0–{depth} km zone (Ukraine): ")
        assert f"{round(row['area_km2']):,} km²" in tip
        assert f"population {row['population']:,}" in tip
        assert "Sumy Oblast" in feat["properties"]["p"]  # area by oblast
        # both counts: exact positions, and villages located only by their hromada centre
        approx = int(row["settlements_approx"])
        assert approx > row["settlements"] > 0  # most border villages have no exact point
        for text in (tip, feat["properties"]["p"]):
            assert f"{row['settlements']:,} settlements with exact positions" in text
            assert f"{approx:,} more located only by their hromada centre" in text
    # the summary says both, and what the population sums
    widest = zones[zones["depth_km"] == 30].iloc[0]
    line = next(s for s in sample_map.layers.summary_lines() if s.startswith("The 30 km zone"))
    assert f"{widest['settlements']:,} settlements with exact positions" in line
    assert f"{int(widest['settlements_approx']):,} more located only" in line
    assert "population" in line and "exact settlements" in line


def test_settlements_clustered(sample_map, sample_page):
    sett = sample_map.layers.report.settlements
    exact = sett[~sett["approx"]]
    var = next(v for k, v in overlays(sample_page).items() if k.startswith("Settlements"))
    assert var.startswith("fast_marker_cluster_")
    start = sample_page.index(f"var {var} = ")
    rows = json.loads(re.search(r"var data = (\[.*?\]);\n", sample_page[start:], re.S).group(1))
    assert len(rows) == len(exact) > 0
    assert {r[2] for r in rows} == {html.escape(n) for n in exact["name"]}


def test_title_legend_attribution(sample_map, sample_page):
    assert "<title>Putin tells the army to carve out a wide buffer zone inside Ukraine</title>" in (
        sample_page
    )
    controls = [
        json.loads(m) for m in re.findall(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', sample_page)
    ]
    title = next(c for c in controls if "geomap-title-head" in c)
    legend = next(c for c in controls if "geomap-legend-title" in c)
    assert "Putin tells the army" in title
    assert (
        "Zones 10, 15, 30 km into Ukraine along the border of Bryansk, Kursk and Belgorod" in title
    )
    assert "Natural Earth" in title and "GeoNames" in title
    for label in (
        "International border",
        "Zone 0–10 km",
        "Zone 0–30 km",
        "City named",
        "Border sector",
    ):
        assert label in legend
    # the attribution control carries the data sources too
    assert re.search(r"addAttribution\(\"[^\"]*Natural Earth[^\"]*GeoNames", sample_page)
    # offline basemap, no tile server
    assert "tile.openstreetmap" not in sample_page and "L.tileLayer" not in sample_page
    assert "L.Control.Measure" in sample_page and "L.control.fullscreen" in sample_page


def test_tiles_option_adds_tile_layer_and_minimap():
    m = map_article("Drones hit Sumy.", along=None, tiles="osm", self_contained=False)
    page = html_from_map(m)
    assert "L.tileLayer" in page and "tile.openstreetmap.org" in page
    assert "L.Control.MiniMap" in page
    assert "Basemap (countries, oblasts)" in overlays(page)  # the vector basemap stays


# ------------------------------------------------------------- determinism
def test_same_inputs_give_identical_bytes(sample_map, sample_page):
    again = html_from_map(map_article(SAMPLE, self_contained=False))
    assert again == sample_page
    assert html_from_map(sample_map) == sample_page  # rendering twice
    # no random folium ids left
    assert not re.search(r"_[0-9a-f]{32}\b", sample_page)


def test_self_contained_page_is_deterministic_and_offline(sample_map, tmp_path):
    if not assets_available():
        pytest.skip("front-end assets not fetched; run tools/fetch_assets.py")
    a = map_to_html(sample_map, tmp_path / "a.html", self_contained=True).read_bytes()
    b = map_to_html(sample_map, tmp_path / "b.html", self_contained=True).read_bytes()
    assert a == b
    page = a.decode("utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", page)


# ------------------------------------------------------------------ weight
def test_sample_page_weight(sample_map, sample_page):
    assert len(sample_page.encode("utf-8")) <= 1_000_000
    if assets_available():
        inlined = html_from_map(sample_map, self_contained=True)
        assert len(inlined.encode("utf-8")) <= 1_000_000


def test_display_simplification_leaves_measurements_alone(sample_map, sample_page):
    """Zones are drawn simplified, but their areas come from the full geometry."""
    zones = sample_map.layers.report.zones
    full = zones[zones["depth_km"] == 30].geometry.iloc[0]
    (feat,) = by_label(sample_page)["Zone 0–30 km"]["features"]
    drawn = shapely.geometry.shape(feat["geometry"])
    assert shapely.get_num_coordinates(drawn) < shapely.get_num_coordinates(full)
    # drawn shape stays within ~0.5 km of the real one
    proj = gpd.GeoSeries([full, drawn], crs=4326).to_crs(
        "+proj=laea +lat_0=50 +lon_0=35 +datum=WGS84 +units=m"
    )
    assert proj.iloc[0].hausdorff_distance(proj.iloc[1]) < 500
    assert sample_map.layers.report.zones.geometry.iloc[0].equals(zones.geometry.iloc[0])


# ---------------------------------------------------------------- escaping
def test_injected_article_is_escaped(injected_page):
    page = injected_page
    assert "document.title='pwned'</script>" not in page
    assert "<script>document" not in page
    assert 'onerror="document' not in page and 'onerror=\\"document' not in page
    assert "<img src=x" not in page
    assert "${document" not in page  # would run inside a JS template literal
    assert "`); document" not in page
    assert not re.search(r"href=\\?[\"']javascript:", page)
    # the text is still there, shown as text
    feats = {
        f["properties"]["t"]: f for f in by_label(page)["Places named in the article"]["features"]
    }
    popup = feats["Sumy (city)"]["properties"]["p"]
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in popup
    assert "<title>Shelling hits &lt;b&gt;Sumy&lt;/b&gt; &lt;script&gt;" in page


def test_escaped_layer_names_and_notes():
    m = map_article(INJECTION, self_contained=False, along=None)
    title = next(
        json.loads(c)
        for c in re.findall(r'div\.innerHTML = ("(?:[^"\\]|\\.)*");', html_from_map(m))
        if "geomap-title-head" in c
    )
    assert "&lt;script&gt;" in title and "<script>" not in title


# ----------------------------------------------------------- zone options
def test_no_border_oblast_means_no_zones_and_says_so():
    m = map_article("Russian drones struck Lviv and Odesa overnight.", self_contained=False)
    assert m.layers.report is None
    assert not [n for n in m.layer_names() if n.startswith("Zone")]
    assert any("No zones drawn" in note for note in m.layers.notes)
    assert "No zones drawn: the article names no Russian oblast" in html_from_map(m)
    # places still get a distance to Ukraine's border with Russia and Belarus
    d = m.layers.places.set_index("name")["distance_to_border_km"]
    assert 150 < d["Lviv"] < 250 and 450 < d["Odesa"] < 600


def test_depth_defaults_and_overrides():
    text = "Drones hit Sumy Oblast from the Kursk region."
    assert map_layers_from_text(text).depths == [10.0, 20.0, 30.0]
    assert map_layers_from_text(text).depth_source == "default"
    given = map_layers_from_text(text, depths="5,25")
    assert given.depths == [5.0, 25.0] and given.depth_source == "given"
    # distances beyond 100 km are not zone depths
    far = map_layers_from_text(text + " Moscow lies 450 km away; a 20 km strip is planned.")
    assert far.depths == [20.0] and far.depth_source == "article"
    with pytest.raises(ZoneError):
        map_layers_from_text(text, depths="-5")


def test_side_ru_and_named_sector():
    ru = map_layers_from_text("Shelling hit Sumy Oblast and Kharkiv Oblast.", side="RU", depths=10)
    assert sorted(ru.along) == ["Kharkiv Oblast", "Sumy Oblast"]
    assert set(ru.zones["side"]) == {"RU"}
    both = map_layers_from_text("Fighting near the Kursk region.", side="both", depths=10)
    assert set(both.zones["side"]) == {"UA", "RU"}
    named = map_layers_from_text("No place here.", along="Belgorod Oblast", depths=10)
    assert named.along == ["Belgorod Oblast"] and len(named.zones) == 1
    with pytest.raises(ZoneError):
        map_layers_from_text("x", side="PL")


def test_frontline_layer(tmp_path):
    path = square_mirror_file(tmp_path)
    m = map_article("Drones hit Sumy.", along=None, frontline=path, self_contained=False)
    page = html_from_map(m)
    names = m.layer_names()
    label = "Occupied area (DeepStateMap (daily mirror), 2025-05-22)"
    assert label in names
    (feat,) = by_label(page)[label]["features"]
    assert feat["properties"]["t"].startswith(
        "Occupied (DeepStateMap (daily mirror), 2025-05-22): "
    )
    assert "Front line: DeepStateMap (daily mirror), 2025-05-22" in page
    assert any(n.startswith("Front line") for n in names)


# ------------------------------------------------------------------ output
def test_map_to_html_is_atomic(sample_map, tmp_path, monkeypatch):
    out = tmp_path / "map.html"
    out.write_text("old", encoding="utf-8")
    import geomap._assets

    def broken(_page, **_kw):
        raise RuntimeError("inlining failed")

    monkeypatch.setattr(geomap._assets, "inline_assets", broken)
    with pytest.raises(RuntimeError):
        map_to_html(sample_map, out, self_contained=True)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_unwritable_output_is_a_clear_error(sample_map, tmp_path):
    with pytest.raises(InputError, match="does not exist; create it or choose another -o path"):
        map_to_html(sample_map, tmp_path / "missing" / "map.html")
    assert list(tmp_path.iterdir()) == []


def test_png(sample_map, tmp_path):
    path = map_to_png(sample_map, tmp_path / "map.png")
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1650, 1275)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]


def test_png_from_text_with_dollar_signs(tmp_path):
    path = map_to_png("Sumy: $5 bn $ damage in Sumy Oblast", tmp_path / "m.png", along=None)
    assert path.stat().st_size > 10_000


def test_jupyter_display_and_save(tmp_path):
    m = map_article("Drones hit Sumy.", along=None, self_contained=False)
    shown = m._repr_html_()
    assert shown.startswith("<div") and "<iframe srcdoc=" in shown
    assert html.escape(html_from_map(m), quote=True) in shown
    m.save(tmp_path / "saved.html")
    assert (tmp_path / "saved.html").read_text(encoding="utf-8") == html_from_map(m)


def test_text_must_be_text():
    with pytest.raises(InputError):
        map_article(12345)
    assert map_layers_from_text(b"Drones hit Sumy.", along=None).headline == ("Drones hit Sumy.")


# --------------------------------------------------------------------- CLI
def test_cli_sample_map(tmp_path, capsys):
    out, png = tmp_path / "m.html", tmp_path / "m.png"
    assert main(["map", "-o", str(out), "--png", str(png), "--cdn"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Putin tells the army" in page and "Zone 0\\u201330 km" in page
    assert png.read_bytes()[:4] == b"\x89PNG"
    err = capsys.readouterr().err
    assert f"wrote {out}" in err and f"wrote {png}" in err


def test_cli_article_and_options(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Drones hit Sumy Oblast from the Kursk region.", encoding="utf-8")
    out = tmp_path / "a.html"
    assert main(["map", str(art), "-o", str(out), "--depth", "5,50", "--cdn"]) == 0
    names = overlays(out.read_text(encoding="utf-8"))
    assert "Zone 0–5 km" in names and "Zone 0–50 km" in names


def test_cli_unwritable_output(tmp_path, capsys):
    out = tmp_path / "nope" / "m.html"
    assert main(["map", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("geomap: error: cannot write") and "\n" not in err
    assert not out.parent.exists()
    assert main(["map", "-o", str(tmp_path)]) == 2  # a directory
    assert "is a directory" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_bad_inputs(tmp_path, capsys):
    assert main(["map", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "m.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["map", "-o", str(tmp_path / "m.html"), "--along", "Atlantis Oblast"]) == 2
    assert "Atlantis" in capsys.readouterr().err
    assert main(["map", "-o", str(tmp_path / "m.html"), "--frontline", "nofile.geojson"]) == 2
    assert "front-line file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------- basemap
def label_rows_of(page: str) -> list[list]:
    """The basemap label rows ``[lat, lon, html, cls, min_zoom, max_zoom]`` of a page."""
    marker = "new geomapLabelLayer("
    data, _ = json.JSONDecoder().raw_decode(page, page.index(marker) + len(marker))
    return data


def test_basemap_labels_countries_oblasts_settlements_by_tier(sample_page):
    from geomap import data
    from geomap._basemap import settlement_min_zoom

    rows = label_rows_of(sample_page)
    by_cls: dict[str, dict[str, list]] = {}
    for row in rows:
        by_cls.setdefault(row[3][0], {})[row[2]] = row
    assert {"Ukraine", "Russia", "Belarus"} <= set(by_cls["c"])
    assert {"Sumy Oblast", "Kursk Oblast", "Kharkiv Oblast"} <= set(by_cls["o"])
    assert by_cls["o"]["Sumy Oblast"][4:] == [6, 9]
    towns = by_cls["s"]
    assert {"Kyiv", "Kharkiv", "Sumy", "Okhtyrka", "Bryansk"} <= set(towns)
    # bigger places get their label at a lower zoom
    assert towns["Kyiv"][4] < towns["Sumy"][4] < towns["Okhtyrka"][4]
    ok = data.settlements().query("name == 'Okhtyrka' and approx == False")["population"].max()
    assert towns["Okhtyrka"][4] == settlement_min_zoom(ok) == 8
    # city districts GeoNames lists as places are not settlements: no "Darnytsya" in Kyiv
    assert "Darnytsya" not in towns
    assert not any(abs(r[0] - 50.522) < 0.01 and abs(r[1] - 30.682) < 0.01 for r in rows)  # Desna
    assert not any("<" in row[2] for row in rows)


def test_basemap_labels_follow_the_article_language():
    page = html_from_map(
        map_article("Дрони атакували Суми та Охтирку в Сумській області.", along=None)
    )
    names = {row[2] for row in label_rows_of(page)}
    assert {"Україна", "Сумська область", "Суми", "Охтирка"} <= names
    assert "Sumy Oblast" not in names


def test_basemap_draws_rivers(sample_page):
    base = by_label(sample_page)["Basemap (countries, oblasts)"]
    rivers = [
        shapely.geometry.shape(f["geometry"])
        for f in base["features"]
        if f["properties"]["s"].get("className") == "geomap-river"
    ]
    assert rivers
    assert shapely.union_all(rivers).intersects(shapely.box(30.4, 50.3, 30.7, 50.6))  # the Dnipro
    # cluster bubbles take the page's zone colours, not the plugin's greens
    assert ".marker-cluster div" in sample_page and "#b3541e" in sample_page


def test_tiles_page_chooses_its_basemap():
    m = map_article(
        "Drones hit Sumy.",
        along=None,
        tiles="http://127.0.0.1:9/{z}/{x}/{y}.png",
        tiles_attribution="stand-in tiles",
    )
    page = html_from_map(m)
    assert "L.tileLayer(" in page
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in page and "stand-in tiles" in page
    assert "geomap-tiles-on" in page and 'tiles.on("tileerror"' in page
    assert ".geomap-tiles-on path.geomap-basemap { fill-opacity: 0; }" in page


def test_png_frames_every_named_place_of_the_story(sample_map):
    """Places named as places are framed; "Washington" (a government, far off) is not."""
    from geomap.maps import _focus_bounds

    x0, y0, x1, y1 = _focus_bounds(sample_map.layers, every_place=True)
    pts = sample_map.layers.places
    pts = pts[pts["kind"].isin(["city", "town", "village", "raion"])]
    assert {"Moscow", "Sumy", "Washington"} <= set(pts["name"])
    for name, role, g in zip(pts["name"], pts["role"], pts.geometry, strict=True):
        inside = x0 < g.x < x1 and y0 < g.y < y1
        assert inside or role != "place", name
        assert not inside or name != "Washington"
    assert 25 < x0 < x1 < 45 and 45 < y0 < y1 < 60, (x0, y0, x1, y1)


def test_png_labels_of_named_places_do_not_collide():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from geomap.maps import _figure_from_layers

    text = (
        "Russian forces press on Pokrovsk and Myrnohrad\n\n"
        "Russian troops advanced on the outskirts of Pokrovsk and cut a road to Myrnohrad; "
        "fighting went on near Rodynske and Selydove in Donetsk Oblast."
    )
    fig = _figure_from_layers(map_layers_from_text(text), width_in=11.0, height_in=8.5)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    names = {"Pokrovsk", "Myrnohrad", "Rodynske", "Selydove"}
    anns = [t for t in ax.texts if t.get_text() in names]
    assert {a.get_text() for a in anns} == names
    boxes = [a.get_window_extent(renderer) for a in anns]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    # no label sits on another place's marker (Pokrovsk's name over Myrnohrad's dot)
    for ann, box in zip(anns, boxes, strict=True):
        for other in anns:
            if other is not ann:
                assert not box.contains(*ax.transData.transform(other.xy))
