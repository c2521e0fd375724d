"""Compare the geoparser's output of two git revisions, field by field.

Usage::

    python benchmarks/compare_revisions.py [REV_A] [REV_B] [--n 1500] [--seed 0]
        [--ignore reason] [--out DIR] [--show 10]

Each revision is exported with ``git archive`` into a temporary folder and
its parser runs in a subprocess with ``PYTHONPATH`` set to that folder, so the
two never share a module.  ``REV_B`` may be ``WORKTREE`` (the default): the
files of this checkout as they are now, uncommitted changes included.
``REV_A`` defaults to ``main``.

Both parse the same articles: every ``tests/corpus/*.txt``, every
``tests/heldout/*/*.txt`` and ``--n`` articles from
:func:`_corpus_gen.generate_articles` (taken from this checkout, so both sides
get the same texts).  For each article the records of
:func:`geomap.geoparse.places_to_records` (the fields of ``geomap places
--format json``), ``attrs["distances"]`` and ``attrs["lang"]`` are written to
``OUT/<label>.json``; the corpus articles also go through
:func:`places_from_texts` in one batch.

The records are then compared field by field, mentions included.  The script
prints the number of articles and records compared, the differences by field
and the first ``--show`` of them, and exits 1 on any difference.  With
``--ignore reason`` a difference in ``reason`` alone does not fail the run: such
records are counted and reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["compare", "main"]

ROOT = Path(__file__).resolve().parent.parent
WORKTREE = "WORKTREE"

# Runs inside the revision's folder; only uses the public API every revision has.
_RUNNER = r"""
import json, sys
from geomap.geoparse import places_from_text, places_from_texts, places_to_records

inp, out = sys.argv[1], sys.argv[2]
with open(inp, encoding="utf-8") as fh:
    articles = json.load(fh)
res = {"single": {}, "batch": {}}
for key, text in articles["all"]:
    gdf = places_from_text(text)
    res["single"][key] = {
        "records": places_to_records(gdf),
        "distances": gdf.attrs.get("distances"),
        "lang": gdf.attrs.get("lang"),
    }
batch = articles["batch"]
g = places_from_texts([t for _, t in batch])
recs = places_to_records(g)
per = {k: [] for k, _ in batch}
for r in recs:
    per[batch[r["doc"]][0]].append(r)
res["batch"] = {k: {"records": v} for k, v in per.items()}
with open(out, "w", encoding="utf-8") as fh:
    json.dump(res, fh, ensure_ascii=False)
