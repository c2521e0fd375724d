"""geomap.corpus on a local process pool: same table as serial, and crashed workers survived."""

from __future__ import annotations

import multiprocessing
import os

import geopandas as gpd
import pandas as pd
import pytest

from geomap import _corpus_read, _corpus_rows, _corpus_shards
from geomap.corpus import corpus_to_parquet

try:
    from tests.test_corpus import write_corpus
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from test_corpus import write_corpus

_REAL_PROCESS_SHARD = _corpus_shards._process_shard


def crashing_process_shard(shard, opts, parts_dir=None):
    """Kill the worker process on the shard holding the article named 'crash'."""
    if any("crash" in r.article_id for r in shard.refs):
        if multiprocessing.parent_process() is None:  # never kill the test run itself
            raise RuntimeError("the crash shard ran in the main process")
        os._exit(3)
    return _REAL_PROCESS_SHARD(shard, opts, parts_dir)


def article_killing_process_shard(shard, opts, parts_dir=None, skip=None):
    """Kill the worker process while it parses the article named 'crash' (as an OOM kill would)."""
    real = _corpus_rows._mentions_table

    def deadly(arts, o):
        if any("crash" in a.article_id for a in arts):
            if multiprocessing.parent_process() is None:
                raise RuntimeError("the crash article ran in the main process")
            os._exit(3)
        return real(arts, o)

    _corpus_rows._mentions_table = deadly
    try:
        return _REAL_PROCESS_SHARD(shard, opts, parts_dir, skip)
    finally:
        _corpus_rows._mentions_table = real


def failing_init(worldview=None):
    """A pool initializer that fails, as when a worker cannot import its parent's script."""
    raise RuntimeError("cannot start")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("par") / "news", 40, jsonl=5, html=1)


def test_two_workers_give_the_serial_table(corpus_dir, tmp_path):
    serial = corpus_to_parquet([corpus_dir], tmp_path / "s.parquet", workers=1, shard_size=6)
    par = corpus_to_parquet([corpus_dir], tmp_path / "p.parquet", workers=2, shard_size=6)
    assert par.workers == "2" and par.shards == serial.shards == 8
    assert len(par.peak_rss_mb) >= 1 and all(v > 50 for v in par.peak_rss_mb.values())
    assert os.getpid() not in par.peak_rss_mb  # the work ran in the workers
    pd.testing.assert_frame_equal(gpd.read_parquet(tmp_path / "p.parquet"),
                                  gpd.read_parquet(tmp_path / "s.parquet"))  # fmt: skip
    assert (par.articles, par.mentions, par.places, par.failed) == (
        serial.articles, serial.mentions, serial.places, 0)  # fmt: skip


def test_a_shard_that_kills_its_worker_is_reported_and_retried_later(
    corpus_dir, tmp_path, monkeypatch
):
    (corpus_dir / "north" / "2024-08-03_crash.txt").write_text("Drones hit Sumy.", encoding="utf-8")
    try:
        monkeypatch.setattr(_corpus_shards, "_process_shard", crashing_process_shard)
        out = tmp_path / "m.parquet"
        s = corpus_to_parquet([corpus_dir], out, workers=2, shard_size=6)
        bad = [r for r in _corpus_read._refs_from_inputs([corpus_dir])]
        crash_shard = next(i // 6 for i, r in enumerate(bad) if "crash" in r.article_id)
        victims = {r.article_id for r in bad[crash_shard * 6 : crash_shard * 6 + 6]}
        assert {f["article_id"] for f in s.failures} == victims
        assert all("worker process died" in f["error"] for f in s.failures)
        table = gpd.read_parquet(out)
        assert not set(table["article_id"]) & victims
        assert table["article_id"].nunique() > 30  # everything else was parsed
        assert (tmp_path / "m.parquet.parts").is_dir()  # kept, so a rerun redoes one shard

        monkeypatch.setattr(_corpus_shards, "_process_shard", _REAL_PROCESS_SHARD)
        again = corpus_to_parquet([corpus_dir], out, workers=2, shard_size=6)
        assert again.shards_resumed == again.shards - 1 and again.failed == 0
        assert victims <= set(gpd.read_parquet(out)["article_id"])
        assert not (tmp_path / "m.parquet.parts").exists()
    finally:
        (corpus_dir / "north" / "2024-08-03_crash.txt").unlink()


def test_an_article_that_kills_its_worker_costs_only_itself(corpus_dir, tmp_path, monkeypatch):
    """The shard is salvaged article by article: its good articles keep their rows."""
    crash = corpus_dir / "north" / "2024-08-03_crash.txt"
    crash.write_text("Drones hit Sumy.", encoding="utf-8")
    try:
        monkeypatch.setattr(_corpus_shards, "_process_shard", article_killing_process_shard)
        out = tmp_path / "m.parquet"
        s = corpus_to_parquet([corpus_dir], out, workers=2, shard_size=6)
        refs = _corpus_read._refs_from_inputs([corpus_dir])
        k = next(i for i, r in enumerate(refs) if "crash" in r.article_id)
        assert [f["article_id"] for f in s.failures] == [refs[k].article_id]
        assert "worker process died while parsing this article" in s.failures[0]["error"]
        neighbours = {r.article_id for r in refs[k // 6 * 6 : k // 6 * 6 + 6]} - {
            refs[k].article_id
        }
        monkeypatch.setattr(_corpus_shards, "_process_shard", _REAL_PROCESS_SHARD)
        serial = corpus_to_parquet([corpus_dir], tmp_path / "s.parquet", workers=1, shard_size=6)
        got, want = gpd.read_parquet(out), gpd.read_parquet(tmp_path / "s.parquet")
        assert neighbours and neighbours <= set(got["article_id"])
        assert len(got) == len(want[want["article_id"] != refs[k].article_id])
        assert serial.failed == 0
    finally:
        crash.unlink()


def test_workers_that_cannot_start_fall_back_to_serial(corpus_dir, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(_corpus_shards, "_init_pool_worker", failing_init)
    s = corpus_to_parquet([corpus_dir], tmp_path / "m.parquet", workers=2, shard_size=10)
    assert s.failed == 0 and s.mentions > 0
    assert list(s.peak_rss_mb) == [os.getpid()]
    assert "could not start" in caplog.text


def test_workers_exit_when_the_run_is_killed(corpus_dir, tmp_path):
    """A killed run leaves no worker behind, and the rerun resumes from its finished parts."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "m.parquet"
    parts = tmp_path / "m.parquet.parts"
    cmd = [sys.executable, "-m", "geomap", "corpus", str(corpus_dir), "-o", str(out),
           "--workers", "2", "--shard-size", "2", "--quiet"]  # fmt: skip
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("part-*.parquet"))) < 2:
        time.sleep(0.05)
    children = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in children):
        time.sleep(0.1)
    assert children and not any(_alive(p) for p in children)
    done = len(list(parts.glob("part-*.parquet")))
    _corpus_shards._parser_version.cache_clear()  # as in a new process
    s = corpus_to_parquet([corpus_dir], out, workers=1, shard_size=2)
    assert s.shards_resumed >= 2 and s.shards_resumed == done
    assert s.failed == 0 and s.articles == 46


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    if not os.path.exists(path):
        pytest.skip("needs Linux /proc")
    with open(path) as fh:
        return [int(x) for x in fh.read().split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
