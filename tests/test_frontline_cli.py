"""``geomap frontline ...`` end to end (local files and a local HTTP server)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from _frontline_fixtures import LocalServer, deepstate_snapshot, mirror_snapshot, serve, write_json

from geomap.cli import main


@pytest.fixture
def cache(tmp_path):
    """A cache root with mirror snapshots of 2025-03-01 and 2025-05-22 (an advance between)."""
    folder = tmp_path / "cache" / "frontline" / "mirror"
    folder.mkdir(parents=True)
    write_json(
        folder / "deepstatemap_data_20250301.geojson", mirror_snapshot("2025-03-01", east_edge=36.5)
    )
    write_json(
        folder / "deepstatemap_data_20250522.geojson", mirror_snapshot("2025-05-22", east_edge=36.2)
    )
    return tmp_path / "cache"


def run(capsys, *argv):
    code = main(["frontline", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_fetch(capsys, tmp_path):
    name = "deepstatemap_data_20250522.geojson"
    body = json.dumps(mirror_snapshot("2025-05-22")).encode()
    with serve(LocalServer(routes={f"/{name}": (200, body)})) as srv:
        args = ["fetch", "--date", "2025-05-22", "--cache", tmp_path, "--base-url", srv.url]
        code, out, _ = run(capsys, *args)
        assert code == 0
        assert out.strip() == str(tmp_path / "frontline" / "mirror" / name)
        assert run(capsys, *args)[0] == 0
        assert srv.count(f"/{name}") == 1


def test_fetch_offline_fails_cleanly(capsys, tmp_path):
    from _frontline_fixtures import unused_port

    code, out, err = run(
        capsys,
        "fetch",
        "--date",
        "2025-05-22",
        "--cache",
        tmp_path,
        "--base-url",
        f"http://127.0.0.1:{unused_port()}",
    )
    assert code == 2 and out == ""
    assert err.startswith("geomap: error: cannot reach") and err.count("\n") == 1


def test_load_summary_csv_geojson(capsys, tmp_path, cache):
    snap = write_json(tmp_path / "snap_2025-05-22.geojson", deepstate_snapshot())
    code, out, _ = run(capsys, "load", snap)
    assert code == 0
    summary = json.loads(out)
    assert summary["source"] == "deepstate" and summary["date"] == "2025-05-22"
    assert set(summary["area_km2_by_status"]) == {"occupied", "contested", "liberated"}
    assert 0 < summary["occupied_before_2022_km2"] < summary["occupied_km2"]
    assert summary["dropped_unknown"] == 1 and summary["skipped_points"] == 2
    code, out, _ = run(capsys, "load", snap, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["status"] for r in rows].count("occupied") == 3
    assert {"date", "source", "status", "name", "pre2022", "area_km2"} <= set(rows[0])
    target = tmp_path / "out.geojson"
    assert (
        run(capsys, "load", "2025-05-22", "--cache", cache, "--format", "geojson", "-o", target)[0]
        == 0
    )
    doc = json.loads(target.read_text())
    assert doc["features"][0]["properties"]["source"] == "deepstate-mirror"


def test_diff_formats(capsys, tmp_path, cache):
    code, out, _ = run(capsys, "diff", "2025-03-01", "2025-05-22", "--cache", cache, "--by", "none")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[-1]["oblast"] == "TOTAL"
    assert float(rows[-1]["gained_km2"]) > 0 and float(rows[-1]["lost_km2"]) == 0
    code, out, _ = run(
        capsys, "diff", "2025-03-01", "2025-05-22", "--cache", cache, "--format", "json"
    )
    doc = json.loads(out)
    assert doc["date_from"] == "2025-03-01" and doc["date_to"] == "2025-05-22"
    assert doc["net_km2"] == pytest.approx(sum(r["net_km2"] for r in doc["by_oblast"]), abs=0.01)
    assert all(r["oblast"] for r in doc["by_oblast"])
    target = tmp_path / "diff.geojson"
    args = [
        "diff",
        "2025-03-01",
        "2025-05-22",
        "--cache",
        cache,
        "--format",
        "geojson",
        "-o",
        target,
    ]
    assert run(capsys, *args)[0] == 0
    feats = json.loads(target.read_text())["features"]
    assert {f["properties"]["status"] for f in feats} == {"gained"}
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in feats)


def test_series_mixes_dates_and_files(capsys, tmp_path, cache):
    extra = write_json(
        tmp_path / "deepstatemap_data_20250801.geojson",
        mirror_snapshot("2025-08-01", east_edge=36.0),
    )
    code, out, _ = run(capsys, "series", "2025-05-22", extra, "2025-03-01", "--cache", cache)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["date"] for r in rows] == ["2025-03-01", "2025-05-22", "2025-08-01"]
    areas = [float(r["area_km2"]) for r in rows]
    assert areas == sorted(areas) and rows[0]["change_km2"] == ""
    code, out, _ = run(capsys, "series", "2025-03-01", "--cache", cache, "--format", "json")
    assert json.loads(out)[0]["change_km2"] is None


def test_line_zone_markers(capsys, tmp_path, cache):
    target = tmp_path / "line.geojson"
    code, _, err = run(capsys, "line", "2025-05-22", "--cache", cache, "-o", target)
    assert code == 0 and f"wrote {target} (" in err and " km)" in err
    feats = json.loads(target.read_text())["features"]
    assert feats and all(f["geometry"]["type"] == "LineString" for f in feats)
    assert all(f["properties"]["length_km"] > 0 for f in feats)
    code, out, _ = run(
        capsys,
        "zone",
        "2025-05-22",
        "--cache",
        cache,
        "--km",
        "10",
        "25",
        "--format",
        "csv",
        "-o",
        "-",
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [float(r["depth_km"]) for r in rows] == [10.0, 25.0]
    assert float(rows[0]["area_km2"]) < float(rows[1]["area_km2"])
    snap = write_json(tmp_path / "snap.geojson", deepstate_snapshot())
    code, out, _ = run(capsys, "markers", snap)
    assert {f["properties"]["kind"] for f in json.loads(out)["features"]} == {
        "marker",
        "attack_direction",
    }


def test_errors_are_one_line(capsys, tmp_path, cache):
    code, _, err = run(capsys, "load", "2024-01-01", "--cache", cache)
    assert code == 2 and "no cached snapshot for 2024-01-01" in err and err.count("\n") == 1
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [')
    code, _, err = run(capsys, "diff", bad, "2025-05-22", "--cache", cache)
    assert code == 2 and "truncated" in err and err.count("\n") == 1
    code, _, err = run(capsys, "load", tmp_path / "missing.geojson")
    assert code == 2 and "neither a file nor a date" in err
    out_dir = tmp_path / "no" / "such" / "dir" / "x.csv"
    code, _, err = run(capsys, "series", "2025-03-01", "--cache", cache, "-o", out_dir)
    assert code == 2 and "does not exist" in err
