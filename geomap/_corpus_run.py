"""Running the shards of a corpus: in this process, on a local process pool, or on a Dask cluster (private).

Each runner hands every finished shard's result to ``emit`` as it comes.
The local pool retries a shard that killed its worker alone, then salvages
its good articles (:mod:`geomap._corpus_salvage`); a Dask run maps a
``dask.bag`` of shards, one partition each. The worker-side functions are
looked up on :mod:`geomap._corpus_shards` at call time.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from . import _corpus_shards as _shards
from ._corpus_read import _one_line
from ._corpus_rows import _Options
from ._corpus_salvage import _salvage
from ._corpus_shards import _crashed, _Shard, _ShardResult
from ._errors import InputError
from ._log import get_logger

__all__ = ["_run_dask", "_run_local", "_run_serial"]

log = get_logger("corpus")

_MAX_SHARD_ATTEMPTS = 2


# ------------------------------------------------------------------ running
def _run_serial(
    shards: list[_Shard], opts: _Options, parts_dir: str, emit: Callable[[_ShardResult], None]
) -> None:
    _shards._init_worker(opts.worldview)
    for shard in shards:
        emit(_shards._process_shard(shard, opts, parts_dir))


def _run_local(
    shards: list[_Shard],
    opts: _Options,
    workers: int,
    parts_dir: str,
    emit: Callable[[_ShardResult], None],
    fn: Callable[..., _ShardResult] | None = None,
) -> None:
    """Run shards on a process pool; a shard that kills its worker is retried alone once."""
    run: Callable[..., _ShardResult] = fn or _shards._process_shard
    ctx = multiprocessing.get_context("spawn")
    queue = deque(shards)
    solo: deque[_Shard] = deque()  # suspects of a crash: run one at a time
    attempts: dict[int, int] = {}
    skips: dict[int, frozenset[int]] = {}  # salvage runs: articles left out of each shard
    first = True
    while queue or solo:
        pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_shards._init_pool_worker,
                                   initargs=(opts.worldview,))  # fmt: skip
        if first:
            first = False
            if not _pool_starts(pool):
                _run_serial(list(queue), opts, parts_dir, emit)
                return
        inflight: dict[Future[_ShardResult], _Shard] = {}
        broken = False
        try:
            while (queue or solo or inflight) and not (broken and not inflight):
                while not broken:
                    shard = _next_shard(queue, solo, inflight, attempts, workers)
                    if shard is None:
                        break
                    args = (shard, opts, parts_dir) + (
                        (skips[shard.index],) if shard.index in skips else ()
                    )
                    inflight[pool.submit(run, *args)] = shard
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                for fut in sorted(done, key=lambda f: inflight[f].index):
                    shard = inflight.pop(fut)
                    res, crashed = _shard_outcome(fut, shard, parts_dir, attempts, skips, run)
                    broken = broken or crashed
                    if res is None:
                        solo.append(shard)
                    else:
                        emit(res)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


def _pool_starts(pool: ProcessPoolExecutor) -> bool:
    """Whether the pool's workers start; False (pool shut down, warning logged) if not."""
    try:
        pool.submit(os.getpid).result()
    except BrokenProcessPool as exc:
        pool.shutdown(wait=True)
        log.warning(
            "worker processes could not start (%s); parsing in this process instead "
            "(scripts that start a pool need an `if __name__ == '__main__':` guard)",
            exc,
        )
        return False
    return True


def _next_shard(
    queue: deque[_Shard],
    solo: deque[_Shard],
    inflight: dict[Future[_ShardResult], _Shard],
    attempts: dict[int, int],
    workers: int,
) -> _Shard | None:
    """The next shard to submit, or None while the pool must wait or nothing is left."""
    if any(attempts.get(s.index) for s in inflight.values()):
        return None  # a suspect runs alone, so a second crash is its own
    if solo:
        return None if inflight else solo.popleft()
    if queue and len(inflight) < 2 * workers:
        return queue.popleft()
    return None


def _shard_outcome(
    fut: Future[_ShardResult],
    shard: _Shard,
    parts_dir: str,
    attempts: dict[int, int],
    skips: dict[int, frozenset[int]],
    run: Callable[..., _ShardResult],
) -> tuple[_ShardResult | None, bool]:
    """The result of a finished shard (None: run it again alone) and whether the pool broke."""
    try:
        return fut.result(), False
    except BrokenProcessPool as exc:
        attempts[shard.index] = attempts.get(shard.index, 0) + 1
        if attempts[shard.index] < _MAX_SHARD_ATTEMPTS or _salvage(shard, parts_dir, skips, run):
            return None, True
        return _crashed(shard, f"worker process died: {exc}"), True
    except InputError:
        raise  # the part could not be written (disk full ...): stop the run
    except Exception as exc:
        return _crashed(shard, f"shard failed: {type(exc).__name__}: {exc}"), False


def _run_dask(
    shards: list[_Shard], opts: _Options, scheduler: Any, emit: Callable[[_ShardResult], None]
) -> None:
    """Run shards on a Dask cluster: a ``dask.bag`` of shards, one partition each."""
    try:
        import dask.bag as db
        from distributed import Client, as_completed
    except ImportError:
        msg = "--scheduler needs dask and distributed; pip install 'geomap[dask]'"
        raise InputError(msg) from None
    own = not isinstance(scheduler, Client)
    if own:
        try:
            client = Client(scheduler, timeout="20s", set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, garbage from a non-Dask peer
            msg = f"cannot connect to the Dask scheduler {scheduler!r} ({_one_line(exc)}); start it or fix --scheduler"
            raise InputError(msg) from None
    else:
        client = scheduler
    waiting: dict[str, tuple[Any, _Shard]] = {}
    try:
        try:
            client.run(_shards._init_worker, opts.worldview)  # the gazetteer, once per worker
        except Exception as exc:
            msg = (
                f"the Dask workers cannot load geomap ({type(exc).__name__}: {_one_line(exc)}); "
                "install geomap in the workers' environment"
            )
            raise InputError(msg) from None
        bag = db.from_sequence(shards, npartitions=len(shards))
        parts = bag.map_partitions(_shards._process_partition, opts).to_delayed()
        futures = client.compute(parts)
        waiting = {f.key: (f, s) for f, s in zip(futures, shards, strict=True)}
        for fut in as_completed(futures, loop=client.loop):
            _, shard = waiting.pop(fut.key)
            try:
                results = fut.result()
            except Exception as exc:
                results = [_crashed(shard, f"dask task failed: {type(exc).__name__}: {exc}")]
            fut.release()
            for res in results:
                emit(res)
    finally:
        for fut, _ in waiting.values():
            with contextlib.suppress(Exception):
                fut.cancel()
        if own:
            client.close()
