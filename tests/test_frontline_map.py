"""The front line over time (geomap.frontline_map, ``geomap frontline map``) and
``geomap map --frontline`` picking the cached snapshot nearest the article's date.

Small snapshots are made here in the mirror's schema (tests/_frontline_fixtures);
the real DeepStateMap mirror snapshots are read in place when the reference
folder is there (``GEOMAP_FRONTLINE_SNAPSHOTS`` or ``<repo>/../shared/reference/deepstate``)
and those tests skip elsewhere.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from _frontline_fixtures import mirror_snapshot, write_json

import geomap
from geomap._errors import InputError
from geomap.cli import main
from geomap.frontline import (
    frontline_diff,
    frontline_from_file,
    nearest_cached_snapshot,
    occupied_area_km2,
)
from geomap.frontline_time import frontline_map
from geomap.maps import html_from_map, map_to_html
from geomap.settings import settings

REPO = Path(__file__).resolve().parents[1]
#: east edge of the main occupied block per date: it grows west, then shrinks back a little
EDGES = {"2025-03-01": 36.5, "2025-05-22": 36.2, "2025-08-01": 36.35}


def reference_dir() -> Path | None:
    """The folder of real mirror snapshots, or None."""
    env = os.environ.get("GEOMAP_FRONTLINE_SNAPSHOTS")
    for folder in ([Path(env)] if env else []) + [
        REPO / ".." / "shared" / "reference" / "deepstate"
    ]:
        if folder.is_dir() and any(folder.glob("deepstatemap_data_*.geojson")):
            return folder.resolve()
    return None


def real_snapshots() -> list[Path]:
    folder = reference_dir()
    if folder is None:
        pytest.skip("real front-line snapshots not available (set GEOMAP_FRONTLINE_SNAPSHOTS)")
    return sorted(folder.glob("deepstatemap_data_*.geojson"))


@pytest.fixture
def snaps(tmp_path) -> dict[str, Path]:
    """Three mirror files in a cache folder (so dates work too), keyed by date."""
    folder = tmp_path / "cache" / "frontline" / "mirror"
    folder.mkdir(parents=True)
    return {
        day: write_json(
            folder / f"deepstatemap_data_{day.replace('-', '')}.geojson",
            mirror_snapshot(day, east_edge=edge),
        )
        for day, edge in EDGES.items()
    }


def page_steps(page: str) -> list[dict]:
    """The per-date data the page's slider script draws from."""
    m = re.search(r"var steps = (.*?);\n", page)
    assert m, "the page has no slider data"
    return json.loads(m.group(1))


# ------------------------------------------------------------------- API
def test_steps_match_frontline_diff(snaps):
    paths = list(snaps.values())
    m = frontline_map([paths[2], paths[0], paths[1]], min_area_km2=0.0, self_contained=False)
    steps = m.steps
    assert [f"{d:%Y-%m-%d}" for d in steps["date"]] == list(EDGES)  # sorted by date
    for p, area in zip(paths, steps["area_km2"], strict=True):
        assert area == pytest.approx(occupied_area_km2(p), rel=1e-9)
    frames = [frontline_from_file(p) for p in paths]
    for i in (1, 2):
        pieces, table = frontline_diff(frames[i - 1], frames[i], by="oblast")
        for key in ("gained_km2", "lost_km2", "net_km2"):
            assert steps[key].iloc[i] == pytest.approx(pieces.attrs[key])
        assert m.changes[i]["oblast"].tolist() == table["oblast"].tolist()
    assert m.changes[0] is None and steps["gained_km2"].isna().iloc[0]
    # the block grew west, then shrank back: a gain, then a loss
    assert steps["gained_km2"].iloc[1] > 1000 and steps["lost_km2"].iloc[1] == pytest.approx(0)
    assert steps["lost_km2"].iloc[2] > 500 and steps["gained_km2"].iloc[2] == pytest.approx(0)
    assert steps["net_km2"].iloc[1] == pytest.approx(
        steps["area_km2"].iloc[1] - steps["area_km2"].iloc[0], rel=1e-6
    )


