"""Run every benchmark in this folder, one after the other, and print their reports.

``make bench`` calls this. Each benchmark measures geomap side by side with
its named baseline in the same run and prints figures and ratios; nothing is
asserted here (speed goals are reported, never turned into test failures).

Usage: ``python benchmarks/run_all.py [--quick] [NAME ...]`` where NAME is a
benchmark file stem such as ``bench_zones``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: benchmark -> extra arguments for a quick run (CI-sized)
QUICK_ARGS = {
    "bench_geoparse": ["--n", "300"],
    "bench_corpus": ["--n", "2000"],
    "bench_cold": ["--runs", "2", "--n", "200", "--rounds", "1"],
    "bench_perarticle": ["--n", "200", "--rounds", "1"],
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="benchmarks to run (default: all bench_*.py)")
    ap.add_argument("--quick", action="store_true", help="smaller inputs where a benchmark supports it")
    args = ap.parse_args(argv)
    files = sorted(HERE.glob("bench_*.py"))
    if args.names:
        files = [f for f in files if f.stem in args.names]
    failed = []
    for f in files:
        cmd = [sys.executable, str(f), *(QUICK_ARGS.get(f.stem, []) if args.quick else [])]
        print(f"\n=== {f.stem} ===", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call(cmd, cwd=HERE.parent)
        print(f"--- {f.stem}: exit {rc}, {time.perf_counter() - t0:.1f} s", flush=True)
        if rc:
            failed.append(f.stem)
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
