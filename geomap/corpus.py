"""Geoparse a whole corpus of articles into one GeoParquet table of place mentions.

:func:`corpus_to_parquet` reads ``.txt``, ``.html`` and ``.jsonl`` articles
(files, folders or globs), geoparses them on all local cores or on a Dask
cluster, and writes one row per place mention:

========================  =====================================================
``article_id``            stable id: the path relative to the inputs' common
                          folder (``2024/a.txt``), ``path:line`` for jsonl
``path``                  the source file as found from the inputs
``date``                  ``datetime64[ms]`` day of the article (jsonl
                          ``date``, HTML ``article:published_time``, or a
                          ``YYYY-MM-DD`` / ``YYYYMMDD`` in the file path)
``url``, ``title``        from jsonl fields or the HTML head, else missing
``place_id``              the gazetteer id (GeoNames id, ISO 3166-2 code, ...)
``name`` ... ``admin1``   canonical name, kind, country, oblast of the place
``geonameid``             GeoNames id (``Int64``, missing for oblasts)
``population``            population (``Int64``)
``confidence``            the place's confidence in that article
``role``                  ``place`` or ``metonym`` ("Kyiv said") for *this*
                          mention
``mention_text``          the text as written; ``start``/``end`` its offsets
``sentence``              the sentence that contains it
``lat``, ``lon``          the place's representative point
``geometry``              that point (EPSG:4326)
========================  =====================================================

The geometry is always a **point**, also for oblasts and countries: the
gazetteer's representative point (``lat``/``lon``), which keeps the table
light and is what density maps need. The polygons are one join away
(``geomap.data.oblasts()`` on ``place_id``).

Rows are in corpus order: articles sorted by path (jsonl by line number), then
mentions by offset, so serial, local-parallel and Dask runs write identical
tables.

Fault tolerance: an article that cannot be read or parsed (bad encoding,
binary file, bad JSON, parser error) is recorded in
``<output stem>.failures.csv`` (``article_id, path, error``) and the run goes
on. Work is split in shards of articles; each finished shard is written
atomically to ``<output>.parts/``, keyed by a hash of its articles (ids and
file stamps), the options and the parser version, so an interrupted run
resumed with the same command redoes only the missing shards. The final file
is written atomically; the parts are removed afterwards (kept with
``keep_parts=True``).

The work is split by concept: reading the inputs (:mod:`geomap._corpus_read`),
parsing into typed rows (:mod:`geomap._corpus_rows`), shards and their
processing in a worker (:mod:`geomap._corpus_shards`), salvage of shards
that kill their worker (:mod:`geomap._corpus_salvage`), running the shards
serially, on a process pool or on Dask (:mod:`geomap._corpus_run`) and the
files written (:mod:`geomap._corpus_output`); this module keeps the public
API.

>>> from geomap.corpus import mentions_from_articles
>>> m = mentions_from_articles(["Drones hit Sumy and Kharkiv.", "Kyiv said no."])
>>> m[["article_id", "name", "role", "mention_text"]].values.tolist()
[['0', 'Sumy', 'place', 'Sumy'], ['0', 'Kharkiv', 'place', 'Kharkiv'], ['1', 'Kyiv', 'metonym', 'Kyiv']]
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd

from . import _corpus_rows as _rows
from ._corpus_output import (
    _parts_dir,
    _read_part_info,
    _write_part,
    _write_results,
)
from ._corpus_read import Article, _Ref, _refs_from_inputs, articles_from_paths
from ._corpus_rows import MENTION_COLUMNS, _Options, _to_geo
from ._corpus_run import _run_dask, _run_local, _run_serial
from ._corpus_shards import _Shard, _ShardResult, _shards_from_refs
from ._errors import InputError
from ._io import check_outputs, output_lock
from ._log import get_logger
from ._scheduler import probe_scheduler

__all__ = [
    "MENTION_COLUMNS",
    "Article",
    "CorpusSummary",
    "articles_from_paths",
    "corpus_to_parquet",
    "mentions_from_articles",
]

log = get_logger("corpus")

#: Fewer pending articles than this are parsed in-process unless workers are asked for.
_MIN_PARALLEL_ARTICLES = 300


def mentions_from_articles(
    articles: Iterable[Article | str],
    *,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
) -> gpd.GeoDataFrame:
    """Geoparse articles into one row per place mention (the columns of :data:`MENTION_COLUMNS`).

    ``articles`` are :class:`Article` objects or plain strings (their id is
    then their position). Articles that carry an ``error``, or that the
    parser fails on, are left out and listed in ``attrs["failures"]`` (dicts
    with ``article_id``, ``path``, ``error``); ``attrs["n_articles"]`` counts
    every article given.

    Parameters
    ----------
    articles : iterable of Article or str
        The articles to parse.
    worldview : {"de_jure", "de_facto"}, optional
        Which country Crimea and Sevastopol belong to (default from settings).
    include_metonyms : bool
        Keep places only used as metonyms ("Kyiv said"), flagged
        ``role="metonym"`` (default True).
    min_confidence : float
        Drop places below this confidence (see :func:`geomap.places_from_text`).

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per mention of a place in an article.

    Examples
    --------
    >>> m = mentions_from_articles([Article("a", "Shelling near Vovchansk."), Article("b", error="bad")])
    >>> m[["article_id", "name", "admin1"]].values.tolist(), m.attrs["failures"]
    ([['a', 'Vovchansk', 'Kharkiv Oblast']], [{'article_id': 'b', 'path': None, 'error': 'bad'}])
    """
    arts = [a if isinstance(a, Article) else Article(str(i), a) for i, a in enumerate(articles)]
    table, failures = _rows._mentions_table(
        arts, _Options(worldview, include_metonyms, float(min_confidence))
    )
    gdf = _to_geo(table)
    gdf.attrs["failures"] = failures
    gdf.attrs["n_articles"] = len(arts)
    return gdf


# ------------------------------------------------------------------ summary
@dataclass
class CorpusSummary:
    """What a corpus run did (``str()`` gives the printed summary)."""

    output: Path
    failures_path: Path
    articles: int = 0
    failed: int = 0
    places: int = 0
    mentions: int = 0
    seconds: float = 0.0
    shards: int = 0
    shards_resumed: int = 0
    workers: str = "1"
    failures: list[dict[str, Any]] = field(default_factory=list)
    #: Peak resident memory (MB) of each process that parsed shards, by process id.
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    #: CPU time the shards parsed in this run took, summed over workers.
    cpu_seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        """Articles per second over the run (resumed shards included)."""
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        """The summary as the lines ``geomap corpus`` prints."""
        lines = [
            f"{self.articles:,} articles ({self.failed:,} failed), {self.places:,} places, "
            f"{self.mentions:,} mentions in {self.seconds:.1f} s "
            f"({self.articles_per_s:,.0f} articles/s, workers: {self.workers})",
            f"output: {self.output}",
        ]
        if self.shards_resumed:
            lines.append(f"resumed: {self.shards_resumed} of {self.shards} shards already done")
        if self.failures:
            lines.append(f"failures ({self.failed}), listed in {self.failures_path}:")
            lines.extend(f"  {f['article_id']}: {f['error']}" for f in self.failures[:20])
            if self.failed > 20:
                lines.append(f"  ... and {self.failed - 20} more")
        return "\n".join(lines)


def _auto_shard_size(n: int) -> int:
    return min(200, max(10, math.ceil(n / 32)))


def corpus_to_parquet(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: Any = None,
    shard_size: int | None = None,
    resume: bool = True,
    keep_parts: bool = False,
    worldview: str | None = None,
    include_metonyms: bool = True,
    min_confidence: float = 0.0,
    verbose: bool = False,
) -> CorpusSummary:
    """Geoparse a corpus into a GeoParquet file of place mentions (one row per mention).

    Parameters
    ----------
    inputs : path, glob or list of them
        ``.txt``, ``.html`` and ``.jsonl`` files, folders (read recursively)
        or globs; see :func:`articles_from_paths`.
    output : path
        The GeoParquet file to write (atomically). Failures go to
        ``<output stem>.failures.csv`` beside it (header only when none).
    workers : int, optional
        Local worker processes (default: all cores, or this process alone
        for fewer than 300 articles; 1 parses in this process). Ignored with
        ``scheduler``.
    scheduler : str or distributed.Client, optional
        Run on this Dask cluster (``"tcp://host:8786"``) instead; the workers
        must see the input paths. The gazetteer is loaded once per worker.
    shard_size : int, optional
        Articles per shard, the unit of work and of resumption (default:
        between 10 and 200, from the corpus size).
    resume : bool
        Reuse the finished shards of an interrupted run with the same inputs
        and options (default True).
    keep_parts : bool
        Keep ``<output>.parts/`` after success (default: removed, unless a
        shard crashed, so that a rerun only redoes that shard).
    worldview, include_metonyms, min_confidence
        Passed to the geoparser (:func:`geomap.geoparse.places_from_text`).
    verbose : bool
        Show a progress bar on standard error.

    Returns
    -------
    CorpusSummary
        Counts (articles, failed, places, mentions), time, failures.

    Raises
    ------
    InputError
        When no input matched, an input path does not exist, the output is
        not writable or the scheduler cannot be reached. Unreadable articles
        do not raise: they are listed in the summary and the failures file.

    Examples
    --------
    >>> import tempfile, pathlib, geopandas
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "2024-08-06.txt").write_text("Russian troops shelled Vovchansk in Kharkiv Oblast.")
    >>> s = corpus_to_parquet([d], d / "m.parquet", workers=1)
    >>> (s.articles, s.failed, s.mentions)
    (1, 0, 2)
    >>> geopandas.read_parquet(d / "m.parquet")[["name", "date"]].astype(str).values.tolist()
    [['Vovchansk', '2024-08-06'], ['Kharkiv Oblast', '2024-08-06']]
    """
    t0 = time.perf_counter()
    output = Path(output)
    failures_path = output.with_name(output.stem + ".failures.csv")
    outputs = {"-o": output, "failures file": failures_path}
    check_outputs(outputs, stdout=False, regular=("-o",))
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        msg = f"workers must be a positive integer, got {workers!r}; use 1 for serial"
        raise InputError(msg)
    if shard_size is not None and (not isinstance(shard_size, int) or shard_size < 1):
        msg = f"shard_size must be a positive integer, got {shard_size!r}"
        raise InputError(msg)
    if isinstance(scheduler, str | os.PathLike):
        probe_scheduler(os.fspath(scheduler))
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    refs = _refs_from_inputs(list(inputs))
    check_outputs(outputs, inputs=dict.fromkeys(r.abspath for r in refs), stdout=False)
    log.info("%d articles listed in %.1f s", len(refs), time.perf_counter() - t0)
    opts = _Options(worldview, include_metonyms, float(min_confidence))
    shards = _shards_from_refs(refs, shard_size or _auto_shard_size(len(refs)), opts)
    with output_lock(output):
        return _run_corpus(
            refs,
            shards,
            opts,
            output,
            failures_path,
            workers=workers,
            scheduler=scheduler,
            resume=resume,
            keep_parts=keep_parts,
            verbose=verbose,
            t0=t0,
        )


def _run_corpus(
    refs: list[_Ref],
    shards: list[_Shard],
    opts: _Options,
    output: Path,
    failures_path: Path,
    *,
    workers: int | None,
    scheduler: Any,
    resume: bool,
    keep_parts: bool,
    verbose: bool,
    t0: float,
) -> CorpusSummary:
    """The locked part of :func:`corpus_to_parquet`: parse the pending shards, write the output."""
    parts_dir = _parts_dir(output)

    infos, pending, n_workers = _plan(shards, parts_dir, resume=resume, workers=workers)
    resumed = len(infos)
    summary = CorpusSummary(output, failures_path, shards=len(shards), shards_resumed=resumed)
    summary.workers = "dask" if scheduler is not None else str(max(n_workers, 1))
    log.info("%d articles in %d shards (%d done before), %s workers",
             len(refs), len(shards), resumed, summary.workers)  # fmt: skip

    crashed: list[dict[str, Any]] = []
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(refs), unit="article", desc="geoparse", disable=not verbose, file=sys.stderr
    )
    bar.update(sum(i["n_articles"] for i in infos.values()))
    by_index = {s.index: s for s in shards}

    def emit(res: _ShardResult) -> None:
        shard = by_index[res.index]
        if res.frame is None and not res.written:
            crashed.extend(res.failures)
        else:
            if not res.written:
                _write_part(parts_dir, res, shard)
            infos[res.index] = {
                "key": res.key,
                "n_articles": res.n_articles,
                "failures": res.failures,
            }
        if res.pid:
            summary.peak_rss_mb[res.pid] = max(
                summary.peak_rss_mb.get(res.pid, 0.0), res.peak_rss_mb
            )
        summary.cpu_seconds += res.cpu_seconds
        bar.update(res.n_articles)

    try:
        if pending and scheduler is not None:
            _run_dask(pending, opts, scheduler, emit)
        elif pending and n_workers <= 1:
            _run_serial(pending, opts, str(parts_dir), emit)
        elif pending:
            _run_local(pending, opts, n_workers, str(parts_dir), emit)
    finally:
        bar.close()

    t_parse = time.perf_counter()
    log.info("listed and parsed in %.1f s; writing %s", t_parse - t0, output)
    failures, n_mentions, n_places = _write_results(
        output, failures_path, parts_dir, shards, infos, crashed, refs, keep_parts=keep_parts
    )

    log.info("output written in %.1f s", time.perf_counter() - t_parse)
    summary.articles = len(refs)
    summary.failed = len(failures)
    summary.failures = failures
    summary.mentions = n_mentions
    summary.places = n_places
    summary.seconds = time.perf_counter() - t0
    log.info("%s", summary)
    return summary


def _plan(
    shards: list[_Shard], parts_dir: Path, *, resume: bool, workers: int | None
) -> tuple[dict[int, dict[str, Any]], list[_Shard], int]:
    """The finished shards' part infos (when resuming), the pending shards, the worker count."""
    infos: dict[int, dict[str, Any]] = {}
    if resume:
        for shard in shards:
            info = _read_part_info(parts_dir, shard)
            if info is not None:
                infos[shard.index] = info
    pending = [s for s in shards if s.index not in infos]
    ncpu = os.cpu_count() or 1
    n_workers = min(workers or ncpu, len(pending))
    if workers is None and sum(len(s.refs) for s in pending) < _MIN_PARALLEL_ARTICLES:
        n_workers = 1  # starting worker processes would take longer than the work
    return infos, pending, n_workers
