"""Per-article API against the batch path: articles per CPU second, in one run.

Usage::

    python benchmarks/bench_perarticle.py [--n 1000] [--rounds 2] [--seed 0] [--json]

Times :func:`geomap.records_from_text` and :func:`geomap.places_from_text`
called once per article and :func:`geomap.places_from_texts` on the whole list,
with ``time.process_time`` (CPU time of this process, so other processes on a
shared machine weigh less than in wall time).  After a warm-up (gazetteer and
caches loaded), each round parses, for each mode in turn, a corpus of ``--n``
generated articles (:func:`_corpus_gen.generate_articles`) no mode has seen
("unseen") and then the round's common corpus every mode has parsed before
("warm").  The modes take turns within a round, in an order that rotates from
round to round, so a slow spell hits them alike; each mode's best round counts.
The script prints the rates and the per-article/batch ratios (issue #16 asks
for >= 0.6).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus_gen import generate_articles

__all__ = ["bench", "main"]

MODES = ("batch", "records", "frames")


def _runner(mode: str) -> Callable[[list[str]], Any]:
    import geomap

    if mode == "batch":
        return geomap.places_from_texts
    one = geomap.records_from_text if mode == "records" else geomap.places_from_text

    def run(texts: list[str]) -> None:
        for text in texts:
            one(text)

    return run


def _cpu(run: Callable[[list[str]], Any], texts: list[str]) -> float:
    t0 = time.process_time()
    run(texts)
    return time.process_time() - t0


def bench(n: int = 1000, *, rounds: int = 2, seed: int = 0) -> dict[str, Any]:
    """CPU seconds and articles per CPU second of each mode, unseen and warm, best of ``rounds``."""
    runs = {m: _runner(m) for m in MODES}
    warmup = generate_articles(25, seed=seed + 999)
    for run in runs.values():
        run(warmup)
    common = generate_articles(n, seed=seed)
    for run in runs.values():
        run(common)  # every mode has seen the common corpus once
    times: dict[str, dict[str, list[float]]] = {m: {"unseen": [], "warm": []} for m in MODES}
    for r in range(rounds):
        order = MODES[r % len(MODES) :] + MODES[: r % len(MODES)]
        for k, m in enumerate(order):
            fresh = generate_articles(n, seed=seed + 1000 + 10 * r + k)
            times[m]["unseen"].append(_cpu(runs[m], fresh))
            times[m]["warm"].append(_cpu(runs[m], common))
    out: dict[str, Any] = {"n": n, "rounds": rounds, "modes": {}}
    for m in MODES:
        out["modes"][m] = {
            key: {"cpu_s": [round(t, 3) for t in ts], "per_s": round(n / min(ts), 1)}
            for key, ts in times[m].items()
        }
    out["ratios"] = {
        f"{m}/batch": {
            key: round(out["modes"][m][key]["per_s"] / out["modes"]["batch"][key]["per_s"], 3)
            for key in ("unseen", "warm")
        }
        for m in ("records", "frames")
    }
    return out


def _report(res: dict[str, Any]) -> str:
    lines = [f"{res['n']} articles, best of {res['rounds']} interleaved rounds, CPU time"]
    lines.append(f"{'mode':<9}{'unseen/s':>10}{'warm/s':>10}")
    for m, v in res["modes"].items():
        lines.append(f"{m:<9}{v['unseen']['per_s']:>10.1f}{v['warm']['per_s']:>10.1f}")
    for k, v in res["ratios"].items():
        lines.append(f"{k}: unseen {v['unseen']:.3f}, warm {v['warm']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles per corpus (default 1000)")
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best counts")
    ap.add_argument("--seed", type=int, default=0, help="generator seed")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if args.n < 1 or args.rounds < 1:
        ap.error("--n and --rounds must be >= 1")
    res = bench(args.n, rounds=args.rounds, seed=args.seed)
    print(json.dumps(res, indent=1) if args.json else _report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
