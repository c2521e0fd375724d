"""Hostile and careless input on the command line (issue #11, items 5-7): one line and exit 2
instead of a traceback or a hang, through ``geomap.cli.main`` or a real process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from geomap import _maps_style as sty
from geomap.cli import main
from geomap.maps import _figure_from_layers, map_layers_from_text

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Russian drones hit Sumy and Kharkiv overnight.\n"
TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"


def run(capsys, argv) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of ``geomap argv``; argparse exits count too."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err.strip()


def one_line(err: str, *needles: str) -> None:
    assert err.count("\n") == 0 and "error: " in err, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def geomap(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geomap", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
    )


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


# ------------------------------------------------------------------ item 5
def test_tile_url_needs_its_attribution(article, tmp_path, capsys):
    out = tmp_path / "m.html"
    base = ["map", article, "-o", out, "--along", "none", "--cdn", "--tiles", TILE_URL]
    code, _, err = run(capsys, base)
    assert code == 2
    one_line(err, "--attribution", repr(TILE_URL))
    assert not out.exists()
    code, _, err = run(capsys, [*base, "--attribution", "© Example tiles"])
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert TILE_URL in page
    assert "© Example tiles" in page or json.dumps("© Example tiles") in page


@pytest.mark.parametrize("headline", ["Costs $^x_{ rose", "Price $x$ and $5 in Sumy", "a\\$b $"])
def test_mathtext_in_png_text_is_drawn_literally(headline, tmp_path, capsys):
    text = f"{headline}\n\nRussian drones hit Sumy overnight.\n"
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    code, _, err = run(
        capsys,
        ["map", src, "-o", tmp_path / "m.html", "--png", tmp_path / "m.png", "--along", "none"],
    )
    assert code == 0, err
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    # every text matplotlib draws comes out as the article wrote it, never as mathtext
    fig = _figure_from_layers(map_layers_from_text(text, along=None), width_in=11, height_in=8.5)
    drawn = [
        t._preprocess_math(t.get_text())
        for t in fig.findobj(lambda o: hasattr(o, "_preprocess_math"))
    ]
    assert (headline, False) in drawn
    assert all(not is_math for _, is_math in drawn)


def test_mpl_text_round_trips_through_matplotlib():
    from matplotlib.text import Text

    for raw in ["$x$", "$^x_{", "a $ b", "\\$", "plain"]:
        assert Text(text=sty.mpl_text(raw))._preprocess_math(sty.mpl_text(raw)) == (raw, False)


# ------------------------------------------------------------------ item 6
def test_fifo_in_a_corpus_folder_or_glob_is_skipped(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "2024-08-06.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(news / "2024-08-07.txt")  # nobody ever writes: reading it would hang
    os.mkfifo(news / "feed.jsonl")
    out = tmp_path / "m.parquet"
    for inputs in ([news], [f"{news}/*.txt", f"{news}/*.jsonl"]):
        t0 = time.perf_counter()
        proc = geomap("corpus", *inputs, "-o", out, "--workers", "1", "--quiet", "--no-resume")
        assert proc.returncode == 0, proc.stderr
        assert time.perf_counter() - t0 < 100
        for name in ("2024-08-07.txt", "feed.jsonl"):
            assert f"skipped {str(news / name)!r}: it is a FIFO" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
        table = pd.read_parquet(out)
        assert set(table["article_id"]) == {"2024-08-06.txt"}
        assert {"Sumy", "Kharkiv"} <= set(table["name"])
    proc = geomap("corpus", news / "2024-08-07.txt", "-o", out)
    assert proc.returncode == 2
    one_line(proc.stderr.strip(), "is a FIFO (named pipe), not a regular file")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _talker(reply: bytes) -> tuple[str, threading.Event]:
    """A local TCP server that is not a Dask scheduler: it says ``reply`` and hangs up."""
    srv = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except TimeoutError:
                continue
            with conn:
                if reply:
                    conn.sendall(reply)
                time.sleep(0.5)
        srv.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"tcp://127.0.0.1:{srv.getsockname()[1]}", stop


@pytest.mark.parametrize("kind", ["bogus-scheme", "closed-port", "http-server", "silent-server"])
def test_bad_scheduler_fails_within_seconds(kind, article, tmp_path, capsys):
    stop = None
    if kind == "bogus-scheme":
        address, needle = "bogus://x", "unknown scheme 'bogus'"
    elif kind == "closed-port":
        address, needle = f"tcp://127.0.0.1:{_closed_port()}", "cannot connect to the Dask"
    else:
        reply = b"HTTP/1.1 400 Bad Request\r\n\r\n" if kind == "http-server" else b""
        address, stop = _talker(reply)
        needle = "not a Dask scheduler"
    try:
        t0 = time.perf_counter()
        code, _, err = run(
            capsys, ["corpus", article, "-o", tmp_path / "m.parquet", "--scheduler", address]
        )
        took = time.perf_counter() - t0
    finally:
        if stop is not None:
            stop.set()
    assert code == 2
    one_line(err, needle, repr(address), "--scheduler")
    assert took < 5, took  # was 40 s for bogus://, 20 s for a closed port
    assert not (tmp_path / "m.parquet").exists()


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def test_workers_capped_at_the_cpu_count_and_zero_refused(article, tmp_path, capsys):
    out = tmp_path / "m.parquet"
    many = _cpus() + 61
    code, _, err = run(capsys, ["corpus", article, "-o", out, "--workers", many, "--quiet"])
    assert code == 0, err
    assert err == f"geomap: note: --workers {many} is more than the {_cpus()} CPUs; using {_cpus()}"
    assert len(pd.read_parquet(out)) > 0
    for bad in ("0", "-2", "two"):
        code, _, err = run(
            capsys, ["corpus", article, "-o", tmp_path / "x.parquet", "--workers", bad]
        )
        assert code == 2
        one_line(err, "--workers", bad)


# ------------------------------------------------------------------ item 7
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_articles_are_read(encoding, tmp_path, capsys):
    text = "Дрони атакували Суми вночі. Russian drones also hit Kharkiv.\n"
    utf8, wide = tmp_path / "a8.txt", tmp_path / "a16.txt"
    utf8.write_text(text, encoding="utf-8")
    wide.write_bytes(text.encode(encoding))
    got = []
    for src in (utf8, wide):
        code, out, err = run(capsys, ["places", src])
        assert code == 0, err
        got.append(sorted(p["name"] for p in json.loads(out)["places"]))
    assert got[0] == got[1] and {"Sumy", "Kharkiv"} <= set(got[0])


def test_bogus_worldview_setting_is_named(article):
    for args in (["places", article], ["lookup", "Sumy"], ["map", article, "-o", "-", "--cdn"]):
        proc = geomap(*args, env={"GEOMAP_WORLDVIEW": "bogus"})
        assert proc.returncode == 2
        one_line(
            proc.stderr.strip(),
            "unknown worldview 'bogus'; use de_jure or de_facto",
            "GEOMAP_WORLDVIEW",
        )


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-0.1", "1.5", "NaN"])
@pytest.mark.parametrize("command", ["places", "corpus"])
def test_min_confidence_must_be_a_finite_fraction(command, value, article, tmp_path, capsys):
    argv = [command, article, f"--min-confidence={value}"]
    if command == "corpus":
        argv += ["-o", tmp_path / "m.parquet"]
    code, out, err = run(capsys, argv)
    assert code == 2 and out == ""
    one_line(err, "--min-confidence", repr(value))


def test_bidi_controls_cannot_reorder_the_map_title(tmp_path, capsys):
    rlo, pdf = "\u202e", "\u202c"
    headline = f"Strike on Sumy {rlo}dias nikserP{pdf} \u2066x\u2069 \u200fy\u200e \u061cz"
    src = tmp_path / "a.txt"
    src.write_text(f"{headline}\n\nRussian drones hit Sumy and Kharkiv.\n", encoding="utf-8")
    code, page, err = run(capsys, ["map", src, "-o", "-", "--cdn", "--along", "none"])
    assert code == 0, err
    controls = [
        chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
    ]
    assert not [c for c in controls if c in page]
    assert "Strike on Sumy dias nikserP x y z" in page  # in the title block and <title>
    assert sty.esc(f"a{rlo}b") == "ab" and sty.plain_text("שלום Sumy") == "שלום Sumy"


@pytest.mark.parametrize("content", ["", "   \n\n", "Nothing happened anywhere today.\n"])
def test_article_with_no_places_is_refused_unless_asked(content, tmp_path, capsys):
    src, out = tmp_path / "a.txt", tmp_path / "m.html"
    src.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, ["map", src, "-o", out, "--cdn"])
    assert code == 2
    one_line(err, "no places found", "--allow-empty")
    assert not out.exists()
    code, _, err = run(capsys, ["map", src, "-o", out, "--cdn", "--allow-empty"])
    assert code == 0, err
    assert out.stat().st_size > 10_000
    out.unlink()
    code, _, err = run(capsys, ["map", src, "-o", out, "--cdn", "--along", "Kursk Oblast"])
    assert code == 0, err  # zones along Kursk Oblast are something to draw
    assert "Zones 10, 20, 30 km" in out.read_text(encoding="utf-8")


def test_empty_map_is_documented():
    help_text = subprocess.run(
        [sys.executable, "-m", "geomap", "map", "--help"],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout  # fmt: skip
    assert "--allow-empty" in help_text and "names no" in " ".join(help_text.split())
    assert "--allow-empty" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_real_tcp_scheduler_passes_the_probe(article, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        out = tmp_path / "m.parquet"
        code, _, err = run(
            capsys, ["corpus", article, "-o", out, "--scheduler", address, "--quiet"]
        )
    assert code == 0, err
    assert {"Sumy", "Kharkiv"} <= set(pd.read_parquet(out)["name"])


_SLOW_CORPUS = """
import sys, time
import geomap.corpus as c
real = c._run_corpus
def slow(*a, **k):
    print("running", flush=True)  # inside corpus_to_parquet, holding the output lock
    time.sleep(float(sys.argv[3]))
    return real(*a, **k)
c._run_corpus = slow
from geomap.cli import main
sys.exit(main(["corpus", sys.argv[1], "-o", sys.argv[2], "--workers", "1", "--quiet"]))
"""


def test_two_corpus_runs_on_one_output_do_not_interleave(article, tmp_path, capsys):
    out = tmp_path / "m.parquet"
    first = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CORPUS, str(article), str(out), "8"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert first.stdout.readline().strip() == "running"
        code, _, err = run(capsys, ["corpus", article, "-o", out, "--workers", "1", "--quiet"])
        assert code == 2
        one_line(err, "another geomap run is writing", repr(str(out)))
        assert first.wait(timeout=120) == 0, first.stderr.read()
    finally:
        first.kill()
        first.wait(timeout=30)
    assert {"Sumy", "Kharkiv"} <= set(pd.read_parquet(out)["name"])
    assert not (tmp_path / "m.parquet.lock").exists()
