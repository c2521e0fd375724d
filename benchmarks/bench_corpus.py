"""Corpus throughput: ``geomap.corpus.corpus_to_parquet`` on generated articles.

Usage::

    python benchmarks/bench_corpus.py [--n 10000] [--workers 1,2] [--dask] [--seed 0] [--json]

Writes ``--n`` synthetic articles (:func:`_corpus_gen.generate_articles`,
English, Russian and Ukrainian) into a temporary folder, as dated ``.txt``
files in daily folders plus one ``.jsonl`` feed holding a fifth of them, then
runs the whole pipeline (listing, reading, geoparsing, writing the
GeoParquet) once per worker count, each from scratch (``resume=False``). With
``--dask`` it also runs on a ``distributed.LocalCluster`` of two one-thread
worker processes.

Reported per run: wall-clock seconds and articles per second (start-up of the
worker processes included), CPU seconds spent parsing (summed over workers)
and articles per CPU-second, and the peak resident memory of each worker
process (``VmHWM`` of ``/proc/self/status`` read in the worker, else
``resource.getrusage``) and of the main process. The machine's load average
is printed first: on a shared machine wall-clock throughput depends on it,
the CPU figures much less.

Nothing is written into the repository; the temporary folder is removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

__all__ = ["main", "run", "write_corpus"]


def _articles(n: int, seed: int) -> list[str]:
    try:
        from _corpus_gen import generate_articles
    except ImportError:  # pragma: no cover - the generator ships with the benchmarks
        import random

        rng = random.Random(seed)
        towns = [
            "Sumy",
            "Kharkiv",
            "Vovchansk",
            "Kupiansk",
            "Pokrovsk",
            "Kherson",
            "Sudzha",
            "Belgorod",
        ]
        return [
            " ".join(
                f"Drones struck {rng.choice(towns)} overnight." for _ in range(rng.randint(3, 8))
            )
            for _ in range(n)
        ]
    return generate_articles(n, seed=seed)


def write_corpus(folder: Path, n: int, *, seed: int = 0) -> int:
    """Write ``n`` articles into ``folder``; return the number of bytes written."""
    texts = _articles(n, seed)
    start = dt.date(2024, 8, 1)
    n_jsonl = n // 5
    size = 0
    with open(folder / "feed.jsonl", "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts[:n_jsonl]):
            day = start + dt.timedelta(days=i % 60)
            line = json.dumps({"text": text, "date": day.isoformat(), "url": f"https://example.org/{i}"},
                              ensure_ascii=False)  # fmt: skip
            size += fh.write(line + "\n")
    for i, text in enumerate(texts[n_jsonl:]):
        day = start + dt.timedelta(days=i % 60)
        sub = folder / day.isoformat()
        sub.mkdir(exist_ok=True)
        size += (sub / f"{day.isoformat()}_{i:06d}.txt").write_text(text, encoding="utf-8")
    return size


def run(
    corpus: Path, out_dir: Path, *, workers: int | None = None, scheduler: Any = None
) -> dict[str, Any]:
    """One corpus run; the figures of the report."""
    from geomap.corpus import corpus_to_parquet

    label = "dask" if scheduler is not None else f"{workers} worker{'s' if workers != 1 else ''}"
    out = out_dir / f"mentions-{label.replace(' ', '-')}.parquet"
    t0 = time.perf_counter()
    s = corpus_to_parquet([corpus], out, workers=workers, scheduler=scheduler, resume=False)
    wall = time.perf_counter() - t0
    return {
        "run": label,
        "articles": s.articles,
        "failed": s.failed,
        "mentions": s.mentions,
        "wall_s": round(wall, 2),
        "articles_per_s": round(s.articles / wall, 1),
        "cpu_s": round(s.cpu_seconds, 2),
        "articles_per_cpu_s": round(s.articles / s.cpu_seconds, 1) if s.cpu_seconds else None,
        "worker_peak_rss_mb": sorted(round(v, 1) for v in s.peak_rss_mb.values()),
        "output_mb": round(out.stat().st_size / 1e6, 2),
        "shards": s.shards,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--dask", action="store_true", help="also run on a 2-process LocalCluster")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    load = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-corpus-"))
    results = []
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        t0 = time.perf_counter()
        size = write_corpus(corpus, args.n, seed=args.seed)
        print(f"{args.n:,} articles ({size / 1e6:.1f} MB) generated in {time.perf_counter() - t0:.1f} s; "
              f"load average {load[0]:.2f} on {os.cpu_count()} cores", file=sys.stderr)  # fmt: skip
        for w in (int(x) for x in args.workers.split(",") if x.strip()):
            results.append(run(corpus, tmp, workers=w))
            print(
                f"  {results[-1]['run']}: {results[-1]['articles_per_s']} articles/s",
                file=sys.stderr,
            )
        if args.dask:
            from distributed import LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster:  # fmt: skip
                results.append(run(corpus, tmp, scheduler=cluster.scheduler_address))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    from geomap._corpus_shards import _peak_rss_mb

    main_rss = _peak_rss_mb()
    if args.json:
        print(json.dumps({"n": args.n, "load_average": load[0], "main_peak_rss_mb": round(main_rss, 1),
                          "runs": results}, indent=2))  # fmt: skip
        return 0
    head = f"{'run':<10} {'articles':>8} {'failed':>6} {'mentions':>9} {'wall s':>7} {'art/s':>7} " \
           f"{'cpu s':>7} {'art/cpu-s':>9}  worker peak RSS (MB)"  # fmt: skip
    print(head)
    for r in results:
        rss = ", ".join(f"{v:.0f}" for v in r["worker_peak_rss_mb"])
        print(f"{r['run']:<10} {r['articles']:>8,} {r['failed']:>6} {r['mentions']:>9,} {r['wall_s']:>7.1f} "
              f"{r['articles_per_s']:>7.1f} {r['cpu_s']:>7.1f} {r['articles_per_cpu_s'] or 0:>9.1f}  {rss}")  # fmt: skip
    print(f"main process peak RSS: {main_rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
