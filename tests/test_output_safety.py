"""Output safety (issue #11): special files, outputs over inputs, early checks, stale
temporary files, a full disk and concurrent corpus runs, for every command that writes."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from _frontline_fixtures import mirror_snapshot, write_json

import geomap._io
from geomap.cli import main
from geomap.corpus import corpus_to_parquet

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Russian drones hit Sumy and Kharkiv overnight.\n"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Real inputs of every kind: an article, a front-line snapshot, a mentions table."""
    d = tmp_path_factory.mktemp("inputs")
    (d / "news").mkdir()
    (d / "news" / "2024-08-06.txt").write_text(TEXT, encoding="utf-8")
    write_json(d / "S.geojson", mirror_snapshot("2025-05-22"))
    corpus_to_parquet([d / "news"], d / "m.parquet", workers=1)
    return d


@pytest.fixture
def work(data, tmp_path):
    """A fresh copy of the inputs in ``tmp_path``."""
    for name in ("S.geojson", "m.parquet"):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def run(capsys, argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err.strip()


def one_line_error(err: str, *needles: str) -> None:
    assert err.startswith("geomap: error: ") and "\n" not in err, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


# ------------------------------------------------------------ 1. special files
def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    return t


def test_fifo_output_is_streamed_not_replaced(work, capsys):
    fifo = work / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    code, _, err = run(capsys, ["places", work / "a.txt", "-o", fifo])
    reader.join(timeout=60)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    names = [p["name"] for p in json.loads(got[0])["places"]]
    assert "Sumy" in names and "Kharkiv" in names
    assert temp_files(work) == []


def test_png_to_a_fifo_like_dev_null(work, capsys):
    fifo = work / "png.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    argv = ["map", work / "a.txt", "--along", "none", "--cdn", "-o", work / "m.html", "--png", fifo]
    code, _, err = run(capsys, argv)
    reader.join(timeout=60)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got[0][:4] == b"\x89PNG"


def test_symlink_output_writes_its_target_and_stays_a_link(work, capsys):
    target, link = work / "target.json", work / "link.json"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target.name)
    code, _, err = run(capsys, ["places", work / "a.txt", "-o", link])
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == target.name
    assert "Sumy" in target.read_text(encoding="utf-8")
    assert temp_files(work) == []


def test_directory_and_socket_outputs_are_refused(work, capsys):
    folder = work / "folder"
    folder.mkdir()
    code, _, err = run(capsys, ["places", work / "a.txt", "-o", folder])
    assert code == 2
    one_line_error(err, repr(str(folder)), "is a directory")
    sock_path = work / "s.sock"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        code, _, err = run(capsys, ["zone", "--along", "Kursk Oblast", "-o", sock_path])
        assert code == 2
        one_line_error(err, "is a socket")
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)


def test_dash_is_standard_output(work, capsys, monkeypatch):
    monkeypatch.chdir(work)
    code, out, err = run(capsys, ["places", "a.txt", "-o", "-"])
    assert code == 0, err
    assert "Sumy" in [p["name"] for p in json.loads(out)["places"]]
    assert not (work / "-").exists()
    code, out, _ = run(capsys, ["heatmap", "m.parquet", "-o", "h.html", "--table-csv", "-"])
    assert code == 0 and out.startswith("period,rank,")
    code, _, err = run(capsys, ["corpus", "a.txt", "-o", "-", "--quiet"])
    assert code == 2
    one_line_error(err, "-o cannot be '-'")
    assert not (work / "-").exists()


def test_corpus_refuses_a_fifo_output(work, capsys):
    fifo = work / "m.fifo"
    os.mkfifo(fifo)
    code, _, err = run(capsys, ["corpus", work / "a.txt", "-o", fifo, "--quiet"])
    assert code == 2
    one_line_error(err, "needs a regular file path")
    assert sorted(p.name for p in work.iterdir()) == ["S.geojson", "a.txt", "m.fifo", "m.parquet"]


