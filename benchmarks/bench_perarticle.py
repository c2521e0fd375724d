"""Per-article API against the batch path: articles per CPU second, in one run.

Usage::

    python benchmarks/bench_perarticle.py [--n 1000] [--rounds 2] [--seed 0] [--json]

Times :func:`geomap.records_from_text` and :func:`geomap.places_from_text`
called once per article and :func:`geomap.places_from_texts` on a whole list,
with ``time.process_time`` (CPU time of this process, so other processes on a
shared machine weigh less than in wall time).  The modes are interleaved
finely: while the batch call pulls its articles 64 at a time, the next 64
articles of each per-article mode run between its steps (timed apart and taken
out of the batch's time), so a slow spell hits all modes alike.

After a warm-up (gazetteer and caches loaded), each round times every mode on
a corpus of ``--n`` generated articles (:func:`_corpus_gen.generate_articles`)
no mode has seen ("unseen", one corpus per mode, rotating over the modes from
round to round) and on a common corpus every mode has parsed before ("warm").
Each mode's best round counts.  ``--coarse`` runs the modes in turn, each
on its whole corpus (batch, records, frames), as the figures in the README
before this script were taken; interleaving makes the modes share the
processor's caches too, which favours the per-article modes a little.  The script prints the rates and the
per-article/batch ratios (issue #16 asks for >= 0.6).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus_gen import generate_articles

__all__ = ["bench", "main"]

MODES = ("batch", "records", "frames")


def _interleaved(batch: list[str], singles: dict[str, list[str]]) -> dict[str, float]:
    """CPU seconds of each mode, the per-article calls run between the batch's steps.

    :func:`geomap.places_from_texts` pulls its articles from a generator 64 at a
    time; before each pull the generator runs the next 64 articles of each
    per-article mode (timed on their own and taken out of the batch's time). So
    the modes share every slow spell of a shared machine, at a grain of a few
    hundred milliseconds.
    """
    import geomap

    calls = {"records": geomap.records_from_text, "frames": geomap.places_from_text}
    spent = dict.fromkeys(singles, 0.0)

    def feed():
        for k, text in enumerate(batch):
            if k % _STEP == 0:
                for m, texts in singles.items():
                    one = calls[m]
                    t0 = time.process_time()
                    for t in texts[k : k + _STEP]:
                        one(t)
                    spent[m] += time.process_time() - t0
            yield text

    t0 = time.process_time()
    geomap.places_from_texts(feed())
    total = time.process_time() - t0
    return {"batch": total - sum(spent.values()), **spent}


def _in_turn(batch: list[str], singles: dict[str, list[str]]) -> dict[str, float]:
    """CPU seconds of each mode, each mode's whole corpus at once (batch first)."""
    import geomap

    calls = {"records": geomap.records_from_text, "frames": geomap.places_from_text}
    t0 = time.process_time()
    geomap.places_from_texts(batch)
    spent = {"batch": time.process_time() - t0}
    for m, texts in singles.items():
        one = calls[m]
        t0 = time.process_time()
        for t in texts:
            one(t)
        spent[m] = time.process_time() - t0
    return spent


#: Articles per step of the interleaving (what places_from_texts parses at once).
_STEP = 64


def bench(n: int = 1000, *, rounds: int = 2, seed: int = 0, coarse: bool = False) -> dict[str, Any]:
    """CPU seconds and articles per CPU second of each mode, unseen and warm, best of ``rounds``.

    ``coarse`` runs each mode's whole corpus in turn instead of interleaving them
    by 64 articles (each mode then keeps the processor's caches to itself).
    """
    import geomap

    run = _in_turn if coarse else _interleaved
    warmup = generate_articles(25, seed=seed + 999)
    geomap.places_from_texts(warmup)
    for text in warmup:
        geomap.records_from_text(text)
        geomap.places_from_text(text)
    common = generate_articles(n, seed=seed)
    times: dict[str, dict[str, list[float]]] = {m: {"unseen": [], "warm": []} for m in MODES}
    run(common, {"records": common, "frames": common})  # every mode has seen it
    for r in range(rounds):
        fresh = [generate_articles(n, seed=seed + 1000 + 10 * r + k) for k in range(len(MODES))]
        fresh = fresh[r % len(MODES) :] + fresh[: r % len(MODES)]  # corpora rotate over modes
        got = run(fresh[0], {"records": fresh[1], "frames": fresh[2]})
        for m in MODES:
            times[m]["unseen"].append(got[m])
        got = run(common, {"records": common, "frames": common})
        for m in MODES:
            times[m]["warm"].append(got[m])
    out: dict[str, Any] = {"n": n, "rounds": rounds, "coarse": coarse, "modes": {}}
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
    how = "modes in turn" if res["coarse"] else "modes interleaved by 64 articles"
    lines = [f"{res['n']} articles, best of {res['rounds']} rounds, {how}, CPU time"]
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
    ap.add_argument(
        "--coarse", action="store_true", help="each mode's whole corpus in turn, not interleaved"
    )
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if args.n < 1 or args.rounds < 1:
        ap.error("--n and --rounds must be >= 1")
    res = bench(args.n, rounds=args.rounds, seed=args.seed, coarse=args.coarse)
    print(json.dumps(res, indent=1) if args.json else _report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
