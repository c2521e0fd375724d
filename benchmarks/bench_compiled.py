"""The geoparser compiled with mypyc, against itself interpreted and flashgeotext.

Usage::

    python benchmarks/bench_compiled.py [--out DIR] [--n 600] [--rounds 3]

Copies this checkout's ``geomap`` package into ``DIR`` (a temporary folder by
default), compiles the parser's per-word and per-mention modules there with
mypyc (:data:`MODULES`; needs mypyc, a C compiler and the Python headers) and
runs ``bench_geoparse.py`` on the interpreted package and on the compiled copy
(``PYTHONPATH=DIR``) in turn, ``--repeats`` times each; each system's best run
counts.  Each run times flashgeotext in the same rounds, so the ratios
geomap-batch/flashgeotext (unseen text) compare across runs; on a shared
machine, whose load comes in bursts, compare them over several repeats.  The
checkout itself is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["MODULES", "main"]

ROOT = Path(__file__).resolve().parent.parent
#: The modules compiled: words, mentions and their rules (the stages' Python loops).
MODULES = (
    "doc",
    "tokenise",
    "recognise",
    "filter",
    "cues",
    "metonyms",
    "resolve",
)


def _compile(out: Path) -> None:
    shutil.copytree(ROOT / "geomap", out / "geomap", ignore=shutil.ignore_patterns("__pycache__"))
    files = [f"geomap/geoparse/{m}.py" for m in MODULES]
    cmd = [sys.executable, "-m", "mypyc", "--ignore-missing-imports", *files]
    done = subprocess.run(cmd, cwd=out, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(
            f"mypyc failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )


def _bench(pythonpath: str | None, n: int, rounds: int) -> dict:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = [sys.executable, str(ROOT / "benchmarks" / "bench_geoparse.py"), "--json"]
    cmd += ["--n", str(n), "--rounds", str(rounds)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="folder for the compiled copy (default: a temporary one)")
    ap.add_argument("--n", type=int, default=600, help="articles per round (default 600)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    ap.add_argument("--repeats", type=int, default=2, help="runs of each, in turn (default 2)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        _compile(out)
        paths = {"interpreted": str(ROOT), "mypyc": str(out)}
        runs: dict[str, list[dict]] = {name: [] for name in paths}
        for _ in range(args.repeats):
            for name, path in paths.items():
                runs[name].append(_bench(path, args.n, args.rounds))
    print(f"{'geomap-batch':<14}{'unseen/s':>10}{'flashgeotext/s':>16}{'ratio':>8}  (per run)")
    for name, rs in runs.items():
        for r in rs:
            mine, flash = r["systems"]["geomap-batch"], r["systems"]["flashgeotext"]
            ratio = r["unseen_ratios"].get("geomap-batch/flashgeotext")
            print(
                f"{name:<14}{mine['unseen_articles_per_s']:>10.1f}"
                f"{flash['unseen_articles_per_s']:>16.1f}{ratio:>8.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