# ------------------------------------------------------------ 2. output is an input
SAME_FILE = {
    "places": lambda w: ["places", w / "a.txt", "-o", w / "a.txt"],
    "zone": lambda w: ["zone", "--article", w / "a.txt", "--along", "auto", "-o", w / "a.txt"],
    "map": lambda w: ["map", w / "a.txt", "--along", "none", "--cdn", "-o", w / "a.txt"],
    "map --png": lambda w: [
        "map",
        w / "a.txt",
        "--along",
        "none",
        "-o",
        w / "m.html",
        "--png",
        w / "a.txt",
    ],
    "corpus": lambda w: ["corpus", w / "a.txt", "-o", w / "a.txt", "--quiet"],
    "heatmap": lambda w: ["heatmap", w / "m.parquet", "-o", w / "m.parquet", "--quiet"],
    "frontline load": lambda w: ["frontline", "load", w / "S.geojson", "-o", w / "S.geojson"],
    "frontline diff": lambda w: [
        "frontline",
        "diff",
        w / "S.geojson",
        w / "S.geojson",
        "-o",
        w / "S.geojson",
    ],
    "frontline line": lambda w: ["frontline", "line", w / "S.geojson", "-o", w / "S.geojson"],
    "frontline zone": lambda w: ["frontline", "zone", w / "S.geojson", "-o", w / "S.geojson"],
    "frontline series": lambda w: ["frontline", "series", w / "S.geojson", "-o", w / "S.geojson"],
    "frontline markers": lambda w: ["frontline", "markers", w / "S.geojson", "-o", w / "S.geojson"],
}


@pytest.mark.parametrize("command", sorted(SAME_FILE))
def test_output_over_an_input_is_refused(command, work, capsys):
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    argv = SAME_FILE[command](work)
    code, _, err = run(capsys, argv)
    assert code == 2
    target = str(argv[argv.index("--png") + 1] if "--png" in argv else argv[argv.index("-o") + 1])
    one_line_error(err, repr(target), "is also an input", "choose another")
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


@pytest.mark.parametrize("how", ["symlink", "hardlink"])
def test_links_to_an_input_count_as_the_input(how, work, capsys):
    alias = work / "alias.txt"
    if how == "symlink":
        alias.symlink_to(work / "a.txt")
    else:
        os.link(work / "a.txt", alias)
    code, _, err = run(capsys, ["places", work / "a.txt", "-o", alias])
    assert code == 2
    one_line_error(err, repr(str(alias)), "is also an input")
    assert (work / "a.txt").read_text(encoding="utf-8") == TEXT


def test_two_outputs_that_are_one_file_are_refused(work, capsys):
    x = work / "x.out"
    code, _, err = run(capsys, ["heatmap", work / "m.parquet", "-o", x, "--table-csv", x])
    assert code == 2
    one_line_error(err, "-o and --table-csv are the same file", repr(str(x)))
    (work / "y.html").write_text("old", encoding="utf-8")
    os.link(work / "y.html", work / "y.png")  # hard links: one file
    argv = ["map", work / "a.txt", "--cdn", "-o", work / "y.html", "--png", work / "y.png"]
    code, _, err = run(capsys, argv)
    assert code == 2
    one_line_error(err, "-o and --png are the same file")
    assert not x.exists() and (work / "y.html").read_text(encoding="utf-8") == "old"
    code, _, err = run(capsys, ["heatmap", work / "m.parquet", "-o", "-", "--table-csv", "-"])
    assert code == 2
    one_line_error(err, "both write to standard output")


def test_corpus_output_inside_an_input_folder_that_is_an_article(work, capsys):
    news = work / "news"
    news.mkdir()
    (news / "2024-08-06.txt").write_text(TEXT, encoding="utf-8")
    code, _, err = run(capsys, ["corpus", news, "-o", news / "2024-08-06.txt", "--quiet"])
    assert code == 2
    one_line_error(err, "is also an input")
    assert (news / "2024-08-06.txt").read_text(encoding="utf-8") == TEXT


