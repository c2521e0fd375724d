"""One article pipeline: ``geomap map`` and ``geomap zone --article`` draw the same zones.

Before geomap/article.py the two commands analysed an article in two copies
that differed: ``geomap zone --article`` ignored the depths the article states
(it drew the default 10, 20, 30 km where the map drew the article's 10, 15,
30 km). These tests run both commands on real articles (the bundled sample
article and a short paraphrase) and compare what they produce.
"""

from __future__ import annotations

import json
import re

import pytest
from _frontline_fixtures import square_mirror_file
from pyproj import Geod

from geomap import ZoneError
from geomap.article import ArticleAnalysis, analysis_from_text
from geomap.cli import main
from geomap.data import data_dir
from geomap.maps import map_layers_from_text
from geomap.settings import settings

SAMPLE = data_dir() / "sample_article.txt"
#: A paraphrase of the sample article's key sentence, stating one depth.
SHORT = (
    "Moscow wants a 30-kilometre security zone along the border with Kursk and Belgorod "
    "regions, officials said.\n"
)
#: The zone tooltips of a map page: "0–30 km zone (Ukraine): 19,076 km², ..."
_ZONE_TIP = re.compile(r'"t":"(\d+(?:\.\d+)?)–(\d+(?:\.\d+)?) km zone \(([^)]+)\): ([\d,.]+) km')


