"""Shards: the unit of work and of resumption of a corpus run, and their processing in a worker (private).

Articles are cut into shards keyed by a hash of their ids, file stamps, the
options and the parser version (:func:`_parser_version`: the code and data
the results depend on), so a resumed run redoes only the shards whose key
has no finished part. :func:`_process_shard` reads and parses one shard in a
worker process (started by :func:`_init_pool_worker`) and writes its part.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import _corpus_rows as _rows
from ._corpus_output import _write_part
from ._corpus_read import _article_from_ref, _one_line, _Ref
from ._corpus_rows import _Options
from ._corpus_salvage import _marker_path, _salvage_table

__all__ = [
    "_Shard",
    "_ShardResult",
    "_crashed",
    "_init_pool_worker",
    "_init_worker",
    "_parser_version",
    "_peak_rss_mb",
    "_process_partition",
    "_process_shard",
    "_shards_from_refs",
]

#: The corpus modules that shape the table (their code is part of the parser version).
_CORPUS_FILES = ("_corpus_read.py", "_corpus_rows.py", "_corpus_shards.py", "_corpus_salvage.py",
                 "_corpus_output.py")  # fmt: skip
#: Bump when the table layout changes: finished shards of older layouts are redone.
_SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class _Shard:
    index: int
    key: str
    refs: tuple[_Ref, ...]


@dataclass
class _ShardResult:
    index: int
    key: str
    frame: pd.DataFrame | None  # mentions without geometry, unless written by the worker
    failures: list[dict[str, Any]]
    n_articles: int
    written: bool = False  # the worker wrote the part itself
    pid: int = 0
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def _parser_files() -> list[str]:
    """The files (relative to the package) whose contents the results depend on.

    >>> files = _parser_files()
    >>> "geoparse/filter.py" in files and "lang/uk.py" in files and "_gazetteer_keys.py" in files
    True
    """
    here = Path(__file__).parent
    # every file of the parser's packages (geoparse/, lang/), in a fixed order
    package_files = sorted(
        p.relative_to(here).as_posix()
        for pkg in ("geoparse", "lang")
        for p in (here / pkg).rglob("*.py")
    )
    gazetteer_files = sorted(p.name for p in here.glob("_gazetteer_*.py"))
    return [*package_files, "gazetteer.py", *gazetteer_files, "_morph.py", "_translit.py",
            "_html_text.py", "corpus.py", *_CORPUS_FILES, "_data/manifest.json"]  # fmt: skip


@functools.cache
def _parser_version() -> str:
    """A hash of the code and data the results depend on."""
    from . import __version__

    here = Path(__file__).parent
    h = hashlib.sha256(f"{__version__}|{_SCHEMA_VERSION}".encode())
    for name in _parser_files():
        p = here / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()[:16]


def _shards_from_refs(refs: list[_Ref], size: int, opts: _Options) -> list[_Shard]:
    common = f"{_parser_version()}|{opts.worldview}|{opts.include_metonyms}|{opts.min_confidence}"
    shards: list[_Shard] = []
    for i in range(0, len(refs), size):
        chunk = tuple(refs[i : i + size])
        h = hashlib.sha256(common.encode())
        for r in chunk:
            h.update(f"\n{r.article_id}|{r.abspath}|{r.stamp}|{r.offset}|{r.length}".encode())
        shards.append(_Shard(len(shards), h.hexdigest()[:20], chunk))
    return shards


def _peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    try:  # Linux: the high-water mark of this process image (ru_maxrss would count the parent's at fork)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def _init_worker(worldview: str | None = None) -> int:
    """Load the gazetteer and the parser's tables once in this worker process."""
    from .gazetteer import get_gazetteer
    from .geoparse import places_from_texts

    get_gazetteer(worldview=worldview)
    places_from_texts(["Drones hit Kharkiv."], worldview=worldview)
    return os.getpid()


def _exit_with_parent() -> None:
    """In a pool worker: exit as soon as the parent process dies (killed, not just interrupted)."""
    import threading
    from multiprocessing.connection import wait as mp_wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        mp_wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="geomap-parent-watch", daemon=True).start()


def _init_pool_worker(worldview: str | None = None) -> None:
    import signal

    # Ctrl-C is the parent's to handle: it stops the pool, and running shards finish their part
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    _init_worker(worldview)


def _process_shard(
    shard: _Shard,
    opts: _Options,
    parts_dir: str | None = None,
    skip: frozenset[int] | None = None,
) -> _ShardResult:
    """Read and parse one shard; with ``parts_dir``, write its part file here, in the worker.

    With ``skip`` (a salvage run of a shard that killed its worker), the
    articles are parsed one at a time, each announced first in the shard's
    ``.current`` marker file, and the articles at the indices in ``skip`` are
    left out as failures: the parent learns from the marker which article a
    crash was in, so one bad article never costs the shard's good ones.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    articles = [_article_from_ref(r) for r in shard.refs]
    if skip is None:
        table, failures = _rows._mentions_table(articles, opts)
    else:
        table, failures = _salvage_table(articles, opts, skip, _marker_path(parts_dir, shard))
    res = _ShardResult(shard.index, shard.key, table, failures, len(articles))
    if parts_dir is not None:
        _write_part(Path(parts_dir), res, shard)
        res.frame, res.written = None, True
    res.pid, res.peak_rss_mb = os.getpid(), _peak_rss_mb()
    res.seconds, res.cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    return res


def _process_partition(shards: Iterable[_Shard], opts: _Options) -> list[_ShardResult]:
    return [_process_shard(s, opts) for s in shards]


def _crashed(shard: _Shard, error: str) -> _ShardResult:
    failures = [
        {"article_id": r.article_id, "path": r.path, "error": _one_line(error)} for r in shard.refs
    ]
    return _ShardResult(shard.index, shard.key, None, failures, len(shard.refs))