# ------------------------------------------------------------ 3. checked before the work
EARLY = {
    "places": (lambda w, o: ["places", w / "a.txt", "-o", o], "geomap.geoparse.places_from_text"),
    "zone": (
        lambda w, o: ["zone", "--along", "Kursk Oblast", "-o", o],
        "geomap.zones.border_sector",
    ),
    "map": (lambda w, o: ["map", w / "a.txt", "-o", o], "geomap.maps.map_article"),
    "map --png": (
        lambda w, o: ["map", w / "a.txt", "-o", w / "m.html", "--png", o],
        "geomap.maps.map_article",
    ),
    "heatmap": (
        lambda w, o: ["heatmap", w / "m.parquet", "-o", o],
        "geomap.heatmap.heatmap_from_mentions",
    ),
    "heatmap --table-csv": (
        lambda w, o: ["heatmap", w / "m.parquet", "-o", w / "h.html", "--table-csv", o],
        "geomap.heatmap.heatmap_from_mentions",
    ),
    "corpus": (lambda w, o: ["corpus", w / "a.txt", "-o", o], "geomap.corpus.corpus_to_parquet"),
    **{
        f"frontline {sub}": (
            lambda w, o, sub=sub: ["frontline", sub, w / "S.geojson", "-o", o],
            "geomap.frontline.frontline_from_file",
        )
        for sub in ("load", "line", "zone", "series")
    },
    "frontline diff": (
        lambda w, o: ["frontline", "diff", w / "S.geojson", w / "S.geojson", "-o", o],
        "geomap.frontline.frontline_from_file",
    ),
    "frontline markers": (
        lambda w, o: ["frontline", "markers", w / "S.geojson", "-o", o],
        "geomap.frontline.frontline_markers_from_file",
    ),
}


@pytest.mark.parametrize("command", sorted(EARLY))
@pytest.mark.parametrize("where", ["missing folder", "a folder"])
def test_unwritable_output_fails_before_the_work(command, where, work, capsys, monkeypatch):
    build, expensive = EARLY[command]

    def must_not_run(*args, **kwargs):
        raise AssertionError(f"{expensive} ran before the output was checked")

    monkeypatch.setattr(expensive, must_not_run)
    out = work / "missing" / "out.x" if where == "missing folder" else work
    code, _, err = run(capsys, build(work, out))
    assert code == 2
    one_line_error(err, repr(str(out)))
    assert ("does not exist" if where == "missing folder" else "is a directory") in err


@pytest.mark.parametrize("argv", [["frontline", "fetch"], ["data", "update"]])
def test_cache_commands_check_the_cache_first(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("geomap.frontline.fetch_snapshot", lambda **k: pytest.fail("fetched"))
    monkeypatch.setattr("geomap._geonames.update_geonames", lambda *a, **k: pytest.fail("fetched"))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, [*argv, "--cache", blocker / "cache"])
    assert code == 2
    one_line_error(err, "is not a directory", "--cache")


# ------------------------------------------------------------ 4. stale temporary files
_WRITER = """
import sys, time
from geomap._io import atomic_write
with atomic_write(sys.argv[1]) as fh:
    fh.write("partial")
    fh.flush()
    print("ready", flush=True)
    time.sleep(120)
"""


def _start_writer(out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_killed_writer_leaves_a_temp_file_that_the_next_run_removes(work, capsys):
    out = work / "p.json"
    out.write_text("old", encoding="utf-8")
    proc = _start_writer(out)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    stale = temp_files(work)
    assert len(stale) == 1 and stale[0].startswith(f".p.json.{proc.pid}.")
    assert out.read_text(encoding="utf-8") == "old"
    live = _start_writer(out)  # a writer still running keeps its temporary file
    try:
        code, _, err = run(capsys, ["places", work / "a.txt", "-o", out])
        assert code == 0, err
        left = temp_files(work)
        assert len(left) == 1 and left[0].startswith(f".p.json.{live.pid}.")
    finally:
        live.kill()
        live.wait(timeout=30)
    assert "Sumy" in out.read_text(encoding="utf-8")


def test_old_style_temp_names_older_than_the_run_are_removed(work, capsys):
    old = work / ".p.json.ab12cd34.tmp"  # older geomap: no PID in the name
    old.write_text("partial", encoding="utf-8")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    other = work / ".p.json.bak.ab12cd34.tmp"  # not a temporary file of p.json
    other.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, ["places", work / "a.txt", "-o", work / "p.json"])
    assert code == 0, err
    assert not old.exists() and other.exists()