def zone_json(capsys, *argv: str) -> tuple[dict, str]:
    """``geomap zone ... --format json`` output (parsed) and its stderr."""
    capsys.readouterr()
    assert main(["zone", *argv, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), err


def map_page(tmp_path, capsys, *argv: str) -> str:
    """The HTML page ``geomap map ... -o F --cdn`` writes."""
    out = tmp_path / "map.html"
    capsys.readouterr()
    assert main(["map", *argv, "-o", str(out), "--cdn"]) == 0
    capsys.readouterr()
    return out.read_text(encoding="utf-8")


def page_zones(page: str) -> list[tuple[float, float, str]]:
    """(depth km, area km², side name) of every zone the page draws, sorted."""
    rows = [
        (float(d), float(a.replace(",", "")), side) for _, d, side, a in _ZONE_TIP.findall(page)
    ]
    assert rows, "the page draws no zones"
    return sorted(rows)


def page_sector(page: str) -> str:
    m = re.search(r"Border sector: ([^\"(]+) \(", page)
    assert m, "the page draws no border sector"
    return m.group(1).strip()


def json_zones(doc: dict) -> list[tuple[float, float, str]]:
    names = {"UA": "Ukraine", "RU": "Russia"}
    return sorted((z["depth_km"], round(z["area_km2"]), names[z["side"]]) for z in doc["zones"])


@pytest.mark.parametrize(
    ("article", "depths", "sector"),
    [
        (None, [10.0, 15.0, 30.0], "Bryansk Oblast, Kursk Oblast, Belgorod Oblast"),
        (SHORT, [30.0], "Kursk Oblast, Belgorod Oblast"),
    ],
    ids=["sample", "paraphrase"],
)
def test_zone_and_map_use_the_depths_and_sector_the_article_states(
    tmp_path, capsys, article, depths, sector
):
    path = SAMPLE
    if article is not None:
        path = tmp_path / "article.txt"
        path.write_text(article, encoding="utf-8")
    doc, err = zone_json(capsys, "--along", "auto", "--article", str(path))
    assert sorted({z["depth_km"] for z in doc["zones"]}) == depths
    assert depths != sorted(settings.default_depths_km)  # before: the zone command used these
    assert doc["sector"]["label"] == sector
    assert "as the article states" in err and "“30-kilometre”" in err

    page = map_page(tmp_path, capsys, str(path))
    assert page_sector(page) == sector
    drawn = page_zones(page)
    assert sorted({d for d, _, _ in drawn}) == depths
    # the same zones: same depth, side and area (the page rounds areas to km²)
    assert [(d, s) for d, _, s in drawn] == [(d, s) for d, _, s in json_zones(doc)]
    for (_, a_page, _), (_, a_json, _) in zip(drawn, json_zones(doc), strict=True):
        assert a_page == pytest.approx(a_json, abs=1.0)


def test_explicit_depths_win_over_the_article_in_both(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text(SHORT, encoding="utf-8")
    doc, err = zone_json(capsys, "--article", str(path), "--depth", "5,12")
    assert [z["depth_km"] for z in doc["zones"]] == [5.0, 12.0]
    assert "as the article states" not in err
    page = map_page(tmp_path, capsys, str(path), "--depth", "5,12")
    assert sorted({d for d, _, _ in page_zones(page)}) == [5.0, 12.0]
    assert "depths as requested" in page


def test_same_auto_sector_and_sides_with_side_both(tmp_path, capsys):
    # near-side oblasts too: Kursk (RU) and Sumy, Kharkiv (UA) are one sector, both sides
    text = "Удары по Курской области; обстрелы продолжаются в Сумской и Харьковской областях."
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    doc, _ = zone_json(capsys, "--article", str(path), "--side", "both", "--depth", "10")
    layers = map_layers_from_text(text, side="both", depths=10)
    assert doc["sector"]["label"] == ", ".join(layers.along)
    assert layers.along == ["Kursk Oblast", "Sumy Oblast", "Kharkiv Oblast"]
    assert {z["side"] for z in doc["zones"]} == set(layers.zones["side"]) == {"UA", "RU"}
    page = map_page(tmp_path, capsys, str(path), "--side", "both", "--depth", "10")
    assert [(d, s) for d, _, s in page_zones(page)] == [(d, s) for d, _, s in json_zones(doc)]


def test_zone_needs_a_border_oblast_where_the_map_only_notes_it(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text("Drones hit Lviv overnight, the mayor said.", encoding="utf-8")
    capsys.readouterr()
    assert main(["zone", "--article", str(path), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("geomap: error: ") and "give --along NAMES" in err
    assert err.count("\n") == 1
    layers = map_layers_from_text("Drones hit Lviv overnight, the mayor said.")
    assert layers.report is None
    assert any("No zones drawn: the article names no Russian oblast" in n for n in layers.notes)


def test_analysis_from_text():
    a = analysis_from_text(SAMPLE.read_text(encoding="utf-8"))
    assert isinstance(a, ArticleAnalysis)
    assert a.depths == [10.0, 15.0, 30.0] and a.depth_source == "article"
    assert a.depth_phrases == ["10-15 km", "30-kilometre"]
    assert a.zones is not None and a.zones.crs.to_epsg() == 4326
    assert a.sector_lines is not None and a.sector_lines.attrs["sector"] == ", ".join(a.along)
    assert a.border_label == "the border of Bryansk, Kursk and Belgorod oblasts"
    named = a.places[a.places["kind"] == "city"]
    assert named["distance_to_border_km"].notna().all()
    assert a.frontline_distances_km is None  # no front line asked for

    # no article: a named sector still gets zones, the default depths
    b = analysis_from_text(None, along="Kursk Oblast", depths=None)
    assert b.places is None and b.depth_source == "default"
    assert b.depths == [float(d) for d in settings.default_depths_km]
    with pytest.raises(ZoneError, match="--along auto needs an article"):
        analysis_from_text(None)
    with pytest.raises(ZoneError, match="unknown side 'PL'"):
        analysis_from_text("Shelling near the Kursk region.", side="PL")


def test_frontline_distances(tmp_path):
    front = square_mirror_file(tmp_path)
    a = analysis_from_text("Drones hit Kramatorsk overnight.", along=None, frontline=front)
    assert a.frontline_lines is not None and a.frontline_distances_km is not None
    places = a.places.reset_index(drop=True)
    (i,) = places.index[places["name"] == "Kramatorsk"]
    pt = places.geometry[i]
    assert 37.0 < pt.x < 38.0 and pt.y > 48.0  # north of the block: nearest is its north edge
    expected = Geod(ellps="WGS84").inv(pt.x, pt.y, pt.x, 48.0)[2] / 1000
    assert a.frontline_distances_km[i] == pytest.approx(expected, abs=1.0)