"""


def _articles(n: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    files = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
    files += sorted((ROOT / "tests" / "heldout").glob("*/*.txt"))
    real = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _corpus_gen import generate_articles

    gen = [(f"generated/{i:05d}", t) for i, t in enumerate(generate_articles(n, seed=seed))]
    return {"all": real + gen, "batch": real}


def _export(rev: str, dest: Path) -> Path:
    """The files of ``rev`` (or of this checkout for WORKTREE) under ``dest``."""
    if rev == WORKTREE:
        return ROOT
    dest.mkdir(parents=True)
    archive = dest.with_suffix(".tar")
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive), rev],
        check=True,
    )
    with tarfile.open(archive) as tf:
        tf.extractall(dest, filter="data")
    archive.unlink()
    return dest


def _start(src: Path, inp: Path, out: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    return subprocess.Popen(
        [sys.executable, "-c", _RUNNER, str(inp), str(out)], cwd=str(src), env=env
    )


def _diff_value(path: str, a: Any, b: Any, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            _diff_value(f"{path}.{k}", a.get(k, "<missing>"), b.get(k, "<missing>"), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _diff_value(f"{path}[{i}]", x, y, out)
    elif a != b or type(a) is not type(b):
        out.append((path, a, b))


def _field(path: str) -> str:
    """'records[3].mentions[0].start' -> 'mentions.start' (the field, no indices)."""
    parts = [p.split("[")[0] for p in path.split(".")[1:]]
    return ".".join(p for p in parts if p) or path


def compare(a: dict, b: dict, *, ignore: set[str]) -> dict[str, Any]:
    """Field-by-field differences of two runner outputs."""
    stats: dict[str, Any] = {
        "articles": 0,
        "records": 0,
        "differences": [],
        "ignored": [],
        "by_field": Counter(),
        "ignored_by_field": Counter(),
    }
    for mode in ("single", "batch"):
        for key in sorted(set(a[mode]) | set(b[mode])):
            ra, rb = a[mode].get(key), b[mode].get(key)
            stats["articles"] += 1
            if ra is None or rb is None:
                stats["differences"].append((mode, key, "article", ra is None, rb is None))
                stats["by_field"]["article missing"] += 1
                continue
            stats["records"] += max(len(ra["records"]), len(rb["records"]))
            found: list[tuple[str, Any, Any]] = []
            for name in sorted(set(ra) | set(rb)):
                va, vb = ra.get(name), rb.get(name)
                if name == "records" and len(va) != len(vb):
                    found.append(
                        ("records(count)", [r["name"] for r in va], [r["name"] for r in vb])
                    )
                    continue
                _diff_value(name, va, vb, found)
            for path, va, vb in found:
                field = _field(path) if path.startswith("records[") else path
                if field in ignore:
                    stats["ignored"].append((mode, key, path, va, vb))
                    stats["ignored_by_field"][field] += 1
                else:
                    stats["differences"].append((mode, key, path, va, vb))
                    stats["by_field"][field] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("rev_a", nargs="?", default="main")
    ap.add_argument("rev_b", nargs="?", default=WORKTREE)
    ap.add_argument("--n", type=int, default=1500, help="generated articles (default 1500)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--ignore", action="append", default=[], help="field whose differences are only reported"
    )
    ap.add_argument("--out", help="folder for the two JSON outputs (default: a temp folder)")
    ap.add_argument("--show", type=int, default=10, help="differences printed (default 10)")
    args = ap.parse_args(argv)

    arts = _articles(args.n, args.seed)
    with tempfile.TemporaryDirectory(prefix="geomap-compare-") as tmp:
        t = Path(tmp)
        out = Path(args.out) if args.out else t
        out.mkdir(parents=True, exist_ok=True)
        inp = t / "articles.json"
        inp.write_text(json.dumps(arts, ensure_ascii=False), encoding="utf-8")
        t0 = time.perf_counter()
        procs = []
        for label, rev in (("a", args.rev_a), ("b", args.rev_b)):
            src = _export(rev, t / f"rev_{label}")
            procs.append((rev, _start(src, inp, out / f"{label}.json")))
        for rev, p in procs:
            if p.wait() != 0:
                print(f"the parser of {rev} failed (exit {p.returncode})", file=sys.stderr)
                return 2
        res_a = json.loads((out / "a.json").read_text(encoding="utf-8"))
        res_b = json.loads((out / "b.json").read_text(encoding="utf-8"))
    stats = compare(res_a, res_b, ignore=set(args.ignore))
    n_real = len(arts["batch"])
    print(
        f"{args.rev_a} vs {args.rev_b}: {n_real} corpus/held-out + {args.n} generated articles, "
        f"{stats['articles']} article runs (single + batch), {stats['records']} records compared "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    print(f"differences: {len(stats['differences'])}")
    for field, c in stats["by_field"].most_common():
        print(f"  {field}: {c}")
    if args.ignore:
        print(f"differences in ignored fields ({', '.join(args.ignore)}): {len(stats['ignored'])}")
        for field, c in stats["ignored_by_field"].most_common():
            print(f"  {field}: {c}")
    for title, items in (
        ("first differences", stats["differences"]),
        ("first ignored", stats["ignored"]),
    ):
        if items and args.show:
            print(f"{title}:")
            for mode, key, path, va, vb in items[: args.show]:
                print(f"  [{mode}] {key} {path}:\n    a: {va!r}\n    b: {vb!r}")
    return 1 if stats["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
