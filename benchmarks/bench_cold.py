"""Cold start and per-article cost of the geoparser (issue #16).

Usage::

    python benchmarks/bench_cold.py [--runs 5] [--n 1000] [--rounds 3] [--json]

Reports, for this machine:

* **cold CLI**: wall seconds and peak RSS of ``geomap places SHORT --format json``
  (one short article, about 100 words, a fresh process each run; the records path)
  and of ``--format geojson`` (which builds a GeoDataFrame), best and median of
  ``--runs``.  Goals: at most 1.2 s and 200 MB for the JSON run.
* **imports**: wall seconds of ``import geomap`` and ``import geomap.geoparse`` in a
  fresh interpreter (best of ``--runs``).
* **gazetteer load**: seconds and peak RSS of the first ``get_gazetteer()`` in a
  fresh process.
* **per article vs batch**: articles per second of ``places_from_text`` and
  ``records_from_text`` called once per article, and of ``places_from_texts`` on
  the whole batch, on ``--n`` synthetic articles, in CPU seconds, best of
  ``--rounds`` after a warm-up; the ratio per-article/batch (goal: at least 0.6).

Figures are reported, never asserted: a shared machine's load moves them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus_gen import generate_articles

__all__ = ["bench", "main"]

ROOT = Path(__file__).resolve().parent.parent
#: a short wire report (written for this benchmark), about 100 words
SHORT = (
    "Russian forces shelled Vovchansk and several villages in Kharkiv Oblast overnight, "
    "the regional governor said on Tuesday. Drones also struck an energy facility near "
    "Sumy, and two people were wounded in Kupiansk. In the Kursk region, Russian officials "
    "reported that Ukrainian troops had attacked Sudzha, 10 km from the border. Meanwhile, "
    "fighting continued near Pokrovsk and Chasiv Yar in Donetsk Oblast, where Ukrainian "
    "units repelled several assaults. Kyiv said it would need more air defence systems "
    "before the winter, and Moscow denied targeting civilians.\n"
)
GOAL_S, GOAL_MB, GOAL_RATIO = 1.2, 200, 0.6


def _child(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one fresh Python process running ``args``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"{' '.join(args)} exited {proc.returncode}: {err[-500:]}")
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024


def _runs(args: list[str], runs: int) -> dict[str, float]:
    walls, rss = zip(*(_child(args) for _ in range(runs)), strict=True)
    return {"best_s": round(min(walls), 3), "median_s": round(statistics.median(walls), 3),
            "peak_mb": round(max(rss), 1)}  # fmt: skip


def _gazetteer_load() -> dict[str, float]:
    code = (
        "import time, resource; t0 = time.perf_counter()\n"
        "from geomap.gazetteer import get_gazetteer; get_gazetteer()\n"
        "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, check=True).stdout.split()  # fmt: skip
    return {"seconds": round(float(out[0]), 3), "peak_mb": round(int(out[1]) / 1024, 1)}


def _per_article(n: int, rounds: int) -> dict[str, Any]:
    from geomap.geoparse import places_from_text, places_from_texts, records_from_text

    texts = generate_articles(n, seed=0)
    places_from_texts(texts[:50])
    for t in texts[:50]:
        places_from_text(t)
        records_from_text(t)
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, run in (
            ("batch", lambda: places_from_texts(texts)),
            ("places_from_text", lambda: [places_from_text(t) for t in texts]),
            ("records_from_text", lambda: [records_from_text(t) for t in texts]),
        ):
            t0 = time.process_time()  # CPU seconds: a shared machine's load moves wall time
            run()
            best[name] = min(best.get(name, float("inf")), time.process_time() - t0)
    rates = {k: round(n / v, 1) for k, v in best.items()}
    ratios = {k: round(rates[k] / rates["batch"], 3) for k in rates if k != "batch"}
    return {"n_articles": n, "articles_per_s": rates, "ratio_to_batch": ratios}


def bench(*, runs: int = 5, n: int = 1000, rounds: int = 3) -> dict[str, Any]:
    """Every figure of the module docstring, as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "short.txt"
        article.write_text(SHORT, encoding="utf-8")
        cli = ["-m", "geomap", "places", str(article), "--format"]
        result: dict[str, Any] = {
            "short_words": len(SHORT.split()),
            "cli_json": _runs([*cli, "json"], runs),
            "cli_geojson": _runs([*cli, "geojson"], runs),
        }
    result["import_geomap"] = _runs(["-c", "import geomap"], runs)
    result["import_geoparse"] = _runs(["-c", "import geomap.geoparse"], runs)
    result["gazetteer_load"] = _gazetteer_load()
    result["per_article"] = _per_article(n, rounds)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    return result


def _report(r: dict[str, Any]) -> str:
    cj, cg = r["cli_json"], r["cli_geojson"]
    pa = r["per_article"]
    lines = [
        f"cold CLI, one short article ({r['short_words']} words), load average {r['load_average']}",
        f"  places --format json    best {cj['best_s']:.2f} s, median {cj['median_s']:.2f} s, "
        f"peak {cj['peak_mb']:.0f} MB  (goal <= {GOAL_S} s, <= {GOAL_MB} MB)",
        f"  places --format geojson best {cg['best_s']:.2f} s, median {cg['median_s']:.2f} s, "
        f"peak {cg['peak_mb']:.0f} MB",
        f"import geomap {r['import_geomap']['best_s']:.2f} s; "
        f"import geomap.geoparse {r['import_geoparse']['best_s']:.2f} s",
        f"gazetteer load {r['gazetteer_load']['seconds']:.2f} s, "
        f"peak {r['gazetteer_load']['peak_mb']:.0f} MB (fresh process, imports included)",
        f"per article vs batch on {pa['n_articles']} synthetic articles (articles per CPU s):",
    ]
    for name, rate in pa["articles_per_s"].items():
        ratio = pa["ratio_to_batch"].get(name)
        extra = f"  ratio to batch {ratio:.2f} (goal >= {GOAL_RATIO})" if ratio else ""
        lines.append(f"  {name:<18}{rate:>9.1f}{extra}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per cold figure")
    parser.add_argument("--n", type=int, default=1000, help="articles for the per-article ratio")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best counts")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if min(args.runs, args.n, args.rounds) < 1:
        parser.error("--runs, --n and --rounds must be >= 1")
    result = bench(runs=args.runs, n=args.n, rounds=args.rounds)
    print(json.dumps(result, indent=1) if args.json else _report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