def test_page_holds_each_date_and_the_oblast_tables(snaps):
    m = geomap.frontline_map(snaps, self_contained=False)  # mapping date -> file
    page = html_from_map(m)
    data = page_steps(page)
    assert [s["d"] for s in data] == list(EDGES)
    for s, row, table in zip(data, m.steps.itertuples(), m.changes, strict=True):
        assert s["occ"]["type"] in ("Polygon", "MultiPolygon")
        assert f"{round(row.area_km2):,} km²" in s["area"]
        kinds = [f["properties"]["k"] for f in s["pieces"]["features"]]
        assert len(kinds) == row.pieces
        if table is None:
            assert kinds == [] and s["tab"] == ""
            continue
        assert set(kinds) == ({"gained"} if row.gained_km2 > row.lost_km2 else {"lost"})
        for oblast in table["oblast"]:  # km² per oblast in every popup of the step
            assert f"<td>{oblast}</td>" in s["tab"]
        assert f"{round(row.gained_km2):,}" in s["tab"] or f"{row.gained_km2:.1f}" in s["tab"]
        for f in s["pieces"]["features"]:
            assert "km²" in f["properties"]["p"] and f["properties"]["t"]
    assert "Occupied territory over time" in page and "DeepStateMap (daily mirror)" in page


def test_min_area_drops_slivers(snaps):
    paths = list(snaps.values())
    full = frontline_map(paths, min_area_km2=0.0, self_contained=False).steps
    big = frontline_map(paths, min_area_km2=1e6, self_contained=False).steps
    assert full["pieces"].iloc[1:].sum() > 0 and big["pieces"].iloc[1:].sum() == 0
    assert big["gained_km2"].iloc[1] == 0 < full["gained_km2"].iloc[1]


def test_text_is_never_compiled(snaps):
    title = "{{ 7*7 }} {% if %} </script><img src=x onerror=alert(1)>"
    page = html_from_map(frontline_map(snaps, title=title, by=None, self_contained=False))
    assert "<title>{{ 7*7 }} {% if %} &lt;/script&gt;&lt;img" in page  # as written, not 49
    assert r"title-head\"\u003e{{ 7*7 }} {% if %} \u0026lt;/script\u0026gt;" in page  # title block
    assert "<img src=x" not in page and page.count("</script>") == page.count("<script")


def test_bad_snapshot_lists(snaps):
    with pytest.raises(InputError, match="no snapshots given"):
        frontline_map([], self_contained=False)
    with pytest.raises(InputError, match="list of files"):
        frontline_map(str(snaps["2025-03-01"]), self_contained=False)
    same_day = {"2025-03-01": snaps["2025-03-01"], "2025-03-01T12:00": snaps["2025-05-22"]}
    with pytest.raises(InputError, match="two snapshots of 2025-03-01"):
        frontline_map(same_day, self_contained=False)


def test_snapshot_without_date_and_bad_options(snaps):
    frame = frontline_from_file(snaps["2025-03-01"])
    frame["date"] = None
    with pytest.raises(InputError, match="has no date"):
        frontline_map([frame], self_contained=False)
    for opt in ({"min_area_km2": -1}, {"tolerance_m": float("nan")}):
        with pytest.raises(InputError, match="finite number"):
            frontline_map(snaps, self_contained=False, **opt)


def test_nearest_cached_snapshot(snaps):
    cache = snaps["2025-03-01"].parents[2]
    assert nearest_cached_snapshot("2025-05-20", cache_dir=cache)[0] == snaps["2025-05-22"]
    assert nearest_cached_snapshot(None, cache_dir=cache)[0] == snaps["2025-08-01"]
    assert nearest_cached_snapshot("2020-01-01", cache_dir=cache)[0] == snaps["2025-03-01"]
    # 2025-04-11 is 41 days from both: the earlier snapshot (known on the day) wins
    path, day = nearest_cached_snapshot("2025-04-11", cache_dir=cache)
    assert (path, str(day)) == (snaps["2025-03-01"], "2025-03-01")
    with pytest.raises(InputError, match="no cached front-line snapshot"):
        nearest_cached_snapshot("2025-04-11", cache_dir=cache / "empty")