# ------------------------------------------------------------ 5. full disk
class _FullFile:
    """A file whose writes fail like a full disk (or quota, or read-only file system)."""

    def __init__(self, fh, code: int):
        self._fh, self._code = fh, code

    def write(self, data):
        raise OSError(self._code, os.strerror(self._code))

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


def _disk_full(monkeypatch, code: int = errno.ENOSPC) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullFile(real(fd, *a, **k), code))


FULL = {
    "places": lambda w, o: ["places", w / "a.txt", "-o", o],
    "zone": lambda w, o: ["zone", "--along", "Kursk Oblast", "--depth", "10", "-o", o],
    "map": lambda w, o: ["map", w / "a.txt", "--along", "none", "--cdn", "-o", o],
    "map --png": lambda w, o: [
        "map",
        w / "a.txt",
        "--along",
        "none",
        "--cdn",
        "-o",
        "-",
        "--png",
        o,
    ],
    "heatmap": lambda w, o: ["heatmap", w / "m.parquet", "-o", o, "--cdn", "--quiet"],
    "corpus": lambda w, o: ["corpus", w / "a.txt", "-o", o, "--workers", "1", "--quiet"],
    "frontline load": lambda w, o: ["frontline", "load", w / "S.geojson", "-o", o],
}


@pytest.mark.parametrize("command", sorted(FULL))
def test_disk_full_is_one_line_and_keeps_the_old_output(command, work, capsys, monkeypatch):
    out = work / "out.bin"
    out.write_bytes(b"old")
    before = sorted(p.name for p in work.iterdir())
    _disk_full(monkeypatch)
    code, _, err = run(capsys, FULL[command](work, out))
    assert code == 2
    one_line_error(err, "no space left on device; free space or choose another -o path")
    assert out.read_bytes() == b"old"
    assert temp_files(work) == []
    after = sorted(p.name for p in work.iterdir() if not p.name.endswith(".parts"))
    assert after == before  # no temporary file, no lock file


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EDQUOT, "disk quota exceeded"), (errno.EROFS, "read-only file system")],
)
def test_quota_and_read_only_file_system(code, words, work, capsys, monkeypatch):
    out = work / "p.json"
    out.write_text("old", encoding="utf-8")
    _disk_full(monkeypatch, code)
    code_, _, err = run(capsys, ["places", work / "a.txt", "-o", out])
    assert code_ == 2
    one_line_error(err, f"cannot write {str(out)!r}: {words}")
    assert out.read_text(encoding="utf-8") == "old" and temp_files(work) == []


def test_disk_full_on_standard_output(work, capsys, monkeypatch):
    class Full:
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", Full())
    code = main(["places", str(work / "a.txt")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    one_line_error(err, "cannot write '<stdout>': no space left on device")


def test_disk_full_while_streaming_to_a_fifo(work, capsys, monkeypatch):
    fifo = work / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    monkeypatch.setattr(
        geomap._io,
        "open",
        lambda *a, **k: _FullFile(open(*a, **k), errno.ENOSPC),  # noqa: SIM115
        raising=False,
    )
    code, _, err = run(capsys, ["places", work / "a.txt", "-o", fifo])
    reader.join(timeout=60)
    assert code == 2
    one_line_error(err, f"cannot write {str(fifo)!r}: no space left on device")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and got == [b""]


# ------------------------------------------------------------ 6. one corpus run per output
_HOLDER = """
import sys, time
from geomap._io import output_lock
with output_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_second_corpus_run_on_one_output_is_refused(work, capsys):
    out = work / "c.parquet"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        argv = ["corpus", work / "a.txt", "-o", out, "--workers", "1", "--quiet"]
        code, _, err = run(capsys, argv)
        assert code == 2
        one_line_error(err, "another geomap run is writing", repr(str(out)))
        assert not out.exists() and not (work / "c.parquet.parts").exists()
    finally:
        holder.kill()  # SIGKILL: the lock dies with its holder, its file stays
        holder.wait(timeout=30)
    assert (work / "c.parquet.lock").exists()
    code, _, err = run(capsys, argv)
    assert code == 0, err
    assert out.stat().st_size > 0 and not (work / "c.parquet.lock").exists()
