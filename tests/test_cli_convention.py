"""One CLI convention (issue #14, item 7), checked command by command.

* piped (capsys is not a terminal) with no ``--format``: the machine format,
  unchanged, i.e. equal to what the Python API serialises;
* ``--format table``: a title line with the count, column headers, a rule, rows;
* ``-o FILE``: one ``wrote FILE (N KB, what)`` line on stderr, none with ``--quiet``;
* every sub-command's ``--help`` ends with examples;
* on a real terminal (a pty), a table without being asked.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _frontline_fixtures import deepstate_snapshot, mirror_snapshot, write_json

from geomap.cli import build_parser, main

ARTICLE = (
    "Russian drones struck Sumy overnight. Shelling hit Kharkiv and Vovchansk, "
    "while Belgorod reported an attack."
)
ZONE = ["zone", "--along", "Kursk Oblast", "--depth", "10,20"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def wrote_line(err: str, path: Path) -> str:
    """The one stderr line reporting ``path``; fails unless it has the agreed shape."""
    lines = [line for line in err.splitlines() if line.startswith(f"wrote {path} ")]
    assert len(lines) == 1, err
    assert re.fullmatch(rf"wrote {re.escape(str(path))} \([\d.,]+ KB, .+\)", lines[0]), lines[0]
    assert path.stat().st_size > 0
    return lines[0]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def cache(tmp_path):
    folder = tmp_path / "cache" / "frontline" / "mirror"
    folder.mkdir(parents=True)
    for day, edge in (("2025-03-01", 36.5), ("2025-05-22", 36.2)):
        name = f"deepstatemap_data_{day.replace('-', '')}.geojson"
        write_json(folder / name, mirror_snapshot(day, east_edge=edge))
    return tmp_path / "cache"


# ------------------------------------------------------------------ help


def _subparsers(parser: argparse.ArgumentParser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name), sub
                yield from _subparsers(sub, (*prefix, name))


def test_every_help_has_examples(capsys):
    commands = list(_subparsers(build_parser()))
    names = {" ".join(c) for c, _ in commands}
    assert {"lookup", "places", "zone", "map", "corpus", "heatmap", "frontline diff"} <= names
    for command, _ in commands:
        with pytest.raises(SystemExit) as exc:
            main([*command, "--help"])
        out = capsys.readouterr().out
        assert exc.value.code == 0
        assert "\nExamples:\n  geomap " in out, f"geomap {' '.join(command)} --help has no examples"


def test_group_without_action_prints_usage(capsys):
    for group in ("frontline", "data", "assets"):
        code, out, err = run(capsys, group)
        assert code == 2 and out == "" and err.startswith(f"usage: geomap {group} ")


# ------------------------------------------------------------------ lookup


def test_lookup(capsys):
    from geomap._cli_lookup import candidates_to_table
    from geomap.gazetteer import get_gazetteer

    cands = get_gazetteer().lookup("Kharkov", limit=3)
    code, out, _ = run(capsys, "lookup", "Kharkov", "--limit", "3")
    assert code == 0 and out == candidates_to_table(cands) + "\n"  # piped: as always
    code, out, _ = run(capsys, "lookup", "Kharkov", "--limit", "3", "--json")
    doc = json.loads(out)
    assert doc["candidates"] == [c.to_dict() for c in cands]
    assert run(capsys, "lookup", "Kharkov", "--limit", "3", "--format", "json")[1] == out
    code, out, _ = run(capsys, "lookup", "Kharkov", "--limit", "3", "--format", "table")
    title, header, first = out.splitlines()[:3]
    assert title == f"{len(cands)} candidates for 'Kharkov', best first" and len(cands) > 1
    assert header.split()[:4] == ["#", "name", "kind", "country"] and "Kharkiv" in first


# ------------------------------------------------------------------ places


def test_places(capsys, article, tmp_path):
    from geomap.geoparse import places_from_text, places_to_records

    gdf = places_from_text(ARTICLE)
    records = places_to_records(gdf)
    code, out, err = run(capsys, "places", article)
    assert code == 0 and not err
    expected = {
        "places": records,
        "distances": gdf.attrs.get("distances", []),
        "unresolved": gdf.attrs.get("unresolved", []),
    }
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    code, out, _ = run(capsys, "places", article, "--format", "csv")
    assert [r["name"] for r in csv.DictReader(io.StringIO(out))] == [r["name"] for r in records]

    code, out, _ = run(capsys, "places", article, "--format", "table")
    lines = out.splitlines()
    assert lines[0] == f"{len(records)} places named in {article}"
    assert lines[1].split()[:4] == ["name", "kind", "country", "oblast"]
    assert set(lines[2]) == {"-", " "}
    sumy = next(line for line in lines[3:] if line.startswith("Sumy "))
    assert "Sumy Oblast" in sumy and "UA" in sumy
    assert len(lines) == 3 + len(records)

    target = tmp_path / "places.geojson"
    code, out, err = run(capsys, "places", article, "--format", "geojson", "-o", target)
    assert code == 0 and out == ""
    assert wrote_line(err, target).endswith(f", {len(records)} places, geojson)")
    assert len(json.loads(target.read_text())["features"]) == len(records)


# ------------------------------------------------------------------ zone


def test_zone(capsys, tmp_path):
    from geomap import zones as z

    sector = z.border_sector("Kursk Oblast", countries=("RU", "UA"))
    report = z.zone_report(z.buffer_zones(sector, [10, 20], side="UA", mode="rings"))
    code, out, err = run(capsys, *ZONE)
    assert code == 0 and not err
    assert out == json.dumps(report.to_geojson(), ensure_ascii=False) + "\n"  # piped: GeoJSON

    code, out, _ = run(capsys, *ZONE, "--format", "table")
    lines = out.splitlines()
    assert lines[0].startswith("2 zones along Kursk Oblast (")
    assert lines[1].split()[:3] == ["depth", "side", "area"]
    assert lines[3].startswith("0-10 km") and lines[4].startswith("0-20 km")
    areas = [p["area_km2"] for p in report.zone_properties()]
    assert f"{areas[0]:,.1f}" in lines[3] and f"{areas[1]:,.1f}" in lines[4]

    target = tmp_path / "zones.geojson"
    code, out, err = run(capsys, *ZONE, "--format", "geojson", "-o", target)
    assert code == 0 and out == "" and wrote_line(err, target).endswith(", 2 zones, geojson)")
    assert json.loads(target.read_text()) == json.loads(json.dumps(report.to_geojson()))


# ------------------------------------------------------------------ map, corpus, heatmap


def test_map_reports_html_and_png(capsys, article, tmp_path):
    html, png = tmp_path / "m.html", tmp_path / "m.png"
    code, out, err = run(
        capsys, "map", article, "-o", html, "--png", png, "--along", "none", "--cdn"
    )
    assert code == 0 and out == ""
    assert ", HTML map, " in wrote_line(err, html) and ", PNG map, " in wrote_line(err, png)


def test_corpus_and_heatmap(capsys, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "2024-08-06.txt").write_text("Drones hit Sumy and Kharkiv.", encoding="utf-8")
    (folder / "2024-08-14.txt").write_text("Shelling in Sumy again.", encoding="utf-8")
    parquet = tmp_path / "m.parquet"
    code, out, err = run(capsys, "corpus", folder, "-o", parquet, "--workers", "1")
    assert code == 0 and "articles" in out  # the summary stays on stdout
    assert wrote_line(err, parquet).endswith(" mentions of 2 places, GeoParquet)")
    parquet.unlink()
    code, out, err = run(capsys, "corpus", folder, "-o", parquet, "--workers", "1", "-q")
    assert code == 0 and out == "" and "wrote" not in err and parquet.exists()

    html, top = tmp_path / "heat.html", tmp_path / "top.csv"
    argv = ["heatmap", parquet, "-o", html, "--table-csv", top, "--cdn", "--by", "week"]
    code, out, err = run(capsys, *argv)
    assert code == 0 and out == ""
    assert wrote_line(err, html).endswith("HTML heatmap by week)") and wrote_line(err, top)
    code, out, err = run(capsys, *argv, "--quiet")
    assert code == 0 and out == "" and err == ""


# ------------------------------------------------------------------ frontline


def test_frontline_diff_series_load(capsys, cache, tmp_path):
    days = ["2025-03-01", "2025-05-22", "--cache", cache]
    code, out, _ = run(capsys, "frontline", "diff", *days)
    rows = list(csv.DictReader(io.StringIO(out)))  # piped: CSV, as always
    assert code == 0 and rows[-1]["oblast"] == "TOTAL"
    assert list(rows[0]) == ["oblast", "gained_km2", "lost_km2", "net_km2"]
    code, table, _ = run(capsys, "frontline", "diff", *days, "--format", "table")
    lines = table.splitlines()
    assert lines[0].startswith("occupied area change 2025-03-01 to 2025-05-22: net ")
    assert lines[1].split()[:3] == ["oblast", "gained", "km²"]
    assert lines[-1].startswith("TOTAL") and len(lines) == 3 + len(rows)
    target = tmp_path / "diff.json"
    code, out, err = run(capsys, "frontline", "diff", *days, "--format", "json", "-o", target)
    assert out == "" and "2025-03-01 to 2025-05-22, json)" in wrote_line(err, target)
    assert json.loads(target.read_text())["net_km2"] == pytest.approx(float(rows[-1]["net_km2"]))

    code, out, _ = run(capsys, "frontline", "series", *days)
    series = list(csv.DictReader(io.StringIO(out)))
    assert [r["date"] for r in series] == ["2025-03-01", "2025-05-22"]
    code, out, _ = run(capsys, "frontline", "series", *days, "--format", "table")
    lines = out.splitlines()
    assert lines[0] == "occupied area at 2 dates" and lines[3].startswith("2025-03-01")

    code, out, _ = run(capsys, "frontline", "load", "2025-05-22", "--cache", cache)
    summary = json.loads(out)  # piped: the JSON summary, as always
    code, out, _ = run(
        capsys, "frontline", "load", "2025-05-22", "--cache", cache, "--format", "table"
    )
    lines = out.splitlines()
    assert lines[0].startswith(f"front line of 2025-05-22 ({summary['source']}): ")
    occupied = next(line for line in lines if line.startswith("occupied "))
    assert f"{summary['occupied_km2']:,.1f}" in occupied


def test_frontline_zone_line_markers(capsys, cache, tmp_path):
    target = tmp_path / "z.geojson"
    args = ["frontline", "zone", "2025-05-22", "--cache", cache, "--km", "10", "25"]
    code, out, err = run(capsys, *args, "-o", target)
    assert code == 0 and wrote_line(err, target).endswith(", 2 zones, geojson)")
    code, out, _ = run(capsys, *args, "-o", "-", "--format", "table")
    lines = out.splitlines()
    assert lines[1].split() == ["depth", "km", "side", "area", "km²"] and len(lines) == 5
    line = tmp_path / "line.geojson"
    code, _, err = run(capsys, "frontline", "line", "2025-05-22", "--cache", cache, "-o", line)
    n = len(json.loads(line.read_text())["features"])
    assert re.search(rf", {n} lines?, [\d.]+ km\)$", wrote_line(err, line))

    snap = write_json(tmp_path / "snap.geojson", deepstate_snapshot())
    code, out, _ = run(capsys, "frontline", "markers", snap)
    kinds = [f["properties"]["kind"] for f in json.loads(out)["features"]]
    code, out, _ = run(capsys, "frontline", "markers", snap, "--format", "table")
    lines = out.splitlines()
    assert lines[0] == f"{len(kinds)} markers in {snap}" and "kind" in lines[1].split()
    assert len(lines) == 3 + len(kinds)


# ------------------------------------------------------------------ a real terminal


def _run_on_pty(argv: list[str]) -> str:
    """Run ``python -m geomap ARGV`` with standard output on a pseudo-terminal."""
    pty = pytest.importorskip("pty")
    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "COLUMNS": "200"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "geomap", *argv],
        stdout=child_fd,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main_fd)
    assert proc.returncode == 0, proc.stderr.read().decode()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_terminal_gets_a_table_and_a_pipe_json(article):
    out = _run_on_pty(["places", str(article)])
    lines = out.splitlines()
    assert re.fullmatch(r"\d+ places named in .*news\.txt", lines[0])
    assert lines[1].split()[:3] == ["name", "kind", "country"] and "Sumy" in out
    piped = subprocess.run(
        [sys.executable, "-m", "geomap", "places", str(article)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        check=True,
    )
    names = [p["name"] for p in json.loads(piped.stdout)["places"]]
    assert "Sumy" in names and len(names) == int(lines[0].split()[0])