# ------------------------------------------------------------------- CLI
def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_dates_and_files(capsys, snaps, tmp_path):
    cache = snaps["2025-03-01"].parents[2]
    out = tmp_path / "time.html"
    code, stdout, err = run(
        capsys, "frontline", "map", "2025-08-01", snaps["2025-03-01"], "2025-05-22",
        "--cache", cache, "--cdn", "-o", out,
    )  # fmt: skip
    assert code == 0 and stdout == ""
    assert re.fullmatch(
        rf"wrote {re.escape(str(out))} \([\d,]+ KB, 3 snapshots, 2025-03-01 to 2025-08-01\)\n", err
    )
    assert [s["d"] for s in page_steps(out.read_text(encoding="utf-8"))] == list(EDGES)
    code, stdout, err = run(
        capsys, "frontline", "map", *snaps.values(), "--by", "none", "--cdn", "-o", "-"
    )
    assert code == 0 and err == "" and stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["2025-04-01"], "no cached snapshot for 2025-04-01"),
        (["nowhere.geojson"], "'nowhere.geojson' is neither a file nor a date"),
        (["2025-03-01", "-o", "{tmp}/missing/x.html"], "does not exist"),
        (["2025-03-01", "2025-03-01"], "two snapshots of 2025-03-01"),
        (["2025-03-01", "-o", "{snap}"], "-o"),
    ],
)
def test_cli_errors_are_one_line(capsys, snaps, tmp_path, argv, needle):
    cache = snaps["2025-03-01"].parents[2]
    argv = [a.format(tmp=tmp_path, snap=snaps["2025-03-01"]) for a in argv]
    if "-o" not in argv:
        argv += ["-o", str(tmp_path / "x.html")]
    before = snaps["2025-03-01"].read_bytes()
    code, out, err = run(capsys, "frontline", "map", *argv, "--cache", cache, "--cdn")
    assert code == 2 and out == ""
    assert err.startswith("geomap: error: ") and err.count("\n") == 1 and needle in err
    assert snaps["2025-03-01"].read_bytes() == before
    assert not (tmp_path / "x.html").exists()


def test_cli_rejects_negative_min_area(capsys, snaps, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["frontline", "map", str(snaps["2025-03-01"]), "--min-area", "-1", "-o", "x.html"])
    assert exc.value.code == 2 and "--min-area" in capsys.readouterr().err


def test_map_frontline_nearest_to_article_date(capsys, snaps, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "cache_dir", snaps["2025-03-01"].parents[2])
    article = tmp_path / "2025-05-20_sumy.txt"
    article.write_text("Drones hit Sumy and Okhtyrka overnight.\n", encoding="utf-8")
    out = tmp_path / "m.html"
    base = ["map", article, "--along", "none", "--cdn", "-o", out]
    code, _, err = run(capsys, *base, "--frontline")  # the date in the file name
    assert code == 0
    assert "front line of 2025-05-22: the cached snapshot nearest the article's date " in err
    assert "2025-05-20 (from the file name), 2 days after" in err
    assert "DeepStateMap (daily mirror), 2025-05-22" in out.read_text(encoding="utf-8")
    code, _, err = run(capsys, *base, "--date", "2025-03-05", "--frontline")
    assert code == 0 and "front line of 2025-03-01: " in err and "(from --date)" in err
    assert "DeepStateMap (daily mirror), 2025-03-01" in out.read_text(encoding="utf-8")
    undated = tmp_path / "sumy.txt"
    undated.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "map", undated, "--along", "none", "--cdn", "-o", out, "--frontline")
    assert code == 0 and "front line of 2025-08-01: the latest cached snapshot" in err
    code, _, err = run(capsys, *base, "--date", "2025-02-30", "--frontline")
    assert code == 2 and err == "geomap: error: --date '2025-02-30' is not a date; use YYYY-MM-DD\n"
    page = tmp_path / "2025-03-02_saved.html"  # the page's own date wins over its name
    page.write_text(
        "<!DOCTYPE html><html><head><title>Strike on Sumy</title><meta property="
        '"article:published_time" content="2025-07-30T08:00:00Z"></head><body><article>'
        "<p>Drones hit Sumy and Okhtyrka overnight, the regional governor said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "map", page, "--along", "none", "--cdn", "-o", out, "--frontline")
    assert code == 0
    assert "front line of 2025-08-01: " in err and "2025-07-30 (from the page's publication" in err
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "empty")
    code, _, err = run(capsys, *base, "--frontline")
    assert code == 2 and "no cached front-line snapshot" in err and err.count("\n") == 1


# ------------------------------------------------------------------- real data
def test_real_snapshots(tmp_path):
    paths = real_snapshots()
    m = frontline_map(paths)
    page = map_to_html(m, tmp_path / "real.html")
    size = page.stat().st_size
    assert size < 1.5e6, f"page of {len(paths)} real snapshots is {size / 1e6:.2f} MB"
    steps = m.steps
    assert steps["date"].is_monotonic_increasing and len(steps) == len(paths)
    for i in range(1, len(paths)):
        pieces, table = frontline_diff(paths[i - 1], paths[i], min_area_km2=0.1)
        assert steps["net_km2"].iloc[i] == pytest.approx(pieces.attrs["net_km2"])
        assert m.changes[i]["gained_km2"].sum() == pytest.approx(steps["gained_km2"].iloc[i])
        # a real change lies in the oblasts of the war
        assert table["oblast"].iloc[0].endswith("Oblast")
    data = page_steps(page.read_text(encoding="utf-8"))
    assert all(s["pieces"]["features"] for s in data[1:])
