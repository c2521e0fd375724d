"""``geomap zone`` through the console script, ``python -m geomap`` and in process."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

from geomap.cli import main

KBB = "Kursk Oblast,Belgorod Oblast,Bryansk Oblast"
ARTICLE = (
    "Moscow says it wants a security strip along the border of the Kursk, Belgorod and "
    "Bryansk regions. Officials in Sumy fear the plan; shelling hit Vovchansk in Kharkiv "
    "Oblast again on Tuesday.\n"
)


def _console_script() -> str | None:
    return shutil.which("geomap", path=str(Path(sys.executable).parent)) or shutil.which("geomap")


def _run(argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def test_console_script_writes_geojson(tmp_path):
    exe = _console_script()
    if exe is None:
        pytest.skip("the geomap console script is not installed")
    out = tmp_path / "zones.geojson"
    res = _run([exe, "zone", "--along", "Bryansk", "--depth", "5", "-o", str(out)])
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["depth_km"] for f in doc["features"]] == [5.0]
    assert doc["features"][0]["properties"]["areas_by_oblast"].keys() == {
        "Chernihiv Oblast",
        "Sumy Oblast",
    }
    assert list(tmp_path.iterdir()) == [out]  # no temporary files left behind


def test_geojson_seed_question(tmp_path, capsys):
    out = tmp_path / "zones.geojson"
    assert main(["zone", "--along", KBB, "--depth", "10,20,30", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    feats = doc["features"]
    assert [f["properties"]["depth_km"] for f in feats] == [10.0, 20.0, 30.0]
    for f in feats:
        props = f["properties"]
        assert props["side"] == "UA"
        assert props["area_km2"] > 0 and props["population"] > 0
        assert (
            isinstance(props["areas_by_oblast"], dict) and "Sumy Oblast" in props["areas_by_oblast"]
        )
        assert isinstance(props["settlements"], int)
        geom = shapely.geometry.shape(f["geometry"])
        assert geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon")
    sumy = shapely.Point(34.79906, 50.91741)
    assert shapely.geometry.shape(feats[2]["geometry"]).contains(sumy)
    assert not shapely.geometry.shape(feats[1]["geometry"]).contains(sumy)
    assert 1230 < doc["sector"]["length_km"] < 1250  # ~10 m border (Natural Earth: 922 km)


def test_python_m_csv_any_spelling():
    res = _run(
        [sys.executable, "-m", "geomap", "zone", "--along", "Курская область",
         "--depth", "10", "--side", "both", "--format", "csv"]
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [(r["depth_km"], r["side"]) for r in rows] == [("10", "UA"), ("10", "RU")]
    assert "Kursk Oblast" in json.loads(rows[1]["areas_by_oblast"])
    assert json.loads(rows[0]["areas_by_oblast"]).keys() == {"Sumy Oblast"}


def test_python_m_error_exit_2():
    res = _run([sys.executable, "-m", "geomap", "zone", "--along", KBB, "--depth=-5,10"])
    assert res.returncode == 2
    assert res.stderr.strip() == (
        "geomap: error: depth -5 km is not positive; give depths like 10,20,30"
    )
    assert res.stdout == ""


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--along", KBB, "--depth", "0"], "depth 0 km is not positive"),
        (["--along", KBB, "--depth", "900"], "exceeds the 500 km limit"),
        (["--along", "Poltava Oblast"], "does not touch the RU–UA border"),
        (["--along", "Kurks Oblst"], "did you mean 'Kursk Oblast'"),
        (["--along", " , "], "empty sector"),
        (["--along", "auto"], "--along auto needs an article"),
        ([], "no sector given"),
        (["--along", KBB, "--side", "PL"], "is empty"),
    ],
)
def test_cli_errors(capsys, argv, needle):
    assert main(["zone", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("geomap: error: ") and needle in err
    assert err.count("\n") == 1


def test_cli_unwritable_output(capsys, tmp_path):
    assert (
        main(["zone", "--along", "Kursk", "--depth", "5", "-o", str(tmp_path / "no" / "x.json")])
        == 2
    )
    assert "does not exist" in capsys.readouterr().err


def test_cli_auto_from_article(capsys, tmp_path):
    pytest.importorskip("geomap.geoparse", reason="the geoparser is not there yet")
    art = tmp_path / "article.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "report.json"
    assert (
        main(["zone", "--along", "auto", "--article", str(art), "--depth", "15,30", "-o", str(out)])
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["sector"]["label"] == "Bryansk Oblast, Kursk Oblast, Belgorod Oblast"
    places = {p["name"]: p for p in doc["places"]}
    assert places["Vovchansk"]["in_15km"] is True
    assert places["Sumy"]["in_15km"] is False and places["Sumy"]["in_30km"] is True
    assert 27 <= places["Sumy"]["distance_to_border_km"] <= 29.5
    zone30 = next(z for z in doc["zones"] if z["depth_km"] == 30)
    assert "Sumy" in zone30["places"] and "Vovchansk" in zone30["places"]
    assert doc["settlements"] and all(s["distance_km"] <= 30.01 for s in doc["settlements"])


def test_cli_auto_from_stdin_defaults_to_auto(monkeypatch, capsys):
    pytest.importorskip("geomap.geoparse", reason="the geoparser is not there yet")
    monkeypatch.setattr(sys, "stdin", io.StringIO(ARTICLE))
    assert main(["zone", "--article", "-", "--depth", "10", "--side", "RU", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1 and rows[0]["side"] == "RU"
    # named oblasts win, every border oblast the article names on either side (issue #14
    # item 4): Kharkiv Oblast on the far side first, then Kursk, Belgorod and Bryansk
    assert rows[0]["sector"].split(", ")[0] == "Kharkiv Oblast"
    assert set(rows[0]["sector"].split(", ")) == {
        "Kharkiv Oblast",
        "Kursk Oblast",
        "Belgorod Oblast",
        "Bryansk Oblast",
    }
    assert "Belgorod Oblast" in json.loads(rows[0]["areas_by_oblast"])


def test_cli_format_from_extension(tmp_path):
    out = tmp_path / "zones.csv"
    assert (
        main(["zone", "--along", "Bryansk", "--depth", "5,10", "--mode", "bands", "-o", str(out)])
        == 0
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["inner_km"], r["depth_km"]) for r in rows] == [("0", "5"), ("5", "10")]


def test_cli_other_border_with_countries(capsys):
    assert main(["zone", "--along", "Gomel Oblast", "--depth", "5"]) == 2
    assert "--countries BY,UA" in capsys.readouterr().err
    argv = ["zone", "--along", "Gomel", "--countries", "BY,UA", "--depth", "5", "--format", "csv"]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert json.loads(rows[0]["areas_by_oblast"]).keys() == {
        "Rivne Oblast",
        "Zhytomyr Oblast",
        "Kyiv Oblast",
        "Chernihiv Oblast",
    }
