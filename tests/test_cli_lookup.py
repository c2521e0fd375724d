"""``geomap lookup``: table and JSON output, filters, and one-line errors for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from geomap.cli import main


def run(argv, capsys):
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


def assert_one_line_error(rc: int, err: str, *, contains: str = "") -> None:
    assert rc == 2
    assert err.startswith("geomap: error: ")
    assert err.count("\n") == 1, err[:500]
    assert "Traceback" not in err
    assert len(err) < 400
    assert contains in err


# ---------------------------------------------------------------------------- output
def test_json_lists_city_and_oblast(capsys):
    rc, out, err = run(["lookup", "Kharkov", "--json"], capsys)
    assert rc == 0 and err == ""
    doc = json.loads(out)
    assert doc["query"] == "Kharkov"
    cands = doc["candidates"]
    assert [(c["name"], c["kind"]) for c in cands[:2]] == [
        ("Kharkiv", "city"),
        ("Kharkiv Oblast", "oblast"),
    ]
    for key in ("name", "kind", "country", "admin1", "lat", "lon", "score", "reason", "id"):
        assert key in cands[0]
    scores = [c["score"] for c in cands]
    assert scores == sorted(scores, reverse=True)
    assert cands[0]["lat"] == pytest.approx(49.99, abs=0.05) and cands[0]["lon"] == pytest.approx(
        36.23, abs=0.05
    )


def test_text_table(capsys):
    rc, out, _ = run(["lookup", "Kharkov"], capsys)
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "#",
        "name",
        "kind",
        "country",
        "oblast",
        "lat",
        "lon",
        "score",
        "reason",
    ]
    assert lines[1].split()[:3] == ["1", "Kharkiv", "city"]
    assert lines[2].split()[:4] == ["2", "Kharkiv", "Oblast", "oblast"]
    # columns are aligned: the kind column starts at the same offset on every row
    col = lines[0].index("kind")
    assert lines[1][col:].startswith("city") and lines[2][col:].startswith("oblast")


def test_text_marks_approximate_positions(capsys):
    rc, out, _ = run(["lookup", "Semenivka", "--limit", "40"], capsys)
    assert rc == 0
    assert "~" in out
    assert out.rstrip().endswith("~ approximate position (the hromada or raion centre)")


def test_several_words_are_one_name(capsys):
    rc, out, _ = run(["lookup", "Velyka", "Pysarivka", "--json"], capsys)
    assert rc == 0
    assert json.loads(out)["candidates"][0]["name"] == "Velyka Pysarivka"


def test_filters_and_limit(capsys):
    rc, out, _ = run(["lookup", "Kharkov", "--json", "--kind", "oblast"], capsys)
    assert rc == 0
    assert {c["kind"] for c in json.loads(out)["candidates"]} == {"oblast"}
    rc, out, _ = run(["lookup", "Semenivka", "--json", "--limit", "2"], capsys)
    assert len(json.loads(out)["candidates"]) == 2
    rc, out, _ = run(["lookup", "Korenevo", "--json", "--country", "ru"], capsys)
    assert {c["country"] for c in json.loads(out)["candidates"]} == {"RU"}


def test_worldview_option(capsys):
    rc, out, _ = run(["lookup", "Crimea", "--json", "--worldview", "de_facto"], capsys)
    assert rc == 0
    assert json.loads(out)["candidates"][0]["country"] == "RU"
    rc, out, _ = run(["lookup", "Crimea", "--json"], capsys)
    assert json.loads(out)["candidates"][0]["country"] == "UA"


# ---------------------------------------------------------------------------- errors
def test_not_found_suggests(capsys):
    rc, out, err = run(["lookup", "Kharkiw"], capsys)
    assert out == ""
    assert_one_line_error(rc, err, contains="no place named 'Kharkiw'")
    assert "did you mean 'Kharkiv'" in err


@pytest.mark.parametrize(
    ("argv", "contains"),
    [
        (["lookup", ""], "empty place name"),
        (["lookup", "   "], "empty place name"),
        (["lookup", "12345"], "no letters"),
        (["lookup", "\udcff\udcfe"], "not valid UTF-8"),
        (["lookup", "x" * (10 * 1024 * 1024)], "character limit"),
        (["lookup", "Sumy", "--kind", "hamlet"], "unknown --kind"),
        (["lookup", "Sumy", "--kind", ""], "unknown --kind"),
        (["lookup", "Sumy", "--country", "Ukraine"], "bad --country"),
        (["lookup", "Sudzha", "--country", "UA"], "no place named 'Sudzha'"),
    ],
    ids=[
        "empty",
        "blank",
        "digits",
        "undecodable",
        "10MB",
        "kind",
        "empty-kind",
        "country",
        "filtered-out",
    ],
)
def test_bad_input_one_line(argv, contains, capsys):
    rc, out, err = run(argv, capsys)
    assert out == ""
    assert_one_line_error(rc, err, contains=contains)


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_bad_limit_is_usage_error(limit, capsys):
    with pytest.raises(SystemExit) as info:
        main(["lookup", "Sumy", "--limit", limit])
    assert info.value.code == 2
    assert "--limit" in capsys.readouterr().err


# ----------------------------------------------------------------------------- stdin
def _stdin(monkeypatch, payload: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload), encoding="utf-8"))


def test_stdin_name(monkeypatch, capsys):
    _stdin(monkeypatch, "Харків\n".encode())
    rc, out, _ = run(["lookup", "-", "--json"], capsys)
    assert rc == 0
    doc = json.loads(out)
    assert doc["query"] == "Харків" and doc["candidates"][0]["name"] == "Kharkiv"


@pytest.mark.parametrize(
    ("payload", "contains"),
    [
        (b"", "empty place name"),
        (b"\x00\x01\x02binary\xff", "looks binary"),
        (b"\xff\xfeKh\xe0rkiv", "not valid UTF-8"),
        (b"Kharkiv " * (10 * 1024 * 1024 // 8), "over 65536 bytes"),
    ],
    ids=["empty", "binary", "latin1", "10MB"],
)
def test_stdin_bad_input(payload, contains, monkeypatch, capsys):
    _stdin(monkeypatch, payload)
    rc, out, err = run(["lookup", "-"], capsys)
    assert out == ""
    assert_one_line_error(rc, err, contains=contains)


# ------------------------------------------------------------------- real processes
def _geomap(*args: str | bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geomap", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )


def test_process_json():
    proc = _geomap("lookup", "Kharkov", "--json")
    assert proc.returncode == 0, proc.stderr
    kinds = {(c["name"], c["kind"]) for c in json.loads(proc.stdout)["candidates"]}
    assert {("Kharkiv", "city"), ("Kharkiv Oblast", "oblast")} <= kinds


def test_process_binary_argv_and_huge_stdin():
    proc = _geomap("lookup", b"\xff\xfe\x80")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("geomap: error: ") and err.count("\n") == 1
    proc = _geomap("lookup", "-", stdin=b"A" * (10 * 1024 * 1024))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("geomap: error: standard input is over") and "Traceback" not in err
